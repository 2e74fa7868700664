//! What the LOVS pages show, as the server sends it (pure, shared with the
//! browser): a school's uploads and their outcome, the registry extract in
//! force, each school's state for the ATS. Times come formatted in Rome's
//! time by the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::compliance::Outcome;
use super::outcome_file::{SCARTATO, description};
use crate::jobs::{JobState, JobView};

/// One problem of one row of a school's file (header = row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub message: String,
    pub warning: bool,
}

/// Pupils per outcome key (`in_regola`, …, and `scartato` for rows in error).
pub type Counts = BTreeMap<String, i64>;

/// The outcome keys in the order the pages list them, with their wording.
pub fn outcome_columns() -> Vec<(&'static str, &'static str)> {
    let mut columns: Vec<(&'static str, &'static str)> = [
        Outcome::InRegola,
        Outcome::NonInRegola,
        Outcome::InCorso,
        Outcome::EsoneratoDifferito,
        Outcome::NonPresente,
    ]
    .into_iter()
    .map(|o| (o.key(), description(o)))
    .collect();
    columns.push((SCARTATO, "Scartati (righe con errori)"));
    columns
}

/// The state of an upload as the school reads it (seed 000's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadState {
    Caricato,
    InElaborazione,
    Elaborato,
    Errore,
}

impl UploadState {
    pub fn of(job: JobState) -> Self {
        match job {
            JobState::Queued => UploadState::Caricato,
            JobState::Running => UploadState::InElaborazione,
            JobState::Done => UploadState::Elaborato,
            JobState::Failed => UploadState::Errore,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UploadState::Caricato => "caricato",
            UploadState::InElaborazione => "in elaborazione",
            UploadState::Elaborato => "elaborato",
            UploadState::Errore => "errore",
        }
    }
}

/// One upload in the school's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRow {
    pub id: i32,
    pub file_name: String,
    pub uploaded_by: String,
    /// "dd/mm/yyyy hh:mm".
    pub uploaded_at: String,
    /// "dd/mm/yyyy".
    pub check_date: String,
    pub job: JobView,
    pub rows: i64,
    pub valid: i64,
    pub with_errors: i64,
    pub counts: Counts,
}

impl UploadRow {
    pub fn state(&self) -> UploadState {
        UploadState::of(self.job.state)
    }

    /// Rows done of rows in the file, for the progress bar.
    pub fn progress(&self) -> (i64, i64) {
        (self.job.done, self.job.total)
    }
}

/// A school's LOVS page: its istituto and its uploads, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolUploads {
    pub istituto: String,
    pub uploads: Vec<UploadRow>,
    /// The ATS has no registry extract in force yet: uploads wait for it.
    pub registry_missing: bool,
}

/// One upload with its row problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadDetail {
    pub upload: UploadRow,
    pub istituto: String,
    pub problems: Vec<RowProblem>,
}

/// The registry extract in force for an ATS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryInfo {
    pub file_name: String,
    pub loaded_by: String,
    /// "dd/mm/yyyy hh:mm".
    pub loaded_at: String,
    pub pupils: i64,
    pub rows: i64,
    pub rejected_rows: i64,
}

/// What a registry import did, once its job is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryOutcome {
    pub pupils: i64,
    pub rows: i64,
    pub rejected_rows: i64,
    /// The first row errors: (row, message).
    pub errors: Vec<(usize, String)>,
}

/// One istituto of the territory, for the ATS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolState {
    pub codice: String,
    pub name: String,
    /// The latest upload's state, None when the school has uploaded nothing.
    pub state: Option<UploadState>,
    pub uploaded_at: Option<String>,
    /// The latest processed upload's counts.
    pub counts: Counts,
}

impl SchoolState {
    /// Pupils checked against the registry (rows in error excluded).
    pub fn checked(&self) -> i64 {
        self.counts
            .iter()
            .filter(|(k, _)| k.as_str() != SCARTATO)
            .map(|(_, n)| *n)
            .sum()
    }

    /// Share of the checked pupils with outcome `key`, "12,5 %".
    pub fn rate(&self, key: &str) -> String {
        percent(self.counts.get(key).copied().unwrap_or(0), self.checked())
    }
}

/// `part` of `whole` as an Italian percentage with one decimal ("–" of 0).
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "–".to_owned();
    }
    // Integer arithmetic in tenths: exact and the same everywhere.
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{},{} %", tenths / 10, tenths % 10)
}

/// The ATS's LOVS page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtsOverview {
    pub ats: String,
    pub registry: Option<RegistryInfo>,
    /// A registry import in progress (or just finished) started by the caller.
    pub schools: Vec<SchoolState>,
}

/// The module's page: a school's uploads, or the ATS's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LovsHome {
    School(SchoolUploads),
    Ats(AtsOverview),
}

/// One letter to the family of a pupil not in order (LOVS-RULES.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub cognome: String,
    pub nome: String,
    pub data_nascita: String,
    pub classe: String,
    pub sezione: String,
    pub plesso: String,
    /// The missing vaccinations in words ("poliomielite (dose 2)", …).
    pub mancanti: Vec<String>,
    pub in_corso: bool,
}

/// The letters of one upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letters {
    pub istituto: String,
    /// "dd/mm/yyyy": the date printed on the letters.
    pub today: String,
    /// "10/07/yyyy": the deadline for the documents.
    pub deadline: String,
    pub letters: Vec<Letter>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_in_tenths() {
        assert_eq!(percent(1, 8), "12,5 %");
        assert_eq!(percent(2, 3), "66,7 %");
        assert_eq!(percent(0, 5), "0,0 %");
        assert_eq!(percent(3, 0), "–");
    }

    #[test]
    fn rates_exclude_rows_in_error() {
        let state = SchoolState {
            codice: "X".into(),
            name: "X".into(),
            state: Some(UploadState::Elaborato),
            uploaded_at: None,
            counts: [("in_regola", 3), ("non_in_regola", 1), (SCARTATO, 6)]
                .into_iter()
                .map(|(k, n)| (k.to_owned(), n))
                .collect(),
        };
        assert_eq!(state.checked(), 4);
        assert_eq!(state.rate("in_regola"), "75,0 %");
    }
}
