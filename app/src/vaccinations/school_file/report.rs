//! The `check-lovs` output: one line per problem, `ROW<TAB>COLUMN<TAB>message`
//! (warnings' messages start with `avviso:`), then the summary line.

use super::CheckedFile;

/// Exit status of a file whose every row is valid.
pub const EXIT_VALID: u8 = 0;
/// Exit status of a file with at least one row in error.
pub const EXIT_ROW_ERRORS: u8 = 1;

/// The whole report and its exit status.
pub fn lines(file: &CheckedFile) -> (String, u8) {
    let mut out = String::new();
    for p in &file.problems {
        out.push_str(&format!("{}\t{}\t{}\n", p.row, p.column, p.message));
    }
    let valid = file.rows - file.with_errors;
    out.push_str(&format!(
        "{} rows, {} valid, {} with errors\n",
        file.rows, valid, file.with_errors
    ));
    let status = if file.with_errors == 0 {
        EXIT_VALID
    } else {
        EXIT_ROW_ERRORS
    };
    (out, status)
}
