//! Organisers' pages: creating and editing an event, adding and editing sessions (with room and
//! speaker conflicts shown as field errors), the registrations with their payments and a CSV
//! export, the badge sheet, and the check-in desk that check-in staff may use without being
//! able to edit anything.

use super::Scoped;
use super::register::{Badge, badges_for};
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pumasi_domain::events::{
    EventKind, EventMode, EventStatus, Payment, RawEvent, RawSession, SessionFormat, SpeakerRole,
    display_badge_code,
};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::format_money_in;
use pumasi_domain::policy::{EventAction, allows_event};
use pumasi_store::events::programme::{self, Programme};
use pumasi_store::events::registration::{self, CheckIn, Counts, Registration};
use pumasi_store::events::{self, Event};
use std::collections::HashMap;
use uuid::Uuid;

fn raw_event(f: &FormMap) -> RawEvent {
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    RawEvent {
        slug: g("slug"),
        kind: g("kind"),
        edition_year: g("edition_year"),
        status: g("status"),
        mode: g("mode"),
        lang: g("lang"),
        title: g("title"),
        theme: g("theme"),
        description: g("description"),
        outcomes: g("outcomes"),
        payment_instructions: g("payment_instructions"),
        host_city: g("host_city"),
        country: g("country"),
        latitude: g("latitude"),
        longitude: g("longitude"),
        time_zone: g("time_zone"),
        starts_on: g("starts_on"),
        ends_on: g("ends_on"),
        venue: g("venue"),
        online_url: g("online_url"),
        capacity: g("capacity"),
        waitlist: g("waitlist"),
        participants: g("participants"),
        fictional: g("fictional"),
    }
}

/// The host organisations ticked by name (`host_<address>=on`); a `hosts` field of addresses
/// separated by commas or spaces is read too, for clients that type them.
async fn hosts(
    c: &impl pumasi_store::sea_orm::ConnectionTrait,
    f: &FormMap,
) -> Result<Vec<Uuid>, pumasi_store::StoreError> {
    /// More hosts than any forum had (Seoul 2014 had three); bounds the lookups one form can cause.
    const MAX_HOSTS: usize = 20;
    let mut slugs: Vec<&str> = f
        .iter()
        .filter(|(_, v)| v.as_str() == "on")
        .filter_map(|(k, _)| k.strip_prefix("host_"))
        .collect();
    slugs.sort_unstable();
    slugs.extend(
        f.get("hosts")
            .map_or("", String::as_str)
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty()),
    );
    if slugs.len() > MAX_HOSTS {
        return Err(pumasi_store::StoreError::invalid("hosts", "error-too-long"));
    }
    let mut out = Vec::new();
    for slug in slugs {
        let o = pumasi_store::members::by_slug(c, slug, Locale::En)
            .await
            .map_err(|_| pumasi_store::StoreError::invalid("hosts", "error-host-unknown"))?;
        if !out.contains(&o.id) {
            out.push(o.id);
        }
    }
    Ok(out)
}

fn event_values(r: &RawEvent) -> HashMap<String, String> {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| serde_json::from_value::<HashMap<String, serde_json::Value>>(v).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

type Options = Vec<(String, String, bool)>;

#[derive(Template)]
#[template(path = "event_edit.html")]
struct EventEditPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    action: String,
    version: i32,
    kinds: Options,
    statuses: Options,
    modes: Options,
    langs: Options,
    /// Organisations to tick as hosts, by name: `(slug, name, ticked)`.
    hosts: Options,
}

/// Host organisations offered by name in the reader's language; the ticked ones first.
async fn host_choices(ctx: &Ctx, form: &FormState) -> Result<Options, PageError> {
    let mut out: Options = pumasi_store::members::choices(&ctx.state.store.db, ctx.locale())
        .await?
        .into_iter()
        .map(|(slug, name)| {
            let on = form.v(&format!("host_{slug}")) == "on";
            (slug, name, on)
        })
        .collect();
    out.sort_by_key(|o| !o.2);
    Ok(out)
}

