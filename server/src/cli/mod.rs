//! Subcommands of the server binary. Without arguments (or `serve`) it runs
//! the portal; the others are batch tools for secretaries, operators and
//! tests. Exit codes: 0 done, 1 done with rejected rows, 2 bad input or usage.

mod check_cf;
mod check_lovs;
mod import_schools;
mod lovs_outcome;
mod recompute_alerts;
mod sentinel_window;

use std::io::Write;
use std::process::ExitCode;

use crate::config::Config;

const USAGE: &str = "\
Uso: server [COMANDO]

Comandi:
  serve                         avvia il portale (predefinito)
  check-cf                      verifica codici fiscali, uno per riga da stdin
  check-obligation FILE.json    esito dell'obbligo vaccinale per ogni alunno
  check-lovs FILE [--date AAAA-MM-GG] [--istituto CODICE]
                                controllo preliminare del file LOVS della scuola
  lovs-outcome --registry REGISTRO.csv --date AAAA-MM-GG SCUOLA.csv [--istituto CODICE]
                                file degli esiti della scuola
  alerts FILE.csv               allerte sulle assenze (EARS C1, C2, C3, HLIMITS)
  sentinel-window AAAA-MM-GG [--calendar FILE]
                                finestra di inserimento delle scuole sentinella
  recompute-alerts [--ats CODICE]
                                ricalcola le allerte sulle assenze di un'ATS
  import-schools FILE.csv [--ats CODICE]
                                importa l'anagrafe scuole del Ministero
  help                          questo messaggio
";

pub async fn dispatch(args: &[String]) -> ExitCode {
    let command = args.first().map(String::as_str).unwrap_or("serve");
    let rest = args.get(1..).unwrap_or_default();
    match command {
        "serve" => serve().await,
        "check-cf" => with_config(|config| check_cf::run(config.clock.today())),
        "check-lovs" => check_lovs::run(rest).await,
        "lovs-outcome" => lovs_outcome::run(rest).await,
        "check-obligation" => file_runner(rest, app::vaccinations::compliance::runner::run),
        "alerts" => file_runner(rest, app::absences::alerts::runner::run),
        "sentinel-window" => sentinel_window::run(rest),
        "recompute-alerts" => match Config::from_env() {
            Ok(config) => recompute_alerts::run(&config, rest).await,
            Err(e) => usage_error(&e.to_string()),
        },
        "import-schools" => match Config::from_env() {
            Ok(config) => import_schools::run(&config, rest).await,
            Err(e) => usage_error(&e.to_string()),
        },
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => usage_error(&format!("comando sconosciuto: {other}")),
    }
}

async fn serve() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return usage_error(&e.to_string()),
    };
    match crate::web::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Avvio non riuscito: {e}");
            ExitCode::FAILURE
        }
    }
}

fn with_config(f: impl FnOnce(&Config) -> ExitCode) -> ExitCode {
    match Config::from_env() {
        Ok(config) => f(&config),
        Err(e) => usage_error(&e.to_string()),
    }
}

pub(crate) fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// Runs a pure `FILE -> stdout` runner: on error, the message on stderr,
/// nothing on stdout, exit 2.
fn file_runner<E: std::fmt::Display>(
    args: &[String],
    run: impl FnOnce(&[u8]) -> Result<String, E>,
) -> ExitCode {
    let [path] = args else {
        return usage_error("indicare esattamente un file");
    };
    let input = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: impossibile leggere il file: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&input) {
        Ok(output) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(output.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
