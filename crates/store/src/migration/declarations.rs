//! Declarations: versioned texts (an adopted version is frozen; translations live in the shared
//! `translation` table under the version's id) and institutional signatures, verified by the
//! secretariat before they appear, withdrawn but never deleted. `slot` is `active` for a pending
//! or verified signature and the row's own id otherwise, so the unique key
//! `(declaration, organisation, slot)` allows one active signature per organisation and any
//! number of past ones on both databases.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    blob_null, boolean, date_null, integer, pk_uuid, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

pub struct Declarations;

impl MigrationName for Declarations {
    fn name(&self) -> &str {
        "m20261124_000005_declarations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Declarations {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let keep = ForeignKeyAction::Restrict;
        m.create_table(
            Table::create()
                .table("gov_declaration")
                .col(pk_uuid("id"))
                .col(string("slug"))
                .col(string("lang"))
                .col(text("title"))
                .col(date_null("adopted_on"))
                .col(text("adopted_city"))
                .col(uuid_null("adopted_meeting_id"))
                .col(boolean("fictional_text"))
                .col(integer("current_version"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_declaration_slug_key")
                .table("gov_declaration")
                .col("slug")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_declaration_version")
                .col(pk_uuid("id"))
                .col(uuid("declaration_id"))
                .col(integer("number"))
                .col(string("lang"))
                .col(text("text"))
                .col(boolean("frozen"))
                .col(date_null("adopted_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "gov_declaration_version",
                    "declaration_id",
                    "gov_declaration",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_declaration_version_key")
                .table("gov_declaration_version")
                .col("declaration_id")
                .col("number")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_signature")
                .col(pk_uuid("id"))
                .col(uuid("declaration_id"))
                .col(uuid_null("organisation_id"))
                .col(text("org_name"))
                .col(string("kind"))
                .col(string("country"))
                .col(text("signer_name"))
                .col(text("signer_title"))
                .col(date_null("signed_on"))
                .col(string("status"))
                .col(string("slot"))
                .col(text("source"))
                .col(blob_null("image"))
                .col(string_null("image_type"))
                .col(uuid_null("verified_by"))
                .col(timestamp_with_time_zone_null("verified_at"))
                .col(date_null("withdrawn_on"))
                .col(text("withdrawal_reason"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "gov_signature",
                    "declaration_id",
                    "gov_declaration",
                    keep,
                ))
                .foreign_key(&mut link(
                    "gov_signature",
                    "organisation_id",
                    "organisation",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_signature_active_key")
                .table("gov_signature")
                .col("declaration_id")
                .col("organisation_id")
                .col("slot")
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
