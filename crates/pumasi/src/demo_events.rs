//! Loads the demo forums and events (`demo/events.json`): the real GSEF editions 2013–2025 with
//! their public facts, and fictional events marked as such, one of them an upcoming forum with
//! a full programme open for registration. Everything goes through the same validation and
//! store functions as the organisers' forms.

use anyhow::{Context, bail};
use pumasi_domain::events::{EventRole, QuestionKind, RawEvent, RawSession, SpeakerRole};
use pumasi_domain::locale::Locale;
use pumasi_store::events::{self, programme, registration};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

const DEMO_EVENTS: &str = include_str!("../demo/events.json");

type Texts = BTreeMap<String, String>;

#[derive(Deserialize)]
struct File {
    events: Vec<Event>,
    programme: Programme,
}

#[derive(Deserialize)]
struct Event {
    slug: String,
    kind: String,
    edition_year: Option<i32>,
    status: String,
    mode: String,
    base_locale: String,
    title: Texts,
    #[serde(default)]
    theme: Texts,
    #[serde(default)]
    description: Texts,
    #[serde(default)]
    outcomes: Texts,
    #[serde(default)]
    payment_instructions: Texts,
    #[serde(default)]
    host_city: String,
    #[serde(default)]
    country: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    time_zone: String,
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    online_url: String,
    #[serde(default)]
    hosts: Vec<String>,
    participants: Option<i32>,
    capacity: Option<i32>,
    fictional: bool,
}

#[derive(Deserialize)]
struct Programme {
    event: String,
    tracks: Vec<Track>,
    rooms: Vec<Room>,
    speakers: Vec<Speaker>,
    sessions: Vec<Session>,
    registration_types: Vec<RegType>,
    questions: Vec<QuestionData>,
}

#[derive(Deserialize)]
struct Track {
    code: String,
    name: Texts,
}

#[derive(Deserialize)]
struct Room {
    code: String,
    name: String,
    capacity: Option<i32>,
}

#[derive(Deserialize)]
struct Speaker {
    code: String,
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    organisation_name: String,
    #[serde(default)]
    bio: Texts,
}

#[derive(Deserialize)]
struct Session {
    code: String,
    title: Texts,
    #[serde(default)]
    description: Texts,
    format: String,
    track: Option<String>,
    room: String,
    languages: Vec<String>,
    #[serde(default)]
    interpretation: Vec<String>,
    starts_at: String,
    ends_at: String,
    capacity: Option<i32>,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    moderators: Vec<String>,
    /// Shown cancelled, as organisers do when a speaker cannot come.
    #[serde(default)]
    cancelled: bool,
}

#[derive(Deserialize)]
struct RegType {
    code: String,
    name: Texts,
    fee_minor: i64,
    currency: String,
    members_only: bool,
    requires_code: bool,
}

#[derive(Deserialize)]
struct QuestionData {
    code: String,
    kind: String,
    label: Texts,
    #[serde(default)]
    options: BTreeMap<String, Vec<String>>,
    required: bool,
}

/// The base text and the translations of a multilingual field.
fn split(texts: &Texts, base: Locale) -> (String, Vec<(Locale, String)>) {
    let base_text = texts.get(base.code()).cloned().unwrap_or_default();
    let others = texts
        .iter()
        .filter_map(|(l, t)| Some((Locale::parse(l)?, t.clone())))
        .filter(|(l, _)| *l != base)
        .collect();
    (base_text, others)
}

