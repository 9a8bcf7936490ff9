//! The events part of the JSON API: editions and other events, their sessions, registering
//! (anonymously or signed in) and reading one's own registration. Types here are the API's
//! own, separate from store rows.

use crate::AppState;
use crate::api::{Problem, json_body, locale};
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use pumasi_domain::FieldError;
use pumasi_domain::events::{EventKind, badge_code, display_badge_code};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::{EventAction, allows_event};
use pumasi_store::events::programme::{self, Programme, Session};
use pumasi_store::events::registration::{self, NewRegistration, Registration};
use pumasi_store::events::{self, Event, EventFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// An event as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub slug: String,
    /// `forum`, `meeting`, `webinar`, `training` or `study_visit`.
    pub kind: String,
    pub edition_year: Option<i32>,
    /// `planned`, `proposals`, `registration`, `running` or `closed`.
    pub status: String,
    /// `in_person`, `online` or `hybrid`.
    pub mode: String,
    /// In the requested language, or the base language when untranslated.
    pub title: String,
    pub title_lang: String,
    pub theme: String,
    /// Markdown.
    pub description: String,
    pub host_city: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// IANA time zone of the event; sessions' local times are in it.
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub venue: String,
    pub capacity: Option<i32>,
    pub participants: Option<i32>,
    pub hosts: Vec<String>,
    pub fictional: bool,
    pub url: String,
    pub ical: String,
}

impl EventDto {
    fn new(e: Event, base: &str, l: Locale) -> Self {
        let url = format!("{base}/{}/events/{}", l.code(), e.slug);
        Self {
            ical: format!("{url}/calendar.ics"),
            url,
            slug: e.slug,
            kind: e.kind.code().to_owned(),
            edition_year: e.edition_year,
            status: e.status.code().to_owned(),
            mode: e.mode.code().to_owned(),
            title: e.title.text,
            title_lang: e.title.lang.code().to_owned(),
            theme: e.theme.text,
            description: e.description.text,
            host_city: e.host_city,
            country: e.country,
            latitude: e.latitude,
            longitude: e.longitude,
            time_zone: e.time_zone.name().to_owned(),
            starts_on: e.starts_on.to_string(),
            ends_on: e.ends_on.to_string(),
            venue: e.venue,
            capacity: e.capacity,
            participants: e.participants,
            hosts: e.hosts.into_iter().map(|h| h.slug).collect(),
            fictional: e.fictional,
        }
    }
}

/// A programme session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub id: Uuid,
    pub title: String,
    pub title_lang: String,
    pub description: String,
    pub format: String,
    pub track: Option<String>,
    pub room: Option<String>,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// Spoken languages.
    pub languages: Vec<String>,
    /// Interpretation offered into these languages.
    pub interpretation: Vec<String>,
    pub capacity: Option<i32>,
    pub speakers: Vec<String>,
    pub moderators: Vec<String>,
    /// RFC 3339, UTC: when the organisers cancelled the session; null while it takes place.
    pub cancelled_at: Option<String>,
}

