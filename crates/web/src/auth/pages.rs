//! Sign-in pages: login, logout, password change, password reset by email, and the list of
//! one's sessions with "end this session".

use super::{
    DEVICE_COOKIE, FormMap, check_new_password, clear_session_cookie, client_ip, device_cookie,
    device_token, hash_password, hash_token, host_cookie, random_token, session_cookie,
    verify_password,
};
use crate::AppState;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use pumasi_domain::policy::Action;
use pumasi_domain::types::Email;
use pumasi_store::accounts::{self, SessionPolicy, Throttle};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/login", get(login_form).post(login))
        .route("/{locale}/logout", post(logout))
        .route("/{locale}/account", get(account_page))
        .route(
            "/{locale}/account/password",
            get(password_form).post(password_change),
        )
        .route("/{locale}/account/sessions/{handle}/end", post(end_session))
        .route("/{locale}/account/settings", post(settings))
        .route("/{locale}/password/forgot", get(forgot_form).post(forgot))
        .route(
            "/{locale}/password/reset/{token}",
            get(reset_form).post(reset),
        )
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    i: I18n,
    form: FormState,
}

/// Only local paths may follow a login, never another site.
fn safe_next(next: &str, fallback: &str) -> String {
    crate::page::local_path(next).map_or_else(|| fallback.to_owned(), str::to_owned)
}

async fn login_form(
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<FormMap>,
) -> Result<Response, PageError> {
    let mut values = FormMap::new();
    values.insert("next".into(), q.get("next").cloned().unwrap_or_default());
    ctx.render(&LoginPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form: FormState::new(values),
    })
}

/// Login throttling. Failures count under three keys: this address for this account (5 in 15
/// minutes lock that pair), this address (20 lock it for every account) and this account from
/// anywhere (20 lock it for devices it never logged in from). Someone guessing wrongly thus
/// locks out only their own address; an account's owner on a device they logged in from before
/// (the device cookie) is still checked; and guesses at one account stay bounded.
async fn login(
    ctx: Ctx,
    req_ext: axum::http::Extensions,
    headers: axum::http::HeaderMap,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let email_raw = f.get("email").cloned().unwrap_or_default();
    let password = f.get("password").cloned().unwrap_or_default();
    let mut values = f.clone();
    values.remove("password");
    values.remove("_csrf");
    let ip = client_ip(&req_ext, &headers, &ctx.state.config.trusted_proxies);
    let ip_key = format!("ip:{ip}");
    let fail = |form: FormState| -> Result<Response, PageError> {
        ctx.render_status(
            StatusCode::UNAUTHORIZED,
            &LoginPage {
                i,
                shell: ctx.shell.clone(),
                form,
            },
        )
    };
    let email = Email::parse(&email_raw).ok();
    let acct_key = format!(
        "account:{}",
        email
            .as_ref()
            .map_or(email_raw.to_lowercase(), |e| e.as_str().to_owned())
    );
    let pair_key = format!("pair:{}|{ip}", &acct_key["account:".len()..]);
    let wide = Throttle {
        max: 20,
        ..Throttle::default()
    };
    let too_many = |message: &str| {
        let mut form = FormState::new(values.clone());
        form.add_error("email", i.t(message));
        ctx.render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &LoginPage {
                i,
                shell: ctx.shell.clone(),
                form,
            },
        )
    };
    if accounts::is_locked(db, &pair_key).await? || accounts::is_locked(db, &ip_key).await? {
        return too_many("error-too-many");
    }
    let account = match &email {
        Some(e) => accounts::by_email(db, e).await?,
        None => None,
    };
    let secure = ctx.state.config.secure();
    let known_device = account.as_ref().is_some_and(|a| {
        host_cookie(&headers, DEVICE_COOKIE, secure)
            .is_some_and(|c| super::constant_time_eq(&c, &device_token(&ctx.state.link_key, a.id)))
    });
    if !known_device && accounts::is_locked(db, &acct_key).await? {
        return too_many("error-too-many-account");
    }
    let ok = verify_password(
        &password,
        account.as_ref().map(|a| a.password_hash.as_str()),
    );
    let Some(acc) = account.filter(|a| ok && !a.disabled) else {
        accounts::record_failure(db, &pair_key, Throttle::default()).await?;
        accounts::record_failure(db, &ip_key, wide).await?;
        accounts::record_failure(db, &acct_key, wide).await?;
        let mut form = FormState::new(values);
        form.add_error("email", i.t("error-login-failed"));
        return fail(form);
    };
    // The account's own count is left to expire: an owner's login does not give guessers
    // elsewhere a fresh 20.
    accounts::clear_failures(db, &pair_key).await?;
    // Rotation: a session that came with the request never survives a login.
    if let Some(old) = &ctx.session_hash {
        accounts::end_session(db, old).await?;
    }
    let token = random_token();
    let ua = "";
    accounts::create_session(
        db,
        &hash_token(&token),
        acc.id,
        &random_token(),
        &ip,
        ua,
        SessionPolicy::default(),
    )
    .await?;
    let next = safe_next(
        f.get("next").map_or("", String::as_str),
        &format!("/{}/todo", acc.locale),
    );
    let mut resp = ctx.see_other(&next, None);
    if let Ok(v) = HeaderValue::from_str(&session_cookie(&token, secure)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&device_cookie(
        &device_token(&ctx.state.link_key, acc.id),
        secure,
    )) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

