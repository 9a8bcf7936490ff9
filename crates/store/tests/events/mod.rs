//! Events at the storage level: seats, session places and invitation codes that are never
//! oversold however many people click at once, the waitlist and who it promotes, duplicate and
//! hostile registrations, members-only types, programme conflicts, translations, check-in at
//! the door and cancellation. Every body runs on SQLite and on PostgreSQL (see `support`).

mod cancelled_sessions;
mod proposals;
mod setup;

use crate::race;
use crate::support::{create, invalid, raw};
use pumasi_domain::events::{
    QuestionKind, RawEvent, RawSession, RegistrationState, SpeakerRole, badge_code,
    display_badge_code,
};
use pumasi_domain::locale::Locale;
use pumasi_store::events::programme::{self, NewSpeaker};
use pumasi_store::events::registration::{
    self, CheckIn, Counts, NewQuestion, NewRegistration, NewType, Registered,
};
use pumasi_store::events::{self, Event};
use pumasi_store::sea_orm::EntityTrait;
use pumasi_store::{Store, StoreError, outbox};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/// Source of unique badge codes and token hashes (each test has its own database, but codes
/// are unique across the whole table, so never reuse one).
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next_number() -> u64 {
    // Spread the numbers over the 50 bits a badge code carries, still without collisions.
    NEXT.fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        & ((1 << 50) - 1)
}

/// A three-day meeting in Lisbon, open for registration, in English.
fn event_raw(slug: &str, capacity: &str, waitlist: bool) -> RawEvent {
    RawEvent {
        slug: slug.to_owned(),
        kind: "meeting".into(),
        status: "registration".into(),
        mode: "in_person".into(),
        lang: "en".into(),
        title: format!("Meeting {slug}"),
        host_city: "Lisbon".into(),
        country: "pt".into(),
        time_zone: "Europe/Lisbon".into(),
        starts_on: "2027-05-11".into(),
        ends_on: "2027-05-13".into(),
        capacity: capacity.to_owned(),
        waitlist: if waitlist { "on" } else { "" }.into(),
        ..RawEvent::default()
    }
}

fn participant_type() -> NewType {
    NewType {
        code: "participant".into(),
        name: "Participant".into(),
        fee_minor: 0,
        currency: "EUR".into(),
        members_only: false,
        requires_code: false,
        translations: vec![],
    }
}

