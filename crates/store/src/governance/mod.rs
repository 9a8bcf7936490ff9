//! Governance storage: bodies and their mandates (history kept forever: a mandate ends, it is
//! never deleted), and motions with their ballots (`motions`).

pub mod applications;
pub mod charter;
pub mod declarations;
pub mod elections;
pub mod meetings;
pub mod motions;
pub mod translations;

use crate::entities::{gov_body as body, gov_mandate as mandate, organisation as org};
use crate::slugs;
use crate::{Result, StoreError, audit, now, outbox};
use chrono::NaiveDate;
use pumasi_domain::countries::{self, Continent};
use pumasi_domain::governance::body::{BodyInput, MandateInput};
use pumasi_domain::governance::motion::{BodyKind, MandateRole, Obtained, WeightingCode};
use pumasi_domain::locale::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub id: Uuid,
    pub slug: String,
    pub kind: BodyKind,
    pub lang: String,
    pub name: String,
    pub description: String,
    pub weighting: WeightingCode,
    pub max_members: Option<i32>,
    pub max_per_continent: Option<i32>,
    /// How the translated fields are shown, once localised for a reader.
    #[serde(skip)]
    pub shown: translations::Shown,
}

fn body_of(m: body::Model) -> Body {
    Body {
        id: m.id,
        kind: BodyKind::parse(&m.kind).unwrap_or(BodyKind::Committee),
        weighting: WeightingCode::parse(&m.weighting).unwrap_or(WeightingCode::OneMember),
        slug: m.slug,
        lang: m.lang,
        name: m.name,
        description: m.description,
        max_members: m.max_members,
        max_per_continent: m.max_per_continent,
        shown: translations::Shown::default(),
    }
}

/// Tells every node that public governance pages changed (their page caches follow).
pub(crate) async fn changed(c: &impl ConnectionTrait, what: &str, id: Uuid) -> Result<()> {
    outbox::push(
        c,
        &format!("governance.{what}"),
        &serde_json::json!({ "id": id }),
    )
    .await?;
    Ok(())
}

/// Creates a body.
///
/// # Errors
/// `Conflict("error-slug-taken")` when the slug is in use.
pub async fn create_body(
    c: &impl ConnectionTrait,
    input: &BodyInput,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let position = body::Entity::find().all(c).await?.len();
    let slug = slugs::for_new(c, slugs::Kind::Body, &input.slug, input.slug_generated).await?;
    body::Entity::insert(body::ActiveModel {
        id: Set(id),
        slug: Set(slug.as_str().to_owned()),
        kind: Set(input.kind.code().to_owned()),
        lang: Set(input.lang.code().to_owned()),
        name: Set(input.name.clone()),
        description: Set(input.description.clone()),
        weighting: Set(input.weighting.code().to_owned()),
        max_members: Set(input.max_members.and_then(|n| i32::try_from(n).ok())),
        max_per_continent: Set(input.max_per_continent.and_then(|n| i32::try_from(n).ok())),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-slug-taken"))?;
    audit::record(
        c,
        actor,
        "governance.body",
        "gov_body",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "slug": slug.as_str(), "kind": input.kind })),
    )
    .await?;
    changed(c, "body", id).await?;
    Ok(id)
}

/// Every body, in the order they were created.
///
/// # Errors
/// Database errors.
pub async fn bodies(c: &impl ConnectionTrait) -> Result<Vec<Body>> {
    Ok(body::Entity::find()
        .order_by_asc(body::Column::Position)
        .all(c)
        .await?
        .into_iter()
        .map(body_of)
        .collect())
}

/// # Errors
/// `NotFound`.
pub async fn body_by_slug(c: &impl ConnectionTrait, slug: &str) -> Result<Body> {
    body::Entity::find()
        .filter(body::Column::Slug.eq(slug))
        .one(c)
        .await?
        .map(body_of)
        .ok_or(StoreError::NotFound)
}

/// # Errors
/// `NotFound`.
pub async fn body_by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Body> {
    body::Entity::find_by_id(id)
        .one(c)
        .await?
        .map(body_of)
        .ok_or(StoreError::NotFound)
}

