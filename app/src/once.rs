//! Idempotent creates (server only): a form sends a key made when it
//! opened ([`crate::ui::Form::request_key`]); the first request with that
//! key creates the record, any later one gets the same record back. This is
//! what makes a double click, a retry after a lost answer, or the offline
//! outbox sending twice harmless.
//!
//! The key is written by the store in the create's own transaction
//! ([`Once::record`]), so the record and its key commit together; a racing
//! duplicate fails on the key's uniqueness, its transaction (its record
//! too) rolls back, and [`Once::run`] answers it with the first record.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, ConnectionTrait};

use crate::error::AppError;

mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub action: String,
        pub account_id: Option<i32>,
        pub record_id: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How long a key is kept: far longer than any retry or offline outbox.
pub const KEEP_DAYS: i64 = 30;

/// One create's key, if the request carried a valid one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Once {
    key: Option<String>,
    action: &'static str,
    account_id: Option<i32>,
    now: DateTime<Utc>,
}

impl Once {
    /// The key `key` (a UUID, any case) of a create by `account_id` through
    /// `action`; an empty or malformed key makes a plain create.
    pub fn new(
        key: &str,
        action: &'static str,
        account_id: Option<i32>,
        now: DateTime<Utc>,
    ) -> Self {
        Once {
            key: normalised(key),
            action,
            account_id,
            now,
        }
    }

    /// A create without a key (the portal itself, tests).
    pub fn none() -> Self {
        Once {
            key: None,
            action: "",
            account_id: None,
            now: Utc::now(),
        }
    }

    /// The record an earlier request with this key created.
    pub async fn recall(&self, db: &impl ConnectionTrait) -> Result<Option<i64>, AppError> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let row = entity::Entity::find_by_id(key.clone()).one(db).await?;
        Ok(row
            .filter(|r| r.action == self.action && r.account_id == self.account_id)
            .map(|r| r.record_id))
    }

    /// Writes the key for `record_id`, in the create's transaction `txn`.
    pub async fn record(&self, txn: &impl ConnectionTrait, record_id: i64) -> Result<(), AppError> {
        let Some(key) = &self.key else {
            return Ok(());
        };
        entity::ActiveModel {
            key: Set(key.clone()),
            action: Set(self.action.to_owned()),
            account_id: Set(self.account_id),
            record_id: Set(record_id),
            created_at: Set(self.now),
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    /// Runs `create` unless the key already has its record; when `create`
    /// fails because a request with the same key won the race (or for any
    /// reason after it did), answers with that request's record.
    pub async fn run<Fut>(&self, db: &impl ConnectionTrait, create: Fut) -> Result<i64, AppError>
    where
        Fut: Future<Output = Result<i64, AppError>>,
    {
        if let Some(done) = self.recall(db).await? {
            return Ok(done);
        }
        match create.await {
            Ok(id) => Ok(id),
            Err(err) => match self.recall(db).await? {
                Some(done) => Ok(done),
                None => Err(err),
            },
        }
    }
}

/// A record id of the portal's tables (32-bit) from a key's record.
pub fn record_id(id: i64) -> Result<i32, AppError> {
    i32::try_from(id).map_err(|_| AppError::Internal)
}

/// Forgets keys older than [`KEEP_DAYS`].
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, AppError> {
    let before = now - chrono::Duration::days(KEEP_DAYS);
    let done = entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// A UUID in its canonical lower-case form, or None.
fn normalised(key: &str) -> Option<String> {
    let key = key.trim().to_ascii_lowercase();
    let shape_ok = key.len() == 36
        && key.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    shape_ok.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::normalised;

    #[test]
    fn only_uuids_are_keys() {
        assert_eq!(
            normalised(" 3F2504E0-4F89-41D3-9A0C-0305E82C3301 ").as_deref(),
            Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        );
        for bad in [
            "",
            "x",
            "3f2504e0-4f89-41d3-9a0c-0305e82c330",
            "3f2504e0_4f89_41d3_9a0c_0305e82c3301",
        ] {
            assert_eq!(normalised(bad), None, "{bad}");
        }
    }
}
