//! Configuration from the environment, with embedded defaults that need no
//! setup: a SQLite file under `./portale-data`, the demo ATS, the Rome clock.

use std::path::PathBuf;
use std::sync::Arc;

use app::state::{Now, Security, SystemNow};
use app::validation::dates::{Clock, FixedClock, RomeClock};
use chrono::NaiveDate;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PORTALE_TODAY deve essere una data AAAA-MM-GG, trovato {0:?}")]
    Today(String),
}

#[derive(Clone)]
pub struct Config {
    /// `sqlite://…?mode=rwc` (default) or `postgres://…`.
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Code of the ATS this deployment serves.
    pub ats_code: String,
    pub clock: Arc<dyn Clock + Send + Sync>,
    /// The instant (sessions, lock-outs); the system clock but in tests.
    pub now: Arc<dyn Now + Send + Sync>,
    /// Seed the demo ATS, istituti and plessi into an empty database.
    pub demo: bool,
    /// `PORTALE_DEMO_PASSWORD`: one fixed password for every demo account
    /// (tests); without it each gets a random one, printed once.
    pub demo_password: Option<String>,
    pub security: Security,
}

pub const DEMO_ATS_CODE: &str = "ATS-MI";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(
            std::env::var("PORTALE_DATA_DIR").unwrap_or_else(|_| "portale-data".to_owned()),
        );
        let database_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}/portale.db?mode=rwc", data_dir.display()));
        let clock: Arc<dyn Clock + Send + Sync> = match std::env::var("PORTALE_TODAY") {
            Ok(s) if !s.trim().is_empty() => {
                let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| ConfigError::Today(s.clone()))?;
                Arc::new(FixedClock(day))
            }
            _ => Arc::new(RomeClock),
        };
        let demo = std::env::var("PORTALE_DEMO")
            .map(|v| v != "0")
            .unwrap_or(true);
        let flag = |name: &str| std::env::var(name).is_ok_and(|v| v == "1" || v == "true");
        Ok(Config {
            database_url,
            data_dir,
            ats_code: std::env::var("PORTALE_ATS").unwrap_or_else(|_| DEMO_ATS_CODE.to_owned()),
            clock,
            now: Arc::new(SystemNow),
            demo,
            demo_password: std::env::var("PORTALE_DEMO_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
            security: Security {
                force_https: flag("PORTALE_SECURE_COOKIES"),
                trust_proxy: flag("PORTALE_TRUST_PROXY"),
            },
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}
