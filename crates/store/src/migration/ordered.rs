//! Orders that the database assigns, so that nodes with different clocks agree:
//! - `outbox.seq`: on PostgreSQL the writing transaction's id (`pg_current_xact_id()`), on SQLite a
//!   counter (`outbox_clock`) bumped by a trigger under the single writer's lock. A reader follows
//!   the outbox with a cursor on it (see `crate::outbox::Cursor`), never with a wall clock.
//! - `registration.queue`: the place in an event's line, assigned under the event's lock; the
//!   waitlist is promoted in this order and the position a person is told is counted in it.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Ordered;

impl MigrationName for Ordered {
    fn name(&self) -> &str {
        "m20261208_000015_ordered"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Ordered {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        let sqlite = m.get_database_backend() == DbBackend::Sqlite;
        // Messages written before this migration get 0: older than any cursor taken after it
        // (a search index whose position predates it is rebuilt).
        c.execute_unprepared("ALTER TABLE outbox ADD COLUMN seq BIGINT NOT NULL DEFAULT 0")
            .await?;
        if sqlite {
            c.execute_unprepared(
                "CREATE TABLE outbox_clock (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)",
            )
            .await?;
            c.execute_unprepared("INSERT INTO outbox_clock (id, n) VALUES (1, 0)")
                .await?;
            // SQLite has one writer at a time, so the counter's order is the commit order.
            c.execute_unprepared(
                "CREATE TRIGGER outbox_seq AFTER INSERT ON outbox BEGIN \
                 UPDATE outbox_clock SET n = n + 1 WHERE id = 1; \
                 UPDATE outbox SET seq = (SELECT n FROM outbox_clock WHERE id = 1) WHERE rowid = NEW.rowid; \
                 END",
            )
            .await?;
        } else {
            // The id of the transaction that wrote the message: a reader that has seen every
            // message whose transaction id is below its snapshot's xmin has seen all of them.
            c.execute_unprepared(
                "ALTER TABLE outbox ALTER COLUMN seq SET DEFAULT (pg_current_xact_id()::text::bigint)",
            )
            .await?;
        }
        c.execute_unprepared("CREATE INDEX outbox_seq_idx ON outbox (seq)")
            .await?;
        c.execute_unprepared("ALTER TABLE registration ADD COLUMN queue BIGINT NOT NULL DEFAULT 0")
            .await?;
        c.execute_unprepared(
            "UPDATE registration SET queue = r.n FROM (SELECT id, ROW_NUMBER() OVER \
             (PARTITION BY event_id ORDER BY created_at, id) AS n FROM registration) AS r \
             WHERE registration.id = r.id",
        )
        .await?;
        c.execute_unprepared(
            "CREATE INDEX registration_line_idx ON registration (event_id, queue)",
        )
        .await?;
        Ok(())
    }
}
