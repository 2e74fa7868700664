//! XLSX output (server only: rust_xlsxwriter stays out of the WASM build).

use rust_xlsxwriter::{Format, Workbook};
use thiserror::Error;

/// Why a workbook could not be written (a sheet name Excel refuses, more
/// rows or columns than a sheet holds).
#[derive(Debug, Error)]
#[error("impossibile creare il file Excel: {0}")]
pub struct XlsxError(#[from] rust_xlsxwriter::XlsxError);

/// One sheet named `sheet`: the first row in bold as the header, then the
/// rows. Every cell is a string cell, which Excel shows and never evaluates,
/// so text like `=SUM(A1)` needs no `'` here (unlike CSV) and is kept as
/// typed. Column widths are fitted to the content.
pub fn write_xlsx<R, C>(sheet: &str, rows: R) -> Result<Vec<u8>, XlsxError>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet)?;
    for (r, cells) in rows.into_iter().enumerate() {
        let r = u32::try_from(r).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
        for (c, cell) in cells.into_iter().enumerate() {
            let c =
                u16::try_from(c).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            if r == 0 {
                worksheet.write_string_with_format(r, c, cell.as_ref(), &bold)?;
            } else {
                worksheet.write_string(r, c, cell.as_ref())?;
            }
        }
    }
    worksheet.autofit();
    Ok(workbook.save_to_buffer()?)
}
