//! What the search index is derived from: one [`Doc`] per public thing (organisation, event,
//! session, speaker, library item, and governance's bodies, motions, decisions, declarations
//! and charter articles) with its texts in every language and its facets, and the outbox
//! changes since a point in time. The index itself lives in the `pumasi-search` crate; nothing
//! here knows about tantivy.

use crate::entities::{event, organisation as org, organisation_text, programme_session};
use crate::{Result, library, texts};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::MemberStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

pub mod governance;
pub mod speakers;

/// Kinds of documents, also the prefix of their index ids (`library:<uuid>`).
pub const KINDS: [&str; 10] = [
    "library",
    "organisation",
    "event",
    "session",
    "speaker",
    "motion",
    "decision",
    "declaration",
    "charter",
    "body",
];

/// One searchable thing.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: &'static str,
    pub id: Uuid,
    /// Whether the public may find it; a non-public document is removed from the index.
    pub public: bool,
    /// `(language, title, summary, body)`, the base language first (any ISO 639 language; a
    /// language other than the four is indexed under every analysis). A text's own language only:
    /// fallbacks are never indexed under another language.
    pub texts: Vec<(Lang, String, String, String)>,
    /// `(facet, value)`: `theme/t4`, `sdg/8`, `country/FR`, `year/2021`, `event/<uuid>` …
    pub facets: Vec<(String, String)>,
}

impl Doc {
    /// The index id: `kind:uuid`.
    #[must_use]
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }
}

/// Splits an index id back into kind and uuid.
#[must_use]
pub fn parse_key(key: &str) -> Option<(&str, Uuid)> {
    let (k, id) = key.split_once(':')?;
    Some((k, id.parse().ok()?))
}

/// Library items as documents (`None`: all).
///
/// # Errors
/// Database errors.
pub async fn library_docs(c: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<Vec<Doc>> {
    Ok(library::index_rows(c, ids)
        .await?
        .into_iter()
        .map(|r| {
            let mut facets: Vec<(String, String)> = Vec::new();
            facets.push(("item_kind".into(), r.kind.code().into()));
            facets.extend(r.themes.iter().map(|t| ("theme".into(), t.clone())));
            facets.extend(r.sdgs.iter().map(|s| ("sdg".into(), s.to_string())));
            facets.extend(r.country.iter().map(|k| ("country".into(), k.clone())));
            facets.extend(r.year.iter().map(|y| ("year".into(), y.to_string())));
            facets.extend(r.languages.iter().map(|l| ("doc_lang".into(), l.clone())));
            let mut texts = r.texts;
            // Authors are found in every language: append them to the base body.
            if let Some(first) = texts.first_mut()
                && !r.authors.is_empty()
            {
                first.3 = format!("{}\n\n{}", first.3, r.authors.join("; "));
            }
            Doc {
                kind: "library",
                id: r.id,
                public: r.public,
                texts,
                facets,
            }
        })
        .collect())
}

/// Organisations as documents: name and description in every language they have; only the
/// statuses the public finds in the directory are public (not applicants, rejected,
/// suspended or disqualified organisations).
///
/// # Errors
/// Database errors.
pub async fn organisation_docs(c: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<Vec<Doc>> {
    let rows = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, ids).await?;
    let mut tr: HashMap<(Uuid, String), Vec<(String, String)>> = HashMap::new();
    for chunk in rows.chunks(500) {
        for t in organisation_text::Entity::find()
            .filter(organisation_text::Column::OrganisationId.is_in(chunk.iter().map(|r| r.id)))
            .all(c)
            .await?
        {
            tr.entry((t.organisation_id, t.locale))
                .or_default()
                .push((t.field, t.body));
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let base = Lang::parse_or(&r.base_lang, Locale::En);
            let status = MemberStatus::parse(&r.status).unwrap_or(MemberStatus::Applicant);
            let place = format!("{} {}", r.city, country_names(&r.country));
            let mut texts = vec![(base, r.name.clone(), place.clone(), r.description.clone())];
            for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
                if let Some(fields) = tr.get(&(r.id, l.code().to_owned())) {
                    let get = |f: &str| {
                        fields
                            .iter()
                            .find(|(k, _)| k == f)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    };
                    texts.push((l.into(), get("name"), String::new(), get("description")));
                }
            }
            Doc {
                kind: "organisation",
                id: r.id,
                public: status.is_listed(),
                texts,
                facets: vec![
                    ("country".into(), r.country.clone()),
                    ("category".into(), r.category.clone()),
                ],
            }
        })
        .collect())
}

