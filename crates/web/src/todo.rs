//! `GET /{locale}/todo`: the page a person lands on after logging in — what needs them, by
//! role, each row a link to where it is done. Nothing here is cached: it is one person's.

use crate::AppState;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, Shell};
use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;
use pumasi_domain::members::format_money_in;
use pumasi_store::todo::{self, Todo};

/// Rows shown per list; the rest are behind the list's own page.
pub const SHOWN: usize = 20;

pub fn routes() -> Router<AppState> {
    Router::new().route("/{locale}/todo", get(page))
}

#[derive(Template)]
#[template(path = "todo.html")]
struct TodoPage {
    shell: Shell,
    i: I18n,
    t: Todo,
    staff: bool,
    /// Whether the person speaks for an organisation (votes, signatures).
    represents: bool,
    shown: usize,
}

impl TodoPage {
    /// The acknowledgement deadline, said as late once passed.
    fn ack(&self, a: &todo::ApplicationDue) -> String {
        let d = self.i.date_opt(a.ack_due_on);
        self.i.ts(
            if a.late {
                "todo-ack-late"
            } else {
                "todo-ack-by"
            },
            &d,
        )
    }

    fn state(&self, a: &todo::ApplicationDue) -> String {
        self.i
            .t(&format!("application-{}", a.state.code().replace('_', "-")))
    }

    fn due(&self, d: &todo::DuesDue) -> String {
        self.i.ts("todo-due-on", &self.i.date(d.due_on))
    }

    fn closes(&self, v: &todo::VoteDue) -> String {
        self.i.ts("todo-closes", &self.i.datetime(v.closes_at))
    }

    fn status(&self, d: &todo::ItemDue) -> String {
        self.i.t(&format!("library-status-{}", d.status.code()))
    }

    fn reg_state(&self, r: &todo::RegistrationDue) -> String {
        self.i.t(&format!("registration-state-{}", r.state.code()))
    }

    fn money(&self, minor: &i64, currency: &str) -> String {
        format_money_in(*minor, currency, self.i.locale)
    }

    fn more(&self, n: usize) -> String {
        if n > self.shown {
            self.i.tn("todo-more", (n - self.shown) as u64)
        } else {
            String::new()
        }
    }
}

async fn page(ctx: Ctx) -> Result<Response, PageError> {
    if ctx.actor.account.is_none() {
        return Err(ctx.err(AppError::Unauthorized));
    }
    let i = ctx.i();
    let now = pumasi_store::now();
    let today = now.with_timezone(&i.tz).date_naive();
    let t = todo::gather(&ctx.state.store.db, &ctx.actor, now, today, i.locale).await?;
    let staff = ctx.shell.is_staff;
    let represents = ctx
        .actor
        .orgs
        .iter()
        .any(|(_, r)| *r == pumasi_domain::members::OrgRole::Admin);
    ctx.render(&TodoPage {
        shell: ctx.shell.clone(),
        i,
        t,
        staff,
        represents,
        shown: SHOWN,
    })
}
