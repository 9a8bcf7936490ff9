//! Installation settings kept in the database (the network's identity), so every node of a
//! cluster sees the same values and an admin can change them without a restart.

use crate::Result;
use crate::entities::setting;
use pumasi_domain::locale::Locale;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};
use serde::Serialize;
use std::collections::HashMap;

/// The network's own identity: what a national network changes to run its own hub.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Identity {
    pub name: String,
    pub short_name: String,
    /// Main colour as `#rrggbb`; used for the header and links.
    pub colour: String,
    pub languages: Vec<Locale>,
    pub default_language: Locale,
    /// IANA time zone name for displaying times.
    pub time_zone: String,
    /// Version tag of the network's logo, when one was uploaded (`/logo?v=…`).
    pub logo: Option<String>,
    /// The name and short name in other languages: `(field, locale, text)`.
    pub translations: Vec<(String, Locale, String)>,
}

impl Default for Identity {
    fn default() -> Self {
        Self {
            name: "Pumasi".to_owned(),
            short_name: "Pumasi".to_owned(),
            colour: "#0b5d4b".to_owned(),
            languages: Locale::ALL.to_vec(),
            default_language: Locale::En,
            time_zone: "UTC".to_owned(),
            logo: None,
            translations: Vec::new(),
        }
    }
}

fn valid_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads the identity; missing or malformed values fall back to the defaults.
///
/// # Errors
/// Database errors.
pub async fn identity(c: &impl ConnectionTrait) -> Result<Identity> {
    let map: HashMap<String, String> = setting::Entity::find()
        .all(c)
        .await?
        .into_iter()
        .map(|s| (s.key, s.value))
        .collect();
    let d = Identity::default();
    let languages: Vec<Locale> = map
        .get("languages")
        .map(|v| v.split(',').filter_map(Locale::parse).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .unwrap_or(d.languages);
    let default_language = map
        .get("default_language")
        .and_then(|v| Locale::parse(v))
        .filter(|l| languages.contains(l))
        // Never configured: the built-in default; configured but not offered: the first offered.
        .or_else(|| {
            (!map.contains_key("default_language") && languages.contains(&d.default_language))
                .then_some(d.default_language)
        })
        .unwrap_or(languages[0]);
    Ok(Identity {
        name: map
            .get("name")
            .cloned()
            .filter(|v| !v.is_empty())
            .unwrap_or(d.name),
        short_name: map
            .get("short_name")
            .cloned()
            .filter(|v| !v.is_empty())
            .unwrap_or(d.short_name),
        colour: map
            .get("colour")
            .cloned()
            .filter(|v| valid_colour(v))
            .unwrap_or(d.colour),
        languages,
        default_language,
        time_zone: map
            .get("time_zone")
            .cloned()
            .filter(|v| !v.is_empty())
            .unwrap_or(d.time_zone),
        logo: map.get("logo_etag").cloned().filter(|v| !v.is_empty()),
        translations: crate::texts::load(c, &[crate::governance::translations::NETWORK])
            .await?
            .of(crate::governance::translations::NETWORK)
            .into_iter()
            .map(|(f, l, t, _)| (f, l, t))
            .collect(),
    })
}

/// The outbox topic written with every change of the identity or logo: each node reads the
/// identity again when it sees one, so all nodes serve the same name, colour, languages, time
/// zone and logo.
pub const CHANGED: &str = "settings.changed";

/// Writes the identity.
///
/// # Errors
/// Database errors.
pub async fn set_identity(c: &impl ConnectionTrait, id: &Identity) -> Result<()> {
    let before = identity(c).await?;
    // Translations of a name that changed are to be reviewed.
    for (field, old, new) in [
        ("name", &before.name, &id.name),
        ("short_name", &before.short_name, &id.short_name),
    ] {
        if old != new {
            crate::texts::base_changed(c, crate::governance::translations::NETWORK, field).await?;
        }
    }
    let langs = id
        .languages
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(",");
    for (k, v) in [
        ("name", id.name.as_str()),
        ("short_name", id.short_name.as_str()),
        ("colour", id.colour.as_str()),
        ("languages", langs.as_str()),
        ("default_language", id.default_language.code()),
        ("time_zone", id.time_zone.as_str()),
    ] {
        put(c, k, v).await?;
    }
    crate::outbox::push(c, CHANGED, &serde_json::json!({})).await?;
    Ok(())
}

/// A secret of this installation (e.g. the key that signs registration links), created on
/// first use with `fresh()`. Two nodes starting at once agree: the first insert wins.
///
/// # Errors
/// Database errors.
pub async fn secret(
    c: &impl ConnectionTrait,
    key: &str,
    fresh: impl FnOnce() -> String,
) -> Result<String> {
    let key = format!("secret.{key}");
    if let Some(row) = setting::Entity::find_by_id(key.clone()).one(c).await? {
        return Ok(row.value);
    }
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.clone()),
        value: Set(fresh()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(setting::Entity::find_by_id(key)
        .one(c)
        .await?
        .map(|r| r.value)
        .unwrap_or_default())
}

/// Writes one setting, replacing its value.
async fn put(c: &impl ConnectionTrait, key: &str, value: &str) -> Result<()> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// Stores the network's logo (already checked by magic bytes) with its version tag.
///
/// # Errors
/// Database errors.
pub async fn set_logo(
    c: &impl ConnectionTrait,
    mime: &str,
    bytes: &[u8],
    etag: &str,
) -> Result<()> {
    use base64::Engine;
    put(
        c,
        "logo",
        &base64::engine::general_purpose::STANDARD.encode(bytes),
    )
    .await?;
    put(c, "logo_mime", mime).await?;
    put(c, "logo_etag", etag).await?;
    crate::outbox::push(c, CHANGED, &serde_json::json!({})).await?;
    Ok(())
}

/// The network's logo: `(mime, bytes, etag)`.
///
/// # Errors
/// Database errors.
pub async fn logo(c: &impl ConnectionTrait) -> Result<Option<(String, Vec<u8>, String)>> {
    use base64::Engine;
    let get = |k: &'static str| async move {
        setting::Entity::find_by_id(k.to_owned())
            .one(c)
            .await
            .map(|r| r.map(|r| r.value))
    };
    let (Some(data), Some(mime), Some(etag)) = (
        get("logo").await?,
        get("logo_mime").await?,
        get("logo_etag").await?,
    ) else {
        return Ok(None);
    };
    Ok(base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()
        .map(|b| (mime, b, etag)))
}
