//! The registration desk: group commit of registrations. Each request checks its registration
//! on its own (`registration::prepare`, reads only, in parallel); one writer task then writes
//! whatever has queued up meanwhile in one transaction (`registration::write_batch`), so a
//! burst of thousands of people pays one commit (one fsync on SQLite) per batch instead of one
//! per person, and nobody waits in SQLite's busy handler. Each registration still succeeds or
//! fails on its own; a failed commit fails only that batch, whose callers are asked to retry.

use super::registration::{self, Form, NewRegistration, Prepared, Registered};
use crate::{Result, Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// How long an event's registration form (types, questions) is reused without reading it again.
/// The event's status and seats are always re-read when the registration is written; a type or
/// question added by an organiser reaches registrants within this delay.
pub const FORM_TTL: Duration = Duration::from_secs(1);

/// Largest batch written in one transaction.
const MAX_BATCH: usize = 256;

/// Each event's registration form and when it was read.
type FormCache = HashMap<Uuid, (Instant, Arc<Form>)>;

struct Job {
    prepared: Prepared,
    reply: oneshot::Sender<Result<Registered>>,
}

/// A handle to the writer task; cheap to share.
#[derive(Clone)]
pub struct Desk {
    store: Store,
    tx: mpsc::Sender<Job>,
    forms: Arc<Mutex<FormCache>>,
    /// One reader of a form at a time: a burst that finds it expired reads it once, not once
    /// per request.
    loading: Arc<tokio::sync::Mutex<()>>,
}

impl Desk {
    /// Starts the writer task on the current tokio runtime.
    #[must_use]
    pub fn start(store: Store) -> Self {
        let (tx, rx) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run(store.clone(), rx));
        Self {
            store,
            tx,
            forms: Arc::default(),
            loading: Arc::default(),
        }
    }

    /// Registers one person (see `registration::register` for the rules and errors).
    ///
    /// # Errors
    /// As `registration::register`; `Conflict("error-try-again")` when the batch could not be
    /// committed.
    pub async fn register(&self, new: &NewRegistration) -> Result<Registered> {
        let first = self.attempt(new).await;
        if !matches!(first, Err(StoreError::Conflict("error-form-changed"))) {
            return first;
        }
        // The organisers changed a type or question since the kept form was read: read it
        // again and check the registration against it once more.
        if let Ok(mut m) = self.forms.lock() {
            m.remove(&new.event_id);
        }
        self.attempt(new).await
    }

    async fn attempt(&self, new: &NewRegistration) -> Result<Registered> {
        let form = self.form(new.event_id).await?;
        let prepared = registration::prepare_with(&self.store.db, &form, new).await?;
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { prepared, reply })
            .await
            .map_err(|_| StoreError::Conflict("error-try-again"))?;
        answer
            .await
            .map_err(|_| StoreError::Conflict("error-try-again"))?
    }
}

impl Desk {
    fn cached(&self, event_id: Uuid) -> Option<Arc<Form>> {
        self.forms
            .lock()
            .ok()
            .and_then(|m| m.get(&event_id).cloned())
            .filter(|(at, _)| at.elapsed() < FORM_TTL)
            .map(|(_, f)| f)
    }

    async fn form(&self, event_id: Uuid) -> Result<Arc<Form>> {
        if let Some(f) = self.cached(event_id) {
            return Ok(f);
        }
        let _one = self.loading.lock().await;
        if let Some(f) = self.cached(event_id) {
            return Ok(f);
        }
        let f = Arc::new(registration::form(&self.store.db, event_id).await?);
        if let Ok(mut m) = self.forms.lock() {
            if m.len() > 1_000 {
                m.clear();
            }
            m.insert(event_id, (Instant::now(), f.clone()));
        }
        Ok(f)
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let (prepared, replies): (Vec<Prepared>, Vec<_>) =
            jobs.into_iter().map(|j| (j.prepared, j.reply)).unzip();
        match write(&store, &prepared).await {
            Ok(results) => {
                for (reply, r) in replies.into_iter().zip(results) {
                    let _ = reply.send(r);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, size = prepared.len(), "registration batch failed");
                for reply in replies {
                    // A database that cannot write is said as such (503), not as a race.
                    let answer = match &e {
                        StoreError::Unavailable(msg) => StoreError::Unavailable(msg.clone()),
                        _ => StoreError::Conflict("error-try-again"),
                    };
                    let _ = reply.send(Err(answer));
                }
            }
        }
    }
}

async fn write(store: &Store, batch: &[Prepared]) -> Result<Vec<Result<Registered>>> {
    let txn = store.begin_write().await?;
    let results = registration::write_batch(&txn, batch).await?;
    txn.commit().await?;
    Ok(results)
}
