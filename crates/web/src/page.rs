//! What every page shares: the request context (`Ctx`: language from the path, the signed-in
//! person, CSRF token, the network's identity), the layout data (`Shell`), rendering with ETag,
//! and the cache of anonymous public pages.

use crate::AppState;
use crate::auth;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::{Action, Actor, SiteRole, allows};
use pumasi_store::accounts::Account;
use pumasi_store::settings::Identity;
use std::collections::HashMap;
use std::sync::RwLock;

/// Layout data for `base.html`.
#[derive(Debug, Clone)]
pub struct Shell {
    pub i: I18n,
    pub identity: Identity,
    /// The path after the locale segment (with query), for the language switcher.
    pub path: String,
    pub user_name: Option<String>,
    pub csrf: String,
    pub is_staff: bool,
    pub is_admin: bool,
    /// A one-line confirmation after a redirect (`?done=key`), already translated.
    pub notice: Option<String>,
}

impl Shell {
    /// Countries by their name in the reader's language, `selected` (an ISO code) marked — a
    /// country is picked by name, never typed as a code.
    #[must_use]
    pub fn countries(&self, selected: &str) -> Vec<(String, String, bool)> {
        let code = self.i.code();
        let mut out: Vec<(String, String, bool)> = pumasi_domain::countries::all()
            .iter()
            .filter(|c| c.continent != pumasi_domain::countries::Continent::Antarctica)
            .map(|c| {
                (
                    c.alpha2.to_owned(),
                    c.name(code).to_owned(),
                    c.alpha2.eq_ignore_ascii_case(selected.trim()),
                )
            })
            .collect();
        pumasi_domain::collation::sort_by_name(self.i.locale, &mut out, |c| &c.1);
        out
    }

    /// Time zones to choose from (IANA names by region, then UTC), `selected` marked — for
    /// `macros::select`; a zone is picked, never typed.
    #[must_use]
    pub fn time_zones(&self, selected: &str) -> Vec<(String, String, bool)> {
        let mut zones: Vec<(String, String, bool)> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name())
            .filter(|n| {
                [
                    "Africa/",
                    "America/",
                    "Antarctica/",
                    "Asia/",
                    "Atlantic/",
                    "Australia/",
                    "Europe/",
                    "Indian/",
                    "Pacific/",
                ]
                .iter()
                .any(|p| n.starts_with(p))
            })
            .map(|n| (n.to_owned(), n.replace('_', " "), n == selected))
            .collect();
        zones.sort();
        zones.push(("UTC".to_owned(), "UTC".to_owned(), selected == "UTC"));
        if !selected.is_empty() && !zones.iter().any(|z| z.2) {
            // A zone stored under an older name stays choosable.
            zones.insert(0, (selected.to_owned(), selected.to_owned(), true));
        }
        zones
    }

    /// A shell for error pages rendered without a request context.
    #[must_use]
    pub fn bare(locale: Locale) -> Self {
        Shell {
            i: I18n::new(locale),
            identity: Identity::default(),
            path: "/".to_owned(),
            user_name: None,
            csrf: String::new(),
            is_staff: false,
            is_admin: false,
            notice: None,
        }
    }

    /// This page in every enabled language: `(url, switcher url, code, endonym, current)`.
    /// The switcher URL goes through `/language/{code}`, which remembers the choice.
    #[must_use]
    pub fn languages(&self) -> Vec<(String, String, &'static str, &'static str, bool)> {
        self.identity
            .languages
            .iter()
            .map(|l| {
                let url = format!("/{}{}", l.code(), self.path);
                let via = format!(
                    "/language/{}?next={}",
                    l.code(),
                    percent_encoding::utf8_percent_encode(&url, percent_encoding::NON_ALPHANUMERIC)
                );
                (url, via, l.code(), l.endonym(), *l == self.i.locale)
            })
            .collect()
    }

    #[must_use]
    pub fn href(&self, rest: &str) -> String {
        format!("/{}{}", self.i.code(), rest)
    }
}

