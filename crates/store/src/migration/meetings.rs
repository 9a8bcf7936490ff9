//! Meetings of bodies: agenda items (with their rapporteur, a library document and the motion
//! they put to the vote), attendance with represented members, minutes approved at a later
//! meeting, and the register of decisions numbered per year.

use super::library::link;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, pk_uuid, string, text, timestamp_with_time_zone, timestamp_with_time_zone_null,
    uuid, uuid_null,
};

pub struct Meetings;

impl MigrationName for Meetings {
    fn name(&self) -> &str {
        "m20261124_000006_meetings"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Meetings {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let keep = ForeignKeyAction::Restrict;
        m.create_table(
            Table::create()
                .table("gov_meeting")
                .col(pk_uuid("id"))
                .col(uuid("body_id"))
                .col(string("slug"))
                .col(string("lang"))
                .col(text("title"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(string("time_zone"))
                .col(text("place"))
                .col(text("online_url"))
                .col(integer("quorum_bp"))
                .col(text("minutes"))
                .col(string("minutes_status"))
                .col(uuid_null("minutes_approved_in"))
                .col(timestamp_with_time_zone_null("invited_at"))
                .col(integer("version").default(1))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link("gov_meeting", "body_id", "gov_body", keep))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_meeting_slug_key")
                .table("gov_meeting")
                .col("slug")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_agenda_item")
                .col(pk_uuid("id"))
                .col(uuid("meeting_id"))
                .col(integer("position"))
                .col(text("title"))
                .col(text("description"))
                .col(text("rapporteur"))
                .col(uuid_null("document_id"))
                .col(uuid_null("motion_id"))
                .foreign_key(&mut link(
                    "gov_agenda_item",
                    "meeting_id",
                    "gov_meeting",
                    keep,
                ))
                .foreign_key(&mut link(
                    "gov_agenda_item",
                    "document_id",
                    "library_item",
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut link(
                    "gov_agenda_item",
                    "motion_id",
                    "gov_motion",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_attendance")
                .col(uuid("meeting_id"))
                .col(uuid("organisation_id"))
                .col(string("status"))
                .col(uuid_null("represented_by"))
                .col(timestamp_with_time_zone("recorded_at"))
                .primary_key(Index::create().col("meeting_id").col("organisation_id"))
                .foreign_key(&mut link(
                    "gov_attendance",
                    "meeting_id",
                    "gov_meeting",
                    keep,
                ))
                .foreign_key(&mut link(
                    "gov_attendance",
                    "organisation_id",
                    "organisation",
                    keep,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gov_decision")
                .col(pk_uuid("id"))
                .col(integer("year"))
                .col(integer("seq"))
                .col(string("number"))
                .col(uuid("body_id"))
                .col(uuid_null("meeting_id"))
                .col(uuid_null("agenda_item_id"))
                .col(uuid_null("motion_id"))
                .col(text("title"))
                .col(text("text"))
                .col(date("decided_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut link("gov_decision", "body_id", "gov_body", keep))
                .foreign_key(&mut link("gov_decision", "meeting_id", "gov_meeting", keep))
                .foreign_key(&mut link("gov_decision", "motion_id", "gov_motion", keep))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gov_decision_number_key")
                .table("gov_decision")
                .col("year")
                .col("seq")
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
