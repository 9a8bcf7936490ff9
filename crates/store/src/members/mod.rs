//! Members: organisations, their translations, logos, people's roles in them, the membership
//! history, the directory queries and statistics. Applications and dues are in `applications`,
//! CSV/JSON/ESSGLOBAL transfer in `transfer`.

pub mod applications;
pub mod dues;
pub mod transfer;

use crate::entities::{
    affiliation, category, college, member_event, organisation as org, organisation_logo,
    organisation_text,
};
use crate::slugs;
use crate::{Result, StoreError, audit, now, outbox};
use chrono::NaiveDate;
use pumasi_domain::countries::{self, Continent};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{MemberStatus, MembershipClass, OrgRole, counts_as_member};
use pumasi_domain::organisation::{OrganisationInput, fold};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A category of member (data, editable), with its label in the four languages.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub code: String,
    /// `public` (counted as local governments) or `sse`.
    pub kind: String,
    labels: [String; 4],
}

/// A voting college with its weight in basis points (3000 = 30 %).
#[derive(Debug, Clone, Serialize)]
pub struct College {
    pub number: i32,
    pub code: String,
    pub weight_bp: i32,
    labels: [String; 4],
}

fn label_of(labels: &[String; 4], l: Locale) -> &str {
    &labels[Locale::ALL.iter().position(|x| *x == l).unwrap_or(1)]
}

impl Category {
    #[must_use]
    pub fn label(&self, l: Locale) -> &str {
        label_of(&self.labels, l)
    }
}

impl College {
    #[must_use]
    pub fn label(&self, l: Locale) -> &str {
        label_of(&self.labels, l)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Vocabulary {
    pub categories: Vec<Category>,
    pub colleges: Vec<College>,
}

impl Vocabulary {
    #[must_use]
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    #[must_use]
    pub fn college(&self, n: i32) -> Option<&College> {
        self.colleges.iter().find(|c| c.number == n)
    }

    #[must_use]
    pub fn codes(&self) -> (Vec<String>, Vec<i32>) {
        (
            self.categories.iter().map(|c| c.code.clone()).collect(),
            self.colleges.iter().map(|c| c.number).collect(),
        )
    }
}

/// # Errors
/// Database errors.
pub async fn vocabulary(c: &impl ConnectionTrait) -> Result<Vocabulary> {
    let categories = category::Entity::find()
        .order_by_asc(category::Column::Position)
        .all(c)
        .await?
        .into_iter()
        .map(|r| Category {
            code: r.code,
            kind: r.kind,
            labels: [r.label_ko, r.label_en, r.label_fr, r.label_es],
        })
        .collect();
    let colleges = college::Entity::find()
        .order_by_asc(college::Column::Number)
        .all(c)
        .await?
        .into_iter()
        .map(|r| College {
            number: r.number,
            code: r.code,
            weight_bp: r.weight_bp,
            labels: [r.label_ko, r.label_en, r.label_fr, r.label_es],
        })
        .collect();
    Ok(Vocabulary {
        categories,
        colleges,
    })
}

/// A translatable text as shown to one reader: in their language when available, otherwise in
/// the record's base language with `fallback` set, so the page can say "shown in …".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Localized {
    pub text: String,
    /// The language `text` is in: a translation's interface language, or the base text's
    /// language, which may be any ISO 639 language.
    pub lang: Lang,
    pub fallback: bool,
    /// The translation shown was made from an older base text.
    pub needs_review: bool,
}

/// Leader and focal-point contacts: only for the secretariat and the organisation itself.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct PrivateContacts {
    pub leader_name: String,
    pub leader_title: String,
    pub leader_email: String,
    pub focal_name: String,
    pub focal_email: String,
    pub focal_phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub id: Uuid,
    pub slug: String,
    pub name: Localized,
    pub base_name: String,
    /// The description in the base language, whatever language `description` is shown in.
    pub base_description: String,
    pub base_lang: Lang,
    pub category: String,
    pub class: MembershipClass,
    pub status: MemberStatus,
    pub college: Option<i32>,
    pub country: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: String,
    pub languages: Vec<String>,
    pub description: Localized,
    pub joined_on: Option<chrono::NaiveDate>,
    pub first_fee_paid_on: Option<chrono::NaiveDate>,
    pub essglobal_activity: String,
    pub essglobal_legal_form: String,
    pub fictional: bool,
    pub has_logo: bool,
    pub version: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub private: PrivateContacts,
    /// All stored translations: `(field, locale, text, status)`.
    pub translations: Vec<(String, Locale, String, String)>,
}

impl Organisation {
    #[must_use]
    pub fn counts_as_member(&self) -> bool {
        counts_as_member(self.status, self.class, self.first_fee_paid_on.is_some())
    }

    #[must_use]
    pub fn continent(&self) -> Option<Continent> {
        countries::country(&self.country).map(|c| c.continent)
    }
}

