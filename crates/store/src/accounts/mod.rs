//! Accounts, server-side sessions, login throttling and password-reset tokens. Tokens arrive
//! here already hashed (SHA-256): the database never holds a usable session or reset token.

use crate::entities::{account, affiliation, login_throttle, password_reset, session};
use crate::{Result, StoreError, audit, now, outbox};
use chrono::Duration;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::{Actor, SiteRole};
use pumasi_domain::types::Email;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

pub use crate::entities::account::Model as Account;
pub use crate::entities::session::Model as Session;

/// # Errors
/// `Conflict("error-email-taken")`, database errors.
pub async fn create(
    c: &impl ConnectionTrait,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    role: SiteRole,
    locale: Locale,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    account::Entity::insert(account::ActiveModel {
        id: Set(id),
        email: Set(email.as_str().to_owned()),
        display_name: Set(display_name.to_owned()),
        password_hash: Set(password_hash.to_owned()),
        site_role: Set(role.code().to_owned()),
        locale: Set(locale.code().to_owned()),
        time_zone: Set(String::new()),
        disabled: Set(false),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-email-taken"))?;
    audit::record(
        c,
        actor,
        "account.create",
        "account",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "email": email.as_str(), "role": role })),
    )
    .await?;
    Ok(id)
}

/// # Errors
/// Database errors.
pub async fn by_email(c: &impl ConnectionTrait, email: &Email) -> Result<Option<Account>> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(c)
        .await?)
}

/// # Errors
/// Database errors.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Account>> {
    Ok(account::Entity::find_by_id(id).one(c).await?)
}

/// The [`Actor`] for an account: its site role and organisation roles.
///
/// # Errors
/// Database errors.
pub async fn actor(c: &impl ConnectionTrait, acc: &Account) -> Result<Actor> {
    let orgs = affiliation::Entity::find()
        .filter(affiliation::Column::AccountId.eq(acc.id))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|a| OrgRole::parse(&a.role).map(|r| (a.organisation_id, r)))
        .collect();
    Ok(Actor {
        account: Some(acc.id),
        site_role: SiteRole::parse(&acc.site_role),
        orgs,
    })
}

/// Sets a new password hash and ends every reset link of the account still unused.
///
/// # Errors
/// Database errors.
pub async fn set_password(c: &impl ConnectionTrait, id: Uuid, hash: &str) -> Result<()> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .filter(account::Column::Id.eq(id))
        .exec(c)
        .await?;
    // A new password ends every reset link still out, not only the one used.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now())))
        .filter(password_reset::Column::AccountId.eq(id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(c)
        .await?;
    audit::record(
        c,
        Some(id),
        "account.password",
        "account",
        &id.to_string(),
        None,
        None,
    )
    .await
}

/// # Errors
/// Database errors.
pub async fn set_locale(c: &impl ConnectionTrait, id: Uuid, l: Locale) -> Result<()> {
    account::Entity::update_many()
        .col_expr(account::Column::Locale, Expr::value(l.code()))
        .filter(account::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// The person's own time zone (an IANA name); empty returns to the hub's zone.
///
/// # Errors
/// `Invalid(time_zone)` for a name that is not a known zone; database errors.
pub async fn set_time_zone(c: &impl ConnectionTrait, id: Uuid, zone: &str) -> Result<()> {
    let zone = zone.trim();
    if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(StoreError::invalid("time_zone", "error-time-zone-invalid"));
    }
    account::Entity::update_many()
        .col_expr(account::Column::TimeZone, Expr::value(zone))
        .filter(account::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Session lifetimes: idle and absolute.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::hours(8),
            absolute: Duration::days(30),
        }
    }
}

/// # Errors
/// Database errors.
pub async fn create_session(
    c: &impl ConnectionTrait,
    token_hash: &str,
    account_id: Uuid,
    csrf: &str,
    ip: &str,
    user_agent: &str,
    policy: SessionPolicy,
) -> Result<()> {
    let t = now();
    session::Entity::insert(session::ActiveModel {
        id: Set(token_hash.to_owned()),
        account_id: Set(account_id),
        csrf: Set(csrf.to_owned()),
        ip: Set(ip.chars().take(64).collect()),
        user_agent: Set(user_agent.chars().take(300).collect()),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + policy.absolute),
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// Finds a live session and its account, refreshing `last_seen_at` at most once a minute.
/// Expired (idle or absolute) sessions are deleted and not returned.
///
/// # Errors
/// Database errors.
pub async fn session(
    c: &impl ConnectionTrait,
    token_hash: &str,
    policy: SessionPolicy,
) -> Result<Option<(Session, Account)>> {
    let Some(s) = session::Entity::find_by_id(token_hash.to_owned())
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let t = now();
    if s.expires_at <= t || s.last_seen_at + policy.idle <= t {
        session::Entity::delete_by_id(s.id.clone()).exec(c).await?;
        return Ok(None);
    }
    let Some(acc) = account::Entity::find_by_id(s.account_id).one(c).await? else {
        return Ok(None);
    };
    if acc.disabled {
        return Ok(None);
    }
    if t - s.last_seen_at > Duration::minutes(1) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(t))
            .filter(session::Column::Id.eq(s.id.clone()))
            .exec(c)
            .await?;
    }
    Ok(Some((s, acc)))
}

/// # Errors
/// Database errors.
pub async fn end_session(c: &impl ConnectionTrait, token_hash: &str) -> Result<()> {
    session::Entity::delete_by_id(token_hash.to_owned())
        .exec(c)
        .await?;
    Ok(())
}

/// Ends one of an account's sessions by its public handle (a prefix of the stored hash, so the
/// page listing sessions never shows anything that would let someone use them).
///
/// # Errors
/// `NotFound` when no session of this account has that handle.
pub async fn end_session_by_handle(
    c: &impl ConnectionTrait,
    account_id: Uuid,
    handle: &str,
) -> Result<()> {
    if handle.len() != 16 || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::NotFound);
    }
    let res = session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.starts_with(handle))
        .exec(c)
        .await?;
    if res.rows_affected == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Ends every session of an account except `keep` (after a password change or reset).
