//! What the "Verifica codice fiscale" page shows about a valid code: the
//! same summary computed in the browser and on the server, so the two
//! answers can be compared field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FiscalId, Sex};

/// Summary of a valid code. `place` is filled by the server only (the comuni
/// table is not shipped to the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CfReport {
    pub code: String,
    /// "Codice fiscale", "Codice fiscale provvisorio", "Codice STP", "Codice ENI".
    pub kind: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// Belfiore code with omocodia resolved.
    pub belfiore: Option<String>,
    pub foreign: bool,
    pub omocode: bool,
    /// The code with omocodia resolved, when it differs.
    pub canonical: Option<String>,
    pub place: Option<String>,
}

impl CfReport {
    pub fn of(id: &FiscalId) -> Self {
        let base = CfReport {
            code: id.as_str().to_owned(),
            kind: String::new(),
            birth_date: None,
            sex: None,
            belfiore: None,
            foreign: false,
            omocode: false,
            canonical: None,
            place: None,
        };
        match id {
            FiscalId::Personal(cf) => CfReport {
                kind: "Codice fiscale".to_owned(),
                birth_date: Some(cf.birth_date()),
                sex: Some(cf.sex()),
                belfiore: Some(cf.belfiore().as_str().to_owned()),
                foreign: cf.is_foreign(),
                omocode: cf.is_omocode(),
                canonical: cf.is_omocode().then(|| cf.canonical().as_str().to_owned()),
                ..base
            },
            FiscalId::Temporary(_) => CfReport {
                kind: "Codice fiscale provvisorio (numerico)".to_owned(),
                ..base
            },
            FiscalId::Stp(_) => CfReport {
                kind: "Codice STP (straniero temporaneamente presente)".to_owned(),
                ..base
            },
            FiscalId::Eni(_) => CfReport {
                kind: "Codice ENI (europeo non iscritto)".to_owned(),
                ..base
            },
        }
    }

    /// Equal apart from what only the server knows.
    pub fn agrees_with(&self, other: &CfReport) -> bool {
        CfReport {
            place: None,
            ..self.clone()
        } == CfReport {
            place: None,
            ..other.clone()
        }
    }
}
