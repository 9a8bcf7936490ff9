//! The secretariat's application desk: the list with acknowledgement deadlines, one
//! application with its actions (acknowledge, ask for information, record the steering
//! committee's decision, assign the college, record the first fee).

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use pumasi_domain::FieldError;
use pumasi_domain::members::working_days_between;
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::members::{self, applications, applications::Application};
use uuid::Uuid;

struct Row {
    a: Application,
    state: String,
    due: String,
    days_left: Option<i64>,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    shell: Shell,
    i: I18n,
    rows: Vec<Row>,
}

fn row(a: Application, i: I18n) -> Row {
    let today = chrono::Utc::now().date_naive();
    let days_left = (a.acknowledged_at.is_none() && a.state.is_open())
        .then(|| a.ack_due_on.map(|d| working_days_between(today, d)))
        .flatten();
    Row {
        state: i.t(&format!("application-{}", a.state.code().replace('_', "-"))),
        due: a.ack_due_on.map(|d| i.date(d)).unwrap_or_default(),
        days_left,
        a,
    }
}

pub async fn list(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require(Action::ViewApplications)?;
    let i = ctx.i();
    let rows = applications::list(&ctx.state.store.db)
        .await?
        .into_iter()
        .map(|a| row(a, i))
        .collect();
    ctx.render(&ListPage {
        rows,
        i,
        shell: ctx.shell.clone(),
    })
}

#[derive(Template)]
#[template(path = "application.html")]
struct ShowPage {
    shell: Shell,
    i: I18n,
    r: Row,
    form: FormState,
    colleges: Vec<(i32, String)>,
    class: String,
    today: String,
    /// The steering committee's motion deciding it, when it was put to a vote.
    motion: Option<String>,
    /// A week from now, the default closing time of that vote, on the hub's clock.
    vote_closes: String,
    /// The hub's time zone, which that time is read in.
    zone: String,
    /// The applying organisation as recorded, so the decision is made with its data in view.
    org: Option<super::public::OrgView>,
}

impl ShowPage {
    fn letter_size(&self) -> String {
        self.r
            .a
            .letter
            .as_ref()
            .map(|l| super::letter::size_label(l.size))
            .unwrap_or_default()
    }

    fn org_languages(&self) -> String {
        self.org
            .as_ref()
            .map(|v| v.languages(&self.i))
            .unwrap_or_default()
    }
}

async fn show_page(
    ctx: &Ctx,
    id: Uuid,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let a = applications::get(db, id).await.map_err(|e| ctx.err(e))?;
    let vocab = members::vocabulary(db).await?;
    let motion = pumasi_store::governance::applications::motion_of(db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    let zone = ctx.shell.identity.time_zone.clone();
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let org = members::by_id(db, a.organisation_id, i.locale)
        .await
        .ok()
        .map(|o| super::public::OrgView::new(o, &vocab, i));
    let page = ShowPage {
        motion,
        org,
        vote_closes: (chrono::Utc::now() + chrono::Duration::days(7))
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        zone,
        class: i.t(&format!("class-{}", a.class_requested.code())),
        colleges: vocab
            .colleges
            .iter()
            .map(|c| (c.number, format!("{} · {}", c.number, c.label(i.locale))))
            .collect(),
        r: row(a, i),
        form,
        today: chrono::Utc::now().date_naive().to_string(),
        i,
        shell: ctx.shell.clone(),
    };
    ctx.render_status(status, &page)
}

pub async fn show(ctx: Ctx, Path((_, id)): Path<(String, Uuid)>) -> Result<Response, PageError> {
    ctx.require(Action::ViewApplications)?;
    show_page(&ctx, id, FormState::default(), StatusCode::OK).await
}

pub async fn act(
    ctx: Ctx,
    Path((_, id, action)): Path<(String, Uuid, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ProcessApplications)?;
    let version: i32 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let actor = ctx.actor.account;
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    let date = |k: &str| {
        NaiveDate::parse_from_str(get(k), "%Y-%m-%d")
            .map_err(|_| StoreError::invalid(k, "error-date-invalid"))
    };
    let txn = ctx.begin().await?;
    let result = match action.as_str() {
        "acknowledge" => applications::acknowledge(&txn, id, version, actor).await,
        "request-info" => {
            applications::request_info(&txn, id, version, get("question"), actor).await
        }
        "approve" | "reject" => match date("decided_on") {
            Ok(d) => {
                applications::decide(
                    &txn,
                    id,
                    version,
                    action == "approve",
                    d,
                    get("reference"),
                    actor,
                )
                .await
            }
            Err(e) => Err(e),
        },
        "college" => {
            let a = applications::get(&txn, id).await;
            match (a, get("college").parse::<i32>()) {
                (Ok(a), Ok(n)) => {
                    applications::assign_college(&txn, a.organisation_id, n, actor).await
                }
                (Err(e), _) => Err(e),
                (_, Err(_)) => Err(StoreError::invalid("college", "error-college-invalid")),
            }
        }
        "first-fee" => match (applications::get(&txn, id).await, date("paid_on")) {
            (Ok(a), Ok(d)) => {
                applications::record_first_fee(&txn, a.organisation_id, d, actor).await
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        },
        _ => Err(StoreError::NotFound),
    };
    match result {
        Ok(()) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &ctx.shell.href(&format!("/secretariat/applications/{id}")),
                Some("saved"),
            ))
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            show_page(&ctx, id, form, status).await
        }
    }
}

/// Membership status changes by the secretariat on the steering committee's decision (or a
/// member's written request): suspend, reinstate, withdrawal, disqualification, or a warning
/// that changes no status but stays in the history.
pub async fn change_status(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ChangeMemberStatus)?;
    let db = &ctx.state.store.db;
    let o = members::by_slug(db, &slug, ctx.locale())
        .await
        .map_err(|e| ctx.err(e))?;
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    let note = pumasi_domain::types::text(get("note"), 2000)
        .map_err(|c| ctx.err(AppError::Invalid(vec![FieldError::new("note", c)])))?;
    let reference = pumasi_domain::types::line(get("reference"), 100, false)
        .map_err(|c| ctx.err(AppError::Invalid(vec![FieldError::new("reference", c)])))?;
    let txn = ctx.begin().await?;
    let to = get("to");
    let res = if to == "warning" {
        if note.is_empty() {
            Err(StoreError::invalid("note", "error-required"))
        } else {
            members::event(
                &txn,
                o.id,
                ctx.actor.account,
                "warning",
                o.status.code(),
                o.status.code(),
                &note,
                &reference,
            )
            .await
        }
    } else {
        match pumasi_domain::members::MemberStatus::parse(to) {
            Some(s) => {
                members::change_status(&txn, o.id, s, ctx.actor.account, &note, &reference).await
            }
            None => Err(StoreError::invalid("to", "error-status-invalid")),
        }
    };
    match res {
        Ok(()) => {
            ctx.commit(txn).await?;
            ctx.state.changed().await;
            Ok(ctx.see_other(&ctx.shell.href(&format!("/members/{slug}")), Some("saved")))
        }
        Err(e) => Err(ctx.err(e)),
    }
}
