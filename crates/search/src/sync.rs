//! Keeps the index in step with the database. Every write that changes something searchable
//! appends a message to the outbox in its transaction (`library.changed`,
//! `organisation.changed`, `organisation.imported`, `event.changed`). [`Search::sync`] reads the
//! messages written since its last position (and any `governance.*` message) — without consuming them, so every node keeps its
//! own index — re-reads those records and replaces their documents. Handlers call it after
//! committing a write, so the writer sees the change in its next request; a background loop
//! (the outbox delivery loop, about every 2 seconds when idle) calls it for changes made on other nodes.
//!
//! The index is derived data: when its directory is missing, its schema version changed, or its
//! position is older than the outbox keeps messages, it is rebuilt from the database.

use crate::index::{LangText, SearchDoc, SearchIndex};
use crate::{Result, SearchError};
use chrono::{DateTime, Utc};
use pumasi_store::Store;
use pumasi_store::search::{self as rows, Changes, Doc};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// How long the outbox keeps delivered messages and notifications (see
/// `pumasi_store::outbox::purge`); a position older than this cannot be caught up.
pub const OUTBOX_KEEP_DAYS: i64 = 30;

/// The index with its position in the outbox.
pub struct Search {
    index: SearchIndex,
    dir: Option<PathBuf>,
    position: tokio::sync::Mutex<Position>,
}

/// Where the index stands in the outbox: the newest message seen, and the messages applied
/// within the overlap before it (read again by the next sync, but not applied again).
#[derive(Default)]
struct Position {
    at: Option<DateTime<Utc>>,
    applied: std::collections::HashMap<Uuid, DateTime<Utc>>,
}

impl Position {
    fn at(at: Option<DateTime<Utc>>) -> Self {
        Self {
            at,
            applied: std::collections::HashMap::new(),
        }
    }
}

fn doc(d: &Doc) -> SearchDoc {
    SearchDoc {
        id: d.key(),
        kind: d.kind.to_owned(),
        texts: d
            .texts
            .iter()
            .map(|(l, t, s, b)| LangText {
                lang: l.locale(),
                title: t.clone(),
                summary: s.clone(),
                body: b.clone(),
            })
            .collect(),
        facets: d.facets.clone(),
    }
}

fn position_file(dir: &Path) -> PathBuf {
    dir.join("pumasi-outbox-position")
}

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError(e.to_string())
}

impl Search {
    /// An index in memory, filled from the database.
    ///
    /// # Errors
    /// Database and index errors.
    pub async fn in_memory(store: &Store) -> Result<Self> {
        let me = Self {
            index: SearchIndex::in_ram()?,
            dir: None,
            position: tokio::sync::Mutex::new(Position::default()),
        };
        me.rebuild(store, |_, _| {}).await?;
        Ok(me)
    }

    /// The index in `dir`: opened and caught up, or rebuilt when missing, of an older schema,
    /// or too far behind. Returns whether it was rebuilt.
    ///
    /// # Errors
    /// Database, file system and index errors.
    pub async fn open(store: &Store, dir: &Path) -> Result<(Self, bool)> {
        let (index, fresh) = SearchIndex::in_dir(dir)?;
        let position = std::fs::read_to_string(position_file(dir))
            .ok()
            .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
            .map(|t| t.with_timezone(&Utc));
        let me = Self {
            index,
            dir: Some(dir.to_owned()),
            position: tokio::sync::Mutex::new(Position::at(position)),
        };
        let stale =
            position.is_none_or(|p| p < Utc::now() - chrono::Duration::days(OUTBOX_KEEP_DAYS - 1));
        if fresh || stale {
            me.rebuild(store, |_, _| {}).await?;
            Ok((me, true))
        } else {
            me.sync(store).await?;
            Ok((me, false))
        }
    }

    /// The index in `dir` as it is, for a caller that rebuilds it at once
    /// (`pumasi search reindex`).
    ///
    /// # Errors
    /// File system and index errors.
    pub fn open_for_rebuild(dir: &Path) -> Result<Self> {
        let (index, _) = SearchIndex::in_dir(dir)?;
        Ok(Self {
            index,
            dir: Some(dir.to_owned()),
            position: tokio::sync::Mutex::new(Position::default()),
        })
    }

