//! Governance, first part: bodies and their mandates (kept forever), motions with their options,
//! the eligible members (the register of who voted), proxies, ballots and each motion's
//! hash-chained log.
//!
//! Secret ballots: `gov_ballot` rows of a secret motion carry no member, no account, no time,
//! and a random (v4) id; on SQLite both `gov_ballot` and `gov_eligible` are `WITHOUT ROWID`
//! tables, stored in the order of their keys (random ids, organisation ids) rather than the
//! order of writing, so neither the rows nor their storage order say who cast which ballot.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, boolean, date, date_null, integer, integer_null, pk_uuid, string, string_null,
    text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

pub struct Governance;

impl MigrationName for Governance {
    fn name(&self) -> &str {
        "m20261124_000004_governance"
    }
}

/// Creates a table; on SQLite as `WITHOUT ROWID`, so rows are kept in key order.
async fn create_keyed(m: &SchemaManager<'_>, t: &TableCreateStatement) -> Result<(), DbErr> {
    if m.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let sql = format!("{} WITHOUT ROWID", t.to_string(SqliteQueryBuilder));
        m.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    } else {
        m.create_table(t.to_owned()).await
    }
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: &str,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name.to_owned()).table(table.to_owned());
    for c in cols {
        i.col((*c).to_owned());
    }
    if unique {
        i.unique();
    }
    m.create_index(i.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Governance {
    #[allow(clippy::too_many_lines)]
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let keep = ForeignKeyAction::Restrict;
        m.create_table(
            Table::create()
                .table("gov_body")
                .col(pk_uuid("id"))
                .col(string("slug"))
                .col(string("kind"))
                .col(string("lang"))
                .col(text("name"))
                .col(text("description"))
                .col(string("weighting"))
                .col(integer_null("max_members"))
                .col(integer_null("max_per_continent"))
                .col(integer("position").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        index(m, "gov_body_slug_key", "gov_body", &["slug"], true).await?;
        m.create_table(
            Table::create()
                .table("gov_mandate")
                .col(pk_uuid("id"))
                .col(uuid("body_id"))
                .col(uuid_null("organisation_id"))
                .col(text("person_name"))
                .col(string("role"))
                .col(string_null("continent"))
                .col(date("starts_on"))
                .col(date_null("ends_on"))
                .col(string("obtained"))
                .col(uuid_null("motion_id"))
                .col(text("note"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link("gov_mandate", "body_id", "gov_body", keep))
                .foreign_key(&mut link(
                    "gov_mandate",
                    "organisation_id",
                    "organisation",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "gov_mandate_body",
            "gov_mandate",
            &["body_id", "starts_on"],
            false,
        )
        .await?;
        index(
            m,
            "gov_mandate_org",
            "gov_mandate",
            &["organisation_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_motion")
                .col(pk_uuid("id"))
                .col(uuid("body_id"))
                .col(string("reference"))
                .col(string("lang"))
                .col(text("title"))
                .col(text("text"))
                .col(string("kind"))
                .col(integer("options"))
                .col(integer("max_choices"))
                .col(integer("seats"))
                .col(string("weighting"))
                .col(string("colleges"))
                .col(integer("quorum_bp"))
                .col(boolean("per_college"))
                .col(string("majority"))
                .col(boolean("secret"))
                .col(boolean("changeable"))
                .col(integer("proxy_limit"))
                .col(string("dues_rule"))
                .col(string("status"))
                .col(timestamp_with_time_zone("opens_at"))
                .col(timestamp_with_time_zone("closes_at"))
                .col(big_integer("ballot_writes").default(0))
                .col(integer("eligible_count").default(0))
                .col(text_null("result"))
                .col(string_null("ballots_digest"))
                .col(big_integer("log_seq").default(0))
                .col(string("log_head"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(uuid_null("elects_body_id"))
                .col(string_null("mandate_role"))
                .col(date_null("term_ends_on"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer("version").default(1))
                .foreign_key(&mut link("gov_motion", "body_id", "gov_body", keep))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "gov_motion_reference_key",
            "gov_motion",
            &["reference"],
            true,
        )
        .await?;
        index(
            m,
            "gov_motion_body",
            "gov_motion",
            &["body_id", "opens_at"],
            false,
        )
        .await?;
        index(
            m,
            "gov_motion_status",
            "gov_motion",
            &["status", "closes_at"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_motion_option")
                .col(uuid("motion_id"))
                .col(integer("position"))
                .col(text("label"))
                .col(uuid_null("organisation_id"))
                .primary_key(Index::create().col("motion_id").col("position"))
                .foreign_key(&mut link(
                    "gov_motion_option",
                    "motion_id",
                    "gov_motion",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        create_keyed(
            m,
            &Table::create()
                .table("gov_eligible")
                .col(uuid("motion_id"))
                .col(uuid("organisation_id"))
                .col(integer_null("college"))
                .col(boolean("voted").default(false))
                .primary_key(Index::create().col("motion_id").col("organisation_id"))
                .foreign_key(&mut link("gov_eligible", "motion_id", "gov_motion", keep))
                .foreign_key(&mut link(
                    "gov_eligible",
                    "organisation_id",
                    "organisation",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_proxy")
                .col(uuid("motion_id"))
                .col(uuid("from_org"))
                .col(uuid("to_org"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("motion_id").col("from_org"))
                .foreign_key(&mut link("gov_proxy", "motion_id", "gov_motion", keep))
                .foreign_key(&mut link("gov_proxy", "from_org", "organisation", keep))
                .foreign_key(&mut link("gov_proxy", "to_org", "organisation", keep))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "gov_proxy_holder",
            "gov_proxy",
            &["motion_id", "to_org"],
            false,
        )
        .await?;
        create_keyed(
            m,
            &Table::create()
                .table("gov_ballot")
                .col(pk_uuid("id"))
                .col(uuid("motion_id"))
                .col(uuid_null("member_id"))
                .col(integer_null("college"))
                .col(string("choices"))
                .col(string("receipt_hash"))
                .col(uuid_null("cast_by"))
                .col(timestamp_with_time_zone_null("cast_at"))
                .col(boolean("via_proxy").default(false))
                .foreign_key(&mut link("gov_ballot", "motion_id", "gov_motion", keep))
                .to_owned(),
        )
        .await?;
        // One ballot per member (open ballots; a secret ballot has no member and is guarded by
        // the register in `gov_eligible`).
        index(
            m,
            "gov_ballot_member_key",
            "gov_ballot",
            &["motion_id", "member_id"],
            true,
        )
        .await?;
        index(
            m,
            "gov_ballot_receipt_key",
            "gov_ballot",
            &["motion_id", "receipt_hash"],
            true,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_motion_log")
                .col(uuid("motion_id"))
                .col(big_integer("seq"))
                .col(timestamp_with_time_zone("at"))
                .col(string("kind"))
                .col(text("payload"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .primary_key(Index::create().col("motion_id").col("seq"))
                .foreign_key(&mut link("gov_motion_log", "motion_id", "gov_motion", keep))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
