//! A survey day's absences class by class (optional, seed 002): one line
//! per class, `classe;assenti` or `classe;assenti;di cui per malattia`, as
//! a secretary types them or pastes them from a spreadsheet (tabs work
//! too). Pure, shared by the browser and the server.

use serde::{Deserialize, Serialize};

/// At most this many lines (a plesso has far fewer classes).
pub const MAX_CLASSES: usize = 200;
/// A class's name is short: "1A", "3 B", "5^C".
pub const MAX_NAME: usize = 20;

/// One class's absences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAbsence {
    pub class: String,
    pub absent: u32,
    /// Of which for illness, if known.
    pub ill: Option<u32>,
}

fn number(text: &str, line: usize, what: &str) -> Result<u32, String> {
    text.trim().parse::<u32>().map_err(|_| {
        format!("Riga {line}: {what} deve essere un numero intero, senza decimali né segni.")
    })
}

/// The classes typed, in order; the first wrong line is named.
pub fn parse(text: &str) -> Result<Vec<ClassAbsence>, String> {
    let mut out: Vec<ClassAbsence> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if out.len() == MAX_CLASSES {
            return Err(format!("Indicare al più {MAX_CLASSES} classi."));
        }
        let sep = if raw.contains('\t') { '\t' } else { ';' };
        let parts: Vec<&str> = raw.split(sep).map(str::trim).collect();
        let (class, absent, ill) = match parts.as_slice() {
            [c, a] => (*c, *a, None),
            [c, a, i] => (*c, *a, (!i.is_empty()).then_some(*i)),
            _ => {
                return Err(format!(
                    "Riga {line}: scrivere classe e assenti separati da punto e virgola (es. 2B;3)."
                ));
            }
        };
        if class.is_empty() || class.chars().count() > MAX_NAME {
            return Err(format!(
                "Riga {line}: il nome della classe è obbligatorio (al più {MAX_NAME} caratteri)."
            ));
        }
        if class.chars().any(char::is_control) {
            return Err(format!("Riga {line}: il nome della classe non è valido."));
        }
        let absent = number(absent, line, "il numero di assenti")?;
        let ill = ill
            .map(|i| number(i, line, "il numero di assenti per malattia"))
            .transpose()?;
        if ill.is_some_and(|i| i > absent) {
            return Err(format!(
                "Riga {line}: gli assenti per malattia non possono essere più degli assenti della classe."
            ));
        }
        let key = class.to_lowercase().replace(' ', "");
        if out
            .iter()
            .any(|c| c.class.to_lowercase().replace(' ', "") == key)
        {
            return Err(format!("Riga {line}: la classe {class} è già indicata."));
        }
        out.push(ClassAbsence {
            class: class.to_owned(),
            absent,
            ill,
        });
    }
    Ok(out)
}

/// The lines again, as the form shows them for a correction.
pub fn format(classes: &[ClassAbsence]) -> String {
    classes
        .iter()
        .map(|c| match c.ill {
            Some(i) => format!("{};{};{i}", c.class, c.absent),
            None => format!("{};{}", c.class, c.absent),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "1A 3, 2B 5" for a table cell.
pub fn summary(classes: &[ClassAbsence]) -> String {
    classes
        .iter()
        .map(|c| format!("{} {}", c.class, c.absent))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sum of the classes' absences.
pub fn total(classes: &[ClassAbsence]) -> u64 {
    classes.iter().map(|c| u64::from(c.absent)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_semicolons_or_tabs_and_blank_lines() {
        let got = parse("1A;3\n\n2B\t5\t2\n 3 C ; 0 ; \n").unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].class, "2B");
        assert_eq!(got[1].ill, Some(2));
        assert_eq!(got[2].class, "3 C");
        assert_eq!(got[2].ill, None);
        assert_eq!(total(&got), 8);
        assert_eq!(format(&got), "1A;3\n2B;5;2\n3 C;0");
        assert_eq!(parse(&format(&got)).unwrap(), got);
        assert_eq!(summary(&got), "1A 3, 2B 5, 3 C 0");
        assert_eq!(parse("  \n").unwrap(), vec![]);
    }

    #[test]
    fn each_wrong_line_is_named() {
        assert_eq!(
            parse("1A;3\n1A;x").unwrap_err(),
            "Riga 2: il numero di assenti deve essere un numero intero, senza decimali né segni."
        );
        assert!(parse("1A").unwrap_err().starts_with("Riga 1:"));
        assert!(parse(";3").unwrap_err().starts_with("Riga 1:"));
        assert_eq!(
            parse("1A;3\n1 a;2").unwrap_err(),
            "Riga 2: la classe 1 a è già indicata."
        );
        assert!(parse("1A;2;3").unwrap_err().contains("per malattia"));
        assert!(parse("1A;-2").is_err());
        let many: String = (0..=MAX_CLASSES).map(|i| format!("C{i};1\n")).collect();
        assert!(parse(&many).is_err());
    }
}