    #[must_use]
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Empties the index and adds every public document again. `progress(done, total)` is
    /// called as documents are added.
    ///
    /// # Errors
    /// Database and index errors.
    pub async fn rebuild(
        &self,
        store: &Store,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<usize> {
        let mut pos = self.position.lock().await;
        // The position is taken before reading, so a change committed while we read is read
        // again by the next sync.
        let started = pumasi_store::now();
        let db = &store.db;
        let mut docs = rows::library_docs(db, None).await.map_err(err)?;
        docs.extend(rows::organisation_docs(db, None).await.map_err(err)?);
        docs.extend(rows::event_docs(db, None).await.map_err(err)?);
        docs.extend(rows::governance::docs(db).await.map_err(err)?);
        docs.retain(|d| d.public);
        let total = docs.len();
        self.index.clear()?;
        for (i, d) in docs.iter().enumerate() {
            self.index.upsert(&doc(d))?;
            if i % 1000 == 999 {
                progress(i + 1, total);
            }
        }
        self.index.commit()?;
        progress(total, total);
        *pos = Position::at(Some(started));
        self.save_position(started)?;
        Ok(total)
    }

    /// Applies the changes written since the last position; returns how many records were
    /// re-read.
    ///
    /// # Errors
    /// Database and index errors.
    pub async fn sync(&self, store: &Store) -> Result<usize> {
        let mut pos = self.position.lock().await;
        let db = &store.db;
        let skip: std::collections::HashSet<Uuid> = pos.applied.keys().copied().collect();
        let changes: Changes = rows::changes_since(db, pos.at, &skip).await.map_err(err)?;
        if changes.is_empty() {
            return Ok(0);
        }
        let mut n = 0;
        let lib: Vec<Uuid> = changes.library.iter().copied().collect();
        let docs = rows::library_docs(db, Some(&lib)).await.map_err(err)?;
        n += self.replace("library", &lib, &docs)?;
        let orgs: Vec<Uuid> = changes.organisations.iter().copied().collect();
        if changes.all_organisations {
            let docs = rows::organisation_docs(db, None).await.map_err(err)?;
            for d in &docs {
                self.put(d)?;
            }
            n += docs.len();
        } else {
            let docs = rows::organisation_docs(db, Some(&orgs))
                .await
                .map_err(err)?;
            n += self.replace("organisation", &orgs, &docs)?;
        }
        let evs: Vec<Uuid> = changes.events.iter().copied().collect();
        for e in &evs {
            // Sessions removed from the programme go with a re-read of their event.
            self.index.delete_facet("event", &e.to_string())?;
        }
        let docs = rows::event_docs(db, Some(&evs)).await.map_err(err)?;
        n += self.replace("event", &evs, &docs)?;
        if changes.governance {
            // Tens of documents: all re-read, so a removed or unpublished one goes too.
            for kind in rows::governance::KINDS {
                self.index.delete_facet("kind", kind)?;
            }
            let docs = rows::governance::docs(db).await.map_err(err)?;
            for d in &docs {
                self.put(d)?;
            }
            n += docs.len();
        }
        self.index.commit()?;
        pos.applied.extend(changes.read.iter().copied());
        if let Some(t) = changes.newest {
            pos.at = Some(t);
            self.save_position(t)?;
            // Only the overlap's messages can be read again.
            let horizon = t - chrono::Duration::seconds(rows::OVERLAP_SECONDS);
            pos.applied.retain(|_, at| *at >= horizon);
        }
        Ok(n)
    }

    /// Upserts public documents, deletes the rest, and deletes `kind:id` for ids that no longer
    /// exist.
    fn replace(&self, kind: &str, ids: &[Uuid], docs: &[Doc]) -> Result<usize> {
        for id in ids {
            if !docs.iter().any(|d| d.kind == kind && d.id == *id) {
                self.index.delete(&format!("{kind}:{id}"))?;
            }
        }
        for d in docs {
            self.put(d)?;
        }
        Ok(ids.len())
    }

    fn put(&self, d: &Doc) -> Result<()> {
        if d.public {
            self.index.upsert(&doc(d))
        } else {
            self.index.delete(&d.key())
        }
    }

    fn save_position(&self, t: DateTime<Utc>) -> Result<()> {
        if let Some(dir) = &self.dir {
            std::fs::write(position_file(dir), t.to_rfc3339()).map_err(err)?;
        }
        Ok(())
    }
}
