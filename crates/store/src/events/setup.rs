//! Removing what an organiser set up by mistake: a track, room, speaker, registration type,
//! question or invitation code — never one that is in use. A room with sessions, a type people
//! registered with, a question people answered or a code someone used stays, with a field error
//! that says why. The check and the removal run while holding the event's row, which session
//! placement and registration batches also take, so nothing starts using it in between.

use crate::entities::{
    event, invitation_code, programme_session as ps, proposal, question, registration,
    registration_type, room, session_speaker, speaker, speaker_photo, track,
};
use crate::{Result, StoreError, audit, texts};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// The lists of the setup page that items can be removed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Track,
    Room,
    Speaker,
    Type,
    Question,
    Invitation,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Track,
        Part::Room,
        Part::Speaker,
        Part::Type,
        Part::Question,
        Part::Invitation,
    ];

    /// The part's name in URLs and forms (`kind=room`), as the setup page's sections.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Part::Track => "track",
            Part::Room => "room",
            Part::Speaker => "speaker",
            Part::Type => "type",
            Part::Question => "question",
            Part::Invitation => "invitation",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// The field a refusal is reported on: the list of that part on the setup page.
fn list_field(part: Part) -> String {
    format!("list-{}", part.code())
}

/// Removes one item of `part` from the event's setup.
///
/// # Errors
/// `NotFound` when it does not exist or belongs to another event; `Invalid` on
/// `list-<part>` with `error-<part>-in-use` when sessions, registrations, answers or uses
/// depend on it.
pub async fn remove(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    part: Part,
    id: Uuid,
    actor: Option<Uuid>,
) -> Result<()> {
    // Hold the event's row: a session placed in this room, or a registration with this type,
    // waits for us (or we for it) and then sees the other's result.
    super::hold(c, event_id).await?;
    let (name, in_use) = match part {
        Part::Track => {
            let t = track::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|t| t.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            let sessions = ps::Entity::find()
                .filter(ps::Column::TrackId.eq(id))
                .count(c)
                .await?;
            // A proposal keeps the track its authors chose.
            let proposals = proposal::Entity::find()
                .filter(proposal::Column::TrackId.eq(id))
                .count(c)
                .await?;
            (t.name, sessions + proposals > 0)
        }
        Part::Room => {
            let r = room::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|r| r.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            let n = ps::Entity::find()
                .filter(ps::Column::RoomId.eq(id))
                .count(c)
                .await?;
            (r.name, n > 0)
        }
        Part::Speaker => {
            let s = speaker::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|s| s.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            let n = session_speaker::Entity::find()
                .filter(session_speaker::Column::SpeakerId.eq(id))
                .count(c)
                .await?;
            (s.name, n > 0)
        }
        Part::Type => {
            let t = registration_type::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|t| t.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            let people = registration::Entity::find()
                .filter(registration::Column::TypeId.eq(id))
                .count(c)
                .await?;
            let codes = invitation_code::Entity::find()
                .filter(invitation_code::Column::TypeId.eq(id))
                .count(c)
                .await?;
            (t.name, people + codes > 0)
        }
        Part::Question => {
            let q = question::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|q| q.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            (
                q.label,
                super::registration::answered(c, event_id, id).await?,
            )
        }
        Part::Invitation => {
            let i = invitation_code::Entity::find_by_id(id)
                .one(c)
                .await?
                .filter(|i| i.event_id == event_id)
                .ok_or(StoreError::NotFound)?;
            let used = i.used_count > 0
                || registration::Entity::find()
                    .filter(registration::Column::InvitationId.eq(id))
                    .count(c)
                    .await?
                    > 0;
            (i.code, used)
        }
    };
    if in_use {
        return Err(StoreError::Invalid(vec![pumasi_domain::FieldError {
            field: list_field(part),
            code: match part {
                Part::Track => "error-track-in-use",
                Part::Room => "error-room-in-use",
                Part::Speaker => "error-speaker-in-use",
                Part::Type => "error-type-in-use",
                Part::Question => "error-question-in-use",
                Part::Invitation => "error-invitation-in-use",
            },
        }]));
    }
    match part {
        Part::Track => {
            track::Entity::delete_by_id(id).exec(c).await?;
        }
        Part::Room => {
            room::Entity::delete_by_id(id).exec(c).await?;
        }
        Part::Speaker => {
            speaker_photo::Entity::delete_by_id(id).exec(c).await?;
            speaker::Entity::delete_by_id(id).exec(c).await?;
        }
        Part::Type => {
            registration_type::Entity::delete_by_id(id).exec(c).await?;
        }
        Part::Question => {
            question::Entity::delete_by_id(id).exec(c).await?;
        }
        Part::Invitation => {
            invitation_code::Entity::delete_by_id(id).exec(c).await?;
        }
    }
    texts::remove_all(c, id).await?;
    audit::record(
        c,
        actor,
        &format!("event.{}.remove", part.code()),
        part.code(),
        &id.to_string(),
        Some(&serde_json::json!({ "event": event_id, "name": name })),
        None,
    )
    .await?;
    super::changed(c, event_id).await
}