/// The request context for HTML pages.
pub struct Ctx {
    pub state: AppState,
    pub shell: Shell,
    pub actor: Actor,
    pub account: Option<Account>,
    /// SHA-256 of the session token, when signed in.
    pub session_hash: Option<String>,
    /// A fresh anonymous CSRF token that must be set as a cookie on the response.
    pub new_csrf_cookie: Option<String>,
}

impl Ctx {
    #[must_use]
    pub fn i(&self) -> I18n {
        self.shell.i
    }

    #[must_use]
    pub fn locale(&self) -> Locale {
        self.shell.i.locale
    }

    #[must_use]
    pub fn can(&self, action: Action) -> bool {
        allows(&self.actor, action)
    }

    /// # Errors
    /// `Unauthorized` (anonymous) or `Forbidden`.
    /// As [`Ctx::require`] for editing an organisation in its current status.
    ///
    /// # Errors
    /// `Unauthorized` (anonymous) or `Forbidden`.
    pub fn require_org_edit(
        &self,
        o: &pumasi_store::members::Organisation,
    ) -> Result<(), PageError> {
        if pumasi_domain::policy::may_edit_organisation(&self.actor, o.id, o.status) {
            Ok(())
        } else if self.account.is_none() {
            Err(AppError::Unauthorized.page(&self.shell))
        } else {
            Err(AppError::Forbidden.page(&self.shell))
        }
    }

    pub fn require(&self, action: Action) -> Result<(), PageError> {
        if allows(&self.actor, action) {
            Ok(())
        } else if self.account.is_none() {
            Err(AppError::Unauthorized.page(&self.shell))
        } else {
            Err(AppError::Forbidden.page(&self.shell))
        }
    }

    #[must_use]
    pub fn err(&self, e: impl Into<AppError>) -> PageError {
        e.into().page(&self.shell)
    }

    /// Begins a writing transaction; a failure is an error page in the reader's language.
    ///
    /// # Errors
    /// Database errors.
    pub async fn begin(&self) -> Result<pumasi_store::sea_orm::DatabaseTransaction, PageError> {
        self.state
            .store
            .begin_write()
            .await
            .map_err(|e| self.err(e))
    }

    /// Commits a transaction begun with [`Ctx::begin`].
    ///
    /// # Errors
    /// Database errors.
    pub async fn commit(
        &self,
        txn: pumasi_store::sea_orm::DatabaseTransaction,
    ) -> Result<(), PageError> {
        txn.commit()
            .await
            .map_err(|e| self.err(pumasi_store::StoreError::from(e)))
    }

    /// Checks a submitted form's `_csrf` field against this context's token.
    ///
    /// # Errors
    /// `Csrf` when missing or different.
    pub fn check_csrf(&self, form: &HashMap<String, String>) -> Result<(), PageError> {
        let sent = form.get("_csrf").map(String::as_str).unwrap_or("");
        if !self.shell.csrf.is_empty()
            && self.new_csrf_cookie.is_none()
            && auth::constant_time_eq(sent, &self.shell.csrf)
        {
            Ok(())
        } else {
            Err(AppError::Csrf.page(&self.shell))
        }
    }