///
/// # Errors
/// Database errors.
pub async fn end_other_sessions(
    c: &impl ConnectionTrait,
    account_id: Uuid,
    keep: Option<&str>,
) -> Result<()> {
    let mut q = session::Entity::delete_many().filter(session::Column::AccountId.eq(account_id));
    if let Some(k) = keep {
        q = q.filter(session::Column::Id.ne(k));
    }
    q.exec(c).await?;
    Ok(())
}

/// # Errors
/// Database errors.
pub async fn sessions_of(c: &impl ConnectionTrait, account_id: Uuid) -> Result<Vec<Session>> {
    Ok(session::Entity::find()
        .filter(session::Column::AccountId.eq(account_id))
        .order_by_desc(session::Column::LastSeenAt)
        .all(c)
        .await?)
}

/// Login throttling: after `max` failures within `window` the key is locked for `window`.
/// Keys are `account:<email>` and `ip:<address>`, so one attacker cannot lock an account from
/// everywhere without also locking themself, and one address cannot try many accounts.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max: i32,
    pub window: Duration,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            max: 5,
            window: Duration::minutes(15),
        }
    }
}

/// # Errors
/// Database errors.
pub async fn is_locked(c: &impl ConnectionTrait, key: &str) -> Result<bool> {
    let t = now();
    Ok(login_throttle::Entity::find_by_id(key.to_owned())
        .one(c)
        .await?
        .is_some_and(|r| r.locked_until.is_some_and(|u| u > t)))
}

/// Counts a failure; returns whether the key is now locked. One upsert counts atomically, so
/// simultaneous failures are all counted (a read-then-write would lose some).
///
/// # Errors
/// Database errors.
pub async fn record_failure(c: &impl ConnectionTrait, key: &str, th: Throttle) -> Result<bool> {
    let t = now();
    let floor = t - th.window;
    let same_window =
        Expr::col((login_throttle::Entity, login_throttle::Column::WindowStart)).gt(floor);
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(1),
        window_start: Set(t),
        locked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Key)
            .values([
                (
                    login_throttle::Column::Failures,
                    sea_orm::sea_query::CaseStatement::new()
                        .case(
                            same_window.clone(),
                            Expr::col((login_throttle::Entity, login_throttle::Column::Failures))
                                .add(1),
                        )
                        .finally(1)
                        .into(),
                ),
                (
                    login_throttle::Column::WindowStart,
                    sea_orm::sea_query::CaseStatement::new()
                        .case(
                            same_window,
                            Expr::col((
                                login_throttle::Entity,
                                login_throttle::Column::WindowStart,
                            )),
                        )
                        .finally(t)
                        .into(),
                ),
            ])
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    let res = login_throttle::Entity::update_many()
        .col_expr(
            login_throttle::Column::LockedUntil,
            Expr::value(Some(t + th.window)),
        )
        .filter(login_throttle::Column::Key.eq(key))
        .filter(login_throttle::Column::Failures.gte(th.max))
        .exec(c)
        .await?;
    Ok(res.rows_affected > 0)
}

/// # Errors
/// Database errors.
pub async fn clear_failures(c: &impl ConnectionTrait, key: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(c)
        .await?;
    Ok(())
}

/// Stores a reset token (hashed) and queues the email with the link.
///
/// # Errors
/// Database errors.
pub async fn create_reset(
    c: &impl ConnectionTrait,
    token_hash: &str,
    acc: &Account,
    link: &str,
    ttl: Duration,
) -> Result<()> {
    let t = now();
    password_reset::Entity::insert(password_reset::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        account_id: Set(acc.id),
        created_at: Set(t),
        expires_at: Set(t + ttl),
        used_at: Set(None),
    })
    .exec_without_returning(c)
    .await?;
    outbox::push(c, "email", &serde_json::json!({ "template": "password-reset", "to": acc.email, "locale": acc.locale, "link": link })).await?;
    Ok(())
}

/// Uses a reset token once: returns its account if the token is valid, unused and unexpired.
///
/// # Errors
/// Database errors.
pub async fn consume_reset(c: &impl ConnectionTrait, token_hash: &str) -> Result<Option<Uuid>> {
    let t = now();
    let Some(r) = password_reset::Entity::find_by_id(token_hash.to_owned())
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let res = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(t)))
        .filter(password_reset::Column::TokenHash.eq(token_hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(t))
        .exec(c)
        .await?;
    Ok((res.rows_affected == 1).then_some(r.account_id))
}

/// Whether a reset token is currently usable (for showing the form), without using it.
///
/// # Errors
/// Database errors.
pub async fn reset_usable(c: &impl ConnectionTrait, token_hash: &str) -> Result<bool> {
    let t = now();
    Ok(password_reset::Entity::find_by_id(token_hash.to_owned())
        .one(c)
        .await?
        .is_some_and(|r| r.used_at.is_none() && r.expires_at > t))
}
