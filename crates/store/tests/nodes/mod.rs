//! Several nodes on one database agree without trusting their clocks: the outbox is followed by
//! a cursor in the order the database assigns (a message written with a clock an hour off, or
//! committed after a later one, is still seen exactly once), a cursor knows the database it
//! follows, and the waitlist is promoted in the order people were told — registrations made
//! through two nodes' desks at once included. Every body runs on SQLite and PostgreSQL.

use crate::race;
use pumasi_domain::events::{RawEvent, RegistrationState, badge_code};
use pumasi_store::entities::outbox as outbox_row;
use pumasi_store::events::registration::{self, NewRegistration};
use pumasi_store::outbox::{self, Cursor};
use pumasi_store::sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use pumasi_store::{Store, StoreError};
use uuid::Uuid;

/// A message written by a node whose clock is `skew` off.
async fn push_skewed(
    c: &impl pumasi_store::sea_orm::ConnectionTrait,
    topic: &str,
    skew: chrono::Duration,
) -> Uuid {
    let id = Uuid::now_v7();
    let t = pumasi_store::now() + skew;
    outbox_row::Entity::insert(outbox_row::ActiveModel {
        id: Set(id),
        topic: Set(topic.to_owned()),
        payload: Set(format!("{{\"id\":\"{id}\"}}")),
        created_at: Set(t),
        attempts: Set(0),
        next_attempt_at: Set(t),
        done_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    })
    .exec_without_returning(c)
    .await
    .unwrap();
    id
}

async fn read(store: &Store, cursor: &mut Cursor) -> Vec<Uuid> {
    outbox::read_new(&store.db, cursor, &["organisation."])
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect()
}

/// If this fails, a node would miss another node's change (its page cache stale, its search
/// index without a new organisation) because of the writers' clocks or commit order.
async fn the_cursor_ignores_clocks_and_commit_order_body(store: Store) {
    let mut cursor = outbox::start(&store.db).await.unwrap();
    assert!(
        read(&store, &mut cursor).await.is_empty(),
        "nothing new yet"
    );
    // Writers whose clocks are an hour behind and an hour ahead.
    let behind = push_skewed(
        &store.db,
        "organisation.changed",
        chrono::Duration::hours(-1),
    )
    .await;
    let ahead = push_skewed(
        &store.db,
        "organisation.changed",
        chrono::Duration::hours(1),
    )
    .await;
    let other_topic =
        push_skewed(&store.db, "registration.created", chrono::Duration::zero()).await;
    let seen = read(&store, &mut cursor).await;
    assert_eq!(
        seen,
        vec![behind, ahead],
        "both skewed writes are seen, in commit order; other topics are not"
    );
    assert!(!seen.contains(&other_topic));
    assert!(
        read(&store, &mut cursor).await.is_empty(),
        "each message is read once"
    );
    let late_behind = push_skewed(
        &store.db,
        "organisation.changed",
        chrono::Duration::hours(-2),
    )
    .await;
    assert_eq!(
        read(&store, &mut cursor).await,
        vec![late_behind],
        "a write with an older clock after a newer one"
    );

    if pumasi_store::sea_orm::ConnectionTrait::get_database_backend(&store.db)
        == pumasi_store::sea_orm::DbBackend::Postgres
    {
        // A transaction that wrote first but commits last (on SQLite writers cannot overlap).
        let slow = store.db.begin().await.unwrap();
        let first = push_skewed(&slow, "organisation.changed", chrono::Duration::zero()).await;
        let quick = push_skewed(&store.db, "organisation.changed", chrono::Duration::zero()).await;
        assert_eq!(
            read(&store, &mut cursor).await,
            vec![quick],
            "the committed one"
        );
        slow.commit().await.unwrap();
        assert_eq!(
            read(&store, &mut cursor).await,
            vec![first],
            "the transaction that committed later is still seen"
        );
        assert!(read(&store, &mut cursor).await.is_empty());
    }
    // The cursor survives being saved and read back (as the search index does).
    let saved: Cursor = serde_json::from_str(&serde_json::to_string(&cursor).unwrap()).unwrap();
    assert_eq!(saved, cursor);
    assert!(
        outbox::follows(&store.db, &cursor).await.unwrap(),
        "it follows this database"
    );
    let mut again = saved;
    let next = push_skewed(&store.db, "organisation.changed", chrono::Duration::zero()).await;
    assert_eq!(read(&store, &mut again).await, vec![next]);
}
backends!(
    the_cursor_ignores_clocks_and_commit_order,
    the_cursor_ignores_clocks_and_commit_order_body
);

