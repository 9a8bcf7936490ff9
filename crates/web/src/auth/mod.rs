//! Accounts on the web: server-side sessions in the database behind a random 256-bit cookie
//! token (only its SHA-256 is stored), rotated at login; CSRF tokens on every state-changing
//! form (the session's own token when signed in, a double-submit cookie before); argon2id
//! password hashes; login throttling per account and per address with identical answers for
//! known and unknown emails.

mod pages;

pub use pages::routes;

use crate::AppState;
use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::HeaderMap;
use base64::Engine;
use pumasi_domain::policy::Actor;
use pumasi_store::accounts::{self, Account, Session, SessionPolicy};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Cookie names; the `__Host-` prefix is used when served over HTTPS (it requires Secure).
pub const SESSION_COOKIE_PREFIX: &str = "pumasi=";
pub const CSRF_COOKIE: &str = "pumasi_csrf";

fn session_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-pumasi" } else { "pumasi" }
}

/// 256 random bits, URL-safe base64.
#[must_use]
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

#[must_use]
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[must_use]
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// # Errors
/// Only if the hasher fails, which it does not for valid parameters.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A hash to verify against when the email is unknown, so both cases take the same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not a real password").unwrap_or_default());

#[must_use]
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    let h = hash.unwrap_or(DUMMY_HASH.as_str());
    let ok = PasswordHash::new(h).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    });
    ok && hash.is_some()
}

/// Password rules: 10–200 characters. Length is what matters (NIST SP 800-63B).
///
/// # Errors
/// The Fluent id of what is wrong.
pub fn check_new_password(p: &str) -> Result<(), &'static str> {
    let n = p.chars().count();
    if n < 10 {
        Err("error-password-short")
    } else if n > 200 {
        Err("error-too-long")
    } else {
        Ok(())
    }
}

/// The value of the cookie named exactly `name`.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k == name).then(|| v.to_owned())
            })
        })
}

/// A security cookie (session, CSRF) as this hub sets it: on a hub served over HTTPS only the
/// `__Host-` name, which no other host or insecure page can have set (a plain `pumasi=` there
/// would let a neighbouring site toss in its own session); the plain name otherwise.
#[must_use]
pub fn host_cookie(headers: &HeaderMap, name: &str, secure: bool) -> Option<String> {
    if secure {
        cookie(headers, &format!("__Host-{name}"))
    } else {
        cookie(headers, name)
    }
}

#[must_use]
pub fn session_cookie(token: &str, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let sec = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000{sec}")
}

#[must_use]
pub fn clear_session_cookie(secure: bool) -> String {
    let name = session_cookie_name(secure);
    let sec = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{sec}")
}

#[must_use]
pub fn csrf_cookie(token: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Secure")
    } else {
        format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax")
    }
}

/// Loads the session named by the request's cookie, if live.
///
/// # Errors
/// Database errors.
pub async fn load_session(
    headers: &HeaderMap,
    st: &AppState,
) -> Result<(Option<Account>, Option<Session>, Actor), AppError> {
    let Some(token) = host_cookie(headers, "pumasi", st.config.secure()) else {
        return Ok((None, None, Actor::anonymous()));
    };
    let Some((s, acc)) =
        accounts::session(&st.store.db, &hash_token(&token), SessionPolicy::default()).await?
    else {
        return Ok((None, None, Actor::anonymous()));
    };
    let actor = accounts::actor(&st.store.db, &acc).await?;
    Ok((Some(acc), Some(s), actor))
}

/// The client's address for throttling: the socket peer, as recorded by the server.
#[must_use]
pub fn client_ip(parts_ext: &axum::http::Extensions) -> String {
    parts_ext
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

/// A form as submitted: field → value (the last value wins for repeated names).
pub type FormMap = HashMap<String, String>;

#[cfg(test)]
mod cookie_tests {
    use super::host_cookie;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn with(cookies: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(cookies).unwrap());
        h
    }

    #[test]
    fn an_https_hub_reads_only_host_prefixed_cookies() {
        let tossed = with("pumasi=attacker; lang=fr");
        assert_eq!(host_cookie(&tossed, "pumasi", true), None);
        assert_eq!(
            host_cookie(&tossed, "pumasi", false).as_deref(),
            Some("attacker")
        );
        let own = with("__Host-pumasi=mine; pumasi=attacker");
        assert_eq!(host_cookie(&own, "pumasi", true).as_deref(), Some("mine"));
        assert_eq!(
            host_cookie(&with("__Host-pumasi=x"), "pumasi", false),
            None,
            "a plain-http hub never set a __Host- cookie"
        );
    }
}
