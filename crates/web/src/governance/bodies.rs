//! Bodies: the list, and each body's page with its current and past composition and its
//! motions; the secretariat adds and ends mandates there.

use super::{rules_line, status_label};
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use pumasi_domain::governance::body::{RawBody, RawMandate};
use pumasi_domain::governance::motion::{BodyKind, MandateRole, Obtained};
use pumasi_domain::policy::Action;
use pumasi_store::governance::{self, Body, Mandate};
use std::collections::HashMap;
use uuid::Uuid;

/// A mandate as shown: holder, role, period, how obtained.
pub struct MandateRow {
    pub id: Uuid,
    pub org_slug: String,
    pub org_name: String,
    pub person: String,
    pub role: String,
    pub continent: String,
    pub period: String,
    pub obtained: String,
    pub motion: String,
    pub note: String,
}

fn mandate_row(i: I18n, m: &Mandate, motions: &HashMap<Uuid, String>) -> MandateRow {
    MandateRow {
        id: m.id,
        org_slug: m
            .organisation
            .as_ref()
            .map(|o| o.slug.clone())
            .unwrap_or_default(),
        org_name: m
            .organisation
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        person: m.person_name.clone(),
        role: i.t(&format!("mandate-role-{}", m.role.code().replace('_', "-"))),
        continent: m
            .continent
            .as_deref()
            .and_then(pumasi_domain::countries::Continent::from_code)
            .map(|c| i.t(&format!("continent-{}", c.key())))
            .unwrap_or_default(),
        period: format!(
            "{} – {}",
            i.date(m.starts_on),
            m.ends_on.map(|d| i.date(d)).unwrap_or_default()
        ),
        obtained: i.t(&format!(
            "mandate-obtained-{}",
            m.obtained.code().replace('_', "-")
        )),
        motion: m
            .motion_id
            .and_then(|id| motions.get(&id).cloned())
            .unwrap_or_default(),
        note: m.note.clone(),
    }
}

/// A motion in a list: reference, title, status, closing time, rules.
pub struct MotionRow {
    pub reference: String,
    pub title: String,
    pub status: String,
    pub closes: String,
    pub rules: String,
}

#[derive(Template)]
#[template(path = "governance.html")]
struct IndexPage {
    shell: Shell,
    i: I18n,
    /// `(slug, name, its language, kind, current members)`.
    bodies: Vec<(String, String, String, String, usize)>,
    manage: bool,
    form: FormState,
    kinds: Vec<(String, String, bool)>,
    weightings: Vec<(String, String, bool)>,
    langs: Vec<(String, String, bool)>,
}

async fn index_with(ctx: &Ctx, form: FormState, status: StatusCode) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let today = Utc::now().date_naive();
    let mut bodies = Vec::new();
    let mut all = governance::bodies(db).await.map_err(|e| ctx.err(e))?;
    pumasi_store::governance::translations::localize_bodies(db, &mut all, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    for b in all {
        // The assembly is made of the full members, not of mandates.
        let n = if b.kind == BodyKind::GeneralAssembly {
            let by = pumasi_store::governance::motions::assembly_by_college(db)
                .await
                .map_err(|e| ctx.err(e))?;
            usize::try_from(by.iter().map(|(_, n)| n).sum::<u64>()).unwrap_or(usize::MAX)
        } else {
            governance::mandates(db, b.id)
                .await
                .map_err(|e| ctx.err(e))?
                .iter()
                .filter(|m| m.current(today))
                .count()
        };
        bodies.push((
            b.slug.clone(),
            b.name.clone(),
            b.shown.lang("name", &b.lang).to_owned(),
            i.t(&format!("body-kind-{}", b.kind.code().replace('_', "-"))),
            n,
        ));
    }
    let page = IndexPage {
        kinds: BodyKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_owned(),
                    i.t(&format!("body-kind-{}", k.code().replace('_', "-"))),
                    form.selected("kind", k.code()),
                )
            })
            .collect(),
        weightings: [
            ("one_member", i.t("motion-weighting-one-member")),
            ("college", i.t("motion-weighting-college")),
        ]
        .into_iter()
        .map(|(v, l)| (v.to_owned(), l, form.selected("weighting", v)))
        .collect(),
        langs: super::lang_options(i, &form),
        manage: ctx.can(Action::ManageGovernance),
        form,
        shell: ctx.shell.clone(),
        i,
        bodies,
    };
    super::render(ctx, status, &page)
}

