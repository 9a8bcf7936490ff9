//! Registering for an event and a participant's own pages: the registration (state, waitlist
//! position, badge with QR code, answers, payment), "my programme", cancellation, the printable
//! badge and the certificate of attendance.
//!
//! A registration is reached by its private link (`/registrations/{token}`, the token stored
//! only as a SHA-256 hash, as pretix does), so people register without an account; a signed-in
//! holder and the event's organisers also reach it by its id.

use super::public::{Days, SessionRow};
use super::{Scoped, date_range, local_day, place};
use crate::auth::{FormMap, hash_token};
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use pumasi_domain::events::{RegistrationState, badge_code, display_badge_code};
use pumasi_domain::members::{MemberStatus, format_money_in};
use pumasi_domain::policy::EventAction;
use pumasi_domain::policy::allows_event;
use pumasi_store::events::programme;
use pumasi_store::events::registration::{
    self, NewRegistration, QuestionView, Registration, RegistrationType,
};
use pumasi_store::events::{self, Event};
use pumasi_store::{StoreError, members};
use uuid::Uuid;

/// A member of a delegation as its organisation's admin sees it: id, name, state.
type Delegate = (Uuid, String, String);

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    shell: Shell,
    i: I18n,
    e: Event,
    form: FormState,
    types: Vec<(RegistrationType, String)>,
    questions: Vec<QuestionView>,
    organisations: Vec<(Uuid, String)>,
    seats_left: Option<i32>,
    existing: Option<Uuid>,
    /// For organisation admins: each organisation's name and delegation.
    delegations: Vec<(String, Vec<Delegate>)>,
    /// The type chosen when the form opens: the first this person may take (a members-only
    /// type is not chosen for someone who speaks for no member organisation).
    preselected: String,
    /// Where logging in brings the person back to this form.
    login_href: String,
    /// Some type costs money: the page says how to pay.
    paid: bool,
    payment_html: String,
}

impl RegisterPage {
    fn checked(&self, code: &str) -> bool {
        if self.form.v("type").is_empty() {
            self.preselected == code
        } else {
            self.form.selected("type", code)
        }
    }

    /// A members-only type offered to someone who cannot take it as they are.
    fn needs_login(&self, t: &RegistrationType) -> bool {
        t.members_only && self.organisations.is_empty()
    }
}

