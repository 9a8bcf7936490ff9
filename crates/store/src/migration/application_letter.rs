//! The signed letter of application (PDF or image, checked by its bytes): its bytes live in the
//! object store beside library attachments, its name, type and size here. Empty when none.

use sea_orm_migration::prelude::*;

pub struct ApplicationLetter;

impl MigrationName for ApplicationLetter {
    fn name(&self) -> &str {
        "m20261207_000013_application_letter"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ApplicationLetter {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["letter_key", "letter_name", "letter_type"] {
            m.alter_table(
                Table::alter()
                    .table("application")
                    .add_column(ColumnDef::new(col).string().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table("application")
                .add_column(
                    ColumnDef::new("letter_size")
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await
    }
}
