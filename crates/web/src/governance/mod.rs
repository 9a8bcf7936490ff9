//! Governance on the web: bodies with their current and past composition (`bodies`), motions
//! with ballots, proxies, receipts and results (`motions`), and the JSON API (`api`).

pub mod api;
pub mod bodies;
pub mod charter;
pub mod declarations;
pub mod elections;
pub mod meetings;
pub mod motions;
pub mod translate;

use crate::AppState;
use crate::i18n::I18n;
use axum::Router;
use axum::routing::{get, post};
use pumasi_domain::governance::motion::{KindCode, MajorityCode, MotionStatus};
use pumasi_store::governance::motions::Motion;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{locale}/governance",
            get(bodies::index).post(bodies::create),
        )
        .route("/{locale}/governance/{body}", get(bodies::body_page))
        .route(
            "/{locale}/governance/{body}/mandates",
            post(bodies::add_mandate),
        )
        .route(
            "/{locale}/governance/{body}/mandates/{id}/end",
            post(bodies::end_mandate),
        )
        .route(
            "/{locale}/governance/{body}/motions/new",
            get(motions::new_form).post(motions::create),
        )
        .route(
            "/{locale}/governance/{body}/meetings/new",
            get(meetings::new_form).post(meetings::create),
        )
        .route("/{locale}/meetings/{slug}", get(meetings::page))
        .route(
            "/{locale}/meetings/{slug}/calendar.ics",
            get(meetings::ical),
        )
        .route("/{locale}/meetings/{slug}/{action}", post(meetings::action))
        .route("/{locale}/decisions", get(meetings::register))
        .route(
            "/{locale}/governance/applications/{id}/vote",
            post(motions::put_application),
        )
        .route(
            "/{locale}/governance/{body}/elections",
            post(elections::create),
        )
        .route("/{locale}/elections/{slug}", get(elections::page))
        .route(
            "/{locale}/elections/{slug}/{action}",
            post(elections::action),
        )
        .route(
            "/{locale}/governance/translate/{subject}/{id}",
            get(translate::show).post(translate::save),
        )
        .route("/{locale}/charter", get(charter::page))
        .route("/{locale}/charter/versions/{n}", get(charter::version_page))
        .route("/{locale}/charter/diff", get(charter::diff))
        .route("/{locale}/charter/amendments", post(charter::propose))
        .route("/{locale}/motions/{reference}", get(motions::motion_page))
        .route("/{locale}/motions/{reference}/open", post(motions::open))
        .route("/{locale}/motions/{reference}/vote", post(motions::vote))
        .route("/{locale}/motions/{reference}/proxy", post(motions::proxy))
        .route(
            "/{locale}/motions/{reference}/receipt",
            get(motions::receipt),
        )
        .route(
            "/{locale}/motions/{reference}/results",
            get(motions::results),
        )
        .route(
            "/{locale}/motions/{reference}/ballots.json",
            get(motions::ballots_json),
        )
        .route(
            "/{locale}/motions/{reference}/log.json",
            get(motions::log_json),
        )
        .route(
            "/{locale}/declarations",
            get(declarations::list).post(declarations::create),
        )
        .route("/{locale}/declarations/{slug}", get(declarations::page))
        .route(
            "/{locale}/declarations/{slug}/versions/{n}",
            get(declarations::version_page),
        )
        .route(
            "/{locale}/declarations/{slug}/sign",
            post(declarations::sign).layer(axum::extract::DefaultBodyLimit::max(
                pumasi_store::governance::declarations::IMAGE_MAX + 64 * 1024,
            )),
        )
        .route(
            "/{locale}/declarations/{slug}/text",
            post(declarations::text_action),
        )
        .route(
            "/{locale}/declarations/{slug}/signatures/{id}",
            post(declarations::signature_action),
        )
        .route(
            "/{locale}/declarations/{slug}/signatures/{id}/image",
            get(declarations::image),
        )
}

/// Renders a governance page: anonymous readers of a plain page get the public rendering (the
/// same bytes for all, cached); a form with messages, or a signed-in reader, a fresh one.
///
/// # Errors
/// Template errors.
pub(crate) fn render(
    ctx: &crate::page::Ctx,
    status: axum::http::StatusCode,
    page: &impl askama::Template,
) -> Result<axum::response::Response, crate::error::PageError> {
    if ctx.account.is_none() && status == axum::http::StatusCode::OK {
        ctx.render_public(page)
    } else {
        ctx.render_status(status, page)
    }
}

