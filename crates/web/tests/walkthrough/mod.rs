//! Findings of the walkthrough in four languages (issue "Usable by the people it is for"), each
//! with the test that would have caught it: who may change what, what the public is shown,
//! and forms that let people choose rather than type codes.

use super::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;

both!(
    category_is_the_secretariats,
    the_public_directory_lists_members_only,
    forms_offer_choices,
);

/// An organisation's admin edits its profile but not its category (which decides the home
/// page's figures); the secretariat may, and the change is in the organisation's history.
async fn category_is_the_secretariats(app: TestApp) {
    let db = &app.state.store.db;
    let (admin, seoul_id) = app
        .member(
            "seoul-admin@example.org",
            "seoul-metropolitan-government",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let sec = app
        .account("sec-cat@example.org", SiteRole::Secretariat)
        .await;
    let put = |cookie: &str, csrf: &str, version: i32| {
        Request::put("/api/v1/organisations/seoul-metropolitan-government")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", csrf)
            .header(header::COOKIE, cookie)
            .body(Body::from(format!(
                r#"{{"name":"Seoul Metropolitan Government","category":"youth_org","country":"KR","city":"Seoul","version":{version}}}"#
            )))
            .unwrap()
    };
    let before = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(before.category, "local_government");
    let c = app.csrf(&admin).await;
    let r = app.raw(put(&admin, &c, before.version)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        after.category, "local_government",
        "an org admin cannot recategorise"
    );
    // The edit page shows the category as the secretariat's, with no control for it.
    let page = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&admin),
            None,
        )
        .await;
    assert!(page.body.contains("id=\"category-fixed\""));
    assert!(!page.body.contains("name=\"category\""));
    let c = app.csrf(&sec).await;
    let r = app.raw(put(&sec, &c, after.version)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(after.category, "youth_org");
    let history = pumasi_store::members::history(db, seoul_id).await.unwrap();
    let change = history
        .iter()
        .find(|e| e.kind == "category")
        .expect("the change is in the history");
    assert_eq!(
        (change.from_status.as_str(), change.to_status.as_str()),
        ("local_government", "youth_org")
    );
    let profile = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government",
            Some(&sec),
            None,
        )
        .await;
    assert!(
        profile.body.contains("Category changed"),
        "{}",
        profile.body
    );
}

/// Suspended members are not listed to the public (the secretariat still finds them), and the
/// country filter offers only countries that have members, by name.
async fn the_public_directory_lists_members_only(app: TestApp) {
    let db = &app.state.store.db;
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    pumasi_store::members::change_status(
        db,
        seoul.id,
        pumasi_domain::members::MemberStatus::Suspended,
        None,
        "dues unpaid",
        "",
    )
    .await
    .unwrap();
    let public = app
        .request("GET", "/en/members?status=suspended", None, None)
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        !public
            .body
            .contains("/en/members/seoul-metropolitan-government\""),
        "a suspended member is listed to the public"
    );
    let sec = app
        .account("sec-dir@example.org", SiteRole::Secretariat)
        .await;
    let staff = app
        .request("GET", "/en/members?status=suspended", Some(&sec), None)
        .await;
    assert!(
        staff
            .body
            .contains("/en/members/seoul-metropolitan-government")
    );
    // Countries: names, only those with members.
    let page = app.request("GET", "/fr/members", None, None).await;
    let filter = &page.body[page.body.find("name=\"country\"").unwrap()..];
    let filter = &filter[..filter.find("</select>").unwrap()];
    assert!(filter.contains(">France<"), "{filter}");
    assert!(
        !filter.contains(">Islande<"),
        "Iceland has no member: {filter}"
    );
    assert!(!filter.contains(">FR<"));
}

/// Forms let people choose: time zones from a list defaulting to the hub's, countries by
/// name; the new-event page says it is new.
async fn forms_offer_choices(app: TestApp) {
    let sec = app
        .account("sec-forms@example.org", SiteRole::Secretariat)
        .await;
    let mut identity = pumasi_store::settings::identity(&app.state.store.db)
        .await
        .unwrap();
    identity.time_zone = "Asia/Seoul".into();
    pumasi_store::settings::set_identity(&app.state.store.db, &identity)
        .await
        .unwrap();
    *app.state.identity.write().await = identity;
    let page = app.request("GET", "/es/events/new", Some(&sec), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1>Nuevo evento</h1>"),
        "the new-event page is titled as new"
    );
    assert!(
        page.body
            .contains("<option value=\"Asia/Seoul\" selected>Asia/Seoul</option>")
    );
    assert!(
        page.body.contains(">Corea del Sur<"),
        "countries by name in the reader's language"
    );
    assert!(!page.body.contains("name=\"time_zone\" type=\"text\""));
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let page = app
        .request(
            "GET",
            "/en/governance/general-assembly/motions/new",
            Some(&sec),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<option value=\"Asia/Seoul\" selected>"),
        "motions default to the hub's zone, not UTC"
    );
}