async fn register_page(ctx: &Ctx, e: Event, form: FormState) -> Result<RegisterPage, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let types: Vec<(RegistrationType, String)> = registration::types(db, e.id, i.locale)
        .await?
        .into_iter()
        .map(|t| {
            let fee = if t.fee_minor > 0 {
                format_money_in(t.fee_minor, &t.currency, i.locale)
            } else {
                i.t("fee-free")
            };
            (t, fee)
        })
        .collect();
    let questions = registration::questions(db, e.id, i.locale).await?;
    let mut organisations = Vec::new();
    let mut delegations = Vec::new();
    for (org, role) in &ctx.actor.orgs {
        if let Ok(o) = members::by_id(db, *org, i.locale).await
            && o.status == MemberStatus::Member
        {
            if *role == pumasi_domain::members::OrgRole::Admin {
                let regs = registration::of_organisation(db, e.id, o.id)
                    .await?
                    .into_iter()
                    .map(|r| {
                        (
                            r.id,
                            r.name,
                            i.t(&format!("registration-state-{}", r.state.code())),
                        )
                    })
                    .collect();
                delegations.push((o.name.text.clone(), regs));
            }
            organisations.push((o.id, o.name.text));
        }
    }
    let existing = match ctx.actor.account {
        Some(a) => registration::of_account_in(db, a, e.id)
            .await?
            .map(|r| r.id),
        None => None,
    };
    let preselected = types
        .iter()
        .map(|(t, _)| t)
        .find(|t| !(t.members_only && organisations.is_empty()))
        .map(|t| t.code.clone())
        .unwrap_or_default();
    let login_href = format!(
        "/{}/login?next={}",
        i.code(),
        serde_urlencoded::to_string([("", format!("/{}/events/{}/register", i.code(), e.slug))])
            .unwrap_or_default()
            .trim_start_matches('=')
    );
    Ok(RegisterPage {
        paid: types.iter().any(|(t, _)| t.fee_minor > 0),
        payment_html: crate::members::markdown(&e.payment_instructions.text),
        preselected,
        login_href,
        seats_left: e.seats_left(),
        e,
        form,
        types,
        questions,
        organisations,
        existing,
        delegations,
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/events/{slug}/register`.
///
/// # Errors
/// `NotFound`.
pub async fn form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    let mut values = std::collections::HashMap::new();
    if let Some(a) = &ctx.account {
        values.insert("name".to_owned(), a.display_name.clone());
        values.insert("email".to_owned(), a.email.clone());
    }
    let page = register_page(&ctx, s.event, FormState::new(values)).await?;
    ctx.render(&page)
}

/// `POST /{locale}/events/{slug}/register`: registers, then shows the registration.
///
/// # Errors
/// A page with field errors (422), a conflict (409), `NotFound`.
pub async fn submit(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let s = Scoped::load(&ctx, &slug).await?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    // Only the signed-in person's own member organisations can be represented.
    let organisation = Uuid::parse_str(&get("organisation"))
        .ok()
        .filter(|o| ctx.actor.orgs.iter().any(|(id, _)| id == o));
    let id = Uuid::now_v7();
    let token = super::link_token(&ctx.state, id);
    let own = ctx
        .account
        .as_ref()
        .is_some_and(|a| a.email.eq_ignore_ascii_case(get("email").trim()));
    let new = NewRegistration {
        id: Some(id),
        event_id: s.event.id,
        type_code: get("type"),
        name: get("name"),
        email: get("email"),
        locale: Some(ctx.locale()),
        answers: f
            .iter()
            .filter(|(k, _)| k.starts_with("q-"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        invitation_code: get("invitation_code"),
        account: own.then_some(ctx.actor.account).flatten(),
        organisation,
        // Someone signed in registering another person: a delegation, recorded as such.
        registered_by: (!own).then_some(ctx.actor.account).flatten(),
        code: badge_code(rand::random::<u64>()),
        token_hash: hash_token(&token),
    };
    match ctx.state.desk.register(&new).await {
        Ok(r) => {
            let done = if r.state == RegistrationState::Confirmed {
                "registered"
            } else {
                "waitlisted"
            };
            Ok(ctx.see_other(
                &format!("/{}/registrations/{token}", ctx.shell.i.code()),
                Some(done),
            ))
        }
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            let page = register_page(&ctx, s.event, form).await?;
            ctx.render_status(status, &page)
        }
    }
}

/// Finds the registration behind `key`: a private link's token, or — for its signed-in holder
/// and the event's organisers — its id.
pub async fn resolve(ctx: &Ctx, key: &str) -> Result<(Registration, Event), PageError> {
    let db = &ctx.state.store.db;
    let reg = if let Ok(id) = Uuid::parse_str(key) {
        let Some(account) = ctx.actor.account else {
            return Err(ctx.err(AppError::Unauthorized));
        };
        let reg = registration::by_id(db, id).await.map_err(|e| ctx.err(e))?;
        let roles = events::roles_of(db, reg.event_id, Some(account)).await?;
        // The holder, who registered them (a delegation), their organisation's admins, and
        // the event's organisers.
        let delegation = reg.registered_by == Some(account)
            || reg.organisation_id.is_some_and(|o| {
                pumasi_domain::policy::allows(
                    &ctx.actor,
                    pumasi_domain::policy::Action::ManageOrganisationPeople(o),
                )
            });
        if reg.account_id != Some(account)
            && !delegation
            && !allows_event(&ctx.actor, &roles, EventAction::ViewRegistrations)
        {
            return Err(ctx.err(AppError::NotFound));
        }
        reg
    } else {
        registration::by_token_hash(db, &hash_token(key))
            .await
            .map_err(|e| ctx.err(e))?
    };
    let e = events::by_id(db, reg.event_id, ctx.locale())
        .await
        .map_err(|e| ctx.err(e))?;
    Ok((reg, e))
}

/// Private pages: never cached, never sent on as a referrer.
fn private(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    r
}

/// The QR code on a badge: the check-in page's address with the code, so a phone's camera
/// opens it for staff; a scanner that types the code works as well.
fn qr_svg(ctx: &Ctx, e: &Event, code: &str) -> String {
    let url = format!(
        "{}/{}/events/{}/checkin?code={code}",
        ctx.state.config.base_url,
        ctx.shell.i.code(),
        e.slug
    );
    qrcode::QrCode::new(url.as_bytes()).map_or_else(
        |_| String::new(),
        |q| {
            q.render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build()
                // The XML prolog is not allowed inline in HTML.
                .split_once("?>")
                .map_or_else(String::new, |(_, svg)| svg.trim().to_owned())
        },
    )
}

#[derive(Template)]
#[template(path = "registration.html")]
struct RegistrationPage {
    shell: Shell,
    i: I18n,
    e: Event,
    r: Registration,
    key: String,
    when: String,
    place: String,
    type_name: String,
    state: String,
    position: Option<u64>,
    code: String,
    qr: String,
    answers: Vec<(String, String)>,
    payment: String,
    payment_html: String,
    amount: String,
    /// The online event's join link, for a confirmed seat only.
    join: String,
    booked: Vec<SessionRow>,
    can_cancel: bool,
}

/// `GET /{locale}/registrations/{key}`.
///
/// # Errors
/// `NotFound`.
pub async fn show(ctx: Ctx, Path((_, key)): Path<(String, String)>) -> Result<Response, PageError> {
    let (r, e) = resolve(&ctx, &key).await?;
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let types = registration::types(db, e.id, i.locale).await?;
    let questions = registration::questions(db, e.id, i.locale).await?;
    let answers = questions
        .iter()
        .filter_map(|q| Some((q.label.text.clone(), q.show(r.answers.get(&q.id)?))))
        .collect();
    let prog = programme::programme(db, e.id, i.locale).await?;
    let mine = registration::bookings(db, r.id).await?;
    let booked = prog
        .sessions
        .iter()
        .filter(|s| mine.contains(&s.id))
        .map(|s| SessionRow::new(i, &prog, s, e.time_zone))
        .collect();
    let page = RegistrationPage {
        when: date_range(i, e.starts_on, e.ends_on),
        place: place(i, &e),
        type_name: types
            .iter()
            .find(|t| t.id == r.type_id)
            .map(|t| t.name.text.clone())
            .unwrap_or_default(),
        state: i.t(&format!("registration-state-{}", r.state.code())),
        position: registration::waitlist_position(db, &r).await?,
        code: display_badge_code(&r.code),
        qr: if r.state == RegistrationState::Confirmed {
            qr_svg(&ctx, &e, &r.code)
        } else {
            String::new()
        },
        answers,
        payment: i.t(&format!("payment-{}", r.payment.code())),
        payment_html: crate::members::markdown(&e.payment_instructions.text),
        join: if r.state == pumasi_domain::events::RegistrationState::Confirmed {
            e.online_url.clone().unwrap_or_default()
        } else {
            String::new()
        },
        amount: if r.amount_minor > 0 {
            format_money_in(r.amount_minor, &r.currency, i.locale)
        } else {
            String::new()
        },
        booked,
        can_cancel: r.state != RegistrationState::Cancelled
            && !matches!(e.status, pumasi_domain::events::EventStatus::Closed),
        key,
        r,
        e,
        shell: ctx.shell.clone(),
        i,
    };
    Ok(private(ctx.render(&page)?))
}

/// `POST /{locale}/registrations/{key}/cancel`: gives the seat up (and to the waitlist).
///
/// # Errors
/// `NotFound`; a conflict page when already cancelled.
pub async fn cancel(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let (r, _) = resolve(&ctx, &key).await?;
    let txn = ctx.begin().await?;
    match registration::cancel(&txn, r.id, ctx.actor.account).await {
        Ok(_) => ctx.commit(txn).await?,
        Err(StoreError::Conflict(_)) => {}
        Err(e) => return Err(ctx.err(e)),
    }
    Ok(ctx.see_other(
        &format!("/{}/registrations/{key}", ctx.shell.i.code()),
        Some("cancelled"),
    ))
}

#[derive(Template)]
#[template(path = "my_programme.html")]
struct MyProgrammePage {
    shell: Shell,
    i: I18n,
    e: Event,
    days: Days,
    booking: bool,
    booked: Vec<Uuid>,
    token: String,
    day: String,
    zone: String,
    error: String,
}

#[derive(serde::Deserialize, Default)]
pub struct DayQuery {
    day: Option<String>,
    error: Option<String>,
}

/// `GET /{locale}/registrations/{key}/programme`: the timetable with "add to my programme".
///
/// # Errors
/// `NotFound`.
pub async fn programme(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let (r, e) = resolve(&ctx, &key).await?;
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let prog = programme::programme(db, e.id, i.locale).await?;
    let days = Days::new(i, &e, &prog, q.day.as_deref());
    let day = days
        .days
        .iter()
        .find(|d| d.2)
        .map(|d| d.0.clone())
        .unwrap_or_default();
    let error = match q.error.as_deref() {
        Some("full") => i.t("error-session-full"),
        Some("cancelled") => i.t("error-session-cancelled"),
        Some("not-confirmed") => i.t("error-not-confirmed"),
        _ => String::new(),
    };
    let page = MyProgrammePage {
        booking: r.state == RegistrationState::Confirmed,
        booked: registration::bookings(db, r.id).await?,
        token: key,
        day,
        zone: e.time_zone.name().to_owned(),
        days,
        e,
        error,
        shell: ctx.shell.clone(),
        i,
    };
    Ok(private(ctx.render(&page)?))
}

/// `POST /{locale}/registrations/{key}/programme`: adds or removes one session.
///
/// # Errors
/// `NotFound`.
pub async fn book(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let (r, _) = resolve(&ctx, &key).await?;
    let session = f
        .get("session")
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| {
            ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                "session",
                "error-choice-invalid",
            )]))
        })?;
    let day = f
        .get("day")
        .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
        .cloned()
        .unwrap_or_default();
    let back = format!(
        "/{}/registrations/{key}/programme?day={day}",
        ctx.shell.i.code()
    );
    let txn = ctx.begin().await?;
    let res = if f.get("action").map(String::as_str) == Some("remove") {
        registration::unbook(&txn, r.id, session).await
    } else {
        registration::book(&txn, r.id, session).await
    };
    match res {
        Ok(()) => {
            ctx.commit(txn).await?;
            Ok(ctx.see_other(&format!("{back}#s-{session}"), None))
        }
        Err(StoreError::Conflict(code)) => {
            drop(txn);
            let why = match code {
                "error-session-full" => "full",
                "error-session-cancelled" => "cancelled",
                _ => "not-confirmed",
            };
            Ok(ctx.see_other(&format!("{back}&error={why}"), None))
        }
        Err(e) => Err(ctx.err(e)),
    }
}

#[derive(Template)]
#[template(path = "registrations_mine.html")]
struct MinePage {
    shell: Shell,
    i: I18n,
    rows: Vec<(Uuid, String, String, String)>,
}

/// `GET /{locale}/registrations`: the signed-in person's registrations.
///
/// # Errors
/// `Unauthorized` when anonymous.
pub async fn mine(ctx: Ctx) -> Result<Response, PageError> {
    let Some(account) = ctx.actor.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let mut rows = Vec::new();
    for r in registration::of_account(db, account).await? {
        let e = events::by_id(db, r.event_id, i.locale).await?;
        rows.push((
            r.id,
            e.title.text,
            date_range(i, e.starts_on, e.ends_on),
            i.t(&format!("registration-state-{}", r.state.code())),
        ));
    }
    ctx.render(&MinePage {
        rows,
        shell: ctx.shell.clone(),
        i,
    })
}

#[derive(Template)]
#[template(path = "badge.html")]
struct BadgePage {
    shell: Shell,
    i: I18n,
    badges: Vec<Badge>,
    title: String,
}

/// What a printed badge shows.
pub struct Badge {
    pub name: String,
    pub organisation: String,
    pub type_name: String,
    pub event: String,
    pub code: String,
    pub qr: String,
}

/// Builds the badges of registrations (confirmed ones only).
///
/// # Errors
/// Database errors.
pub async fn badges_for(
    ctx: &Ctx,
    e: &Event,
    regs: &[Registration],
) -> Result<Vec<Badge>, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let types = registration::types(db, e.id, i.locale).await?;
    let mut out = Vec::new();
    for r in regs
        .iter()
        .filter(|r| r.state == RegistrationState::Confirmed)
    {
        let organisation = match r.organisation_id {
            Some(o) => members::by_id(db, o, i.locale)
                .await
                .map(|o| o.name.text)
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push(Badge {
            name: r.name.clone(),
            organisation,
            type_name: types
                .iter()
                .find(|t| t.id == r.type_id)
                .map(|t| t.name.text.clone())
                .unwrap_or_default(),
            event: e.title.text.clone(),
            code: display_badge_code(&r.code),
            qr: qr_svg(ctx, e, &r.code),
        });
    }
    Ok(out)
}

/// `GET /{locale}/registrations/{key}/badge`: the printable badge.
///
/// # Errors
/// `NotFound`; `Conflict` when the registration holds no seat.
pub async fn badge(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (r, e) = resolve(&ctx, &key).await?;
    let badges = badges_for(&ctx, &e, std::slice::from_ref(&r)).await?;
    if badges.is_empty() {
        return Err(ctx.err(AppError::Conflict("error-not-confirmed")));
    }
    let page = BadgePage {
        title: i_badge_title(ctx.i(), &r.name),
        badges,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    };
    Ok(private(ctx.render(&page)?))
}

fn i_badge_title(i: I18n, name: &str) -> String {
    i.ts("badge-title", name)
}

#[derive(Template)]
#[template(path = "certificate.html")]
struct CertificatePage {
    shell: Shell,
    i: I18n,
    name: String,
    event: String,
    event_lang: String,
    when: String,
    place: String,
    network: String,
    issued: String,
    code: String,
}

/// `GET /{locale}/registrations/{key}/certificate`: a certificate of attendance, once the
/// badge was checked in.
///
/// # Errors
/// `NotFound`; `Conflict` before check-in.
pub async fn certificate(
    ctx: Ctx,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (r, e) = resolve(&ctx, &key).await?;
    let Some(at) = r.checked_in_at else {
        return Err(ctx.err(AppError::Conflict("error-not-checked-in")));
    };
    let i = ctx.i();
    let page = CertificatePage {
        name: r.name.clone(),
        event: e.title.text.clone(),
        event_lang: e.title.lang.code().to_owned(),
        when: date_range(i, e.starts_on, e.ends_on),
        place: place(i, &e),
        network: ctx.shell.identity.name.clone(),
        issued: i.date(local_day(at, e.time_zone)),
        code: display_badge_code(&r.code),
        shell: ctx.shell.clone(),
        i,
    };
    Ok(private(ctx.render_status(StatusCode::OK, &page)?))
}
