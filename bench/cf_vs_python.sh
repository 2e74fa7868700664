#!/usr/bin/env bash
# Codice fiscale validation speed: ours against python-codicefiscale 0.12.1
# (`codicefiscale.codicefiscale.is_valid`), both on one core, same codes.
# Also counts the codes on which the two disagree and shows some.
#
# Usage: bench/cf_vs_python.sh [N]    (N codes, default 20000)
# Needs cargo, python3 (with venv) and PyPI on first run; the venv lives in
# $CARGO_TARGET_DIR (or target/) and is reused.
set -euo pipefail

N="${1:-20000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/cf-vs-python"
VENV="$WORK/venv"
CODES="$WORK/codes.txt"
OURS="$WORK/verdicts-rust.tsv"
THEIRS="$WORK/verdicts-python.txt"
mkdir -p "$WORK"
cd "$ROOT"

# One core for both sides when taskset exists.
PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c 0); fi

echo "== generating $N codes"
cargo run --quiet --release -p app --example cf_gen_codes -- "$N" "$CODES"

echo "== python venv ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("python-codicefiscale") != "0.12.1")' 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "python-codicefiscale==0.12.1"
fi

echo "== python-codicefiscale is_valid"
PY_OUT="$("${PIN[@]}" "$VENV/bin/python" - "$CODES" "$THEIRS" <<'PY'
import sys, time
from codicefiscale import codicefiscale as cf
codes = open(sys.argv[1], encoding="utf-8").read().split("\n")
if codes and codes[-1] == "":
    codes.pop()
cf.is_valid(codes[0])  # load the data files before timing
start = time.perf_counter()
verdicts = [cf.is_valid(c) for c in codes]
elapsed = time.perf_counter() - start
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.writelines("1\n" if v else "0\n" for v in verdicts)
print(f"{len(codes) / elapsed:.0f} {len(codes)} {elapsed:.3f} {sum(verdicts)}")
PY
)"
read -r PY_RATE PY_COUNT PY_SECS PY_VALID <<<"$PY_OUT"
echo "python: $PY_COUNT codes in $PY_SECS s: $PY_RATE codes/s ($PY_VALID valid)"

echo "== ours (cf_throughput)"
cargo build --quiet --release -p app --example cf_throughput
RS_LINE="$("${PIN[@]}" "$TARGET/release/examples/cf_throughput" "$CODES" "$OURS")"
echo "$RS_LINE"
RS_RATE="$(sed -E 's/.*: ([0-9]+) codes\/s.*/\1/' <<<"$RS_LINE")"

echo "== result"
echo "python-codicefiscale: $PY_RATE codes/s"
echo "ours:                 $RS_RATE codes/s"
awk -v r="$RS_RATE" -v p="$PY_RATE" 'BEGIN { printf "ratio:                %.0fx\n", r / p }'

echo "== agreement"
"$VENV/bin/python" - "$CODES" "$THEIRS" "$OURS" <<'PY'
import sys
codes = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
theirs = open(sys.argv[2]).read().split("\n")[:-1]
ours = open(sys.argv[3], encoding="utf-8").read().split("\n")[:-1]
assert len(codes) == len(theirs) == len(ours), (len(codes), len(theirs), len(ours))
diff = [(c, t, o) for c, t, o in zip(codes, theirs, ours) if (t == "1") != o.startswith("OK\t")]
print(f"disagreements: {len(diff)} of {len(codes)}")
for code, t, o in diff[:10]:
    print(f"  {code!r}: python {'valid' if t == '1' else 'invalid'}; ours: {o}")
PY

echo "== agreement on hand-picked edge cases"
EDGE="$WORK/edge.txt"
# Punctuation (python slugifies it away; we only drop spaces, by design),
# spaces and case, omocodia, 29/02/2000, suppressed comuni (A001 Abano,
# H521 Ronago), a 2026 comune for a 1985 birth (M439), unknown Z999.
printf '%s\n' 'RSS-MRA-85T10-A562S' 'RSSMRA85T10A562S.' 'rss mra 85t10 a562s' \
    'RSSMRA85T10A56NH' 'VRDGPP00B29H501Y' 'RSSMRA85T10A001V' 'RSSMRA85T10H521Q' \
    'RSSMRA85T10M439N' 'RSSMRA85T10Z999S' >"$EDGE"
"$VENV/bin/python" -c '
import sys
from codicefiscale import codicefiscale as cf
for c in open(sys.argv[1]).read().split("\n")[:-1]:
    print("1" if cf.is_valid(c) else "0")' "$EDGE" >"$WORK/edge-python.txt"
"$TARGET/release/examples/cf_throughput" "$EDGE" "$WORK/edge-rust.tsv" >/dev/null
paste "$EDGE" "$WORK/edge-python.txt" "$WORK/edge-rust.tsv" | awk -F'\t' '{
    theirs = ($2 == "1") ? "valid" : "invalid"; ours = ($3 == "OK") ? "valid" : "invalid"
    printf "  %-22s python %-7s ours %-7s %s\n", $1, theirs, ours, (ours == theirs ? "" : "<- differs: " $5)
}'
