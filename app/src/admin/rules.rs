//! The administrator's forms and their checks (pure, shared with the
//! browser): ATS, istituto, plesso, account.

use serde::{Deserialize, Serialize};

use crate::codice_fiscale::{Accept, parse_fiscal_id};
use crate::error::FieldErrors;
use crate::identity::Role;
use crate::schools::{CodiceMeccanografico, SchoolType};
use crate::validation::email::normalize_email;

/// "ATS": create (no id) or edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtsForm {
    #[serde(default)]
    pub id: Option<i32>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Province sigle, comma- or space-separated ("MI, LO").
    #[serde(default)]
    pub provinces: String,
    /// ISTAT codes of the chief comuni (6 digits), comma- or space-separated.
    #[serde(default)]
    pub chief_comuni: String,
}

/// A valid ATS, lists normalised to "MI,LO".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAts {
    pub code: String,
    pub name: String,
    pub provinces: String,
    pub chief_comuni: String,
}

fn items(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase)
        .collect()
}

fn required(errors: &mut FieldErrors, field: &str, value: &str, what: &str, max: usize) -> String {
    let text = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        errors.add(field, format!("Inserire {what}."));
    } else if text.chars().count() > max {
        errors.add(
            field,
            format!("Testo troppo lungo: al massimo {max} caratteri."),
        );
    }
    text
}

pub fn validate_ats(form: &AtsForm) -> Result<ValidAts, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = required(
        &mut errors,
        "code",
        &form.code,
        "il codice dell'ATS (ad esempio ATS-MI)",
        20,
    )
    .to_uppercase();
    if code
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '-'))
    {
        errors.add(
            "code",
            "Il codice può contenere solo lettere, cifre e trattini.",
        );
    }
    let name = required(&mut errors, "name", &form.name, "il nome dell'ATS", 200);
    let provinces = items(&form.provinces);
    if provinces.is_empty() {
        errors.add(
            "provinces",
            "Indicare almeno una provincia (sigla di due lettere, ad esempio MI).",
        );
    } else if let Some(bad) = provinces
        .iter()
        .find(|p| p.len() != 2 || !p.chars().all(|c| c.is_ascii_uppercase()))
    {
        errors.add(
            "provinces",
            format!("\"{bad}\" non è una sigla di provincia: usare due lettere, ad esempio MI."),
        );
    }
    let chief = items(&form.chief_comuni);
    if let Some(bad) = chief
        .iter()
        .find(|c| c.len() != 6 || !c.chars().all(|d| d.is_ascii_digit()))
    {
        errors.add(
            "chief_comuni",
            format!("\"{bad}\" non è un codice ISTAT di comune: usare 6 cifre, ad esempio 015146 per Milano."),
        );
    }
    errors.into_result_with(ValidAts {
        code,
        name,
        provinces: provinces.join(","),
        chief_comuni: chief.join(","),
    })
}

/// "Istituto": create or edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IstitutoForm {
    #[serde(default)]
    pub id: Option<i32>,
    #[serde(default)]
    pub codice: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ats_id: Option<i32>,
    /// Belfiore code of the comune (e.g. F205 for Milano).
    #[serde(default)]
    pub comune_belfiore: String,
}

/// "Plesso": create or edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlessoForm {
    #[serde(default)]
    pub id: Option<i32>,
    #[serde(default)]
    pub codice: String,
    #[serde(default)]
    pub istituto_id: Option<i32>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub comune_belfiore: String,
    #[serde(default)]
    pub address: String,
    /// `SchoolType::key`.
    #[serde(default)]
    pub school_type: String,
}

fn codice(errors: &mut FieldErrors, value: &str) -> String {
    match CodiceMeccanografico::parse(value) {
        Ok(c) => c.as_str().to_owned(),
        Err(e) => {
            errors.add("codice", e.to_string());
            String::new()
        }
    }
}

fn belfiore(errors: &mut FieldErrors, value: &str) -> String {
    let code = value.trim().to_uppercase();
    let mut chars = code.chars();
    let ok = code.len() == 4
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_digit());
    if !ok {
        errors.add(
            "comune_belfiore",
            "Indicare il codice catastale del comune: una lettera e tre cifre, ad esempio F205 per Milano.",
        );
    }
    code
}

/// Checks an istituto; returns it normalised (codice and Belfiore upper-case).
pub fn validate_istituto(form: &IstitutoForm) -> Result<IstitutoForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let codice = codice(&mut errors, &form.codice);
    let name = required(
        &mut errors,
        "name",
        &form.name,
        "il nome dell'istituto",
        200,
    );
    if form.ats_id.is_none() {
        errors.add("ats_id", "Scegliere l'ATS competente.");
    }
    let comune_belfiore = belfiore(&mut errors, &form.comune_belfiore);
    errors.into_result_with(IstitutoForm {
        id: form.id,
        codice,
        name,
        ats_id: form.ats_id,
        comune_belfiore,
    })
}

