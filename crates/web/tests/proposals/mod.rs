//! The call for proposals over HTTP: who may open the submission form and submit for which
//! organisation, who may read the proposals (escaped), who may review and who may decide; an
//! acceptance schedules a session that the proposal page links to; a wrong time comes back on
//! its field; a form without its CSRF token changes nothing.
//!
//! Events and organisation roles are set up through the store on the test app's database
//! (the demo's 78 member organisations are loaded), then driven through the router like a
//! browser would. Every test runs on SQLite and PostgreSQL (`both!`).

use super::{Resp, TestApp};
use axum::http::{StatusCode, header};
use pumasi_domain::events::{EventRole, ProposalState, RawEvent};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{MemberStatus, OrgRole};
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::events::proposals::{self, Proposal, RawProposal};
use pumasi_store::events::{self, programme};
use uuid::Uuid;

both!(
    proposal_form_is_for_people_of_member_organisations,
    proposals_are_read_by_reviewers_only,
    reviewers_review_and_organisers_decide,
    acceptance_form_shows_what_is_wrong,
    forms_without_csrf_change_nothing,
    suspended_organisation_cannot_propose,
);

const SLUG: &str = "cfp-2027";
const SCRIPT_TITLE: &str = "<script>alert(1)</script> Pooled savings";

// ---------------------------------------------------------------------------------------------
// Setting up through the store
// ---------------------------------------------------------------------------------------------

/// A three-day meeting in Lisbon (11–13 May 2027), in English, collecting proposals.
fn raw_event(slug: &str, status: &str) -> RawEvent {
    RawEvent {
        slug: slug.to_owned(),
        kind: "meeting".into(),
        status: status.to_owned(),
        mode: "in_person".into(),
        lang: "en".into(),
        title: format!("Meeting {slug}"),
        host_city: "Lisbon".into(),
        country: "PT".into(),
        time_zone: "Europe/Lisbon".into(),
        starts_on: "2027-05-11".into(),
        ends_on: "2027-05-13".into(),
        ..RawEvent::default()
    }
}

async fn create_event(app: &TestApp, slug: &str, status: &str) -> Uuid {
    let input = raw_event(slug, status).validate().expect("a valid event");
    let txn = app.state.store.begin_write().await.unwrap();
    let id = events::create(&txn, &input, None).await.unwrap();
    txn.commit().await.unwrap();
    id
}

