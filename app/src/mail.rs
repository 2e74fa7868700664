//! Outgoing e-mail (server only): the SMTP settings the server reads from
//! its environment (`PORTALE_SMTP_*`) and one plain-text message sent
//! through lettre's tokio transport. The password never reaches a log:
//! the settings' `Debug` hides it, and no address is logged either.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same host or network, tests).
    None,
    /// STARTTLS upgrade, required (port 587).
    StartTls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

impl SmtpTls {
    /// `none`, `starttls`, `tls` (`PORTALE_SMTP_TLS`).
    pub fn from_key(key: &str) -> Option<Self> {
        match key.trim().to_ascii_lowercase().as_str() {
            "none" => Some(SmtpTls::None),
            "starttls" => Some(SmtpTls::StartTls),
            "tls" => Some(SmtpTls::Tls),
            _ => None,
        }
    }

    /// The usual port of each mode.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// The SMTP server and the sender of the portal's messages.
#[derive(Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// The sender: `Portale Scuole <noreply@ats.example.it>`.
    pub from: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The portal's public address, for links in messages.
    pub public_url: Option<String>,
    /// Longest wait for the server.
    pub timeout: Duration,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user.as_ref().map(|_| "***"))
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// Why a message was not sent (details are logged without addresses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("indirizzo e-mail non valido")]
    Address,
    #[error("messaggio non componibile")]
    Build,
    #[error("impostazioni SMTP non valide")]
    Settings,
    #[error("il server di posta non ha accettato il messaggio")]
    Send,
}

/// A configured mailer, shared by the state and the job worker.
pub type Mailer = Arc<MailSettings>;

impl MailSettings {
    /// Sends one plain-text message to `to` (every address gets it).
    pub async fn send(&self, to: &[String], subject: &str, body: String) -> Result<(), MailError> {
        let from: Mailbox = self.from.parse().map_err(|_| {
            tracing::error!("PORTALE_SMTP_FROM is not a valid address");
            MailError::Address
        })?;
        let mut builder = Message::builder().from(from).subject(subject);
        for address in to {
            let mailbox: Mailbox = address.parse().map_err(|_| MailError::Address)?;
            builder = builder.to(mailbox);
        }
        let message = builder
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|_| MailError::Build)?;
        let transport = self.transport()?;
        transport.send(message).await.map(|_| ()).map_err(|err| {
            // The kind and the reply code only: the server's reply text may
            // name a recipient.
            tracing::warn!(
                host = self.host,
                code = err.status().map(|c| c.to_string()),
                permanent = err.is_permanent(),
                transient = err.is_transient(),
                timeout = err.is_timeout(),
                "SMTP send failed"
            );
            MailError::Send
        })
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
        let builder = match self.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(self.host.as_str())
            }
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)
                .map_err(|_| MailError::Settings)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host)
                .map_err(|_| MailError::Settings)?,
        };
        let mut builder = builder.port(self.port).timeout(Some(self.timeout));
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_modes_and_ports() {
        assert_eq!(SmtpTls::from_key(" STARTTLS "), Some(SmtpTls::StartTls));
        assert_eq!(SmtpTls::from_key("none"), Some(SmtpTls::None));
        assert_eq!(
            SmtpTls::from_key("tls").map(SmtpTls::default_port),
            Some(465)
        );
        assert_eq!(SmtpTls::from_key("ssl"), None);
    }

    #[test]
    fn debug_hides_the_credentials() {
        let settings = MailSettings {
            host: "smtp.example.it".into(),
            port: 587,
            tls: SmtpTls::StartTls,
            from: "Portale <noreply@example.it>".into(),
            user: Some("utente".into()),
            password: Some("segreto".into()),
            public_url: None,
            timeout: Duration::from_secs(10),
        };
        let shown = format!("{settings:?}");
        assert!(
            !shown.contains("segreto") && !shown.contains("utente"),
            "{shown}"
        );
        assert!(shown.contains("smtp.example.it"));
    }
}
