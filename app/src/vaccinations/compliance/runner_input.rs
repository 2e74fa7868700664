//! Reading the runner's JSON by hand from a `serde_json::Value`, so every
//! error can name the pupil and the field (serde's derive would only say
//! "invalid type at line 1 column 412").

use std::fmt;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::model::{Dose, Exemption, ExemptionKind, PupilRecord, Vaccine};
use super::runner_error::{FieldProblem, PupilRef, RunnerError, shown};

/// One pupil of the file, ready for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PupilInput {
    pub id: String,
    pub check_date: NaiveDate,
    pub record: PupilRecord,
}

/// Parses the whole file; the first problem found rejects it.
/// A UTF-8 BOM (Notepad and Excel write one) is dropped first: JSON itself
/// forbids it, but it says nothing about the content.
pub(super) fn parse(input: &[u8]) -> Result<Vec<PupilInput>, RunnerError> {
    let input = crate::tabular::without_bom(input);
    let value: Value = serde_json::from_slice(input).map_err(|e| RunnerError::Json {
        problem: match e.classify() {
            serde_json::error::Category::Eof => "file troncato",
            _ => "errore di sintassi",
        },
        line: e.line(),
        column: e.column(),
    })?;
    let Value::Array(items) = value else {
        return Err(RunnerError::NotAnArray {
            found: type_name(&value),
        });
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_pupil(i + 1, item))
        .collect()
}

/// Where a field sits in its pupil: `key`, `list[i]` or `list[i].key`. Kept
/// as parts and formatted only when an error is reported, so reading a valid
/// file builds no path strings.
#[derive(Debug, Clone, Copy)]
struct Path {
    item: Option<(&'static str, usize)>,
    key: Option<&'static str>,
}

impl Path {
    const fn top(key: &'static str) -> Path {
        Path {
            item: None,
            key: Some(key),
        }
    }
    const fn item(list: &'static str, index: usize) -> Path {
        Path {
            item: Some((list, index)),
            key: None,
        }
    }
    const fn key(self, key: &'static str) -> Path {
        Path {
            item: self.item,
            key: Some(key),
        }
    }
    /// The object key this path ends in, used to look the field up.
    fn last(self) -> &'static str {
        self.key.unwrap_or("")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.item, self.key) {
            (Some((list, i)), Some(key)) => write!(f, "{list}[{i}].{key}"),
            (Some((list, i)), None) => write!(f, "{list}[{i}]"),
            (None, Some(key)) => f.write_str(key),
            (None, None) => Ok(()),
        }
    }
}

/// Field reader for one pupil: knows its position and, once read, its id.
struct Reader {
    pupil: PupilRef,
}

impl Reader {
    fn fail(&self, path: Path, problem: FieldProblem) -> RunnerError {
        RunnerError::Field {
            pupil: self.pupil.clone(),
            field: path.to_string(),
            problem,
        }
    }

    fn wrong_type(&self, path: Path, expected: &'static str, found: &Value) -> RunnerError {
        let found = type_name(found);
        self.fail(path, FieldProblem::WrongType { expected, found })
    }

    /// A field that must be present and not `null`.
    fn required<'v>(
        &self,
        object: &'v Map<String, Value>,
        path: Path,
    ) -> Result<&'v Value, RunnerError> {
        match object.get(path.last()) {
            None | Some(Value::Null) => Err(self.fail(path, FieldProblem::Missing)),
            Some(value) => Ok(value),
        }
    }

    fn string<'v>(
        &self,
        object: &'v Map<String, Value>,
        path: Path,
    ) -> Result<&'v str, RunnerError> {
        let value = self.required(object, path)?;
        value
            .as_str()
            .ok_or_else(|| self.wrong_type(path, "un testo", value))
    }

    fn date_value(&self, value: &Value, path: Path) -> Result<NaiveDate, RunnerError> {
        let text = value
            .as_str()
            .ok_or_else(|| self.wrong_type(path, "una data \"AAAA-MM-GG\"", value))?;
        parse_iso_date(text).map_err(|p| self.fail(path, p))
    }

    fn date(&self, object: &Map<String, Value>, path: Path) -> Result<NaiveDate, RunnerError> {
        self.date_value(self.required(object, path)?, path)
    }

    /// An array field; absent or `null` reads as empty.
    fn list<'v>(
        &self,
        object: &'v Map<String, Value>,
        path: Path,
    ) -> Result<&'v [Value], RunnerError> {
        match object.get(path.last()) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.wrong_type(path, "un elenco", other)),
        }
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        path: Path,
    ) -> Result<&'v Map<String, Value>, RunnerError> {
        value
            .as_object()
            .ok_or_else(|| self.wrong_type(path, "un oggetto", value))
    }

    fn vaccine(&self, object: &Map<String, Value>, item: Path) -> Result<Vaccine, RunnerError> {
        let path = item.key("vaccine");
        let key = self.string(object, path)?;
        Vaccine::from_key(key)
            .ok_or_else(|| self.fail(path, FieldProblem::UnknownVaccine(shown(key))))
    }

    fn dose(&self, value: &Value, item: Path) -> Result<Dose, RunnerError> {
        let object = self.object(value, item)?;
        let vaccine = self.vaccine(object, item)?;
        let label = item.key("dose");
        let dose = match object.get(label.last()) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| {
                        self.fail(label, FieldProblem::DoseNumber(shown(&n.to_string())))
                    })?,
            ),
            Some(other) => return Err(self.wrong_type(label, "un numero intero", other)),
        };
        let date = self.date(object, item.key("date"))?;
        Ok(Dose {
            vaccine,
            dose,
            date,
        })
    }

    fn exemption(&self, value: &Value, item: Path) -> Result<Exemption, RunnerError> {
        let object = self.object(value, item)?;
        let vaccine = self.vaccine(object, item)?;
        let kind_path = item.key("kind");
        let kind_key = self.string(object, kind_path)?;
        let kind = ExemptionKind::from_key(kind_key).ok_or_else(|| {
            self.fail(
                kind_path,
                FieldProblem::UnknownExemptionKind(shown(kind_key)),
            )
        })?;
        let until_path = item.key("until");
        let until = match object.get(until_path.last()) {
            None | Some(Value::Null) => None,
            Some(value) => Some(self.date_value(value, until_path)?),
        };
        Ok(Exemption {
            vaccine,
            kind,
            until,
        })
    }

    /// A boolean field; absent or `null` gives `default`, or an error if none.
    fn boolean(
        &self,
        object: &Map<String, Value>,
        path: Path,
        default: Option<bool>,
    ) -> Result<bool, RunnerError> {
        let value = match (object.get(path.last()), default) {
            (None | Some(Value::Null), Some(default)) => return Ok(default),
            _ => self.required(object, path)?,
        };
        value
            .as_bool()
            .ok_or_else(|| self.wrong_type(path, "true o false", value))
    }
}

