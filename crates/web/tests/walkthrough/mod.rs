//! Findings of the walkthrough in four languages (issue "Usable by the people it is for"), each
//! with the test that would have caught it: who may change what, what the public is shown,
//! and forms that let people choose rather than type codes.

use super::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pumasi_domain::locale::Locale;
use pumasi_domain::policy::SiteRole;

both!(
    category_is_the_secretariats,
    the_public_directory_lists_members_only,
    forms_offer_choices,
    a_ranked_ballot_keeps_its_choices,
    the_assembly_is_its_full_members,
    summaries_name_fields_and_cards_say_things_once,
    working_languages_are_ticked,
    names_sort_in_the_readers_language,
    organisations_are_chosen_by_name,
    dues_work_out_of_the_box,
    the_application_page_follows_the_work,
    a_members_only_type_is_not_chosen_for_a_visitor,
    the_apply_page_explains_classes_and_fees,
);

/// An organisation's admin edits its profile but not its category (which decides the home
/// page's figures); the secretariat may, and the change is in the organisation's history.
async fn category_is_the_secretariats(app: TestApp) {
    let db = &app.state.store.db;
    let (admin, seoul_id) = app
        .member(
            "seoul-admin@example.org",
            "seoul-metropolitan-government",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let sec = app
        .account("sec-cat@example.org", SiteRole::Secretariat)
        .await;
    let put = |cookie: &str, csrf: &str, version: i32| {
        Request::put("/api/v1/organisations/seoul-metropolitan-government")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", csrf)
            .header(header::COOKIE, cookie)
            .body(Body::from(format!(
                r#"{{"name":"Seoul Metropolitan Government","category":"youth_org","country":"KR","city":"Seoul","version":{version}}}"#
            )))
            .unwrap()
    };
    let before = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(before.category, "local_government");
    let c = app.csrf(&admin).await;
    let r = app.raw(put(&admin, &c, before.version)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        after.category, "local_government",
        "an org admin cannot recategorise"
    );
    // The edit page shows the category as the secretariat's, with no control for it.
    let page = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government/edit",
            Some(&admin),
            None,
        )
        .await;
    assert!(page.body.contains("id=\"category-fixed\""));
    assert!(!page.body.contains("name=\"category\""));
    let c = app.csrf(&sec).await;
    let r = app.raw(put(&sec, &c, after.version)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = pumasi_store::members::by_id(db, seoul_id, Locale::En)
        .await
        .unwrap();
    assert_eq!(after.category, "youth_org");
    let history = pumasi_store::members::history(db, seoul_id).await.unwrap();
    let change = history
        .iter()
        .find(|e| e.kind == "category")
        .expect("the change is in the history");
    assert_eq!(
        (change.from_status.as_str(), change.to_status.as_str()),
        ("local_government", "youth_org")
    );
    let profile = app
        .request(
            "GET",
            "/en/members/seoul-metropolitan-government",
            Some(&sec),
            None,
        )
        .await;
    assert!(
        profile.body.contains("Category changed"),
        "{}",
        profile.body
    );
}

/// Suspended members are not listed to the public (the secretariat still finds them), and the
/// country filter offers only countries that have members, by name.
async fn the_public_directory_lists_members_only(app: TestApp) {
    let db = &app.state.store.db;
    let seoul = pumasi_store::members::by_slug(db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    pumasi_store::members::change_status(
        db,
        seoul.id,
        pumasi_domain::members::MemberStatus::Suspended,
        None,
        "dues unpaid",
        "",
    )
    .await
    .unwrap();
    let public = app
        .request("GET", "/en/members?status=suspended", None, None)
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        !public
            .body
            .contains("/en/members/seoul-metropolitan-government\""),
        "a suspended member is listed to the public"
    );
    let sec = app
        .account("sec-dir@example.org", SiteRole::Secretariat)
        .await;
    let staff = app
        .request("GET", "/en/members?status=suspended", Some(&sec), None)
        .await;
    assert!(
        staff
            .body
            .contains("/en/members/seoul-metropolitan-government")
    );
    // Countries: names, only those with members.
    let page = app.request("GET", "/fr/members", None, None).await;
    let filter = &page.body[page.body.find("name=\"country\"").unwrap()..];
    let filter = &filter[..filter.find("</select>").unwrap()];
    assert!(filter.contains(">France<"), "{filter}");
    assert!(
        !filter.contains(">Islande<"),
        "Iceland has no member: {filter}"
    );
    assert!(!filter.contains(">FR<"));
}

/// Forms let people choose: time zones from a list defaulting to the hub's, countries by
/// name; the new-event page says it is new.
async fn forms_offer_choices(app: TestApp) {
    let sec = app
        .account("sec-forms@example.org", SiteRole::Secretariat)
        .await;
    let mut identity = pumasi_store::settings::identity(&app.state.store.db)
        .await
        .unwrap();
    identity.time_zone = "Asia/Seoul".into();
    pumasi_store::settings::set_identity(&app.state.store.db, &identity)
        .await
        .unwrap();
    *app.state.identity.write().await = identity;
    let page = app.request("GET", "/es/events/new", Some(&sec), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1>Nuevo evento</h1>"),
        "the new-event page is titled as new"
    );
    assert!(
        page.body
            .contains("<option value=\"Asia/Seoul\" selected>Asia/Seoul</option>")
    );
    assert!(
        page.body.contains(">Corea del Sur<"),
        "countries by name in the reader's language"
    );
    assert!(!page.body.contains("name=\"time_zone\" type=\"text\""));
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let page = app
        .request(
            "GET",
            "/en/governance/general-assembly/motions/new",
            Some(&sec),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<option value=\"Asia/Seoul\" selected>"),
        "motions default to the hub's zone, not UTC"
    );
}

