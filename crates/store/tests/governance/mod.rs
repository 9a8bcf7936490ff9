//! Governance at the storage level: a thousand ballots at once (duplicates included) leave one
//! ballot per member; secret ballots cannot be linked to voters from the stored rows; proxies,
//! eligibility and closing times are enforced; a tampered ballot or log entry is caught by the
//! verification; an election gives its winners their mandates. Every body runs on SQLite and
//! PostgreSQL (see `support`).

use crate::race;
use crate::support::{create, is_postgres, raw};
use chrono::{DateTime, Duration, Utc};
use pumasi_domain::governance::body::{MandateInput, RawBody, RawMandate};
use pumasi_domain::governance::motion::{MandateRole, MotionInput, RawMotion};
use pumasi_domain::governance::{NO, YES};
use pumasi_store::entities::{gov_ballot, gov_motion_log, organisation};
use pumasi_store::governance::motions::{self, Caster, Elects, Motion};
use pumasi_store::governance::{self, Body};
use pumasi_store::sea_orm::sea_query::Expr;
use pumasi_store::sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
};
use pumasi_store::{Store, StoreError};
use std::collections::BTreeSet;
use uuid::Uuid;

backends!(a_thousand_ballots_at_once, a_thousand_ballots_at_once_body);
backends!(
    secret_ballots_are_unlinkable,
    secret_ballots_are_unlinkable_body
);
backends!(who_may_vote_and_when, who_may_vote_and_when_body);
backends!(
    verification_catches_tampering,
    verification_catches_tampering_body
);
backends!(elections_give_mandates, elections_give_mandates_body);

/// `n` full members in good standing, spread over the five colleges; returns their ids.
async fn full_members(store: &Store, prefix: &str, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = raw(&format!("{prefix} {i:04} (fictional)"), "FR", "Lyon");
        r.class = "full".into();
        r.category = "local_government".into();
        r.college = ((i % 5) + 1).to_string();
        r.first_fee_paid_on = "2024-01-15".into();
        r.leader_email = format!("leader{i}@{}.example", prefix.to_lowercase());
        ids.push(create(store, &r).await);
    }
    ids
}

async fn ga(store: &Store) -> Body {
    governance::ensure_standard_bodies(&store.db).await.unwrap();
    governance::body_by_slug(&store.db, "general-assembly")
        .await
        .unwrap()
}

fn motion_input(kind: &str, options: &str, secret: bool, changeable: bool) -> MotionInput {
    let now = Utc::now();
    RawMotion {
        title: "Adopt the 2027 work plan".into(),
        text: "The assembly adopts the work plan.".into(),
        lang: "en".into(),
        kind: kind.into(),
        options: options.into(),
        max_choices: "2".into(),
        seats: if kind == "up_to" { "2" } else { "1" }.into(),
        weighting: "college".into(),
        quorum: "10".into(),
        majority: "simple".into(),
        secret: if secret { "on" } else { "" }.into(),
        changeable: if changeable { "on" } else { "" }.into(),
        proxy_limit: "2".into(),
        opens_at: (now - Duration::hours(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        closes_at: (now + Duration::hours(2))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        time_zone: "UTC".into(),
        ..RawMotion::default()
    }
    .validate(&[(1, 3000), (2, 3000), (3, 2000), (4, 1000), (5, 1000)])
    .expect("valid motion")
}

async fn open_motion(store: &Store, body: &Body, input: &MotionInput) -> Motion {
    let txn = store.begin_write().await.unwrap();
    let m = motions::create(&txn, body, input, None, None)
        .await
        .unwrap();
    let m = motions::open(&txn, m.id, Utc::now(), None).await.unwrap();
    txn.commit().await.unwrap();
    m
}

async fn cast(
    store: &Store,
    motion: Uuid,
    who: Caster,
    choices: &[u32],
    t: DateTime<Utc>,
) -> Result<String, StoreError> {
    let txn = store.begin_write().await?;
    let r = motions::cast(&txn, motion, who, choices, t, rand_u128()).await;
    if r.is_ok() {
        txn.commit().await?;
    }
    r
}

fn rand_u128() -> u128 {
    Uuid::new_v4().as_u128()
}

fn own(member: Uuid) -> Caster {
    Caster {
        account: Uuid::nil(),
        acting_for: member,
        member,
    }
}

async fn close(store: &Store, id: Uuid, t: DateTime<Utc>) -> motions::Closed {
    let txn = store.begin_write().await.unwrap();
    let c = motions::close(&txn, id, t, None).await.unwrap();
    txn.commit().await.unwrap();
    c
}

async fn a_thousand_ballots_at_once_body(store: Store) {
    let members = full_members(&store, "Voter", 700).await;
    let body = ga(&store).await;
    let m = open_motion(&store, &body, &motion_input("yes_no", "", false, false)).await;
    assert_eq!(m.eligible_count, 700);
    // 1,000 casts at once: every member once, and 300 of them a second time with another vote.
    let t = Utc::now();
    let results = race(1000, |i| {
        let store = store.clone();
        let member = members[i % 700];
        let choice = if i < 700 { YES } else { NO };
        async move { cast(&store, m.id, own(member), &[choice], t).await }
    })
    .await;
    let mut ok = 0;
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict("error-already-voted")) => {}
            Err(StoreError::Db(e)) if !is_postgres(&store) => panic!("SQLite racer {i}: {e}"),
            Err(e) => panic!("racer {i}: {e:?}"),
        }
    }
    assert_eq!(ok, 700, "one accepted ballot per member");
    let stored = gov_ballot::Entity::find()
        .filter(gov_ballot::Column::MotionId.eq(m.id))
        .all(&store.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 700);
    let distinct: BTreeSet<Uuid> = stored.iter().filter_map(|b| b.member_id).collect();
    assert_eq!(distinct.len(), 700, "no member has two ballots");
    // Every member's first accepted ballot stands (votes are final here): yes or no, whichever
    // came first; the count adds up to what was stored.
    let closed = close(&store, m.id, m.closes_at).await;
    assert_eq!(closed.tally.cast, 700);
    assert_eq!(closed.tally.eligible, 700);
    let yes = stored.iter().filter(|b| b.choices == "0").count() as u64;
    let counted: u64 = closed.tally.groups.iter().map(|g| g.votes[0]).sum();
    assert_eq!(counted, yes);
    let v = motions::verify(&store.db, &m.reference, None)
        .await
        .unwrap();
    assert!(v.ok(), "{v:?}");

    // The same with changeable votes: the last one counts, still one ballot per member.
    let m = open_motion(&store, &body, &motion_input("yes_no", "", false, true)).await;
    let results = race(1000, |i| {
        let store = store.clone();
        let member = members[i % 700];
        let choice = if i < 700 { YES } else { NO };
        async move { cast(&store, m.id, own(member), &[choice], t).await }
    })
    .await;
    assert!(results.iter().all(Result::is_ok), "changes are accepted");
    let stored = gov_ballot::Entity::find()
        .filter(gov_ballot::Column::MotionId.eq(m.id))
        .all(&store.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 700);
    let m2 = motions::by_id(&store.db, m.id).await.unwrap();
    assert_eq!(m2.ballot_writes, 1000);
    let entries = motions::log_entries(&store.db, m.id).await.unwrap();
    assert_eq!(
        entries.iter().filter(|e| e.kind == "ballot").count(),
        1000,
        "every accepted write is in the log"
    );
    assert_eq!(
        pumasi_domain::governance::motion::verify_chain(&entries),
        Ok(())
    );
}

