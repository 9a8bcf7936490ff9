//! A person's own time zone: times are shown in it once set; empty means the hub's zone.

use sea_orm_migration::prelude::*;

pub struct AccountZone;

impl MigrationName for AccountZone {
    fn name(&self) -> &str {
        "m20261207_000011_account_time_zone"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AccountZone {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("account")
                .add_column(ColumnDef::new("time_zone").string().not_null().default(""))
                .to_owned(),
        )
        .await
    }
}
