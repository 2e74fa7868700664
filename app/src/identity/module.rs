//! The four modules of the portal and who may use each one: the rule behind
//! `Policy::Module`. A delegate's standing per module comes from the
//! delegations valid today, resolved on every request, so a revocation or
//! an expiry takes effect on the very next click. Pure: shared with tests.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::validation::dates::format_date_it;

/// A module of the portal (DESIGN.md, "Modules"); also what a delegation names.
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
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Module {
    /// Obbligo vaccinale / LOVS.
    #[strum(message = "Obbligo vaccinale")]
    Vaccinations,
    /// Segnalazione casi e contatti.
    #[strum(message = "Casi e contatti")]
    Cases,
    /// Allontanamenti.
    #[strum(message = "Allontanamenti")]
    Removals,
    /// Registro assenze e scuole sentinella.
    #[strum(message = "Registro assenze")]
    Absences,
}

impl Module {
    /// Menu order (the seeds' menu).
    pub const ALL: [Module; <Module as strum::EnumCount>::COUNT] = [
        Module::Vaccinations,
        Module::Cases,
        Module::Removals,
        Module::Absences,
    ];

    /// Stable key: storage (comma-separated in `delegations.modules`) and forms.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Module> {
        key.trim().parse().ok()
    }

    /// Name shown in menus and messages.
    pub fn label(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or_default()
    }

    /// The module's page.
    pub fn path(self) -> &'static str {
        match self {
            Module::Vaccinations => "/obbligo-vaccinale",
            Module::Cases => "/casi",
            Module::Removals => "/allontanamenti",
            Module::Absences => "/assenze",
        }
    }

    /// "vaccinations,cases" for storage; keys in menu order, no repeats.
    pub fn join(modules: &[Module]) -> String {
        Module::ALL
            .into_iter()
            .filter(|m| modules.contains(m))
            .map(Module::key)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The stored list back; unknown keys are dropped (fail closed).
    pub fn split(stored: &str) -> Vec<Module> {
        let found: Vec<Module> = stored.split(',').filter_map(Module::from_key).collect();
        Module::ALL
            .into_iter()
            .filter(|m| found.contains(m))
            .collect()
    }
}

/// A delegate's standing for one module today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// A delegation naming the module is valid today.
    Granted,
    /// The only delegations naming it start later (the first start date).
    NotYet(NaiveDate),
    /// The latest one ended on that date.
    Expired(NaiveDate),
    /// The latest one was revoked on that date.
    Revoked(NaiveDate),
}

/// What the delegations of a delegate allow today, computed by the server on
/// each request and carried in the caller's `Identity`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationGrants {
    /// Per module named by any delegation; a module absent is not delegated.
    pub modules: Vec<(Module, Standing)>,
    /// The principal who granted the delegation in force, for the audit's
    /// "on behalf of".
    pub principal_account_id: Option<i32>,
}

impl DelegationGrants {
    pub fn standing(&self, module: Module) -> Option<Standing> {
        self.modules
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, s)| *s)
    }
}

/// Why a module was refused: one Italian sentence each, with the date and
/// what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleRefusal {
    /// The role has nothing to do in this module.
    NotForRole(Module),
    /// No delegation names the module.
    NotDelegated(Module),
    NotYet(Module, NaiveDate),
    Expired(Module, NaiveDate),
    Revoked(Module, NaiveDate),
}

impl std::fmt::Display for ModuleRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            ModuleRefusal::NotForRole(m) => write!(
                f,
                "Il modulo «{}» non è disponibile per il suo profilo.",
                m.label()
            ),
            ModuleRefusal::NotDelegated(m) => write!(
                f,
                "Il modulo «{}» non le è stato delegato: chiedere al dirigente scolastico una delega \
                 per questo modulo.",
                m.label()
            ),
            ModuleRefusal::NotYet(m, start) => write!(
                f,
                "La delega per il modulo «{}» sarà valida dal {}: fino ad allora il modulo non è \
                 accessibile.",
                m.label(),
                format_date_it(start)
            ),
            ModuleRefusal::Expired(_, end) => write!(
                f,
                "La delega per questo modulo è scaduta il {}: chiedere al dirigente scolastico di \
                 rinnovarla.",
                format_date_it(end)
            ),
            ModuleRefusal::Revoked(_, on) => write!(
                f,
                "La delega per questo modulo è stata revocata il {}: chiedere al dirigente \
                 scolastico una nuova delega.",
                format_date_it(on)
            ),
        }
    }
}