/// Saves a translation of a track's or registration type's name, a question's label or
/// options (one per line, as many as the question has), or a speaker's biography. An empty
/// text removes it.
///
/// # Errors
/// `NotFound` for an item of another event; `Invalid` on `item` (a field the item does not
/// have), `lang` (the item's own language), `text` (too long; wrong number of options).
pub async fn translate(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    owner: Uuid,
    field: &str,
    locale: pumasi_domain::locale::Locale,
    text: &str,
) -> Result<()> {
    use pumasi_domain::languages::Lang;
    use pumasi_domain::locale::Locale;
    let ev = event::Entity::find_by_id(event_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event_lang = Lang::parse_or(&ev.lang, Locale::En);
    // (the fields it has, its base language, the number of options)
    let mut is_track = false;
    let (fields, base, options): (&[&str], Lang, usize) =
        if let Some(t) = track::Entity::find_by_id(owner).one(c).await? {
            is_track = true;
            ours((&["name"][..], event_lang, 0), t.event_id == event_id)?
        } else if let Some(t) = registration_type::Entity::find_by_id(owner).one(c).await? {
            ours((&["name"][..], event_lang, 0), t.event_id == event_id)?
        } else if let Some(q) = question::Entity::find_by_id(owner).one(c).await? {
            let n = q.options.lines().filter(|l| !l.trim().is_empty()).count();
            let fields: &[&str] = if n > 0 {
                &["label", "options"]
            } else {
                &["label"]
            };
            ours((fields, event_lang, n), q.event_id == event_id)?
        } else if let Some(s) = speaker::Entity::find_by_id(owner).one(c).await? {
            let lang = Lang::parse_or(&s.lang, event_lang);
            ours((&["bio"][..], lang, 0), s.event_id == event_id)?
        } else {
            return Err(StoreError::NotFound);
        };
    if !fields.contains(&field) {
        return Err(StoreError::invalid("item", "error-choice-invalid"));
    }
    if locale == base {
        return Err(StoreError::invalid("lang", "error-language-invalid"));
    }
    // The same limits as the base texts.
    let max = match field {
        "name" => 120,
        "label" => 300,
        "options" => 200,
        _ => 5_000,
    };
    let body = if field == "options" {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() && lines.len() != options {
            return Err(StoreError::invalid("text", "error-options-count"));
        }
        for l in &lines {
            pumasi_domain::types::line(l, max, true).map_err(|e| StoreError::invalid("text", e))?;
        }
        lines.join("\n")
    } else {
        pumasi_domain::types::text(text, max).map_err(|e| StoreError::invalid("text", e))?
    };
    texts::put(c, owner, field, locale, &body).await?;
    if is_track {
        // The track's name is each session's category in that language's calendar feed.
        use super::programme::{bump_sessions, sessions_where};
        bump_sessions(c, sessions_where(c, ps::Column::TrackId, owner).await?).await?;
    }
    super::changed(c, event_id).await
}

/// `v` when the item belongs to the event, `NotFound` otherwise.
fn ours<T>(v: T, belongs: bool) -> Result<T> {
    if belongs {
        Ok(v)
    } else {
        Err(StoreError::NotFound)
    }
}
