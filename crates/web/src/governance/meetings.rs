//! Meetings on the web: scheduling (secretariat), the meeting page with its agenda, the live
//! quorum from attendance, minutes (drafts shown to the secretariat; approved minutes to all)
//! and decisions; invitations by email; the calendar file; the decisions register.

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pumasi_domain::governance::meeting::{Attendance, MinutesStatus, RawMeeting};
use pumasi_domain::ical::{Calendar, VEvent, When};
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::governance::meetings::{
    self as store, AgendaItem, AttendanceRow, Decision, Meeting,
};
use pumasi_store::governance::{self, Body};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "meeting_new.html")]
struct NewPage {
    shell: Shell,
    i: I18n,
    body: Body,
    form: FormState,
    langs: Vec<(String, String, bool)>,
}

fn new_page(ctx: &Ctx, body: Body, form: FormState) -> NewPage {
    let i = ctx.i();
    NewPage {
        langs: super::lang_options(i, &form),
        body,
        form,
        shell: ctx.shell.clone(),
        i,
    }
}

/// `GET /{locale}/governance/{body}/meetings/new`.
///
/// # Errors
/// `Forbidden` except for the secretariat.
pub async fn new_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    let body = governance::body_by_slug(&ctx.state.store.db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let mut v = HashMap::new();
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    v.insert("time_zone".to_owned(), ctx.shell.identity.time_zone.clone());
    v.insert("quorum".to_owned(), "50".to_owned());
    ctx.render(&new_page(&ctx, body, FormState::new(v)))
}

/// `POST /{locale}/governance/{body}/meetings/new`.
///
/// # Errors
/// The form with a message per field.
pub async fn create(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let body = governance::body_by_slug(&ctx.state.store.db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawMeeting {
        title: g("title"),
        lang: g("lang"),
        starts_at: g("starts_at"),
        ends_at: g("ends_at"),
        time_zone: g("time_zone"),
        place: g("place"),
        online_url: g("online_url"),
        quorum: g("quorum"),
    };
    let input = match raw.validate() {
        Ok(x) => x,
        Err(errs) => {
            let (form, status) = ctx.form_failure(StoreError::Invalid(errs), &f)?;
            return ctx.render_status(status, &new_page(&ctx, body, form));
        }
    };
    let txn = ctx.begin().await?;
    let m = store::create(&txn, &body, &input, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/meetings/{}", ctx.locale().code(), m.slug),
        Some("saved"),
    ))
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    shell: Shell,
    i: I18n,
    m: Meeting,
    body: Body,
    when: String,
    agenda: Vec<AgendaItem>,
    attendance: Vec<(AttendanceRow, String)>,
    quorum_line: String,
    quorum_met: bool,
    minutes_html: String,
    minutes_lang: String,
    minutes_note: String,
    show_minutes: bool,
    /// Earlier meetings of the body whose draft minutes this meeting may approve.
    to_approve: Vec<(String, String)>,
    decisions: Vec<Decision>,
    manage: bool,
    form: FormState,
    statuses: Vec<(String, String)>,
}

async fn load(ctx: &Ctx, slug: &str) -> Result<(Meeting, Body), PageError> {
    let db = &ctx.state.store.db;
    let m = store::by_slug(db, slug).await.map_err(|e| ctx.err(e))?;
    let body = governance::body_by_id(db, m.body_id)
        .await
        .map_err(|e| ctx.err(e))?;
    let body = super::shown(ctx, body).await?;
    Ok((m, body))
}

