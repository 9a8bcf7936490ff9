//! The library and search over HTTP: who may see drafts, edit and publish; hostile input
//! (script in markdown, a PDF that is really HTML, an oversized upload, absurd queries); search
//! results that follow edits and unpublishing within the same request cycle and survive the
//! index directory being deleted; downloads, feeds, citations and the CSV export. Every test
//! runs on SQLite and PostgreSQL (`both!`).

use super::{Resp, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;

mod languages;

both!(
    drafts_are_private_and_only_reviewers_publish_first,
    hostile_input_is_refused_or_escaped,
    search_follows_edits_at_once,
    attachments_are_checked_counted_and_served_safely,
    open_formats_and_facets,
    translations_are_tracked_per_field,
    concurrent_downloads_and_publications_count_once,
    deleting_the_index_directory_loses_nothing,
    directory_text_box_uses_the_search_index,
    items_link_sessions_of_their_events,
);

/// An account with `role` in the demo organisation `org`; returns its cookie.
async fn member(app: &TestApp, email: &str, org: &str, role: OrgRole) -> String {
    app.member(email, org, role).await.0
}

fn item_form<'a>(csrf: &'a str, title: &'a str, owner: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("kind", "case_study"),
        ("lang", "fr"),
        ("title", title),
        (
            "summary",
            "Des coopératives d'habitants financées par la ville.",
        ),
        ("body", "Un **texte** sur les coopératives."),
        ("authors", "Jeanne Dupont"),
        ("themes", "t1"),
        ("themes", "t16"),
        ("sdgs", "11"),
        ("languages", "fr"),
        ("country", "FR"),
        ("licence", "cc-by-4.0"),
        ("date", "2024-05"),
        ("owner", owner),
    ]
}

pub(crate) async fn search_ids(app: &TestApp, q: &str, lang: &str) -> Vec<String> {
    let r = app
        .request(
            "GET",
            &format!(
                "/api/v1/search?{}",
                serde_urlencoded::to_string([("q", q), ("lang", lang)]).unwrap()
            ),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap().to_owned())
        .collect()
}

async fn step(app: &TestApp, cookie: &str, slug: &str, s: &str) -> Resp {
    let csrf = app.csrf(cookie).await;
    app.request(
        "POST",
        &format!("/en/library/{slug}/step"),
        Some(cookie),
        Some(&[("_csrf", &csrf), ("step", s)]),
    )
    .await
}

