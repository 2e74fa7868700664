//! Loading the shipped reference file into the database (server only).

use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, TransactionSession,
    TransactionTrait,
};

use super::{Place, entity};

/// The project's own data file (see data/SOURCES.md), embedded in the binary.
pub const PLACES_CSV: &str = include_str!("../../../data/places.csv");

/// Makes the `places` table hold exactly the shipped rows. Idempotent and
/// cheap when already loaded (one count); replaces the rows in one
/// transaction when the shipped file changed.
pub async fn sync_places<C>(db: &C, places: &[Place]) -> Result<bool, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let stored = entity::Entity::find().count(db).await?;
    if stored == places.len() as u64 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    entity::Entity::delete_many().exec(&txn).await?;
    // 10 columns a row: stay far below SQLite's bound-parameter limit.
    for chunk in places.chunks(500) {
        let rows = chunk.iter().map(|p| entity::ActiveModel {
            kind: Set(p.kind.key().to_owned()),
            belfiore: Set(p.belfiore.clone()),
            istat: Set(p.istat.clone()),
            name: Set(p.name.clone()),
            province: Set(p.province.clone()),
            region: Set(p.region.clone()),
            valid_from: Set(p.valid_from),
            valid_to: Set(p.valid_to),
            current: Set(p.current),
            ..Default::default()
        });
        entity::Entity::insert_many(rows).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(true)
}