/// A country's names in the four languages, so "Corée" or "한국" finds Korean organisations.
fn country_names(code: &str) -> String {
    pumasi_domain::countries::country(code)
        .map(|k| {
            Locale::ALL
                .iter()
                .map(|l| k.name(l.code()))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// Events and their sessions as documents (`None`: all events). Sessions carry the facet
/// `event/<uuid>` so that an event's removed sessions can be dropped together.
///
/// # Errors
/// Database errors.
pub async fn event_docs(c: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<Vec<Doc>> {
    let rows = crate::by_ids_or_all::<event::Entity>(c, event::Column::Id, ids).await?;
    let event_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut sessions = Vec::new();
    for chunk in event_ids.chunks(500) {
        sessions.extend(
            programme_session::Entity::find()
                .filter(programme_session::Column::EventId.is_in(chunk.iter().copied()))
                .order_by_asc(programme_session::Column::StartsAt)
                .all(c)
                .await?,
        );
    }
    let mut owners = event_ids.clone();
    owners.extend(sessions.iter().map(|s| s.id));
    let tr = texts::load(c, &owners).await?;
    let own = |owner: Uuid, field: &str, base: Lang, l: Locale| {
        let x = tr.get(owner, field, "", base, l);
        if x.lang == l && !x.fallback {
            x.text
        } else {
            String::new()
        }
    };
    let mut out = Vec::new();
    for r in &rows {
        let base = Lang::parse_or(&r.lang, Locale::En);
        let mut texts = vec![(
            base,
            r.title.clone(),
            format!("{} {} {}", r.theme, r.host_city, r.venue),
            format!("{}\n\n{}", r.description, r.outcomes),
        )];
        for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
            let (t, th, d, o) = (
                own(r.id, "title", base, l),
                own(r.id, "theme", base, l),
                own(r.id, "description", base, l),
                own(r.id, "outcomes", base, l),
            );
            if !(t.is_empty() && th.is_empty() && d.is_empty() && o.is_empty()) {
                texts.push((l.into(), t, th, format!("{d}\n\n{o}").trim().to_owned()));
            }
        }
        let mut facets = vec![("year".into(), r.starts_on.format("%Y").to_string())];
        facets.extend(r.country.iter().map(|k| ("country".into(), k.clone())));
        out.push(Doc {
            kind: "event",
            id: r.id,
            public: true,
            texts,
            facets,
        });
    }
    for s in sessions {
        let base = Lang::parse_or(&s.lang, Locale::En);
        let mut texts = vec![(base, s.title.clone(), String::new(), s.description.clone())];
        for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
            let (t, d) = (
                own(s.id, "title", base, l),
                own(s.id, "description", base, l),
            );
            if !(t.is_empty() && d.is_empty()) {
                texts.push((l.into(), t, String::new(), d));
            }
        }
        out.push(Doc {
            kind: "session",
            id: s.id,
            public: true,
            texts,
            facets: vec![("event".into(), s.event_id.to_string())],
        });
    }
    out.extend(speakers::docs(c, &event_ids).await?);
    Ok(out)
}

/// Changes since a point, read from the outbox without consuming it (every node keeps its own
/// index and reads the same messages).
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub library: BTreeSet<Uuid>,
    pub organisations: BTreeSet<Uuid>,
    pub events: BTreeSet<Uuid>,
    /// Something in governance changed: its few documents are all re-read.
    pub governance: bool,
    /// A bulk change (an import) that calls for re-reading every organisation.
    pub all_organisations: bool,
}

impl Changes {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.library.is_empty()
            && self.organisations.is_empty()
            && self.events.is_empty()
            && !self.governance
            && !self.all_organisations
    }
}

/// The outbox topics (prefixes) that change search documents.
pub const TOPICS: &[&str] = &["library.", "organisation.", "event.changed", "governance."];

