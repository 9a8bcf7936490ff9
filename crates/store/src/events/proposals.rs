//! The call for proposals: member organisations' people submit session proposals while an
//! event is open for them; reviewers score (1–5) and comment, one review each, changeable until
//! the decision; organisers accept (scheduling the proposal as a session, with the same conflict
//! checks as any session) or reject, and the submitter is notified through the outbox.

use crate::entities::{account, organisation as org, proposal, proposal_review};
use crate::{Result, StoreError, audit, now, outbox};
use chrono::{DateTime, Utc};
use pumasi_domain::FieldError;
use pumasi_domain::events::{EventStatus, ProposalState, SessionFormat, SessionInput, SpeakerRole};
use pumasi_domain::locale::Locale;
use pumasi_domain::types;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

/// A proposal as typed.
#[derive(Debug, Clone, Default)]
pub struct RawProposal {
    pub title: String,
    pub description: String,
    pub format: String,
    pub lang: String,
    pub languages: String,
    pub track: String,
}

/// A proposal with its reviews' summary.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: Uuid,
    pub event_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub account_id: Option<Uuid>,
    pub lang: Locale,
    pub title: String,
    pub description: String,
    pub format: SessionFormat,
    pub track: Option<Uuid>,
    pub languages: Vec<Locale>,
    pub state: ProposalState,
    pub session_id: Option<Uuid>,
    pub decision_note: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reviews: Vec<Review>,
}

