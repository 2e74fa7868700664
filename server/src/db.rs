//! Database connection, migrations and reference data at start.

use std::path::{Path, PathBuf};
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

/// Connects, applies every pending migration and, on SQLite, turns on WAL
/// (persistent in the file) so readers never block the writer.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url) {
        private_sqlite_file(std::path::Path::new(path))
            .map_err(|e| DbErr::Custom(format!("cannot prepare the database file {path}: {e}")))?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(16)
        .connect_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(opts).await?;
    if url.starts_with("sqlite:") {
        db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
        db.execute_unprepared("PRAGMA busy_timeout=5000;").await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// The file path of a `sqlite://PATH?…` URL (None for memory or other DBs).
pub fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// SQLite's journal mode ("wal" expected), for the start-up line and tests.
pub async fn journal_mode(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    use sea_orm::{DbBackend, Statement};
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(None);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA journal_mode;",
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get_by_index::<String>(0).ok()))
}

/// Makes `dir` (and missing parents) readable by the portal's user only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// The SQLite file holds password hashes and children's health data: its
/// directory is 0700 and the file 0600 before SQLite opens it. SQLite gives
/// its `-wal` and `-shm` files the database file's mode; existing ones (a
/// portal installed before this rule) are tightened too.
fn private_sqlite_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent() {
        private_dir(dir)?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}
