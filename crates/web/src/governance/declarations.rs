//! Declarations on the web: the list, each declaration's page (adopted text in the reader's
//! language, adoption record, versions, signatory counts by kind, a map and the list), the
//! representatives' signature form and withdrawal, and the secretariat's verification,
//! drafting, revision and adoption.

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use crate::svg;
use askama::Template;
use axum::extract::{Multipart, Path};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pumasi_domain::FieldError;
use pumasi_domain::governance::declaration::{
    RawDeclaration, RawSignature, SignatoryKind, SignatureStatus, counts,
};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::governance::declarations::{self as store, Declaration, Signature, Version};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "declarations.html")]
struct ListPage {
    shell: Shell,
    i: I18n,
    /// `(slug, title, its language, adoption line, count line)`.
    rows: Vec<(String, String, String, String, String)>,
    manage: bool,
    form: FormState,
    langs: Vec<(String, String, bool)>,
}

fn adoption_line(i: I18n, d: &Declaration) -> String {
    match d.adopted_on {
        Some(on) if !d.adopted_city.is_empty() => i.ta(
            "declaration-adopted-in",
            &[
                ("city", d.adopted_city.clone().into()),
                ("date", i.date(on).into()),
            ],
        ),
        Some(on) => i.ta("declaration-adopted-on", &[("date", i.date(on).into())]),
        None => i.t("declaration-draft"),
    }
}

fn count_line(i: I18n, sigs: &[Signature]) -> String {
    let kinds: Vec<SignatoryKind> = sigs
        .iter()
        .filter(|s| s.status == SignatureStatus::Verified)
        .map(|s| s.kind)
        .collect();
    let (lg, orgs) = counts(&kinds);
    i.ta(
        "declaration-counts",
        &[("governments", lg.into()), ("organisations", orgs.into())],
    )
}

async fn list_page(ctx: &Ctx, form: FormState, status: StatusCode) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let mut rows = Vec::new();
    let mut all = store::list(db).await.map_err(|e| ctx.err(e))?;
    pumasi_store::governance::translations::localize_declarations(db, &mut all, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    for d in all {
        let sigs = store::signatures(db, d.id).await.map_err(|e| ctx.err(e))?;
        rows.push((
            d.slug.clone(),
            d.title.clone(),
            d.shown.lang("title", &d.lang).to_owned(),
            adoption_line(i, &d),
            count_line(i, &sigs),
        ));
    }
    let manage = ctx.can(Action::ManageGovernance);
    let page = ListPage {
        langs: super::lang_options(i, &form),
        rows,
        manage,
        form,
        shell: ctx.shell.clone(),
        i,
    };
    if manage {
        ctx.render_status(status, &page)
    } else {
        ctx.render_public(&page)
    }
}

/// `GET /{locale}/declarations`.
///
/// # Errors
/// Database errors.
pub async fn list(ctx: Ctx) -> Result<Response, PageError> {
    let mut v = HashMap::new();
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    list_page(&ctx, FormState::new(v), StatusCode::OK).await
}

/// `POST /{locale}/declarations`: the secretariat drafts a declaration.
///
/// # Errors
/// The list with the form and a message per field.
pub async fn create(ctx: Ctx, axum::Form(f): axum::Form<FormMap>) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawDeclaration {
        slug: g("slug"),
        title: g("title"),
        lang: g("lang"),
        text: g("text"),
        adopted_on: g("adopted_on"),
        adopted_city: g("adopted_city"),
    };
    let r = match raw.validate() {
        Ok(input) => {
            let txn = ctx.begin().await?;
            match store::create(&txn, &input, false, ctx.actor.account).await {
                Ok(id) => {
                    let slug = pumasi_store::slugs::current(
                        &txn,
                        pumasi_store::slugs::Kind::Declaration,
                        id,
                    )
                    .await;
                    ctx.commit(txn).await?;
                    slug
                }
                Err(e) => Err(e),
            }
        }
        Err(errs) => Err(StoreError::Invalid(errs)),
    };
    match r {
        Ok(slug) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/declarations/{slug}", ctx.locale().code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            list_page(&ctx, form, status).await
        }
    }
}

