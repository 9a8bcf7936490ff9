//! The call for proposals at the storage level: proposals are taken only while the event is
//! open for them, every wrong field is named, markup is stored verbatim; reviewers score once
//! each (a second review replaces the first) and the average is right; a decision is final,
//! an acceptance is a session in the programme checked like any other (and a refused one
//! leaves the proposal undecided), and a proposal is decided once however many organisers
//! click at the same moment. Every body runs on SQLite and on PostgreSQL (see `support`).

use super::{event, event_raw, fe, field_errors, new_event, outbox_ids, raw_session, update_event};
use crate::race;
use crate::support::{create, is_postgres, raw};
use pumasi_domain::events::{
    DESCRIPTION_MAX, ProposalState, RawEvent, RawSession, SessionFormat, SessionInput,
};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::entities::{programme_session, proposal, proposal_review};
use pumasi_store::events::programme;
use pumasi_store::events::proposals::{self, Proposal, RawProposal};
use pumasi_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use pumasi_store::{Store, StoreError, accounts, outbox};
use std::collections::BTreeSet;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/// The three-day Lisbon meeting (11–13 May 2027), collecting session proposals.
fn cfp_event(slug: &str) -> RawEvent {
    RawEvent {
        status: "proposals".into(),
        ..event_raw(slug, "", false)
    }
}

/// A well-formed proposal in English, to be spoken in English and French.
fn proposal_raw(title: &str) -> RawProposal {
    RawProposal {
        title: title.to_owned(),
        description: "Three co-operatives show how they pooled their savings.".into(),
        format: "workshop".into(),
        lang: "en".into(),
        languages: "en,fr".into(),
        track: String::new(),
    }
}

/// The event, open for proposals, and a member organisation whose people propose.
async fn open_call(store: &Store, slug: &str) -> (Uuid, Uuid) {
    let ev = new_event(store, &cfp_event(slug)).await;
    let org = create(store, &raw("Cooperativa Exemplo", "PT", "Lisbon")).await;
    (ev, org)
}

async fn person(store: &Store, email: &str, name: &str) -> Uuid {
    accounts::create(
        &store.db,
        &Email::parse(email).unwrap(),
        name,
        "$argon2id$v=19$stub",
        SiteRole::Person,
        Locale::En,
        None,
    )
    .await
    .unwrap()
}

/// One submission in its own write transaction, as the web handler does.
async fn submit(
    store: &Store,
    event_id: Uuid,
    org: Uuid,
    account: Option<Uuid>,
    raw: &RawProposal,
) -> Result<Uuid, StoreError> {
    let txn = store.begin_write().await?;
    let id = proposals::submit(&txn, event_id, org, account, raw).await?;
    txn.commit().await?;
    Ok(id)
}

async fn review(
    store: &Store,
    proposal_id: Uuid,
    account: Uuid,
    score: &str,
    comment: &str,
) -> Result<(), StoreError> {
    let txn = store.begin_write().await?;
    proposals::review(&txn, proposal_id, account, score, comment).await?;
    txn.commit().await?;
    Ok(())
}

/// One decision in its own write transaction; on an error the transaction is dropped, so
/// everything `decide` wrote is rolled back, as in the web handler.
async fn decide(
    store: &Store,
    proposal_id: Uuid,
    session: Option<&SessionInput>,
    note: &str,
    actor: Option<Uuid>,
) -> Result<Option<Uuid>, StoreError> {
    let txn = store.begin_write().await?;
    let r = proposals::decide(&txn, proposal_id, session, &[], note, actor).await?;
    txn.commit().await?;
    Ok(r)
}

async fn proposal(store: &Store, id: Uuid) -> Proposal {
    proposals::by_id(&store.db, id).await.unwrap()
}

/// The session an organiser schedules when accepting `p`, as the web form builds it: the
/// proposal's title, description, language, format and track, with a time (local to the
/// event) and a room.
async fn accepting(
    store: &Store,
    p: &Proposal,
    starts_at: &str,
    ends_at: &str,
    room: Option<Uuid>,
) -> SessionInput {
    let raw = RawSession {
        title: p.title.clone(),
        description: p.description.clone(),
        lang: p.lang.code().to_owned(),
        format: p.format.code().to_owned(),
        track: p.track.map(|t| t.to_string()).unwrap_or_default(),
        room: room.map(|r| r.to_string()).unwrap_or_default(),
        languages: p
            .languages
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(","),
        starts_at: starts_at.to_owned(),
        ends_at: ends_at.to_owned(),
        ..RawSession::default()
    };
    raw.validate(&event(store, p.event_id).await.window())
        .unwrap_or_else(|e| panic!("{starts_at}–{ends_at} should be a valid session: {e:?}"))
}

