//! Keeps the index in step with the database. Every write that changes something searchable
//! appends a message to the outbox in its transaction (`library.changed`,
//! `organisation.changed`, `organisation.imported`, `event.changed`, `governance.*`).
//! [`Search::sync`] reads the messages written since its cursor (`pumasi_store::outbox::Cursor`,
//! in the order the database assigns, never a clock) — without consuming them, so every node
//! keeps its own index — re-reads those records and replaces their documents. Handlers call it
//! after committing a write, so the writer sees the change in its next request; a background
//! loop (the outbox delivery loop, about every 2 seconds when idle) calls it for changes made on
//! other nodes.
//!
//! The index is derived data: it is rebuilt from the database when its directory is missing,
//! its schema version changed, its position is older than the outbox keeps messages, or the
//! database is not the one it follows — another hub's, or this hub's restored from an older copy
//! (the newest message the index read is not there with the same order).

use crate::index::{LangText, SearchDoc, SearchIndex};
use crate::{Result, SearchError};
use chrono::{DateTime, Utc};
use pumasi_store::Store;
use pumasi_store::outbox::{self, Cursor};
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
    position: tokio::sync::Mutex<Cursor>,
}

/// What is saved beside the index: its cursor, and when it was saved.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    saved_at: DateTime<Utc>,
    cursor: Cursor,
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
            position: tokio::sync::Mutex::new(Cursor::default()),
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
        let saved: Option<Saved> = std::fs::read_to_string(position_file(dir))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok());
        let current = match &saved {
            Some(s) if !fresh => {
                s.saved_at >= Utc::now() - chrono::Duration::days(OUTBOX_KEEP_DAYS - 1)
                    && outbox::follows(&store.db, &s.cursor).await.map_err(err)?
            }
            _ => false,
        };
        let me = Self {
            index,
            dir: Some(dir.to_owned()),
            position: tokio::sync::Mutex::new(saved.map(|s| s.cursor).unwrap_or_default()),
        };
        if current {
            me.sync(store).await?;
            Ok((me, false))
        } else {
            me.rebuild(store, |_, _| {}).await?;
            Ok((me, true))
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
            position: tokio::sync::Mutex::new(Cursor::default()),
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
        // The cursor starts before reading, so a change committed while we read is read again
        // by the next sync.
        let db = &store.db;
        let started = outbox::start(db).await.map_err(err)?;
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
        self.save_position(&started)?;
        *pos = started;
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
        let mut cursor = pos.clone();
        let seen = outbox::read_new(db, &mut cursor, rows::TOPICS)
            .await
            .map_err(err)?;
        let changes: Changes = rows::changes(&seen);
        if changes.is_empty() {
            if cursor != *pos {
                *pos = cursor;
            }
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
        // Saved only once the documents are committed: a crash in between reads them again.
        self.save_position(&cursor)?;
        *pos = cursor;
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

    fn save_position(&self, cursor: &Cursor) -> Result<()> {
        if let Some(dir) = &self.dir {
            let saved = Saved {
                saved_at: Utc::now(),
                cursor: cursor.clone(),
            };
            let file = position_file(dir);
            let tmp = file.with_extension("partial");
            std::fs::write(&tmp, serde_json::to_vec(&saved).map_err(err)?).map_err(err)?;
            std::fs::rename(&tmp, &file).map_err(err)?;
        }
        Ok(())
    }
}
