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
    /// The database cannot take a write now — a full disk, a read-only or failing file, an
    /// unreachable server. Nothing of the request was saved; the same request succeeds once
    /// the cause is gone (the hub recovers by itself).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database: {0}")]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        if storage_failure(&e) {
            StoreError::Unavailable(e.to_string())
        } else {
            StoreError::Db(e)
        }
    }
}

/// Whether `e` says the database cannot store anything now, rather than that this request was
/// wrong: SQLite's full disk, read-only file, I/O error or unopenable file; PostgreSQL's
/// insufficient resources (disk full, too many connections), read-only transaction, shutdown,
/// I/O error or a lost connection; a pool that timed out or closed.
#[must_use]
pub fn storage_failure(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    let sqlx_err = match e {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(x))
        | DbErr::Exec(RuntimeErr::SqlxError(x))
        | DbErr::Query(RuntimeErr::SqlxError(x)) => x,
        _ => return false,
    };
    match &**sqlx_err {
        sea_orm::sqlx::Error::Io(_)
        | sea_orm::sqlx::Error::PoolTimedOut
        | sea_orm::sqlx::Error::PoolClosed
        | sea_orm::sqlx::Error::WorkerCrashed => true,
        sea_orm::sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
                .is_some()
            {
                // SQLite's primary result code is the low byte of the extended one.
                let primary = code.parse::<u32>().unwrap_or(0) & 0xff;
                // 8 READONLY, 10 IOERR, 13 FULL, 14 CANTOPEN.
                matches!(primary, 8 | 10 | 13 | 14)
            } else {
                code.starts_with("53")
                    || code.starts_with("08")
                    || code.starts_with("57P")
                    || code == "25006"
                    || code == "58030"
            }
        }
        _ => false,
    }
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
            _ => StoreError::from(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How a store is opened, beyond its URL.
#[derive(Debug, Clone, Default)]
pub struct Tuning {
    /// A cap on an SQLite database's size, in pages, read before each use of a connection
    /// (`PRAGMA max_page_count`): raising it takes effect at once. Tests use it to fill the
    /// database as a full disk would.
    pub sqlite_max_pages: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    /// Refuse to create an SQLite database that does not exist (commands that only read a
    /// hub must not make an empty one).
    pub must_exist: bool,
}

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
        Self::connect_tuned(url, Tuning::default()).await
    }

    /// As [`Store::connect`], with `tuning`.
    ///
    /// No connection inside a transaction is ever handed out again: when a COMMIT fails (SQLite
    /// rolls back by itself on a full disk) and the driver's own ROLLBACK fails too, the driver
    /// still counts the transaction as open, and every later transaction on that connection
    /// would be a savepoint inside it that never commits. The pool flushes a released
    /// connection's pending rollback (its ping), and such a connection is closed instead of
    /// being handed out.
    ///
    /// # Errors
    /// When the database cannot be opened.
    pub async fn connect_tuned(url: &str, tuning: Tuning) -> Result<Self> {
        use sea_orm::sqlx::Connection;
        use std::sync::atomic::Ordering;
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            // SQLite serialises writers anyway, and each connection keeps its own page cache
            // (2 MB): a few connections serve reads as fast and keep the process small.
            let limit = tuning.sqlite_max_pages;
            let create = !tuning.must_exist;
            opts.max_connections(4)
                .min_connections(1)
                .map_sqlx_sqlite_pool_opts(move |p| {
                    let (l1, l2) = (limit.clone(), limit.clone());
                    p.before_acquire(move |conn, _| {
                        let limit = l1.as_ref().map(|l| l.load(Ordering::SeqCst));
                        Box::pin(async move {
                            if conn.is_in_transaction() {
                                tracing::warn!(
                                    "closing a database connection left in a transaction"
                                );
                                return Ok(false);
                            }
                            if let Some(n) = limit {
                                page_limit(conn, n).await?;
                            }
                            Ok(true)
                        })
                    })
                    .after_connect(move |conn, _| {
                        let limit = l2.as_ref().map(|l| l.load(Ordering::SeqCst));
                        Box::pin(async move {
                            if let Some(n) = limit {
                                page_limit(conn, n).await?;
                            }
                            Ok(())
                        })
                    })
                })
                .map_sqlx_sqlite_opts(move |o| {
                    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                    o.create_if_missing(create)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(30))
                        // 1 MB of page cache per connection (SQLite's default is 2 MB).
                        .pragma("cache_size", "-1024")
                });
        } else {
            opts.max_connections(16)
                .min_connections(1)
                .map_sqlx_postgres_pool_opts(|p| {
                    p.before_acquire(|conn, _| {
                        let clean = !conn.is_in_transaction();
                        Box::pin(async move { Ok(clean) })
                    })
                });
        }
        let db = Database::connect(opts).await?;
        Ok(Self { db })
    }

    /// Whether this node can store a write now: writes a row the size of a few pages and
    /// deletes it in one transaction (nothing stays), so a full disk or a read-only database
    /// is found before a person's write fails.
    ///
    /// # Errors
    /// `Unavailable` when it cannot; other database errors.
    pub async fn write_probe(&self) -> Result<()> {
        let txn = self.begin_write().await?;
        let id = uuid::Uuid::now_v7().to_string();
        let insert = match self.backend() {
            DbBackend::Postgres => "INSERT INTO write_probe (id, payload) VALUES ($1, $2)",
            _ => "INSERT INTO write_probe (id, payload) VALUES (?, ?)",
        };
        let delete = match self.backend() {
            DbBackend::Postgres => "DELETE FROM write_probe WHERE id = $1",
            _ => "DELETE FROM write_probe WHERE id = ?",
        };
        txn.execute_raw(Statement::from_sql_and_values(
            self.backend(),
            insert,
            [id.clone().into(), vec![0u8; 16 * 1024].into()],
        ))
        .await?;
        txn.execute_raw(Statement::from_sql_and_values(
            self.backend(),
            delete,
            [id.into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(())
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

    /// Whether this database is a Pumasi hub (has a migration history), found without creating
    /// anything.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn is_hub(&self) -> Result<bool> {
        Ok(sea_orm_migration::SchemaManager::new(&self.db)
            .has_table("seaql_migrations")
            .await?)
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

/// Caps an SQLite connection's database at `n` pages (see [`Tuning::sqlite_max_pages`]).
async fn page_limit(
    conn: &mut sea_orm::sqlx::SqliteConnection,
    n: u64,
) -> std::result::Result<(), sea_orm::sqlx::Error> {
    // `n` is a number: nothing to inject.
    sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(format!(
        "PRAGMA max_page_count = {n}"
    )))
    .execute(conn)
    .await?;
    Ok(())
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
