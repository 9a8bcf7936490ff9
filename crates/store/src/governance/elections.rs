//! Elections: the secretariat opens a campaign for the seats of a body; members stand (or are
//! nominated by another member) with a statement until candidacies close; the secretariat checks
//! each candidacy; then the general assembly votes on a motion whose options are the accepted
//! candidates, and the winners get their mandates when it closes (`motions::close`).

use super::Body;
use super::motions::{self, Elects, Motion};
use crate::entities::{gov_candidacy as cand, gov_election as election, organisation as org};
use crate::slugs;
use crate::{Result, StoreError, audit, now};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::governance::motion::{KindCode, MandateRole, MotionInput};
use pumasi_domain::members::{MemberStatus, MembershipClass};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Election {
    pub id: Uuid,
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub body_id: Uuid,
    pub elects_body_id: Uuid,
    pub role: MandateRole,
    pub seats: i32,
    pub term_ends_on: Option<NaiveDate>,
    pub candidacies_close_at: DateTime<Utc>,
    pub motion: Option<Uuid>,
}

fn election_of(e: election::Model) -> Election {
    Election {
        id: e.id,
        slug: e.slug,
        lang: e.lang,
        title: e.title,
        body_id: e.body_id,
        elects_body_id: e.elects_body_id,
        role: MandateRole::parse(&e.role).unwrap_or(MandateRole::Member),
        seats: e.seats,
        term_ends_on: e.term_ends_on,
        candidacies_close_at: e.candidacies_close_at,
        motion: e.motion_id,
    }
}

/// What the secretariat sets when it opens a campaign.
#[derive(Debug, Clone)]
pub struct NewElection {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub role: MandateRole,
    pub seats: u32,
    pub term_ends_on: Option<NaiveDate>,
    pub candidacies_close_at: DateTime<Utc>,
}

/// Opens a campaign for seats of `elects`, voted by `voters` (the general assembly).
///
/// # Errors
/// `Conflict("error-slug-taken")`.
pub async fn create(
    c: &impl ConnectionTrait,
    voters: &Body,
    elects: &Body,
    e: &NewElection,
    actor: Option<Uuid>,
) -> Result<Election> {
    let id = Uuid::now_v7();
    // Nobody types a campaign's address: it comes from the title and is made free here.
    let base = pumasi_domain::types::Slug::parse(&e.slug)
        .unwrap_or_else(|_| pumasi_domain::types::Slug::from_name(&e.title));
    let slug = slugs::free(c, slugs::Kind::Election, &base).await?;
    election::Entity::insert(election::ActiveModel {
        id: Set(id),
        slug: Set(slug.as_str().to_owned()),
        lang: Set(e.lang.clone()),
        title: Set(e.title.clone()),
        body_id: Set(voters.id),
        elects_body_id: Set(elects.id),
        role: Set(e.role.code().to_owned()),
        seats: Set(i32::try_from(e.seats).unwrap_or(1)),
        term_ends_on: Set(e.term_ends_on),
        candidacies_close_at: Set(e.candidacies_close_at),
        motion_id: Set(None),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|err| StoreError::unique_as(err, "error-slug-taken"))?;
    audit::record(
        c,
        actor,
        "governance.election",
        "gov_election",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "slug": slug.as_str(), "elects": elects.slug })),
    )
    .await?;
    super::changed(c, "election", id).await?;
    by_slug(c, slug.as_str()).await
}

/// # Errors
/// `NotFound`.
pub async fn by_slug(c: &impl ConnectionTrait, slug: &str) -> Result<Election> {
    election::Entity::find()
        .filter(election::Column::Slug.eq(slug))
        .one(c)
        .await?
        .map(election_of)
        .ok_or(StoreError::NotFound)
}

