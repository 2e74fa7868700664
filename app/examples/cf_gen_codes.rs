//! Writes sample codici fiscali, one a line, to stdout (or a file):
//! `cargo run --release -p app --example cf_gen_codes -- [N] [FILE] [SEED]`.
//! Mostly valid, some omocodes, ~15% invalid (see `samples::sample_codes`).

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let file = args.next().filter(|f| f != "-");
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let codes = app::codice_fiscale::samples::sample_codes(count, seed);
    let mut out: Box<dyn Write> = match file {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    for code in codes {
        writeln!(out, "{code}")?;
    }
    out.flush()
}