fn parse_pupil(position: usize, item: &Value) -> Result<PupilInput, RunnerError> {
    let Some(object) = item.as_object() else {
        return Err(RunnerError::PupilNotObject {
            position,
            found: type_name(item),
        });
    };

    let mut reader = Reader {
        pupil: PupilRef { position, id: None },
    };
    let id_path = Path::top("id");
    let id = reader.string(object, id_path)?;
    if id.trim().is_empty() {
        return Err(reader.fail(id_path, FieldProblem::EmptyId));
    }
    if id.contains(['\t', '\n', '\r']) {
        return Err(reader.fail(id_path, FieldProblem::IdWithControl(shown(id))));
    }
    reader.pupil.id = Some(id.to_owned());

    let birth_path = Path::top("birth_date");
    let birth_date = reader.date(object, birth_path)?;
    let check_date = reader.date(object, Path::top("check_date"))?;
    if birth_date > check_date {
        let problem = FieldProblem::BirthAfterCheck {
            birth: birth_date,
            check: check_date,
        };
        return Err(reader.fail(birth_path, problem));
    }

    let doses = reader
        .list(object, Path::top("doses"))?
        .iter()
        .enumerate()
        .map(|(i, v)| reader.dose(v, Path::item("doses", i)))
        .collect::<Result<Vec<_>, _>>()?;
    let exemptions = reader
        .list(object, Path::top("exemptions"))?
        .iter()
        .enumerate()
        .map(|(i, v)| reader.exemption(v, Path::item("exemptions", i)))
        .collect::<Result<Vec<_>, _>>()?;
    let pending_appointment =
        reader.boolean(object, Path::top("pending_appointment"), Some(false))?;
    let in_registry = reader.boolean(object, Path::top("in_registry"), None)?;

    Ok(PupilInput {
        id: id.to_owned(),
        check_date,
        record: PupilRecord {
            birth_date,
            doses,
            exemptions,
            pending_appointment,
            in_registry,
        },
    })
}

/// Strict `YYYY-MM-DD`: four-digit year, two-digit month and day. A well
/// formed but non-existent day (2023-02-30, 2023-13-01) is "impossible".
fn parse_iso_date(text: &str) -> Result<NaiveDate, FieldProblem> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(FieldProblem::DateFormat(shown(text)));
    }
    let number =
        |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(FieldProblem::DateFormat(shown(text)));
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| FieldProblem::ImpossibleDate(shown(text)))
}

/// Italian name of a JSON value's type, for "atteso X, trovato Y".
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "un valore true/false",
        Value::Number(_) => "un numero",
        Value::String(_) => "un testo",
        Value::Array(_) => "un elenco",
        Value::Object(_) => "un oggetto",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates() {
        assert_eq!(
            parse_iso_date("2016-02-29"),
            Ok(NaiveDate::from_ymd_opt(2016, 2, 29).unwrap())
        );
        assert_eq!(
            parse_iso_date("2017-02-29"),
            Err(FieldProblem::ImpossibleDate("2017-02-29".into()))
        );
        assert_eq!(
            parse_iso_date("2017-00-10"),
            Err(FieldProblem::ImpossibleDate("2017-00-10".into()))
        );
        assert_eq!(
            parse_iso_date("2017-04-31"),
            Err(FieldProblem::ImpossibleDate("2017-04-31".into()))
        );
        for bad in [
            "2017-4-30",
            "17-04-30",
            "2017/04/30",
            "+2017-04-3",
            "2017-04-30 ",
            "",
            "२०१७-04-30",
        ] {
            assert!(
                matches!(parse_iso_date(bad), Err(FieldProblem::DateFormat(_))),
                "{bad}"
            );
        }
    }
}
