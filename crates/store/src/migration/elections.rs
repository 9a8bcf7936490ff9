//! Elections: a campaign for candidacies (self or by nomination, with a statement) before the
//! general assembly votes; the vote itself is a motion whose options are the accepted
//! candidates and whose winners take mandates in the elected body.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date_null, integer, pk_uuid, string, text, timestamp_with_time_zone, uuid, uuid_null,
};

pub struct Elections;

impl MigrationName for Elections {
    fn name(&self) -> &str {
        "m20261124_000009_elections"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Elections {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let keep = ForeignKeyAction::Restrict;
        m.create_table(
            Table::create()
                .table("gov_election")
                .col(pk_uuid("id"))
                .col(string("slug"))
                .col(string("lang"))
                .col(text("title"))
                .col(uuid("body_id"))
                .col(uuid("elects_body_id"))
                .col(string("role"))
                .col(integer("seats"))
                .col(date_null("term_ends_on"))
                .col(timestamp_with_time_zone("candidacies_close_at"))
                .col(uuid_null("motion_id"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link("gov_election", "body_id", "gov_body", keep))
                .foreign_key(&mut link(
                    "gov_election",
                    "elects_body_id",
                    "gov_body",
                    keep,
                ))
                .foreign_key(&mut link("gov_election", "motion_id", "gov_motion", keep))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_election_slug_key")
                .table("gov_election")
                .col("slug")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_candidacy")
                .col(pk_uuid("id"))
                .col(uuid("election_id"))
                .col(uuid("organisation_id"))
                .col(text("statement"))
                .col(uuid_null("nominated_by"))
                .col(string("status"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link(
                    "gov_candidacy",
                    "election_id",
                    "gov_election",
                    keep,
                ))
                .foreign_key(&mut link(
                    "gov_candidacy",
                    "organisation_id",
                    "organisation",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_candidacy_key")
                .table("gov_candidacy")
                .col("election_id")
                .col("organisation_id")
                .unique()
                .to_owned(),
        )
        .await
    }
}
