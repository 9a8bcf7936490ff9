//! An event may be written in any language — a Japanese seminar, a forum in Portuguese — and
//! is marked as such, named in the reader's language and translatable into all four.

use super::{raw_event, raw_pairs};
use crate::TestApp;
use axum::http::StatusCode;
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_store::events::{self, registration, registration::NewType};

both!(events_written_in_any_language);

/// If this fails, a Portuguese event is stored as one of the interface's languages, its title
/// is marked with the wrong language, or a base language that is no language is stored.
async fn events_written_in_any_language(app: TestApp) {
    let sec = app
        .account("ev-lang@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&sec).await;
    let r = app.request("GET", "/es/events/new", Some(&sec), None).await;
    assert!(
        r.body.contains("<option value=\"pt\">portugués</option>"),
        "{}",
        r.body
    );
    let mut raw = raw_event(
        "encontro-2027",
        "Encontro Nacional da Economia Solidária",
        "",
    );
    raw.lang = "pt".into();
    let mut form: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
    form.extend(raw_pairs(&raw));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app
        .request("POST", "/en/events/new", Some(&sec), Some(&pairs))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let e = events::by_slug(&app.state.store.db, "encontro-2027", Locale::Fr)
        .await
        .unwrap();
    assert_eq!(e.base_lang.code(), "pt");
    assert!(e.title.fallback, "no French translation yet");
    let r = app
        .request("GET", "/fr/events/encontro-2027", None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"pt\">Encontro Nacional da Economia Solidária</h1>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("portugais"), "{}", r.body);
    // The edit form keeps Portuguese chosen.
    let r = app
        .request("GET", "/en/events/encontro-2027/edit", Some(&sec), None)
        .await;
    assert!(
        r.body.contains("<option value=\"pt\" selected>"),
        "{}",
        r.body
    );
    // Translated into English — the event's title and a registration type's name — although
    // English is no interface language of the original's.
    let r = app
        .request(
            "POST",
            "/en/events/encontro-2027/setup/translation",
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("field", "title"),
                ("lang", "en"),
                ("text", "National Meeting of the Solidarity Economy"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let txn = app.state.store.begin_write().await.unwrap();
    let ty = registration::add_type(
        &txn,
        e.id,
        &NewType {
            code: "participante".into(),
            name: "Participante".into(),
            fee_minor: 0,
            currency: "EUR".into(),
            members_only: false,
            requires_code: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let item = format!("{ty}:name");
    let r = app
        .request(
            "POST",
            "/en/events/encontro-2027/setup/item-translation",
            Some(&sec),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("item", item.as_str()),
                ("lang", "en"),
                ("text", "Participant"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", "/en/events/encontro-2027", None, None)
        .await;
    assert!(
        r.body
            .contains("<h1 lang=\"en\">National Meeting of the Solidarity Economy</h1>"),
        "{}",
        r.body
    );
    let r = app
        .request("GET", "/en/events/encontro-2027/register", None, None)
        .await;
    assert!(
        r.body.contains("Participant") && !r.body.contains("Participante"),
        "{}",
        r.body
    );

    // A base language that is no language: the form comes back with what was typed.
    for bad in ["zz", "<b>pt</b>", ""] {
        let mut raw = raw_event("bad-lang-2027", "Rencontre gardée", "");
        raw.lang = bad.into();
        let mut form: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
        form.extend(raw_pairs(&raw));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app
            .request("POST", "/en/events/new", Some(&sec), Some(&pairs))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(r.body.contains("Rencontre gardée"));
        assert!(!r.body.contains("<b>pt</b>"));
        assert!(
            events::by_slug(&app.state.store.db, "bad-lang-2027", Locale::En)
                .await
                .is_err()
        );
    }
}