    /// A store failure of a form action, as the form shows it: field errors with 422, a
    /// conflict with 409, and the typed values kept (without the CSRF token). Anything else
    /// becomes an error page.
    ///
    /// # Errors
    /// `NotFound` and database errors, as pages.
    pub fn form_failure(
        &self,
        e: pumasi_store::StoreError,
        typed: &HashMap<String, String>,
    ) -> Result<(FormState, StatusCode), PageError> {
        use pumasi_store::StoreError;
        let (errs, status) = match e {
            StoreError::Invalid(errs) => (errs, StatusCode::UNPROCESSABLE_ENTITY),
            StoreError::Conflict(code) => (
                vec![pumasi_domain::FieldError::new("form", code)],
                StatusCode::CONFLICT,
            ),
            // Nothing was saved: the form comes back as typed, to be sent again later.
            StoreError::Unavailable(msg) => {
                tracing::error!(error = %msg, "the database cannot write; answered 503");
                (
                    vec![pumasi_domain::FieldError::new("form", "error-unavailable")],
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
            e @ (StoreError::NotFound | StoreError::Db(_)) => return Err(self.err(e)),
        };
        let mut values = typed.clone();
        values.remove("_csrf");
        Ok((FormState::with_errors(values, &errs, self.i()), status))
    }

    /// Renders a template as the response, with the anonymous CSRF cookie when it is new.
    ///
    /// # Errors
    /// Template errors (a bug) become a 500 page.
    pub fn render(&self, t: &impl Template) -> Result<Response, PageError> {
        self.render_status(StatusCode::OK, t)
    }

    /// # Errors
    /// Template errors.
    pub fn render_status(
        &self,
        status: StatusCode,
        t: &impl Template,
    ) -> Result<Response, PageError> {
        self.render_with(status, t, true)
    }

    fn render_with(
        &self,
        status: StatusCode,
        t: &impl Template,
        csrf_cookie: bool,
    ) -> Result<Response, PageError> {
        let body = t
            .render()
            .map_err(|e| self.err(AppError::Internal(e.to_string())))?;
        let mut resp = (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
        let h = resp.headers_mut();
        let new_cookie = self.new_csrf_cookie.as_ref().filter(|_| csrf_cookie);
        if self.account.is_some() || new_cookie.is_some() {
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
        }
        if let Some(tok) = new_cookie
            && let Ok(v) =
                HeaderValue::from_str(&auth::csrf_cookie(tok, self.state.config.secure()))
        {
            h.append(header::SET_COOKIE, v);
        }
        Ok(resp)
    }

    /// Like [`Ctx::render`] for pages without anonymous forms: for anonymous readers the page
    /// carries no CSRF cookie and is marked cacheable by the page cache, so it is the same bytes
    /// for everyone.
    ///
    /// # Errors
    /// Template errors.
    pub fn render_public(&self, t: &impl Template) -> Result<Response, PageError> {
        let mut r = self.render_with(StatusCode::OK, t, false)?;
        if self.account.is_none() {
            r.extensions_mut().insert(Cacheable);
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            );
        }
        Ok(r)
    }

    /// POST → redirect → GET, with a confirmation key shown once on the next page.
    #[must_use]
    pub fn see_other(&self, path: &str, done: Option<&str>) -> Response {
        // The query goes before a `#fragment`, or browsers would read it as part of the fragment.
        let (path, fragment) = path.split_once('#').map_or((path, ""), |(p, f)| (p, f));
        let mut loc = match done {
            Some(k) if path.contains('?') => format!("{path}&done={k}"),
            Some(k) => format!("{path}?done={k}"),
            None => path.to_owned(),
        };
        if !fragment.is_empty() {
            loc.push('#');
            loc.push_str(fragment);
        }
        (StatusCode::SEE_OTHER, [(header::LOCATION, loc)]).into_response()
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let path = parts.uri.path();
        let mut segs = path.splitn(3, '/');
        segs.next();
        let first = segs.next().unwrap_or("");
        let rest = segs.next().map_or_else(String::new, |r| format!("/{r}"));
        let mut identity = state.identity.read().await.clone();
        let locale = Locale::parse(first).filter(|l| identity.languages.contains(l));
        let Some(locale) = locale else {
            return Err(PageError {
                err: AppError::NotFound,
                shell: Some(Box::new(Shell::bare(identity.default_language))),
            });
        };
        // The network's name in the reader's language, when it was translated.
        (identity.name, identity.short_name) =
            pumasi_store::governance::translations::network_name(&identity, locale);
        let query = parts.uri.query().map(|q| {
            // Drop the one-shot confirmation from links to other languages.
            let kept: Vec<&str> = q.split('&').filter(|p| !p.starts_with("done=")).collect();
            if kept.is_empty() {
                String::new()
            } else {
                format!("?{}", kept.join("&"))
            }
        });
        let i = I18n::with_zone(locale, &identity.time_zone);
        let notice = parts.uri.query().and_then(|q| {
            q.split('&')
                .find_map(|p| p.strip_prefix("done="))
                .filter(|k| k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                .map(|k| i.t(&format!("done-{k}")))
        });
        let mut shell = Shell {
            i,
            identity,
            path: format!(
                "{}{}",
                if rest.is_empty() { "/" } else { &rest },
                query.unwrap_or_default()
            ),
            user_name: None,
            csrf: String::new(),
            is_staff: false,
            is_admin: false,
            notice,
        };
        let (account, session, actor) = auth::load_session(&parts.headers, state)
            .await
            .map_err(|e| e.page(&shell))?;
        let mut new_csrf_cookie = None;
        if let (Some(acc), Some(s)) = (&account, &session) {
            if !acc.time_zone.is_empty() {
                // The reader's own zone, once they chose one; otherwise the hub's.
                shell.i = I18n::with_zone(locale, &acc.time_zone);
            }
            shell.user_name = Some(acc.display_name.clone());
            shell.csrf.clone_from(&s.csrf);
            shell.is_staff = actor.site_role.is_some_and(|r| r >= SiteRole::Secretariat);
            shell.is_admin = actor.site_role == Some(SiteRole::Admin);
        } else if let Some(tok) =
            auth::host_cookie(&parts.headers, auth::CSRF_COOKIE, state.config.secure())
        {
            shell.csrf = tok;
        } else {
            let tok = auth::random_token();
            shell.csrf.clone_from(&tok);
            new_csrf_cookie = Some(tok);
        }
        Ok(Ctx {
            state: state.clone(),
            shell,
            actor,
            account,
            session_hash: session.map(|s| s.id),
            new_csrf_cookie,
        })
    }
}

/// Response marker: an anonymous page that may be served from the page cache.
#[derive(Clone, Copy)]
pub struct Cacheable;

/// A public page that changes by itself at this time (a vote opens or closes): the page cache
/// keeps it until then only.
#[derive(Clone, Copy)]
pub struct CacheUntil(pub chrono::DateTime<chrono::Utc>);

/// A rendered anonymous page, kept plain and gzip-compressed.
pub struct CachedPage {
    /// When the page goes stale by itself (a vote opens or closes), without any write.
    pub expires: Option<chrono::DateTime<chrono::Utc>>,
    pub etag: String,
    pub content_type: HeaderValue,
    pub plain: axum::body::Bytes,
    pub gzip: axum::body::Bytes,
}

/// Rendered anonymous pages keyed by path and query (which include the locale). Cleared as a
/// whole whenever content changes, and when it grows past its byte budget, so a crawler
/// walking every filter combination cannot make it grow without limit.
#[derive(Default)]
pub struct PageCache {
    map: RwLock<HashMap<String, std::sync::Arc<CachedPage>>>,
    bytes: std::sync::atomic::AtomicUsize,
    /// Pages that answered without being cacheable (forms with a per-visitor token).
    uncacheable: RwLock<std::collections::HashSet<String>>,
    /// One lock per page being rendered, so concurrent misses render it once.
    inflight: std::sync::Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
}

/// Plain and gzip bytes kept at most, over all pages.
const CACHE_MAX_BYTES: usize = 24 * 1024 * 1024;

impl PageCache {
    #[must_use]
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        self.map
            .read()
            .ok()?
            .get(key)
            .filter(|p| p.expires.is_none_or(|t| chrono::Utc::now() < t))
            .cloned()
    }

    pub fn insert(&self, key: String, page: CachedPage) -> std::sync::Arc<CachedPage> {
        use std::sync::atomic::Ordering;
        let size = key.len() + page.plain.len() + page.gzip.len();
        let page = std::sync::Arc::new(page);
        if let Ok(mut m) = self.map.write() {
            if self.bytes.load(Ordering::Relaxed) + size > CACHE_MAX_BYTES {
                m.clear();
                self.bytes.store(0, Ordering::Relaxed);
            }
            if m.insert(key, page.clone()).is_none() {
                self.bytes.fetch_add(size, Ordering::Relaxed);
            }
        }
        page
    }

    pub fn clear(&self) {
        if let Ok(mut m) = self.map.write() {
            m.clear();
            self.bytes.store(0, std::sync::atomic::Ordering::Relaxed);
        }
    }

    #[must_use]
    pub fn is_uncacheable(&self, key: &str) -> bool {
        self.uncacheable.read().is_ok_and(|s| s.contains(key))
    }

    pub fn mark_uncacheable(&self, key: &str) {
        if let Ok(mut s) = self.uncacheable.write() {
            if s.len() >= 10_000 {
                s.clear();
            }
            s.insert(key.to_owned());
        }
    }

    /// The lock that serialises rendering of one page.
    #[must_use]
    pub fn flight(&self, key: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        let mut m = self
            .inflight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.entry(key.to_owned()).or_default().clone()
    }

    /// Forgets a page's render lock once it is cached (waiters keep their own handle).
    pub fn landed(&self, key: &str) {
        let mut m = self
            .inflight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.remove(key);
    }
}

/// Answers from a cached page: 304 when the client has it, gzip when accepted.
#[must_use]
pub fn respond_cached(page: &CachedPage, headers: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&page.etag).unwrap_or(HeaderValue::from_static("\"x\""));
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == page.etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let gz = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut resp = if gz {
        let mut r = page.gzip.clone().into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        page.plain.clone().into_response()
    };
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, page.content_type.clone());
    h.insert(header::ETAG, etag);
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Cookie"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    resp
}