/// Who works in which module: the dirigente in all of them; a delegate in
/// those a valid delegation names; a referente di plesso in the absence
/// registry; ATS operators in all (their territory's data). Administrators
/// manage the registry and accounts, not health data: no module.
pub fn module_access(
    role: Role,
    grants: Option<&DelegationGrants>,
    module: Module,
) -> Result<(), ModuleRefusal> {
    match role {
        Role::Dirigente | Role::OperatoreAts => Ok(()),
        Role::ReferentePlesso if module == Module::Absences => Ok(()),
        Role::ReferentePlesso | Role::Amministratore => Err(ModuleRefusal::NotForRole(module)),
        Role::Delegato => match grants.and_then(|g| g.standing(module)) {
            Some(Standing::Granted) => Ok(()),
            Some(Standing::NotYet(d)) => Err(ModuleRefusal::NotYet(module, d)),
            Some(Standing::Expired(d)) => Err(ModuleRefusal::Expired(module, d)),
            Some(Standing::Revoked(d)) => Err(ModuleRefusal::Revoked(module, d)),
            None => Err(ModuleRefusal::NotDelegated(module)),
        },
    }
}

/// Whether a role may ever reach `module` (before any delegation): what the
/// request gate checks without touching the database.
pub fn role_may_reach(role: Role, module: Module) -> bool {
    match role {
        Role::Dirigente | Role::OperatoreAts | Role::Delegato => true,
        Role::ReferentePlesso => module == Module::Absences,
        Role::Amministratore => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn keys_round_trip_and_storage_is_ordered() {
        for m in Module::ALL {
            assert_eq!(Module::from_key(m.key()), Some(m));
        }
        assert_eq!(
            Module::join(&[Module::Absences, Module::Cases]),
            "cases,absences"
        );
        assert_eq!(
            Module::split("absences,bogus,cases,cases"),
            [Module::Cases, Module::Absences]
        );
        assert_eq!(Module::split(""), []);
    }

    #[test]
    fn keys_and_labels_are_the_agreed_ones() {
        let pairs: Vec<_> = Module::ALL.iter().map(|m| (m.key(), m.label())).collect();
        assert_eq!(
            pairs,
            [
                ("vaccinations", "Obbligo vaccinale"),
                ("cases", "Casi e contatti"),
                ("removals", "Allontanamenti"),
                ("absences", "Registro assenze")
            ]
        );
        assert_eq!(Module::from_key(" cases "), Some(Module::Cases));
        assert_eq!(Module::from_key("Cases"), None);
    }

    #[test]
    fn delegate_needs_a_granted_standing() {
        let grants = DelegationGrants {
            modules: vec![
                (Module::Cases, Standing::Granted),
                (Module::Vaccinations, Standing::Expired(d(2026, 12, 31))),
                (Module::Removals, Standing::Revoked(d(2026, 11, 20))),
                (Module::Absences, Standing::NotYet(d(2027, 1, 7))),
            ],
            principal_account_id: Some(1),
        };
        let g = Some(&grants);
        assert_eq!(module_access(Role::Delegato, g, Module::Cases), Ok(()));
        let expired = module_access(Role::Delegato, g, Module::Vaccinations).unwrap_err();
        // The brief's sentence, word for word.
        assert_eq!(
            expired.to_string(),
            "La delega per questo modulo è scaduta il 31/12/2026: chiedere al dirigente \
             scolastico di rinnovarla."
        );
        let revoked = module_access(Role::Delegato, g, Module::Removals).unwrap_err();
        assert!(
            revoked.to_string().contains("revocata il 20/11/2026"),
            "{revoked}"
        );
        let future = module_access(Role::Delegato, g, Module::Absences).unwrap_err();
        assert!(
            future.to_string().contains("sarà valida dal 07/01/2027"),
            "{future}"
        );
        // No grants loaded at all: fail closed.
        assert_eq!(
            module_access(Role::Delegato, None, Module::Cases),
            Err(ModuleRefusal::NotDelegated(Module::Cases))
        );
    }

    #[test]
    fn other_roles_follow_the_design_table() {
        for m in Module::ALL {
            assert_eq!(module_access(Role::Dirigente, None, m), Ok(()));
            assert_eq!(module_access(Role::OperatoreAts, None, m), Ok(()));
            assert!(module_access(Role::Amministratore, None, m).is_err());
            assert!(!role_may_reach(Role::Amministratore, m));
        }
        assert_eq!(
            module_access(Role::ReferentePlesso, None, Module::Absences),
            Ok(())
        );
        assert_eq!(
            module_access(Role::ReferentePlesso, None, Module::Cases),
            Err(ModuleRefusal::NotForRole(Module::Cases))
        );
    }
}
