//! Public event pages: the calendar (list and month), the archive of forum editions with a map
//! of host cities, an event's page with schema.org JSON-LD, the timetable per day and a
//! session's page. All are anonymous-cacheable.

use super::{Scoped, date_range, hm, local_day, note, place};
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::members::markdown;
use crate::page::{Ctx, Shell};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use pumasi_domain::events::{EventKind, SpeakerRole};
use pumasi_domain::policy::EventAction;
use pumasi_store::events::programme::{self, Programme, Session};
use pumasi_store::events::{self, Event, EventFilter, registration};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// An event in a list: what a card shows.
pub struct Card {
    pub slug: String,
    pub title: String,
    pub title_lang: String,
    pub kind: String,
    pub mode: String,
    pub when: String,
    pub place: String,
    pub status: String,
    pub fictional: bool,
    pub theme: String,
}

impl Card {
    /// When, where, what kind and how, each said once ("online · webinar", not
    /// "online · webinar · online").
    #[must_use]
    pub fn facts(&self) -> String {
        let mut said: Vec<&str> = Vec::new();
        for part in [&self.when, &self.place, &self.kind, &self.mode] {
            let p = part.trim();
            if !p.is_empty() && !said.iter().any(|s| s.eq_ignore_ascii_case(p)) {
                said.push(p);
            }
        }
        said.join(" · ")
    }

    #[must_use]
    pub fn new(i: I18n, e: &Event) -> Self {
        Card {
            slug: e.slug.clone(),
            title: e.title.text.clone(),
            title_lang: e.title.lang.code().to_owned(),
            kind: i.t(&format!("event-kind-{}", e.kind.code())),
            mode: i.t(&format!("event-mode-{}", e.mode.code())),
            when: date_range(i, e.starts_on, e.ends_on),
            place: place(i, e),
            status: i.t(&format!("event-status-{}", e.status.code())),
            fictional: e.fictional,
            theme: e.theme.text.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "events_calendar.html")]
struct CalendarPage {
    shell: Shell,
    i: I18n,
    upcoming: Vec<Card>,
    past: Vec<Card>,
    /// Month view: (title, weeks of 7 days with `(day number, in month, events)`), prev, next.
    month: Option<MonthView>,
    this_month: String,
}

/// One day of the month grid: day number, whether it is in the month, `(slug, title)` events.
type Day = (u32, bool, Vec<(String, String)>);

struct MonthView {
    title: String,
    weeks: Vec<Vec<Day>>,
    prev: String,
    next: String,
    weekdays: Vec<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct CalendarQuery {
    month: Option<String>,
}

/// `YYYY-MM` within the years a calendar of this network can mean.
fn parse_month(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
}

fn month_view(i: I18n, first: NaiveDate, list: &[Event]) -> MonthView {
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let prev = first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first);
    let start = first - chrono::Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    let mut day = start;
    while day < next || weeks.is_empty() {
        let mut week = Vec::new();
        for _ in 0..7 {
            let evs = list
                .iter()
                .filter(|e| e.starts_on <= day && day <= e.ends_on)
                .map(|e| (e.slug.clone(), e.title.text.clone()))
                .collect();
            week.push((day.day(), day.month() == first.month(), evs));
            day = day.succ_opt().unwrap_or(day);
        }
        weeks.push(week);
    }
    let weekdays = (0..7).map(|d| i.t(&format!("weekday-{d}"))).collect();
    MonthView {
        title: i.ta(
            "calendar-month-title",
            &[
                ("month", i.t(&format!("month-{}", first.month())).into()),
                ("year", i64::from(first.year()).into()),
            ],
        ),
        weeks,
        prev: prev.format("%Y-%m").to_string(),
        next: next.format("%Y-%m").to_string(),
        weekdays,
    }
}

/// `/{locale}/events`: upcoming and recent events as a list, or one month as a grid.
///
/// # Errors
/// Database errors.
pub async fn calendar(ctx: Ctx, Query(q): Query<CalendarQuery>) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let today = chrono::Utc::now().date_naive();
    let month = match q.month.as_deref() {
        None | Some("") => None,
        Some(m) => Some(parse_month(m).ok_or_else(|| ctx.err(AppError::NotFound))?),
    };
    let page = if let Some(first) = month {
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let list = events::list(
            db,
            &EventFilter {
                from: Some(first - chrono::Duration::days(7)),
                to: Some(last + chrono::Duration::days(7)),
                ..EventFilter::default()
            },
            i.locale,
        )
        .await?;
        CalendarPage {
            upcoming: list.iter().map(|e| Card::new(i, e)).collect(),
            past: Vec::new(),
            month: Some(month_view(i, first, &list)),
            this_month: today.format("%Y-%m").to_string(),
            shell: ctx.shell.clone(),
            i,
        }
    } else {
        let upcoming = events::list(
            db,
            &EventFilter {
                from: Some(today),
                ..EventFilter::default()
            },
            i.locale,
        )
        .await?;
        let past = events::list(
            db,
            &EventFilter {
                to: Some(today.pred_opt().unwrap_or(today)),
                newest_first: true,
                ..EventFilter::default()
            },
            i.locale,
        )
        .await?;
        CalendarPage {
            upcoming: upcoming.iter().map(|e| Card::new(i, e)).collect(),
            past: past
                .iter()
                .filter(|e| e.ends_on < today)
                .map(|e| Card::new(i, e))
                .collect(),
            month: None,
            this_month: today.format("%Y-%m").to_string(),
            shell: ctx.shell.clone(),
            i,
        }
    };
    ctx.render_public(&page)
}