async fn add_room(app: &TestApp, event_id: Uuid, code: &str, name: &str) -> Uuid {
    let txn = app.state.store.begin_write().await.unwrap();
    let id = programme::add_room(&txn, event_id, code, name, None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn account_id(app: &TestApp, email: &str) -> Uuid {
    pumasi_store::accounts::by_email(&app.state.store.db, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .expect("account exists")
        .id
}

async fn org_id(app: &TestApp, slug: &str) -> Uuid {
    pumasi_store::members::by_slug(&app.state.store.db, slug, Locale::En)
        .await
        .unwrap()
        .id
}

/// A signed-in person with `role` in the organisation `org_slug`; returns their cookie.
async fn member(app: &TestApp, email: &str, org_slug: &str, role: OrgRole) -> String {
    let cookie = app.account(email, SiteRole::Person).await;
    pumasi_store::members::set_affiliation(
        &app.state.store.db,
        account_id(app, email).await,
        org_id(app, org_slug).await,
        role,
        None,
    )
    .await
    .unwrap();
    cookie
}

/// A signed-in person holding `role` in the event; returns their cookie.
async fn staff(app: &TestApp, event_id: Uuid, email: &str, role: EventRole) -> String {
    let cookie = app.account(email, SiteRole::Person).await;
    events::grant(
        &app.state.store.db,
        event_id,
        account_id(app, email).await,
        role,
        None,
    )
    .await
    .unwrap();
    cookie
}

/// A proposal from Seoul, submitted through the store.
async fn seed_proposal(app: &TestApp, event_id: Uuid, title: &str) -> Uuid {
    let txn = app.state.store.begin_write().await.unwrap();
    let id = proposals::submit(
        &txn,
        event_id,
        org_id(app, "seoul-metropolitan-government").await,
        None,
        &RawProposal {
            title: title.to_owned(),
            description: "How three co-operatives pooled their savings.".into(),
            format: "workshop".into(),
            lang: "en".into(),
            languages: "en,ko".into(),
            track: String::new(),
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn listed(app: &TestApp, event_id: Uuid) -> Vec<Proposal> {
    proposals::list(&app.state.store.db, event_id)
        .await
        .unwrap()
}

async fn stored(app: &TestApp, id: Uuid) -> Proposal {
    proposals::by_id(&app.state.store.db, id).await.unwrap()
}

async fn session_count(app: &TestApp, event_id: Uuid) -> usize {
    programme::programme(&app.state.store.db, event_id, Locale::En)
        .await
        .unwrap()
        .sessions
        .len()
}

fn location(r: &Resp) -> &str {
    r.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[track_caller]
fn assert_to_login(r: &Resp, what: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{what}");
    assert!(
        location(r).starts_with("/en/login?next="),
        "{what}: {}",
        location(r)
    );
}

#[track_caller]
fn assert_escaped(body: &str, what: &str) {
    assert!(!body.contains("<script>alert(1)"), "{what}: raw markup");
    assert!(
        body.contains("&lt;script&gt;alert(1)") || body.contains("&#60;script&#62;alert(1)"),
        "{what}: the title, escaped"
    );
}

fn new_path() -> String {
    format!("/en/events/{SLUG}/proposals/new")
}

fn list_path() -> String {
    format!("/en/events/{SLUG}/proposals")
}

fn proposal_path(id: Uuid) -> String {
    format!("/en/events/{SLUG}/proposals/{id}")
}

/// The submission form's fields for `org`.
fn submission<'a>(csrf: &'a str, org: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("organisation", org),
        ("title", title),
        (
            "description",
            "How three co-operatives pooled their savings.",
        ),
        ("format", "workshop"),
        ("lang", "en"),
        ("languages", "en,ko"),
        ("track", ""),
    ]
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

async fn proposal_form_is_for_people_of_member_organisations(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let seoul = org_id(&app, "seoul-metropolitan-government")
        .await
        .to_string();
    let bordeaux = org_id(&app, "city-of-bordeaux").await.to_string();

    // Anonymous: to the login form, for the form and for a submission.
    let r = app.request("GET", &new_path(), None, None).await;
    assert_to_login(&r, "anonymous form");

    // Signed in without an organisation: forbidden.
    let person = app.account("person@example.org", SiteRole::Person).await;
    let r = app.request("GET", &new_path(), Some(&person), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = app.csrf(&person).await;
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&person),
            Some(&submission(&csrf, &seoul, "Not mine to propose")),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a person with no organisation"
    );

    // An editor of a member organisation: the form offers their organisation only.
    let editor = member(
        &app,
        "editor@example.org",
        "seoul-metropolitan-government",
        OrgRole::Editor,
    )
    .await;
    let r = app.request("GET", &new_path(), Some(&editor), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(&format!("value=\"{seoul}\"")),
        "Seoul offered"
    );
    assert!(!r.body.contains(&bordeaux), "Bordeaux not offered");
    assert!(
        !r.body
            .contains("This event is not taking session proposals.")
    );

    let csrf = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&editor),
            Some(&submission(&csrf, &seoul, SCRIPT_TITLE)),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        location(&r),
        format!("{}?done=proposal-submitted", new_path())
    );
    let page = app.request("GET", location(&r), Some(&editor), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Your proposal was sent. The reviewers will read it."),
        "the confirmation"
    );
    assert!(
        page.body.contains("Your proposals"),
        "their proposals listed"
    );
    assert_escaped(&page.body, "the proposer's list");
    assert!(page.body.contains("Submitted"), "with its state");

    let all = listed(&app, ev).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].title, SCRIPT_TITLE, "stored verbatim");
    assert_eq!(all[0].organisation_id.to_string(), seoul);
    assert_eq!(
        all[0].account_id,
        Some(account_id(&app, "editor@example.org").await)
    );

    // For an organisation they do not belong to: forbidden, nothing stored.
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&editor),
            Some(&submission(&csrf, &bordeaux, "For Bordeaux")),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "another organisation");
    // No organisation, or not an id: the form again.
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&editor),
            Some(&submission(&csrf, "seoul", "Not an id")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A missing title comes back on its field, with what was typed.
    let mut fields = submission(&csrf, &seoul, "");
    fields[3] = ("description", "Kept as typed");
    let r = app
        .request("POST", &new_path(), Some(&editor), Some(&fields))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-title\""), "the title's error");
    assert!(r.body.contains("Kept as typed"), "the description is kept");
    assert_eq!(listed(&app, ev).await.len(), 1, "nothing more stored");

    // Another event, not collecting proposals: said on the form, refused on submission.
    let closed = create_event(&app, "closed-2027", "registration").await;
    let r = app
        .request(
            "GET",
            "/en/events/closed-2027/proposals/new",
            Some(&editor),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("This event is not taking session proposals.")
    );
    let r = app
        .request(
            "POST",
            "/en/events/closed-2027/proposals/new",
            Some(&editor),
            Some(&submission(&csrf, &seoul, "Too late")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body
            .contains("This event is not taking session proposals.")
    );
    assert!(listed(&app, closed).await.is_empty());
}

