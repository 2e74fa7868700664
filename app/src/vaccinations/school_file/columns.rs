//! The columns of the school's file: eight mandatory ones, found by their
//! header in any order and however they are typed ("Codice Fiscale",
//! "CODICE_FISCALE", "codice fiscale" are one column).

use crate::tabular::normalise_header;

/// A mandatory column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    CodiceFiscale,
    Cognome,
    Nome,
    DataNascita,
    Sesso,
    CodicePlesso,
    Classe,
    Sezione,
}

/// The mandatory columns, in the order the format page lists them.
pub const COLUMNS: [Column; 8] = [
    Column::CodiceFiscale,
    Column::Cognome,
    Column::Nome,
    Column::DataNascita,
    Column::Sesso,
    Column::CodicePlesso,
    Column::Classe,
    Column::Sezione,
];

impl Column {
    /// The column's name as the format publishes it (and as problems name it).
    pub fn name(self) -> &'static str {
        match self {
            Column::CodiceFiscale => "codice_fiscale",
            Column::Cognome => "cognome",
            Column::Nome => "nome",
            Column::DataNascita => "data_nascita",
            Column::Sesso => "sesso",
            Column::CodicePlesso => "codice_plesso",
            Column::Classe => "classe",
            Column::Sezione => "sezione",
        }
    }

    /// The column a header names, if it is a mandatory one.
    pub fn of_header(header: &str) -> Option<Column> {
        let normal = normalise_header(header);
        COLUMNS.into_iter().find(|c| c.name() == normal)
    }
}

/// Where each mandatory column is in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    positions: [usize; 8],
}

impl Layout {
    /// The layout of `headers`, or the missing / repeated columns.
    pub(super) fn of<'a>(
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<Layout, super::FileRejected> {
        let mut found: [Option<usize>; 8] = [None; 8];
        for (at, header) in headers.into_iter().enumerate() {
            if let Some(column) = Column::of_header(header) {
                let slot = &mut found[column as usize];
                if slot.is_some() {
                    return Err(super::FileRejected::DuplicateColumn(column.name()));
                }
                *slot = Some(at);
            }
        }
        let missing: Vec<&'static str> = COLUMNS
            .into_iter()
            .filter(|c| found[*c as usize].is_none())
            .map(Column::name)
            .collect();
        if !missing.is_empty() {
            return Err(super::FileRejected::MissingColumns(missing));
        }
        let mut positions = [0; 8];
        for (slot, at) in positions.iter_mut().zip(found) {
            *slot = at.unwrap_or_default();
        }
        Ok(Layout { positions })
    }

    /// The trimmed value of `column` in `record` (empty when the row is short).
    pub(super) fn value<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        record
            .get(self.positions[column as usize])
            .unwrap_or_default()
            .trim()
    }
}
