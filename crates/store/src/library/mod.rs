//! The knowledge library: items (case studies, publications, policies, toolkits, videos,
//! datasets, declaration texts) with authors, themes, SDGs, related organisations and events,
//! attachments (`attachments`) and a draft → review → published workflow. Texts are translated
//! per field in the shared `translation` table; every change appends `library.changed` to the
//! outbox, which the search index and the page caches follow.

pub mod attachments;

use crate::entities::{
    event, library_author as author, library_event, library_item as item, library_organisation,
    library_sdg, library_session, library_theme, library_translation_task as task, organisation,
    programme_session, translation,
};
use crate::members::Localized;
use crate::slugs;
use crate::{Result, StoreError, audit, now, outbox, texts};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::FieldError;
use pumasi_domain::languages::Lang;
use pumasi_domain::library::{
    Editor, ITEM_TRANSLATABLE, ItemInput, ItemKind, ItemStatus, Licence, RawItem, Step,
    format_date, next_status,
};
use pumasi_domain::locale::Locale;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// An author line: a person or body by name, or an organisation of the network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Author {
    pub name: String,
    /// The organisation's slug when the author is one of the network's organisations.
    pub organisation: Option<String>,
}

/// A related session: its event's slug, its id and its title in its base language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SessionLink {
    pub event: String,
    pub id: Uuid,
    pub title: String,
}

/// A related organisation or event: its slug and its name in its base language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    #[serde(skip)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// A library item as readers see it, localised for one language.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: Uuid,
    pub slug: String,
    pub kind: ItemKind,
    pub status: ItemStatus,
    pub base_lang: Lang,
    pub title: Localized,
    pub summary: Localized,
    pub body: Localized,
    pub authors: Vec<Author>,
    pub publisher: String,
    pub date: Option<NaiveDate>,
    pub date_precision: i32,
    /// ISO 639 codes of the document's languages (any language, not only the interface's).
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub sdgs: Vec<i32>,
    pub country: Option<String>,
    pub licence: Licence,
    pub url: Option<String>,
    pub owner: Option<Link>,
    pub owner_id: Option<Uuid>,
    pub organisations: Vec<Link>,
    pub events: Vec<Link>,
    pub sessions: Vec<SessionLink>,
    pub attachments: Vec<attachments::Attachment>,
    pub fictional: bool,
    pub reviewed: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl Item {
    /// The date as given (`2014`, `2014-07`, `2014-07-31`), or empty.
    #[must_use]
    pub fn date_text(&self) -> String {
        self.date
            .map(|d| format_date(d, self.date_precision))
            .unwrap_or_default()
    }

    #[must_use]
    pub fn year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.date.map(|d| d.year())
    }

    /// Whether the public (and search) may see it.
    #[must_use]
    pub fn is_public(&self) -> bool {
        self.status == ItemStatus::Published
    }
}

/// Everything the search index needs of one item: every language's texts and the facets.
#[derive(Debug, Clone)]
pub struct IndexRow {
    pub id: Uuid,
    pub slug: String,
    pub kind: ItemKind,
    pub public: bool,
    pub base_lang: Lang,
    /// `(locale, title, summary, body)`, the base language first.
    pub texts: Vec<(Lang, String, String, String)>,
    pub themes: Vec<String>,
    pub sdgs: Vec<i32>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub year: Option<i32>,
    pub owner: Option<Uuid>,
    /// Author names (people, bodies and organisations), searchable with the texts.
    pub authors: Vec<String>,
}

/// The stored languages: codes separated by commas.
fn languages(s: &str) -> Vec<String> {
    s.split(',')
        .filter_map(pumasi_domain::languages::parse_code)
        .collect()
}

async fn org_ids(
    c: &impl ConnectionTrait,
    field: &str,
    slugs: &[String],
    errs: &mut Vec<FieldError>,
) -> Result<Vec<(String, Uuid)>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, String)> = organisation::Entity::find()
        .filter(organisation::Column::Slug.is_in(slugs.iter().cloned()))
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Slug])
        .into_tuple()
        .all(c)
        .await?;
    let mut out = Vec::new();
    for s in slugs {
        match rows.iter().find(|(_, slug)| slug == s) {
            Some((id, _)) => out.push((s.clone(), *id)),
            None => {
                errs.push(FieldError::new(field, "error-organisation-unknown"));
                break;
            }
        }
    }
    Ok(out)
}

async fn event_ids(
    c: &impl ConnectionTrait,
    slugs: &[String],
    errs: &mut Vec<FieldError>,
) -> Result<Vec<Uuid>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, String)> = event::Entity::find()
        .filter(event::Column::Slug.is_in(slugs.iter().cloned()))
        .select_only()
        .columns([event::Column::Id, event::Column::Slug])
        .into_tuple()
        .all(c)
        .await?;
    let mut out = Vec::new();
    for s in slugs {
        match rows.iter().find(|(_, slug)| slug == s) {
            Some((id, _)) => out.push(*id),
            None => {
                errs.push(FieldError::new("events", "error-event-unknown"));
                break;
            }
        }
    }
    Ok(out)
}

/// The database ids behind an item's slugs, or field errors naming the unknown ones.
struct Resolved {
    owner: Option<Uuid>,
    author_orgs: Vec<(String, Uuid)>,
    organisations: Vec<Uuid>,
    events: Vec<Uuid>,
    sessions: Vec<Uuid>,
}

