//! Integration tests of the web layer: the router in-process over a fresh database per test,
//! on SQLite and, when `PUMASI_TEST_DATABASE_URL` is set, on PostgreSQL too.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::members::transfer;
use pumasi_store::sea_orm::{ConnectionTrait, TransactionTrait};
use pumasi_store::{Store, Tuning};
use pumasi_web::{AppState, WebConfig};
use tower::ServiceExt;

struct TestApp {
    state: AppState,
    _dir: tempfile::TempDir,
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn database(kind: &str, dir: &std::path::Path, tuning: Tuning) -> Option<Store> {
    if kind == "sqlite" {
        return Some(
            Store::connect_tuned(
                &format!("sqlite://{}?mode=rwc", dir.join("t.db").display()),
                tuning,
            )
            .await
            .unwrap(),
        );
    }
    let Ok(url) = std::env::var("PUMASI_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("PUMASI_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "PUMASI_REQUIRE_POSTGRES=1 but PUMASI_TEST_DATABASE_URL is not set"
        );
        eprintln!("SKIPPED on PostgreSQL: PUMASI_TEST_DATABASE_URL is not set");
        return None;
    };
    let admin = Store::connect(&url).await.expect("PostgreSQL reachable");
    let name = format!("pumasi_w_{}", uuid::Uuid::now_v7().simple());
    admin
        .db
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(b, _)| b)
        .to_owned();
    Some(Store::connect(&format!("{base}/{name}")).await.unwrap())
}

impl TestApp {
    async fn new(kind: &str) -> Option<Self> {
        Self::tuned(kind, Tuning::default()).await
    }