/// A signatory as listed.
pub struct SignatoryRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub country: String,
    pub signer: String,
    pub signed_on: String,
    pub source: String,
    pub has_image: bool,
    pub withdrawn: String,
    /// The reader may withdraw it (its organisation's representative, or the secretariat).
    pub can_withdraw: bool,
}

#[derive(Template)]
#[template(path = "declaration.html")]
struct DeclarationPage {
    shell: Shell,
    i: I18n,
    d: Declaration,
    /// Events and declarations its text names, and what names it (beyond "adopted at").
    mentions: Vec<pumasi_store::search::Card>,
    adoption: String,
    /// `(slug, title)` of the meeting that adopted it.
    adopted_meeting: Option<(String, String)>,
    /// The events (a forum edition) running on the day it was adopted.
    adopted_at: Vec<pumasi_store::links::Link>,
    counts: String,
    version: Version,
    text_html: String,
    text_lang: String,
    text_note: String,
    versions: Vec<(i32, String)>,
    verified: Vec<SignatoryRow>,
    withdrawn: Vec<SignatoryRow>,
    pending: Vec<SignatoryRow>,
    map: String,
    /// `(id, name)` of the organisations the reader may sign for.
    may_sign: Vec<(String, String)>,
    manage: bool,
    form: FormState,
}