async fn secret_ballots_are_unlinkable_body(store: Store) {
    let members = full_members(&store, "Secret", 30).await;
    let body = ga(&store).await;
    let labels: String = (0..30).map(|i| format!("Option {i}\n")).collect();
    let m = open_motion(&store, &body, &motion_input("one", &labels, true, false)).await;
    // Member i votes for option i, in order, so the order of voting is known to the test.
    let t = Utc::now();
    let mut receipts = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let code = cast(&store, m.id, own(*member), &[i as u32], t)
            .await
            .unwrap();
        receipts.push(code);
    }
    // A second ballot of a member is refused: secret ballots are final.
    assert!(matches!(
        cast(&store, m.id, own(members[3]), &[0], t).await,
        Err(StoreError::Conflict("error-already-voted"))
    ));
    let check = |rows: &[gov_ballot::Model]| {
        let member_strings: Vec<String> = members.iter().map(ToString::to_string).collect();
        for b in rows {
            assert!(b.member_id.is_none() && b.cast_by.is_none() && b.cast_at.is_none());
            assert!(!b.via_proxy);
            assert_eq!(b.id.get_version_num(), 4, "random ids carry no time");
            for field in [&b.choices, &b.receipt_hash] {
                assert!(!member_strings.iter().any(|s| field.contains(s.as_str())));
            }
        }
    };
    let scan = |sql: &'static str| {
        let store = store.clone();
        async move {
            store
                .db
                .query_all_raw(Statement::from_string(store.backend(), sql))
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.try_get::<String>("", "choices").unwrap())
                .collect::<Vec<String>>()
        }
    };
    let voting_order: Vec<String> = (0..30).map(|i: u32| i.to_string()).collect();
    let rows = gov_ballot::Entity::find().all(&store.db).await.unwrap();
    check(&rows);
    // Nothing in the stored order follows the order of voting (physical order of a plain scan).
    if store.backend() == DbBackend::Sqlite {
        assert!(
            store
                .db
                .query_all_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT rowid FROM gov_ballot"
                ))
                .await
                .is_err(),
            "gov_ballot has no rowid"
        );
        assert_ne!(scan("SELECT choices FROM gov_ballot").await, voting_order);
    }
    // No log entry per secret ballot.
    let entries = motions::log_entries(&store.db, m.id).await.unwrap();
    assert!(entries.iter().all(|e| e.kind != "ballot"));
    for e in &entries {
        for (i, member) in members.iter().enumerate() {
            // The opening entry lists the eligible members; nothing ties one to an option.
            if e.kind != "opened" {
                assert!(
                    !e.payload.contains(&member.to_string()),
                    "{i} in {}",
                    e.kind
                );
            }
        }
    }
    // After closing, the rows are rewritten in random-key order on every backend.
    close(&store, m.id, m.closes_at).await;
    let rows = gov_ballot::Entity::find().all(&store.db).await.unwrap();
    assert_eq!(rows.len(), 30);
    check(&rows);
    assert_ne!(scan("SELECT choices FROM gov_ballot").await, voting_order);
    if is_postgres(&store) {
        assert_ne!(
            scan("SELECT choices FROM gov_ballot ORDER BY ctid").await,
            voting_order
        );
    }
    // Each voter still finds their ballot, as cast, with the receipt.
    for (i, code) in receipts.iter().enumerate() {
        let b = motions::by_receipt(&store.db, m.id, code)
            .await
            .unwrap()
            .expect("the receipt finds its ballot");
        assert_eq!(b.choices, vec![i as u32]);
    }
    assert!(
        motions::by_receipt(&store.db, m.id, "0000-0000-0000-0000-0000-0000-00")
            .await
            .unwrap()
            .is_none()
    );
}

