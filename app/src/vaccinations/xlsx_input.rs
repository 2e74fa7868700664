//! A school's file sent as an Excel workbook (server only): its first sheet
//! becomes the CSV text the row rules read (UTF-8, `;`), dates as
//! dd/mm/yyyy, whole numbers without a decimal point.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// The refusal of a workbook that cannot be read.
pub const UNREADABLE: &str =
    "Il foglio Excel non è leggibile: salvarlo di nuovo in formato .xlsx o come CSV e ricaricarlo.";

/// Whether `bytes` look like an .xlsx workbook (a ZIP archive).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first sheet as CSV.
pub fn to_csv(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| UNREADABLE)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("Il foglio Excel non contiene fogli di lavoro.")?
        .map_err(|_| UNREADABLE)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        writer.write_record(&cells).map_err(|_| UNREADABLE)?;
    }
    writer.into_inner().map_err(|_| UNREADABLE)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "VERO" } else { "FALSO" }.to_owned(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_workbook_reads_back_as_csv() {
        let rows = vec![
            vec!["codice_fiscale".to_owned(), "data_nascita".to_owned()],
            vec!["RSSMRA15A01F205X".to_owned(), "01/01/2015".to_owned()],
        ];
        let bytes = crate::tabular::write_xlsx("Iscritti", rows).unwrap();
        assert!(is_xlsx(&bytes));
        let csv = String::from_utf8(to_csv(&bytes).unwrap()).unwrap();
        assert_eq!(
            csv,
            "codice_fiscale;data_nascita\nRSSMRA15A01F205X;01/01/2015\n"
        );
        assert_eq!(to_csv(b"PK\x03\x04garbage"), Err(UNREADABLE));
    }
}