async fn page_with(
    ctx: &Ctx,
    slug: &str,
    want_version: Option<i32>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let mut d = store::by_slug(db, slug).await.map_err(|e| ctx.err(e))?;
    let base_title = d.title.clone();
    pumasi_store::governance::translations::localize_declarations(
        db,
        std::slice::from_mut(&mut d),
        i.locale,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    let manage = ctx.can(Action::ManageGovernance);
    let versions = store::versions(db, d.id).await.map_err(|e| ctx.err(e))?;
    // Readers see the adopted text (the newest frozen version); the secretariat also drafts.
    let shown = match want_version {
        Some(n) => versions.iter().find(|v| v.number == n),
        None => versions
            .iter()
            .rev()
            .find(|v| v.frozen || manage)
            .or_else(|| versions.last()),
    }
    .cloned()
    .ok_or_else(|| ctx.err(AppError::NotFound))?;
    if !shown.frozen && !manage {
        return Err(ctx.err(AppError::NotFound));
    }
    let tr = pumasi_store::texts::load(db, &[shown.id])
        .await
        .map_err(|e| ctx.err(e))?;
    let base = pumasi_domain::languages::Lang::parse_or(&shown.lang, Locale::En);
    let lz = tr.get(shown.id, "text", &shown.text, base, i.locale);
    let text_note = if lz.fallback {
        i.ts("declaration-shown-in", &i.language_name(lz.lang.code()))
    } else if lz.lang != base {
        i.t(if lz.needs_review {
            "declaration-translation-review"
        } else {
            "declaration-translation"
        })
    } else {
        String::new()
    };
    let sigs = store::signatures(db, d.id).await.map_err(|e| ctx.err(e))?;
    let mine = super::represented(ctx);
    let row = |s: &Signature| SignatoryRow {
        id: s.id,
        name: s.name.clone(),
        slug: s
            .organisation
            .as_ref()
            .map(|o| o.1.clone())
            .unwrap_or_default(),
        kind: i.t(&format!(
            "signatory-kind-{}",
            s.kind.code().replace('_', "-")
        )),
        country: i.country(&s.country),
        signer: if s.signer_name.is_empty() {
            String::new()
        } else {
            format!("{}, {}", s.signer_name, s.signer_title)
        },
        signed_on: s.signed_on.map(|d| i.date(d)).unwrap_or_default(),
        source: s.source.clone(),
        has_image: s.has_image,
        withdrawn: s
            .withdrawn_on
            .map(|d| {
                if s.withdrawal_reason.is_empty() {
                    i.date(d)
                } else {
                    format!("{} — {}", i.date(d), s.withdrawal_reason)
                }
            })
            .unwrap_or_default(),
        can_withdraw: matches!(
            s.status,
            SignatureStatus::Verified | SignatureStatus::Pending
        ) && (manage || s.organisation.as_ref().is_some_and(|o| mine.contains(&o.0))),
    };
    let verified: Vec<&Signature> = sigs
        .iter()
        .filter(|s| s.status == SignatureStatus::Verified)
        .collect();
    let mut per_country: HashMap<String, u64> = HashMap::new();
    for s in &verified {
        *per_country.entry(s.country.clone()).or_default() += 1;
    }
    let points: Vec<svg::MapPoint<'_>> = verified
        .iter()
        .filter_map(|s| {
            Some(svg::MapPoint {
                label: &s.name,
                href: s
                    .organisation
                    .as_ref()
                    .map(|(_, slug)| format!("/{}/members/{slug}", i.code())),
                count: 1,
                lat: s.latitude?,
                lon: s.longitude?,
            })
        })
        .collect();
    let counts = count_line(i, &sigs);
    let map = svg::world_map(
        &per_country,
        &points,
        &i.t("declaration-map"),
        &counts,
        i.code(),
        None,
    );
    let active: Vec<Uuid> = sigs
        .iter()
        .filter(|s| {
            matches!(
                s.status,
                SignatureStatus::Verified | SignatureStatus::Pending
            )
        })
        .filter_map(|s| s.organisation.as_ref().map(|o| o.0))
        .collect();
    let mut may_sign = Vec::new();
    if d.adopted_on.is_some() {
        for o in mine.iter().filter(|o| !active.contains(o)) {
            if let Ok(org) = pumasi_store::members::by_id(db, *o, i.locale).await {
                may_sign.push((o.to_string(), org.name.text));
            }
        }
    }
    let adopted_meeting = match d.adopted_meeting {
        Some(id) => pumasi_store::governance::meetings::by_id(db, id)
            .await
            .ok()
            .map(|m| (m.slug, m.title)),
        None => None,
    };
    let adopted_at = match d.adopted_on {
        Some(day) => pumasi_store::links::events_on(db, day, i.locale).await?,
        None => Vec::new(),
    };
    let mentions = if shown.frozen {
        let titles: Vec<String> = std::iter::once(base_title)
            .chain(
                pumasi_store::governance::translations::stored(db, d.id)
                    .await?
                    .into_iter()
                    .filter(|t| t.0 == "title")
                    .map(|t| t.2),
            )
            .collect();
        let text = std::iter::once(shown.text.clone())
            .chain(tr.of(shown.id).into_iter().map(|t| t.2))
            .collect::<Vec<_>>()
            .join("\n");
        let listed: Vec<String> = adopted_at
            .iter()
            .map(|e| format!("/events/{}", e.slug))
            .collect();
        let mut m = crate::mentions::of(&ctx.state, d.id, &titles, &text, i.locale).await?;
        m.retain(|c| !listed.contains(&c.path));
        m
    } else {
        Vec::new()
    };
    let page = DeclarationPage {
        mentions,
        adopted_meeting,
        adopted_at,
        adoption: adoption_line(i, &d),
        counts,
        text_html: crate::members::markdown(&lz.text),
        text_lang: lz.lang.code().to_owned(),
        text_note,
        versions: versions
            .iter()
            .filter(|v| v.frozen || manage)
            .map(|v| {
                (
                    v.number,
                    v.adopted_on
                        .map(|d| i.ta("declaration-adopted-on", &[("date", i.date(d).into())]))
                        .unwrap_or_else(|| i.t("declaration-draft")),
                )
            })
            .collect(),
        verified: verified.iter().map(|s| row(s)).collect(),
        withdrawn: sigs
            .iter()
            .filter(|s| s.status == SignatureStatus::Withdrawn)
            .map(row)
            .collect(),
        pending: sigs
            .iter()
            .filter(|s| {
                s.status == SignatureStatus::Pending
                    && (manage || s.organisation.as_ref().is_some_and(|o| mine.contains(&o.0)))
            })
            .map(row)
            .collect(),
        map,
        may_sign,
        manage,
        form,
        version: shown,
        d,
        shell: ctx.shell.clone(),
        i,
    };
    super::render(ctx, status, &page)
}

/// `GET /{locale}/declarations/{slug}`.
///
/// # Errors
/// `NotFound`.
pub async fn page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let mut v = HashMap::new();
    v.insert("signed_on".to_owned(), Utc::now().date_naive().to_string());
    page_with(&ctx, &slug, None, FormState::new(v), StatusCode::OK).await
}

