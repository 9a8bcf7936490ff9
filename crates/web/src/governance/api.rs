//! The governance JSON API: bodies with their mandates, and motions (public parts) with their
//! results once closed.

use crate::AppState;
use crate::api::Problem;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::governance::Tally;
use pumasi_domain::governance::motion::{MotionStatus, Rules};
use pumasi_store::governance::{self, motions};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct MandateDto {
    pub organisation: Option<String>,
    pub organisation_name: Option<String>,
    pub person: String,
    /// co_chair, continental_co_chair, member, host_city, chair.
    pub role: String,
    pub continent: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// elected, appointed, ex_officio.
    pub obtained: String,
    /// The election motion's id, for elected mandates.
    pub motion: Option<Uuid>,
}

#[derive(Serialize, ToSchema)]
pub struct BodyDto {
    pub slug: String,
    /// general_assembly, steering_committee, chair_city, continental_cochairs, committee.
    pub kind: String,
    pub name: String,
    pub description: String,
    /// college or one_member.
    pub weighting: String,
    /// Every mandate ever held, newest first (current ones have no end date or one to come).
    pub mandates: Vec<MandateDto>,
    pub motions: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MotionDto {
    pub id: Uuid,
    pub reference: String,
    pub body: String,
    pub lang: String,
    pub title: String,
    pub text: String,
    /// draft, open or closed.
    pub status: String,
    pub options: Vec<String>,
    #[schema(value_type = Object)]
    pub rules: Rules,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub eligible: i32,
    /// The count, once closed: per college (`groups`), weighted `shares` as exact fractions,
    /// `winners` (for yes/no: `[0]` adopted, `[1]` rejected) and instant-runoff `rounds`.
    #[schema(value_type = Option<Object>)]
    pub result: Option<Tally>,
    /// SHA-256 of the anonymised ballot list, once closed.
    pub ballots_digest: Option<String>,
    /// The head of the motion's hash-chained log.
    pub log_head: String,
}

/// Every body with its mandates.
#[utoipa::path(get, path = "/api/v1/governance/bodies", responses((status = 200, body = [BodyDto])))]
pub async fn list_bodies(State(st): State<AppState>) -> Result<Json<Vec<BodyDto>>, ApiError> {
    let mut out = Vec::new();
    for b in governance::bodies(&st.store.db).await? {
        out.push(body_dto(&st, b).await?);
    }
    Ok(Json(out))
}

async fn body_dto(st: &AppState, b: governance::Body) -> Result<BodyDto, ApiError> {
    let db = &st.store.db;
    let mandates = governance::mandates(db, b.id)
        .await?
        .into_iter()
        .map(|m| MandateDto {
            organisation: m.organisation.as_ref().map(|o| o.slug.clone()),
            organisation_name: m.organisation.as_ref().map(|o| o.name.clone()),
            person: m.person_name,
            role: m.role.code().to_owned(),
            continent: m.continent,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            obtained: m.obtained.code().to_owned(),
            motion: m.motion_id,
        })
        .collect();
    let motions = motions::of_body(db, b.id, false)
        .await?
        .into_iter()
        .map(|m| m.reference)
        .collect();
    Ok(BodyDto {
        slug: b.slug,
        kind: b.kind.code().to_owned(),
        name: b.name,
        description: b.description,
        weighting: b.weighting.code().to_owned(),
        mandates,
        motions,
    })
}

/// One body by slug.
#[utoipa::path(get, path = "/api/v1/governance/bodies/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = BodyDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_body(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<BodyDto>, ApiError> {
    let b = governance::body_by_slug(&st.store.db, &slug).await?;
    Ok(Json(body_dto(&st, b).await?))
}