impl Proposal {
    /// Mean score, in tenths (37 = 3.7), when reviewed.
    #[must_use]
    pub fn score_tenths(&self) -> Option<i64> {
        if self.reviews.is_empty() {
            return None;
        }
        let sum: i64 = self.reviews.iter().map(|r| i64::from(r.score)).sum();
        let n = i64::try_from(self.reviews.len()).unwrap_or(1);
        Some((sum * 10 + n / 2) / n)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub account_id: Uuid,
    pub reviewer: String,
    pub score: i32,
    pub comment: String,
    pub updated_at: DateTime<Utc>,
}

fn locales(s: &str) -> Vec<Locale> {
    s.split(',').filter_map(Locale::parse).collect()
}

/// Submits a proposal for `organisation` (the caller checked the person belongs to it).
///
/// # Errors
/// `Conflict("error-proposals-closed")`; `Invalid` per field.
pub async fn submit(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    organisation: Uuid,
    account: Option<Uuid>,
    raw: &RawProposal,
) -> Result<Uuid> {
    let ev = crate::entities::event::Entity::find_by_id(event_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !EventStatus::parse(&ev.status).is_some_and(EventStatus::takes_proposals) {
        return Err(StoreError::Conflict("error-proposals-closed"));
    }
    let mut errs = Vec::new();
    let title = types::line(&raw.title, pumasi_domain::events::TITLE_MAX, true)
        .map_err(|e| errs.push(FieldError::new("title", e)))
        .unwrap_or_default();
    let description = match types::text(&raw.description, pumasi_domain::events::DESCRIPTION_MAX) {
        Ok(d) if d.is_empty() => {
            errs.push(FieldError::new("description", "error-required"));
            d
        }
        Ok(d) => d,
        Err(e) => {
            errs.push(FieldError::new("description", e));
            String::new()
        }
    };
    // Proposals come from member organisations (not applicants, suspended or former members).
    let member = org::Entity::find_by_id(organisation)
        .one(c)
        .await?
        .is_some_and(|o| o.status == pumasi_domain::members::MemberStatus::Member.code());
    if !member {
        errs.push(FieldError::new(
            "organisation",
            "error-organisation-not-member",
        ));
    }
    let format = SessionFormat::parse(&raw.format);
    if format.is_none() {
        errs.push(FieldError::new("format", "error-choice-invalid"));
    }
    let lang = Locale::parse(&raw.lang);
    if lang.is_none() {
        errs.push(FieldError::new("lang", "error-language-invalid"));
    }
    let mut languages = Vec::new();
    for part in raw.languages.split([',', ' ']).filter(|p| !p.is_empty()) {
        match Locale::parse(part) {
            Some(l) if !languages.contains(&l) => languages.push(l),
            Some(_) => {}
            None => errs.push(FieldError::new("languages", "error-language-invalid")),
        }
    }
    let track = match raw.track.trim() {
        "" => None,
        // Hold the event's row so that the track cannot be removed between this check and
        // the insert (see `setup::remove`).
        t => match super::hold(c, event_id)
            .await
            .map(|()| Uuid::parse_str(t))?
        {
            Ok(id)
                if crate::entities::track::Entity::find_by_id(id)
                    .one(c)
                    .await?
                    .is_some_and(|t| t.event_id == event_id) =>
            {
                Some(id)
            }
            _ => {
                errs.push(FieldError::new("track", "error-choice-invalid"));
                None
            }
        },
    };
    let (Some(format), Some(lang)) = (format, lang) else {
        return Err(StoreError::Invalid(errs));
    };
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    let id = Uuid::now_v7();
    let t = now();
    proposal::Entity::insert(proposal::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        organisation_id: Set(organisation),
        account_id: Set(account),
        lang: Set(lang.code().to_owned()),
        title: Set(title),
        description: Set(description),
        format: Set(format.code().to_owned()),
        track_id: Set(track),
        languages: Set(languages
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(",")),
        state: Set(ProposalState::Submitted.code().to_owned()),
        session_id: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        decision_note: Set(String::new()),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .exec_without_returning(c)
    .await?;
    outbox::push(c, "proposal.submitted", &serde_json::json!({ "id": id })).await?;
    Ok(id)
}

async fn assemble(c: &impl ConnectionTrait, rows: Vec<proposal::Model>) -> Result<Vec<Proposal>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let reviews = proposal_review::Entity::find()
        .filter(proposal_review::Column::ProposalId.is_in(rows.iter().map(|r| r.id)))
        .order_by_asc(proposal_review::Column::CreatedAt)
        .all(c)
        .await?;
    let reviewers = account::Entity::find()
        .filter(account::Column::Id.is_in(reviews.iter().map(|r| r.account_id)))
        .all(c)
        .await?;
    let orgs = org::Entity::find()
        .filter(org::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Proposal {
            reviews: reviews
                .iter()
                .filter(|v| v.proposal_id == r.id)
                .map(|v| Review {
                    account_id: v.account_id,
                    reviewer: reviewers
                        .iter()
                        .find(|a| a.id == v.account_id)
                        .map(|a| a.display_name.clone())
                        .unwrap_or_default(),
                    score: v.score,
                    comment: v.comment.clone(),
                    updated_at: v.updated_at,
                })
                .collect(),
            organisation_name: orgs
                .iter()
                .find(|o| o.id == r.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            id: r.id,
            event_id: r.event_id,
            organisation_id: r.organisation_id,
            account_id: r.account_id,
            lang: Locale::parse(&r.lang).unwrap_or(Locale::En),
            title: r.title,
            description: r.description,
            format: SessionFormat::parse(&r.format).unwrap_or(SessionFormat::Talk),
            track: r.track_id,
            languages: locales(&r.languages),
            state: ProposalState::parse(&r.state).unwrap_or(ProposalState::Submitted),
            session_id: r.session_id,
            decision_note: r.decision_note,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
        .collect())
}

/// The proposals of an event, oldest first.
///
/// # Errors
/// Database errors.
pub async fn list(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Vec<Proposal>> {
    let rows = proposal::Entity::find()
        .filter(proposal::Column::EventId.eq(event_id))
        .order_by_asc(proposal::Column::CreatedAt)
        .all(c)
        .await?;
    assemble(c, rows).await
}

/// The proposals a person submitted, newest first.
///
/// # Errors
/// Database errors.
pub async fn of_account(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    account: Uuid,
) -> Result<Vec<Proposal>> {
    let rows = proposal::Entity::find()
        .filter(proposal::Column::EventId.eq(event_id))
        .filter(proposal::Column::AccountId.eq(account))
        .order_by_desc(proposal::Column::CreatedAt)
        .all(c)
        .await?;
    assemble(c, rows).await
}

/// # Errors
/// `NotFound`.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Proposal> {
    let row = proposal::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble(c, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Records (or changes) a reviewer's score and comment, while the proposal is undecided.
///
/// # Errors
/// `Invalid(score)` outside 1–5, `Invalid(comment)` too long; `Conflict("error-proposal-decided")`.
pub async fn review(
    c: &impl ConnectionTrait,
    proposal_id: Uuid,
    account: Uuid,
    score: &str,
    comment: &str,
) -> Result<()> {
    let p = proposal::Entity::find_by_id(proposal_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if p.state != ProposalState::Submitted.code() {
        return Err(StoreError::Conflict("error-proposal-decided"));
    }
    let mut errs = Vec::new();
    let score = match score.trim().parse::<i32>() {
        Ok(n) if (1..=5).contains(&n) => n,
        _ => {
            errs.push(FieldError::new("score", "error-score-invalid"));
            0
        }
    };
    let comment = types::text(comment, 5_000)
        .map_err(|e| errs.push(FieldError::new("comment", e)))
        .unwrap_or_default();
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    let t = now();
    proposal_review::Entity::insert(proposal_review::ActiveModel {
        proposal_id: Set(proposal_id),
        account_id: Set(account),
        score: Set(score),
        comment: Set(comment),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .on_conflict(
        OnConflict::columns([
            proposal_review::Column::ProposalId,
            proposal_review::Column::AccountId,
        ])
        .update_columns([
            proposal_review::Column::Score,
            proposal_review::Column::Comment,
            proposal_review::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// The organisers' decision. Accepting schedules the proposal as a session (`session`, checked
/// like any session: no room or speaker in two places); a proposal is decided once, even when
/// two organisers click at the same moment.
///
/// # Errors
/// `Conflict("error-proposal-decided")`; the session's `Invalid` errors.
pub async fn decide(
    c: &impl ConnectionTrait,
    proposal_id: Uuid,
    session: Option<&SessionInput>,
    people: &[(Uuid, SpeakerRole)],
    note: &str,
    actor: Option<Uuid>,
) -> Result<Option<Uuid>> {
    let p = proposal::Entity::find_by_id(proposal_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let note = types::text(note, 5_000).map_err(|e| StoreError::invalid("decision_note", e))?;
    let state = if session.is_some() {
        ProposalState::Accepted
    } else {
        ProposalState::Rejected
    };
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::State, Expr::value(state.code()))
        .col_expr(proposal::Column::DecidedAt, Expr::value(now()))
        .col_expr(proposal::Column::DecidedBy, Expr::value(actor))
        .col_expr(proposal::Column::DecisionNote, Expr::value(note.clone()))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now()))
        .filter(proposal::Column::Id.eq(proposal_id))
        .filter(proposal::Column::State.eq(ProposalState::Submitted.code()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-proposal-decided"));
    }
    let session_id = match session {
        Some(input) => {
            let id = super::programme::create_session(c, p.event_id, input, people, actor).await?;
            crate::entities::programme_session::Entity::update_many()
                .col_expr(
                    crate::entities::programme_session::Column::ProposalId,
                    Expr::value(Some(proposal_id)),
                )
                .filter(crate::entities::programme_session::Column::Id.eq(id))
                .exec(c)
                .await?;
            proposal::Entity::update_many()
                .col_expr(proposal::Column::SessionId, Expr::value(Some(id)))
                .filter(proposal::Column::Id.eq(proposal_id))
                .exec(c)
                .await?;
            Some(id)
        }
        None => None,
    };
    outbox::push(
        c,
        "proposal.decided",
        &serde_json::json!({ "id": proposal_id, "state": state.code() }),
    )
    .await?;
    audit::record(
        c,
        actor,
        "proposal.decide",
        "proposal",
        &proposal_id.to_string(),
        Some(&serde_json::json!({ "state": p.state })),
        Some(&serde_json::json!({ "state": state.code(), "note": note, "session": session_id })),
    )
    .await?;
    Ok(session_id)
}