/// `GET /{locale}/declarations/{slug}/versions/{n}`.
///
/// # Errors
/// `NotFound` (drafts for everyone but the secretariat).
pub async fn version_page(
    ctx: Ctx,
    Path((_, slug, n)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let n: i32 = n.parse().map_err(|_| ctx.err(AppError::NotFound))?;
    page_with(
        &ctx,
        &slug,
        Some(n),
        FormState::new(HashMap::new()),
        StatusCode::OK,
    )
    .await
}

/// `POST /{locale}/declarations/{slug}/sign` (multipart: the optional scanned signature image
/// with the form fields).
///
/// # Errors
/// `Forbidden` for someone who does not represent the organisation; the page with a message
/// per field otherwise.
pub async fn sign(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let mut f = FormMap::new();
    let mut image: Option<Vec<u8>> = None;
    let mut too_large = false;
    while let Ok(Some(mut field)) = mp.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "image" {
            let mut buf = Vec::new();
            while let Ok(Some(chunk)) = field.chunk().await {
                if buf.len() + chunk.len() > store::IMAGE_MAX {
                    too_large = true;
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            if !buf.is_empty() && !too_large {
                image = Some(buf);
            }
        } else if let Ok(t) = field.text().await {
            f.insert(name, t.chars().take(10_000).collect());
        }
    }
    ctx.check_csrf(&f)?;
    let org = f
        .get("organisation")
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
        .ok_or_else(|| {
            ctx.err(AppError::Invalid(vec![FieldError::new(
                "organisation",
                "error-choice-invalid",
            )]))
        })?;
    ctx.require(Action::ActFor(org))?;
    let db = &ctx.state.store.db;
    let d = store::by_slug(db, &slug).await.map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawSignature {
        signer_name: g("signer_name"),
        signer_title: g("signer_title"),
        signed_on: g("signed_on"),
    };
    let result = match raw.validate(Utc::now().date_naive()) {
        Ok(_) if too_large => Err(StoreError::invalid("image", "error-file-too-large")),
        Ok(input) => {
            let txn = ctx.begin().await?;
            match store::sign(&txn, d.id, org, &input, image.as_deref(), ctx.actor.account).await {
                Ok(_) => {
                    ctx.commit(txn).await?;
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        Err(errs) => Err(StoreError::Invalid(errs)),
    };
    match result {
        Ok(()) => Ok(ctx.see_other(
            &format!("/{}/declarations/{slug}", ctx.locale().code()),
            Some("signature-pending"),
        )),
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            page_with(&ctx, &slug, None, form, status).await
        }
    }
}

/// `POST /{locale}/declarations/{slug}/signatures/{id}`: `verify`, `reject` (secretariat) or
/// `withdraw` (the organisation's representative or the secretariat).
///
/// # Errors
/// `Forbidden`; 409 for a signature in the wrong state.
pub async fn signature_action(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let db = &ctx.state.store.db;
    let d = store::by_slug(db, &slug).await.map_err(|e| ctx.err(e))?;
    let (decl, owner) = store::signature_owner(db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    if decl != d.id {
        return Err(ctx.err(AppError::NotFound));
    }
    let action = f.get("action").map(String::as_str).unwrap_or_default();
    let txn = ctx.begin().await?;
    let done = match action {
        "verify" | "reject" => {
            ctx.require(Action::VerifySignatures)?;
            store::verify(&txn, id, action == "verify", ctx.actor.account)
                .await
                .map_err(|e| ctx.err(e))?;
            "signature-verified"
        }
        "withdraw" => {
            let allowed = ctx.can(Action::ManageGovernance)
                || owner.is_some_and(|o| ctx.can(Action::ActFor(o)));
            if !allowed {
                return Err(ctx.err(if ctx.account.is_none() {
                    AppError::Unauthorized
                } else {
                    AppError::Forbidden
                }));
            }
            let reason: String = f
                .get("reason")
                .map(|r| r.trim().chars().take(500).collect())
                .unwrap_or_default();
            store::withdraw(
                &txn,
                id,
                Utc::now().date_naive(),
                &reason,
                ctx.actor.account,
            )
            .await
            .map_err(|e| ctx.err(e))?;
            "signature-withdrawn"
        }
        _ => {
            return Err(ctx.err(AppError::Invalid(vec![FieldError::new(
                "action",
                "error-choice-invalid",
            )])));
        }
    };
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/declarations/{slug}", ctx.locale().code()),
        Some(done),
    ))
}

/// `POST /{locale}/declarations/{slug}/text`: the secretariat revises the text (a new version
/// once the current one is adopted), adopts the current version, or saves a translation.
///
/// # Errors
/// `Forbidden`; the page with the reason.
pub async fn text_action(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let d = store::by_slug(db, &slug).await.map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let bad = |field: &str, code: &'static str| StoreError::invalid(field, code);
    let txn = ctx.begin().await?;
    let r = match g("action").as_str() {
        "revise" => match pumasi_domain::types::text(&g("text"), 100_000) {
            Ok(t) if !t.trim().is_empty() => store::revise(&txn, d.id, &t, ctx.actor.account)
                .await
                .map(|_| ()),
            Ok(_) => Err(bad("text", "error-required")),
            Err(c) => Err(bad("text", c)),
        },
        "adopt" => match chrono::NaiveDate::parse_from_str(g("adopted_on").trim(), "%Y-%m-%d") {
            Ok(on) => {
                let meeting = match g("meeting").trim() {
                    "" => Ok(None),
                    slug => pumasi_store::governance::meetings::by_slug(&txn, slug)
                        .await
                        .map(|m| Some(m.id))
                        .map_err(|_| bad("meeting", "error-choice-invalid")),
                };
                match (
                    pumasi_domain::types::line(&g("adopted_city"), 200, false),
                    meeting,
                ) {
                    (Ok(city), Ok(meeting)) => {
                        store::adopt(&txn, d.id, on, &city, meeting, ctx.actor.account).await
                    }
                    (Err(c), _) => Err(bad("adopted_city", c)),
                    (_, Err(e)) => Err(e),
                }
            }
            Err(_) => Err(bad("adopted_on", "error-date-invalid")),
        },
        "translate" => {
            let versions = store::versions(&txn, d.id).await.map_err(|e| ctx.err(e))?;
            let v = versions.iter().find(|v| v.number == d.current_version);
            match (Locale::parse(&g("locale")), v) {
                (Some(l), Some(v)) => match pumasi_domain::types::text(&g("text"), 100_000) {
                    Ok(t) => store::translate(&txn, v.id, l, &t).await,
                    Err(c) => Err(bad("text", c)),
                },
                _ => Err(bad("locale", "error-language-invalid")),
            }
        }
        _ => Err(bad("action", "error-choice-invalid")),
    };
    if let Err(e) = r {
        drop(txn);
        let (form, status) = ctx.form_failure(e, &f)?;
        return page_with(&ctx, &slug, None, form, status).await;
    }
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/declarations/{slug}", ctx.locale().code()),
        Some("saved"),
    ))
}

/// `GET /{locale}/declarations/{slug}/signatures/{id}/image`: a verified signature's scan.
///
/// # Errors
/// `NotFound`.
pub async fn image(
    ctx: Ctx,
    Path((_, _slug, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let (bytes, ty) = store::image(&ctx.state.store.db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