/// The organisation a mandate is held by, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mandate {
    pub id: Uuid,
    pub body_id: Uuid,
    pub organisation: Option<Holder>,
    pub person_name: String,
    pub role: MandateRole,
    pub continent: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub obtained: Obtained,
    pub motion_id: Option<Uuid>,
    pub note: String,
}

impl Mandate {
    /// Whether the mandate runs on `day`.
    #[must_use]
    pub fn current(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|e| e >= day)
    }
}

/// Whether a mandate row runs on `day`, as a query condition.
fn running_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(mandate::Column::StartsOn.lte(day))
        .add(
            Condition::any()
                .add(mandate::Column::EndsOn.is_null())
                .add(mandate::Column::EndsOn.gte(day)),
        )
}

/// Adds a mandate to a body. The body's size and continent balance are checked against the
/// mandates running on the new one's first day.
///
/// # Errors
/// `Invalid` for an unknown organisation, `Conflict("error-body-full")` or
/// `Conflict("error-continent-full")` when the body's rules leave no room.
pub async fn add_mandate(
    c: &impl ConnectionTrait,
    b: &Body,
    input: &MandateInput,
    motion: Option<Uuid>,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let holder = match &input.organisation {
        Some(slug) => Some(
            org::Entity::find()
                .filter(org::Column::Slug.eq(slug.as_str()))
                .one(c)
                .await?
                .ok_or_else(|| StoreError::invalid("organisation", "error-choice-invalid"))?,
        ),
        None => None,
    };
    let continent: Option<Continent> = holder
        .as_ref()
        .and_then(|o| countries::country(&o.country))
        .map(|cc| cc.continent);
    let running = mandate::Entity::find()
        .filter(mandate::Column::BodyId.eq(b.id))
        .filter(running_on(input.starts_on))
        .all(c)
        .await?;
    if let Some(max) = b.max_members
        && running.len() >= usize::try_from(max).unwrap_or(0)
    {
        return Err(StoreError::Conflict("error-body-full"));
    }
    if let (Some(max), Some(k)) = (b.max_per_continent, continent)
        && running
            .iter()
            .filter(|m| m.continent.as_deref() == Some(k.code()))
            .count()
            >= usize::try_from(max).unwrap_or(0)
    {
        return Err(StoreError::Conflict("error-continent-full"));
    }
    let id = Uuid::now_v7();
    mandate::Entity::insert(mandate::ActiveModel {
        id: Set(id),
        body_id: Set(b.id),
        organisation_id: Set(holder.as_ref().map(|o| o.id)),
        person_name: Set(input.person_name.clone()),
        role: Set(input.role.code().to_owned()),
        continent: Set(continent.map(|k| k.code().to_owned())),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        obtained: Set(input.obtained.code().to_owned()),
        motion_id: Set(motion),
        note: Set(input.note.clone()),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "governance.mandate",
        "gov_mandate",
        &id.to_string(),
        None,
        Some(&serde_json::json!({
            "body": b.slug,
            "organisation": input.organisation,
            "person": input.person_name,
            "role": input.role,
            "starts_on": input.starts_on,
            "ends_on": input.ends_on,
            "obtained": input.obtained,
        })),
    )
    .await?;
    changed(c, "body", b.id).await?;
    Ok(id)
}

/// Ends a running mandate on `day` (the row stays: history is kept forever).
///
/// # Errors
/// `NotFound`; `Conflict("error-mandate-ended")` when it had already ended by then.
pub async fn end_mandate(
    c: &impl ConnectionTrait,
    id: Uuid,
    day: NaiveDate,
    reason: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let m = mandate::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if m.ends_on.is_some_and(|e| e < day) || m.starts_on > day {
        return Err(StoreError::Conflict("error-mandate-ended"));
    }
    let note = if reason.trim().is_empty() {
        m.note.clone()
    } else if m.note.is_empty() {
        reason.trim().to_owned()
    } else {
        format!("{}\n{}", m.note, reason.trim())
    };
    mandate::Entity::update_many()
        .col_expr(mandate::Column::EndsOn, Expr::value(Some(day)))
        .col_expr(mandate::Column::Note, Expr::value(note))
        .filter(mandate::Column::Id.eq(id))
        .exec(c)
        .await?;
    audit::record(
        c,
        actor,
        "governance.mandate_end",
        "gov_mandate",
        &id.to_string(),
        Some(&serde_json::json!({ "ends_on": m.ends_on })),
        Some(&serde_json::json!({ "ends_on": day, "reason": reason })),
    )
    .await?;
    changed(c, "body", m.body_id).await
}

/// Every mandate of a body, newest first.
///
/// # Errors
/// Database errors.
pub async fn mandates(c: &impl ConnectionTrait, body_id: Uuid) -> Result<Vec<Mandate>> {
    let rows = mandate::Entity::find()
        .filter(mandate::Column::BodyId.eq(body_id))
        .order_by_desc(mandate::Column::StartsOn)
        .order_by_asc(mandate::Column::Role)
        .all(c)
        .await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|m| m.organisation_id).collect();
    let orgs = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&ids)).await?;
    Ok(rows
        .into_iter()
        .map(|m| Mandate {
            id: m.id,
            body_id: m.body_id,
            organisation: m.organisation_id.and_then(|id| {
                orgs.iter().find(|o| o.id == id).map(|o| Holder {
                    id: o.id,
                    slug: o.slug.clone(),
                    name: o.name.clone(),
                    country: o.country.clone(),
                })
            }),
            person_name: m.person_name,
            role: MandateRole::parse(&m.role).unwrap_or(MandateRole::Member),
            continent: m.continent,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            obtained: Obtained::parse(&m.obtained).unwrap_or(Obtained::Appointed),
            motion_id: m.motion_id,
            note: m.note,
        })
        .collect())
}