/// `GET /{locale}/governance`.
///
/// # Errors
/// Database errors.
pub async fn index(ctx: Ctx) -> Result<Response, PageError> {
    let mut v = HashMap::new();
    v.insert("kind".to_owned(), "committee".to_owned());
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    index_with(&ctx, FormState::new(v), StatusCode::OK).await
}

/// `POST /{locale}/governance`: the secretariat creates a body (a jury, a committee…).
///
/// # Errors
/// The list with the form and a message per field.
pub async fn create(ctx: Ctx, axum::Form(f): axum::Form<FormMap>) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawBody {
        slug: g("slug"),
        kind: g("kind"),
        lang: g("lang"),
        name: g("name"),
        description: g("description"),
        weighting: g("weighting"),
        max_members: g("max_members"),
        max_per_continent: g("max_per_continent"),
    };
    let r = match raw.validate() {
        Ok(input) => {
            let txn = ctx.begin().await?;
            match governance::create_body(&txn, &input, ctx.actor.account).await {
                Ok(id) => {
                    let slug =
                        pumasi_store::slugs::current(&txn, pumasi_store::slugs::Kind::Body, id)
                            .await;
                    ctx.commit(txn).await?;
                    slug
                }
                Err(e) => Err(e),
            }
        }
        Err(errs) => Err(pumasi_store::StoreError::Invalid(errs)),
    };
    match r {
        Ok(slug) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/governance/{slug}", ctx.locale().code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            index_with(&ctx, form, status).await
        }
    }
}

#[derive(Template)]
#[template(path = "governance_body.html")]
struct BodyPage {
    shell: Shell,
    i: I18n,
    body: Body,
    kind: String,
    current: Vec<MandateRow>,
    /// The general assembly: `(college, full members, directory link)`.
    assembly: Vec<(String, u64, String)>,
    past: Vec<MandateRow>,
    motions: Vec<MotionRow>,
    /// `(slug, title)` of the elections to this body's seats.
    elections: Vec<(String, String)>,
    /// `(slug, title, when)` of the body's meetings, newest first.
    meetings: Vec<(String, String, String)>,
    manage: bool,
    form: FormState,
    roles: Vec<(String, String, bool)>,
    obtained: Vec<(String, String, bool)>,
}

impl BodyPage {
    fn note(&self, field: &str) -> String {
        super::note(self.i, &self.body.shown, field)
    }
}

