//! Static assets compiled into the binary and served from memory with a content hash ETag,
//! long-lived caching and a gzip variant made once at first use.

use crate::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::io::Write;
use std::sync::LazyLock;

struct Asset {
    name: &'static str,
    mime: &'static str,
    plain: std::borrow::Cow<'static, [u8]>,
    gzip: Vec<u8>,
    etag: String,
}

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "pumasi.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/pumasi.css"),
    ),
    (
        "pumasi.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/pumasi.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    // The grey world under every map, made once from the outlines.
    let world: (&'static str, &'static str, std::borrow::Cow<'static, [u8]>) = (
        "world.svg",
        "image/svg+xml",
        crate::svg::outline_svg().into_bytes().into(),
    );
    FILES
        .iter()
        .map(|(name, mime, plain)| (*name, *mime, std::borrow::Cow::Borrowed(*plain)))
        .chain(std::iter::once(world))
        .map(|(name, mime, plain)| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let gzip = enc
                .write_all(&plain)
                .and_then(|()| enc.finish())
                .unwrap_or_default();
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in plain.iter() {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            Asset {
                name,
                mime,
                plain,
                gzip,
                etag: format!("\"{h:x}\""),
            }
        })
        .collect()
});

/// The versioned URL of an asset, so pages can let browsers cache it for a year.
#[must_use]
pub fn url(name: &str) -> String {
    let v = ASSETS
        .iter()
        .find(|a| a.name == name)
        .map_or("0", |a| a.etag.trim_matches('"'));
    format!("/assets/{name}?v={v}")
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/theme.css", get(theme))
        .route("/assets/{name}", get(serve))
        .route(
            "/favicon.ico",
            get(|h: HeaderMap| async move { serve(Path("favicon.svg".to_owned()), h).await }),
        )
}

async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_str(&a.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let gz = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let mut resp = if gz {
        a.gzip.clone().into_response()
    } else {
        a.plain.to_vec().into_response()
    };
    let h = resp.headers_mut();
    if gz {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
    h.insert(header::ETAG, etag);
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    resp
}

/// The network's colour as a tiny stylesheet, so pages need no inline style (strict CSP).
async fn theme(axum::extract::State(st): axum::extract::State<AppState>) -> Response {
    let colour = st.identity.read().await.colour.clone();
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        format!(":root{{--c:{colour}}}"),
    )
        .into_response()
}
