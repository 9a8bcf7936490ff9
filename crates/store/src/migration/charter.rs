//! The charter: each version is a full set of articles; an amendment is voted as a motion and,
//! once adopted, applied to the then current version to make the next one.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date_null, integer, pk_uuid, string, text, timestamp_with_time_zone, uuid, uuid_null,
};

pub struct Charter;

impl MigrationName for Charter {
    fn name(&self) -> &str {
        "m20261124_000007_charter"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Charter {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let keep = ForeignKeyAction::Restrict;
        m.create_table(
            Table::create()
                .table("gov_charter_version")
                .col(pk_uuid("id"))
                .col(integer("number"))
                .col(date_null("adopted_on"))
                .col(uuid_null("motion_id"))
                .col(text("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "gov_charter_version",
                    "motion_id",
                    "gov_motion",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_charter_version_number_key")
                .table("gov_charter_version")
                .col("number")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_charter_article")
                .col(uuid("version_id"))
                .col(integer("number"))
                .col(text("title"))
                .col(text("text"))
                .primary_key(Index::create().col("version_id").col("number"))
                .foreign_key(&mut link(
                    "gov_charter_article",
                    "version_id",
                    "gov_charter_version",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_amendment")
                .col(pk_uuid("id"))
                .col(uuid("motion_id"))
                .col(integer("base_version"))
                .col(integer("article"))
                .col(text("title"))
                .col(text("text"))
                .col(text("rationale"))
                .col(string("status"))
                .col(integer("applied_version").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link("gov_amendment", "motion_id", "gov_motion", keep))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_amendment_motion_key")
                .table("gov_amendment")
                .col("motion_id")
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
