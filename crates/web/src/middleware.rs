//! Cross-cutting layers: security headers, request ids with tracing and metrics, and the cache
//! of anonymous public pages.

use crate::AppState;
use crate::page::{CacheUntil, Cacheable, CachedPage, respond_cached};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use std::io::Write;
use std::time::Instant;
use tracing::Instrument;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
// The vendored Swagger UI sets inline styles on its own elements.
const CSP_API_DOCS: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                            script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Whether the request came over TLS (directly or through a proxy that says so).
fn over_tls(req: &Request) -> bool {
    req.uri().scheme_str() == Some("https")
        || req
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https")
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let locale = req
        .uri()
        .path()
        .split('/')
        .nth(1)
        .and_then(pumasi_domain::locale::Locale::parse);
    let docs = req.uri().path().starts_with("/api/v1/docs");
    let tls = over_tls(&req);
    let mut resp = next.run(req).await;
    // The body-size limit answers before any handler; give people a page they can read.
    // A handler that answers 413 with its own page (a form and its message) keeps it.
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if resp.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
        && !html
        && let Some(l) = locale
    {
        let shell = crate::page::Shell::bare(l);
        resp = axum::response::IntoResponse::into_response(
            crate::error::AppError::TooLarge.page(&shell),
        );
    }
    secure(resp.headers_mut(), docs, tls);
    resp
}

/// The security headers of every response.
fn secure(h: &mut axum::http::HeaderMap, docs: bool, tls: bool) {
    // A response that set its own, stricter policy (a download's sandbox) keeps it.
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(if docs {
            CSP_API_DOCS
        } else {
            CSP
        }));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A private page's own `no-referrer` stays.
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// Answers a page-cache hit before the rest of the stack (panic guard, body limit,
/// compression, tracing), with the same security headers, request id and metrics; anything
/// else goes through the whole stack, where [`page_cache`] renders and keeps misses.
pub async fn cached_first(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let Some(mut resp) = cached_hit(&state, &req) else {
        return next.run(req).await;
    };
    secure(resp.headers_mut(), false, over_tls(&req));
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map_or_else(|| uuid::Uuid::now_v7().simple().to_string(), str::to_owned);
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    state
        .metrics
        .record(resp.status().as_u16(), start.elapsed());
    resp
}

/// Whether an anonymous GET of this path may come from the page cache.
fn cacheable_request(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && !signed_in(req)
        && !path.starts_with("/api/")
        && !path.starts_with("/assets/")
        && !matches!(
            path,
            "/healthz" | "/metrics" | "/theme.css" | "/logo" | "/favicon.ico"
        )
}

/// The cached page for this request, when there is one (counted as a hit).
fn cached_hit(state: &AppState, req: &Request) -> Option<Response> {
    if !cacheable_request(req) {
        return None;
    }
    let page = state.page_cache.get(&req.uri().to_string())?;
    state
        .metrics
        .cache_hits
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Some(respond_cached(&page, req.headers()))
}

/// Request id (taken from `x-request-id` or made), a tracing span, and request metrics.
pub async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map_or_else(|| uuid::Uuid::now_v7().simple().to_string(), str::to_owned);
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert("x-request-id", v);
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %id, %method, %path);
    let start = Instant::now();
    state
        .metrics
        .in_flight
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // `instrument`, not `span.enter()` held across the await: a guard held over an await point
    // leaves a closed span on the worker's stack, and tracing-subscriber 0.3.23 then panics in
    // `clone_span` ("tried to clone a span that already closed", tokio-rs/tracing#3514),
    // which answered an unrelated request with a 500 in CI.
    let mut resp = next.run(req).instrument(span.clone()).await;
    state
        .metrics
        .in_flight
        .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    let elapsed = start.elapsed();
    state.metrics.record(resp.status().as_u16(), elapsed);
    tracing::debug!(parent: &span, status = resp.status().as_u16(), ms = elapsed.as_secs_f64() * 1000.0, "done");
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

fn signed_in(req: &Request) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| {
            c.split(';').any(|p| {
                p.trim().starts_with(crate::auth::SESSION_COOKIE_PREFIX)
                    || p.trim().starts_with("__Host-pumasi=")
            })
        })
}

