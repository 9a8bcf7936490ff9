//! Editing the library: the new and edit forms, workflow steps, translations, attachments, the
//! editors' work list and the translation-status page. Reviewers (the secretariat) see and edit
//! everything; organisation editors and admins their organisation's items.

use super::{kind_label, load_for_edit, sdg_label, theme_label};
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request};
use axum::http::StatusCode;
use axum::response::Response;
use pumasi_domain::FieldError;
use pumasi_domain::library::{
    ATTACHMENT_MAX, ITEM_TRANSLATABLE, ItemKind, ItemStatus, Licence, RawItem, SDGS, Step, THEMES,
    clean_filename, sniff_attachment,
};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::Action;
use pumasi_domain::types::Email;
use pumasi_store::library::{self, FieldState, Item, TranslationRow};
use pumasi_store::{StoreError, accounts, members};
use std::collections::HashMap;
use uuid::Uuid;

type Options = Vec<(String, String, bool)>;
/// `(field, label, text, needs review)` of one translation form.
type TrField = (String, String, String, bool);

/// A form body with repeated keys (checkbox groups) joined with commas.
fn form_pairs(body: &str) -> FormMap {
    let mut f = FormMap::new();
    for (k, v) in serde_urlencoded::from_str::<Vec<(String, String)>>(body).unwrap_or_default() {
        f.entry(k)
            .and_modify(|old: &mut String| {
                old.push(',');
                old.push_str(&v);
            })
            .or_insert(v);
    }
    f
}

fn raw_from(f: &FormMap) -> RawItem {
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    RawItem {
        slug: g("slug"),
        kind: g("kind"),
        lang: g("lang"),
        title: g("title"),
        summary: g("summary"),
        body: g("body"),
        authors: g("authors"),
        author_orgs: g("author_orgs"),
        publisher: g("publisher"),
        date: g("date"),
        // Ticked languages, and any other ISO 639 codes typed beside them.
        languages: [g("languages"), g("languages_other")]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(","),
        themes: g("themes"),
        sdgs: g("sdgs"),
        country: g("country"),
        organisations: g("organisations"),
        events: g("events"),
        sessions: g("sessions"),
        licence: g("licence"),
        url: g("url"),
        owner: g("owner"),
        fictional: g("fictional"),
    }
}

fn values_of(raw: &RawItem) -> HashMap<String, String> {
    let v = serde_json::to_value(raw).unwrap_or_default();
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The organisations whose items the person edits (editor or admin there).
fn own_orgs(ctx: &Ctx) -> Vec<Uuid> {
    ctx.actor
        .orgs
        .iter()
        .filter(|(_, r)| matches!(r, OrgRole::Editor | OrgRole::Admin))
        .map(|(o, _)| *o)
        .collect()
}

/// A malformed form value: 422 naming the field.
fn bad(ctx: &Ctx, field: &str, code: &'static str) -> PageError {
    ctx.err(AppError::Invalid(vec![FieldError::new(field, code)]))
}

fn is_reviewer(ctx: &Ctx) -> bool {
    ctx.can(Action::ReviewLibrary)
}

#[derive(Template)]
#[template(path = "library_edit.html")]
struct EditPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    /// `None` on the new-item form.
    it: Option<Item>,
    action: String,
    kinds: Options,
    langs: Options,
    licences: Options,
    owners: Options,
    /// Organisations the item is about, ticked by name: `(slug, name, ticked)`.
    org_choices: Options,
    /// Events the item is about, ticked by title: `(slug, title · year, ticked)`.
    event_choices: Options,
    themes: Options,
    sdgs: Options,
    doc_langs: Options,
    /// Codes of the item's languages that are not in the named list (`quz`).
    other_langs: String,
    /// Per other language: `(code, name, [(field, label, text, needs review)])`.
    translations: Vec<(String, String, Vec<TrField>)>,
    /// Per related event: its title and its sessions as checkboxes.
    sessions: Vec<(String, Options)>,
    version: i32,
    max_mb: usize,
}