async fn resolve(c: &impl ConnectionTrait, input: &ItemInput) -> Result<Resolved> {
    let mut errs = Vec::new();
    let owner = match &input.owner {
        Some(s) => org_ids(c, "owner", std::slice::from_ref(s), &mut errs)
            .await?
            .first()
            .map(|(_, id)| *id),
        None => None,
    };
    let author_orgs = org_ids(c, "author_orgs", &input.author_orgs, &mut errs).await?;
    let organisations = org_ids(c, "organisations", &input.organisations, &mut errs)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let events = event_ids(c, &input.events, &mut errs).await?;
    // A session must belong to one of the item's events.
    if !input.sessions.is_empty() {
        let found: Vec<(Uuid, Uuid)> = programme_session::Entity::find()
            .filter(programme_session::Column::Id.is_in(input.sessions.iter().copied()))
            .select_only()
            .columns([
                programme_session::Column::Id,
                programme_session::Column::EventId,
            ])
            .into_tuple()
            .all(c)
            .await?;
        if input
            .sessions
            .iter()
            .any(|s| !found.iter().any(|(id, e)| id == s && events.contains(e)))
        {
            errs.push(FieldError::new("sessions", "error-session-unknown"));
        }
    }
    if errs.is_empty() {
        Ok(Resolved {
            owner,
            author_orgs,
            organisations,
            events,
            sessions: input.sessions.clone(),
        })
    } else {
        Err(StoreError::Invalid(errs))
    }
}

/// Replaces the rows of one join table of item `$id` (`item_id` + `$col`) with `$values`.
macro_rules! relink {
    ($c:expr, $id:expr, $m:ident, $col:ident, $values:expr) => {{
        $m::Entity::delete_many()
            .filter($m::Column::ItemId.eq($id))
            .exec($c)
            .await?;
        let rows: Vec<$m::ActiveModel> = $values
            .map(|v| $m::ActiveModel {
                item_id: Set($id),
                $col: Set(v),
            })
            .collect();
        if !rows.is_empty() {
            $m::Entity::insert_many(rows)
                .exec_without_returning($c)
                .await?;
        }
    }};
}

