//! A registration's private page is never sent on as a referrer: its own `no-referrer` policy
//! survives the security headers every response gets.

use super::{create_event, raw_event, token_of, visitor};
use crate::TestApp;
use axum::http::header;

both!(private_pages_keep_no_referrer);

/// If this fails, following a link from a private registration page tells the other site the
/// page's address — which is the registration's secret link.
async fn private_pages_keep_no_referrer(app: TestApp) {
    create_event(
        &app,
        &raw_event("ref-2027", "Referrer forum (fictional)", ""),
    )
    .await;
    let v = visitor(&app, "ref-2027").await;
    let r = v
        .register(&app, "ref-2027", "Ana Silva", "ana@example.org")
        .await;
    let (token, _) = token_of(&r);
    let r = v.get(&app, &format!("/en/registrations/{token}")).await;
    assert_eq!(
        r.headers[header::REFERRER_POLICY].to_str().unwrap(),
        "no-referrer",
        "{}",
        r.body
    );
    // Public pages keep the site-wide policy.
    let r = app.request("GET", "/en/events", None, None).await;
    assert_eq!(
        r.headers[header::REFERRER_POLICY].to_str().unwrap(),
        "strict-origin-when-cross-origin"
    );
}