/// The elections of seats in `body`, newest first.
///
/// # Errors
/// Database errors.
pub async fn of_body(c: &impl ConnectionTrait, body: Uuid) -> Result<Vec<Election>> {
    Ok(election::Entity::find()
        .filter(election::Column::ElectsBodyId.eq(body))
        .order_by_desc(election::Column::CreatedAt)
        .all(c)
        .await?
        .into_iter()
        .map(election_of)
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidacy {
    pub id: Uuid,
    pub organisation: Uuid,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub statement: String,
    /// The member that nominated it, when it did not stand itself.
    pub nominated_by: Option<String>,
    /// That member, to name it in the reader's language.
    #[serde(skip)]
    pub nominated_by_id: Option<Uuid>,
    /// submitted, accepted or rejected.
    pub status: String,
}

/// A member stands, or `nominated_by` nominates it, with a statement, until candidacies close.
/// Candidates are members in good standing (status member; full members once their first fee
/// is paid).
///
/// # Errors
/// `Conflict("error-candidacies-closed")`, `Conflict("error-candidate-not-eligible")`,
/// `Conflict("error-already-candidate")`.
pub async fn stand(
    c: &impl ConnectionTrait,
    e: &Election,
    organisation: Uuid,
    statement: &str,
    nominated_by: Option<Uuid>,
    actor: Option<Uuid>,
    t: DateTime<Utc>,
) -> Result<Uuid> {
    if t >= e.candidacies_close_at || e.motion.is_some() {
        return Err(StoreError::Conflict("error-candidacies-closed"));
    }
    let o = org::Entity::find_by_id(organisation)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let good = o.status == MemberStatus::Member.code()
        && (o.class != MembershipClass::Full.code() || o.first_fee_paid_on.is_some());
    if !good {
        return Err(StoreError::Conflict("error-candidate-not-eligible"));
    }
    let id = Uuid::now_v7();
    cand::Entity::insert(cand::ActiveModel {
        id: Set(id),
        election_id: Set(e.id),
        organisation_id: Set(organisation),
        statement: Set(statement.to_owned()),
        nominated_by: Set(nominated_by.filter(|n| *n != organisation)),
        status: Set("submitted".to_owned()),
        created_by: Set(actor),
        created_at: Set(t),
    })
    .exec_without_returning(c)
    .await
    .map_err(|err| StoreError::unique_as(err, "error-already-candidate"))?;
    super::changed(c, "election", e.id).await?;
    Ok(id)
}

/// The secretariat accepts or rejects a candidacy (before the vote is set up).
///
/// # Errors
/// `NotFound`; `Conflict("error-candidacies-closed")` once the vote exists.
pub async fn review(
    c: &impl ConnectionTrait,
    e: &Election,
    candidacy: Uuid,
    accept: bool,
    actor: Option<Uuid>,
) -> Result<()> {
    if e.motion.is_some() {
        return Err(StoreError::Conflict("error-candidacies-closed"));
    }
    let res = cand::Entity::update_many()
        .col_expr(
            cand::Column::Status,
            Expr::value(if accept { "accepted" } else { "rejected" }),
        )
        .filter(cand::Column::Id.eq(candidacy))
        .filter(cand::Column::ElectionId.eq(e.id))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    audit::record(
        c,
        actor,
        "governance.candidacy",
        "gov_candidacy",
        &candidacy.to_string(),
        None,
        Some(&serde_json::json!({ "accepted": accept })),
    )
    .await?;
    super::changed(c, "election", e.id).await
}

/// Every candidacy, by name.
///
/// # Errors
/// Database errors.
pub async fn candidacies(c: &impl ConnectionTrait, e: &Election) -> Result<Vec<Candidacy>> {
    let rows = cand::Entity::find()
        .filter(cand::Column::ElectionId.eq(e.id))
        .all(c)
        .await?;
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.organisation_id).collect();
    ids.extend(rows.iter().filter_map(|r| r.nominated_by));
    let orgs = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&ids)).await?;
    let find = |id: Uuid| orgs.iter().find(|o| o.id == id);
    let mut out: Vec<Candidacy> = rows
        .into_iter()
        .filter_map(|r| {
            let o = find(r.organisation_id)?;
            Some(Candidacy {
                id: r.id,
                organisation: o.id,
                slug: o.slug.clone(),
                name: o.name.clone(),
                country: o.country.clone(),
                statement: r.statement,
                nominated_by: r.nominated_by.and_then(|n| find(n).map(|x| x.name.clone())),
                nominated_by_id: r.nominated_by,
                status: r.status,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// After candidacies close: the vote, a motion of the voting body whose options are the
/// accepted candidates (by name) and whose winners take the seats. `input` carries the ballot
/// kind, rules and times; its options are replaced by the candidates.
///
/// # Errors
/// `Conflict("error-candidacies-open")` before candidacies close,
/// `Conflict("error-too-few-candidates")` with fewer than two accepted (or fewer than the
/// seats), `Conflict("error-election-voted")` when the vote exists.
pub async fn put_to_vote(
    c: &impl ConnectionTrait,
    e: &Election,
    mut input: MotionInput,
    actor: Option<Uuid>,
    t: DateTime<Utc>,
) -> Result<Motion> {
    if e.motion.is_some() {
        return Err(StoreError::Conflict("error-election-voted"));
    }
    if t < e.candidacies_close_at {
        return Err(StoreError::Conflict("error-candidacies-open"));
    }
    let accepted: Vec<Candidacy> = candidacies(c, e)
        .await?
        .into_iter()
        .filter(|x| x.status == "accepted")
        .collect();
    let seats = u32::try_from(e.seats).unwrap_or(1);
    let n = u32::try_from(accepted.len()).unwrap_or(0);
    if n < 2 || n < seats {
        return Err(StoreError::Conflict("error-too-few-candidates"));
    }
    if input.rules.kind == KindCode::YesNo {
        return Err(StoreError::invalid("kind", "error-choice-invalid"));
    }
    if seats > 1 && input.rules.kind != KindCode::UpTo {
        return Err(StoreError::invalid("kind", "error-seats-one"));
    }
    input.options = accepted.iter().map(|x| x.name.clone()).collect();
    input.rules.options = n;
    input.rules.seats = seats;
    input.rules.max_choices = if input.rules.kind == KindCode::UpTo {
        seats
    } else {
        1
    };
    let voters = super::body_by_id(c, e.body_id).await?;
    let m = motions::create(
        c,
        &voters,
        &input,
        Some(&Elects {
            body_id: e.elects_body_id,
            role: e.role,
            term_ends_on: e.term_ends_on,
            candidates: accepted.iter().map(|x| x.organisation).collect(),
        }),
        actor,
    )
    .await?;
    let res = election::Entity::update_many()
        .col_expr(election::Column::MotionId, Expr::value(Some(m.id)))
        .filter(election::Column::Id.eq(e.id))
        .filter(election::Column::MotionId.is_null())
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-election-voted"));
    }
    Ok(m)
}
