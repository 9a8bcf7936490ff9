//! Elections on the web: the secretariat opens a campaign from the elected body's page;
//! members' representatives stand for their organisation or nominate another member, with a
//! statement; the secretariat accepts or rejects candidacies and, once they close, puts the
//! accepted candidates to the general assembly's vote.

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use pumasi_domain::governance::motion::{MandateRole, RawMotion};
use pumasi_domain::policy::Action;
use pumasi_domain::types::{self, Slug};
use pumasi_store::StoreError;
use pumasi_store::governance::elections::{self as store, Candidacy, Election, NewElection};
use pumasi_store::governance::{self, Body};
use std::collections::HashMap;
use uuid::Uuid;

/// `POST /{locale}/governance/{body}/elections`: the secretariat opens a campaign.
///
/// # Errors
/// `Forbidden`; 422 naming the wrong field.
pub async fn create(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let elects = governance::body_by_slug(db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let mut errs = Vec::new();
    let mut put = |k: &str, c: &'static str| errs.push(pumasi_domain::FieldError::new(k, c));
    let title = types::line(&g("election_title"), 300, true).map_err(|c| put("election_title", c));
    let election_slug: Result<Slug, ()> = Ok(title
        .as_deref()
        .map_or_else(|_| Slug::from_name(""), Slug::from_name));
    let role = MandateRole::parse(&g("role")).ok_or_else(|| put("role", "error-choice-invalid"));
    let seats = g("seats")
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100).contains(n))
        .ok_or_else(|| put("seats", "error-number-invalid"));
    let term = match g("term_ends_on").as_str() {
        "" => Ok(None),
        d => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| put("term_ends_on", "error-date-invalid")),
    };
    let close = pumasi_domain::events::parse_local(&g("candidacies_close_at"))
        .map(|t| t.and_utc())
        .map_err(|c| put("candidacies_close_at", c));
    let (Ok(title), Ok(election_slug), Ok(role), Ok(seats), Ok(term), Ok(close)) =
        (title, election_slug, role, seats, term, close)
    else {
        return Err(ctx.err(AppError::Invalid(errs)));
    };
    let voters = governance::body_by_slug(db, "general-assembly")
        .await
        .map_err(|e| ctx.err(e))?;
    let txn = ctx.begin().await?;
    let e = store::create(
        &txn,
        &voters,
        &elects,
        &NewElection {
            slug: election_slug.as_str().to_owned(),
            title,
            lang: ctx.locale().code().to_owned(),
            role,
            seats,
            term_ends_on: term,
            candidacies_close_at: close,
        },
        ctx.actor.account,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/elections/{}", ctx.locale().code(), e.slug),
        Some("saved"),
    ))
}

#[derive(Template)]
#[template(path = "election.html")]
struct ElectionPage {
    shell: Shell,
    i: I18n,
    e: Election,
    body: Body,
    role: String,
    closes: String,
    open: bool,
    /// Shown: accepted ones to everyone; all to the secretariat.
    candidacies: Vec<(Candidacy, String)>,
    /// `(id, name)` of the organisations the reader may stand for.
    mine: Vec<(String, String)>,
    motion: Option<String>,
    manage: bool,
    form: FormState,
}

async fn page_with(
    ctx: &Ctx,
    slug: &str,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let e = store::by_slug(db, slug).await.map_err(|e| ctx.err(e))?;
    let body = governance::body_by_id(db, e.elects_body_id)
        .await
        .map_err(|e| ctx.err(e))?;
    let body = super::shown(ctx, body).await?;
    let manage = ctx.can(Action::ManageGovernance);
    let mut candidacies: Vec<_> = store::candidacies(db, &e)
        .await
        .map_err(|e| ctx.err(e))?
        .into_iter()
        .filter(|c| manage || c.status == "accepted")
        .collect();
    // Candidates named in the reader's language and listed in its collation.
    let ids: Vec<uuid::Uuid> = candidacies
        .iter()
        .flat_map(|c| std::iter::once(c.organisation).chain(c.nominated_by_id))
        .collect();
    let names = pumasi_store::members::names(db, &ids, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    for c in &mut candidacies {
        if let Some((_, n)) = names.get(&c.organisation) {
            c.name.clone_from(n);
        }
        if let Some((_, n)) = c.nominated_by_id.and_then(|id| names.get(&id)) {
            c.nominated_by = Some(n.clone());
        }
    }
    pumasi_domain::collation::sort_by_name(i.locale, &mut candidacies, |c| &c.name);
    let candidacies = candidacies
        .into_iter()
        .map(|c| {
            let s = i.t(&format!("candidacy-{}", c.status));
            (c, s)
        })
        .collect();
    let open = Utc::now() < e.candidacies_close_at && e.motion.is_none();
    let mut mine = Vec::new();
    if open {
        for o in super::represented(ctx) {
            if let Ok(org) = pumasi_store::members::by_id(db, o, i.locale).await {
                mine.push((o.to_string(), org.name.text));
            }
        }
    }
    let motion = match e.motion {
        Some(id) => Some(
            pumasi_store::governance::motions::by_id(db, id)
                .await
                .map_err(|e| ctx.err(e))?
                .reference,
        ),
        None => None,
    };
    let page = ElectionPage {
        role: i.t(&format!("mandate-role-{}", e.role.code().replace('_', "-"))),
        closes: i.datetime(e.candidacies_close_at),
        open,
        candidacies,
        mine,
        motion,
        manage,
        form,
        body,
        e,
        shell: ctx.shell.clone(),
        i,
    };
    super::render(ctx, status, &page)
}

/// `GET /{locale}/elections/{slug}`.
///
/// # Errors
/// `NotFound`.
pub async fn page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let now = Utc::now();
    let mut v = HashMap::new();
    v.insert("kind".to_owned(), "up_to".to_owned());
    v.insert(
        "opens_at".to_owned(),
        now.format("%Y-%m-%dT%H:%M").to_string(),
    );
    v.insert(
        "closes_at".to_owned(),
        (now + chrono::Duration::days(7))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    );
    page_with(&ctx, &slug, FormState::new(v), StatusCode::OK).await
}