async fn add_room(store: &Store, event_id: Uuid, code: &str, name: &str) -> Uuid {
    let txn = store.begin_write().await.unwrap();
    let id = programme::add_room(&txn, event_id, code, name, Some(80))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn add_track(store: &Store, event_id: Uuid, code: &str, name: &str) -> Uuid {
    let txn = store.begin_write().await.unwrap();
    let id = programme::add_track(&txn, event_id, code, name, &[])
        .await
        .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn sessions(store: &Store, event_id: Uuid) -> Vec<programme::Session> {
    programme::programme(&store.db, event_id, Locale::En)
        .await
        .unwrap()
        .sessions
}

async fn review_rows(store: &Store, proposal_id: Uuid) -> u64 {
    proposal_review::Entity::find()
        .filter(proposal_review::Column::ProposalId.eq(proposal_id))
        .count(&store.db)
        .await
        .unwrap()
}

async fn sessions_of_proposal(store: &Store, proposal_id: Uuid) -> Vec<programme_session::Model> {
    programme_session::Entity::find()
        .filter(programme_session::Column::ProposalId.eq(proposal_id))
        .all(&store.db)
        .await
        .unwrap()
}

/// The `state` of every pending `proposal.decided` message about `proposal_id`.
async fn decided_messages(store: &Store, proposal_id: Uuid) -> Vec<String> {
    outbox::pending(&store.db, "proposal.decided")
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.payload["id"].as_str() == Some(proposal_id.to_string().as_str()))
        .map(|m| m.payload["state"].as_str().unwrap_or_default().to_owned())
        .collect()
}

// =============================================================================================
// Submission
// =============================================================================================

/// Proposals only while the event is collecting them.
/// If this fails, users would see: proposals piling up for an event whose programme is already
/// fixed (or over), or members told the call is closed while it is open.
async fn proposals_only_while_the_call_is_open_body(store: Store) {
    let mut raw_ev = event_raw("call-lifecycle", "", false);
    raw_ev.status = "planned".into();
    let ev = new_event(&store, &raw_ev).await;
    let org = create(&store, &raw("Cooperativa Exemplo", "PT", "Lisbon")).await;
    let ana = person(&store, "ana@example.org", "Ana").await;

    for status in ["planned", "registration", "running", "closed"] {
        raw_ev.status = status.into();
        update_event(&store, ev, &raw_ev).await.unwrap();
        let r = submit(
            &store,
            ev,
            org,
            Some(ana),
            &proposal_raw("Too early or too late"),
        )
        .await;
        assert!(
            matches!(r, Err(StoreError::Conflict("error-proposals-closed"))),
            "{status}: {r:?}"
        );
    }
    assert!(
        proposals::list(&store.db, ev).await.unwrap().is_empty(),
        "refused proposals are not stored"
    );
    assert!(outbox_ids(&store, "proposal.submitted").await.is_empty());

    raw_ev.status = "proposals".into();
    update_event(&store, ev, &raw_ev).await.unwrap();
    let id = submit(&store, ev, org, Some(ana), &proposal_raw("Pooled savings"))
        .await
        .expect("the call is open");
    let p = proposal(&store, id).await;
    assert_eq!(p.state, ProposalState::Submitted);
    assert_eq!(p.event_id, ev);
    assert_eq!(p.organisation_id, org);
    assert_eq!(p.organisation_name, "Cooperativa Exemplo");
    assert_eq!(p.account_id, Some(ana));
    assert_eq!(p.title, "Pooled savings");
    assert_eq!(p.format, SessionFormat::Workshop);
    assert_eq!(p.languages, vec![Locale::En, Locale::Fr]);
    assert_eq!((p.session_id, p.decided_at), (None, None));
    assert!(p.reviews.is_empty() && p.score_tenths().is_none());
    assert_eq!(
        outbox_ids(&store, "proposal.submitted").await,
        vec![id],
        "reviewers are told about the new proposal"
    );
    assert_eq!(
        proposals::of_account(&store.db, ev, ana)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![id],
        "the proposer sees their proposal"
    );

    let missing = submit(
        &store,
        Uuid::now_v7(),
        org,
        Some(ana),
        &proposal_raw("Nowhere"),
    )
    .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound)),
        "an unknown event: {missing:?}"
    );
}
backends!(
    proposals_only_while_the_call_is_open,
    proposals_only_while_the_call_is_open_body
);