    /// A hub whose store is opened with `tuning` (a page limit on SQLite, say).
    async fn tuned(kind: &str, tuning: Tuning) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let store = database(kind, dir.path(), tuning).await?;
        store.migrate().await.unwrap();
        let (rows, report) = transfer::validate(
            &store.db,
            include_bytes!("../../pumasi/demo/organisations.csv").as_slice(),
        )
        .await
        .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let txn = store.db.begin().await.unwrap();
        transfer::write(&txn, &rows, None, |_| {}).await.unwrap();
        txn.commit().await.unwrap();
        let cfg = WebConfig {
            base_url: "http://localhost".into(),
            mail_dir: dir.path().join("mail"),
            smtp_url: None,
            mail_from: "Pumasi <noreply@localhost.localdomain>".into(),
            logo_max_bytes: 1 << 20,
            data_dir: None,
            metrics_token: None,
            trusted_proxies: Vec::new(),
        };
        let state = AppState::new(store, cfg).await.unwrap();
        Some(Self { state, _dir: dir })
    }

    async fn account(&self, email: &str, role: SiteRole) -> String {
        let hash = pumasi_web::auth::hash_password("correct horse battery").unwrap();
        pumasi_store::accounts::create(
            &self.state.store.db,
            &Email::parse(email).unwrap(),
            "Tester",
            &hash,
            role,
            Locale::En,
            None,
        )
        .await
        .unwrap();
        self.login(email, "correct horse battery")
            .await
            .expect("login works")
    }

    async fn raw(&self, req: Request<Body>) -> Resp {
        let resp = pumasi_web::router(self.state.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn request(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        form: Option<&[(&str, &str)]>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        let body = match form {
            Some(f) => {
                b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(serde_urlencoded::to_string(f).unwrap())
            }
            None => Body::empty(),
        };
        let resp = pumasi_web::router(self.state.clone())
            .oneshot(b.body(body).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Logs in through the form; returns the cookie header for later requests.
    async fn login(&self, email: &str, password: &str) -> Option<String> {
        let csrf = "t0kent0kent0kent0kent0ken";
        let anon = format!("pumasi_csrf={csrf}");
        let r = self
            .request(
                "POST",
                "/en/login",
                Some(&anon),
                Some(&[("_csrf", csrf), ("email", email), ("password", password)]),
            )
            .await;
        if r.status != StatusCode::SEE_OTHER {
            return None;
        }
        let set = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .find_map(|v| v.to_str().ok().filter(|s| s.starts_with("pumasi=")))?;
        Some(set.split(';').next()?.to_owned())
    }

    /// An account with `role` in the demo organisation `org`: its cookie and the organisation.
    async fn member(
        &self,
        email: &str,
        org: &str,
        role: pumasi_domain::members::OrgRole,
    ) -> (String, uuid::Uuid) {
        let cookie = self.account(email, SiteRole::Person).await;
        let db = &self.state.store.db;
        let acc = pumasi_store::accounts::by_email(db, &Email::parse(email).unwrap())
            .await
            .unwrap()
            .unwrap();
        let o = pumasi_store::members::by_slug(db, org, Locale::En)
            .await
            .unwrap();
        pumasi_store::members::set_affiliation(db, acc.id, o.id, role, None)
            .await
            .unwrap();
        (cookie, o.id)
    }

    /// The CSRF token of a signed-in page (from a hidden field).
    async fn csrf(&self, cookie: &str) -> String {
        let r = self.request("GET", "/en/account", Some(cookie), None).await;
        let at = r.body.find("name=\"_csrf\" value=\"").expect("csrf field") + 20;
        r.body[at..at + 43].to_owned()
    }

    /// Drafts a general-assembly motion through the form, in `lang`, open from an hour ago for a
    /// day (one member one vote, quorum 1, UTC), with `fields` (title, text, kind, options…)
    /// in place of those defaults; returns its reference.
    async fn draft_motion(
        &self,
        staff: &str,
        csrf: &str,
        lang: &str,
        fields: &[(&str, &str)],
    ) -> String {
        let now = chrono::Utc::now();
        let at = |h: i64| {
            (now + chrono::Duration::hours(h))
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let (opens, closes) = (at(-1), at(24));
        let mut form = vec![
            ("_csrf", csrf),
            ("lang", lang),
            ("kind", "yes_no"),
            ("weighting", "one_member"),
            ("quorum", "1"),
            ("majority", "simple"),
            ("proxy_limit", "1"),
            ("dues_rule", "ignore"),
            ("opens_at", opens.as_str()),
            ("closes_at", closes.as_str()),
            ("time_zone", "UTC"),
        ];
        form.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
        form.extend_from_slice(fields);
        // The form in the motion's language when the interface has it, else in English.
        let lang = pumasi_domain::locale::Locale::parse(lang).map_or("en", |l| l.code());
        let r = self
            .request(
                "POST",
                &format!("/{lang}/governance/general-assembly/motions/new"),
                Some(staff),
                Some(&form),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        r.headers["location"]
            .to_str()
            .unwrap()
            .trim_start_matches(&format!("/{lang}/motions/"))
            .split('?')
            .next()
            .unwrap()
            .to_owned()
    }

    /// [`Self::draft_motion`], then opens it as `staff`; returns its reference.
    async fn open_motion(
        &self,
        staff: &str,
        csrf: &str,
        lang: &str,
        fields: &[(&str, &str)],
    ) -> String {
        let reference = self.draft_motion(staff, csrf, lang, fields).await;
        let lang = pumasi_domain::locale::Locale::parse(lang).map_or("en", |l| l.code());
        let r = self
            .request(
                "POST",
                &format!("/{lang}/motions/{reference}/open"),
                Some(staff),
                Some(&[("_csrf", csrf)]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        reference
    }
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { if let Some(app) = super::TestApp::new("sqlite").await { super::$name(app).await } } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { if let Some(app) = super::TestApp::new("postgres").await { super::$name(app).await } } )* }
    };
}

mod addresses;
mod events;
mod found;
mod full_disk;
mod governance;
mod letter;
mod library;
mod proposals;
mod security;
mod todo;
mod translated;
mod walkthrough;

both!(
    home_sentence_in_four_languages,
    directory_filters_and_escapes,
    permissions_are_enforced,
    csrf_and_sessions,
    login_is_throttled_and_uniform,
    application_journey_and_concurrent_approval,
    api_problems_and_pagination,
    dues_and_concurrent_payment,
    status_changes_and_logo,
    admin_settings,
    api_writes,
    public_pages_fit_the_budget,
    translation_status_and_language_cookie,
    organisation_people,
    page_cache_follows_other_nodes,
    cached_pages_keep_their_headers,
    private_contacts_and_password_reset,
    login_returns_to_the_protected_page,
);

async fn home_sentence_in_four_languages(app: TestApp) {
    for (l, expect) in [
        ("en", "78 members on 5 continents from 36 countries"),
        ("ko", "78"),
        ("fr", "78 membres"),
        ("es", "78 miembros"),
    ] {
        let r = app.request("GET", &format!("/{l}/"), None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains(expect),
            "{l}: {}",
            &r.body[..r.body.len().min(400)]
        );
        assert!(r.body.contains(&format!("<html lang=\"{l}\"")));
        assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    }
    let r = app.request("GET", "/de/", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // `/` negotiates from Accept-Language.
    let resp = pumasi_web::router(app.state.clone())
        .oneshot(
            Request::get("/")
                .header(header::ACCEPT_LANGUAGE, "fr-CA,fr;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.headers().get(header::LOCATION).unwrap(), "/fr/");
}

async fn directory_filters_and_escapes(app: TestApp) {
    let r = app
        .request("GET", "/en/members?continent=OC", None, None)
        .await;
    assert!(r.body.contains("3 organisations"), "{}", r.body);
    let r = app
        .request("GET", "/en/members?q=montreal", None, None)
        .await;
    assert!(r.body.contains("City of Montréal") || r.body.contains("Montréal"));
    let r = app
        .request(
            "GET",
            "/en/members?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&continent=%3Cb%3E",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert(1)"));
    assert!(r.body.contains("&lt;script&gt;") || r.body.contains("&#60;script&#62;"));
    // Applicants are not public.
    let r = app
        .request("GET", "/en/members?status=applicant", None, None)
        .await;
    assert!(r.body.contains("78 organisations"));
    let r = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government",
            None,
            None,
        )
        .await;
    assert!(r.body.contains("application/ld+json") && r.body.contains("GovernmentOrganization"));
}

async fn permissions_are_enforced(app: TestApp) {
    // Anonymous: redirected to log in; no private contacts.
    let r = app
        .request("GET", "/en/members/city-of-bordeaux/edit", None, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request("GET", "/en/secretariat/applications", None, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A person with no role, and an editor of another organisation: forbidden.
    let person = app.account("p@example.org", SiteRole::Person).await;
    assert_eq!(
        app.request(
            "GET",
            "/en/members/city-of-bordeaux/edit",
            Some(&person),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request("GET", "/en/secretariat/applications", Some(&person), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let db = &app.state.store.db;
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    let acc = pumasi_store::accounts::by_email(db, &Email::parse("p@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    pumasi_store::members::set_affiliation(
        db,
        acc.id,
        seoul.id,
        pumasi_domain::members::OrgRole::Editor,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        app.request(
            "GET",
            "/en/members/city-of-bordeaux/edit",
            Some(&person),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request(
            "GET",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&person),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    // The editor edits in Korean; hostile markdown is neutralised; bad coordinates come back.
    let csrf = app.csrf(&person).await;
    let form = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&person),
            None,
        )
        .await
        .body;
    let version = form
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let fields = [
        ("_csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("name", "Seoul Metropolitan Government"),
        ("slug", "seoul-metropolitan-government"),
        ("lang", "en"),
        ("category", "local_government"),
        ("country", "KR"),
        ("city", "Seoul"),
        ("latitude", "95"),
        ("longitude", "127"),
        (
            "description",
            "Hello <script>alert(1)</script> [x](javascript:alert(1))",
        ),
        ("name_ko", "서울특별시"),
    ];
    let r = app
        .request(
            "POST",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&person),
            Some(&fields),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Latitude must be between") && r.body.contains("value=\"95\""));
    let mut ok = fields.to_vec();
    ok[8] = ("latitude", "37.56");
    let r = app
        .request(
            "POST",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&person),
            Some(&ok),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .request(
            "GET",
            "/ko/members/seoul-metropolitan-government",
            None,
            None,
        )
        .await
        .body;
    assert!(page.contains("서울특별시"));
    assert!(!page.contains("<script>alert") && !page.contains("javascript:"));
    // The same stale version again is a conflict, not a silent overwrite.
    let r = app
        .request(
            "POST",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&person),
            Some(&ok),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

async fn csrf_and_sessions(app: TestApp) {
    let cookie = app.account("s@example.org", SiteRole::Person).await;
    // A stale or missing token changes nothing.
    let r = app
        .request(
            "POST",
            "/en/logout",
            Some(&cookie),
            Some(&[("_csrf", "stale")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.request("GET", "/en/account", Some(&cookie), None)
            .await
            .status,
        StatusCode::OK
    );
    // Two sessions; ending the other one from the list works, and it is then dead.
    let other = app
        .login("s@example.org", "correct horse battery")
        .await
        .unwrap();
    let page = app
        .request("GET", "/en/account", Some(&cookie), None)
        .await
        .body;
    let handle = page
        .split("/account/sessions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let csrf = app.csrf(&cookie).await;
    let r = app
        .request(
            "POST",
            &format!("/en/account/sessions/{handle}/end"),
            Some(&cookie),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.request("GET", "/en/account", Some(&other), None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // An unknown session cookie is anonymous.
    assert_eq!(
        app.request("GET", "/en/account", Some("pumasi=forged"), None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn login_is_throttled_and_uniform(app: TestApp) {
    app.account("t@example.org", SiteRole::Person).await;
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let unknown = app
        .request(
            "POST",
            "/en/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "nobody@example.org"),
                ("password", "x"),
            ]),
        )
        .await;
    let wrong = app
        .request(
            "POST",
            "/en/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "t@example.org"),
                ("password", "x"),
            ]),
        )
        .await;
    assert_eq!(unknown.status, wrong.status);
    assert!(
        unknown
            .body
            .contains("The email or password is not correct.")
            && wrong.body.contains("The email or password is not correct.")
    );
    for _ in 0..5 {
        app.request(
            "POST",
            "/en/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "t@example.org"),
                ("password", "x"),
            ]),
        )
        .await;
    }
    assert!(
        app.login("t@example.org", "correct horse battery")
            .await
            .is_none(),
        "locked after repeated failures"
    );
}

async fn application_journey_and_concurrent_approval(app: TestApp) {
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let mut f = vec![
        ("_csrf", csrf),
        ("name", "Busan Solidarity Network (fictional)"),
        ("lang", "en"),
        ("category", "network_sse"),
        ("class", "full"),
        ("country", "KR"),
        ("city", "Busan"),
        ("statement", "We run 40 co-operatives."),
        ("signatory_name", "Kim"),
        ("signatory_title", "Chair"),
        ("contact_name", "Lee"),
        ("contact_email", "lee@example.org"),
    ];
    // Missing confirmation: the form comes back with the typed values and a message.
    let r = app
        .request("POST", "/en/apply", Some(&anon), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Busan Solidarity Network (fictional)")
            && r.body.contains("confirmation is required")
    );
    f.push(("signatory_confirmed", "on"));
    let r = app
        .request("POST", "/en/apply", Some(&anon), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let app_id = pumasi_store::members::applications::list(&app.state.store.db)
        .await
        .unwrap()[0]
        .id;
    // Two secretariat users approve at once: one approval, one clear conflict.
    let s1 = app.account("sec1@example.org", SiteRole::Secretariat).await;
    let s2 = app.account("sec2@example.org", SiteRole::Secretariat).await;
    let (c1, c2) = (app.csrf(&s1).await, app.csrf(&s2).await);
    let path = format!("/en/secretariat/applications/{app_id}/approve");
    let f1 = [
        ("_csrf", c1.as_str()),
        ("version", "1"),
        ("decided_on", "2026-11-20"),
        ("reference", "SC-2026-07"),
    ];
    let f2 = [
        ("_csrf", c2.as_str()),
        ("version", "1"),
        ("decided_on", "2026-11-20"),
        ("reference", "SC-2026-07"),
    ];
    let (a, b) = tokio::join!(
        app.request("POST", &path, Some(&s1), Some(&f1)),
        app.request("POST", &path, Some(&s2), Some(&f2))
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses[0] == 303 && (statuses[1] == 409 || statuses[1] == 500),
        "{statuses:?}"
    );
    let history = pumasi_store::members::history(
        &app.state.store.db,
        pumasi_store::members::applications::get(&app.state.store.db, app_id)
            .await
            .unwrap()
            .organisation_id,
    )
    .await
    .unwrap();
    assert_eq!(
        history.iter().filter(|e| e.to_status == "member").count(),
        1
    );
    // A full member does not count until its first fee is paid.
    let home = app.request("GET", "/en/", None, None).await.body;
    assert!(home.contains("78 members"));
    // The contact becomes org admin through the invitation.
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    let lee = pumasi_store::accounts::by_email(
        &app.state.store.db,
        &Email::parse("lee@example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let actor = pumasi_store::accounts::actor(&app.state.store.db, &lee)
        .await
        .unwrap();
    assert_eq!(actor.orgs.len(), 1);
    assert!(
        std::fs::read_dir(&app.state.config.mail_dir)
            .unwrap()
            .count()
            >= 2
    );
}

async fn api_problems_and_pagination(app: TestApp) {
    let r = app
        .request(
            "GET",
            "/api/v1/organisations?limit=abc&continent=XX",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 2);
    let mut seen = std::collections::HashSet::new();
    let mut cursor = String::new();
    loop {
        let r = app
            .request(
                "GET",
                &format!("/api/v1/organisations?limit=30{cursor}"),
                None,
                None,
            )
            .await;
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        for o in v["items"].as_array().unwrap() {
            assert!(seen.insert(o["slug"].as_str().unwrap().to_owned()));
        }
        match v["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 78);
    let r = app
        .request("GET", "/api/v1/organisations/nope", None, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let doc = app
        .request("GET", "/api/v1/openapi.json", None, None)
        .await
        .body;
    assert!(doc.contains("\"openapi\":\"3.1"));
}

/// Every .ftl key (all files of a locale) exists in all four locales, and every key a template or handler names exists.
#[test]
fn locales_are_complete() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales");
    let keys = |l: &str| -> std::collections::BTreeSet<String> {
        let mut text = String::new();
        for e in std::fs::read_dir(format!("{root}/{l}")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "ftl") {
                text.push_str(&std::fs::read_to_string(&p).unwrap());
                text.push('\n');
            }
        }
        text.lines()
            .filter_map(|line| line.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .filter(|k| {
                !k.is_empty()
                    && !k.starts_with('#')
                    && !k.starts_with(' ')
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .collect()
    };
    let en = keys("en");
    for l in ["ko", "fr", "es"] {
        let other = keys(l);
        assert_eq!(
            en.symmetric_difference(&other).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{l} differs from en"
        );
    }
    let re = regex::Regex::new(r#"i\.t[ns]?\("([a-z0-9_-]+)""#).unwrap();
    let mut used = Vec::new();
    for dir in [
        "templates",
        "src",
        "src/members",
        "src/auth",
        "src/events",
        "src/library",
    ] {
        for e in std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                let text = std::fs::read_to_string(&p).unwrap();
                used.extend(
                    re.captures_iter(&text)
                        .map(|c| (c[1].to_owned(), p.display().to_string())),
                );
            }
        }
    }
    assert!(used.len() > 100);
    for (k, file) in used {
        if k == "key" {
            continue; // the doc comment's example
        }
        assert!(en.contains(&k), "{file} uses missing key {k}");
    }
}

async fn dues_and_concurrent_payment(app: TestApp) {
    let sec = app.account("dues@example.org", SiteRole::Secretariat).await;
    let person = app.account("nodues@example.org", SiteRole::Person).await;
    assert_eq!(
        app.request("GET", "/en/secretariat/dues", Some(&person), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request("GET", "/en/secretariat/dues", None, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let csrf = app.csrf(&sec).await;
    // Bad input: a band out of range and a malformed amount change nothing.
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/rule?year=2026",
            Some(&sec),
            Some(&[
                ("_csrf", &csrf),
                ("band", "12"),
                ("class", "full"),
                ("amount", "<script>"),
                ("currency", "usd"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give an amount such as") && !r.body.contains("<script>"));
    for cc in ["KR", "FR", "SN"] {
        let r = app
            .request(
                "POST",
                "/en/secretariat/dues/band?year=2026",
                Some(&sec),
                Some(&[("_csrf", &csrf), ("country", cc), ("country_band", "2")]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/generate?year=2026",
            Some(&sec),
            Some(&[("_csrf", &csrf), ("due_on", "2026-03-31")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("dues created"));
    let db = &app.state.store.db;
    let rows = pumasi_store::members::dues::list_year(
        db,
        2026,
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    )
    .await
    .unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.status == pumasi_domain::members::DuesStatus::Overdue)
    );
    // Generating again creates nothing new.
    let again = app
        .request(
            "POST",
            "/en/secretariat/dues/generate?year=2026",
            Some(&sec),
            Some(&[("_csrf", &csrf), ("due_on", "2026-03-31")]),
        )
        .await;
    assert!(
        again.body.contains("0 dues created") || again.body.contains(">0 "),
        "{}",
        &again.body[..200.min(again.body.len())]
    );
    // Ten concurrent payments of the same dues: one is recorded.
    let id = rows[0].id.to_string();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (state, sec, csrf, id) = (app.state.clone(), sec.clone(), csrf.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let body = serde_urlencoded::to_string([
                ("_csrf", csrf.as_str()),
                ("id", id.as_str()),
                ("paid_on", "2026-02-01"),
            ])
            .unwrap();
            let req = Request::post("/en/secretariat/dues/paid?year=2026")
                .header(header::COOKIE, sec)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap();
            pumasi_web::router(state)
                .oneshot(req)
                .await
                .unwrap()
                .status()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == StatusCode::SEE_OTHER {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    let events = pumasi_store::members::history(db, rows[0].organisation_id)
        .await
        .unwrap();
    assert_eq!(events.iter().filter(|e| e.kind == "dues.paid").count(), 1);
    // A waiver needs a reason.
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/waive?year=2026",
            Some(&sec),
            Some(&[
                ("_csrf", &csrf),
                ("id", &rows[1].id.to_string()),
                ("reason", ""),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/postpone?year=2026",
            Some(&sec),
            Some(&[
                ("_csrf", &csrf),
                ("id", &rows[1].id.to_string()),
                ("until", "2026-12-31"),
                ("reason", "Steering committee decision SC-2026-03"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

fn multipart(csrf: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let b = "XyZbOuNdArY";
    let mut body = format!("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--{b}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn status_changes_and_logo(app: TestApp) {
    let sec = app
        .account("status@example.org", SiteRole::Secretariat)
        .await;
    let person = app.account("nostatus@example.org", SiteRole::Person).await;
    let pc = app.csrf(&person).await;
    let r = app
        .request(
            "POST",
            "/en/members/city-of-bordeaux/status",
            Some(&person),
            Some(&[("_csrf", &pc), ("to", "suspended")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = app.csrf(&sec).await;
    let r = app
        .request(
            "POST",
            "/en/members/city-of-bordeaux/status",
            Some(&sec),
            Some(&[
                ("_csrf", &csrf),
                ("to", "suspended"),
                ("note", "Unpaid dues"),
                ("reference", "SC-1"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request(
            "POST",
            "/en/members/city-of-bordeaux/status",
            Some(&sec),
            Some(&[("_csrf", &csrf), ("to", "disqualified"), ("note", "x")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Disqualified cannot come back to member directly.
    let r = app
        .request(
            "POST",
            "/en/members/city-of-bordeaux/status",
            Some(&sec),
            Some(&[("_csrf", &csrf), ("to", "member")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let page = app
        .request("GET", "/en/members/city-of-bordeaux", Some(&sec), None)
        .await
        .body;
    assert!(page.contains("Membership history") && page.contains("SC-1"));
    // Logos: magic bytes decide, not the name; too large is refused; nothing stored on error.
    let fake = b"<svg onload=alert(1)>".to_vec();
    let (ct, body) = multipart(&csrf, &fake);
    let r = app
        .raw(
            Request::post("/en/members/seoul-metropolitan-government/logo")
                .header(header::COOKIE, &sec)
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("PNG, JPEG or WebP"));
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(2 * 1024 * 1024, 0);
    let (ct, body) = multipart(&csrf, &big);
    let r = app
        .raw(
            Request::post("/en/members/seoul-metropolitan-government/logo")
                .header(header::COOKIE, &sec)
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("too large"));
    let huge = vec![0u8; 20 * 1024 * 1024];
    let (ct, body) = multipart(&csrf, &huge);
    let r = app
        .raw(
            Request::post("/en/members/seoul-metropolitan-government/logo")
                .header(header::COOKIE, &sec)
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert!(
        r.status == StatusCode::PAYLOAD_TOO_LARGE || r.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.status
    );
    assert_eq!(
        app.request(
            "GET",
            "/en/members/seoul-metropolitan-government/logo",
            None,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (ct, body) = multipart(&csrf, &png);
    let r = app
        .raw(
            Request::post("/en/members/seoul-metropolitan-government/logo")
                .header(header::COOKIE, &sec)
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government/logo",
            None,
            None,
        )
        .await;
    assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), "image/png");
    assert_eq!(
        r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
}

async fn admin_settings(app: TestApp) {
    let sec = app
        .account("notadmin@example.org", SiteRole::Secretariat)
        .await;
    assert_eq!(
        app.request("GET", "/en/admin/settings", Some(&sec), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request("GET", "/en/admin/audit", Some(&sec), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let admin = app.account("admin@example.org", SiteRole::Admin).await;
    let csrf = app.csrf(&admin).await;
    let r = app
        .request(
            "POST",
            "/en/admin/settings",
            Some(&admin),
            Some(&[
                ("_csrf", &csrf),
                ("name", "<script>x</script>"),
                ("short_name", ""),
                ("colour", "red"),
                ("default_language", "ko"),
                ("time_zone", "Mars"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        (r.body.contains("&lt;script&gt;x") || r.body.contains("&#60;script&#62;x"))
            && !r.body.contains("<script>x")
            && r.body.contains("#rrggbb")
    );
    let r = app
        .request(
            "POST",
            "/en/admin/settings",
            Some(&admin),
            Some(&[
                ("_csrf", &csrf),
                ("name", "Korean Social Economy Network (fictional)"),
                ("short_name", "KSEN"),
                ("colour", "#123456"),
                ("lang_ko", "on"),
                ("lang_en", "on"),
                ("default_language", "ko"),
                ("time_zone", "Asia/Seoul"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = app.request("GET", "/ko/", None, None).await.body;
    assert!(home.contains("Korean Social Economy Network (fictional)"));
    assert!(!home.contains("hreflang=\"fr\""));
    assert_eq!(
        app.request("GET", "/fr/", None, None).await.status,
        StatusCode::NOT_FOUND
    );
    let css = app.request("GET", "/theme.css", None, None).await.body;
    assert!(css.contains("#123456"));
    let audit = app
        .request("GET", "/en/admin/audit", Some(&admin), None)
        .await
        .body;
    assert!(audit.contains("settings.identity"));
}

async fn api_writes(app: TestApp) {
    let body = r#"{"name":"Api Co-op (fictional)","category":"ngo","class":"allied","country":"FR","city":"Lyon"}"#;
    let post = |cookie: Option<&str>, csrf: &str, body: &str| {
        let mut b = Request::post("/api/v1/organisations")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", csrf);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::from(body.to_owned())).unwrap()
    };
    assert_eq!(
        app.raw(post(None, "", body)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let person = app
        .account("api-person@example.org", SiteRole::Person)
        .await;
    let pc = app.csrf(&person).await;
    assert_eq!(
        app.raw(post(Some(&person), &pc, body)).await.status,
        StatusCode::FORBIDDEN
    );
    let sec = app
        .account("api-sec@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    assert_eq!(
        app.raw(post(Some(&sec), "wrong", body)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .raw(post(
            Some(&sec),
            &csrf,
            r#"{"name":42,"category":["x"],"country":"ZZ","extra":1}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"category") && fields.contains(&"extra"),
        "{fields:?}"
    );
    assert_eq!(
        app.raw(post(Some(&sec), &csrf, "{not json")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app.raw(post(Some(&sec), &csrf, body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(created["slug"], "api-co-op-fictional");
    assert_eq!(
        app.raw(post(Some(&sec), &csrf, body)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let put = |version: i64| {
        Request::put("/api/v1/organisations/api-co-op-fictional")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", &csrf)
            .header(header::COOKIE, &sec)
            .body(Body::from(format!(r#"{{"name":"Api Co-op (fictional)","category":"ngo","country":"FR","city":"Lyon","name_translations":{{"ko":"API 협동조합 (가상)"}},"version":{version}}}"#)))
            .unwrap()
    };
    let version = created["version"].as_i64().unwrap();
    assert_eq!(app.raw(put(version)).await.status, StatusCode::OK);
    assert_eq!(app.raw(put(version)).await.status, StatusCode::CONFLICT);
}

async fn public_pages_fit_the_budget(app: TestApp) {
    use std::io::Write;
    for path in [
        "/en/",
        "/ko/",
        "/en/members",
        "/ko/members?page=1",
        "/en/members/map",
        "/fr/members/stats",
        "/es/members/seoul-metropolitan-government",
        "/en/apply",
        "/en/login",
    ] {
        let r = app.request("GET", path, None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(r.body.as_bytes()).unwrap();
        let size = enc.finish().unwrap().len();
        assert!(size <= 30 * 1024, "{path} is {size} bytes compressed");
    }
}

/// The OpenAPI document is a contract: any change to it shows up in review as a snapshot diff
/// (`cargo insta review`, or `INSTA_UPDATE=always cargo test` to accept).
#[test]
fn openapi_document_snapshot() {
    use utoipa::OpenApi;
    let doc = serde_json::to_value(pumasi_web::api::ApiDoc::openapi()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    insta::assert_json_snapshot!("openapi", doc);
}

async fn translation_status_and_language_cookie(app: TestApp) {
    // The switcher remembers the language for `/`, and never leaves the site.
    let r = app
        .request(
            "GET",
            "/language/fr?next=%2Ffr%2Fmembers%3Fcontinent%3DAF",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers.get(header::LOCATION).unwrap(),
        "/fr/members?continent=AF"
    );
    assert!(
        r.headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("lang=fr;")
    );
    let r = app.request("GET", "/", Some("lang=fr"), None).await;
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/fr/");
    let r = app
        .request("GET", "/language/ko?next=%2F%2Fevil.example%2F", None, None)
        .await;
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/ko/");
    assert_eq!(
        app.request("GET", "/language/de", None, None).await.status,
        StatusCode::NOT_FOUND
    );
    // Changing the base name marks the untouched Korean translation for review.
    let sec = app.account("tr@example.org", SiteRole::Secretariat).await;
    let csrf = app.csrf(&sec).await;
    let page = app
        .request("GET", "/en/members/city-of-montreal/edit", Some(&sec), None)
        .await;
    let slug = if page.status == StatusCode::OK {
        "city-of-montreal"
    } else {
        "ville-de-montreal"
    };
    let form = app
        .request("GET", &format!("/en/members/{slug}/edit"), Some(&sec), None)
        .await
        .body;
    let value = |name: &str| -> String {
        form.split(&format!("name=\"{name}\""))
            .nth(1)
            .and_then(|r| r.split("value=\"").nth(1))
            .map(|v| v.split('"').next().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (version, name, name_ko) = (value("version"), value("name"), value("name_ko"));
    assert!(!name_ko.is_empty(), "the demo gives Montréal a Korean name");
    let base_lang = if form.contains("value=\"fr\" selected") {
        "fr"
    } else {
        "en"
    };
    let fields = [
        ("_csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("name", &format!("{name} renamed")),
        ("slug", slug),
        ("lang", base_lang),
        ("category", "local_government"),
        ("country", "CA"),
        ("city", "Montréal"),
        ("name_ko", name_ko.as_str()),
    ];
    let r = app
        .request(
            "POST",
            &format!("/en/members/{slug}/edit"),
            Some(&sec),
            Some(&fields),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let form = app
        .request("GET", &format!("/en/members/{slug}/edit"), Some(&sec), None)
        .await
        .body;
    assert!(form.contains("id=\"review-name_ko\""));
    let ko = app
        .request("GET", &format!("/ko/members/{slug}"), None, None)
        .await
        .body;
    assert!(ko.contains(&name_ko.replace('&', "&amp;")) || ko.contains(&name_ko));
}

async fn organisation_people(app: TestApp) {
    let db = &app.state.store.db;
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    let admin = app.account("org-admin@example.org", SiteRole::Person).await;
    let editor = app
        .account("org-editor@example.org", SiteRole::Person)
        .await;
    let outsider = app.account("outsider@example.org", SiteRole::Person).await;
    for (email, role) in [
        (
            "org-admin@example.org",
            pumasi_domain::members::OrgRole::Admin,
        ),
        (
            "org-editor@example.org",
            pumasi_domain::members::OrgRole::Editor,
        ),
    ] {
        let acc = pumasi_store::accounts::by_email(db, &Email::parse(email).unwrap())
            .await
            .unwrap()
            .unwrap();
        pumasi_store::members::set_affiliation(db, acc.id, seoul.id, role, None)
            .await
            .unwrap();
    }
    let path = "/en/members/seoul-metropolitan-government/people";
    assert_eq!(
        app.request("GET", path, None, None).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.request("GET", path, Some(&outsider), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request("GET", path, Some(&editor), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request("GET", path, Some(&admin), None).await.status,
        StatusCode::OK
    );
    let csrf = app.csrf(&admin).await;
    let r = app
        .request(
            "POST",
            path,
            Some(&admin),
            Some(&[("_csrf", &csrf), ("email", "<script>@x"), ("role", "owner")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not a valid email address") && !r.body.contains("<script>@x"));
    let r = app
        .request(
            "POST",
            path,
            Some(&admin),
            Some(&[
                ("_csrf", &csrf),
                ("email", "new.person@example.org"),
                ("name", "New Person"),
                ("role", "editor"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    let people = pumasi_store::members::people(db, seoul.id).await.unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.1 == "new.person@example.org"
                && p.3 == pumasi_domain::members::OrgRole::Editor)
    );
    // The last admin can be neither removed nor demoted.
    let me = people
        .iter()
        .find(|p| p.1 == "org-admin@example.org")
        .unwrap()
        .0;
    let r = app
        .request(
            "POST",
            &format!("{path}/{me}"),
            Some(&admin),
            Some(&[("_csrf", &csrf), ("role", "member")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("at least one administrator"));
    let ed = people
        .iter()
        .find(|p| p.1 == "org-editor@example.org")
        .unwrap()
        .0;
    let r = app
        .request(
            "POST",
            &format!("{path}/{ed}"),
            Some(&admin),
            Some(&[("_csrf", &csrf), ("role", "remove")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.request(
            "GET",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&editor),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

/// Two nodes over one database: a change made through one clears the other's page cache once
/// its worker has looked at the outbox.
async fn page_cache_follows_other_nodes(app: TestApp) {
    let other = AppState::new(app.state.store.clone(), (*app.state.config).clone())
        .await
        .unwrap();
    let get = |state: AppState| async move {
        let resp = pumasi_web::router(state)
            .oneshot(
                Request::get("/en/members?q=dakar")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned()
    };
    pumasi_web::mail::process_once(&other).await.unwrap();
    let before = get(other.clone()).await;
    assert!(!before.contains("Dakar Renamed Co-op"));
    assert!(
        other.page_cache.get("/en/members?q=dakar").is_some(),
        "served from the cache next time"
    );
    // Node one changes an organisation.
    let sec = app.account("node@example.org", SiteRole::Secretariat).await;
    let csrf = app.csrf(&sec).await;
    let body = r#"{"name":"Dakar Renamed Co-op (fictional)","category":"ngo","class":"allied","status":"member","country":"SN","city":"Dakar"}"#;
    let req = Request::post("/api/v1/organisations")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-csrf-token", &csrf)
        .header(header::COOKIE, &sec)
        .body(Body::from(body))
        .unwrap();
    let r = app.raw(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Until node two's worker runs, it may serve the old page; after, it must not.
    pumasi_web::mail::process_once(&other).await.unwrap();
    assert!(other.page_cache.get("/en/members?q=dakar").is_none());
    let after = get(other).await;
    assert!(after.contains("Dakar Renamed Co-op (fictional)"));
}

/// Private contacts are for the secretariat and the organisation only; a password reset gives
/// the same answer for known and unknown addresses, mails a link that works once, and ends
/// every session.
async fn private_contacts_and_password_reset(app: TestApp) {
    let db = &app.state.store.db;
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    let mut raw = pumasi_domain::organisation::RawOrganisation::default();
    for (k, v) in [
        ("name", seoul.base_name.as_str()),
        ("slug", seoul.slug.as_str()),
        ("lang", seoul.base_lang.code()),
        ("category", "local_government"),
        ("class", "full"),
        ("status", "member"),
        ("college", "1"),
        ("country", "KR"),
        ("city", seoul.city.as_str()),
        ("leader_name", "Leader Private"),
        ("leader_email", "leader.private@example.org"),
    ] {
        raw.set_field(k, v.to_owned());
    }
    let vocab = pumasi_store::members::vocabulary(db).await.unwrap();
    let (c, k) = vocab.codes();
    let input = raw
        .validate(&pumasi_domain::organisation::Vocabulary {
            categories: &c,
            colleges: &k,
        })
        .unwrap();
    pumasi_store::members::update_profile(db, seoul.id, seoul.version, &input, None)
        .await
        .unwrap();
    let path = "/en/members/seoul-metropolitan-government";
    let person = app.account("curious@example.org", SiteRole::Person).await;
    for cookie in [None, Some(person.as_str())] {
        let body = app.request("GET", path, cookie, None).await.body;
        assert!(!body.contains("leader.private@example.org") && !body.contains("Private contacts"));
    }
    let api = app
        .request(
            "GET",
            "/api/v1/organisations/seoul-metropolitan-government",
            None,
            None,
        )
        .await
        .body;
    assert!(!api.contains("leader.private@example.org"));
    let sec = app.account("sees@example.org", SiteRole::Secretariat).await;
    assert!(
        app.request("GET", path, Some(&sec), None)
            .await
            .body
            .contains("leader.private@example.org")
    );

    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let known = app
        .request(
            "POST",
            "/en/password/forgot",
            Some(&anon),
            Some(&[("_csrf", csrf), ("email", "curious@example.org")]),
        )
        .await;
    let unknown = app
        .request(
            "POST",
            "/en/password/forgot",
            Some(&anon),
            Some(&[("_csrf", csrf), ("email", "nobody@example.org")]),
        )
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body.replace("curious@example.org", "X"),
        unknown.body.replace("nobody@example.org", "X")
    );
    let mails = pumasi_store::outbox::pending(db, "email").await.unwrap();
    let link = mails
        .iter()
        .find(|m| m.payload["to"] == "curious@example.org")
        .and_then(|m| m.payload["link"].as_str())
        .expect("a reset email for the known address");
    assert!(
        !mails
            .iter()
            .any(|m| m.payload["to"] == "nobody@example.org")
    );
    let reset_path = link.trim_start_matches("http://localhost");
    assert_eq!(
        app.request("GET", reset_path, None, None).await.status,
        StatusCode::OK
    );
    let r = app
        .request(
            "POST",
            reset_path,
            Some(&anon),
            Some(&[("_csrf", csrf), ("new", "short"), ("confirm", "short")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            reset_path,
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("new", "a new long password"),
                ("confirm", "a new long password"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The old session is over, the link is spent, the new password works.
    assert_eq!(
        app.request("GET", "/en/account", Some(&person), None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.request("GET", reset_path, None, None).await.status,
        StatusCode::GONE
    );
    assert!(
        app.login("curious@example.org", "a new long password")
            .await
            .is_some()
    );
}

/// Every class a template names has a rule in the stylesheet: an unstyled hook is how the
/// library list came to start 3,000 px down a phone. Classes built from values
/// (`state-{{ … }}`) are left out; their rules are checked where they are made.
#[test]
fn template_classes_are_styled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let css = std::fs::read_to_string(dir.join("assets/pumasi.css")).unwrap();
    let defined: std::collections::HashSet<String> = css
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .flat_map(|w| w.split('.').skip(1).map(str::to_owned).collect::<Vec<_>>())
        .filter(|c| c.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .collect();
    let strip = |s: &str, open: &str, close: &str, with: &str| {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find(open) {
            out.push_str(&rest[..i]);
            out.push_str(with);
            rest = rest[i..]
                .find(close)
                .map_or("", |j| &rest[i + j + close.len()..]);
        }
        out.push_str(rest);
        out
    };
    let mut missing = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(dir.join("templates")).unwrap() {
        let path = entry.unwrap().path();
        let html = std::fs::read_to_string(&path).unwrap();
        let html = strip(&strip(&html, "{%", "%}", ""), "{{", "}}", "\u{0}");
        let mut rest = html.as_str();
        while let Some(i) = rest.find("class=\"") {
            rest = &rest[i + 7..];
            let end = rest.find('"').unwrap_or(rest.len());
            for class in rest[..end].split_whitespace() {
                seen += 1;
                if !class.contains('\u{0}') && !defined.contains(class) {
                    missing.push(format!(
                        "{}: .{class}",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} classes found: is the scan broken?");
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "classes without a rule in assets/pumasi.css:\n{}",
        missing.join("\n")
    );
}

/// A protected link opened while logged out leads to the login page and, once logged in, back
/// to the same page in the same language.
async fn login_returns_to_the_protected_page(app: TestApp) {
    app.account("sec-next@example.org", SiteRole::Secretariat)
        .await;
    let r = app
        .request("GET", "/fr/secretariat/dues?year=2026", None, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(
        to,
        "/fr/login?next=%2Ffr%2Fsecretariat%2Fdues%3Fyear%3D2026"
    );
    let form = app.request("GET", &to, None, None).await;
    assert!(
        form.body
            .contains("value=\"/fr/secretariat/dues?year=2026\""),
        "{}",
        form.body
    );
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let r = app
        .request(
            "POST",
            "/fr/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "sec-next@example.org"),
                ("password", "correct horse battery"),
                ("next", "/fr/secretariat/dues?year=2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION],
        "/fr/secretariat/dues?year=2026"
    );
    // Elsewhere is refused: only a path on this hub.
    let r = app
        .request(
            "POST",
            "/fr/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "sec-next@example.org"),
                ("password", "correct horse battery"),
                ("next", "//evil.example/x"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !r.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("evil")
    );
}

/// If this fails, a page answered from the page cache — ahead of every other layer — loses its
/// security headers, its request id or its count in the metrics.
async fn cached_pages_keep_their_headers(app: TestApp) {
    let hits = || {
        app.state
            .metrics
            .cache_hits
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let get = |id: Option<&'static str>| {
        let app = &app;
        async move {
            let mut b = Request::builder()
                .uri("/en/")
                .header(header::ACCEPT_ENCODING, "gzip");
            if let Some(id) = id {
                b = b.header("x-request-id", id);
            }
            app.raw(b.body(Body::empty()).unwrap()).await
        }
    };
    let first = get(None).await;
    assert_eq!(first.status, StatusCode::OK);
    let before = hits();
    let r = get(Some("trace-me-123")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(hits(), before + 1, "the second request is a cache hit");
    for h in [
        header::CONTENT_SECURITY_POLICY,
        header::X_CONTENT_TYPE_OPTIONS,
        header::X_FRAME_OPTIONS,
        header::REFERRER_POLICY,
        header::ETAG,
    ] {
        assert_eq!(r.headers.get(&h), first.headers.get(&h), "{h}");
        assert!(r.headers.contains_key(&h), "{h} missing on a cached page");
    }
    assert_eq!(r.headers["content-encoding"], "gzip");
    assert_eq!(r.headers["x-request-id"], "trace-me-123");
    assert!(r.headers.get("cross-origin-opener-policy").is_some());
    // Over TLS (behind a proxy) the cached page says to keep to HTTPS, like any other.
    let r = app
        .raw(
            Request::builder()
                .uri("/en/")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(r.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
}
