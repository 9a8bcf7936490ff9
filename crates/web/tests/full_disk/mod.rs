//! A hub whose disk is full says so — a 503 with the form as typed, `/healthz` reporting that it
//! cannot write — saves nothing half-way, and works again by itself once space returns.

use crate::TestApp;
use axum::http::{StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;
use pumasi_store::Tuning;
use pumasi_store::sea_orm::ConnectionTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// If this fails, a full disk is answered as a success, as a conflict or as an internal error,
/// the typed form is lost, `/healthz` says ok for a node that cannot write, or the hub does not
/// recover when space returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_disk_is_said_and_survived() {
    let limit = Arc::new(AtomicU64::new(1 << 30));
    let app = TestApp::tuned(
        "sqlite",
        Tuning {
            sqlite_max_pages: Some(limit.clone()),
            ..Tuning::default()
        },
    )
    .await
    .unwrap();
    let sec = app.account("disk@example.org", SiteRole::Secretariat).await;
    let csrf = app.csrf(&sec).await;
    let r = app.request("GET", "/healthz", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The disk fills: the database may not grow by a single page.
    let pages = app
        .state
        .store
        .db
        .query_one_raw(pumasi_store::sea_orm::Statement::from_string(
            app.state.store.backend(),
            "PRAGMA page_count",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    limit.store(u64::try_from(pages).unwrap(), Ordering::SeqCst);
    // Other writes take what free pages the file still had.
    let mut filled = false;
    for _ in 0..10_000 {
        let txn = app.state.store.begin_write().await.unwrap();
        let pushed =
            pumasi_store::outbox::push(&txn, "filler", &serde_json::json!("x".repeat(4_000))).await;
        match pushed {
            Ok(_) => txn.commit().await.unwrap(),
            Err(pumasi_store::StoreError::Unavailable(_)) => {
                filled = true;
                break;
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert!(filled, "the disk never filled");
    let r = app.request("GET", "/healthz", None, None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("\"write\":\"failing\""), "{}", r.body);

    let body = "Une coopérative d'habitants. ".repeat(3_000);
    let form = [
        ("_csrf", csrf.as_str()),
        ("kind", "case_study"),
        ("lang", "fr"),
        ("title", "Habitat participatif à Bordeaux"),
        ("body", body.as_str()),
        ("licence", "cc-by-4.0"),
    ];
    let r = app
        .request("POST", "/fr/library/new", Some(&sec), Some(&form))
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(
        r.body.contains("ne peut rien enregistrer pour le moment"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("Habitat participatif à Bordeaux"),
        "the form comes back as typed"
    );
    let none = pumasi_store::library::by_slug(
        &app.state.store.db,
        "habitat-participatif-a-bordeaux",
        Locale::Fr,
    )
    .await;
    assert!(none.is_err(), "nothing half-saved");

    // Space returns: the same form goes through, and the node is healthy again.
    limit.store(1 << 30, Ordering::SeqCst);
    let r = app.request("GET", "/healthz", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .request("POST", "/fr/library/new", Some(&sec), Some(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    let item = pumasi_store::library::by_slug(&app.state.store.db, &slug, Locale::Fr)
        .await
        .unwrap();
    assert_eq!(item.title.text, "Habitat participatif à Bordeaux");
}