/// Serves anonymous GETs of cacheable pages from memory (plain or gzip, with ETag and 304s).
pub async fn page_cache(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !cacheable_request(&req) {
        return next.run(req).await;
    }
    // Usually answered by `cached_first` already; a page cached since is answered here.
    if let Some(hit) = cached_hit(&state, &req) {
        return hit;
    }
    let key = req.uri().to_string();
    if state.page_cache.is_uncacheable(&key) {
        return next.run(req).await;
    }
    // Concurrent misses of one page: the first renders, the others wait and take its result.
    let flight = state.page_cache.flight(&key);
    let _rendering = flight.lock().await;
    // Dropped before `_rendering` (reverse order): the page is cached or given up by then.
    let _landed = Landed(&state.page_cache, &key);
    if let Some(page) = state.page_cache.get(&key) {
        state
            .metrics
            .cache_hits
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return respond_cached(&page, req.headers());
    }
    let headers = req.headers().clone();
    let version = state
        .content_version
        .load(std::sync::atomic::Ordering::Relaxed);
    let resp = {
        let _permit = state.render_permits.acquire().await;
        next.run(req).await
    };
    if resp.status() != 200 || resp.extensions().get::<Cacheable>().is_none() {
        // Pages with anonymous forms carry a per-visitor token: never wait on each other.
        if resp.status() == 200 {
            state.page_cache.mark_uncacheable(&key);
        }
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::best(),
    );
    let gzip = enc
        .write_all(&bytes)
        .and_then(|()| enc.finish())
        .unwrap_or_default();
    let etag = format!("\"{:x}\"", fnv1a(&bytes));
    let page = CachedPage {
        expires: parts.extensions.get::<CacheUntil>().map(|u| u.0),
        etag,
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
        plain: bytes,
        gzip: gzip.into(),
    };
    // Only keep the page if nothing changed while it was being rendered.
    let page = if state
        .content_version
        .load(std::sync::atomic::Ordering::Relaxed)
        == version
    {
        state.page_cache.insert(key.clone(), page)
    } else {
        std::sync::Arc::new(page)
    };
    let mut out = respond_cached(&page, &headers);
    for (k, v) in &parts.headers {
        if k == header::SET_COOKIE {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

/// A fast non-cryptographic hash for ETags (FNV-1a, 64-bit).
fn fnv1a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for x in b {
        h ^= u64::from(*x);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Forgets a page's render lock when the request that rendered it is done.
struct Landed<'a>(&'a crate::page::PageCache, &'a str);

impl Drop for Landed<'_> {
    fn drop(&mut self) {
        self.0.landed(self.1);
    }
}

/// Which segment of a path holds a record's address, and of which kind: `/{locale}/members/{slug}…`,
/// `/api/v1/organisations/{slug}…` and so on for every kind of record with an address.
#[must_use]
pub fn moved_segment(path: &str) -> Option<(usize, pumasi_store::slugs::Kind)> {
    use pumasi_store::slugs::Kind;
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let at = |i: usize| segs.get(i).copied().unwrap_or("");
    if at(0) == "api" && at(1) == "v1" {
        return match (at(2), at(3)) {
            ("organisations", s) if !s.is_empty() => Some((3, Kind::Organisation)),
            ("events", s) if !s.is_empty() => Some((3, Kind::Event)),
            ("library", s) if !s.is_empty() => Some((3, Kind::LibraryItem)),
            ("governance", "bodies") if !at(4).is_empty() => Some((4, Kind::Body)),
            ("governance", "declarations") if !at(4).is_empty() => Some((4, Kind::Declaration)),
            ("governance", "meetings") if !at(4).is_empty() => Some((4, Kind::Meeting)),
            ("governance", "elections") if !at(4).is_empty() => Some((4, Kind::Election)),
            _ => None,
        };
    }
    if pumasi_domain::locale::Locale::parse(at(0)).is_none() || at(2).is_empty() {
        return None;
    }
    let kind = match at(1) {
        "members" => Kind::Organisation,
        "events" => Kind::Event,
        "library" => Kind::LibraryItem,
        "governance" => Kind::Body,
        "declarations" => Kind::Declaration,
        "meetings" => Kind::Meeting,
        "elections" => Kind::Election,
        _ => return None,
    };
    Some((2, kind))
}

/// A record whose address changed keeps answering at the old one: a GET that found nothing is
/// looked up among the old addresses and, if one matches, answered with a permanent redirect to
/// the same page (or API resource) at the current address, query string kept.
pub async fn moved_addresses(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let res = next.run(req).await;
    if !is_read || res.status() != axum::http::StatusCode::NOT_FOUND {
        return res;
    }
    let Some((i, kind)) = moved_segment(&path) else {
        return res;
    };
    let mut segs: Vec<&str> = path.split('/').collect();
    let Some(old) = segs.get(i + 1).copied() else {
        return res;
    };
    let Ok(Some(new)) = pumasi_store::slugs::resolve(&state.store.db, kind, old).await else {
        return res;
    };
    segs[i + 1] = &new;
    let mut to = segs.join("/");
    if let Some(q) = query {
        to.push('?');
        to.push_str(&q);
    }
    let Ok(location) = HeaderValue::from_str(&to) else {
        return res;
    };
    let mut moved = Response::new(Body::empty());
    *moved.status_mut() = axum::http::StatusCode::MOVED_PERMANENTLY;
    moved.headers_mut().insert(header::LOCATION, location);
    moved
}
