//! iCalendar feeds (RFC 5545): one per event (the event itself, then every session) and one per
//! participant ("my programme"). UIDs are the records' ids, so a calendar that subscribed keeps
//! one entry per session; SEQUENCE follows each record's edits.

use super::register::resolve as register_key;
use crate::error::{AppError, PageError};
use crate::page::Ctx;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pumasi_domain::ical::{Calendar, VEvent, When};
use pumasi_store::events::programme::{self, Programme, Session};
use pumasi_store::events::{self, Event, registration};

fn host(base: &str) -> &str {
    base.split("://")
        .nth(1)
        .unwrap_or(base)
        .split('/')
        .next()
        .unwrap_or("pumasi")
}

fn event_entry(ctx: &Ctx, e: &Event) -> VEvent {
    let base = &ctx.state.config.base_url;
    VEvent {
        uid: format!("{}@{}", e.id, host(base)),
        sequence: e.sequence,
        stamp: e.updated_at,
        last_modified: e.updated_at,
        when: When::AllDay {
            first: e.starts_on,
            last_inclusive: e.ends_on,
        },
        summary: e.title.text.clone(),
        description: (!e.theme.text.is_empty()).then(|| e.theme.text.clone()),
        location: Some(super::place(ctx.i(), e)),
        url: Some(format!("{base}/{}/events/{}", ctx.i().code(), e.slug)),
        cancelled: false,
        categories: vec![ctx.i().t(&format!("event-kind-{}", e.kind.code()))],
    }
}

fn session_entry(ctx: &Ctx, e: &Event, p: &Programme, s: &Session) -> VEvent {
    let base = &ctx.state.config.base_url;
    let mut location = Vec::new();
    if let Some(r) = p.room(s.room) {
        location.push(r.name.clone());
    }
    if !e.venue.is_empty() {
        location.push(e.venue.clone());
    }
    if !e.host_city.is_empty() {
        location.push(e.host_city.clone());
    }
    let speakers: Vec<String> = s
        .people
        .iter()
        .filter_map(|(id, _)| p.speaker(*id).map(|sp| sp.name.clone()))
        .collect();
    let mut description = s.description.text.clone();
    if !speakers.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&speakers.join(", "));
    }
    VEvent {
        uid: format!("{}@{}", s.id, host(base)),
        sequence: s.sequence,
        stamp: s.updated_at,
        last_modified: s.updated_at,
        when: When::Timed {
            start: s.starts_at,
            end: s.ends_at,
        },
        summary: s.title.text.clone(),
        description: (!description.is_empty()).then_some(description),
        location: (!location.is_empty()).then(|| location.join(", ")),
        url: Some(format!(
            "{base}/{}/events/{}/sessions/{}",
            ctx.i().code(),
            e.slug,
            s.id
        )),
        cancelled: s.cancelled_at.is_some(),
        categories: p
            .track(s.track)
            .map(|t| vec![t.name.text.clone()])
            .unwrap_or_default(),
    }
}

fn respond(cal: &Calendar, filename: &str, private: bool) -> Response {
    let mut r = cal.render().into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if private {
            "private, no-store"
        } else {
            "public, max-age=300"
        }),
    );
    r
}

/// `GET /{locale}/events/{slug}/calendar.ics`: the event and every session.
///
/// # Errors
/// `NotFound`.
pub async fn event_feed(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let e = events::by_slug(db, &slug, ctx.locale())
        .await
        .map_err(|err| ctx.err(err))?;
    let p = programme::programme(db, e.id, ctx.locale()).await?;
    let mut entries = vec![event_entry(&ctx, &e)];
    entries.extend(p.sessions.iter().map(|s| session_entry(&ctx, &e, &p, s)));
    let cal = Calendar {
        name: e.title.text.clone(),
        prodid: "-//Pumasi//Events//EN".to_owned(),
        tz: e.time_zone,
        events: entries,
    };
    Ok(respond(&cal, &format!("{}.ics", e.slug), false))
}

/// `GET /{locale}/registrations/{key}/calendar.ics`: the event and the sessions in the
/// participant's programme.
///
/// # Errors
/// `NotFound`.
pub async fn personal_feed(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let (r, e) = register_key(&ctx, &key).await?;
    if r.state == pumasi_domain::events::RegistrationState::Cancelled {
        return Err(ctx.err(AppError::NotFound));
    }
    let p = programme::programme(db, e.id, ctx.locale()).await?;
    let mine = registration::bookings(db, r.id).await?;
    let mut event = event_entry(&ctx, &e);
    // A confirmed seat's calendar carries the online event's join link; the public feed never.
    if r.state == pumasi_domain::events::RegistrationState::Confirmed
        && let Some(join) = &e.online_url
    {
        event.location = Some(join.clone());
    }
    let mut entries = vec![event];
    entries.extend(
        p.sessions
            .iter()
            .filter(|s| mine.contains(&s.id))
            .map(|s| session_entry(&ctx, &e, &p, s)),
    );
    let cal = Calendar {
        name: ctx.i().ts("ics-my-programme", &e.title.text),
        prodid: "-//Pumasi//Events//EN".to_owned(),
        tz: e.time_zone,
        events: entries,
    };
    Ok(respond(&cal, &format!("{}-my-programme.ics", e.slug), true))
}