fn list_has(list: &str, v: &str) -> bool {
    list.split([',', ' ']).any(|x| x.trim() == v)
}

async fn edit_page(
    ctx: &Ctx,
    form: FormState,
    it: Option<Item>,
    tr: &[(String, Locale, String, bool)],
) -> Result<EditPage, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let mut owners = Vec::new();
    if is_reviewer(ctx) {
        // Reviewers give an item to any organisation, chosen by name, or to none (the network).
        owners.push((
            String::new(),
            i.t("field-owner-none"),
            form.v("owner").is_empty(),
        ));
        for (slug, name) in members::choices(db, i.locale).await? {
            let sel = form.selected("owner", &slug);
            owners.push((slug, name, sel));
        }
    } else {
        for o in own_orgs(ctx) {
            if let Ok(org) = members::by_id(db, o, i.locale).await {
                let sel = form.selected("owner", &org.slug);
                owners.push((org.slug.clone(), org.name.text, sel));
            }
        }
    }
    let opts = |name: &str, list: Vec<(String, String)>| -> Options {
        list.into_iter()
            .map(|(v, l)| {
                let s = form.selected(name, &v);
                (v, l, s)
            })
            .collect()
    };
    // A base text in a language other than the four can be translated into all four.
    let base = pumasi_domain::languages::Lang::parse(form.v("lang"));
    let translations = Locale::ALL
        .iter()
        .filter(|l| base.is_none_or(|b| b != **l))
        .map(|l| {
            let fields = ITEM_TRANSLATABLE
                .iter()
                .map(|f| {
                    let found = tr.iter().find(|(tf, tl, _, _)| tf == f && tl == l);
                    // What was typed in a refused form wins over what is stored.
                    let typed = form.values.get(&format!("{f}_{}", l.code()));
                    (
                        (*f).to_owned(),
                        i.t(&format!("field-{f}")),
                        typed
                            .cloned()
                            .or_else(|| found.map(|t| t.2.clone()))
                            .unwrap_or_default(),
                        found.is_some_and(|t| t.3),
                    )
                })
                .collect();
            (
                l.code().to_owned(),
                i.t(&format!("language-{}", l.code())),
                fields,
            )
        })
        .collect();
    // The sessions of the related events, to tick the ones the item is about.
    let mut sessions = Vec::new();
    for slug in form
        .v("events")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(10)
    {
        let Ok(e) = pumasi_store::events::by_slug(db, slug, i.locale).await else {
            continue;
        };
        let p = pumasi_store::events::programme::programme(db, e.id, i.locale)
            .await
            .map_err(|e| ctx.err(e))?;
        let opts = p
            .sessions
            .iter()
            .map(|x| {
                let id = x.id.to_string();
                let on = list_has(form.v("sessions"), &id);
                let when = i.datetime(x.starts_at);
                (id, format!("{when} · {}", x.title.text), on)
            })
            .collect::<Vec<_>>();
        if !opts.is_empty() {
            sessions.push((e.title.text, opts));
        }
    }
    let action = match &it {
        Some(x) => format!("/{}/library/{}/edit", i.code(), x.slug),
        None => format!("/{}/library/new", i.code()),
    };
    // Related organisations and events are ticked by name (the ticked ones first), not typed.
    let mut org_choices: Options = members::choices(db, i.locale)
        .await?
        .into_iter()
        .map(|(slug, name)| {
            let on = list_has(form.v("organisations"), &slug);
            (slug, name, on)
        })
        .collect();
    org_choices.sort_by_key(|o| !o.2);
    let mut event_choices: Options = pumasi_store::events::list(
        db,
        &pumasi_store::events::EventFilter {
            newest_first: true,
            ..Default::default()
        },
        i.locale,
    )
    .await?
    .into_iter()
    .map(|e| {
        let on = list_has(form.v("events"), &e.slug);
        let label = format!("{} · {}", e.title.text, e.starts_on.format("%Y"));
        (e.slug, label, on)
    })
    .collect();
    event_choices.sort_by_key(|o| !o.2);
    Ok(EditPage {
        org_choices,
        event_choices,
        kinds: opts(
            "kind",
            ItemKind::ALL
                .iter()
                .map(|k| (k.code().to_owned(), kind_label(i, *k)))
                .collect(),
        ),
        langs: crate::governance::lang_options(i, &form),
        licences: opts(
            "licence",
            Licence::ALL
                .iter()
                .map(|l| (l.code().to_owned(), super::licence_label(i, *l)))
                .collect(),
        ),
        themes: THEMES
            .iter()
            .map(|t| {
                (
                    (*t).to_owned(),
                    theme_label(i, t),
                    list_has(form.v("themes"), t),
                )
            })
            .collect(),
        sdgs: SDGS
            .map(|n| {
                (
                    n.to_string(),
                    sdg_label(i, n),
                    list_has(form.v("sdgs"), &n.to_string()),
                )
            })
            .collect(),
        doc_langs: {
            // The named languages, in the reader's collation, then any other code the item has.
            let mut named: Options = pumasi_domain::languages::codes()
                .map(|c| {
                    (
                        c.to_owned(),
                        pumasi_domain::languages::display(c, i.code()),
                        list_has(form.v("languages"), c),
                    )
                })
                .collect();
            pumasi_domain::collation::sort_by_name(i.locale, &mut named, |o| &o.1);
            named
        },
        other_langs: form
            .v("languages")
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty() && pumasi_domain::languages::name(c, "en").is_none())
            .chain(
                form.v("languages_other")
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|c| !c.is_empty()),
            )
            .collect::<Vec<_>>()
            .join(", "),
        owners,
        translations,
        sessions,
        version: it.as_ref().map_or(0, |x| x.version),
        action,
        it,
        form,
        max_mb: ATTACHMENT_MAX / (1024 * 1024),
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/library/new`.
///
/// # Errors
/// `Unauthorized`/`Forbidden` for those who may not start items.
pub async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require(Action::CreateLibraryItem)?;
    let mut v = HashMap::new();
    v.insert("lang".to_owned(), ctx.locale().code().to_owned());
    v.insert("languages".to_owned(), ctx.locale().code().to_owned());
    v.insert("kind".to_owned(), "case_study".to_owned());
    v.insert("licence".to_owned(), "cc-by-4.0".to_owned());
    let page = edit_page(&ctx, FormState::new(v), None, &[]).await?;
    ctx.render(&page)
}

/// Checks that the chosen owner is one the person may give: reviewers any (or none), editors
/// one of their organisations.
async fn owner_allowed(ctx: &Ctx, raw: &RawItem) -> Result<Result<(), FieldError>, PageError> {
    if is_reviewer(ctx) {
        return Ok(Ok(()));
    }
    let slug = raw.owner.trim();
    if slug.is_empty() {
        return Ok(Err(FieldError::new("owner", "error-required")));
    }
    match members::by_slug(&ctx.state.store.db, slug, ctx.locale()).await {
        Ok(o) if own_orgs(ctx).contains(&o.id) => Ok(Ok(())),
        Ok(_) | Err(StoreError::NotFound) => {
            Ok(Err(FieldError::new("owner", "error-choice-invalid")))
        }
        Err(e) => Err(ctx.err(e)),
    }
}

async fn failed(
    ctx: &Ctx,
    e: StoreError,
    f: &FormMap,
    it: Option<Item>,
    tr: &[(String, Locale, String, bool)],
) -> Result<Response, PageError> {
    let (form, status) = ctx.form_failure(e, f)?;
    let page = edit_page(ctx, form, it, tr).await?;
    ctx.render_status(status, &page)
}

/// `POST /{locale}/library/new`: saves a draft.
///
/// # Errors
/// The form with field errors (422) or a conflict (409).
pub async fn create(ctx: Ctx, body: String) -> Result<Response, PageError> {
    ctx.require(Action::CreateLibraryItem)?;
    let f = form_pairs(&body);
    ctx.check_csrf(&f)?;
    let raw = raw_from(&f);
    let mut errs = match raw.validate() {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    if let Err(e) = owner_allowed(&ctx, &raw).await? {
        errs.push(e);
    }
    if !errs.is_empty() {
        return failed(&ctx, StoreError::Invalid(errs), &f, None, &[]).await;
    }
    let input = raw.validate().map_err(|e| ctx.err(AppError::Invalid(e)))?;
    let txn = ctx.begin().await?;
    let slug = match library::create(&txn, &input, ctx.actor.account).await {
        Ok(id) => pumasi_store::slugs::current(&txn, pumasi_store::slugs::Kind::LibraryItem, id)
            .await
            .map_err(|e| ctx.err(e))?,
        Err(e) => return failed(&ctx, e, &f, None, &[]).await,
    };
    ctx.commit(txn).await?;
    ctx.state.search_sync().await;
    Ok(ctx.see_other(
        &format!("/{}/library/{slug}/edit", ctx.locale().code()),
        Some("saved"),
    ))
}

/// `GET /{locale}/library/{slug}/edit`.
///
/// # Errors
/// `NotFound` for those who may not see it; `Forbidden` for readers.
pub async fn edit_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    load_for_edit(&ctx, &slug).await?;
    let (it, raw, tr) = library::raw(&ctx.state.store.db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let page = edit_page(&ctx, FormState::new(values_of(&raw)), Some(it), &tr).await?;
    ctx.render(&page)
}

/// `POST /{locale}/library/{slug}/edit`: saves the main fields (translations are saved one
/// language at a time by [`translation`]).
///
/// # Errors
/// The form with field errors; 409 when someone saved in between.
pub async fn save(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    body: String,
) -> Result<Response, PageError> {
    let (it, _) = load_for_edit(&ctx, &slug).await?;
    let f = form_pairs(&body);
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let (_, _, tr) = library::raw(db, &slug).await.map_err(|e| ctx.err(e))?;
    let raw = raw_from(&f);
    let mut errs = match raw.validate() {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    let reviewer = is_reviewer(&ctx);
    if !reviewer && let Err(e) = owner_allowed(&ctx, &raw).await? {
        errs.push(e);
    }
    if !errs.is_empty() {
        return failed(&ctx, StoreError::Invalid(errs), &f, Some(it), &tr).await;
    }
    let input = raw.validate().map_err(|e| ctx.err(AppError::Invalid(e)))?;
    let version: i32 = f
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| bad(&ctx, "version", "error-invalid"))?;
    let txn = ctx.begin().await?;
    if let Err(e) = library::update(&txn, it.id, version, &input, reviewer, ctx.actor.account).await
    {
        return failed(&ctx, e, &f, Some(it), &tr).await;
    }
    let slug = pumasi_store::slugs::current(&txn, pumasi_store::slugs::Kind::LibraryItem, it.id)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/library/{slug}/edit", ctx.locale().code()),
        Some("saved"),
    ))
}

/// `POST /{locale}/library/{slug}/step`: submit for review, return, publish, unpublish.
///
/// # Errors
/// 409 when the step does not apply (already published, not reviewed yet…).
pub async fn step(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    let (it, who) = load_for_edit(&ctx, &slug).await?;
    ctx.check_csrf(&f)?;
    let s = Step::parse(f.get("step").map_or("", String::as_str))
        .ok_or_else(|| bad(&ctx, "step", "error-choice-invalid"))?;
    let txn = ctx.begin().await?;
    library::step(&txn, it.id, s, who, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/library/{}", ctx.locale().code(), it.slug),
        Some(&format!("library-{}", s.code())),
    ))
}

/// `POST /{locale}/library/{slug}/delete`: a draft that was never published.
///
/// # Errors
/// 409 for an item that was published once.
pub async fn delete(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    let (it, _) = load_for_edit(&ctx, &slug).await?;
    ctx.check_csrf(&f)?;
    let txn = ctx.begin().await?;
    let keys = library::delete_draft(&txn, it.id, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    for k in keys {
        ctx.state.files.delete(&k).await;
    }
    ctx.state.search_sync().await;
    Ok(ctx.see_other(
        &format!("/{}/library/manage", ctx.locale().code()),
        Some("deleted"),
    ))
}

/// `POST /{locale}/library/{slug}/translation`: one language's title, summary and body, or
/// `reviewed=field` to mark a translation as checked against the new original.
///
/// # Errors
/// The edit form with the field's error.
pub async fn translation(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    let (it, _) = load_for_edit(&ctx, &slug).await?;
    ctx.check_csrf(&f)?;
    let locale = Locale::parse(f.get("locale").map_or("", String::as_str))
        .ok_or_else(|| bad(&ctx, "locale", "error-language-invalid"))?;
    let reviewed = f.get("reviewed").map(String::as_str);
    if reviewed.is_some_and(|r| !ITEM_TRANSLATABLE.contains(&r)) {
        return Err(bad(&ctx, "reviewed", "error-choice-invalid"));
    }
    let txn = ctx.begin().await?;
    // The texts are saved first (saving makes them current); "reviewed" then also clears the
    // mark of a field kept as it was.
    for field in ITEM_TRANSLATABLE {
        let Some(text) = f.get(&format!("{field}_{}", locale.code())) else {
            continue;
        };
        if let Err(e) =
            library::translate(&txn, it.id, field, locale, text, ctx.actor.account).await
        {
            drop(txn);
            let db = &ctx.state.store.db;
            let (it, raw, tr) = library::raw(db, &slug).await.map_err(|e| ctx.err(e))?;
            let mut values = values_of(&raw);
            values.extend(f.iter().map(|(k, v)| (k.clone(), v.clone())));
            values.remove("_csrf");
            let (form, status) = ctx.form_failure(e, &values)?;
            let page = edit_page(&ctx, form, Some(it), &tr).await?;
            return ctx.render_status(status, &page);
        }
    }
    if let Some(field) = reviewed {
        match library::mark_reviewed(&txn, it.id, field, locale, ctx.actor.account).await {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(ctx.err(e)),
        }
    }
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!(
            "/{}/library/{}/edit#translation-{}",
            ctx.locale().code(),
            it.slug,
            locale.code()
        ),
        Some("saved"),
    ))
}

/// `POST /{locale}/library/{slug}/attachments` (multipart: `file`, `_csrf`). The type is found
/// from the first bytes; a file over the limit or of another type comes back as a message.
///
/// # Errors
/// The edit form with the `file` field's error (413 or 422).
pub async fn attach(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    req: Request,
) -> Result<Response, PageError> {
    let (it, _) = load_for_edit(&ctx, &slug).await?;
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|_| bad(&ctx, "file", "error-invalid"))?;
    let mut f = FormMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut error: Option<(&'static str, StatusCode)> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                // The body went past the route's limit (or was cut): say which.
                error = Some(("error-file-too-large", StatusCode::PAYLOAD_TOO_LARGE));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let filename = clean_filename(field.file_name().unwrap_or(""));
            match field.bytes().await {
                Ok(b) if b.is_empty() => {
                    error = Some(("error-required", StatusCode::UNPROCESSABLE_ENTITY));
                }
                Ok(b) if b.len() > ATTACHMENT_MAX => {
                    error = Some(("error-file-too-large", StatusCode::PAYLOAD_TOO_LARGE));
                }
                Ok(b) => file = Some((filename, b.to_vec())),
                Err(_) => {
                    error = Some(("error-file-too-large", StatusCode::PAYLOAD_TOO_LARGE));
                    break;
                }
            }
        } else if let Ok(text) = field.text().await {
            f.insert(name, text);
        }
    }
    // Without the CSRF token read, a failed upload still must not act: check it first.
    if error.is_none() {
        ctx.check_csrf(&f)?;
    }
    let db = &ctx.state.store.db;
    let outcome = match (error, file) {
        (Some((code, status)), _) => Err((StoreError::invalid("file", code), status)),
        (None, None) => Err((
            StoreError::invalid("file", "error-required"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        (None, Some((name, bytes))) => match sniff_attachment(&bytes, &name) {
            None => Err((
                StoreError::invalid("file", "error-file-type"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )),
            Some(ct) => {
                let txn = ctx.begin().await?;
                match library::attachments::add(
                    &txn,
                    &ctx.state.files,
                    it.id,
                    &name,
                    ct,
                    bytes,
                    ctx.actor.account,
                )
                .await
                {
                    Ok(_) => {
                        ctx.commit(txn).await?;
                        Ok(())
                    }
                    Err(e) => Err((e, StatusCode::CONFLICT)),
                }
            }
        },
    };
    match outcome {
        Ok(()) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!(
                    "/{}/library/{}/edit#attachments",
                    ctx.locale().code(),
                    it.slug
                ),
                Some("saved"),
            ))
        }
        Err((e, status)) => {
            let (it, raw, tr) = library::raw(db, &slug).await.map_err(|e| ctx.err(e))?;
            let (mut form, _) = ctx.form_failure(e, &values_of(&raw))?;
            // The file's message belongs to the upload form, not the main one.
            for (field, _) in &mut form.errors {
                if field == "form" {
                    "file".clone_into(field);
                }
            }
            let page = edit_page(&ctx, form, Some(it), &tr).await?;
            ctx.render_status(status, &page)
        }
    }
}

/// `POST /{locale}/library/{slug}/attachments/{id}/remove`.
///
/// # Errors
/// `NotFound`.
pub async fn detach(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    let id: Uuid = id.parse().map_err(|_| ctx.err(AppError::NotFound))?;
    let (it, _) = load_for_edit(&ctx, &slug).await?;
    ctx.check_csrf(&f)?;
    let txn = ctx.begin().await?;
    let key = library::attachments::remove(&txn, it.id, id, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.files.delete(&key).await;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!(
            "/{}/library/{}/edit#attachments",
            ctx.locale().code(),
            it.slug
        ),
        Some("saved"),
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ManageQuery {
    pub status: String,
}

#[derive(Template)]
#[template(path = "library_manage.html")]
struct ManagePage {
    shell: Shell,
    i: I18n,
    rows: Vec<(Item, String, String)>,
    statuses: Vec<(String, String, bool)>,
    reviewer: bool,
}

/// `GET /{locale}/library/manage`: the items one works on, by status (reviewers: all; the
/// review queue is `?status=review`).
///
/// # Errors
/// `Unauthorized`/`Forbidden`.
pub async fn manage(ctx: Ctx, Query(q): Query<ManageQuery>) -> Result<Response, PageError> {
    ctx.require(Action::CreateLibraryItem)?;
    let i = ctx.i();
    let reviewer = is_reviewer(&ctx);
    let orgs = own_orgs(&ctx);
    let status = ItemStatus::parse(&q.status);
    let items = library::workbench(
        &ctx.state.store.db,
        (!reviewer).then_some(orgs.as_slice()),
        status,
        i.locale,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    let rows = items
        .into_iter()
        .map(|it| {
            let k = kind_label(i, it.kind);
            let s = i.t(&format!("library-status-{}", it.status.code()));
            (it, k, s)
        })
        .collect();
    let statuses = ItemStatus::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_owned(),
                i.t(&format!("library-status-{}", s.code())),
                status == Some(*s),
            )
        })
        .collect();
    let page = ManagePage {
        rows,
        statuses,
        reviewer,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render(&page)
}

#[derive(Template)]
#[template(path = "library_translations.html")]
struct TranslationsPage {
    shell: Shell,
    i: I18n,
    rows: Vec<TranslationRow>,
    reviewer: bool,
    form: FormState,
    all: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TranslationsQuery {
    pub all: String,
}

fn state_label(i: I18n, s: FieldState) -> String {
    i.t(match s {
        FieldState::Original => "translation-state-original",
        FieldState::Missing => "translation-state-missing",
        FieldState::Translated => "translation-state-translated",
        FieldState::NeedsReview => "translation-state-needs-review",
    })
}

async fn translations_page(
    ctx: &Ctx,
    form: FormState,
    all: bool,
) -> Result<TranslationsPage, PageError> {
    let reviewer = is_reviewer(ctx);
    let orgs = own_orgs(ctx);
    let mut rows =
        library::translation_status(&ctx.state.store.db, (!reviewer).then_some(orgs.as_slice()))
            .await
            .map_err(|e| ctx.err(e))?;
    if !all {
        rows.retain(TranslationRow::incomplete);
    }
    Ok(TranslationsPage {
        rows,
        reviewer,
        form,
        all,
        shell: ctx.shell.clone(),
        i: ctx.i(),
    })
}

/// `GET /{locale}/library/translations`: which fields of which items lack a language or need
/// review after the original changed, and who was asked to translate.
///
/// # Errors
/// `Unauthorized`/`Forbidden`.
pub async fn translations(
    ctx: Ctx,
    Query(q): Query<TranslationsQuery>,
) -> Result<Response, PageError> {
    ctx.require(Action::CreateLibraryItem)?;
    let page = translations_page(&ctx, FormState::default(), q.all == "1").await?;
    ctx.render(&page)
}

/// `POST /{locale}/library/translations`: a reviewer asks someone (by email) to translate an
/// item into a language; an empty email withdraws the request.
///
/// # Errors
/// The page with the field's error.
pub async fn assign(ctx: Ctx, axum::Form(f): axum::Form<FormMap>) -> Result<Response, PageError> {
    ctx.require(Action::ReviewLibrary)?;
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let g = |k: &str| f.get(k).map_or("", String::as_str);
    let mut errs = Vec::new();
    let item: Option<Uuid> = g("item").parse().ok();
    if item.is_none() {
        errs.push(FieldError::new("item", "error-choice-invalid"));
    }
    let locale = Locale::parse(g("locale"));
    if locale.is_none() {
        errs.push(FieldError::new("locale", "error-language-invalid"));
    }
    let assignee = match g("email").trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(email) => match accounts::by_email(db, &email)
                .await
                .map_err(|e| ctx.err(e))?
            {
                Some(a) => Some(a.id),
                None => {
                    errs.push(FieldError::new("email", "error-account-unknown"));
                    None
                }
            },
            Err(code) => {
                errs.push(FieldError::new("email", code));
                None
            }
        },
    };
    if let (true, Some(item), Some(locale)) = (errs.is_empty(), item, locale) {
        let txn = ctx.begin().await?;
        match library::assign(&txn, item, locale, assignee, ctx.actor.account).await {
            Ok(()) => {
                ctx.commit(txn).await?;
                return Ok(ctx.see_other(
                    &format!("/{}/library/translations", ctx.locale().code()),
                    Some("saved"),
                ));
            }
            Err(StoreError::Db(e)) if e.sql_err().is_some() => {
                errs.push(FieldError::new("item", "error-choice-invalid"));
            }
            Err(e) => return Err(ctx.err(e)),
        }
    }
    let mut values = f.clone();
    values.remove("_csrf");
    let form = FormState::with_errors(values, &errs, ctx.i());
    let page = translations_page(&ctx, form, false).await?;
    ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

impl TranslationsPage {
    fn state(&self, s: &FieldState) -> String {
        state_label(self.i, *s)
    }

    fn css(s: &FieldState) -> &'static str {
        match s {
            FieldState::Original => "original",
            FieldState::Missing => "missing",
            FieldState::Translated => "translated",
            FieldState::NeedsReview => "review",
        }
    }
}