/// `POST /{locale}/elections/{slug}/{action}`: `stand` (a representative, for its
/// organisation or nominating another member by its address name), `review` and `vote`
/// (the secretariat).
///
/// # Errors
/// `Forbidden`; the page with the reason.
pub async fn action(
    ctx: Ctx,
    Path((_, slug, what)): Path<(String, String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let e = store::by_slug(db, &slug).await.map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let now = Utc::now();
    let txn = ctx.begin().await?;
    let r: Result<&str, StoreError> = match what.as_str() {
        "stand" => {
            let by = Uuid::parse_str(&g("organisation")).map_err(|_| {
                ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                    "organisation",
                    "error-choice-invalid",
                )]))
            })?;
            ctx.require(Action::ActFor(by))?;
            let candidate = match g("nominee").as_str() {
                "" => Ok(by),
                s => pumasi_store::members::by_slug(&txn, s, ctx.locale())
                    .await
                    .map(|o| o.id)
                    .map_err(|_| StoreError::invalid("nominee", "error-choice-invalid")),
            };
            match (candidate, types::text(&g("statement"), 5000)) {
                (Ok(cand), Ok(statement)) if !statement.trim().is_empty() => store::stand(
                    &txn,
                    &e,
                    cand,
                    &statement,
                    (cand != by).then_some(by),
                    ctx.actor.account,
                    now,
                )
                .await
                .map(|_| "candidacy-sent"),
                (Err(err), _) => Err(err),
                (_, Err(c)) => Err(StoreError::invalid("statement", c)),
                (Ok(_), Ok(_)) => Err(StoreError::invalid("statement", "error-required")),
            }
        }
        "review" => {
            ctx.require(Action::ManageGovernance)?;
            match Uuid::parse_str(&g("candidacy")) {
                Ok(id) => store::review(&txn, &e, id, g("accept") == "1", ctx.actor.account)
                    .await
                    .map(|()| "saved"),
                Err(_) => Err(StoreError::NotFound),
            }
        }
        "vote" => {
            ctx.require(Action::ManageGovernance)?;
            let weights: Vec<(i32, u32)> = pumasi_store::members::vocabulary(&txn)
                .await
                .map_err(|e| ctx.err(e))?
                .colleges
                .iter()
                .map(|c| (c.number, u32::try_from(c.weight_bp).unwrap_or(0)))
                .collect();
            // The candidates become the options; two stand-ins let the rules be checked first.
            let raw = RawMotion {
                title: e.title.clone(),
                lang: e.lang.clone(),
                kind: g("kind"),
                options: "1\n2".into(),
                max_choices: "1".into(),
                weighting: "college".into(),
                quorum: g("quorum"),
                majority: "simple".into(),
                secret: g("secret"),
                proxy_limit: "2".into(),
                opens_at: g("opens_at"),
                closes_at: g("closes_at"),
                time_zone: "UTC".into(),
                ..RawMotion::default()
            };
            match raw.validate(&weights) {
                Ok(input) => {
                    match store::put_to_vote(&txn, &e, input, ctx.actor.account, now).await {
                        Ok(m) => pumasi_store::governance::motions::open(
                            &txn,
                            m.id,
                            now,
                            ctx.actor.account,
                        )
                        .await
                        .map(|_| "motion-opened"),
                        Err(err) => Err(err),
                    }
                }
                Err(errs) => Err(StoreError::Invalid(errs)),
            }
        }
        _ => Err(StoreError::NotFound),
    };
    match r {
        Ok(done) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/elections/{slug}", ctx.locale().code()),
                Some(done),
            ))
        }
        Err(StoreError::NotFound) => Err(ctx.err(AppError::NotFound)),
        Err(err) => {
            drop(txn);
            let (form, status) = ctx.form_failure(err, &f)?;
            page_with(&ctx, &slug, form, status).await
        }
    }
}
