//! What is private to a registration stays there: its page is never sent on as a referrer, and
//! an online event's join link goes to confirmed registrants only (their page and email), not
//! to the public event page or its JSON-LD.

use super::payment::emails_to;
use super::{create_event, raw_event, token_of, visitor};
use crate::TestApp;
use axum::http::header;
use pumasi_domain::locale::Locale;

both!(
    private_pages_keep_no_referrer,
    the_join_link_is_for_confirmed_seats
);

/// If this fails, following a link from a private registration page tells the other site the
/// page's address — which is the registration's secret link.
async fn private_pages_keep_no_referrer(app: TestApp) {
    create_event(
        &app,
        &raw_event("ref-2027", "Referrer forum (fictional)", ""),
    )
    .await;
    let v = visitor(&app, "ref-2027").await;
    let r = v
        .register(&app, "ref-2027", "Ana Silva", "ana@example.org")
        .await;
    let (token, _) = token_of(&r);
    let r = v.get(&app, &format!("/en/registrations/{token}")).await;
    assert_eq!(
        r.headers[header::REFERRER_POLICY].to_str().unwrap(),
        "no-referrer",
        "{}",
        r.body
    );
    // Public pages keep the site-wide policy.
    let r = app.request("GET", "/en/events", None, None).await;
    assert_eq!(
        r.headers[header::REFERRER_POLICY].to_str().unwrap(),
        "strict-origin-when-cross-origin"
    );
}

const JOIN: &str = "https://meet.example.org/gsef-webinar-secret";

/// If this fails, anyone reading the event page (or a search engine reading its JSON-LD) gets
/// the webinar's join link, or a confirmed registrant is never given it, or someone on the
/// waitlist is.
async fn the_join_link_is_for_confirmed_seats(app: TestApp) {
    let mut raw = raw_event(
        "webinar-2027",
        "Webinar on local currencies (fictional)",
        "1",
    );
    raw.mode = "online".into();
    raw.online_url = JOIN.into();
    create_event(&app, &raw).await;
    let r = app
        .request("GET", "/en/events/webinar-2027", None, None)
        .await;
    assert!(r.body.contains("VirtualLocation"), "{}", r.body);
    assert!(!r.body.contains("gsef-webinar-secret"), "{}", r.body);

    let v = visitor(&app, "webinar-2027").await;
    let (seat, _) = token_of(
        &v.register(&app, "webinar-2027", "Ana Silva", "ana@example.org")
            .await,
    );
    let r = v.get(&app, &format!("/en/registrations/{seat}")).await;
    assert!(r.body.contains(&format!("href=\"{JOIN}\"")), "{}", r.body);
    let r = v
        .get(&app, &format!("/en/registrations/{seat}/calendar.ics"))
        .await;
    assert!(
        r.body.contains("LOCATION:https://meet.example.org/"),
        "{}",
        r.body
    );
    let r = app
        .request("GET", "/en/events/webinar-2027/calendar.ics", None, None)
        .await;
    assert!(!r.body.contains("meet.example.org"), "{}", r.body);
    let mails = emails_to(&app, "ana@example.org", Locale::En).await;
    assert!(mails.iter().any(|(_, b)| b.contains(JOIN)), "{mails:?}");
    // The only seat is taken: the next person waits, and is not given the link.
    let (wait, _) = token_of(
        &v.register(&app, "webinar-2027", "Bo Lee", "bo@example.org")
            .await,
    );
    let r = v.get(&app, &format!("/en/registrations/{wait}")).await;
    assert!(!r.body.contains("gsef-webinar-secret"), "{}", r.body);
    let mails = emails_to(&app, "bo@example.org", Locale::En).await;
    assert!(!mails.is_empty());
    assert!(mails.iter().all(|(_, b)| !b.contains(JOIN)), "{mails:?}");
}
