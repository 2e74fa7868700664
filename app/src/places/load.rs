//! Reading `data/places.csv` (written by `data/tools/build_reference.py`).
//!
//! The server embeds the file with `include_str!` and loads it into the
//! database at start, so this must be fast (about 20,000 rows) and must
//! reject a damaged file with a message naming the row and column.

use chrono::NaiveDate;
use thiserror::Error;

use super::place::{Place, PlaceKind};
use crate::tabular::Table;

/// Why `data/places.csv` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlacesError {
    #[error("File dei luoghi non valido: manca la colonna \"{0}\" nell'intestazione.")]
    MissingColumn(String),
    #[error("File dei luoghi non valido alla riga {row}, colonna \"{column}\": {message}.")]
    Row {
        /// 1-based line number (the header is row 1).
        row: usize,
        column: String,
        message: String,
    },
    #[error("File dei luoghi illeggibile alla riga {row}: {message}.")]
    Malformed { row: usize, message: String },
}

const COLUMNS: [&str; 9] = [
    "kind",
    "belfiore",
    "istat",
    "name",
    "province",
    "region",
    "valid_from",
    "valid_to",
    "current",
];

/// Parses the whole file. Columns are matched by header name; every value is
/// checked (kind, a Belfiore code as letter + 3 digits, ISO dates, 1/0), and
/// the first bad row stops the load: the file is ours, so any error is a bug
/// to fix in the generator, not something to skip.
pub fn parse_places_csv(text: &str) -> Result<Vec<Place>, PlacesError> {
    let table = Table::from_text(text).with_separator(b',');
    let mut records = table.records();
    let headers = match records.next() {
        Some(Ok(row)) => row.record,
        Some(Err(bad)) => {
            return Err(PlacesError::Malformed {
                row: bad.number,
                message: bad.error.to_string(),
            });
        }
        None => csv::StringRecord::new(),
    };
    let mut index = [0usize; 9];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| PlacesError::MissingColumn(name.to_string()))?;
    }
    let [
        kind,
        belfiore,
        istat,
        name,
        province,
        region,
        valid_from,
        valid_to,
        current,
    ] = index;

    let mut places = Vec::with_capacity(text.len() / 60);
    for record in records {
        let (row, record) = match record {
            Ok(r) => (r.number, r.record),
            Err(bad) => {
                return Err(PlacesError::Malformed {
                    row: bad.number,
                    message: bad.error.to_string(),
                });
            }
        };
        let field = |i: usize, column: &str| -> Result<&str, PlacesError> {
            record
                .get(i)
                .map(str::trim)
                .ok_or_else(|| bad(row, column, "valore mancante"))
        };
        let optional = |i: usize, column: &str| -> Result<Option<String>, PlacesError> {
            let v = field(i, column)?;
            Ok((!v.is_empty()).then(|| v.to_string()))
        };
        let date = |i: usize, column: &str| -> Result<Option<NaiveDate>, PlacesError> {
            let v = field(i, column)?;
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<NaiveDate>().map(Some).map_err(|_| {
                bad(
                    row,
                    column,
                    &format!("data \"{v}\" non nel formato AAAA-MM-GG"),
                )
            })
        };

        let kind = match field(kind, "kind")? {
            "comune" => PlaceKind::Comune,
            "country" => PlaceKind::Country,
            other => {
                return Err(bad(
                    row,
                    "kind",
                    &format!("tipo \"{other}\" sconosciuto (ammessi: comune, country)"),
                ));
            }
        };
        let code = field(belfiore, "belfiore")?;
        if !is_belfiore_shape(code) {
            return Err(bad(
                row,
                "belfiore",
                &format!("codice \"{code}\" non valido (una lettera e tre cifre)"),
            ));
        }
        let place_name = field(name, "name")?;
        if place_name.is_empty() {
            return Err(bad(row, "name", "nome vuoto"));
        }
        let is_current = match field(current, "current")? {
            "1" => true,
            "0" => false,
            other => {
                return Err(bad(
                    row,
                    "current",
                    &format!("valore \"{other}\" (ammessi: 1, 0)"),
                ));
            }
        };
        places.push(Place {
            kind,
            belfiore: code.to_string(),
            istat: optional(istat, "istat")?,
            name: place_name.to_string(),
            province: optional(province, "province")?,
            region: optional(region, "region")?,
            valid_from: date(valid_from, "valid_from")?,
            valid_to: date(valid_to, "valid_to")?,
            current: is_current,
        });
    }
    Ok(places)
}

