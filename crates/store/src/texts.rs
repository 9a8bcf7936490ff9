//! Translations of the content fields of events, sessions, tracks, registration types and
//! questions, in one table keyed by the owner's id (ids are UUIDv7, unique across tables). The
//! base text stays in the owner's row; a translation whose base text changed is marked
//! "needs review" until someone saves it again.

use crate::entities::translation;
use crate::members::{Localized, NEEDS_REVIEW, TRANSLATED};
use crate::{Result, now};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The translations of a set of owners, ready to localise their fields.
/// `(locale, text, needs review)` of one field.
type Versions = Vec<(Locale, String, bool)>;

#[derive(Debug, Default, Clone)]
pub struct Texts {
    map: HashMap<(Uuid, String), Versions>,
}

impl Texts {
    /// `field` of `owner` for a reader of `want`: the translation when there is one, otherwise
    /// the base text marked as a fallback.
    #[must_use]
    pub fn get(
        &self,
        owner: Uuid,
        field: &str,
        base: &str,
        base_lang: impl Into<Lang>,
        want: impl Into<Lang>,
    ) -> Localized {
        let (base_lang, want): (Lang, Lang) = (base_lang.into(), want.into());
        if want != base_lang
            && let Some((l, t, review)) = self
                .map
                .get(&(owner, field.to_owned()))
                .and_then(|v| v.iter().find(|(l, t, _)| *l == want && !t.is_empty()))
        {
            return Localized {
                text: t.clone(),
                lang: (*l).into(),
                fallback: false,
                needs_review: *review,
            };
        }
        Localized {
            text: base.to_owned(),
            lang: base_lang,
            fallback: want != base_lang && !base.is_empty(),
            needs_review: false,
        }
    }

    /// Every stored translation of one owner: `(field, locale, text, needs review)`.
    #[must_use]
    pub fn of(&self, owner: Uuid) -> Vec<(String, Locale, String, bool)> {
        let mut out: Vec<_> = self
            .map
            .iter()
            .filter(|((o, _), _)| *o == owner)
            .flat_map(|((_, f), v)| v.iter().map(|(l, t, r)| (f.clone(), *l, t.clone(), *r)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.code()).cmp(&(&b.0, b.1.code())));
        out
    }
}

/// Loads the translations of `owners`.
///
/// # Errors
/// Database errors.
pub async fn load(c: &impl ConnectionTrait, owners: &[Uuid]) -> Result<Texts> {
    let mut texts = Texts::default();
    for chunk in owners.chunks(500) {
        let rows = translation::Entity::find()
            .filter(translation::Column::OwnerId.is_in(chunk.iter().copied()))
            .all(c)
            .await?;
        for r in rows {
            if let Some(l) = Locale::parse(&r.locale) {
                texts.map.entry((r.owner_id, r.field)).or_default().push((
                    l,
                    r.body,
                    r.status == NEEDS_REVIEW,
                ));
            }
        }
    }
    Ok(texts)
}

/// Saves one translation (an empty text removes it).
///
/// # Errors
/// Database errors.
pub async fn put(
    c: &impl ConnectionTrait,
    owner: Uuid,
    field: &str,
    locale: Locale,
    body: &str,
) -> Result<()> {
    let body = body.trim();
    if body.is_empty() {
        translation::Entity::delete_many()
            .filter(translation::Column::OwnerId.eq(owner))
            .filter(translation::Column::Field.eq(field))
            .filter(translation::Column::Locale.eq(locale.code()))
            .exec(c)
            .await?;
        return Ok(());
    }
    translation::Entity::insert(translation::ActiveModel {
        owner_id: Set(owner),
        field: Set(field.to_owned()),
        locale: Set(locale.code().to_owned()),
        body: Set(body.to_owned()),
        status: Set(TRANSLATED.to_owned()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            translation::Column::OwnerId,
            translation::Column::Field,
            translation::Column::Locale,
        ])
        .update_columns([
            translation::Column::Body,
            translation::Column::Status,
            translation::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// Marks every translation of `owner`'s `field` as needing review, after its base text changed.
///
/// # Errors
/// Database errors.
pub async fn base_changed(c: &impl ConnectionTrait, owner: Uuid, field: &str) -> Result<()> {
    translation::Entity::update_many()
        .col_expr(
            translation::Column::Status,
            sea_orm::sea_query::Expr::value(NEEDS_REVIEW),
        )
        .filter(translation::Column::OwnerId.eq(owner))
        .filter(translation::Column::Field.eq(field))
        .exec(c)
        .await?;
    Ok(())
}

/// Removes every translation of `owner` (when it is deleted).
///
/// # Errors
/// Database errors.
pub async fn remove_all(c: &impl ConnectionTrait, owner: Uuid) -> Result<()> {
    translation::Entity::delete_many()
        .filter(translation::Column::OwnerId.eq(owner))
        .exec(c)
        .await?;
    Ok(())
}