/// If this fails, a search index or page cache carried over to another database (a restored
/// copy, another hub) would believe it is current.
async fn a_cursor_knows_its_database_body(store: Store) {
    push_skewed(&store.db, "organisation.changed", chrono::Duration::zero()).await;
    let cursor = outbox::start(&store.db).await.unwrap();
    assert!(outbox::follows(&store.db, &cursor).await.unwrap());
    let other = crate::support::TestDb::like(&store).await;
    assert!(
        !outbox::follows(&other.store.db, &cursor).await.unwrap(),
        "another database is not followed"
    );
    // That database gets as many messages: still not the same history.
    push_skewed(
        &other.store.db,
        "organisation.changed",
        chrono::Duration::zero(),
    )
    .await;
    assert!(!outbox::follows(&other.store.db, &cursor).await.unwrap());
    assert!(
        !outbox::follows(&store.db, &Cursor::default())
            .await
            .unwrap(),
        "a cursor that never saw a message proves nothing"
    );
    other.finish().await;
}
backends!(
    a_cursor_knows_its_database,
    a_cursor_knows_its_database_body
);

/// If this fails, someone told "you are 3rd on the waitlist" would be promoted after someone
/// told "5th", because two nodes registered them at once.
async fn two_desks_promote_in_the_order_told_body(store: Store) {
    let raw = RawEvent {
        slug: "two-desks".into(),
        kind: "meeting".into(),
        status: "registration".into(),
        mode: "in_person".into(),
        lang: "en".into(),
        title: "Two desks".into(),
        host_city: "Lisbon".into(),
        country: "pt".into(),
        time_zone: "Europe/Lisbon".into(),
        starts_on: "2027-05-11".into(),
        ends_on: "2027-05-13".into(),
        capacity: "10".into(),
        waitlist: "on".into(),
        ..RawEvent::default()
    };
    let input = raw.validate().unwrap();
    let txn = store.begin_write().await.unwrap();
    let ev = pumasi_store::events::create(&txn, &input, None)
        .await
        .unwrap();
    registration::add_type(
        &txn,
        ev,
        &registration::NewType {
            code: "participant".into(),
            name: "Participant".into(),
            fee_minor: 0,
            currency: "EUR".into(),
            members_only: false,
            requires_code: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    // Two nodes, each with its own desk, on one database.
    let desks = [
        pumasi_store::events::desk::Desk::start(store.clone()),
        pumasi_store::events::desk::Desk::start(store.clone()),
    ];
    let results = race(90, |i| {
        let desk = desks[i % 2].clone();
        let n = 0x7000_0000 + u64::try_from(i).unwrap();
        let new = NewRegistration {
            event_id: ev,
            type_code: "participant".into(),
            name: format!("Person {i}"),
            email: format!("two-desks-{i}@example.org"),
            code: badge_code(n),
            token_hash: format!("two-desks-{n:016x}"),
            ..NewRegistration::default()
        };
        async move { desk.register(&new).await }
    })
    .await;
    let mut confirmed = Vec::new();
    let mut told = std::collections::BTreeMap::new();
    for r in results {
        let r = r.unwrap_or_else(|e: StoreError| panic!("{e:?}"));
        match r.state {
            RegistrationState::Confirmed => confirmed.push(r.id),
            _ => {
                told.insert(
                    r.position.expect("a waitlisted person is told a place"),
                    r.id,
                );
            }
        }
    }
    assert_eq!(confirmed.len(), 10);
    assert_eq!(
        told.keys().copied().collect::<Vec<_>>(),
        (1..=80).collect::<Vec<u64>>(),
        "every place is told once"
    );
    // The place shown later is the place told.
    for (place, id) in &told {
        let r = registration::by_id(&store.db, *id).await.unwrap();
        assert_eq!(
            registration::waitlist_position(&store.db, &r)
                .await
                .unwrap(),
            Some(*place)
        );
    }
    // Seats free up one by one: each goes to the next place told.
    for (k, id) in confirmed.iter().enumerate() {
        let txn = store.begin_write().await.unwrap();
        let promoted = registration::cancel(&txn, *id, None).await.unwrap();
        txn.commit().await.unwrap();
        let place = u64::try_from(k + 1).unwrap();
        assert_eq!(
            promoted,
            vec![told[&place]],
            "seat {} goes to place {place}",
            k + 1
        );
    }
}
backends!(
    two_desks_promote_in_the_order_told,
    two_desks_promote_in_the_order_told_body
);
