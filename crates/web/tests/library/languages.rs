//! A document may be in any language — a Portuguese law, a case study in Cusco Quechua —
//! not only in the interface's four; it is named in the reader's language when known, found
//! by its language, and a code that is no language is refused with the form kept.

use super::{item_form, step};
use crate::TestApp;
use axum::http::{StatusCode, header};
use pumasi_domain::policy::SiteRole;

both!(documents_in_any_language);

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
    let r = app
        .request("POST", "/en/library/new", Some(&sec), Some(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    assert_eq!(
        step(&app, &sec, &slug, "publish").await.status,
        StatusCode::SEE_OTHER
    );
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