fn split_languages(s: &str) -> Vec<String> {
    s.split(';')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn localize(
    base: &str,
    base_lang: Lang,
    want: Lang,
    texts: &[(String, Locale, String, String)],
    field: &str,
) -> Localized {
    if want != base_lang
        && let Some((_, l, t, status)) = texts
            .iter()
            .find(|(f, l, t, _)| f == field && *l == want && !t.is_empty())
    {
        return Localized {
            text: t.clone(),
            lang: (*l).into(),
            fallback: false,
            needs_review: status == NEEDS_REVIEW,
        };
    }
    Localized {
        text: base.to_owned(),
        lang: base_lang,
        fallback: want != base_lang && !base.is_empty(),
        needs_review: false,
    }
}

fn assemble(
    row: org::Model,
    texts: Vec<(String, Locale, String, String)>,
    want: impl Into<Lang> + Copy,
    has_logo: bool,
) -> Organisation {
    let base_lang = Lang::parse_or(&row.base_lang, Locale::En);
    Organisation {
        id: row.id,
        name: localize(&row.name, base_lang, want.into(), &texts, "name"),
        description: localize(
            &row.description,
            base_lang,
            want.into(),
            &texts,
            "description",
        ),
        base_name: row.name,
        base_description: row.description,
        slug: row.slug,
        base_lang,
        category: row.category,
        class: MembershipClass::parse(&row.class).unwrap_or(MembershipClass::Allied),
        status: MemberStatus::parse(&row.status).unwrap_or(MemberStatus::Applicant),
        college: row.college,
        country: row.country,
        city: row.city,
        latitude: row.latitude,
        longitude: row.longitude,
        website: row.website,
        languages: split_languages(&row.languages),
        joined_on: row.joined_on,
        first_fee_paid_on: row.first_fee_paid_on,
        essglobal_activity: row.essglobal_activity,
        essglobal_legal_form: row.essglobal_legal_form,
        fictional: row.fictional,
        has_logo,
        version: row.version,
        updated_at: row.updated_at,
        private: PrivateContacts {
            leader_name: row.leader_name,
            leader_title: row.leader_title,
            leader_email: row.leader_email,
            focal_name: row.focal_name,
            focal_email: row.focal_email,
            focal_phone: row.focal_phone,
        },
        translations: texts,
    }
}

/// Organisations' addresses and names in the reader's language (the base name when there is
/// no translation), for lists that name many organisations: two queries whatever their number.
///
/// # Errors
/// Database errors.
pub async fn names(
    c: &impl ConnectionTrait,
    ids: &[Uuid],
    want: Locale,
) -> Result<HashMap<Uuid, (String, String)>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        rows.extend(
            org::Entity::find()
                .filter(org::Column::Id.is_in(chunk.to_vec()))
                .all(c)
                .await?,
        );
    }
    let mut texts = texts_for(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let base_lang = Lang::parse_or(&r.base_lang, Locale::En);
            let t = texts.remove(&r.id).unwrap_or_default();
            let name = localize(&r.name, base_lang, want.into(), &t, "name").text;
            (r.id, (r.slug, name))
        })
        .collect())
}

/// Organisations to choose from by name (hosts of an event, a speaker's organisation, a library
/// item's owner): every one the public may see, `(slug, name in the reader's language)`, in the
/// reader's collation.
///
/// # Errors
/// Database errors.
pub async fn choices(c: &impl ConnectionTrait, want: Locale) -> Result<Vec<(String, String)>> {
    let ids: Vec<Uuid> = org::Entity::find()
        .filter(
            org::Column::Status.is_in(
                MemberStatus::ALL
                    .iter()
                    .filter(|s| s.is_public())
                    .map(|s| s.code()),
            ),
        )
        .select_only()
        .column(org::Column::Id)
        .into_tuple()
        .all(c)
        .await?;
    let mut out: Vec<(String, String)> = names(c, &ids, want).await?.into_values().collect();
    pumasi_domain::collation::sort_by_name(want, &mut out, |o| &o.1);
    Ok(out)
}

async fn texts_for(
    c: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(String, Locale, String, String)>>> {
    let mut map: HashMap<Uuid, Vec<_>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = organisation_text::Entity::find()
            .filter(organisation_text::Column::OrganisationId.is_in(chunk.to_vec()))
            .all(c)
            .await?;
        for r in rows {
            if let Some(l) = Locale::parse(&r.locale) {
                map.entry(r.organisation_id)
                    .or_default()
                    .push((r.field, l, r.body, r.status));
            }
        }
    }
    Ok(map)
}

fn search_text(input: &OrganisationInput) -> String {
    let mut s = format!("{} {} {}", input.name, input.city, input.slug);
    for (f, _, t) in &input.translations {
        if *f == "name" {
            s.push(' ');
            s.push_str(t);
        }
    }
    fold(&s)
}

