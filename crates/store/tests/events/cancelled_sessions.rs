//! Cancelling a programme session at the storage level: the session stays in the programme,
//! marked, with a higher iCalendar sequence; its room and people are free for other sessions;
//! nobody can add it to their programme, not even at the same moment as the cancellation; the
//! people who had it are queued an email; putting it back checks the room and people again.
//! Every body runs on SQLite and on PostgreSQL (see `support`).

use super::{book, create_session, fe, field_errors, new_event, outbox_ids, person, raw_session};
use super::{event_raw, register, update_session};
use crate::race;
use pumasi_domain::events::{RegistrationState, SpeakerRole};
use pumasi_domain::locale::Locale;
use pumasi_store::events::programme::{self, NewSpeaker, Session};
use pumasi_store::events::registration;
use pumasi_store::{Store, StoreError};
use uuid::Uuid;

async fn session(store: &Store, id: Uuid) -> Session {
    programme::session(&store.db, id, Locale::En).await.unwrap()
}

/// Cancels (`true`) or restores (`false`) in its own write transaction, as the web handler does.
async fn set_cancelled(
    store: &Store,
    id: Uuid,
    version: i32,
    cancel: bool,
) -> Result<(), StoreError> {
    let txn = store.begin_write().await?;
    programme::set_cancelled(&txn, id, version, cancel, None).await?;
    txn.commit().await?;
    Ok(())
}

