//! Keys every instance must share, created once by whichever instance starts
//! first and read by all (table `server_secrets`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

/// Name of the key that signs error redirects.
pub const REDIRECT_KEY: &str = "firma-errori";

/// The 32-byte secret `name`, made now if no instance made it before.
pub async fn load_or_create(db: &DatabaseConnection, name: &str) -> Result<Vec<u8>, DbErr> {
    let table = Alias::new("server_secrets");
    // 32 random bytes, URL-safe base64: the session token's generator.
    let fresh = app::identity::sessions::random_token();
    let insert = Query::insert()
        .into_table(table.clone())
        .columns([Alias::new("name"), Alias::new("value")])
        .values([name.into(), fresh.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::column(Alias::new("name"))
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    let backend = db.get_database_backend();
    db.execute_raw(backend.build(&insert)).await?;
    let select = Query::select()
        .column(Alias::new("value"))
        .from(table)
        .and_where(Expr::col(Alias::new("name")).eq(name))
        .to_owned();
    let row = db
        .query_one_raw(backend.build(&select))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("server secret {name}")))?;
    let value: String = row.try_get_by_index(0)?;
    URL_SAFE_NO_PAD
        .decode(value.as_bytes())
        .map_err(|e| DbErr::Custom(format!("server secret {name} is not base64: {e}")))
}