fn active_model(input: &OrganisationInput) -> org::ActiveModel {
    let languages = if input.languages.is_empty() {
        String::new()
    } else {
        format!(";{};", input.languages.join(";"))
    };
    org::ActiveModel {
        slug: Set(input.slug.as_str().to_owned()),
        name: Set(input.name.clone()),
        base_lang: Set(input.lang.code().to_owned()),
        category: Set(input.category.clone()),
        class: Set(input.class.code().to_owned()),
        status: Set(input.status.code().to_owned()),
        college: Set(input.college),
        country: Set(input.country.alpha2.to_owned()),
        city: Set(input.city.clone()),
        latitude: Set(input.coordinates.map(|c| c.lat)),
        longitude: Set(input.coordinates.map(|c| c.lon)),
        website: Set(input
            .website
            .as_ref()
            .map(|w| w.as_str().to_owned())
            .unwrap_or_default()),
        languages: Set(languages),
        description: Set(input.description.clone()),
        joined_on: Set(input.joined_on),
        first_fee_paid_on: Set(input.first_fee_paid_on),
        leader_name: Set(input.leader_name.clone()),
        leader_title: Set(input.leader_title.clone()),
        leader_email: Set(input
            .leader_email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default()),
        focal_name: Set(input.focal_name.clone()),
        focal_email: Set(input
            .focal_email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default()),
        focal_phone: Set(input.focal_phone.clone()),
        essglobal_activity: Set(input.essglobal_activity.clone()),
        essglobal_legal_form: Set(input.essglobal_legal_form.clone()),
        fictional: Set(input.fictional),
        search_text: Set(search_text(input)),
        name_key: Set(name_key(&input.name, input.country.alpha2, &input.city)),
        ..Default::default()
    }
}

/// Translation status of a field: `translated` when written or changed, `needs_review` when
/// the base text changed after it was translated and the translation was left as it was.
pub const TRANSLATED: &str = "translated";
pub const NEEDS_REVIEW: &str = "needs_review";

/// Replaces an organisation's translations. `before` is the record before the change
/// (`None` on creation): an unchanged translation of a changed base text needs review.
async fn write_translations(
    c: &impl ConnectionTrait,
    id: Uuid,
    input: &OrganisationInput,
    before: Option<&org::Model>,
) -> Result<()> {
    let old: Vec<organisation_text::Model> = organisation_text::Entity::find()
        .filter(organisation_text::Column::OrganisationId.eq(id))
        .all(c)
        .await?;
    organisation_text::Entity::delete_many()
        .filter(organisation_text::Column::OrganisationId.eq(id))
        .exec(c)
        .await?;
    let t = now();
    let base_changed = |field: &str| {
        before.is_some_and(|b| match field {
            "name" => b.name != input.name || b.base_lang != input.lang.code(),
            _ => b.description != input.description || b.base_lang != input.lang.code(),
        })
    };
    let rows: Vec<_> = input
        .translations
        .iter()
        .map(|(f, l, text)| {
            let previous = old.iter().find(|o| o.field == *f && o.locale == l.code());
            let status = match previous {
                Some(p) if p.body == *text && base_changed(f) => NEEDS_REVIEW,
                Some(p) if p.body == *text && p.status == NEEDS_REVIEW => NEEDS_REVIEW,
                _ => TRANSLATED,
            };
            organisation_text::ActiveModel {
                organisation_id: Set(id),
                field: Set((*f).to_owned()),
                locale: Set(l.code().to_owned()),
                body: Set(text.clone()),
                status: Set(status.to_owned()),
                updated_at: Set(t),
            }
        })
        .collect();
    if !rows.is_empty() {
        organisation_text::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The key that makes a name unique: folded name, country and folded city. The database holds
/// it in a unique column, so the form, the API and the import all apply the same rule, even
/// when two requests race.
#[must_use]
pub fn name_key(name: &str, country: &str, city: &str) -> String {
    format!("{}|{}|{}", fold(name.trim()), country, fold(city.trim()))
}

/// Refuses a second organisation with the same name in the same place before trying to insert,
/// so the person is told about the name (the unique index still guards against races).
async fn check_duplicate_name(
    c: &impl ConnectionTrait,
    input: &OrganisationInput,
    except: Option<Uuid>,
) -> Result<()> {
    let mut q = org::Entity::find().filter(org::Column::NameKey.eq(name_key(
        &input.name,
        input.country.alpha2,
        &input.city,
    )));
    if let Some(id) = except {
        q = q.filter(org::Column::Id.ne(id));
    }
    if q.count(c).await? > 0 {
        return Err(StoreError::invalid("name", "error-name-taken"));
    }
    Ok(())
}

fn unique_error(e: sea_orm::DbErr) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(m)) if m.contains("name_key") => {
            StoreError::invalid("name", "error-name-taken")
        }
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            StoreError::invalid("slug", "error-slug-taken")
        }
        _ => StoreError::from(e),
    }
}

