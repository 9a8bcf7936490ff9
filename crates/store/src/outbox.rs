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
        seq: sea_orm::ActiveValue::NotSet,
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
                seq: sea_orm::ActiveValue::NotSet,
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

/// A reader's place in the outbox, in the order the database assigns (`seq`), never a clock.
///
/// On PostgreSQL `seq` is the writing transaction's id, and transactions commit out of that
/// order; on SQLite it is a counter under the single writer's lock. Every read first takes a
/// horizon — on PostgreSQL the oldest transaction still running (`pg_snapshot_xmin`), on SQLite
/// the next counter value — then reads the messages at or above the previous horizon and skips
/// those already read. A message below a horizon was committed (or rolled back) before that
/// horizon was taken, so it was seen; a message at or above it may still appear, and is read
/// again until the horizon passes it. Every node keeps its own cursor; nobody consumes anything.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Cursor {
    /// Messages at or above this order may still appear.
    pub from: i64,
    /// Messages at or above `from` already read, with their order.
    pub read: Vec<(Uuid, i64)>,
    /// The newest message read (or the newest there was when the cursor started): it must exist
    /// with this order in the database the cursor follows (see [`follows`]).
    pub anchor: Option<(Uuid, i64)>,
}

/// A message as a cursor reads it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub id: Uuid,
    pub topic: String,
    pub payload: serde_json::Value,
}

/// The order below which no message can still appear.
async fn horizon(c: &impl ConnectionTrait) -> Result<i64> {
    use sea_orm::{DbBackend, Statement};
    let backend = c.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS h"
    } else {
        "SELECT n + 1 AS h FROM outbox_clock WHERE id = 1"
    };
    let row = c
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or(crate::StoreError::NotFound)?;
    Ok(row.try_get::<i64>("", "h")?)
}

/// A cursor that will read only messages written from now on; its anchor is the newest message
/// already there.
///
/// # Errors
/// Database errors.
pub async fn start(c: &impl ConnectionTrait) -> Result<Cursor> {
    let from = horizon(c).await?;
    let newest = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .column(outbox::Column::Seq)
        .order_by_desc(outbox::Column::Seq)
        .order_by_desc(outbox::Column::Id)
        .into_tuple::<(Uuid, i64)>()
        .one(c)
        .await?;
    Ok(Cursor {
        from,
        read: Vec::new(),
        anchor: newest,
    })
}

/// Whether `cursor` was taken on this database and its history: its anchor message is still
/// here with the same order. A database restored from an older copy, or another hub's, lacks it.
///
/// # Errors
/// Database errors.
pub async fn follows(c: &impl ConnectionTrait, cursor: &Cursor) -> Result<bool> {
    let Some((id, seq)) = cursor.anchor else {
        return Ok(false);
    };
    let found: Option<i64> = outbox::Entity::find_by_id(id)
        .select_only()
        .column(outbox::Column::Seq)
        .into_tuple()
        .one(c)
        .await?;
    Ok(found == Some(seq))
}

/// The messages whose topic starts with one of `prefixes`, written since `cursor` last read,
/// each once; moves the cursor on.
///
/// # Errors
/// Database errors.
pub async fn read_new(
    c: &impl ConnectionTrait,
    cursor: &mut Cursor,
    prefixes: &[&str],
) -> Result<Vec<Seen>> {
    let next = horizon(c).await?;
    let mut topics = sea_orm::Condition::any();
    for p in prefixes {
        topics = topics.add(outbox::Column::Topic.starts_with(*p));
    }
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Seq.gte(cursor.from))
        .filter(topics)
        .order_by_asc(outbox::Column::Seq)
        .order_by_asc(outbox::Column::Id)
        .all(c)
        .await?;
    let read: std::collections::HashSet<Uuid> = cursor.read.iter().map(|(id, _)| *id).collect();
    let mut out = Vec::new();
    for m in rows {
        if read.contains(&m.id) {
            continue;
        }
        if cursor.anchor.is_none_or(|(_, s)| m.seq >= s) {
            cursor.anchor = Some((m.id, m.seq));
        }
        cursor.read.push((m.id, m.seq));
        out.push(Seen {
            id: m.id,
            topic: m.topic,
            payload: serde_json::from_str(&m.payload).unwrap_or(serde_json::Value::Null),
        });
    }
    // Only messages at or above the new horizon can be read again.
    cursor.from = cursor.from.max(next);
    let from = cursor.from;
    cursor.read.retain(|(_, s)| *s >= from);
    Ok(out)
}

/// Deletes delivered messages older than `keep`, and notifications (topics nobody claims:
/// `organisation.*`, `event.changed`, `library.*`, `governance.*`, `settings.*`, read by page
/// caches, identities and search indexes)
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
                .add(outbox::Column::Topic.starts_with("governance."))
                .add(outbox::Column::Topic.starts_with("settings."))
                .add(outbox::Column::Topic.eq("event.changed")),
        )
        .exec(c)
        .await?;
    Ok(res.rows_affected)
}
