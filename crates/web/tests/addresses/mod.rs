//! Web addresses made from names in any script: a Hangul-only organisation applies, records
//! with the same name get distinct addresses (also when created at once), renamed records keep
//! answering at their old addresses with a permanent redirect, pages and API alike.

use super::TestApp;
use crate::events::raw_event;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_store::slugs::{self, Kind};

fn apply_form<'a>(csrf: &'a str, name: &'a str, city: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("name", name),
        ("lang", "ko"),
        ("category", "network_sse"),
        ("class", "full"),
        ("country", "KR"),
        ("city", city),
        ("statement", "사회적경제 조직 120곳이 함께합니다."),
        ("signatory_name", "김민지"),
        ("signatory_title", "상임대표"),
        ("contact_name", "이서연"),
        ("contact_email", "contact@example.org"),
        ("signatory_confirmed", "on"),
    ]
}

both!(
    hangul_names_apply_and_get_addresses,
    renamed_addresses_redirect,
    concurrent_generated_addresses_are_distinct,
);

async fn hangul_names_apply_and_get_addresses(app: TestApp) {
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let name = "광주사회적경제연대회의";
    let r = app
        .request(
            "POST",
            "/ko/apply",
            Some(&anon),
            Some(&apply_form(csrf, name, "광주")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Nobody was asked for an address in Latin letters; one was made from the name.
    let db = &app.state.store.db;
    let org =
        pumasi_store::members::by_slug(db, "gwangjusahoejeokgyeongjeyeondaehoeui", Locale::Ko)
            .await
            .expect("the address is the name in Revised Romanization");
    assert_eq!(org.name.text, name);
    // The same name elsewhere gets the next free address rather than an error.
    let r = app
        .request(
            "POST",
            "/ko/apply",
            Some(&anon),
            Some(&apply_form(csrf, name, "광주 북구")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    pumasi_store::members::by_slug(db, "gwangjusahoejeokgyeongjeyeondaehoeui-2", Locale::Ko)
        .await
        .expect("a suffix tells the second apart");

    // Two events with the same Korean title: neither is cut down to "/events/2027".
    let mut ids = Vec::new();
    for _ in 0..2 {
        let input = raw_event("", "2027 전국 사회적경제 한마당", "100")
            .validate()
            .unwrap();
        let txn = app.state.store.begin_write().await.unwrap();
        ids.push(
            pumasi_store::events::create(&txn, &input, None)
                .await
                .unwrap(),
        );
        txn.commit().await.unwrap();
    }
    let first = slugs::current(db, Kind::Event, ids[0]).await.unwrap();
    let second = slugs::current(db, Kind::Event, ids[1]).await.unwrap();
    assert_eq!(first, "2027-jeonguk-sahoejeokgyeongje-hanmadang");
    assert_eq!(second, "2027-jeonguk-sahoejeokgyeongje-hanmadang-2");
    let page = app
        .request("GET", &format!("/ko/events/{second}"), None, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2027 전국 사회적경제 한마당"));

    // A typed address that is taken is still the typist's error, in their language.
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    let c = app.csrf(&sec).await;
    let r = app
        .request(
            "POST",
            "/fr/governance",
            Some(&sec),
            Some(&[
                ("_csrf", c.as_str()),
                ("name", "Jury du prix (fictif)"),
                ("slug", "steering-committee"),
                ("kind", "committee"),
                ("lang", "fr"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("déjà utilisée"), "{}", r.body);
    assert!(r.body.contains("Jury du prix (fictif)"));
}

async fn renamed_addresses_redirect(app: TestApp) {
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    let csrf = app.csrf(&sec).await;
    let db = &app.state.store.db;
    let put = |from: &str, slug: &str, version: i64| {
        Request::put(format!("/api/v1/organisations/{from}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", &csrf)
            .header(header::COOKIE, &sec)
            .body(Body::from(format!(
                r#"{{"name":"Seoul Metropolitan Government","slug":"{slug}","category":"local_government","country":"KR","city":"Seoul","version":{version}}}"#
            )))
            .unwrap()
    };
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    let r = app
        .raw(put(
            "seoul-metropolitan-government",
            "seoul",
            i64::from(seoul.version),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The old page and the old API resource answer with a permanent redirect, query kept.
    let r = app
        .request(
            "GET",
            "/ko/members/seoul-metropolitan-government?x=1",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.headers[header::LOCATION], "/ko/members/seoul?x=1");
    let r = app
        .request(
            "GET",
            "/api/v1/organisations/seoul-metropolitan-government",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.headers[header::LOCATION], "/api/v1/organisations/seoul");
    assert_eq!(
        app.request("GET", "/ko/members/seoul", None, None)
            .await
            .status,
        StatusCode::OK
    );
    // A second rename: every old address goes straight to the newest one.
    let r = app
        .raw(put("seoul", "seoul-city", i64::from(seoul.version) + 1))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for old in ["seoul-metropolitan-government", "seoul"] {
        let r = app
            .request(
                "GET",
                &format!("/en/members/{old}/people"),
                Some(&sec),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(r.headers[header::LOCATION], "/en/members/seoul-city/people");
    }
    // Back to the first address: it is live again and redirects nowhere; no loop.
    let r = app
        .raw(put(
            "seoul-city",
            "seoul-metropolitan-government",
            i64::from(seoul.version) + 2,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.request(
            "GET",
            "/en/members/seoul-metropolitan-government",
            None,
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .request("GET", "/en/members/seoul-city", None, None)
        .await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        r.headers[header::LOCATION],
        "/en/members/seoul-metropolitan-government"
    );
    // A generated address never takes an old one that still redirects.
    let base = pumasi_domain::types::Slug::parse("seoul").unwrap();
    assert_eq!(
        slugs::free(db, Kind::Organisation, &base)
            .await
            .unwrap()
            .as_str(),
        "seoul-2"
    );
    // Writes are not redirected, and unknown addresses stay 404.
    let c = app.csrf(&sec).await;
    let r = app
        .request(
            "POST",
            "/en/members/seoul/edit",
            Some(&sec),
            Some(&[("_csrf", c.as_str())]),
        )
        .await;
    assert_ne!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        app.request("GET", "/en/members/never-existed", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Hostile input in the path is neither redirected nor echoed.
    let r = app
        .request(
            "GET",
            "/en/members/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("<script>alert(1)"));
}

/// Many records with the same name created at once, each in its own transaction: every one gets
/// its own address (SQLite serialises the writers; PostgreSQL takes the kind's advisory lock).
async fn concurrent_generated_addresses_are_distinct(app: TestApp) {
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = app.state.store.clone();
        tasks.push(tokio::spawn(async move {
            let input = raw_event("", "Forum 사회연대경제 (fictional)", "50")
                .validate()
                .unwrap();
            let txn = store.begin_write().await.unwrap();
            let id = pumasi_store::events::create(&txn, &input, None)
                .await
                .unwrap();
            txn.commit().await.unwrap();
            id
        }));
    }
    let mut addresses = Vec::new();
    for t in tasks {
        let id = t.await.unwrap();
        addresses.push(
            slugs::current(&app.state.store.db, Kind::Event, id)
                .await
                .unwrap(),
        );
    }
    addresses.sort();
    let before = addresses.len();
    addresses.dedup();
    assert_eq!(addresses.len(), before, "{addresses:?}");
    assert!(
        addresses.contains(&"forum-sahoeyeondaegyeongje-fictional".to_owned()),
        "{addresses:?}"
    );
    assert!(
        addresses.contains(&"forum-sahoeyeondaegyeongje-fictional-8".to_owned()),
        "{addresses:?}"
    );
}
