//! The module's files (server only): an upload's outcome (CSV in the
//! school's own separator and encoding, made safe for spreadsheets, and
//! XLSX), its list of row problems, the templates of the school's file, and
//! the ATS's export of its schools' rates. Each personal download is
//! checked against the caller's scope and recorded in the audit log.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;

use super::entity::upload;
use super::school_file::COLUMNS;
use super::summary::outcome_columns;
use crate::error::AppError;
use crate::http::refusal;
use crate::identity::audit::{Actor, Change};
use crate::identity::current::RequestIdentity;
use crate::identity::{Identity, Module, Policy, Role, Target};
use crate::state::AppState;
use crate::tabular::{ExcelCsv, SourceEncoding, Table, neutralise, write_xlsx};

/// A file to send: its name, type and bytes.
struct Download {
    name: String,
    content_type: &'static str,
    bytes: Vec<u8>,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let disposition = format!("attachment; filename=\"{}\"", self.name);
        let mut response =
            ([(header::CONTENT_TYPE, self.content_type)], self.bytes).into_response();
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        // Personal data: never kept by a shared cache.
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        response
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The upload `id`, if the caller may read it (else the same "not found").
async fn readable_upload(
    state: &AppState,
    who: Option<&Identity>,
    id: i32,
) -> Result<upload::Model, AppError> {
    let policy = Policy::Module(Module::Vaccinations);
    policy.check(who, &Target::Caller)?;
    let row = upload::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    policy.check(
        who,
        &Target::Istituto {
            ats_id: row.ats_id,
            istituto_id: row.istituto_id,
        },
    )?;
    Ok(row)
}

/// Which of an upload's files.
#[derive(Debug, Clone, Copy)]
enum Kind {
    OutcomeCsv,
    OutcomeXlsx,
    Errors,
}

async fn upload_file(state: &AppState, req: Request, id: i32, kind: Kind) -> Response {
    let (who, ip) = RequestIdentity::caller_of(&req);
    match build(state, who.as_ref(), ip.as_deref(), id, kind).await {
        Ok(download) => download.into_response(),
        Err(err) => refusal(false, err),
    }
}

async fn build(
    state: &AppState,
    who: Option<&Identity>,
    ip: Option<&str>,
    id: i32,
    kind: Kind,
) -> Result<Download, AppError> {
    let row = readable_upload(state, who, id).await?;
    let who = who.ok_or(AppError::Unauthenticated)?;
    let stem = format!("lovs-{}", row.id);
    let download = match kind {
        Kind::OutcomeCsv => Download {
            name: format!("{stem}-esito.csv"),
            content_type: content_type_of(row.outcome.as_deref().unwrap_or_default()),
            bytes: safe_csv(row.outcome.as_deref().ok_or(AppError::NotFound)?),
        },
        Kind::OutcomeXlsx => {
            let bytes = row.outcome.as_deref().ok_or(AppError::NotFound)?;
            let rows = table_rows(bytes);
            Download {
                name: format!("{stem}-esito.xlsx"),
                content_type: XLSX,
                bytes: write_xlsx("Esito", rows).map_err(|_| AppError::Internal)?,
            }
        }
        Kind::Errors => {
            let problems: Vec<super::summary::RowProblem> = row
                .problems
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .ok_or(AppError::NotFound)?;
            let mut csv = ExcelCsv::new();
            csv.row(["riga", "colonna", "tipo", "messaggio"]);
            for p in &problems {
                let kind = if p.warning { "avviso" } else { "errore" };
                csv.row([p.row.to_string().as_str(), &p.column, kind, &p.message]);
            }
            Download {
                name: format!("{stem}-errori.csv"),
                content_type: "text/csv; charset=utf-8",
                bytes: csv.into_bytes(),
            }
        }
    };
    let what = match kind {
        Kind::OutcomeCsv => "esito.csv",
        Kind::OutcomeXlsx => "esito.xlsx",
        Kind::Errors => "errori.csv",
    };
    Actor::person(who, ip)
        .record(
            &state.db,
            Change::new(
                "download",
                "lovs_uploads",
                Some(i64::from(row.id)),
                serde_json::json!({ "file": what }),
            ),
        )
        .await?;
    Ok(download)
}

/// The charset the outcome file is written in.
fn content_type_of(bytes: &[u8]) -> &'static str {
    match Table::from_bytes(bytes).encoding() {
        SourceEncoding::Windows1252 => "text/csv; charset=windows-1252",
        _ => "text/csv; charset=utf-8",
    }
}

