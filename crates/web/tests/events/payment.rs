//! How to pay: an event's payment instructions appear where a paid type is offered, on a
//! registration that owes money, and in its confirmation email — and nowhere for a free seat.

use super::{
    create_event, event, field, raw_event, raw_pairs, registration_named, token_of, visitor,
};
use crate::TestApp;
use axum::http::StatusCode;
use pumasi_domain::events::{EventRole, Payment};
use pumasi_domain::locale::Locale;
use pumasi_store::events::{self, registration, registration::NewType};

both!(
    paid_types_say_how_to_pay,
    payment_instructions_refuse_bad_input
);

const HOW: &str = "Transfer to IBAN PT50 0000 0000 0000 0000 0000 0 within 14 days.";

/// Adds a paid type `paid` (120 EUR) to the event.
async fn add_paid_type(app: &TestApp, id: uuid::Uuid) {
    let txn = app.state.store.begin_write().await.unwrap();
    registration::add_type(
        &txn,
        id,
        &NewType {
            code: "paid".into(),
            name: "Full fee".into(),
            fee_minor: 12_000,
            currency: "EUR".into(),
            members_only: false,
            requires_code: false,
            translations: vec![],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

/// The emails queued for `to`, rendered in `locale`.
pub(super) async fn emails_to(app: &TestApp, to: &str, locale: Locale) -> Vec<(String, String)> {
    pumasi_web::mail::process_once(&app.state).await.unwrap();
    pumasi_store::outbox::pending(&app.state.store.db, "email")
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.payload)
        .filter(|p| p["to"] == to)
        .map(|p| {
            let template = p["template"].as_str().unwrap().to_owned();
            pumasi_web::mail::render(&template, locale, &p, "GSEF")
        })
        .collect()
}

/// If this fails, a participant picks a paid seat and is never told how to pay — not on the
/// form, not on their registration, not in the email — or someone with a free seat is asked
/// for money.
async fn paid_types_say_how_to_pay(app: TestApp) {
    let mut raw = raw_event("pay-2027", "Paying forum", "");
    raw.payment_instructions = HOW.to_owned();
    let id = create_event(&app, &raw).await;
    // Only a free type: nothing about paying.
    let r = app
        .request("GET", "/en/events/pay-2027/register", None, None)
        .await;
    assert!(!r.body.contains("How to pay"), "{}", r.body);

    add_paid_type(&app, id).await;
    let txn = app.state.store.begin_write().await.unwrap();
    events::set_translation(
        &txn,
        id,
        "payment_instructions",
        Locale::Fr,
        "Virement sur l’IBAN PT50 0000 0000 0000 0000 0000 0 sous 14 jours.",
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let r = app
        .request("GET", "/en/events/pay-2027/register", None, None)
        .await;
    assert!(r.body.contains("Full fee — 120.00 EUR"), "{}", r.body);
    assert!(r.body.contains("<h2 id=\"h-payment\">How to pay</h2>"));
    assert!(r.body.contains(HOW));
    let r = app
        .request("GET", "/fr/events/pay-2027/register", None, None)
        .await;
    assert!(r.body.contains("Comment payer"), "{}", r.body);
    assert!(r.body.contains("Virement sur l’IBAN"));

    // A paid seat: the registration and its email say how much and how.
    let v = visitor(&app, "pay-2027").await;
    let paid = v
        .post(
            &app,
            "/en/events/pay-2027/register",
            &[
                ("type", "paid"),
                ("name", "Ana"),
                ("email", "ana@example.org"),
            ],
        )
        .await;
    let (token, _) = token_of(&paid);
    assert_eq!(
        registration_named(&app, id, "Ana").await.payment,
        Payment::Due
    );
    let page = v.get(&app, &format!("/en/registrations/{token}")).await;
    assert!(page.body.contains("How to pay"), "{}", page.body);
    assert!(page.body.contains(HOW));
    let mails = emails_to(&app, "ana@example.org", Locale::En).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (subject, body) = &mails[0];
    assert!(subject.starts_with("Your registration"), "{subject}");
    assert!(
        body.contains("Amount due: 120.00 EUR. How to pay:"),
        "{body}"
    );
    let how_at = body.find(HOW).expect("the instructions in the email");
    assert!(
        how_at < body.rfind("GSEF").unwrap(),
        "the instructions come before the signature: {body}"
    );

    // A free seat: nothing about paying, on the page or in the email.
    let (token, _) = token_of(&v.register(&app, "pay-2027", "Bo", "bo@example.org").await);
    let page = v.get(&app, &format!("/en/registrations/{token}")).await;
    assert!(!page.body.contains("How to pay"));
    let mails = emails_to(&app, "bo@example.org", Locale::En).await;
    assert_eq!(mails.len(), 1);
    assert!(!mails[0].1.contains("Amount due"), "{}", mails[0].1);
    assert!(!mails[0].1.contains(HOW));
    assert_eq!(event(&app, id).await.confirmed_count, 2);
}

/// If this fails, an organiser's mistyped instructions are lost with the rest of the form, an
/// endless text is stored, or markup in them runs in participants' browsers.
async fn payment_instructions_refuse_bad_input(app: TestApp) {
    let id = create_event(&app, &raw_event("pay-bad-2027", "Careful forum", "")).await;
    add_paid_type(&app, id).await;
    let organiser = super::staff(&app, id, "org@example.org", EventRole::Organiser).await;
    let csrf = app.csrf(&organiser).await;
    let edit = "/en/events/pay-bad-2027/edit";
    let post = |how: String, version: String| {
        let app = &app;
        let organiser = organiser.clone();
        let csrf = csrf.clone();
        async move {
            let mut raw = raw_event("pay-bad-2027", "Careful forum", "");
            raw.payment_instructions = how;
            let mut pairs = raw_pairs(&raw);
            pairs.extend([("_csrf".to_owned(), csrf), ("version".to_owned(), version)]);
            let form: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.request("POST", edit, Some(&organiser), Some(&form))
                .await
        }
    };
    let form = app.request("GET", edit, Some(&organiser), None).await;
    assert!(form.body.contains("How to pay"), "{}", form.body);
    let version = field(&form.body, "version");
    let endless = "pay ".repeat(1_200);
    let r = post(endless.clone(), version.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("href=\"#f-payment_instructions\">How to pay: ")
    );
    assert!(
        r.body.contains(endless.trim_end()),
        "what was typed comes back"
    );
    assert!(event(&app, id).await.payment_instructions.text.is_empty());

    let r = post(
        "Pay <script>alert(1)</script> at the **desk**".to_owned(),
        version,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .request("GET", "/en/events/pay-bad-2027/register", None, None)
        .await;
    assert!(r.body.contains("<strong>desk</strong>"), "{}", r.body);
    assert!(!r.body.contains("<script>alert(1)"));

    // Its translations are listed on the set-up page by the field's name, not its message id.
    let txn = app.state.store.begin_write().await.unwrap();
    events::set_translation(
        &txn,
        id,
        "payment_instructions",
        Locale::Es,
        "Pague en el mostrador.",
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let r = app
        .request(
            "GET",
            "/en/events/pay-bad-2027/setup",
            Some(&organiser),
            None,
        )
        .await;
    assert!(r.body.contains("Pague en el mostrador."), "{}", r.body);
    assert!(!r.body.contains("field-payment"), "a raw message id");
}