/// Checks a plesso; returns it normalised.
pub fn validate_plesso(form: &PlessoForm) -> Result<PlessoForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let codice = codice(&mut errors, &form.codice);
    if form.istituto_id.is_none() {
        errors.add(
            "istituto_id",
            "Scegliere l'istituto a cui appartiene il plesso.",
        );
    }
    let name = required(&mut errors, "name", &form.name, "il nome del plesso", 200);
    let comune_belfiore = belfiore(&mut errors, &form.comune_belfiore);
    let address = required(&mut errors, "address", &form.address, "l'indirizzo", 300);
    if SchoolType::from_key(&form.school_type).is_none() {
        errors.add("school_type", "Scegliere il tipo di scuola.");
    }
    errors.into_result_with(PlessoForm {
        id: form.id,
        codice,
        istituto_id: form.istituto_id,
        name,
        comune_belfiore,
        address,
        school_type: form.school_type.clone(),
    })
}

/// "Nuovo account" / "Modifica account".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub id: Option<i32>,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub codice_fiscale: String,
    #[serde(default)]
    pub email: String,
    /// `Role::key`.
    #[serde(default)]
    pub role: String,
    /// "ats:ID", "istituto:ID", "plesso:ID" or empty (administrators).
    #[serde(default)]
    pub placement: String,
    /// "password" (an initial one is generated and shown once) or "spid".
    #[serde(default)]
    pub login: String,
}

/// Where an account works, parsed from the form's `placement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementChoice {
    None,
    Ats(i32),
    Istituto(i32),
    Plesso(i32),
}

/// A valid account form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccount {
    pub username: String,
    pub full_name: String,
    pub codice_fiscale: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub placement: PlacementChoice,
    pub with_password: bool,
}

pub fn parse_placement(text: &str) -> Option<PlacementChoice> {
    let text = text.trim();
    if text.is_empty() {
        return Some(PlacementChoice::None);
    }
    let (kind, id) = text.split_once(':')?;
    let id: i32 = id.trim().parse().ok()?;
    match kind {
        "ats" => Some(PlacementChoice::Ats(id)),
        "istituto" => Some(PlacementChoice::Istituto(id)),
        "plesso" => Some(PlacementChoice::Plesso(id)),
        _ => None,
    }
}

/// Whether `placement` is the kind `role` needs.
pub fn placement_fits(role: Role, placement: PlacementChoice) -> bool {
    matches!(
        (role, placement),
        (Role::Amministratore, PlacementChoice::None)
            | (Role::OperatoreAts, PlacementChoice::Ats(_))
            | (
                Role::Dirigente | Role::Delegato,
                PlacementChoice::Istituto(_)
            )
            | (Role::ReferentePlesso, PlacementChoice::Plesso(_))
    )
}

pub fn validate_account(
    form: &AccountForm,
    today: chrono::NaiveDate,
) -> Result<ValidAccount, FieldErrors> {
    let mut errors = FieldErrors::new();
    let username = form.username.trim().to_lowercase();
    if form.id.is_none() {
        if username.is_empty() || username.chars().count() > 100 {
            errors.add(
                "username",
                "Indicare un nome utente di al massimo 100 caratteri.",
            );
        } else if username
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        {
            errors.add("username", "Il nome utente può contenere solo lettere, cifre, punti, trattini e trattini bassi.");
        }
    }
    let full_name = required(
        &mut errors,
        "full_name",
        &form.full_name,
        "nome e cognome",
        200,
    );
    let codice_fiscale = if form.codice_fiscale.trim().is_empty() {
        None
    } else {
        parse_fiscal_id(&form.codice_fiscale, today, Accept::PERSONAL)
            .map_err(|e| errors.add("codice_fiscale", e.to_string()))
            .ok()
            .map(|cf| cf.as_str().to_owned())
    };
    let email = if form.email.trim().is_empty() {
        None
    } else {
        normalize_email(&form.email)
            .map_err(|e| errors.add("email", e.to_string()))
            .ok()
    };
    let role = Role::from_key(&form.role);
    if role.is_none() {
        errors.add("role", "Scegliere il ruolo.");
    }
    let placement = parse_placement(&form.placement);
    match (role, placement) {
        (Some(role), Some(p)) if placement_fits(role, p) => {}
        (Some(role), _) => errors.add(
            "placement",
            match role {
                Role::Amministratore => "L'amministratore non va assegnato ad alcuna ATS o scuola.",
                Role::OperatoreAts => "Scegliere l'ATS dell'operatore.",
                Role::Dirigente | Role::Delegato => "Scegliere l'istituto.",
                Role::ReferentePlesso => "Scegliere il plesso.",
            },
        ),
        (None, _) => {}
    }
    let with_password = form.login != "spid";
    if !with_password && codice_fiscale.is_none() {
        errors.add(
            "codice_fiscale",
            "Per l'accesso solo con SPID o CIE serve il codice fiscale.",
        );
    }
    match (role, placement) {
        (Some(role), Some(placement)) if errors.is_empty() => Ok(ValidAccount {
            username,
            full_name,
            codice_fiscale,
            email,
            role,
            placement,
            with_password,
        }),
        _ => Err(errors),
    }
}

trait IntoResultWith {
    fn into_result_with<T>(self, value: T) -> Result<T, FieldErrors>;
}

impl IntoResultWith for FieldErrors {
    fn into_result_with<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