/// Every cell of a stored CSV as read.
fn table_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let table = Table::from_bytes(bytes);
    table
        .records()
        .filter_map(Result::ok)
        .map(|row| row.record.iter().map(str::to_owned).collect())
        .collect()
}

/// The outcome file with every cell made safe for a spreadsheet (a cell
/// `=HYPERLINK(…)` from the school's file must not run in Excel), in the
/// file's own separator, line ends and encoding.
pub fn safe_csv(bytes: &[u8]) -> Vec<u8> {
    let table = Table::from_bytes(bytes);
    let crlf = table.text().contains("\r\n");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(table.separator())
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(true)
        .from_writer(Vec::new());
    for row in table.records().filter_map(Result::ok) {
        let _ = writer.write_record(row.record.iter().map(|c| neutralise(c).into_owned()));
    }
    let text = writer.into_inner().unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    match table.encoding() {
        SourceEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
        SourceEncoding::Utf8 => text.into_owned().into_bytes(),
        _ => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    }
}

pub async fn outcome_csv(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    req: Request,
) -> Response {
    upload_file(&state, req, id, Kind::OutcomeCsv).await
}

pub async fn outcome_xlsx(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    req: Request,
) -> Response {
    upload_file(&state, req, id, Kind::OutcomeXlsx).await
}

pub async fn errors_csv(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    req: Request,
) -> Response {
    upload_file(&state, req, id, Kind::Errors).await
}

/// The template of the school's file: the header row (CSV for Excel).
pub async fn template_csv() -> Response {
    let mut csv = ExcelCsv::new();
    csv.row(COLUMNS.iter().map(|c| c.name()));
    Download {
        name: "modello-iscritti-lovs.csv".into(),
        content_type: "text/csv; charset=utf-8",
        bytes: csv.into_bytes(),
    }
    .into_response()
}

/// The same template as an Excel workbook.
pub async fn template_xlsx() -> Response {
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.name()).collect();
    match write_xlsx("Iscritti", [header]) {
        Ok(bytes) => Download {
            name: "modello-iscritti-lovs.xlsx".into(),
            content_type: XLSX,
            bytes,
        }
        .into_response(),
        Err(_) => refusal(false, AppError::Internal),
    }
}

/// `GET /obbligo-vaccinale/esiti.csv`: the ATS's schools, their latest
/// upload's state and counts per outcome, with the rates.
pub async fn ats_export(State(state): State<AppState>, req: Request) -> Response {
    let (who, ip) = RequestIdentity::caller_of(&req);
    match export(&state, who.as_ref(), ip.as_deref()).await {
        Ok(download) => download.into_response(),
        Err(err) => refusal(false, err),
    }
}

async fn export(
    state: &AppState,
    who: Option<&Identity>,
    ip: Option<&str>,
) -> Result<Download, AppError> {
    Policy::Roles(&[Role::OperatoreAts]).check(who, &Target::Caller)?;
    let who = who.ok_or(AppError::Unauthenticated)?;
    let ats_id = who.ats_id.ok_or(AppError::Forbidden)?;
    let overview = super::queries::ats_overview(&state.db, ats_id).await?;
    let columns = outcome_columns();
    let mut csv = ExcelCsv::new();
    let mut header = vec![
        "codice_istituto".to_owned(),
        "istituto".to_owned(),
        "stato".to_owned(),
        "caricato_il".to_owned(),
    ];
    for (key, _) in &columns {
        header.push((*key).to_owned());
    }
    for (key, _) in columns.iter().take(columns.len() - 1) {
        header.push(format!("perc_{key}"));
    }
    csv.row(&header);
    for school in &overview.schools {
        let mut cells = vec![
            school.codice.clone(),
            school.name.clone(),
            school
                .state
                .map(|s| s.label().to_owned())
                .unwrap_or_else(|| "non caricato".to_owned()),
            school.uploaded_at.clone().unwrap_or_default(),
        ];
        for (key, _) in &columns {
            cells.push(school.counts.get(*key).copied().unwrap_or(0).to_string());
        }
        for (key, _) in columns.iter().take(columns.len() - 1) {
            cells.push(school.rate(key));
        }
        csv.row(&cells);
    }
    Actor::person(who, ip)
        .record(
            &state.db,
            Change::new(
                "download",
                "lovs_uploads",
                None,
                serde_json::json!({ "file": "esiti.csv" }),
            ),
        )
        .await?;
    Ok(Download {
        name: "lovs-esiti-scuole.csv".into(),
        content_type: "text/csv; charset=utf-8",
        bytes: csv.into_bytes(),
    })
}