/// Every wrong field of a proposal is named; markup is text.
/// If this fails, users would see: a proposal without a title or description in the
/// reviewers' list, a format or language the programme cannot show, a session filed under
/// another event's track, or their title silently altered.
async fn proposal_fields_are_checked_body(store: Store) {
    let (ev, org) = open_call(&store, "call-fields").await;
    let other = new_event(&store, &cfp_event("call-other")).await;
    let finance = add_track(&store, ev, "finance", "Finance").await;
    let foreign = add_track(&store, other, "housing", "Housing").await;
    let ana = person(&store, "ana@example.org", "Ana").await;

    let cases: Vec<(&str, RawProposal, (&str, &'static str))> = vec![
        (
            "empty title",
            RawProposal {
                title: String::new(),
                ..proposal_raw("")
            },
            ("title", "error-required"),
        ),
        (
            "blank title",
            proposal_raw("   \t "),
            ("title", "error-required"),
        ),
        (
            "control characters in the title",
            proposal_raw("Pooled\u{0}savings"),
            ("title", "error-control-chars"),
        ),
        (
            "empty description",
            RawProposal {
                description: String::new(),
                ..proposal_raw("No description")
            },
            ("description", "error-required"),
        ),
        (
            "blank description",
            RawProposal {
                description: " \n ".into(),
                ..proposal_raw("Blank description")
            },
            ("description", "error-required"),
        ),
        (
            "unknown format",
            RawProposal {
                format: "keynote".into(),
                ..proposal_raw("Keynote")
            },
            ("format", "error-choice-invalid"),
        ),
        (
            "empty format",
            RawProposal {
                format: String::new(),
                ..proposal_raw("No format")
            },
            ("format", "error-choice-invalid"),
        ),
        (
            "unknown base language",
            RawProposal {
                lang: "xx".into(),
                ..proposal_raw("Unknown language")
            },
            ("lang", "error-language-invalid"),
        ),
        (
            "unknown spoken language",
            RawProposal {
                languages: "en,klingon".into(),
                ..proposal_raw("Klingon")
            },
            ("languages", "error-language-invalid"),
        ),
        (
            "a track of another event",
            RawProposal {
                track: foreign.to_string(),
                ..proposal_raw("Foreign track")
            },
            ("track", "error-choice-invalid"),
        ),
        (
            "a track that does not exist",
            RawProposal {
                track: Uuid::now_v7().to_string(),
                ..proposal_raw("Missing track")
            },
            ("track", "error-choice-invalid"),
        ),
        (
            "a track that is not an id",
            RawProposal {
                track: "finance'; --".into(),
                ..proposal_raw("Injected track")
            },
            ("track", "error-choice-invalid"),
        ),
    ];
    for (what, raw, (field, code)) in cases {
        assert_eq!(
            field_errors(submit(&store, ev, org, Some(ana), &raw).await),
            vec![fe(field, code)],
            "{what}"
        );
    }

    // Everything wrong at once: every field is named.
    let all_wrong = RawProposal {
        title: String::new(),
        description: String::new(),
        format: "keynote".into(),
        lang: "xx".into(),
        languages: "zz".into(),
        track: foreign.to_string(),
    };
    let errs: BTreeSet<_> = field_errors(submit(&store, ev, org, Some(ana), &all_wrong).await)
        .into_iter()
        .collect();
    assert_eq!(
        errs,
        BTreeSet::from([
            fe("title", "error-required"),
            fe("description", "error-required"),
            fe("format", "error-choice-invalid"),
            fe("lang", "error-language-invalid"),
            fe("languages", "error-language-invalid"),
            fe("track", "error-choice-invalid"),
        ]),
        "every wrong field is named"
    );
    assert!(
        proposals::list(&store.db, ev).await.unwrap().is_empty(),
        "no refused proposal is stored"
    );
    assert!(outbox_ids(&store, "proposal.submitted").await.is_empty());

    // Markup is text: stored verbatim (escaping is the web layer's job); spoken languages are
    // de-duplicated; a track of this event is kept.
    let hostile = RawProposal {
        title: "  <script>alert(1)</script> & 'quotes'  ".into(),
        description: "<b>bold</b> [x](javascript:alert(1))".into(),
        languages: "en, fr,en ko".into(),
        track: finance.to_string(),
        ..proposal_raw("")
    };
    let id = submit(&store, ev, org, Some(ana), &hostile)
        .await
        .expect("markup is allowed as text");
    let p = proposal(&store, id).await;
    assert_eq!(
        p.title, "<script>alert(1)</script> & 'quotes'",
        "title verbatim (trimmed)"
    );
    assert_eq!(p.description, "<b>bold</b> [x](javascript:alert(1))");
    assert_eq!(p.languages, vec![Locale::En, Locale::Fr, Locale::Ko]);
    assert_eq!(p.track, Some(finance));
    assert_eq!(
        proposals::list(&store.db, ev)
            .await
            .unwrap()
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>(),
        vec!["<script>alert(1)</script> & 'quotes'"],
        "the reviewers' list"
    );
    assert!(
        proposals::list(&store.db, other).await.unwrap().is_empty(),
        "another event's list"
    );
}
backends!(
    proposal_fields_are_checked,
    proposal_fields_are_checked_body
);

/// A description over the limit.
/// If this fails, users would see: two contradictory messages on one field ("too long" and
/// "required") for a description they did fill in.
async fn long_description_is_one_error_body(store: Store) {
    let (ev, org) = open_call(&store, "call-long").await;
    let long = RawProposal {
        description: "x".repeat(DESCRIPTION_MAX + 1),
        ..proposal_raw("A very long description")
    };
    assert_eq!(
        field_errors(submit(&store, ev, org, None, &long).await),
        vec![fe("description", "error-too-long")],
        "a description over the limit is too long, not missing"
    );
    let control = RawProposal {
        description: "Pooled\u{7}savings".into(),
        ..proposal_raw("A bell in the description")
    };
    assert_eq!(
        field_errors(submit(&store, ev, org, None, &control).await),
        vec![fe("description", "error-control-chars")],
        "a description with a control character is not missing either"
    );
}
backends!(
    long_description_is_one_error,
    long_description_is_one_error_body
);

// =============================================================================================
// Reviews
// =============================================================================================

/// Reviewers score 1 to 5, once each; the average is shown in tenths.
/// If this fails, users would see: scores of 0 or 6 (or "abc") skewing the ranking, one
/// reviewer counted twice after changing their mind, or a wrong average in the list.
async fn reviews_score_once_each_body(store: Store) {
    let (ev, org) = open_call(&store, "call-reviews").await;
    let id = submit(&store, ev, org, None, &proposal_raw("Pooled savings"))
        .await
        .unwrap();
    let ana = person(&store, "ana@example.org", "Ana Reviewer").await;
    let ben = person(&store, "ben@example.org", "Ben Reviewer").await;
    let chloe = person(&store, "chloe@example.org", "Chloé Reviewer").await;

    for bad in ["0", "6", "abc", "", " ", "-1", "3.5", "99999999999"] {
        assert_eq!(
            field_errors(review(&store, id, ana, bad, "").await),
            vec![fe("score", "error-score-invalid")],
            "score {bad:?}"
        );
    }
    assert_eq!(
        field_errors(review(&store, id, ana, "3", &"x".repeat(5_001)).await),
        vec![fe("comment", "error-too-long")],
        "a comment over the limit"
    );
    assert_eq!(
        review_rows(&store, id).await,
        0,
        "refused reviews leave no row"
    );
    assert!(
        matches!(
            review(&store, Uuid::now_v7(), ana, "3", "").await,
            Err(StoreError::NotFound)
        ),
        "reviewing a proposal that does not exist"
    );

    // Ana changes her mind: one review, the newer one.
    review(&store, id, ana, "2", "Thin.").await.unwrap();
    assert_eq!(proposal(&store, id).await.score_tenths(), Some(20));
    review(&store, id, ana, " 4 ", "Better after the call with them.")
        .await
        .unwrap();
    assert_eq!(review_rows(&store, id).await, 1, "one review per reviewer");
    let p = proposal(&store, id).await;
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].account_id, ana);
    assert_eq!(p.reviews[0].reviewer, "Ana Reviewer");
    assert_eq!(p.reviews[0].score, 4, "the second score replaces the first");
    assert_eq!(p.reviews[0].comment, "Better after the call with them.");
    assert_eq!(p.score_tenths(), Some(40));

    // 4 and 5: 4.5.
    review(&store, id, ben, "5", "").await.unwrap();
    assert_eq!(proposal(&store, id).await.score_tenths(), Some(45));
    // 4, 5 and 5: 4.666… shown as 4.7.
    review(&store, id, chloe, "5", "<b>Yes</b>").await.unwrap();
    let p = proposal(&store, id).await;
    assert_eq!(review_rows(&store, id).await, 3);
    assert_eq!(
        p.reviews
            .iter()
            .map(|r| (r.account_id, r.score))
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([(ana, 4), (ben, 5), (chloe, 5)])
    );
    assert_eq!(p.score_tenths(), Some(47), "(4 + 5 + 5) / 3 rounds to 4.7");
    let listed = proposals::list(&store.db, ev).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reviews.len(), 3, "the list carries the reviews");
    assert_eq!(listed[0].score_tenths(), Some(47));
    assert_eq!(
        p.reviews
            .iter()
            .find(|r| r.account_id == chloe)
            .map(|r| r.comment.as_str()),
        Some("<b>Yes</b>"),
        "a comment is stored verbatim"
    );

    // Ben lowers his score: 4, 1 and 5 make 3.3.
    review(&store, id, ben, "1", "On reflection, off topic.")
        .await
        .unwrap();
    assert_eq!(review_rows(&store, id).await, 3);
    assert_eq!(proposal(&store, id).await.score_tenths(), Some(33));
}
backends!(reviews_score_once_each, reviews_score_once_each_body);

