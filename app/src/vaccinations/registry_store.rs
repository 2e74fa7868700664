//! The registry extracts in the database (server only). An import loads a
//! new extract beside the one in force and switches over in one short
//! transaction, so every check reads one whole extract, old or new. A check
//! pins the extract it started with; the previous extract is kept while a
//! check still uses it.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::{extract, fact, upload};
use super::registry_file::Registry;
use crate::jobs::entity as jobs;

/// Rows per insert (8 values each: well under both backends' limits).
const INSERT_BATCH: usize = 1_000;
/// Codici fiscali per lookup.
const LOOKUP_BATCH: usize = 500;

/// The extract in force for `ats_id`.
pub async fn active(
    db: &impl ConnectionTrait,
    ats_id: i32,
) -> Result<Option<extract::Model>, DbErr> {
    extract::Entity::find()
        .filter(extract::Column::AtsId.eq(ats_id))
        .filter(extract::Column::State.eq(extract::ACTIVE))
        .order_by_desc(extract::Column::Id)
        .one(db)
        .await
}

/// A new extract, loading: what an earlier attempt of the same job left
/// is removed first.
pub async fn begin(
    db: &impl ConnectionTrait,
    ats_id: i32,
    job_id: i32,
    file_name: &str,
    loaded_by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let stale: Vec<i32> = extract::Entity::find()
        .filter(extract::Column::JobId.eq(job_id))
        .filter(extract::Column::State.eq(extract::LOADING))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    for id in stale {
        drop_extract(db, id).await?;
    }
    let row = extract::ActiveModel {
        ats_id: Set(ats_id),
        job_id: Set(Some(job_id)),
        state: Set(extract::LOADING.to_owned()),
        file_name: Set(file_name.chars().take(255).collect()),
        loaded_by: Set(loaded_by),
        loaded_at: Set(now),
        ..Default::default()
    };
    Ok(extract::Entity::insert(row).exec(db).await?.last_insert_id)
}

