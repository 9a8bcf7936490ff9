//! Records that name each other link each other: a library item, an event or a declaration
//! whose text names another one's title (in any of its languages) lists it, and the named one
//! lists it back. What a text names is found by scanning the titles of declarations and
//! events (`links::named_in`); who names a record, by searching the one index for its titles as
//! phrases. Only what the public may see is listed (the cards enforce visibility).

use crate::AppState;
use pumasi_domain::locale::Locale;
use pumasi_search::index::Options;
use pumasi_store::search::{Card, parse_key};
use uuid::Uuid;

/// The kinds that name each other.
const KINDS: [&str; 3] = ["library", "event", "declaration"];
/// At most this many links are listed.
const MAX: usize = 20;

/// What record `me` names in `text`, and what names it by one of `titles`, as cards in the
/// reader's language; itself excluded.
///
/// # Errors
/// Database errors.
pub async fn of(
    st: &AppState,
    me: Uuid,
    titles: &[String],
    text: &str,
    want: Locale,
) -> Result<Vec<Card>, pumasi_store::StoreError> {
    let db = &st.store.db;
    let mut hits: Vec<(String, Uuid)> = pumasi_store::links::named_in(db, text)
        .await?
        .into_iter()
        .map(|(k, id)| (k.to_owned(), id))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for t in titles {
        // A phrase: the title's words in order. Quotes inside would end it.
        let phrase: String = t.chars().filter(|c| *c != '"').collect();
        let phrase = phrase.trim();
        if phrase.chars().count() < 8 || !seen.insert(phrase.to_lowercase()) {
            continue;
        }
        for kind in KINDS {
            let opts = Options {
                kind: Some(kind),
                reader: Some(want),
                limit: MAX,
                ..Options::default()
            };
            match st.search.index().search(&format!("\"{phrase}\""), &opts) {
                Ok(found) => hits.extend(
                    found
                        .iter()
                        .filter_map(|h| parse_key(&h.id))
                        .map(|(k, id)| (k.to_owned(), id)),
                ),
                Err(e) => tracing::warn!(error = %e, "mentions"),
            }
        }
    }
    let mut unique = std::collections::HashSet::new();
    hits.retain(|(k, id)| *id != me && KINDS.contains(&k.as_str()) && unique.insert(*id));
    hits.truncate(MAX);
    pumasi_store::search::cards(db, &hits, want).await
}