async fn logout(ctx: Ctx, Form(f): Form<FormMap>) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    if let Some(h) = &ctx.session_hash {
        accounts::end_session(&ctx.state.store.db, h).await?;
    }
    let mut resp = ctx.see_other(&ctx.shell.href("/"), Some("logged-out"));
    if let Ok(v) = HeaderValue::from_str(&clear_session_cookie(ctx.state.config.secure())) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

struct SessionRow {
    handle: String,
    created: String,
    last_seen: String,
    ip: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    i: I18n,
    email: String,
    role: String,
    sessions: Vec<SessionRow>,
    orgs: Vec<(String, String, String)>,
    form: FormState,
    /// The hub's own zone, offered as the default choice.
    hub_zone: String,
}

async fn account_page(ctx: Ctx) -> Result<Response, PageError> {
    let values = ctx
        .account
        .as_ref()
        .map(|a| FormMap::from([("time_zone".to_owned(), a.time_zone.clone())]))
        .unwrap_or_default();
    account_with(&ctx, FormState::new(values), StatusCode::OK).await
}

/// `POST /{locale}/account/settings`: the person's own time zone (empty: the hub's).
async fn settings(ctx: Ctx, Form(f): Form<FormMap>) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ManageOwnAccount)?;
    let Some(acc) = &ctx.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    let zone = f.get("time_zone").map_or("", String::as_str);
    match accounts::set_time_zone(&ctx.state.store.db, acc.id, zone).await {
        Ok(()) => Ok(ctx.see_other(&ctx.shell.href("/account"), Some("saved"))),
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            account_with(&ctx, form, status).await
        }
    }
}

async fn account_with(
    ctx: &Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageOwnAccount)?;
    let Some(acc) = &ctx.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let sessions = accounts::sessions_of(db, acc.id)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            handle: s.id[..16].to_owned(),
            created: i.datetime(s.created_at),
            last_seen: i.datetime(s.last_seen_at),
            current: ctx.session_hash.as_deref() == Some(s.id.as_str()),
            ip: s.ip,
        })
        .collect();
    let mut orgs = Vec::new();
    for (org_id, role) in &ctx.actor.orgs {
        if let Ok(o) = pumasi_store::members::by_id(db, *org_id, ctx.locale()).await {
            orgs.push((
                o.slug,
                o.name.text,
                i.t(&format!("org-role-{}", role.code())),
            ));
        }
    }
    ctx.render_status(
        status,
        &AccountPage {
            i,
            shell: ctx.shell.clone(),
            email: acc.email.clone(),
            role: i.t(&format!("role-{}", acc.site_role)),
            sessions,
            orgs,
            form,
            hub_zone: ctx.shell.identity.time_zone.clone(),
        },
    )
}

async fn end_session(
    ctx: Ctx,
    Path((_, handle)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ManageOwnAccount)?;
    let Some(acc) = &ctx.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    accounts::end_session_by_handle(&ctx.state.store.db, acc.id, &handle)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok(ctx.see_other(&ctx.shell.href("/account"), Some("session-ended")))
}

#[derive(Template)]
#[template(path = "password_change.html")]
struct PasswordPage {
    shell: Shell,
    i: I18n,
    form: FormState,
}