/// Replaces an item's authors, themes, SDGs and links.
async fn write_lists(
    c: &impl ConnectionTrait,
    id: Uuid,
    input: &ItemInput,
    r: &Resolved,
) -> Result<()> {
    author::Entity::delete_many()
        .filter(author::Column::ItemId.eq(id))
        .exec(c)
        .await?;
    let mut authors: Vec<author::ActiveModel> = Vec::new();
    let named = input.authors.iter().map(|n| (n.clone(), None));
    let orgs = r.author_orgs.iter().map(|(s, id)| (s.clone(), Some(*id)));
    for (i, (name, org)) in named.chain(orgs).enumerate() {
        authors.push(author::ActiveModel {
            item_id: Set(id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            name: Set(name),
            organisation_id: Set(org),
        });
    }
    if !authors.is_empty() {
        author::Entity::insert_many(authors)
            .exec_without_returning(c)
            .await?;
    }
    relink!(c, id, library_theme, theme, input.themes.iter().cloned());
    relink!(c, id, library_sdg, sdg, input.sdgs.iter().copied());
    relink!(
        c,
        id,
        library_organisation,
        organisation_id,
        r.organisations.iter().copied()
    );
    relink!(c, id, library_event, event_id, r.events.iter().copied());
    relink!(
        c,
        id,
        library_session,
        session_id,
        r.sessions.iter().copied()
    );
    Ok(())
}

fn snapshot(input: &ItemInput) -> serde_json::Value {
    serde_json::json!({
        "slug": input.slug.as_str(),
        "kind": input.kind.code(),
        "lang": input.lang.code(),
        "title": input.title,
        "summary": input.summary,
        "body_chars": input.body.chars().count(),
        "authors": input.authors,
        "themes": input.themes,
        "sdgs": input.sdgs,
        "country": input.country,
        "licence": input.licence.code(),
        "owner": input.owner,
    })
}

/// Tells the search index, the page caches and the feeds that an item changed.
///
/// # Errors
/// Database errors.
pub async fn changed(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    outbox::push(c, "library.changed", &serde_json::json!({ "id": id })).await?;
    Ok(())
}

/// Creates a draft.
///
/// # Errors
/// `Invalid` for unknown organisations or events, `Conflict("error-slug-taken")`.
pub async fn create(
    c: &impl ConnectionTrait,
    input: &ItemInput,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let r = resolve(c, input).await?;
    let id = Uuid::now_v7();
    let t = now();
    let slug = slugs::for_new(
        c,
        slugs::Kind::LibraryItem,
        &input.slug,
        input.slug_generated,
    )
    .await?;
    item::Entity::insert(item::ActiveModel {
        id: Set(id),
        slug: Set(slug.as_str().to_owned()),
        kind: Set(input.kind.code().to_owned()),
        status: Set(ItemStatus::Draft.code().to_owned()),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        summary: Set(input.summary.clone()),
        body: Set(input.body.clone()),
        publisher: Set(input.publisher.clone()),
        published_on: Set(input.date),
        date_precision: Set(input.date_precision),
        languages: Set(join_languages(&input.languages)),
        country: Set(input.country.clone()),
        licence: Set(input.licence.code().to_owned()),
        url: Set(input.url.as_ref().map(|u| u.as_str().to_owned())),
        owner_id: Set(r.owner),
        fictional: Set(input.fictional),
        reviewed: Set(false),
        created_by: Set(actor),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
        published_at: Set(None),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-slug-taken"))?;
    write_lists(c, id, input, &r).await?;
    audit::record(
        c,
        actor,
        "library.create",
        "library_item",
        &id.to_string(),
        None,
        Some(&snapshot(input)),
    )
    .await?;
    changed(c, id).await?;
    Ok(id)
}

fn join_languages(l: &[String]) -> String {
    l.join(",")
}

/// Saves an edit made from version `expected_version`. A changed base text marks that field's
/// translations "needs review". The owner changes only when `may_change_owner` (reviewers).
///
/// # Errors
/// `NotFound`, `Conflict("error-edit-conflict")` when someone saved in between,
/// `Conflict("error-slug-taken")`, `Invalid` for unknown organisations or events.
pub async fn update(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    input: &ItemInput,
    may_change_owner: bool,
    actor: Option<Uuid>,
) -> Result<()> {
    let before = item::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut r = resolve(c, input).await?;
    if !may_change_owner {
        r.owner = before.owner_id;
    }
    let slug = slugs::for_edit(&before.slug, &input.slug, input.slug_generated);
    let res = item::Entity::update_many()
        .col_expr(item::Column::Slug, Expr::value(slug.clone()))
        .col_expr(item::Column::Kind, Expr::value(input.kind.code()))
        .col_expr(item::Column::Lang, Expr::value(input.lang.code()))
        .col_expr(item::Column::Title, Expr::value(input.title.clone()))
        .col_expr(item::Column::Summary, Expr::value(input.summary.clone()))
        .col_expr(item::Column::Body, Expr::value(input.body.clone()))
        .col_expr(
            item::Column::Publisher,
            Expr::value(input.publisher.clone()),
        )
        .col_expr(item::Column::PublishedOn, Expr::value(input.date))
        .col_expr(
            item::Column::DatePrecision,
            Expr::value(input.date_precision),
        )
        .col_expr(
            item::Column::Languages,
            Expr::value(join_languages(&input.languages)),
        )
        .col_expr(item::Column::Country, Expr::value(input.country.clone()))
        .col_expr(item::Column::Licence, Expr::value(input.licence.code()))
        .col_expr(
            item::Column::Url,
            Expr::value(input.url.as_ref().map(|u| u.as_str().to_owned())),
        )
        .col_expr(item::Column::OwnerId, Expr::value(r.owner))
        .col_expr(item::Column::Fictional, Expr::value(input.fictional))
        .col_expr(item::Column::Version, Expr::value(expected_version + 1))
        .col_expr(item::Column::UpdatedAt, Expr::value(now()))
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Version.eq(expected_version))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-slug-taken"))?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    slugs::renamed(c, slugs::Kind::LibraryItem, id, &before.slug, &slug).await?;
    for (field, old, new) in [
        ("title", &before.title, &input.title),
        ("summary", &before.summary, &input.summary),
        ("body", &before.body, &input.body),
    ] {
        if old != new {
            texts::base_changed(c, id, field).await?;
        }
    }
    if before.lang != input.lang.code() {
        // The new base language's own translations are now the base: drop them.
        translation::Entity::delete_many()
            .filter(translation::Column::OwnerId.eq(id))
            .filter(translation::Column::Locale.eq(input.lang.code()))
            .exec(c)
            .await?;
    }
    write_lists(c, id, input, &r).await?;
    audit::record(
        c,
        actor,
        "library.update",
        "library_item",
        &id.to_string(),
        Some(&serde_json::json!({ "slug": before.slug, "title": before.title, "version": before.version })),
        Some(&snapshot(input)),
    )
    .await?;
    changed(c, id).await?;
    Ok(())
}

/// Moves an item through its workflow. The row is updated only from the status it was read
/// in, so two reviewers acting at once cannot both apply a step.
///
/// # Errors
/// `NotFound`, `Conflict("error-step-not-allowed")`, `Conflict("error-edit-conflict")`.
pub async fn step(
    c: &impl ConnectionTrait,
    id: Uuid,
    step: Step,
    who: Editor,
    actor: Option<Uuid>,
) -> Result<ItemStatus> {
    let row = item::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let from = ItemStatus::parse(&row.status).unwrap_or(ItemStatus::Draft);
    let to = next_status(from, step, who, row.reviewed).map_err(StoreError::Conflict)?;
    let t = now();
    let mut upd = item::Entity::update_many()
        .col_expr(item::Column::Status, Expr::value(to.code()))
        .col_expr(item::Column::UpdatedAt, Expr::value(t))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        );
    if to == ItemStatus::Published {
        upd = upd.col_expr(item::Column::PublishedAt, Expr::value(Some(t)));
        if who == Editor::Reviewer {
            upd = upd.col_expr(item::Column::Reviewed, Expr::value(true));
        }
    }
    let res = upd
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Status.eq(row.status.clone()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    audit::record(
        c,
        actor,
        &format!("library.{}", step.code()),
        "library_item",
        &id.to_string(),
        Some(&serde_json::json!({ "status": row.status })),
        Some(&serde_json::json!({ "status": to.code() })),
    )
    .await?;
    changed(c, id).await?;
    Ok(to)
}

/// Deletes a draft that was never published (published items are unpublished, not deleted).
/// Returns the object-store keys of its attachments for the caller to remove after commit.
///
/// # Errors
/// `NotFound`, `Conflict("error-step-not-allowed")` when it was ever published.
pub async fn delete_draft(
    c: &impl ConnectionTrait,
    id: Uuid,
    actor: Option<Uuid>,
) -> Result<Vec<String>> {
    let row = item::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.published_at.is_some() || row.status == ItemStatus::Published.code() {
        return Err(StoreError::Conflict("error-step-not-allowed"));
    }
    let keys = attachments::keys_of(c, id).await?;
    texts::remove_all(c, id).await?;
    item::Entity::delete_by_id(id).exec(c).await?;
    audit::record(
        c,
        actor,
        "library.delete",
        "library_item",
        &id.to_string(),
        Some(&serde_json::json!({ "slug": row.slug, "title": row.title })),
        None,
    )
    .await?;
    changed(c, id).await?;
    Ok(keys)
}

/// Saves one translation of a field (an empty text removes it).
///
/// # Errors
/// `NotFound`; `Invalid` for a field that is not translatable or the base language.
pub async fn translate(
    c: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
    locale: Locale,
    text: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let row = item::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !ITEM_TRANSLATABLE.contains(&field) {
        return Err(StoreError::invalid("field", "error-choice-invalid"));
    }
    if row.lang == locale.code() {
        return Err(StoreError::invalid("locale", "error-translation-base"));
    }
    let max = match field {
        "title" => pumasi_domain::library::TITLE_MAX,
        "summary" => pumasi_domain::library::SUMMARY_MAX,
        _ => pumasi_domain::library::BODY_MAX,
    };
    let text = if field == "title" {
        pumasi_domain::types::line(text, max, false)
    } else {
        pumasi_domain::types::text(text, max)
    }
    .map_err(|code| StoreError::invalid(&format!("{field}_{}", locale.code()), code))?;
    texts::put(c, id, field, locale, &text).await?;
    if !text.is_empty() {
        // Done: whoever was asked to translate this language is no longer waited for, once
        // every field of it exists.
        let have = translation::Entity::find()
            .filter(translation::Column::OwnerId.eq(id))
            .filter(translation::Column::Locale.eq(locale.code()))
            .count_rows(c)
            .await?;
        let needed = needed_fields(&row).len();
        if have >= needed {
            task::Entity::delete_many()
                .filter(task::Column::ItemId.eq(id))
                .filter(task::Column::Locale.eq(locale.code()))
                .exec(c)
                .await?;
        }
    }
    audit::record(
        c,
        actor,
        "library.translate",
        "library_item",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "field": field, "locale": locale.code(), "chars": text.chars().count() })),
    )
    .await?;
    changed(c, id).await?;
    Ok(())
}