async fn body_page_with(
    ctx: &Ctx,
    slug: &str,
    form: FormState,
    status: axum::http::StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let body = governance::body_by_slug(db, slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let body = super::shown(ctx, body).await?;
    let manage = ctx.can(Action::ManageGovernance);
    let mut motions = pumasi_store::governance::motions::of_body(db, body.id, manage)
        .await
        .map_err(|e| ctx.err(e))?;
    pumasi_store::governance::translations::localize_motions(db, &mut motions, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    let today = Utc::now().date_naive();
    let mut all = governance::mandates(db, body.id)
        .await
        .map_err(|e| ctx.err(e))?;
    // Holders named in the reader's language.
    let holders: Vec<Uuid> = all
        .iter()
        .filter_map(|m| m.organisation.as_ref().map(|o| o.id))
        .collect();
    let names = pumasi_store::members::names(db, &holders, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    for m in &mut all {
        if let Some(o) = m.organisation.as_mut()
            && let Some((_, n)) = names.get(&o.id)
        {
            o.name.clone_from(n);
        }
    }
    // Elected mandates link the vote that gave them, often another body's (the assembly's).
    let mut refs: HashMap<Uuid, String> = motions
        .iter()
        .map(|m| (m.id, m.reference.clone()))
        .collect();
    for id in all.iter().filter_map(|m| m.motion_id) {
        if !refs.contains_key(&id)
            && let Ok(m) = pumasi_store::governance::motions::by_id(db, id).await
        {
            refs.insert(id, m.reference);
        }
    }
    let (current, past): (Vec<&Mandate>, Vec<&Mandate>) = all
        .iter()
        .partition(|m| m.current(today) || m.starts_on > today);
    let meetings = pumasi_store::governance::meetings::of_body(db, body.id)
        .await
        .map_err(|e| ctx.err(e))?
        .into_iter()
        .map(|m| (m.slug, m.title, i.datetime(m.starts_at)))
        .collect();
    let elections = pumasi_store::governance::elections::of_body(db, body.id)
        .await
        .map_err(|e| ctx.err(e))?
        .into_iter()
        .map(|e| (e.slug, e.title))
        .collect();
    // The general assembly's composition comes from membership data, by college.
    let assembly = if body.kind == BodyKind::GeneralAssembly {
        let vocab = pumasi_store::members::vocabulary(db)
            .await
            .map_err(|e| ctx.err(e))?;
        pumasi_store::governance::motions::assembly_by_college(db)
            .await
            .map_err(|e| ctx.err(e))?
            .into_iter()
            .map(|(college, n)| {
                let name = college
                    .and_then(|c| vocab.colleges.iter().find(|x| x.number == c))
                    .map_or_else(
                        || i.t("assembly-no-college"),
                        |c| c.label(i.locale).to_owned(),
                    );
                let href = college.map_or_else(
                    || format!("/{}/members?class=full", i.code()),
                    |c| format!("/{}/members?class=full&college={c}", i.code()),
                );
                (name, n, href)
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = BodyPage {
        assembly,
        elections,
        meetings,
        kind: i.t(&format!("body-kind-{}", body.kind.code().replace('_', "-"))),
        current: current.iter().map(|m| mandate_row(i, m, &refs)).collect(),
        past: past.iter().map(|m| mandate_row(i, m, &refs)).collect(),
        motions: motions
            .iter()
            .map(|m| MotionRow {
                reference: m.reference.clone(),
                title: m.title.clone(),
                status: status_label(i, m.status),
                closes: i.datetime(m.closes_at),
                rules: rules_line(i, m),
            })
            .collect(),
        roles: MandateRole::ALL
            .iter()
            .map(|r| {
                (
                    r.code().to_owned(),
                    i.t(&format!("mandate-role-{}", r.code().replace('_', "-"))),
                    form.selected("role", r.code()),
                )
            })
            .collect(),
        obtained: Obtained::ALL
            .iter()
            .map(|r| {
                (
                    r.code().to_owned(),
                    i.t(&format!("mandate-obtained-{}", r.code().replace('_', "-"))),
                    form.selected("obtained", r.code()),
                )
            })
            .collect(),
        manage,
        form,
        body,
        shell: ctx.shell.clone(),
        i,
    };
    if manage {
        ctx.render_status(status, &page)
    } else {
        ctx.render_public(&page)
    }
}

/// `GET /{locale}/governance/{body}`.
///
/// # Errors
/// `NotFound`.
pub async fn body_page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Query(_q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut v = HashMap::new();
    v.insert("starts_on".to_owned(), Utc::now().date_naive().to_string());
    v.insert("role".to_owned(), "member".to_owned());
    v.insert("obtained".to_owned(), "elected".to_owned());
    body_page_with(&ctx, &slug, FormState::new(v), axum::http::StatusCode::OK).await
}

/// `POST /{locale}/governance/{body}/mandates`: the secretariat adds a mandate.
///
/// # Errors
/// The page with the form and its errors (422/409).
pub async fn add_mandate(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawMandate {
        organisation: g("organisation"),
        person_name: g("person_name"),
        role: g("role"),
        starts_on: g("starts_on"),
        ends_on: g("ends_on"),
        obtained: g("obtained"),
        note: g("note"),
    };
    let db = &ctx.state.store.db;
    let body = governance::body_by_slug(db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let result = match raw.validate() {
        Ok(input) => {
            let txn = ctx.begin().await?;
            match governance::add_mandate(&txn, &body, &input, None, ctx.actor.account).await {
                Ok(_) => {
                    ctx.commit(txn).await?;
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        Err(errs) => Err(pumasi_store::StoreError::Invalid(errs)),
    };
    match result {
        Ok(()) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/governance/{slug}", ctx.locale().code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            body_page_with(&ctx, &slug, form, status).await
        }
    }
}

/// `POST /{locale}/governance/{body}/mandates/{id}/end`: ends a mandate today (kept in the
/// history).
///
/// # Errors
/// `Forbidden`, `NotFound`, 409 when it has already ended.
pub async fn end_mandate(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let reason = f.get("reason").cloned().unwrap_or_default();
    if reason.chars().count() > 500 {
        return Err(
            ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                "reason",
                "error-too-long",
            )])),
        );
    }
    let txn = ctx.begin().await?;
    governance::end_mandate(
        &txn,
        id,
        Utc::now().date_naive(),
        &reason,
        ctx.actor.account,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/governance/{slug}", ctx.locale().code()),
        Some("saved"),
    ))
}
