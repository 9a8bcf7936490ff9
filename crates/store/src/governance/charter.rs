//! The charter: versions, each a full set of articles. An amendment (one article added, changed
//! or removed) is voted as a general-assembly motion; when that motion closes adopted, the
//! amendment is applied to the then current version and makes the next one, linked to the
//! motion. A rejected amendment is kept, marked rejected.

use super::Body;
use super::motions::{self, Motion};
use crate::entities::{
    gov_amendment as amendment, gov_charter_article as article, gov_charter_version as version,
};
use crate::{Result, StoreError, audit, now};
use chrono::NaiveDate;
use pumasi_domain::governance::Tally;
use pumasi_domain::governance::charter::AmendmentInput;
use pumasi_domain::governance::motion::{KindCode, MotionInput};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub number: i32,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub id: Uuid,
    pub number: i32,
    pub adopted_on: Option<NaiveDate>,
    /// The motion that adopted it (amendments).
    pub motion: Option<Uuid>,
    pub note: String,
}

fn version_of(v: version::Model) -> Version {
    Version {
        id: v.id,
        number: v.number,
        adopted_on: v.adopted_on,
        motion: v.motion_id,
        note: v.note,
    }
}

/// Every version, oldest first.
///
/// # Errors
/// Database errors.
pub async fn versions(c: &impl ConnectionTrait) -> Result<Vec<Version>> {
    Ok(version::Entity::find()
        .order_by_asc(version::Column::Number)
        .all(c)
        .await?
        .into_iter()
        .map(version_of)
        .collect())
}

/// A version with its articles in order.
///
/// # Errors
/// `NotFound`.
pub async fn version(c: &impl ConnectionTrait, number: i32) -> Result<(Version, Vec<Article>)> {
    let v = version::Entity::find()
        .filter(version::Column::Number.eq(number))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let articles = article::Entity::find()
        .filter(article::Column::VersionId.eq(v.id))
        .order_by_asc(article::Column::Number)
        .all(c)
        .await?
        .into_iter()
        .map(|a| Article {
            number: a.number,
            title: a.title,
            text: a.text,
        })
        .collect();
    Ok((version_of(v), articles))
}

/// The current version (the newest), if the charter has been set up.
///
/// # Errors
/// Database errors.
pub async fn current(c: &impl ConnectionTrait) -> Result<Option<(Version, Vec<Article>)>> {
    match versions(c).await?.last() {
        Some(v) => Ok(Some(version(c, v.number).await?)),
        None => Ok(None),
    }
}

async fn write_version(
    c: &impl ConnectionTrait,
    number: i32,
    adopted_on: Option<NaiveDate>,
    motion: Option<Uuid>,
    note: &str,
    articles: &[Article],
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    version::Entity::insert(version::ActiveModel {
        id: Set(id),
        number: Set(number),
        adopted_on: Set(adopted_on),
        motion_id: Set(motion),
        note: Set(note.to_owned()),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-conflict"))?;
    for a in articles {
        article::Entity::insert(article::ActiveModel {
            version_id: Set(id),
            number: Set(a.number),
            title: Set(a.title.clone()),
            text: Set(a.text.clone()),
        })
        .exec_without_returning(c)
        .await?;
    }
    super::changed(c, "charter", id).await?;
    Ok(id)
}

/// Records the charter as first adopted (version 1).
///
/// # Errors
/// `Conflict("error-charter-exists")` when there is already a version.
pub async fn set_up(
    c: &impl ConnectionTrait,
    articles: &[Article],
    adopted_on: Option<NaiveDate>,
    note: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    if !versions(c).await?.is_empty() {
        return Err(StoreError::Conflict("error-charter-exists"));
    }
    let id = write_version(c, 1, adopted_on, None, note, articles).await?;
    audit::record(
        c,
        actor,
        "governance.charter",
        "gov_charter_version",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "articles": articles.len() })),
    )
    .await
}

#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    pub id: Uuid,
    pub motion: Uuid,
    pub reference: String,
    pub base_version: i32,
    pub article: i32,
    pub title: String,
    pub text: String,
    pub rationale: String,
    /// proposed, applied or rejected.
    pub status: String,
    pub applied_version: i32,
}