impl SessionDto {
    fn new(p: &Programme, s: &Session) -> Self {
        let people = |role: pumasi_domain::events::SpeakerRole| {
            s.people
                .iter()
                .filter(|(_, r)| *r == role)
                .filter_map(|(id, _)| p.speaker(*id).map(|sp| sp.name.clone()))
                .collect()
        };
        let codes = |ls: &[Locale]| ls.iter().map(|l| l.code().to_owned()).collect();
        Self {
            id: s.id,
            title: s.title.text.clone(),
            title_lang: s.title.lang.code().to_owned(),
            description: s.description.text.clone(),
            format: s.format.code().to_owned(),
            track: p.track(s.track).map(|t| t.name.text.clone()),
            room: p.room(s.room).map(|r| r.name.clone()),
            starts_at: s.starts_at.to_rfc3339(),
            ends_at: s.ends_at.to_rfc3339(),
            languages: codes(&s.languages),
            interpretation: codes(&s.interpretation),
            capacity: s.capacity,
            speakers: people(pumasi_domain::events::SpeakerRole::Speaker),
            moderators: people(pumasi_domain::events::SpeakerRole::Moderator),
            cancelled_at: s.cancelled_at.map(|t| t.to_rfc3339()),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EventParams {
    /// Response language: ko, en, fr or es (default: Accept-Language).
    lang: Option<String>,
    /// Only events of this kind.
    kind: Option<String>,
    /// Only events ending on or after this day (YYYY-MM-DD).
    from: Option<String>,
}

fn bad(field: &str, code: &'static str) -> ApiError {
    ApiError(AppError::Invalid(vec![FieldError::new(field, code)]))
}

/// Events, soonest first.
#[utoipa::path(get, path = "/api/v1/events", params(EventParams),
    responses((status = 200, body = [EventDto]), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list_events(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<EventParams>,
) -> Result<Json<Vec<EventDto>>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    let kind = match p.kind.as_deref() {
        None | Some("") => None,
        Some(k) => EventKind::parse(k).or_else(|| {
            errs.push(FieldError::new("kind", "error-choice-invalid"));
            None
        }),
    };
    let from = match p.from.as_deref() {
        None | Some("") => None,
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| errs.push(FieldError::new("from", "error-date-invalid")))
            .ok(),
    };
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let list = events::list(
        &st.store.db,
        &EventFilter {
            kind,
            from,
            ..EventFilter::default()
        },
        l,
    )
    .await?;
    Ok(Json(
        list.into_iter()
            .map(|e| EventDto::new(e, &st.config.base_url, l))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LangParam {
    /// Response language: ko, en, fr or es (default: Accept-Language).
    lang: Option<String>,
}

/// One event by slug.
#[utoipa::path(get, path = "/api/v1/events/{slug}", params(("slug" = String, Path), LangParam),
    responses((status = 200, body = EventDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_event(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(p): Query<LangParam>,
) -> Result<Json<EventDto>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let e = events::by_slug(&st.store.db, &slug, l).await?;
    Ok(Json(EventDto::new(e, &st.config.base_url, l)))
}

/// The sessions of an event, by start time.
#[utoipa::path(get, path = "/api/v1/events/{slug}/sessions", params(("slug" = String, Path), LangParam),
    responses((status = 200, body = [SessionDto]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_sessions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(p): Query<LangParam>,
) -> Result<Json<Vec<SessionDto>>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let e = events::by_slug(&st.store.db, &slug, l).await?;
    let p = programme::programme(&st.store.db, e.id, l).await?;
    Ok(Json(
        p.sessions.iter().map(|s| SessionDto::new(&p, s)).collect(),
    ))
}

/// A registration as its holder sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationDto {
    pub id: Uuid,
    pub event: String,
    /// `confirmed`, `waitlisted` or `cancelled`.
    pub state: String,
    pub badge_code: String,
    pub name: String,
    pub email: String,
    /// `none`, `due`, `paid`, `at_venue` or `waived`.
    pub payment: String,
    pub amount_minor: i64,
    pub currency: String,
    /// Position on the waitlist (1 = next), when waitlisted.
    pub waitlist_position: Option<u64>,
    pub checked_in: bool,
    /// The private page of the registration (only in the answer to registering).
    pub link: Option<String>,
}

impl RegistrationDto {
    fn new(r: Registration, event: String, position: Option<u64>, link: Option<String>) -> Self {
        Self {
            id: r.id,
            event,
            state: r.state.code().to_owned(),
            badge_code: display_badge_code(&r.code),
            name: r.name,
            email: r.email,
            payment: r.payment.code().to_owned(),
            amount_minor: r.amount_minor,
            currency: r.currency,
            waitlist_position: position,
            checked_in: r.checked_in_at.is_some(),
            link,
        }
    }
}

/// What a client sends to register. Answers are keyed by question id.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct RegistrationWrite {
    /// A registration type code of the event.
    pub r#type: String,
    pub name: String,
    pub email: String,
    pub invitation_code: Option<String>,
    /// Response and email language: ko, en, fr or es.
    pub lang: Option<String>,
    /// `{ "<question id>": "answer or option index" }`.
    pub answers: Option<std::collections::HashMap<String, String>>,
}

/// The signed-in caller, if a session cookie came with the request (then the session's
/// `X-CSRF-Token` is required, as for every writing call made with a cookie).
async fn optional_actor(
    st: &AppState,
    headers: &HeaderMap,
) -> Result<pumasi_domain::policy::Actor, ApiError> {
    let (account, session, actor) = crate::auth::load_session(headers, st).await?;
    if let (Some(_), Some(session)) = (account, session) {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !crate::auth::constant_time_eq(sent, &session.csrf) {
            return Err(ApiError(AppError::Csrf));
        }
    }
    Ok(actor)
}

/// Register for an event, anonymously or signed in. The answer says whether a seat was
/// confirmed or the registration waits on the waitlist, and gives the private link.
#[utoipa::path(post, path = "/api/v1/events/{slug}/registrations", request_body = RegistrationWrite,
    params(("slug" = String, Path)),
    responses((status = 201, body = RegistrationDto), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn register(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<RegistrationDto>), ApiError> {
    let actor = optional_actor(&st, &headers).await?;
    let v = json_body(&headers, &body)?;
    let mut errs = Vec::new();
    let mut text = |k: &str, required: bool| match &v[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null if !required => String::new(),
        serde_json::Value::Null => {
            errs.push(FieldError::new(k, "error-required"));
            String::new()
        }
        _ => {
            errs.push(FieldError::new(k, "error-wrong-type"));
            String::new()
        }
    };
    let type_code = text("type", true);
    let name = text("name", true);
    let email = text("email", true);
    let invitation_code = text("invitation_code", false);
    let lang = text("lang", false);
    let mut answers = std::collections::HashMap::new();
    match &v["answers"] {
        serde_json::Value::Null => {}
        serde_json::Value::Object(m) => {
            for (k, a) in m {
                match a {
                    serde_json::Value::String(s) => {
                        answers.insert(format!("q-{k}"), s.clone());
                    }
                    serde_json::Value::Number(n) => {
                        answers.insert(format!("q-{k}"), n.to_string());
                    }
                    _ => errs.push(FieldError::new(format!("q-{k}"), "error-wrong-type")),
                }
            }
        }
        _ => errs.push(FieldError::new("answers", "error-wrong-type")),
    }
    let locale = if lang.is_empty() {
        None
    } else {
        let l = Locale::parse(&lang);
        if l.is_none() {
            errs.push(FieldError::new("lang", "error-locale-invalid"));
        }
        l
    };
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let e = events::by_slug(&st.store.db, &slug, locale.unwrap_or(Locale::En)).await?;
    let id = Uuid::now_v7();
    let token = super::link_token(&st, id);
    let new = NewRegistration {
        id: Some(id),
        event_id: e.id,
        type_code,
        name,
        email,
        locale,
        answers,
        invitation_code,
        account: actor.account,
        organisation: None,
        registered_by: None,
        code: badge_code(rand::random::<u64>()),
        token_hash: crate::auth::hash_token(&token),
    };
    let r = st.desk.register(&new).await?;
    let l = locale.unwrap_or(Locale::En);
    Ok((
        StatusCode::CREATED,
        Json(RegistrationDto {
            id: r.id,
            event: e.slug,
            state: r.state.code().to_owned(),
            badge_code: display_badge_code(&r.code),
            name: r.name,
            email: r.email,
            payment: r.payment.code().to_owned(),
            amount_minor: r.amount_minor,
            currency: r.currency,
            waitlist_position: r.position,
            checked_in: false,
            link: Some(format!(
                "{}/{}/registrations/{token}",
                st.config.base_url,
                l.code()
            )),
        }),
    ))
}

/// One's own registration (or, for the event's organisers, anyone's).
#[utoipa::path(get, path = "/api/v1/registrations/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = RegistrationDto), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_registration(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<RegistrationDto>, ApiError> {
    let (_, _, actor) = crate::auth::load_session(&headers, &st).await?;
    let Some(account) = actor.account else {
        return Err(ApiError(AppError::Unauthorized));
    };
    let id = Uuid::parse_str(&id).map_err(|_| bad("id", "error-wrong-type"))?;
    let r = registration::by_id(&st.store.db, id).await?;
    let roles = events::roles_of(&st.store.db, r.event_id, Some(account)).await?;
    if r.account_id != Some(account)
        && !allows_event(&actor, &roles, EventAction::ViewRegistrations)
    {
        // Whether it exists is none of the caller's business.
        return Err(ApiError(AppError::NotFound));
    }
    let e = events::by_id(&st.store.db, r.event_id, Locale::En).await?;
    let position = registration::waitlist_position(&st.store.db, &r).await?;
    Ok(Json(RegistrationDto::new(r, e.slug, position, None)))
}
