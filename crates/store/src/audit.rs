//! The audit log: who did what, when, with the record before and after. Written in the same
//! transaction as the change it describes; never updated or deleted.

use crate::entities::audit_log;
use crate::{Result, now};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};
use uuid::Uuid;

/// # Errors
/// Database errors.
pub async fn record(
    c: &impl ConnectionTrait,
    actor: Option<Uuid>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now()),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id.to_owned()),
        before: Set(before.map(ToString::to_string)),
        after: Set(after.map(ToString::to_string)),
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// The newest entries first.
///
/// # Errors
/// Database errors.
pub async fn recent(c: &impl ConnectionTrait, limit: u64) -> Result<Vec<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(c)
        .await?)
}
