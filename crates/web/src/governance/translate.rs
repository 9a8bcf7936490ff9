//! The secretariat translates governance content — a body, a motion and its options, a
//! declaration's title, an agenda item, a charter article, the network's name — on one page
//! per record: every field in every other language, each with its status (missing,
//! translated, needs review). Readers then see their language, or the base text with
//! "shown in …".

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::governance::translations::{self, Subject, Translatable};
use std::collections::HashMap;
use uuid::Uuid;

/// One field to translate into one language: the form key, the language, its status.
pub struct Cell {
    pub key: String,
    pub locale: Locale,
    pub state: &'static str,
}

/// One field: its label, base text, whether it is long, and a cell per other language.
pub struct Row {
    pub label: String,
    pub base: String,
    pub long: bool,
    pub max: usize,
    pub cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "gov_translate.html")]
struct TranslatePage {
    shell: Shell,
    i: I18n,
    form: FormState,
    t: Translatable,
    rows: Vec<Row>,
    action: String,
    /// The base language, named in the reader's.
    base_name: String,
}

impl TranslatePage {
    fn state_label(&self, s: &str) -> String {
        self.i.t(&format!("translation-state-{s}"))
    }
}

fn label(i: I18n, subject: &str, field: &str) -> String {
    if let Some(n) = field.strip_prefix("option") {
        return i.ta(
            "translate-option",
            &[("number", (n.parse::<u64>().unwrap_or(0) + 1).into())],
        );
    }
    let key = match (subject, field) {
        (_, "short_name") => "settings-short-name",
        (_, "name") => "field-name",
        (_, "title") => "field-title",
        (_, "description") => "field-description",
        _ => "field-text",
    };
    i.t(key)
}

fn subject_of(ctx: &Ctx, s: &str, id: &str) -> Result<(Subject, Uuid), PageError> {
    let subject = Subject::parse(s).ok_or_else(|| ctx.err(AppError::NotFound))?;
    let id: Uuid = id.parse().map_err(|_| ctx.err(AppError::NotFound))?;
    Ok((subject, id))
}

async fn page(
    ctx: &Ctx,
    subject: Subject,
    id: Uuid,
    typed: Option<(FormMap, &[pumasi_domain::FieldError])>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let t = translations::translatable(db, subject, id)
        .await
        .map_err(|e| ctx.err(e))?;
    let stored = translations::stored(db, id).await.map_err(|e| ctx.err(e))?;
    let mut values: HashMap<String, String> = HashMap::new();
    let mut states: HashMap<String, &'static str> = HashMap::new();
    for (field, l, text, review) in &stored {
        let key = format!("{field}_{}", l.code());
        states.insert(
            key.clone(),
            if *review {
                "needs-review"
            } else {
                "translated"
            },
        );
        values.insert(key, text.clone());
    }
    let (status, form) = match typed {
        Some((f, errs)) => {
            let mut v = f;
            v.remove("_csrf");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                FormState::with_errors(v, errs, i),
            )
        }
        None => (StatusCode::OK, FormState::new(values)),
    };
    let rows = t
        .fields
        .iter()
        .map(|f| Row {
            label: label(i, t.subject, &f.name),
            base: f.base.clone(),
            long: f.long,
            max: f.max,
            cells: Locale::ALL
                .iter()
                .copied()
                .filter(|l| *l != t.base_lang)
                .map(|l| {
                    let key = format!("{}_{}", f.name, l.code());
                    Cell {
                        state: states.get(&key).copied().unwrap_or("missing"),
                        key,
                        locale: l,
                    }
                })
                .collect(),
        })
        .collect();
    let action = format!("/{}/governance/translate/{}/{id}", i.code(), t.subject);
    let base_name = i.language_name(t.base_lang.code());
    ctx.render_status(
        status,
        &TranslatePage {
            shell: ctx.shell.clone(),
            i,
            form,
            t,
            rows,
            action,
            base_name,
        },
    )
}

/// `GET /{locale}/governance/translate/{subject}/{id}`.
///
/// # Errors
/// `NotFound`; `Forbidden` for anyone but the secretariat.
pub async fn show(
    ctx: Ctx,
    Path((_, subject, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    let (subject, id) = subject_of(&ctx, &subject, &id)?;
    page(&ctx, subject, id, None).await
}

/// `POST /{locale}/governance/translate/{subject}/{id}`: saves every field typed (an empty
/// one removes its translation); nothing is saved when one is wrong.
///
/// # Errors
/// `NotFound`; `Forbidden`; the page again with messages at the fields.
pub async fn save(
    ctx: Ctx,
    Path((_, subject, id)): Path<(String, String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ManageGovernance)?;
    let (subject, id) = subject_of(&ctx, &subject, &id)?;
    let mut values = Vec::new();
    for (k, v) in &f {
        if let Some((field, code)) = k.rsplit_once('_')
            && let Some(l) = Locale::parse(code)
            && k != "_csrf"
        {
            values.push((field.to_owned(), l, v.clone()));
        }
    }
    values.sort_by(|a, b| (&a.0, a.1.code()).cmp(&(&b.0, b.1.code())));
    let txn = ctx.begin().await?;
    match translations::save(&txn, subject, id, &values, ctx.actor.account).await {
        Ok(()) => ctx.commit(txn).await?,
        Err(StoreError::Invalid(errs)) => {
            drop(txn);
            return page(&ctx, subject, id, Some((f, &errs))).await;
        }
        Err(e) => return Err(ctx.err(e)),
    }
    if subject == Subject::Network {
        ctx.state.reload_identity().await;
    }
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!(
            "/{}/governance/translate/{}/{id}",
            ctx.locale().code(),
            subject.code()
        ),
        Some("saved"),
    ))
}