fn to_json(input: &OrganisationInput) -> serde_json::Value {
    serde_json::json!({
        "slug": input.slug.as_str(), "name": input.name, "lang": input.lang, "category": input.category,
        "class": input.class, "status": input.status, "college": input.college, "country": input.country.alpha2,
        "city": input.city, "website": input.website.as_ref().map(pumasi_domain::types::WebUrl::as_str),
    })
}

/// Creates an organisation with its translations, history and audit entry.
///
/// # Errors
/// `Invalid(slug: error-slug-taken | name: error-name-taken)`, database errors.
pub async fn create(
    c: &impl ConnectionTrait,
    input: &OrganisationInput,
    actor: Option<Uuid>,
    note: &str,
) -> Result<Uuid> {
    check_duplicate_name(c, input, None).await?;
    let id = Uuid::now_v7();
    let t = now();
    let mut am = active_model(input);
    let slug = slugs::for_new(
        c,
        slugs::Kind::Organisation,
        &input.slug,
        input.slug_generated,
    )
    .await?;
    am.slug = Set(slug.as_str().to_owned());
    am.id = Set(id);
    am.version = Set(1);
    am.created_at = Set(t);
    am.updated_at = Set(t);
    org::Entity::insert(am)
        .exec_without_returning(c)
        .await
        .map_err(unique_error)?;
    write_translations(c, id, input, None).await?;
    event(c, id, actor, "created", "", input.status.code(), note, "").await?;
    audit::record(
        c,
        actor,
        "organisation.create",
        "organisation",
        &id.to_string(),
        None,
        Some(&to_json(input)),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": id, "slug": slug.as_str() }),
    )
    .await?;
    Ok(id)
}

/// Updates an organisation if nobody changed it since `expected_version` was read. Status,
/// class and college are kept: they change only through the membership procedure.
///
/// # Errors
/// `Conflict("error-edit-conflict")` when someone saved in between; `Invalid` on duplicates.
pub async fn update_profile(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    input: &OrganisationInput,
    actor: Option<Uuid>,
) -> Result<()> {
    let before = org::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    check_duplicate_name(c, input, Some(id)).await?;
    let mut am = active_model(input);
    let slug = slugs::for_edit(&before.slug, &input.slug, input.slug_generated);
    am.slug = Set(slug.clone());
    am.status = Set(before.status.clone());
    am.class = Set(before.class.clone());
    am.college = Set(before.college);
    am.first_fee_paid_on = Set(before.first_fee_paid_on);
    am.joined_on = Set(before.joined_on);
    am.fictional = Set(before.fictional);
    am.version = Set(expected_version + 1);
    am.updated_at = Set(now());
    let res = org::Entity::update_many()
        .set(am)
        .filter(org::Column::Id.eq(id))
        .filter(org::Column::Version.eq(expected_version))
        .exec(c)
        .await
        .map_err(unique_error)?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    slugs::renamed(c, slugs::Kind::Organisation, id, &before.slug, &slug).await?;
    if before.category != input.category {
        // The category decides the figures on the home page: its changes are history.
        event(
            c,
            id,
            actor,
            "category",
            &before.category,
            &input.category,
            "",
            "",
        )
        .await?;
    }
    write_translations(c, id, input, Some(&before)).await?;
    let before_json = serde_json::json!({ "slug": before.slug, "name": before.name, "city": before.city, "website": before.website });
    audit::record(
        c,
        actor,
        "organisation.update",
        "organisation",
        &id.to_string(),
        Some(&before_json),
        Some(&to_json(input)),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": id, "slug": slug, "old_slug": before.slug }),
    )
    .await?;
    Ok(())
}

