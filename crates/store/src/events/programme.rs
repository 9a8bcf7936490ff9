//! The programme of an event: tracks, rooms, speakers and sessions. A session is refused when
//! its room or one of its speakers or moderators is already somewhere else at that time.

use crate::entities::{
    event, organisation as org, programme_session as ps, room, session_speaker, speaker,
    speaker_photo, track,
};
use crate::members::Localized;
use crate::{Result, StoreError, audit, now, texts};
use chrono::{DateTime, Utc};
use pumasi_domain::FieldError;
use pumasi_domain::events::{
    Conflict, SESSION_TRANSLATABLE, SessionFormat, SessionInput, Slot, SpeakerRole, conflicts,
};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use pumasi_domain::types::{self, Slug};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Track {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
}

#[derive(Debug, Clone, Serialize)]
pub struct Room {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub capacity: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub organisation_slug: Option<String>,
    /// The organisation's name: as typed for the speaker, else the member's name.
    pub organisation_name: String,
    /// The organisation's name exactly as typed for the speaker (may be empty).
    pub organisation_typed: String,
    pub bio: Localized,
    pub has_photo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub id: Uuid,
    pub event_id: Uuid,
    pub title: Localized,
    pub description: Localized,
    pub base_lang: Lang,
    pub format: SessionFormat,
    pub track: Option<Uuid>,
    pub room: Option<Uuid>,
    pub languages: Vec<Locale>,
    pub interpretation: Vec<Locale>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: Option<i32>,
    pub booked_count: i32,
    pub sequence: i32,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    /// When the organisers cancelled it; it stays in the programme and the feeds, marked.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Speakers and moderators in order.
    pub people: Vec<(Uuid, SpeakerRole)>,
}

impl Session {
    /// Places left when the session has its own capacity.
    #[must_use]
    pub fn places_left(&self) -> Option<i32> {
        self.capacity
            .map(|c| std::cmp::max(c - self.booked_count, 0))
    }
}

/// Everything a timetable needs, in one read.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Programme {
    pub tracks: Vec<Track>,
    pub rooms: Vec<Room>,
    pub speakers: Vec<Speaker>,
    /// By start time, then room.
    pub sessions: Vec<Session>,
}

impl Programme {
    #[must_use]
    pub fn track(&self, id: Option<Uuid>) -> Option<&Track> {
        id.and_then(|id| self.tracks.iter().find(|t| t.id == id))
    }

    #[must_use]
    pub fn room(&self, id: Option<Uuid>) -> Option<&Room> {
        id.and_then(|id| self.rooms.iter().find(|r| r.id == id))
    }