async fn who_may_vote_and_when_body(store: Store) {
    let members = full_members(&store, "Member", 6).await;
    let mut allied = raw("Allied network (fictional)", "KR", "Seoul");
    allied.first_fee_paid_on = "2024-01-01".into();
    let allied = create(&store, &allied).await;
    let body = ga(&store).await;
    let m = open_motion(&store, &body, &motion_input("yes_no", "", false, true)).await;
    let t = Utc::now();
    let refused = |r: Result<String, StoreError>| match r {
        Err(StoreError::Conflict(c)) => c,
        Err(StoreError::Invalid(e)) => e[0].code,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // Not eligible: an allied member, a forged id.
    assert_eq!(
        refused(cast(&store, m.id, own(allied), &[YES], t).await),
        "error-not-eligible"
    );
    assert_eq!(
        refused(cast(&store, m.id, own(Uuid::now_v7()), &[YES], t).await),
        "error-not-eligible"
    );
    // Malformed ballots.
    for bad in [&[7u32][..], &[], &[YES, NO]] {
        let code = refused(cast(&store, m.id, own(members[0]), bad, t).await);
        assert!(code.starts_with("error-ballot"), "{bad:?}: {code}");
    }
    // A member suspended after opening cannot vote.
    organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, Expr::value("suspended"))
        .filter(organisation::Column::Id.eq(members[5]))
        .exec(&store.db)
        .await
        .unwrap();
    assert_eq!(
        refused(cast(&store, m.id, own(members[5]), &[YES], t).await),
        "error-member-suspended"
    );
    // Proxies: 1 and 2 give theirs to 0; 3 cannot (limit 2); 0 votes for 1; 1 cannot vote.
    let give = |from: Uuid, to: Uuid| {
        let store = store.clone();
        async move {
            let txn = store.begin_write().await?;
            motions::give_proxy(&txn, m.id, from, to, None, Utc::now()).await?;
            txn.commit().await?;
            Ok::<(), StoreError>(())
        }
    };
    give(members[1], members[0]).await.unwrap();
    give(members[2], members[0]).await.unwrap();
    assert!(matches!(
        give(members[3], members[0]).await,
        Err(StoreError::Invalid(e)) if e[0].code == "error-proxy-limit"
    ));
    assert!(matches!(
        give(members[0], members[3]).await,
        Err(StoreError::Invalid(e)) if e[0].code == "error-proxy-chain"
    ));
    let for_1 = Caster {
        account: Uuid::nil(),
        acting_for: members[0],
        member: members[1],
    };
    cast(&store, m.id, for_1, &[NO], t).await.unwrap();
    assert_eq!(
        refused(cast(&store, m.id, own(members[1]), &[YES], t).await),
        "error-proxy-given"
    );
    // 3 does not hold 4's proxy.
    let not_holder = Caster {
        account: Uuid::nil(),
        acting_for: members[3],
        member: members[4],
    };
    assert_eq!(
        refused(cast(&store, m.id, not_holder, &[YES], t).await),
        "error-not-proxy-holder"
    );
    // A changed vote: the last counts, the ballot stays one.
    cast(&store, m.id, own(members[0]), &[YES], t)
        .await
        .unwrap();
    cast(&store, m.id, own(members[0]), &[NO], t).await.unwrap();
    // Before the opening time and after the closing time nothing is taken.
    assert_eq!(
        refused(
            cast(
                &store,
                m.id,
                own(members[3]),
                &[YES],
                m.opens_at - Duration::seconds(1)
            )
            .await
        ),
        "error-motion-closed"
    );
    assert_eq!(
        refused(cast(&store, m.id, own(members[3]), &[YES], m.closes_at).await),
        "error-motion-closed"
    );
    // Closing early is refused; at the closing time it counts two ballots, both "no".
    {
        let txn = store.begin_write().await.unwrap();
        assert!(matches!(
            motions::close(&txn, m.id, t, None).await,
            Err(StoreError::Conflict("error-motion-still-open"))
        ));
    }
    let closed = close(&store, m.id, m.closes_at).await;
    assert_eq!(closed.tally.cast, 2);
    assert_eq!(closed.tally.winners, vec![NO]);
    assert_eq!(
        refused(cast(&store, m.id, own(members[3]), &[YES], t).await),
        "error-motion-closed",
        "a closed motion takes nothing, whatever the clock says"
    );

    // With the dues rule, a member with overdue dues is not eligible.
    let mut input = motion_input("yes_no", "", false, false);
    input.rules.dues_rule = pumasi_domain::governance::motion::DuesRule::ExcludeOverdue;
    pumasi_store::entities::dues::Entity::insert(pumasi_store::entities::dues::ActiveModel {
        id: pumasi_store::sea_orm::ActiveValue::Set(Uuid::now_v7()),
        organisation_id: pumasi_store::sea_orm::ActiveValue::Set(members[4]),
        year: pumasi_store::sea_orm::ActiveValue::Set(2025),
        amount_minor: pumasi_store::sea_orm::ActiveValue::Set(100_000),
        currency: pumasi_store::sea_orm::ActiveValue::Set("EUR".into()),
        due_on: pumasi_store::sea_orm::ActiveValue::Set(
            chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        ),
        paid_on: pumasi_store::sea_orm::ActiveValue::Set(None),
        waived: pumasi_store::sea_orm::ActiveValue::Set(false),
        postponed_until: pumasi_store::sea_orm::ActiveValue::Set(None),
        reason: pumasi_store::sea_orm::ActiveValue::Set(String::new()),
    })
    .exec_without_returning(&store.db)
    .await
    .unwrap();
    let m = open_motion(&store, &body, &input).await;
    // Five members in good standing minus the suspended one minus the one with overdue dues.
    assert_eq!(m.eligible_count, 4);
    assert_eq!(
        refused(cast(&store, m.id, own(members[4]), &[YES], t).await),
        "error-not-eligible"
    );
}