/// Appends to an organisation's membership history.
///
/// # Errors
/// Database errors.
#[allow(clippy::too_many_arguments)]
pub async fn event(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    actor: Option<Uuid>,
    kind: &str,
    from: &str,
    to: &str,
    note: &str,
    reference: &str,
) -> Result<()> {
    member_event::Entity::insert(member_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(org_id),
        at: Set(now()),
        actor_id: Set(actor),
        kind: Set(kind.to_owned()),
        from_status: Set(from.to_owned()),
        to_status: Set(to.to_owned()),
        note: Set(note.to_owned()),
        reference: Set(reference.to_owned()),
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// The membership history, oldest first.
///
/// # Errors
/// Database errors.
pub async fn history(c: &impl ConnectionTrait, org_id: Uuid) -> Result<Vec<member_event::Model>> {
    Ok(member_event::Entity::find()
        .filter(member_event::Column::OrganisationId.eq(org_id))
        .order_by_asc(member_event::Column::Id)
        .all(c)
        .await?)
}

/// Changes the membership status along an allowed transition, with the history entry.
///
/// # Errors
/// `Conflict("error-status-transition")` when the change is not allowed from the current status.
pub async fn change_status(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    to: MemberStatus,
    actor: Option<Uuid>,
    note: &str,
    reference: &str,
) -> Result<()> {
    let row = org::Entity::find_by_id(org_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let from = MemberStatus::parse(&row.status).unwrap_or(MemberStatus::Applicant);
    if !from.can_become(to) {
        return Err(StoreError::Conflict("error-status-transition"));
    }
    let res = org::Entity::update_many()
        .col_expr(org::Column::Status, Expr::value(to.code()))
        .col_expr(org::Column::Version, Expr::col(org::Column::Version).add(1))
        .col_expr(org::Column::UpdatedAt, Expr::value(now()))
        .filter(org::Column::Id.eq(org_id))
        .filter(org::Column::Status.eq(from.code()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    event(
        c,
        org_id,
        actor,
        "status",
        from.code(),
        to.code(),
        note,
        reference,
    )
    .await?;
    audit::record(
        c,
        actor,
        "organisation.status",
        "organisation",
        &org_id.to_string(),
        Some(&serde_json::json!({ "status": from })),
        Some(&serde_json::json!({ "status": to })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": org_id }),
    )
    .await?;
    Ok(())
}

/// # Errors
/// `NotFound`, database errors.
/// `want` is a reader's language, or a record's base language to read its original texts.
pub async fn by_slug(
    c: &impl ConnectionTrait,
    slug: &str,
    want: impl Into<Lang> + Copy,
) -> Result<Organisation> {
    let row = org::Entity::find()
        .filter(org::Column::Slug.eq(slug))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    finish(c, row, want).await
}

/// # Errors
/// `NotFound`, database errors.
pub async fn by_id(
    c: &impl ConnectionTrait,
    id: Uuid,
    want: impl Into<Lang> + Copy,
) -> Result<Organisation> {
    let row = org::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    finish(c, row, want).await
}

async fn finish(
    c: &impl ConnectionTrait,
    row: org::Model,
    want: impl Into<Lang> + Copy,
) -> Result<Organisation> {
    let texts = texts_for(c, &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    let has_logo = organisation_logo::Entity::find_by_id(row.id)
        .select_only()
        .column(organisation_logo::Column::OrganisationId)
        .into_tuple::<Uuid>()
        .one(c)
        .await?
        .is_some();
    Ok(assemble(row, texts, want, has_logo))
}

/// Directory filters; `None` means "any". `statuses` is the set the viewer may see.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub category: Option<String>,
    pub class: Option<MembershipClass>,
    pub statuses: Vec<MemberStatus>,
    pub college: Option<i32>,
    pub continent: Option<Continent>,
    pub country: Option<String>,
    pub language: Option<String>,
    /// Words matched as a substring of the folded name, place and description.
    pub text: Option<String>,
    /// Only these organisations (the search index's answer to a text box), instead of `text`.
    pub ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    Country,
    Newest,
}

impl Sort {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "name" => Some(Sort::Name),
            "country" => Some(Sort::Country),
            "newest" => Some(Sort::Newest),
            _ => None,
        }
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Country => "country",
            Sort::Newest => "newest",
        }
    }
}

fn condition(f: &Filter) -> Condition {
    let mut cond = Condition::all();
    if let Some(cat) = &f.category {
        cond = cond.add(org::Column::Category.eq(cat.clone()));
    }
    if let Some(class) = f.class {
        cond = cond.add(org::Column::Class.eq(class.code()));
    }
    if !f.statuses.is_empty() {
        cond = cond.add(org::Column::Status.is_in(f.statuses.iter().map(|s| s.code())));
    }
    if let Some(n) = f.college {
        cond = cond.add(org::Column::College.eq(n));
    }
    if let Some(cont) = f.continent {
        let codes: Vec<&str> = countries::all()
            .iter()
            .filter(|c| c.continent == cont)
            .map(|c| c.alpha2)
            .collect();
        cond = cond.add(org::Column::Country.is_in(codes));
    }
    if let Some(cc) = &f.country {
        cond = cond.add(org::Column::Country.eq(cc.to_ascii_uppercase()));
    }
    if let Some(lang) = &f.language {
        // Only a whole two-letter code can match; anything else matches no organisation.
        cond = if lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()) {
            cond.add(contains_literal(
                org::Column::Languages,
                &format!(";{lang};"),
            ))
        } else {
            cond.add(Expr::val(1).eq(0))
        };
    }
    if let Some(ids) = &f.ids {
        cond = cond.add(org::Column::Id.is_in(ids.iter().copied()));
    } else if let Some(t) = f.text.as_deref().map(fold).filter(|t| !t.trim().is_empty()) {
        cond = cond.add(contains_literal(org::Column::SearchText, t.trim()));
    }
    cond
}

/// `col LIKE '%text%'` with `%`, `_` and `\` in the text matching themselves (sea-orm's
/// `contains` does not escape them).
fn contains_literal(col: org::Column, text: &str) -> sea_orm::sea_query::SimpleExpr {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    Expr::col((org::Entity, col)).like(sea_orm::sea_query::LikeExpr::new(p).escape('\\'))
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub items: Vec<Organisation>,
    pub total: u64,
}

/// One page of the directory.
///
/// # Errors
/// Database errors.
pub async fn list(
    c: &impl ConnectionTrait,
    f: &Filter,
    sort: Sort,
    want: Locale,
    offset: u64,
    limit: u64,
) -> Result<Page> {
    // Names in the reader's language, sorted by its collation (not the byte order of the base
    // name): every matching row's sort keys are read, sorted here, and one page is fetched.
    let keys: Vec<(Uuid, String, String, String, Option<NaiveDate>)> = org::Entity::find()
        .filter(condition(f))
        .select_only()
        .columns([
            org::Column::Id,
            org::Column::Name,
            org::Column::BaseLang,
            org::Column::Country,
            org::Column::JoinedOn,
        ])
        .into_tuple()
        .all(c)
        .await?;
    let total = keys.len() as u64;
    let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
    let mut translated: HashMap<Uuid, String> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String)> = organisation_text::Entity::find()
            .filter(organisation_text::Column::OrganisationId.is_in(chunk.to_vec()))
            .filter(organisation_text::Column::Field.eq("name"))
            .filter(organisation_text::Column::Locale.eq(want.code()))
            .filter(organisation_text::Column::Body.ne(""))
            .select_only()
            .columns([
                organisation_text::Column::OrganisationId,
                organisation_text::Column::Body,
            ])
            .into_tuple()
            .all(c)
            .await?;
        translated.extend(rows);
    }
    let coll = pumasi_domain::collation::collator(want);
    let mut sorted: Vec<(Uuid, String, String, Option<NaiveDate>)> = keys
        .into_iter()
        .map(|(id, name, base_lang, country, joined)| {
            let name = if base_lang == want.code() {
                name
            } else {
                translated.remove(&id).unwrap_or(name)
            };
            let country = countries::country(&country)
                .map_or(country.clone(), |k| k.name(want.code()).to_owned());
            (id, name, country, joined)
        })
        .collect();
    let by_name = |a: &(Uuid, String, String, Option<NaiveDate>),
                   b: &(Uuid, String, String, Option<NaiveDate>)| {
        coll.compare(&a.1, &b.1)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.0.cmp(&b.0))
    };
    match sort {
        Sort::Name => sorted.sort_by(by_name),
        Sort::Country => {
            sorted.sort_by(|a, b| coll.compare(&a.2, &b.2).then_with(|| by_name(a, b)))
        }
        // Newest first; those without a joining date last.
        Sort::Newest => sorted.sort_by(|a, b| {
            b.3.is_some()
                .cmp(&a.3.is_some())
                .then_with(|| b.3.cmp(&a.3))
                .then_with(|| by_name(a, b))
        }),
    }
    let page: Vec<Uuid> = sorted
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|k| k.0)
        .collect();
    let mut rows = org::Entity::find()
        .filter(org::Column::Id.is_in(page.clone()))
        .all(c)
        .await?;
    rows.sort_by_key(|r| page.iter().position(|id| *id == r.id));
    Ok(Page {
        items: with_texts(c, rows, want).await?,
        total,
    })
}