/// The organisations holding a mandate in the body on `day`.
///
/// # Errors
/// Database errors.
pub async fn member_orgs(
    c: &impl ConnectionTrait,
    body_id: Uuid,
    day: NaiveDate,
) -> Result<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = mandate::Entity::find()
        .filter(mandate::Column::BodyId.eq(body_id))
        .filter(running_on(day))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|m| m.organisation_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// `(slug, kind, name, description, weighting, max members, max per continent)`.
type StandardBody = (
    &'static str,
    BodyKind,
    &'static str,
    &'static str,
    WeightingCode,
    Option<u32>,
    Option<u32>,
);

/// GSEF's standing bodies, created once (on an empty hub) for the demo and new installations.
///
/// # Errors
/// Database errors.
pub async fn ensure_standard_bodies(c: &impl ConnectionTrait) -> Result<()> {
    if !body::Entity::find().all(c).await?.is_empty() {
        return Ok(());
    }
    let rows: [StandardBody; 4] = [
        (
            "general-assembly",
            BodyKind::GeneralAssembly,
            "General Assembly",
            "The highest decision-making body: projects and finance, members' rights and duties, election of the chair city and the steering committee, choice of the next host city. Full members vote in five weighted colleges.",
            WeightingCode::College,
            None,
            None,
        ),
        (
            "steering-committee",
            BodyKind::SteeringCommittee,
            "Steering Committee",
            "Co-chairs, continental co-chairs, about twenty elected members and two representatives of the next host city. Meets at least once a year; reviews membership applications, audits projects and reviews host-city candidacies.",
            WeightingCode::OneMember,
            Some(30),
            None,
        ),
        (
            "co-chairs",
            BodyKind::ChairCity,
            "Chair city co-chairs",
            "The chair city, elected by the General Assembly, is represented by two co-chairs: the city government and the city's SSE network.",
            WeightingCode::OneMember,
            Some(2),
            None,
        ),
        (
            "continental-co-chairs",
            BodyKind::ContinentalCochairs,
            "Continental co-chairs",
            "Up to two co-chairs per continent, for two-year mandates.",
            WeightingCode::OneMember,
            None,
            Some(2),
        ),
    ];
    for (slug, kind, name, description, weighting, max_members, max_per_continent) in rows {
        create_body(
            c,
            &BodyInput {
                slug: pumasi_domain::types::Slug::parse(slug)
                    .map_err(|e| StoreError::invalid("slug", e))?,
                slug_generated: false,
                kind,
                lang: Locale::En.into(),
                name: name.to_owned(),
                description: description.to_owned(),
                weighting,
                max_members,
                max_per_continent,
            },
            None,
        )
        .await?;
    }
    Ok(())
}
