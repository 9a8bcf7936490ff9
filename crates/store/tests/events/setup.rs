//! Removing set-up items at the storage level: what nothing depends on goes (with its
//! translations); a room with sessions, a speaker in a session, a type people registered with,
//! a question people answered, a used code stay, with an error on that list; an item of another
//! event is not found; and a removal racing with the sessions or registrations that would use
//! the item never leaves a session without its room or a registration without its type.
//! Every body runs on SQLite and on PostgreSQL (see `support`).

use super::{create_session, event_raw, fe, field_errors, new_event, person, raw_session};
use super::{register, update_session};
use crate::race;
use pumasi_domain::events::{QuestionKind, SpeakerRole};
use pumasi_domain::locale::Locale;
use pumasi_store::events::programme::{self, NewSpeaker};
use pumasi_store::events::registration::{self, NewQuestion, NewType};
use pumasi_store::events::setup::{self, Part};
use pumasi_store::{Store, StoreError};
use uuid::Uuid;

async fn remove(store: &Store, event_id: Uuid, part: Part, id: Uuid) -> Result<(), StoreError> {
    let txn = store.begin_write().await?;
    setup::remove(&txn, event_id, part, id, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `e` is exactly one field error `code` on `field`.
fn is_only(e: &StoreError, field: &str, code: &str) -> bool {
    matches!(e, StoreError::Invalid(v) if v.len() == 1 && v[0].field == field && v[0].code == code)
}

fn press_type() -> NewType {
    NewType {
        code: "press".into(),
        name: "Press".into(),
        fee_minor: 0,
        currency: "EUR".into(),
        members_only: false,
        requires_code: false,
        translations: vec![],
    }
}

/// If this fails, an organiser could delete a room out from under its sessions, a type together
/// with the people registered with it, or answers people gave; or could not clean up a typo.
async fn removal_keeps_what_is_used_body(store: Store) {
    let ev = new_event(&store, &event_raw("setup-removal", "", false)).await;
    let other = new_event(&store, &event_raw("setup-other", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let track = programme::add_track(
        &txn,
        ev,
        "care",
        "Care economy",
        &[(Locale::Fr, "Économie du soin".into())],
    )
    .await
    .unwrap();
    let spare_track = programme::add_track(&txn, ev, "typo", "Trakc with a typo", &[])
        .await
        .unwrap();
    let hall = programme::add_room(&txn, ev, "hall", "Great hall", Some(100))
        .await
        .unwrap();
    let elsewhere = programme::add_room(&txn, other, "hall", "Other hall", None)
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
    let press = registration::add_type(&txn, ev, &press_type())
        .await
        .unwrap();
    let diet = registration::add_question(
        &txn,
        ev,
        &NewQuestion {
            code: "diet".into(),
            kind: QuestionKind::Text,
            label: "Dietary needs".into(),
            options: vec![],
            required: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    let unused_q = registration::add_question(
        &txn,
        ev,
        &NewQuestion {
            code: "tshirt".into(),
            kind: QuestionKind::Text,
            label: "T-shirt size".into(),
            options: vec![],
            required: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    let used_code = registration::add_invitation(&txn, ev, "GUEST-1", None, 5, "")
        .await
        .unwrap();
    let spare_code = registration::add_invitation(&txn, ev, "GUEST-2", None, 5, "")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let participant = registration::types(&store.db, ev, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.code == "participant")
        .unwrap()
        .id;

    let mut raw = raw_session(
        "Opening",
        "2027-05-11T09:00",
        "2027-05-11T10:00",
        Some(hall),
    );
    raw.track = track.to_string();
    let opening = create_session(&store, ev, &raw, &[(ana, SpeakerRole::Speaker)])
        .await
        .unwrap();
    let mut p = person(ev, 1);
    p.answers.insert(format!("q-{diet}"), "Vegetarian".into());
    p.invitation_code = "GUEST-1".into();
    register(&store, &p).await.unwrap();

    // In use: refused, each on its own list, and nothing is gone.
    for (part, id, code) in [
        (Part::Track, track, "error-track-in-use"),
        (Part::Room, hall, "error-room-in-use"),
        (Part::Speaker, ana, "error-speaker-in-use"),
        (Part::Type, participant, "error-type-in-use"),
        (Part::Question, diet, "error-question-in-use"),
        (Part::Invitation, used_code, "error-invitation-in-use"),
    ] {
        assert_eq!(
            field_errors(remove(&store, ev, part, id).await),
            vec![fe(&format!("list-{}", part.code()), code)],
            "{part:?}"
        );
    }
    let s = programme::session(&store.db, opening, Locale::En)
        .await
        .unwrap();
    assert_eq!((s.room, s.track), (Some(hall), Some(track)));
    assert_eq!(
        registration::list(&store.db, ev, None).await.unwrap().len(),
        1
    );

    // Another event's room is not this event's to remove.
    assert!(matches!(
        remove(&store, ev, Part::Room, elsewhere).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        remove(&store, ev, Part::Room, Uuid::now_v7()).await,
        Err(StoreError::NotFound)
    ));

    // Unused: removed.
    remove(&store, ev, Part::Track, spare_track).await.unwrap();
    remove(&store, ev, Part::Type, press).await.unwrap();
    remove(&store, ev, Part::Question, unused_q).await.unwrap();
    remove(&store, ev, Part::Invitation, spare_code)
        .await
        .unwrap();
    let prog = programme::programme(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(prog.tracks.len(), 1);
    let types = registration::types(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(types.len(), 1, "press is gone, participant stays");
    assert_eq!(
        registration::questions(&store.db, ev, Locale::En)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        registration::invitations(&store.db, ev)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        matches!(
            register(
                &store,
                &registration::NewRegistration {
                    type_code: "press".into(),
                    ..person(ev, 2)
                }
            )
            .await,
            Err(StoreError::Invalid(_) | StoreError::NotFound)
        ),
        "a removed type takes nobody"
    );

    // Once the session moves out of the hall, the track and away from Ana, all three can go,
    // and the track's translation with it.
    let v = programme::session(&store.db, opening, Locale::En)
        .await
        .unwrap()
        .version;
    update_session(
        &store,
        opening,
        v,
        &raw_session("Opening", "2027-05-11T09:00", "2027-05-11T10:00", None),
        &[],
    )
    .await
    .unwrap();
    remove(&store, ev, Part::Room, hall).await.unwrap();
    remove(&store, ev, Part::Speaker, ana).await.unwrap();
    remove(&store, ev, Part::Track, track).await.unwrap();
    let prog = programme::programme(&store.db, ev, Locale::Fr)
        .await
        .unwrap();
    assert!(prog.rooms.is_empty() && prog.speakers.is_empty() && prog.tracks.is_empty());
    let texts = pumasi_store::texts::load(&store.db, &[track])
        .await
        .unwrap();
    assert_eq!(
        texts
            .get(track, "name", "base", Locale::En, Locale::Fr)
            .text,
        "base",
        "no translation left behind"
    );
}
backends!(removal_keeps_what_is_used, removal_keeps_what_is_used_body);

/// The organiser removes a room while others place ten sessions in it, and removes a type
/// while twenty people register with it.
/// If this fails, a session could lose its room without anyone deciding it, or people's
/// registrations could vanish with their type.
async fn removal_races_with_use_body(store: Store) {
    let ev = new_event(&store, &event_raw("setup-race", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let hall = programme::add_room(&txn, ev, "hall", "Great hall", None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let results = race(11, |i| {
        let store = store.clone();
        async move {
            if i == 0 {
                remove(&store, ev, Part::Room, hall).await.map(|()| None)
            } else {
                let start = format!("2027-05-11T{:02}:00", 7 + i);
                let end = format!("2027-05-11T{:02}:30", 7 + i);
                create_session(
                    &store,
                    ev,
                    &raw_session("Talk", &start, &end, Some(hall)),
                    &[],
                )
                .await
                .map(Some)
            }
        }
    })
    .await;
    let removed = results[0].is_ok();
    let placed: Vec<Uuid> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().copied().flatten())
        .collect();
    for (i, r) in results.iter().enumerate().skip(1) {
        if let Err(e) = r {
            assert!(
                is_only(e, "room", "error-choice-invalid"),
                "session {i}: {e:?}"
            );
        }
    }
    let prog = programme::programme(&store.db, ev, Locale::En)
        .await
        .unwrap();
    if removed {
        assert!(
            placed.is_empty(),
            "the room went before any session was placed in it"
        );
        assert!(prog.rooms.is_empty());
    } else {
        let e = results[0].as_ref().unwrap_err();
        assert!(is_only(e, "list-room", "error-room-in-use"), "{e:?}");
        assert!(!placed.is_empty());
    }
    assert_eq!(prog.sessions.len(), placed.len());
    assert!(
        prog.sessions.iter().all(|s| s.room == Some(hall)),
        "no session lost its room"
    );

    let txn = store.begin_write().await.unwrap();
    let press = registration::add_type(&txn, ev, &press_type())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let results = race(21, |i| {
        let store = store.clone();
        async move {
            if i == 0 {
                remove(&store, ev, Part::Type, press).await.map(|()| false)
            } else {
                register(
                    &store,
                    &registration::NewRegistration {
                        type_code: "press".into(),
                        ..person(ev, 100 + i)
                    },
                )
                .await
                .map(|_| true)
            }
        }
    })
    .await;
    for (i, r) in results.iter().enumerate().skip(1) {
        if let Err(e) = r {
            assert!(
                matches!(
                    e,
                    StoreError::NotFound | StoreError::Conflict("error-form-changed")
                ) || is_only(e, "type", "error-choice-invalid"),
                "registration {i}: {e:?}"
            );
        }
    }
    let registered = results.iter().skip(1).filter(|r| r.is_ok()).count();
    let list = registration::list(&store.db, ev, None).await.unwrap();
    assert_eq!(
        list.len(),
        registered,
        "every registration that succeeded is kept"
    );
    if results[0].is_ok() {
        assert_eq!(registered, 0);
    } else {
        assert!(registered > 0);
        assert!(list.iter().all(|r| r.type_id == press));
    }
}
backends!(removal_races_with_use, removal_races_with_use_body);

/// If this fails, renaming a room or track would not reach calendars that imported its
/// sessions, a translation of an old name would be shown as current, or an organiser could
/// rename another event's room or give two rooms one code.
async fn editing_setup_items_body(store: Store) {
    let ev = new_event(&store, &event_raw("setup-edit", "", false)).await;
    let other = new_event(&store, &event_raw("setup-edit-other", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let track = programme::add_track(
        &txn,
        ev,
        "care",
        "Care economy",
        &[(Locale::Fr, "Économie du soin".into())],
    )
    .await
    .unwrap();
    let hall = programme::add_room(&txn, ev, "hall", "Great hall", None)
        .await
        .unwrap();
    programme::add_room(&txn, ev, "annex", "Annex", None)
        .await
        .unwrap();
    let theirs = programme::add_room(&txn, other, "hall", "Their hall", None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let mut raw = raw_session(
        "Opening",
        "2027-05-11T09:00",
        "2027-05-11T10:00",
        Some(hall),
    );
    raw.track = track.to_string();
    let opening = create_session(&store, ev, &raw, &[]).await.unwrap();
    let seq = |store: Store| async move {
        programme::session(&store.db, opening, Locale::En)
            .await
            .unwrap()
            .sequence
    };
    let s0 = seq(store.clone()).await;

    let txn = store.begin_write().await.unwrap();
    programme::update_room(&txn, ev, hall, "hall", "Auditório", Some(300))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let s1 = seq(store.clone()).await;
    assert!(
        s1 > s0,
        "the session's calendar entry changes with its room"
    );

    let txn = store.begin_write().await.unwrap();
    let taken = programme::update_room(&txn, ev, hall, "annex", "Auditório", None).await;
    drop(txn);
    assert!(
        matches!(taken, Err(StoreError::Conflict("error-code-taken"))),
        "{taken:?}"
    );
    let txn = store.begin_write().await.unwrap();
    let r = programme::update_room(&txn, ev, theirs, "hall", "Mine now", None).await;
    drop(txn);
    assert!(matches!(r, Err(StoreError::NotFound)));
    let txn = store.begin_write().await.unwrap();
    let r = programme::update_room(&txn, ev, hall, "hall", "<b>", Some(-1)).await;
    drop(txn);
    assert_eq!(
        field_errors(r),
        vec![fe("capacity", "error-capacity-invalid")]
    );

    let txn = store.begin_write().await.unwrap();
    programme::update_track(&txn, ev, track, "care", "Care and domestic work")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert!(seq(store.clone()).await > s1);
    let prog = programme::programme(&store.db, ev, Locale::Fr)
        .await
        .unwrap();
    let name = &prog.tracks[0].name;
    assert_eq!(name.text, "Économie du soin");
    assert!(
        name.needs_review,
        "the French name of the old English name is marked for review"
    );
    // A question people answered keeps its kind and options; its label may change. A type's
    // fee changes for those who register next, not for those registered.
    let txn = store.begin_write().await.unwrap();
    let size = |options: &[&str]| NewQuestion {
        code: "size".into(),
        kind: QuestionKind::Choice,
        label: "T-shirt size".into(),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        required: false,
        translations: vec![],
    };
    let q = registration::add_question(&txn, ev, &size(&["S", "M", "L"]))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let mut p = person(ev, 1);
    p.answers.insert(format!("q-{q}"), "1".into());
    let before = register(&store, &p).await.unwrap();
    let txn = store.begin_write().await.unwrap();
    let r = registration::update_question(&txn, ev, q, &size(&["XS", "S", "M", "L"])).await;
    drop(txn);
    assert_eq!(
        field_errors(r),
        vec![fe("options", "error-question-options-answered")],
        "inserting an option would turn an M into an S"
    );
    let txn = store.begin_write().await.unwrap();
    registration::update_question(
        &txn,
        ev,
        q,
        &NewQuestion {
            label: "Shirt size".into(),
            ..size(&["S", "M", "L"])
        },
    )
    .await
    .unwrap();
    let participant = registration::types(&txn, ev, Locale::En)
        .await
        .unwrap()
        .remove(0);
    registration::update_type(
        &txn,
        ev,
        participant.id,
        &NewType {
            code: "participant".into(),
            name: "Participant".into(),
            fee_minor: 5_000,
            currency: "EUR".into(),
            members_only: false,
            requires_code: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let qs = registration::questions(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(qs[0].label.text, "Shirt size");
    assert_eq!(qs[0].options, ["S", "M", "L"]);
    let after = register(&store, &person(ev, 2)).await.unwrap();
    let amount = |id| {
        let store = store.clone();
        async move {
            registration::by_id(&store.db, id)
                .await
                .unwrap()
                .amount_minor
        }
    };
    assert_eq!(amount(before.id).await, 0, "registered before the change");
    assert_eq!(amount(after.id).await, 5_000);

    let prog = programme::programme(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(prog.rooms[0].name, "Auditório");
    assert_eq!(prog.rooms[0].capacity, Some(300));
    assert_eq!(prog.tracks[0].name.text, "Care and domestic work");
}
backends!(editing_setup_items, editing_setup_items_body);

/// If this fails, a bilingual event could not show its tracks, types, questions and speakers'
/// biographies in the participants' languages, or a translation could overflow the page,
/// land on another event, or replace the original text.
async fn translating_items_body(store: Store) {
    let ev = new_event(&store, &event_raw("setup-translate", "", false)).await;
    let other = new_event(&store, &event_raw("setup-translate-other", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let track = programme::add_track(&txn, ev, "care", "Care economy", &[])
        .await
        .unwrap();
    let theirs = programme::add_track(&txn, other, "care", "Their track", &[])
        .await
        .unwrap();
    let ana = programme::add_speaker(
        &txn,
        ev,
        &NewSpeaker {
            code: "ana".into(),
            name: "Ana Silva".into(),
            bio: "Fundadora de uma cooperativa.".into(),
            lang: Some(Locale::Es.into()),
            ..NewSpeaker::default()
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let translate = |owner: Uuid, field: &'static str, l: Locale, text: String| {
        let store = store.clone();
        async move {
            let txn = store.begin_write().await?;
            setup::translate(&txn, ev, owner, field, l, &text).await?;
            txn.commit().await?;
            Ok::<(), StoreError>(())
        }
    };
    let mut raw = raw_session("Opening", "2027-05-11T09:00", "2027-05-11T10:00", None);
    raw.track = track.to_string();
    let opening = create_session(&store, ev, &raw, &[]).await.unwrap();
    let seq = || {
        let store = store.clone();
        async move {
            programme::session(&store.db, opening, Locale::En)
                .await
                .unwrap()
                .sequence
        }
    };
    let before = seq().await;
    translate(track, "name", Locale::Ko, "돌봄 경제".into())
        .await
        .unwrap();
    assert!(
        seq().await > before,
        "the Korean feed's category of the session changed"
    );
    assert!(matches!(
        translate(theirs, "name", Locale::Ko, "남의 트랙".into()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        field_errors(translate(track, "bio", Locale::Ko, "x".into()).await),
        vec![fe("item", "error-choice-invalid")]
    );
    assert_eq!(
        field_errors(translate(track, "name", Locale::En, "Care".into()).await),
        vec![fe("lang", "error-language-invalid")],
        "English is the event's own language"
    );
    assert_eq!(
        field_errors(translate(track, "name", Locale::Fr, "é".repeat(121)).await),
        vec![fe("text", "error-too-long")]
    );
    // A speaker's biography is in the speaker's language (Spanish here), so English is a
    // translation and Spanish is not.
    translate(ana, "bio", Locale::En, "Founder of a co-op.".into())
        .await
        .unwrap();
    assert_eq!(
        field_errors(translate(ana, "bio", Locale::Es, "x".into()).await),
        vec![fe("lang", "error-language-invalid")]
    );
    let ko = programme::programme(&store.db, ev, Locale::Ko)
        .await
        .unwrap();
    assert_eq!(ko.tracks[0].name.text, "돌봄 경제");
    let en = programme::programme(&store.db, ev, Locale::En)
        .await
        .unwrap();
    assert_eq!(en.tracks[0].name.text, "Care economy", "the original stays");
    assert_eq!(en.speakers[0].bio.text, "Founder of a co-op.");
    // An empty text removes the translation.
    translate(track, "name", Locale::Ko, "  ".into())
        .await
        .unwrap();
    let ko = programme::programme(&store.db, ev, Locale::Ko)
        .await
        .unwrap();
    assert_eq!(ko.tracks[0].name.text, "Care economy");
    assert!(ko.tracks[0].name.fallback);
}
backends!(translating_items, translating_items_body);

/// If this fails, an answer checked against options that the organiser then reordered would be
/// stored as another option, a registration could slip past an invitation-code rule switched
/// on meanwhile, or the registration desk would keep refusing people after a change.
async fn registrations_checked_against_an_old_form_body(store: Store) {
    let ev = new_event(&store, &event_raw("setup-stale-form", "", false)).await;
    let other = new_event(&store, &event_raw("setup-stale-other", "", false)).await;
    let txn = store.begin_write().await.unwrap();
    let meal = |options: &[&str]| NewQuestion {
        code: "meal".into(),
        kind: QuestionKind::Choice,
        label: "Meal".into(),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        required: true,
        translations: vec![],
    };
    let q = registration::add_question(&txn, ev, &meal(&["Fish", "Vegetarian"]))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    // Checked against the form as it is now ("1" is Vegetarian)…
    let form = registration::form(&store.db, ev).await.unwrap();
    let mut p = person(ev, 1);
    p.answers.insert(format!("q-{q}"), "1".into());
    let prepared = registration::prepare_with(&store.db, &form, &p)
        .await
        .unwrap();
    // …then the organiser puts Vegetarian first (nobody has answered yet, so it is allowed).
    let txn = store.begin_write().await.unwrap();
    registration::update_question(&txn, ev, q, &meal(&["Vegetarian", "Fish"]))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let txn = store.begin_write().await.unwrap();
    let written = registration::write_batch(&txn, &[prepared]).await.unwrap();
    txn.commit().await.unwrap();
    assert!(
        matches!(
            written.as_slice(),
            [Err(StoreError::Conflict("error-form-changed"))]
        ),
        "{written:?}"
    );
    assert!(
        registration::list(&store.db, ev, None)
            .await
            .unwrap()
            .is_empty()
    );

    // The desk keeps the form for a second: registering someone caches it. After a change it
    // finds its copy outdated, reads the form again and checks the person against it.
    let desk = pumasi_store::events::desk::Desk::start(store.clone());
    let mut first = person(ev, 2);
    first.answers.insert(format!("q-{q}"), "0".into());
    desk.register(&first).await.unwrap();
    // Answered now: the options stay, but the question becomes optional.
    let txn = store.begin_write().await.unwrap();
    registration::update_question(
        &txn,
        ev,
        q,
        &NewQuestion {
            required: false,
            ..meal(&["Vegetarian", "Fish"])
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    desk.register(&p)
        .await
        .expect("registered against the new form");
    let r = registration::list(&store.db, ev, None).await.unwrap();
    assert_eq!(r.len(), 2);
    let mine = r.iter().find(|r| r.email == p.email).unwrap();
    assert_eq!(
        mine.answers.get(&q).map(String::as_str),
        Some("1"),
        "Fish, as the form said when it was sent"
    );

    // An invitation code cannot point at another event's type, nor at one that does not exist.
    let theirs = registration::types(&store.db, other, Locale::En)
        .await
        .unwrap()
        .remove(0)
        .id;
    for t in [theirs, Uuid::now_v7()] {
        let txn = store.begin_write().await.unwrap();
        let r = registration::add_invitation(&txn, ev, "GUEST-9", Some(t), 5, "").await;
        drop(txn);
        assert_eq!(field_errors(r), vec![fe("type", "error-choice-invalid")]);
    }
}
backends!(
    registrations_checked_against_an_old_form,
    registrations_checked_against_an_old_form_body
);
