//! The rules of a delegation, shared by the browser and the server: the
//! form's validation, a delegation's state on a given day, and what a
//! delegate's delegations allow today. Pure: "today" is an argument.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codice_fiscale::{Accept, parse_fiscal_id};
use crate::error::FieldErrors;
use crate::identity::{DelegationGrants, Module, Standing};
use crate::validation::dates::{format_date_it, parse_date_it};
use crate::validation::email::normalize_email;

/// Field keys, equal to the keys of [`DelegationForm`] (inputs are named
/// `form[<key>]`).
pub const CODICE_FISCALE: &str = "codice_fiscale";
pub const FULL_NAME: &str = "full_name";
pub const EMAIL: &str = "email";
pub const MODULES: &str = "modules";
pub const START_DATE: &str = "start_date";
pub const END_DATE: &str = "end_date";

/// Longest name kept (the column's size).
const NAME_MAX: usize = 200;

/// "Nuova delega" as typed. Each module is a checkbox: present ("on") when
/// ticked, absent otherwise, so the form posts without JavaScript too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationForm {
    #[serde(default)]
    pub codice_fiscale: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub vaccinations: Option<String>,
    #[serde(default)]
    pub cases: Option<String>,
    #[serde(default)]
    pub removals: Option<String>,
    #[serde(default)]
    pub absences: Option<String>,
    /// dd/mm/yyyy
    #[serde(default)]
    pub start_date: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub end_date: String,
}

impl DelegationForm {
    /// The ticked modules, in menu order.
    pub fn modules(&self) -> Vec<Module> {
        let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty() && v != "off");
        Module::ALL
            .into_iter()
            .filter(|m| match m {
                Module::Vaccinations => ticked(&self.vaccinations),
                Module::Cases => ticked(&self.cases),
                Module::Removals => ticked(&self.removals),
                Module::Absences => ticked(&self.absences),
            })
            .collect()
    }
}

/// A delegation that passed every check, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDelegation {
    pub codice_fiscale: String,
    pub full_name: String,
    pub email: String,
    pub modules: Vec<Module>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// Checks a new delegation: a personal codice fiscale, a name, a valid
/// e-mail, at least one module, dates as dd/mm/yyyy with the start not
/// before `today` and the end not before the start. Every failing field
/// gets its own message.
pub fn validate(form: &DelegationForm, today: NaiveDate) -> Result<ValidDelegation, FieldErrors> {
    let mut errors = FieldErrors::new();
    let cf = parse_fiscal_id(&form.codice_fiscale, today, Accept::PERSONAL)
        .map_err(|e| errors.add(CODICE_FISCALE, e.to_string()))
        .ok();
    let name = form
        .full_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        errors.add(FULL_NAME, "Inserire nome e cognome della persona delegata.");
    } else if name.chars().count() > NAME_MAX {
        errors.add(
            FULL_NAME,
            "Nome e cognome troppo lunghi: al massimo 200 caratteri.",
        );
    }
    let email = normalize_email(&form.email)
        .map_err(|e| errors.add(EMAIL, e.to_string()))
        .ok();
    let modules = form.modules();
    if modules.is_empty() {
        errors.add(MODULES, "Selezionare almeno un modulo da delegare.");
    }
    let start = match parse_date_it(&form.start_date) {
        Ok(d) if d < today => {
            errors.add(
                START_DATE,
                format!(
                    "La data di inizio non può essere precedente a oggi ({}).",
                    format_date_it(today)
                ),
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(START_DATE, format!("Data di inizio: {e}"));
            None
        }
    };
    let end = match parse_date_it(&form.end_date) {
        Ok(d) if start.is_some_and(|s| d < s) => {
            errors.add(
                END_DATE,
                "La data di fine non può essere precedente alla data di inizio.",
            );
            None
        }
        Ok(d) if d < today => {
            errors.add(END_DATE, "La data di fine non può essere nel passato.");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(END_DATE, format!("Data di fine: {e}"));
            None
        }
    };
    match (cf, email, start, end) {
        (Some(cf), Some(email), Some(start_date), Some(end_date)) if errors.is_empty() => {
            Ok(ValidDelegation {
                codice_fiscale: cf.as_str().to_owned(),
                full_name: name,
                email,
                modules,
                start_date,
                end_date,
            })
        }
        _ => Err(errors),
    }
}

/// A delegation's state on a day (the list's "Stato" column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelegationState {
    /// Starts later.
    Futura,
    Attiva,
    /// Its end date has passed.
    Scaduta,
    /// Revoked by the dirigente (whatever its dates).
    Revocata,
}

impl DelegationState {
    pub fn of(
        start: NaiveDate,
        end: NaiveDate,
        revoked_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        if revoked_on.is_some() {
            DelegationState::Revocata
        } else if today < start {
            DelegationState::Futura
        } else if today > end {
            DelegationState::Scaduta
        } else {
            DelegationState::Attiva
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DelegationState::Futura => "futura",
            DelegationState::Attiva => "attiva",
            DelegationState::Scaduta => "scaduta",
            DelegationState::Revocata => "revocata",
        }
    }

    /// Whether the dirigente may still revoke it.
    pub fn revocable(self) -> bool {
        matches!(self, DelegationState::Futura | DelegationState::Attiva)
    }
}

/// What the grants computation needs of one stored delegation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationFacts {
    pub principal_account_id: i32,
    pub modules: Vec<Module>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

/// What a delegate's delegations (in creation order) allow on `today`, per
/// module, and whom the delegate acts for: granted if any is in force; otherwise "not yet" with the first
/// start if one is pending; otherwise the most recent end (expiry or
/// revocation), so the message names the date that matters.
pub fn grants(delegations: &[DelegationFacts], today: NaiveDate) -> DelegationGrants {
    let mut out = DelegationGrants::default();
    for module in Module::ALL {
        let naming: Vec<&DelegationFacts> = delegations
            .iter()
            .filter(|d| d.modules.contains(&module))
            .collect();
        let state = |d: &DelegationFacts| {
            DelegationState::of(d.start_date, d.end_date, d.revoked_on, today)
        };
        let standing = if let Some(active) = naming
            .iter()
            .rev()
            .find(|d| state(d) == DelegationState::Attiva)
        {
            out.principal_account_id
                .get_or_insert(active.principal_account_id);
            Some(Standing::Granted)
        } else if let Some(start) = naming
            .iter()
            .filter(|d| state(d) == DelegationState::Futura)
            .map(|d| d.start_date)
            .min()
        {
            Some(Standing::NotYet(start))
        } else {
            naming
                .iter()
                .map(|d| match d.revoked_on {
                    Some(on) => (on, Standing::Revoked(on)),
                    None => (d.end_date, Standing::Expired(d.end_date)),
                })
                .max_by_key(|(day, _)| *day)
                .map(|(_, s)| s)
        };
        if let Some(standing) = standing {
            out.modules.push((module, standing));
        }
    }
    // Without a delegation in force the delegate still acts for the
    // principal of the latest one (logging out, reading what is left).
    if out.principal_account_id.is_none() {
        out.principal_account_id = delegations.last().map(|d| d.principal_account_id);
    }
    out
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
