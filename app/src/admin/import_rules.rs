//! The registry upload's addresses and the messages of a refused upload,
//! shared by the form (which shows them) and the server (which names them
//! in its redirect by a fixed code, so no text travels in the URL).

/// Where the "Importa anagrafe" form posts (multipart) and, followed by
/// `/{id}`, the page of the import job.
pub const UPLOAD_PATH: &str = "/amministrazione/importa";

/// Query parameter of the schools page naming a refused upload.
pub const ERROR_PARAM: &str = "importa";

/// Why an upload was refused before any job was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    /// No ATS chosen, or one that does not exist.
    Ats,
    /// No file chosen.
    NoFile,
    /// A file of zero bytes.
    Empty,
}

impl UploadRefusal {
    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::Ats => "ats",
            UploadRefusal::NoFile => "file",
            UploadRefusal::Empty => "vuoto",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            UploadRefusal::Ats,
            UploadRefusal::NoFile,
            UploadRefusal::Empty,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    /// The form field the message goes beside.
    pub fn field(self) -> &'static str {
        match self {
            UploadRefusal::Ats => "ats_id",
            UploadRefusal::NoFile | UploadRefusal::Empty => "file",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            UploadRefusal::Ats => "Scegliere l'ATS in cui importare le scuole.",
            UploadRefusal::NoFile => "Scegliere il file CSV da importare.",
            UploadRefusal::Empty => "Il file scelto è vuoto: scegliere il file CSV dell'anagrafe.",
        }
    }

    /// The schools page showing this refusal beside its field.
    pub fn redirect(self) -> String {
        format!(
            "/amministrazione/scuole?{ERROR_PARAM}={}#importa",
            self.code()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_show_nothing() {
        for r in [
            UploadRefusal::Ats,
            UploadRefusal::NoFile,
            UploadRefusal::Empty,
        ] {
            assert_eq!(UploadRefusal::from_code(r.code()), Some(r));
        }
        assert_eq!(UploadRefusal::from_code("<script>"), None);
        assert_eq!(
            UploadRefusal::NoFile.redirect(),
            "/amministrazione/scuole?importa=file#importa"
        );
    }
}
