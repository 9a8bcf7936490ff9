//! What links to an organisation, for its profile: the declarations it signed, the bodies it
//! sits in, the events it hosts and the library items it owns or that name it — public ones
//! only, titles in the reader's language where they are translated.

use crate::entities::{
    event, event_host, gov_body, gov_declaration, gov_mandate, gov_signature, library_event,
    library_item, library_organisation, library_session, programme_session,
};
use crate::{Result, events, library};
use chrono::NaiveDate;
use pumasi_domain::governance::declaration::SignatureStatus;
use pumasi_domain::library::ItemStatus;
use pumasi_domain::locale::Locale;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

/// A linked record: where it is, what it is called (and in which language), and a date.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub on: Option<NaiveDate>,
    /// A role or kind, as a code for the page to translate (a mandate's role).
    pub role: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OrgLinks {
    pub signatures: Vec<Link>,
    pub mandates: Vec<Link>,
    pub events: Vec<Link>,
    pub library: Vec<Link>,
}

impl OrgLinks {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
            && self.mandates.is_empty()
            && self.events.is_empty()
            && self.library.is_empty()
    }
}

fn event_link(e: events::Event) -> Link {
    Link {
        slug: e.slug,
        lang: e.title.lang.code().to_owned(),
        title: e.title.text,
        on: Some(e.starts_on),
        role: String::new(),
    }
}

fn item_link(it: library::Item) -> Link {
    Link {
        slug: it.slug,
        lang: it.title.lang.code().to_owned(),
        title: it.title.text,
        on: None,
        role: String::new(),
    }
}

/// What links to organisation `org` on `today`.
///
/// # Errors
/// Database errors.
pub async fn of_organisation(
    c: &impl ConnectionTrait,
    org: Uuid,
    today: NaiveDate,
    want: Locale,
) -> Result<OrgLinks> {
    let mut out = OrgLinks::default();

    let sigs = gov_signature::Entity::find()
        .filter(gov_signature::Column::OrganisationId.eq(org))
        .filter(gov_signature::Column::Status.eq(SignatureStatus::Verified.code()))
        .all(c)
        .await?;
    let decls = gov_declaration::Entity::find()
        .filter(gov_declaration::Column::Id.is_in(sigs.iter().map(|s| s.declaration_id)))
        .all(c)
        .await?;
    for s in &sigs {
        if let Some(d) = decls.iter().find(|d| d.id == s.declaration_id) {
            out.signatures.push(Link {
                slug: d.slug.clone(),
                title: d.title.clone(),
                lang: d.lang.clone(),
                on: s.signed_on.or(d.adopted_on),
                role: String::new(),
            });
        }
    }
    out.signatures.sort_by_key(|s| std::cmp::Reverse(s.on));

    // Current mandates, then past ones.
    let mandates = gov_mandate::Entity::find()
        .filter(gov_mandate::Column::OrganisationId.eq(org))
        .order_by_desc(gov_mandate::Column::StartsOn)
        .all(c)
        .await?;
    let bodies = gov_body::Entity::find()
        .filter(gov_body::Column::Id.is_in(mandates.iter().map(|m| m.body_id)))
        .all(c)
        .await?;
    for m in &mandates {
        if m.ends_on.is_some_and(|e| e < today) {
            continue;
        }
        if let Some(b) = bodies.iter().find(|b| b.id == m.body_id) {
            out.mandates.push(Link {
                slug: b.slug.clone(),
                title: b.name.clone(),
                lang: b.lang.clone(),
                on: Some(m.starts_on),
                role: m.role.clone(),
            });
        }
    }

    let hosted: Vec<Uuid> = event_host::Entity::find()
        .filter(event_host::Column::OrganisationId.eq(org))
        .all(c)
        .await?
        .into_iter()
        .map(|h| h.event_id)
        .collect();
    let mut evs = events::by_ids(c, &hosted, want).await?;
    evs.sort_by_key(|e| std::cmp::Reverse(e.starts_on));
    out.events = evs.into_iter().map(event_link).collect();

    let named: Vec<Uuid> = library_organisation::Entity::find()
        .filter(library_organisation::Column::OrganisationId.eq(org))
        .all(c)
        .await?
        .into_iter()
        .map(|l| l.item_id)
        .collect();
    let ids: Vec<Uuid> = library_item::Entity::find()
        .filter(library_item::Column::Status.eq(ItemStatus::Published.code()))
        .filter(
            Condition::any()
                .add(library_item::Column::OwnerId.eq(org))
                .add(library_item::Column::Id.is_in(named)),
        )
        .all(c)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let mut items = library::by_ids(c, &ids, want).await?;
    items.sort_by_key(|i| std::cmp::Reverse(i.updated_at));
    out.library = items.into_iter().map(item_link).collect();
    Ok(out)
}

/// What links to an event, for its page: the published library items about it (or about one
/// of its sessions) and the declarations adopted during it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventLinks {
    pub library: Vec<Link>,
    pub declarations: Vec<Link>,
}