/// Keyset pagination by slug for the API: stable under inserts, no offsets to drift.
///
/// # Errors
/// Database errors.
pub async fn list_after(
    c: &impl ConnectionTrait,
    f: &Filter,
    after: Option<&str>,
    want: Locale,
    limit: u64,
) -> Result<Vec<Organisation>> {
    let mut q = org::Entity::find().filter(condition(f));
    if let Some(a) = after {
        q = q.filter(org::Column::Slug.gt(a));
    }
    let rows = q
        .order_by_asc(org::Column::Slug)
        .limit(limit)
        .all(c)
        .await?;
    with_texts(c, rows, want).await
}

async fn with_texts(
    c: &impl ConnectionTrait,
    rows: Vec<org::Model>,
    want: Locale,
) -> Result<Vec<Organisation>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut texts = texts_for(c, &ids).await?;
    let mut logos: Vec<Uuid> = Vec::new();
    for chunk in ids.chunks(500) {
        logos.extend(
            organisation_logo::Entity::find()
                .filter(organisation_logo::Column::OrganisationId.is_in(chunk.to_vec()))
                .select_only()
                .column(organisation_logo::Column::OrganisationId)
                .into_tuple::<Uuid>()
                .all(c)
                .await?,
        );
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let t = texts.remove(&r.id).unwrap_or_default();
            let has_logo = logos.contains(&r.id);
            assemble(r, t, want, has_logo)
        })
        .collect())
}

/// Counts that describe the membership: what the home page sentence and the statistics
/// panel show. Only organisations that count as members (see `counts_as_member`) are included.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct MemberStats {
    pub members: u64,
    pub countries: u64,
    pub continents: u64,
    /// Non-honorary members whose category is of kind `public`.
    pub local_governments: u64,
    /// Non-honorary members of any other category.
    pub sse_organisations: u64,
    pub honorary: u64,
    pub by_continent: Vec<(String, u64)>,
    pub by_category: Vec<(String, u64)>,
    pub by_country: Vec<(String, u64)>,
    pub by_class: Vec<(String, u64)>,
    pub by_college: Vec<(i32, u64)>,
}

