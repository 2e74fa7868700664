//! Mapping of the registry's DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA to a
//! [`SchoolType`], or to an explicit reason for not importing the row.
//!
//! Values seen in the Ministry's open data: "SCUOLA INFANZIA", "SCUOLA
//! PRIMARIA", "SCUOLA PRIMO GRADO", "ISTITUTO COMPRENSIVO", "ISTITUTO
//! SUPERIORE", "CIRCOLO DIDATTICO", "LICEO SCIENTIFICO", "ISTITUTO TECNICO
//! INDUSTRIALE", "IST PROF PER I SERVIZI SOCIALI", "ISTITUTO D'ARTE",
//! "ISTITUTO MAGISTRALE", "CENTRO TERRITORIALE", "CONVITTO NAZIONALE",
//! "EDUCANDATO", and in the paritarie file the same with " NON STATALE"
//! ("SCUOLA SEC. PRIMO GRADO NON STATALE", "SCUOLA SEC. SECONDO GRADO NON
//! STATALE").

use super::school_type::SchoolType;

/// What to do with a registry row of a given tipologia.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tipologia {
    /// A plesso with pupils of this type: import it.
    School(SchoolType),
    /// A row that is deliberately not imported, with the reason (Italian).
    Skip(&'static str),
    /// A value this mapping does not know: reported as a row error so an
    /// administrator notices a new Ministry category.
    Unknown,
}

pub(crate) const DIRECTION_REASON: &str = "sede di direzione dell'istituto (istituto comprensivo, circolo didattico o istituto superiore): non è un plesso con alunni, i suoi plessi sono nelle altre righe";
pub(crate) const ADULTS_REASON: &str =
    "centro per l'istruzione degli adulti (CPIA): non seguito dal portale";
pub(crate) const BOARDING_REASON: &str = "convitto o educandato: struttura residenziale, gli alunni sono nelle righe delle scuole annesse";

/// Classifies a tipologia as written in the registry (case and spacing
/// ignored).
pub(crate) fn classify(text: &str) -> Tipologia {
    let upper = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let t = upper.strip_suffix(" NON STATALE").unwrap_or(&upper);
    let any = |prefixes: &[&str]| prefixes.iter().any(|p| t.starts_with(p));
    match t {
        "ISTITUTO COMPRENSIVO"
        | "ISTITUTO OMNICOMPRENSIVO"
        | "CIRCOLO DIDATTICO"
        | "DIREZIONE DIDATTICA"
        | "ISTITUTO SUPERIORE"
        | "ISTITUTO DI ISTRUZIONE SUPERIORE" => return Tipologia::Skip(DIRECTION_REASON),
        "SCUOLA INFANZIA" | "SCUOLA DELL'INFANZIA" | "SCUOLA MATERNA" => {
            return Tipologia::School(SchoolType::Infanzia);
        }
        "SCUOLA PRIMARIA" | "SCUOLA ELEMENTARE" => return Tipologia::School(SchoolType::Primaria),
        "SCUOLA PRIMO GRADO"
        | "SCUOLA SEC. PRIMO GRADO"
        | "SCUOLA SECONDARIA I GRADO"
        | "SCUOLA SECONDARIA DI I GRADO"
        | "SCUOLA SECONDARIA DI PRIMO GRADO" => return Tipologia::School(SchoolType::Secondaria1),
        "SCUOLA SEC. SECONDO GRADO"
        | "SCUOLA SECONDARIA II GRADO"
        | "SCUOLA SECONDARIA DI II GRADO"
        | "SCUOLA SECONDARIA DI SECONDO GRADO" => {
            return Tipologia::School(SchoolType::Secondaria2);
        }
        _ => {}
    }
    if any(&["CENTRO TERRITORIALE", "CPIA"]) {
        return Tipologia::Skip(ADULTS_REASON);
    }
    if any(&["CONVITTO", "EDUCANDATO"]) {
        return Tipologia::Skip(BOARDING_REASON);
    }
    if any(&[
        "LICEO",
        "ISTITUTO TECNICO",
        "IST TEC",
        "IST. TEC",
        "ISTITUTO PROFESSIONALE",
        "IST PROF",
        "IST. PROF",
        "ISTITUTO D'ARTE",
        "ISTITUTO ARTE",
        "ISTITUTO MAGISTRALE",
        "SCUOLA MAGISTRALE",
    ]) {
        return Tipologia::School(SchoolType::Secondaria2);
    }
    Tipologia::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plesso_types() {
        use SchoolType::*;
        for (text, t) in [
            ("SCUOLA INFANZIA", Infanzia),
            ("SCUOLA INFANZIA NON STATALE", Infanzia),
            ("scuola  primaria ", Primaria),
            ("SCUOLA PRIMARIA NON STATALE", Primaria),
            ("SCUOLA PRIMO GRADO", Secondaria1),
            ("SCUOLA SEC. PRIMO GRADO NON STATALE", Secondaria1),
            ("SCUOLA SEC. SECONDO GRADO NON STATALE", Secondaria2),
            ("LICEO SCIENTIFICO", Secondaria2),
            ("LICEO CLASSICO", Secondaria2),
            ("ISTITUTO TECNICO INDUSTRIALE", Secondaria2),
            ("IST TEC COMMERCIALE E PER GEOMETRI", Secondaria2),
            ("IST PROF PER I SERVIZI SOCIALI", Secondaria2),
            (
                "ISTITUTO PROFESSIONALE INDUSTRIA E ARTIGIANATO",
                Secondaria2,
            ),
            ("ISTITUTO D'ARTE", Secondaria2),
            ("ISTITUTO MAGISTRALE", Secondaria2),
        ] {
            assert_eq!(classify(text), Tipologia::School(t), "{text}");
        }
    }

    #[test]
    fn skipped_and_unknown() {
        assert_eq!(
            classify("ISTITUTO COMPRENSIVO"),
            Tipologia::Skip(DIRECTION_REASON)
        );
        assert_eq!(
            classify("CIRCOLO DIDATTICO"),
            Tipologia::Skip(DIRECTION_REASON)
        );
        assert_eq!(
            classify("ISTITUTO SUPERIORE"),
            Tipologia::Skip(DIRECTION_REASON)
        );
        assert_eq!(
            classify("CENTRO TERRITORIALE"),
            Tipologia::Skip(ADULTS_REASON)
        );
        assert_eq!(
            classify("CONVITTO NAZIONALE"),
            Tipologia::Skip(BOARDING_REASON)
        );
        assert_eq!(classify("EDUCANDATO"), Tipologia::Skip(BOARDING_REASON));
        assert_eq!(classify("SCUOLA GUIDA"), Tipologia::Unknown);
        assert_eq!(classify(""), Tipologia::Unknown);
        // "ISTITUTO COMPRENSIVO" must not be caught by a prefix rule.
        assert_eq!(classify("ISTITUTO"), Tipologia::Unknown);
    }
}
