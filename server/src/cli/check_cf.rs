//! `check-cf`: one code per stdin line, one tab-separated verdict per line.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use app::codice_fiscale::cli::check_line;
use chrono::NaiveDate;

pub fn run(today: NaiveDate) -> ExitCode {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let Ok(bytes) = line else {
            eprintln!("errore di lettura da stdin");
            return ExitCode::from(2);
        };
        // A line that is not UTF-8 is still one input, reported as an error.
        let text = String::from_utf8_lossy(&bytes);
        if writeln!(out, "{}", check_line(&text, today)).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
