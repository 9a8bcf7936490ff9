//! What a person sees first (issue "Usable by the people it is for", §4): the to-do page one
//! lands on after logging in — what waits for them by role, each row a link to where it is
//! done, nothing of another organisation's; the personal time zone times are said in; and the
//! home page's forums, votes, library and declarations.

use super::TestApp;
use axum::http::{StatusCode, header};
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;

both!(
    the_secretariat_lands_on_what_waits,
    a_representative_sees_its_own_votes_and_declarations,
    times_are_said_in_ones_own_zone,
    the_home_page_says_what_is_on,
    a_profile_links_what_names_it,
    a_forum_links_its_documents_and_declarations,
);

/// The part of `body` inside the section `id`, or "" when the page has no such section.
fn section<'a>(body: &'a str, id: &str) -> &'a str {
    let Some(at) = body.find(&format!("<section id=\"{id}\"")) else {
        return "";
    };
    let rest = &body[at..];
    &rest[..rest.find("</section>").unwrap()]
}

async fn the_secretariat_lands_on_what_waits(app: TestApp) {
    // Anonymous: sent to log in, and back here afterwards.
    let r = app.request("GET", "/en/todo", None, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.headers[header::LOCATION].to_str().unwrap();
    assert!(to.starts_with("/en/login"), "{to}");

    app.account("todo-sec@example.org", SiteRole::Secretariat)
        .await;
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let r = app
        .request(
            "POST",
            "/ko/login",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("email", "todo-sec@example.org"),
                ("password", "correct horse battery"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION].to_str().unwrap(),
        "/en/todo",
        "logging in lands on the to-do list, in the account's language"
    );
    let staff = app
        .login("todo-sec@example.org", "correct horse battery")
        .await
        .unwrap();

    // A Korean organisation applies: the secretariat sees it with its deadline.
    let f = [
        ("_csrf", csrf),
        ("name", "광주사회적경제연대회의 (가상)"),
        ("lang", "ko"),
        ("category", "network_sse"),
        ("class", "full"),
        ("country", "KR"),
        ("city", "광주"),
        ("statement", "협동조합 40곳이 함께합니다."),
        ("signatory_name", "김"),
        ("signatory_title", "대표"),
        ("contact_name", "이"),
        ("contact_email", "lee-gwangju@example.org"),
        ("signatory_confirmed", "on"),
    ];
    let r = app
        .request("POST", "/ko/apply", Some(&anon), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.request("GET", "/en/todo", Some(&staff), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let apps = section(&page.body, "todo-applications");
    assert!(apps.contains("One membership application waits"), "{apps}");
    assert!(apps.contains("광주사회적경제연대회의 (가상)"), "{apps}");
    assert!(apps.contains("acknowledge by"), "{apps}");
    let app_id = pumasi_store::members::applications::list(&app.state.store.db)
        .await
        .unwrap()[0]
        .id;
    assert!(apps.contains(&format!("/en/secretariat/applications/{app_id}\"")));
    // No overdue fee yet, and the page says so rather than hiding the list.
    assert!(section(&page.body, "todo-dues").contains("None."));
    assert!(!page.body.contains("id=\"todo-empty\""));

    // Once approved it leaves the list.
    let c = app.csrf(&staff).await;
    let r = app
        .request(
            "POST",
            &format!("/en/secretariat/applications/{app_id}/approve"),
            Some(&staff),
            Some(&[
                ("_csrf", c.as_str()),
                ("version", "1"),
                ("decided_on", "2026-11-20"),
                ("reference", "SC-2026-08"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Fees due last March and unpaid are overdue.
    for cc in ["KR", "FR", "SN", "ES", "CA", "IT", "BR", "JP", "US", "MX"] {
        let r = app
            .request(
                "POST",
                "/en/secretariat/dues/band?year=2026",
                Some(&staff),
                Some(&[("_csrf", &c), ("country", cc), ("country_band", "2")]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/generate?year=2026",
            Some(&staff),
            Some(&[("_csrf", &c), ("due_on", "2026-03-31")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = app.request("GET", "/fr/todo", Some(&staff), None).await;
    let apps = section(&page.body, "todo-applications");
    assert!(
        !apps.contains("광주"),
        "approved, no longer waiting: {apps}"
    );
    let dues = section(&page.body, "todo-dues");
    assert!(dues.contains("cotisations en retard"), "{dues}");
    assert!(
        dues.contains("Ville de Bordeaux"),
        "names in French: {dues}"
    );
    assert!(dues.contains("échéance le 31/03/2026"), "{dues}");
    let heading = "<h2 id=\"h-dues\">";
    let total: usize = dues[dues.find(heading).unwrap() + heading.len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > 20, "{dues}");
    assert_eq!(dues.matches("<li>").count(), 20, "a long list is cut");
    assert!(
        dues.contains(&format!("et {} de plus", total - 20)),
        "with a count of the rest: {dues}"
    );

    // A person with no role has nothing of the secretariat's.
    let person = app
        .account("todo-nobody@example.org", SiteRole::Person)
        .await;
    let page = app.request("GET", "/es/todo", Some(&person), None).await;
    assert_eq!(page.status, StatusCode::OK);
    for id in [
        "todo-applications",
        "todo-dues",
        "todo-signatures",
        "todo-votes",
    ] {
        assert!(section(&page.body, id).is_empty(), "{id} shown to a person");
    }
    assert!(!page.body.contains("광주"));
    assert!(page.body.contains("id=\"todo-empty\""), "{}", page.body);
}

async fn a_representative_sees_its_own_votes_and_declarations(app: TestApp) {
    use pumasi_domain::governance::declaration::RawDeclaration;
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let staff = app
        .account("todo-gov@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let reference = app
        .open_motion(
            &staff,
            &csrf,
            "en",
            &[
                ("title", "Adopt the 2027 work plan (fictional) <b>now</b>"),
                ("text", "The assembly adopts the plan."),
            ],
        )
        .await;
    let decl = RawDeclaration {
        title: "Déclaration de Lyon 2027 (fictive)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Lyon".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::declarations::create(db, &decl, true, None)
        .await
        .unwrap();

    let (seoul, seoul_id) = app
        .member(
            "todo-seoul@example.org",
            "seoul-metropolitan-government",
            OrgRole::Admin,
        )
        .await;
    let (bordeaux, _) = app
        .member("todo-bdx@example.org", "city-of-bordeaux", OrgRole::Admin)
        .await;
    let (editor, _) = app
        .member(
            "todo-editor@example.org",
            "seoul-metropolitan-government",
            OrgRole::Editor,
        )
        .await;

    // Seoul's representative, in Korean: its vote and its declaration, named in Korean.
    let page = app.request("GET", "/ko/todo", Some(&seoul), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let votes = section(&page.body, "todo-votes");
    assert!(
        votes.contains(&format!("/ko/motions/{reference}\"")),
        "{votes}"
    );
    assert!(votes.contains("서울특별시"), "{votes}");
    assert!(
        !votes.contains("보르도"),
        "not another organisation's: {votes}"
    );
    assert!(!votes.contains("<b>now</b>"), "titles are escaped: {votes}");
    let sign = section(&page.body, "todo-sign");
    assert!(
        sign.contains("Déclaration de Lyon 2027 (fictive)"),
        "{sign}"
    );
    assert!(section(&page.body, "todo-applications").is_empty());
    // Bordeaux's sees Bordeaux's row, not Seoul's.
    let page = app.request("GET", "/ko/todo", Some(&bordeaux), None).await;
    let votes = section(&page.body, "todo-votes");
    assert!(
        votes.contains("보르도시") && !votes.contains("서울특별시"),
        "{votes}"
    );
    // An editor does not vote for the organisation.
    let page = app.request("GET", "/en/todo", Some(&editor), None).await;
    assert!(section(&page.body, "todo-votes").is_empty());
    assert!(!page.body.contains(&reference));

    // Once Seoul has voted and signed, neither waits for it; the signature waits for the
    // secretariat instead.
    let c = app.csrf(&seoul).await;
    let s = seoul_id.to_string();
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{reference}/vote"),
            Some(&seoul),
            Some(&[
                ("_csrf", c.as_str()),
                ("acting_for", &s),
                ("member", &s),
                ("choice", "0"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let boundary = "XBOUNDARYX";
    let mut body = String::new();
    for (k, v) in [
        ("_csrf", c.as_str()),
        ("organisation", s.as_str()),
        ("signer_name", "Oh Se-hoon"),
        ("signer_title", "Mayor"),
        ("signed_on", ""),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/en/declarations/{}/sign", decl.slug.as_str()))
        .header("cookie", &seoul)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = app.raw(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.request("GET", "/en/todo", Some(&seoul), None).await;
    assert!(!section(&page.body, "todo-votes").contains(&reference));
    assert!(!section(&page.body, "todo-sign").contains("Lyon"));
    let page = app.request("GET", "/en/todo", Some(&staff), None).await;
    let sigs = section(&page.body, "todo-signatures");
    assert!(sigs.contains("One signature to verify"), "{sigs}");
    assert!(sigs.contains("Seoul Metropolitan Government") || sigs.contains("서울특별시"));
    assert!(
        sigs.contains("#signature-"),
        "links to the signature: {sigs}"
    );
}

async fn times_are_said_in_ones_own_zone(app: TestApp) {
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let (rep, _) = app
        .member("zone@example.org", "city-of-dakar", OrgRole::Admin)
        .await;
    let c = app.csrf(&rep).await;
    // An unknown zone: refused with the reason beside the field, nothing changed.
    let r = app
        .request(
            "POST",
            "/es/account/settings",
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("time_zone", "Mars/Olympus")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-time_zone\""), "{}", r.body);
    assert!(r.body.contains("Indique una zona horaria"), "in Spanish");
    assert!(r.body.contains("aria-invalid=\"true\""));
    let acc = pumasi_store::accounts::by_email(
        db,
        &pumasi_domain::types::Email::parse("zone@example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(acc.time_zone, "");
    // Another person's session cannot change it (the form needs one's own token).
    let other = app
        .account("zone-other@example.org", SiteRole::Person)
        .await;
    let r = app
        .request(
            "POST",
            "/en/account/settings",
            Some(&other),
            Some(&[("_csrf", c.as_str()), ("time_zone", "Asia/Tokyo")]),
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request(
            "POST",
            "/en/account/settings",
            None,
            Some(&[("_csrf", c.as_str()), ("time_zone", "Asia/Tokyo")]),
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "anonymous changes nothing");

    // Dubai: four hours ahead of UTC, and the account page keeps the choice.
    let r = app
        .request(
            "POST",
            "/en/account/settings",
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("time_zone", "Asia/Dubai")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.request("GET", "/en/account", Some(&rep), None).await;
    assert!(
        page.body.contains("<option value=\"Asia/Dubai\" selected>"),
        "the choice is kept"
    );
    assert!(page.body.contains("UTC+04"), "session times in Dubai time");
    let page = app.request("GET", "/en/account", Some(&other), None).await;
    assert!(!page.body.contains("UTC+04"), "only for that person");
    // Back to the hub's zone.
    let r = app
        .request(
            "POST",
            "/en/account/settings",
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("time_zone", "")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.request("GET", "/en/account", Some(&rep), None).await;
    assert!(!page.body.contains("UTC+04"));
}

async fn the_home_page_says_what_is_on(app: TestApp) {
    use std::io::Write;
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    // Nothing on yet: no empty headings.
    let r = app.request("GET", "/fr/", None, None).await;
    for id in [
        "home-events",
        "home-votes",
        "home-library",
        "home-declarations",
    ] {
        assert!(
            !r.body.contains(&format!("id=\"{id}\"")),
            "{id} shown empty"
        );
    }
    // A forum taking registrations in two months, and one that is over.
    let today = chrono::Utc::now().date_naive();
    let mut raw = super::events::raw_event("", "Forum de Lisbonne <i>(fictif)</i>", "");
    raw.starts_on = (today + chrono::Duration::days(60)).to_string();
    raw.ends_on = (today + chrono::Duration::days(62)).to_string();
    super::events::create_event(&app, &raw).await;
    let mut old = super::events::raw_event("", "Forum passé (fictif)", "");
    old.starts_on = (today - chrono::Duration::days(62)).to_string();
    old.ends_on = (today - chrono::Duration::days(60)).to_string();
    super::events::create_event(&app, &old).await;
    let decl = pumasi_domain::governance::declaration::RawDeclaration {
        title: "Déclaration de Lyon 2027 (fictive)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Lyon".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::declarations::create(db, &decl, true, None)
        .await
        .unwrap();
    app.state.content_changed();
    let staff = app
        .account("home-sec@example.org", SiteRole::Secretariat)
        .await;
    super::library::published(&app, &staff, "Habitat coopératif à Lyon (fictif)").await;
    let (editor, _) = app
        .member("home-ed@example.org", "city-of-bordeaux", OrgRole::Editor)
        .await;
    let c = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            "/en/library/new",
            Some(&editor),
            Some(&[
                ("_csrf", c.as_str()),
                ("kind", "case_study"),
                ("lang", "fr"),
                ("title", "Brouillon secret"),
                ("summary", "Pas encore publié."),
                ("body", "Texte."),
                ("languages", "fr"),
                ("licence", "cc-by-4.0"),
                ("owner", "city-of-bordeaux"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // A vote that opens in two seconds: the cached home page does not outlive its opening.
    let csrf = app.csrf(&staff).await;
    let now = chrono::Utc::now();
    let r = app
        .request(
            "POST",
            "/en/governance/general-assembly/motions/new",
            Some(&staff),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("title", "Budget 2027 (fictif)"),
                ("text", "Adopter le budget."),
                ("lang", "fr"),
                ("kind", "yes_no"),
                ("weighting", "one_member"),
                ("quorum", "1"),
                ("majority", "simple"),
                ("proxy_limit", "1"),
                ("dues_rule", "ignore"),
                (
                    "opens_at",
                    &(now + chrono::Duration::hours(1))
                        .format("%Y-%m-%dT%H:%M")
                        .to_string(),
                ),
                (
                    "closes_at",
                    &(now + chrono::Duration::days(2))
                        .format("%Y-%m-%dT%H:%M")
                        .to_string(),
                ),
                ("time_zone", "UTC"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/en/motions/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{reference}/open"),
            Some(&staff),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    {
        use pumasi_store::entities::gov_motion;
        use pumasi_store::sea_orm::sea_query::Expr;
        use pumasi_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        gov_motion::Entity::update_many()
            .col_expr(
                gov_motion::Column::OpensAt,
                Expr::value(chrono::Utc::now() + chrono::Duration::seconds(2)),
            )
            .filter(gov_motion::Column::Reference.eq(reference.as_str()))
            .exec(db)
            .await
            .unwrap();
    }
    app.state.content_changed();
    let home = app.request("GET", "/fr/", None, None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains("id=\"home-votes\""), "not open yet");
    let events = section(&home.body, "home-events");
    assert!(
        events.contains("Forum de Lisbonne") && !events.contains("<i>"),
        "escaped: {events}"
    );
    assert!(!events.contains("Forum passé"), "{events}");
    assert!(events.contains("/fr/events\""), "{events}");
    let library = section(&home.body, "home-library");
    assert!(
        library.contains("Habitat coopératif à Lyon (fictif)"),
        "{library}"
    );
    assert!(
        !home.body.contains("Brouillon secret"),
        "drafts are not public"
    );
    let decls = section(&home.body, "home-declarations");
    assert!(
        decls.contains(&format!("/fr/declarations/{}\"", decl.slug.as_str()))
            && decls.contains("Lyon · 01/10/2026"),
        "{decls}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let home = app.request("GET", "/fr/", None, None).await;
    let votes = section(&home.body, "home-votes");
    assert!(
        votes.contains(&format!("/fr/motions/{reference}\"")),
        "{votes}"
    );
    assert!(votes.contains("Budget 2027 (fictif)"), "{votes}");
    // The map links each member country to the directory; the grey world is one cached file.
    assert!(
        home.body
            .contains("<a href=\"/fr/members?country=KR\"><title>Corée du Sud: "),
        "countries link to the filtered directory"
    );
    let at = home
        .body
        .find("<image href=\"")
        .expect("the world as an image")
        + 13;
    let world = &home.body[at..at + home.body[at..].find('"').unwrap()];
    assert!(world.starts_with("/assets/world.svg?v="), "{world}");
    let r = app.request("GET", world, None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    assert!(
        r.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    assert!(r.body.matches("<path").count() > 150);
    assert!(
        home.body.matches("<path").count() < 60,
        "only member countries inline"
    );
    let map = app.request("GET", "/ko/members/map", None, None).await;
    assert!(
        map.body.contains("class=\"legend\""),
        "the map has a legend"
    );
    for l in ["en", "ko", "fr", "es"] {
        let r = app.request("GET", &format!("/{l}/"), None, None).await;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(r.body.as_bytes()).unwrap();
        let size = enc.finish().unwrap().len();
        assert!(size <= 30 * 1024, "/{l}/ is {size} bytes compressed");
    }
}

/// A profile lists the organisation's seats in governing bodies, the declarations it signed,
/// the events it hosts and its library items — each a link, drafts and past seats left out.
async fn a_profile_links_what_names_it(app: TestApp) {
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let seoul = pumasi_store::members::by_slug(
        db,
        "seoul-metropolitan-government",
        pumasi_domain::locale::Locale::En,
    )
    .await
    .unwrap();
    let sc = pumasi_store::governance::body_by_slug(db, "steering-committee")
        .await
        .unwrap();
    for (starts, ends) in [("2026-01-01", ""), ("2020-01-01", "2021-12-31")] {
        let input = pumasi_domain::governance::body::RawMandate {
            organisation: "seoul-metropolitan-government".into(),
            role: "co_chair".into(),
            starts_on: starts.into(),
            ends_on: ends.into(),
            obtained: "elected".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        pumasi_store::governance::add_mandate(db, &sc, &input, None, None)
            .await
            .unwrap();
    }
    let decl = pumasi_domain::governance::declaration::RawDeclaration {
        title: "Déclaration de Lyon 2027 (fictive)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Lyon".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let decl_id = pumasi_store::governance::declarations::create(db, &decl, true, None)
        .await
        .unwrap();
    pumasi_store::governance::declarations::record_historical(
        db,
        decl_id,
        &pumasi_store::governance::declarations::Historical {
            organisation: Some(seoul.id),
            name: "Seoul".into(),
            kind: pumasi_domain::governance::declaration::SignatoryKind::LocalGovernment,
            country: "KR".into(),
            signed_on: chrono::NaiveDate::from_ymd_opt(2026, 10, 2),
            source: "minutes".into(),
        },
        None,
    )
    .await
    .unwrap();
    let ev = super::events::create_event(
        &app,
        &super::events::raw_event("seoul-hosts-2027", "Seoul hosts (fictional)", ""),
    )
    .await;
    let txn = app.state.store.begin_write().await.unwrap();
    pumasi_store::events::set_hosts(&txn, ev, &[seoul.id])
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let staff = app
        .account("links-sec@example.org", SiteRole::Secretariat)
        .await;
    let c = app.csrf(&staff).await;
    let mut slugs = Vec::new();
    for title in ["Seoul care guide (fictional)", "Seoul draft (fictional)"] {
        let r = app
            .request(
                "POST",
                "/en/library/new",
                Some(&staff),
                Some(&[
                    ("_csrf", c.as_str()),
                    ("kind", "case_study"),
                    ("lang", "en"),
                    ("title", title),
                    ("summary", "A guide."),
                    ("body", "Text."),
                    ("languages", "en"),
                    ("licence", "cc-by-4.0"),
                    ("owner", "seoul-metropolitan-government"),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        slugs.push(
            r.headers[header::LOCATION]
                .to_str()
                .unwrap()
                .split('/')
                .nth(3)
                .unwrap()
                .to_owned(),
        );
    }
    let r = app
        .request(
            "POST",
            &format!("/en/library/{}/step", slugs[0]),
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("step", "publish")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.state.content_changed();

    let page = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government",
            None,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let seats = section(&page.body, "org-mandates");
    assert_eq!(
        seats.matches("<li>").count(),
        1,
        "only the current seat: {seats}"
    );
    assert!(
        seats.contains("/en/governance/steering-committee\""),
        "{seats}"
    );
    assert!(seats.contains("Co-chair"), "{seats}");
    let signed = section(&page.body, "org-signatures");
    assert!(
        signed.contains(&format!("/en/declarations/{}\"", decl.slug.as_str()))
            && signed.contains("lang=\"fr\""),
        "{signed}"
    );
    assert!(section(&page.body, "org-events").contains("/en/events/seoul-hosts-2027\""));
    let library = section(&page.body, "org-library");
    assert!(
        library.contains(&format!("/en/library/{}\"", slugs[0])),
        "{library}"
    );
    assert!(!page.body.contains("Seoul draft"), "drafts are not listed");
    // Another organisation's profile lists none of these.
    let other = app
        .request("GET", "/en/members/city-of-bordeaux", None, None)
        .await;
    assert!(!other.body.contains("id=\"org-mandates\""));
    assert!(!other.body.contains("Seoul care guide"));
}

/// A forum edition lists the documents about it and the declarations adopted during it; the
/// declaration names the forum it was adopted at.
async fn a_forum_links_its_documents_and_declarations(app: TestApp) {
    let db = &app.state.store.db;
    let mut raw = super::events::raw_event("lyon-2026", "Forum de Lyon (fictif)", "");
    raw.starts_on = "2026-09-30".into();
    raw.ends_on = "2026-10-02".into();
    super::events::create_event(&app, &raw).await;
    let mut other = super::events::raw_event("other-2026", "Another meeting (fictional)", "");
    other.starts_on = "2026-11-30".into();
    other.ends_on = "2026-11-30".into();
    super::events::create_event(&app, &other).await;
    let decl = pumasi_domain::governance::declaration::RawDeclaration {
        title: "Déclaration de Lyon 2026 (fictive)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Lyon".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::declarations::create(db, &decl, true, None)
        .await
        .unwrap();
    let staff = app
        .account("forum-links@example.org", SiteRole::Secretariat)
        .await;
    let c = app.csrf(&staff).await;
    let r = app
        .request(
            "POST",
            "/en/library/new",
            Some(&staff),
            Some(&[
                ("_csrf", c.as_str()),
                ("kind", "case_study"),
                ("lang", "fr"),
                ("title", "Actes du forum de Lyon (fictif)"),
                ("summary", "Les actes."),
                ("body", "Texte."),
                ("languages", "fr"),
                ("licence", "cc-by-4.0"),
                ("events", "lyon-2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    let page = app.request("GET", "/fr/events/lyon-2026", None, None).await;
    assert!(
        section(&page.body, "event-library").is_empty(),
        "a draft is not listed"
    );
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/step"),
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("step", "publish")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.state.content_changed();
    let page = app.request("GET", "/fr/events/lyon-2026", None, None).await;
    assert!(section(&page.body, "event-library").contains(&format!("/fr/library/{slug}\"")));
    let decls = section(&page.body, "event-declarations");
    assert!(
        decls.contains(&format!("/fr/declarations/{}\"", decl.slug.as_str())),
        "{decls}"
    );
    let page = app
        .request("GET", "/fr/events/other-2026", None, None)
        .await;
    assert!(section(&page.body, "event-declarations").is_empty());
    assert!(section(&page.body, "event-library").is_empty());
    let page = app
        .request(
            "GET",
            &format!("/fr/declarations/{}", decl.slug.as_str()),
            None,
            None,
        )
        .await;
    let at = &page.body[page
        .body
        .find("id=\"adopted-at\"")
        .expect("the forum named")..];
    let at = &at[..at.find("</p>").unwrap()];
    assert!(
        at.contains("/fr/events/lyon-2026\"") && !at.contains("other-2026"),
        "{at}"
    );
}
