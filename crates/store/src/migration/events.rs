//! Forums and events: editions and other events, their translations, hosts and roles, the
//! programme (tracks, rooms, sessions, speakers), registration (types, questions, invitation
//! codes, registrations, session bookings) and the call for proposals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, blob, boolean, date, double_null, integer, integer_null, pk_uuid, string,
    string_null, text, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

pub struct Events;

impl MigrationName for Events {
    fn name(&self) -> &str {
        "m20261124_000002_events"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Events {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("event")
                .col(pk_uuid("id"))
                .col(string("slug"))
                .col(string("kind"))
                .col(integer_null("edition_year"))
                .col(string("status"))
                .col(string("mode"))
                .col(string("lang"))
                .col(string("title"))
                .col(text("theme"))
                .col(text("description"))
                .col(text("outcomes"))
                .col(string("host_city"))
                .col(string_null("country"))
                .col(double_null("latitude"))
                .col(double_null("longitude"))
                .col(string("time_zone"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(string("venue"))
                .col(string_null("online_url"))
                .col(integer_null("capacity"))
                .col(boolean("waitlist"))
                .col(integer_null("participants"))
                .col(boolean("fictional"))
                .col(integer("confirmed_count").default(0))
                .col(integer("sequence").default(0))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_slug_key")
                .table("event")
                .col("slug")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_starts_idx")
                .table("event")
                .col("starts_on")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("translation")
                .col(uuid("owner_id"))
                .col(string("field"))
                .col(string("locale"))
                .col(text("body"))
                .col(string("status"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("owner_id").col("field").col("locale"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("event_host")
                .col(uuid("event_id"))
                .col(uuid("organisation_id"))
                .col(integer("position"))
                .primary_key(Index::create().col("event_id").col("organisation_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("event_host", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("event_host", "organisation_id")
                        .to("organisation", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("event_role")
                .col(uuid("event_id"))
                .col(uuid("account_id"))
                .col(string("role"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(
                    Index::create()
                        .col("event_id")
                        .col("account_id")
                        .col("role"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("event_role", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("event_role", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_role_account_idx")
                .table("event_role")
                .col("account_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("track")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(string("name"))
                .col(integer("position"))
                .foreign_key(
                    ForeignKey::create()
                        .from("track", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("track_code_key")
                .table("track")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("room")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(string("name"))
                .col(integer_null("capacity"))
                .col(integer("position"))
                .foreign_key(
                    ForeignKey::create()
                        .from("room", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("room_code_key")
                .table("room")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("programme_session")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(uuid_null("track_id"))
                .col(uuid_null("room_id"))
                .col(string("lang"))
                .col(string("title"))
                .col(text("description"))
                .col(string("format"))
                .col(string("languages"))
                .col(string("interpretation"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(integer_null("capacity"))
                .col(integer("booked_count").default(0))
                .col(integer("sequence").default(0))
                .col(integer("version").default(1))
                .col(uuid_null("proposal_id"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("programme_session", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("programme_session", "track_id")
                        .to("track", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("programme_session", "room_id")
                        .to("room", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("programme_session_event_idx")
                .table("programme_session")
                .col("event_id")
                .col("starts_at")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("speaker")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(uuid_null("account_id"))
                .col(string("name"))
                .col(uuid_null("organisation_id"))
                .col(string("organisation_name"))
                .col(text("bio"))
                .col(string("lang"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("speaker", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("speaker", "organisation_id")
                        .to("organisation", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("speaker", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("speaker_code_key")
                .table("speaker")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("speaker_photo")
                .col(uuid("speaker_id"))
                .col(string("content_type"))
                .col(blob("bytes"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("speaker_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("speaker_photo", "speaker_id")
                        .to("speaker", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("session_speaker")
                .col(uuid("session_id"))
                .col(uuid("speaker_id"))
                .col(string("role"))
                .col(integer("position"))
                .primary_key(Index::create().col("session_id").col("speaker_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("session_speaker", "session_id")
                        .to("programme_session", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("session_speaker", "speaker_id")
                        .to("speaker", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_speaker_speaker_idx")
                .table("session_speaker")
                .col("speaker_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("registration_type")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(string("name"))
                .col(big_integer("fee_minor"))
                .col(string("currency"))
                .col(boolean("members_only"))
                .col(boolean("requires_code"))
                .col(integer("position"))
                .foreign_key(
                    ForeignKey::create()
                        .from("registration_type", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_type_code_key")
                .table("registration_type")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("question")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(string("kind"))
                .col(string("label"))
                .col(text("options"))
                .col(boolean("required"))
                .col(integer("position"))
                .foreign_key(
                    ForeignKey::create()
                        .from("question", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("question_code_key")
                .table("question")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("invitation_code")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(string("code"))
                .col(uuid_null("type_id"))
                .col(integer("max_uses"))
                .col(integer("used_count").default(0))
                .col(string("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("invitation_code", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("invitation_code", "type_id")
                        .to("registration_type", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("invitation_code_key")
                .table("invitation_code")
                .col("event_id")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("registration")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(uuid("type_id"))
                .col(uuid_null("account_id"))
                .col(uuid_null("organisation_id"))
                .col(uuid_null("registered_by"))
                .col(string("name"))
                .col(string("email"))
                .col(string("locale"))
                .col(string("state"))
                .col(string("code"))
                .col(string("token_hash"))
                .col(text("answers"))
                .col(string("payment"))
                .col(big_integer("amount_minor"))
                .col(string("currency"))
                .col(uuid_null("invitation_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(timestamp_with_time_zone_null("checked_in_at"))
                .col(uuid_null("checked_in_by"))
                .col(integer("version").default(1))
                .foreign_key(
                    ForeignKey::create()
                        .from("registration", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("registration", "type_id")
                        .to("registration_type", "id")
                        // A type people registered with is never removed with them
                        // (checked at the end of the statement, so deleting a whole
                        // event still cascades).
                        .on_delete(ForeignKeyAction::NoAction),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("registration", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("registration", "organisation_id")
                        .to("organisation", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("registration", "invitation_id")
                        .to("invitation_code", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_code_key")
                .table("registration")
                .col("code")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_token_key")
                .table("registration")
                .col("token_hash")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_queue_idx")
                .table("registration")
                .col("event_id")
                .col("state")
                .col("created_at")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_account_idx")
                .table("registration")
                .col("account_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("session_booking")
                .col(uuid("session_id"))
                .col(uuid("registration_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("session_id").col("registration_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("session_booking", "session_id")
                        .to("programme_session", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("session_booking", "registration_id")
                        .to("registration", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_booking_registration_idx")
                .table("session_booking")
                .col("registration_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("proposal")
                .col(pk_uuid("id"))
                .col(uuid("event_id"))
                .col(uuid("organisation_id"))
                .col(uuid_null("account_id"))
                .col(string("lang"))
                .col(string("title"))
                .col(text("description"))
                .col(string("format"))
                .col(uuid_null("track_id"))
                .col(string("languages"))
                .col(string("state"))
                .col(uuid_null("session_id"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(uuid_null("decided_by"))
                .col(text("decision_note"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal", "organisation_id")
                        .to("organisation", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal", "track_id")
                        .to("track", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal", "session_id")
                        .to("programme_session", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("proposal_event_idx")
                .table("proposal")
                .col("event_id")
                .col("state")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("proposal_review")
                .col(uuid("proposal_id"))
                .col(uuid("account_id"))
                .col(integer("score"))
                .col(text("comment"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("proposal_id").col("account_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal_review", "proposal_id")
                        .to("proposal", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("proposal_review", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One active registration per email and event; a cancelled one may be followed by a
        // new one. Partial indexes exist on both SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX registration_active_email_key ON registration (event_id, email) \
                 WHERE state <> 'cancelled'",
            )
            .await?;
        Ok(())
    }
}