async fn verification_catches_tampering_body(store: Store) {
    let members = full_members(&store, "Checked", 10).await;
    let body = ga(&store).await;
    let m = open_motion(&store, &body, &motion_input("yes_no", "", false, false)).await;
    let t = Utc::now();
    for (i, member) in members.iter().enumerate() {
        cast(
            &store,
            m.id,
            own(*member),
            &[if i < 7 { YES } else { NO }],
            t,
        )
        .await
        .unwrap();
    }
    let closed = close(&store, m.id, m.closes_at).await;
    assert_eq!(closed.tally.winners, vec![YES]);
    let v = motions::verify(&store.db, &m.reference, None)
        .await
        .unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.published.as_ref(), Some(&v.recomputed));
    // The downloaded list, recounted on its own, gives the published result.
    let list = motions::ballot_list(&store.db, m.id).await.unwrap();
    assert_eq!(
        pumasi_domain::governance::motion::recount(&list),
        closed.tally
    );
    // A ballot changed in the database after closing.
    let b = gov_ballot::Entity::find()
        .filter(gov_ballot::Column::MotionId.eq(m.id))
        .filter(gov_ballot::Column::Choices.eq("1"))
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    gov_ballot::Entity::update_many()
        .col_expr(gov_ballot::Column::Choices, Expr::value("0"))
        .filter(gov_ballot::Column::Id.eq(b.id))
        .exec(&store.db)
        .await
        .unwrap();
    let v = motions::verify(&store.db, &m.reference, None)
        .await
        .unwrap();
    assert!(!v.digest_matches && !v.result_matches && v.chain.is_ok());
    // A log entry rewritten.
    gov_motion_log::Entity::update_many()
        .col_expr(gov_motion_log::Column::Payload, Expr::value("{}"))
        .filter(gov_motion_log::Column::MotionId.eq(m.id))
        .filter(gov_motion_log::Column::Seq.eq(2))
        .exec(&store.db)
        .await
        .unwrap();
    let v = motions::verify(&store.db, &m.reference, None)
        .await
        .unwrap();
    assert_eq!(v.chain, Err(2));
    // A stuffed list offered for verification does not match either.
    let mut stuffed = list.clone();
    stuffed.ballots.pop();
    let v = motions::verify(&store.db, &m.reference, Some(stuffed))
        .await
        .unwrap();
    assert!(!v.digest_matches);
}