/// One motion by reference (drafts are not published); its result once closed.
#[utoipa::path(get, path = "/api/v1/governance/motions/{reference}", params(("reference" = String, Path)),
    responses((status = 200, body = MotionDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_motion(
    State(st): State<AppState>,
    Path(reference): Path<String>,
) -> Result<Json<MotionDto>, ApiError> {
    super::close_due(&st).await?;
    let db = &st.store.db;
    let m = motions::by_reference(db, &reference).await?;
    if m.status == MotionStatus::Draft {
        return Err(ApiError(AppError::NotFound));
    }
    let body = governance::body_by_id(db, m.body_id).await?;
    Ok(Json(MotionDto {
        id: m.id,
        body: body.slug,
        lang: m.lang,
        title: m.title,
        text: m.text,
        status: m.status.code().to_owned(),
        options: m.options.into_iter().map(|o| o.label).collect(),
        rules: m.rules,
        opens_at: m.opens_at,
        closes_at: m.closes_at,
        eligible: m.eligible_count,
        result: m.result,
        ballots_digest: m.ballots_digest,
        log_head: m.log_head,
        reference: m.reference,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct SignatoryDto {
    pub name: String,
    /// The member's slug, when the signatory is a member.
    pub organisation: Option<String>,
    /// local_government or organisation.
    pub kind: String,
    pub country: String,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    /// Where a historical signature is documented.
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeclarationDto {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_city: String,
    /// The meeting that adopted it (its slug), when recorded.
    pub adopted_meeting: Option<String>,
    /// The adopted text (newest adopted version), in its original language.
    pub text: Option<String>,
    pub version: Option<i32>,
    /// Verified signatures in force.
    pub signatories: Vec<SignatoryDto>,
    /// Withdrawn signatures (kept, with their date).
    pub withdrawn: Vec<SignatoryDto>,
    pub local_governments: u64,
    pub organisations: u64,
}

/// One declaration with its verified signatories and withdrawals.
#[utoipa::path(get, path = "/api/v1/governance/declarations/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = DeclarationDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_declaration(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<DeclarationDto>, ApiError> {
    use pumasi_domain::governance::declaration::{SignatureStatus, counts};
    use pumasi_store::governance::declarations as d;
    let db = &st.store.db;
    let decl = d::by_slug(db, &slug).await?;
    let adopted = d::versions(db, decl.id)
        .await?
        .into_iter()
        .rev()
        .find(|v| v.frozen);
    let sigs = d::signatures(db, decl.id).await?;
    let adopted_meeting = match decl.adopted_meeting {
        Some(id) => Some(
            pumasi_store::governance::meetings::by_id(db, id)
                .await?
                .slug,
        ),
        None => None,
    };
    let dto = |s: &d::Signature| SignatoryDto {
        name: s.name.clone(),
        organisation: s.organisation.as_ref().map(|o| o.1.clone()),
        kind: s.kind.code().to_owned(),
        country: s.country.clone(),
        signer_name: s.signer_name.clone(),
        signer_title: s.signer_title.clone(),
        signed_on: s.signed_on,
        withdrawn_on: s.withdrawn_on,
        source: s.source.clone(),
    };
    let verified: Vec<&d::Signature> = sigs
        .iter()
        .filter(|s| s.status == SignatureStatus::Verified)
        .collect();
    let kinds: Vec<_> = verified.iter().map(|s| s.kind).collect();
    let (lg, orgs) = counts(&kinds);
    Ok(Json(DeclarationDto {
        slug: decl.slug,
        title: decl.title,
        lang: decl.lang,
        adopted_on: decl.adopted_on,
        adopted_city: decl.adopted_city,
        adopted_meeting,
        text: adopted.as_ref().map(|v| v.text.clone()),
        version: adopted.map(|v| v.number),
        signatories: verified.iter().map(|s| dto(s)).collect(),
        withdrawn: sigs
            .iter()
            .filter(|s| s.status == SignatureStatus::Withdrawn)
            .map(dto)
            .collect(),
        local_governments: lg,
        organisations: orgs,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AgendaItemDto {
    pub position: i32,
    pub title: String,
    pub description: String,
    pub rapporteur: String,
    /// The library document's slug.
    pub document: Option<String>,
    /// The motion's reference.
    pub motion: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    /// Register number, e.g. `2026-007`.
    pub number: String,
    pub title: String,
    pub text: String,
    pub decided_on: NaiveDate,
    /// The meeting's slug.
    pub meeting: Option<String>,
    /// The motion's reference.
    pub motion: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub slug: String,
    pub body: String,
    pub title: String,
    pub lang: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    pub agenda: Vec<AgendaItemDto>,
    /// Approved minutes only (Markdown); drafts are not published.
    pub minutes: Option<String>,
    pub decisions: Vec<DecisionDto>,
    /// The meeting's iCalendar file.
    pub ical: String,
}

fn decision_dto(d: pumasi_store::governance::meetings::Decision) -> DecisionDto {
    DecisionDto {
        number: d.number,
        title: d.title,
        text: d.text,
        decided_on: d.decided_on,
        meeting: d.meeting.map(|m| m.0),
        motion: d.motion,
    }
}

/// A meeting's public parts: date, place, agenda, approved minutes, decisions.
#[utoipa::path(get, path = "/api/v1/governance/meetings/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = MeetingDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_meeting(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<MeetingDto>, ApiError> {
    use pumasi_domain::governance::meeting::MinutesStatus;
    use pumasi_store::governance::meetings as m;
    let db = &st.store.db;
    let x = m::by_slug(db, &slug).await?;
    let body = governance::body_by_id(db, x.body_id).await?;
    let agenda = m::agenda(db, x.id)
        .await?
        .into_iter()
        .map(|a| AgendaItemDto {
            position: a.position,
            title: a.title,
            description: a.description,
            rapporteur: a.rapporteur,
            document: a.document.map(|d| d.0),
            motion: a.motion,
        })
        .collect();
    let decisions = m::decisions(db, Some(body.id), "")
        .await?
        .into_iter()
        .filter(|d| d.meeting.as_ref().is_some_and(|mm| mm.0 == x.slug))
        .map(decision_dto)
        .collect();
    Ok(Json(MeetingDto {
        ical: format!("{}/en/meetings/{}/calendar.ics", st.config.base_url, x.slug),
        body: body.slug,
        title: x.title,
        lang: x.lang,
        starts_at: x.starts_at,
        ends_at: x.ends_at,
        time_zone: x.time_zone,
        place: x.place,
        online_url: x.online_url,
        agenda,
        minutes: (x.minutes_status == MinutesStatus::Approved).then_some(x.minutes),
        decisions,
        slug: x.slug,
    }))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct DecisionQuery {
    /// Words to find in the number, title or text (case- and accent-insensitive).
    q: Option<String>,
}

/// The register of decisions, newest first.
#[utoipa::path(get, path = "/api/v1/governance/decisions", params(DecisionQuery),
    responses((status = 200, body = [DecisionDto]), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list_decisions(
    State(st): State<AppState>,
    axum::extract::Query(p): axum::extract::Query<DecisionQuery>,
) -> Result<Json<Vec<DecisionDto>>, ApiError> {
    let q = p.q.unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(ApiError(AppError::Invalid(vec![
            pumasi_domain::FieldError::new("q", "error-too-long"),
        ])));
    }
    Ok(Json(
        pumasi_store::governance::meetings::decisions(&st.store.db, None, &q)
            .await?
            .into_iter()
            .map(decision_dto)
            .collect(),
    ))
}