async fn proposals_are_read_by_reviewers_only(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let other = create_event(&app, "other-2027", "proposals").await;
    let id = seed_proposal(&app, ev, SCRIPT_TITLE).await;

    // Anonymous: to the login form.
    assert_to_login(
        &app.request("GET", &list_path(), None, None).await,
        "anonymous list",
    );
    assert_to_login(
        &app.request("GET", &proposal_path(id), None, None).await,
        "anonymous proposal",
    );

    // A person, the proposing organisation's editor, a reviewer and an organiser of another
    // event: forbidden, and nothing of the proposal shown.
    let person = app.account("person@example.org", SiteRole::Person).await;
    let editor = member(
        &app,
        "editor@example.org",
        "seoul-metropolitan-government",
        OrgRole::Editor,
    )
    .await;
    let elsewhere = staff(&app, other, "elsewhere@example.org", EventRole::Organiser).await;
    let other_reviewer = staff(&app, other, "oreviewer@example.org", EventRole::Reviewer).await;
    let desk = staff(&app, ev, "desk@example.org", EventRole::Checkin).await;
    for (who, cookie) in [
        ("person", &person),
        ("member editor", &editor),
        ("organiser of another event", &elsewhere),
        ("reviewer of another event", &other_reviewer),
        ("check-in staff", &desk),
    ] {
        for path in [list_path(), proposal_path(id)] {
            let r = app.request("GET", &path, Some(cookie), None).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} on {path}");
            assert!(!r.body.contains("alert(1)"), "{who} on {path}");
        }
    }
    // The other event's organiser sees its own (empty) list.
    let r = app
        .request(
            "GET",
            "/en/events/other-2027/proposals",
            Some(&elsewhere),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("alert(1)"), "another event's proposals");
    // The proposal is not reachable under the other event's address either.
    let r = app
        .request(
            "GET",
            &format!("/en/events/other-2027/proposals/{id}"),
            Some(&elsewhere),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Reviewers, organisers and the secretariat: the list and the page, escaped.
    let reviewer = staff(&app, ev, "reviewer@example.org", EventRole::Reviewer).await;
    let organiser = staff(&app, ev, "organiser@example.org", EventRole::Organiser).await;
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    for (who, cookie) in [
        ("reviewer", &reviewer),
        ("organiser", &organiser),
        ("secretariat", &sec),
    ] {
        let r = app.request("GET", &list_path(), Some(cookie), None).await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        assert_escaped(&r.body, who);
        assert!(r.body.contains(&proposal_path(id)), "{who}: a link");
        assert!(
            r.body.contains("서울특별시") || r.body.contains("Seoul Metropolitan Government"),
            "{who}: the organisation"
        );
        let r = app
            .request("GET", &proposal_path(id), Some(cookie), None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        assert_escaped(&r.body, who);
    }
    // Unknown or malformed ids.
    for bad in [Uuid::now_v7().to_string(), "not-an-id".to_owned()] {
        let r = app
            .request(
                "GET",
                &format!("/en/events/{SLUG}/proposals/{bad}"),
                Some(&reviewer),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

async fn reviewers_review_and_organisers_decide(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let room = add_room(&app, ev, "auditorium", "Auditorium").await;
    let id = seed_proposal(&app, ev, SCRIPT_TITLE).await;
    let reviewer = staff(&app, ev, "reviewer@example.org", EventRole::Reviewer).await;
    let organiser = staff(&app, ev, "organiser@example.org", EventRole::Organiser).await;

    // A reviewer scores; a wrong score comes back on its field.
    let page = app
        .request("GET", &proposal_path(id), Some(&reviewer), None)
        .await;
    assert!(
        !page.body.contains("Accept and schedule as a session"),
        "no decision form for a reviewer"
    );
    let csrf = app.csrf(&reviewer).await;
    let review = format!("{}/review", proposal_path(id));
    let r = app
        .request(
            "POST",
            &review,
            Some(&reviewer),
            Some(&[("_csrf", &csrf), ("score", "6"), ("comment", "Great")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give a score from 1 to 5."));
    assert!(stored(&app, id).await.reviews.is_empty());
    let r = app
        .request(
            "POST",
            &review,
            Some(&reviewer),
            Some(&[
                ("_csrf", &csrf),
                ("score", "4"),
                ("comment", "<b>Strong</b> local partners"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), format!("{}?done=saved", proposal_path(id)));
    let page = app
        .request("GET", &proposal_path(id), Some(&reviewer), None)
        .await;
    assert!(page.body.contains("4.0 / 5"), "the average");
    assert!(
        page.body.contains("value=\"4\""),
        "the reviewer's own score"
    );
    assert!(
        !page.body.contains("<b>Strong</b>"),
        "the comment is escaped"
    );
    let p = stored(&app, id).await;
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].score, 4);

    // A reviewer may not decide, either way.
    let decide = format!("{}/decide", proposal_path(id));
    for action in [
        vec![
            ("_csrf", csrf.as_str()),
            ("action", "accept"),
            ("starts_at", "2027-05-12T14:00"),
            ("ends_at", "2027-05-12T15:30"),
            ("room", ""),
        ],
        vec![("_csrf", csrf.as_str()), ("action", "reject")],
    ] {
        let r = app
            .request("POST", &decide, Some(&reviewer), Some(&action))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{action:?}");
    }
    assert_eq!(stored(&app, id).await.state, ProposalState::Submitted);
    assert_eq!(session_count(&app, ev).await, 0);

    // The organiser accepts with a time (local to Lisbon) and a room.
    let page = app
        .request("GET", &proposal_path(id), Some(&organiser), None)
        .await;
    assert!(page.body.contains("Accept and schedule as a session"));
    assert!(page.body.contains(&room.to_string()), "the room is offered");
    let csrf = app.csrf(&organiser).await;
    let room_id = room.to_string();
    let r = app
        .request(
            "POST",
            &decide,
            Some(&organiser),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("action", "accept"),
                ("starts_at", "2027-05-12T14:00"),
                ("ends_at", "2027-05-12T15:30"),
                ("room", room_id.as_str()),
                ("capacity", ""),
                ("decision_note", "Welcome!"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), format!("{}?done=saved", proposal_path(id)));
    let p = stored(&app, id).await;
    assert_eq!(p.state, ProposalState::Accepted);
    assert_eq!(p.decision_note, "Welcome!");
    let sid = p.session_id.expect("the accepted proposal has a session");
    let session_path = format!("/en/events/{SLUG}/sessions/{sid}");

    let page = app
        .request("GET", &proposal_path(id), Some(&organiser), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("href=\"{session_path}\"")),
        "the proposal links to its session"
    );
    assert!(page.body.contains("Accepted"));
    assert!(
        !page.body.contains("Accept and schedule as a session"),
        "no decision form once decided"
    );
    assert!(
        !page.body.contains("Save my review"),
        "no review form once decided"
    );
    let s = app.request("GET", &session_path, None, None).await;
    assert_eq!(s.status, StatusCode::OK, "the session page is public");
    assert_escaped(&s.body, "the session page");
    assert!(s.body.contains("14:00"), "local time");
    assert!(s.body.contains("Auditorium"), "the room");

    // A second decision: a conflict; the reviewer's late review: refused.
    let r = app
        .request(
            "POST",
            &decide,
            Some(&organiser),
            Some(&[("_csrf", csrf.as_str()), ("action", "reject")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("This proposal has already been decided."));
    let reviewer_csrf = app.csrf(&reviewer).await;
    let r = app
        .request(
            "POST",
            &review,
            Some(&reviewer),
            Some(&[("_csrf", &reviewer_csrf), ("score", "1"), ("comment", "")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let p = stored(&app, id).await;
    assert_eq!(p.state, ProposalState::Accepted);
    assert_eq!(p.reviews[0].score, 4);
    assert_eq!(session_count(&app, ev).await, 1);

    // Another proposal, rejected by the secretariat.
    let other = seed_proposal(&app, ev, "Off topic").await;
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    let csrf = app.csrf(&sec).await;
    let r = app
        .request(
            "POST",
            &format!("{}/decide", proposal_path(other)),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("action", "reject"),
                ("decision_note", "Not this year."),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = stored(&app, other).await;
    assert_eq!(p.state, ProposalState::Rejected);
    assert_eq!(p.session_id, None);
    assert_eq!(session_count(&app, ev).await, 1);
    let list = app.request("GET", &list_path(), Some(&sec), None).await;
    assert!(list.body.contains("Not accepted") && list.body.contains("Accepted"));
}

async fn acceptance_form_shows_what_is_wrong(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let room = add_room(&app, ev, "auditorium", "Auditorium").await;
    let first = seed_proposal(&app, ev, "Pooled savings").await;
    let second = seed_proposal(&app, ev, "Housing co-ops").await;
    let organiser = staff(&app, ev, "organiser@example.org", EventRole::Organiser).await;
    let csrf = app.csrf(&organiser).await;
    let room_id = room.to_string();
    let accept = |start: &'static str, end: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("action", "accept".to_owned()),
            ("starts_at", start.to_owned()),
            ("ends_at", end.to_owned()),
            ("room", room_id.clone()),
        ]
    };
    let post = |id: Uuid, fields: Vec<(&'static str, String)>| {
        let (app, organiser) = (&app, &organiser);
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.request(
                "POST",
                &format!("{}/decide", proposal_path(id)),
                Some(organiser),
                Some(&fields),
            )
            .await
        }
    };

    // The end before the start: 422, the message on `ends_at`, the typed times kept.
    let r = post(first, accept("2027-05-12T15:00", "2027-05-12T14:00")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("<p class=\"error\" id=\"e-ends_at\">The end must come after the start.</p>"),
        "the message on ends_at"
    );
    assert!(r.body.contains("value=\"2027-05-12T15:00\""), "start kept");
    assert!(r.body.contains("value=\"2027-05-12T14:00\""), "end kept");
    // No time at all, or outside the event.
    let r = post(first, accept("", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-starts_at\""));
    let r = post(first, accept("2027-06-01T09:00", "2027-06-01T10:00")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-starts_at\""));
    let p = stored(&app, first).await;
    assert_eq!(p.state, ProposalState::Submitted, "still undecided");
    assert_eq!(session_count(&app, ev).await, 0);

    // The room taken at that time: 422 on `room`, and the second proposal stays undecided.
    let r = post(first, accept("2027-05-12T14:00", "2027-05-12T15:30")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(second, accept("2027-05-12T15:00", "2027-05-12T16:00")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(
            "<p class=\"error\" id=\"e-room\">This room already holds another session at that time.</p>"
        ),
        "the message on room"
    );
    let p = stored(&app, second).await;
    assert_eq!(p.state, ProposalState::Submitted, "rolled back");
    assert_eq!((p.session_id, p.decided_at), (None, None));
    assert_eq!(session_count(&app, ev).await, 1);
    let r = post(second, accept("2027-05-12T15:30", "2027-05-12T16:30")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "back to back: {}", r.body);
    assert_eq!(session_count(&app, ev).await, 2);
}

async fn forms_without_csrf_change_nothing(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let id = seed_proposal(&app, ev, "Pooled savings").await;
    let seoul = org_id(&app, "seoul-metropolitan-government")
        .await
        .to_string();
    let editor = member(
        &app,
        "editor@example.org",
        "seoul-metropolitan-government",
        OrgRole::Editor,
    )
    .await;
    let organiser = staff(&app, ev, "organiser@example.org", EventRole::Organiser).await;
    let forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    for token in [None, Some(""), Some(forged)] {
        let mut fields = submission(token.unwrap_or(""), &seoul, "Forged proposal");
        if token.is_none() {
            fields.remove(0);
        }
        let r = app
            .request("POST", &new_path(), Some(&editor), Some(&fields))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "submission, token {token:?}"
        );

        let mut review = vec![("score", "5"), ("comment", "Forged")];
        let mut reject = vec![("action", "reject")];
        let mut accept = vec![
            ("action", "accept"),
            ("starts_at", "2027-05-12T14:00"),
            ("ends_at", "2027-05-12T15:00"),
        ];
        if let Some(t) = token {
            review.push(("_csrf", t));
            reject.push(("_csrf", t));
            accept.push(("_csrf", t));
        }
        let r = app
            .request(
                "POST",
                &format!("{}/review", proposal_path(id)),
                Some(&organiser),
                Some(&review),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "review, token {token:?}");
        for fields in [&reject, &accept] {
            let r = app
                .request(
                    "POST",
                    &format!("{}/decide", proposal_path(id)),
                    Some(&organiser),
                    Some(fields),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "decision, token {token:?}");
        }
    }
    let all = listed(&app, ev).await;
    assert_eq!(all.len(), 1, "no forged proposal stored");
    assert_eq!(all[0].state, ProposalState::Submitted, "no forged decision");
    assert!(all[0].reviews.is_empty(), "no forged review");
    assert_eq!(session_count(&app, ev).await, 0, "no forged session");

    // The same forms with the token work (the refusals above were the token's doing).
    let csrf = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&editor),
            Some(&submission(&csrf, &seoul, "Real proposal")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let csrf = app.csrf(&organiser).await;
    let r = app
        .request(
            "POST",
            &format!("{}/review", proposal_path(id)),
            Some(&organiser),
            Some(&[("_csrf", csrf.as_str()), ("score", "5"), ("comment", "")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(listed(&app, ev).await.len(), 2);
}

/// The call is for member organisations: a suspended organisation's people may not propose.
async fn suspended_organisation_cannot_propose(app: TestApp) {
    let ev = create_event(&app, SLUG, "proposals").await;
    let bordeaux = org_id(&app, "city-of-bordeaux").await;
    let editor = member(
        &app,
        "editor@example.org",
        "city-of-bordeaux",
        OrgRole::Editor,
    )
    .await;
    pumasi_store::members::change_status(
        &app.state.store.db,
        bordeaux,
        MemberStatus::Suspended,
        None,
        "Dues unpaid for two years",
        "",
    )
    .await
    .unwrap();

    let csrf = app.csrf(&editor).await;
    let bordeaux_id = bordeaux.to_string();
    let r = app
        .request(
            "POST",
            &new_path(),
            Some(&editor),
            Some(&submission(&csrf, &bordeaux_id, "From a suspended member")),
        )
        .await;
    // Refused with the reason on the organisation field (it is the person's own organisation,
    // so this is a form error, not a forbidden page).
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "submitting for a suspended organisation (got {}, Location {:?})",
        r.status,
        location(&r)
    );
    assert!(
        r.body
            .contains("Only member organisations can propose sessions.")
    );
    assert!(
        listed(&app, ev).await.is_empty(),
        "no proposal from a suspended organisation"
    );
    let form = app.request("GET", &new_path(), Some(&editor), None).await;
    assert!(
        !form.body.contains(&bordeaux.to_string()),
        "a suspended organisation is not offered (status {})",
        form.status
    );
}
