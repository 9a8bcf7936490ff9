//! A table that stays empty: `/healthz` writes a row the size of a few pages into it and deletes
//! it in one transaction, so a node whose disk is full or whose database is read-only is reported
//! as unable to write before a person's write fails.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{blob, string};

pub struct WriteProbe;

impl MigrationName for WriteProbe {
    fn name(&self) -> &str {
        "m20261207_000014_write_probe"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for WriteProbe {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("write_probe")
                .if_not_exists()
                .col(string("id").primary_key())
                .col(blob("payload"))
                .to_owned(),
        )
        .await
    }
}