async fn elections_give_mandates_body(store: Store) {
    governance::ensure_standard_bodies(&store.db).await.unwrap();
    let voters = full_members(&store, "Elector", 10).await;
    // Candidates: two European cities and one Asian; continent cap 1 per continent here.
    let mut cands = Vec::new();
    for (name, cc, city) in [
        ("Lyon city (fictional)", "FR", "Lyon"),
        ("Bilbao network (fictional)", "ES", "Bilbao"),
        ("Gwangju city (fictional)", "KR", "Gwangju"),
    ] {
        cands.push(create(&store, &raw(name, cc, city)).await);
    }
    let committee = {
        let input = RawBody {
            name: "Election committee test body".into(),
            kind: "committee".into(),
            lang: "en".into(),
            max_per_continent: "1".into(),
            ..RawBody::default()
        }
        .validate()
        .unwrap();
        let id = governance::create_body(&store.db, &input, None)
            .await
            .unwrap();
        governance::body_by_id(&store.db, id).await.unwrap()
    };
    let ga = ga(&store).await;
    let input = motion_input("up_to", "Lyon\nBilbao\nGwangju", false, false);
    let txn = store.begin_write().await.unwrap();
    let m = motions::create(
        &txn,
        &ga,
        &input,
        Some(&Elects {
            body_id: committee.id,
            role: MandateRole::Member,
            term_ends_on: chrono::NaiveDate::from_ymd_opt(2028, 12, 31),
            candidates: cands.clone(),
        }),
        None,
    )
    .await
    .unwrap();
    let m = motions::open(&txn, m.id, Utc::now(), None).await.unwrap();
    txn.commit().await.unwrap();
    let t = Utc::now();
    // Lyon and Bilbao get the most votes, but Europe may hold only one seat.
    for (i, v) in voters.iter().enumerate() {
        let choice: &[u32] = if i < 8 { &[0, 1] } else { &[2] };
        cast(&store, m.id, own(*v), choice, t).await.unwrap();
    }
    let closed = close(&store, m.id, m.closes_at).await;
    assert_eq!(closed.mandates.len(), 2);
    let ms = governance::mandates(&store.db, committee.id).await.unwrap();
    let holders: BTreeSet<String> = ms
        .iter()
        .filter_map(|x| x.organisation.as_ref().map(|o| o.slug.clone()))
        .collect();
    assert_eq!(holders.len(), 2);
    assert!(
        holders.iter().any(|s| s.starts_with("gwangju")),
        "{holders:?}"
    );
    assert!(holders.iter().any(|s| s.starts_with("lyon")), "{holders:?}");
    assert!(ms.iter().all(|x| x.motion_id == Some(m.id)));
    // Continent balance also holds for mandates added by hand.
    let bilbao = organisation::Entity::find_by_id(cands[1])
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    let more = RawMandate {
        organisation: bilbao.slug,
        role: "member".into(),
        // The day the elected mandates start (the close in the body's time zone, which may
        // already be tomorrow in UTC terms).
        starts_on: ms[0].starts_on.to_string(),
        obtained: "appointed".into(),
        ..RawMandate::default()
    };
    let more: MandateInput = more.validate().unwrap();
    let r = governance::add_mandate(&store.db, &committee, &more, None, None).await;
    assert!(
        matches!(r, Err(StoreError::Conflict("error-continent-full"))),
        "{r:?}"
    );
    // Ending a mandate keeps it in the history.
    governance::end_mandate(
        &store.db,
        ms[0].id,
        Utc::now().date_naive().max(ms[0].starts_on),
        "Resigned",
        None,
    )
    .await
    .unwrap();
    let ms2 = governance::mandates(&store.db, committee.id).await.unwrap();
    assert_eq!(ms2.len(), 2);
    assert!(ms2.iter().any(|x| x.note.contains("Resigned")));
}

backends!(
    one_active_signature_per_organisation,
    one_active_signature_per_organisation_body
);

async fn one_active_signature_per_organisation_body(store: Store) {
    use pumasi_domain::governance::declaration::{RawDeclaration, SignatureInput, SignatureStatus};
    use pumasi_store::governance::declarations;
    let orgs = full_members(&store, "Signer", 2).await;
    let draft = RawDeclaration {
        title: "Declaration for the test (fictional)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons.".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    let id = declarations::create(&store.db, &draft, true, None)
        .await
        .unwrap();
    let input = SignatureInput {
        signer_name: "Jeanne Dupont".into(),
        signer_title: "Maire <script>alert(1)</script>".into(),
        signed_on: Utc::now().date_naive(),
    };
    // Not adopted yet: nobody signs.
    assert!(matches!(
        declarations::sign(&store.db, id, orgs[0], &input, None, None).await,
        Err(StoreError::Conflict("error-not-adopted"))
    ));
    let assembly = ga(&store).await;
    let meeting = pumasi_store::governance::meetings::create(
        &store.db,
        &assembly,
        &pumasi_domain::governance::meeting::RawMeeting {
            title: "General assembly in Lyon".into(),
            lang: "fr".into(),
            starts_at: "2026-10-01T09:00".into(),
            ends_at: "2026-10-01T18:00".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        None,
    )
    .await
    .unwrap();
    declarations::adopt(
        &store.db,
        id,
        Utc::now().date_naive(),
        "Lyon",
        Some(meeting.id),
        None,
    )
    .await
    .unwrap();
    let adopted = declarations::list(&store.db).await.unwrap();
    assert_eq!(
        adopted[0].adopted_meeting,
        Some(meeting.id),
        "the adoption record names the meeting"
    );
    // The adopted version is frozen: revising makes version 2, version 1 stays.
    assert_eq!(
        declarations::revise(&store.db, id, "Texte modifié.", None)
            .await
            .unwrap(),
        2
    );
    let versions = declarations::versions(&store.db, id).await.unwrap();
    assert_eq!(versions[0].text, "Nous nous engageons.");
    assert!(versions[0].frozen && !versions[1].frozen);
    // Twenty clicks at once from one organisation: one signature.
    let results = race(20, |_| {
        let store = store.clone();
        let input = input.clone();
        let org = orgs[0];
        async move {
            let txn = store.begin_write().await?;
            let r = declarations::sign(&txn, id, org, &input, None, None).await;
            if r.is_ok() {
                txn.commit().await?;
            }
            r
        }
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    for r in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, StoreError::Conflict("error-already-signed"))
                    || (!is_postgres(&store) && matches!(e, StoreError::Db(_))),
                "{e:?}"
            );
        }
    }
    let sigs = declarations::signatures(&store.db, id).await.unwrap();
    assert_eq!(sigs.len(), 1);
    assert_eq!(sigs[0].status, SignatureStatus::Pending);
    assert_eq!(sigs[0].signer_title, "Maire <script>alert(1)</script>");
    // A file that is not an image is refused.
    assert!(matches!(
        declarations::sign(&store.db, id, orgs[1], &input, Some(b"<svg onload=x>"), None).await,
        Err(StoreError::Invalid(e)) if e[0].code == "error-image-type"
    ));
    // Verified once; withdrawn and kept; the organisation may sign again afterwards.
    declarations::verify(&store.db, sigs[0].id, true, None)
        .await
        .unwrap();
    assert!(matches!(
        declarations::verify(&store.db, sigs[0].id, true, None).await,
        Err(StoreError::Conflict("error-signature-not-pending"))
    ));
    declarations::withdraw(
        &store.db,
        sigs[0].id,
        Utc::now().date_naive(),
        "Mandate ended",
        None,
    )
    .await
    .unwrap();
    declarations::sign(&store.db, id, orgs[0], &input, None, None)
        .await
        .unwrap();
    let sigs = declarations::signatures(&store.db, id).await.unwrap();
    assert_eq!(sigs.len(), 2, "the withdrawn signature is kept");
    assert!(
        sigs.iter()
            .any(|s| s.status == SignatureStatus::Withdrawn
                && s.withdrawal_reason == "Mandate ended")
    );
}