trait CountRows {
    async fn count_rows(self, c: &impl ConnectionTrait) -> Result<usize>;
}

impl CountRows for sea_orm::Select<translation::Entity> {
    async fn count_rows(self, c: &impl ConnectionTrait) -> Result<usize> {
        use sea_orm::PaginatorTrait;
        Ok(usize::try_from(self.count(c).await?).unwrap_or(usize::MAX))
    }
}

/// The fields of an item that have a base text, hence need a translation.
fn needed_fields(row: &item::Model) -> Vec<&'static str> {
    let mut v = vec!["title"];
    if !row.summary.is_empty() {
        v.push("summary");
    }
    if !row.body.is_empty() {
        v.push("body");
    }
    v
}

/// Marks a translation as checked against the current base text ("needs review" → translated).
///
/// # Errors
/// Database errors; `NotFound` when there is no such translation.
pub async fn mark_reviewed(
    c: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
    locale: Locale,
    actor: Option<Uuid>,
) -> Result<()> {
    let res = translation::Entity::update_many()
        .col_expr(
            translation::Column::Status,
            Expr::value(crate::members::TRANSLATED),
        )
        .filter(translation::Column::OwnerId.eq(id))
        .filter(translation::Column::Field.eq(field))
        .filter(translation::Column::Locale.eq(locale.code()))
        .exec(c)
        .await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    audit::record(
        c,
        actor,
        "library.translation_reviewed",
        "library_item",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "field": field, "locale": locale.code() })),
    )
    .await?;
    changed(c, id).await?;
    Ok(())
}

/// Asks `assignee` to translate an item into `locale` (replacing any earlier assignment);
/// `None` withdraws the request.
///
/// # Errors
/// Database errors.
pub async fn assign(
    c: &impl ConnectionTrait,
    id: Uuid,
    locale: Locale,
    assignee: Option<Uuid>,
    actor: Option<Uuid>,
) -> Result<()> {
    task::Entity::delete_many()
        .filter(task::Column::ItemId.eq(id))
        .filter(task::Column::Locale.eq(locale.code()))
        .exec(c)
        .await?;
    if let Some(a) = assignee {
        task::Entity::insert(task::ActiveModel {
            item_id: Set(id),
            locale: Set(locale.code().to_owned()),
            assignee_id: Set(a),
            assigned_at: Set(now()),
        })
        .exec_without_returning(c)
        .await?;
    }
    audit::record(
        c,
        actor,
        "library.assign_translation",
        "library_item",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "locale": locale.code(), "assignee": assignee })),
    )
    .await?;
    Ok(())
}

/// Where one field of one item stands in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldState {
    /// The item's own language.
    Original,
    Missing,
    Translated,
    NeedsReview,
}