/// Creates the event with one free registration type, `participant`.
async fn new_event(store: &Store, raw: &RawEvent) -> Uuid {
    let input = raw
        .validate()
        .unwrap_or_else(|e| panic!("{} should be valid: {e:?}", raw.slug));
    let txn = store.begin_write().await.unwrap();
    let id = events::create(&txn, &input, None).await.unwrap();
    registration::add_type(&txn, id, &participant_type())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn event(store: &Store, id: Uuid) -> Event {
    events::by_id(&store.db, id, Locale::En).await.unwrap()
}

/// Saves `raw` over the event, as the organiser's edit form does.
async fn update_event(store: &Store, id: Uuid, raw: &RawEvent) -> Result<(), StoreError> {
    let input = raw.validate().map_err(StoreError::Invalid)?;
    let version = event(store, id).await.version;
    let txn = store.begin_write().await?;
    events::update(&txn, id, version, &input, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Person number `i` registering as a `participant`, with a fresh badge code and token.
fn person(event_id: Uuid, i: usize) -> NewRegistration {
    let n = next_number();
    NewRegistration {
        event_id,
        type_code: "participant".into(),
        name: format!("Participant {i}"),
        email: format!("p{i}@example.org"),
        code: badge_code(n),
        token_hash: format!("token-{n:016x}"),
        ..NewRegistration::default()
    }
}

/// One registration in its own write transaction, as the web handler does.
async fn register(store: &Store, new: &NewRegistration) -> Result<Registered, StoreError> {
    let txn = store.begin_write().await?;
    let r = registration::register(&txn, new).await?;
    txn.commit().await?;
    Ok(r)
}

async fn cancel(store: &Store, id: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let txn = store.begin_write().await?;
    let promoted = registration::cancel(&txn, id, None).await?;
    txn.commit().await?;
    Ok(promoted)
}

async fn book(store: &Store, registration_id: Uuid, session_id: Uuid) -> Result<(), StoreError> {
    let txn = store.begin_write().await?;
    registration::book(&txn, registration_id, session_id).await?;
    txn.commit().await?;
    Ok(())
}

async fn unbook(store: &Store, registration_id: Uuid, session_id: Uuid) -> Result<(), StoreError> {
    let txn = store.begin_write().await?;
    registration::unbook(&txn, registration_id, session_id).await?;
    txn.commit().await?;
    Ok(())
}

async fn check_in(store: &Store, event_id: Uuid, code: &str) -> Result<CheckIn, StoreError> {
    let txn = store.begin_write().await?;
    let r = registration::check_in(&txn, event_id, code, None).await?;
    txn.commit().await?;
    Ok(r)
}

async fn counts(store: &Store, event_id: Uuid) -> Counts {
    registration::counts(&store.db, event_id).await.unwrap()
}

fn counted(confirmed: u64, waitlisted: u64, cancelled: u64, checked_in: u64) -> Counts {
    Counts {
        confirmed,
        waitlisted,
        cancelled,
        checked_in,
    }
}

async fn state_of(store: &Store, id: Uuid) -> RegistrationState {
    registration::by_id(&store.db, id).await.unwrap().state
}

/// A session of the event, times local to the event (`2027-05-11T09:00`).
fn raw_session(title: &str, starts_at: &str, ends_at: &str, room: Option<Uuid>) -> RawSession {
    RawSession {
        title: title.to_owned(),
        lang: "en".into(),
        format: "workshop".into(),
        languages: "en".into(),
        room: room.map(|r| r.to_string()).unwrap_or_default(),
        starts_at: starts_at.to_owned(),
        ends_at: ends_at.to_owned(),
        ..RawSession::default()
    }
}

async fn create_session(
    store: &Store,
    event_id: Uuid,
    raw: &RawSession,
    people: &[(Uuid, SpeakerRole)],
) -> Result<Uuid, StoreError> {
    let window = event(store, event_id).await.window();
    let input = raw.validate(&window).map_err(StoreError::Invalid)?;
    let txn = store.begin_write().await?;
    let id = programme::create_session(&txn, event_id, &input, people, None).await?;
    txn.commit().await?;
    Ok(id)
}

async fn update_session(
    store: &Store,
    id: Uuid,
    version: i32,
    raw: &RawSession,
    people: &[(Uuid, SpeakerRole)],
) -> Result<(), StoreError> {
    let s = programme::session(&store.db, id, Locale::En).await?;
    let window = event(store, s.event_id).await.window();
    let input = raw.validate(&window).map_err(StoreError::Invalid)?;
    let txn = store.begin_write().await?;
    programme::update_session(&txn, id, version, &input, people, None).await?;
    txn.commit().await?;
    Ok(())
}

/// `(field, code)` of every error of a result that must be `Invalid`.
#[track_caller]
fn field_errors<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, &'static str)> {
    invalid(r).into_iter().map(|e| (e.field, e.code)).collect()
}

fn fe(field: &str, code: &'static str) -> (String, &'static str) {
    (field.to_owned(), code)
}

/// The ids in the payloads of the pending messages of `topic`.
async fn outbox_ids(store: &Store, topic: &str) -> Vec<Uuid> {
    outbox::pending(&store.db, topic)
        .await
        .unwrap()
        .into_iter()
        .map(|m| {
            m.payload["id"]
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
                .unwrap_or_else(|| panic!("{topic} message without an id: {:?}", m.payload))
        })
        .collect()
}

// =============================================================================================
// Seats under concurrency
// =============================================================================================

/// 200 people press "Register" at the same moment for 50 seats.
/// If this fails, users would see: an oversold room (more confirmed badges than seats), people
/// told they have a seat that does not exist, or errors instead of a waitlist place; then, on
/// cancellations, seats that stay empty, go to the wrong people or are given twice.
async fn registration_race_never_oversells_body(store: Store) {
    let ev = new_event(&store, &event_raw("crowded", "50", true)).await;

    let results = race(200, |i| {
        let (store, new) = (store.clone(), person(ev, i));
        async move { register(&store, &new).await }
    })
    .await;
    let mut confirmed = Vec::new();
    let mut waitlisted = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(r) if r.state == RegistrationState::Confirmed => confirmed.push(r.id),
            Ok(r) if r.state == RegistrationState::Waitlisted => waitlisted.push(r.id),
            other => errors.push((i, other)),
        }
    }
    assert_eq!(errors.len(), 0, "no registration may fail: {errors:?}");
    assert_eq!(confirmed.len(), 50, "exactly the 50 seats are given");
    assert_eq!(waitlisted.len(), 150, "everyone else waits");
    let e = event(&store, ev).await;
    assert_eq!(e.confirmed_count, 50, "the event's seat counter");
    assert_eq!(e.seats_left(), Some(0), "no seat left");
    assert_eq!(
        counts(&store, ev).await,
        counted(50, 150, 0, 0),
        "the stored registrations agree with the counter"
    );
    assert_eq!(
        outbox_ids(&store, "registration.created").await.len(),
        200,
        "every registrant gets a confirmation email"
    );

    // Who is next: the 20 longest-waiting, by registration time.
    let queue = registration::list(&store.db, ev, Some(RegistrationState::Waitlisted))
        .await
        .unwrap();
    assert_eq!(queue.len(), 150);
    assert_eq!(
        registration::waitlist_position(&store.db, &queue[0])
            .await
            .unwrap(),
        Some(1),
        "the oldest waitlisted registration is first in line"
    );
    let next: BTreeSet<Uuid> = queue.iter().take(20).map(|r| r.id).collect();

    // 20 confirmed participants cancel at once.
    let leaving: Vec<Uuid> = confirmed[..20].to_vec();
    let results = race(20, |i| {
        let (store, id) = (store.clone(), leaving[i]);
        async move { cancel(&store, id).await }
    })
    .await;
    let mut promoted = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(p) => promoted.extend(p),
            Err(e) => panic!("cancellation {i} failed: {e:?}"),
        }
    }
    assert_eq!(promoted.len(), 20, "each freed seat promotes one person");
    let promoted_set: BTreeSet<Uuid> = promoted.iter().copied().collect();
    assert_eq!(promoted_set.len(), 20, "nobody is promoted twice");
    assert_eq!(
        promoted_set, next,
        "the seats go to the 20 people who waited longest"
    );
    for id in &promoted {
        let r = registration::by_id(&store.db, *id).await.unwrap();
        assert_eq!(r.state, RegistrationState::Confirmed, "promoted {id}");
        assert!(
            r.confirmed_at.is_some(),
            "promoted {id} has a confirmation time"
        );
    }
    for id in &leaving {
        assert_eq!(state_of(&store, *id).await, RegistrationState::Cancelled);
    }
    assert_eq!(event(&store, ev).await.confirmed_count, 50, "still full");
    assert_eq!(
        counts(&store, ev).await,
        counted(50, 130, 20, 0),
        "after 20 cancellations"
    );
    let emails: BTreeSet<Uuid> = outbox_ids(&store, "registration.promoted")
        .await
        .into_iter()
        .collect();
    assert_eq!(
        emails, promoted_set,
        "exactly the promoted people are told they have a seat"
    );
    assert_eq!(
        outbox::pending(&store.db, "registration.promoted")
            .await
            .unwrap()
            .len(),
        20,
        "one promotion email each"
    );
    assert_eq!(
        outbox_ids(&store, "registration.cancelled").await.len(),
        20,
        "one cancellation email each"
    );
}
backends!(
    registration_race_never_oversells,
    registration_race_never_oversells_body
);

