//! Findings of the security sweep, each kept fixed: where a login may send a person next; what
//! the people of a disqualified organisation may still do and who sees its logo.

use super::TestApp;
use axum::http::{StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{MemberStatus, OrgRole};
use pumasi_domain::policy::SiteRole;

both!(
    login_follows_only_paths_on_this_site,
    a_disqualified_organisation_is_the_secretariats,
    metrics_are_for_this_machine_or_a_token,
    api_writes_take_json_only
);

/// If this fails, a crafted login link sends a person who just signed in to another site
/// (`/\t/evil.example` becomes `//evil.example` in a browser), or a newline in `next` leaves the
/// redirect without a `Location`.
async fn login_follows_only_paths_on_this_site(app: TestApp) {
    app.account("next@example.org", SiteRole::Person).await;
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    for (next, expect) in [
        ("/\t/evil.example", "/en/todo"),
        ("/\n/evil.example", "/en/todo"),
        ("//evil.example", "/en/todo"),
        ("/\\evil.example", "/en/todo"),
        ("https://evil.example/", "/en/todo"),
        ("/x\r\nSet-Cookie: a=b", "/en/todo"),
        ("/en/library", "/en/library"),
    ] {
        let r = app
            .request(
                "POST",
                "/en/login",
                Some(&anon),
                Some(&[
                    ("_csrf", csrf),
                    ("email", "next@example.org"),
                    ("password", "correct horse battery"),
                    ("next", next),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
        let loc = r
            .headers
            .get(header::LOCATION)
            .unwrap_or_else(|| panic!("{next:?}: a redirect without Location"))
            .to_str()
            .unwrap();
        assert_eq!(loc, expect, "{next:?}");
    }
    // The language switch too.
    let r = app
        .request("GET", "/language/fr?next=/fr/%09/evil.example", None, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers[header::LOCATION].to_str().unwrap(), "/fr/");
    let r = app
        .request("GET", "/language/fr?next=/fr/library", None, None)
        .await;
    assert_eq!(r.headers[header::LOCATION].to_str().unwrap(), "/fr/library");
}

/// If this fails, the editor of a disqualified organisation still rewrites its profile, or the
/// logo of an organisation the public may not see is served to anyone.
async fn a_disqualified_organisation_is_the_secretariats(app: TestApp) {
    let db = &app.state.store.db;
    let (editor, org) = app
        .member("dq-editor@example.org", "city-of-bordeaux", OrgRole::Editor)
        .await;
    let sec = app
        .account("dq-sec@example.org", SiteRole::Secretariat)
        .await;
    // A PNG's first bytes: enough for a stored logo.
    let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
    pumasi_store::members::set_logo(db, org, "image/png", png, "e1", None)
        .await
        .unwrap();
    let logo = "/en/members/city-of-bordeaux/logo";
    assert_eq!(
        app.request("GET", logo, None, None).await.status,
        StatusCode::OK,
        "a member's logo is public"
    );
    let edit = "/en/members/city-of-bordeaux/edit";
    assert_eq!(
        app.request("GET", edit, Some(&editor), None).await.status,
        StatusCode::OK
    );

    pumasi_store::members::change_status(db, org, MemberStatus::Disqualified, None, "", "")
        .await
        .unwrap();
    assert_eq!(
        app.request("GET", logo, None, None).await.status,
        StatusCode::NOT_FOUND,
        "a disqualified organisation's logo is not public"
    );
    let r = app.request("GET", logo, Some(&sec), None).await;
    assert_eq!(r.status, StatusCode::OK, "the secretariat still sees it");
    assert_eq!(
        r.headers[header::CACHE_CONTROL].to_str().unwrap(),
        "private, no-store"
    );
    assert_eq!(
        app.request("GET", edit, Some(&editor), None).await.status,
        StatusCode::FORBIDDEN
    );
    let before = pumasi_store::members::by_id(db, org, Locale::En)
        .await
        .unwrap();
    let csrf = app.csrf(&editor).await;
    let version = before.version.to_string();
    let r = app
        .request(
            "POST",
            edit,
            Some(&editor),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("name", "Renamed by a disqualified editor"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let after = pumasi_store::members::by_id(db, org, Locale::En)
        .await
        .unwrap();
    assert_eq!(after.base_name, before.base_name);
    assert_eq!(
        app.request("GET", edit, Some(&sec), None).await.status,
        StatusCode::OK,
        "the secretariat still edits it"
    );
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> super::Resp {
    let mut req = axum::http::Request::builder().uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.raw(req.body(axum::body::Body::empty()).unwrap()).await
}

/// If this fails, anyone on the internet (through the reverse proxy, whose requests come from
/// 127.0.0.1) reads the hub's metrics, or the operator's token does not open them.
async fn metrics_are_for_this_machine_or_a_token(mut app: TestApp) {
    let r = get_with(&app, "/metrics", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "a local client reads them");
    assert!(r.body.contains("pumasi_http_requests_total"));
    let proxied = [("x-forwarded-for", "203.0.113.7")];
    let r = get_with(&app, "/metrics", &proxied).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a request through the proxy does not"
    );
    assert!(!r.body.contains("pumasi_http_requests_total"));

    let cfg = pumasi_web::WebConfig {
        metrics_token: Some("s3cret-metrics-token".into()),
        ..(*app.state.config).clone()
    };
    app.state = pumasi_web::AppState::new(app.state.store.clone(), cfg)
        .await
        .unwrap();
    let r = get_with(
        &app,
        "/metrics",
        &[
            ("x-forwarded-for", "203.0.113.7"),
            ("authorization", "Bearer s3cret-metrics-token"),
        ],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the token opens them from anywhere"
    );
    let r = get_with(
        &app,
        "/metrics",
        &[
            ("x-forwarded-for", "203.0.113.7"),
            ("authorization", "Bearer s3cret-metrics-tokeX"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a wrong token does not");
}

/// If this fails, a page on another site can post a `text/plain` form that the API takes as
/// JSON (browsers send such forms cross-site without asking), or the refusal is not problem+json.
async fn api_writes_take_json_only(app: TestApp) {
    let sec = app
        .account("json-sec@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let body = r#"{"name":"Forged Co-op (fictional)","category":"ngo","class":"allied","status":"member","country":"FR","city":"Lyon"}"#;
    let post = |media: &str| {
        axum::http::Request::post("/api/v1/organisations")
            .header(header::CONTENT_TYPE, media)
            .header("x-csrf-token", &csrf)
            .header(header::COOKIE, &sec)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    for media in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let r = app.raw(post(media)).await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{media}: {}",
            r.body
        );
        assert_eq!(
            r.headers[header::CONTENT_TYPE].to_str().unwrap(),
            "application/problem+json"
        );
        assert!(r.body.contains("application/json"), "{}", r.body);
    }
    let r = app
        .request(
            "GET",
            "/api/v1/organisations/forged-co-op-fictional",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "nothing was created");
    let r = app.raw(post("application/json; charset=utf-8")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