backends!(
    meetings_quorum_minutes_and_numbered_decisions,
    meetings_body
);

async fn meetings_body(store: Store) {
    use pumasi_domain::governance::meeting::{Attendance, RawMeeting};
    use pumasi_store::governance::meetings::{self, NewDecision};
    let members = full_members(&store, "Delegate", 4).await;
    let body = ga(&store).await;
    let input = |day: &str| {
        RawMeeting {
            title: format!("General assembly {day}"),
            lang: "en".into(),
            starts_at: format!("{day}T09:00"),
            ends_at: format!("{day}T17:00"),
            time_zone: "Europe/Paris".into(),
            place: "Bordeaux".into(),
            quorum: "50".into(),
            ..RawMeeting::default()
        }
        .validate()
        .unwrap()
    };
    let first = meetings::create(&store.db, &body, &input("2026-10-01"), None)
        .await
        .unwrap();
    let second = meetings::create(&store.db, &body, &input("2027-10-01"), None)
        .await
        .unwrap();
    // Quorum: 4 members, 50 %: one present and one represented is enough; a represented member
    // names a present one.
    meetings::record_attendance(
        &store.db,
        &first,
        &body,
        members[0],
        Attendance::Present,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        meetings::record_attendance(&store.db, &first, &body, members[1], Attendance::Represented, Some(members[2])).await,
        Err(StoreError::Invalid(e)) if e[0].code == "error-representative-absent"
    ));
    assert!(matches!(
        meetings::record_attendance(&store.db, &first, &body, Uuid::now_v7(), Attendance::Present, None).await,
        Err(StoreError::Invalid(e)) if e[0].code == "error-not-body-member"
    ));
    let (_, present, n, met) = meetings::attendance(&store.db, &first, &body)
        .await
        .unwrap();
    assert_eq!((present, n, met), (1, 4, false));
    meetings::record_attendance(
        &store.db,
        &first,
        &body,
        members[1],
        Attendance::Represented,
        Some(members[0]),
    )
    .await
    .unwrap();
    let (rows, present, _, met) = meetings::attendance(&store.db, &first, &body)
        .await
        .unwrap();
    assert_eq!((present, met), (2, true));
    assert!(rows.iter().any(|r| r.represented_by.is_some()));
    // Minutes: drafted, approved at the next meeting only, then frozen.
    meetings::save_minutes(
        &store.db,
        first.id,
        "The assembly met.",
        first.version,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        meetings::save_minutes(&store.db, first.id, "Overwritten", first.version, None).await,
        Err(StoreError::Conflict("error-stale"))
    ));
    assert!(matches!(
        meetings::approve_minutes(&store.db, second.id, first.id, None).await,
        Err(StoreError::Conflict("error-minutes-approval"))
    ));
    meetings::approve_minutes(&store.db, first.id, second.id, None)
        .await
        .unwrap();
    let v = meetings::by_id(&store.db, first.id).await.unwrap().version;
    assert!(matches!(
        meetings::save_minutes(&store.db, first.id, "Changed after approval", v, None).await,
        Err(StoreError::Conflict("error-minutes-approved"))
    ));
    // Invitations: one email per address of every member, through the outbox.
    let n = meetings::invite(&store.db, &first, &body, "http://hub.example", None)
        .await
        .unwrap();
    assert_eq!(n, 4, "one email per member with an address");
    let queued = pumasi_store::outbox::pending(&store.db, "email")
        .await
        .unwrap();
    assert_eq!(queued.len(), n);
    assert!(
        queued
            .iter()
            .all(|m| m.payload["template"] == "meeting-invitation"
                && m.payload["link"].as_str().unwrap().ends_with(&first.slug))
    );
    // Ten decisions recorded at once get ten consecutive numbers.
    let results = race(10, |k| {
        let store = store.clone();
        let body = body.clone();
        let meeting = first.id;
        async move {
            for _ in 0..50 {
                let txn = store.begin_write().await?;
                let d = NewDecision {
                    meeting: Some(meeting),
                    title: format!("Decision {k}"),
                    ..NewDecision::default()
                };
                let on = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
                match meetings::decide(&txn, &body, &d, on, None).await {
                    Ok(x) => {
                        txn.commit().await?;
                        return Ok(x.number);
                    }
                    Err(StoreError::Conflict(_) | StoreError::Db(_)) => {
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(StoreError::Conflict("gave up"))
        }
    })
    .await;
    let mut numbers: Vec<String> = results.into_iter().map(Result::unwrap).collect();
    numbers.sort();
    let expected: Vec<String> = (1..=10).map(|s| format!("2026-{s:03}")).collect();
    assert_eq!(numbers, expected);
    let found = meetings::decisions(&store.db, None, "decision 7")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].meeting.as_ref().unwrap().0, first.slug);
}

