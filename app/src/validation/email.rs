//! A pragmatic e-mail address check for forms: catches the typos people
//! make (no @, two @, spaces, a comma for a dot, a missing domain ending)
//! without trying to accept every address RFC 5322 allows. The domain is
//! lower-cased (it is case-insensitive); the local part is kept as typed.
//! Non-ASCII addresses are refused: school and ATS mail systems cannot be
//! relied on to deliver them.

use thiserror::Error;

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("Inserire l'indirizzo e-mail.")]
    Empty,
    #[error("L'indirizzo e-mail non può contenere spazi.")]
    Spaces,
    #[error("L'indirizzo e-mail è troppo lungo (al massimo 254 caratteri).")]
    TooLong,
    #[error("Manca la chiocciola (@) nell'indirizzo e-mail, ad esempio nome.cognome@scuola.it.")]
    MissingAt,
    #[error("L'indirizzo e-mail deve contenere una sola chiocciola (@).")]
    MultipleAt,
    #[error("Manca la parte prima della chiocciola (@), ad esempio nome.cognome@scuola.it.")]
    EmptyLocal,
    #[error("La parte prima della chiocciola (@) è troppo lunga (al massimo 64 caratteri).")]
    LocalTooLong,
    #[error("La parte prima della chiocciola (@) contiene il carattere \"{0}\", non ammesso.")]
    LocalCharacter(char),
    #[error(
        "La parte prima della chiocciola (@) non può iniziare o finire con un punto, né contenere due punti di seguito."
    )]
    LocalDots,
    #[error("Manca il dominio dopo la chiocciola (@), ad esempio scuola.it.")]
    EmptyDomain,
    #[error("Il dominio \"{0}\" non è completo: manca la parte finale, ad esempio \".it\".")]
    DomainNoDot(String),
    #[error("Il dominio contiene il carattere \"{0}\", non ammesso.")]
    DomainCharacter(char),
    #[error(
        "Il dominio \"{0}\" non è valido: ogni parte tra i punti deve avere da 1 a 63 lettere o cifre e non può iniziare o finire con un trattino."
    )]
    DomainLabel(String),
    #[error(
        "Il dominio \"{0}\" non termina con un'estensione valida (ad esempio \".it\" o \".com\")."
    )]
    TopLevel(String),
}

/// Checks an e-mail address and returns it with the domain lower-cased.
pub fn normalize_email(input: &str) -> Result<String, EmailError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(EmailError::Empty);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(EmailError::Spaces);
    }
    if text.len() > 254 {
        return Err(EmailError::TooLong);
    }
    let mut parts = text.split('@');
    let (Some(local), Some(domain)) = (parts.next(), parts.next()) else {
        return Err(EmailError::MissingAt);
    };
    if parts.next().is_some() {
        return Err(EmailError::MultipleAt);
    }
    check_local(local)?;
    let domain = domain.to_ascii_lowercase();
    check_domain(&domain)?;
    Ok(format!("{local}@{domain}"))
}

