//! Findings of the security sweep, each kept fixed: where a login may send a person next.

use super::TestApp;
use axum::http::{StatusCode, header};
use pumasi_domain::policy::SiteRole;

both!(login_follows_only_paths_on_this_site);

/// If this fails, a crafted login link sends a person who just signed in to another site
/// (`/\t/evil.example` becomes `//evil.example` in a browser), or a newline in `next` leaves the
/// redirect without a `Location`.
async fn login_follows_only_paths_on_this_site(app: TestApp) {
    app.account("next@example.org", SiteRole::Person).await;
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    for (next, expect) in [
        ("/\t/evil.example", "/en/todo"),
        ("/\n/evil.example", "/en/todo"),
        ("//evil.example", "/en/todo"),
        ("/\\evil.example", "/en/todo"),
        ("https://evil.example/", "/en/todo"),
        ("/x\r\nSet-Cookie: a=b", "/en/todo"),
        ("/en/library", "/en/library"),
    ] {
        let r = app
            .request(
                "POST",
                "/en/login",
                Some(&anon),
                Some(&[
                    ("_csrf", csrf),
                    ("email", "next@example.org"),
                    ("password", "correct horse battery"),
                    ("next", next),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
        let loc = r
            .headers
            .get(header::LOCATION)
            .unwrap_or_else(|| panic!("{next:?}: a redirect without Location"))
            .to_str()
            .unwrap();
        assert_eq!(loc, expect, "{next:?}");
    }
    // The language switch too.
    let r = app
        .request("GET", "/language/fr?next=/fr/%09/evil.example", None, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers[header::LOCATION].to_str().unwrap(), "/fr/");
    let r = app
        .request("GET", "/language/fr?next=/fr/library", None, None)
        .await;
    assert_eq!(r.headers[header::LOCATION].to_str().unwrap(), "/fr/library");
}