// =============================================================================================
// Decisions
// =============================================================================================

/// A rejection is final.
/// If this fails, users would see: reviews still changing a decided proposal, a rejected
/// proposal later turned into a session, or no email telling the proposer.
async fn rejection_is_final_body(store: Store) {
    let (ev, org) = open_call(&store, "call-reject").await;
    let room = add_room(&store, ev, "main", "Main hall").await;
    let id = submit(&store, ev, org, None, &proposal_raw("Off topic"))
        .await
        .unwrap();
    let ana = person(&store, "ana@example.org", "Ana").await;
    let organiser = person(&store, "org@example.org", "Olga Organiser").await;
    review(&store, id, ana, "2", "").await.unwrap();

    let r = decide(&store, id, None, "Not this year.", Some(organiser)).await;
    assert_eq!(r.unwrap(), None, "a rejection schedules nothing");
    let p = proposal(&store, id).await;
    assert_eq!(p.state, ProposalState::Rejected);
    assert_eq!(p.session_id, None);
    assert!(p.decided_at.is_some(), "the decision time is recorded");
    assert_eq!(p.decision_note, "Not this year.");
    let row = proposal::Entity::find_by_id(id)
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.decided_by, Some(organiser), "who decided");
    assert_eq!(
        decided_messages(&store, id).await,
        vec!["rejected".to_owned()],
        "the proposer is told, once"
    );

    // Reviews and decisions after the fact are refused and change nothing.
    let r = review(&store, id, ana, "5", "Changed my mind").await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "a review after the decision: {r:?}"
    );
    let r = review(&store, id, organiser, "5", "").await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "a first review after the decision: {r:?}"
    );
    let p = proposal(&store, id).await;
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].score, 2, "the review is unchanged");

    let input = accepting(
        &store,
        &p,
        "2027-05-11T09:00",
        "2027-05-11T10:00",
        Some(room),
    )
    .await;
    let r = decide(&store, id, Some(&input), "", Some(organiser)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "accepting a rejected proposal: {r:?}"
    );
    let r = decide(&store, id, None, "Again.", Some(organiser)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "rejecting twice: {r:?}"
    );
    let p = proposal(&store, id).await;
    assert_eq!(p.state, ProposalState::Rejected);
    assert_eq!(p.decision_note, "Not this year.", "the first note stays");
    assert!(sessions(&store, ev).await.is_empty(), "nothing scheduled");
    assert_eq!(decided_messages(&store, id).await.len(), 1, "one email");
}
backends!(rejection_is_final, rejection_is_final_body);