/// Proposes an amendment: creates the general assembly's motion (a yes/no vote with the rules
/// in `motion`) and records the change it would make to the current version.
///
/// # Errors
/// `Conflict("error-charter-missing")` before the charter is set up; `Invalid("article")` to
/// remove an article that does not exist; `Invalid("kind")` for a motion that is not yes/no.
pub async fn propose(
    c: &impl ConnectionTrait,
    assembly: &Body,
    change: &AmendmentInput,
    motion: &MotionInput,
    actor: Option<Uuid>,
) -> Result<Motion> {
    let Some((cur, articles)) = current(c).await? else {
        return Err(StoreError::Conflict("error-charter-missing"));
    };
    if change.text.trim().is_empty() && !articles.iter().any(|a| a.number == change.article) {
        return Err(StoreError::invalid("article", "error-choice-invalid"));
    }
    if motion.rules.kind != KindCode::YesNo {
        return Err(StoreError::invalid("kind", "error-choice-invalid"));
    }
    let m = motions::create(c, assembly, motion, None, actor).await?;
    amendment::Entity::insert(amendment::ActiveModel {
        id: Set(Uuid::now_v7()),
        motion_id: Set(m.id),
        base_version: Set(cur.number),
        article: Set(change.article),
        title: Set(change.title.clone()),
        text: Set(change.text.clone()),
        rationale: Set(change.rationale.clone()),
        status: Set("proposed".to_owned()),
        applied_version: Set(0),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await?;
    Ok(m)
}

/// Every amendment, newest first.
///
/// # Errors
/// Database errors.
pub async fn amendments(c: &impl ConnectionTrait) -> Result<Vec<Amendment>> {
    let rows = amendment::Entity::find()
        .order_by_desc(amendment::Column::CreatedAt)
        .all(c)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let reference = motions::by_id(c, a.motion_id).await?.reference;
        out.push(Amendment {
            id: a.id,
            motion: a.motion_id,
            reference,
            base_version: a.base_version,
            article: a.article,
            title: a.title,
            text: a.text,
            rationale: a.rationale,
            status: a.status,
            applied_version: a.applied_version,
        });
    }
    Ok(out)
}

/// Called when a motion closes: an amendment voted by it is applied (adopted) or marked
/// rejected. Returns the new version's number when one was made.
///
/// # Errors
/// Database errors.
pub async fn settle(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    tally: &Tally,
    day: NaiveDate,
) -> Result<Option<i32>> {
    let Some(a) = amendment::Entity::find()
        .filter(amendment::Column::MotionId.eq(motion_id))
        .filter(amendment::Column::Status.eq("proposed"))
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let adopted =
        tally.quorum_met && tally.winners.first() == Some(&pumasi_domain::governance::YES);
    if !adopted {
        amendment::Entity::update_many()
            .col_expr(amendment::Column::Status, Expr::value("rejected"))
            .filter(amendment::Column::Id.eq(a.id))
            .exec(c)
            .await?;
        return Ok(None);
    }
    let Some((cur, mut articles)) = current(c).await? else {
        return Ok(None);
    };
    articles.retain(|x| x.number != a.article);
    if !a.text.trim().is_empty() {
        articles.push(Article {
            number: a.article,
            title: a.title.clone(),
            text: a.text.clone(),
        });
        articles.sort_by_key(|x| x.number);
    }
    let number = cur.number + 1;
    let reference = motions::by_id(c, motion_id).await?.reference;
    let next = write_version(
        c,
        number,
        Some(day),
        Some(motion_id),
        &format!("Amendment of article {} ({reference})", a.article),
        &articles,
    )
    .await?;
    let numbers: Vec<i32> = articles.iter().map(|x| x.number).collect();
    super::translations::carry_articles(c, cur.id, next, &numbers, a.article).await?;
    amendment::Entity::update_many()
        .col_expr(amendment::Column::Status, Expr::value("applied"))
        .col_expr(amendment::Column::AppliedVersion, Expr::value(number))
        .filter(amendment::Column::Id.eq(a.id))
        .exec(c)
        .await?;
    Ok(Some(number))
}
