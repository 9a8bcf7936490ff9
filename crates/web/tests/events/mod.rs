//! Events over HTTP: the public calendar, archive, event and session pages and the timetable;
//! registering without an account (CSRF double-submit cookie), the waitlist and its promotion,
//! "my programme", the iCalendar feeds, who may open the organisers' pages, the organisers'
//! forms, the CSV export and the check-in desk under concurrent scans.
//!
//! Events are set up through the store on the test app's database, then driven through the
//! router like a browser would. Every test runs on SQLite and PostgreSQL (`both!`).

use super::{Resp, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pumasi_domain::events::{
    EventRole, QuestionKind, RawEvent, RawSession, SpeakerRole, display_badge_code,
};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::events::programme::{self, NewSpeaker};
use pumasi_store::events::registration::{self, NewQuestion, NewType, Registration};
use pumasi_store::events::{self, Event};
use tower::ServiceExt;
use uuid::Uuid;

mod languages;
mod payment;
mod private;

both!(
    public_pages_show_events_in_their_own_time,
    html_in_titles_is_escaped_everywhere,
    event_json_ld_cannot_break_out_of_its_script,
    calendar_months_at_the_edge_are_not_server_errors,
    public_session_places_follow_bookings,
    registration_waitlist_and_promotion,
    registration_form_refuses_bad_input,
    my_programme_books_and_frees_places,
    icalendar_feeds,
    organiser_pages_are_for_organisers,
    organiser_forms_show_what_is_wrong,
    csv_export_is_complete_and_formula_safe,
    concurrent_checkin_counts_once,
    promotion_queues_an_email,
    organisers_cancel_a_session,
    setup_adds_and_removes_only_what_is_unused,
);

// ---------------------------------------------------------------------------------------------
// Setting up through the store
// ---------------------------------------------------------------------------------------------

/// A three-day event in Lisbon (11–13 May 2027), open for registration, in English.
pub(crate) fn raw_event(slug: &str, title: &str, capacity: &str) -> RawEvent {
    RawEvent {
        slug: slug.to_owned(),
        kind: "forum".into(),
        edition_year: "2027".into(),
        status: "registration".into(),
        mode: "in_person".into(),
        lang: "en".into(),
        title: title.to_owned(),
        theme: "Local economies that care".into(),
        host_city: "Lisbon".into(),
        country: "PT".into(),
        latitude: "38.72".into(),
        longitude: "-9.14".into(),
        time_zone: "Europe/Lisbon".into(),
        starts_on: "2027-05-11".into(),
        ends_on: "2027-05-13".into(),
        venue: "Centro de Congressos".into(),
        capacity: capacity.to_owned(),
        waitlist: "on".into(),
        ..RawEvent::default()
    }
}

/// Creates the event with one free registration type, `participant`.
pub(crate) async fn create_event(app: &TestApp, raw: &RawEvent) -> Uuid {
    let input = raw.validate().expect("a valid event");
    let txn = app.state.store.begin_write().await.unwrap();
    let id = events::create(&txn, &input, None).await.unwrap();
    registration::add_type(
        &txn,
        id,
        &NewType {
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
    id
}

pub(crate) async fn event(app: &TestApp, id: Uuid) -> Event {
    events::by_id(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
}

/// A free-text question `notes`; returns its id (the form field is `q-<id>`).
async fn add_notes_question(app: &TestApp, event_id: Uuid) -> Uuid {
    let txn = app.state.store.begin_write().await.unwrap();
    let id = registration::add_question(
        &txn,
        event_id,
        &NewQuestion {
            code: "notes".into(),
            kind: QuestionKind::Text,
            label: "Anything we should know?".into(),
            options: vec![],
            required: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
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

async fn add_speaker(app: &TestApp, event_id: Uuid, code: &str, name: &str) -> Uuid {
    let txn = app.state.store.begin_write().await.unwrap();
    let id = programme::add_speaker(
        &txn,
        event_id,
        &NewSpeaker {
            code: code.into(),
            name: name.into(),
            organisation_name: "Cooperativa Exemplo (fictional)".into(),
            ..NewSpeaker::default()
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    id
}

/// A session as the organiser's form types it: local times in the event's zone.
pub(crate) fn raw_session(
    title: &str,
    start: &str,
    end: &str,
    room: Option<Uuid>,
    cap: &str,
) -> RawSession {
    RawSession {
        title: title.into(),
        lang: "en".into(),
        format: "panel".into(),
        languages: "en,fr".into(),
        room: room.map(|r| r.to_string()).unwrap_or_default(),
        starts_at: start.into(),
        ends_at: end.into(),
        capacity: cap.into(),
        ..RawSession::default()
    }
}

pub(crate) async fn add_session(
    app: &TestApp,
    event_id: Uuid,
    raw: &RawSession,
    people: &[(Uuid, SpeakerRole)],
) -> Uuid {
    let window = event(app, event_id).await.window();
    let input = raw.validate(&window).expect("a valid session");
    let txn = app.state.store.begin_write().await.unwrap();
    let id = programme::create_session(&txn, event_id, &input, people, None)
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

/// A signed-in person holding `role` in the event; returns their cookie.
async fn staff(app: &TestApp, event_id: Uuid, email: &str, role: EventRole) -> String {
    let cookie = app.account(email, SiteRole::Person).await;
    let id = account_id(app, email).await;
    events::grant(&app.state.store.db, event_id, id, role, None)
        .await
        .unwrap();
    cookie
}

async fn registrations(app: &TestApp, event_id: Uuid) -> Vec<Registration> {
    registration::list(&app.state.store.db, event_id, None)
        .await
        .unwrap()
}

async fn registration_named(app: &TestApp, event_id: Uuid, name: &str) -> Registration {
    registrations(app, event_id)
        .await
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("a registration of {name}"))
}

// ---------------------------------------------------------------------------------------------
// Driving it like a browser
// ---------------------------------------------------------------------------------------------

/// The value of a hidden (or any) input named `name` in a page.
fn field(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no field {name} in the page"))
        + name.len()
        + 15;
    body[at..].split('"').next().unwrap().to_owned()
}

/// An anonymous visitor of the registration form: the CSRF cookie it was given and the token
/// in its hidden field (the double submit the form needs).
struct Visitor {
    cookie: String,
    csrf: String,
}

async fn visitor(app: &TestApp, slug: &str) -> Visitor {
    let r = app
        .request("GET", &format!("/en/events/{slug}/register"), None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("pumasi_csrf="))
        .expect("an anonymous form sets the CSRF cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = field(&r.body, "_csrf");
    assert_eq!(cookie, format!("pumasi_csrf={csrf}"));
    Visitor { cookie, csrf }
}

impl Visitor {
    async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut form = vec![("_csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        app.request("POST", path, Some(&self.cookie), Some(&form))
            .await
    }

    async fn get(&self, app: &TestApp, path: &str) -> Resp {
        app.request("GET", path, Some(&self.cookie), None).await
    }

    async fn register(&self, app: &TestApp, slug: &str, name: &str, email: &str) -> Resp {
        self.post(
            app,
            &format!("/en/events/{slug}/register"),
            &[("type", "participant"), ("name", name), ("email", email)],
        )
        .await
    }
}

fn location(r: &Resp) -> String {
    r.headers
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("a redirect, got {}: {}", r.status, r.body))
        .to_str()
        .unwrap()
        .to_owned()
}

/// The private link's token from the redirect after registering, and the `done=` key.
fn token_of(r: &Resp) -> (String, String) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = location(r);
    let rest = loc
        .strip_prefix("/en/registrations/")
        .unwrap_or_else(|| panic!("redirect to the registration: {loc}"));
    let (token, query) = rest.split_once('?').expect("a done= key");
    (
        token.to_owned(),
        query.strip_prefix("done=").unwrap().to_owned(),
    )
}

fn assert_no_raw_script(path: &str, body: &str) {
    assert!(
        !body.contains("<script>alert"),
        "{path} shows raw HTML from a title"
    );
}

/// The page without its JSON-LD block (checked on its own).
fn without_json_ld(body: &str) -> String {
    match body.find("<script type=\"application/ld+json\">") {
        Some(a) => {
            let b = a + body[a..].find("</script>").expect("closed") + 9;
            format!("{}{}", &body[..a], &body[b..])
        }
        None => body.to_owned(),
    }
}

fn json_ld(body: &str) -> &str {
    let open = "<script type=\"application/ld+json\">";
    let a = body.find(open).expect("a JSON-LD block") + open.len();
    let b = a + body[a..].find("</script>").expect("closed");
    &body[a..b]
}

// ---------------------------------------------------------------------------------------------
// 1. Public pages
// ---------------------------------------------------------------------------------------------

/// If this fails, visitors would not find the forum in the calendar or archive, its page would
/// lack structured data for search engines, or the timetable would show times in the wrong zone
/// or the wrong day's sessions.
async fn public_pages_show_events_in_their_own_time(app: TestApp) {
    let id = create_event(&app, &raw_event("gsef-2027", "GSEF Lisbon 2027", "")).await;
    let main = add_room(&app, id, "main", "Main hall").await;
    let ana = add_speaker(&app, id, "ana", "Ana Silva").await;
    let kim = add_speaker(&app, id, "kim", "Kim Min-ji").await;
    let opening = add_session(
        &app,
        id,
        &raw_session(
            "Opening plenary",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(main),
            "",
        ),
        &[(ana, SpeakerRole::Speaker), (kim, SpeakerRole::Moderator)],
    )
    .await;
    add_session(
        &app,
        id,
        &raw_session(
            "Finance workshop",
            "2027-05-12T14:00",
            "2027-05-12T15:00",
            Some(main),
            "",
        ),
        &[],
    )
    .await;

    // The list and the month grid.
    let r = app.request("GET", "/en/events", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("GSEF Lisbon 2027") && r.body.contains("href=\"/en/events/gsef-2027\"")
    );
    let r = app
        .request("GET", "/en/events?month=2027-05", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let a = r
        .body
        .find("<table class=\"month\">")
        .expect("a month grid");
    let grid = &r.body[a..a + r.body[a..].find("</table>").unwrap()];
    for d in 11..=13 {
        assert!(
            grid.contains(&format!(
                "<span class=\"day\">{d}</span><a href=\"/en/events/gsef-2027\">"
            )),
            "the event is on day {d}"
        );
    }
    assert_eq!(
        grid.matches("/en/events/gsef-2027").count(),
        3,
        "only on its days"
    );
    for bad in ["garbage", "2027-13", "2027-05-01", "", "%3Cscript%3E"] {
        let r = app
            .request("GET", &format!("/en/events?month={bad}"), None, None)
            .await;
        let expect = if bad.is_empty() { 200 } else { 404 };
        assert_eq!(r.status.as_u16(), expect, "month={bad}");
    }
    // The archive of forums, in Korean, with its map.
    let r = app.request("GET", "/ko/forums", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<table") && r.body.contains("<svg"));
    assert!(r.body.contains("href=\"/ko/events/gsef-2027\"") && r.body.contains("<td>2027</td>"));
    assert!(r.body.contains("<circle"), "Lisbon is on the map");

    // The event page and its structured data.
    let r = app.request("GET", "/en/events/gsef-2027", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let ld: serde_json::Value = serde_json::from_str(json_ld(&r.body)).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["name"], "GSEF Lisbon 2027");
    assert_eq!(ld["startDate"], "2027-05-11");
    assert_eq!(ld["endDate"], "2027-05-13");
    assert_eq!(ld["location"][0]["address"]["addressLocality"], "Lisbon");
    assert_eq!(ld["location"][0]["name"], "Centro de Congressos");

    // The timetable: one day at a time, in Lisbon time (UTC+1 in May).
    let r = app
        .request(
            "GET",
            "/en/events/gsef-2027/programme?day=2027-05-11",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Opening plenary") && !r.body.contains("Finance workshop"));
    assert!(r.body.contains("<time>09:00</time>") && r.body.contains("<time>10:30</time>"));
    assert!(!r.body.contains("<time>08:00</time>"), "not in UTC");
    assert!(r.body.contains("Europe/Lisbon"));
    let r = app
        .request(
            "GET",
            "/en/events/gsef-2027/programme?day=2027-05-12",
            None,
            None,
        )
        .await;
    assert!(r.body.contains("Finance workshop") && !r.body.contains("Opening plenary"));
    assert!(r.body.contains("<time>14:00</time>") && !r.body.contains("<time>13:00</time>"));

    // A session's page names its people.
    let r = app
        .request(
            "GET",
            &format!("/en/events/gsef-2027/sessions/{opening}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Ana Silva") && r.body.contains("Kim Min-ji"));
    assert!(r.body.contains("<time>09:00</time>"));

    // Unknown things are 404 pages, never 500.
    for path in [
        "/en/events/no-such-event".to_owned(),
        "/en/events/no-such-event/programme".to_owned(),
        "/en/events/no-such-event/calendar.ics".to_owned(),
        "/en/events/no-such-event/register".to_owned(),
        format!("/en/events/gsef-2027/sessions/{}", Uuid::now_v7()),
        "/en/events/gsef-2027/sessions/not-a-uuid".to_owned(),
        "/en/registrations/not-a-token".to_owned(),
    ] {
        let r = app.request("GET", &path, None, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // A session of another event is not shown under this one.
    let other = create_event(&app, &raw_event("other-2027", "Other meeting", "")).await;
    let foreign = add_session(
        &app,
        other,
        &raw_session(
            "Foreign session",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let r = app
        .request(
            "GET",
            &format!("/en/events/gsef-2027/sessions/{foreign}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// If this fails, a crawler or a hand-edited link to a month at the edge of what dates can
/// hold (`?month=-262143-01`) makes the calendar panic and answer 500 instead of a page.
async fn calendar_months_at_the_edge_are_not_server_errors(app: TestApp) {
    create_event(&app, &raw_event("edge-2027", "Edge meeting", "")).await;
    let mut wrong = Vec::new();
    for month in [
        "-262143-01",
        "-262143-02",
        "262142-12",
        "262142-11",
        "0000-01",
        "9999-12",
    ] {
        let r = app
            .request("GET", &format!("/en/events?month={month}"), None, None)
            .await;
        if r.status != StatusCode::OK && r.status != StatusCode::NOT_FOUND {
            wrong.push(format!("month={month} answered {}", r.status));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// If this fails, an event or session title typed with HTML would run as script in visitors'
/// browsers on one of the public pages.
async fn html_in_titles_is_escaped_everywhere(app: TestApp) {
    let mut raw = raw_event("xss-forum", "<script>alert(1)</script> Forum", "");
    raw.host_city = "<script>alert(2)</script>".into();
    raw.theme = "<script>alert(3)</script>".into();
    raw.starts_on = "2025-09-10".into();
    raw.ends_on = "2025-09-11".into();
    raw.edition_year = "2025".into();
    let id = create_event(&app, &raw).await;
    let s = add_session(
        &app,
        id,
        &raw_session(
            "<script>alert(4)</script> Panel",
            "2025-09-10T09:00",
            "2025-09-10T10:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let v = visitor(&app, "xss-forum").await;
    let r = v
        .register(
            &app,
            "xss-forum",
            "<script>alert(5)</script>",
            "x@example.org",
        )
        .await;
    let (token, _) = token_of(&r);
    for path in [
        "/en/events".to_owned(),
        "/en/events?month=2025-09".to_owned(),
        "/ko/forums".to_owned(),
        "/en/events/xss-forum".to_owned(),
        "/en/events/xss-forum/programme".to_owned(),
        format!("/en/events/xss-forum/sessions/{s}"),
        "/en/events/xss-forum/register".to_owned(),
        format!("/en/registrations/{token}"),
        format!("/en/registrations/{token}/programme"),
    ] {
        let r = v.get(&app, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_no_raw_script(&path, &without_json_ld(&r.body));
        assert!(
            r.body.contains("&#60;script&#62;alert(") || r.body.contains("&lt;script&gt;alert("),
            "{path} shows the text"
        );
    }
}

/// If this fails, an event title such as `<!--<script>` makes browsers read the rest of the
/// event page as script text: the page shows nothing (the JSON-LD block never closes, because
/// only `</` is escaped and `<!--<script>` switches the HTML tokenizer into the "double escaped"
/// state, in which the real `</script>` no longer ends the element).
async fn event_json_ld_cannot_break_out_of_its_script(app: TestApp) {
    create_event(
        &app,
        &raw_event("ld-forum", "<!--<script>alert(1)</script> Forum", ""),
    )
    .await;
    let r = app.request("GET", "/en/events/ld-forum", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let ld = json_ld(&r.body);
    let v: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
    assert_eq!(v["name"], "<!--<script>alert(1)</script> Forum");
    assert!(
        !ld.contains("<!--") && !ld.to_ascii_lowercase().contains("<script"),
        "`<` must be written as \\u003c inside the JSON-LD script: {ld}"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Registration
// ---------------------------------------------------------------------------------------------

/// If this fails, people registering without an account would not get their seat, badge and
/// QR code, the second person would not learn their place on the waitlist, or a freed seat
/// would not go to them.
async fn registration_waitlist_and_promotion(app: TestApp) {
    let id = create_event(&app, &raw_event("one-seat", "One seat meeting", "1")).await;
    let ana = visitor(&app, "one-seat").await;
    let r = ana
        .register(&app, "one-seat", "Ana Silva", "ana@example.org")
        .await;
    let (t_ana, done) = token_of(&r);
    assert_eq!(done, "registered");
    let page = ana
        .get(&app, &format!("/en/registrations/{t_ana}?done=registered"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.headers.get(header::CACHE_CONTROL).unwrap(),
        "private, no-store"
    );
    let code = display_badge_code(&registration_named(&app, id, "Ana Silva").await.code);
    assert!(page.body.contains("Confirmed: you have a seat."));
    assert!(
        page.body
            .contains("You are registered. Your seat is confirmed.")
    );
    assert!(page.body.contains(&code), "the badge code {code}");
    assert!(page.body.contains("<svg"), "the QR code inline");

    // The second person joins the waitlist and sees where they stand.
    let bruno = visitor(&app, "one-seat").await;
    let r = bruno
        .register(&app, "one-seat", "Bruno Costa", "bruno@example.org")
        .await;
    let (t_bruno, done) = token_of(&r);
    assert_eq!(done, "waitlisted");
    let page = bruno
        .get(&app, &format!("/en/registrations/{t_bruno}"))
        .await;
    assert!(page.body.contains("On the waitlist.") && page.body.contains("position 1"));
    assert!(!page.body.contains("<svg"), "no badge without a seat");

    // Ana gives her seat up; Bruno has it now.
    let r = ana
        .post(&app, &format!("/en/registrations/{t_ana}/cancel"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        format!("/en/registrations/{t_ana}?done=cancelled")
    );
    let page = ana.get(&app, &format!("/en/registrations/{t_ana}")).await;
    assert!(page.body.contains("Cancelled."));
    let page = bruno
        .get(&app, &format!("/en/registrations/{t_bruno}"))
        .await;
    assert!(
        page.body.contains("Confirmed: you have a seat."),
        "promoted"
    );
    assert!(page.body.contains("<svg") && !page.body.contains("position 1"));
    // Cancelling twice changes nothing.
    let r = ana
        .post(&app, &format!("/en/registrations/{t_ana}/cancel"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(event(&app, id).await.confirmed_count, 1);
}

/// If this fails, a forged or stale form would register someone, a typo would lose what the
/// person typed, a huge answer would crash the server, or one email could take two seats.
async fn registration_form_refuses_bad_input(app: TestApp) {
    let id = create_event(&app, &raw_event("forms-2027", "Forms meeting", "")).await;
    let q = add_notes_question(&app, id).await;
    let qkey = format!("q-{q}");
    let v = visitor(&app, "forms-2027").await;
    let path = "/en/events/forms-2027/register";
    let fields = [
        ("type", "participant"),
        ("name", "Ana Silva"),
        ("email", "ana@example.org"),
    ];

    // Without the token, with a token of someone else, without the cookie: refused, nothing kept.
    let r = app
        .request("POST", path, Some(&v.cookie), Some(&fields))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("This form has expired."));
    let mut forged = vec![("_csrf", "forgedforgedforgedforgedforgedforgedforged0")];
    forged.extend_from_slice(&fields);
    let r = app
        .request("POST", path, Some(&v.cookie), Some(&forged))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut no_cookie = vec![("_csrf", v.csrf.as_str())];
    no_cookie.extend_from_slice(&fields);
    let r = app.request("POST", path, None, Some(&no_cookie)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(registrations(&app, id).await.is_empty());

    // A registration type that does not exist.
    let r = v
        .post(
            &app,
            path,
            &[
                ("type", "vip"),
                ("name", "Ana Silva"),
                ("email", "ana@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"e-type\"") && r.body.contains("Choose one of the options offered.")
    );
    assert!(r.body.contains("value=\"Ana Silva\""));

    // Too long an answer gets a message on its field; an enormous one never reaches a handler.
    let long = "x".repeat(3_000);
    let r = v
        .post(
            &app,
            path,
            &[
                ("type", "participant"),
                ("name", "Ana Silva"),
                ("email", "ana@example.org"),
                (&qkey, &long),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("id=\"e-{qkey}\"")) && r.body.contains("This is too long."));
    let huge = "x".repeat(10 * 1024 * 1024);
    let r = v
        .post(
            &app,
            path,
            &[
                ("type", "participant"),
                ("name", "Ana Silva"),
                ("email", "ana@example.org"),
                (&qkey, &huge),
            ],
        )
        .await;
    assert!(
        r.status == StatusCode::PAYLOAD_TOO_LARGE || r.status == StatusCode::UNPROCESSABLE_ENTITY,
        "a 10 MB answer answered {}",
        r.status
    );
    assert!(registrations(&app, id).await.is_empty());

    // The real thing, then the same email again (in other case): the typed name stays.
    let r = v
        .post(
            &app,
            path,
            &[
                ("type", "participant"),
                ("name", "Ana Silva"),
                ("email", "ana@example.org"),
                (&qkey, "Vegetarian"),
            ],
        )
        .await;
    assert_eq!(token_of(&r).1, "registered");
    let r = v
        .post(
            &app,
            path,
            &[
                ("type", "participant"),
                ("name", "Ana Again"),
                ("email", "ANA@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"Ana Again\""));
    let at = r
        .body
        .find("id=\"e-email\"")
        .expect("a message on the email field");
    assert!(
        r.body[at..]
            .starts_with("id=\"e-email\">This email address is already registered for this event."),
        "{}",
        &r.body[at..at + 120]
    );
    assert_eq!(registrations(&app, id).await.len(), 1);
}

/// If this fails, a waitlisted person would not get the seat freed for them without also being
/// emailed about it (the email is queued in the outbox in the same transaction).
async fn promotion_queues_an_email(app: TestApp) {
    let id = create_event(&app, &raw_event("promo", "Promotion meeting", "1")).await;
    let v = visitor(&app, "promo").await;
    let (t_first, _) = token_of(
        &v.register(&app, "promo", "First", "first@example.org")
            .await,
    );
    let (_, done) = token_of(
        &v.register(&app, "promo", "Second", "second@example.org")
            .await,
    );
    assert_eq!(done, "waitlisted");
    let db = &app.state.store.db;
    assert!(
        pumasi_store::outbox::pending(db, "registration.promoted")
            .await
            .unwrap()
            .is_empty()
    );
    let r = v
        .post(&app, &format!("/en/registrations/{t_first}/cancel"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = registration_named(&app, id, "Second").await;
    let queued = pumasi_store::outbox::pending(db, "registration.promoted")
        .await
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].payload["id"], second.id.to_string());
}

/// If this fails, anonymous visitors keep being told that a session has places free after
/// they are gone — even once the background worker has run — because the public timetable
/// and session page stay in the page cache while bookings change what they show.
async fn public_session_places_follow_bookings(app: TestApp) {
    let id = create_event(&app, &raw_event("seats-2027", "Seats meeting", "")).await;
    let session = add_session(
        &app,
        id,
        &raw_session(
            "Tiny workshop",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            None,
            "1",
        ),
        &[],
    )
    .await;
    // Public pages are cached for anonymous readers, so they show the session's capacity, never
    // a count of places that a booking would make stale; live places are on the participant's
    // own programme page, which is rendered fresh.
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    let timetable = "/en/events/seats-2027/programme";
    let session_page = format!("/en/events/seats-2027/sessions/{session}");
    let r = app.request("GET", timetable, None, None).await;
    assert!(r.body.contains("limited to 1 place"), "{}", r.body);
    assert!(!r.body.contains("places left") && !r.body.contains("place left"));
    let r = app.request("GET", &session_page, None, None).await;
    assert!(r.body.contains("<dt>Seats</dt><dd>1</dd>"));

    let v = visitor(&app, "seats-2027").await;
    let (token, _) = token_of(
        &v.register(&app, "seats-2027", "Ana", "ana@example.org")
            .await,
    );
    let w = visitor(&app, "seats-2027").await;
    let (other, _) = token_of(&w.register(&app, "seats-2027", "Bo", "bo@example.org").await);
    let mine = format!("/en/registrations/{other}/programme?day=2027-05-11");
    let r = app.request("GET", &mine, Some(&w.cookie), None).await;
    assert!(r.body.contains("1 place left"), "{}", r.body);
    let r = choose(&app, &v, &token, session, "add").await;
    assert!(!location(&r).contains("error="));
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    let r = app.request("GET", &mine, Some(&w.cookie), None).await;
    assert!(
        r.body.contains("0 places left"),
        "the participant's programme still offers a place that is gone"
    );
    let r = app.request("GET", timetable, None, None).await;
    assert!(!r.body.contains("place left"));
}

// ---------------------------------------------------------------------------------------------
// 3. My programme
// ---------------------------------------------------------------------------------------------

/// Adds (`add`) or removes (`remove`) a session from the programme behind `token`.
async fn choose(app: &TestApp, v: &Visitor, token: &str, session: Uuid, action: &str) -> Resp {
    v.post(
        app,
        &format!("/en/registrations/{token}/programme"),
        &[
            ("session", session.to_string().as_str()),
            ("action", action),
            ("day", "2027-05-11"),
        ],
    )
    .await
}

/// If this fails, participants could not choose sessions, a full session would take one more
/// person (or fail without a word), or a removed session would keep its place taken.
async fn my_programme_books_and_frees_places(app: TestApp) {
    let id = create_event(&app, &raw_event("prog-2027", "Programme meeting", "")).await;
    let small = add_session(
        &app,
        id,
        &raw_session(
            "Small workshop",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            None,
            "1",
        ),
        &[],
    )
    .await;
    let v = visitor(&app, "prog-2027").await;
    let (t_ana, _) = token_of(
        &v.register(&app, "prog-2027", "Ana", "ana@example.org")
            .await,
    );
    let (t_bruno, _) = token_of(
        &v.register(&app, "prog-2027", "Bruno", "bruno@example.org")
            .await,
    );
    let page = v.get(&app, &format!("/en/registrations/{t_ana}")).await;
    assert!(page.body.contains("You have not chosen any sessions yet."));

    let r = choose(&app, &v, &t_ana, small, "add").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!location(&r).contains("error="), "{}", location(&r));
    let page = v.get(&app, &format!("/en/registrations/{t_ana}")).await;
    assert!(page.body.contains("Small workshop") && !page.body.contains("You have not chosen"));
    let page = v
        .get(
            &app,
            &format!("/en/registrations/{t_ana}/programme?day=2027-05-11"),
        )
        .await;
    assert!(page.body.contains("In my programme"));

    // Full: Bruno is sent back with a message he can read.
    let r = choose(&app, &v, &t_bruno, small, "add").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let loc = location(&r);
    assert!(loc.contains("error=full"), "{loc}");
    let page = v.get(&app, loc.split('#').next().unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("This session is full."));
    let ko = v
        .get(
            &app,
            &loc.split('#').next().unwrap().replacen("/en/", "/ko/", 1),
        )
        .await;
    assert!(
        ko.body.contains("이 세션은 정원이 찼습니다.") && !ko.body.contains("error-session-full")
    );
    let page = v.get(&app, &format!("/en/registrations/{t_bruno}")).await;
    assert!(page.body.contains("You have not chosen any sessions yet."));

    // Ana removes it; the place is Bruno's to take.
    let r = choose(&app, &v, &t_ana, small, "remove").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = v.get(&app, &format!("/en/registrations/{t_ana}")).await;
    assert!(page.body.contains("You have not chosen any sessions yet."));
    let r = choose(&app, &v, &t_bruno, small, "add").await;
    assert!(!location(&r).contains("error="), "{}", location(&r));
    let page = v.get(&app, &format!("/en/registrations/{t_bruno}")).await;
    assert!(page.body.contains("Small workshop"));
    let s = programme::session(&app.state.store.db, small, Locale::En)
        .await
        .unwrap();
    assert_eq!(s.booked_count, 1);
}

// ---------------------------------------------------------------------------------------------
// 4. iCalendar
// ---------------------------------------------------------------------------------------------

/// Unfolded content lines of an iCalendar body.
fn ics_lines(body: &str) -> Vec<String> {
    body.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

/// The VEVENT blocks, each as its lines.
fn vevents(body: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in ics_lines(body) {
        if l == "BEGIN:VEVENT" {
            cur = Some(Vec::new());
        } else if l == "END:VEVENT" {
            out.extend(cur.take());
        } else if let Some(c) = cur.as_mut() {
            c.push(l);
        }
    }
    out
}

fn prop<'a>(ev: &'a [String], name: &str) -> &'a str {
    ev.iter()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} in {ev:?}"))
}

fn block_of<'a>(evs: &'a [Vec<String>], uid: &str) -> &'a [String] {
    evs.iter()
        .find(|e| prop(e, "UID") == uid)
        .unwrap_or_else(|| panic!("no VEVENT {uid}"))
}

/// Parses the feed with Python's `icalendar` when it is installed (CI sets
/// `PUMASI_REQUIRE_ICALENDAR=1` so that a missing module fails instead of skipping).
pub(crate) fn validate_with_python(ics: &str) {
    let available = std::process::Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var("PUMASI_REQUIRE_ICALENDAR").as_deref() != Ok("1"),
            "PUMASI_REQUIRE_ICALENDAR=1 but `python3 -c 'import icalendar'` fails"
        );
        eprintln!(
            "!!! SKIPPED iCalendar validation: `python3 -c 'import icalendar'` fails (pip install icalendar) !!!"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.ics");
    std::fs::write(&path, ics).unwrap();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import icalendar,sys; c=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()); \
             assert len(c.walk('VEVENT'))>0",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar refuses the feed: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// If this fails, calendar apps subscribed to the programme would duplicate sessions, miss
/// changes, show them at the wrong time, or refuse the feed; or a personal feed would be
/// cached by a proxy or list sessions the person did not choose.
async fn icalendar_feeds(app: TestApp) {
    let id = create_event(&app, &raw_event("ics-2027", "Calendar meeting", "")).await;
    let s1 = add_session(
        &app,
        id,
        &raw_session(
            "Morning talk",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let s2 = add_session(
        &app,
        id,
        &raw_session(
            "Afternoon talk, with commas; and semicolons",
            "2027-05-12T15:00",
            "2027-05-12T16:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let path = "/en/events/ics-2027/calendar.ics";
    let r = app.request("GET", path, None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(
        r.body.ends_with("\r\n") && !r.body.replace("\r\n", "").contains('\n'),
        "CRLF lines"
    );
    assert!(r.body.starts_with("BEGIN:VCALENDAR\r\n"));
    let lines = ics_lines(&r.body);
    assert!(lines.iter().any(|l| l == "BEGIN:VTIMEZONE"));
    assert!(lines.iter().any(|l| l == "TZID:Europe/Lisbon"));
    let evs = vevents(&r.body);
    assert_eq!(evs.len(), 3, "the event and its two sessions");
    let uids: Vec<&str> = evs.iter().map(|e| prop(e, "UID")).collect();
    let (e_uid, s1_uid, s2_uid) = (
        format!("{id}@localhost"),
        format!("{s1}@localhost"),
        format!("{s2}@localhost"),
    );
    for u in [&e_uid, &s1_uid, &s2_uid] {
        assert!(uids.contains(&u.as_str()), "{u} in {uids:?}");
    }
    let morning = block_of(&evs, &s1_uid);
    assert!(
        morning
            .iter()
            .any(|l| l == "DTSTART;TZID=Europe/Lisbon:20270511T090000"),
        "{morning:?}"
    );
    assert_eq!(prop(morning, "SEQUENCE"), "0");
    let whole = block_of(&evs, &e_uid);
    assert!(whole.iter().any(|l| l == "DTSTART;VALUE=DATE:20270511"));
    assert!(whole.iter().any(|l| l == "DTEND;VALUE=DATE:20270514"));
    validate_with_python(&r.body);

    // Fetching again gives the same entries.
    let again = app.request("GET", path, None, None).await;
    let again_uids: Vec<String> = vevents(&again.body)
        .iter()
        .map(|e| prop(e, "UID").to_owned())
        .collect();
    assert_eq!(again_uids, uids);

    // The organiser moves the morning talk: same UID, higher SEQUENCE, new time.
    let db = &app.state.store.db;
    let before = programme::session(db, s1, Locale::En).await.unwrap();
    let input = raw_session(
        "Morning talk",
        "2027-05-11T09:30",
        "2027-05-11T10:30",
        None,
        "",
    )
    .validate(&event(&app, id).await.window())
    .unwrap();
    let txn = app.state.store.begin_write().await.unwrap();
    programme::update_session(&txn, s1, before.version, &input, &[], None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let after = app.request("GET", path, None, None).await;
    let evs = vevents(&after.body);
    let morning = block_of(&evs, &s1_uid);
    assert_eq!(prop(morning, "SEQUENCE"), "1");
    assert!(
        morning
            .iter()
            .any(|l| l == "DTSTART;TZID=Europe/Lisbon:20270511T093000")
    );
    assert_eq!(prop(block_of(&evs, &s2_uid), "SEQUENCE"), "0");

    // The personal feed: only what the person chose, never cached.
    let v = visitor(&app, "ics-2027").await;
    let (token, _) = token_of(&v.register(&app, "ics-2027", "Ana", "ana@example.org").await);
    let r = v
        .post(
            &app,
            &format!("/en/registrations/{token}/programme"),
            &[("session", &s2.to_string()), ("action", "add")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mine = v
        .get(&app, &format!("/en/registrations/{token}/calendar.ics"))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(
        mine.headers.get(header::CACHE_CONTROL).unwrap(),
        "private, no-store"
    );
    let evs = vevents(&mine.body);
    let uids: Vec<&str> = evs.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), 2, "{uids:?}");
    assert!(uids.contains(&e_uid.as_str()) && uids.contains(&s2_uid.as_str()));
    assert!(!uids.contains(&s1_uid.as_str()));
    validate_with_python(&mine.body);
    // After cancelling, the private feed is gone.
    v.post(&app, &format!("/en/registrations/{token}/cancel"), &[])
        .await;
    let gone = v
        .get(&app, &format!("/en/registrations/{token}/calendar.ics"))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// 5. Permissions
// ---------------------------------------------------------------------------------------------

fn page(p: &str) -> String {
    format!("/en/events/perm-2027/{p}")
}

const ORGANISER_PAGES: [&str; 5] = [
    "manage",
    "edit",
    "registrations.csv",
    "badges",
    "sessions/new",
];

/// If this fails, someone without a role in the event would see participants' names and
/// emails, or change the event; check-in staff could export or edit; a person could read
/// another person's registration.
async fn organiser_pages_are_for_organisers(app: TestApp) {
    let id = create_event(&app, &raw_event("perm-2027", "Permission meeting", "")).await;
    let other = create_event(&app, &raw_event("else-2027", "Another meeting", "")).await;
    let v = visitor(&app, "perm-2027").await;
    let (carla_token, _) = token_of(
        &v.register(&app, "perm-2027", "Carla Reis", "carla@example.org")
            .await,
    );
    let carla = registration_named(&app, id, "Carla Reis").await;

    // Anonymous: to the login form.
    for p in ORGANISER_PAGES.into_iter().chain(["checkin"]) {
        let r = app.request("GET", &page(p), None, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{p}");
        assert!(location(&r).starts_with("/en/login?next="), "{p}");
    }
    // A person, an admin of a member organisation, an organiser of another event: forbidden.
    let person = app.account("person@example.org", SiteRole::Person).await;
    let org_admin = app.account("orgadmin@example.org", SiteRole::Person).await;
    let seoul = pumasi_store::members::by_slug(
        &app.state.store.db,
        "seoul-metropolitan-government",
        Locale::En,
    )
    .await
    .unwrap();
    pumasi_store::members::set_affiliation(
        &app.state.store.db,
        account_id(&app, "orgadmin@example.org").await,
        seoul.id,
        pumasi_domain::members::OrgRole::Admin,
        None,
    )
    .await
    .unwrap();
    let elsewhere = staff(&app, other, "elsewhere@example.org", EventRole::Organiser).await;
    for (who, cookie) in [
        ("person", &person),
        ("org admin", &org_admin),
        ("organiser of another event", &elsewhere),
    ] {
        for p in ORGANISER_PAGES.into_iter().chain(["checkin"]) {
            let r = app.request("GET", &page(p), Some(cookie), None).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} on {p}");
            assert!(!r.body.contains("carla@example.org"));
        }
        let csrf = app.csrf(cookie).await;
        let r = app
            .request(
                "POST",
                &page("checkin"),
                Some(cookie),
                Some(&[("_csrf", &csrf), ("code", &carla.code)]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} checking in");
    }
    // Those pages of the other event are open to its organiser.
    let r = app
        .request("GET", "/en/events/else-2027/manage", Some(&elsewhere), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // Check-in staff: the desk, the figures, nothing more.
    let desk = staff(&app, id, "desk@example.org", EventRole::Checkin).await;
    let r = app
        .request("GET", &page("checkin"), Some(&desk), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let csrf = app.csrf(&desk).await;
    let r = app
        .request(
            "POST",
            &page("checkin"),
            Some(&desk),
            Some(&[("_csrf", &csrf), ("code", &display_badge_code(&carla.code))]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Checked in.") && r.body.contains("Carla Reis"));
    for p in ["edit", "registrations.csv", "badges", "sessions/new"] {
        let r = app.request("GET", &page(p), Some(&desk), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "check-in staff on {p}");
    }
    let r = app.request("GET", &page("manage"), Some(&desk), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        !r.body.contains("carla@example.org") && !r.body.contains("<table class=\"registrations\"")
    );
    let r = app
        .request(
            "GET",
            &format!("/en/registrations/{}", carla.id),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "check-in staff reading a registration"
    );

    // The organiser and the secretariat: everything.
    let organiser = staff(&app, id, "organiser@example.org", EventRole::Organiser).await;
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    for (who, cookie) in [("organiser", &organiser), ("secretariat", &sec)] {
        for p in ORGANISER_PAGES.into_iter().chain(["checkin"]) {
            let r = app.request("GET", &page(p), Some(cookie), None).await;
            assert_eq!(r.status, StatusCode::OK, "{who} on {p}");
        }
        let r = app
            .request("GET", &page("manage"), Some(cookie), None)
            .await;
        assert!(
            r.body.contains("carla@example.org"),
            "{who} sees registrations"
        );
    }

    // A registration by its id: its holder and the organisers, nobody else.
    let holder = app.account("holder@example.org", SiteRole::Person).await;
    let csrf = app.csrf(&holder).await;
    let r = app
        .request(
            "POST",
            "/en/events/perm-2027/register",
            Some(&holder),
            Some(&[
                ("_csrf", &csrf),
                ("type", "participant"),
                ("name", "Holder Person"),
                ("email", "holder@example.org"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mine = registration_named(&app, id, "Holder Person").await;
    assert_eq!(
        mine.account_id,
        Some(account_id(&app, "holder@example.org").await)
    );
    let by_id = format!("/en/registrations/{}", mine.id);
    for (who, cookie, expect) in [
        ("holder", Some(&holder), StatusCode::OK),
        ("organiser", Some(&organiser), StatusCode::OK),
        ("secretariat", Some(&sec), StatusCode::OK),
        ("another person", Some(&person), StatusCode::NOT_FOUND),
        (
            "organiser of another event",
            Some(&elsewhere),
            StatusCode::NOT_FOUND,
        ),
        ("anonymous", None, StatusCode::SEE_OTHER),
    ] {
        let r = app
            .request("GET", &by_id, cookie.map(String::as_str), None)
            .await;
        assert_eq!(r.status, expect, "{who}");
        if expect != StatusCode::OK {
            assert!(!r.body.contains("holder@example.org"), "{who}");
        }
    }
    let r = app
        .request("GET", "/en/registrations", Some(&holder), None)
        .await;
    assert!(r.body.contains(&mine.id.to_string()));
    // Carla's private link still works for whoever has it, and only her registration.
    let r = app
        .request(
            "GET",
            &format!("/en/registrations/{carla_token}"),
            None,
            None,
        )
        .await;
    assert!(r.body.contains("Carla Reis") && !r.body.contains("Holder Person"));

    // Creating events is the secretariat's.
    let csrf = app.csrf(&person).await;
    let mut form: Vec<(String, String)> = vec![("_csrf".into(), csrf)];
    form.extend(raw_pairs(&raw_event("sneaky-2027", "Sneaky", "")));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.request("GET", "/en/events/new", Some(&person), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .request("POST", "/en/events/new", Some(&person), Some(&form))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        events::by_slug(&app.state.store.db, "sneaky-2027", Locale::En)
            .await
            .is_err()
    );
    let r = app
        .request("POST", "/en/events/new", Some(&organiser), Some(&form))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "an organiser of one event");
}

/// An event's fields as form pairs.
fn raw_pairs(raw: &RawEvent) -> Vec<(String, String)> {
    serde_json::to_value(raw)
        .unwrap()
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 6. Organisers' forms
// ---------------------------------------------------------------------------------------------

/// Posts the new-session form of `org-2027` in `room`: `[title, starts_at, ends_at, capacity]`.
async fn new_session(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    room: Uuid,
    [title, start, end, cap]: [&str; 4],
) -> Resp {
    let room = room.to_string();
    app.request(
        "POST",
        "/en/events/org-2027/sessions/new",
        Some(cookie),
        Some(&[
            ("_csrf", csrf),
            ("version", "0"),
            ("lang", "en"),
            ("title", title),
            ("format", "panel"),
            ("room", room.as_str()),
            ("starts_at", start),
            ("ends_at", end),
            ("capacity", cap),
            ("languages", "en"),
        ]),
    )
    .await
}

/// Posts the edit form of `org-2027` with the stored values and another capacity.
async fn edit_event(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    version: &str,
    raw: &RawEvent,
    capacity: &str,
    hosts: &str,
) -> Resp {
    let mut pairs = raw_pairs(raw);
    pairs.retain(|(k, _)| k != "capacity");
    pairs.extend([
        ("capacity".to_owned(), capacity.to_owned()),
        ("hosts".to_owned(), hosts.to_owned()),
        ("_csrf".to_owned(), csrf.to_owned()),
        ("version".to_owned(), version.to_owned()),
    ]);
    let form: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.request(
        "POST",
        "/en/events/org-2027/edit",
        Some(cookie),
        Some(&form),
    )
    .await
}

/// If this fails, organisers would double-book a room, save sessions that end before they
/// start or fall outside the event, lose what they typed, or shrink an event below the seats
/// already given.
async fn organiser_forms_show_what_is_wrong(app: TestApp) {
    let id = create_event(&app, &raw_event("org-2027", "Organised meeting", "5")).await;
    let hall = add_room(&app, id, "hall", "Great hall").await;
    add_session(
        &app,
        id,
        &raw_session(
            "Keynote",
            "2027-05-11T09:00",
            "2027-05-11T10:30",
            Some(hall),
            "",
        ),
        &[],
    )
    .await;
    let organiser = staff(&app, id, "org@example.org", EventRole::Organiser).await;
    let csrf = app.csrf(&organiser).await;
    let r = new_session(
        &app,
        &organiser,
        &csrf,
        hall,
        ["Clashing panel", "2027-05-11T10:00", "2027-05-11T11:00", ""],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-room\">This room already holds another session at that time.")
    );
    assert!(r.body.contains("value=\"Clashing panel\""));
    let r = new_session(
        &app,
        &organiser,
        &csrf,
        hall,
        [
            "Backwards panel",
            "2027-05-11T12:00",
            "2027-05-11T11:00",
            "",
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-ends_at\">The end must come after the start.")
    );
    assert!(r.body.contains("value=\"Backwards panel\""));
    let r = new_session(
        &app,
        &organiser,
        &csrf,
        hall,
        ["Late panel", "2027-05-20T09:00", "2027-05-20T10:00", ""],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-starts_at\">The session must take place within the event")
    );
    let r = new_session(
        &app,
        &organiser,
        &csrf,
        hall,
        [
            "Negative panel",
            "2027-05-11T12:00",
            "2027-05-11T13:00",
            "-1",
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-capacity\">Enter a whole number of 0 or more")
    );
    assert_eq!(
        programme::programme(&app.state.store.db, id, Locale::En)
            .await
            .unwrap()
            .sessions
            .len(),
        1,
        "nothing saved"
    );
    // Right after the keynote, in the same hall: saved.
    let r = new_session(
        &app,
        &organiser,
        &csrf,
        hall,
        [
            "Follow-up panel",
            "2027-05-11T10:30",
            "2027-05-11T11:30",
            "40",
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(location(&r).starts_with("/en/events/org-2027/sessions/"));

    // Two confirmed seats: the capacity cannot go below them.
    let v = visitor(&app, "org-2027").await;
    token_of(&v.register(&app, "org-2027", "Ana", "ana@example.org").await);
    token_of(
        &v.register(&app, "org-2027", "Bruno", "bruno@example.org")
            .await,
    );
    let form = app
        .request("GET", "/en/events/org-2027/edit", Some(&organiser), None)
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let version = field(&form.body, "version");
    let (raw, _, _) = events::raw(&app.state.store.db, id).await.unwrap();
    let r = edit_event(&app, &organiser, &csrf, &version, &raw, "1", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("The capacity cannot be lower than the seats already confirmed.")
    );
    assert!(r.body.contains("value=\"Organised meeting\""));
    assert_eq!(event(&app, id).await.capacity, Some(5));
    let r = edit_event(&app, &organiser, &csrf, &version, &raw, "2", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(event(&app, id).await.capacity, Some(2));

    // A client typing addresses (`hosts`) is still read; an unknown one is refused, never echoed
    // as markup.
    let form = app
        .request("GET", "/en/events/org-2027/edit", Some(&organiser), None)
        .await;
    let version = field(&form.body, "version");
    let typed = "city-of-bordeaux, <script>alert(1)</script>";
    let r = edit_event(&app, &organiser, &csrf, &version, &raw, "2", typed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-hosts\">No member has this web address"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<script>alert(1)"));
    let many = vec!["city-of-bordeaux"; 21].join(",");
    let r = edit_event(&app, &organiser, &csrf, &version, &raw, "2", &many).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-hosts\">This is too long."));
    assert!(event(&app, id).await.hosts.is_empty(), "nothing saved");
    let r = edit_event(
        &app,
        &organiser,
        &csrf,
        &version,
        &raw,
        "2",
        "city-of-bordeaux\nseoul-metropolitan-government, city-of-bordeaux",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hosts: Vec<String> = event(&app, id)
        .await
        .hosts
        .iter()
        .map(|h| h.slug.as_str().to_owned())
        .collect();
    assert_eq!(hosts, ["city-of-bordeaux", "seoul-metropolitan-government"]);
    let form = app
        .request("GET", "/en/events/org-2027/edit", Some(&organiser), None)
        .await;
    // Hosts are ticked by name (in the reader's language), the chosen ones first.
    let at = |slug: &str| {
        form.body
            .find(&format!("name=\"host_{slug}\" value=\"on\" checked>"))
            .unwrap_or_else(|| panic!("{slug} ticked: {}", form.body))
    };
    let (bordeaux, seoul) = (at("city-of-bordeaux"), at("seoul-metropolitan-government"));
    let bilbao = form
        .body
        .find("name=\"host_city-of-bilbao\" value=\"on\">")
        .expect("other members offered, unticked");
    assert!(bordeaux.max(seoul) < bilbao, "the ticked ones come first");
    assert!(form.body.contains(">City of Bilbao</label>"));
    assert!(!form.body.contains("name=\"hosts\""), "no address to type");
    let ko = app
        .request("GET", "/ko/events/org-2027/edit", Some(&organiser), None)
        .await;
    assert!(ko.body.contains(">서울특별시</label>"), "named in Korean");
    // Ticking and unticking by name; a forged name changes nothing.
    let mut pairs = raw_pairs(&raw);
    pairs.retain(|(k, _)| k != "capacity");
    let version = pumasi_store::events::raw(&app.state.store.db, id)
        .await
        .unwrap()
        .1
        .to_string();
    pairs.extend([
        ("capacity".to_owned(), "2".to_owned()),
        ("host_city-of-bilbao".to_owned(), "on".to_owned()),
        ("_csrf".to_owned(), csrf.clone()),
        ("version".to_owned(), version.clone()),
    ]);
    let mut forged = pairs.clone();
    forged.push(("host_<script>".to_owned(), "on".to_owned()));
    let as_form = |p: &[(String, String)]| -> Vec<(String, String)> { p.to_vec() };
    let post = |p: Vec<(String, String)>| {
        let app = &app;
        let organiser = organiser.clone();
        async move {
            let form: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.request(
                "POST",
                "/en/events/org-2027/edit",
                Some(&organiser),
                Some(&form),
            )
            .await
        }
    };
    let r = post(as_form(&forged)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-hosts\""));
    assert!(!r.body.contains("<script>"));
    assert!(
        r.body
            .contains("name=\"host_city-of-bilbao\" value=\"on\" checked>"),
        "the ticks come back"
    );
    let r = post(as_form(&pairs)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hosts: Vec<String> = event(&app, id)
        .await
        .hosts
        .iter()
        .map(|h| h.slug.as_str().to_owned())
        .collect();
    assert_eq!(hosts, ["city-of-bilbao"]);
}

// ---------------------------------------------------------------------------------------------
// 7. CSV export
// ---------------------------------------------------------------------------------------------

/// If this fails, organisers' spreadsheets would miss people or answers, or a registrant's
/// name would run as a formula when the export is opened.
async fn csv_export_is_complete_and_formula_safe(app: TestApp) {
    let id = create_event(&app, &raw_event("csv-2027", "Export meeting", "")).await;
    let q = add_notes_question(&app, id).await;
    let qkey = format!("q-{q}");
    let v = visitor(&app, "csv-2027").await;
    let path = "/en/events/csv-2027/register";
    let evil = "=HYPERLINK(\"http://evil.example\",\"x\")";
    for (name, email, notes) in [
        (evil, "evil@example.org", "@SUM(1+1)"),
        ("Bruno Costa", "bruno@example.org", "Vegetarian, no nuts"),
        ("Carla Reis", "carla@example.org", ""),
    ] {
        let r = v
            .post(
                &app,
                path,
                &[
                    ("type", "participant"),
                    ("name", name),
                    ("email", email),
                    (&qkey, notes),
                ],
            )
            .await;
        token_of(&r);
    }
    let carla = registration_named(&app, id, "Carla Reis").await;
    let txn = app.state.store.begin_write().await.unwrap();
    registration::cancel(&txn, carla.id, None).await.unwrap();
    txn.commit().await.unwrap();

    let organiser = staff(&app, id, "csv@example.org", EventRole::Organiser).await;
    let r = app
        .request(
            "GET",
            "/en/events/csv-2027/registrations.csv",
            Some(&organiser),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut rd = csv::Reader::from_reader(r.body.as_bytes());
    let head: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
    for h in ["code", "name", "email", "type", "state", "notes"] {
        assert!(head.iter().any(|c| c == h), "column {h} in {head:?}");
    }
    let col = |h: &str| head.iter().position(|c| c == h).unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "one row per registration");
    let row = |email: &str| {
        rows.iter()
            .find(|r| &r[col("email")] == email)
            .unwrap_or_else(|| panic!("a row for {email}"))
    };
    let e = row("evil@example.org");
    assert_eq!(&e[col("name")], format!("'{evil}"));
    assert_eq!(&e[col("notes")], "'@SUM(1+1)");
    assert_eq!(&e[col("type")], "participant");
    assert_eq!(&e[col("state")], "confirmed");
    let b = row("bruno@example.org");
    assert_eq!(&b[col("name")], "Bruno Costa");
    assert_eq!(&b[col("notes")], "Vegetarian, no nuts");
    let c = row("carla@example.org");
    assert_eq!(&c[col("state")], "cancelled");
    assert_eq!(&c[col("notes")], "");
    assert_eq!(&c[col("code")], display_badge_code(&carla.code));
    assert!(
        rows.iter()
            .all(|r| !r.iter().any(|cell| cell.starts_with('=')))
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Check-in under concurrency
// ---------------------------------------------------------------------------------------------

/// If this fails, a badge scanned twice at once (two scanners, a double tap) would be counted
/// twice, or the second scan would not say that the person is already in.
async fn concurrent_checkin_counts_once(app: TestApp) {
    let id = create_event(&app, &raw_event("door-2027", "Door meeting", "")).await;
    let v = visitor(&app, "door-2027").await;
    token_of(
        &v.register(&app, "door-2027", "Dara Kim", "dara@example.org")
            .await,
    );
    let code = registration_named(&app, id, "Dara Kim").await.code;
    let desk = staff(&app, id, "door@example.org", EventRole::Checkin).await;
    let csrf = app.csrf(&desk).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (state, desk, body) = (
            app.state.clone(),
            desk.clone(),
            serde_urlencoded::to_string([("_csrf", csrf.as_str()), ("code", code.as_str())])
                .unwrap(),
        );
        tasks.push(tokio::spawn(async move {
            let req = Request::post("/en/events/door-2027/checkin")
                .header(header::COOKIE, desk)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap();
            let resp = pumasi_web::router(state).oneshot(req).await.unwrap();
            let status = resp.status();
            let bytes = resp.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        }));
    }
    let (mut done, mut already) = (0, 0);
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("Dara Kim"));
        if body.contains("<p class=\"big\">Checked in.</p>") {
            done += 1;
        } else if body.contains("<p class=\"big\">Already checked in at ") {
            already += 1;
        }
    }
    assert_eq!((done, already), (1, 9));
    let counts = registration::counts(&app.state.store.db, id).await.unwrap();
    assert_eq!(counts.checked_in, 1);

    // A badge of another event is not let in at this door, and stays unused.
    let other = create_event(&app, &raw_event("next-door-2027", "Next door", "")).await;
    let w = visitor(&app, "next-door-2027").await;
    token_of(
        &w.register(&app, "next-door-2027", "Eun Park", "eun@example.org")
            .await,
    );
    let eun = registration_named(&app, other, "Eun Park").await;
    let r = app
        .request(
            "POST",
            "/en/events/door-2027/checkin",
            Some(&desk),
            Some(&[("_csrf", csrf.as_str()), ("code", eun.code.as_str())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.body.contains("No badge with this code for this event.") && !r.body.contains("Eun Park")
    );
    assert!(
        registration_named(&app, other, "Eun Park")
            .await
            .checked_in_at
            .is_none()
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Cancelling a session
// ---------------------------------------------------------------------------------------------

/// If this fails, an organiser could not cancel a session (or someone else could), people
/// would not see that it is cancelled, calendars would keep showing it as happening, someone
/// could still add it to their programme, or the people who had it would not be told.
async fn organisers_cancel_a_session(app: TestApp) {
    let id = create_event(&app, &raw_event("cxl-2027", "Cancellation meeting", "")).await;
    let hall = add_room(&app, id, "hall", "Great hall").await;
    let keynote = add_session(
        &app,
        id,
        &raw_session(
            "Keynote on <b>care</b>",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            Some(hall),
            "",
        ),
        &[],
    )
    .await;
    let v = visitor(&app, "cxl-2027").await;
    let (t_ana, _) = token_of(&v.register(&app, "cxl-2027", "Ana", "ana@example.org").await);
    let (t_bruno, _) = token_of(
        &v.register(&app, "cxl-2027", "Bruno", "bruno@example.org")
            .await,
    );
    let r = choose(&app, &v, &t_ana, keynote, "add").await;
    assert!(!location(&r).contains("error="), "{}", location(&r));
    let uid_line = |ics: &str| {
        let evs = vevents(ics);
        let ev = evs
            .iter()
            .find(|e| prop(e, "UID").starts_with(&keynote.to_string()))
            .expect("the keynote is in the feed")
            .clone();
        (
            prop(&ev, "SEQUENCE").to_owned(),
            prop(&ev, "STATUS").to_owned(),
        )
    };
    let feed = app
        .request("GET", "/en/events/cxl-2027/calendar.ics", None, None)
        .await;
    let (seq_before, status) = uid_line(&feed.body);
    assert_eq!(status, "CONFIRMED");

    let path = format!("/en/events/cxl-2027/sessions/{keynote}/cancel");
    let version = programme::session(&app.state.store.db, keynote, Locale::En)
        .await
        .unwrap()
        .version
        .to_string();
    // Nobody but the organisers: anonymous (with a valid anonymous CSRF pair), a participant's
    // browser, check-in staff, an organiser of another event.
    let r = v
        .post(&app, &path, &[("version", &version), ("cancel", "yes")])
        .await;
    assert!(
        r.status == StatusCode::FORBIDDEN
            || (r.status == StatusCode::SEE_OTHER && location(&r).starts_with("/en/login")),
        "anonymous: {} {}",
        r.status,
        r.body
    );
    let desk = staff(&app, id, "desk@example.org", EventRole::Checkin).await;
    let other = create_event(&app, &raw_event("other-2027", "Other meeting", "")).await;
    let elsewhere = staff(&app, other, "elsewhere@example.org", EventRole::Organiser).await;
    for (who, cookie) in [
        ("check-in staff", &desk),
        ("organiser elsewhere", &elsewhere),
    ] {
        let csrf = app.csrf(cookie).await;
        let r = app
            .request(
                "POST",
                &path,
                Some(cookie),
                Some(&[("_csrf", &csrf), ("version", &version), ("cancel", "yes")]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert!(
        programme::session(&app.state.store.db, keynote, Locale::En)
            .await
            .unwrap()
            .cancelled_at
            .is_none(),
        "still on after the refused attempts"
    );

    // The organiser's form offers it; a malformed choice is refused.
    let organiser = staff(&app, id, "org@example.org", EventRole::Organiser).await;
    let csrf = app.csrf(&organiser).await;
    let form = app
        .request(
            "GET",
            &format!("/en/events/cxl-2027/sessions/{keynote}/edit"),
            Some(&organiser),
            None,
        )
        .await;
    assert!(form.body.contains("Cancel the session"));
    assert!(form.body.contains(&format!("action=\"{path}\"")));
    let r = app
        .request(
            "POST",
            &path,
            Some(&organiser),
            Some(&[
                ("_csrf", &csrf),
                ("version", &version),
                ("cancel", "<script>"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>"));
    let r = app
        .request(
            "POST",
            &path,
            Some(&organiser),
            Some(&[("_csrf", &csrf), ("version", &version), ("cancel", "yes")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A second click with the old form: a conflict, said in words.
    let r = app
        .request(
            "POST",
            &path,
            Some(&organiser),
            Some(&[("_csrf", &csrf), ("version", &version), ("cancel", "yes")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Cancel this session"));

    // Everyone sees it cancelled: timetable, session page, the organiser's form, the feed.
    let tt = app
        .request("GET", "/en/events/cxl-2027/programme", None, None)
        .await;
    assert!(
        tt.body.contains("class=\"session cancelled\""),
        "{}",
        tt.body
    );
    assert!(tt.body.contains("Cancelled</strong>"));
    assert!(!tt.body.contains("<b>care</b>"));
    let sp = app
        .request(
            "GET",
            &format!("/en/events/cxl-2027/sessions/{keynote}"),
            None,
            None,
        )
        .await;
    assert!(sp.body.contains("This session is cancelled."));
    let fr = app
        .request(
            "GET",
            &format!("/fr/events/cxl-2027/sessions/{keynote}"),
            None,
            None,
        )
        .await;
    assert!(fr.body.contains("Cette session est annulée."));
    let form = app
        .request(
            "GET",
            &format!("/en/events/cxl-2027/sessions/{keynote}/edit"),
            Some(&organiser),
            None,
        )
        .await;
    assert!(form.body.contains("This session was cancelled on 2"));
    assert!(form.body.contains("Put the session back in the programme"));
    let feed = app
        .request("GET", "/en/events/cxl-2027/calendar.ics", None, None)
        .await;
    let (seq_after, status) = uid_line(&feed.body);
    assert_eq!(status, "CANCELLED");
    assert!(
        seq_after.parse::<i32>().unwrap() > seq_before.parse::<i32>().unwrap(),
        "{seq_before} → {seq_after}"
    );
    validate_with_python(&feed.body);
    let mine = v
        .get(&app, &format!("/en/registrations/{t_ana}/calendar.ics"))
        .await;
    assert_eq!(uid_line(&mine.body).1, "CANCELLED");
    let api = app
        .request("GET", "/api/v1/events/cxl-2027/sessions", None, None)
        .await;
    let sessions: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(sessions[0]["cancelled_at"].is_string(), "{sessions}");

    // Ana's registration shows it marked; Bruno cannot add it and is told why.
    let page = v.get(&app, &format!("/en/registrations/{t_ana}")).await;
    assert!(page.body.contains("Cancelled</strong>"));
    let r = choose(&app, &v, &t_bruno, keynote, "add").await;
    let loc = location(&r);
    assert!(loc.contains("error=cancelled"), "{loc}");
    let page = v.get(&app, loc.split('#').next().unwrap()).await;
    assert!(page.body.contains("This session is cancelled."));
    let ko = v
        .get(
            &app,
            &loc.split('#').next().unwrap().replacen("/en/", "/ko/", 1),
        )
        .await;
    assert!(ko.body.contains("이 세션은 취소되었습니다."));

    // The delivery loop turns it into one email, to Ana, in her language, with her link.
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    let emails: Vec<serde_json::Value> =
        pumasi_store::outbox::pending(&app.state.store.db, "email")
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.payload)
            .filter(|p| p["template"] == "session-cancelled")
            .collect();
    assert_eq!(emails.len(), 1, "{emails:?}");
    assert_eq!(emails[0]["to"], "ana@example.org");
    assert_eq!(emails[0]["question"], "Keynote on <b>care</b>");
    assert!(
        emails[0]["link"]
            .as_str()
            .unwrap()
            .contains("/en/registrations/")
    );
    let (subject, body) =
        pumasi_web::mail::render("session-cancelled", Locale::Fr, &emails[0], "GSEF");
    assert!(subject.starts_with("Session annulée"), "{subject}");
    assert!(body.contains("Cancellation meeting"), "{body}");

    // Put back: bookable again.
    let version = programme::session(&app.state.store.db, keynote, Locale::En)
        .await
        .unwrap()
        .version
        .to_string();
    let r = app
        .request(
            "POST",
            &path,
            Some(&organiser),
            Some(&[("_csrf", &csrf), ("version", &version), ("cancel", "no")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = choose(&app, &v, &t_bruno, keynote, "add").await;
    assert!(!location(&r).contains("error="), "{}", location(&r));
}

// ---------------------------------------------------------------------------------------------
// 10. Setting an event up
// ---------------------------------------------------------------------------------------------

/// A multipart body of the speaker form: text fields, then the photo.
fn speaker_form(csrf: &str, fields: &[(&str, &str)], photo: &[u8]) -> (String, Vec<u8>) {
    let b = "SpEaKeRbOuNdArY";
    let mut body = Vec::new();
    for (k, v) in [("_csrf", csrf)].iter().chain(fields) {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn post_multipart(app: &TestApp, path: &str, cookie: &str, form: (String, Vec<u8>)) -> Resp {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, form.0)
        .body(Body::from(form.1))
        .unwrap();
    app.raw(req).await
}

/// If this fails, organisers could not set an event up from the browser (or others could), a
/// typo in a form would lose what was typed, a speaker's photo would be dropped without a
/// word, or removing a room would take its sessions' room away.
async fn setup_adds_and_removes_only_what_is_unused(app: TestApp) {
    let id = create_event(&app, &raw_event("setup-2027", "Setup meeting", "")).await;
    let base = "/en/events/setup-2027/setup";
    // Who may open it.
    let r = app.request("GET", base, None, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/en/login?next="));
    let person = app.account("person@example.org", SiteRole::Person).await;
    let desk = staff(&app, id, "desk@example.org", EventRole::Checkin).await;
    for (who, cookie) in [("person", &person), ("check-in staff", &desk)] {
        let r = app.request("GET", base, Some(cookie), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        let csrf = app.csrf(cookie).await;
        let r = app
            .request(
                "POST",
                &format!("{base}/room"),
                Some(cookie),
                Some(&[
                    ("_csrf", &csrf),
                    ("name", "Sneaky room"),
                    ("code", "sneaky"),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let organiser = staff(&app, id, "org@example.org", EventRole::Organiser).await;
    let csrf = app.csrf(&organiser).await;
    let r = app.request("GET", base, Some(&organiser), None).await;
    assert_eq!(r.status, StatusCode::OK);

    // A room with a bad capacity comes back with the typed values; then it is added.
    let post = |part: &'static str, fields: Vec<(&'static str, String)>| {
        let (app, organiser, csrf) = (&app, organiser.clone(), csrf.clone());
        async move {
            let mut form: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
            form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            app.request(
                "POST",
                &format!("{base}/{part}"),
                Some(&organiser),
                Some(&form),
            )
            .await
        }
    };
    let r = post(
        "room",
        vec![
            ("name", "Sala <b>1</b>".into()),
            ("code", "sala-1".into()),
            ("capacity", "-5".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-capacity\""), "{}", r.body);
    assert!(
        r.body.contains("value=\"Sala &#60;b&#62;1&#60;/b&#62;\"")
            || r.body.contains("value=\"Sala &lt;b&gt;1&lt;/b&gt;\"")
    );
    let r = post(
        "room",
        vec![
            ("name", "Sala <b>1</b>".into()),
            ("code", "sala-1".into()),
            ("capacity", "30".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(
        "type",
        vec![
            ("name", "Press".into()),
            ("code", "press".into()),
            ("fee", "".into()),
            ("currency", "EUR".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let prog = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap();
    let room = prog.rooms.iter().find(|r| r.code == "sala-1").unwrap().id;
    let page = app.request("GET", base, Some(&organiser), None).await;
    assert!(!page.body.contains("<b>1</b>"));

    // A speaker with a photo; a photo too large or not an image is refused, keeping the name.
    let png = b"\x89PNG\r\n\x1a\nnot really the rest of a png".to_vec();
    let r = post_multipart(
        &app,
        &format!("{base}/speaker"),
        &organiser,
        speaker_form(
            &csrf,
            &[("name", "Ana Silva"), ("bio", "Co-op <i>founder</i>")],
            &png,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ana = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .speakers
        .into_iter()
        .find(|s| s.name == "Ana Silva")
        .expect("the speaker was added");
    assert!(ana.has_photo);
    let photo = app
        .request(
            "GET",
            &format!("/en/events/setup-2027/speakers/{}/photo", ana.id),
            None,
            None,
        )
        .await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.headers[header::CONTENT_TYPE], "image/png");
    let mut big = png.clone();
    big.resize(2 * 1024 * 1024 + 1, 0);
    for (bytes, message) in [
        (big, "error-photo-too-large"),
        (b"GIF89a".to_vec(), "error-photo-type"),
    ] {
        let r = post_multipart(
            &app,
            &format!("{base}/speaker"),
            &organiser,
            speaker_form(&csrf, &[("name", "Bruno Costa")], &bytes),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains("id=\"e-photo\""), "{message}: {}", r.body);
        assert!(!r.body.contains(message), "the message is translated");
        assert!(r.body.contains("value=\"Bruno Costa\""), "{message}");
    }
    assert_eq!(
        programme::programme(&app.state.store.db, id, Locale::En)
            .await
            .unwrap()
            .speakers
            .len(),
        1,
        "nothing saved"
    );

    // A session in the room: the room stays, the page says why, in the rooms' section.
    let keynote = add_session(
        &app,
        id,
        &raw_session(
            "Keynote",
            "2027-05-11T09:00",
            "2027-05-11T10:00",
            Some(room),
            "",
        ),
        &[],
    )
    .await;

    // Editing: the form comes filled in; a bad value keeps the edit; the change reaches the
    // session's calendar entry; the speaker keeps the photo.
    let page = app
        .request(
            "GET",
            &format!("{base}?edit={room}"),
            Some(&organiser),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("name=\"id\" value=\"{room}\"")));
    assert!(page.body.contains("value=\"30\""));
    assert!(!page.body.contains("<b>1</b>"));
    for bad in ["%3Cscript%3E", "00000000-0000-0000-0000-000000000000"] {
        let r = app
            .request("GET", &format!("{base}?edit={bad}"), Some(&organiser), None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
    let r = app
        .request("GET", &format!("{base}?edit={room}"), Some(&desk), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let seq_before = programme::session(&app.state.store.db, keynote, Locale::En)
        .await
        .unwrap()
        .sequence;
    let r = post(
        "room",
        vec![
            ("id", room.to_string()),
            ("name", "Auditório".into()),
            ("code", "sala-1".into()),
            ("capacity", "lots".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!("name=\"id\" value=\"{room}\"")),
        "still editing"
    );
    assert!(r.body.contains("value=\"Auditório\""));
    let r = post(
        "room",
        vec![
            ("id", room.to_string()),
            ("name", "Auditório".into()),
            ("code", "sala-1".into()),
            ("capacity", "40".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let prog = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap();
    assert_eq!(prog.rooms.len(), 1, "changed, not added");
    assert_eq!(
        (prog.rooms[0].name.as_str(), prog.rooms[0].capacity),
        ("Auditório", Some(40))
    );
    assert!(prog.session(keynote).unwrap().sequence > seq_before);
    let feed = app
        .request("GET", "/en/events/setup-2027/calendar.ics", None, None)
        .await;
    assert!(feed.body.contains("LOCATION:Auditório"), "{}", feed.body);
    let r = post_multipart(
        &app,
        &format!("{base}/speaker"),
        &organiser,
        speaker_form(
            &csrf,
            &[
                ("id", &ana.id.to_string()),
                ("name", "Ana Silva"),
                ("code", &ana.code),
                ("bio", "Founder of a housing co-op."),
            ],
            b"",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .speakers;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].bio.text, "Founder of a housing co-op.");
    assert!(after[0].has_photo, "no new photo keeps the old one");
    // Another event's room is not editable from here.
    let other = create_event(&app, &raw_event("setup-other", "Other meeting", "")).await;
    let theirs = add_room(&app, other, "hall", "Their hall").await;
    let r = post(
        "room",
        vec![
            ("id", theirs.to_string()),
            ("name", "Mine now".into()),
            ("code", "hall".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        programme::programme(&app.state.store.db, other, Locale::En)
            .await
            .unwrap()
            .rooms[0]
            .name,
        "Their hall"
    );
    // Named, not coded: a track, a registration type and a question get codes from their
    // names (a Korean one in Revised Romanization) when none is typed.
    for (part, fields) in [
        ("track", vec![("name", "사회적경제 정책".to_owned())]),
        (
            "type",
            vec![
                ("name", "Early bird".to_owned()),
                ("currency", "EUR".to_owned()),
            ],
        ),
        (
            "question",
            vec![
                ("label", "Dietary needs".to_owned()),
                ("kind", "text".to_owned()),
            ],
        ),
    ] {
        let r = post(part, fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{part}: {}", r.body);
    }
    let p = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap();
    assert!(
        p.tracks
            .iter()
            .any(|t| t.code == "sahoejeokgyeongje-jeongchaek"),
        "{:?}",
        p.tracks.iter().map(|t| &t.code).collect::<Vec<_>>()
    );
    // The same name again: its made code gets a suffix, like a web address; a typed code that
    // is taken is still refused on its field.
    let r = post("track", vec![("name", "사회적경제 정책".to_owned())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(
        "track",
        vec![
            ("name", "Another".to_owned()),
            ("code", "sahoejeokgyeongje-jeongchaek".to_owned()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains("This code is already used in this event."),
        "{}",
        r.body
    );
    let codes: Vec<String> = programme::programme(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .tracks
        .into_iter()
        .map(|t| t.code)
        .collect();
    assert!(
        codes.iter().any(|c| c == "sahoejeokgyeongje-jeongchaek-2"),
        "{codes:?}"
    );
    let r = post(
        "remove",
        vec![("kind", "room".into()), ("id", room.to_string())],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("href=\"#f-list-room\">Sessions take place in this room"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"f-list-room\""));
    assert!(
        !r.body.contains("You are changing an existing entry"),
        "the refused removal does not turn the room form into an edit of that room"
    );
    let fr = app
        .request(
            "POST",
            "/fr/events/setup-2027/setup/remove",
            Some(&organiser),
            Some(&[
                ("_csrf", &csrf),
                ("kind", "room"),
                ("id", &room.to_string()),
            ]),
        )
        .await;
    assert!(fr.body.contains("Des sessions ont lieu dans cette salle"));
    // Check-in staff cannot remove anything.
    let dc = app.csrf(&desk).await;
    let press = registration::types(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.code == "press")
        .unwrap()
        .id;
    let r = app
        .request(
            "POST",
            &format!("{base}/remove"),
            Some(&desk),
            Some(&[("_csrf", &dc), ("kind", "type"), ("id", &press.to_string())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Malformed: an unknown list, an id that is not one.
    let r = post(
        "remove",
        vec![
            ("kind", "<script>alert(1)</script>".into()),
            ("id", press.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>alert(1)"));
    let r = post(
        "remove",
        vec![("kind", "type".into()), ("id", "<script>".into())],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A type's form comes back filled in, money as typed; saving changes it in place.
    let page = app
        .request(
            "GET",
            &format!("{base}?edit={press}"),
            Some(&organiser),
            None,
        )
        .await;
    assert!(
        page.body
            .contains(&format!("name=\"id\" value=\"{press}\""))
    );
    assert!(page.body.contains("value=\"press\""));
    let r = post(
        "type",
        vec![
            ("id", press.to_string()),
            ("name", "Press and media".into()),
            ("code", "press".into()),
            ("fee", "1,250.50".into()),
            ("currency", "eur".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let t = registration::types(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id == press)
        .unwrap();
    assert_eq!(
        (t.name.text.as_str(), t.fee_minor, t.currency.as_str()),
        ("Press and media", 125_050, "EUR")
    );
    let page = app
        .request(
            "GET",
            &format!("{base}?edit={press}"),
            Some(&organiser),
            None,
        )
        .await;
    assert!(
        page.body.contains("value=\"1,250.50\""),
        "the fee as it can be typed again"
    );
    // A question translated into Korean, options too; a wrong number of options is refused
    // with the typed text kept; the base language and another event's items are refused.
    let r = post(
        "question",
        vec![
            ("label", "Lunch".into()),
            ("code", "lunch".into()),
            ("kind", "choice".into()),
            ("options", "Fish\nVegetarian".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let lunch = registration::questions(&app.state.store.db, id, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .find(|q| q.code == "lunch")
        .unwrap()
        .id;
    let translate = |item: String, lang: &'static str, text: &'static str| {
        post(
            "item-translation",
            vec![("item", item), ("lang", lang.into()), ("text", text.into())],
        )
    };
    let r = translate(format!("{lunch}:options"), "ko", "생선").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("id=\"e-itext\">Give one translated option per line"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(">생선</textarea>"),
        "the typed text is kept"
    );
    let r = translate(format!("{lunch}:label"), "en", "Lunch!").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-ilang\""));
    let r = translate(format!("{theirs}:name"), "ko", "남의 회의실").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = translate(format!("{lunch}:<script>"), "ko", "x").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>"));
    assert_eq!(
        translate(format!("{lunch}:label"), "ko", "점심 <b>식사</b>")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        translate(format!("{lunch}:options"), "ko", "생선\n채식")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = app
        .request("GET", "/ko/events/setup-2027/register", None, None)
        .await;
    assert!(
        page.body.contains("점심 &lt;b&gt;식사&lt;/b&gt;")
            || page.body.contains("점심 &#60;b&#62;식사&#60;/b&#62;"),
        "{}",
        page.body
    );
    assert!(page.body.contains("채식"));
    let page = app.request("GET", base, Some(&organiser), None).await;
    assert!(
        page.body
            .contains("<td>Options of the question: Lunch</td><td>Korean</td>"),
        "the translation is listed: {}",
        page.body
    );

    // The unused type goes.
    let r = post(
        "remove",
        vec![("kind", "type".into()), ("id", press.to_string())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), "/en/events/setup-2027/setup?done=saved#type");
    assert!(
        registration::types(&app.state.store.db, id, Locale::En)
            .await
            .unwrap()
            .iter()
            .all(|t| t.code != "press")
    );
}