async fn edit_page(
    ctx: &Ctx,
    form: FormState,
    action: String,
    version: i32,
) -> Result<EventEditPage, PageError> {
    let i = ctx.i();
    let hosts = host_choices(ctx, &form).await?;
    let opts = |codes: Vec<&'static str>, prefix: &str, field: &str| -> Options {
        codes
            .into_iter()
            .map(|c| {
                (
                    c.to_owned(),
                    i.t(&format!("{prefix}{c}")),
                    form.selected(field, c),
                )
            })
            .collect()
    };
    Ok(EventEditPage {
        hosts,
        kinds: opts(
            EventKind::ALL.iter().map(|k| k.code()).collect(),
            "event-kind-",
            "kind",
        ),
        statuses: opts(
            EventStatus::ALL.iter().map(|k| k.code()).collect(),
            "event-status-",
            "status",
        ),
        modes: opts(
            EventMode::ALL.iter().map(|k| k.code()).collect(),
            "event-mode-",
            "mode",
        ),
        langs: crate::governance::lang_options(i, &form),
        form,
        action,
        version,
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/events/new` (secretariat).
///
/// # Errors
/// `Unauthorized` / `Forbidden`.
pub async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    if !allows_event(&ctx.actor, &[], EventAction::Create) {
        return Err(ctx.err(if ctx.account.is_none() {
            AppError::Unauthorized
        } else {
            AppError::Forbidden
        }));
    }
    let mut v = HashMap::new();
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    v.insert("time_zone".to_owned(), ctx.shell.identity.time_zone.clone());
    v.insert("waitlist".to_owned(), "on".to_owned());
    let action = format!("/{}/events/new", ctx.shell.i.code());
    ctx.render(&edit_page(&ctx, FormState::new(v), action, 0).await?)
}

/// `POST /{locale}/events/new`.
///
/// # Errors
/// The form with field errors.
pub async fn create(ctx: Ctx, Form(f): Form<FormMap>) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    if !allows_event(&ctx.actor, &[], EventAction::Create) {
        return Err(ctx.err(AppError::Forbidden));
    }
    let action = format!("/{}/events/new", ctx.shell.i.code());
    save_event(&ctx, None, &f, action).await
}

/// Creates (`existing` is `None`) or updates an event from its form, with its hosts; the form
/// comes back with the typed values and field errors when something is wrong.
async fn save_event(
    ctx: &Ctx,
    existing: Option<Uuid>,
    f: &FormMap,
    action: String,
) -> Result<Response, PageError> {
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    let input = match raw_event(f).validate() {
        Ok(i) => i,
        Err(errs) => {
            let mut values = f.clone();
            values.remove("_csrf");
            let form = FormState::with_errors(values, &errs, ctx.i());
            return ctx.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &edit_page(ctx, form, action, version).await?,
            );
        }
    };
    let txn = ctx.begin().await?;
    let saved = async {
        let id = match existing {
            Some(id) => {
                events::update(&txn, id, version, &input, ctx.actor.account).await?;
                id
            }
            None => events::create(&txn, &input, ctx.actor.account).await?,
        };
        let h = hosts(&txn, f).await?;
        events::set_hosts(&txn, id, &h).await?;
        pumasi_store::slugs::current(&txn, pumasi_store::slugs::Kind::Event, id).await
    }
    .await;
    match saved {
        Ok(slug) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}", ctx.shell.i.code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, f)?;
            ctx.render_status(status, &edit_page(ctx, form, action, version).await?)
        }
    }
}

/// `GET /{locale}/events/{slug}/edit` (organisers).
///
/// # Errors
/// `Forbidden` for anyone else.
pub async fn edit_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let (raw, version, _) = events::raw(&ctx.state.store.db, s.event.id).await?;
    let mut values = event_values(&raw);
    for h in &s.event.hosts {
        values.insert(format!("host_{}", h.slug), "on".to_owned());
    }
    let action = format!("/{}/events/{slug}/edit", ctx.shell.i.code());
    ctx.render(&edit_page(&ctx, FormState::new(values), action, version).await?)
}

/// `POST /{locale}/events/{slug}/edit`.
///
/// # Errors
/// The form with field errors; a conflict when someone saved in between.
pub async fn edit(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let action = format!("/{}/events/{slug}/edit", ctx.shell.i.code());
    save_event(&ctx, Some(s.event.id), &f, action).await
}

#[derive(Template)]
#[template(path = "session_edit.html")]
struct SessionEditPage {
    shell: Shell,
    i: I18n,
    e: Event,
    form: FormState,
    action: String,
    version: i32,
    /// When the session being edited was cancelled (the page then offers to put it back).
    cancelled: Option<String>,
    formats: Options,
    tracks: Options,
    rooms: Options,
    speakers: Vec<(String, String, bool, bool)>,
}

fn session_page(
    ctx: &Ctx,
    e: Event,
    p: &Programme,
    form: FormState,
    action: String,
    version: i32,
    cancelled: Option<chrono::DateTime<chrono::Utc>>,
) -> SessionEditPage {
    let i = ctx.i();
    let cancelled = cancelled.map(|t| {
        t.with_timezone(&e.time_zone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    });
    let chosen = |field: &str, id: &str| form.v(field).split(',').any(|v| v.trim() == id);
    SessionEditPage {
        formats: SessionFormat::ALL
            .iter()
            .map(|f| {
                (
                    f.code().to_owned(),
                    i.t(&format!("session-format-{}", f.code())),
                    form.selected("format", f.code()),
                )
            })
            .collect(),
        tracks: p
            .tracks
            .iter()
            .map(|t| {
                let id = t.id.to_string();
                let sel = form.selected("track", &id);
                (id, t.name.text.clone(), sel)
            })
            .collect(),
        rooms: p
            .rooms
            .iter()
            .map(|r| {
                let id = r.id.to_string();
                let sel = form.selected("room", &id);
                (id, r.name.clone(), sel)
            })
            .collect(),
        speakers: p
            .speakers
            .iter()
            .map(|s| {
                let id = s.id.to_string();
                let sp = chosen("speakers", &id);
                let mo = chosen("moderators", &id);
                (id, s.name.clone(), sp, mo)
            })
            .collect(),
        e,
        form,
        action,
        version,
        cancelled,
        shell: ctx.shell.clone(),
        i,
    }
}

/// The stored values of a session, as its form shows them (times in the event's zone).
fn session_values(sess: &programme::Session, tz: chrono_tz::Tz) -> HashMap<String, String> {
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
    };
    let people = |role: SpeakerRole| {
        sess.people
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut v = HashMap::new();
    v.insert("title".into(), sess.title.text.clone());
    v.insert("description".into(), sess.description.text.clone());
    v.insert("lang".into(), sess.base_lang.code().to_owned());
    v.insert("format".into(), sess.format.code().to_owned());
    v.insert("track".into(), opt_id(sess.track));
    v.insert("room".into(), opt_id(sess.room));
    v.insert("languages".into(), codes(&sess.languages));
    v.insert("interpretation".into(), codes(&sess.interpretation));
    v.insert("starts_at".into(), local(sess.starts_at));
    v.insert("ends_at".into(), local(sess.ends_at));
    v.insert(
        "capacity".into(),
        sess.capacity.map(|c| c.to_string()).unwrap_or_default(),
    );
    v.insert("speakers".into(), people(SpeakerRole::Speaker));
    v.insert("moderators".into(), people(SpeakerRole::Moderator));
    v
}

/// `GET /{locale}/events/{slug}/sessions/new` and `…/sessions/{id}/edit`.
///
/// # Errors
/// `Forbidden` for anyone but organisers.
pub async fn session_form(
    ctx: Ctx,
    Path(params): Path<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let slug = get("slug");
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let db = &ctx.state.store.db;
    let p = programme::programme(db, s.event.id, s.event.base_lang).await?;
    let (values, version, action, cancelled) = match Uuid::parse_str(&get("id")) {
        Ok(id) => {
            let sess = programme::session(db, id, s.event.base_lang)
                .await
                .map_err(|e| ctx.err(e))?;
            if sess.event_id != s.event.id {
                return Err(ctx.err(AppError::NotFound));
            }
            (
                session_values(&sess, s.event.time_zone),
                sess.version,
                format!("/{}/events/{slug}/sessions/{id}/edit", ctx.shell.i.code()),
                sess.cancelled_at,
            )
        }
        Err(_) => {
            let mut v = HashMap::new();
            v.insert("lang".into(), s.event.base_lang.code().to_owned());
            v.insert("format".into(), "talk".into());
            (
                v,
                0,
                format!("/{}/events/{slug}/sessions/new", ctx.shell.i.code()),
                None,
            )
        }
    };
    let page = session_page(
        &ctx,
        s.event,
        &p,
        FormState::new(values),
        action,
        version,
        cancelled,
    );
    ctx.render(&page)
}

fn opt_id(id: Option<Uuid>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn codes(ls: &[Locale]) -> String {
    ls.iter().map(|l| l.code()).collect::<Vec<_>>().join(",")
}

/// Checkbox groups arrive as repeated fields; a `FormMap` keeps the last, so speakers and
/// moderators are read from the raw body.
fn repeated(body: &str, name: &str) -> Vec<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect()
}

/// `POST` of the session form: creates or updates, refusing double-booked rooms and people.
///
/// # Errors
/// The form with field errors (422) or a conflict (409).
pub async fn session_save(
    ctx: Ctx,
    Path(params): Path<Vec<(String, String)>>,
    body: String,
) -> Result<Response, PageError> {
    let mut f: FormMap = serde_urlencoded::from_str::<Vec<(String, String)>>(&body)
        .unwrap_or_default()
        .into_iter()
        .collect();
    ctx.check_csrf(&f)?;
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let slug = get("slug");
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let db = &ctx.state.store.db;
    let speakers = repeated(&body, "speakers");
    let moderators = repeated(&body, "moderators");
    f.insert("speakers".into(), speakers.join(","));
    f.insert("moderators".into(), moderators.join(","));
    let languages = repeated(&body, "languages");
    if !languages.is_empty() {
        f.insert("languages".into(), languages.join(","));
    }
    let interpretation = repeated(&body, "interpretation");
    if !interpretation.is_empty() {
        f.insert("interpretation".into(), interpretation.join(","));
    }
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawSession {
        title: g("title"),
        description: g("description"),
        lang: g("lang"),
        format: g("format"),
        track: g("track"),
        room: g("room"),
        languages: g("languages"),
        interpretation: g("interpretation"),
        starts_at: g("starts_at"),
        ends_at: g("ends_at"),
        capacity: g("capacity"),
    };
    let people: Vec<(Uuid, SpeakerRole)> = speakers
        .iter()
        .map(|v| (v, SpeakerRole::Speaker))
        .chain(moderators.iter().map(|v| (v, SpeakerRole::Moderator)))
        .filter_map(|(v, r)| Some((Uuid::parse_str(v).ok()?, r)))
        .collect();
    let existing = Uuid::parse_str(&get("id")).ok();
    let version: i32 = g("version").parse().unwrap_or(0);
    let action = match existing {
        Some(id) => format!("/{}/events/{slug}/sessions/{id}/edit", ctx.shell.i.code()),
        None => format!("/{}/events/{slug}/sessions/new", ctx.shell.i.code()),
    };
    let p = programme::programme(db, s.event.id, s.event.base_lang).await?;
    let result = match raw.validate(&s.event.window()) {
        Err(errs) => Err(pumasi_store::StoreError::Invalid(errs)),
        Ok(input) => {
            let txn = ctx.begin().await?;
            let r = match existing {
                Some(id) => {
                    programme::update_session(&txn, id, version, &input, &people, ctx.actor.account)
                        .await
                        .map(|()| id)
                }
                None => {
                    programme::create_session(&txn, s.event.id, &input, &people, ctx.actor.account)
                        .await
                }
            };
            match r {
                Ok(id) => {
                    ctx.commit(txn).await?;
                    Ok(id)
                }
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(id) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/sessions/{id}", ctx.shell.i.code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            let cancelled = existing
                .and_then(|id| p.session(id))
                .and_then(|x| x.cancelled_at);
            let page = session_page(&ctx, s.event, &p, form, action, version, cancelled);
            ctx.render_status(status, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "event_manage.html")]
struct ManagePage {
    shell: Shell,
    i: I18n,
    e: Event,
    counts: Counts,
    rows: Vec<Row>,
    can_edit: bool,
    can_see: bool,
    payments: Vec<(String, String)>,
}

struct Row {
    id: Uuid,
    name: String,
    email: String,
    type_name: String,
    state: String,
    payment: String,
    payment_code: &'static str,
    amount: String,
    checked_in: String,
    registered: String,
}

/// `GET /{locale}/events/{slug}/manage`: figures and registrations (organisers); check-in staff
/// see only the figures and the way to the desk.
///
/// # Errors
/// `Forbidden` for anyone without a role.
pub async fn manage(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::CheckIn)?;
    let db = &ctx.state.store.db;
    let i = I18n {
        tz: s.event.time_zone,
        ..ctx.i()
    };
    let can_see = s.can(&ctx, EventAction::ViewRegistrations);
    let counts = registration::counts(db, s.event.id).await?;
    let mut rows = Vec::new();
    if can_see {
        let types = registration::types(db, s.event.id, i.locale).await?;
        for r in registration::list(db, s.event.id, None).await? {
            rows.push(Row {
                id: r.id,
                type_name: types
                    .iter()
                    .find(|t| t.id == r.type_id)
                    .map(|t| t.name.text.clone())
                    .unwrap_or_default(),
                state: i.t(&format!("registration-state-{}", r.state.code())),
                payment: i.t(&format!("payment-{}", r.payment.code())),
                payment_code: r.payment.code(),
                amount: if r.amount_minor > 0 {
                    format_money_in(r.amount_minor, &r.currency, i.locale)
                } else {
                    String::new()
                },
                checked_in: r.checked_in_at.map(|t| i.datetime(t)).unwrap_or_default(),
                registered: i.datetime(r.created_at),
                name: r.name,
                email: r.email,
            });
        }
    }
    let page = ManagePage {
        can_edit: s.can(&ctx, EventAction::Edit),
        payments: Payment::ALL
            .iter()
            .map(|p| (p.code().to_owned(), i.t(&format!("payment-{}", p.code()))))
            .collect(),
        e: s.event,
        counts,
        rows,
        can_see,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render(&page)
}

/// `POST /{locale}/events/{slug}/registrations/{id}/payment`: records a payment state.
///
/// # Errors
/// `Forbidden`; `NotFound` for a registration of another event.
pub async fn payment(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::ViewRegistrations)?;
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let reg = registration::by_id(&ctx.state.store.db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    if reg.event_id != s.event.id {
        return Err(ctx.err(AppError::NotFound));
    }
    let p = f
        .get("payment")
        .and_then(|p| Payment::parse(p))
        .ok_or_else(|| {
            ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                "payment",
                "error-choice-invalid",
            )]))
        })?;
    let txn = ctx.begin().await?;
    registration::set_payment(&txn, id, p, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    Ok(ctx.see_other(
        &format!("/{}/events/{slug}/manage", ctx.shell.i.code()),
        Some("saved"),
    ))
}

/// A CSV cell that a spreadsheet will not run as a formula.
pub(crate) fn cell(s: &str) -> String {
    pumasi_domain::csv_cell::neutralise(s)
}

/// `GET /{locale}/events/{slug}/registrations.csv` (organisers).
///
/// # Errors
/// `Forbidden`.
pub async fn export_csv(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::ViewRegistrations)?;
    let db = &ctx.state.store.db;
    let types = registration::types(db, s.event.id, s.event.base_lang).await?;
    let questions = registration::questions(db, s.event.id, s.event.base_lang).await?;
    let regs: Vec<Registration> = registration::list(db, s.event.id, None).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "code",
        "name",
        "email",
        "type",
        "state",
        "payment",
        "amount_minor",
        "currency",
        "organisation_id",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    header.extend(questions.iter().map(|q| q.code.clone()));
    w.write_record(&header)
        .map_err(|e| ctx.err(AppError::Internal(e.to_string())))?;
    let ts =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    for r in &regs {
        let mut rec = vec![
            display_badge_code(&r.code),
            cell(&r.name),
            cell(&r.email),
            types
                .iter()
                .find(|t| t.id == r.type_id)
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            r.state.code().to_owned(),
            r.payment.code().to_owned(),
            r.amount_minor.to_string(),
            r.currency.clone(),
            opt_id(r.organisation_id),
            r.created_at.to_rfc3339(),
            ts(r.confirmed_at),
            ts(r.cancelled_at),
            ts(r.checked_in_at),
        ];
        rec.extend(
            questions
                .iter()
                .map(|q| cell(&r.answers.get(&q.id).map(|a| q.show(a)).unwrap_or_default())),
        );
        w.write_record(&rec)
            .map_err(|e| ctx.err(AppError::Internal(e.to_string())))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ctx.err(AppError::Internal(e.to_string())))?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-registrations.csv\"",
        s.event.slug
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

#[derive(Template)]
#[template(path = "checkin.html")]
struct CheckinPage {
    shell: Shell,
    i: I18n,
    e: Event,
    code: String,
    outcome: String,
    outcome_class: &'static str,
    who: String,
    counts: Counts,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    code: Option<String>,
}

async fn checkin_page(
    ctx: &Ctx,
    e: Event,
    code: String,
    outcome: Option<CheckIn>,
) -> Result<CheckinPage, PageError> {
    // Times at the door are the event's local times.
    let i = I18n {
        tz: e.time_zone,
        ..ctx.i()
    };
    let counts = registration::counts(&ctx.state.store.db, e.id).await?;
    let (outcome, outcome_class, who) = match outcome {
        None => (String::new(), "", String::new()),
        Some(CheckIn::Done(r)) => (i.t("checkin-done"), "ok", r.name),
        Some(CheckIn::Already(r)) => (
            i.ts(
                "checkin-already",
                &r.checked_in_at.map(|t| i.datetime(t)).unwrap_or_default(),
            ),
            "warn",
            r.name,
        ),
        Some(CheckIn::NoSeat(r)) => (
            i.t(&format!("checkin-no-seat-{}", r.state.code())),
            "bad",
            r.name,
        ),
        Some(CheckIn::NotFound) => (i.t("checkin-not-found"), "bad", String::new()),
    };
    Ok(CheckinPage {
        e,
        code,
        outcome,
        outcome_class,
        who,
        counts,
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/events/{slug}/checkin[?code=…]`: the desk; a scanned QR code opens it with
/// the code filled in, ready to confirm.
///
/// # Errors
/// `Unauthorized` / `Forbidden` for anyone without the check-in role.
pub async fn checkin_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<CodeQuery>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::CheckIn)?;
    let code = q.code.unwrap_or_default().chars().take(40).collect();
    let page = checkin_page(&ctx, s.event, code, None).await?;
    ctx.render(&page)
}