/// Accepting schedules the proposal as a session of the programme.
/// If this fails, users would see: an accepted proposal missing from the programme (or
/// present under another title, at another time), no link between the two, or no email.
async fn acceptance_schedules_a_session_body(store: Store) {
    let (ev, org) = open_call(&store, "call-accept").await;
    let room = add_room(&store, ev, "main", "Main hall").await;
    let finance = add_track(&store, ev, "finance", "Finance").await;
    let organiser = person(&store, "org@example.org", "Olga Organiser").await;
    let ana = person(&store, "ana@example.org", "Ana").await;
    let id = submit(
        &store,
        ev,
        org,
        Some(ana),
        &RawProposal {
            track: finance.to_string(),
            format: "roundtable".into(),
            ..proposal_raw("Pooled savings, <em>together</em>")
        },
    )
    .await
    .unwrap();
    review(&store, id, organiser, "5", "").await.unwrap();

    let p = proposal(&store, id).await;
    let input = accepting(
        &store,
        &p,
        "2027-05-12T14:00",
        "2027-05-12T15:30",
        Some(room),
    )
    .await;
    let sid = decide(&store, id, Some(&input), "Welcome!", Some(organiser))
        .await
        .expect("accepting")
        .expect("an accepted proposal has a session");

    let all = sessions(&store, ev).await;
    assert_eq!(all.len(), 1, "one session in the programme");
    let s = &all[0];
    assert_eq!(s.id, sid);
    assert_eq!(s.title.text, "Pooled savings, <em>together</em>");
    assert_eq!(s.room, Some(room));
    assert_eq!(s.track, Some(finance));
    assert_eq!(s.format, SessionFormat::Roundtable);
    assert_eq!(s.languages, vec![Locale::En, Locale::Fr]);
    // 14:00 in Lisbon in May (UTC+1) is 13:00 UTC.
    assert_eq!(s.starts_at.to_rfc3339(), "2027-05-12T13:00:00+00:00");
    assert_eq!(s.ends_at.to_rfc3339(), "2027-05-12T14:30:00+00:00");

    let rows = sessions_of_proposal(&store, id).await;
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![sid],
        "the session points back at its proposal"
    );
    let p = proposal(&store, id).await;
    assert_eq!(p.state, ProposalState::Accepted);
    assert_eq!(
        p.session_id,
        Some(sid),
        "the proposal points at its session"
    );
    assert!(p.decided_at.is_some());
    assert_eq!(p.decision_note, "Welcome!");
    assert_eq!(
        decided_messages(&store, id).await,
        vec!["accepted".to_owned()],
        "the proposer is told, once"
    );
    assert!(
        outbox_ids(&store, "event.changed").await.contains(&ev),
        "the programme changed"
    );

    // Decided: no more reviews, no second decision, no second session.
    let r = review(&store, id, organiser, "1", "").await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "{r:?}"
    );
    let later = accepting(
        &store,
        &p,
        "2027-05-13T09:00",
        "2027-05-13T10:00",
        Some(room),
    )
    .await;
    let r = decide(&store, id, Some(&later), "", Some(organiser)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "{r:?}"
    );
    let r = decide(&store, id, None, "", Some(organiser)).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-proposal-decided"))),
        "{r:?}"
    );
    assert_eq!(sessions(&store, ev).await.len(), 1);
    assert_eq!(proposal(&store, id).await.state, ProposalState::Accepted);
}
backends!(
    acceptance_schedules_a_session,
    acceptance_schedules_a_session_body
);