/// One language of one item: each needed field's state, and who was asked to translate it.
pub type LocaleState = (Locale, Vec<(&'static str, FieldState)>, Option<String>);

/// One row of the translation-status page.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub status: ItemStatus,
    pub base_lang: Lang,
    pub owner_id: Option<Uuid>,
    /// Per locale (ko, en, fr, es order): per needed field, its state; and who is asked.
    pub locales: Vec<LocaleState>,
}

impl TranslationRow {
    /// Whether anything is missing or needs review.
    #[must_use]
    pub fn incomplete(&self) -> bool {
        self.locales.iter().any(|(_, f, _)| {
            f.iter()
                .any(|(_, s)| matches!(s, FieldState::Missing | FieldState::NeedsReview))
        })
    }
}

/// The translation state of every item the caller may edit (`owners`: `None` for every item,
/// or the organisations whose items to include).
///
/// # Errors
/// Database errors.
pub async fn translation_status(
    c: &impl ConnectionTrait,
    owners: Option<&[Uuid]>,
) -> Result<Vec<TranslationRow>> {
    let mut q = item::Entity::find().order_by_desc(item::Column::UpdatedAt);
    if let Some(o) = owners {
        q = q.filter(item::Column::OwnerId.is_in(o.iter().copied()));
    }
    let rows = q.all(c).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut tr: HashMap<(Uuid, String, String), bool> = HashMap::new();
    for chunk in ids.chunks(500) {
        for t in translation::Entity::find()
            .filter(translation::Column::OwnerId.is_in(chunk.iter().copied()))
            .all(c)
            .await?
        {
            tr.insert(
                (t.owner_id, t.field, t.locale),
                t.status == crate::members::NEEDS_REVIEW,
            );
        }
    }
    let mut tasks: HashMap<(Uuid, String), String> = HashMap::new();
    for chunk in ids.chunks(500) {
        let ts = task::Entity::find()
            .filter(task::Column::ItemId.is_in(chunk.iter().copied()))
            .all(c)
            .await?;
        let people: HashMap<Uuid, String> = crate::entities::account::Entity::find()
            .filter(
                crate::entities::account::Column::Id
                    .is_in(ts.iter().map(|t| t.assignee_id).collect::<Vec<_>>()),
            )
            .all(c)
            .await?
            .into_iter()
            .map(|a| {
                let name = if a.display_name.is_empty() {
                    a.email
                } else {
                    a.display_name
                };
                (a.id, name)
            })
            .collect();
        let rows: Vec<(Uuid, String, String)> = ts
            .into_iter()
            .map(|t| {
                let who = people.get(&t.assignee_id).cloned().unwrap_or_default();
                (t.item_id, t.locale, who)
            })
            .collect();
        for (i, l, who) in rows {
            tasks.insert((i, l), who);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let base = Lang::parse_or(&r.lang, Locale::En);
            let fields = needed_fields(&r);
            let locales = Locale::ALL
                .iter()
                .map(|&l| {
                    let states = fields
                        .iter()
                        .map(|&f| {
                            let s = if l == base {
                                FieldState::Original
                            } else {
                                match tr.get(&(r.id, f.to_owned(), l.code().to_owned())) {
                                    None => FieldState::Missing,
                                    Some(true) => FieldState::NeedsReview,
                                    Some(false) => FieldState::Translated,
                                }
                            };
                            (f, s)
                        })
                        .collect();
                    (l, states, tasks.get(&(r.id, l.code().to_owned())).cloned())
                })
                .collect();
            TranslationRow {
                id: r.id,
                slug: r.slug,
                title: r.title,
                status: ItemStatus::parse(&r.status).unwrap_or(ItemStatus::Draft),
                base_lang: base,
                owner_id: r.owner_id,
                locales,
            }
        })
        .collect())
}

/// Loads and localises items from their rows.
async fn assemble(
    c: &impl ConnectionTrait,
    rows: Vec<item::Model>,
    want: Locale,
) -> Result<Vec<Item>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let texts = texts::load(c, &ids).await?;
    let lists = Lists::load(c, &ids).await?;
    let mut atts = attachments::of_items(c, &ids).await?;
    let owner_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.owner_id).collect();
    let owners = org_links(c, &owner_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let base = Lang::parse_or(&r.lang, Locale::En);
            let l = |f: &str, b: &str| texts.get(r.id, f, b, base, want);
            Item {
                id: r.id,
                slug: r.slug.clone(),
                kind: ItemKind::parse(&r.kind).unwrap_or(ItemKind::Publication),
                status: ItemStatus::parse(&r.status).unwrap_or(ItemStatus::Draft),
                base_lang: base,
                title: l("title", &r.title),
                summary: l("summary", &r.summary),
                body: l("body", &r.body),
                authors: lists.authors.get(&r.id).cloned().unwrap_or_default(),
                publisher: r.publisher.clone(),
                date: r.published_on,
                date_precision: r.date_precision,
                languages: languages(&r.languages),
                themes: lists.themes.get(&r.id).cloned().unwrap_or_default(),
                sdgs: lists.sdgs.get(&r.id).cloned().unwrap_or_default(),
                country: r.country.clone(),
                licence: Licence::parse(&r.licence).unwrap_or(Licence::Unknown),
                url: r.url.clone(),
                owner: r.owner_id.and_then(|o| owners.get(&o).cloned()),
                owner_id: r.owner_id,
                organisations: lists.organisations.get(&r.id).cloned().unwrap_or_default(),
                events: lists.events.get(&r.id).cloned().unwrap_or_default(),
                sessions: lists.sessions.get(&r.id).cloned().unwrap_or_default(),
                attachments: atts.remove(&r.id).unwrap_or_default(),
                fictional: r.fictional,
                reviewed: r.reviewed,
                version: r.version,
                created_at: r.created_at,
                updated_at: r.updated_at,
                published_at: r.published_at,
            }
        })
        .collect())
}

async fn org_links(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, Link>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String, String)> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(chunk.iter().copied()))
            .select_only()
            .columns([
                organisation::Column::Id,
                organisation::Column::Slug,
                organisation::Column::Name,
            ])
            .into_tuple()
            .all(c)
            .await?;
        for (id, slug, name) in rows {
            out.insert(id, Link { id, slug, name });
        }
    }
    Ok(out)
}

/// The list-valued parts of a set of items.
#[derive(Default)]
struct Lists {
    authors: HashMap<Uuid, Vec<Author>>,
    themes: HashMap<Uuid, Vec<String>>,
    sdgs: HashMap<Uuid, Vec<i32>>,
    organisations: HashMap<Uuid, Vec<Link>>,
    events: HashMap<Uuid, Vec<Link>>,
    sessions: HashMap<Uuid, Vec<SessionLink>>,
}

