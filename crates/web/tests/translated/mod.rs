//! Governance content in the reader's language: the secretariat translates a motion (title,
//! text, options), a body, a declaration's title, an agenda item, a charter article and the
//! network's name on one page per record; readers see their language or the original with
//! "shown in …"; an amended article's translation is marked for review; nobody else may
//! translate, and bad input comes back with its messages.

use super::TestApp;
use axum::http::StatusCode;
use pumasi_domain::governance::declaration::RawDeclaration;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;
use pumasi_store::governance::{self, charter, declarations};

both!(
    governance_reads_in_the_readers_language,
    only_the_secretariat_translates_and_mistakes_come_back,
    a_motion_written_in_portuguese
);

/// Creates and opens a French "choose one" motion in the general assembly; its reference.
async fn french_motion(app: &TestApp, staff: &str, csrf: &str) -> String {
    app.open_motion(
        staff,
        csrf,
        "fr",
        &[
            ("title", "Choisir la ville du forum 2029 (fictif)"),
            ("text", "L'assemblée choisit la ville hôte."),
            ("kind", "one"),
            ("options", "Lisbonne\nDakar"),
        ],
    )
    .await
}

async fn translate(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> super::Resp {
    let mut form = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    app.request("POST", path, Some(cookie), Some(&form)).await
}

/// If this fails, a Korean reader gets French motions, bodies, declarations, agendas and
/// charter articles even after the secretariat translated them — or is not told when a text
/// is the original shown for lack of a translation.
async fn governance_reads_in_the_readers_language(app: TestApp) {
    let db = &app.state.store.db;
    governance::ensure_standard_bodies(db).await.unwrap();
    let staff = app
        .account("tr-staff@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let reference = french_motion(&app, &staff, &csrf).await;
    let m = governance::motions::by_reference(db, &reference)
        .await
        .unwrap();

    // Before: the Korean page shows the French text, says so, and marks its language.
    let page = format!("/ko/motions/{reference}");
    let r = app.request("GET", &page, None, None).await;
    assert!(
        r.body
            .contains("<h1 lang=\"fr\">Choisir la ville du forum 2029 (fictif)</h1>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("프랑스어로 표시"),
        "a Korean reader is told it is French: {}",
        r.body
    );

    // The translation page lists every field and language with its status.
    let tpath = format!("/ko/governance/translate/motion/{}", m.id);
    let r = app.request("GET", &tpath, Some(&staff), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("name=\"title_ko\""));
    assert!(r.body.contains("name=\"option1_ko\""), "{}", r.body);
    assert!(
        !r.body.contains("name=\"title_fr\""),
        "no field for the original's language"
    );
    assert!(r.body.contains("번역 없음"));
    let r = translate(
        &app,
        &staff,
        &csrf,
        &tpath,
        &[
            ("title_ko", "2029 포럼 개최 도시 선택 (가상)"),
            ("text_ko", "총회는 개최 도시를 선택한다."),
            ("option0_ko", "리스본"),
            ("option1_ko", "다카르"),
            ("title_en", "Choose the 2029 forum city (fictional)"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.request("GET", &page, None, None).await;
    assert!(
        r.body
            .contains("<h1 lang=\"ko\">2029 포럼 개최 도시 선택 (가상)</h1>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("총회는 개최 도시를 선택한다."));
    assert!(r.body.contains("<li>리스본</li>") && r.body.contains("<li>다카르</li>"));
    assert!(!r.body.contains("프랑스어로 표시"));
    // English has the title only: the text is the French original, said so.
    let r = app
        .request("GET", &format!("/en/motions/{reference}"), None, None)
        .await;
    assert!(r.body.contains("Choose the 2029 forum city (fictional)"));
    assert!(r.body.contains("Shown in French"), "{}", r.body);
    // The French original is untouched, and the API keeps the base text.
    let r = app
        .request("GET", &format!("/fr/motions/{reference}"), None, None)
        .await;
    assert!(r.body.contains("Choisir la ville du forum 2029 (fictif)"));
    // The home page's open votes and the search follow.
    let r = app.request("GET", "/ko/", None, None).await;
    assert!(
        r.body.contains("2029 포럼 개최 도시 선택 (가상)"),
        "{}",
        r.body
    );

    // A body.
    let ga = governance::body_by_slug(db, "general-assembly")
        .await
        .unwrap();
    let r = translate(
        &app,
        &staff,
        &csrf,
        &format!("/en/governance/translate/body/{}", ga.id),
        &[("name_ko", "총회 (번역)")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", "/ko/governance/general-assembly", None, None)
        .await;
    assert!(r.body.contains(">총회 (번역)</h1>"), "{}", r.body);
    let r = app.request("GET", "/ko/governance", None, None).await;
    assert!(r.body.contains("lang=\"ko\">총회 (번역)</a>"), "{}", r.body);

    // A declaration's title.
    let d = RawDeclaration {
        title: "Déclaration de Nantes (fictive)".into(),
        lang: "fr".into(),
        text: "Nous agissons.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Nantes".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    declarations::create(db, &d, true, None).await.unwrap();
    let d = declarations::list(db)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.title.starts_with("Déclaration de Nantes"))
        .unwrap();
    let r = translate(
        &app,
        &staff,
        &csrf,
        &format!("/en/governance/translate/declaration/{}", d.id),
        &[("title_es", "Declaración de Nantes (ficticia)")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", &format!("/es/declarations/{}", d.slug), None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"es\">Declaración de Nantes (ficticia)</h1>"),
        "{}",
        r.body
    );
    let r = app.request("GET", "/es/declarations", None, None).await;
    assert!(
        r.body
            .contains("lang=\"es\">Declaración de Nantes (ficticia)</a>"),
        "{}",
        r.body
    );

    // A charter article; an amendment marks its translation for review.
    charter::set_up(
        db,
        &[charter::Article {
            number: 1,
            title: "Name".into(),
            text: "The network is called the Forum.".into(),
        }],
        None,
        "",
        None,
    )
    .await
    .unwrap();
    let (v, _) = charter::current(db).await.unwrap().unwrap();
    let art = pumasi_store::search::governance::article_id(v.id, 1);
    let r = translate(
        &app,
        &staff,
        &csrf,
        &format!("/en/governance/translate/article/{art}"),
        &[
            ("title_fr", "Nom"),
            ("text_fr", "Le réseau s'appelle le Forum."),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.request("GET", "/fr/charter", None, None).await;
    assert!(
        r.body.contains("<span lang=\"fr\">Nom</span>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("Le réseau s&#39;appelle le Forum.")
            || r.body.contains("Le réseau s’appelle le Forum.")
            || r.body.contains("Le réseau s'appelle le Forum."),
        "{}",
        r.body
    );

    // The network's own name.
    let r = translate(
        &app,
        &staff,
        &csrf,
        "/en/governance/translate/network/00000000-0000-0000-0000-000000000000",
        &[("name_ko", "국제사회연대경제협의체 (번역)")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.request("GET", "/ko/charter", None, None).await;
    assert!(
        r.body.contains("국제사회연대경제협의체 (번역)"),
        "{}",
        r.body
    );
    let r = app.request("GET", "/en/charter", None, None).await;
    assert!(!r.body.contains("국제사회연대경제협의체"));
}

/// If this fails, a representative, an anonymous visitor or a translation into the original's
/// language, an unknown field, an over-long text or markup would get through — or the typed
/// translations would be lost with a mistake in one of them.
async fn only_the_secretariat_translates_and_mistakes_come_back(app: TestApp) {
    let db = &app.state.store.db;
    governance::ensure_standard_bodies(db).await.unwrap();
    let staff = app
        .account("tr-staff2@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let reference = french_motion(&app, &staff, &csrf).await;
    let m = governance::motions::by_reference(db, &reference)
        .await
        .unwrap();
    let tpath = format!("/en/governance/translate/motion/{}", m.id);

    // Anonymous: to the login; a member organisation's admin: refused; nothing saved.
    let r = app.request("GET", &tpath, None, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.headers["location"].to_str().unwrap().contains("/login"));
    let (admin, _) = app
        .member("tr-admin@example.org", "city-of-bordeaux", OrgRole::Admin)
        .await;
    let admin_csrf = app.csrf(&admin).await;
    let r = translate(
        &app,
        &admin,
        &admin_csrf,
        &tpath,
        &[("title_ko", "가로채기")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        governance::translations::stored(db, m.id)
            .await
            .unwrap()
            .is_empty(),
        "a representative translated a motion"
    );
    // An unknown record or subject is not found.
    let r = app
        .request(
            "GET",
            &format!("/en/governance/translate/motion/{}", uuid::Uuid::now_v7()),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .request(
            "GET",
            &format!("/en/governance/translate/account/{}", m.id),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // One wrong field: nothing is saved, every typed value comes back, each message at its field.
    let long = "가".repeat(301);
    let r = translate(
        &app,
        &staff,
        &csrf,
        &tpath,
        &[
            ("title_ko", long.as_str()),
            ("text_ko", "총회는 <script>alert(1)</script> 선택한다."),
            ("title_fr", "Un autre titre"),
            ("nonsense_ko", "x"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-title_ko\""), "{}", r.body);
    assert!(
        r.body.contains("href=\"#f-title_fr\""),
        "the summary names the refused field"
    );
    assert!(
        r.body.contains("This is the original&#39;s language")
            || r.body.contains("This is the original’s language")
            || r.body.contains("This is the original's language"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&long), "the typed title comes back");
    assert!(r.body.contains("&#60;script&#62;alert(1)"), "escaped, kept");
    assert!(
        governance::translations::stored(db, m.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Markup in a translation is shown as text to readers.
    let r = translate(
        &app,
        &staff,
        &csrf,
        &tpath,
        &[("title_ko", "<img src=x onerror=alert(1)> 도시 선택")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", &format!("/ko/motions/{reference}"), None, None)
        .await;
    assert!(
        r.body
            .contains("&#60;img src=x onerror=alert(1)&#62; 도시 선택"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<img src=x"));
    // Emptying a field removes the translation: readers see the original again.
    let r = translate(&app, &staff, &csrf, &tpath, &[("title_ko", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request("GET", &format!("/ko/motions/{reference}"), None, None)
        .await;
    assert!(r.body.contains("Choisir la ville du forum 2029 (fictif)"));
}

/// If this fails, a motion written in Portuguese is stored as an interface language, is marked
/// with the wrong language, or cannot be translated into English.
async fn a_motion_written_in_portuguese(app: TestApp) {
    let db = &app.state.store.db;
    governance::ensure_standard_bodies(db).await.unwrap();
    let staff = app
        .account("pt-staff@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let r = app
        .request(
            "GET",
            "/ko/governance/general-assembly/motions/new",
            Some(&staff),
            None,
        )
        .await;
    assert!(
        r.body.contains("<option value=\"pt\">포르투갈어</option>"),
        "{}",
        r.body
    );
    let reference = app
        .open_motion(
            &staff,
            &csrf,
            "pt",
            &[
                ("title", "Aprovar o orçamento de 2029 (fictício)"),
                ("text", "A assembleia aprova o orçamento."),
                ("kind", "yes_no"),
            ],
        )
        .await;
    let m = governance::motions::by_reference(db, &reference)
        .await
        .unwrap();
    let r = app
        .request("GET", &format!("/fr/motions/{reference}"), None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"pt\">Aprovar o orçamento de 2029 (fictício)</h1>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("portugais"), "{}", r.body);
    let tpath = format!("/en/governance/translate/motion/{}", m.id);
    let r = app.request("GET", &tpath, Some(&staff), None).await;
    for l in ["ko", "en", "fr", "es"] {
        assert!(
            r.body.contains(&format!("name=\"title_{l}\"")),
            "{l}: {}",
            r.body
        );
    }
    let r = translate(
        &app,
        &staff,
        &csrf,
        &tpath,
        &[("title_en", "Approve the 2029 budget (fictional)")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", &format!("/en/motions/{reference}"), None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"en\">Approve the 2029 budget (fictional)</h1>"),
        "{}",
        r.body
    );
}