/// Accepting into a room that is taken at that time is refused, and the proposal stays open.
/// If this fails, users would see: two sessions printed in one room at one time, or a
/// proposal marked accepted (and its proposer emailed) with no session in the programme.
async fn acceptance_into_a_taken_room_body(store: Store) {
    let (ev, org) = open_call(&store, "call-clash").await;
    let other = new_event(&store, &cfp_event("call-clash-other")).await;
    let main = add_room(&store, ev, "main", "Main hall").await;
    let elsewhere = add_room(&store, other, "main", "Other main hall").await;
    let opening = super::create_session(
        &store,
        ev,
        &raw_session(
            "Opening",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(main),
        ),
        &[],
    )
    .await
    .unwrap();
    let id = submit(&store, ev, org, None, &proposal_raw("Pooled savings"))
        .await
        .unwrap();
    let p = proposal(&store, id).await;

    let clash = accepting(
        &store,
        &p,
        "2027-05-11T10:00",
        "2027-05-11T11:00",
        Some(main),
    )
    .await;
    assert_eq!(
        field_errors(decide(&store, id, Some(&clash), "Welcome!", None).await),
        vec![fe("room", "error-room-double-booked")],
        "the room holds the opening then"
    );
    let foreign = accepting(
        &store,
        &p,
        "2027-05-12T10:00",
        "2027-05-12T11:00",
        Some(elsewhere),
    )
    .await;
    assert_eq!(
        field_errors(decide(&store, id, Some(&foreign), "", None).await),
        vec![fe("room", "error-choice-invalid")],
        "a room of another event"
    );

    // Rolled back: still undecided, nothing scheduled, nobody emailed.
    let p = proposal(&store, id).await;
    assert_eq!(p.state, ProposalState::Submitted, "still open for decision");
    assert_eq!((p.session_id, p.decided_at), (None, None));
    assert_eq!(p.decision_note, "");
    assert_eq!(
        sessions(&store, ev)
            .await
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        vec![opening],
        "only the opening"
    );
    assert!(sessions_of_proposal(&store, id).await.is_empty());
    assert!(decided_messages(&store, id).await.is_empty());

    // Reviews still work, and the organiser can pick the next slot.
    review(
        &store,
        id,
        person(&store, "ana@example.org", "Ana").await,
        "4",
        "",
    )
    .await
    .expect("still reviewable");
    let next = accepting(
        &store,
        &p,
        "2027-05-11T10:30",
        "2027-05-11T11:30",
        Some(main),
    )
    .await;
    let sid = decide(&store, id, Some(&next), "", None)
        .await
        .expect("back to back with the opening")
        .unwrap();
    assert_eq!(proposal(&store, id).await.session_id, Some(sid));
    assert_eq!(sessions(&store, ev).await.len(), 2);
}
backends!(
    acceptance_into_a_taken_room,
    acceptance_into_a_taken_room_body
);

