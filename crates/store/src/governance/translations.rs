//! Translations of governance content, in the one `translation` table (see `texts`): bodies
//! (name, description), motions (title, text, option labels), declarations (title — their
//! adopted text is translated per version), agenda items (title, description), the charter's
//! articles (title, text) and the network's own name. Readers get their language when a
//! translation exists, otherwise the base text with "shown in …", and a translation made from
//! an older base text is marked "needs review".
//!
//! Pages call the `localize_*` functions after loading: the fields are replaced by what the
//! reader sees and [`Shown`] keeps, per field, its language and status.

use super::Body;
use super::declarations::Declaration;
use super::meetings::AgendaItem;
use super::motions::Motion;
use crate::entities::{
    gov_agenda_item as agenda, gov_body as body, gov_declaration as decl, gov_motion as motion,
    gov_motion_option as option,
};
use crate::members::{Localized, NEEDS_REVIEW};
use crate::{Result, StoreError, audit, settings, texts};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

/// The owner id of the network's own name (no record has the nil id).
pub const NETWORK: Uuid = Uuid::nil();

/// What is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Body,
    Motion,
    Declaration,
    AgendaItem,
    Article,
    Network,
}

impl Subject {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "body" => Self::Body,
            "motion" => Self::Motion,
            "declaration" => Self::Declaration,
            "agenda" => Self::AgendaItem,
            "article" => Self::Article,
            "network" => Self::Network,
            _ => return None,
        })
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Motion => "motion",
            Self::Declaration => "declaration",
            Self::AgendaItem => "agenda",
            Self::Article => "article",
            Self::Network => "network",
        }
    }
}

/// One translatable field of a record: its name, base text and longest translation.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub base: String,
    pub max: usize,
    /// A long text (a textarea) rather than a line.
    pub long: bool,
}

/// A record's translatable fields with its base language, a title to name it, and where
/// its page is (after the locale).
#[derive(Debug, Clone, Serialize)]
pub struct Translatable {
    pub subject: &'static str,
    pub id: Uuid,
    pub title: String,
    pub base_lang: Lang,
    pub path: String,
    pub fields: Vec<Field>,
}

fn line(name: &str, base: &str, max: usize) -> Field {
    Field {
        name: name.to_owned(),
        base: base.to_owned(),
        max,
        long: false,
    }
}

fn long(name: &str, base: &str) -> Field {
    Field {
        name: name.to_owned(),
        base: base.to_owned(),
        max: 20_000,
        long: true,
    }
}

/// The field name of a motion's option at `position`.
#[must_use]
pub fn option_field(position: u32) -> String {
    format!("option{position}")
}