#[derive(Template)]
#[template(path = "forums.html")]
struct ArchivePage {
    shell: Shell,
    i: I18n,
    editions: Vec<(Card, Option<i32>, Option<i32>)>,
    map: String,
}

/// `/{locale}/forums`: every forum edition, newest first, with a map of host cities.
///
/// # Errors
/// Database errors.
pub async fn archive(ctx: Ctx) -> Result<Response, PageError> {
    let i = ctx.i();
    let list = events::list(
        &ctx.state.store.db,
        &EventFilter {
            kind: Some(EventKind::Forum),
            newest_first: true,
            ..EventFilter::default()
        },
        i.locale,
    )
    .await?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    let labels: Vec<String> = list
        .iter()
        .map(|e| format!("{} {}", e.edition_year.unwrap_or(0), e.host_city))
        .collect();
    let mut points = Vec::new();
    for (e, label) in list.iter().zip(&labels) {
        if let Some(c) = &e.country {
            *counts.entry(c.clone()).or_default() += 1;
        }
        if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
            points.push(crate::svg::MapPoint {
                label,
                href: Some(format!("/{}/events/{}", i.code(), e.slug)),
                count: 1,
                lat,
                lon,
            });
        }
    }
    let map = crate::svg::world_map(
        &counts,
        &points,
        &i.t("forums-map-title"),
        &i.tn("forums-map-desc", list.len() as u64),
        i.code(),
        None,
    );
    ctx.render_public(&ArchivePage {
        editions: list
            .iter()
            .map(|e| (Card::new(i, e), e.edition_year, e.participants))
            .collect(),
        map,
        shell: ctx.shell.clone(),
        i,
    })
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    shell: Shell,
    i: I18n,
    e: Event,
    card: Card,
    title_note: String,
    description_html: String,
    description_note: String,
    outcomes_html: String,
    sessions: usize,
    can_register: bool,
    can_manage: bool,
    can_review: bool,
    json_ld: String,
    /// Library items about it and declarations adopted during it.
    links: pumasi_store::links::EventLinks,
    /// Declarations and events its text names, and library items, events and declarations
    /// that name it (beyond the links above).
    mentions: Vec<pumasi_store::search::Card>,
}

/// schema.org `Event` for search engines and aggregators.
fn json_ld(e: &Event, base: &str, locale: &str) -> String {
    let url = format!("{base}/{locale}/events/{}", e.slug);
    let mode = match e.mode {
        pumasi_domain::events::EventMode::InPerson => "OfflineEventAttendanceMode",
        pumasi_domain::events::EventMode::Online => "OnlineEventAttendanceMode",
        pumasi_domain::events::EventMode::Hybrid => "MixedEventAttendanceMode",
    };
    let mut location = Vec::new();
    if !e.host_city.is_empty() {
        location.push(serde_json::json!({
            "@type": "Place",
            "name": if e.venue.is_empty() { &e.host_city } else { &e.venue },
            "address": { "@type": "PostalAddress", "addressLocality": e.host_city, "addressCountry": e.country },
        }));
    }
    // The join link is for confirmed registrants only (their page and email): the public
    // description points at the event's page.
    if e.online_url.is_some() {
        location.push(serde_json::json!({ "@type": "VirtualLocation", "url": url }));
    }
    let v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": e.title.text,
        "description": e.theme.text,
        "inLanguage": e.title.lang.code(),
        "startDate": e.starts_on.to_string(),
        "endDate": e.ends_on.to_string(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "location": location,
        "organizer": e.hosts.iter().map(|h| serde_json::json!({
            "@type": "Organization", "name": h.name, "url": format!("{base}/{locale}/members/{}", h.slug)
        })).collect::<Vec<_>>(),
        "maximumAttendeeCapacity": e.capacity,
    });
    crate::page::json_for_script(&v)
}