/// `(class, category, country, college, first fee paid (0/1), number of members)`.
type StatsRow = (String, String, String, Option<i32>, i32, i64);

/// The countries that have at least one member, for the directory's country filter.
///
/// # Errors
/// Database errors.
pub async fn member_countries(c: &impl ConnectionTrait) -> Result<Vec<String>> {
    Ok(org::Entity::find()
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .select_only()
        .column(org::Column::Country)
        .distinct()
        .into_tuple()
        .all(c)
        .await?)
}

/// # Errors
/// Database errors.
pub async fn stats(c: &impl ConnectionTrait) -> Result<MemberStats> {
    let vocab = vocabulary(c).await?;
    // Grouped in the database: a few hundred groups instead of a row per member.
    let fee_paid = Expr::cust("CASE WHEN first_fee_paid_on IS NULL THEN 0 ELSE 1 END");
    let rows: Vec<StatsRow> = org::Entity::find()
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .select_only()
        .column(org::Column::Class)
        .column(org::Column::Category)
        .column(org::Column::Country)
        .column(org::Column::College)
        .column_as(fee_paid.clone(), "fee_paid")
        .column_as(Expr::col(org::Column::Id).count(), "n")
        .group_by(org::Column::Class)
        .group_by(org::Column::Category)
        .group_by(org::Column::Country)
        .group_by(org::Column::College)
        .group_by(fee_paid)
        .into_tuple()
        .all(c)
        .await?;
    let mut s = MemberStats::default();
    let mut continents: BTreeMap<String, u64> = BTreeMap::new();
    let mut cats: BTreeMap<String, u64> = BTreeMap::new();
    let mut countries_n: BTreeMap<String, u64> = BTreeMap::new();
    let mut classes: BTreeMap<String, u64> = BTreeMap::new();
    let mut colleges: BTreeMap<i32, u64> = BTreeMap::new();
    for (class, cat, country, college, fee, n) in rows {
        let class = MembershipClass::parse(&class).unwrap_or(MembershipClass::Allied);
        let n = u64::try_from(n).unwrap_or(0);
        if !counts_as_member(MemberStatus::Member, class, fee != 0) {
            continue;
        }
        s.members += n;
        if class == MembershipClass::Honorary {
            s.honorary += n;
        } else if vocab.category(&cat).is_some_and(|k| k.kind == "public") {
            s.local_governments += n;
        } else {
            s.sse_organisations += n;
        }
        if let Some(c) = countries::country(&country) {
            *continents.entry(c.continent.key().to_owned()).or_default() += n;
        }
        *cats.entry(cat).or_default() += n;
        *countries_n.entry(country).or_default() += n;
        *classes.entry(class.code().to_owned()).or_default() += n;
        if let Some(k) = college {
            *colleges.entry(k).or_default() += n;
        }
    }
    s.countries = countries_n.len() as u64;
    s.continents = continents.len() as u64;
    let sorted = |m: BTreeMap<String, u64>| {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    s.by_continent = sorted(continents);
    s.by_category = sorted(cats);
    s.by_country = sorted(countries_n);
    s.by_class = sorted(classes);
    s.by_college = colleges.into_iter().collect();
    Ok(s)
}

/// Points for the map: every member that counts, with coordinates when known.
#[derive(Debug, Clone, Serialize)]
pub struct MapPoint {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// # Errors
/// Database errors.
pub async fn map_points(c: &impl ConnectionTrait) -> Result<Vec<MapPoint>> {
    // Only the columns the map needs: a full row carries the description, and at 10,000
    // members reading them all cost tens of megabytes per page.
    let rows: Vec<MapRow> = org::Entity::find()
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .select_only()
        .column(org::Column::Slug)
        .column(org::Column::Name)
        .column(org::Column::Country)
        .column(org::Column::Latitude)
        .column(org::Column::Longitude)
        .column(org::Column::Class)
        .column(org::Column::FirstFeePaidOn)
        .order_by_asc(org::Column::Name)
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            counts_as_member(
                MemberStatus::Member,
                MembershipClass::parse(&r.5).unwrap_or(MembershipClass::Allied),
                r.6.is_some(),
            )
        })
        .map(
            |(slug, name, country, latitude, longitude, _, _)| MapPoint {
                slug,
                name,
                country,
                latitude,
                longitude,
            },
        )
        .collect())
}

/// `(slug, name, country, latitude, longitude, class, first fee paid on)`.
type MapRow = (
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    String,
    Option<chrono::NaiveDate>,
);