/// `POST /{locale}/events/{slug}/checkin`: checks one badge in.
///
/// # Errors
/// `Forbidden` for anyone without the check-in role.
pub async fn checkin(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::CheckIn)?;
    let code = f.get("code").cloned().unwrap_or_default();
    let txn = ctx.begin().await?;
    let outcome = registration::check_in(&txn, s.event.id, &code, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    let status = match outcome {
        CheckIn::Done(_) | CheckIn::Already(_) => StatusCode::OK,
        CheckIn::NoSeat(_) => StatusCode::CONFLICT,
        CheckIn::NotFound => StatusCode::NOT_FOUND,
    };
    let page = checkin_page(&ctx, s.event, String::new(), Some(outcome)).await?;
    ctx.render_status(status, &page)
}

#[derive(Template)]
#[template(path = "badge.html")]
struct BadgeSheet {
    shell: Shell,
    i: I18n,
    badges: Vec<Badge>,
    title: String,
}

/// `GET /{locale}/events/{slug}/badges`: every confirmed badge, to print.
///
/// # Errors
/// `Forbidden`.
pub async fn badges(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::ViewRegistrations)?;
    let regs = registration::list(
        &ctx.state.store.db,
        s.event.id,
        Some(pumasi_domain::events::RegistrationState::Confirmed),
    )
    .await?;
    let badges = badges_for(&ctx, &s.event, &regs).await?;
    ctx.render(&BadgeSheet {
        title: ctx.i().ts("badges-title", &s.event.title.text),
        badges,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    })
}