backends!(charter_amendments_make_versions, charter_body);

async fn charter_body(store: Store) {
    use pumasi_domain::governance::charter::RawAmendment;
    use pumasi_store::governance::charter::{self, Article};
    let members = full_members(&store, "Charterer", 5).await;
    let body = ga(&store).await;
    let input = motion_input("yes_no", "", false, false);
    let change = RawAmendment {
        article: "2".into(),
        title: "Purpose".into(),
        text: "The network promotes the social and solidarity economy.\nIt shares knowledge."
            .into(),
        rationale: "Clearer purpose.".into(),
    }
    .validate()
    .unwrap();
    // No charter yet: nothing to amend.
    assert!(matches!(
        charter::propose(&store.db, &body, &change, &input, None).await,
        Err(StoreError::Conflict("error-charter-missing"))
    ));
    let art = |n: i32, t: &str| Article {
        number: n,
        title: format!("Article {n}"),
        text: t.to_owned(),
    };
    charter::set_up(
        &store.db,
        &[art(1, "Name."), art(2, "Purpose.\nIt shares knowledge.")],
        None,
        "",
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        charter::set_up(&store.db, &[], None, "", None).await,
        Err(StoreError::Conflict("error-charter-exists"))
    ));
    // Removing an article that does not exist is refused.
    let gone = RawAmendment {
        article: "9".into(),
        ..RawAmendment::default()
    }
    .validate()
    .unwrap();
    assert!(matches!(
        charter::propose(&store.db, &body, &gone, &input, None).await,
        Err(StoreError::Invalid(e)) if e[0].field == "article"
    ));
    // Adopted: a new version with the article replaced.
    let txn = store.begin_write().await.unwrap();
    let m = charter::propose(&txn, &body, &change, &input, None)
        .await
        .unwrap();
    motions::open(&txn, m.id, Utc::now(), None).await.unwrap();
    txn.commit().await.unwrap();
    for v in &members {
        cast(&store, m.id, own(*v), &[YES], Utc::now())
            .await
            .unwrap();
    }
    close(&store, m.id, m.closes_at).await;
    let (v2, arts) = charter::current(&store.db).await.unwrap().unwrap();
    assert_eq!(v2.number, 2);
    assert_eq!(v2.motion, Some(m.id));
    assert_eq!(arts[1].text, change.text);
    assert_eq!(
        charter::version(&store.db, 1).await.unwrap().1[1].text,
        "Purpose.\nIt shares knowledge."
    );
    // Rejected: no new version, the amendment is kept as rejected.
    let remove = RawAmendment {
        article: "1".into(),
        ..RawAmendment::default()
    }
    .validate()
    .unwrap();
    let txn = store.begin_write().await.unwrap();
    let m2 = charter::propose(&txn, &body, &remove, &input, None)
        .await
        .unwrap();
    motions::open(&txn, m2.id, Utc::now(), None).await.unwrap();
    txn.commit().await.unwrap();
    for v in &members {
        cast(&store, m2.id, own(*v), &[NO], Utc::now())
            .await
            .unwrap();
    }
    close(&store, m2.id, m2.closes_at).await;
    assert_eq!(
        charter::current(&store.db).await.unwrap().unwrap().0.number,
        2
    );
    let all = charter::amendments(&store.db).await.unwrap();
    assert!(all.iter().any(|a| a.status == "rejected" && a.article == 1));
    assert!(
        all.iter()
            .any(|a| a.status == "applied" && a.applied_version == 2)
    );
}

backends!(
    the_steering_committee_decides_an_application,
    application_vote_body
);