/// Stores a logo (already checked by the caller's magic-byte sniffing).
///
/// # Errors
/// Database errors.
pub async fn set_logo(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    mime: &str,
    bytes: Vec<u8>,
    etag: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    organisation_logo::Entity::insert(organisation_logo::ActiveModel {
        organisation_id: Set(org_id),
        mime: Set(mime.to_owned()),
        etag: Set(etag.to_owned()),
        bytes: Set(bytes),
    })
    .on_conflict(
        OnConflict::column(organisation_logo::Column::OrganisationId)
            .update_columns([
                organisation_logo::Column::Mime,
                organisation_logo::Column::Etag,
                organisation_logo::Column::Bytes,
            ])
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "organisation.logo",
        "organisation",
        &org_id.to_string(),
        None,
        Some(&serde_json::json!({ "mime": mime, "etag": etag })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": org_id }),
    )
    .await?;
    Ok(())
}

/// # Errors
/// `NotFound`, database errors.
pub async fn logo(
    c: &impl ConnectionTrait,
    slug: &str,
) -> Result<(Uuid, MemberStatus, organisation_logo::Model)> {
    let (id, status): (Uuid, String) = org::Entity::find()
        .filter(org::Column::Slug.eq(slug))
        .select_only()
        .column(org::Column::Id)
        .column(org::Column::Status)
        .into_tuple()
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let logo = organisation_logo::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let status = MemberStatus::parse(&status).unwrap_or(MemberStatus::Applicant);
    Ok((id, status, logo))
}

/// Gives a person a role in an organisation (or changes it).
///
/// # Errors
/// Database errors.
pub async fn set_affiliation(
    c: &impl ConnectionTrait,
    account: Uuid,
    org_id: Uuid,
    role: OrgRole,
    actor: Option<Uuid>,
) -> Result<()> {
    affiliation::Entity::insert(affiliation::ActiveModel {
        account_id: Set(account),
        organisation_id: Set(org_id),
        role: Set(role.code().to_owned()),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            affiliation::Column::AccountId,
            affiliation::Column::OrganisationId,
        ])
        .update_column(affiliation::Column::Role)
        .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "affiliation.set",
        "organisation",
        &org_id.to_string(),
        None,
        Some(&serde_json::json!({ "account": account, "role": role })),
    )
    .await?;
    Ok(())
}

/// People of an organisation: `(account id, email, display name, role)`.
///
/// # Errors
/// Database errors.
pub async fn people(
    c: &impl ConnectionTrait,
    org_id: Uuid,
) -> Result<Vec<(Uuid, String, String, OrgRole)>> {
    let affs = affiliation::Entity::find()
        .filter(affiliation::Column::OrganisationId.eq(org_id))
        .all(c)
        .await?;
    let mut out = Vec::new();
    for a in affs {
        if let Some(acc) = crate::entities::account::Entity::find_by_id(a.account_id)
            .one(c)
            .await?
        {
            out.push((
                acc.id,
                acc.email,
                acc.display_name,
                OrgRole::parse(&a.role).unwrap_or(OrgRole::Member),
            ));
        }
    }
    Ok(out)
}

/// Number of organisations in any status (for metrics and the empty-database check of `demo`).
///
/// # Errors
/// Database errors.
pub async fn count_all(c: &impl ConnectionTrait) -> Result<u64> {
    Ok(org::Entity::find().count(c).await?)
}

/// Changes a person's role in an organisation or removes them (`None`), keeping at least one
/// admin: an organisation without one could no longer manage its people or sign.
///
/// # Errors
/// `NotFound` when the person is not in the organisation; `Conflict("error-last-admin")`.
pub async fn change_affiliation(
    c: &impl ConnectionTrait,
    account: Uuid,
    org_id: Uuid,
    role: Option<OrgRole>,
    actor: Option<Uuid>,
) -> Result<()> {
    let all = affiliation::Entity::find()
        .filter(affiliation::Column::OrganisationId.eq(org_id))
        .all(c)
        .await?;
    let Some(current) = all.iter().find(|a| a.account_id == account) else {
        return Err(StoreError::NotFound);
    };
    let admins = all
        .iter()
        .filter(|a| a.role == OrgRole::Admin.code())
        .count();
    if current.role == OrgRole::Admin.code() && admins <= 1 && role != Some(OrgRole::Admin) {
        return Err(StoreError::Conflict("error-last-admin"));
    }
    match role {
        Some(r) => {
            affiliation::Entity::update_many()
                .col_expr(affiliation::Column::Role, Expr::value(r.code()))
                .filter(affiliation::Column::AccountId.eq(account))
                .filter(affiliation::Column::OrganisationId.eq(org_id))
                .exec(c)
                .await?;
        }
        None => {
            affiliation::Entity::delete_many()
                .filter(affiliation::Column::AccountId.eq(account))
                .filter(affiliation::Column::OrganisationId.eq(org_id))
                .exec(c)
                .await?;
        }
    }
    audit::record(
        c,
        actor,
        "affiliation.change",
        "organisation",
        &org_id.to_string(),
        Some(&serde_json::json!({ "account": account, "role": current.role })),
        Some(&serde_json::json!({ "account": account, "role": role })),
    )
    .await
}