/// The translatable fields of one record.
///
/// # Errors
/// `NotFound` for an unknown record (a draft motion is found: the secretariat translates it
/// before opening it).
pub async fn translatable(c: &impl ConnectionTrait, s: Subject, id: Uuid) -> Result<Translatable> {
    let default = settings::identity(c).await?.default_language;
    let lang = |code: &str| Lang::parse_or(code, default);
    Ok(match s {
        Subject::Body => {
            let b = body::Entity::find_by_id(id)
                .one(c)
                .await?
                .ok_or(StoreError::NotFound)?;
            Translatable {
                subject: "body",
                id,
                title: b.name.clone(),
                base_lang: lang(&b.lang),
                path: format!("/governance/{}", b.slug),
                fields: vec![
                    line("name", &b.name, 200),
                    long("description", &b.description),
                ],
            }
        }
        Subject::Motion => {
            let m = motion::Entity::find_by_id(id)
                .one(c)
                .await?
                .ok_or(StoreError::NotFound)?;
            let mut fields = vec![line("title", &m.title, 300), long("text", &m.text)];
            let mut options = option::Entity::find()
                .filter(option::Column::MotionId.eq(id))
                .all(c)
                .await?;
            options.sort_by_key(|o| o.position);
            for o in options.iter().filter(|o| !o.label.is_empty()) {
                fields.push(line(
                    &option_field(o.position.unsigned_abs()),
                    &o.label,
                    300,
                ));
            }
            Translatable {
                subject: "motion",
                id,
                title: m.title.clone(),
                base_lang: lang(&m.lang),
                path: format!("/motions/{}", m.reference),
                fields,
            }
        }
        Subject::Declaration => {
            let d = decl::Entity::find_by_id(id)
                .one(c)
                .await?
                .ok_or(StoreError::NotFound)?;
            Translatable {
                subject: "declaration",
                id,
                title: d.title.clone(),
                base_lang: lang(&d.lang),
                path: format!("/declarations/{}", d.slug),
                fields: vec![line("title", &d.title, 300)],
            }
        }
        Subject::AgendaItem => {
            let a = agenda::Entity::find_by_id(id)
                .one(c)
                .await?
                .ok_or(StoreError::NotFound)?;
            let m = super::meetings::by_id(c, a.meeting_id).await?;
            Translatable {
                subject: "agenda",
                id,
                title: a.title.clone(),
                base_lang: lang(&m.lang),
                path: format!("/meetings/{}#agenda", m.slug),
                fields: vec![
                    line("title", &a.title, 300),
                    line("description", &a.description, 2_000),
                ],
            }
        }
        Subject::Article => {
            let (v, articles) = super::charter::current(c)
                .await?
                .ok_or(StoreError::NotFound)?;
            let a = articles
                .into_iter()
                .find(|a| crate::search::governance::article_id(v.id, a.number) == id)
                .ok_or(StoreError::NotFound)?;
            Translatable {
                subject: "article",
                id,
                title: format!("{} — {}", a.number, a.title),
                base_lang: default.into(),
                path: format!("/charter#article-{}", a.number),
                fields: vec![line("title", &a.title, 300), long("text", &a.text)],
            }
        }
        Subject::Network => {
            let idn = settings::identity(c).await?;
            Translatable {
                subject: "network",
                id: NETWORK,
                title: idn.name.clone(),
                base_lang: default.into(),
                path: "/governance".to_owned(),
                fields: vec![
                    line("name", &idn.name, 200),
                    line("short_name", &idn.short_name, 40),
                ],
            }
        }
    })
}

/// Saves the translations of one record: `(field, locale, text)`; an empty text removes one.
/// All are checked before any is saved.
///
/// # Errors
/// `NotFound`; `Invalid` per field (`{field}_{locale}`) for an unknown field, the base
/// language, or a text over its limit.
pub async fn save(
    c: &impl ConnectionTrait,
    s: Subject,
    id: Uuid,
    values: &[(String, Locale, String)],
    actor: Option<Uuid>,
) -> Result<()> {
    let t = translatable(c, s, id).await?;
    let mut errs = Vec::new();
    for (field, l, text) in values {
        let key = format!("{field}_{}", l.code());
        match t.fields.iter().find(|f| f.name == *field) {
            None => errs.push(pumasi_domain::FieldError::new(&key, "error-choice-invalid")),
            Some(_) if *l == t.base_lang && !text.trim().is_empty() => {
                errs.push(pumasi_domain::FieldError::new(
                    &key,
                    "error-translation-base-language",
                ));
            }
            Some(f) => {
                let checked = if f.long {
                    pumasi_domain::types::text(text, f.max)
                } else {
                    pumasi_domain::types::line(text, f.max, false)
                };
                if let Err(code) = checked {
                    errs.push(pumasi_domain::FieldError::new(&key, code));
                }
            }
        }
    }
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    let before = texts::load(c, &[id]).await?;
    let mut changed = Vec::new();
    for (field, l, text) in values {
        let now = before.get(id, field, "", t.base_lang, *l);
        let had = if now.lang == *l && !now.fallback {
            now.text
        } else {
            String::new()
        };
        // Saving the same text again confirms a translation that needed review.
        if had.trim() != text.trim() || now.needs_review {
            texts::put(c, id, field, *l, text).await?;
            changed.push(format!("{field}_{}", l.code()));
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    audit::record(
        c,
        actor,
        "governance.translation",
        s.code(),
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "fields": changed })),
    )
    .await?;
    if s == Subject::Network {
        // Every node reads the network's identity again (see `crate::settings::CHANGED`).
        crate::outbox::push(c, crate::settings::CHANGED, &serde_json::json!({})).await?;
    }
    super::changed(c, "translation", id).await
}

