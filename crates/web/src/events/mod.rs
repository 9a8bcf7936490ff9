//! Forums and events on the web: the calendar and the archive of editions (`public`), the
//! registration form, a participant's own page with badge and "my programme" (`register`), and
//! the organisers' pages: registrations, CSV, check-in, badges, editing (`organise`), and the
//! call for proposals (`proposals`), setting an event up (`setup`). iCalendar feeds are in `ical`, the JSON API in `api`.

pub mod api;
pub mod ical;
pub mod organise;
pub mod proposals;
pub mod public;
pub mod register;
pub mod setup;

use crate::AppState;
use crate::error::PageError;
use crate::i18n::I18n;
use crate::page::Ctx;
use axum::Router;
use axum::routing::{get, post};
use pumasi_domain::events::EventRole;
use pumasi_domain::policy::EventAction;
use pumasi_domain::policy::allows_event;
use pumasi_store::events::{self, Event};
use pumasi_store::members::Localized;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/events", get(public::calendar))
        .route("/{locale}/forums", get(public::archive))
        .route(
            "/{locale}/events/new",
            get(organise::new_form).post(organise::create),
        )
        .route("/{locale}/events/{slug}", get(public::event_page))
        .route("/{locale}/events/{slug}/programme", get(public::timetable))
        .route(
            "/{locale}/events/{slug}/sessions/{id}",
            get(public::session_page),
        )
        .route(
            "/{locale}/events/{slug}/calendar.ics",
            get(ical::event_feed),
        )
        .route(
            "/{locale}/events/{slug}/speakers/{id}/photo",
            get(public::speaker_photo),
        )
        .route(
            "/{locale}/events/{slug}/register",
            get(register::form).post(register::submit),
        )
        .route("/{locale}/registrations", get(register::mine))
        .route("/{locale}/registrations/{token}", get(register::show))
        .route(
            "/{locale}/registrations/{token}/cancel",
            post(register::cancel),
        )
        .route(
            "/{locale}/registrations/{token}/programme",
            get(register::programme).post(register::book),
        )
        .route(
            "/{locale}/registrations/{token}/calendar.ics",
            get(ical::personal_feed),
        )
        .route(
            "/{locale}/registrations/{token}/badge",
            get(register::badge),
        )
        .route(
            "/{locale}/registrations/{token}/certificate",
            get(register::certificate),
        )
        .route("/{locale}/events/{slug}/manage", get(organise::manage))
        .route(
            "/{locale}/events/{slug}/edit",
            get(organise::edit_form).post(organise::edit),
        )
        .route(
            "/{locale}/events/{slug}/sessions/new",
            get(organise::session_form).post(organise::session_save),
        )
        .route(
            "/{locale}/events/{slug}/sessions/{id}/edit",
            get(organise::session_form).post(organise::session_save),
        )
        .route(
            "/{locale}/events/{slug}/sessions/{id}/cancel",
            post(organise::session_cancel),
        )
        .route(
            "/{locale}/events/{slug}/sessions/{id}/translation",
            post(organise::session_translation),
        )
        .route(
            "/{locale}/events/{slug}/registrations.csv",
            get(organise::export_csv),
        )
        .route(
            "/{locale}/events/{slug}/registrations/{id}/payment",
            post(organise::payment),
        )
        .route(
            "/{locale}/events/{slug}/checkin",
            get(organise::checkin_form).post(organise::checkin),
        )
        .route("/{locale}/events/{slug}/badges", get(organise::badges))
        .route("/{locale}/events/{slug}/setup", get(setup::show))
        .route(
            "/{locale}/events/{slug}/setup/{part}",
            // Room for a photo of the largest size accepted and the form's other fields.
            post(setup::save).layer(axum::extract::DefaultBodyLimit::max(
                setup::PHOTO_MAX + 256 * 1024,
            )),
        )
        .route("/{locale}/events/{slug}/proposals", get(proposals::list))
        .route(
            "/{locale}/events/{slug}/proposals/new",
            get(proposals::new_form).post(proposals::submit),
        )
        .route(
            "/{locale}/events/{slug}/proposals/{id}",
            get(proposals::show),
        )
        .route(
            "/{locale}/events/{slug}/proposals/{id}/review",
            post(proposals::review),
        )
        .route(
            "/{locale}/events/{slug}/proposals/{id}/decide",
            post(proposals::decide),
        )
}

/// A note under a translated field: "shown in …" for a fallback, or "needs review".
#[must_use]
pub fn note(i: I18n, lz: &Localized) -> String {
    if lz.fallback {
        i.ts("shown-in", &i.language_name(lz.lang.code()))
    } else if lz.needs_review {
        i.t("translation-needs-review")
    } else {
        String::new()
    }
}

/// The event of a page and the reader's roles in it.
pub struct Scoped {
    pub event: Event,
    pub roles: Vec<EventRole>,
}

impl Scoped {
    /// # Errors
    /// `NotFound` for an unknown slug.
    pub async fn load(ctx: &Ctx, slug: &str) -> Result<Self, PageError> {
        let db = &ctx.state.store.db;
        let event = events::by_slug(db, slug, ctx.locale())
            .await
            .map_err(|e| ctx.err(e))?;
        let roles = events::roles_of(db, event.id, ctx.actor.account)
            .await
            .map_err(|e| ctx.err(e))?;
        Ok(Self { event, roles })
    }

    #[must_use]
    pub fn can(&self, ctx: &Ctx, action: EventAction) -> bool {
        allows_event(&ctx.actor, &self.roles, action)
    }

    /// # Errors
    /// `Unauthorized` for anonymous readers, `Forbidden` otherwise.
    pub fn require(&self, ctx: &Ctx, action: EventAction) -> Result<(), PageError> {
        if self.can(ctx, action) {
            Ok(())
        } else if ctx.account.is_none() {
            Err(ctx.err(crate::error::AppError::Unauthorized))
        } else {
            Err(ctx.err(crate::error::AppError::Forbidden))
        }
    }
}

/// "11–13 May 2027" style range in the reader's locale.
#[must_use]
pub fn date_range(i: I18n, a: chrono::NaiveDate, b: chrono::NaiveDate) -> String {
    if a == b {
        i.date(a)
    } else {
        format!("{} – {}", i.date(a), i.date(b))
    }
}

/// A moment shown as a local time of day in `tz` (the event's zone): `09:30`.
#[must_use]
pub fn hm(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// The local day of a moment in `tz`.
#[must_use]
pub fn local_day(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> chrono::NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The event's place as one line: venue, city, country — or "online".
#[must_use]
pub fn place(i: I18n, e: &Event) -> String {
    let mut parts = Vec::new();
    if !e.venue.is_empty() {
        parts.push(e.venue.clone());
    }
    if !e.host_city.is_empty() {
        parts.push(e.host_city.clone());
    }
    if let Some(c) = &e.country {
        parts.push(i.country(c));
    }
    if parts.is_empty() {
        i.t("event-mode-online")
    } else {
        parts.join(", ")
    }
}

/// The private link's token of a registration: an HMAC of its id under the installation's key,
/// so that emails sent later (a promotion from the waitlist) can carry the link while the
/// database stores only the token's hash.
#[must_use]
pub fn link_token(state: &AppState, id: uuid::Uuid) -> String {
    use base64::Engine;
    use hmac::Mac;
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&state.link_key) else {
        // HMAC accepts keys of any length; this branch cannot be taken.
        return String::new();
    };
    mac.update(b"registration:");
    mac.update(id.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}
