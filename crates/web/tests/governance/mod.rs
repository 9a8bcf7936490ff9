//! Governance over HTTP: a general-assembly motion from draft to result (who may vote, receipts,
//! a second ballot refused, votes after closing refused, the per-college result, the audit
//! downloads), secret ballots that the secretariat cannot link to voters, hostile input in the
//! forms, mandates and the API. Every test runs on SQLite and PostgreSQL (`both!`).

use super::TestApp;
use axum::http::StatusCode;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;
use pumasi_store::entities::gov_motion;
use pumasi_store::sea_orm::sea_query::Expr;
use pumasi_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

both!(
    a_motion_from_draft_to_result,
    secret_ballots_hide_voters_from_the_secretariat,
    mandates_and_the_api,
    a_declaration_is_signed_and_verified,
    a_meeting_with_agenda_quorum_minutes_and_decisions,
    the_charter_is_amended_by_vote,
    an_application_is_put_to_the_committee,
    candidates_stand_and_are_elected,
    the_secretariat_creates_a_jury,
);

async fn person_of(app: &TestApp, email: &str, org: &str, role: OrgRole) -> (String, uuid::Uuid) {
    app.member(email, org, role).await
}

async fn draft(app: &TestApp, staff: &str, secret: bool) -> String {
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let csrf = app.csrf(staff).await;
    let now = chrono::Utc::now();
    let opens = (now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut form = vec![
        ("_csrf", csrf.as_str()),
        ("title", "Adopt the 2027 budget <script>alert(1)</script>"),
        ("text", "The assembly **adopts** the budget."),
        ("lang", "en"),
        ("kind", "yes_no"),
        ("weighting", "college"),
        ("quorum", "1"),
        ("majority", "simple"),
        ("proxy_limit", "1"),
        ("dues_rule", "ignore"),
        ("opens_at", &opens),
        ("closes_at", &closes),
        ("time_zone", "UTC"),
    ];
    if secret {
        form.push(("secret", "on"));
    }
    let r = app
        .request(
            "POST",
            "/en/governance/general-assembly/motions/new",
            Some(staff),
            Some(&form),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.headers["location"].to_str().unwrap().to_owned();
    let reference = loc
        .trim_start_matches("/en/motions/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{reference}/open"),
            Some(staff),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    reference
}

fn ballot<'a>(csrf: &'a str, org: &'a str, choice: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("acting_for", org),
        ("member", org),
        ("choice", choice),
    ]
}

