//! School types (ordini e gradi) the portal knows, with their Italian labels.

use serde::{Deserialize, Serialize};

/// The grade of a plesso. Nidi and other 0-6 services are not in the
/// Ministry's registry (they are run by comuni and private bodies) but the
/// ATS follows them too, so they can be created by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SchoolType {
    #[serde(rename = "nido")]
    Nido,
    #[serde(rename = "infanzia")]
    Infanzia,
    #[serde(rename = "primaria")]
    Primaria,
    /// Scuola secondaria di I grado (scuola media).
    #[serde(rename = "secondaria_1")]
    Secondaria1,
    /// Scuola secondaria di II grado (licei, istituti tecnici e professionali).
    #[serde(rename = "secondaria_2")]
    Secondaria2,
}

impl SchoolType {
    /// Every type, youngest pupils first (the order of pickers).
    pub const ALL: [SchoolType; 5] = [
        SchoolType::Nido,
        SchoolType::Infanzia,
        SchoolType::Primaria,
        SchoolType::Secondaria1,
        SchoolType::Secondaria2,
    ];

    /// Stable key for storage, URLs and forms (the serde name).
    pub fn key(self) -> &'static str {
        match self {
            SchoolType::Nido => "nido",
            SchoolType::Infanzia => "infanzia",
            SchoolType::Primaria => "primaria",
            SchoolType::Secondaria1 => "secondaria_1",
            SchoolType::Secondaria2 => "secondaria_2",
        }
    }

    /// The type with that key, if any.
    pub fn from_key(key: &str) -> Option<SchoolType> {
        SchoolType::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            SchoolType::Nido => "Servizi educativi 0-6 (nido)",
            SchoolType::Infanzia => "Scuola dell'infanzia",
            SchoolType::Primaria => "Scuola primaria",
            SchoolType::Secondaria1 => "Scuola secondaria di I grado",
            SchoolType::Secondaria2 => "Scuola secondaria di II grado",
        }
    }
}

impl std::fmt::Display for SchoolType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_match_serde() {
        for t in SchoolType::ALL {
            assert_eq!(SchoolType::from_key(t.key()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.key()));
            assert_eq!(serde_json::from_str::<SchoolType>(&json).unwrap(), t);
        }
        assert_eq!(SchoolType::from_key("secondaria1"), None);
        assert_eq!(SchoolType::from_key(""), None);
    }

    #[test]
    fn labels_are_the_italian_names() {
        assert_eq!(SchoolType::Nido.label(), "Servizi educativi 0-6 (nido)");
        assert_eq!(SchoolType::Infanzia.to_string(), "Scuola dell'infanzia");
        assert_eq!(SchoolType::Primaria.label(), "Scuola primaria");
        assert_eq!(
            SchoolType::Secondaria1.label(),
            "Scuola secondaria di I grado"
        );
        assert_eq!(
            SchoolType::Secondaria2.label(),
            "Scuola secondaria di II grado"
        );
    }
}