/// The session `id` of the scoped event, in the event's own language; `NotFound` for a
/// malformed id or a session of another event.
async fn own_session(ctx: &Ctx, s: &Scoped, id: &str) -> Result<programme::Session, PageError> {
    let id = Uuid::parse_str(id).map_err(|_| ctx.err(AppError::NotFound))?;
    let sess = programme::session(&ctx.state.store.db, id, s.event.base_lang)
        .await
        .map_err(|e| ctx.err(e))?;
    if sess.event_id == s.event.id {
        Ok(sess)
    } else {
        Err(ctx.err(AppError::NotFound))
    }
}

/// `POST /{locale}/events/{slug}/sessions/{id}/cancel` with `cancel=yes` (cancel the session)
/// or `cancel=no` (put it back), organisers only. A restore into a room or with people taken
/// meanwhile shows the session form with the conflict.
///
/// # Errors
/// `Forbidden`; `NotFound` for a session of another event; 409 when the session changed
/// meanwhile.
pub async fn session_cancel(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let sess = own_session(&ctx, &s, &id).await?;
    let (id, db) = (sess.id, &ctx.state.store.db);
    let cancel = match f.get("cancel").map(String::as_str) {
        Some("yes") => true,
        Some("no") => false,
        _ => {
            return Err(
                ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                    "cancel",
                    "error-choice-invalid",
                )])),
            );
        }
    };
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    let txn = ctx.begin().await?;
    match programme::set_cancelled(&txn, id, version, cancel, ctx.actor.account).await {
        Ok(()) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/sessions/{id}", ctx.shell.i.code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &session_values(&sess, s.event.time_zone))?;
            let p = programme::programme(db, s.event.id, s.event.base_lang).await?;
            let action = format!("/{}/events/{slug}/sessions/{id}/edit", ctx.shell.i.code());
            let page = session_page(
                &ctx,
                s.event,
                &p,
                form,
                action,
                sess.version,
                sess.cancelled_at,
            );
            ctx.render_status(status, &page)
        }
    }
}

/// `POST /{locale}/events/{slug}/sessions/{id}/translation`: a translation of the session's
/// title or description (organisers).
///
/// # Errors
/// `Forbidden`; `NotFound` for a session of another event; the session form with the error.
pub async fn session_translation(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let sess = own_session(&ctx, &s, &id).await?;
    let id = sess.id;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let lang = Locale::parse(&g("lang")).filter(|l| *l != sess.base_lang);
    let result = match lang {
        None => Err(pumasi_store::StoreError::invalid(
            "lang",
            "error-language-invalid",
        )),
        Some(l) => {
            let txn = ctx.begin().await?;
            match programme::set_session_translation(&txn, id, &g("field"), l, &g("text")).await {
                Ok(()) => ctx.commit(txn).await.map(|()| Ok(()))?,
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(()) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/sessions/{id}", ctx.shell.i.code()),
                Some("saved"),
            ))
        }
        Err(e) => Err(ctx.err(e)),
    }
}