async fn page_with(
    ctx: &Ctx,
    slug: &str,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let (m, body) = load(ctx, slug).await?;
    let manage = ctx.can(Action::ManageGovernance);
    let mut agenda = store::agenda(db, m.id).await.map_err(|e| ctx.err(e))?;
    pumasi_store::governance::translations::localize_agenda(db, &mut agenda, &m.lang, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    let (mut rows, present, members, quorum_met) = store::attendance(db, &m, &body)
        .await
        .map_err(|e| ctx.err(e))?;
    // Members named in the reader's language and sorted in its collation.
    let ids: Vec<uuid::Uuid> = rows
        .iter()
        .flat_map(|r| std::iter::once(r.organisation).chain(r.represented_by_id))
        .collect();
    let names = pumasi_store::members::names(db, &ids, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    for r in &mut rows {
        if let Some((_, n)) = names.get(&r.organisation) {
            r.name.clone_from(n);
        }
        if let Some((_, n)) = r.represented_by_id.and_then(|id| names.get(&id)) {
            r.represented_by = Some(n.clone());
        }
    }
    pumasi_domain::collation::sort_by_name(i.locale, &mut rows, |r| &r.name);
    let show_minutes = m.minutes_status == MinutesStatus::Approved
        || (manage && m.minutes_status == MinutesStatus::Draft);
    let tr = pumasi_store::texts::load(db, &[m.id])
        .await
        .map_err(|e| ctx.err(e))?;
    let base = pumasi_domain::languages::Lang::parse_or(&m.lang, i.locale);
    let lz = tr.get(m.id, "minutes", &m.minutes, base, i.locale);
    let minutes_note = match m.minutes_status {
        MinutesStatus::Draft => i.t("minutes-draft"),
        MinutesStatus::Approved => match m.minutes_approved_in {
            Some(at) => match store::by_id(db, at).await {
                Ok(a) => i.ts("minutes-approved-at", &a.title),
                Err(_) => i.t("minutes-approved"),
            },
            None => i.t("minutes-approved"),
        },
        MinutesStatus::None => String::new(),
    };
    let mut to_approve = Vec::new();
    if manage {
        for e in store::of_body(db, body.id).await.map_err(|e| ctx.err(e))? {
            if e.starts_at < m.starts_at && e.minutes_status == MinutesStatus::Draft {
                to_approve.push((e.slug, e.title));
            }
        }
    }
    let decisions: Vec<Decision> = store::decisions(db, Some(body.id), "")
        .await
        .map_err(|e| ctx.err(e))?
        .into_iter()
        .filter(|d| d.meeting.as_ref().is_some_and(|x| x.0 == m.slug))
        .collect();
    let page = MeetingPage {
        when: format!("{} – {}", i.datetime(m.starts_at), i.datetime(m.ends_at)),
        attendance: rows
            .into_iter()
            .map(|r| {
                let s = r
                    .status
                    .map(|s| i.t(&format!("attendance-{}", s.code())))
                    .unwrap_or_else(|| i.t("attendance-unknown"));
                (r, s)
            })
            .collect(),
        quorum_line: i.ta(
            "meeting-quorum-line",
            &[
                ("present", present.into()),
                ("members", members.into()),
                ("quorum", super::percent(m.quorum_bp).into()),
            ],
        ),
        quorum_met,
        minutes_html: crate::members::markdown(&lz.text),
        minutes_lang: lz.lang.code().to_owned(),
        minutes_note,
        show_minutes,
        to_approve,
        decisions,
        manage,
        statuses: Attendance::ALL
            .iter()
            .map(|s| {
                (
                    s.code().to_owned(),
                    i.t(&format!("attendance-{}", s.code())),
                )
            })
            .collect(),
        form,
        agenda,
        body,
        m,
        shell: ctx.shell.clone(),
        i,
    };
    super::render(ctx, status, &page)
}

/// `GET /{locale}/meetings/{slug}`.
///
/// # Errors
/// `NotFound`.
pub async fn page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = store::by_slug(&ctx.state.store.db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let mut v = HashMap::new();
    v.insert("version".to_owned(), m.version.to_string());
    v.insert("minutes".to_owned(), m.minutes.clone());
    page_with(&ctx, &slug, FormState::new(v), StatusCode::OK).await
}

/// `GET /{locale}/meetings/{slug}/calendar.ics`.
///
/// # Errors
/// `NotFound`.
pub async fn ical(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (m, body) = load(&ctx, &slug).await?;
    let base = &ctx.state.config.base_url;
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split('/')
        .next()
        .unwrap_or("localhost");
    let cal = Calendar {
        name: m.title.clone(),
        prodid: "-//Pumasi//Governance//EN".to_owned(),
        tz: m.time_zone.parse().unwrap_or(chrono_tz::UTC),
        events: vec![VEvent {
            uid: format!("{}@{host}", m.id),
            sequence: m.version,
            stamp: Utc::now(),
            last_modified: Utc::now(),
            when: When::Timed {
                start: m.starts_at,
                end: m.ends_at,
            },
            summary: m.title.clone(),
            description: Some(body.name.clone()),
            location: Some(if m.online_url.is_empty() {
                m.place.clone()
            } else if m.place.is_empty() {
                m.online_url.clone()
            } else {
                format!("{} / {}", m.place, m.online_url)
            }),
            url: Some(format!(
                "{base}/{}/meetings/{}",
                ctx.locale().code(),
                m.slug
            )),
            cancelled: false,
            categories: vec![body.name.clone()],
        }],
    };
    let mut r = cal.render().into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.ics\"", m.slug)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

fn field_text(f: &FormMap, k: &str, max: usize, required: bool) -> Result<String, StoreError> {
    pumasi_domain::types::line(f.get(k).map_or("", String::as_str), max, required)
        .map_err(|c| StoreError::invalid(k, c))
}

/// `POST /{locale}/meetings/{slug}/{action}`: the secretariat's actions on a meeting —
/// `agenda`, `attendance`, `invite`, `minutes`, `approve`, `decision`.
///
/// # Errors
/// `Forbidden`; the page with the form's messages.
pub async fn action(
    ctx: Ctx,
    Path((_, slug, what)): Path<(String, String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let (m, body) = load(&ctx, &slug).await?;
    let g = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let opt = |k: &str| Some(g(k)).filter(|s| !s.is_empty());
    let uuid = |k: &str| Uuid::parse_str(&g(k)).ok();
    let txn = ctx.begin().await?;
    let r: Result<&str, StoreError> = match what.as_str() {
        "agenda" => match (
            field_text(&f, "item_title", 300, true),
            pumasi_domain::types::text(&g("description"), 5000)
                .map_err(|c| StoreError::invalid("description", c)),
            field_text(&f, "rapporteur", 200, false),
        ) {
            (Ok(t), Ok(d), Ok(r)) => store::add_item(
                &txn,
                m.id,
                &t,
                &d,
                &r,
                opt("document").as_deref(),
                opt("motion").as_deref(),
            )
            .await
            .map(|_| "saved"),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
        },
        "attendance" => match (uuid("organisation"), Attendance::parse(&g("status"))) {
            (Some(o), Some(s)) => {
                store::record_attendance(&txn, &m, &body, o, s, uuid("represented_by"))
                    .await
                    .map(|()| "saved")
            }
            _ => Err(StoreError::invalid("status", "error-choice-invalid")),
        },
        "invite" => store::invite(
            &txn,
            &m,
            &body,
            &ctx.state.config.base_url,
            ctx.actor.account,
        )
        .await
        .map(|_| "meeting-invited"),
        "minutes" => match (
            pumasi_domain::types::text(&g("minutes"), 100_000),
            g("version").parse::<i32>(),
        ) {
            (Ok(t), Ok(v)) => store::save_minutes(&txn, m.id, &t, v, ctx.actor.account)
                .await
                .map(|()| "saved"),
            (Err(c), _) => Err(StoreError::invalid("minutes", c)),
            (_, Err(_)) => Err(StoreError::invalid("minutes", "error-invalid")),
        },
        "translate" => match (
            pumasi_domain::locale::Locale::parse(&g("locale")),
            pumasi_domain::types::text(&g("translation"), 100_000),
        ) {
            (Some(l), Ok(t)) if m.minutes_status != MinutesStatus::None => {
                pumasi_store::texts::put(&txn, m.id, "minutes", l, &t)
                    .await
                    .map(|()| "saved")
            }
            (Some(_), Ok(_)) => Err(StoreError::invalid("translation", "error-minutes-missing")),
            (None, _) => Err(StoreError::invalid("locale", "error-language-invalid")),
            (_, Err(c)) => Err(StoreError::invalid("translation", c)),
        },
        "approve" => match store::by_slug(&txn, &g("earlier")).await {
            Ok(e) => store::approve_minutes(&txn, e.id, m.id, ctx.actor.account)
                .await
                .map(|()| "saved"),
            Err(_) => Err(StoreError::invalid("earlier", "error-choice-invalid")),
        },
        "decision" => {
            let motion = match opt("motion") {
                Some(r) => pumasi_store::governance::motions::by_reference(&txn, &r)
                    .await
                    .map(|x| Some(x.id))
                    .map_err(|_| StoreError::invalid("motion", "error-choice-invalid")),
                None => Ok(None),
            };
            match (
                field_text(&f, "decision_title", 300, true),
                pumasi_domain::types::text(&g("decision_text"), 20_000)
                    .map_err(|c| StoreError::invalid("decision_text", c)),
                motion,
            ) {
                (Ok(title), Ok(text), Ok(motion)) => store::decide(
                    &txn,
                    &body,
                    &store::NewDecision {
                        meeting: Some(m.id),
                        agenda_item: uuid("agenda_item"),
                        motion,
                        title,
                        text,
                    },
                    m.starts_at.date_naive(),
                    ctx.actor.account,
                )
                .await
                .map(|_| "saved"),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
            }
        }
        _ => Err(StoreError::NotFound),
    };
    match r {
        Ok(done) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/meetings/{slug}", ctx.locale().code()),
                Some(done),
            ))
        }
        Err(StoreError::NotFound) => Err(ctx.err(AppError::NotFound)),
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            page_with(&ctx, &slug, form, status).await
        }
    }
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct RegisterPage {
    shell: Shell,
    i: I18n,
    q: String,
    rows: Vec<Decision>,
}

/// `GET /{locale}/decisions?q=…`: the register of decisions, searchable.
///
/// # Errors
/// Database errors.
pub async fn register(
    ctx: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let q: String = q
        .get("q")
        .map(|s| s.chars().take(200).collect())
        .unwrap_or_default();
    let rows = store::decisions(&ctx.state.store.db, None, &q)
        .await
        .map_err(|e| ctx.err(e))?;
    let page = RegisterPage {
        q,
        rows,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    };
    ctx.render_public(&page)
}