impl Lists {
    async fn load(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Self> {
        let mut l = Lists::default();
        for chunk in ids.chunks(500) {
            let ch = || chunk.iter().copied();
            let authors = author::Entity::find()
                .filter(author::Column::ItemId.is_in(ch()))
                .order_by_asc(author::Column::Position)
                .all(c)
                .await?;
            let author_orgs: Vec<Uuid> = authors.iter().filter_map(|a| a.organisation_id).collect();
            let names = org_links(c, &author_orgs).await?;
            for a in authors {
                let link = a.organisation_id.and_then(|o| names.get(&o));
                l.authors.entry(a.item_id).or_default().push(Author {
                    name: link.map_or(a.name.clone(), |k| k.name.clone()),
                    organisation: link.map(|k| k.slug.clone()),
                });
            }
            for t in library_theme::Entity::find()
                .filter(library_theme::Column::ItemId.is_in(ch()))
                .all(c)
                .await?
            {
                l.themes.entry(t.item_id).or_default().push(t.theme);
            }
            for s in library_sdg::Entity::find()
                .filter(library_sdg::Column::ItemId.is_in(ch()))
                .order_by_asc(library_sdg::Column::Sdg)
                .all(c)
                .await?
            {
                l.sdgs.entry(s.item_id).or_default().push(s.sdg);
            }
            let orgs = library_organisation::Entity::find()
                .filter(library_organisation::Column::ItemId.is_in(ch()))
                .all(c)
                .await?;
            let names = org_links(
                c,
                &orgs.iter().map(|o| o.organisation_id).collect::<Vec<_>>(),
            )
            .await?;
            for o in orgs {
                if let Some(k) = names.get(&o.organisation_id) {
                    l.organisations
                        .entry(o.item_id)
                        .or_default()
                        .push(k.clone());
                }
            }
            let links = library_event::Entity::find()
                .filter(library_event::Column::ItemId.is_in(ch()))
                .all(c)
                .await?;
            let evs: Vec<(Uuid, String, String, NaiveDate)> = event::Entity::find()
                .filter(
                    event::Column::Id.is_in(links.iter().map(|e| e.event_id).collect::<Vec<_>>()),
                )
                .select_only()
                .columns([
                    event::Column::Id,
                    event::Column::Slug,
                    event::Column::Title,
                    event::Column::StartsOn,
                ])
                .into_tuple()
                .all(c)
                .await?;
            // Each item's events, oldest first.
            let mut found: Vec<(Uuid, NaiveDate, Link)> = links
                .iter()
                .filter_map(|k| {
                    evs.iter().find(|e| e.0 == k.event_id).map(|e| {
                        let link = Link {
                            id: e.0,
                            slug: e.1.clone(),
                            name: e.2.clone(),
                        };
                        (k.item_id, e.3, link)
                    })
                })
                .collect();
            found.sort_by(|a, b| (a.1, &a.2.slug).cmp(&(b.1, &b.2.slug)));
            for (i, _, link) in found {
                l.events.entry(i).or_default().push(link);
            }
            let links = library_session::Entity::find()
                .filter(library_session::Column::ItemId.is_in(ch()))
                .all(c)
                .await?;
            if !links.is_empty() {
                let rows: Vec<(Uuid, Uuid, String)> = programme_session::Entity::find()
                    .filter(
                        programme_session::Column::Id
                            .is_in(links.iter().map(|k| k.session_id).collect::<Vec<_>>()),
                    )
                    .select_only()
                    .columns([
                        programme_session::Column::Id,
                        programme_session::Column::EventId,
                        programme_session::Column::Title,
                    ])
                    .into_tuple()
                    .all(c)
                    .await?;
                let slugs: HashMap<Uuid, String> = event::Entity::find()
                    .filter(event::Column::Id.is_in(rows.iter().map(|r| r.1).collect::<Vec<_>>()))
                    .select_only()
                    .columns([event::Column::Id, event::Column::Slug])
                    .into_tuple::<(Uuid, String)>()
                    .all(c)
                    .await?
                    .into_iter()
                    .collect();
                for k in links {
                    if let Some((id, e, title)) = rows.iter().find(|r| r.0 == k.session_id) {
                        l.sessions.entry(k.item_id).or_default().push(SessionLink {
                            event: slugs.get(e).cloned().unwrap_or_default(),
                            id: *id,
                            title: title.clone(),
                        });
                    }
                }
            }
        }
        for v in l.themes.values_mut() {
            v.sort_by_key(|t| t[1..].parse::<u32>().unwrap_or(0));
        }
        Ok(l)
    }
}

/// # Errors
/// `NotFound`.
pub async fn by_slug(c: &impl ConnectionTrait, slug: &str, want: Locale) -> Result<Item> {
    let row = item::Entity::find()
        .filter(item::Column::Slug.eq(slug))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble(c, vec![row], want)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Items by id, in the order given, skipping ids that no longer exist.
///
/// # Errors
/// Database errors.
pub async fn by_ids(c: &impl ConnectionTrait, ids: &[Uuid], want: Locale) -> Result<Vec<Item>> {
    let rows = crate::by_ids_or_all::<item::Entity>(c, item::Column::Id, Some(ids)).await?;
    let mut items = assemble(c, rows, want).await?;
    let pos: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    items.sort_by_key(|i| pos.get(&i.id).copied().unwrap_or(usize::MAX));
    Ok(items)
}

/// What a library list may be narrowed by (besides a text query, which the search index
/// answers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<ItemKind>,
    pub theme: Option<String>,
    pub sdg: Option<i32>,
    pub country: Option<String>,
    /// The region (UN M49 continent) of the item's country.
    pub continent: Option<pumasi_domain::countries::Continent>,
    /// An ISO 639 code.
    pub language: Option<String>,
    pub year: Option<i32>,
    /// Restrict to these ids (from a text search), in this order.
    pub ids: Option<Vec<Uuid>>,
}

/// The facet values of the published items that match, with counts, for the list page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub kinds: BTreeMap<String, usize>,
    pub themes: BTreeMap<String, usize>,
    pub sdgs: BTreeMap<i32, usize>,
    pub countries: BTreeMap<String, usize>,
    /// By continent code (`AF`, `AM`, `AS`, `EU`, `OC`).
    pub continents: BTreeMap<String, usize>,
    pub languages: BTreeMap<String, usize>,
    pub years: BTreeMap<i32, usize>,
}

