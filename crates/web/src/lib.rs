//! The web layer of Pumasi: axum routes for HTML pages and the JSON API, the session and CSRF
//! machinery, i18n, templates and embedded assets. Handlers parse input, ask
//! `pumasi_domain::policy`, call the store and render; they never write SQL.

pub mod admin;
pub mod api;
pub mod assets;
pub mod auth;
pub mod error;
pub mod events;
pub mod governance;
pub mod i18n;
pub mod library;
pub mod mail;
pub mod members;
pub mod mentions;
pub mod middleware;
pub mod ops;
pub mod page;
pub mod search;
pub mod server;
pub mod svg;
pub mod todo;

use axum::Router;
use pumasi_store::Store;
use pumasi_store::settings::Identity;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tokio::sync::RwLock;

/// Settings the web layer needs, derived from the binary's `Config`.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public base URL without trailing slash, e.g. `https://hub.example.org`.
    pub base_url: String,
    /// Where the file mail transport writes `.eml` files when no SMTP server is configured.
    pub mail_dir: PathBuf,
    /// SMTP relay URL (`smtps://user:pass@host:465`); `None` uses the file transport.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Largest accepted logo, bytes.
    pub logo_max_bytes: usize,
    /// Where the search index (`search/`) and attachments (`files/`) live; `None` keeps both in
    /// memory (tests).
    pub data_dir: Option<PathBuf>,
    /// Bearer token that opens `/metrics` from anywhere; `None`: loopback clients only.
    pub metrics_token: Option<String>,
    /// The reverse proxies in front of this hub: from them, `X-Forwarded-For` names the client
    /// (for login throttling); from anyone else it is ignored.
    pub trusted_proxies: Vec<auth::Net>,
}

impl WebConfig {
    #[must_use]
    pub fn secure(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub identity: Arc<RwLock<Identity>>,
    pub metrics: Arc<ops::Metrics>,
    /// Bumped on every write that changes public pages; part of the page-cache key and ETags.
    pub content_version: Arc<AtomicU64>,
    pub page_cache: Arc<page::PageCache>,
    /// Where this node stands in the outbox's notifications of public content and settings,
    /// written by any node (see `mail::process_once`).
    pub content_cursor: Arc<tokio::sync::Mutex<pumasi_store::outbox::Cursor>>,
    /// Anonymous pages rendered at once (cache misses): a burst of different pages waits
    /// instead of holding a render's memory each, which keeps the process small under load.
    pub render_permits: Arc<tokio::sync::Semaphore>,
    /// The installation's key for signing registration links (see `events::link_token`).
    pub link_key: Arc<Vec<u8>>,
    /// Writes registrations in batches (group commit).
    pub desk: pumasi_store::events::desk::Desk,
    /// The search index, kept in step with the database through the outbox.
    pub search: Arc<pumasi_search::Search>,
    /// Where library attachments are stored.
    pub files: pumasi_store::library::attachments::Files,
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] pumasi_store::StoreError),
    #[error("search index: {0}")]
    Search(#[from] pumasi_search::SearchError),
    #[error("attachments directory: {0}")]
    Files(#[from] std::io::Error),
}

impl AppState {
    /// Opens the search index (rebuilding it when missing or outdated) and the attachment
    /// store in the data directory.
    ///
    /// # Errors
    /// When the identity cannot be read, or the index or the files cannot be opened.
    pub async fn new(store: Store, config: WebConfig) -> Result<Self, StartError> {
        // The cursor starts before the identity is read, so a change made meanwhile is seen.
        let cursor = pumasi_store::outbox::start(&store.db).await?;
        let identity = pumasi_store::settings::identity(&store.db).await?;
        let link_key =
            pumasi_store::settings::secret(&store.db, "registration-links", auth::random_token)
                .await?;
        let (search, files) = match &config.data_dir {
            Some(dir) => {
                let (search, rebuilt) =
                    pumasi_search::Search::open(&store, &dir.join("search")).await?;
                if rebuilt {
                    tracing::info!(documents = search.index().len(), "search index rebuilt");
                }
                let files = pumasi_store::library::attachments::Files::local(&dir.join("files"))?;
                (search, files)
            }
            None => (
                pumasi_search::Search::in_memory(&store).await?,
                pumasi_store::library::attachments::Files::memory(),
            ),
        };
        Ok(Self {
            search: Arc::new(search),
            files,
            desk: pumasi_store::events::desk::Desk::start(store.clone()),
            link_key: Arc::new(link_key.into_bytes()),
            store,
            config: Arc::new(config),
            identity: Arc::new(RwLock::new(identity)),
            metrics: Arc::new(ops::Metrics::default()),
            content_version: Arc::new(AtomicU64::new(1)),
            page_cache: Arc::new(page::PageCache::default()),
            content_cursor: Arc::new(tokio::sync::Mutex::new(cursor)),
            render_permits: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            )),
        })
    }

    /// Brings the search index up to date with what was just committed, so the writer's next
    /// page already finds (or no longer finds) it; a failure is logged, and the background loop
    /// retries.
    pub async fn search_sync(&self) {
        if let Err(e) = self.search.sync(&self.store).await {
            tracing::warn!(error = %e, "search index not updated");
        }
    }

    /// Reads the network's identity again (after its names' translations changed).
    pub async fn reload_identity(&self) {
        match pumasi_store::settings::identity(&self.store.db).await {
            Ok(id) => *self.identity.write().await = id,
            Err(e) => tracing::warn!(error = %e, "identity not reloaded"),
        }
    }

    /// After a write to public content: cached pages and ETags become stale, and the search
    /// index reads what was just committed, so the writer's next page already finds it.
    pub async fn changed(&self) {
        self.content_changed();
        self.search_sync().await;
    }

    /// Marks public content as changed: cached pages and ETags become stale.
    pub fn content_changed(&self) {
        self.content_version
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.page_cache.clear();
    }
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let cache_state = state.clone();
    Router::new()
        .merge(ops::routes())
        .merge(assets::routes())
        .merge(auth::routes())
        .merge(admin::routes())
        .merge(members::routes())
        .merge(events::routes())
        .merge(library::routes())
        .merge(governance::routes())
        .merge(search::routes())
        .merge(todo::routes())
        .nest("/api/v1", api::routes())
        .merge(api::docs())
        .fallback(error::not_found_fallback)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::page_cache,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::moved_addresses,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            middleware::observe,
        ))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        // Bodies are limited where they are read (8 MB unless a route allows more, as library
        // attachments do), so an oversized upload reaches its handler, which answers with the
        // form and a message rather than a bare 413.
        .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        // Outermost: a page-cache hit skips every layer above.
        .layer(axum::middleware::from_fn_with_state(
            cache_state,
            middleware::cached_first,
        ))
}