/// The same burst through the registration desk, which writes whatever has queued up in one
/// transaction: 200 at once for 50 seats, with duplicate emails mixed in. If this fails, users
/// would see: a batch that oversells, a duplicate that slips through because its twin was in
/// the same batch, or one person's error failing the others.
async fn desk_batches_never_oversell_body(store: Store) {
    let ev = new_event(&store, &event_raw("desk", "50", true)).await;
    let desk = pumasi_store::events::desk::Desk::start(store.clone());
    let results = race(200, |i| {
        let desk = desk.clone();
        // Every tenth registrant uses the email of the one before: exactly one of each pair wins.
        let mut new = person(ev, i);
        if i % 10 == 1 {
            new.email = person(ev, i - 1).email;
        }
        async move { desk.register(&new).await }
    })
    .await;
    let mut confirmed = 0;
    let mut waitlisted = 0;
    let mut duplicates = 0;
    let mut positions = Vec::new();
    for r in &results {
        match r {
            Ok(r) if r.state == RegistrationState::Confirmed => confirmed += 1,
            Ok(r) => {
                waitlisted += 1;
                positions.push(r.position.unwrap_or(0));
            }
            Err(StoreError::Invalid(errs))
                if errs.iter().any(|e| e.code == "error-already-registered") =>
            {
                duplicates += 1;
            }
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(duplicates, 20, "one of each pair of twins is refused");
    assert_eq!(confirmed, 50, "exactly the 50 seats are given");
    assert_eq!(waitlisted, 130, "everyone else waits");
    positions.sort_unstable();
    assert_eq!(
        positions,
        (1..=130).collect::<Vec<u64>>(),
        "each waitlisted person is told a different place in the queue"
    );
    // The place told is the place kept: the first in line is the one promoted first.
    let queue = registration::list(&store.db, ev, Some(RegistrationState::Waitlisted))
        .await
        .unwrap();
    let first = results
        .iter()
        .flatten()
        .find(|r| r.position == Some(1))
        .map(|r| r.id);
    assert_eq!(Some(queue[0].id), first);
    assert_eq!(event(&store, ev).await.confirmed_count, 50);
    assert_eq!(counts(&store, ev).await, counted(50, 130, 0, 0));
    assert_eq!(
        outbox_ids(&store, "registration.created").await.len(),
        180,
        "one email per registration, none for the refused"
    );
}
backends!(
    desk_batches_never_oversell,
    desk_batches_never_oversell_body
);

/// 30 confirmed participants add the same 5-place workshop to their programme at once.
/// If this fails, users would see: 6 or more people turning up for 5 chairs, or a full
/// workshop that never frees a place when someone drops it.
async fn session_places_race_body(store: Store) {
    let ev = new_event(&store, &event_raw("workshops", "", false)).await;
    let mut regs = Vec::new();
    for i in 0..30 {
        let r = register(&store, &person(ev, i)).await.unwrap();
        assert_eq!(r.state, RegistrationState::Confirmed, "unlimited event");
        regs.push(r.id);
    }
    let mut raw = raw_session(
        "Co-op finance",
        "2027-05-11T14:00",
        "2027-05-11T15:30",
        None,
    );
    raw.capacity = "5".into();
    let session = create_session(&store, ev, &raw, &[]).await.unwrap();

    let results = race(30, |i| {
        let (store, reg) = (store.clone(), regs[i]);
        async move { book(&store, reg, session).await }
    })
    .await;
    let mut booked = Vec::new();
    let mut full = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(()) => booked.push(regs[i]),
            Err(StoreError::Conflict("error-session-full")) => full.push(regs[i]),
            Err(e) => panic!("booking {i}: unexpected {e:?}"),
        }
    }
    assert_eq!(booked.len(), 5, "exactly the 5 places are booked");
    assert_eq!(full.len(), 25, "everyone else is told the session is full");
    let s = programme::session(&store.db, session, Locale::En)
        .await
        .unwrap();
    assert_eq!(s.booked_count, 5, "the session's place counter");
    assert_eq!(s.places_left(), Some(0));
    for r in &full {
        assert!(
            registration::bookings(&store.db, *r)
                .await
                .unwrap()
                .is_empty(),
            "a refused booking leaves nothing in the programme"
        );
    }

    // Booking twice is harmless and takes no second place.
    book(&store, booked[0], session).await.unwrap();
    assert_eq!(
        programme::session(&store.db, session, Locale::En)
            .await
            .unwrap()
            .booked_count,
        5,
        "a repeated booking takes no place"
    );

    // Dropping the workshop frees a place for someone else, and only one.
    unbook(&store, booked[0], session).await.unwrap();
    let s = programme::session(&store.db, session, Locale::En)
        .await
        .unwrap();
    assert_eq!(s.booked_count, 4, "unbooking frees a place");
    book(&store, full[0], session).await.unwrap();
    assert!(
        matches!(
            book(&store, full[1], session).await,
            Err(StoreError::Conflict("error-session-full"))
        ),
        "the freed place was taken"
    );
    assert_eq!(
        programme::session(&store.db, session, Locale::En)
            .await
            .unwrap()
            .booked_count,
        5
    );
}
backends!(session_places_race, session_places_race_body);