/// One published item's facets, read in one pass over the library.
#[derive(Debug, Clone)]
struct Card {
    id: Uuid,
    kind: String,
    themes: Vec<String>,
    sdgs: Vec<i32>,
    country: Option<String>,
    languages: Vec<String>,
    year: Option<i32>,
    date: Option<NaiveDate>,
}

impl Card {
    fn continent(&self) -> Option<pumasi_domain::countries::Continent> {
        self.country
            .as_deref()
            .and_then(pumasi_domain::countries::country)
            .map(|c| c.continent)
    }

    fn matches(&self, f: &Filter, skip: &str) -> bool {
        (skip == "kind" || f.kind.is_none_or(|k| k.code() == self.kind))
            && (skip == "theme" || f.theme.as_ref().is_none_or(|t| self.themes.contains(t)))
            && (skip == "sdg" || f.sdg.is_none_or(|s| self.sdgs.contains(&s)))
            && (skip == "country" || f.country.is_none() || f.country == self.country)
            && (skip == "continent" || f.continent.is_none_or(|k| self.continent() == Some(k)))
            && (skip == "language"
                || f.language
                    .as_ref()
                    .is_none_or(|l| self.languages.iter().any(|x| x == l)))
            && (skip == "year" || f.year.is_none() || f.year == self.year)
    }
}

/// A page of the public library: matching published items (newest first, or in the text
/// search's order when `filter.ids` is given), the total, and facet counts. Each facet counts
/// the items matching every *other* chosen filter, so a reader sees what choosing it would give.
///
/// # Errors
/// Database errors.
pub async fn list(
    c: &impl ConnectionTrait,
    filter: &Filter,
    want: Locale,
    offset: usize,
    limit: usize,
) -> Result<(Vec<Item>, usize, Facets)> {
    use chrono::Datelike;
    let rows: Vec<CardRow> = item::Entity::find()
        .filter(item::Column::Status.eq(ItemStatus::Published.code()))
        .select_only()
        .columns([
            item::Column::Id,
            item::Column::Kind,
            item::Column::Country,
            item::Column::Languages,
            item::Column::PublishedOn,
        ])
        .into_tuple()
        .all(c)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let lists = facet_lists(c, &ids).await?;
    let mut cards: Vec<Card> = rows
        .into_iter()
        .map(|(id, kind, country, languages, date)| Card {
            id,
            kind,
            themes: lists.0.get(&id).cloned().unwrap_or_default(),
            sdgs: lists.1.get(&id).cloned().unwrap_or_default(),
            country,
            languages: languages
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            year: date.map(|d| d.year()),
            date,
        })
        .collect();
    if let Some(only) = &filter.ids {
        let pos: HashMap<Uuid, usize> = only.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        cards.retain(|c| pos.contains_key(&c.id));
        cards.sort_by_key(|c| pos[&c.id]);
    } else {
        cards.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    }
    let mut facets = Facets::default();
    for card in &cards {
        if card.matches(filter, "kind") {
            *facets.kinds.entry(card.kind.clone()).or_default() += 1;
        }
        if card.matches(filter, "theme") {
            for t in &card.themes {
                *facets.themes.entry(t.clone()).or_default() += 1;
            }
        }
        if card.matches(filter, "sdg") {
            for s in &card.sdgs {
                *facets.sdgs.entry(*s).or_default() += 1;
            }
        }
        if card.matches(filter, "country")
            && let Some(k) = &card.country
        {
            *facets.countries.entry(k.clone()).or_default() += 1;
        }
        if card.matches(filter, "continent")
            && let Some(k) = card.continent()
        {
            *facets.continents.entry(k.code().to_owned()).or_default() += 1;
        }
        if card.matches(filter, "language") {
            for l in &card.languages {
                *facets.languages.entry(l.clone()).or_default() += 1;
            }
        }
        if card.matches(filter, "year")
            && let Some(y) = card.year
        {
            *facets.years.entry(y).or_default() += 1;
        }
    }
    let matching: Vec<Uuid> = cards
        .iter()
        .filter(|c| c.matches(filter, ""))
        .map(|c| c.id)
        .collect();
    let total = matching.len();
    let page: Vec<Uuid> = matching.into_iter().skip(offset).take(limit).collect();
    let items = by_ids(c, &page, want).await?;
    Ok((items, total, facets))
}

/// `(id, kind, country, languages, date)` of a published item.
type CardRow = (Uuid, String, Option<String>, String, Option<NaiveDate>);

type FacetLists = (HashMap<Uuid, Vec<String>>, HashMap<Uuid, Vec<i32>>);

async fn facet_lists(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<FacetLists> {
    let mut themes: HashMap<Uuid, Vec<String>> = HashMap::new();
    let mut sdgs: HashMap<Uuid, Vec<i32>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for t in library_theme::Entity::find()
            .filter(library_theme::Column::ItemId.is_in(chunk.iter().copied()))
            .all(c)
            .await?
        {
            themes.entry(t.item_id).or_default().push(t.theme);
        }
        for s in library_sdg::Entity::find()
            .filter(library_sdg::Column::ItemId.is_in(chunk.iter().copied()))
            .all(c)
            .await?
        {
            sdgs.entry(s.item_id).or_default().push(s.sdg);
        }
    }
    Ok((themes, sdgs))
}

/// Items an editor works on: all for reviewers (`owners` = `None`), else those of the given
/// organisations, any status, newest change first.
///
/// # Errors
/// Database errors.
pub async fn workbench(
    c: &impl ConnectionTrait,
    owners: Option<&[Uuid]>,
    status: Option<ItemStatus>,
    want: Locale,
) -> Result<Vec<Item>> {
    let mut q = item::Entity::find().order_by_desc(item::Column::UpdatedAt);
    if let Some(o) = owners {
        q = q.filter(item::Column::OwnerId.is_in(o.iter().copied()));
    }
    if let Some(s) = status {
        q = q.filter(item::Column::Status.eq(s.code()));
    }
    let rows = q.limit(500).all(c).await?;
    assemble(c, rows, want).await
}

