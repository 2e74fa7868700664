//! The five roles of the portal (DESIGN.md, "Who uses it").

use serde::{Deserialize, Serialize};

/// What an account is. Stored as [`Role::key`] in `accounts.role`; serde
/// uses the same snake_case keys (shared contract with the SPID/CIE login).
/// Keys and labels come from strum's derives (one attribute per variant
/// instead of parallel matches); `ALL` is sized by `EnumCount`, so a new
/// role missing from it does not compile.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumCount,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Dirigente scolastico: the principal of one istituto.
    #[strum(message = "Dirigente scolastico")]
    Dirigente,
    /// Delegato: acts for the principal of one istituto.
    #[strum(message = "Delegato")]
    Delegato,
    /// Referente di plesso: one school building.
    #[strum(message = "Referente di plesso")]
    ReferentePlesso,
    /// Operatore ATS: staff of one health agency, for its territory.
    #[strum(message = "Operatore ATS")]
    OperatoreAts,
    /// Amministratore: the platform's administrator.
    #[strum(message = "Amministratore")]
    Amministratore,
}

impl Role {
    /// Every role, schools first (the order of pickers and test matrices).
    pub const ALL: [Role; <Role as strum::EnumCount>::COUNT] = [
        Role::Dirigente,
        Role::Delegato,
        Role::ReferentePlesso,
        Role::OperatoreAts,
        Role::Amministratore,
    ];

    /// Stable key for storage and forms (the serde name).
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The role with that key, if any.
    pub fn from_key(key: &str) -> Option<Role> {
        key.parse().ok()
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or_default()
    }

    /// Whether the role belongs to a school (istituto or plesso).
    pub fn is_school(self) -> bool {
        matches!(
            self,
            Role::Dirigente | Role::Delegato | Role::ReferentePlesso
        )
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_match_serde() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.key()));
        }
        assert_eq!(Role::from_key("admin"), None);
        assert_eq!(Role::from_key("Dirigente"), None, "keys are case-sensitive");
    }

    #[test]
    fn contract_keys_are_the_agreed_ones() {
        // identity-contract.md lists these five keys verbatim.
        let keys: Vec<_> = Role::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(
            keys,
            [
                "dirigente",
                "delegato",
                "referente_plesso",
                "operatore_ats",
                "amministratore"
            ]
        );
        assert_eq!(Role::ReferentePlesso.label(), "Referente di plesso");
        assert_eq!(Role::OperatoreAts.to_string(), "Operatore ATS");
    }

    #[test]
    fn every_role_has_a_label() {
        for role in Role::ALL {
            assert!(!role.label().is_empty(), "{role:?}");
        }
    }

    #[test]
    fn school_roles() {
        assert!(Role::Dirigente.is_school());
        assert!(Role::ReferentePlesso.is_school());
        assert!(!Role::OperatoreAts.is_school());
        assert!(!Role::Amministratore.is_school());
    }
}
