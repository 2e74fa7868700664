//! Who the caller is and what they may reach: [`Identity`], its [`Scope`],
//! the [`Target`] a server function is about to touch, and the [`Policy`]
//! each server function declares. Pure: the server decides with these, the
//! tests state the expected answers with them.

use serde::{Deserialize, Serialize};

use super::Role;
use super::module::{DelegationGrants, Module, ModuleRefusal, module_access, role_may_reach};

/// The logged-in caller, resolved from the session cookie on every request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub account_id: i32,
    pub role: Role,
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
    pub plesso_id: Option<i32>,
    pub full_name: String,
    /// A delegate's standing per module today, filled by the server on each
    /// request (None for other roles, and for a delegate fails closed).
    #[serde(default)]
    pub delegation: Option<DelegationGrants>,
}

impl Identity {
    /// What the caller may reach. An account whose role lacks the ids it
    /// needs (a dirigente without istituto) reaches nothing: fail closed.
    pub fn scope(&self) -> Scope {
        match (self.role, self.ats_id, self.istituto_id, self.plesso_id) {
            (Role::Amministratore, ..) => Scope::All,
            (Role::OperatoreAts, Some(ats_id), ..) => Scope::Ats(ats_id),
            (Role::Dirigente | Role::Delegato, Some(ats_id), Some(istituto_id), _) => {
                Scope::Istituto {
                    ats_id,
                    istituto_id,
                }
            }
            (Role::ReferentePlesso, Some(ats_id), Some(istituto_id), Some(plesso_id)) => {
                Scope::Plesso {
                    ats_id,
                    istituto_id,
                    plesso_id,
                }
            }
            _ => Scope::Nothing,
        }
    }

    /// The account a delegate acts for (the principal of the delegation in
    /// force), recorded as "on behalf of" in the audit log.
    pub fn on_behalf_of(&self) -> Option<i32> {
        match self.role {
            Role::Delegato => self.delegation.as_ref()?.principal_account_id,
            _ => None,
        }
    }

    /// `Ok` when the scope covers `target`; otherwise the same "not found or
    /// not accessible" answer as a missing record.
    pub fn check(&self, target: &Target) -> Result<(), Refusal> {
        if self.scope().covers(target) {
            Ok(())
        } else {
            Err(Refusal::NotFound)
        }
    }
}

/// The part of the registry an identity reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Administrators: everything.
    All,
    /// An ATS operator: the istituti and plessi of one ATS.
    Ats(i32),
    /// A dirigente or delegato: one istituto and its plessi.
    Istituto { ats_id: i32, istituto_id: i32 },
    /// A referente: one plesso (and the name of its istituto).
    Plesso {
        ats_id: i32,
        istituto_id: i32,
        plesso_id: i32,
    },
    /// A misconfigured account.
    Nothing,
}

/// What a server function is about to read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing in particular: the caller's own scope (lists filtered by it).
    Caller,
    /// A whole ATS territory.
    Ats(i32),
    /// An istituto (or a record of it).
    Istituto { ats_id: i32, istituto_id: i32 },
    /// A plesso (or a record of it).
    Plesso {
        ats_id: i32,
        istituto_id: i32,
        plesso_id: i32,
    },
}

impl Scope {
    pub fn covers(&self, target: &Target) -> bool {
        match (*self, *target) {
            (_, Target::Caller) => true,
            (Scope::All, _) => true,
            (Scope::Nothing, _) => false,
            (Scope::Ats(a), Target::Ats(t)) => a == t,
            (Scope::Ats(a), Target::Istituto { ats_id, .. } | Target::Plesso { ats_id, .. }) => {
                a == ats_id
            }
            (Scope::Istituto { .. } | Scope::Plesso { .. }, Target::Ats(_)) => false,
            (
                Scope::Istituto { istituto_id: i, .. },
                Target::Istituto { istituto_id, .. } | Target::Plesso { istituto_id, .. },
            ) => i == istituto_id,
            // A referente sees its istituto's name, and only its own plesso.
            (Scope::Plesso { istituto_id: i, .. }, Target::Istituto { istituto_id, .. }) => {
                i == istituto_id
            }
            (Scope::Plesso { plesso_id: p, .. }, Target::Plesso { plesso_id, .. }) => {
                p == plesso_id
            }
        }
    }

    /// The ATS the scope is confined to (None for administrators).
    pub fn ats_id(&self) -> Option<i32> {
        match *self {
            Scope::Ats(a) => Some(a),
            Scope::Istituto { ats_id, .. } | Scope::Plesso { ats_id, .. } => Some(ats_id),
            Scope::All | Scope::Nothing => None,
        }
    }
}

/// Who may call a server function: declared once per function in the
/// server's registry, checked on every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone, logged in or not: reference data, no personal data stored.
    Public,
    /// Any logged-in account; targets are checked against its scope.
    Authenticated,
    /// Only these roles; targets are checked against the caller's scope.
    Roles(&'static [Role]),
    /// The work of one module: the roles and delegations of
    /// [`module_access`]; targets are checked against the caller's scope.
    Module(Module),
}

/// Why a call was refused. Each maps to one Italian message and HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody is logged in (401).
    Unauthenticated,
    /// The role may not call this function at all (403).
    Forbidden,
    /// The record is outside the caller's scope, answered exactly like a
    /// missing one (404) so refusals never reveal that it exists.
    NotFound,
    /// The module is not (or no longer) open to the caller (403), with the
    /// reason the user reads.
    Module(ModuleRefusal),
}

/// A refusal as the caller reads it: the same status and sentence on every
/// server function.
impl From<Refusal> for crate::error::AppError {
    fn from(refusal: Refusal) -> Self {
        use crate::error::AppError;
        match refusal {
            Refusal::Unauthenticated => AppError::Unauthenticated,
            Refusal::Forbidden => AppError::Forbidden,
            Refusal::NotFound => AppError::NotFound,
            Refusal::Module(reason) => AppError::Module(reason.to_string()),
        }
    }
}

impl Policy {
    /// The decision for `caller` touching `target`.
    pub fn check(&self, caller: Option<&Identity>, target: &Target) -> Result<(), Refusal> {
        let who = match (self, caller) {
            (Policy::Public, _) => return Ok(()),
            (_, None) => return Err(Refusal::Unauthenticated),
            (_, Some(who)) => who,
        };
        match self {
            Policy::Roles(roles) if !roles.contains(&who.role) => return Err(Refusal::Forbidden),
            Policy::Module(module) => module_access(who.role, who.delegation.as_ref(), *module)
                .map_err(Refusal::Module)?,
            _ => {}
        }
        who.check(target)
    }

    /// Whether the policy lets `role` in at all (before any target).
    pub fn admits(&self, role: Option<Role>) -> bool {
        match (self, role) {
            (Policy::Public, _) => true,
            (_, None) => false,
            (Policy::Authenticated, Some(_)) => true,
            (Policy::Roles(roles), Some(role)) => roles.contains(&role),
            (Policy::Module(module), Some(role)) => role_may_reach(role, *module),
        }
    }
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
