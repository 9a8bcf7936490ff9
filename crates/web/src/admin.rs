//! Installation administration: the network's identity (so a national network runs its own
//! hub from the same binary) and the audit log.

use crate::AppState;
use crate::auth::FormMap;
use crate::error::PageError;
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Router;
use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use pumasi_domain::FieldError;
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::Action;
use pumasi_domain::types;
use pumasi_store::settings::{self, Identity};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{locale}/admin/logo",
            axum::routing::post(upload_logo)
                .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route("/logo", get(logo))
        .route(
            "/{locale}/admin/settings",
            get(settings_form).post(save_settings),
        )
        .route("/{locale}/admin/audit", get(audit))
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    languages: Vec<(String, String, bool, bool)>,
}

fn values(id: &Identity) -> FormMap {
    let mut v = FormMap::new();
    v.insert("name".into(), id.name.clone());
    v.insert("short_name".into(), id.short_name.clone());
    v.insert("colour".into(), id.colour.clone());
    v.insert("time_zone".into(), id.time_zone.clone());
    v.insert(
        "default_language".into(),
        id.default_language.code().to_owned(),
    );
    for l in &id.languages {
        v.insert(format!("lang_{}", l.code()), "on".into());
    }
    v
}

fn page(ctx: &Ctx, form: FormState) -> SettingsPage {
    let languages = Locale::ALL
        .iter()
        .map(|l| {
            (
                l.code().to_owned(),
                l.endonym().to_owned(),
                form.checked(&format!("lang_{}", l.code())),
                form.v("default_language") == l.code(),
            )
        })
        .collect();
    SettingsPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form,
        languages,
    }
}

async fn settings_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require(Action::Administer)?;
    let id = settings::identity(&ctx.state.store.db).await?;
    ctx.render(&page(&ctx, FormState::new(values(&id))))
}

/// A name from the IANA time zone database (`Asia/Seoul`, `UTC`…).
fn valid_zone(z: &str) -> bool {
    z.parse::<chrono_tz::Tz>().is_ok()
}

async fn save_settings(ctx: Ctx, Form(f): Form<FormMap>) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::Administer)?;
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    let mut errs = Vec::new();
    let name = types::line(get("name"), 120, true)
        .map_err(|c| errs.push(FieldError::new("name", c)))
        .unwrap_or_default();
    let short_name = types::line(get("short_name"), 40, true)
        .map_err(|c| errs.push(FieldError::new("short_name", c)))
        .unwrap_or_default();
    let colour = get("colour").trim().to_owned();
    if !(colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit()))
    {
        errs.push(FieldError::new("colour", "error-colour-invalid"));
    }
    let languages: Vec<Locale> = Locale::ALL
        .iter()
        .copied()
        .filter(|l| f.contains_key(&format!("lang_{}", l.code())))
        .collect();
    if languages.is_empty() {
        errs.push(FieldError::new("languages", "error-languages-none"));
    }
    let default_language = Locale::parse(get("default_language")).filter(|l| languages.contains(l));
    if default_language.is_none() && !languages.is_empty() {
        errs.push(FieldError::new(
            "default_language",
            "error-default-language",
        ));
    }
    let time_zone = get("time_zone").trim().to_owned();
    if !valid_zone(&time_zone) {
        errs.push(FieldError::new("time_zone", "error-time-zone-invalid"));
    }
    if !errs.is_empty() {
        let mut v = f.clone();
        v.remove("_csrf");
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&ctx, FormState::with_errors(v, &errs, ctx.i())),
        );
    }
    let db = &ctx.state.store.db;
    let before = settings::identity(db).await?;
    let id = Identity {
        name,
        short_name,
        colour,
        languages,
        default_language: default_language.unwrap_or(Locale::En),
        time_zone,
        logo: before.logo.clone(),
        translations: before.translations.clone(),
    };
    let txn = ctx.begin().await?;
    settings::set_identity(&txn, &id).await?;
    pumasi_store::audit::record(
        &txn,
        ctx.actor.account,
        "settings.identity",
        "setting",
        "identity",
        Some(&serde_json::json!(before)),
        Some(&serde_json::json!(id)),
    )
    .await?;
    ctx.commit(txn).await?;
    *ctx.state.identity.write().await = id.clone();
    ctx.state.changed().await;
    // The admin may have disabled the language they are using.
    let l = if id.languages.contains(&ctx.locale()) {
        ctx.locale()
    } else {
        id.default_language
    };
    Ok(ctx.see_other(&format!("/{}/admin/settings", l.code()), Some("saved")))
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    shell: Shell,
    i: I18n,
    rows: Vec<(String, String, String, String, String)>,
}

async fn audit(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require(Action::Administer)?;
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let mut rows = Vec::new();
    for e in pumasi_store::audit::recent(db, 300).await? {
        let who = match e.actor_id {
            Some(a) => pumasi_store::accounts::by_id(db, a)
                .await?
                .map_or_else(|| a.to_string(), |acc| acc.email),
            None => i.t("audit-system"),
        };
        let change = match (&e.before, &e.after) {
            (Some(b), Some(a)) => format!("{b} → {a}"),
            (None, Some(a)) => a.clone(),
            (Some(b), None) => b.clone(),
            (None, None) => String::new(),
        };
        rows.push((
            i.datetime(e.at),
            who,
            e.action,
            format!("{} {}", e.entity, e.entity_id),
            change,
        ));
    }
    ctx.render(&AuditPage {
        rows,
        i,
        shell: ctx.shell.clone(),
    })
}

/// The network's logo, uploaded like an organisation's: checked by magic bytes and size.
async fn upload_logo(ctx: Ctx, mut mp: axum::extract::Multipart) -> Result<Response, PageError> {
    ctx.require(Action::Administer)?;
    let (fields, file) =
        crate::members::read_logo_upload(&mut mp, ctx.state.config.logo_max_bytes).await;
    if !matches!(file, Err("error-logo-too-large")) {
        ctx.check_csrf(&fields)?;
    }
    let db = &ctx.state.store.db;
    let checked = file.and_then(|b| {
        crate::members::sniff_image(&b)
            .map(|m| (m, b))
            .ok_or("error-logo-type")
    });
    let (mime, bytes) = match checked {
        Ok(x) => x,
        Err(code) => {
            let id = settings::identity(db).await?;
            let form =
                FormState::with_errors(values(&id), &[FieldError::new("logo", code)], ctx.i());
            return ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, form));
        }
    };
    let etag = crate::members::content_tag(&bytes);
    let txn = ctx.begin().await?;
    settings::set_logo(&txn, mime, &bytes, &etag).await?;
    pumasi_store::audit::record(
        &txn,
        ctx.actor.account,
        "settings.logo",
        "setting",
        "logo",
        None,
        Some(&serde_json::json!({ "mime": mime, "etag": etag })),
    )
    .await?;
    ctx.commit(txn).await?;
    ctx.state.identity.write().await.logo = Some(etag);
    ctx.state.changed().await;
    Ok(ctx.see_other(&ctx.shell.href("/admin/settings"), Some("saved")))
}

async fn logo(
    axum::extract::State(st): axum::extract::State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let Ok(Some((mime, bytes, etag))) = settings::logo(&st.store.db).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{etag}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::ETAG, etag),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}