/// A representative on a ranked ballot: the ballot comes before the proxy, the proxy names no
/// member until one is chosen and asks for confirmation, and a refused ballot keeps the ranks
/// given, with the reason beside them.
async fn a_ranked_ballot_keeps_its_choices(app: TestApp) {
    pumasi_store::governance::ensure_standard_bodies(&app.state.store.db)
        .await
        .unwrap();
    let staff = app
        .account("sec-ballot@example.org", SiteRole::Secretariat)
        .await;
    let csrf = app.csrf(&staff).await;
    let now = chrono::Utc::now();
    let opens = (now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let r = app
        .request(
            "POST",
            "/ko/governance/general-assembly/motions/new",
            Some(&staff),
            Some(&[
                ("_csrf", csrf.as_str()),
                ("title", "2029 포럼 개최 도시 (가상)"),
                ("text", "개최 도시를 정합니다."),
                ("lang", "ko"),
                ("kind", "ranked"),
                ("options", "보르도\n다카르\n몬트리올"),
                ("weighting", "one_member"),
                ("quorum", "1"),
                ("majority", "simple"),
                ("proxy_limit", "2"),
                ("dues_rule", "ignore"),
                ("opens_at", &opens),
                ("closes_at", &closes),
                ("time_zone", "UTC"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/ko/motions/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let r = app
        .request(
            "POST",
            &format!("/ko/motions/{reference}/open"),
            Some(&staff),
            Some(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (rep, seoul) = app
        .member(
            "seoul-rep@example.org",
            "seoul-metropolitan-government",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let page = app
        .request("GET", &format!("/ko/motions/{reference}"), Some(&rep), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let ballot_at = page.body.find("class=\"ballot\"").expect("a ballot form");
    let proxy_at = page.body.find("/proxy\"").expect("a proxy form");
    assert!(ballot_at < proxy_at, "the ballot comes before the proxy");
    let proxy = &page.body[proxy_at..];
    let select = &proxy[proxy.find("name=\"to\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        !select.contains("selected"),
        "no member is preselected for the proxy"
    );
    assert!(select.contains("<option value=\"\">"));
    assert!(proxy.contains("name=\"confirm\""));

    // Two options ranked first: refused, and the ranks come back as given.
    let c = app.csrf(&rep).await;
    let seoul = seoul.to_string();
    let r = app
        .request(
            "POST",
            &format!("/ko/motions/{reference}/vote"),
            Some(&rep),
            Some(&[
                ("_csrf", c.as_str()),
                ("acting_for", &seoul),
                ("member", &seoul),
                ("rank-0", "1"),
                ("rank-1", "1"),
                ("rank-2", "2"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fieldset = &r.body[r.body.find("class=\"ballot\"").unwrap()..];
    let fieldset = &fieldset[..fieldset.find("</fieldset>").unwrap()];
    assert!(
        fieldset.contains("id=\"vote-error\""),
        "the reason is beside the ballot: {fieldset}"
    );
    assert!(fieldset.contains("한 번만"), "in Korean: {fieldset}");
    for (option, rank) in [(0, 1), (1, 1), (2, 2)] {
        let sel = &fieldset[fieldset.find(&format!("name=\"rank-{option}\"")).unwrap()..];
        let sel = &sel[..sel.find("</select>").unwrap()];
        assert!(
            sel.contains(&format!("<option value=\"{rank}\" selected>")),
            "option {option} keeps rank {rank}: {sel}"
        );
    }
    // A proxy given without confirming is refused and nothing is given.
    let other = pumasi_store::members::by_slug(&app.state.store.db, "city-of-bordeaux", Locale::En)
        .await
        .unwrap()
        .id
        .to_string();
    let r = app
        .request(
            "POST",
            &format!("/ko/motions/{reference}/proxy"),
            Some(&rep),
            Some(&[("_csrf", c.as_str()), ("from", &seoul), ("to", &other)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let page = app
        .request("GET", &format!("/ko/motions/{reference}"), Some(&rep), None)
        .await;
    assert!(
        page.body.contains("class=\"ballot\""),
        "Seoul still holds its own ballot"
    );
}

/// The general assembly is made of the full members: its page shows them by college, from
/// membership data, rather than "no current members".
async fn the_assembly_is_its_full_members(app: TestApp) {
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let by = pumasi_store::governance::motions::assembly_by_college(db)
        .await
        .unwrap();
    let total: u64 = by.iter().map(|(_, n)| n).sum();
    assert!(
        total > 0,
        "the demo network has full members in good standing"
    );
    let page = app
        .request("GET", "/en/governance/general-assembly", None, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"assembly\""), "{}", page.body);
    assert!(!page.body.contains("Nobody holds a mandate"));
    for (_, n) in &by {
        assert!(page.body.contains(&format!("</a></th><td>{n}</td>")));
    }
    assert!(
        page.body.contains("/en/members?class=full&#38;college=")
            || page.body.contains("/en/members?class=full&amp;college=")
    );
    let list = app.request("GET", "/en/governance", None, None).await;
    assert!(
        list.body.contains(&format!("{total} current members")),
        "{}",
        list.body
    );
}

/// The error summary names each field as its label does, in the reader's language; an online
/// webinar's card says "online" once.
async fn summaries_name_fields_and_cards_say_things_once(app: TestApp) {
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let r = app
        .request(
            "POST",
            "/fr/apply",
            Some(&anon),
            Some(&[("_csrf", csrf), ("name", "")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = &r.body[r.body.find("class=\"errors\"").expect("a summary")..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert!(summary.contains("<a href=\"#f-name\">Nom: "), "{summary}");
    assert!(
        summary.contains("<a href=\"#f-country\">Pays: "),
        "{summary}"
    );

    let mut raw = crate::events::raw_event("", "Webinaire sur les monnaies locales (fictif)", "");
    raw.kind = "webinar".into();
    raw.mode = "online".into();
    raw.status = "registration".into();
    raw.venue = String::new();
    raw.host_city = String::new();
    raw.online_url = "https://meet.example.org/monnaies".into();
    let input = raw.validate().expect("a valid webinar");
    let txn = app.state.store.begin_write().await.unwrap();
    pumasi_store::events::create(&txn, &input, None)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let page = app.request("GET", "/en/events", None, None).await;
    let card = &page.body[page
        .body
        .find("Webinaire sur les monnaies locales")
        .expect("the card")..];
    let meta = &card[card.find("<p class=\"meta\">").unwrap() + 16..];
    let meta = &meta[..meta.find("</p>").unwrap()];
    let parts: Vec<String> = meta.split(" · ").map(str::to_lowercase).collect();
    let mut unique = parts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), parts.len(), "said twice: {meta}");
}

/// Working languages are ticked by name, not typed as codes.
async fn working_languages_are_ticked(app: TestApp) {
    let page = app.request("GET", "/fr/apply", None, None).await;
    assert!(
        page.body
            .contains("<label for=\"f-language_pt\" lang=\"pt\">portugais</label>")
    );
    assert!(!page.body.contains("ko;en"));
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let r = app
        .request(
            "POST",
            "/fr/apply",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("name", "Rede de Economia Solidária de Maputo (fictícia)"),
                ("lang", "fr"),
                ("category", "network_sse"),
                ("class", "full"),
                ("country", "MZ"),
                ("city", "Maputo"),
                ("language_pt", "on"),
                ("language_fr", "on"),
                ("statement", "Nous réunissons 30 coopératives."),
                ("signatory_name", "Ana"),
                ("signatory_title", "Présidente"),
                ("contact_name", "Ana"),
                ("contact_email", "ana@example.org"),
                ("signatory_confirmed", "on"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let o = pumasi_store::members::by_slug(
        &app.state.store.db,
        "rede-de-economia-solidaria-de-maputo-ficticia",
        Locale::Fr,
    )
    .await
    .unwrap();
    assert_eq!(o.languages, vec!["fr", "pt"]);
}

/// The names shown on a page of the directory, in order.
fn card_names(body: &str) -> Vec<String> {
    body.split("<li class=\"card\">")
        .skip(1)
        .filter_map(|c| {
            let at = c.find("<strong>")? + 8;
            Some(
                c[at..at + c[at..].find("</strong>")?]
                    .replace("&#39;", "'")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// The directory sorts by the name the reader sees, in that language's collation: 가나다 order
/// in Korean (not the byte order of English base names), accents beside their letter in
/// French; the order holds across pages.
async fn names_sort_in_the_readers_language(app: TestApp) {
    let mut all = Vec::new();
    for page in 1..=5 {
        let r = app
            .request(
                "GET",
                &format!("/ko/members?sort=name&page={page}"),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        all.extend(card_names(&r.body));
    }
    assert!(all.len() >= 60, "{}", all.len());
    let hangul = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))
    };
    let korean: Vec<&String> = all.iter().filter(|n| hangul(n)).collect();
    assert!(korean.len() >= 10, "{korean:?}");
    // Every Hangul name comes before every Latin one, and they are in 가나다 order.
    let last_hangul = all.iter().rposition(|n| hangul(n)).unwrap();
    let first_latin = all
        .iter()
        .position(|n| n.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .unwrap();
    assert!(last_hangul < first_latin, "{all:?}");
    let mut expect = korean.clone();
    expect.sort_by(|a, b| pumasi_domain::collation::compare(Locale::Ko, a, b));
    assert_eq!(korean, expect);
    // Pages do not repeat or skip anyone.
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len());

    // French: "Économie…" sorts among the E's, not after Z.
    let r = app
        .request("GET", "/fr/members?sort=name&page=1", None, None)
        .await;
    let mut fr = card_names(&r.body);
    for page in 2..=5 {
        let r = app
            .request(
                "GET",
                &format!("/fr/members?sort=name&page={page}"),
                None,
                None,
            )
            .await;
        fr.extend(card_names(&r.body));
    }
    let mut expect = fr.clone();
    expect.sort_by(|a, b| pumasi_domain::collation::compare(Locale::Fr, a, b));
    assert_eq!(fr, expect);
    let mut bytes = fr.clone();
    bytes.sort();
    assert_ne!(fr, bytes, "the French order is not the byte order");
    // The country filter lists countries by their Korean names in 가나다 order.
    let r = app.request("GET", "/ko/members", None, None).await;
    let select = &r.body[r.body.find("name=\"country\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    let names: Vec<String> = select
        .split("<option value=\"")
        .skip(2)
        .map(|o| o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()].to_owned())
        .collect();
    let mut expect = names.clone();
    expect.sort_by(|a, b| pumasi_domain::collation::compare(Locale::Ko, a, b));
    assert_eq!(names, expect);
    assert!(names.iter().any(|n| n == "대한민국"), "{names:?}");
}

/// A speaker's organisation and a library item's owner are chosen by name in the reader's
/// language, not typed as web addresses; a forged choice is refused on its field.
async fn organisations_are_chosen_by_name(app: TestApp) {
    let staff = app
        .account("names-sec@example.org", SiteRole::Secretariat)
        .await;
    super::events::create_event(&app, &super::events::raw_event("names-2027", "Names", "")).await;
    let page = app
        .request("GET", "/ko/events/names-2027/setup", Some(&staff), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let select = &page.body[page.body.find("id=\"f-organisation\"").expect("a choice")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains("<option value=\"seoul-metropolitan-government\">서울특별시</option>"),
        "{select}"
    );
    let csrf = app.csrf(&staff).await;
    let speaker = |org: &'static str| {
        let app = &app;
        let staff = staff.clone();
        let csrf = csrf.clone();
        async move {
            let boundary = "XBOUNDARYX";
            let mut body = String::new();
            for (k, v) in [
                ("_csrf", csrf.as_str()),
                ("name", "김하늘 (가상)"),
                ("organisation", org),
                ("organisation_name", ""),
                ("bio", ""),
            ] {
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                ));
            }
            body.push_str(&format!("--{boundary}--\r\n"));
            let req = Request::builder()
                .method("POST")
                .uri("/ko/events/names-2027/setup/speaker")
                .header(header::COOKIE, staff)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap();
            app.raw(req).await
        }
    };
    let r = speaker("<script>x</script>").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-organisation\""), "{}", r.body);
    assert!(!r.body.contains("<script>x"));
    let r = speaker("seoul-metropolitan-government").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .request("GET", "/ko/events/names-2027/setup", Some(&staff), None)
        .await;
    assert!(
        page.body.contains("김하늘 (가상) — 서울특별시"),
        "listed with its organisation"
    );

    // The library: a reviewer gives an item to any member by name, or to none.
    let page = app
        .request("GET", "/fr/library/new", Some(&staff), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let select = &page.body[page.body.find("id=\"f-owner\"").expect("a choice")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains(">Ville de Bordeaux</option>"), "{select}");
    assert!(
        select.contains("<option value=\"\" selected>"),
        "none by default"
    );
    assert!(
        !page
            .body
            .contains("type=\"text\" value=\"\" name=\"owner\"")
    );
    // Related organisations and events are ticked by name, not typed.
    assert!(page.body.contains(
        "name=\"organisations\" value=\"city-of-bordeaux\"><label for=\"f-organisations-city-of-bordeaux\">Ville de Bordeaux</label>"
    ));
    assert!(page.body.contains("name=\"events\" value=\"names-2027\">"));
    let c = app.csrf(&staff).await;
    let r = app
        .request(
            "POST",
            "/fr/library/new",
            Some(&staff),
            Some(&[
                ("_csrf", c.as_str()),
                ("kind", "case_study"),
                ("lang", "fr"),
                ("title", "Deux villes (fictif)"),
                ("summary", "Résumé."),
                ("body", "Texte."),
                ("languages", "fr"),
                ("licence", "cc-by-4.0"),
                ("organisations", "city-of-bordeaux"),
                ("organisations", "seoul-metropolitan-government"),
                ("events", "names-2027"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .split('/')
        .nth(3)
        .unwrap()
        .to_owned();
    let edit = app
        .request(
            "GET",
            &format!("/fr/library/{slug}/edit"),
            Some(&staff),
            None,
        )
        .await;
    for v in ["city-of-bordeaux", "seoul-metropolitan-government"] {
        assert!(
            edit.body
                .contains(&format!("name=\"organisations\" value=\"{v}\" checked>")),
            "{v} ticked"
        );
    }
    assert!(
        edit.body
            .contains("name=\"events\" value=\"names-2027\" checked>")
    );
}

/// Dues out of the box: members without a fee are listed by name with what is missing and a
/// link to fix it; countries are banded by continent or by a pasted list of codes and names in
/// any language, all or nothing, with the unknown ones named by line.
async fn dues_work_out_of_the_box(app: TestApp) {
    let staff = app
        .account("dues-box@example.org", SiteRole::Secretariat)
        .await;
    let person = app
        .account("dues-nobody@example.org", SiteRole::Person)
        .await;
    let csrf = app.csrf(&staff).await;
    let bands = |form: Vec<(&'static str, String)>, who: String| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.request(
                "POST",
                "/en/secretariat/dues/bands?year=2026",
                Some(&who),
                Some(&form),
            )
            .await
        }
    };
    // Only the secretariat bands countries.
    let c = app.csrf(&person).await;
    let r = bands(
        vec![
            ("_csrf", c),
            ("continent", "EU".into()),
            ("bands_band", "1".into()),
        ],
        person.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let page = app
        .request("GET", "/en/secretariat/dues?year=2026", Some(&staff), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let list = &page.body[page.body.find("id=\"unpriced-list\"").expect("a list")..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert!(
        list.contains(">City of Bordeaux</a> — France: its country has no band"),
        "{list}"
    );
    assert!(list.contains("/en/secretariat/dues?year=2026&amp;country=FR#band-form"));
    let r = app
        .request(
            "GET",
            "/en/secretariat/dues?year=2026&country=FR",
            Some(&staff),
            None,
        )
        .await;
    let form = &r.body[r.body.find("id=\"band-form\"").unwrap()..];
    assert!(
        form.contains("<option value=\"FR\" selected>"),
        "the country is chosen"
    );

    // A pasted list with an unknown country changes nothing and says which, by line.
    let typed = "KR\n대한민국, Sénégal\nAtlantis; Brazill";
    let r = bands(
        vec![
            ("_csrf", csrf.clone()),
            ("countries", typed.into()),
            ("bands_band", "2".into()),
        ],
        staff.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Unknown countries: Atlantis (line 3), Brazill (line 3)"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("Sénégal\nAtlantis; Brazill</textarea>"),
        "typed text kept"
    );
    let bands_now = pumasi_store::members::dues::country_bands(&app.state.store.db)
        .await
        .unwrap();
    assert!(!bands_now.contains_key("KR"), "nothing was set");
    // Codes and names in any of the four languages.
    let r = bands(
        vec![
            ("_csrf", csrf.clone()),
            ("countries", "KR\n대한민국, Sénégal\nBrasil".into()),
            ("bands_band", "2".into()),
        ],
        staff.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Band set for 3 countries."), "{}", r.body);
    // A whole continent.
    let r = bands(
        vec![
            ("_csrf", csrf.clone()),
            ("continent", "EU".into()),
            ("bands_band", "1".into()),
        ],
        staff.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let bands_now = pumasi_store::members::dues::country_bands(&app.state.store.db)
        .await
        .unwrap();
    assert_eq!(bands_now.get("KR"), Some(&2));
    assert_eq!(bands_now.get("SN"), Some(&2));
    assert_eq!(bands_now.get("BR"), Some(&2));
    assert_eq!(bands_now.get("FR"), Some(&1));
    assert_eq!(bands_now.get("ES"), Some(&1));
    // Bad band, nothing chosen: errors on their fields.
    let r = bands(
        vec![
            ("_csrf", csrf.clone()),
            ("countries", "".into()),
            ("bands_band", "12".into()),
        ],
        staff.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-bands_band\""));
    let r = bands(
        vec![("_csrf", csrf.clone()), ("bands_band", "3".into())],
        staff.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-countries\""));

    // Bordeaux now has a fee; creating the year's dues names no raw addresses.
    let page = app
        .request("GET", "/en/secretariat/dues?year=2026", Some(&staff), None)
        .await;
    assert!(!page.body.contains(">City of Bordeaux</a> — France:"));
    let r = app
        .request(
            "POST",
            "/en/secretariat/dues/generate?year=2026",
            Some(&staff),
            Some(&[("_csrf", csrf.as_str()), ("due_on", "2026-03-31")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let notice = &r.body[r.body.find("class=\"notice\"").unwrap()..];
    let notice = &notice[..notice.find("</p>").unwrap()];
    assert!(
        notice.contains("dues created. Members without a fee: "),
        "{notice}"
    );
    assert!(!notice.contains("city-of"), "no raw addresses: {notice}");
    // The dues list names members in the reader's language, in its collation.
    let ko = app
        .request("GET", "/ko/secretariat/dues?year=2026", Some(&staff), None)
        .await;
    let table = &ko.body[ko.body.find("id=\"dues\"").expect("the dues")..];
    let table = &table[..table.find("</table>").unwrap()];
    let names: Vec<String> = table
        .split("<td><a href=\"/ko/members/")
        .skip(1)
        .map(|c| {
            c[c.find('>').unwrap() + 1..c.find("</a>").unwrap()]
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
        .collect();
    assert!(names.iter().any(|n| n == "보르도시"), "{names:?}");
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| pumasi_domain::collation::compare(Locale::Ko, a, b));
    assert_eq!(names, sorted);
    // An organisation's admins see its dues on its profile; nobody else does.
    let (bordeaux, _) = app
        .member(
            "dues-bdx@example.org",
            "city-of-bordeaux",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let (bilbao, _) = app
        .member(
            "dues-bio@example.org",
            "city-of-bilbao",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let own = app
        .request("GET", "/fr/members/city-of-bordeaux", Some(&bordeaux), None)
        .await;
    let table = &own.body[own.body.find("id=\"org-dues\"").expect("its dues")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("<td>2026</td>") && table.contains("En retard"),
        "{table}"
    );
    for who in [Some(bilbao.as_str()), None] {
        let other = app
            .request("GET", "/fr/members/city-of-bordeaux", who, None)
            .await;
        assert!(
            !other.body.contains("id=\"org-dues\""),
            "dues shown to {who:?}"
        );
    }
}

/// The application review page: the organisation's data on the page, actions in the order the
/// work is done, the vote's closing time on the hub's clock, deadlines gone once met.
async fn the_application_page_follows_the_work(app: TestApp) {
    let db = &app.state.store.db;
    pumasi_store::governance::ensure_standard_bodies(db)
        .await
        .unwrap();
    let mut identity = pumasi_store::settings::identity(db).await.unwrap();
    identity.time_zone = "Asia/Seoul".into();
    pumasi_store::settings::set_identity(db, &identity)
        .await
        .unwrap();
    *app.state.identity.write().await = identity;
    let csrf = "t0kent0kent0kent0kent0ken";
    let anon = format!("pumasi_csrf={csrf}");
    let r = app
        .request(
            "POST",
            "/ko/apply",
            Some(&anon),
            Some(&[
                ("_csrf", csrf),
                ("name", "대구사회적경제네트워크 (가상)"),
                ("lang", "ko"),
                ("category", "network_sse"),
                ("class", "full"),
                ("country", "KR"),
                ("city", "대구"),
                ("website", "www.example.org"),
                ("language_ko", "on"),
                ("language_en", "on"),
                ("statement", "함께합니다."),
                ("signatory_name", "김"),
                ("signatory_title", "대표"),
                ("contact_name", "이"),
                ("contact_email", "daegu@example.org"),
                ("signatory_confirmed", "on"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = pumasi_store::members::applications::list(db).await.unwrap()[0].id;
    let staff = app
        .account("app-page@example.org", SiteRole::Secretariat)
        .await;
    let path = format!("/en/secretariat/applications/{id}");
    let page = app.request("GET", &path, Some(&staff), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let org = &page.body[page
        .body
        .find("id=\"application-organisation\"")
        .expect("its data")..];
    let org = &org[..org.find("</section>").unwrap()];
    assert!(org.contains("대구, South Korea"), "{org}");
    assert!(org.contains("https://www.example.org"), "{org}");
    assert!(org.contains("English, Korean"), "{org}");
    // In the order the work is done.
    let at = |id: &str| {
        page.body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert!(at("acknowledge") < at("f-question"));
    assert!(at("f-question") < at("decide"));
    assert!(at("decide") < at("put-to-vote"));
    assert!(page.body.contains("id=\"ack-due\""));
    // The vote closes on the hub's clock, said so.
    assert!(
        page.body.contains("(Asia/Seoul)</label>"),
        "the zone is named"
    );
    let seoul_week = (chrono::Utc::now() + chrono::Duration::days(7))
        .with_timezone(&chrono_tz::Asia::Seoul)
        .format("%Y-%m-%dT%H")
        .to_string();
    assert!(
        page.body.contains(&format!("value=\"{seoul_week}:")),
        "Seoul time prefilled"
    );
    let c = app.csrf(&staff).await;
    let r = app
        .request(
            "POST",
            &format!("{path}/acknowledge"),
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("version", "1")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.request("GET", &path, Some(&staff), None).await;
    assert!(!page.body.contains("id=\"ack-due\""), "the deadline is met");
    assert!(!page.body.contains("id=\"acknowledge\""));
    // Put to the steering committee: the closing time typed is read on the hub's clock.
    let sc = pumasi_store::governance::body_by_slug(db, "steering-committee")
        .await
        .unwrap();
    let input = pumasi_domain::governance::body::RawMandate {
        organisation: "seoul-metropolitan-government".into(),
        role: "member".into(),
        starts_on: "2026-01-01".into(),
        obtained: "elected".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    pumasi_store::governance::add_mandate(db, &sc, &input, None, None)
        .await
        .unwrap();
    let r = app
        .request(
            "POST",
            &format!("/en/governance/applications/{id}/vote"),
            Some(&staff),
            Some(&[("_csrf", c.as_str()), ("closes_at", "2030-01-10T18:00")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/en/motions/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let m = pumasi_store::governance::motions::by_reference(db, &reference)
        .await
        .unwrap();
    assert_eq!(
        m.closes_at.to_rfc3339(),
        "2030-01-10T09:00:00+00:00",
        "18:00 in Seoul is 09:00 UTC"
    );
}

/// A visitor is not put on a members-only registration type; the form says how to get it.
async fn a_members_only_type_is_not_chosen_for_a_visitor(app: TestApp) {
    use pumasi_store::events::registration::{self, NewType};
    let raw = super::events::raw_event("members-2027", "Members day (fictional)", "");
    let input = raw.validate().unwrap();
    let txn = app.state.store.begin_write().await.unwrap();
    let id = pumasi_store::events::create(&txn, &input, None)
        .await
        .unwrap();
    for (code, members_only) in [("delegate", true), ("visitor", false)] {
        registration::add_type(
            &txn,
            id,
            &NewType {
                code: code.into(),
                name: code.into(),
                fee_minor: 0,
                currency: "EUR".into(),
                members_only,
                requires_code: false,
                translations: vec![],
            },
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
    let checked = |body: &str, code: &str| {
        let at = body
            .find(&format!("id=\"f-type-{code}\""))
            .unwrap_or_else(|| panic!("{code} offered"));
        let tag = &body[at..at + body[at..].find('>').unwrap()];
        tag.contains(" checked")
    };
    let page = app
        .request("GET", "/en/events/members-2027/register", None, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!checked(&page.body, "delegate"), "not chosen for a visitor");
    assert!(checked(&page.body, "visitor"));
    assert!(
        page.body
            .contains("href=\"/en/login?next=%2Fen%2Fevents%2Fmembers-2027%2Fregister\""),
        "says how to log in"
    );
    // Someone who speaks for a member organisation gets the first type as before.
    let (rep, _) = app
        .member(
            "members-day@example.org",
            "city-of-bordeaux",
            pumasi_domain::members::OrgRole::Admin,
        )
        .await;
    let page = app
        .request("GET", "/en/events/members-2027/register", Some(&rep), None)
        .await;
    assert!(checked(&page.body, "delegate"));
    assert!(!page.body.contains("/en/login?next="));
    // A signed-in person of no organisation is told whom to ask.
    let nobody = app
        .account("members-none@example.org", SiteRole::Person)
        .await;
    let page = app
        .request(
            "GET",
            "/fr/events/members-2027/register",
            Some(&nobody),
            None,
        )
        .await;
    assert!(!checked(&page.body, "delegate"));
    assert!(
        page.body.contains("demandez à l'administrateur")
            || page.body.contains("demandez à l&#39;administrateur")
    );
}

/// The apply page says what the classes are and what they cost (from the secretariat's fee
/// table, so a change there shows at once) and links the charter the applicant commits to.
async fn the_apply_page_explains_classes_and_fees(app: TestApp) {
    let db = &app.state.store.db;
    let txn = app.state.store.begin_write().await.unwrap();
    pumasi_store::members::dues::set_fee_rule(
        &txn,
        &pumasi_domain::members::FeeRule {
            band: 1,
            class: pumasi_domain::members::MembershipClass::Full,
            amount_minor: 123_400,
            currency: "EUR".into(),
        },
        None,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let _ = db;
    app.state.content_changed();
    let page = app.request("GET", "/fr/apply", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let fees = &page.body[page.body.find("id=\"apply-fees\"").expect("explained")..];
    let fees = &fees[..fees.find("</section>").unwrap()];
    assert!(fees.contains("Membre de plein droit"), "{fees}");
    let table = &fees[fees.find("id=\"fee-table\"").expect("the fee table")..];
    let row = &table[table.find("<th scope=\"row\">1</th>").expect("band 1")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("EUR"), "{row}");
    assert!(
        row.contains("1\u{202F}234,00 EUR"),
        "written the French way: {row}"
    );
    assert!(
        fees.contains("href=\"/fr/charter\""),
        "the charter is linked"
    );
    let charter = app.request("GET", "/fr/charter", None, None).await;
    assert_eq!(charter.status, StatusCode::OK);
}
