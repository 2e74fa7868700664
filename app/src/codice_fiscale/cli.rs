//! The `check-cf` runner's line format (the server binary feeds it stdin).

use chrono::NaiveDate;

use super::fiscal_id::{Accept, FiscalId, parse_fiscal_id};

/// Checks one input line and answers with exactly one tab-separated line,
/// without a trailing newline:
///
/// - `OK\tCODE\tYYYY-MM-DD\tM|F\tBELFIORE` for a personal code (CODE
///   normalised as entered, BELFIORE with omocodia resolved);
/// - `OK\tCODE\tTEMP` for an 11-digit temporary code;
/// - `ERR\tINPUT\tmessage` otherwise, INPUT being the line minus a trailing
///   `\r` (and `\n`), with tabs, and anything a line reader might take for
///   a line break, turned into spaces so the columns hold. STP/ENI codes are
///   errors here. The message gets the same treatment (it may quote the
///   offending character).
pub fn check_line(line: &str, today: NaiveDate) -> String {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let accept = Accept {
        temporary: true,
        stp_eni: false,
    };
    match parse_fiscal_id(line, today, accept) {
        Ok(FiscalId::Personal(cf)) => format!(
            "OK\t{}\t{}\t{}\t{}",
            cf,
            cf.birth_date().format("%Y-%m-%d"),
            cf.sex().as_str(),
            cf.belfiore()
        ),
        Ok(FiscalId::Temporary(t)) => format!("OK\t{t}\tTEMP"),
        // Unreachable with stp_eni off, but answer like the refusal would.
        Ok(FiscalId::Stp(_) | FiscalId::Eni(_)) => {
            err_line(line, &super::error::CfError::StpEniNotAccepted.to_string())
        }
        Err(e) => err_line(line, &e.to_string()),
    }
}

fn err_line(input: &str, message: &str) -> String {
    let clean: String = input
        .chars()
        .map(|c| if breaks_columns(c) { ' ' } else { c })
        .collect();
    let message: String = message
        .chars()
        .map(|c| if breaks_columns(c) { ' ' } else { c })
        .collect();
    format!("ERR\t{clean}\t{message}")
}

/// Tab, and every character Rust's or Python's line splitting breaks on.
fn breaks_columns(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}
