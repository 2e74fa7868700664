//! School types (ordini e gradi) the portal knows, with their Italian labels.

use serde::{Deserialize, Serialize};

/// The grade of a plesso. Nidi and other 0-6 services are not in the
/// Ministry's registry (they are run by comuni and private bodies) but the
/// ATS follows them too, so they can be created by hand.
/// Keys and labels from strum's derives; `ALL` sized by `EnumCount`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumCount,
    strum::EnumMessage,
)]
pub enum SchoolType {
    #[serde(rename = "nido")]
    #[strum(serialize = "nido", message = "Servizi educativi 0-6 (nido)")]
    Nido,
    #[serde(rename = "infanzia")]
    #[strum(serialize = "infanzia", message = "Scuola dell'infanzia")]
    Infanzia,
    #[serde(rename = "primaria")]
    #[strum(serialize = "primaria", message = "Scuola primaria")]
    Primaria,
    /// Scuola secondaria di I grado (scuola media).
    #[serde(rename = "secondaria_1")]
    #[strum(serialize = "secondaria_1", message = "Scuola secondaria di I grado")]
    Secondaria1,
    /// Scuola secondaria di II grado (licei, istituti tecnici e professionali).
    #[serde(rename = "secondaria_2")]
    #[strum(serialize = "secondaria_2", message = "Scuola secondaria di II grado")]
    Secondaria2,
}

impl SchoolType {
    /// Every type, youngest pupils first (the order of pickers).
    pub const ALL: [SchoolType; <SchoolType as strum::EnumCount>::COUNT] = [
        SchoolType::Nido,
        SchoolType::Infanzia,
        SchoolType::Primaria,
        SchoolType::Secondaria1,
        SchoolType::Secondaria2,
    ];

    /// Stable key for storage, URLs and forms (the serde name).
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The type with that key, if any.
    pub fn from_key(key: &str) -> Option<SchoolType> {
        key.parse().ok()
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or_default()
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
