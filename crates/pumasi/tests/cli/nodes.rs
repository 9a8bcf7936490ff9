//! Two `pumasi serve` processes on one PostgreSQL database, as the README's load-balanced setup
//! runs them, agree: a change of the network's identity made on one is served by the other; an
//! organisation created through one node's API is found at once by that node's search and soon
//! by the other's, whose cached pages follow; registrations made through both nodes at once
//! give every waitlisted person a distinct place, the place shown later, and the seats freed go
//! in that order. Runs when `PUMASI_TEST_DATABASE_URL` is set (CI sets it).

use std::collections::{BTreeMap, HashMap};
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An answer from a node.
pub(crate) struct Answer {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: String,
}

/// One HTTP/1.1 exchange over a fresh connection (`Connection: close`).
pub(crate) fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the answer");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut rest = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(nl) = rest[at..].windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&rest[at..at + nl])
                    .split(';')
                    .next()
                    .unwrap_or("0")
                    .trim(),
                16,
            )
            .unwrap_or(0);
            if size == 0 {
                break;
            }
            let start = at + nl + 2;
            out.extend_from_slice(&rest[start..start + size]);
            at = start + size + 2;
        }
        rest = out;
    }
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&rest).into_owned(),
    }
}

/// A person's browser on one node: cookies kept between requests.
struct Browser {
    addr: SocketAddr,
    cookies: HashMap<String, String>,
}

impl Browser {
    fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            cookies: HashMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn send(&mut self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Answer {
        let cookie = self.cookie_header();
        let mut headers = extra.to_vec();
        if !cookie.is_empty() {
            headers.push(("Cookie", &cookie));
        }
        let a = http(self.addr, method, path, &headers, body);
        for (k, v) in &a.headers {
            if k.eq_ignore_ascii_case("set-cookie")
                && let Some((name, value)) = v.split(';').next().and_then(|c| c.split_once('='))
            {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        a
    }

    fn get(&mut self, path: &str) -> Answer {
        self.send("GET", path, &[], b"")
    }

    fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    }

    /// The CSRF token of the page at `path` (its hidden field).
    fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path);
        field_value(&page.body, "_csrf")
            .unwrap_or_else(|| panic!("no _csrf on {path}: {}", page.status))
    }

    fn login(&mut self, email: &str, password: &str) {
        let csrf = self.csrf("/en/login");
        let a = self.post_form(
            "/en/login",
            &[("_csrf", &csrf), ("email", email), ("password", password)],
        );
        assert_eq!(a.status, 303, "login as {email}: {}", a.body);
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the form field named `name` (an `<input>` with `value="…"`).
fn field_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + 7;
    let end = v + tag[v..].find('"')?;
    Some(
        tag[v..end]
            .replace("&#x2F;", "/")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// A `pumasi serve` process; killed when dropped, its log shown when a test fails.
pub(crate) struct Node {
    child: Child,
    pub(crate) addr: SocketAddr,
    log: std::path::PathBuf,
}

impl Node {
    fn start(dir: &std::path::Path, name: &str, url: &str, demo: bool) -> Self {
        Self::start_with(dir, name, &[("PUMASI_DATABASE_URL", url)], demo)
    }

    /// A node with the given environment (`PUMASI_LISTEN`, `PUMASI_DATA_DIR` and
    /// `PUMASI_BASE_URL` are its own).
    pub(crate) fn start_with(
        dir: &std::path::Path,
        name: &str,
        env: &[(&str, &str)],
        demo: bool,
    ) -> Self {
        let addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let mut args = vec!["serve"];
        if demo {
            args.push("--demo");
        }
        let child = Command::new(super::BIN)
            .args(&args)
            .current_dir(dir)
            .env_remove("PUMASI_DATABASE_URL")
            .env_remove("DATABASE_URL")
            .env_remove("PUMASI_SMTP_URL")
            .env_remove("PUMASI_MAX_CONNECTIONS")
            .env_remove("PUMASI_HEADER_TIMEOUT_SECS")
            .envs(env.iter().copied())
            .env("PUMASI_DATA_DIR", dir.join(name))
            .env("PUMASI_LISTEN", addr.to_string())
            .env("PUMASI_BASE_URL", format!("http://{addr}"))
            .env("PUMASI_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start pumasi serve");
        let mut node = Self { child, addr, log };
        node.wait_ready();
        node
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        loop {
            if TcpStream::connect(self.addr).is_ok()
                && http(self.addr, "GET", "/healthz", &[], b"").status == 200
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("node exited with {status}:\n{}", self.log_text());
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "node not ready in 120 s:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- {} ---\n{}", self.log.display(), self.log_text());
        }
    }
}

/// Polls `check` until it holds or `within` passes; returns whether it held.
fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    check()
}

/// A fresh PostgreSQL database for this test: its URL, and the admin URL to drop it.
fn database(rt: &tokio::runtime::Runtime) -> Option<(String, String, String)> {
    let Ok(url) = std::env::var("PUMASI_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("PUMASI_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "PUMASI_REQUIRE_POSTGRES=1 but PUMASI_TEST_DATABASE_URL is not set"
        );
        eprintln!("SKIPPED: two nodes need PostgreSQL (PUMASI_TEST_DATABASE_URL)");
        return None;
    };
    let name = format!("pumasi_nodes_{}", uuid::Uuid::now_v7().simple());
    rt.block_on(async {
        use pumasi_store::sea_orm::ConnectionTrait;
        let admin = pumasi_store::Store::connect(&url)
            .await
            .expect("PostgreSQL reachable");
        admin
            .db
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
    });
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(b, _)| b)
        .to_owned();
    Some((format!("{base}/{name}"), url, name))
}