/// The organisations the reader represents: their admins vote, give proxies and sign for them.
#[must_use]
pub(crate) fn represented(ctx: &crate::page::Ctx) -> Vec<uuid::Uuid> {
    ctx.actor
        .orgs
        .iter()
        .filter(|(_, r)| *r == pumasi_domain::members::OrgRole::Admin)
        .map(|(o, _)| *o)
        .collect()
}

/// The content languages as a select's options, `lang` chosen as in `form`.
#[must_use]
pub(crate) fn lang_options(i: I18n, form: &crate::page::FormState) -> Vec<(String, String, bool)> {
    i.content_languages(form.v("lang"))
        .into_iter()
        .map(|(code, name)| {
            let on = form.selected("lang", &code);
            (code, name, on)
        })
        .collect()
}

/// Closes every motion whose closing time has passed; called by the background loop and before
/// a motion is shown, so a result never waits for the loop.
///
/// # Errors
/// Database errors.
pub async fn close_due(state: &AppState) -> Result<usize, pumasi_store::StoreError> {
    use pumasi_store::governance::motions as m;
    let now = chrono::Utc::now();
    let due = m::due(&state.store.db, now).await?;
    let mut n = 0;
    for id in due {
        let txn = state.store.begin_write().await?;
        match m::close(&txn, id, now, None).await {
            Ok(_) => {
                txn.commit().await?;
                n += 1;
            }
            // Another node closed it first.
            Err(pumasi_store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if n > 0 {
        state.content_changed();
    }
    Ok(n)
}

/// A body as the reader sees it: name and description in their language when translated.
///
/// # Errors
/// Database errors, as an error page.
pub(crate) async fn shown(
    ctx: &crate::page::Ctx,
    mut b: pumasi_store::governance::Body,
) -> Result<pumasi_store::governance::Body, crate::error::PageError> {
    pumasi_store::governance::translations::localize_bodies(
        &ctx.state.store.db,
        std::slice::from_mut(&mut b),
        ctx.locale(),
    )
    .await
    .map_err(|e| ctx.err(e))?;
    Ok(b)
}

/// The note under a translated governance field: "shown in …" when it is the base text in
/// place of a missing translation, "needs review" for an outdated translation.
#[must_use]
pub fn note(i: I18n, shown: &pumasi_store::governance::translations::Shown, field: &str) -> String {
    shown
        .status(field)
        .map(|lz| crate::events::note(i, &lz))
        .unwrap_or_default()
}

/// The label of option `o` of a motion: yes/no/abstain translated, or the typed label.
#[must_use]
pub fn option_label(i: I18n, m: &Motion, o: u32) -> String {
    if m.rules.kind == KindCode::YesNo {
        return i.t(match o {
            0 => "ballot-yes",
            1 => "ballot-no",
            _ => "ballot-abstain",
        });
    }
    m.option_label(o).unwrap_or("?").to_owned()
}

#[must_use]
pub fn status_label(i: I18n, s: MotionStatus) -> String {
    i.t(&format!("motion-status-{}", s.code()))
}

/// One line describing the rules: kind, weighting, quorum, majority, secrecy.
#[must_use]
pub fn rules_line(i: I18n, m: &Motion) -> String {
    let r = &m.rules;
    let mut parts = vec![i.t(&format!("motion-kind-{}", r.kind.code().replace('_', "-")))];
    if r.kind == KindCode::UpTo {
        parts.push(i.tn("motion-up-to", u64::from(r.max_choices)));
    }
    parts.push(i.t(&format!(
        "motion-weighting-{}",
        r.weighting.code().replace('_', "-")
    )));
    if r.quorum_bp > 0 {
        parts.push(format!("{} {}", i.t("motion-quorum"), percent(r.quorum_bp)));
    }
    if r.kind == KindCode::YesNo {
        parts.push(i.t(match r.majority {
            MajorityCode::Simple => "motion-majority-simple",
            MajorityCode::Absolute => "motion-majority-absolute",
            MajorityCode::TwoThirds => "motion-majority-two-thirds",
        }));
    }
    parts.push(i.t(if r.secret {
        "motion-secret"
    } else {
        "motion-open-ballot"
    }));
    parts.join(" · ")
}

/// Basis points as a percentage with one decimal.
#[must_use]
pub fn percent(bp: u32) -> String {
    format!("{}.{} %", bp / 100, (bp % 100) / 10)
}
