//! Configuration from the environment, with embedded defaults that need no
//! setup: a SQLite file under `./portale-data`, the demo ATS, the Rome clock.

use std::path::PathBuf;
use std::sync::Arc;

use app::mail::{MailSettings, SmtpTls};
use app::state::{Now, Security, SystemNow};
use app::validation::dates::{Clock, FixedClock, RomeClock};
use chrono::NaiveDate;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PORTALE_TODAY deve essere una data AAAA-MM-GG, trovato {0:?}")]
    Today(String),
    #[error("PORTALE_SMTP_TLS deve essere none, starttls o tls, trovato {0:?}")]
    SmtpTls(String),
    #[error("PORTALE_SMTP_PORT deve essere un numero di porta, trovato {0:?}")]
    SmtpPort(String),
    #[error("con PORTALE_SMTP_HOST serve anche PORTALE_SMTP_FROM (il mittente)")]
    SmtpFrom,
    #[error("PORTALE_SMTP_USER e PORTALE_SMTP_PASSWORD vanno impostati insieme")]
    SmtpCredentials,
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
    /// The SMTP server (`PORTALE_SMTP_*`); None: no e-mail is sent.
    pub mail: Option<MailSettings>,
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
            mail: mail_from(|name| std::env::var(name).ok())?,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// How long the portal waits for the SMTP server.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The SMTP settings from `var` (the environment): none without
/// `PORTALE_SMTP_HOST`. `PORTALE_SMTP_TLS` defaults to `starttls`, the
/// port to the mode's usual one (25, 587, 465).
pub fn mail_from(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<MailSettings>, ConfigError> {
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let Some(host) = get("PORTALE_SMTP_HOST") else {
        return Ok(None);
    };
    let tls = match get("PORTALE_SMTP_TLS") {
        Some(key) => SmtpTls::from_key(&key).ok_or(ConfigError::SmtpTls(key))?,
        None => SmtpTls::StartTls,
    };
    let port = match get("PORTALE_SMTP_PORT") {
        Some(p) => p.parse::<u16>().map_err(|_| ConfigError::SmtpPort(p))?,
        None => tls.default_port(),
    };
    let from = get("PORTALE_SMTP_FROM").ok_or(ConfigError::SmtpFrom)?;
    // The password as given (spaces may belong to it).
    let password = var("PORTALE_SMTP_PASSWORD").filter(|p| !p.is_empty());
    let user = get("PORTALE_SMTP_USER");
    if user.is_some() != password.is_some() {
        return Err(ConfigError::SmtpCredentials);
    }
    Ok(Some(MailSettings {
        host,
        port,
        tls,
        from,
        user,
        password,
        public_url: get("PORTALE_PUBLIC_URL"),
        timeout: SMTP_TIMEOUT,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn no_host_no_mail() {
        assert!(mail_from(env(&[])).unwrap().is_none());
        assert!(
            mail_from(env(&[("PORTALE_SMTP_HOST", " ")]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn defaults_and_checks() {
        let m = mail_from(env(&[
            ("PORTALE_SMTP_HOST", "smtp.ats.it"),
            ("PORTALE_SMTP_FROM", "Portale <noreply@ats.it>"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((m.port, m.tls), (587, SmtpTls::StartTls));
        let m = mail_from(env(&[
            ("PORTALE_SMTP_HOST", "127.0.0.1"),
            ("PORTALE_SMTP_PORT", "2525"),
            ("PORTALE_SMTP_TLS", "none"),
            ("PORTALE_SMTP_FROM", "noreply@ats.it"),
            ("PORTALE_SMTP_USER", "u"),
            ("PORTALE_SMTP_PASSWORD", "p w"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((m.port, m.tls), (2525, SmtpTls::None));
        assert_eq!(m.password.as_deref(), Some("p w"));
        let host = ("PORTALE_SMTP_HOST", "h");
        let from = ("PORTALE_SMTP_FROM", "a@b.it");
        assert!(matches!(
            mail_from(env(&[host])),
            Err(ConfigError::SmtpFrom)
        ));
        assert!(matches!(
            mail_from(env(&[host, from, ("PORTALE_SMTP_TLS", "ssl")])),
            Err(ConfigError::SmtpTls(_))
        ));
        assert!(matches!(
            mail_from(env(&[host, from, ("PORTALE_SMTP_PORT", "99999")])),
            Err(ConfigError::SmtpPort(_))
        ));
        assert!(matches!(
            mail_from(env(&[host, from, ("PORTALE_SMTP_USER", "u")])),
            Err(ConfigError::SmtpCredentials)
        ));
    }
}