async fn application_vote_body(store: Store) {
    use pumasi_domain::members::ApplicationState;
    use pumasi_store::governance::applications;
    governance::ensure_standard_bodies(&store.db).await.unwrap();
    let sc = governance::body_by_slug(&store.db, "steering-committee")
        .await
        .unwrap();
    let members = full_members(&store, "Committee", 3).await;
    for m in &members {
        let slug = organisation::Entity::find_by_id(*m)
            .one(&store.db)
            .await
            .unwrap()
            .unwrap()
            .slug;
        let input = RawMandate {
            organisation: slug,
            role: "member".into(),
            starts_on: "2026-01-01".into(),
            obtained: "elected".into(),
            ..RawMandate::default()
        }
        .validate()
        .unwrap();
        governance::add_mandate(&store.db, &sc, &input, None, None)
            .await
            .unwrap();
    }
    let (app_id, org) =
        crate::submit(&store, "Gangneung Solidarity Co-op (fictional)", "full").await;
    let mut input = motion_input("yes_no", "", false, false);
    input.rules.weighting = pumasi_domain::governance::motion::WeightingCode::OneMember;
    input.rules.colleges.clear();
    let txn = store.begin_write().await.unwrap();
    let m = applications::put_to_vote(&txn, app_id, &sc, &input, None)
        .await
        .unwrap();
    let m = motions::open(&txn, m.id, Utc::now(), None).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(m.eligible_count, 3, "the committee's members vote");
    assert!(matches!(
        applications::put_to_vote(&store.db, app_id, &sc, &input, None).await,
        Err(StoreError::Conflict("error-application-voted"))
    ));
    // The applicant itself is not on the committee and cannot vote.
    assert!(matches!(
        cast(&store, m.id, own(org), &[YES], Utc::now()).await,
        Err(StoreError::Conflict("error-not-eligible"))
    ));
    cast(&store, m.id, own(members[0]), &[YES], Utc::now())
        .await
        .unwrap();
    cast(&store, m.id, own(members[1]), &[YES], Utc::now())
        .await
        .unwrap();
    cast(&store, m.id, own(members[2]), &[NO], Utc::now())
        .await
        .unwrap();
    close(&store, m.id, m.closes_at).await;
    let a = pumasi_store::members::applications::get(&store.db, app_id)
        .await
        .unwrap();
    assert_eq!(a.state, ApplicationState::Approved);
    assert_eq!(a.decision_ref, m.reference);
    assert_eq!(
        applications::motion_of(&store.db, app_id).await.unwrap(),
        Some(m.reference.clone())
    );
    // A decided application is not put to a vote again.
    assert!(matches!(
        applications::put_to_vote(&store.db, app_id, &sc, &input, None).await,
        Err(StoreError::Conflict("error-application-closed"))
    ));
}

backends!(a_campaign_then_an_election, campaign_body);

async fn campaign_body(store: Store) {
    use pumasi_store::governance::elections::{self, NewElection};
    let voters = full_members(&store, "Voter", 6).await;
    let ga = ga(&store).await;
    let sc = governance::body_by_slug(&store.db, "steering-committee")
        .await
        .unwrap();
    let now = Utc::now();
    let e = elections::create(
        &store.db,
        &ga,
        &sc,
        &NewElection {
            slug: "steering-committee-2027".into(),
            title: "Steering committee 2027".into(),
            lang: "en".into(),
            role: MandateRole::Member,
            seats: 2,
            term_ends_on: chrono::NaiveDate::from_ymd_opt(2029, 12, 31),
            candidacies_close_at: now + Duration::days(7),
        },
        None,
    )
    .await
    .unwrap();
    // Three stand or are nominated; a suspended member cannot; nobody stands twice.
    for (k, v) in voters.iter().take(3).enumerate() {
        let by = (k == 2).then_some(voters[0]);
        elections::stand(&store.db, &e, *v, "Our programme.", by, None, now)
            .await
            .unwrap();
    }
    assert!(matches!(
        elections::stand(&store.db, &e, voters[1], "Again", None, None, now).await,
        Err(StoreError::Conflict("error-already-candidate"))
    ));
    organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, Expr::value("suspended"))
        .filter(organisation::Column::Id.eq(voters[5]))
        .exec(&store.db)
        .await
        .unwrap();
    assert!(matches!(
        elections::stand(&store.db, &e, voters[5], "x", None, None, now).await,
        Err(StoreError::Conflict("error-candidate-not-eligible"))
    ));
    assert!(matches!(
        elections::stand(
            &store.db,
            &e,
            voters[4],
            "late",
            None,
            None,
            e.candidacies_close_at
        )
        .await,
        Err(StoreError::Conflict("error-candidacies-closed"))
    ));
    let cands = elections::candidacies(&store.db, &e).await.unwrap();
    assert_eq!(cands.len(), 3);
    assert_eq!(cands.iter().filter(|x| x.nominated_by.is_some()).count(), 1);
    for x in &cands {
        let accept = x.organisation != voters[1];
        elections::review(&store.db, &e, x.id, accept, None)
            .await
            .unwrap();
    }
    let mut input = motion_input("up_to", "placeholder a\nplaceholder b", false, false);
    input.opens_at = e.candidacies_close_at;
    input.closes_at = e.candidacies_close_at + Duration::days(7);
    assert!(matches!(
        elections::put_to_vote(&store.db, &e, input.clone(), None, now).await,
        Err(StoreError::Conflict("error-candidacies-open"))
    ));
    let after = e.candidacies_close_at + Duration::minutes(1);
    let txn = store.begin_write().await.unwrap();
    let m = elections::put_to_vote(&txn, &e, input.clone(), None, after)
        .await
        .unwrap();
    let m = motions::open(&txn, m.id, after, None).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(m.options.len(), 2, "the accepted candidates only");
    assert_eq!(m.rules.seats, 2);
    let e = elections::by_slug(&store.db, "steering-committee-2027")
        .await
        .unwrap();
    assert!(matches!(
        elections::put_to_vote(&store.db, &e, input, None, after).await,
        Err(StoreError::Conflict("error-election-voted"))
    ));
    for v in voters.iter().take(5) {
        cast(&store, m.id, own(*v), &[0, 1], after + Duration::hours(1))
            .await
            .unwrap();
    }
    let closed = close(&store, m.id, m.closes_at).await;
    assert_eq!(closed.mandates.len(), 2);
    let held: BTreeSet<Uuid> = governance::mandates(&store.db, sc.id)
        .await
        .unwrap()
        .iter()
        .filter_map(|x| x.organisation.as_ref().map(|o| o.id))
        .collect();
    assert_eq!(held, [voters[0], voters[2]].into_iter().collect());
}