/// The changes that messages read from the outbox (topics [`TOPICS`]) call for.
#[must_use]
pub fn changes(messages: &[crate::outbox::Seen]) -> Changes {
    let mut ch = Changes::default();
    for m in messages {
        let id = m.payload["id"]
            .as_str()
            .and_then(|s| s.parse::<Uuid>().ok());
        match (m.topic.as_str(), id) {
            ("library.changed", Some(id)) => {
                ch.library.insert(id);
            }
            ("event.changed", Some(id)) => {
                ch.events.insert(id);
            }
            ("organisation.imported", _) => ch.all_organisations = true,
            (t, _) if t.starts_with("governance.") => ch.governance = true,
            (t, Some(id)) if t.starts_with("organisation.") => {
                ch.organisations.insert(id);
            }
            _ => {}
        }
    }
    ch
}

/// A search result as a page lists it, in the reader's language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Card {
    pub kind: &'static str,
    pub id: Uuid,
    pub title: crate::members::Localized,
    pub text: crate::members::Localized,
    /// The page's path after the locale (`/library/slug`, `/members/slug`, …).
    pub path: String,
    pub fictional: bool,
}

/// The cards of search hits (`(kind, id)`), in the order given; hits whose record is gone or
/// no longer public are skipped.
///
/// # Errors
/// Database errors.
pub async fn cards(
    c: &impl ConnectionTrait,
    hits: &[(String, Uuid)],
    want: Locale,
) -> Result<Vec<Card>> {
    let ids_of = |k: &str| -> Vec<Uuid> {
        hits.iter()
            .filter(|(kind, _)| kind == k)
            .map(|(_, id)| *id)
            .collect()
    };
    let mut out: HashMap<Uuid, Card> = HashMap::new();
    for it in library::by_ids(c, &ids_of("library"), want).await? {
        if it.is_public() {
            out.insert(
                it.id,
                Card {
                    kind: "library",
                    id: it.id,
                    path: format!("/library/{}", it.slug),
                    text: if it.summary.text.is_empty() {
                        it.body.clone()
                    } else {
                        it.summary.clone()
                    },
                    title: it.title,
                    fictional: it.fictional,
                },
            );
        }
    }
    for id in ids_of("organisation") {
        match crate::members::by_id(c, id, want).await {
            Ok(o) => {
                out.insert(
                    o.id,
                    Card {
                        kind: "organisation",
                        id: o.id,
                        path: format!("/members/{}", o.slug),
                        title: o.name,
                        text: o.description,
                        fictional: o.fictional,
                    },
                );
            }
            Err(crate::StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    let events = ids_of("event");
    for e in crate::events::by_ids(c, &events, want).await? {
        out.insert(
            e.id,
            Card {
                kind: "event",
                id: e.id,
                path: format!("/events/{}", e.slug),
                title: e.title,
                text: if e.theme.text.is_empty() {
                    e.description
                } else {
                    e.theme
                },
                fictional: e.fictional,
            },
        );
    }
    let sessions = ids_of("session");
    if !sessions.is_empty() {
        let rows = programme_session::Entity::find()
            .filter(programme_session::Column::Id.is_in(sessions.clone()))
            .all(c)
            .await?;
        let ev_ids: Vec<Uuid> = rows.iter().map(|s| s.event_id).collect();
        let evs = crate::events::by_ids(c, &ev_ids, want).await?;
        let tr = texts::load(c, &sessions).await?;
        for s in rows {
            let Some(e) = evs.iter().find(|e| e.id == s.event_id) else {
                continue;
            };
            let base = Lang::parse_or(&s.lang, Locale::En);
            out.insert(
                s.id,
                Card {
                    kind: "session",
                    id: s.id,
                    path: format!("/events/{}/sessions/{}", e.slug, s.id),
                    title: tr.get(s.id, "title", &s.title, base, want),
                    text: tr.get(s.id, "description", &s.description, base, want),
                    fictional: e.fictional,
                },
            );
        }
    }
    speakers::cards(c, &ids_of("speaker"), want, &mut out).await?;
    governance::cards(c, hits, want, &mut out).await?;
    Ok(hits.iter().filter_map(|(_, id)| out.remove(id)).collect())
}
