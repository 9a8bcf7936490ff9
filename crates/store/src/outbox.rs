//! The outbox: every write that others must see (email, search, caches, federation) appends a
//! message here in the same transaction, and workers deliver it with retries. A message is
//! claimed by moving its `next_attempt_at` forward with a compare-and-set, so several nodes can
//! run workers without delivering the same message twice at once.

use crate::entities::outbox;
use crate::{Result, now};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Message {
    pub id: Uuid,
    pub topic: String,
    pub payload: serde_json::Value,
    pub attempts: i32,
}

/// Appends a message; call it inside the transaction that makes the change.
///
/// # Errors
/// Database errors.
pub async fn push(
    c: &impl ConnectionTrait,
    topic: &str,
    payload: &serde_json::Value,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let t = now();
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(id),
        topic: Set(topic.to_owned()),
        payload: Set(payload.to_string()),
        created_at: Set(t),
        attempts: Set(0),
        next_attempt_at: Set(t),
        done_at: Set(None),
        last_error: Set(None),
    })
    .exec_without_returning(c)
    .await?;
    Ok(id)
}

/// Appends one message per payload in one statement (a batch of registrations, say).
///
/// # Errors
/// Database errors.
pub async fn push_many(
    c: &impl ConnectionTrait,
    topic: &str,
    payloads: &[serde_json::Value],
) -> Result<()> {
    let t = now();
    for chunk in payloads.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|p| outbox::ActiveModel {
                id: Set(Uuid::now_v7()),
                topic: Set(topic.to_owned()),
                payload: Set(p.to_string()),
                created_at: Set(t),
                attempts: Set(0),
                next_attempt_at: Set(t),
                done_at: Set(None),
                last_error: Set(None),
            })
            .collect();
        outbox::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// Claims up to `limit` due messages of `topic` for `lease`; a crashed worker's claims expire.
///
/// # Errors
/// Database errors.
pub async fn claim(
    c: &impl ConnectionTrait,
    topic: &str,
    limit: u64,
    lease: Duration,
) -> Result<Vec<Message>> {
    let t = now();
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Topic.eq(topic))
        .filter(outbox::Column::DoneAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(t))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .all(c)
        .await?;
    let mut claimed = Vec::new();
    for row in rows {
        let res = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::NextAttemptAt,
                sea_orm::sea_query::Expr::value(t + lease),
            )
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::NextAttemptAt.eq(row.next_attempt_at))
            .exec(c)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(Message {
                id: row.id,
                topic: row.topic,
                payload: serde_json::from_str(&row.payload).unwrap_or(serde_json::Value::Null),
                attempts: row.attempts,
            });
        }
    }
    Ok(claimed)
}

/// # Errors
/// Database errors.
pub async fn done(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::DoneAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Records a failed attempt and schedules the next with exponential back-off: 15 s, 30 s,
/// 1 min … at most 6 h, so a passing hiccup delays an email by seconds, a dead server by hours.
///
/// # Errors
/// Database errors.
pub async fn failed(c: &impl ConnectionTrait, msg: &Message, error: &str) -> Result<()> {
    let attempts = msg.attempts + 1;
    let seconds = 15i64 << (attempts - 1).clamp(0, 20);
    let next: DateTime<Utc> = now() + Duration::seconds(seconds.min(6 * 3600));
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Attempts,
            sea_orm::sea_query::Expr::value(attempts),
        )
        .col_expr(
            outbox::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(next),
        )
        .col_expr(
            outbox::Column::LastError,
            sea_orm::sea_query::Expr::value(Some(error.chars().take(2000).collect::<String>())),
        )
        .filter(outbox::Column::Id.eq(msg.id))
        .exec(c)
        .await?;
    Ok(())
}

/// Messages of a topic not yet delivered (for tests, metrics and the admin page).
///
/// # Errors
/// Database errors.
pub async fn pending(c: &impl ConnectionTrait, topic: &str) -> Result<Vec<Message>> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Topic.eq(topic))
        .filter(outbox::Column::DoneAt.is_null())
        .order_by_asc(outbox::Column::CreatedAt)
        .all(c)
        .await?
        .into_iter()
        .map(|r| Message {
            id: r.id,
            topic: r.topic,
            payload: serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
            attempts: r.attempts,
        })
        .collect())
}

/// When the newest message whose topic starts with `prefix` was written. Every node polls this
/// to notice changes made by any node (e.g. to clear its page cache) without consuming them.
///
/// # Errors
/// Database errors.
pub async fn latest(c: &impl ConnectionTrait, prefix: &str) -> Result<Option<DateTime<Utc>>> {
    use sea_orm::sea_query::ExprTrait;
    let newest: Option<Option<DateTime<Utc>>> = outbox::Entity::find()
        .filter(outbox::Column::Topic.starts_with(prefix))
        .select_only()
        .column_as(
            sea_orm::sea_query::Expr::col(outbox::Column::CreatedAt).max(),
            "newest",
        )
        .into_tuple()
        .one(c)
        .await?;
    Ok(newest.flatten())
}

/// Deletes delivered messages older than `keep`, and notifications (topics nobody claims:
/// `organisation.*`, `event.changed`, `library.*`, read by page caches and search indexes)
/// older than `keep` too. A search index whose position is older than `keep` rebuilds itself.
///
/// # Errors
/// Database errors.
pub async fn purge(c: &impl ConnectionTrait, keep: Duration) -> Result<u64> {
    let before = now() - keep;
    let res = outbox::Entity::delete_many()
        .filter(outbox::Column::CreatedAt.lt(before))
        .filter(
            sea_orm::Condition::any()
                .add(outbox::Column::DoneAt.is_not_null())
                .add(outbox::Column::Topic.starts_with("organisation."))
                .add(outbox::Column::Topic.starts_with("library."))
                .add(outbox::Column::Topic.eq("event.changed")),
        )
        .exec(c)
        .await?;
    Ok(res.rows_affected)
}