/// Stores a batch of valid rows (as `registry_file::read_rows` gave them).
pub async fn insert_rows(
    db: &impl ConnectionTrait,
    extract_id: i32,
    rows: &[(String, [String; 5])],
) -> Result<(), DbErr> {
    for chunk in rows.chunks(INSERT_BATCH) {
        let models =
            chunk.iter().map(
                |(cf, [tipo, vaccino, dose, data, fino_al])| fact::ActiveModel {
                    extract_id: Set(extract_id),
                    codice_fiscale: Set(cf.chars().take(32).collect()),
                    tipo: Set(tipo.chars().take(16).collect()),
                    vaccino: Set(vaccino.chars().take(16).collect()),
                    dose: Set(dose.chars().take(8).collect()),
                    data: Set(data.chars().take(16).collect()),
                    fino_al: Set(fino_al.chars().take(16).collect()),
                    ..Default::default()
                },
            );
        fact::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// What the switch-over records of the new extract.
#[derive(Debug, Clone, Copy, Default)]
pub struct Loaded {
    pub pupils: i64,
    pub rows: i64,
    pub rejected_rows: i64,
}

/// Puts the loaded extract in force (in the caller's transaction): the one
/// in force retires; older retired extracts no check still uses lose their
/// rows (their line stays, as history). False when the extract is no
/// longer loading (another attempt took over).
pub async fn activate(
    txn: &impl ConnectionTrait,
    ats_id: i32,
    extract_id: i32,
    loaded: Loaded,
) -> Result<bool, DbErr> {
    let done = extract::Entity::update_many()
        .col_expr(extract::Column::State, Expr::value(extract::ACTIVE))
        .col_expr(extract::Column::Pupils, Expr::value(loaded.pupils))
        .col_expr(extract::Column::Rows, Expr::value(loaded.rows))
        .col_expr(
            extract::Column::RejectedRows,
            Expr::value(loaded.rejected_rows),
        )
        .filter(extract::Column::Id.eq(extract_id))
        .filter(extract::Column::State.eq(extract::LOADING))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    let previous: Vec<i32> = extract::Entity::find()
        .filter(extract::Column::AtsId.eq(ats_id))
        .filter(extract::Column::State.eq(extract::ACTIVE))
        .filter(extract::Column::Id.ne(extract_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    extract::Entity::update_many()
        .col_expr(extract::Column::State, Expr::value(extract::RETIRED))
        .filter(extract::Column::Id.is_in(previous.clone()))
        .exec(txn)
        .await?;
    let pinned = pinned_extracts(txn).await?;
    let older: Vec<i32> = extract::Entity::find()
        .filter(extract::Column::AtsId.eq(ats_id))
        .filter(extract::Column::State.eq(extract::RETIRED))
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .filter(|id| !previous.contains(id) && !pinned.contains(id))
        .collect();
    fact::Entity::delete_many()
        .filter(fact::Column::ExtractId.is_in(older))
        .exec(txn)
        .await?;
    Ok(true)
}

/// Extracts that checks not yet over are reading.
async fn pinned_extracts(db: &impl ConnectionTrait) -> Result<HashSet<i32>, DbErr> {
    let running: Vec<i32> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Id)
        .filter(jobs::Column::State.is_in(["queued", "running"]))
        .into_tuple()
        .all(db)
        .await?;
    let pinned: Vec<Option<i32>> = upload::Entity::find()
        .select_only()
        .column(upload::Column::ExtractId)
        .filter(upload::Column::JobId.is_in(running))
        .into_tuple()
        .all(db)
        .await?;
    Ok(pinned.into_iter().flatten().collect())
}

/// Removes an extract and its rows.
async fn drop_extract(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    fact::Entity::delete_many()
        .filter(fact::Column::ExtractId.eq(id))
        .exec(db)
        .await?;
    extract::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The registry's records of `codici` in extract `extract_id`, folded by
/// the file's own rules. Codes without a row are simply absent.
pub async fn registry_for(
    db: &impl ConnectionTrait,
    extract_id: i32,
    codici: &[&str],
) -> Result<Registry, DbErr> {
    let mut registry = Registry::default();
    for chunk in codici.chunks(LOOKUP_BATCH) {
        add_chunk(db, extract_id, chunk, &mut registry).await?;
    }
    Ok(registry)
}

/// Adds the rows of one batch of codici to `registry`.
pub async fn add_chunk(
    db: &impl ConnectionTrait,
    extract_id: i32,
    codici: &[&str],
    registry: &mut Registry,
) -> Result<(), DbErr> {
    let rows = fact::Entity::find()
        .filter(fact::Column::ExtractId.eq(extract_id))
        .filter(fact::Column::CodiceFiscale.is_in(codici.iter().copied()))
        .order_by_asc(fact::Column::Id)
        .all(db)
        .await?;
    for row in &rows {
        // Stored rows passed the same rules when imported.
        let _ = registry.add_row(&row.codice_fiscale, row.cells());
    }
    Ok(())
}

/// Loads a whole extract at once and puts it in force (the demo's; a real
/// import goes through the batched job). Its row errors are counted.
pub async fn load_whole(
    db: &sea_orm::DatabaseConnection,
    ats_id: i32,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<Loaded, DbErr> {
    let mut rows: Vec<(String, [String; 5])> = Vec::new();
    let errors = super::registry_file::read_rows(bytes, |key, cells| {
        rows.push((key.to_owned(), cells.map(str::to_owned)));
    })
    .map_err(|e| DbErr::Custom(e.to_string()))?;
    let pupils: HashSet<&str> = rows.iter().map(|(cf, _)| cf.as_str()).collect();
    let loaded = Loaded {
        pupils: i64::try_from(pupils.len()).unwrap_or(i64::MAX),
        rows: i64::try_from(rows.len()).unwrap_or(i64::MAX),
        rejected_rows: i64::try_from(errors.len()).unwrap_or(i64::MAX),
    };
    let txn = crate::db::begin_write(db).await?;
    let row = extract::ActiveModel {
        ats_id: Set(ats_id),
        state: Set(extract::LOADING.to_owned()),
        file_name: Set(file_name.to_owned()),
        loaded_at: Set(now),
        ..Default::default()
    };
    let id = extract::Entity::insert(row)
        .exec(&txn)
        .await?
        .last_insert_id;
    insert_rows(&txn, id, &rows).await?;
    activate(&txn, ats_id, id, loaded).await?;
    txn.commit().await?;
    Ok(loaded)
}
