//! Old web addresses: when a record's slug changes, the old one keeps answering with a
//! permanent redirect to the current one (pages and API alike).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, timestamp_with_time_zone, uuid};

pub struct Slugs;

impl MigrationName for Slugs {
    fn name(&self) -> &str {
        "m20261207_000010_slug_redirects"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Slugs {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("slug_redirect")
                .col(string("kind"))
                .col(string("old_slug"))
                .col(uuid("target_id"))
                .col(string("new_slug"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("kind").col("old_slug"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("slug_redirect_target")
                .table("slug_redirect")
                .col("kind")
                .col("target_id")
                .to_owned(),
        )
        .await
    }
}