/// Moves a motion's closing time into the past, as if the week had gone by.
async fn end_voting(app: &TestApp, reference: &str) {
    gov_motion::Entity::update_many()
        .col_expr(
            gov_motion::Column::ClosesAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(gov_motion::Column::Reference.eq(reference))
        .exec(&app.state.store.db)
        .await
        .unwrap();
}

async fn a_motion_from_draft_to_result(app: TestApp) {
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    // Hostile drafts: wrong types everywhere come back with the typed values and messages.
    let csrf = app.csrf(&staff).await;
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let r = app
        .request(
            "POST",
            "/fr/governance/general-assembly/motions/new",
            Some(&staff),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("title", "Budget"),
                ("kind", "referendum"),
                ("quorum", "abc"),
                ("proxy_limit", "-3"),
                ("opens_at", "demain"),
                ("closes_at", "2026-01-01T00:00"),
                ("time_zone", "Mars/Olympus"),
                ("secret", "on"),
                ("changeable", "on"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"abc\""), "typed values are kept");
    assert!(r.body.contains("Choisissez"), "messages in French");
    assert!(r.body.contains("scrutin secret") || r.body.contains("secret"));

    let reference = draft(&app, &staff, false).await;
    let page = app
        .request("GET", &format!("/en/motions/{reference}"), None, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert(1)"), "title escaped");
    assert!(
        page.body.contains("&#60;script&#62;") || page.body.contains("&lt;script&gt;"),
        "shown as text"
    );
    assert!(page.body.contains("<strong>adopts</strong>"));
    assert!(page.body.contains("70 members may vote"), "{}", page.body);

    let (seoul, seoul_id) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let (editor, _) = person_of(
        &app,
        "editor@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Editor,
    )
    .await;
    let (bilbao, bilbao_id) =
        person_of(&app, "rep@bilbao.example", "city-of-bilbao", OrgRole::Admin).await;
    let seoul_s = seoul_id.to_string();
    let vote = format!("/en/motions/{reference}/vote");
    // Anonymous, an editor (not the representative), another organisation's representative.
    let anon = app
        .request("POST", &vote, None, Some(&ballot("x", &seoul_s, "0")))
        .await;
    assert!(matches!(
        anon.status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::SEE_OTHER
    ));
    let c = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            &vote,
            Some(&editor),
            Some(&ballot(&c, &seoul_s, "0")),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let c = app.csrf(&bilbao).await;
    let r = app
        .request(
            "POST",
            &vote,
            Some(&bilbao),
            Some(&ballot(&c, &seoul_s, "0")),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "no voting for another member"
    );
    // A malformed ballot, then the real one with its receipt.
    let c = app.csrf(&seoul).await;
    let r = app
        .request(
            "POST",
            &vote,
            Some(&seoul),
            Some(&ballot(&c, &seoul_s, "9")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            &vote,
            Some(&seoul),
            Some(&ballot(&c, &seoul_s, "<b>")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            &vote,
            Some(&seoul),
            Some(&ballot(&c, &seoul_s, "0")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let at = r.body.find("id=\"receipt-code\">").unwrap() + "id=\"receipt-code\">".len();
    let end = at + r.body[at..].find("</code>").unwrap();
    let code = r.body[at..end].to_owned();
    assert_eq!(code.len(), 32, "26 characters in groups of four: {code}");
    let again = app
        .request(
            "POST",
            &vote,
            Some(&seoul),
            Some(&ballot(&c, &seoul_s, "1")),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already voted"));
    let bilbao_s = bilbao_id.to_string();
    let c = app.csrf(&bilbao).await;
    let r = app
        .request(
            "POST",
            &vote,
            Some(&bilbao),
            Some(&ballot(&c, &bilbao_s, "1")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Audit downloads are for after closing.
    let r = app
        .request(
            "GET",
            &format!("/en/motions/{reference}/ballots.json"),
            Some(&seoul),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The week goes by: no more ballots; the page shows the result per college.
    end_voting(&app, &reference).await;
    let c = app.csrf(&bilbao).await;
    let late = app
        .request(
            "POST",
            &vote,
            Some(&bilbao),
            Some(&ballot(&c, &bilbao_s, "0")),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let res = app
        .request(
            "GET",
            &format!("/en/motions/{reference}/results"),
            None,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("2 of 70 eligible members voted"),
        "{}",
        res.body
    );
    assert!(res.body.contains("By college"));
    // Seoul (college 1, 30 %) yes, Bilbao (college 1) no: 50/50 → not adopted (simple majority).
    assert!(res.body.contains("Rejected"), "{}", res.body);
    let check = app
        .request(
            "GET",
            &format!("/en/motions/{reference}/receipt?code={code}"),
            None,
            None,
        )
        .await;
    assert!(check.body.contains("counted as"), "{}", check.body);
    assert!(check.body.contains("Yes"));
    let forged = app
        .request(
            "GET",
            &format!("/en/motions/{reference}/receipt?code=%3Cscript%3E"),
            None,
            None,
        )
        .await;
    assert!(forged.body.contains("No ballot"));
    assert!(!forged.body.contains("<script>"));
    // Audit downloads: eligible representatives and the secretariat, not the anonymous.
    let path = format!("/en/motions/{reference}/ballots.json");
    let anon = app.request("GET", &path, None, None).await;
    assert_eq!(
        anon.status,
        StatusCode::SEE_OTHER,
        "anonymous readers are sent to log in"
    );
    assert!(anon.headers["location"].to_str().unwrap().contains("login"));
    let (outsider, _) = person_of(
        &app,
        "rep@allied.example",
        "steppe-herders-cooperative-union",
        OrgRole::Admin,
    )
    .await;
    let denied = app
        .request("GET", &path, Some(&outsider), None)
        .await
        .status;
    assert!(
        denied == StatusCode::FORBIDDEN,
        "an organisation that was not eligible: {denied}"
    );
    let list = app.request("GET", &path, Some(&seoul), None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains(&seoul_s), "the list is anonymised");
    let parsed: pumasi_domain::governance::motion::BallotList =
        serde_json::from_str(&list.body).unwrap();
    assert_eq!(parsed.ballots.len(), 2);
    let v =
        pumasi_store::governance::motions::verify(&app.state.store.db, &reference, Some(parsed))
            .await
            .unwrap();
    assert!(v.ok(), "{v:?}");
}

async fn secret_ballots_hide_voters_from_the_secretariat(app: TestApp) {
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let reference = draft(&app, &staff, true).await;
    let (seoul, seoul_id) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let s = seoul_id.to_string();
    let c = app.csrf(&seoul).await;
    let vote = format!("/en/motions/{reference}/vote");
    let r = app
        .request("POST", &vote, Some(&seoul), Some(&ballot(&c, &s, "0")))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The secretariat's own vote attempt is refused: it runs the vote, it does not cast ballots.
    let c2 = app.csrf(&staff).await;
    let r = app
        .request("POST", &vote, Some(&staff), Some(&ballot(&c2, &s, "1")))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    end_voting(&app, &reference).await;
    for path in ["ballots.json", "log.json"] {
        let r = app
            .request(
                "GET",
                &format!("/en/motions/{reference}/{path}"),
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        if path == "ballots.json" {
            assert!(!r.body.contains(&s), "no voter in the ballot list");
        } else {
            assert!(!r.body.contains("\"ballot\""), "no per-ballot log entry");
        }
    }
    let page = app
        .request(
            "GET",
            &format!("/en/motions/{reference}"),
            Some(&staff),
            None,
        )
        .await;
    assert!(page.body.contains("secret ballot"));
    assert!(page.body.contains("1 of 70 eligible members voted"));
}

async fn mandates_and_the_api(app: TestApp) {
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let csrf = app.csrf(&staff).await;
    let path = "/en/governance/co-chairs/mandates";
    let add = |org: &'static str, person: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("organisation", org.to_owned()),
            ("person_name", person.to_owned()),
            ("role", "co_chair".to_owned()),
            ("obtained", "elected".to_owned()),
            ("starts_on", "2025-10-01".to_owned()),
            ("ends_on", "2027-09-30".to_owned()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
    let send = |v: Vec<(&'static str, String)>| {
        let app = &app;
        let staff = staff.clone();
        async move {
            let pairs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
            app.request("POST", path, Some(&staff), Some(&pairs)).await
        }
    };
    // Hostile: a script as the person's name is stored and shown as text; a bad date is refused.
    let r = send(as_refs(&add(
        "seoul-metropolitan-government",
        "<script>alert(1)</script>",
    )))
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut bad = add("seoul-social-economy-network", "Jane");
    bad[5].1 = "2025-13-40".into();
    let r = send(bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"2025-13-40\""));
    let r = send(add("no-such-organisation", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(add("seoul-social-economy-network", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Two co-chairs at most.
    let r = send(add("city-of-bilbao", "")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Permissions: a member's representative cannot add mandates.
    let (rep, _) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let c = app.csrf(&rep).await;
    let r = app
        .request(
            "POST",
            path,
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("organisation", "city-of-bilbao")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = app
        .request("GET", "/fr/governance/co-chairs", None, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert"));
    assert!(
        page.body.contains("&#60;script&#62;") || page.body.contains("&lt;script&gt;"),
        "shown as text"
    );
    let api = app
        .request("GET", "/api/v1/governance/bodies/co-chairs", None, None)
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["mandates"].as_array().unwrap().len(), 2);
    assert_eq!(v["mandates"][0]["role"], "co_chair");
    let missing = app
        .request(
            "GET",
            "/api/v1/governance/motions/nothing-2026-1",
            None,
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("problem+json")
    );
}

async fn a_declaration_is_signed_and_verified(app: TestApp) {
    use pumasi_domain::governance::declaration::RawDeclaration;
    let db = &app.state.store.db;
    let input = RawDeclaration {
        title: "Déclaration de Lyon <b>2027</b> (fictive)".into(),
        lang: "fr".into(),
        text: "Nous, villes et réseaux, nous engageons. <script>alert(1)</script>".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Lyon".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::declarations::create(db, &input, true, None)
        .await
        .unwrap();
    let slug = input.slug.as_str().to_owned();
    let page = format!("/fr/declarations/{slug}");
    let r = app.request("GET", &page, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.body);
    assert!(
        !r.body.contains("<script>alert(1)"),
        "the text is sanitised"
    );
    assert!(!r.body.contains("<b>2027</b>"), "the title is escaped");
    assert!(
        r.body.contains("0 collectivité locale"),
        "{}",
        &r.body[..2000.min(r.body.len())]
    );
    let (bordeaux, bordeaux_id) = person_of(
        &app,
        "rep@bordeaux.example",
        "city-of-bordeaux",
        OrgRole::Admin,
    )
    .await;
    let (bilbao, _) = person_of(&app, "rep@bilbao.example", "city-of-bilbao", OrgRole::Admin).await;
    let sign = |cookie: String, org: String, title: &'static str| {
        let app = &app;
        let page = page.clone();
        async move {
            let csrf = app.csrf(&cookie).await;
            let boundary = "XBOUNDARYX";
            let mut body = String::new();
            for (k, v) in [
                ("_csrf", csrf.as_str()),
                ("organisation", org.as_str()),
                ("signer_name", "Pierre Hurmic"),
                ("signer_title", title),
                ("signed_on", ""),
            ] {
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                ));
            }
            body.push_str(&format!("--{boundary}--\r\n"));
            let req = axum::http::Request::builder()
                .method("POST")
                .uri(format!("{page}/sign"))
                .header("cookie", cookie)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap();
            app.raw(req).await
        }
    };
    // Another organisation's representative cannot sign for Bordeaux.
    let r = sign(bilbao.clone(), bordeaux_id.to_string(), "Maire").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A title with HTML is kept as text; the signature waits for verification.
    let r = sign(
        bordeaux.clone(),
        bordeaux_id.to_string(),
        "Maire <i>de Bordeaux</i>",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let public = app.request("GET", &page, None, None).await;
    assert!(
        !public.body.contains("Pierre Hurmic"),
        "not shown before verification"
    );
    let again = sign(bordeaux.clone(), bordeaux_id.to_string(), "Maire").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The secretariat verifies it; only then it appears and counts.
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let sigs = pumasi_store::governance::declarations::signatures(
        db,
        pumasi_store::governance::declarations::by_slug(db, &slug)
            .await
            .unwrap()
            .id,
    )
    .await
    .unwrap();
    let path = format!("{page}/signatures/{}", sigs[0].id);
    let c = app.csrf(&bordeaux).await;
    let r = app
        .request(
            "POST",
            &path,
            Some(&bordeaux),
            Some(&[("_csrf", c.as_str()), ("action", "verify")]),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "nobody verifies their own signature"
    );
    let c = app.csrf(&staff).await;
    let r = app
        .request(
            "POST",
            &path,
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("action", "verify")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = app.request("GET", &page, None, None).await;
    assert!(public.body.contains("Pierre Hurmic"));
    assert!(
        public.body.contains("&#60;i&#62;de Bordeaux")
            || public.body.contains("&lt;i&gt;de Bordeaux")
    );
    assert!(
        public
            .body
            .contains("1 collectivité locale et 0 organisation"),
        "{}",
        public.body
    );
    // Withdrawn by its own representative: recorded, no longer counted.
    let c = app.csrf(&bordeaux).await;
    let r = app
        .request(
            "POST",
            &path,
            Some(&bordeaux),
            Some(&[
                ("_csrf", c.as_str()),
                ("action", "withdraw"),
                ("reason", "Nouveau mandat"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = app.request("GET", &page, None, None).await;
    assert!(public.body.contains("Nouveau mandat"));
    assert!(public.body.contains("0 collectivité locale"));
    let api = app
        .request(
            "GET",
            &format!("/api/v1/governance/declarations/{slug}"),
            None,
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["signatories"].as_array().unwrap().len(), 0);
    assert_eq!(v["withdrawn"].as_array().unwrap().len(), 1);
    // A draft adopted at a meeting: the adoption record links it; an unknown meeting is refused.
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let ga = pumasi_store::governance::body_by_slug(db, "general-assembly")
        .await
        .unwrap();
    let meeting = pumasi_store::governance::meetings::create(
        db,
        &ga,
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
    let draft = RawDeclaration {
        title: "Déclaration de Bordeaux (fictive)".into(),
        lang: "fr".into(),
        text: "Texte.".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::declarations::create(db, &draft, true, None)
        .await
        .unwrap();
    let path = format!("/fr/declarations/{}/text", draft.slug.as_str());
    let c = app.csrf(&staff).await;
    let adopt = |m: String| {
        let app = &app;
        let (path, c, staff) = (path.clone(), c.clone(), staff.clone());
        async move {
            app.request(
                "POST",
                &path,
                Some(&staff),
                Some(&[
                    ("_csrf", c.as_str()),
                    ("action", "adopt"),
                    ("adopted_on", "2026-10-01"),
                    ("adopted_city", "Lyon"),
                    ("meeting", m.as_str()),
                ]),
            )
            .await
        }
    };
    assert_eq!(
        adopt("no-such-meeting".to_owned()).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = adopt(meeting.slug.clone()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .request(
            "GET",
            &format!("/fr/declarations/{}", draft.slug.as_str()),
            None,
            None,
        )
        .await;
    assert!(
        page.body
            .contains(&format!("/fr/meetings/{}", meeting.slug)),
        "{}",
        page.body
    );
}

async fn a_meeting_with_agenda_quorum_minutes_and_decisions(app: TestApp) {
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let csrf = app.csrf(&staff).await;
    let new = "/en/governance/co-chairs/meetings/new";
    // Hostile and malformed input comes back with the typed values and a message per field.
    let r = app
        .request(
            "POST",
            new,
            Some(&staff),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("title", "Co-chairs <script>x</script>"),
                ("lang", "en"),
                ("starts_at", "2027-02-30T09:00"),
                ("ends_at", "yesterday"),
                ("online_url", "javascript:alert(1)"),
                ("quorum", "abc"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"javascript:alert(1)\""));
    let form = |title: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("title", title.to_owned()),
            ("lang", "en".to_owned()),
            ("starts_at", "2027-02-10T09:00".to_owned()),
            ("ends_at", "2027-02-10T12:00".to_owned()),
            ("time_zone", "Asia/Seoul".to_owned()),
            ("place", "Seoul City Hall".to_owned()),
            ("quorum", "50".to_owned()),
        ]
    };
    let send = |path: String, cookie: String, v: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
            app.request("POST", &path, Some(&cookie), Some(&pairs))
                .await
        }
    };
    let r = send(
        new.to_owned(),
        staff.clone(),
        form("Co-chairs <b>winter</b> meeting"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = "co-chairs-2027-02-10";
    assert!(r.headers["location"].to_str().unwrap().contains(slug));
    // Only the secretariat schedules and records.
    let (rep, seoul_id) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let rc = app.csrf(&rep).await;
    let r = send(new.to_owned(), rep.clone(), vec![("_csrf", rc.clone())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        format!("/en/meetings/{slug}/attendance"),
        rep.clone(),
        vec![
            ("_csrf", rc.clone()),
            ("organisation", seoul_id.to_string()),
            ("status", "present".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The co-chairs: two mandates, so the quorum of 50 % is one present.
    let db = &app.state.store.db;
    let body = pumasi_store::governance::body_by_slug(db, "co-chairs")
        .await
        .unwrap();
    for org in [
        "seoul-metropolitan-government",
        "seoul-social-economy-network",
    ] {
        let input = pumasi_domain::governance::body::RawMandate {
            organisation: org.into(),
            role: "co_chair".into(),
            starts_on: "2026-01-01".into(),
            obtained: "elected".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        pumasi_store::governance::add_mandate(db, &body, &input, None, None)
            .await
            .unwrap();
    }
    let page = format!("/en/meetings/{slug}");
    let r = app.request("GET", &page, None, None).await;
    assert!(
        r.body.contains("0 of 2 members present or represented"),
        "{}",
        r.body
    );
    assert!(r.body.contains("the quorum is not reached"));
    assert!(!r.body.contains("<b>winter</b>"));
    let r = send(
        format!("{page}/attendance"),
        staff.clone(),
        vec![
            ("_csrf", csrf.clone()),
            ("organisation", seoul_id.to_string()),
            ("status", "present".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.request("GET", &page, Some(&staff), None).await;
    assert!(r.body.contains("1 of 2 members present or represented"));
    assert!(r.body.contains("the quorum is reached"));
    // Members are named in the reader's language and listed in its order.
    let attendance = |body: &str| {
        let at = body.find("id=\"attendance\"").unwrap();
        body[at..at + body[at..].find("</section>").unwrap()].to_owned()
    };
    let en = attendance(&r.body);
    assert!(en.contains(">Seoul Metropolitan Government</a>"), "{en}");
    assert!(
        !en.contains("서울특별시"),
        "a Korean base name on an English page: {en}"
    );
    let fr = attendance(
        &app.request("GET", &page.replacen("/en/", "/fr/", 1), None, None)
            .await
            .body,
    );
    let (a, b) = (
        fr.find("Gouvernement métropolitain de Séoul")
            .expect("named in French"),
        fr.find("Réseau d&#39;économie sociale de Séoul")
            .or_else(|| fr.find("Réseau d'économie sociale de Séoul"))
            .expect("named in French"),
    );
    assert!(a < b, "in French order: {fr}");
    let r = app
        .request("GET", "/fr/governance/co-chairs", None, None)
        .await;
    assert!(
        r.body.contains(">Gouvernement métropolitain de Séoul</a>"),
        "mandate holders named in French: {}",
        r.body
    );
    // Agenda with a hostile title, a document that does not exist refused.
    let r = send(
        format!("{page}/agenda"),
        staff.clone(),
        vec![
            ("_csrf", csrf.clone()),
            ("item_title", "Budget <img src=x onerror=alert(1)>".into()),
            ("document", "no-such-document".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        format!("{page}/agenda"),
        staff.clone(),
        vec![
            ("_csrf", csrf.clone()),
            ("item_title", "Budget <img src=x onerror=alert(1)>".into()),
            ("rapporteur", "Treasurer".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Draft minutes are the secretariat's until approved; a decision gets its number.
    let m = pumasi_store::governance::meetings::by_slug(db, slug)
        .await
        .unwrap();
    let r = send(
        format!("{page}/minutes"),
        staff.clone(),
        vec![
            ("_csrf", csrf.clone()),
            ("minutes", "The co-chairs **met**.".into()),
            ("version", m.version.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = app.request("GET", &page, None, None).await;
    assert!(
        !public.body.contains("The co-chairs <strong>met</strong>"),
        "drafts are not public"
    );
    assert!(!public.body.contains("<img src=x"));
    let r = send(
        format!("{page}/decision"),
        staff.clone(),
        vec![
            ("_csrf", csrf.clone()),
            ("decision_title", "The 2027 budget is adopted".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let reg = app
        .request("GET", "/en/decisions?q=BUDGET", None, None)
        .await;
    assert!(reg.body.contains("2027-001"), "{}", reg.body);
    let none = app.request("GET", "/en/decisions?q=%25", None, None).await;
    assert!(
        !none.body.contains("2027-001"),
        "a % matches nothing special"
    );
    // The calendar file.
    let ics = app
        .request("GET", &format!("{page}/calendar.ics"), None, None)
        .await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.body.contains("BEGIN:VEVENT"));
    assert!(
        ics.body.contains("DTSTART;TZID=Asia/Seoul:20270210T090000"),
        "{}",
        ics.body
    );
    super::events::validate_with_python(&ics.body);
    // The API: public parts only (draft minutes are not published).
    let api = app
        .request(
            "GET",
            &format!("/api/v1/governance/meetings/{slug}"),
            None,
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(v["minutes"].is_null());
    assert_eq!(v["agenda"][0]["rapporteur"], "Treasurer");
    assert_eq!(v["decisions"][0]["number"], "2027-001");
    let long = "x".repeat(300);
    let r = app
        .request(
            "GET",
            &format!("/api/v1/governance/decisions?q={long}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("\"q\""));
}

async fn the_charter_is_amended_by_vote(app: TestApp) {
    use pumasi_store::governance::charter::{self, Article};
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    charter::set_up(
        db,
        &[Article {
            number: 1,
            title: "Name".into(),
            text: "The network is called GSEF.".into(),
        }],
        None,
        "",
        None,
    )
    .await
    .unwrap();
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let (rep, _) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let now = chrono::Utc::now();
    let opens = (now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let amend = |cookie: String, csrf: String, article: &'static str, text: &'static str| {
        let app = &app;
        let (opens, closes) = (opens.clone(), closes.clone());
        async move {
            app.request(
                "POST",
                "/en/charter/amendments",
                Some(&cookie),
                Some(&[
                    ("_csrf", csrf.as_str()),
                    ("article", article),
                    ("title", "Name and seat"),
                    ("text", text),
                    ("rationale", "Say where the seat is."),
                    ("opens_at", opens.as_str()),
                    ("closes_at", closes.as_str()),
                    ("time_zone", "UTC"),
                ]),
            )
            .await
        }
    };
    let c = app.csrf(&rep).await;
    assert_eq!(
        amend(rep.clone(), c, "1", "x").await.status,
        StatusCode::FORBIDDEN,
        "members vote on amendments, the secretariat puts them to the vote"
    );
    let c = app.csrf(&staff).await;
    let bad = amend(staff.clone(), c.clone(), "zero", "x").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"zero\""));
    let r = amend(
        staff.clone(),
        c,
        "1",
        "The network is called GSEF.\nIts seat is in Seoul. <script>alert(1)</script>",
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
    let m = pumasi_store::governance::motions::by_reference(db, &reference)
        .await
        .unwrap();
    assert_eq!(
        m.rules.majority,
        pumasi_domain::governance::motion::MajorityCode::TwoThirds
    );
    let c = app.csrf(&staff).await;
    app.request(
        "POST",
        &format!("/en/motions/{reference}/open"),
        Some(&staff),
        Some(&[("_csrf", c.as_str())]),
    )
    .await;
    let (rep_id, c) = (
        pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
            .await
            .unwrap()
            .id
            .to_string(),
        app.csrf(&rep).await,
    );
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{reference}/vote"),
            Some(&rep),
            Some(&ballot(&c, &rep_id, "0")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    end_voting(&app, &reference).await;
    // One yes of 70 eligible: the 50 % quorum is not reached, the amendment is rejected.
    let page = app
        .request(
            "GET",
            &format!("/en/motions/{reference}/results"),
            None,
            None,
        )
        .await;
    assert!(page.body.contains("The quorum was not reached."));
    let page = app.request("GET", "/en/charter", None, None).await;
    assert!(page.body.contains("rejected"), "{}", page.body);
    assert!(page.body.contains("Version 1"));
    // An amendment adopted directly in the store makes version 2; the diff shows the change
    // with the script shown as text.
    let body = pumasi_store::governance::body_by_slug(db, "general-assembly")
        .await
        .unwrap();
    let change = pumasi_domain::governance::charter::RawAmendment {
        article: "1".into(),
        title: "Name and seat".into(),
        text: "The network is called GSEF.\nIts seat is in Seoul. <script>alert(1)</script>".into(),
        rationale: String::new(),
    }
    .validate()
    .unwrap();
    let motion_input = pumasi_domain::governance::motion::MotionInput {
        title: "Amendment".into(),
        text: String::new(),
        lang: Locale::En.into(),
        options: Vec::new(),
        rules: pumasi_domain::governance::motion::Rules {
            quorum_bp: 0,
            ..m.rules.clone()
        },
        opens_at: chrono::Utc::now() - chrono::Duration::hours(1),
        closes_at: chrono::Utc::now() + chrono::Duration::hours(1),
    };
    let txn = app.state.store.begin_write().await.unwrap();
    let m2 = charter::propose(&txn, &body, &change, &motion_input, None)
        .await
        .unwrap();
    pumasi_store::governance::motions::open(&txn, m2.id, chrono::Utc::now(), None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let c = app.csrf(&rep).await;
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{}/vote", m2.reference),
            Some(&rep),
            Some(&ballot(&c, &rep_id, "0")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    end_voting(&app, &m2.reference).await;
    let page = app
        .request("GET", &format!("/en/motions/{}", m2.reference), None, None)
        .await;
    assert!(page.body.contains("Adopted"), "{}", page.body);
    let page = app.request("GET", "/en/charter", None, None).await;
    assert!(page.body.contains("Version 2"));
    assert!(!page.body.contains("<script>alert(1)"));
    let diff = app
        .request("GET", "/en/charter/diff?from=1&to=2", None, None)
        .await;
    assert_eq!(diff.status, StatusCode::OK);
    assert!(
        diff.body.contains("<ins>Its seat is in Seoul."),
        "{}",
        diff.body
    );
    assert!(!diff.body.contains("<script>alert(1)"));
    let missing = app
        .request("GET", "/en/charter/diff?from=1&to=9", None, None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let malformed = app
        .request("GET", "/en/charter/diff?from=a&to=b", None, None)
        .await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn an_application_is_put_to_the_committee(app: TestApp) {
    use pumasi_domain::organisation::{RawOrganisation, Vocabulary};
    use pumasi_store::members::applications::{self, RawApplication};
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let vocab = pumasi_store::members::vocabulary(db).await.unwrap();
    let (categories, colleges) = vocab.codes();
    let org = RawOrganisation {
        name: "Gangneung Solidarity Co-op (fictional)".into(),
        lang: "ko".into(),
        category: "ngo".into(),
        class: "full".into(),
        status: "applicant".into(),
        country: "KR".into(),
        city: "Gangneung".into(),
        ..RawOrganisation::default()
    }
    .validate(&Vocabulary {
        categories: &categories,
        colleges: &colleges,
    })
    .unwrap();
    let a = RawApplication {
        economic_index: "high".into(),
        statement: "We share the charter.".into(),
        signatory_name: "Kim Min-ji".into(),
        signatory_title: "Director".into(),
        signatory_confirmed: "on".into(),
        contact_name: "Lee Seo-yeon".into(),
        contact_email: "lee@example.org".into(),
    }
    .validate()
    .unwrap();
    let id = applications::submit(db, &org, &a, Locale::Ko)
        .await
        .unwrap();
    let path = format!("/en/governance/applications/{id}/vote");
    let closes = (chrono::Utc::now() + chrono::Duration::days(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (rep, _) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let c = app.csrf(&rep).await;
    let r = app
        .request(
            "POST",
            &path,
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("closes_at", closes.as_str())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Mandates in the committee, so that it has members to vote.
    let sc = pumasi_store::governance::body_by_slug(db, "steering-committee")
        .await
        .unwrap();
    let input = pumasi_domain::governance::body::RawMandate {
        organisation: "seoul-metropolitan-government".into(),
        role: "member".into(),
        starts_on: "2026-01-01".into(),
        obtained: "elected".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::add_mandate(db, &sc, &input, None, None)
        .await
        .unwrap();
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let c = app.csrf(&staff).await;
    let bad = app
        .request(
            "POST",
            &path,
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("closes_at", "never")]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            &path,
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("closes_at", closes.as_str())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.headers["location"].to_str().unwrap().to_owned();
    assert!(loc.contains("/motions/steering-committee-"), "{loc}");
    let page = app
        .request(
            "GET",
            &format!("/en/secretariat/applications/{id}"),
            Some(&staff),
            None,
        )
        .await;
    assert!(
        page.body.contains("Decided by the steering committee"),
        "{}",
        page.body
    );
    let again = app
        .request(
            "POST",
            &path,
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("closes_at", closes.as_str())]),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The committee member sees the ballot.
    let page = app
        .request("GET", loc.split('?').next().unwrap(), Some(&rep), None)
        .await;
    assert!(page.body.contains("class=\"ballot\""), "{}", page.body);
    assert!(page.body.contains("Membership application: Gangneung"));
}

async fn candidates_stand_and_are_elected(app: TestApp) {
    use pumasi_store::entities::gov_election;
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let c = app.csrf(&staff).await;
    let closes = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let open = |cookie: String, csrf: String, seats: &'static str| {
        let app = &app;
        let closes = closes.clone();
        async move {
            app.request(
                "POST",
                "/en/governance/co-chairs/elections",
                Some(&cookie),
                Some(&[
                    ("_csrf", csrf.as_str()),
                    ("election_title", "Co-chairs 2027 <i>x</i>"),
                    ("role", "co_chair"),
                    ("seats", seats),
                    ("candidacies_close_at", closes.as_str()),
                ]),
            )
            .await
        }
    };
    let (rep, seoul) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let rc = app.csrf(&rep).await;
    assert_eq!(
        open(rep.clone(), rc.clone(), "2").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        open(staff.clone(), c.clone(), "zero").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = open(staff.clone(), c.clone(), "2").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.headers["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let slug = page.trim_start_matches("/en/elections/").to_owned();
    // Seoul stands; Bilbao's representative nominates the SSE network; nobody stands for another
    // organisation without representing the one that nominates.
    let (bilbao, bilbao_id) =
        person_of(&app, "rep@bilbao.example", "city-of-bilbao", OrgRole::Admin).await;
    let stand = |cookie: String, org: String, nominee: &'static str, statement: &'static str| {
        let app = &app;
        let page = page.clone();
        async move {
            let csrf = app.csrf(&cookie).await;
            app.request(
                "POST",
                &format!("{page}/stand"),
                Some(&cookie),
                Some(&[
                    ("_csrf", csrf.as_str()),
                    ("organisation", org.as_str()),
                    ("nominee", nominee),
                    ("statement", statement),
                ]),
            )
            .await
        }
    };
    assert_eq!(
        stand(bilbao.clone(), seoul.to_string(), "", "x")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = stand(
        rep.clone(),
        seoul.to_string(),
        "",
        "Seoul <script>alert(1)</script> stands.",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = stand(
        bilbao.clone(),
        bilbao_id.to_string(),
        "seoul-social-economy-network",
        "We nominate the network.",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = stand(rep.clone(), seoul.to_string(), "", "Twice").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let empty = stand(bilbao.clone(), bilbao_id.to_string(), "", "").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only accepted candidacies are public.
    let public = app.request("GET", &page, None, None).await;
    assert!(public.body.contains("No candidate yet."), "{}", public.body);
    let e = pumasi_store::governance::elections::by_slug(db, &slug)
        .await
        .unwrap();
    let cands = pumasi_store::governance::elections::candidacies(db, &e)
        .await
        .unwrap();
    assert_eq!(cands.len(), 2);
    for cand in &cands {
        let r = app
            .request(
                "POST",
                &format!("{page}/review"),
                Some(&staff),
                Some(&[
                    ("_csrf", c.as_str()),
                    ("candidacy", &cand.id.to_string()),
                    ("accept", "1"),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let public = app.request("GET", &page, None, None).await;
    assert!(public.body.contains("nominated by"));
    assert!(!public.body.contains("<script>alert(1)"));
    // The nominating member is named in the reader's language, not by its Spanish base name.
    assert!(
        public.body.contains("nominated by City of Bilbao")
            || public.body.contains("nominated by \u{2068}City of Bilbao"),
        "{}",
        public.body
    );
    assert!(!public.body.contains("Ayuntamiento de Bilbao"));
    // The vote is refused while candidacies are open; once they close it opens with the
    // candidates as options.
    let now = chrono::Utc::now();
    let t = |d: i64| {
        (now + chrono::Duration::hours(d))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let vote = |cookie: String| {
        let app = &app;
        let page = page.clone();
        let (o, cl) = (t(-1), t(24));
        let csrf = c.clone();
        async move {
            app.request(
                "POST",
                &format!("{page}/vote"),
                Some(&cookie),
                Some(&[
                    ("_csrf", csrf.as_str()),
                    ("kind", "up_to"),
                    ("quorum", "1"),
                    ("opens_at", o.as_str()),
                    ("closes_at", cl.as_str()),
                ]),
            )
            .await
        }
    };
    assert_eq!(vote(staff.clone()).await.status, StatusCode::CONFLICT);
    gov_election::Entity::update_many()
        .col_expr(
            gov_election::Column::CandidaciesCloseAt,
            Expr::value(now - chrono::Duration::minutes(1)),
        )
        .filter(gov_election::Column::Slug.eq(slug.as_str()))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(vote(rep.clone()).await.status, StatusCode::FORBIDDEN);
    let r = vote(staff.clone()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let e = pumasi_store::governance::elections::by_slug(db, &slug)
        .await
        .unwrap();
    let m = pumasi_store::governance::motions::by_id(db, e.motion.unwrap())
        .await
        .unwrap();
    assert_eq!(m.options.len(), 2);
    let rc = app.csrf(&rep).await;
    let seoul_s = seoul.to_string();
    let r = app
        .request(
            "POST",
            &format!("/en/motions/{}/vote", m.reference),
            Some(&rep),
            Some(&[
                ("_csrf", rc.as_str()),
                ("acting_for", seoul_s.as_str()),
                ("member", seoul_s.as_str()),
                ("choice", "0"),
                ("choice", "1"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    end_voting(&app, &m.reference).await;
    let result = app
        .request(
            "GET",
            &format!("/en/motions/{}/results", m.reference),
            None,
            None,
        )
        .await;
    assert!(result.body.contains("Elected:"), "{}", result.body);
    let body = app
        .request("GET", "/en/governance/co-chairs", None, None)
        .await;
    assert!(
        body.body.contains(&m.reference),
        "elected mandates link the vote: {}",
        body.body
    );
}

async fn the_secretariat_creates_a_jury(app: TestApp) {
    let staff = app
        .account("staff@example.org", SiteRole::Secretariat)
        .await;
    let (rep, _) = person_of(
        &app,
        "rep@seoul.example",
        "seoul-metropolitan-government",
        OrgRole::Admin,
    )
    .await;
    let post = |cookie: String, fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let csrf = app.csrf(&cookie).await;
            let mut f = vec![("_csrf", csrf.as_str())];
            f.extend(fields);
            app.request("POST", "/en/governance", Some(&cookie), Some(&f))
                .await
        }
    };
    let jury = vec![
        ("name", "Fund jury 2027 <script>alert(1)</script>"),
        ("kind", "committee"),
        ("lang", "en"),
        ("weighting", "one_member"),
        ("max_members", "5"),
    ];
    assert_eq!(
        post(rep.clone(), jury.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = post(
        staff.clone(),
        vec![
            ("name", ""),
            ("kind", "parliament"),
            ("lang", "en"),
            ("max_members", "-1"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"-1\""));
    let r = post(staff.clone(), jury.clone()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.headers["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let page = app.request("GET", &loc, None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains("Committee or jury"));
    // The same name again: a body of its own at the next free address, not an error.
    let again = post(staff.clone(), jury).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let loc2 = again.headers["location"].to_str().unwrap();
    assert!(loc2.starts_with(&format!("{loc}-2")), "{loc} then {loc2}");
}