// =============================================================================================
// Concurrency
// =============================================================================================

/// Ten organisers accept the same proposal at the same moment; then ten more accept or
/// reject another one.
/// If this fails, users would see: one proposal in the programme twice, a proposal both
/// accepted and rejected, or the proposer getting several contradictory emails.
async fn concurrent_decisions_body(store: Store) {
    let (ev, org) = open_call(&store, "call-race").await;
    let room = add_room(&store, ev, "main", "Main hall").await;
    let first = submit(&store, ev, org, None, &proposal_raw("Pooled savings"))
        .await
        .unwrap();
    let p = proposal(&store, first).await;
    let input = accepting(
        &store,
        &p,
        "2027-05-11T14:00",
        "2027-05-11T15:00",
        Some(room),
    )
    .await;

    let results = race(10, |_| {
        let (store, input) = (store.clone(), input.clone());
        async move { decide(&store, first, Some(&input), "", None).await }
    })
    .await;
    let mut winners = Vec::new();
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(Some(sid)) => winners.push(*sid),
            Err(StoreError::Conflict("error-proposal-decided")) => {}
            other => panic!("racer {i}: unexpected {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one decision: {results:?}");
    assert_eq!(
        sessions(&store, ev)
            .await
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        winners,
        "exactly one session"
    );
    assert_eq!(sessions_of_proposal(&store, first).await.len(), 1);
    let p = proposal(&store, first).await;
    assert_eq!(p.state, ProposalState::Accepted);
    assert_eq!(p.session_id, Some(winners[0]));
    assert_eq!(
        decided_messages(&store, first).await,
        vec!["accepted".to_owned()],
        "one email"
    );

    // Accept and reject at the same moment: one wins and the outcome is consistent.
    let second = submit(&store, ev, org, None, &proposal_raw("Housing co-ops"))
        .await
        .unwrap();
    let p = proposal(&store, second).await;
    let input = accepting(
        &store,
        &p,
        "2027-05-12T14:00",
        "2027-05-12T15:00",
        Some(room),
    )
    .await;
    let results = race(10, |i| {
        let (store, input) = (store.clone(), input.clone());
        async move {
            let session = (i % 2 == 0).then_some(&input);
            decide(&store, second, session, "", None).await
        }
    })
    .await;
    let mut won = Vec::new();
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(s) => won.push((i, *s)),
            Err(StoreError::Conflict("error-proposal-decided")) => {}
            other => panic!("racer {i}: unexpected {other:?}"),
        }
    }
    assert_eq!(won.len(), 1, "exactly one decision: {results:?}");
    let (winner, session) = won[0];
    let p = proposal(&store, second).await;
    if winner % 2 == 0 {
        let sid = session.expect("an acceptance has a session");
        assert_eq!(p.state, ProposalState::Accepted);
        assert_eq!(p.session_id, Some(sid));
        assert_eq!(sessions_of_proposal(&store, second).await.len(), 1);
        assert_eq!(decided_messages(&store, second).await, vec!["accepted"]);
    } else {
        assert_eq!(session, None);
        assert_eq!(p.state, ProposalState::Rejected);
        assert_eq!(p.session_id, None);
        assert!(sessions_of_proposal(&store, second).await.is_empty());
        assert_eq!(decided_messages(&store, second).await, vec!["rejected"]);
    }
    eprintln!(
        "{}: mixed race won by an {}",
        if is_postgres(&store) {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        if winner % 2 == 0 {
            "acceptance"
        } else {
            "rejection"
        }
    );
}
backends!(concurrent_decisions, concurrent_decisions_body);