/// A partner invitation code valid 3 times is typed by 10 people at once.
/// If this fails, users would see: a code shared on social media letting in more guests than
/// agreed, or the wrong message ("invalid" instead of "used up") for the late ones.
async fn invitation_code_race_body(store: Store) {
    let ev = new_event(&store, &event_raw("partners", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let guest = registration::add_type(
        &txn,
        ev,
        &NewType {
            code: "guest".into(),
            name: "Invited guest".into(),
            requires_code: true,
            ..participant_type()
        },
    )
    .await
    .unwrap();
    let inv = registration::add_invitation(&txn, ev, "PARTNER-2027", Some(guest), 3, "partners")
        .await
        .unwrap();
    txn.commit().await.unwrap();

    // Without a code, or with a wrong one, the type is closed.
    let mut new = person(ev, 1000);
    new.type_code = "guest".into();
    assert_eq!(
        field_errors(register(&store, &new).await),
        vec![fe("invitation_code", "error-invitation-invalid")],
        "no code"
    );
    new.invitation_code = "NOT-A-CODE".into();
    assert_eq!(
        field_errors(register(&store, &new).await),
        vec![fe("invitation_code", "error-invitation-invalid")],
        "wrong code"
    );

    let results = race(10, |i| {
        let store = store.clone();
        let mut new = person(ev, i);
        new.type_code = "guest".into();
        // As typed: lower case, with spaces around.
        new.invitation_code = " partner-2027 ".into();
        async move { register(&store, &new).await }
    })
    .await;
    let mut ok = 0;
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(_) => ok += 1,
            Err(StoreError::Invalid(errs)) => assert_eq!(
                errs.iter()
                    .map(|e| (e.field.clone(), e.code))
                    .collect::<Vec<_>>(),
                vec![fe("invitation_code", "error-invitation-used-up")],
                "racer {i}"
            ),
            Err(e) => panic!("racer {i}: unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 3, "exactly 3 people get in with a 3-use code");
    assert_eq!(counts(&store, ev).await, counted(3, 0, 0, 0));
    let row = pumasi_store::entities::invitation_code::Entity::find_by_id(inv)
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.used_count, 3, "the code's use counter");
}
backends!(invitation_code_race, invitation_code_race_body);

// =============================================================================================
// Registration rules
// =============================================================================================

/// A 2-seat study visit without waitlist.
/// If this fails, users would see: a third person told they are registered (or waiting) for a
/// visit that is full and has no waitlist, or a ghost registration in the organisers' list.
async fn full_without_waitlist_body(store: Store) {
    let ev = new_event(&store, &event_raw("small-visit", "2", false)).await;
    for i in 0..2 {
        let r = register(&store, &person(ev, i)).await.unwrap();
        assert_eq!(r.state, RegistrationState::Confirmed, "seat {i}");
    }
    let third = person(ev, 2);
    let r = register(&store, &third).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-event-full"))),
        "the third is told the event is full: {r:?}"
    );
    assert_eq!(
        counts(&store, ev).await,
        counted(2, 0, 0, 0),
        "nothing is stored for the third"
    );
    assert_eq!(event(&store, ev).await.confirmed_count, 2);
    assert!(
        registration::by_token_hash(&store.db, &third.token_hash)
            .await
            .is_err(),
        "the third person's private link leads nowhere"
    );
    assert_eq!(
        outbox_ids(&store, "registration.created").await.len(),
        2,
        "no confirmation email for a refused registration"
    );
}
backends!(full_without_waitlist, full_without_waitlist_body);

/// The same person registers twice, the second time with different capitals.
/// If this fails, users would see: two badges and two seats for one person, or being unable to
/// register again after cancelling.
async fn duplicate_email_body(store: Store) {
    let ev = new_event(&store, &event_raw("dup", "", false)).await;
    let mut first = person(ev, 1);
    first.email = "Ana.Silva@Example.org".into();
    let a = register(&store, &first).await.unwrap();
    assert_eq!(
        registration::by_id(&store.db, a.id).await.unwrap().email,
        "ana.silva@example.org",
        "emails are stored in lower case"
    );

    let mut again = person(ev, 2);
    again.email = "  ana.silva@EXAMPLE.ORG ".into();
    assert_eq!(
        field_errors(register(&store, &again).await),
        vec![fe("email", "error-already-registered")],
        "the same address in other capitals is the same person"
    );
    assert_eq!(counts(&store, ev).await, counted(1, 0, 0, 0));

    // After cancelling, the address is free again.
    cancel(&store, a.id).await.unwrap();
    let b = register(&store, &again).await.unwrap();
    assert_eq!(b.state, RegistrationState::Confirmed, "registering again");
    assert_eq!(counts(&store, ev).await, counted(1, 0, 1, 0));
    assert_eq!(event(&store, ev).await.confirmed_count, 1);

    // Another event is another matter.
    let other = new_event(&store, &event_raw("dup-other", "", false)).await;
    let mut elsewhere = person(other, 3);
    elsewhere.email = first.email.clone();
    register(&store, &elsewhere).await.unwrap();
}
backends!(duplicate_email, duplicate_email_body);

/// Registration opens and closes with the event's status.
/// If this fails, users would see: people registering for an event that is only announced,
/// or after it is over.
async fn registration_closed_body(store: Store) {
    let mut raw = event_raw("lifecycle", "", true);
    raw.status = "planned".into();
    let ev = new_event(&store, &raw).await;
    let r = register(&store, &person(ev, 1)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-registration-closed"))),
        "planned: {r:?}"
    );

    raw.status = "registration".into();
    update_event(&store, ev, &raw).await.unwrap();
    register(&store, &person(ev, 2)).await.unwrap();

    raw.status = "running".into();
    update_event(&store, ev, &raw).await.unwrap();
    register(&store, &person(ev, 3))
        .await
        .expect("walk-ins register while the event runs");

    raw.status = "closed".into();
    update_event(&store, ev, &raw).await.unwrap();
    let r = register(&store, &person(ev, 4)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-registration-closed"))),
        "closed: {r:?}"
    );
    assert_eq!(counts(&store, ev).await, counted(2, 0, 0, 0));
}
backends!(registration_closed, registration_closed_body);

/// Hostile and absurd input in registrations, events and sessions.
/// If this fails, users would see: a name silently altered (or HTML stored that the web layer
/// could not escape consistently), a 10 MB answer filling the database, answers that point at
/// no option, required questions skipped, negative capacities, sessions that end before they
/// start or happen outside the event.
async fn hostile_input_body(store: Store) {
    let ev = new_event(&store, &event_raw("hostile", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let motivation = registration::add_question(
        &txn,
        ev,
        &NewQuestion {
            code: "motivation".into(),
            kind: QuestionKind::Text,
            label: "Why do you come?".into(),
            options: vec![],
            required: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    let diet = registration::add_question(
        &txn,
        ev,
        &NewQuestion {
            code: "diet".into(),
            kind: QuestionKind::Dietary,
            label: "Diet".into(),
            options: vec!["None".into(), "Vegetarian".into(), "Vegan".into()],
            required: true,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let (q_text, q_diet) = (format!("q-{motivation}"), format!("q-{diet}"));

    // Markup is text: stored verbatim; escaping is the web layer's job.
    let mut new = person(ev, 1);
    new.name = "<script>alert(1)</script>".into();
    new.answers = HashMap::from([
        (q_text.clone(), "<b>solidarity</b> & 'quotes'".to_owned()),
        (q_diet.clone(), "2".to_owned()),
    ]);
    let r = register(&store, &new).await.unwrap();
    let stored = registration::by_id(&store.db, r.id).await.unwrap();
    assert_eq!(stored.name, "<script>alert(1)</script>", "name verbatim");
    assert_eq!(
        stored.answers.get(&motivation).map(String::as_str),
        Some("<b>solidarity</b> & 'quotes'"),
        "answer verbatim"
    );
    assert_eq!(
        stored.answers.get(&diet).map(String::as_str),
        Some("2"),
        "an option answer is its index"
    );

    // A 10 MB answer.
    let mut huge = person(ev, 2);
    huge.answers = HashMap::from([
        (q_text.clone(), "x".repeat(10 * 1024 * 1024)),
        (q_diet.clone(), "0".to_owned()),
    ]);
    assert_eq!(
        field_errors(register(&store, &huge).await),
        vec![fe(&q_text, "error-too-long")],
        "a 10 MB answer"
    );

    // Answers that point at no option.
    for bad in ["3", "-1", "1.5", "Vegan", "99999999999999999999999"] {
        let mut new = person(ev, 3);
        new.answers = HashMap::from([(q_diet.clone(), bad.to_owned())]);
        assert_eq!(
            field_errors(register(&store, &new).await),
            vec![fe(&q_diet, "error-choice-invalid")],
            "option answer {bad:?}"
        );
    }

    // A required question left empty (or blank).
    for answers in [
        HashMap::new(),
        HashMap::from([(q_diet.clone(), "   ".to_owned())]),
    ] {
        let mut new = person(ev, 4);
        new.answers = answers;
        assert_eq!(
            field_errors(register(&store, &new).await),
            vec![fe(&q_diet, "error-required")],
            "required question unanswered"
        );
    }

    // Control characters in a name, a malformed email, an unknown type.
    let mut new = person(ev, 5);
    new.name = "Ana\u{0}Silva".into();
    new.email = "not an email".into();
    new.type_code = "vip'; DROP TABLE registration; --".into();
    new.answers = HashMap::from([(q_diet.clone(), "0".to_owned())]);
    let errs: BTreeSet<_> = field_errors(register(&store, &new).await)
        .into_iter()
        .collect();
    assert_eq!(
        errs,
        BTreeSet::from([
            fe("name", "error-control-chars"),
            fe("email", "error-email-invalid"),
            fe("type", "error-choice-invalid"),
        ]),
        "every wrong field is named"
    );
    assert_eq!(
        counts(&store, ev).await,
        counted(1, 0, 0, 0),
        "only the valid registration is stored"
    );

    // Negative capacity.
    let mut bad = event_raw("negative", "-1", true);
    let errs: Vec<_> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(errs, vec![fe("capacity", "error-capacity-invalid")]);
    bad.capacity = "1e9".into();
    assert!(bad.validate().is_err(), "a capacity in scientific notation");

    // Sessions that end before they start, or fall outside the event's days.
    let window = event(&store, ev).await.window();
    let errs: Vec<_> = raw_session("Backwards", "2027-05-11T10:00", "2027-05-11T09:00", None)
        .validate(&window)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(errs, vec![fe("ends_at", "error-ends-before-start")]);
    for (start, end) in [
        ("2027-05-14T09:00", "2027-05-14T10:00"),
        ("2027-05-10T23:00", "2027-05-11T01:00"),
        ("2027-05-13T23:30", "2027-05-14T00:30"),
    ] {
        let errs: Vec<_> = raw_session("Outside", start, end, None)
            .validate(&window)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            errs,
            vec![fe("starts_at", "error-session-outside-event")],
            "{start} – {end}"
        );
    }
    // The last hour of the last day, local time, is inside.
    raw_session("Late", "2027-05-13T23:00", "2027-05-14T00:00", None)
        .validate(&window)
        .expect("a session ending at midnight on the last day");
}
backends!(hostile_input, hostile_input_body);

/// A delegates' type only member organisations may use.
/// If this fails, users would see: anyone, or an applicant or suspended organisation, taking
/// the seats reserved for member delegations.
async fn members_only_type_body(store: Store) {
    let ev = new_event(&store, &event_raw("general-assembly", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    registration::add_type(
        &txn,
        ev,
        &NewType {
            code: "delegate".into(),
            name: "Member delegate".into(),
            members_only: true,
            ..participant_type()
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let member = create(&store, &raw("Seoul Social Economy Center", "KR", "Seoul")).await;
    let mut r = raw("Applicant Network", "FR", "Lyon");
    r.status = "applicant".into();
    let applicant = create(&store, &r).await;

    let delegate = |i: usize, org: Option<Uuid>| {
        let mut new = person(ev, i);
        new.type_code = "delegate".into();
        new.organisation = org;
        new
    };
    assert_eq!(
        field_errors(register(&store, &delegate(1, None)).await),
        vec![fe("type", "error-type-members-only")],
        "without an organisation"
    );
    assert_eq!(
        field_errors(register(&store, &delegate(2, Some(applicant))).await),
        vec![fe("type", "error-type-members-only")],
        "for an applicant organisation"
    );
    assert_eq!(
        field_errors(register(&store, &delegate(3, Some(Uuid::now_v7()))).await),
        vec![fe("type", "error-type-members-only")],
        "for an organisation that does not exist"
    );
    assert_eq!(counts(&store, ev).await, counted(0, 0, 0, 0));

    let ok = register(&store, &delegate(4, Some(member))).await.unwrap();
    let stored = registration::by_id(&store.db, ok.id).await.unwrap();
    assert_eq!(
        stored.organisation_id,
        Some(member),
        "the delegation is recorded"
    );
    assert_eq!(stored.state, RegistrationState::Confirmed);

    // The open type needs no organisation.
    register(&store, &person(ev, 5)).await.unwrap();
    assert_eq!(counts(&store, ev).await, counted(2, 0, 0, 0));
}
backends!(members_only_type, members_only_type_body);

// =============================================================================================
// Programme
// =============================================================================================

/// Rooms and speakers are never in two places at once; concurrent edits are detected.
/// If this fails, users would see: two workshops printed in the same room at the same time, a
/// speaker expected in two rooms, or one organiser's edit silently overwriting another's.
async fn programme_conflicts_body(store: Store) {
    let ev = new_event(&store, &event_raw("programme", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let main = programme::add_room(&txn, ev, "main", "Main hall", Some(400))
        .await
        .unwrap();
    let room_b = programme::add_room(&txn, ev, "room-b", "Room B", Some(40))
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

    let opening = create_session(
        &store,
        ev,
        &raw_session(
            "Opening",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(main),
        ),
        &speaker,
    )
    .await
    .unwrap();

    // Same room, overlapping time.
    assert_eq!(
        field_errors(
            create_session(
                &store,
                ev,
                &raw_session("Clash", "2027-05-11T10:00", "2027-05-11T11:00", Some(main)),
                &[],
            )
            .await
        ),
        vec![fe("room", "error-room-double-booked")],
        "a room holds one session at a time"
    );
    // Same speaker, other room, overlapping time (as moderator counts too).
    assert_eq!(
        field_errors(
            create_session(
                &store,
                ev,
                &raw_session(
                    "Elsewhere",
                    "2027-05-11T10:00",
                    "2027-05-11T11:00",
                    Some(room_b)
                ),
                &[(ana, SpeakerRole::Moderator)],
            )
            .await
        ),
        vec![fe("people", "error-speaker-double-booked")],
        "a speaker is in one session at a time"
    );
    // A session that contains the other entirely.
    assert_eq!(
        field_errors(
            create_session(
                &store,
                ev,
                &raw_session(
                    "All day",
                    "2027-05-11T08:00",
                    "2027-05-11T18:00",
                    Some(main)
                ),
                &[],
            )
            .await
        ),
        vec![fe("room", "error-room-double-booked")],
        "a session around another one"
    );
    // Back to back is fine, in the same room and with the same speaker.
    let next = create_session(
        &store,
        ev,
        &raw_session(
            "Plenary",
            "2027-05-11T10:30",
            "2027-05-11T12:00",
            Some(main),
        ),
        &speaker,
    )
    .await
    .expect("back-to-back sessions do not conflict");
    let p = programme::programme(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(p.sessions.len(), 2, "refused sessions are not stored");

    // Edits: a session does not conflict with itself; a stale version is refused.
    let s = programme::session(&store.db, opening, Locale::En)
        .await
        .unwrap();
    assert_eq!((s.version, s.sequence), (1, 0));
    update_session(
        &store,
        opening,
        s.version,
        &raw_session(
            "Opening ceremony",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(main),
        ),
        &speaker,
    )
    .await
    .expect("editing a session in place");
    let s = programme::session(&store.db, opening, Locale::En)
        .await
        .unwrap();
    assert_eq!(s.title.text, "Opening ceremony");
    assert_eq!(
        (s.version, s.sequence),
        (2, 1),
        "calendars see a new sequence"
    );
    let stale = update_session(
        &store,
        opening,
        1,
        &raw_session(
            "Overwrite",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(main),
        ),
        &speaker,
    )
    .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict("error-edit-conflict"))),
        "a stale form is refused: {stale:?}"
    );
    let s = programme::session(&store.db, opening, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        s.title.text, "Opening ceremony",
        "the stale edit left no trace"
    );
    assert_eq!((s.version, s.sequence), (2, 1));

    // Moving a session onto another one is refused too.
    assert_eq!(
        field_errors(
            update_session(
                &store,
                opening,
                2,
                &raw_session(
                    "Opening",
                    "2027-05-11T11:00",
                    "2027-05-11T12:30",
                    Some(main)
                ),
                &[],
            )
            .await
        ),
        vec![fe("room", "error-room-double-booked")],
        "moving onto the plenary"
    );
    let p = programme::session(&store.db, next, Locale::En)
        .await
        .unwrap();
    assert_eq!(p.people, vec![(ana, SpeakerRole::Speaker)]);
}
backends!(programme_conflicts, programme_conflicts_body);

// =============================================================================================
// Translations
// =============================================================================================

/// An English event translated to Korean.
/// If this fails, users would see: Korean readers shown English (or French readers shown an
/// English title without the "not translated" note), or an outdated Korean title that nobody is
/// asked to review after the English one changed.
async fn event_translations_body(store: Store) {
    let mut raw = event_raw("forum-2027", "", true);
    raw.title = "Global Social Economy Forum".into();
    raw.theme = "Local solutions".into();
    let ev = new_event(&store, &raw).await;
    let txn = store.begin_write().await.unwrap();
    events::set_translation(&txn, ev, "title", Locale::Ko, "국제사회적경제포럼")
        .await
        .unwrap();
    events::set_translation(&txn, ev, "theme", Locale::Ko, "지역의 해법")
        .await
        .unwrap();
    txn.commit().await.unwrap();

    let ko = events::by_id(&store.db, ev, Locale::Ko).await.unwrap();
    assert_eq!(ko.title.text, "국제사회적경제포럼", "a Korean reader");
    assert_eq!(ko.title.lang, Locale::Ko);
    assert!(!ko.title.fallback && !ko.title.needs_review);
    let en = events::by_id(&store.db, ev, Locale::En).await.unwrap();
    assert_eq!(
        en.title.text, "Global Social Economy Forum",
        "an English reader"
    );
    assert_eq!(en.title.lang, Locale::En);
    assert!(
        !en.title.fallback,
        "the base is no fallback for its own language"
    );
    let fr = events::by_id(&store.db, ev, Locale::Fr).await.unwrap();
    assert_eq!(
        fr.title.text, "Global Social Economy Forum",
        "a French reader"
    );
    assert_eq!(fr.title.lang, Locale::En);
    assert!(
        fr.title.fallback,
        "French readers are told it is not translated"
    );
    let by_slug = events::by_slug(&store.db, "forum-2027", Locale::Ko)
        .await
        .unwrap();
    assert_eq!(by_slug.title.text, "국제사회적경제포럼", "by slug too");

    // The English title changes: the Korean one needs review, the theme does not.
    let sequence = en.sequence;
    raw.title = "Global Social and Solidarity Economy Forum".into();
    update_event(&store, ev, &raw).await.unwrap();
    let (_, _, translations) = events::raw(&store.db, ev).await.unwrap();
    assert!(
        translations.contains(&(
            "title".to_owned(),
            Locale::Ko,
            "국제사회적경제포럼".to_owned(),
            true
        )),
        "the Korean title needs review: {translations:?}"
    );
    assert!(
        translations.contains(&(
            "theme".to_owned(),
            Locale::Ko,
            "지역의 해법".to_owned(),
            false
        )),
        "the untouched theme's translation is still current: {translations:?}"
    );
    let ko = events::by_id(&store.db, ev, Locale::Ko).await.unwrap();
    assert_eq!(ko.title.text, "국제사회적경제포럼");
    assert!(ko.title.needs_review, "shown, flagged as outdated");
    assert!(ko.sequence > sequence, "calendars see the change");

    // Saving the translation again makes it current.
    let txn = store.begin_write().await.unwrap();
    events::set_translation(&txn, ev, "title", Locale::Ko, "국제사회연대경제포럼")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let ko = events::by_id(&store.db, ev, Locale::Ko).await.unwrap();
    assert_eq!(ko.title.text, "국제사회연대경제포럼");
    assert!(!ko.title.needs_review);

    // Only translatable fields, within their limits.
    let txn = store.begin_write().await.unwrap();
    assert_eq!(
        field_errors(events::set_translation(&txn, ev, "slug", Locale::Ko, "x").await),
        vec![fe("field", "error-choice-invalid")]
    );
    assert_eq!(
        field_errors(
            events::set_translation(&txn, ev, "title", Locale::Fr, &"é".repeat(5_000)).await
        ),
        vec![fe("title", "error-too-long")]
    );
}
backends!(event_translations, event_translations_body);

// =============================================================================================
// Waitlist promotion on capacity changes
// =============================================================================================

/// The organiser moves to a bigger room.
/// If this fails, users would see: empty seats while people wait, the wrong person promoted,
/// or a capacity lowered below the people already holding a seat.
async fn capacity_raise_promotes_body(store: Store) {
    let mut raw = event_raw("bigger-room", "1", true);
    let ev = new_event(&store, &raw).await;
    let a = register(&store, &person(ev, 1)).await.unwrap();
    let b = register(&store, &person(ev, 2)).await.unwrap();
    let c = register(&store, &person(ev, 3)).await.unwrap();
    assert_eq!(
        (a.state, b.state, c.state),
        (
            RegistrationState::Confirmed,
            RegistrationState::Waitlisted,
            RegistrationState::Waitlisted
        )
    );
    let rc = registration::by_id(&store.db, c.id).await.unwrap();
    assert_eq!(
        registration::waitlist_position(&store.db, &rc)
            .await
            .unwrap(),
        Some(2),
        "c is second in line"
    );

    raw.capacity = "3".into();
    update_event(&store, ev, &raw).await.unwrap();
    let rb = registration::by_id(&store.db, b.id).await.unwrap();
    let rc = registration::by_id(&store.db, c.id).await.unwrap();
    assert_eq!(rb.state, RegistrationState::Confirmed, "b promoted");
    assert_eq!(rc.state, RegistrationState::Confirmed, "c promoted");
    assert!(
        rb.confirmed_at <= rc.confirmed_at,
        "promoted in the order they waited"
    );
    let e = event(&store, ev).await;
    assert_eq!((e.capacity, e.confirmed_count), (Some(3), 3));
    assert_eq!(counts(&store, ev).await, counted(3, 0, 0, 0));
    let emails: BTreeSet<Uuid> = outbox_ids(&store, "registration.promoted")
        .await
        .into_iter()
        .collect();
    assert_eq!(emails, BTreeSet::from([b.id, c.id]), "both are told");

    // Raising further with nobody waiting changes nothing else.
    raw.capacity = "5".into();
    update_event(&store, ev, &raw).await.unwrap();
    assert_eq!(event(&store, ev).await.confirmed_count, 3);

    // Lowering below the confirmed seats is refused, and nothing changes.
    raw.capacity = "2".into();
    assert_eq!(
        field_errors(update_event(&store, ev, &raw).await),
        vec![fe("capacity", "error-capacity-below-confirmed")],
        "lowering below the confirmed seats"
    );
    let e = event(&store, ev).await;
    assert_eq!((e.capacity, e.confirmed_count), (Some(5), 3));

    // Lowering to exactly the confirmed seats is allowed; the next person waits.
    raw.capacity = "3".into();
    update_event(&store, ev, &raw).await.unwrap();
    let d = register(&store, &person(ev, 4)).await.unwrap();
    assert_eq!(d.state, RegistrationState::Waitlisted);
    assert_eq!(counts(&store, ev).await, counted(3, 1, 0, 0));
}
backends!(capacity_raise_promotes, capacity_raise_promotes_body);

// =============================================================================================
// Check-in
// =============================================================================================

/// Badges scanned or typed at the door.
/// If this fails, users would see: a badge refused because it was typed in lower case with its
/// dash, a badge let in twice, a waitlisted person let in, or the door unable to say when a
/// badge was first scanned.
async fn check_in_at_the_door_body(store: Store) {
    let ev = new_event(&store, &event_raw("door", "2", true)).await;
    let a = register(&store, &person(ev, 1)).await.unwrap();
    let c = register(&store, &person(ev, 2)).await.unwrap();
    let w = register(&store, &person(ev, 3)).await.unwrap();
    assert_eq!(w.state, RegistrationState::Waitlisted);

    let typed = display_badge_code(&a.code).to_lowercase();
    assert!(typed.contains('-'), "{typed}");
    let first = match check_in(&store, ev, &typed).await.unwrap() {
        CheckIn::Done(r) => r,
        other => panic!("a typed badge checks in: {other:?}"),
    };
    assert_eq!(first.id, a.id);
    let at = first.checked_in_at.expect("check-in time recorded");
    match check_in(&store, ev, &a.code).await.unwrap() {
        CheckIn::Already(r) => assert_eq!(
            r.checked_in_at,
            Some(at),
            "a second scan shows the time of the first"
        ),
        other => panic!("second scan: {other:?}"),
    }
    match check_in(&store, ev, &w.code).await.unwrap() {
        CheckIn::NoSeat(r) => assert_eq!(r.id, w.id, "the waitlisted person"),
        other => panic!("a waitlisted badge: {other:?}"),
    }
    for garbage in [
        "garbage",
        "",
        "<script>alert(1)</script>",
        "'; DROP TABLE registration; --",
        &badge_code(next_number()),
    ] {
        assert!(
            matches!(
                check_in(&store, ev, garbage).await.unwrap(),
                CheckIn::NotFound
            ),
            "{garbage:?}"
        );
    }
    // A badge of another event does not open this door.
    let other = new_event(&store, &event_raw("other-door", "", false)).await;
    let x = register(&store, &person(other, 1)).await.unwrap();
    assert!(matches!(
        check_in(&store, ev, &x.code).await.unwrap(),
        CheckIn::NotFound
    ));

    // Twenty scanners read the same badge at once: one check-in.
    let code = c.code.clone();
    let results = race(20, |_| {
        let (store, code) = (store.clone(), code.clone());
        async move { check_in(&store, ev, &code).await }
    })
    .await;
    let mut done = Vec::new();
    let mut already = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(CheckIn::Done(r)) => done.push(r),
            Ok(CheckIn::Already(r)) => already.push(r),
            other => panic!("scanner {i}: unexpected {other:?}"),
        }
    }
    assert_eq!(done.len(), 1, "exactly one scan checks the badge in");
    assert_eq!(already.len(), 19, "the others see it was already done");
    for r in &already {
        assert_eq!(
            r.checked_in_at, done[0].checked_in_at,
            "every scanner sees the same first time"
        );
    }
    assert_eq!(counts(&store, ev).await, counted(2, 1, 0, 2));
}
backends!(check_in_at_the_door, check_in_at_the_door_body);

// =============================================================================================
// Cancellation
// =============================================================================================

/// A participant cancels, with workshops in their programme.
/// If this fails, users would see: "cancelled" twice with two seats freed, or workshop places
/// held forever by someone who is not coming.
async fn cancellation_body(store: Store) {
    let ev = new_event(&store, &event_raw("cancel", "1", true)).await;
    let mut raw = raw_session("Workshop", "2027-05-12T10:00", "2027-05-12T11:00", None);
    raw.capacity = "1".into();
    let workshop = create_session(&store, ev, &raw, &[]).await.unwrap();
    let open = create_session(
        &store,
        ev,
        &raw_session("Plenary", "2027-05-12T14:00", "2027-05-12T15:00", None),
        &[],
    )
    .await
    .unwrap();

    let a = register(&store, &person(ev, 1)).await.unwrap();
    let b = register(&store, &person(ev, 2)).await.unwrap();
    assert_eq!(b.state, RegistrationState::Waitlisted);
    assert!(
        matches!(
            book(&store, b.id, workshop).await,
            Err(StoreError::Conflict("error-not-confirmed"))
        ),
        "a waitlisted person books nothing"
    );
    book(&store, a.id, workshop).await.unwrap();
    book(&store, a.id, open).await.unwrap();
    assert_eq!(
        programme::session(&store.db, workshop, Locale::En)
            .await
            .unwrap()
            .booked_count,
        1
    );

    let promoted = cancel(&store, a.id).await.unwrap();
    assert_eq!(promoted, vec![b.id], "the waiting person gets the seat");
    assert_eq!(state_of(&store, a.id).await, RegistrationState::Cancelled);
    assert!(
        registration::by_id(&store.db, a.id)
            .await
            .unwrap()
            .cancelled_at
            .is_some()
    );
    assert!(
        registration::bookings(&store.db, a.id)
            .await
            .unwrap()
            .is_empty(),
        "a cancelled registration keeps no sessions"
    );
    let s = programme::session(&store.db, workshop, Locale::En)
        .await
        .unwrap();
    assert_eq!(s.booked_count, 0, "the workshop place is free again");
    book(&store, b.id, workshop)
        .await
        .expect("the promoted person takes the workshop place");

    // Cancelling twice.
    let again = cancel(&store, a.id).await;
    assert!(
        matches!(again, Err(StoreError::Conflict("error-already-cancelled"))),
        "{again:?}"
    );
    let e = event(&store, ev).await;
    assert_eq!(e.confirmed_count, 1, "a second cancel frees no second seat");
    assert_eq!(counts(&store, ev).await, counted(1, 0, 1, 0));
    assert!(matches!(
        cancel(&store, Uuid::now_v7()).await,
        Err(StoreError::NotFound)
    ));

    // A cancelled badge does not open the door.
    assert!(matches!(
        check_in(&store, ev, &a.code).await.unwrap(),
        CheckIn::NoSeat(_)
    ));

    // The last one leaves: nobody waiting, the seat is simply free.
    assert_eq!(cancel(&store, b.id).await.unwrap(), Vec::<Uuid>::new());
    let e = event(&store, ev).await;
    assert_eq!((e.confirmed_count, e.seats_left()), (0, Some(1)));
    assert_eq!(
        programme::session(&store.db, workshop, Locale::En)
            .await
            .unwrap()
            .booked_count,
        0
    );
}
backends!(cancellation, cancellation_body);

// =============================================================================================
// Capacities changed while people book
// =============================================================================================

/// A workshop first published without a limit gets one once people have booked it.
/// If this fails, users would see: a workshop for 3 that keeps accepting bookings although 3
/// people already hold a place (more people than chairs), and a limit below the people already
/// booked accepted without a word.
async fn session_capacity_counts_earlier_bookings_body(store: Store) {
    let ev = new_event(&store, &event_raw("late-limit", "", false)).await;
    let mut regs = Vec::new();
    for i in 0..5 {
        regs.push(register(&store, &person(ev, i)).await.unwrap().id);
    }
    let mut raw = raw_session(
        "Open workshop",
        "2027-05-11T14:00",
        "2027-05-11T15:00",
        None,
    );
    let session = create_session(&store, ev, &raw, &[]).await.unwrap();
    for r in &regs[..3] {
        book(&store, *r, session).await.unwrap();
    }

    // The organiser limits the workshop to the 3 chairs of its room.
    raw.capacity = "3".into();
    update_session(&store, session, 1, &raw, &[])
        .await
        .expect("a limit equal to the bookings is accepted");
    let s = programme::session(&store.db, session, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        (s.booked_count, s.places_left()),
        (3, Some(0)),
        "the 3 people who booked before the limit hold the 3 places"
    );
    let fourth = book(&store, regs[3], session).await;
    assert!(
        matches!(fourth, Err(StoreError::Conflict("error-session-full"))),
        "a fourth person cannot book a full workshop: {fourth:?}"
    );

    // A limit below the people already booked is refused.
    raw.capacity = "2".into();
    assert_eq!(
        field_errors(update_session(&store, session, 2, &raw, &[]).await),
        vec![fe("capacity", "error-capacity-below-booked")],
        "a limit below the bookings"
    );
}
backends!(
    session_capacity_counts_earlier_bookings,
    session_capacity_counts_earlier_bookings_body
);

/// Waits until another PostgreSQL transaction of this test's database waits for a row lock.
async fn wait_for_lock_wait(store: &Store) {
    use pumasi_store::sea_orm::{ConnectionTrait, DbBackend, Statement};
    for _ in 0..500 {
        let row = store
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT count(*)::bigint AS n FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ))
            .await
            .unwrap()
            .expect("one row");
        let n: i64 = row.try_get("", "n").unwrap();
        if n > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the second transaction never waited for the first");
}

/// The organiser lowers the capacity to the seats taken while one more person registers.
/// On PostgreSQL the two really overlap: the registration holds the event row, the capacity
/// change has already counted the seats and waits for it. (SQLite serialises writers.)
/// If this fails, users would see: 4 confirmed badges for 3 seats, with an edit form that said
/// the change was fine.
async fn capacity_lowered_during_registration_body(store: Store) {
    let mut raw = event_raw("shrinking", "5", true);
    let ev = new_event(&store, &raw).await;
    for i in 0..3 {
        register(&store, &person(ev, i)).await.unwrap();
    }
    raw.capacity = "3".into();

    let txn = store.begin_write().await.unwrap();
    let late = registration::register(&txn, &person(ev, 3)).await.unwrap();
    assert_eq!(late.state, RegistrationState::Confirmed, "seat 4 of 5");
    let lowered = if crate::support::is_postgres(&store) {
        let edit = tokio::spawn({
            let (store, raw) = (store.clone(), raw.clone());
            async move { update_event(&store, ev, &raw).await }
        });
        wait_for_lock_wait(&store).await;
        txn.commit().await.unwrap();
        edit.await.unwrap()
    } else {
        txn.commit().await.unwrap();
        update_event(&store, ev, &raw).await
    };

    let e = event(&store, ev).await;
    let capacity = e.capacity.expect("a capacity");
    assert!(
        e.confirmed_count <= capacity,
        "never more confirmed seats than the capacity: {} confirmed, capacity {capacity} \
         (the capacity change returned {lowered:?})",
        e.confirmed_count
    );
    assert_eq!(
        field_errors(lowered),
        vec![fe("capacity", "error-capacity-below-confirmed")],
        "the organiser is told the seats are taken"
    );
}
backends!(
    capacity_lowered_during_registration,
    capacity_lowered_during_registration_body
);

/// The same, for a workshop: its capacity lowered while someone books the last place.
/// If this fails, users would see: 4 people booked into a workshop for 3.
async fn session_capacity_lowered_during_booking_body(store: Store) {
    let ev = new_event(&store, &event_raw("shrinking-room", "", false)).await;
    let mut regs = Vec::new();
    for i in 0..4 {
        regs.push(register(&store, &person(ev, i)).await.unwrap().id);
    }
    let mut raw = raw_session("Workshop", "2027-05-11T14:00", "2027-05-11T15:00", None);
    raw.capacity = "5".into();
    let session = create_session(&store, ev, &raw, &[]).await.unwrap();
    for r in &regs[..3] {
        book(&store, *r, session).await.unwrap();
    }
    raw.capacity = "3".into();

    let txn = store.begin_write().await.unwrap();
    registration::book(&txn, regs[3], session).await.unwrap();
    let lowered = if crate::support::is_postgres(&store) {
        let edit = tokio::spawn({
            let (store, raw) = (store.clone(), raw.clone());
            async move { update_session(&store, session, 1, &raw, &[]).await }
        });
        wait_for_lock_wait(&store).await;
        txn.commit().await.unwrap();
        edit.await.unwrap()
    } else {
        txn.commit().await.unwrap();
        update_session(&store, session, 1, &raw, &[]).await
    };

    let s = programme::session(&store.db, session, Locale::En)
        .await
        .unwrap();
    let capacity = s.capacity.expect("a capacity");
    assert!(
        s.booked_count <= capacity,
        "never more bookings than places: {} booked, capacity {capacity} \
         (the capacity change returned {lowered:?})",
        s.booked_count
    );
    assert_eq!(
        field_errors(lowered),
        vec![fe("capacity", "error-capacity-below-booked")],
        "the organiser is told the places are taken"
    );
}
backends!(
    session_capacity_lowered_during_booking,
    session_capacity_lowered_during_booking_body
);

/// A participant cancels at the moment a workshop booking of theirs is being saved.
/// On PostgreSQL the booking is written but not yet committed when the cancellation runs.
/// If this fails, users would see: a cancelled participant holding a workshop place forever,
/// the workshop shown as full with one chair that nobody will use.
async fn cancel_during_booking_body(store: Store) {
    let ev = new_event(&store, &event_raw("cancel-race", "", false)).await;
    let a = register(&store, &person(ev, 1)).await.unwrap();
    let mut raw = raw_session("Workshop", "2027-05-11T14:00", "2027-05-11T15:00", None);
    raw.capacity = "1".into();
    let workshop = create_session(&store, ev, &raw, &[]).await.unwrap();

    let txn = store.begin_write().await.unwrap();
    registration::book(&txn, a.id, workshop).await.unwrap();
    let cancelled = if crate::support::is_postgres(&store) {
        let mut leave = tokio::spawn({
            let store = store.clone();
            async move { cancel(&store, a.id).await }
        });
        // Give the cancellation the chance to finish before the booking commits; if the store
        // makes it wait for the booking instead, that is fine too.
        let early = tokio::time::timeout(std::time::Duration::from_secs(2), &mut leave).await;
        txn.commit().await.unwrap();
        match early {
            Ok(r) => r.unwrap(),
            Err(_) => leave.await.unwrap(),
        }
    } else {
        txn.commit().await.unwrap();
        cancel(&store, a.id).await
    };
    cancelled.expect("the cancellation succeeds");

    assert_eq!(state_of(&store, a.id).await, RegistrationState::Cancelled);
    assert_eq!(
        registration::bookings(&store.db, a.id).await.unwrap(),
        Vec::<Uuid>::new(),
        "a cancelled registration keeps no session"
    );
    assert_eq!(
        programme::session(&store.db, workshop, Locale::En)
            .await
            .unwrap()
            .booked_count,
        0,
        "the workshop place is free"
    );
}
backends!(cancel_during_booking, cancel_during_booking_body);
