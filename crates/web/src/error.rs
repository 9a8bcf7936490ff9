//! One error type for handlers. Pages answer with a translated error page, the API with RFC 9457
//! problem+json. Internal errors are logged with the request id and never shown to users.
//!
//! Error policy: handlers return `Result<_, PageError>` (HTML) or `Result<_, ApiError>` (JSON);
//! both are built from [`AppError`], which store errors convert into.

use crate::i18n::I18n;
use crate::page::Shell;
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pumasi_domain::FieldError;
use pumasi_domain::locale::Locale;
use pumasi_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in: pages redirect to the login form.
    Unauthorized,
    Forbidden,
    /// A stale form or a state conflict; the code is a Fluent id.
    Conflict(&'static str),
    Invalid(Vec<FieldError>),
    /// The CSRF token did not match: the form is too old or was not ours.
    Csrf,
    TooMany,
    /// The request body is over the limit.
    TooLarge,
    /// An API write whose body is not sent as JSON.
    UnsupportedMediaType,
    /// The database cannot take a write now (full disk, read-only): 503, nothing saved.
    Unavailable(String),
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(c) => AppError::Conflict(c),
            StoreError::Invalid(f) => AppError::Invalid(f),
            StoreError::Unavailable(e) => AppError::Unavailable(e),
            StoreError::Db(e) => AppError::Internal(e.to_string()),
        }
    }
}

impl AppError {
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::Conflict(c) => c,
            AppError::Invalid(_) => "error-invalid",
            AppError::Csrf => "error-csrf",
            AppError::TooMany => "error-too-many",
            AppError::TooLarge => "error-payload-too-large",
            AppError::UnsupportedMediaType => "error-json-media-type",
            AppError::Unavailable(_) => "error-unavailable",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// Logs what the operator must know: an internal error, or a database that cannot write.
    fn log(&self) {
        match self {
            AppError::Internal(msg) => tracing::error!(error = %msg, "internal error"),
            AppError::Unavailable(msg) => {
                tracing::error!(error = %msg, "the database cannot write; answered 503");
            }
            _ => {}
        }
    }

    /// For pages: attach the reader's shell so the error page is in their language.
    #[must_use]
    pub fn page(self, shell: &Shell) -> PageError {
        PageError {
            err: self,
            shell: Some(Box::new(shell.clone())),
        }
    }
}

/// An error on an HTML route.
#[derive(Debug)]
pub struct PageError {
    pub err: AppError,
    pub shell: Option<Box<Shell>>,
}

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError { err, shell: None }
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    shell: Shell,
    i: I18n,
    title: String,
    message: String,
    status: u16,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let shell = self.shell.map_or_else(|| Shell::bare(Locale::En), |s| *s);
        if matches!(self.err, AppError::Unauthorized) {
            // Back to the same page in the same language after logging in.
            let full = format!("/{}{}", shell.i.code(), shell.path);
            let next =
                percent_encoding::utf8_percent_encode(&full, percent_encoding::NON_ALPHANUMERIC)
                    .to_string();
            return Redirect::to(&format!("/{}/login?next={next}", shell.i.code())).into_response();
        }
        self.err.log();
        let status = self.err.status();
        let i = shell.i;
        let page = ErrorPage {
            title: i.t(&format!("error-title-{}", status.as_u16())),
            message: i.t(self.err.key()),
            status: status.as_u16(),
            i,
            shell,
        };
        let body = page.render().unwrap_or_else(|_| "error".to_owned());
        let mut r = (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response();
        retry_after(&mut r);
        r
    }
}

/// A 503 says when to try again (a full disk is usually freed within minutes).
pub fn retry_after(r: &mut Response) {
    if r.status() == StatusCode::SERVICE_UNAVAILABLE {
        r.headers_mut().insert(
            header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("30"),
        );
    }
}

/// An error on an API route, as problem+json.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let i = I18n::new(Locale::En);
        let mut body = serde_json::json!({
            "type": format!("https://pumasi.org/problems/{}", self.0.key()),
            "title": i.t(&format!("error-title-{}", status.as_u16())),
            "status": status.as_u16(),
            "detail": i.t(self.0.key()),
        });
        if let AppError::Invalid(fields) = &self.0 {
            body["errors"] = fields
                .iter()
                .map(|f| serde_json::json!({ "field": f.field, "code": f.code, "message": i.t(f.code) }))
                .collect();
        }
        let mut r = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
        retry_after(&mut r);
        r
    }
}

impl From<AppError> for StatusCode {
    fn from(e: AppError) -> Self {
        e.status()
    }
}

/// Unknown paths: a 404 page in the language the path names, or problem+json under the API.
pub async fn not_found_fallback(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return ApiError(AppError::NotFound).into_response();
    }
    let locale = path
        .split('/')
        .nth(1)
        .and_then(Locale::parse)
        .unwrap_or(Locale::En);
    PageError {
        err: AppError::NotFound,
        shell: Some(Box::new(Shell::bare(locale))),
    }
    .into_response()
}

/// A panic inside a handler becomes a plain 500 page; the panic itself is logged.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    PageError {
        err: AppError::Internal("panic".into()),
        shell: None,
    }
    .into_response()
}
