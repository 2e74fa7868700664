//! Rules for new passwords: long enough, varied enough, not the username.
//!
//! Length matters more than composition (NIST SP 800-63B), but the
//! portal's security rules ask for both: at least 12 characters and at
//! least 3 of the 4 classes.
//! Runs in the browser before sending and on the server before hashing.

use thiserror::Error;

/// Fewest characters a new password may have.
pub const MIN_CHARS: usize = 12;
/// Most characters: argon2 is fine with more, but a bound keeps a request's
/// hashing work predictable.
pub const MAX_CHARS: usize = 128;
/// Character classes required out of lower case, upper case, digits, symbols.
pub const MIN_CLASSES: usize = 3;

/// Why a new password was refused (the first rule broken, in this order).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("La password deve avere almeno {MIN_CHARS} caratteri (ora ne ha {0}).")]
    TooShort(usize),
    #[error("La password può avere al massimo {MAX_CHARS} caratteri (ora ne ha {0}).")]
    TooLong(usize),
    #[error("La password non deve contenere il nome utente.")]
    ContainsUsername,
    #[error(
        "La password deve contenere caratteri di almeno {MIN_CLASSES} di questi 4 tipi: \
         lettere minuscole, lettere maiuscole, cifre, simboli (ora ne contiene {0})."
    )]
    TooFewClasses(usize),
}

/// Checks a new password for `username`.
pub fn check_new_password(username: &str, password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if len < MIN_CHARS {
        return Err(PasswordError::TooShort(len));
    }
    if len > MAX_CHARS {
        return Err(PasswordError::TooLong(len));
    }
    let user = username.trim().to_lowercase();
    // Very short usernames would refuse half the dictionary for nothing.
    if user.chars().count() >= 3 && password.to_lowercase().contains(&user) {
        return Err(PasswordError::ContainsUsername);
    }
    let classes = character_classes(password);
    if classes < MIN_CLASSES {
        return Err(PasswordError::TooFewClasses(classes));
    }
    Ok(())
}

/// How many of the 4 classes (lower, upper, digit, other) `password` uses.
pub fn character_classes(password: &str) -> usize {
    let (mut lower, mut upper, mut digit, mut other) = (false, false, false, false);
    for c in password.chars() {
        if c.is_lowercase() {
            lower = true;
        } else if c.is_uppercase() {
            upper = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else {
            other = true;
        }
    }
    [lower, upper, digit, other]
        .into_iter()
        .filter(|&b| b)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_three_classes_of_twelve_characters() {
        // 12 chars: lower (orto), upper (B), digits (2026) and a symbol: 4 classes.
        assert_eq!(check_new_password("mario.rossi", "Borto-2026xy"), Ok(()));
        // lower + digits + symbol, no upper case: 3 classes are enough.
        assert_eq!(check_new_password("mario.rossi", "quercia-2026"), Ok(()));
        // Accented letters count as letters (è is lower case).
        assert_eq!(check_new_password("anna", "perchéNonè12"), Ok(()));
    }

    #[test]
    fn refuses_short_passwords_with_the_count() {
        let err = check_new_password("mario", "Ab1-Ab1-Ab1").unwrap_err();
        assert_eq!(err, PasswordError::TooShort(11));
        assert!(
            err.to_string()
                .contains("almeno 12 caratteri (ora ne ha 11)")
        );
        // Characters, not bytes: "è" is one character.
        assert_eq!(
            check_new_password("mario", "èèèèèèèèèèè"),
            Err(PasswordError::TooShort(11))
        );
    }

    #[test]
    fn refuses_overlong_passwords() {
        let long = "Aa1-".repeat(33); // 132 characters
        assert_eq!(
            check_new_password("mario", &long),
            Err(PasswordError::TooLong(132))
        );
    }

    #[test]
    fn refuses_the_username_in_any_case() {
        assert_eq!(
            check_new_password("Mario.Rossi", "xxMARIO.ROSSI-1"),
            Err(PasswordError::ContainsUsername)
        );
        // Two-letter usernames are not checked.
        assert_eq!(check_new_password("al", "al-Quercia-2026"), Ok(()));
    }

    #[test]
    fn refuses_two_classes() {
        // Only lower case and digits.
        let err = check_new_password("mario", "quercia20262026").unwrap_err();
        assert_eq!(err, PasswordError::TooFewClasses(2));
        assert!(err.to_string().contains("almeno 3 di questi 4 tipi"));
        // A passphrase of lower-case words and spaces: 2 classes.
        assert_eq!(
            check_new_password("mario", "cavallo batteria graffetta"),
            Err(PasswordError::TooFewClasses(2))
        );
    }

    #[test]
    fn counts_classes() {
        assert_eq!(character_classes(""), 0);
        assert_eq!(character_classes("abc"), 1);
        assert_eq!(character_classes("aB"), 2);
        assert_eq!(character_classes("aB3"), 3);
        assert_eq!(character_classes("aB3 "), 4);
    }
}