/// Ten organisers each accept a different proposal into the same room at the same time, at
/// the same moment.
/// If this fails, users would see: several sessions printed in one room at one time — the
/// conflict check that refuses this one click at a time let it through when the clicks
/// overlap.
async fn concurrent_acceptances_into_one_room_body(store: Store) {
    let (ev, org) = open_call(&store, "call-room-race").await;
    let room = add_room(&store, ev, "main", "Main hall").await;
    let mut inputs = Vec::new();
    for i in 0..10 {
        let id = submit(
            &store,
            ev,
            org,
            None,
            &proposal_raw(&format!("Proposal {i}")),
        )
        .await
        .unwrap();
        let p = proposal(&store, id).await;
        let input = accepting(
            &store,
            &p,
            "2027-05-11T14:00",
            "2027-05-11T15:00",
            Some(room),
        )
        .await;
        inputs.push((id, input));
    }
    let results = race(10, |i| {
        let (store, (id, input)) = (store.clone(), inputs[i].clone());
        async move { decide(&store, id, Some(&input), "", None).await }
    })
    .await;
    let mut accepted = Vec::new();
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(_) => accepted.push(inputs[i].0),
            Err(StoreError::Invalid(errs))
                if errs.iter().all(|e| {
                    (e.field.as_str(), e.code) == ("room", "error-room-double-booked")
                }) => {}
            other => panic!("racer {i}: unexpected {other:?}"),
        }
    }
    let in_room: Vec<_> = sessions(&store, ev)
        .await
        .into_iter()
        .filter(|s| s.room == Some(room))
        .map(|s| s.title.text)
        .collect();
    assert_eq!(
        accepted.len(),
        1,
        "one proposal gets the room; accepted: {accepted:?}, sessions in the room: {in_room:?}"
    );
    assert_eq!(in_room.len(), 1, "one session in the room: {in_room:?}");
    for (id, _) in &inputs {
        let state = proposal(&store, *id).await.state;
        let expected = if accepted.contains(id) {
            ProposalState::Accepted
        } else {
            ProposalState::Submitted
        };
        assert_eq!(state, expected, "proposal {id}");
    }
}
backends!(
    concurrent_acceptances_into_one_room,
    concurrent_acceptances_into_one_room_body
);

/// If this fails, removing a track would silently take it from the proposals filed under it.
async fn a_track_with_proposals_stays_body(store: Store) {
    let (ev, org) = open_call(&store, "cfp-track-kept").await;
    let track = add_track(&store, ev, "care", "Care economy").await;
    let spare = add_track(&store, ev, "spare", "Spare track").await;
    let id = submit(
        &store,
        ev,
        org,
        None,
        &RawProposal {
            track: track.to_string(),
            ..proposal_raw("Care co-operatives")
        },
    )
    .await
    .unwrap();
    let remove = |t: Uuid| {
        let store = store.clone();
        async move {
            let txn = store.begin_write().await?;
            pumasi_store::events::setup::remove(
                &txn,
                ev,
                pumasi_store::events::setup::Part::Track,
                t,
                None,
            )
            .await?;
            txn.commit().await?;
            Ok::<(), StoreError>(())
        }
    };
    assert_eq!(
        field_errors(remove(track).await),
        vec![fe("list-track", "error-track-in-use")]
    );
    assert_eq!(proposal(&store, id).await.track, Some(track));
    remove(spare).await.expect("a track nobody uses goes");
}
backends!(
    a_track_with_proposals_stays,
    a_track_with_proposals_stays_body
);