fn check_local(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::EmptyLocal);
    }
    if local.len() > 64 {
        return Err(EmailError::LocalTooLong);
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(*c)))
    {
        return Err(EmailError::LocalCharacter(c));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailError::LocalDots);
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    if domain.is_empty() {
        return Err(EmailError::EmptyDomain);
    }
    if let Some(c) = domain
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(EmailError::DomainCharacter(c));
    }
    if !domain.contains('.') {
        return Err(EmailError::DomainNoDot(domain.to_string()));
    }
    let label_ok =
        |l: &str| (1..=63).contains(&l.len()) && !l.starts_with('-') && !l.ends_with('-');
    if !domain.split('.').all(label_ok) {
        return Err(EmailError::DomainLabel(domain.to_string()));
    }
    let tld = domain.rsplit('.').next().unwrap_or_default();
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(EmailError::TopLevel(domain.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(
            normalize_email(" Mario.Rossi@Scuola.EDU.it "),
            Ok("Mario.Rossi@scuola.edu.it".to_string())
        );
        assert_eq!(
            normalize_email("miic8ab00x@istruzione.it"),
            Ok("miic8ab00x@istruzione.it".to_string())
        );
        assert_eq!(
            normalize_email("o'neil+ats_lodi@ats-milano.it"),
            Ok("o'neil+ats_lodi@ats-milano.it".to_string())
        );
        assert!(normalize_email("a@b.co").is_ok());
    }

    #[test]
    fn refuses_common_typos() {
        assert_eq!(normalize_email(""), Err(EmailError::Empty));
        assert_eq!(
            normalize_email("mario rossi@scuola.it"),
            Err(EmailError::Spaces)
        );
        assert_eq!(
            normalize_email("mario.rossi.scuola.it"),
            Err(EmailError::MissingAt)
        );
        assert_eq!(
            normalize_email("mario@@scuola.it"),
            Err(EmailError::MultipleAt)
        );
        assert_eq!(
            normalize_email("a@b@scuola.it"),
            Err(EmailError::MultipleAt)
        );
        assert_eq!(normalize_email("@scuola.it"), Err(EmailError::EmptyLocal));
        assert_eq!(normalize_email("mario@"), Err(EmailError::EmptyDomain));
        assert_eq!(
            normalize_email("mario@scuola,it"),
            Err(EmailError::DomainCharacter(','))
        );
        assert_eq!(
            normalize_email("mario@scuola"),
            Err(EmailError::DomainNoDot("scuola".to_string()))
        );
        assert_eq!(
            normalize_email("mario@scuola."),
            Err(EmailError::DomainLabel("scuola.".to_string()))
        );
        assert_eq!(
            normalize_email("mario@scuola..it"),
            Err(EmailError::DomainLabel("scuola..it".to_string()))
        );
        assert_eq!(
            normalize_email("mario@-scuola.it"),
            Err(EmailError::DomainLabel("-scuola.it".to_string()))
        );
        assert_eq!(
            normalize_email("mario@scuola.i"),
            Err(EmailError::TopLevel("scuola.i".to_string()))
        );
        assert_eq!(
            normalize_email("mario@scuola.123"),
            Err(EmailError::TopLevel("scuola.123".to_string()))
        );
        assert_eq!(
            normalize_email(".mario@scuola.it"),
            Err(EmailError::LocalDots)
        );
        assert_eq!(
            normalize_email("mario.@scuola.it"),
            Err(EmailError::LocalDots)
        );
        assert_eq!(
            normalize_email("ma..rio@scuola.it"),
            Err(EmailError::LocalDots)
        );
        assert_eq!(
            normalize_email("niccolò@scuola.it"),
            Err(EmailError::LocalCharacter('ò'))
        );
        assert_eq!(
            normalize_email("mario@città.it"),
            Err(EmailError::DomainCharacter('à'))
        );
        assert_eq!(
            normalize_email("mario(rossi)@scuola.it"),
            Err(EmailError::LocalCharacter('('))
        );
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        assert!(normalize_email(&format!("{local64}@scuola.it")).is_ok());
        assert_eq!(
            normalize_email(&format!("{local64}a@scuola.it")),
            Err(EmailError::LocalTooLong)
        );
        let label63 = "b".repeat(63);
        assert!(normalize_email(&format!("a@{label63}.it")).is_ok());
        assert_eq!(
            normalize_email(&format!("a@{label63}b.it")),
            Err(EmailError::DomainLabel(format!("{label63}b.it")))
        );
        // "a@" + four 62-letter labels + 3 dots = 253 characters: accepted;
        // "ab@" + the same + "x" = 255: refused.
        let long = format!("a@{l}.{l}.{l}.{l}", l = "c".repeat(62));
        assert_eq!(long.len(), 2 + 4 * 62 + 3);
        assert!(normalize_email(&long).is_ok());
        let too_long = format!("ab@{l}.{l}.{l}.{l}x", l = "c".repeat(62));
        assert_eq!(too_long.len(), 255);
        assert_eq!(normalize_email(&too_long), Err(EmailError::TooLong));
    }

    #[test]
    fn messages_are_italian_and_specific() {
        assert_eq!(
            normalize_email("mario@scuola").unwrap_err().to_string(),
            "Il dominio \"scuola\" non è completo: manca la parte finale, ad esempio \".it\"."
        );
    }
}