async fn drafts_are_private_and_only_reviewers_publish_first(app: TestApp) {
    let sec = app
        .account("lib-sec@example.org", SiteRole::Secretariat)
        .await;
    let editor = member(
        &app,
        "lib-ed@example.org",
        "city-of-bordeaux",
        OrgRole::Editor,
    )
    .await;
    let other = member(
        &app,
        "lib-other@example.org",
        "seoul-metropolitan-government",
        OrgRole::Editor,
    )
    .await;
    let plain = member(
        &app,
        "lib-member@example.org",
        "city-of-bordeaux",
        OrgRole::Member,
    )
    .await;
    // Anonymous and plain members may not start an item.
    let r = app.request("GET", "/en/library/new", None, None).await;
    assert!(
        matches!(r.status, StatusCode::SEE_OTHER | StatusCode::UNAUTHORIZED),
        "{}",
        r.status
    );
    let r = app
        .request("GET", "/en/library/new", Some(&plain), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An editor cannot file an item under another organisation.
    let csrf = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            "/en/library/new",
            Some(&editor),
            Some(&item_form(
                &csrf,
                "Habitat coopératif à Bordeaux",
                "seoul-metropolitan-government",
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Habitat coopératif à Bordeaux"),
        "typed values kept"
    );
    let r = app
        .request(
            "POST",
            "/en/library/new",
            Some(&editor),
            Some(&item_form(
                &csrf,
                "Habitat coopératif à Bordeaux",
                "city-of-bordeaux",
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = "habitat-cooperatif-a-bordeaux";
    // The draft: its editor and the secretariat see it; nobody else even learns it exists.
    for (who, cookie, want) in [
        ("anonymous", None, StatusCode::NOT_FOUND),
        ("other organisation", Some(&other), StatusCode::NOT_FOUND),
        ("plain member", Some(&plain), StatusCode::NOT_FOUND),
        ("editor", Some(&editor), StatusCode::OK),
        ("secretariat", Some(&sec), StatusCode::OK),
    ] {
        let r = app
            .request(
                "GET",
                &format!("/en/library/{slug}"),
                cookie.map(String::as_str),
                None,
            )
            .await;
        assert_eq!(r.status, want, "{who}");
    }
    let r = app
        .request(
            "GET",
            &format!("/en/library/{slug}/edit"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "another organisation's draft"
    );
    assert!(
        search_ids(&app, "habitat coopératif", "fr")
            .await
            .is_empty()
    );
    assert!(
        !app.request("GET", "/en/library", None, None)
            .await
            .body
            .contains(slug)
    );
    // The editor submits; publishing before a review is refused.
    assert_eq!(
        step(&app, &editor, slug, "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &editor, slug, "publish").await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        step(&app, &other, slug, "publish").await.status,
        StatusCode::NOT_FOUND
    );
    // A bogus step is a clear error, not a 500.
    assert_eq!(
        step(&app, &sec, slug, "explode").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        step(&app, &sec, slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    // Published: public, listed, found — in the same request cycle as the publication.
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("application/ld+json"));
    assert!(
        app.request("GET", "/en/library", None, None)
            .await
            .body
            .contains(slug)
    );
    assert!(search_ids(&app, "habitat coopératif", "fr").await[0].ends_with(slug));
    // After the review, the organisation's editor may take it down and put it back up.
    assert_eq!(
        step(&app, &editor, slug, "unpublish").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.request("GET", &format!("/en/library/{slug}"), None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        search_ids(&app, "habitat coopératif", "fr")
            .await
            .is_empty()
    );
    assert_eq!(
        step(&app, &editor, slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(search_ids(&app, "habitat coopératif", "fr").await.len(), 1);
    // Published once: it cannot be deleted, only unpublished.
    let csrf = app.csrf(&sec).await;
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/delete"),
            Some(&sec),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The work list shows an editor only their organisation's items.
    let r = app
        .request("GET", "/en/library/manage", Some(&other), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains(slug));
    let r = app
        .request("GET", "/en/library/manage", Some(&editor), None)
        .await;
    assert!(r.body.contains(slug));
    // Without the CSRF token nothing happens.
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/step"),
            Some(&sec),
            Some(&[("step", "unpublish")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn hostile_input_is_refused_or_escaped(app: TestApp) {
    let sec = app
        .account("lib-sec2@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let mut f = item_form(&csrf, "<script>alert(1)</script> Coops", "");
    f.retain(|(k, _)| *k != "body");
    f.push((
        "body",
        "Hello <script>alert('x')</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    ));
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = "script-alert-1-script-coops";
    assert_eq!(
        step(&app, &sec, slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    for path in [
        format!("/en/library/{slug}"),
        "/en/library".to_owned(),
        "/en/search?q=coops".to_owned(),
    ] {
        let r = app.request("GET", &path, None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.body.contains("<script>alert"), "{path} runs the script");
        assert!(!r.body.contains("javascript:alert"), "{path}");
        assert!(!r.body.contains("onerror"), "{path}");
    }
    // Wrong types and values: one message per field, typed values kept.
    let bad = [
        ("_csrf", csrf.as_str()),
        ("kind", "pamphlet"),
        ("lang", "xx"),
        ("title", "Kept title"),
        ("themes", "t99"),
        ("sdgs", "eighteen"),
        ("date", "2024-13"),
        ("country", "ZZ"),
        ("url", "javascript:alert(1)"),
        ("organisations", "no-such-organisation"),
    ];
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&bad))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kept title"));
    for field in ["kind", "lang", "themes", "sdgs", "date", "country", "url"] {
        assert!(
            r.body.contains(&format!("href=\"#f-{field}\"")),
            "no message for {field}"
        );
    }
    // Unknown organisations are reported on their field.
    let mut f = item_form(&csrf, "Unknown links", "");
    f.push(("organisations", "no-such-organisation"));
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#f-organisations\""));
    // An oversized title.
    let long = "x".repeat(10_000);
    let r = app
        .request(
            "POST",
            "/en/library/new",
            Some(&sec),
            Some(&item_form(&csrf, &long, "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Queries: huge, only punctuation, unbalanced quotes, control characters.
    let huge = "cooperative ".repeat(834);
    for q in [
        huge.as_str(),
        "!!!???...",
        "\"unbalanced",
        "\"\"\"",
        "\u{0}\u{1}",
        "*:(){}[]^~",
    ] {
        let enc = serde_urlencoded::to_string([("q", q)]).unwrap();
        let r = app
            .request("GET", &format!("/en/search?{enc}"), None, None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "page for {q:.20}");
        let r = app
            .request("GET", &format!("/en/library?{enc}"), None, None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "library for {q:.20}");
        let r = app
            .request("GET", &format!("/api/v1/search?{enc}"), None, None)
            .await;
        let want = if q.chars().count() > 1000 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        assert_eq!(r.status, want, "api for {q:.20}");
    }
    let r = app
        .request("GET", "/en/search?q=%21%21%21", None, None)
        .await;
    assert!(r.body.contains("nothing to search for"));
    // The API names each bad parameter.
    let r = app
        .request(
            "GET",
            "/api/v1/search?q=x&kind=spaceship&page=0&lang=tlh",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    for f in ["kind", "page", "lang"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f} in {}", r.body);
    }
    // Malformed filters on the list page are ignored, not errors.
    let r = app
        .request(
            "GET",
            "/en/library?sdg=99&year=abc&kind=%3Cscript%3E&page=-1",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn search_follows_edits_at_once(app: TestApp) {
    let sec = app
        .account("lib-sec3@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let f = item_form(&csrf, "Monnaies locales en Gironde", "");
    assert_eq!(
        app.request("POST", "/en/library/new", Some(&sec), Some(&f))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let slug = "monnaies-locales-en-gironde";
    assert_eq!(
        step(&app, &sec, slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    let has = |ids: Vec<String>| ids.iter().any(|u| u.ends_with(slug));
    assert!(has(search_ids(&app, "monnaies locales", "en").await));
    // The publishing request applied its change; the background loop, reading the outbox
    // again (with its overlap), does not apply it twice.
    for _ in 0..2 {
        assert_eq!(app.state.search.sync(&app.state.store).await.unwrap(), 0);
    }
    // A Korean translation makes it findable in Korean, with a particle attached.
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/translation"),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("locale", "ko"),
                ("title_ko", "지롱드의 지역화폐"),
                ("summary_ko", "지역화폐는 지역 협동조합을 돕는다."),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(search_ids(&app, "지역화폐를", "ko").await[0].ends_with(slug));
    // Editing the title: the old words no longer find it, the new ones do.
    let (_, raw, _) = pumasi_store::library::raw(&app.state.store.db, slug)
        .await
        .unwrap();
    let it = pumasi_store::library::by_slug(&app.state.store.db, slug, Locale::En)
        .await
        .unwrap();
    let version = it.version.to_string();
    let mut f = item_form(&csrf, "Épargne solidaire en Gironde", "");
    f.retain(|(k, _)| *k != "summary" && *k != "body");
    f.push(("summary", "Une épargne pour les entreprises de l'ESS."));
    f.push(("body", &raw.body));
    f.push(("slug", slug));
    f.push(("version", &version));
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/edit"),
            Some(&sec),
            Some(&f),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!has(search_ids(&app, "monnaies locales", "fr").await));
    assert!(has(search_ids(&app, "épargne solidaire", "fr").await));
    // The same edit again from the old version is a conflict, and the form keeps the text.
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/edit"),
            Some(&sec),
            Some(&f),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Épargne solidaire en Gironde"));
    // The Korean title now needs review (its original changed).
    let r = app
        .request("GET", &format!("/ko/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("지롱드의 지역화폐"));
    let r = app
        .request("GET", "/en/library/translations", Some(&sec), None)
        .await;
    assert!(r.body.contains("needs review"), "translation state shown");
    // Unpublishing removes it from search in the same cycle.
    assert_eq!(
        step(&app, &sec, slug, "unpublish").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(!has(search_ids(&app, "épargne solidaire", "fr").await));
    assert!(!has(search_ids(&app, "지역화폐", "ko").await));
}

fn upload(csrf: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let b = "LiBrArYbOuNdArY";
    let mut body = format!("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn post_upload(app: &TestApp, cookie: &str, slug: &str, name: &str, bytes: &[u8]) -> Resp {
    let csrf = app.csrf(cookie).await;
    let (ct, body) = upload(&csrf, name, bytes);
    app.raw(
        Request::builder()
            .method("POST")
            .uri(format!("/en/library/{slug}/attachments"))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

pub(crate) async fn published(app: &TestApp, cookie: &str, title: &str) -> String {
    let csrf = app.csrf(cookie).await;
    published_with(app, cookie, &item_form(&csrf, title, "")).await
}

/// Creates an item from the fields of its form and publishes it; its address.
pub(crate) async fn published_with(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> String {
    let r = app
        .request("POST", "/en/library/new", Some(cookie), Some(form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r
        .headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    assert_eq!(
        step(app, cookie, &slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    slug
}

async fn attachments_are_checked_counted_and_served_safely(app: TestApp) {
    let sec = app
        .account("lib-sec4@example.org", SiteRole::Secretariat)
        .await;
    let slug = published(&app, &sec, "Rapport annuel").await;
    let other = member(
        &app,
        "lib-o4@example.org",
        "city-of-bordeaux",
        OrgRole::Editor,
    )
    .await;
    // Someone who may not edit it cannot attach.
    let r = post_upload(&app, &other, &slug, "x.pdf", b"%PDF-1.4\n").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A "PDF" that is really HTML.
    let r = post_upload(
        &app,
        &sec,
        &slug,
        "report.pdf",
        b"<html><script>alert(1)</script>",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not accepted"), "{}", r.body);
    // Too large: refused with the form and a message, whatever the name says.
    // 200 MB, four times the limit: the handler stops reading at the limit.
    let big = vec![b'%'; 200 * 1024 * 1024];
    let r = post_upload(&app, &sec, &slug, "big.pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("too large"),
        "{}",
        &r.body[..200.min(r.body.len())]
    );
    // A real PDF with an unpleasant name.
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let r = post_upload(&app, &sec, &slug, "../../rapport 2024.pdf", pdf).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let it = pumasi_store::library::by_slug(&app.state.store.db, &slug, Locale::En)
        .await
        .unwrap();
    assert_eq!(it.attachments.len(), 1);
    let a = &it.attachments[0];
    assert_eq!(a.filename, "rapport 2024.pdf");
    assert_eq!(a.content_type, "application/pdf");
    let url = format!("/en/library/{slug}/files/{}", a.id);
    let r = app.request("GET", &url, None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), pdf);
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    let cd = r
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cd.starts_with("attachment;"), "{cd}");
    assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
    let csp = r
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("sandbox"), "a download is sandboxed: {csp}");
    // Counted; a malformed or foreign id is a 404.
    let it = pumasi_store::library::by_slug(&app.state.store.db, &slug, Locale::En)
        .await
        .unwrap();
    assert_eq!(it.attachments[0].downloads, 1);
    for bad in ["not-a-uuid", "0190c1a2-0000-7000-8000-000000000000"] {
        let r = app
            .request(
                "GET",
                &format!("/en/library/{slug}/files/{bad}"),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    // Unpublished: the file is no longer served to the public.
    assert_eq!(
        step(&app, &sec, &slug, "unpublish").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.request("GET", &url, None, None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn open_formats_and_facets(app: TestApp) {
    let sec = app
        .account("lib-sec5@example.org", SiteRole::Secretariat)
        .await;
    let a = published(&app, &sec, "Coopératives & \"habitat\" <2024>").await;
    let b = published(&app, &sec, "Second item").await;
    let r = app
        .request("GET", "/en/library/feed.atom", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert!(
        r.body
            .contains("Coopératives &amp; &quot;habitat&quot; &lt;2024&gt;")
    );
    assert_eq!(r.body.matches("<entry>").count(), 2);
    let r = app
        .request("GET", "/en/library/feed.atom?theme=t16", None, None)
        .await;
    assert_eq!(r.body.matches("<entry>").count(), 2);
    let r = app
        .request("GET", "/en/library/feed.atom?theme=t3", None, None)
        .await;
    assert_eq!(r.body.matches("<entry>").count(), 0);
    let r = app
        .request("GET", &format!("/en/library/{a}/cite.bib"), None, None)
        .await;
    assert!(r.body.starts_with("@techreport{"), "{}", r.body);
    assert!(
        r.body.contains("Coopératives \\& \"habitat\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("year = {2024}"));
    let r = app
        .request("GET", &format!("/en/library/{a}/cite.ris"), None, None)
        .await;
    assert!(r.body.starts_with("TY  - RPRT\r\n"));
    assert!(r.body.contains("PY  - 2024\r\n"));
    assert!(r.body.trim_end().ends_with("ER  -"));
    // Facets: SDG 11 has both; choosing SDG 1 gives none; counts shown per value.
    let r = app.request("GET", "/en/library?sdg=11", None, None).await;
    assert!(r.body.contains(&a) && r.body.contains(&b));
    assert!(r.body.contains("2 items"));
    let r = app.request("GET", "/en/library?sdg=1", None, None).await;
    assert!(r.body.contains("0 items"), "no item has SDG 1");
    // The region facet follows the country (France → Europe).
    let r = app
        .request("GET", "/en/library?region=EU", None, None)
        .await;
    assert!(r.body.contains("2 items"), "both items are French");
    let r = app
        .request("GET", "/en/library?region=AF", None, None)
        .await;
    assert!(r.body.contains("0 items"));
    let r = app.request("GET", "/en/library?q=second", None, None).await;
    assert!(r.body.contains(&b) && !r.body.contains(&format!("/en/library/{a}\"")));
    // The search API narrows by the same facets; a wrong value is named.
    let r = app
        .request(
            "GET",
            "/api/v1/search?q=second&sdg=11&theme=t16&country=fr&year=2024",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&b), "{}", r.body);
    let r = app
        .request("GET", "/api/v1/search?q=second&sdg=1", None, None)
        .await;
    assert!(r.body.contains("\"total\":0"), "{}", r.body);
    let r = app
        .request(
            "GET",
            "/api/v1/search?q=second&sdg=18&theme=t0&country=ZZ&year=x",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["sdg", "theme", "country", "year"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f} in {}", r.body);
    }
    let r = app
        .request("GET", "/en/search?q=second&sdg=1", None, None)
        .await;
    assert!(
        r.body.contains("Nothing found"),
        "the page applies the filter"
    );
    // CSV: every match, formula-safe.
    let r = app
        .request("GET", "/en/library/library.csv?sdg=11", None, None)
        .await;
    assert_eq!(r.body.lines().count(), 3, "{}", r.body);
    // JSON-LD cannot break out of its script element.
    let r = app
        .request("GET", &format!("/en/library/{a}"), None, None)
        .await;
    assert!(r.body.contains("\\u003c2024\\u003e"));
    assert!(r.body.contains("\"@type\":\"Report\""));
    // Related items: the other one shares its themes and SDG.
    assert!(r.body.contains("Related items"));
    assert!(r.body.contains(&format!("href=\"/en/library/{b}\"")));
}

async fn translations_are_tracked_per_field(app: TestApp) {
    let sec = app
        .account("lib-sec6@example.org", SiteRole::Secretariat)
        .await;
    let slug = published(&app, &sec, "Finances solidaires").await;
    let csrf = app.csrf(&sec).await;
    // The base language cannot be "translated"; hostile text is refused per field.
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/translation"),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("locale", "fr"),
                ("title_fr", "X"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = "y".repeat(400);
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/translation"),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("locale", "en"),
                ("title_en", &long),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&long), "the typed translation comes back");
    // English readers get the French original, marked, until a translation exists.
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("Shown in French"));
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/translation"),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("locale", "en"),
                ("title_en", "Solidarity finance"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("<h1 lang=\"en\">Solidarity finance</h1>"));
    // Status page: English title translated, summary missing; Spanish all missing.
    let rows = pumasi_store::library::translation_status(&app.state.store.db, None)
        .await
        .unwrap();
    let row = rows.iter().find(|r| r.slug == slug).unwrap();
    use pumasi_store::library::FieldState as S;
    let en = &row
        .locales
        .iter()
        .find(|(l, _, _)| *l == Locale::En)
        .unwrap()
        .1;
    assert_eq!(en[0], ("title", S::Translated));
    assert_eq!(en[1], ("summary", S::Missing));
    // Asking someone: an unknown email is a field error; a known one is shown.
    let r = app
        .request(
            "POST",
            "/en/library/translations",
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("item", &row.id.to_string()),
                ("locale", "es"),
                ("email", "nobody@example.org"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            "POST",
            "/en/library/translations",
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("item", &row.id.to_string()),
                ("locale", "es"),
                ("email", "lib-sec6@example.org"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .request("GET", "/en/library/translations", Some(&sec), None)
        .await;
    assert!(r.body.contains("asked: Tester"), "{}", r.body);
    // Only reviewers assign; readers may not see the page at all.
    let editor = member(
        &app,
        "lib-e6@example.org",
        "city-of-bordeaux",
        OrgRole::Editor,
    )
    .await;
    let ec = app.csrf(&editor).await;
    let r = app
        .request(
            "POST",
            "/en/library/translations",
            Some(&editor),
            Some(&[
                ("_csrf", ec.as_str()),
                ("item", &row.id.to_string()),
                ("locale", "es"),
                ("email", ""),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let plain = app.account("lib-p6@example.org", SiteRole::Person).await;
    assert_eq!(
        app.request("GET", "/en/library/translations", Some(&plain), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

async fn concurrent_downloads_and_publications_count_once(app: TestApp) {
    let sec = app
        .account("lib-sec7@example.org", SiteRole::Secretariat)
        .await;
    let slug = published(&app, &sec, "Compter les téléchargements").await;
    let pdf = b"%PDF-1.4\n%%EOF\n";
    assert_eq!(
        post_upload(&app, &sec, &slug, "a.pdf", pdf).await.status,
        StatusCode::SEE_OTHER
    );
    let it = pumasi_store::library::by_slug(&app.state.store.db, &slug, Locale::En)
        .await
        .unwrap();
    let url = format!("/en/library/{slug}/files/{}", it.attachments[0].id);
    let n = 40;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (state, url, barrier) = (app.state.clone(), url.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            use tower::ServiceExt;
            pumasi_web::router(state)
                .oneshot(Request::builder().uri(url).body(Body::empty()).unwrap())
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let it = pumasi_store::library::by_slug(&app.state.store.db, &slug, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        it.attachments[0].downloads, n as i64,
        "every download counted once"
    );
    // Twenty reviewers unpublish at once: exactly one succeeds.
    let mut tasks = Vec::new();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    for _ in 0..20 {
        let (store, barrier, id) = (app.state.store.clone(), barrier.clone(), it.id);
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let txn = store.begin_write().await?;
            let r = pumasi_store::library::step(
                &txn,
                id,
                pumasi_domain::library::Step::Unpublish,
                pumasi_domain::library::Editor::Reviewer,
                None,
            )
            .await;
            if r.is_ok() {
                txn.commit().await.map_err(pumasi_store::StoreError::Db)?;
            }
            r
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(pumasi_store::StoreError::Conflict(_)) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
}

async fn deleting_the_index_directory_loses_nothing(app: TestApp) {
    let sec = app
        .account("lib-sec8@example.org", SiteRole::Secretariat)
        .await;
    published(&app, &sec, "Coopératives scolaires en Aquitaine").await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = pumasi_web::WebConfig {
        data_dir: Some(dir.path().to_owned()),
        ..(*app.state.config).clone()
    };
    let queries = [
        "coopératives",
        "Seoul",
        "협동조합",
        "\"social economy\"",
        "cooperatves",
    ];
    let run = |st: &pumasi_web::AppState| {
        queries
            .iter()
            .map(|q| {
                st.search
                    .index()
                    .search(
                        q,
                        &pumasi_search::index::Options {
                            limit: 50,
                            ..Default::default()
                        },
                    )
                    .unwrap()
                    .into_iter()
                    .map(|h| h.id)
                    // Equal scores may come in another order from another segment layout.
                    .collect::<std::collections::BTreeSet<_>>()
            })
            .collect::<Vec<_>>()
    };
    let first = pumasi_web::AppState::new(app.state.store.clone(), cfg.clone())
        .await
        .unwrap();
    let before = run(&first);
    assert!(before.iter().all(|ids| !ids.is_empty()), "{before:?}");
    assert_eq!(
        before,
        run(&app.state),
        "a directory index equals the in-memory one"
    );
    drop(first);
    // Opened again: caught up from its saved position, same answers.
    let again = pumasi_web::AppState::new(app.state.store.clone(), cfg.clone())
        .await
        .unwrap();
    assert_eq!(run(&again), before);
    drop(again);
    std::fs::remove_dir_all(dir.path().join("search")).unwrap();
    let rebuilt = pumasi_web::AppState::new(app.state.store.clone(), cfg.clone())
        .await
        .unwrap();
    assert_eq!(run(&rebuilt), before, "rebuilt from the database");
    drop(rebuilt);
    // An index of another schema version is rebuilt, not read.
    std::fs::write(dir.path().join("search/pumasi-schema-version"), "1").unwrap();
    let migrated = pumasi_web::AppState::new(app.state.store.clone(), cfg)
        .await
        .unwrap();
    assert_eq!(run(&migrated), before);
}

async fn directory_text_box_uses_the_search_index(app: TestApp) {
    // A Korean noun with its particle finds the Korean name; a name typed without accents,
    // or with a typo, finds the accented one.
    for (path, want) in [
        (
            "/ko/members?q=%EC%84%9C%EC%9A%B8%EC%9D%98",
            "/ko/members/seoul-metropolitan-government",
        ),
        ("/fr/members?q=montreal", "/fr/members/city-of-montreal"),
        ("/en/members?q=bordeuax", "/en/members/city-of-bordeaux"),
    ] {
        let r = app.request("GET", path, None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(want), "{path} does not list {want}");
    }
    // Applicants are not in the index: the secretariat's text filter on them still works.
    let sec = app
        .account("dir-sec@example.org", SiteRole::Secretariat)
        .await;
    let db = &app.state.store.db;
    let applicant = pumasi_store::members::list(
        db,
        &pumasi_store::members::Filter {
            statuses: vec![pumasi_domain::members::MemberStatus::Applicant],
            ..Default::default()
        },
        pumasi_store::members::Sort::Name,
        Locale::En,
        0,
        1,
    )
    .await
    .unwrap();
    if let Some(o) = applicant.items.first() {
        let word: String = o.name.text.split_whitespace().next().unwrap().to_owned();
        let path = format!(
            "/en/members?status=applicant&{}",
            serde_urlencoded::to_string([("q", word.as_str())]).unwrap()
        );
        let r = app.request("GET", &path, Some(&sec), None).await;
        assert!(r.body.contains(&o.slug), "{path}");
    }
}

async fn items_link_sessions_of_their_events(app: TestApp) {
    use crate::events::{add_session, create_event, raw_event, raw_session};
    let sec = app
        .account("lib-sec9@example.org", SiteRole::Secretariat)
        .await;
    let ev = create_event(&app, &raw_event("lib-forum", "Library Forum", "")).await;
    let other = create_event(&app, &raw_event("lib-other", "Other Forum", "")).await;
    let s1 = add_session(
        &app,
        ev,
        &raw_session(
            "Local currencies workshop",
            "2027-05-11T10:00",
            "2027-05-11T11:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let s2 = add_session(
        &app,
        other,
        &raw_session(
            "Elsewhere",
            "2027-05-11T10:00",
            "2027-05-11T11:00",
            None,
            "",
        ),
        &[],
    )
    .await;
    let csrf = app.csrf(&sec).await;
    let (s1, s2) = (s1.to_string(), s2.to_string());
    // A session of an event the item is not linked to is refused on its field.
    let mut f = item_form(&csrf, "Notes from the workshop", "");
    f.push(("events", "lib-forum"));
    f.push(("sessions", &s2));
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#f-sessions\""), "{}", r.body);
    // The form lists the linked event's sessions to tick.
    assert!(r.body.contains("Local currencies workshop"));
    let mut f = item_form(&csrf, "Notes from the workshop", "");
    f.push(("events", "lib-forum"));
    f.push(("sessions", &s1));
    f.push(("sessions", "not-a-uuid"));
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a malformed id");
    f.pop();
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&f))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        step(&app, &sec, "notes-from-the-workshop", "publish")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let r = app
        .request("GET", "/en/library/notes-from-the-workshop", None, None)
        .await;
    assert!(
        r.body
            .contains(&format!("/en/events/lib-forum/sessions/{s1}"))
    );
    assert!(r.body.contains("Local currencies workshop"));
}
