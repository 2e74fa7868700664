//! The `check-obligation FILE.json` command: checks every pupil of a file and
//! prints one line each. The server binary reads the file and maps the
//! result to stdout/exit 0 or stderr/exit 2; this module does no I/O.

use std::fmt::Write as _;

use super::engine::check;
use super::runner_input::parse;

pub use super::runner_error::{FieldProblem, PupilRef, RunnerError};

/// Checks every pupil of `input` and returns the whole stdout text.
///
/// Input: a JSON array of pupils, each
/// `{"id": string, "birth_date": "YYYY-MM-DD", "check_date": "YYYY-MM-DD",
/// "doses": [{"vaccine": KEY, "dose": n, "date": "YYYY-MM-DD"}],
/// "exemptions": [{"vaccine": KEY, "kind": "immunity"|"omitted"|"postponed",
/// "until": "YYYY-MM-DD"|null}], "pending_appointment": bool,
/// "in_registry": bool}`; fields not listed here are ignored.
///
/// Output: one line per pupil, in input order, each ending in `\n`:
/// `ID<TAB>OUTCOME<TAB>MISSING`, MISSING being `vaccine:dose` pairs joined by
/// commas in §1 order then by dose, empty when none (the second tab is always
/// there). An empty array gives an empty string.
///
/// Absent fields, as an integrator exporting from a registry would expect:
/// - `doses`, `exemptions`: absent or `null` = none (a pupil with no doses).
/// - `pending_appointment`: absent or `null` = `false` (no appointment known).
/// - `in_registry`: required. Guessing either way would silently change the
///   outcome (`non_presente` vs a check of an empty history).
/// - `dose` (the registry's dose number): optional; never used by the check
///   (doses are counted), but if present it must be an integer 1–255.
/// - `until`: absent or `null` = open-ended; ignored for `immunity`.
/// - `id`, `birth_date`, `check_date`, each dose's `vaccine` and `date`, each
///   exemption's `vaccine` and `kind`: required; `null` counts as absent.
///
/// Errors (the file is rejected whole, nothing is returned for stdout): not
/// JSON; not an array; an element that is not an object; a missing or
/// mistyped field; an empty id or one with tabs or line breaks (they would
/// break the output); an unknown vaccine key or exemption kind (exact,
/// lower-case keys); a date not written `YYYY-MM-DD` or not in the calendar;
/// a birth date after the check date. The message names the pupil (its id
/// once read, and its position from 1) and the field as a JSON path with
/// indices from 0, e.g. `alunno "A7" (posizione 3): campo "doses[2].date":
/// data impossibile "2023-02-30": ...`. Only the first problem is reported.
pub fn run(input: &[u8]) -> Result<String, RunnerError> {
    let pupils = parse(input)?;
    let mut out = String::with_capacity(pupils.len() * 32);
    for pupil in &pupils {
        let verdict = check(&pupil.record, pupil.check_date);
        out.push_str(&pupil.id);
        out.push('\t');
        out.push_str(verdict.outcome.key());
        out.push('\t');
        for (i, (vaccine, dose)) in verdict.missing.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Writing to a String cannot fail.
            let _ = write!(out, "{}:{dose}", vaccine.key());
        }
        out.push('\n');
    }
    Ok(out)
}
