//! Operations endpoints: `/healthz` (database reachable and writable, schema version) and
//! `/metrics` in the Prometheus text format.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Latency buckets in seconds, as Prometheus `le` labels.
const BUCKETS: [f64; 8] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0];

#[derive(Default)]
pub struct Metrics {
    pub in_flight: AtomicU64,
    pub cache_hits: AtomicU64,
    requests_by_class: [AtomicU64; 6],
    buckets: [AtomicU64; 8],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    pub fn record(&self, status: u16, elapsed: Duration) {
        let class = usize::from((status / 100).min(5));
        self.requests_by_class[class].fetch_add(1, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

async fn healthz(State(st): State<AppState>) -> Response {
    let db = st.store.ping().await.is_ok();
    let version = st.store.schema_version().await.unwrap_or_default();
    let pending = st.store.pending_migrations().await.unwrap_or(usize::MAX);
    // A node that answers reads but cannot store a write (full disk, read-only file) is not
    // healthy: a load balancer should send people elsewhere.
    let write = match tokio::time::timeout(Duration::from_secs(5), st.store.write_probe()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(e)) => {
            tracing::error!(error = %e, "healthz: the database cannot write");
            "failing"
        }
        Err(_) => "timed out",
    };
    let ok = db && pending == 0 && write == "ok";
    let body = serde_json::json!({
        "status": if ok { "ok" } else { "unavailable" },
        "database": if db { "ok" } else { "down" },
        "write": write,
        "backend": format!("{:?}", st.store.backend()).to_lowercase(),
        "schema_version": version,
        "pending_migrations": pending,
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// Whether this request may read `/metrics`: with the configured bearer token from anywhere;
/// without it, only a client on this machine talking to the server directly (a request that a
/// proxy forwarded — `Forwarded`/`X-Forwarded-For` — is not local, even from 127.0.0.1).
fn metrics_allowed(st: &AppState, req: &axum::extract::Request) -> bool {
    let h = req.headers();
    if let Some(token) = &st.config.metrics_token {
        let given = h
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // Compared in constant time.
        let same = given.len() == token.len()
            && given
                .bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            return true;
        }
    }
    let forwarded = h.contains_key("forwarded") || h.contains_key("x-forwarded-for");
    let local = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        // In-process calls (tests) have no peer at all.
        .is_none_or(|c| c.0.ip().is_loopback());
    local && !forwarded
}

async fn metrics(State(st): State<AppState>, req: axum::extract::Request) -> Response {
    use std::fmt::Write;
    if !metrics_allowed(&st, &req) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CACHE_CONTROL, "no-store")],
            "metrics are for this machine or a configured token\n",
        )
            .into_response();
    }
    let m = &st.metrics;
    let mut out = String::new();
    out.push_str("# HELP pumasi_http_requests_total HTTP requests by status class.\n# TYPE pumasi_http_requests_total counter\n");
    for (i, c) in m.requests_by_class.iter().enumerate().skip(1) {
        let _ = writeln!(
            out,
            "pumasi_http_requests_total{{class=\"{i}xx\"}} {}",
            c.load(Ordering::Relaxed)
        );
    }
    out.push_str("# HELP pumasi_http_request_duration_seconds Request latency.\n# TYPE pumasi_http_request_duration_seconds histogram\n");
    for (i, b) in BUCKETS.iter().enumerate() {
        let _ = writeln!(
            out,
            "pumasi_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}",
            m.buckets[i].load(Ordering::Relaxed)
        );
    }
    let count = m.count.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "pumasi_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
    );
    #[allow(clippy::cast_precision_loss)]
    let sum = m.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
    let _ = writeln!(
        out,
        "pumasi_http_request_duration_seconds_sum {sum}\npumasi_http_request_duration_seconds_count {count}"
    );
    let _ = writeln!(
        out,
        "# TYPE pumasi_http_in_flight gauge\npumasi_http_in_flight {}",
        m.in_flight.load(Ordering::Relaxed)
    );
    let _ = writeln!(
        out,
        "# TYPE pumasi_page_cache_hits_total counter\npumasi_page_cache_hits_total {}",
        m.cache_hits.load(Ordering::Relaxed)
    );
    let orgs = pumasi_store::members::count_all(&st.store.db)
        .await
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "# TYPE pumasi_organisations gauge\npumasi_organisations {orgs}"
    );
    let pending = pumasi_store::outbox::pending(&st.store.db, "email")
        .await
        .map(|v| v.len())
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "# TYPE pumasi_outbox_email_pending gauge\npumasi_outbox_email_pending {pending}"
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}