fn opt(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn invalid(what: &str, errs: &[pumasi_domain::FieldError]) -> anyhow::Error {
    anyhow::anyhow!("demo/events.json: {what}: {errs:?}")
}

/// Writes the demo events in `txn`; `organisers` get the organiser role in every fictional
/// event and `checkin` the check-in role in the upcoming forum.
pub async fn load(
    txn: &impl pumasi_store::sea_orm::ConnectionTrait,
    organisers: &[Uuid],
    checkin: &[Uuid],
) -> anyhow::Result<usize> {
    let file: File = serde_json::from_str(DEMO_EVENTS).context("demo/events.json")?;
    let mut ids: HashMap<String, (Uuid, Locale)> = HashMap::new();
    for e in &file.events {
        let lang = Locale::parse(&e.base_locale).unwrap_or(Locale::En);
        let (title, title_t) = split(&e.title, lang);
        let (theme, theme_t) = split(&e.theme, lang);
        let (description, description_t) = split(&e.description, lang);
        let (outcomes, outcomes_t) = split(&e.outcomes, lang);
        let (payment_instructions, payment_t) = split(&e.payment_instructions, lang);
        let raw = RawEvent {
            slug: e.slug.clone(),
            kind: e.kind.clone(),
            edition_year: opt(e.edition_year),
            status: e.status.clone(),
            mode: e.mode.clone(),
            lang: lang.code().to_owned(),
            title,
            theme,
            description,
            outcomes,
            payment_instructions,
            host_city: e.host_city.clone(),
            country: e.country.clone(),
            latitude: opt(e.latitude),
            longitude: opt(e.longitude),
            time_zone: e.time_zone.clone(),
            starts_on: e.starts_on.clone(),
            ends_on: e.ends_on.clone(),
            venue: e.venue.clone(),
            online_url: e.online_url.clone(),
            capacity: opt(e.capacity),
            waitlist: "on".to_owned(),
            participants: opt(e.participants),
            fictional: if e.fictional { "on" } else { "" }.to_owned(),
        };
        let input = raw.validate().map_err(|errs| invalid(&e.slug, &errs))?;
        let id = events::create(txn, &input, None).await?;
        for (field, ts) in [
            ("title", title_t),
            ("theme", theme_t),
            ("description", description_t),
            ("outcomes", outcomes_t),
            ("payment_instructions", payment_t),
        ] {
            for (l, t) in ts {
                events::set_translation(txn, id, field, l, &t).await?;
            }
        }
        let mut hosts = Vec::new();
        for slug in &e.hosts {
            let o = pumasi_store::members::by_slug(txn, slug, Locale::En)
                .await
                .with_context(|| format!("demo event {}: host {slug}", e.slug))?;
            hosts.push(o.id);
        }
        if !hosts.is_empty() {
            events::set_hosts(txn, id, &hosts).await?;
        }
        if e.fictional {
            for a in organisers {
                events::grant(txn, id, *a, EventRole::Organiser, None).await?;
            }
        }
        ids.insert(e.slug.clone(), (id, lang));
    }
    let p = &file.programme;
    let Some(&(event_id, lang)) = ids.get(&p.event) else {
        bail!("demo/events.json: programme for unknown event {}", p.event);
    };
    for a in checkin {
        events::grant(txn, event_id, *a, EventRole::Checkin, None).await?;
    }
    let mut tracks = HashMap::new();
    for t in &p.tracks {
        let (name, tr) = split(&t.name, lang);
        let id = programme::add_track(txn, event_id, &t.code, &name, &tr).await?;
        tracks.insert(t.code.clone(), id);
    }
    let mut rooms = HashMap::new();
    for r in &p.rooms {
        let id = programme::add_room(txn, event_id, &r.code, &r.name, r.capacity).await?;
        rooms.insert(r.code.clone(), id);
    }
    let mut speakers = HashMap::new();
    for s in &p.speakers {
        let (bio, tr) = split(&s.bio, Locale::En);
        let organisation = if s.organisation.is_empty() {
            None
        } else {
            pumasi_store::members::by_slug(txn, &s.organisation, Locale::En)
                .await
                .ok()
                .map(|o| o.id)
        };
        let id = programme::add_speaker(
            txn,
            event_id,
            &programme::NewSpeaker {
                code: s.code.clone(),
                name: s.name.clone(),
                organisation,
                organisation_name: s.organisation_name.clone(),
                bio,
                lang: Some(Locale::En.into()),
                account: None,
                translations: tr,
            },
        )
        .await?;
        speakers.insert(s.code.clone(), id);
    }
    let event = events::by_id(txn, event_id, lang).await?;
    for s in &p.sessions {
        let (title, title_t) = split(&s.title, lang);
        let (description, description_t) = split(&s.description, lang);
        let raw = RawSession {
            title,
            description,
            lang: lang.code().to_owned(),
            format: s.format.clone(),
            track: s
                .track
                .as_ref()
                .and_then(|t| tracks.get(t))
                .map(Uuid::to_string)
                .unwrap_or_default(),
            room: rooms.get(&s.room).map(Uuid::to_string).unwrap_or_default(),
            languages: s.languages.join(","),
            interpretation: s.interpretation.join(","),
            starts_at: s.starts_at.clone(),
            ends_at: s.ends_at.clone(),
            capacity: opt(s.capacity),
        };
        let input = raw
            .validate(&event.window())
            .map_err(|errs| invalid(&s.code, &errs))?;
        let people: Vec<(Uuid, SpeakerRole)> = s
            .speakers
            .iter()
            .map(|c| (c, SpeakerRole::Speaker))
            .chain(s.moderators.iter().map(|c| (c, SpeakerRole::Moderator)))
            .filter_map(|(c, r)| Some((*speakers.get(c)?, r)))
            .collect();
        let id = programme::create_session(txn, event_id, &input, &people, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo session {}: {e}", s.code))?;
        for (field, ts) in [("title", title_t), ("description", description_t)] {
            for (l, t) in ts {
                programme::set_session_translation(txn, id, field, l, &t).await?;
            }
        }
        if s.cancelled {
            let version = programme::session(txn, id, lang).await?.version;
            programme::set_cancelled(txn, id, version, true, None).await?;
        }
    }
    for t in &p.registration_types {
        let (name, translations) = split(&t.name, lang);
        registration::add_type(
            txn,
            event_id,
            &registration::NewType {
                code: t.code.clone(),
                name,
                fee_minor: t.fee_minor,
                currency: t.currency.clone(),
                members_only: t.members_only,
                requires_code: t.requires_code,
                translations,
            },
        )
        .await?;
    }
    for q in &p.questions {
        let (label, label_t) = split(&q.label, lang);
        let kind = QuestionKind::parse(&q.kind)
            .with_context(|| format!("demo question {}: kind {}", q.code, q.kind))?;
        let options = q.options.get(lang.code()).cloned().unwrap_or_default();
        let translations = label_t
            .into_iter()
            .map(|(l, text)| {
                let opts = q.options.get(l.code()).cloned().unwrap_or_default();
                (l, text, opts)
            })
            .collect();
        registration::add_question(
            txn,
            event_id,
            &registration::NewQuestion {
                code: q.code.clone(),
                kind,
                label,
                options,
                required: q.required,
                translations,
            },
        )
        .await?;
    }
    // Speakers register with this code (shown to the secretariat in the demo output).
    registration::add_invitation(txn, event_id, "SPEAKER-2027", None, 100, "demo speakers").await?;
    Ok(file.events.len())
}
