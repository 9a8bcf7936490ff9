//! The call for proposals on the web: the submission form for people of member organisations,
//! the list and the proposal page where reviewers score and comment, and the organisers'
//! decision (accept by scheduling it as a session, or reject).

use super::Scoped;
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::members::markdown;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use pumasi_domain::events::{ProposalState, RawSession, SessionFormat, SpeakerRole};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::{EventAction, may_propose_for};
use pumasi_store::StoreError;
use pumasi_store::events::Event;
use pumasi_store::events::programme;
use pumasi_store::events::proposals::{self, Proposal, RawProposal};
use pumasi_store::members;
use std::collections::HashMap;
use uuid::Uuid;

type Options = Vec<(String, String, bool)>;

#[derive(Template)]
#[template(path = "proposal_new.html")]
struct NewPage {
    shell: Shell,
    i: I18n,
    e: Event,
    form: FormState,
    organisations: Options,
    formats: Options,
    tracks: Options,
    langs: Options,
    mine: Vec<(Uuid, String, String)>,
}

async fn new_page(ctx: &Ctx, s: &Scoped, form: FormState) -> Result<NewPage, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let mut organisations = Vec::new();
    for (org, _) in &ctx.actor.orgs {
        if let Ok(o) = members::by_id(db, *org, i.locale).await
            && o.status == pumasi_domain::members::MemberStatus::Member
        {
            let id = o.id.to_string();
            let sel = form.selected("organisation", &id);
            organisations.push((id, o.name.text, sel));
        }
    }
    let p = programme::programme(db, s.event.id, i.locale).await?;
    let mine = match ctx.actor.account {
        Some(a) => proposals::of_account(db, s.event.id, a)
            .await?
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    p.title,
                    i.t(&format!("proposal-state-{}", p.state.code())),
                )
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(NewPage {
        formats: SessionFormat::ALL
            .iter()
            .map(|f| {
                (
                    f.code().to_owned(),
                    i.t(&format!("session-format-{}", f.code())),
                    form.selected("format", f.code()),
                )
            })
            .collect(),
        tracks: p
            .tracks
            .iter()
            .map(|t| {
                let id = t.id.to_string();
                let sel = form.selected("track", &id);
                (id, t.name.text.clone(), sel)
            })
            .collect(),
        langs: Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_owned(),
                    i.t(&format!("language-{}", l.code())),
                    form.selected("lang", l.code()),
                )
            })
            .collect(),
        organisations,
        mine,
        e: s.event.clone(),
        form,
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/events/{slug}/proposals/new`: for people of member organisations.
///
/// # Errors
/// `Unauthorized` when anonymous, `Forbidden` without an organisation.
pub async fn new_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    if ctx.account.is_none() {
        return Err(ctx.err(AppError::Unauthorized));
    }
    if ctx.actor.orgs.is_empty() {
        return Err(ctx.err(AppError::Forbidden));
    }
    let s = Scoped::load(&ctx, &slug).await?;
    let mut v = HashMap::new();
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    v.insert("format".to_owned(), "workshop".to_owned());
    let page = new_page(&ctx, &s, FormState::new(v)).await?;
    ctx.render(&page)
}

/// `POST /{locale}/events/{slug}/proposals/new`.
///
/// # Errors
/// The form with field errors; `Forbidden` for an organisation the person is not part of.
pub async fn submit(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let Some(org) = Uuid::parse_str(&g("organisation")).ok() else {
        let mut values = f.clone();
        values.remove("_csrf");
        let form = FormState::with_errors(
            values,
            &[pumasi_domain::FieldError::new(
                "organisation",
                "error-choice-invalid",
            )],
            ctx.i(),
        );
        let page = new_page(&ctx, &s, form).await?;
        return ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    if !may_propose_for(&ctx.actor, org) {
        return Err(ctx.err(AppError::Forbidden));
    }
    let raw = RawProposal {
        title: g("title"),
        description: g("description"),
        format: g("format"),
        lang: g("lang"),
        languages: g("languages"),
        track: g("track"),
    };
    let txn = ctx.begin().await?;
    match proposals::submit(&txn, s.event.id, org, ctx.actor.account, &raw).await {
        Ok(_) => {
            ctx.commit(txn).await?;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/proposals/new", ctx.shell.i.code()),
                Some("proposal-submitted"),
            ))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            let page = new_page(&ctx, &s, form).await?;
            ctx.render_status(status, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "proposals.html")]
struct ListPage {
    shell: Shell,
    i: I18n,
    e: Event,
    rows: Vec<(Uuid, String, String, String, String, usize)>,
}

fn score(p: &Proposal) -> String {
    p.score_tenths()
        .map(|t| format!("{}.{}", t / 10, t % 10))
        .unwrap_or_default()
}

/// `GET /{locale}/events/{slug}/proposals`: every proposal, for reviewers and organisers.
///
/// # Errors
/// `Forbidden` for anyone else.
pub async fn list(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Review)?;
    let i = ctx.i();
    let rows = proposals::list(&ctx.state.store.db, s.event.id)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                score(&p),
                i.t(&format!("proposal-state-{}", p.state.code())),
                p.organisation_name.clone(),
                p.title.clone(),
                p.reviews.len(),
            )
        })
        .collect();
    ctx.render(&ListPage {
        e: s.event,
        rows,
        shell: ctx.shell.clone(),
        i,
    })
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct ProposalPage {
    shell: Shell,
    i: I18n,
    e: Event,
    p: Proposal,
    state: String,
    format: String,
    languages: String,
    description_html: String,
    score: String,
    can_decide: bool,
    review_form: FormState,
    decide_form: FormState,
    rooms: Options,
}

async fn proposal_page(
    ctx: &Ctx,
    s: &Scoped,
    p: Proposal,
    review_form: FormState,
    decide_form: FormState,
) -> Result<ProposalPage, PageError> {
    let i = ctx.i();
    let prog = programme::programme(&ctx.state.store.db, s.event.id, i.locale).await?;
    Ok(ProposalPage {
        state: i.t(&format!("proposal-state-{}", p.state.code())),
        format: i.t(&format!("session-format-{}", p.format.code())),
        languages: p
            .languages
            .iter()
            .map(|l| i.t(&format!("language-{}", l.code())))
            .collect::<Vec<_>>()
            .join(", "),
        description_html: markdown(&p.description),
        score: score(&p),
        can_decide: s.can(ctx, EventAction::Decide) && p.state == ProposalState::Submitted,
        rooms: prog
            .rooms
            .iter()
            .map(|r| {
                let id = r.id.to_string();
                let sel = decide_form.selected("room", &id);
                (id, r.name.clone(), sel)
            })
            .collect(),
        review_form,
        decide_form,
        e: s.event.clone(),
        p,
        shell: ctx.shell.clone(),
        i,
    })
}

async fn load(ctx: &Ctx, slug: &str, id: &str) -> Result<(Scoped, Proposal), PageError> {
    let s = Scoped::load(ctx, slug).await?;
    s.require(ctx, EventAction::Review)?;
    let id = Uuid::parse_str(id).map_err(|_| ctx.err(AppError::NotFound))?;
    let p = proposals::by_id(&ctx.state.store.db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    if p.event_id != s.event.id {
        return Err(ctx.err(AppError::NotFound));
    }
    Ok((s, p))
}

/// `GET /{locale}/events/{slug}/proposals/{id}`.
///
/// # Errors
/// `Forbidden` for anyone but reviewers and organisers.
pub async fn show(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (s, p) = load(&ctx, &slug, &id).await?;
    let mut review = HashMap::new();
    if let Some(mine) = p
        .reviews
        .iter()
        .find(|r| Some(r.account_id) == ctx.actor.account)
    {
        review.insert("score".to_owned(), mine.score.to_string());
        review.insert("comment".to_owned(), mine.comment.clone());
    }
    let page = proposal_page(&ctx, &s, p, FormState::new(review), FormState::default()).await?;
    ctx.render(&page)
}

/// `POST /{locale}/events/{slug}/proposals/{id}/review`.
///
/// # Errors
/// The page with field errors.
pub async fn review(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let (s, p) = load(&ctx, &slug, &id).await?;
    let Some(account) = ctx.actor.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let txn = ctx.begin().await?;
    match proposals::review(&txn, p.id, account, &g("score"), &g("comment")).await {
        Ok(()) => {
            ctx.commit(txn).await?;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/proposals/{}", ctx.shell.i.code(), p.id),
                Some("saved"),
            ))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            let page = proposal_page(&ctx, &s, p, form, FormState::default()).await?;
            ctx.render_status(status, &page)
        }
    }
}

/// `POST /{locale}/events/{slug}/proposals/{id}/decide`: `action=accept` with the session's
/// time and room, or `action=reject`.
///
/// # Errors
/// `Forbidden` for anyone but organisers; the page with field errors (times, room conflicts).
pub async fn decide(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let (s, p) = load(&ctx, &slug, &id).await?;
    s.require(&ctx, EventAction::Decide)?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let accept = match g("action").as_str() {
        "accept" => true,
        "reject" => false,
        _ => {
            return Err(
                ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                    "action",
                    "error-choice-invalid",
                )])),
            );
        }
    };
    let session = if accept {
        let raw = RawSession {
            title: p.title.clone(),
            description: p.description.clone(),
            lang: p.lang.code().to_owned(),
            format: p.format.code().to_owned(),
            track: p.track.map(|t| t.to_string()).unwrap_or_default(),
            room: g("room"),
            languages: p
                .languages
                .iter()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(","),
            interpretation: String::new(),
            starts_at: g("starts_at"),
            ends_at: g("ends_at"),
            capacity: g("capacity"),
        };
        match raw.validate(&s.event.window()) {
            Ok(input) => Some(input),
            Err(errs) => {
                let mut values = f.clone();
                values.remove("_csrf");
                let form = FormState::with_errors(values, &errs, ctx.i());
                let page = proposal_page(&ctx, &s, p, FormState::default(), form).await?;
                return ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
        }
    } else {
        None
    };
    let people: Vec<(Uuid, SpeakerRole)> = Vec::new();
    let txn = ctx.begin().await?;
    match proposals::decide(
        &txn,
        p.id,
        session.as_ref(),
        &people,
        &g("decision_note"),
        ctx.actor.account,
    )
    .await
    {
        Ok(_) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/proposals/{}", ctx.shell.i.code(), p.id),
                Some("saved"),
            ))
        }
        Err(StoreError::Conflict(code)) if code == "error-proposal-decided" => {
            drop(txn);
            Err(ctx.err(AppError::Conflict(code)))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            let page = proposal_page(&ctx, &s, p, FormState::default(), form).await?;
            ctx.render_status(status, &page)
        }
    }
}
