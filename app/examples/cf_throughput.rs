//! Times our validator over a file of codes, one a line, on one core:
//! `cargo run --release -p app --example cf_throughput -- FILE [VERDICTS]`.
//! Prints `codes/s`; with VERDICTS, writes one `check_line` answer per
//! input line there (for comparing with another validator).

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use app::codice_fiscale::{cli::check_line, parse};
use chrono::Utc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: cf_throughput FILE [VERDICTS]")?;
    let text = std::fs::read_to_string(&path)?;
    let codes: Vec<&str> = text.lines().collect();
    // Today's date in Rome, as the server would pass it.
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Rome)
        .date_naive();

    // Loop over the list until at least a second has passed (min 5 rounds).
    let start = Instant::now();
    let mut rounds = 0u64;
    let mut valid = 0usize;
    while rounds < 5 || start.elapsed() < Duration::from_secs(1) {
        valid = 0;
        for code in &codes {
            valid += usize::from(black_box(parse(black_box(code), today)).is_ok());
        }
        rounds += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let total = codes.len() as f64 * rounds as f64;
    println!(
        "rust: {} codes x {rounds} rounds in {elapsed:.3} s: {:.0} codes/s ({valid} valid)",
        codes.len(),
        total / elapsed
    );

    if let Some(out) = args.next() {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for code in &codes {
            writeln!(w, "{}", check_line(code, today))?;
        }
        w.flush()?;
    }
    Ok(())
}
