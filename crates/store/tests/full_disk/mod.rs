//! A full disk, and a connection left inside a transaction, lose nothing acknowledged: a write
//! either commits (and another connection sees it) or fails as `Unavailable`; once space
//! returns the store writes again by itself, and `write_probe` (behind `/healthz`) tells a store
//! that cannot write. SQLite only: `PRAGMA max_page_count` fills the file as a full disk would.

use pumasi_store::entities::outbox as outbox_row;
use pumasi_store::sea_orm::{ConnectionTrait, EntityTrait};
use pumasi_store::{Store, StoreError, Tuning, outbox};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

async fn open(dir: &tempfile::TempDir, limit: Option<Arc<AtomicU64>>) -> Store {
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("p.db").display());
    Store::connect_tuned(
        &url,
        Tuning {
            sqlite_max_pages: limit,
            ..Tuning::default()
        },
    )
    .await
    .unwrap()
}

/// One write as every request makes it: a write transaction, a row, a commit.
async fn write(store: &Store, size: usize) -> Result<Uuid, StoreError> {
    let txn = store.begin_write().await?;
    let id = outbox::push(
        &txn,
        "test",
        &serde_json::json!({ "pad": "x".repeat(size) }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn page_count(store: &Store) -> u64 {
    let row = store
        .db
        .query_one_raw(pumasi_store::sea_orm::Statement::from_string(
            store.backend(),
            "PRAGMA page_count",
        ))
        .await
        .unwrap()
        .unwrap();
    u64::try_from(row.try_get_by_index::<i64>(0).unwrap()).unwrap()
}

/// If this fails, a write answered as done was lost when the disk filled, a full disk was
/// reported as something other than "cannot write", or the store did not recover once space
/// came back.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_disk_loses_nothing_acknowledged_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let limit = Arc::new(AtomicU64::new(1 << 30));
    let store = open(&dir, Some(limit.clone())).await;
    store.migrate().await.unwrap();
    assert!(store.write_probe().await.is_ok());
    limit.store(page_count(&store).await + 6, Ordering::SeqCst);

    // Four writers until the disk is full, and on past it.
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut full) = (Vec::new(), 0);
            for _ in 0..60 {
                match write(&s, 3_000).await {
                    Ok(id) => ok.push(id),
                    Err(StoreError::Unavailable(_)) => full += 1,
                    Err(e) => panic!("a full disk must say it cannot write, not: {e:?}"),
                }
            }
            (ok, full)
        }));
    }
    let (mut acknowledged, mut refused) = (Vec::new(), 0);
    for t in tasks {
        let (ok, full) = t.await.unwrap();
        acknowledged.extend(ok);
        refused += full;
    }
    assert!(refused > 0, "the disk never filled");
    assert!(
        !acknowledged.is_empty(),
        "nothing was written before it filled"
    );
    assert!(
        matches!(store.write_probe().await, Err(StoreError::Unavailable(_))),
        "the probe behind /healthz must see a store that cannot write"
    );

    // Space returns: writes succeed again within 5 s, on every pooled connection.
    limit.store(1 << 30, Ordering::SeqCst);
    let start = std::time::Instant::now();
    loop {
        match write(&store, 3_000).await {
            Ok(id) => {
                acknowledged.push(id);
                break;
            }
            Err(e) if start.elapsed() < std::time::Duration::from_secs(5) => {
                eprintln!("not yet: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("no recovery within 5 s: {e:?}"),
        }
    }
    for _ in 0..20 {
        acknowledged.push(write(&store, 100).await.unwrap());
    }
    assert!(store.write_probe().await.is_ok());

    // Another connection, and the file reopened as after a restart, see every acknowledged write.
    let other = open(&dir, None).await;
    for db in [&other.db, &store.db] {
        for id in &acknowledged {
            assert!(
                outbox_row::Entity::find_by_id(*id)
                    .one(db)
                    .await
                    .unwrap()
                    .is_some(),
                "acknowledged write {id} is missing"
            );
        }
    }
    drop(store);
    let reopened = open(&dir, None).await;
    let n = outbox_row::Entity::find()
        .all(&reopened.db)
        .await
        .unwrap()
        .len();
    assert!(n >= acknowledged.len());
}

/// If this fails, a connection whose transaction the database ended by itself (as SQLite does on
/// a full disk at COMMIT) went back into use: the driver still counts a transaction open on it,
/// so later "transactions" there are savepoints that neither wait for the write lock nor keep
/// their snapshot, and concurrent writes fail with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_connection_left_in_a_transaction_is_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, None).await;
    store.migrate().await.unwrap();
    // On every pooled connection at once: the database rolls back under the driver's feet, and
    // the driver's own ROLLBACK then fails.
    let mut held = Vec::new();
    for _ in 0..4 {
        let txn = store.begin_write().await.unwrap();
        txn.execute_unprepared("ROLLBACK").await.unwrap();
        held.push(txn);
    }
    drop(held);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    // Writers that read then write, as requests do, all at once: every one commits.
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..30 {
                let txn = s.begin_write().await.expect("begin");
                outbox_row::Entity::find().all(&txn).await.expect("read");
                tokio::task::yield_now().await;
                ids.push(
                    outbox::push(&txn, "test", &serde_json::json!({}))
                        .await
                        .expect("a write after the failed rollback"),
                );
                txn.commit().await.expect("commit");
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap());
    }
    let other = open(&dir, None).await;
    for id in &ids {
        assert!(
            outbox_row::Entity::find_by_id(*id)
                .one(&other.db)
                .await
                .unwrap()
                .is_some(),
            "write {id} answered as done is not in the database"
        );
    }
}