/// Drops the test database when the test ends, passed or not.
struct DropDb<'a> {
    rt: &'a tokio::runtime::Runtime,
    admin: String,
    name: String,
}

impl Drop for DropDb<'_> {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        self.rt.block_on(async move {
            use pumasi_store::sea_orm::ConnectionTrait;
            if let Ok(s) = pumasi_store::Store::connect(&admin).await {
                let _ = s
                    .db
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            }
        });
    }
}

/// If this fails, two nodes behind one load balancer disagree: one serves a language the
/// administrator turned off, a new organisation is not found, a page stays stale, or people
/// are promoted from the waitlist out of the order they were told.
#[test]
fn two_nodes_on_one_postgresql_agree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some((url, admin_url, name)) = database(&rt) else {
        return;
    };
    let _drop = DropDb {
        rt: &rt,
        admin: admin_url,
        name,
    };
    let dir = tempfile::tempdir().unwrap();
    let a = Node::start(dir.path(), "node-a", &url, true);
    let b = Node::start(dir.path(), "node-b", &url, false);

    // 1. Identity: the administrator turns Spanish off on node A; node B follows.
    assert_eq!(http(b.addr, "GET", "/es/", &[], b"").status, 200);
    let mut admin = Browser::new(a.addr);
    admin.login("admin@demo.pumasi.org", "demo-admin-pass");
    let settings = admin.get("/en/admin/settings");
    assert_eq!(settings.status, 200);
    let value = |n: &str| field_value(&settings.body, n).unwrap_or_else(|| panic!("field {n}"));
    let (csrf, name, short, colour, zone) = (
        value("_csrf"),
        value("name"),
        value("short_name"),
        value("colour"),
        value("time_zone"),
    );
    let saved = admin.post_form(
        "/en/admin/settings",
        &[
            ("_csrf", &csrf),
            ("name", &name),
            ("short_name", &short),
            ("colour", &colour),
            ("time_zone", &zone),
            ("default_language", "en"),
            ("lang_en", "on"),
            ("lang_ko", "on"),
            ("lang_fr", "on"),
        ],
    );
    assert_eq!(saved.status, 303, "settings saved: {}", saved.body);
    assert_eq!(
        http(a.addr, "GET", "/es/", &[], b"").status,
        404,
        "node A at once"
    );
    assert!(
        eventually(Duration::from_secs(15), || http(
            b.addr,
            "GET",
            "/es/",
            &[],
            b""
        )
        .status
            == 404),
        "node B stops serving Spanish too"
    );
    assert_eq!(http(b.addr, "GET", "/fr/", &[], b"").status, 200);

    // 2. Search and pages: node B caches a directory page, node A's API creates an
    // organisation; A's own search finds it at once, B's search and page soon.
    let page = "/en/members?q=Vilnius";
    let before = http(b.addr, "GET", page, &[], b"");
    assert_eq!(before.status, 200);
    assert!(!before.body.contains("Two Nodes Cooperative"));
    let api_csrf = admin.csrf("/en/account");
    let created = admin.send(
        "POST",
        "/api/v1/organisations",
        &[("Content-Type", "application/json"), ("X-CSRF-Token", &api_csrf)],
        br#"{"name":"Two Nodes Cooperative (fictional)","category":"ngo","class":"allied","status":"member","country":"LT","city":"Vilnius"}"#,
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let search = "/api/v1/search?q=Two%20Nodes%20Cooperative";
    assert!(
        http(a.addr, "GET", search, &[], b"")
            .body
            .contains("Two Nodes Cooperative"),
        "the node that wrote it finds it in its next request"
    );
    assert!(
        eventually(Duration::from_secs(15), || http(
            b.addr,
            "GET",
            search,
            &[],
            b""
        )
        .body
        .contains("Two Nodes Cooperative")),
        "the other node's index follows"
    );
    assert!(
        eventually(Duration::from_secs(15), || http(
            b.addr,
            "GET",
            page,
            &[],
            b""
        )
        .body
        .contains("Two Nodes Cooperative")),
        "the other node's cached page follows"
    );

    // 3. A small event (set up in the database, as its organiser would), and registrations
    // through both nodes at once.
    let event = rt.block_on(async {
        let store = pumasi_store::Store::connect(&url).await.unwrap();
        let raw = pumasi_domain::events::RawEvent {
            slug: "two-nodes-workshop".into(),
            kind: "meeting".into(),
            status: "registration".into(),
            mode: "in_person".into(),
            lang: "en".into(),
            title: "Two nodes workshop (fictional)".into(),
            host_city: "Vilnius".into(),
            country: "lt".into(),
            time_zone: "Europe/Vilnius".into(),
            starts_on: "2027-06-01".into(),
            ends_on: "2027-06-01".into(),
            capacity: "8".into(),
            waitlist: "on".into(),
            ..Default::default()
        };
        let input = raw.validate().unwrap();
        let txn = store.begin_write().await.unwrap();
        let id = pumasi_store::events::create(&txn, &input, None)
            .await
            .unwrap();
        pumasi_store::events::registration::add_type(
            &txn,
            id,
            &pumasi_store::events::registration::NewType {
                code: "participant".into(),
                name: "Participant".into(),
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
        id
    });
    let addrs = [a.addr, b.addr];
    let results: Vec<serde_json::Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..60)
            .map(|i| {
                let addr = addrs[i % 2];
                s.spawn(move || {
                    let body = format!(
                        r#"{{"type":"participant","name":"Person {i}","email":"two-nodes-{i}@example.org"}}"#
                    );
                    let r = http(
                        addr,
                        "POST",
                        "/api/v1/events/two-nodes-workshop/registrations",
                        &[("Content-Type", "application/json")],
                        body.as_bytes(),
                    );
                    assert_eq!(r.status, 201, "{}", r.body);
                    serde_json::from_str::<serde_json::Value>(&r.body).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut confirmed = Vec::new();
    let mut told: BTreeMap<u64, uuid::Uuid> = BTreeMap::new();
    for r in &results {
        let id: uuid::Uuid = r["id"].as_str().unwrap().parse().unwrap();
        match r["state"].as_str() {
            Some("confirmed") => confirmed.push(id),
            Some("waitlisted") => {
                let place = r["waitlist_position"].as_u64().expect("a place in line");
                assert!(told.insert(place, id).is_none(), "place {place} told twice");
            }
            other => panic!("unexpected state {other:?}"),
        }
    }
    assert_eq!(confirmed.len(), 8, "exactly the seats");
    assert_eq!(
        told.keys().copied().collect::<Vec<_>>(),
        (1..=52).collect::<Vec<u64>>()
    );
    rt.block_on(async {
        use pumasi_store::events::registration;
        let store = pumasi_store::Store::connect(&url).await.unwrap();
        for (place, id) in &told {
            let r = registration::by_id(&store.db, *id).await.unwrap();
            assert_eq!(r.event_id, event);
            assert_eq!(
                registration::waitlist_position(&store.db, &r)
                    .await
                    .unwrap(),
                Some(*place),
                "the place shown later is the place told"
            );
        }
        for (k, id) in confirmed.iter().enumerate() {
            let txn = store.begin_write().await.unwrap();
            let promoted = registration::cancel(&txn, *id, None).await.unwrap();
            txn.commit().await.unwrap();
            let place = u64::try_from(k + 1).unwrap();
            assert_eq!(
                promoted,
                vec![told[&place]],
                "freed seat {} goes to place {place}",
                k + 1
            );
        }
        store.db.close().await.unwrap();
    });
    drop(a);
    drop(b);
}
