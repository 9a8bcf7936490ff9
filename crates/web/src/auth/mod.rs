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

/// An address range a reverse proxy of this hub sends from (`10.0.0.0/8`, `192.0.2.7`,
/// `2001:db8::/32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Net {
    addr: std::net::IpAddr,
    prefix: u8,
}

impl Net {
    /// An address, or an address and a prefix length after `/`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let (a, p) = s
            .trim()
            .split_once('/')
            .map_or((s.trim(), None), |(a, p)| (a, Some(p)));
        let addr: std::net::IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Self { addr, prefix })
    }

    #[must_use]
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address seen through an IPv6 socket as the IPv4 address it is.
fn canonical(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
        v4 @ std::net::IpAddr::V4(_) => v4,
    }
}

/// The client's address for throttling. The socket peer, unless the peer is one of the hub's
/// `trusted` proxies: then the rightmost address of `X-Forwarded-For` that is not a trusted
/// proxy (addresses further left were written by the client and prove nothing). Without
/// trusted proxies the header is ignored, so nobody can pose as another address with it.
#[must_use]
pub fn client_ip(
    parts_ext: &axum::http::Extensions,
    headers: &HeaderMap,
    trusted: &[Net],
) -> String {
    let Some(peer) = parts_ext
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| canonical(c.0.ip()))
    else {
        return "local".to_owned();
    };
    let is_trusted = |ip: std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer.to_string();
    }
    let mut client = peer;
    let lines: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    for part in lines.iter().flat_map(|l| l.split(',')).rev() {
        let Ok(ip) = part.trim().parse::<std::net::IpAddr>() else {
            break;
        };
        client = canonical(ip);
        if !is_trusted(client) {
            break;
        }
    }
    client.to_string()
}

/// The name of the cookie that marks a device an account has logged in from.
pub const DEVICE_COOKIE: &str = "pumasi_device";

/// The device cookie's value for `account`: the account and a signature with the
/// installation's key. A login from such a device is checked even while the account is
/// throttled for failures from elsewhere, so guessing wrongly cannot keep its owner out.
#[must_use]
pub fn device_token(key: &[u8], account: uuid::Uuid) -> String {
    use hmac::Mac;
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) else {
        // HMAC accepts keys of any length; this branch cannot be taken.
        return String::new();
    };
    mac.update(b"device:");
    mac.update(account.as_bytes());
    format!(
        "{}.{}",
        account.simple(),
        hex::encode(mac.finalize().into_bytes())
    )
}

/// The `Set-Cookie` value of the device cookie (a year).
#[must_use]
pub fn device_cookie(token: &str, secure: bool) -> String {
    if secure {
        format!(
            "__Host-{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000; Secure"
        )
    } else {
        format!("{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000")
    }
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