fn bad(row: usize, column: &str, message: &str) -> PlacesError {
    PlacesError::Row {
        row,
        column: column.to_string(),
        message: message.to_string(),
    }
}

/// An upper-case letter followed by three ASCII digits.
fn is_belfiore_shape(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 4
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().skip(1).all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "kind,belfiore,istat,name,province,region,valid_from,valid_to,current\n";

    #[test]
    fn parses_rows_with_columns_in_any_order_and_a_bom() {
        let text = "\u{feff}current,name,belfiore,kind,istat,province,region,valid_to,valid_from\n\
                    1,Milano,F205,comune,015146,MI,Lombardia,,1997-07-26\n\
                    0,\"Bannari, di Usellus\",A609,comune,,CA,Sardegna,1947-03-29,1927-10-10\n\
                    1,Albania,Z100,country,,,,,\n";
        let places = parse_places_csv(text).unwrap();
        assert_eq!(places.len(), 3);
        let milano = &places[0];
        assert_eq!(milano.kind, PlaceKind::Comune);
        assert_eq!(milano.istat.as_deref(), Some("015146"));
        assert_eq!(milano.valid_from, NaiveDate::from_ymd_opt(1997, 7, 26));
        assert!(milano.current && milano.valid_to.is_none());
        assert_eq!(places[1].name, "Bannari, di Usellus");
        assert_eq!(places[1].valid_to, NaiveDate::from_ymd_opt(1947, 3, 29));
        assert!(!places[1].current);
        let albania = &places[2];
        assert_eq!(albania.kind, PlaceKind::Country);
        assert_eq!(
            (albania.istat.clone(), albania.province.clone()),
            (None, None)
        );
    }

    #[test]
    fn missing_column_is_reported() {
        let err = parse_places_csv("kind,belfiore,name\ncomune,F205,Milano\n").unwrap_err();
        assert_eq!(err, PlacesError::MissingColumn("istat".to_string()));
        assert!(err.to_string().contains("manca la colonna \"istat\""));
    }

    #[test]
    fn bad_values_name_row_and_column() {
        // Row numbers count the header as row 1.
        let cases = [
            ("comune,F20,,X,,,,,1\n", "belfiore"),
            ("comune,f205,,X,,,,,1\n", "belfiore"),
            ("city,F205,,X,,,,,1\n", "kind"),
            ("comune,F205,,,,,,,1\n", "name"),
            ("comune,F205,,X,,,1997-02-30,,1\n", "valid_from"),
            ("comune,F205,,X,,,,26/07/1997,1\n", "valid_to"),
            ("comune,F205,,X,,,,,yes\n", "current"),
        ];
        for (line, column) in cases {
            let text = format!("{HEADER}comune,H501,,Roma,RM,Lazio,,,1\n{line}");
            match parse_places_csv(&text) {
                Err(PlacesError::Row { row, column: c, .. }) => {
                    assert_eq!((row, c.as_str()), (3, column), "{line}");
                }
                other => panic!("{line}: {other:?}"),
            }
        }
    }

    #[test]
    fn short_row_is_an_error_not_a_panic() {
        let text = format!("{HEADER}comune,F205,015146\n");
        assert!(parse_places_csv(&text).is_err());
    }

    #[test]
    fn header_only_gives_no_places() {
        assert_eq!(parse_places_csv(HEADER).unwrap(), Vec::new());
        assert!(matches!(
            parse_places_csv(""),
            Err(PlacesError::MissingColumn(_))
        ));
    }
}
