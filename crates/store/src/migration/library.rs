//! The knowledge library: items with their authors, themes, SDGs, related organisations,
//! events and sessions, attachments (bytes in the object store, metadata here) and translation
//! assignments. Item texts are translated in the shared `translation` table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, boolean, date_null, integer, pk_uuid, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

pub struct Library;

impl MigrationName for Library {
    fn name(&self) -> &str {
        "m20261124_000003_library"
    }
}

pub(super) fn link(
    table: &str,
    col: &str,
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table.to_owned(), col.to_owned())
        .to(to.to_owned(), "id")
        .on_delete(on_delete)
        .to_owned()
}

/// A join table `(item_id, <col>)` with both columns as the key.
fn join_table(table: &str, col: ColumnDef, fk_to: Option<(&str, &str)>) -> TableCreateStatement {
    let name = col.get_column_name();
    let mut t = Table::create();
    t.table(table.to_owned())
        .col(uuid("item_id"))
        .col(col)
        .primary_key(Index::create().col("item_id").col(name.clone()))
        .foreign_key(&mut link(
            table,
            "item_id",
            "library_item",
            ForeignKeyAction::Cascade,
        ));
    if let Some((c, to)) = fk_to {
        t.foreign_key(&mut link(table, c, to, ForeignKeyAction::Cascade));
    }
    t.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Library {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("library_item")
                .col(pk_uuid("id"))
                .col(string("slug"))
                .col(string("kind"))
                .col(string("status"))
                .col(string("lang"))
                .col(text("title"))
                .col(text("summary"))
                .col(text("body"))
                .col(text("publisher"))
                .col(date_null("published_on"))
                .col(integer("date_precision").default(0))
                .col(string("languages"))
                .col(string_null("country"))
                .col(string("licence"))
                .col(string_null("url"))
                .col(uuid_null("owner_id"))
                .col(boolean("fictional"))
                .col(boolean("reviewed"))
                .col(uuid_null("created_by"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .foreign_key(&mut link(
                    "library_item",
                    "owner_id",
                    "organisation",
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut link(
                    "library_item",
                    "created_by",
                    "account",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("library_item_slug_key")
                .table("library_item")
                .col("slug")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("library_item_status_date")
                .table("library_item")
                .col("status")
                .col("published_on")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("library_item_owner")
                .table("library_item")
                .col("owner_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("library_author")
                .col(uuid("item_id"))
                .col(integer("position"))
                .col(text("name"))
                .col(uuid_null("organisation_id"))
                .primary_key(Index::create().col("item_id").col("position"))
                .foreign_key(&mut link(
                    "library_author",
                    "item_id",
                    "library_item",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut link(
                    "library_author",
                    "organisation_id",
                    "organisation",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(join_table("library_theme", string("theme"), None))
            .await?;
        m.create_table(join_table("library_sdg", integer("sdg"), None))
            .await?;
        m.create_table(join_table(
            "library_organisation",
            uuid("organisation_id"),
            Some(("organisation_id", "organisation")),
        ))
        .await?;
        m.create_table(join_table(
            "library_event",
            uuid("event_id"),
            Some(("event_id", "event")),
        ))
        .await?;
        m.create_table(join_table(
            "library_session",
            uuid("session_id"),
            Some(("session_id", "programme_session")),
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("library_attachment")
                .col(pk_uuid("id"))
                .col(uuid("item_id"))
                .col(string("filename"))
                .col(string("content_type"))
                .col(big_integer("size"))
                .col(string("sha256"))
                .col(string("object_key"))
                .col(big_integer("downloads").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "library_attachment",
                    "item_id",
                    "library_item",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("library_attachment_item")
                .table("library_attachment")
                .col("item_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("library_translation_task")
                .col(uuid("item_id"))
                .col(string("locale"))
                .col(uuid("assignee_id"))
                .col(timestamp_with_time_zone("assigned_at"))
                .primary_key(Index::create().col("item_id").col("locale"))
                .foreign_key(&mut link(
                    "library_translation_task",
                    "item_id",
                    "library_item",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut link(
                    "library_translation_task",
                    "assignee_id",
                    "account",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