/// If this fails, organisers could not cancel a session without deleting it from everyone's
/// calendar, a cancelled session would still block its room and speaker, participants could
/// add a session that will not happen, or nobody would be told.
async fn cancelled_session_body(store: Store) {
    let ev = new_event(&store, &event_raw("cancelled-sessions", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let hall = programme::add_room(&txn, ev, "hall", "Great hall", Some(100))
        .await
        .unwrap();
    let ana = programme::add_speaker(
        &txn,
        ev,
        &NewSpeaker {
            code: "ana".into(),
            name: "Ana Silva".into(),
            ..NewSpeaker::default()
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let speaker = [(ana, SpeakerRole::Speaker)];
    let keynote = create_session(
        &store,
        ev,
        &raw_session(
            "Keynote",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            Some(hall),
        ),
        &speaker,
    )
    .await
    .unwrap();
    let a = register(&store, &person(ev, 1)).await.unwrap();
    let b = register(&store, &person(ev, 2)).await.unwrap();
    let gone = register(&store, &person(ev, 3)).await.unwrap();
    book(&store, a.id, keynote).await.unwrap();
    book(&store, gone.id, keynote).await.unwrap();
    super::cancel(&store, gone.id).await.unwrap();

    let before = session(&store, keynote).await;
    assert!(before.cancelled_at.is_none());
    // A stale form cannot cancel.
    assert!(matches!(
        set_cancelled(&store, keynote, before.version - 1, true).await,
        Err(StoreError::Conflict("error-edit-conflict"))
    ));
    set_cancelled(&store, keynote, before.version, true)
        .await
        .unwrap();
    let after = session(&store, keynote).await;
    assert!(after.cancelled_at.is_some(), "marked cancelled");
    assert!(
        after.sequence > before.sequence,
        "calendars see a newer version"
    );
    assert_eq!(after.version, before.version + 1);
    assert_eq!(
        programme::programme(&store.db, ev, Locale::En)
            .await
            .unwrap()
            .sessions
            .len(),
        1,
        "still in the programme"
    );
    assert_eq!(outbox_ids(&store, "session.cancelled").await, vec![keynote]);
    let told: Vec<Uuid> = registration::booked_in(&store.db, keynote)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        told,
        vec![a.id],
        "only the people still registered are told"
    );
    // Cancelling twice is refused, and queues nothing more.
    assert!(matches!(
        set_cancelled(&store, keynote, after.version, true).await,
        Err(StoreError::Conflict("error-edit-conflict"))
    ));
    assert_eq!(outbox_ids(&store, "session.cancelled").await.len(), 1);

    // Nobody can add it now.
    assert!(matches!(
        book(&store, b.id, keynote).await,
        Err(StoreError::Conflict("error-session-cancelled"))
    ));
    assert_eq!(session(&store, keynote).await.booked_count, 1);

    // The room and the speaker are free for a replacement at the same time.
    let replacement = create_session(
        &store,
        ev,
        &raw_session(
            "Replacement keynote",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            Some(hall),
        ),
        &speaker,
    )
    .await
    .expect("a cancelled session blocks nothing");
    // The cancelled session can still be edited (its description, say) without a conflict.
    let mut raw = raw_session(
        "Keynote (cancelled)",
        "2027-05-11T09:00",
        "2027-05-11T10:00",
        Some(hall),
    );
    raw.description = "Moved to next year.".into();
    update_session(&store, keynote, after.version, &raw, &speaker)
        .await
        .expect("editing a cancelled session checks no slot");

    // Putting it back while the replacement holds the slot is refused, naming room and speaker.
    let v = session(&store, keynote).await.version;
    assert_eq!(
        field_errors(set_cancelled(&store, keynote, v, false).await),
        vec![
            fe("room", "error-room-double-booked"),
            fe("people", "error-speaker-double-booked")
        ]
    );
    assert!(session(&store, keynote).await.cancelled_at.is_some());
    // Once the replacement is cancelled in turn, it comes back and takes bookings again.
    let rv = session(&store, replacement).await.version;
    set_cancelled(&store, replacement, rv, true).await.unwrap();
    set_cancelled(&store, keynote, v, false).await.unwrap();
    let back = session(&store, keynote).await;
    assert!(back.cancelled_at.is_none());
    assert!(back.sequence > after.sequence);
    book(&store, b.id, keynote).await.unwrap();
    assert_eq!(session(&store, keynote).await.booked_count, 2);
    assert_eq!(
        outbox_ids(&store, "session.cancelled").await,
        vec![keynote, replacement],
        "putting back queues no email"
    );
}
backends!(cancelled_session, cancelled_session_body);

/// 20 participants add a workshop at the moment the organiser cancels it.
/// If this fails, someone would be told a place is theirs in a session that no longer takes
/// place, or the place counter would disagree with the programmes.
async fn cancel_while_booking_body(store: Store) {
    let ev = new_event(&store, &event_raw("cancel-while-booking", "", false)).await;
    let mut regs = Vec::new();
    for i in 0..20 {
        let r = register(&store, &person(ev, i)).await.unwrap();
        assert_eq!(r.state, RegistrationState::Confirmed);
        regs.push(r.id);
    }
    let mut raw = raw_session("Workshop", "2027-05-11T14:00", "2027-05-11T15:00", None);
    raw.capacity = "10".into();
    let workshop = create_session(&store, ev, &raw, &[]).await.unwrap();
    let version = session(&store, workshop).await.version;

    // Task 0 cancels; tasks 1..=20 book.
    let results = race(21, |i| {
        let store = store.clone();
        let reg = if i == 0 { None } else { Some(regs[i - 1]) };
        async move {
            match reg {
                None => set_cancelled(&store, workshop, version, true)
                    .await
                    .map(|()| None),
                Some(r) => book(&store, r, workshop).await.map(|()| Some(r)),
            }
        }
    })
    .await;
    let mut booked = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(None) => assert_eq!(i, 0),
            Ok(Some(reg)) => booked.push(reg),
            Err(StoreError::Conflict("error-session-cancelled" | "error-session-full")) => {
                assert_ne!(i, 0, "the cancellation succeeds");
            }
            Err(e) => panic!("task {i}: unexpected {e:?}"),
        }
    }
    let s = session(&store, workshop).await;
    assert!(s.cancelled_at.is_some());
    assert!(booked.len() <= 10, "never more than the places");
    assert_eq!(
        usize::try_from(s.booked_count).unwrap(),
        booked.len(),
        "the place counter counts exactly the bookings that succeeded"
    );
    let mut told: Vec<Uuid> = registration::booked_in(&store.db, workshop)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    told.sort_unstable();
    booked.sort_unstable();
    assert_eq!(
        told, booked,
        "everyone who got a place hears of the cancellation"
    );
    // After the cancellation, nobody else gets in.
    for r in regs.iter().filter(|r| !booked.contains(r)) {
        assert!(matches!(
            book(&store, *r, workshop).await,
            Err(StoreError::Conflict("error-session-cancelled"))
        ));
    }
}
backends!(cancel_while_booking, cancel_while_booking_body);
