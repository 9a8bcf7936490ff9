//! Membership applications decided by the steering committee's vote: the secretariat puts an
//! open application to a motion of the committee; when the motion closes, the application is
//! approved (adopted) or rejected (rejected, or no quorum), with the motion's reference as the
//! decision's reference — the same record as a decision entered by hand.

use super::Body;
use super::motions::{self, Motion};
use crate::entities::gov_application_motion as link;
use crate::members::applications;
use crate::{Result, StoreError, now};
use chrono::NaiveDate;
use pumasi_domain::governance::motion::{KindCode, MotionInput};
use pumasi_domain::governance::{Tally, YES};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Creates the committee's yes/no motion on an open application.
///
/// # Errors
/// `Conflict("error-application-closed")` for an application already decided,
/// `Conflict("error-application-voted")` when one is already put to a vote.
pub async fn put_to_vote(
    c: &impl ConnectionTrait,
    application: Uuid,
    committee: &Body,
    input: &MotionInput,
    actor: Option<Uuid>,
) -> Result<Motion> {
    let a = applications::get(c, application).await?;
    if !a.state.is_open() {
        return Err(StoreError::Conflict("error-application-closed"));
    }
    if input.rules.kind != KindCode::YesNo {
        return Err(StoreError::invalid("kind", "error-choice-invalid"));
    }
    let m = motions::create(c, committee, input, None, actor).await?;
    link::Entity::insert(link::ActiveModel {
        motion_id: Set(m.id),
        application_id: Set(application),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-application-voted"))?;
    Ok(m)
}

/// The reference of the motion deciding an application, if any.
///
/// # Errors
/// Database errors.
pub async fn motion_of(c: &impl ConnectionTrait, application: Uuid) -> Result<Option<String>> {
    match link::Entity::find()
        .filter(link::Column::ApplicationId.eq(application))
        .one(c)
        .await?
    {
        Some(l) => Ok(Some(motions::by_id(c, l.motion_id).await?.reference)),
        None => Ok(None),
    }
}

/// Called when a motion closes: records the committee's decision on the application it
/// decides. An application decided by hand in the meantime is left as it is.
///
/// # Errors
/// Database errors.
pub async fn settle(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    tally: &Tally,
    day: NaiveDate,
) -> Result<()> {
    let Some(l) = link::Entity::find_by_id(motion_id).one(c).await? else {
        return Ok(());
    };
    let a = applications::get(c, l.application_id).await?;
    if !a.state.is_open() {
        return Ok(());
    }
    let approve = tally.quorum_met && tally.winners.first() == Some(&YES);
    let reference = motions::by_id(c, motion_id).await?.reference;
    match applications::decide(c, a.id, a.version, approve, day, &reference, None).await {
        Ok(()) | Err(StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}