/// Published items that share themes, SDGs, organisations or events with `item`, the most
/// shared first (at most `limit`).
///
/// # Errors
/// Database errors.
pub async fn related(
    c: &impl ConnectionTrait,
    it: &Item,
    want: Locale,
    limit: usize,
) -> Result<Vec<Item>> {
    let mut score: HashMap<Uuid, u32> = HashMap::new();
    for t in library_theme::Entity::find()
        .filter(library_theme::Column::Theme.is_in(it.themes.iter().cloned()))
        .all(c)
        .await?
    {
        *score.entry(t.item_id).or_default() += 2;
    }
    for s in library_sdg::Entity::find()
        .filter(library_sdg::Column::Sdg.is_in(it.sdgs.iter().copied()))
        .all(c)
        .await?
    {
        *score.entry(s.item_id).or_default() += 1;
    }
    let org_ids: Vec<Uuid> = it.organisations.iter().map(|o| o.id).collect();
    for o in library_organisation::Entity::find()
        .filter(library_organisation::Column::OrganisationId.is_in(org_ids))
        .all(c)
        .await?
    {
        *score.entry(o.item_id).or_default() += 3;
    }
    let ev_ids: Vec<Uuid> = it.events.iter().map(|e| e.id).collect();
    for e in library_event::Entity::find()
        .filter(library_event::Column::EventId.is_in(ev_ids))
        .all(c)
        .await?
    {
        *score.entry(e.item_id).or_default() += 3;
    }
    score.remove(&it.id);
    let mut ranked: Vec<(Uuid, u32)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let ids: Vec<Uuid> = ranked
        .into_iter()
        .map(|(id, _)| id)
        .take(limit * 4)
        .collect();
    let mut items = by_ids(c, &ids, want).await?;
    items.retain(Item::is_public);
    items.truncate(limit);
    Ok(items)
}

/// An item's stored values as form fields, with its translations as `(field, locale, text)`.
///
/// # Errors
/// `NotFound`.
pub async fn raw(
    c: &impl ConnectionTrait,
    slug: &str,
) -> Result<(Item, RawItem, Vec<(String, Locale, String, bool)>)> {
    let it = by_slug(c, slug, Locale::En).await?;
    let row = item::Entity::find_by_id(it.id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let tr = texts::load(c, &[it.id]).await?.of(it.id);
    let events: Vec<String> = it.events.iter().map(|e| e.slug.clone()).collect();
    let raw = RawItem {
        slug: row.slug,
        kind: row.kind,
        lang: row.lang,
        title: row.title,
        summary: row.summary,
        body: row.body,
        authors: it
            .authors
            .iter()
            .filter(|a| a.organisation.is_none())
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        author_orgs: it
            .authors
            .iter()
            .filter_map(|a| a.organisation.clone())
            .collect::<Vec<_>>()
            .join(", "),
        publisher: row.publisher,
        date: it.date_text(),
        languages: row.languages,
        themes: it.themes.join(","),
        sdgs: it
            .sdgs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
        country: row.country.unwrap_or_default(),
        organisations: it
            .organisations
            .iter()
            .map(|o| o.slug.clone())
            .collect::<Vec<_>>()
            .join(", "),
        events: events.join(", "),
        sessions: it
            .sessions
            .iter()
            .map(|s| s.id.to_string())
            .collect::<Vec<_>>()
            .join(","),
        licence: row.licence,
        url: row.url.unwrap_or_default(),
        owner: it
            .owner
            .as_ref()
            .map(|o| o.slug.clone())
            .unwrap_or_default(),
        fictional: if row.fictional { "on" } else { "" }.to_owned(),
    };
    Ok((it, raw, tr))
}

/// The rows the search index is built from: every item when `ids` is `None`. Unpublished
/// items come back with `public: false` so the index can drop them.
///
/// # Errors
/// Database errors.
pub async fn index_rows(c: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<Vec<IndexRow>> {
    use chrono::Datelike;
    let rows = crate::by_ids_or_all::<item::Entity>(c, item::Column::Id, ids).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let texts = texts::load(c, &ids).await?;
    let lists = Lists::load(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let base = Lang::parse_or(&r.lang, Locale::En);
            let mut out = vec![(base, r.title.clone(), r.summary.clone(), r.body.clone())];
            for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
                let t = texts.get(r.id, "title", "", base, l);
                let s = texts.get(r.id, "summary", "", base, l);
                let b = texts.get(r.id, "body", "", base, l);
                let own = |x: &Localized| {
                    if x.fallback || x.lang != l {
                        String::new()
                    } else {
                        x.text.clone()
                    }
                };
                let (t, s, b) = (own(&t), own(&s), own(&b));
                if !(t.is_empty() && s.is_empty() && b.is_empty()) {
                    out.push((l.into(), t, s, b));
                }
            }
            IndexRow {
                id: r.id,
                slug: r.slug,
                kind: ItemKind::parse(&r.kind).unwrap_or(ItemKind::Publication),
                public: r.status == ItemStatus::Published.code(),
                base_lang: base,
                texts: out,
                themes: lists.themes.get(&r.id).cloned().unwrap_or_default(),
                sdgs: lists.sdgs.get(&r.id).cloned().unwrap_or_default(),
                country: r.country,
                languages: languages(&r.languages),
                year: r.published_on.map(|d| d.year()),
                owner: r.owner_id,
                authors: lists
                    .authors
                    .get(&r.id)
                    .map(|a| a.iter().map(|a| a.name.clone()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect())
}
