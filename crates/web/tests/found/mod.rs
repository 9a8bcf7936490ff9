//! Governance content and public speakers are found through the one search: bodies, motions
//! once opened, decisions, adopted declarations, the charter's articles, and the speakers of
//! the programme — and never a draft motion, a draft declaration, or a speaker nobody scheduled.

use super::TestApp;
use crate::events::{add_session, create_event, raw_event, raw_session};
use axum::http::StatusCode;
use pumasi_domain::events::SpeakerRole;
use pumasi_domain::governance::declaration::RawDeclaration;
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_store::events::programme::{self, NewSpeaker};
use pumasi_store::governance::{self, charter, declarations, meetings};

both!(
    governance_is_found_drafts_are_not,
    speakers_are_found_once_scheduled,
    suspended_members_are_not_found,
    records_that_name_each_other_link_each_other,
);

/// The URLs of the API's hits for `q` read in `lang`, once the index has caught up.
async fn found(app: &TestApp, q: &str, lang: &str) -> Vec<String> {
    app.state.search_sync().await;
    crate::library::search_ids(app, q, lang).await
}

/// If this fails, people cannot find a motion, a decision, a declaration or the charter
/// article they remember a word of — or the public finds a draft the secretariat has not
/// opened or adopted.
async fn governance_is_found_drafts_are_not(app: TestApp) {
    let db = &app.state.store.db;
    governance::ensure_standard_bodies(db).await.unwrap();
    let staff = app
        .account("found-gov@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let reference = app
        .draft_motion(
            &staff,
            &csrf,
            "fr",
            &[
                (
                    "title",
                    "Budget participatif zyglophonique (fictif) <b>vite</b>",
                ),
                ("text", "L'assemblée adopte le budget des quartiers."),
            ],
        )
        .await;
    assert!(
        found(&app, "zyglophonique", "fr").await.is_empty(),
        "a draft motion is found"
    );
    let r = app
        .request(
            "POST",
            &format!("/fr/motions/{reference}/open"),
            Some(&staff),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hits = found(&app, "zyglophonique", "fr").await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].ends_with(&format!("/fr/motions/{reference}")),
        "{hits:?}"
    );
    // Its text too, with French elision and in the search page, escaped.
    assert_eq!(
        found(&app, "assemblée adopte budget quartiers", "fr")
            .await
            .len(),
        1
    );
    let page = app
        .request("GET", "/fr/search?q=zyglophonique", None, None)
        .await;
    assert!(
        page.body.contains("&#60;b&#62;vite&#60;/b&#62;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<b>vite</b>"));
    assert!(page.body.contains("Motions"));

    // A declaration: found by its adopted text, in its translation too; a draft is not.
    let adopted = RawDeclaration {
        title: "Déclaration de Quimper (fictive)".into(),
        lang: "fr".into(),
        text: "Nous promouvons les monnaies locales quetzalcoatliennes.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Quimper".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    declarations::create(db, &adopted, true, None)
        .await
        .unwrap();
    let draft = RawDeclaration {
        title: "Projet de déclaration (fictif)".into(),
        lang: "fr".into(),
        text: "Un brouillon xylographique.".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    declarations::create(db, &draft, true, None).await.unwrap();
    let hits = found(&app, "quetzalcoatliennes", "fr").await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].contains("/fr/declarations/"), "{hits:?}");
    assert!(
        found(&app, "xylographique", "fr").await.is_empty(),
        "a draft is found"
    );
    let d = declarations::by_slug(db, hits[0].rsplit('/').next().unwrap())
        .await
        .unwrap();
    let v = declarations::versions(db, d.id).await.unwrap();
    declarations::translate(
        db,
        v[0].id,
        Locale::Ko,
        "우리는 지역화폐 켓살코아틀을 장려합니다.",
    )
    .await
    .unwrap();
    let hits = found(&app, "켓살코아틀", "ko").await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].contains("/ko/declarations/"));

    // A decision of the steering committee.
    let sc = governance::body_by_slug(db, "steering-committee")
        .await
        .unwrap();
    meetings::decide(
        db,
        &sc,
        &meetings::NewDecision {
            title: "Fonds de solidarité tlaxcaltèque (fictif)".into(),
            text: "Le comité crée le fonds.".into(),
            ..meetings::NewDecision::default()
        },
        chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        None,
    )
    .await
    .unwrap();
    let hits = found(&app, "tlaxcaltèque", "fr").await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].contains("/fr/decisions?q="), "{hits:?}");

    // The charter's articles, each leading to its place in the charter.
    charter::set_up(
        db,
        &[
            charter::Article {
                number: 1,
                title: "Name".into(),
                text: "The network is called the Global Forum.".into(),
            },
            charter::Article {
                number: 7,
                title: "Dissolution".into(),
                text: "Dissolution needs a two-thirds majority of quokkanian members.".into(),
            },
        ],
        None,
        "",
        None,
    )
    .await
    .unwrap();
    let hits = found(&app, "quokkanian", "en").await;
    assert_eq!(
        hits,
        [format!(
            "{}/en/charter#article-7",
            app.state.config.base_url
        )]
    );

    // A body by its name.
    let hits = found(&app, "steering committee", "en").await;
    assert!(
        hits.iter()
            .any(|h| h.ends_with("/en/governance/steering-committee")),
        "{hits:?}"
    );
}

