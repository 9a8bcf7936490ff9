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
