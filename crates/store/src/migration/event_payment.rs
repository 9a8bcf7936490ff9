//! How to pay a paid registration type: each event says it once, in its own words (bank
//! transfer details, an invoice on request, payment at the venue), translatable like its other
//! texts; it is shown beside paid types and repeated in the confirmation email.

use sea_orm_migration::prelude::*;

pub struct EventPayment;

impl MigrationName for EventPayment {
    fn name(&self) -> &str {
        "m20261207_000012_event_payment_instructions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for EventPayment {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("event")
                .add_column(
                    ColumnDef::new("payment_instructions")
                        .text()
                        .not_null()
                        .default(""),
                )
                .to_owned(),
        )
        .await
    }
}