/// Every stored translation of `id`: `(field, locale, text, needs review)`.
///
/// # Errors
/// Database errors.
pub async fn stored(
    c: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<(String, Locale, String, bool)>> {
    Ok(texts::load(c, &[id]).await?.of(id))
}

/// How a record's translated fields are shown to one reader: per field, its language and
/// whether it is the base text in place of a missing translation or needs review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shown(Vec<(String, Lang, bool, bool)>);

impl Shown {
    fn put(&mut self, field: &str, l: &Localized) {
        self.0
            .push((field.to_owned(), l.lang, l.fallback, l.needs_review));
    }

    /// The language code of `field` as shown; `base` when it was not localised.
    #[must_use]
    pub fn lang<'a>(&'a self, field: &str, base: &'a str) -> &'a str {
        self.0
            .iter()
            .find(|(f, ..)| f == field)
            .map_or(base, |(_, l, ..)| l.code())
    }

    /// `field` as a `Localized` without its text: language, fallback, needs review.
    #[must_use]
    pub fn status(&self, field: &str) -> Option<Localized> {
        self.0
            .iter()
            .find(|(f, ..)| f == field)
            .map(|(_, l, fallback, review)| Localized {
                text: String::new(),
                lang: *l,
                fallback: *fallback,
                needs_review: *review,
            })
    }
}

fn apply(
    tr: &texts::Texts,
    owner: Uuid,
    field: &str,
    text: &mut String,
    base: Lang,
    want: Locale,
    shown: &mut Shown,
) {
    let l = tr.get(owner, field, text, base, want);
    shown.put(field, &l);
    *text = l.text;
}

async fn default_lang(c: &impl ConnectionTrait) -> Result<Locale> {
    Ok(settings::identity(c).await?.default_language)
}

/// Puts motions (title, text, option labels) in the reader's language.
///
/// # Errors
/// Database errors.
pub async fn localize_motions(
    c: &impl ConnectionTrait,
    ms: &mut [Motion],
    want: Locale,
) -> Result<()> {
    if ms.is_empty() {
        return Ok(());
    }
    let default = default_lang(c).await?;
    let ids: Vec<Uuid> = ms.iter().map(|m| m.id).collect();
    let tr = texts::load(c, &ids).await?;
    for m in ms {
        let base = Lang::parse_or(&m.lang, default);
        let mut shown = Shown::default();
        apply(&tr, m.id, "title", &mut m.title, base, want, &mut shown);
        apply(&tr, m.id, "text", &mut m.text, base, want, &mut shown);
        for o in &mut m.options {
            if !o.label.is_empty() {
                let f = option_field(o.position);
                apply(&tr, m.id, &f, &mut o.label, base, want, &mut shown);
            }
        }
        m.shown = shown;
    }
    Ok(())
}

/// Puts bodies (name, description) in the reader's language.
///
/// # Errors
/// Database errors.
pub async fn localize_bodies(
    c: &impl ConnectionTrait,
    bs: &mut [Body],
    want: Locale,
) -> Result<()> {
    if bs.is_empty() {
        return Ok(());
    }
    let default = default_lang(c).await?;
    let ids: Vec<Uuid> = bs.iter().map(|b| b.id).collect();
    let tr = texts::load(c, &ids).await?;
    for b in bs {
        let base = Lang::parse_or(&b.lang, default);
        let mut shown = Shown::default();
        apply(&tr, b.id, "name", &mut b.name, base, want, &mut shown);
        apply(
            &tr,
            b.id,
            "description",
            &mut b.description,
            base,
            want,
            &mut shown,
        );
        b.shown = shown;
    }
    Ok(())
}

/// Puts declarations' titles in the reader's language.
///
/// # Errors
/// Database errors.
pub async fn localize_declarations(
    c: &impl ConnectionTrait,
    ds: &mut [Declaration],
    want: Locale,
) -> Result<()> {
    if ds.is_empty() {
        return Ok(());
    }
    let default = default_lang(c).await?;
    let ids: Vec<Uuid> = ds.iter().map(|d| d.id).collect();
    let tr = texts::load(c, &ids).await?;
    for d in ds {
        let base = Lang::parse_or(&d.lang, default);
        let mut shown = Shown::default();
        apply(&tr, d.id, "title", &mut d.title, base, want, &mut shown);
        d.shown = shown;
    }
    Ok(())
}

/// Puts a meeting's agenda items (title, description) in the reader's language; `lang` is the
/// meeting's.
///
/// # Errors
/// Database errors.
pub async fn localize_agenda(
    c: &impl ConnectionTrait,
    items: &mut [AgendaItem],
    lang: &str,
    want: Locale,
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let base = match Lang::parse(lang) {
        Some(l) => l,
        None => default_lang(c).await?.into(),
    };
    let ids: Vec<Uuid> = items.iter().map(|a| a.id).collect();
    let tr = texts::load(c, &ids).await?;
    for a in items {
        let mut shown = Shown::default();
        apply(&tr, a.id, "title", &mut a.title, base, want, &mut shown);
        apply(
            &tr,
            a.id,
            "description",
            &mut a.description,
            base,
            want,
            &mut shown,
        );
        a.shown = shown;
    }
    Ok(())
}

/// Puts the articles of charter version `version` in the reader's language; returns how each
/// is shown, in the same order.
///
/// # Errors
/// Database errors.
pub async fn localize_articles(
    c: &impl ConnectionTrait,
    version: Uuid,
    articles: &mut [super::charter::Article],
    want: Locale,
) -> Result<Vec<Shown>> {
    let base = default_lang(c).await?;
    let ids: Vec<Uuid> = articles
        .iter()
        .map(|a| crate::search::governance::article_id(version, a.number))
        .collect();
    let tr = texts::load(c, &ids).await?;
    Ok(articles
        .iter_mut()
        .zip(ids)
        .map(|(a, id)| {
            let mut shown = Shown::default();
            apply(
                &tr,
                id,
                "title",
                &mut a.title,
                base.into(),
                want,
                &mut shown,
            );
            apply(&tr, id, "text", &mut a.text, base.into(), want, &mut shown);
            shown
        })
        .collect())
}

/// The network's name and short name in `want`, when translated.
#[must_use]
pub fn network_name(idn: &settings::Identity, want: Locale) -> (String, String) {
    let pick = |field: &str, base: &str| {
        idn.translations
            .iter()
            .find(|(f, l, t)| f == field && *l == want && !t.is_empty())
            .map_or_else(|| base.to_owned(), |(_, _, t)| t.clone())
    };
    (pick("name", &idn.name), pick("short_name", &idn.short_name))
}

/// Carries the translations of a charter's articles to its next version: unchanged articles
/// keep theirs as they are; the amended one keeps them marked "needs review".
///
/// # Errors
/// Database errors.
pub async fn carry_articles(
    c: &impl ConnectionTrait,
    from: Uuid,
    to: Uuid,
    numbers: &[i32],
    amended: i32,
) -> Result<()> {
    use crate::search::governance::article_id;
    let olds: Vec<Uuid> = numbers.iter().map(|n| article_id(from, *n)).collect();
    let tr = texts::load(c, &olds).await?;
    for n in numbers {
        let new = article_id(to, *n);
        for (field, l, text, review) in tr.of(article_id(from, *n)) {
            texts::put(c, new, &field, l, &text).await?;
            if review || *n == amended {
                crate::entities::translation::Entity::update_many()
                    .col_expr(
                        crate::entities::translation::Column::Status,
                        sea_orm::sea_query::Expr::value(NEEDS_REVIEW),
                    )
                    .filter(crate::entities::translation::Column::OwnerId.eq(new))
                    .filter(crate::entities::translation::Column::Field.eq(field.as_str()))
                    .filter(crate::entities::translation::Column::Locale.eq(l.code()))
                    .exec(c)
                    .await?;
            }
        }
    }
    Ok(())
}