/// `/{locale}/events/{slug}`.
///
/// # Errors
/// `NotFound`.
pub async fn event_page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let prog = programme::programme(db, s.event.id, i.locale).await?;
    let can_manage = s.can(&ctx, EventAction::CheckIn);
    let can_review = s.can(&ctx, EventAction::Review);
    let e = s.event;
    let links = pumasi_store::links::of_event(db, e.id, e.starts_on, e.ends_on, i.locale).await?;
    let (raw, _, translations) = pumasi_store::events::raw(db, e.id).await?;
    let titles: Vec<String> = std::iter::once(raw.title.clone())
        .chain(
            translations
                .iter()
                .filter(|t| t.0 == "title")
                .map(|t| t.2.clone()),
        )
        .collect();
    let text = std::iter::once(format!("{}\n{}", raw.description, raw.outcomes))
        .chain(
            translations
                .iter()
                .filter(|t| t.0 == "description" || t.0 == "outcomes")
                .map(|t| t.2.clone()),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let listed: Vec<String> = links
        .declarations
        .iter()
        .map(|d| format!("/declarations/{}", d.slug))
        .chain(links.library.iter().map(|l| format!("/library/{}", l.slug)))
        .collect();
    let mut mentions = crate::mentions::of(&ctx.state, e.id, &titles, &text, i.locale).await?;
    mentions.retain(|c| !listed.contains(&c.path));
    let page = EventPage {
        mentions,
        links,
        card: Card::new(i, &e),
        title_note: note(i, &e.title),
        description_html: markdown(&e.description.text),
        description_note: note(i, &e.description),
        outcomes_html: markdown(&e.outcomes.text),
        sessions: prog.sessions.len(),
        can_register: e.status.takes_registrations(),
        can_manage,
        can_review,
        json_ld: json_ld(&e, &ctx.state.config.base_url, i.code()),
        e,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render_public(&page)
}

/// A session as a timetable row shows it.
pub struct SessionRow {
    pub id: Uuid,
    pub title: String,
    pub title_lang: String,
    pub start: String,
    pub end: String,
    pub room: String,
    pub track: String,
    pub format: String,
    pub languages: String,
    pub interpretation: String,
    pub speakers: Vec<(String, String)>,
    pub moderators: Vec<(String, String)>,
    /// Live places left: shown only on a participant's own (uncached) programme page.
    pub places_left: Option<i32>,
    /// The session's own capacity, shown on public pages.
    pub capacity: Option<i32>,
    /// Cancelled by the organisers: shown marked, and nobody can add it.
    pub cancelled: bool,
}

impl SessionRow {
    #[must_use]
    pub fn new(i: I18n, p: &Programme, s: &Session, tz: chrono_tz::Tz) -> Self {
        let names = |role: SpeakerRole| {
            s.people
                .iter()
                .filter(|(_, r)| *r == role)
                .filter_map(|(id, _)| p.speaker(*id))
                .map(|sp| (sp.name.clone(), sp.organisation_name.clone()))
                .collect()
        };
        let langs = |ls: &[pumasi_domain::locale::Locale]| {
            ls.iter()
                .map(|l| i.t(&format!("language-{}", l.code())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        SessionRow {
            id: s.id,
            title: s.title.text.clone(),
            title_lang: s.title.lang.code().to_owned(),
            start: hm(s.starts_at, tz),
            end: hm(s.ends_at, tz),
            room: p.room(s.room).map(|r| r.name.clone()).unwrap_or_default(),
            track: p
                .track(s.track)
                .map(|t| t.name.text.clone())
                .unwrap_or_default(),
            format: i.t(&format!("session-format-{}", s.format.code())),
            languages: langs(&s.languages),
            interpretation: langs(&s.interpretation),
            speakers: names(SpeakerRole::Speaker),
            moderators: names(SpeakerRole::Moderator),
            places_left: s.places_left(),
            capacity: s.capacity,
            cancelled: s.cancelled_at.is_some(),
        }
    }
}

/// The days of a programme and the sessions of one of them, grouped by start time.
pub struct Days {
    pub days: Vec<(String, String, bool)>,
    pub slots: Vec<(String, Vec<SessionRow>)>,
    pub day_label: String,
}

impl Days {
    #[must_use]
    pub fn new(i: I18n, e: &Event, p: &Programme, want: Option<&str>) -> Self {
        let tz = e.time_zone;
        let mut by_day: BTreeMap<NaiveDate, Vec<&Session>> = BTreeMap::new();
        for s in &p.sessions {
            by_day
                .entry(local_day(s.starts_at, tz))
                .or_default()
                .push(s);
        }
        let chosen = want
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .filter(|d| by_day.contains_key(d))
            .or_else(|| by_day.keys().next().copied());
        let days = by_day
            .keys()
            .map(|d| (d.to_string(), i.date(*d), Some(*d) == chosen))
            .collect();
        let mut slots: Vec<(String, Vec<SessionRow>)> = Vec::new();
        if let Some(d) = chosen {
            for s in by_day.get(&d).into_iter().flatten() {
                let row = SessionRow::new(i, p, s, tz);
                match slots.last_mut() {
                    Some((start, rows)) if *start == row.start => rows.push(row),
                    _ => slots.push((row.start.clone(), vec![row])),
                }
            }
        }
        Days {
            days,
            slots,
            day_label: chosen.map(|d| i.date(d)).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "timetable.html")]
struct TimetablePage {
    shell: Shell,
    i: I18n,
    e: Event,
    days: Days,
    zone: String,
    booking: bool,
    booked: Vec<Uuid>,
    token: String,
    day: String,
}

#[derive(serde::Deserialize, Default)]
pub struct DayQuery {
    day: Option<String>,
}

/// `/{locale}/events/{slug}/programme?day=YYYY-MM-DD`: one day of the timetable.
///
/// # Errors
/// `NotFound`.
pub async fn timetable(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    let i = ctx.i();
    let p = programme::programme(&ctx.state.store.db, s.event.id, i.locale).await?;
    let days = Days::new(i, &s.event, &p, q.day.as_deref());
    ctx.render_public(&TimetablePage {
        booking: false,
        booked: Vec::new(),
        token: String::new(),
        day: String::new(),
        zone: s.event.time_zone.name().to_owned(),
        e: s.event,
        days,
        shell: ctx.shell.clone(),
        i,
    })
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage {
    shell: Shell,
    i: I18n,
    e: Event,
    row: SessionRow,
    day: String,
    description_html: String,
    description_note: String,
    speakers: Vec<(
        pumasi_store::events::programme::Speaker,
        SpeakerRole,
        String,
    )>,
    can_edit: bool,
}

/// `/{locale}/events/{slug}/sessions/{id}`.
///
/// # Errors
/// `NotFound`, also for a session of another event.
pub async fn session_page(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    let i = ctx.i();
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let p = programme::programme(&ctx.state.store.db, s.event.id, i.locale).await?;
    let session = p.session(id).ok_or_else(|| ctx.err(AppError::NotFound))?;
    let speakers = session
        .people
        .iter()
        .filter_map(|(sid, role)| {
            let sp = p.speaker(*sid)?.clone();
            let bio = markdown(&sp.bio.text);
            Some((sp, *role, bio))
        })
        .collect();
    let page = SessionPage {
        row: SessionRow::new(i, &p, session, s.event.time_zone),
        day: i.date(local_day(session.starts_at, s.event.time_zone)),
        description_html: markdown(&session.description.text),
        description_note: note(i, &session.description),
        speakers,
        can_edit: s.can(&ctx, EventAction::Edit),
        e: s.event,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render_public(&page)
}

/// A speaker's photo, with the type it was checked to be.
///
/// # Errors
/// `NotFound`.
pub async fn speaker_photo(
    State(st): State<crate::AppState>,
    Path((_, _slug, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let (ct, bytes) = programme::speaker_photo(&st.store.db, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Seats and waitlist figures for the event page of organisers (kept here for reuse).
///
/// # Errors
/// Database errors.
pub async fn counts(ctx: &Ctx, e: &Event) -> Result<registration::Counts, PageError> {
    registration::counts(&ctx.state.store.db, e.id)
        .await
        .map_err(|err| ctx.err(err))
}
