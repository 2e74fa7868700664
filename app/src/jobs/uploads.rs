//! Uploaded files, kept in the database until their job has read them: the
//! instance that receives a file is not necessarily the one that processes
//! it, and instances share no disk.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "uploads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The file name the browser sent (shown back, never used as a path).
    pub name: String,
    pub size: i64,
    pub content: Vec<u8>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Stores a received file; its id.
pub async fn save(
    db: &impl ConnectionTrait,
    name: &str,
    content: Vec<u8>,
    created_by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let size = i64::try_from(content.len()).unwrap_or(i64::MAX);
    let row = ActiveModel {
        name: Set(name.chars().take(255).collect()),
        size: Set(size),
        content: Set(content),
        created_by: Set(created_by),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::insert(row).exec(db).await?.last_insert_id)
}

/// The file's bytes, if it is still stored.
pub async fn content(db: &impl ConnectionTrait, id: i32) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(Entity::find_by_id(id).one(db).await?.map(|u| u.content))
}

/// Forgets a file once its job no longer needs it.
pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Forgets files older than `before` whose job never came to read them
/// (given up after its attempts): uploads are transit, not an archive.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many()
        .filter(Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