    #[must_use]
    pub fn speaker(&self, id: Uuid) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    #[must_use]
    pub fn session(&self, id: Uuid) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

fn locales(s: &str) -> Vec<Locale> {
    s.split(',').filter_map(Locale::parse).collect()
}

fn join(ls: &[Locale]) -> String {
    ls.iter().map(|l| l.code()).collect::<Vec<_>>().join(",")
}

/// The whole programme of an event for one reader.
///
/// # Errors
/// `NotFound` for an unknown event.
pub async fn programme(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    want: impl Into<Lang> + Copy,
) -> Result<Programme> {
    let ev = event::Entity::find_by_id(event_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let lang = Lang::parse_or(&ev.lang, Locale::En);
    let tracks = track::Entity::find()
        .filter(track::Column::EventId.eq(event_id))
        .order_by_asc(track::Column::Position)
        .all(c)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::EventId.eq(event_id))
        .order_by_asc(room::Column::Position)
        .all(c)
        .await?;
    let speakers = speaker::Entity::find()
        .filter(speaker::Column::EventId.eq(event_id))
        .order_by_asc(speaker::Column::Name)
        .all(c)
        .await?;
    let sessions = ps::Entity::find()
        .filter(ps::Column::EventId.eq(event_id))
        .order_by_asc(ps::Column::StartsAt)
        .order_by_asc(ps::Column::Id)
        .all(c)
        .await?;
    let links = if sessions.is_empty() {
        Vec::new()
    } else {
        session_speaker::Entity::find()
            .filter(session_speaker::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
            .order_by_asc(session_speaker::Column::Position)
            .all(c)
            .await?
    };
    let photos: Vec<Uuid> = if speakers.is_empty() {
        Vec::new()
    } else {
        speaker_photo::Entity::find()
            .filter(speaker_photo::Column::SpeakerId.is_in(speakers.iter().map(|s| s.id)))
            .all(c)
            .await?
            .into_iter()
            .map(|p| p.speaker_id)
            .collect()
    };
    let org_ids: Vec<Uuid> = speakers.iter().filter_map(|s| s.organisation_id).collect();
    let orgs = if org_ids.is_empty() {
        Vec::new()
    } else {
        org::Entity::find()
            .filter(org::Column::Id.is_in(org_ids))
            .all(c)
            .await?
    };
    let owners: Vec<Uuid> = tracks
        .iter()
        .map(|t| t.id)
        .chain(speakers.iter().map(|s| s.id))
        .chain(sessions.iter().map(|s| s.id))
        .collect();
    let t = texts::load(c, &owners).await?;
    Ok(Programme {
        tracks: tracks
            .into_iter()
            .map(|r| Track {
                name: t.get(r.id, "name", &r.name, lang, want),
                id: r.id,
                code: r.code,
            })
            .collect(),
        rooms: rooms
            .into_iter()
            .map(|r| Room {
                id: r.id,
                code: r.code,
                name: r.name,
                capacity: r.capacity,
            })
            .collect(),
        speakers: speakers
            .into_iter()
            .map(|s| {
                let slang = Lang::parse_or(&s.lang, lang);
                let o = s
                    .organisation_id
                    .and_then(|id| orgs.iter().find(|o| o.id == id));
                Speaker {
                    bio: t.get(s.id, "bio", &s.bio, slang, want),
                    has_photo: photos.contains(&s.id),
                    organisation_slug: o.map(|o| o.slug.clone()),
                    organisation_name: if s.organisation_name.is_empty() {
                        o.map(|o| o.name.clone()).unwrap_or_default()
                    } else {
                        s.organisation_name.clone()
                    },
                    organisation_typed: s.organisation_name,
                    id: s.id,
                    code: s.code,
                    name: s.name,
                }
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| assemble(s, &t, &links, want))
            .collect(),
    })
}

fn assemble(
    s: ps::Model,
    t: &texts::Texts,
    links: &[session_speaker::Model],
    want: impl Into<Lang> + Copy,
) -> Session {
    let lang = Lang::parse_or(&s.lang, Locale::En);
    Session {
        title: t.get(s.id, "title", &s.title, lang, want),
        description: t.get(s.id, "description", &s.description, lang, want),
        base_lang: lang,
        format: SessionFormat::parse(&s.format).unwrap_or(SessionFormat::Talk),
        track: s.track_id,
        room: s.room_id,
        languages: locales(&s.languages),
        interpretation: locales(&s.interpretation),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        capacity: s.capacity,
        booked_count: s.booked_count,
        sequence: s.sequence,
        version: s.version,
        updated_at: s.updated_at,
        cancelled_at: s.cancelled_at,
        people: links
            .iter()
            .filter(|l| l.session_id == s.id)
            .map(|l| {
                (
                    l.speaker_id,
                    SpeakerRole::parse(&l.role).unwrap_or(SpeakerRole::Speaker),
                )
            })
            .collect(),
        event_id: s.event_id,
        id: s.id,
    }
}

/// One session for one reader.
///
/// # Errors
/// `NotFound`.
pub async fn session(
    c: &impl ConnectionTrait,
    id: Uuid,
    want: impl Into<Lang> + Copy,
) -> Result<Session> {
    let s = ps::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let links = session_speaker::Entity::find()
        .filter(session_speaker::Column::SessionId.eq(id))
        .order_by_asc(session_speaker::Column::Position)
        .all(c)
        .await?;
    let t = texts::load(c, &[id]).await?;
    Ok(assemble(s, &t, &links, want))
}

fn position(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// # Errors
/// `Invalid` for a bad code or name; `error-code-taken`.
pub async fn add_track(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    code: &str,
    name: &str,
    translations: &[(Locale, String)],
) -> Result<Uuid> {
    let code = Slug::parse(code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(name, 120, true).map_err(|e| StoreError::invalid("name", e))?;
    let id = Uuid::now_v7();
    track::Entity::insert(track::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code.as_str().to_owned()),
        name: Set(name),
        position: Set(position(
            track::Entity::find()
                .filter(track::Column::EventId.eq(event_id))
                .count(c)
                .await?,
        )),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    for (l, text) in translations {
        texts::put(c, id, "name", *l, text).await?;
    }
    Ok(id)
}

/// # Errors
/// `Invalid` for a bad code, name or capacity; `error-code-taken`.
pub async fn add_room(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    code: &str,
    name: &str,
    capacity: Option<i32>,
) -> Result<Uuid> {
    let code = Slug::parse(code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(name, 120, true).map_err(|e| StoreError::invalid("name", e))?;
    if capacity.is_some_and(|c| !(0..=pumasi_domain::events::CAPACITY_MAX).contains(&c)) {
        return Err(StoreError::invalid("capacity", "error-capacity-invalid"));
    }
    let id = Uuid::now_v7();
    room::Entity::insert(room::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code.as_str().to_owned()),
        name: Set(name),
        capacity: Set(capacity),
        position: Set(position(
            room::Entity::find()
                .filter(room::Column::EventId.eq(event_id))
                .count(c)
                .await?,
        )),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    Ok(id)
}

/// A speaker or moderator to add to an event.
#[derive(Debug, Clone, Default)]
pub struct NewSpeaker {
    pub code: String,
    pub name: String,
    pub organisation: Option<Uuid>,
    pub organisation_name: String,
    pub bio: String,
    pub lang: Option<Lang>,
    pub account: Option<Uuid>,
    pub translations: Vec<(Locale, String)>,
}

/// # Errors
/// `Invalid` per field; `error-code-taken`.
pub async fn add_speaker(c: &impl ConnectionTrait, event_id: Uuid, s: &NewSpeaker) -> Result<Uuid> {
    let code = Slug::parse(&s.code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(&s.name, 200, true).map_err(|e| StoreError::invalid("name", e))?;
    let org_name = types::line(&s.organisation_name, 200, false)
        .map_err(|e| StoreError::invalid("organisation_name", e))?;
    let bio = types::text(&s.bio, 5_000).map_err(|e| StoreError::invalid("bio", e))?;
    let id = Uuid::now_v7();
    speaker::Entity::insert(speaker::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code.as_str().to_owned()),
        account_id: Set(s.account),
        name: Set(name),
        organisation_id: Set(s.organisation),
        organisation_name: Set(org_name),
        bio: Set(bio),
        lang: Set(s.lang.unwrap_or(Locale::En.into()).code().to_owned()),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    for (l, text) in &s.translations {
        texts::put(c, id, "bio", *l, text).await?;
    }
    Ok(id)
}

/// Makes calendars that imported these sessions fetch them again (their location, category
/// or people changed with a room, track or speaker).
pub(crate) async fn bump_sessions(c: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    ps::Entity::update_many()
        .col_expr(ps::Column::Sequence, Expr::col(ps::Column::Sequence).add(1))
        .col_expr(ps::Column::UpdatedAt, Expr::value(now()))
        .filter(ps::Column::Id.is_in(ids))
        .exec(c)
        .await?;
    Ok(())
}

pub(crate) async fn sessions_where(
    c: &impl ConnectionTrait,
    col: ps::Column,
    id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(ps::Entity::find()
        .filter(col.eq(id))
        .all(c)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

/// Renames a track (name and code). Translations of the name are marked for review when the
/// name changes; its sessions' calendar entries are updated.
///
/// # Errors
/// `NotFound` for a track of another event; `Invalid` as [`add_track`].
pub async fn update_track(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    code: &str,
    name: &str,
) -> Result<()> {
    let code = Slug::parse(code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(name, 120, true).map_err(|e| StoreError::invalid("name", e))?;
    let before = track::Entity::find_by_id(id)
        .one(c)
        .await?
        .filter(|t| t.event_id == event_id)
        .ok_or(StoreError::NotFound)?;
    track::Entity::update_many()
        .col_expr(track::Column::Code, Expr::value(code.as_str()))
        .col_expr(track::Column::Name, Expr::value(name.clone()))
        .filter(track::Column::Id.eq(id))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    if before.name != name {
        texts::base_changed(c, id, "name").await?;
    }
    bump_sessions(c, sessions_where(c, ps::Column::TrackId, id).await?).await?;
    super::changed(c, event_id).await
}

/// Changes a room's name, code and capacity; its sessions' calendar entries are updated.
///
/// # Errors
/// `NotFound` for a room of another event; `Invalid` as [`add_room`].
pub async fn update_room(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    code: &str,
    name: &str,
    capacity: Option<i32>,
) -> Result<()> {
    let code = Slug::parse(code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(name, 120, true).map_err(|e| StoreError::invalid("name", e))?;
    if capacity.is_some_and(|c| !(0..=pumasi_domain::events::CAPACITY_MAX).contains(&c)) {
        return Err(StoreError::invalid("capacity", "error-capacity-invalid"));
    }
    room::Entity::find_by_id(id)
        .one(c)
        .await?
        .filter(|r| r.event_id == event_id)
        .ok_or(StoreError::NotFound)?;
    room::Entity::update_many()
        .col_expr(room::Column::Code, Expr::value(code.as_str()))
        .col_expr(room::Column::Name, Expr::value(name))
        .col_expr(room::Column::Capacity, Expr::value(capacity))
        .filter(room::Column::Id.eq(id))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    bump_sessions(c, sessions_where(c, ps::Column::RoomId, id).await?).await?;
    super::changed(c, event_id).await
}

/// Changes a speaker's code, name, organisation and biography (the photo is set apart).
/// Translations of the biography are marked for review when it changes; the calendar entries
/// of their sessions are updated.
///
/// # Errors
/// `NotFound` for a speaker of another event; `Invalid` as [`add_speaker`].
pub async fn update_speaker(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    s: &NewSpeaker,
) -> Result<()> {
    let code = Slug::parse(&s.code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(&s.name, 200, true).map_err(|e| StoreError::invalid("name", e))?;
    let org_name = types::line(&s.organisation_name, 200, false)
        .map_err(|e| StoreError::invalid("organisation_name", e))?;
    let bio = types::text(&s.bio, 5_000).map_err(|e| StoreError::invalid("bio", e))?;
    let before = speaker::Entity::find_by_id(id)
        .one(c)
        .await?
        .filter(|sp| sp.event_id == event_id)
        .ok_or(StoreError::NotFound)?;
    speaker::Entity::update_many()
        .col_expr(speaker::Column::Code, Expr::value(code.as_str()))
        .col_expr(speaker::Column::Name, Expr::value(name))
        .col_expr(speaker::Column::OrganisationId, Expr::value(s.organisation))
        .col_expr(speaker::Column::OrganisationName, Expr::value(org_name))
        .col_expr(speaker::Column::Bio, Expr::value(bio.clone()))
        .filter(speaker::Column::Id.eq(id))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    if before.bio != bio {
        texts::base_changed(c, id, "bio").await?;
    }
    let sessions = session_speaker::Entity::find()
        .filter(session_speaker::Column::SpeakerId.eq(id))
        .all(c)
        .await?
        .into_iter()
        .map(|l| l.session_id)
        .collect();
    bump_sessions(c, sessions).await?;
    super::changed(c, event_id).await
}

/// Stores a speaker's photo (already checked by the caller: image type and size).
///
/// # Errors
/// Database errors.
pub async fn set_speaker_photo(
    c: &impl ConnectionTrait,
    speaker_id: Uuid,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<()> {
    speaker_photo::Entity::delete_by_id(speaker_id)
        .exec(c)
        .await?;
    speaker_photo::Entity::insert(speaker_photo::ActiveModel {
        speaker_id: Set(speaker_id),
        content_type: Set(content_type.to_owned()),
        bytes: Set(bytes),
        updated_at: Set(now()),
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// # Errors
/// `NotFound`.
pub async fn speaker_photo(
    c: &impl ConnectionTrait,
    speaker_id: Uuid,
) -> Result<(String, Vec<u8>)> {
    speaker_photo::Entity::find_by_id(speaker_id)
        .one(c)
        .await?
        .map(|p| (p.content_type, p.bytes))
        .ok_or(StoreError::NotFound)
}

/// Checks that tracks, rooms and people belong to the event and that nothing is in two
/// places at once.
async fn check_session(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    input: &SessionInput,
    people: &[(Uuid, SpeakerRole)],
    cancelled: bool,
) -> Result<()> {
    // On PostgreSQL two sessions placed at once in one room would each pass the conflict
    // check; holding the event's row makes them queue, so the second sees the first.
    super::hold(c, event_id).await?;
    let mut errs = Vec::new();
    let track_ok = match input.track {
        Some(t) => track::Entity::find_by_id(t)
            .one(c)
            .await?
            .is_some_and(|t| t.event_id == event_id),
        None => true,
    };
    if !track_ok {
        errs.push(FieldError::new("track", "error-choice-invalid"));
    }
    let room_ok = match input.room {
        Some(r) => room::Entity::find_by_id(r)
            .one(c)
            .await?
            .is_some_and(|r| r.event_id == event_id),
        None => true,
    };
    if !room_ok {
        errs.push(FieldError::new("room", "error-choice-invalid"));
    }
    if !people.is_empty() {
        let known = speaker::Entity::find()
            .filter(speaker::Column::EventId.eq(event_id))
            .filter(speaker::Column::Id.is_in(people.iter().map(|p| p.0)))
            .count(c)
            .await?;
        let mut distinct: Vec<Uuid> = people.iter().map(|p| p.0).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if usize::try_from(known).unwrap_or(0) != distinct.len() {
            errs.push(FieldError::new("people", "error-choice-invalid"));
        }
    }
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    if cancelled {
        // Takes no room and nobody's time; checked again if it is put back.
        return Ok(());
    }
    let me = Slot {
        id,
        start: input.starts_at,
        end: input.ends_at,
        room: input.room,
        people: people.iter().map(|p| p.0).collect(),
    };
    check_slot(c, event_id, &me).await
}

/// Refuses `me` when its room or one of its people is in another session, not cancelled, at an
/// overlapping time. The caller holds the event's row.
async fn check_slot(c: &impl ConnectionTrait, event_id: Uuid, me: &Slot) -> Result<()> {
    let mut errs = Vec::new();
    let others = ps::Entity::find()
        .filter(ps::Column::EventId.eq(event_id))
        .filter(ps::Column::CancelledAt.is_null())
        .filter(ps::Column::StartsAt.lt(me.end))
        .filter(ps::Column::EndsAt.gt(me.start))
        .all(c)
        .await?;
    let links = if others.is_empty() {
        Vec::new()
    } else {
        session_speaker::Entity::find()
            .filter(session_speaker::Column::SessionId.is_in(others.iter().map(|o| o.id)))
            .all(c)
            .await?
    };
    let slots: Vec<Slot> = others
        .iter()
        .map(|o| Slot {
            id: o.id,
            start: o.starts_at,
            end: o.ends_at,
            room: o.room_id,
            people: links
                .iter()
                .filter(|l| l.session_id == o.id)
                .map(|l| l.speaker_id)
                .collect(),
        })
        .collect();
    let found = conflicts(me, &slots);
    if found.iter().any(|c| matches!(c, Conflict::Room { .. })) {
        errs.push(FieldError::new("room", "error-room-double-booked"));
    }
    if found.iter().any(|c| matches!(c, Conflict::Person { .. })) {
        errs.push(FieldError::new("people", "error-speaker-double-booked"));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errs))
    }
}

async fn write_people(
    c: &impl ConnectionTrait,
    session_id: Uuid,
    people: &[(Uuid, SpeakerRole)],
) -> Result<()> {
    session_speaker::Entity::delete_many()
        .filter(session_speaker::Column::SessionId.eq(session_id))
        .exec(c)
        .await?;
    let mut seen = Vec::new();
    let rows: Vec<_> = people
        .iter()
        .filter(|(p, _)| {
            let new = !seen.contains(p);
            seen.push(*p);
            new
        })
        .enumerate()
        .map(|(i, (p, role))| session_speaker::ActiveModel {
            session_id: Set(session_id),
            speaker_id: Set(*p),
            role: Set(role.code().to_owned()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        })
        .collect();
    if !rows.is_empty() {
        session_speaker::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// Adds a session to the programme.
///
/// # Errors
/// `Invalid` (`room: error-room-double-booked`, `people: error-speaker-double-booked`, unknown
/// track/room/person).
pub async fn create_session(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    input: &SessionInput,
    people: &[(Uuid, SpeakerRole)],
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    check_session(c, event_id, id, input, people, false).await?;
    let t = now();
    ps::Entity::insert(ps::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        track_id: Set(input.track),
        room_id: Set(input.room),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        description: Set(input.description.clone()),
        format: Set(input.format.code().to_owned()),
        languages: Set(join(&input.languages)),
        interpretation: Set(join(&input.interpretation)),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        capacity: Set(input.capacity),
        booked_count: Set(0),
        sequence: Set(0),
        version: Set(1),
        proposal_id: Set(None),
        cancelled_at: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .exec_without_returning(c)
    .await?;
    write_people(c, id, people).await?;
    audit::record(
        c,
        actor,
        "session.create",
        "session",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "event": event_id, "title": input.title, "starts_at": input.starts_at })),
    )
    .await?;
    super::changed(c, event_id).await?;
    Ok(id)
}

/// Updates a session if nobody saved it since `expected_version`; its iCalendar sequence goes
/// up and translations of changed fields need review.
///
/// # Errors
/// As [`create_session`], plus `Conflict("error-edit-conflict")` and
/// `Invalid(capacity: error-capacity-below-booked)`.
pub async fn update_session(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    input: &SessionInput,
    people: &[(Uuid, SpeakerRole)],
    actor: Option<Uuid>,
) -> Result<()> {
    let before = ps::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    check_session(
        c,
        before.event_id,
        id,
        input,
        people,
        before.cancelled_at.is_some(),
    )
    .await?;
    let res = ps::Entity::update_many()
        .col_expr(ps::Column::TrackId, Expr::value(input.track))
        .col_expr(ps::Column::RoomId, Expr::value(input.room))
        .col_expr(ps::Column::Lang, Expr::value(input.lang.code()))
        .col_expr(ps::Column::Title, Expr::value(input.title.clone()))
        .col_expr(
            ps::Column::Description,
            Expr::value(input.description.clone()),
        )
        .col_expr(ps::Column::Format, Expr::value(input.format.code()))
        .col_expr(ps::Column::Languages, Expr::value(join(&input.languages)))
        .col_expr(
            ps::Column::Interpretation,
            Expr::value(join(&input.interpretation)),
        )
        .col_expr(ps::Column::StartsAt, Expr::value(input.starts_at))
        .col_expr(ps::Column::EndsAt, Expr::value(input.ends_at))
        .col_expr(ps::Column::Capacity, Expr::value(input.capacity))
        .col_expr(ps::Column::Sequence, Expr::col(ps::Column::Sequence).add(1))
        .col_expr(ps::Column::Version, Expr::value(expected_version + 1))
        .col_expr(ps::Column::UpdatedAt, Expr::value(now()))
        .filter(ps::Column::Id.eq(id))
        .filter(ps::Column::Version.eq(expected_version))
        // Checked in the statement itself, so a booking committed meanwhile is counted.
        .filter(match input.capacity {
            Some(cap) => ps::Column::BookedCount.lte(cap),
            None => ps::Column::Id.is_not_null(),
        })
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        let now_row = ps::Entity::find_by_id(id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        if now_row.version == expected_version
            && input.capacity.is_some_and(|cap| cap < now_row.booked_count)
        {
            return Err(StoreError::invalid(
                "capacity",
                "error-capacity-below-booked",
            ));
        }
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    write_people(c, id, people).await?;
    if before.title != input.title || before.lang != input.lang.code() {
        texts::base_changed(c, id, "title").await?;
    }
    if before.description != input.description || before.lang != input.lang.code() {
        texts::base_changed(c, id, "description").await?;
    }
    audit::record(
        c,
        actor,
        "session.update",
        "session",
        &id.to_string(),
        Some(&serde_json::json!({ "title": before.title, "starts_at": before.starts_at, "room": before.room_id })),
        Some(&serde_json::json!({ "title": input.title, "starts_at": input.starts_at, "room": input.room })),
    )
    .await?;
    super::changed(c, before.event_id).await
}

/// Cancels a session (`cancel`) or puts a cancelled one back, if nobody saved it since
/// `expected_version`. A cancelled session stays in the programme and the calendar feeds,
/// marked cancelled (iCalendar `STATUS:CANCELLED` with a higher `SEQUENCE`, so calendars that
/// imported it show the change); its room and people are free for other sessions; nobody can
/// add it to their programme; the people who had it in theirs are emailed
/// (`session.cancelled` in the outbox). Restoring checks the room and people again.
///
/// # Errors
/// `NotFound`; `Conflict("error-edit-conflict")` when the session changed meanwhile or is
/// already in the asked state; `Invalid` (`room: error-room-double-booked`,
/// `people: error-speaker-double-booked`) when restoring into a slot taken meanwhile.
pub async fn set_cancelled(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    cancel: bool,
    actor: Option<Uuid>,
) -> Result<()> {
    let before = ps::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    super::hold(c, before.event_id).await?;
    if before.version != expected_version {
        // A stale form: say so before anything else (the update below checks it again).
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    if !cancel {
        let people = session_speaker::Entity::find()
            .filter(session_speaker::Column::SessionId.eq(id))
            .all(c)
            .await?;
        let me = Slot {
            id,
            start: before.starts_at,
            end: before.ends_at,
            room: before.room_id,
            people: people.iter().map(|p| p.speaker_id).collect(),
        };
        check_slot(c, before.event_id, &me).await?;
    }
    let t = now();
    let res = ps::Entity::update_many()
        .col_expr(ps::Column::CancelledAt, Expr::value(cancel.then_some(t)))
        .col_expr(ps::Column::Sequence, Expr::col(ps::Column::Sequence).add(1))
        .col_expr(ps::Column::Version, Expr::value(expected_version + 1))
        .col_expr(ps::Column::UpdatedAt, Expr::value(t))
        .filter(ps::Column::Id.eq(id))
        .filter(ps::Column::Version.eq(expected_version))
        .filter(if cancel {
            ps::Column::CancelledAt.is_null()
        } else {
            ps::Column::CancelledAt.is_not_null()
        })
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    if cancel {
        // `at` tells the delivery loop which cancellation this is: after a restore and a second
        // cancellation, only the latest sends emails.
        crate::outbox::push(
            c,
            "session.cancelled",
            &serde_json::json!({ "id": id, "at": t.timestamp_micros() }),
        )
        .await?;
    }
    audit::record(
        c,
        actor,
        if cancel {
            "session.cancel"
        } else {
            "session.restore"
        },
        "session",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "title": before.title, "starts_at": before.starts_at })),
    )
    .await?;
    super::changed(c, before.event_id).await
}

/// Saves a translation of a session's title or description.
///
/// # Errors
/// `Invalid` for an unknown field or a text over the limit.
pub async fn set_session_translation(
    c: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
    locale: Locale,
    body: &str,
) -> Result<()> {
    if !SESSION_TRANSLATABLE.contains(&field) {
        return Err(StoreError::invalid("field", "error-choice-invalid"));
    }
    let max = if field == "title" {
        pumasi_domain::events::TITLE_MAX
    } else {
        pumasi_domain::events::DESCRIPTION_MAX
    };
    types::text(body, max).map_err(|code| StoreError::invalid(field, code))?;
    texts::put(c, id, field, locale, body).await?;
    let s = ps::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    ps::Entity::update_many()
        .col_expr(ps::Column::Sequence, Expr::col(ps::Column::Sequence).add(1))
        .filter(ps::Column::Id.eq(id))
        .exec(c)
        .await?;
    super::changed(c, s.event_id).await
}
