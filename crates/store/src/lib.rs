//! Storage for Pumasi over SQLite (default) and PostgreSQL through sea-orm: one schema, one
//! migration set, one set of queries. Every function takes a `&impl ConnectionTrait` (a pool or a
//! transaction) so that callers compose them into one transaction; none knows about HTTP.
//!
//! Error policy: functions return [`StoreError`]; a unique-key violation becomes
//! [`StoreError::Conflict`] with a stable code, bad input found late becomes
//! [`StoreError::Invalid`], and anything else is [`StoreError::Db`] for the caller to log.

pub mod accounts;
pub mod audit;
pub mod entities;
pub mod events;
pub mod governance;
pub mod library;
pub mod links;
pub mod members;
pub mod migration;
pub mod outbox;
pub mod search;
pub mod settings;
pub mod slugs;
pub mod texts;
pub mod todo;

use pumasi_domain::FieldError;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

pub use sea_orm;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or state conflict; the code is a Fluent id (`error-…`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

impl StoreError {
    #[must_use]
    pub fn invalid(field: &str, code: &'static str) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, code)])
    }

    /// Maps a unique-constraint violation to a conflict with `code`, leaving other errors alone.
    #[must_use]
    pub fn unique_as(err: DbErr, code: &'static str) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(code),
            _ => StoreError::Db(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database handle shared by the whole process; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub db: DatabaseConnection,
}

impl Store {
    /// Connects to `url`: `sqlite://PATH` (created if missing) or `postgres://…`.
    /// SQLite runs in WAL mode with `synchronous=FULL`, foreign keys on and a busy timeout, so
    /// concurrent writers queue instead of failing.
    ///
    /// # Errors
    /// When the database cannot be opened.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            // SQLite serialises writers anyway, and each connection keeps its own page cache
            // (2 MB): a few connections serve reads as fast and keep the process small.
            opts.max_connections(4)
                .min_connections(1)
                .map_sqlx_sqlite_opts(|o| {
                    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(30))
                        // 1 MB of page cache per connection (SQLite's default is 2 MB).
                        .pragma("cache_size", "-1024")
                });
        } else {
            opts.max_connections(16).min_connections(1);
        }
        let db = Database::connect(opts).await?;
        Ok(Self { db })
    }

    /// Applies pending migrations and seeds reference rows that every hub needs.
    ///
    /// # Errors
    /// When a migration fails.
    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// The name of the newest applied migration, shown in `/healthz`.
    ///
    /// # Errors
    /// When the migration table cannot be read.
    pub async fn schema_version(&self) -> Result<String> {
        let applied = migration::Migrator::get_applied_migrations(&self.db).await?;
        Ok(applied
            .last()
            .map(|m| m.name().to_owned())
            .unwrap_or_default())
    }

    /// Whether migrations are still pending (serve refuses to run on an unmigrated database
    /// only if migrating itself fails).
    ///
    /// # Errors
    /// When the migration table cannot be read.
    pub async fn pending_migrations(&self) -> Result<usize> {
        Ok(migration::Migrator::get_pending_migrations(&self.db)
            .await?
            .len())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so concurrent writers wait for each other (busy timeout) instead of
    /// failing with "database is locked" when a read-started transaction tries to write.
    ///
    /// # Errors
    /// Database errors.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(self.db.begin_with_options(opts).await?)
    }

    #[must_use]
    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// A consistent online copy of the whole database into `path` (SQLite `VACUUM INTO`).
    /// PostgreSQL is backed up with `pg_dump`, which this process does not replace.
    ///
    /// # Errors
    /// `Conflict("error-backup-postgres")` on PostgreSQL; database errors otherwise.
    pub async fn backup_to(&self, path: &str) -> Result<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Conflict("error-backup-postgres"));
        }
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [path.into()],
            ))
            .await?;
        Ok(())
    }

    /// Liveness of the database, for `/healthz`.
    ///
    /// # Errors
    /// When the database does not answer.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }
}

/// Every row of `E` (`ids` = `None`), or those whose `col` is one of `ids`, read 500 at a time.
///
/// # Errors
/// Database errors.
pub(crate) async fn by_ids_or_all<E: sea_orm::EntityTrait>(
    c: &impl ConnectionTrait,
    col: E::Column,
    ids: Option<&[uuid::Uuid]>,
) -> Result<Vec<E::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let Some(ids) = ids else {
        return Ok(E::find().all(c).await?);
    };
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            E::find()
                .filter(col.is_in(chunk.iter().copied()))
                .all(c)
                .await?,
        );
    }
    Ok(out)
}

/// Current UTC time, truncated to microseconds so that values read back from PostgreSQL equal
/// the values written.
#[must_use]
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{DurationRound, TimeDelta};
    let t = chrono::Utc::now();
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}
