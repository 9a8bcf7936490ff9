//! The harness of the store's integration tests: a fresh, migrated [`Store`] per test on a
//! temporary SQLite file, and — when `PUMASI_TEST_DATABASE_URL` is set — on a fresh PostgreSQL
//! database too, plus small builders for organisations, applications and CSV files.
//!
//! A test body is an `async fn x_body(store: Store)`; `backends!(x, x_body)` turns it into
//! `x::sqlite` and `x::postgres`. Without a PostgreSQL URL the postgres variant says loudly that
//! it skipped, unless `PUMASI_REQUIRE_POSTGRES=1`, which makes a missing server fail the run.

use pumasi_domain::FieldError;
use pumasi_domain::organisation::{OrganisationInput, RawOrganisation, Vocabulary};
use pumasi_store::members::{self, transfer};
use pumasi_store::sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DbBackend, TransactionTrait,
};
use pumasi_store::{Store, StoreError};
use uuid::Uuid;

/// Runs one test body on SQLite and on PostgreSQL, as `$name::sqlite` and `$name::postgres`.
macro_rules! backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let db = crate::support::TestDb::sqlite().await;
                db.run(super::$body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                let Some(db) = crate::support::TestDb::postgres().await else {
                    return;
                };
                db.run(super::$body).await;
            }
        }
    };
}

const PG_URL: &str = "PUMASI_TEST_DATABASE_URL";
const PG_REQUIRED: &str = "PUMASI_REQUIRE_POSTGRES";

/// A fresh, migrated database that lives as long as this value (the SQLite file is deleted
/// with it; the PostgreSQL database is dropped by [`TestDb::finish`]).
pub struct TestDb {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("pumasi.db");
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let store = Store::connect(&url).await.expect("open SQLite");
        store.migrate().await.expect("migrate SQLite");
        Self {
            store,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// `None` (after saying so on stderr) when no PostgreSQL URL is configured.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var(PG_URL) else {
            assert!(
                std::env::var(PG_REQUIRED).as_deref() != Ok("1"),
                "{PG_REQUIRED}=1 but {PG_URL} is not set: the PostgreSQL half of the store tests cannot run"
            );
            eprintln!(
                "!!! SKIPPED on PostgreSQL: set {PG_URL}=postgres://… to run this test there too !!!"
            );
            return None;
        };
        let name = format!("pumasi_t_{}", Uuid::now_v7().simple());
        admin_execute(&admin_url, &format!("CREATE DATABASE \"{name}\"")).await;
        let store = Store::connect(&with_database(&admin_url, &name))
            .await
            .expect("open PostgreSQL test database");
        store.migrate().await.expect("migrate PostgreSQL");
        Some(Self {
            store,
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    /// Another fresh database on the same backend as `store`.
    pub async fn like(store: &Store) -> Self {
        match store.backend() {
            DbBackend::Sqlite => Self::sqlite().await,
            _ => Self::postgres()
                .await
                .expect("a PostgreSQL test asks for a second PostgreSQL database"),
        }
    }

    /// Runs a test body on this database, then drops the database even if the body panicked,
    /// and passes the panic on.
    pub async fn run<F, Fut>(self, body: F)
    where
        F: FnOnce(Store) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let outcome = tokio::spawn(body(self.store.clone())).await;
        self.finish().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    }

    /// Closes the pool and drops the PostgreSQL database.
    pub async fn finish(self) {
        let Self { store, _dir, pg } = self;
        store.db.close().await.expect("close pool");
        if let Some((admin_url, name)) = pg {
            admin_execute(
                &admin_url,
                &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            )
            .await;
        }
    }
}

async fn admin_execute(admin_url: &str, sql: &str) {
    let mut opts = ConnectOptions::new(admin_url.to_owned());
    opts.max_connections(1).sqlx_logging(false);
    let admin = Database::connect(opts)
        .await
        .expect("connect to PUMASI_TEST_DATABASE_URL");
    admin
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    admin.close().await.expect("close admin connection");
}

/// `url` with its database (path) replaced by `name`, keeping any query string.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = base[authority_start..]
        .find('/')
        .map_or(base, |i| &base[..authority_start + i]);
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/// An allied member NGO in English: the smallest valid organisation.
pub fn raw(name: &str, country: &str, city: &str) -> RawOrganisation {
    RawOrganisation {
        name: name.to_owned(),
        lang: "en".to_owned(),
        category: "ngo".to_owned(),
        class: "allied".to_owned(),
        status: "member".to_owned(),
        country: country.to_owned(),
        city: city.to_owned(),
        ..RawOrganisation::default()
    }
}

/// Validates with the vocabulary stored in the database, as the form and the import do.
pub async fn validated(
    store: &Store,
    raw: &RawOrganisation,
) -> Result<OrganisationInput, Vec<FieldError>> {
    let vocab = members::vocabulary(&store.db).await.expect("vocabulary");
    let (categories, colleges) = vocab.codes();
    raw.validate(&Vocabulary {
        categories: &categories,
        colleges: &colleges,
    })
}

pub async fn create(store: &Store, raw: &RawOrganisation) -> Uuid {
    let input = validated(store, raw)
        .await
        .unwrap_or_else(|e| panic!("{} should be valid: {e:?}", raw.name));
    members::create(&store.db, &input, None, "test")
        .await
        .unwrap_or_else(|e| panic!("create {}: {e}", raw.name))
}

/// The field errors of a result that must be `Invalid`.
#[track_caller]
pub fn invalid<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<FieldError> {
    match r {
        Err(StoreError::Invalid(errs)) => errs,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// What an import does end to end (the CLI and the admin page): validate the whole file and,
/// only when it has no error, write it in one transaction.
pub async fn import(store: &Store, bytes: &[u8]) -> transfer::ImportReport {
    let (rows, mut report) = transfer::validate(&store.db, bytes)
        .await
        .expect("validate");
    if report.errors.is_empty() {
        let txn = store.db.begin().await.expect("begin");
        report.created = transfer::write(&txn, &rows, None, |_| {})
            .await
            .expect("write");
        txn.commit().await.expect("commit");
    }
    report
}

/// A CSV file from lines, joined with LF.
pub fn csv(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\n");
    s.push('\n');
    s.into_bytes()
}

/// `(line, field, code)` of every error, for exact comparisons.
pub fn errors(report: &transfer::ImportReport) -> Vec<(u64, String, &'static str)> {
    report
        .errors
        .iter()
        .map(|e| (e.line, e.field.clone(), e.code))
        .collect()
}

pub fn is_postgres(store: &Store) -> bool {
    store.backend() == DbBackend::Postgres
}