/// A form's typed values and per-field error messages (already translated), so that a form
/// sent back after an error shows exactly what was typed.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: Vec<(String, String)>,
}

impl FormState {
    #[must_use]
    pub fn new(values: HashMap<String, String>) -> Self {
        Self {
            values,
            errors: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_errors(
        values: HashMap<String, String>,
        errs: &[pumasi_domain::FieldError],
        i: I18n,
    ) -> Self {
        Self {
            values,
            errors: errs
                .iter()
                .map(|e| (e.field.clone(), i.t(e.code)))
                .collect(),
        }
    }

    pub fn add_error(&mut self, field: &str, message: String) {
        self.errors.push((field.to_owned(), message));
    }

    /// Says `message` on `field` instead of what was said there (a message with details the
    /// store's error code cannot carry).
    pub fn set_error(&mut self, field: &str, message: String) {
        self.errors.retain(|(f, _)| f != field);
        self.errors.push((field.to_owned(), message));
    }

    #[must_use]
    pub fn v(&self, k: &str) -> &str {
        self.values.get(k).map_or("", String::as_str)
    }

    /// The error message of a field, or "".
    #[must_use]
    pub fn e(&self, k: &str) -> &str {
        self.errors
            .iter()
            .find(|(f, _)| f == k)
            .map_or("", |(_, m)| m.as_str())
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    #[must_use]
    pub fn checked(&self, k: &str) -> bool {
        matches!(self.v(k), "on" | "true" | "1" | "yes")
    }

    #[must_use]
    pub fn selected(&self, k: &str, value: &str) -> bool {
        self.v(k) == value
    }
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` are written as
/// JSON escapes, so no text in the data (`</script>`, `<!--`) can end or hide the element.
#[must_use]
pub fn json_for_script(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `next` when it is a path on this site that is safe to redirect to: it starts with one `/`
/// (not `//`, which a browser reads as another host), holds no backslash (read as `/`), no
/// control character or whitespace (browsers drop tabs and newlines, so `/\t/evil.example`
/// becomes `//evil.example`, and a newline would end the `Location` header) and no scheme.
#[must_use]
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(next)
}

#[cfg(test)]
mod local_path_tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site() {
        assert_eq!(
            local_path("/en/events/x/manage"),
            Some("/en/events/x/manage")
        );
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/ /evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
