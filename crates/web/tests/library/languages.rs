//! A document may be in any language — a Portuguese law, a case study in Cusco Quechua —
//! not only in the interface's four; it is named in the reader's language when known, found
//! by its language, and a code that is no language is refused with the form kept.

use super::{item_form, published_with, search_ids};
use crate::TestApp;
use axum::http::StatusCode;
use pumasi_domain::policy::SiteRole;

both!(documents_in_any_language, written_in_any_language);

/// If this fails, a Portuguese law cannot be recorded as Portuguese, is not found under
/// Portuguese, or a made-up code is stored as a language.
async fn documents_in_any_language(app: TestApp) {
    let sec = app
        .account("lib-lang@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let mut form: Vec<(&str, &str)> = item_form(&csrf, "Lei de Bases da Economia Social", "")
        .into_iter()
        .filter(|(k, _)| *k != "languages")
        .collect();
    form.extend([("languages", "pt"), ("languages_other", "quz")]);
    let slug = published_with(&app, &sec, &form).await;
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("Portuguese, quz"), "{}", r.body);
    let r = app
        .request("GET", &format!("/ko/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("포르투갈어, quz"));
    let r = app
        .request("GET", "/en/library?language=pt", None, None)
        .await;
    assert!(
        r.body.contains(&format!("/en/library/{slug}\"")),
        "{}",
        r.body
    );
    let r = app
        .request("GET", "/en/library?language=quz", None, None)
        .await;
    assert!(r.body.contains(&format!("/en/library/{slug}\"")));
    // The edit form ticks Portuguese and keeps the other code typed.
    let r = app
        .request("GET", &format!("/en/library/{slug}/edit"), Some(&sec), None)
        .await;
    assert!(r.body.contains("value=\"pt\" checked"), "{}", r.body);
    assert!(r.body.contains("name=\"languages_other\" value=\"quz\""));

    // A code that is no ISO 639 language: refused, the form comes back as typed.
    let mut bad: Vec<(&str, &str)> = item_form(&csrf, "Título guardado", "")
        .into_iter()
        .filter(|(k, _)| *k != "languages")
        .collect();
    bad.push(("languages_other", "xx, <script>"));
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&bad))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Título guardado"));
    assert!(r.body.contains("xx, &#60;script&#62;"), "{}", r.body);
    assert!(!r.body.contains("<script>"));
}

/// If this fails, a Portuguese law's title is marked (and read aloud, and hyphenated) as one
/// of the interface's languages, cannot be translated into all four, a Japanese case study is
/// not found by its words, or a base language that is no language is stored.
async fn written_in_any_language(app: TestApp) {
    let sec = app
        .account("lib-base@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    // The base-language choice offers languages beyond the four, named in the reader's language.
    let r = app
        .request("GET", "/fr/library/new", Some(&sec), None)
        .await;
    assert!(
        r.body.contains("<option value=\"pt\">portugais</option>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<option value=\"ja\">japonais</option>"));

    let mut law: Vec<(&str, &str)> = item_form(&csrf, "Lei de Bases da Economia Social", "")
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "lang" | "summary"))
        .collect();
    law.extend([
        ("lang", "pt"),
        (
            "summary",
            "Estabelece as bases gerais do regime jurídico da economia social.",
        ),
    ]);
    let slug = published_with(&app, &sec, &law).await;
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"pt\">Lei de Bases da Economia Social</h1>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Shown in Portuguese: no translation yet."));
    let r = app
        .request("GET", &format!("/ko/library/{slug}"), None, None)
        .await;
    assert!(r.body.contains("포르투갈어"), "{}", r.body);
    // Every interface language, English included, is offered as a translation.
    let r = app
        .request("GET", &format!("/en/library/{slug}/edit"), Some(&sec), None)
        .await;
    assert!(
        r.body.contains("<option value=\"pt\" selected>"),
        "{}",
        r.body
    );
    for l in ["ko", "en", "fr", "es"] {
        assert!(
            r.body.contains(&format!("name=\"title_{l}\"")),
            "no {l} translation field"
        );
    }
    let r = app
        .request(
            "POST",
            &format!("/en/library/{slug}/translation"),
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("locale", "en"),
                ("title_en", "Framework Law on the Social Economy"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", &format!("/en/library/{slug}"), None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"en\">Framework Law on the Social Economy</h1>"),
        "{}",
        r.body
    );
    let r = app
        .request("GET", &format!("/es/library/{slug}"), None, None)
        .await;
    assert!(
        r.body.contains("<h1 lang=\"pt\">Lei de Bases"),
        "{}",
        r.body
    );
    assert!(r.body.contains("portugués"), "{}", r.body);
    // Found by its own words and by its translation.
    let has = |ids: Vec<String>| ids.iter().any(|u| u.ends_with(&slug));
    assert!(has(search_ids(&app, "jurídico", "en").await));
    assert!(has(search_ids(&app, "framework law", "en").await));

    // A Japanese case study: its title is found by the words in it.
    let mut jp: Vec<(&str, &str)> = item_form(&csrf, "生活協同組合の地域づくり事例", "")
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "lang" | "languages"))
        .collect();
    jp.extend([("lang", "ja"), ("languages", "ja")]);
    let jslug = published_with(&app, &sec, &jp).await;
    assert!(
        search_ids(&app, "協同組合", "ko")
            .await
            .iter()
            .any(|u| u.ends_with(&jslug)),
        "the Japanese title is not found"
    );
    let r = app
        .request("GET", &format!("/fr/library/{jslug}"), None, None)
        .await;
    assert!(r.body.contains("<h1 lang=\"ja\">"), "{}", r.body);
    assert!(r.body.contains("japonais"));

    // A base language that is no language: refused, the form comes back as typed.
    for bad_lang in ["xx", "<script>", "português"] {
        let mut bad: Vec<(&str, &str)> = item_form(&csrf, "Título guardado", "")
            .into_iter()
            .filter(|(k, _)| *k != "lang")
            .collect();
        bad.push(("lang", bad_lang));
        let r = app
            .request("POST", "/en/library/new", Some(&sec), Some(&bad))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("Título guardado"));
        assert!(!r.body.contains("<script>"));
    }
}
