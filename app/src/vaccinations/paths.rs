//! The module's addresses and the messages of a refused upload, shared by
//! the forms (which show them) and the server (which names them in its
//! redirect by a fixed code, so no text travels in the URL).

/// The module's page: a school's uploads, or the ATS's overview.
pub const HOME: &str = "/obbligo-vaccinale";
/// Where the school's upload form posts (multipart).
pub const UPLOAD_PATH: &str = "/obbligo-vaccinale/carica";
/// Where the ATS's registry form posts (multipart); `/{job}` its job page.
pub const REGISTRY_PATH: &str = "/obbligo-vaccinale/anagrafe";
/// The registry import's job kind (its page shows only such jobs).
pub const REGISTRY_JOB_KIND: &str = "lovs_registry_import";

/// The help page on the file's format, and the templates.
pub const FORMAT_PATH: &str = "/obbligo-vaccinale/formato";
pub const TEMPLATE_CSV: &str = "/obbligo-vaccinale/modello.csv";
pub const TEMPLATE_XLSX: &str = "/obbligo-vaccinale/modello.xlsx";
/// The ATS's export of every school's state and rates.
pub const ATS_EXPORT: &str = "/obbligo-vaccinale/esiti.csv";

/// An upload's page and its downloads.
pub fn upload_page(id: i32) -> String {
    format!("/obbligo-vaccinale/caricamenti/{id}")
}

pub fn outcome_csv(id: i32) -> String {
    format!("/obbligo-vaccinale/caricamenti/{id}/esito.csv")
}

pub fn outcome_xlsx(id: i32) -> String {
    format!("/obbligo-vaccinale/caricamenti/{id}/esito.xlsx")
}

pub fn errors_csv(id: i32) -> String {
    format!("/obbligo-vaccinale/caricamenti/{id}/errori.csv")
}

pub fn letters(id: i32) -> String {
    format!("/obbligo-vaccinale/caricamenti/{id}/lettere")
}

/// Query parameter of the module's page naming a refused upload.
pub const ERROR_PARAM: &str = "errore";

/// Why an upload was refused before any job was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    /// No file chosen.
    NoFile,
    /// A file of zero bytes.
    Empty,
    /// Neither CSV nor an Excel workbook by its name.
    Kind,
}

impl UploadRefusal {
    pub const ALL: [UploadRefusal; 3] = [
        UploadRefusal::NoFile,
        UploadRefusal::Empty,
        UploadRefusal::Kind,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::NoFile => "file",
            UploadRefusal::Empty => "vuoto",
            UploadRefusal::Kind => "tipo",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            UploadRefusal::NoFile => "Scegliere il file degli iscritti da caricare.",
            UploadRefusal::Empty => "Il file scelto è vuoto: scegliere il file degli iscritti.",
            UploadRefusal::Kind => {
                "Il file deve essere in formato CSV (.csv) o Excel (.xlsx): vedere «Formato del file»."
            }
        }
    }

    /// The page showing this refusal beside the file field (`to`: the
    /// module's page or the ATS's).
    pub fn redirect(self, to: &str) -> String {
        format!("{to}?{ERROR_PARAM}={}#carica", self.code())
    }
}

/// Whether a file name is one the upload accepts (.csv, .txt or .xlsx).
pub fn accepted_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".csv", ".txt", ".xlsx"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_show_nothing() {
        for r in UploadRefusal::ALL {
            assert_eq!(UploadRefusal::from_code(r.code()), Some(r));
        }
        assert_eq!(UploadRefusal::from_code("<script>"), None);
        assert_eq!(
            UploadRefusal::Empty.redirect(HOME),
            "/obbligo-vaccinale?errore=vuoto#carica"
        );
    }

    #[test]
    fn csv_and_workbooks_are_accepted_by_name() {
        assert!(accepted_name("iscritti 2026.CSV"));
        assert!(accepted_name("iscritti.xlsx"));
        assert!(!accepted_name("iscritti.pdf"));
    }
}
