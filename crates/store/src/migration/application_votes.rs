//! Membership applications decided by a steering-committee motion: the link between the two.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{timestamp_with_time_zone, uuid};

pub struct ApplicationVotes;

impl MigrationName for ApplicationVotes {
    fn name(&self) -> &str {
        "m20261124_000008_application_votes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ApplicationVotes {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("gov_application_motion")
                .col(uuid("motion_id").primary_key())
                .col(uuid("application_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "gov_application_motion",
                    "motion_id",
                    "gov_motion",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut link(
                    "gov_application_motion",
                    "application_id",
                    "application",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_application_motion_application_key")
                .table("gov_application_motion")
                .col("application_id")
                .unique()
                .to_owned(),
        )
        .await
    }
}