async fn password_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require(Action::ManageOwnAccount)?;
    ctx.render(&PasswordPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form: FormState::default(),
    })
}

async fn password_change(ctx: Ctx, Form(f): Form<FormMap>) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ManageOwnAccount)?;
    let Some(acc) = &ctx.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    let i = ctx.i();
    let current = f.get("current").map_or("", String::as_str);
    let new = f.get("new").map_or("", String::as_str);
    let confirm = f.get("confirm").map_or("", String::as_str);
    let mut form = FormState::default();
    if !verify_password(current, Some(&acc.password_hash)) {
        form.add_error("current", i.t("error-password-wrong"));
    }
    if let Err(code) = check_new_password(new) {
        form.add_error("new", i.t(code));
    } else if new != confirm {
        form.add_error("confirm", i.t("error-password-mismatch"));
    }
    if form.has_errors() {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                i,
                shell: ctx.shell.clone(),
                form,
            },
        );
    }
    let hash = hash_password(new).map_err(|e| ctx.err(e))?;
    let db = &ctx.state.store.db;
    accounts::set_password(db, acc.id, &hash).await?;
    accounts::end_other_sessions(db, acc.id, ctx.session_hash.as_deref()).await?;
    Ok(ctx.see_other(&ctx.shell.href("/account"), Some("password-changed")))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    sent: bool,
}

async fn forgot_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.render(&ForgotPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form: FormState::default(),
        sent: false,
    })
}

/// Always the same answer, whether or not the address has an account.
async fn forgot(
    ctx: Ctx,
    req_ext: axum::http::Extensions,
    headers: axum::http::HeaderMap,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let ip_key = format!(
        "reset-ip:{}",
        client_ip(&req_ext, &headers, &ctx.state.config.trusted_proxies)
    );
    let limited = accounts::is_locked(db, &ip_key).await?;
    if !limited {
        accounts::record_failure(
            db,
            &ip_key,
            Throttle {
                max: 10,
                ..Throttle::default()
            },
        )
        .await?;
        if let Ok(email) = Email::parse(f.get("email").map_or("", String::as_str))
            && let Some(acc) = accounts::by_email(db, &email).await?
            && !acc.disabled
        {
            let token = random_token();
            let link = format!(
                "{}/{}/password/reset/{token}",
                ctx.state.config.base_url, acc.locale
            );
            accounts::create_reset(
                db,
                &hash_token(&token),
                &acc,
                &link,
                chrono::Duration::hours(2),
            )
            .await?;
        }
    }
    let mut values = FormMap::new();
    values.insert("email".into(), f.get("email").cloned().unwrap_or_default());
    ctx.render(&ForgotPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form: FormState::new(values),
        sent: true,
    })
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    usable: bool,
}

async fn reset_form(
    ctx: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let usable = accounts::reset_usable(&ctx.state.store.db, &hash_token(&token)).await?;
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    ctx.render_status(
        status,
        &ResetPage {
            i: ctx.i(),
            shell: ctx.shell.clone(),
            form: FormState::default(),
            usable,
        },
    )
}

async fn reset(
    ctx: Ctx,
    Path((_, token)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let i = ctx.i();
    let new = f.get("new").map_or("", String::as_str);
    let mut form = FormState::default();
    if let Err(code) = check_new_password(new) {
        form.add_error("new", i.t(code));
    } else if f.get("confirm").map_or("", String::as_str) != new {
        form.add_error("confirm", i.t("error-password-mismatch"));
    }
    if form.has_errors() {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                i,
                shell: ctx.shell.clone(),
                form,
                usable: true,
            },
        );
    }
    let hash = hash_password(new).map_err(|e| ctx.err(e))?;
    let txn = ctx.begin().await?;
    let Some(account) = accounts::consume_reset(&txn, &hash_token(&token)).await? else {
        return ctx.render_status(
            StatusCode::GONE,
            &ResetPage {
                i,
                shell: ctx.shell.clone(),
                form,
                usable: false,
            },
        );
    };
    accounts::set_password(&txn, account, &hash).await?;
    accounts::end_other_sessions(&txn, account, None).await?;
    ctx.commit(txn).await?;
    Ok(ctx.see_other(&ctx.shell.href("/login"), Some("password-reset")))
}
