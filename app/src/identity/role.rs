//! The five roles of the portal (DESIGN.md, "Who uses it").

use serde::{Deserialize, Serialize};

/// What an account is. Stored as [`Role::key`] in `accounts.role`; serde
/// uses the same snake_case keys (shared contract with the SPID/CIE login).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Dirigente scolastico: the principal of one istituto.
    Dirigente,
    /// Delegato: acts for the principal of one istituto.
    Delegato,
    /// Referente di plesso: one school building.
    ReferentePlesso,
    /// Operatore ATS: staff of one health agency, for its territory.
    OperatoreAts,
    /// Amministratore: the platform's administrator.
    Amministratore,
}

impl Role {
    /// Every role, schools first (the order of pickers and test matrices).
    pub const ALL: [Role; 5] = [
        Role::Dirigente,
        Role::Delegato,
        Role::ReferentePlesso,
        Role::OperatoreAts,
        Role::Amministratore,
    ];

    /// Stable key for storage and forms (the serde name).
    pub fn key(self) -> &'static str {
        match self {
            Role::Dirigente => "dirigente",
            Role::Delegato => "delegato",
            Role::ReferentePlesso => "referente_plesso",
            Role::OperatoreAts => "operatore_ats",
            Role::Amministratore => "amministratore",
        }
    }

    /// The role with that key, if any.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Dirigente => "Dirigente scolastico",
            Role::Delegato => "Delegato",
            Role::ReferentePlesso => "Referente di plesso",
            Role::OperatoreAts => "Operatore ATS",
            Role::Amministratore => "Amministratore",
        }
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
    fn school_roles() {
        assert!(Role::Dirigente.is_school());
        assert!(Role::ReferentePlesso.is_school());
        assert!(!Role::OperatoreAts.is_school());
        assert!(!Role::Amministratore.is_school());
    }
}