/// What links to event `id`, which runs from `starts_on` to `ends_on`.
///
/// # Errors
/// Database errors.
pub async fn of_event(
    c: &impl ConnectionTrait,
    id: Uuid,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    want: Locale,
) -> Result<EventLinks> {
    let sessions: Vec<Uuid> = programme_session::Entity::find()
        .filter(programme_session::Column::EventId.eq(id))
        .all(c)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut about: Vec<Uuid> = library_event::Entity::find()
        .filter(library_event::Column::EventId.eq(id))
        .all(c)
        .await?
        .into_iter()
        .map(|l| l.item_id)
        .collect();
    for chunk in sessions.chunks(500) {
        about.extend(
            library_session::Entity::find()
                .filter(library_session::Column::SessionId.is_in(chunk.to_vec()))
                .all(c)
                .await?
                .into_iter()
                .map(|l| l.item_id),
        );
    }
    about.sort_unstable();
    about.dedup();
    let published: Vec<Uuid> = library_item::Entity::find()
        .filter(library_item::Column::Id.is_in(about))
        .filter(library_item::Column::Status.eq(ItemStatus::Published.code()))
        .all(c)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let mut items = library::by_ids(c, &published, want).await?;
    items.sort_by_key(|i| std::cmp::Reverse(i.updated_at));
    let library = items.into_iter().map(item_link).collect();
    let declarations = gov_declaration::Entity::find()
        .filter(gov_declaration::Column::AdoptedOn.gte(starts_on))
        .filter(gov_declaration::Column::AdoptedOn.lte(ends_on))
        .order_by_asc(gov_declaration::Column::AdoptedOn)
        .all(c)
        .await?
        .into_iter()
        .map(|d| Link {
            slug: d.slug,
            title: d.title,
            lang: d.lang,
            on: d.adopted_on,
            role: String::new(),
        })
        .collect();
    Ok(EventLinks {
        library,
        declarations,
    })
}

/// The events running on `day` (a declaration adopted then was adopted there).
///
/// # Errors
/// Database errors.
pub async fn events_on(
    c: &impl ConnectionTrait,
    day: NaiveDate,
    want: Locale,
) -> Result<Vec<Link>> {
    let ids: Vec<Uuid> = event::Entity::find()
        .filter(event::Column::StartsOn.lte(day))
        .filter(event::Column::EndsOn.gte(day))
        .all(c)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    Ok(events::by_ids(c, &ids, want)
        .await?
        .into_iter()
        .map(event_link)
        .collect())
}

/// Lower-cased with runs of spaces made one and typographic apostrophes plain, so a title is
/// found in a text however it was typed.
fn folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for ch in s.chars().flat_map(char::to_lowercase) {
        let ch = if matches!(ch, '\u{2019}' | '\u{2018}' | '\u{02bc}') {
            '\''
        } else {
            ch
        };
        if ch.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(ch);
            space = false;
        }
    }
    out.trim_end().to_owned()
}

/// Titles shorter than this (in characters) are too generic to count as naming a record.
const NAME_MIN: usize = 8;

/// The declarations (adopted ones) and events whose title — in any of its languages — appears
/// in `text`: `("declaration" | "event", id)`.
///
/// # Errors
/// Database errors.
pub async fn named_in(c: &impl ConnectionTrait, text: &str) -> Result<Vec<(&'static str, Uuid)>> {
    let hay = folded(text);
    if hay.chars().count() < NAME_MIN {
        return Ok(Vec::new());
    }
    let mut titled: Vec<(&'static str, Uuid, String)> = gov_declaration::Entity::find()
        .filter(gov_declaration::Column::AdoptedOn.is_not_null())
        .all(c)
        .await?
        .into_iter()
        .map(|d| ("declaration", d.id, d.title))
        .collect();
    titled.extend(
        event::Entity::find()
            .all(c)
            .await?
            .into_iter()
            .map(|e| ("event", e.id, e.title)),
    );
    let ids: Vec<Uuid> = titled.iter().map(|(_, id, _)| *id).collect();
    let mut translated: std::collections::HashMap<Uuid, Vec<String>> =
        std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for t in crate::entities::translation::Entity::find()
            .filter(crate::entities::translation::Column::OwnerId.is_in(chunk.to_vec()))
            .filter(crate::entities::translation::Column::Field.eq("title"))
            .all(c)
            .await?
        {
            translated.entry(t.owner_id).or_default().push(t.body);
        }
    }
    let mut out = Vec::new();
    for (kind, id, title) in titled {
        let names = std::iter::once(title).chain(translated.remove(&id).unwrap_or_default());
        if names
            .map(|n| folded(&n))
            .any(|n| n.chars().count() >= NAME_MIN && hay.contains(&n))
        {
            out.push((kind, id));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::folded;

    #[test]
    fn titles_are_found_however_typed() {
        assert_eq!(
            folded("  Seoul   Declaration\n2013 "),
            "seoul declaration 2013"
        );
        assert_eq!(
            folded("Déclaration d\u{2019}Agadir"),
            "déclaration d'agadir"
        );
    }
}
