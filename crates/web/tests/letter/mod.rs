//! The signed letter of application: sent with the apply form, checked by its bytes, kept when
//! the form comes back for another field, shown on the review page and downloaded by the
//! secretariat only.

use super::{Resp, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;
use pumasi_store::members::applications;

both!(
    a_signed_letter_travels_with_the_application,
    letters_that_are_not_letters_are_refused
);

const CSRF: &str = "t0kent0kent0kent0kent0ken";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n";

fn fields(name: &str, confirmed: bool) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("_csrf", CSRF.to_owned()),
        ("name", name.to_owned()),
        ("lang", "ko".to_owned()),
        ("category", "network_sse".to_owned()),
        ("class", "full".to_owned()),
        ("country", "KR".to_owned()),
        ("city", "광주".to_owned()),
        (
            "statement",
            "사회적경제 조직 120곳이 함께합니다.".to_owned(),
        ),
        ("signatory_name", "김민지".to_owned()),
        ("signatory_title", "상임대표".to_owned()),
        ("contact_name", "이서연".to_owned()),
        ("contact_email", "letter@example.org".to_owned()),
    ];
    if confirmed {
        f.push(("signatory_confirmed", "on".to_owned()));
    }
    f
}

/// Posts the apply form as a browser does with a file input: `file` is `(name, bytes)`, or an
/// empty part when none was chosen.
async fn post(app: &TestApp, fields: &[(&str, String)], file: Option<(&str, &[u8])>) -> Resp {
    let b = "----pumasiLetterBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!("--{b}\r\nContent-Disposition: form-data; name=\"letter\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri("/ko/apply")
        .header(header::COOKIE, format!("pumasi_csrf={CSRF}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .body(Body::from(body))
        .unwrap();
    app.raw(req).await
}

fn hidden(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no hidden {name}"))
        + name.len()
        + 15;
    body[at..].split('"').next().unwrap().to_owned()
}

async fn count(app: &TestApp) -> usize {
    applications::list(&app.state.store.db).await.unwrap().len()
}

/// If this fails, an applicant's signed letter is lost when the form comes back for another
/// field, never reaches the secretariat, or can be read by people who are not the secretariat.
async fn a_signed_letter_travels_with_the_application(app: TestApp) {
    let form = app.request("GET", "/ko/apply", None, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(form.body.contains("서명된 가입 신청서"), "{}", form.body);
    let before = count(&app).await;

    // The confirmation is missing: the form comes back, the letter is kept and said to be.
    let name = "광주사회적경제연대회의 (fictional)";
    let r = post(&app, &fields(name, false), Some(("신청서.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(name));
    assert!(r.body.contains("id=\"letter-kept\""), "{}", r.body);
    assert!(r.body.contains("신청서.pdf 파일을 받았습니다"));
    let kept = hidden(&r.body, "letter_kept");
    assert_eq!(count(&app).await, before);

    // Sent again with the confirmation and no new file: the kept letter goes with it.
    let mut f = fields(name, true);
    f.push(("letter_kept", kept));
    f.push(("letter_kept_name", hidden(&r.body, "letter_kept_name")));
    let r = post(&app, &f, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let a = applications::list(&app.state.store.db).await.unwrap();
    let a = a
        .iter()
        .find(|a| a.organisation_name == name)
        .expect("the application");
    let letter = a.letter.clone().expect("the letter came with it");
    assert_eq!(letter.name, "신청서.pdf");
    assert_eq!(letter.content_type, "application/pdf");
    assert_eq!(letter.size, PDF.len() as i64);

    // The secretariat sees it on the review page and downloads the same bytes.
    let sec = app.account("sec@example.org", SiteRole::Secretariat).await;
    let page = format!("/en/secretariat/applications/{}", a.id);
    let r = app.request("GET", &page, Some(&sec), None).await;
    assert!(
        r.body.contains("Signed letter of application"),
        "{}",
        r.body
    );
    assert!(r.body.contains("신청서.pdf</a> (1 KB)"), "{}", r.body);
    let link = format!("{page}/letter");
    let r = app.request("GET", &link, Some(&sec), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), PDF);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // Nobody else: anonymous visitors are sent to log in, an organisation's admin is refused.
    let r = app.request("GET", &link, None, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("/login")
    );
    let (admin, _) = app
        .member("admin@example.org", "city-of-bordeaux", OrgRole::Admin)
        .await;
    let r = app.request("GET", &link, Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("%PDF"));

    // An application without a letter says so.
    let r = post(&app, &fields("Letterless network (fictional)", true), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let a = applications::list(&app.state.store.db).await.unwrap();
    let a = a
        .iter()
        .find(|a| a.organisation_name == "Letterless network (fictional)")
        .unwrap();
    assert!(a.letter.is_none());
    let r = app
        .request(
            "GET",
            &format!("/en/secretariat/applications/{}", a.id),
            Some(&sec),
            None,
        )
        .await;
    assert!(r.body.contains("None attached"));
    let r = app
        .request(
            "GET",
            &format!("/en/secretariat/applications/{}/letter", a.id),
            Some(&sec),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// If this fails, a web page renamed `.pdf`, a file too large, or a forged reference to a
/// stored file would be accepted as a letter — or the rest of what was typed would be lost.
async fn letters_that_are_not_letters_are_refused(app: TestApp) {
    let before = count(&app).await;
    let name = "Hostile letters network (fictional)";
    let html: &[u8] = b"<html><script>alert(1)</script></html>";
    let r = post(&app, &fields(name, true), Some(("letter.pdf", html))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("PDF 또는 이미지(PNG, JPEG, WebP)만"),
        "{}",
        r.body
    );
    assert!(r.body.contains("href=\"#f-letter\""));
    assert!(r.body.contains(name), "what was typed comes back");
    assert!(!r.body.contains("id=\"letter-kept\""));

    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let r = post(&app, &fields(name, true), Some(("big.pdf", &big[..]))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("파일이 너무 큽니다"), "{}", r.body);
    assert!(r.body.contains(name));

    // A reference that is not one this hub made is ignored, never read from the disk.
    let mut f = fields(name, false);
    f.push(("letter_kept", "../../../../etc/passwd".to_owned()));
    f.push(("letter_kept_name", "passwd".to_owned()));
    let r = post(&app, &f, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("id=\"letter-kept\""));
    assert!(!r.body.contains("etc/passwd"));
    assert_eq!(count(&app).await, before, "nothing was created");
}
