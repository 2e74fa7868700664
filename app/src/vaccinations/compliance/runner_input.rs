//! Reading the runner's JSON by hand from a `serde_json::Value`, so every
//! error can name the pupil and the field (serde's derive would only say
//! "invalid type at line 1 column 412").

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
pub(super) fn parse(input: &[u8]) -> Result<Vec<PupilInput>, RunnerError> {
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

/// Field reader for one pupil: knows its position and, once read, its id.
struct Reader {
    pupil: PupilRef,
}

impl Reader {
    fn fail(&self, field: impl Into<String>, problem: FieldProblem) -> RunnerError {
        RunnerError::Field {
            pupil: self.pupil.clone(),
            field: field.into(),
            problem,
        }
    }

    fn wrong_type(&self, field: &str, expected: &'static str, found: &Value) -> RunnerError {
        self.fail(
            field,
            FieldProblem::WrongType {
                expected,
                found: type_name(found),
            },
        )
    }

    fn string<'v>(&self, value: &'v Value, field: &str) -> Result<&'v str, RunnerError> {
        value
            .as_str()
            .ok_or_else(|| self.wrong_type(field, "un testo", value))
    }

    fn date(&self, value: &Value, field: &str) -> Result<NaiveDate, RunnerError> {
        let text = value
            .as_str()
            .ok_or_else(|| self.wrong_type(field, "una data \"AAAA-MM-GG\"", value))?;
        parse_iso_date(text).map_err(|p| self.fail(field, p))
    }

    fn boolean(&self, value: &Value, field: &str) -> Result<bool, RunnerError> {
        value
            .as_bool()
            .ok_or_else(|| self.wrong_type(field, "true o false", value))
    }

    /// An array field; absent or `null` reads as empty.
    fn list<'v>(
        &self,
        object: &'v Map<String, Value>,
        field: &str,
    ) -> Result<&'v [Value], RunnerError> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.wrong_type(field, "un elenco", other)),
        }
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        field: &str,
    ) -> Result<&'v Map<String, Value>, RunnerError> {
        value
            .as_object()
            .ok_or_else(|| self.wrong_type(field, "un oggetto", value))
    }

    fn required<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Result<&'v Value, RunnerError> {
        match object.get(key) {
            None | Some(Value::Null) => Err(self.fail(path, FieldProblem::Missing)),
            Some(value) => Ok(value),
        }
    }

    fn vaccine(&self, object: &Map<String, Value>, path: &str) -> Result<Vaccine, RunnerError> {
        let field = format!("{path}.vaccine");
        let key = self.string(self.required(object, "vaccine", &field)?, &field)?;
        Vaccine::from_key(key)
            .ok_or_else(|| self.fail(&field, FieldProblem::UnknownVaccine(shown(key))))
    }

    fn dose(&self, value: &Value, path: &str) -> Result<Dose, RunnerError> {
        let object = self.object(value, path)?;
        let vaccine = self.vaccine(object, path)?;
        let label_field = format!("{path}.dose");
        let dose = match object.get("dose") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| {
                        self.fail(
                            &label_field,
                            FieldProblem::DoseNumber(shown(&n.to_string())),
                        )
                    })?,
            ),
            Some(other) => return Err(self.wrong_type(&label_field, "un numero intero", other)),
        };
        let date_field = format!("{path}.date");
        let date = self.date(self.required(object, "date", &date_field)?, &date_field)?;
        Ok(Dose {
            vaccine,
            dose,
            date,
        })
    }

    fn exemption(&self, value: &Value, path: &str) -> Result<Exemption, RunnerError> {
        let object = self.object(value, path)?;
        let vaccine = self.vaccine(object, path)?;
        let kind_field = format!("{path}.kind");
        let kind_key = self.string(self.required(object, "kind", &kind_field)?, &kind_field)?;
        let kind = ExemptionKind::from_key(kind_key).ok_or_else(|| {
            self.fail(
                &kind_field,
                FieldProblem::UnknownExemptionKind(shown(kind_key)),
            )
        })?;
        let until = match object.get("until") {
            None | Some(Value::Null) => None,
            Some(value) => Some(self.date(value, &format!("{path}.until"))?),
        };
        Ok(Exemption {
            vaccine,
            kind,
            until,
        })
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
    let id = reader.string(reader.required(object, "id", "id")?, "id")?;
    if id.trim().is_empty() {
        return Err(reader.fail("id", FieldProblem::EmptyId));
    }
    if id.contains(['\t', '\n', '\r']) {
        return Err(reader.fail("id", FieldProblem::IdWithControl(shown(id))));
    }
    reader.pupil.id = Some(id.to_owned());

    let birth_date = reader.date(
        reader.required(object, "birth_date", "birth_date")?,
        "birth_date",
    )?;
    let check_date = reader.date(
        reader.required(object, "check_date", "check_date")?,
        "check_date",
    )?;
    if birth_date > check_date {
        return Err(reader.fail(
            "birth_date",
            FieldProblem::BirthAfterCheck {
                birth: birth_date,
                check: check_date,
            },
        ));
    }

    let doses = reader
        .list(object, "doses")?
        .iter()
        .enumerate()
        .map(|(i, v)| reader.dose(v, &format!("doses[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let exemptions = reader
        .list(object, "exemptions")?
        .iter()
        .enumerate()
        .map(|(i, v)| reader.exemption(v, &format!("exemptions[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let pending_appointment = match object.get("pending_appointment") {
        None | Some(Value::Null) => false,
        Some(value) => reader.boolean(value, "pending_appointment")?,
    };
    let in_registry = reader.boolean(
        reader.required(object, "in_registry", "in_registry")?,
        "in_registry",
    )?;

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