/// If this fails, a speaker cannot be found by name or biography, a biography translated into
/// Korean is not found in Korean, or a speaker set up but not yet in the programme is shown.
async fn speakers_are_found_once_scheduled(app: TestApp) {
    let id = create_event(&app, &raw_event("talks-2027", "Talks forum", "")).await;
    let txn = app.state.store.begin_write().await.unwrap();
    let ana = programme::add_speaker(
        &txn,
        id,
        &NewSpeaker {
            code: "ana".into(),
            name: "Ana Quarrington (fictional)".into(),
            organisation_name: "Cooperativa Exemplo (fictional)".into(),
            bio: "Ana builds platform co-operatives for couriers.".into(),
            lang: Some(Locale::En.into()),
            translations: vec![(
                Locale::Ko,
                "아나는 배달 노동자 플랫폼협동조합을 만듭니다.".into(),
            )],
            ..NewSpeaker::default()
        },
    )
    .await
    .unwrap();
    programme::add_speaker(
        &txn,
        id,
        &NewSpeaker {
            code: "later".into(),
            name: "Bartholomew Unscheduled (fictional)".into(),
            ..NewSpeaker::default()
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let session = add_session(
        &app,
        id,
        &raw_session("Couriers", "2027-05-11T09:00", "2027-05-11T10:00", None, ""),
        &[(ana, SpeakerRole::Speaker)],
    )
    .await;
    let hits = found(&app, "Quarrington", "en").await;
    let expected = format!("/en/events/talks-2027/sessions/{session}");
    assert!(hits.iter().any(|h| h.ends_with(&expected)), "{hits:?}");
    let hits = found(&app, "배달 노동자", "ko").await;
    assert!(
        hits.iter()
            .any(|h| h.contains("/ko/events/talks-2027/sessions/")),
        "{hits:?}"
    );
    assert!(
        found(&app, "Bartholomew Unscheduled", "en")
            .await
            .is_empty(),
        "a speaker in no session is found"
    );
    let page = app
        .request("GET", "/en/search?q=Quarrington", None, None)
        .await;
    assert!(page.body.contains("Speakers"), "{}", page.body);
    assert!(page.body.contains("Cooperativa Exemplo"));
}

/// If this fails, the public finds through search an organisation the directory no longer
/// lists to them: a suspended or disqualified member.
async fn suspended_members_are_not_found(app: TestApp) {
    use pumasi_domain::members::MemberStatus;
    let db = &app.state.store.db;
    let o = pumasi_store::members::by_slug(db, "city-of-bordeaux", Locale::En)
        .await
        .unwrap();
    let bordeaux = |hits: &[String]| {
        hits.iter()
            .any(|h| h.ends_with("/members/city-of-bordeaux"))
    };
    assert!(bordeaux(&found(&app, "Bordeaux", "en").await));
    for to in [MemberStatus::Suspended, MemberStatus::Disqualified] {
        pumasi_store::members::change_status(db, o.id, to, None, "", "")
            .await
            .unwrap();
        assert!(
            !bordeaux(&found(&app, "Bordeaux", "en").await),
            "a {} member is found",
            to.code()
        );
        if to == MemberStatus::Suspended {
            pumasi_store::members::change_status(db, o.id, MemberStatus::Member, None, "", "")
                .await
                .unwrap();
            assert!(
                bordeaux(&found(&app, "Bordeaux", "en").await),
                "reinstated, found again"
            );
        }
    }
}

/// If this fails, a report that names a declaration and a forum does not lead to them, or they
/// do not lead back to it — or a draft that names them is shown to the public.
async fn records_that_name_each_other_link_each_other(app: TestApp) {
    use axum::http::header;
    let db = &app.state.store.db;
    let decl = RawDeclaration {
        title: "Déclaration de Quimper 2026 (fictive)".into(),
        lang: "fr".into(),
        text: "Nous nous engageons pour les communs.".into(),
        adopted_on: "2026-10-01".into(),
        adopted_city: "Quimper".into(),
        ..RawDeclaration::default()
    }
    .validate()
    .unwrap();
    declarations::create(db, &decl, true, None).await.unwrap();
    let d = declarations::list(db)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.title.starts_with("Déclaration de Quimper"))
        .unwrap();
    create_event(
        &app,
        &raw_event("quimper-2027", "Quimper commons forum 2027", ""),
    )
    .await;
    let sec = app
        .account("found-lib@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let body = "This report reads the Déclaration de Quimper 2026 (fictive) ahead of the Quimper commons forum 2027.";
    let new_item = |title: &'static str| {
        let mut f = vec![
            ("_csrf", csrf.clone()),
            ("kind", "case_study".to_owned()),
            ("lang", "en".to_owned()),
            ("title", title.to_owned()),
            ("body", body.to_owned()),
            ("languages", "en".to_owned()),
            ("licence", "cc-by-4.0".to_owned()),
        ];
        f.retain(|(_, v)| !v.is_empty());
        f
    };
    let post = |f: Vec<(&'static str, String)>| {
        let app = &app;
        let sec = sec.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.request("POST", "/en/library/new", Some(&sec), Some(&pairs))
                .await
        }
    };
    let r = post(new_item("Commons report (fictional)")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/step"),
            Some(&sec),
            Some(&[("_csrf", csrf.as_str()), ("step", "publish")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A draft naming them too: never listed to the public.
    let r = post(new_item("Draft commons notes (fictional)")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.state.search_sync().await;

    // The report leads to what it names.
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    let mentions = &r.body[r.body.find("id=\"mentions\"").expect("a mentions section")..];
    assert!(
        mentions.contains(&format!("/en/declarations/{}\"", d.slug)),
        "{mentions}"
    );
    assert!(mentions.contains("/en/events/quimper-2027\""), "{mentions}");
    // They lead back to it, and not to the draft.
    for page in [
        format!("/en/declarations/{}", d.slug),
        "/en/events/quimper-2027".to_owned(),
    ] {
        let r = app.request("GET", &page, None, None).await;
        let at = r
            .body
            .find("id=\"mentions\"")
            .unwrap_or_else(|| panic!("{page}: {}", r.body));
        let mentions = &r.body[at..];
        assert!(
            mentions.contains(&format!("/en/library/{slug}\"")),
            "{page}: {mentions}"
        );
        assert!(
            !r.body.contains("Draft commons notes"),
            "{page} lists a draft"
        );
    }
}
