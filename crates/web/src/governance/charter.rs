//! The charter on the web: the current version, any earlier version, the diff between two
//! versions, the amendments with their motions, and the secretariat's form to put an amendment
//! to the general assembly's vote.

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use pumasi_domain::governance::charter::{DiffLine, RawAmendment, diff_lines};
use pumasi_domain::governance::motion::RawMotion;
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::governance::charter::{self as store, Amendment, Article, Version};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "charter.html")]
struct CharterPage {
    shell: Shell,
    i: I18n,
    version: Option<Version>,
    articles: Vec<ArticleView>,
    versions: Vec<Version>,
    amendments: Vec<Amendment>,
    latest: bool,
    manage: bool,
    form: FormState,
}

/// An article as the reader sees it: in their language when translated, with its note.
struct ArticleView {
    a: Article,
    html: String,
    lang: String,
    note: String,
    /// The translation page's id of the article.
    id: uuid::Uuid,
}

async fn page_with(
    ctx: &Ctx,
    number: Option<i32>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let versions = store::versions(db).await.map_err(|e| ctx.err(e))?;
    let shown = match number {
        Some(n) => Some(store::version(db, n).await.map_err(|e| ctx.err(e))?),
        None => store::current(db).await.map_err(|e| ctx.err(e))?,
    };
    let latest = shown
        .as_ref()
        .is_some_and(|(v, _)| Some(v.number) == versions.last().map(|x| x.number));
    let manage = ctx.can(Action::ManageGovernance);
    let (version, mut articles) = match shown {
        Some((v, a)) => (Some(v), a),
        None => (None, Vec::new()),
    };
    let i = ctx.i();
    let version_id = version.as_ref().map(|v| v.id).unwrap_or_default();
    let shown = pumasi_store::governance::translations::localize_articles(
        db,
        version_id,
        &mut articles,
        i.locale,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    let page = CharterPage {
        articles: articles
            .into_iter()
            .zip(shown)
            .map(|(a, s)| ArticleView {
                html: crate::members::markdown(&a.text),
                lang: s
                    .status("text")
                    .map_or(i.locale.code().to_owned(), |l| l.lang.code().to_owned()),
                note: super::note(i, &s, "text"),
                id: pumasi_store::search::governance::article_id(version_id, a.number),
                a,
            })
            .collect(),
        amendments: store::amendments(db).await.map_err(|e| ctx.err(e))?,
        version,
        versions,
        latest,
        manage,
        form,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    };
    super::render(ctx, status, &page)
}

fn defaults() -> FormState {
    let now = Utc::now();
    let mut v = HashMap::new();
    v.insert(
        "opens_at".to_owned(),
        now.format("%Y-%m-%dT%H:%M").to_string(),
    );
    v.insert(
        "closes_at".to_owned(),
        (now + chrono::Duration::days(14))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    );
    v.insert("time_zone".to_owned(), "UTC".to_owned());
    FormState::new(v)
}

/// `GET /{locale}/charter`.
///
/// # Errors
/// Database errors.
pub async fn page(ctx: Ctx) -> Result<Response, PageError> {
    page_with(&ctx, None, defaults(), StatusCode::OK).await
}

/// `GET /{locale}/charter/versions/{n}`.
///
/// # Errors
/// `NotFound`.
pub async fn version_page(
    ctx: Ctx,
    Path((_, n)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let n: i32 = n.parse().map_err(|_| ctx.err(AppError::NotFound))?;
    page_with(&ctx, Some(n), defaults(), StatusCode::OK).await
}

/// One article in a diff: number, title (old → new), what happened, its lines.
pub struct ArticleDiff {
    pub number: i32,
    pub title: String,
    pub change: &'static str,
    pub lines: Vec<DiffLine>,
}

#[derive(Template)]
#[template(path = "charter_diff.html")]
struct DiffPage {
    shell: Shell,
    i: I18n,
    from: i32,
    to: i32,
    articles: Vec<ArticleDiff>,
    unchanged: bool,
}

/// `GET /{locale}/charter/diff?from=1&to=2`: what changed, article by article.
///
/// # Errors
/// `NotFound` for a version that does not exist.
pub async fn diff(
    ctx: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let n = |k: &str| q.get(k).and_then(|v| v.trim().parse::<i32>().ok());
    let (Some(from), Some(to)) = (n("from"), n("to")) else {
        return Err(
            ctx.err(AppError::Invalid(vec![pumasi_domain::FieldError::new(
                "from",
                "error-number-invalid",
            )])),
        );
    };
    let (_, old) = store::version(db, from).await.map_err(|e| ctx.err(e))?;
    let (_, new) = store::version(db, to).await.map_err(|e| ctx.err(e))?;
    let mut numbers: Vec<i32> = old.iter().chain(new.iter()).map(|a| a.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let articles: Vec<ArticleDiff> = numbers
        .into_iter()
        .map(|number| {
            let a = old.iter().find(|a| a.number == number);
            let b = new.iter().find(|a| a.number == number);
            let (change, title) = match (a, b) {
                (None, Some(b)) => ("added", b.title.clone()),
                (Some(a), None) => ("removed", a.title.clone()),
                (Some(a), Some(b)) if a.text == b.text && a.title == b.title => {
                    ("same", b.title.clone())
                }
                (Some(a), Some(b)) if a.title != b.title => {
                    ("changed", format!("{} → {}", a.title, b.title))
                }
                (_, b) => ("changed", b.map(|b| b.title.clone()).unwrap_or_default()),
            };
            ArticleDiff {
                number,
                title,
                change,
                lines: diff_lines(
                    a.map_or("", |a| a.text.as_str()),
                    b.map_or("", |b| b.text.as_str()),
                ),
            }
        })
        .collect();
    ctx.render_public(&DiffPage {
        unchanged: articles.iter().all(|a: &ArticleDiff| a.change == "same"),
        from,
        to,
        articles,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    })
}

/// `POST /{locale}/charter/amendments`: the secretariat puts an amendment to the general
/// assembly's vote (yes/no, by college, two-thirds majority, quorum 50 %).
///
/// # Errors
/// The charter page with a message per field.
pub async fn propose(ctx: Ctx, axum::Form(f): axum::Form<FormMap>) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let change = RawAmendment {
        article: g("article"),
        title: g("title"),
        text: g("text"),
        rationale: g("rationale"),
    }
    .validate();
    let weights: Vec<(i32, u32)> = pumasi_store::members::vocabulary(&ctx.state.store.db)
        .await
        .map_err(|e| ctx.err(e))?
        .colleges
        .iter()
        .map(|c| (c.number, u32::try_from(c.weight_bp).unwrap_or(0)))
        .collect();
    let title = format!(
        "{} {}",
        ctx.i().t("charter-amendment-of"),
        g("article").trim()
    );
    let motion = RawMotion {
        title: title.chars().take(300).collect(),
        text: g("rationale"),
        lang: ctx.locale().code().to_owned(),
        kind: "yes_no".into(),
        weighting: "college".into(),
        quorum: "50".into(),
        majority: "two_thirds".into(),
        proxy_limit: "2".into(),
        opens_at: g("opens_at"),
        closes_at: g("closes_at"),
        time_zone: g("time_zone"),
        ..RawMotion::default()
    }
    .validate(&weights);
    let r = match (change, motion) {
        (Ok(change), Ok(motion)) => {
            let txn = ctx.begin().await?;
            let body = pumasi_store::governance::body_by_slug(&txn, "general-assembly")
                .await
                .map_err(|e| ctx.err(e))?;
            match store::propose(&txn, &body, &change, &motion, ctx.actor.account).await {
                Ok(m) => {
                    ctx.commit(txn).await?;
                    Ok(m.reference)
                }
                Err(e) => Err(e),
            }
        }
        (a, b) => {
            let mut errs = a.err().unwrap_or_default();
            errs.extend(b.err().unwrap_or_default());
            Err(StoreError::Invalid(errs))
        }
    };
    match r {
        Ok(reference) => Ok(ctx.see_other(
            &format!("/{}/motions/{reference}", ctx.locale().code()),
            Some("saved"),
        )),
        Err(e) => {
            let (form, status) = ctx.form_failure(e, &f)?;
            page_with(&ctx, None, form, status).await
        }
    }
}
