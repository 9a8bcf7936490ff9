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
    api_writes_take_json_only,
    guessing_wrongly_keeps_out_only_the_guesser
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

/// One login attempt from `peer` (the socket), with an optional `X-Forwarded-For` and cookies;
/// the status and the `Set-Cookie` values.
async fn attempt(
    app: &TestApp,
    peer: &str,
    forwarded: Option<&str>,
    cookies: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Vec<String>, String) {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let csrf = "t0kent0kent0kent0kent0ken";
    let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    let mut b = axum::http::Request::post("/en/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("pumasi_csrf={csrf}{cookies}"))
        .extension(axum::extract::ConnectInfo(addr));
    if let Some(f) = forwarded {
        b = b.header("x-forwarded-for", f);
    }
    let body =
        serde_urlencoded::to_string([("_csrf", csrf), ("email", email), ("password", password)])
            .unwrap();
    let resp = pumasi_web::router(app.state.clone())
        .oneshot(b.body(axum::body::Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let set: Vec<String> = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let text =
        String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned();
    (status, set, text)
}

/// If this fails, anyone could lock a person (or, behind a load balancer, everyone) out by
/// typing wrong passwords, pose as another address with `X-Forwarded-For`, or guess at an
/// account without bound.
async fn guessing_wrongly_keeps_out_only_the_guesser(mut app: TestApp) {
    const PASS: &str = "correct horse battery";
    for who in [
        "victim@example.org",
        "bystander@example.org",
        "pair@example.org",
    ] {
        app.account(who, SiteRole::Person).await;
    }
    let cfg = pumasi_web::WebConfig {
        trusted_proxies: vec![pumasi_web::auth::Net::parse("10.0.0.0/24").unwrap()],
        ..(*app.state.config).clone()
    };
    app.state = pumasi_web::AppState::new(app.state.store.clone(), cfg)
        .await
        .unwrap();
    let proxy = "10.0.0.1";
    // The victim signs in once from their laptop, behind the hub's load balancer.
    let (status, set, _) = attempt(
        &app,
        proxy,
        Some("198.51.100.8"),
        "",
        "victim@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let device = set
        .iter()
        .find_map(|c| c.strip_prefix("pumasi_device="))
        .and_then(|c| c.split(';').next())
        .expect("a device cookie")
        .to_owned();
    // 25 wrong guesses at the victim from 25 addresses, all through the load balancer.
    for i in 0..25 {
        let (status, _, _) = attempt(
            &app,
            proxy,
            Some(&format!("203.0.113.{i}")),
            "",
            "victim@example.org",
            "wrong guess",
        )
        .await;
        // 20 guesses are checked; after that, devices new to the account are not heard.
        let expected = if i < 20 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(status, expected, "guess {i}");
    }
    // Guesses stay bounded: a new device is refused even with the right password…
    let (status, _, body) = attempt(
        &app,
        proxy,
        Some("198.51.100.7"),
        "",
        "victim@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        body.contains("Sign in from a device you have used before"),
        "{body}"
    );
    // …but the victim, on the laptop they used before, is not kept out.
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("198.51.100.8"),
        &format!("; pumasi_device={device}"),
        "victim@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the owner signs in");
    // A forged device cookie does not open the lock.
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("198.51.100.9"),
        &format!("; pumasi_device={}0", &device[..device.len() - 1]),
        "victim@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // The load balancer itself is not locked: everyone else still signs in through it.
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("198.51.100.20"),
        "",
        "bystander@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "others are not locked out");

    // One address guessing at one account locks that pair only.
    for _ in 0..5 {
        attempt(
            &app,
            proxy,
            Some("203.0.113.200"),
            "",
            "pair@example.org",
            "nope",
        )
        .await;
    }
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("203.0.113.200"),
        "",
        "pair@example.org",
        PASS,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser is kept out"
    );
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("203.0.113.201"),
        "",
        "pair@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the owner elsewhere is not");

    // A client that is not a trusted proxy cannot pose as other addresses: its forwarded
    // header is ignored and its own address is throttled.
    for i in 0..20 {
        attempt(
            &app,
            "192.0.2.50",
            Some(&format!("198.18.0.{i}")),
            "",
            &format!("nobody{i}@example.org"),
            "x",
        )
        .await;
    }
    let (status, _, body) = attempt(
        &app,
        "192.0.2.50",
        Some("198.18.1.1"),
        "",
        "bystander@example.org",
        PASS,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // Forwarded addresses on the left, written by the client, are not believed either.
    for i in 0..20 {
        attempt(
            &app,
            proxy,
            Some(&format!("198.18.2.{i}, 192.0.2.77")),
            "",
            &format!("nobody{i}@example.org"),
            "x",
        )
        .await;
    }
    let (status, _, _) = attempt(
        &app,
        proxy,
        Some("198.18.3.1, 192.0.2.77"),
        "",
        "bystander@example.org",
        PASS,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address the load balancer saw is the one throttled"
    );
}
