//! The speakers and moderators of events' programmes as search documents: name, organisation
//! and biography (with its translations). A speaker is public once they are in a session of
//! the programme; one only set up for later is not. Their card leads to their first session.

use super::{Card, Doc};
use crate::entities::{programme_session, session_speaker, speaker};
use crate::members::Localized;
use crate::{Result, texts};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// The speakers of `events` (each carries the facet `event/<uuid>`, so a re-read event takes
/// its removed speakers with it).
///
/// # Errors
/// Database errors.
pub async fn docs(c: &impl ConnectionTrait, events: &[Uuid]) -> Result<Vec<Doc>> {
    let mut rows = Vec::new();
    for chunk in events.chunks(500) {
        rows.extend(
            speaker::Entity::find()
                .filter(speaker::Column::EventId.is_in(chunk.iter().copied()))
                .all(c)
                .await?,
        );
    }
    let mut speaking = std::collections::HashSet::new();
    for chunk in rows.chunks(500) {
        speaking.extend(
            session_speaker::Entity::find()
                .filter(session_speaker::Column::SpeakerId.is_in(chunk.iter().map(|s| s.id)))
                .all(c)
                .await?
                .into_iter()
                .map(|s| s.speaker_id),
        );
    }
    let ids: Vec<Uuid> = rows.iter().map(|s| s.id).collect();
    let tr = texts::load(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let base = Lang::parse_or(&s.lang, Locale::En);
            let mut texts = vec![(base, s.name.clone(), s.organisation_name.clone(), s.bio)];
            for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
                let bio = tr.get(s.id, "bio", "", base, l);
                if bio.lang == l && !bio.fallback && !bio.text.is_empty() {
                    texts.push((
                        l.into(),
                        s.name.clone(),
                        s.organisation_name.clone(),
                        bio.text,
                    ));
                }
            }
            Doc {
                kind: "speaker",
                id: s.id,
                public: speaking.contains(&s.id),
                texts,
                facets: vec![("event".into(), s.event_id.to_string())],
            }
        })
        .collect())
}

/// Adds the cards of speaker hits to `out`: the name, the biography in `want`, and a link to
/// their first session.
///
/// # Errors
/// Database errors.
pub async fn cards(
    c: &impl ConnectionTrait,
    ids: &[Uuid],
    want: Locale,
    out: &mut HashMap<Uuid, Card>,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let rows = speaker::Entity::find()
        .filter(speaker::Column::Id.is_in(ids.iter().copied()))
        .all(c)
        .await?;
    let links = session_speaker::Entity::find()
        .filter(session_speaker::Column::SpeakerId.is_in(ids.iter().copied()))
        .all(c)
        .await?;
    let sessions = programme_session::Entity::find()
        .filter(programme_session::Column::Id.is_in(links.iter().map(|l| l.session_id)))
        .order_by_asc(programme_session::Column::StartsAt)
        .all(c)
        .await?;
    let event_ids: Vec<Uuid> = rows.iter().map(|s| s.event_id).collect();
    let events = crate::events::by_ids(c, &event_ids, want).await?;
    let tr = texts::load(c, ids).await?;
    for s in rows {
        let Some(e) = events.iter().find(|e| e.id == s.event_id) else {
            continue;
        };
        let first = sessions.iter().find(|x| {
            links
                .iter()
                .any(|l| l.speaker_id == s.id && l.session_id == x.id)
        });
        let Some(first) = first else {
            continue;
        };
        let base = Lang::parse_or(&s.lang, Locale::En);
        let name = if s.organisation_name.is_empty() {
            s.name.clone()
        } else {
            format!("{} ({})", s.name, s.organisation_name)
        };
        out.insert(
            s.id,
            Card {
                kind: "speaker",
                id: s.id,
                path: format!("/events/{}/sessions/{}", e.slug, first.id),
                title: Localized {
                    text: name,
                    lang: base,
                    fallback: false,
                    needs_review: false,
                },
                text: tr.get(s.id, "bio", &s.bio, base, want),
                fictional: e.fictional,
            },
        );
    }
    Ok(())
}
