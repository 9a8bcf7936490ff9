//! Key flows in a real browser: headless Chromium driven through chromedriver (WebDriver) by
//! fantoccini, against the real `pumasi serve --demo` binary on a free port in a temporary
//! directory.
//!
//! The flow: an organisation applies, the secretariat approves it, the contact person follows
//! the emailed invitation (read from the file mail transport), chooses a password, adds a Korean
//! name through the Korean editor, and the public directory's continent filter survives a
//! language switch. Then the demo's upcoming forum: someone registers in Korean, signed out,
//! adds a session to their programme, downloads their calendar and gets the email with their
//! private link; the check-in person checks the badge in (and may not edit the event); the
//! secretariat sees the registrant and is told that a new session's room is already taken.
//!
//! A second test runs axe-core (WCAG 2.0–2.2, levels A and AA) on the main pages of every role
//! and fails listing each violation. axe-core comes from npm, pinned in `tools/a11y`
//! (`npm ci --prefix tools/a11y`); without it that test says loudly that it skipped, unless
//! `PUMASI_REQUIRE_BROWSER=1`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`);
//! `PUMASI_CHROMIUM` and `PUMASI_CHROMEDRIVER` override where they are looked for. Without
//! them the test says loudly that it skipped, unless `PUMASI_REQUIRE_BROWSER=1` (CI), which
//! makes it fail.

use anyhow::{Context, bail, ensure};
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ORG_NAME: &str = "Gangneung Solidarity Co-op (fictional)";
const ORG_NAME_KO: &str = "강릉 연대 협동조합 (가상)";
const NEW_ADMIN: &str = "newadmin@example.org";
const NEW_PASSWORD: &str = "a-new-admin-password-42";
const SECRETARIAT: (&str, &str) = ("secretariat@demo.pumasi.org", "demo-secretariat-pass");

/// How long a page may take to appear after a click or a navigation.
const PAGE_TIMEOUT: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------------
// Processes

/// Kills the processes this test started (server, chromedriver) however the test ends, and on
/// failure shows the end of their logs.
struct Processes {
    children: Vec<(&'static str, Child, PathBuf)>,
}

impl Processes {
    fn dump_logs(&self) {
        for (name, _, log) in &self.children {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(40).collect();
            eprintln!(
                "----- last lines of the {name} log ({}) -----",
                log.display()
            );
            for l in tail.iter().rev() {
                eprintln!("{l}");
            }
        }
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for (_, child, _) in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// The first of `names` that is an executable file, as given (absolute) or on `PATH`.
fn find_program(env_override: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env_override).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// The status code of a minimal HTTP GET. Only the status line is read: chromedriver keeps the
/// connection open even when asked to close it (and refuses HTTP/1.0).
fn http_status(addr: SocketAddr, path: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 512];
    while !buf.contains(&b'\n') {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(String::from_utf8_lossy(&buf)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0))
}

/// Waits until `GET path` answers 200, or fails if the process exits or time runs out.
fn wait_http_ok(
    procs: &mut Processes,
    which: usize,
    addr: SocketAddr,
    path: &str,
    timeout: Duration,
) -> anyhow::Result<()> {
    let start = Instant::now();
    loop {
        if let Ok(200) = http_status(addr, path) {
            return Ok(());
        }
        let (name, child, _) = &mut procs.children[which];
        if let Some(status) = child.try_wait()? {
            bail!("{name} exited with {status} before http://{addr}{path} answered");
        }
        if start.elapsed() > timeout {
            bail!("http://{addr}{path} did not answer 200 within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------------------------
// Mail

/// Decodes quoted-printable: soft line breaks (`=` at the end of a line) vanish, `=XX` is a byte.
fn decode_quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_base64(s: &str) -> String {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits a raw message into (unfolded headers, decoded body).
fn parse_eml(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let encoding = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-transfer-encoding")
                .then(|| v.trim().to_ascii_lowercase())
        })
        .unwrap_or_default();
    let body = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body),
        _ => body.to_owned(),
    };
    (head, body)
}

/// The password link in the invitation sent to `to`, waiting up to `timeout` for the outbox.
fn wait_invitation_link(mail_dir: &Path, to: &str, timeout: Duration) -> anyhow::Result<String> {
    wait_mail_link(mail_dir, to, "/password/reset/", timeout)
}

/// The first link containing `needle` in a message to `to` (lower case), waiting up to
/// `timeout` for the outbox to write it. The link ends at white space or at a character that
/// cannot be part of it in running text (`<>"'()`).
fn wait_mail_link(
    mail_dir: &Path,
    to: &str,
    needle: &str,
    timeout: Duration,
) -> anyhow::Result<String> {
    let start = Instant::now();
    loop {
        for entry in std::fs::read_dir(mail_dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.extension().is_none_or(|e| e != "eml") {
                continue;
            }
            let Ok(raw) = std::fs::read_to_string(&p) else {
                continue;
            };
            let (head, body) = parse_eml(&raw);
            let to_us = head.lines().any(|l| {
                l.to_ascii_lowercase().starts_with("to:") && l.to_ascii_lowercase().contains(to)
            });
            let Some(at) = body.find(needle).filter(|_| to_us) else {
                continue;
            };
            let begin = body[..at]
                .rfind("http")
                .with_context(|| format!("no http before {needle:?} in {}", p.display()))?;
            let end = body[at..]
                .find(|c: char| c.is_whitespace() || "<>\"'()".contains(c))
                .map_or(body.len(), |e| at + e);
            return Ok(body[begin..end].to_owned());
        }
        if start.elapsed() > timeout {
            let names: Vec<_> = std::fs::read_dir(mail_dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name())
                .collect();
            bail!(
                "no message to {to} with a {needle} link in {} after {timeout:?} (files: {names:?})",
                mail_dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP (for downloads, which the browser would save rather than show)

/// A whole HTTP response: status, headers (names in lower case) and body.
struct HttpReply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpReply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` on the hub at `base` (`http://host:port`), read to the end: the request says
/// `Connection: close`, which the hub honours. A chunked body is put back together.
fn http_get(base: &str, path: &str) -> anyhow::Result<HttpReply> {
    let addr: SocketAddr = base
        .strip_prefix("http://")
        .and_then(|a| a.parse().ok())
        .with_context(|| format!("not a local http address: {base}"))?;
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .with_context(|| format!("reading the answer to GET {path}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .with_context(|| format!("no end of headers in the answer to GET {path}"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .with_context(|| format!("no status line in the answer to GET {path}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let eol = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .context("a chunk without its size line")?;
            let size_line = String::from_utf8_lossy(&rest[..eol]);
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .with_context(|| format!("bad chunk size {size_line:?}"))?;
            rest = &rest[eol + 2..];
            if size == 0 {
                break;
            }
            ensure!(rest.len() >= size + 2, "a chunk cut short");
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Ok(HttpReply {
        status,
        headers,
        body,
    })
}

/// An iCalendar text's content lines, unfolded (RFC 5545 3.1: a CRLF followed by a space or a
/// tab continues the line). Fails if a line ends without CR or is longer than 75 octets.
fn ics_lines(ics: &str) -> anyhow::Result<Vec<String>> {
    for (n, line) in ics.split_terminator("\r\n").enumerate() {
        ensure!(
            !line.contains('\n'),
            "line {} of the calendar ends with a bare LF: {line:?}",
            n + 1
        );
        ensure!(
            line.len() <= 75,
            "line {} of the calendar is {} octets long (more than 75): {line:?}",
            n + 1,
            line.len()
        );
    }
    Ok(ics
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .split_terminator("\r\n")
        .map(str::to_owned)
        .collect())
}

/// The value of an unfolded content line `NAME[;params]:value` if its name is `name`, with
/// TEXT escapes (`\\`, `\;`, `\,`, `\n`) undone.
fn ics_text(line: &str, name: &str) -> Option<String> {
    let (left, value) = line.split_once(':')?;
    let prop = left.split(';').next()?;
    if !prop.eq_ignore_ascii_case(name) {
        return None;
    }
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(ch);
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Browser helpers

async fn find(c: &Client, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
    c.wait()
        .at_most(PAGE_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("no element {css:?} on the page"))
}

async fn fill(c: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    let e = find(c, css).await?;
    e.clear().await.with_context(|| format!("clear {css}"))?;
    e.send_keys(text)
        .await
        .with_context(|| format!("typing into {css}"))?;
    Ok(())
}

async fn click(c: &Client, css: &str) -> anyhow::Result<()> {
    find(c, css)
        .await?
        .click()
        .await
        .with_context(|| format!("click {css}"))
}

async fn text(c: &Client, css: &str) -> anyhow::Result<String> {
    Ok(find(c, css).await?.text().await?)
}

/// Waits until the current URL's path (and query) satisfies `ok`; returns the URL.
async fn wait_url(
    c: &Client,
    what: &str,
    ok: impl Fn(&str, &str) -> bool,
) -> anyhow::Result<String> {
    let start = Instant::now();
    loop {
        let url = c.current_url().await?;
        if ok(url.path(), url.query().unwrap_or("")) {
            return Ok(url.to_string());
        }
        if start.elapsed() > PAGE_TIMEOUT {
            let notice = page_errors(c).await;
            bail!("expected {what}, but the browser is at {url}{notice}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The error summary of the current page, for failure messages.
async fn page_errors(c: &Client) -> String {
    match c.find(Locator::Css(".errors, .error, main h1")).await {
        Ok(e) => format!(" (page says: {:?})", e.text().await.unwrap_or_default()),
        Err(_) => String::new(),
    }
}

async fn html_lang(c: &Client) -> anyhow::Result<String> {
    Ok(find(c, "html")
        .await?
        .attr("lang")
        .await?
        .unwrap_or_default())
}

async fn login(c: &Client, base: &str, email: &str, password: &str) -> anyhow::Result<()> {
    c.goto(&format!("{base}/en/login")).await?;
    fill(c, "#f-email", email).await?;
    fill(c, "#f-password", password).await?;
    click(c, "main form button[type=submit]").await?;
    wait_url(c, &format!("{email} logged in"), |p, _| {
        !p.ends_with("/login")
    })
    .await?;
    Ok(())
}

async fn logout(c: &Client) -> anyhow::Result<()> {
    // The person's menu folds away like every group of the navigation: open it first.
    click(c, "header details:has(form[action$='/logout']) > summary").await?;
    click(c, "header form[action$='/logout'] button[type=submit]").await?;
    wait_url(c, "the logged-out home page", |_, q| {
        q.contains("done=logged-out")
    })
    .await?;
    ensure!(
        c.find(Locator::Css("header form[action$='/logout']"))
            .await
            .is_err(),
        "still logged in after logging out"
    );
    Ok(())
}

/// Where to write the screenshot: the Cargo target directory this test binary lives in.
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|e| e.ancestors().nth(3).map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

// ---------------------------------------------------------------------------------------------
// The flow

/// Fills in and sends the membership application for `name` with `contact` as the contact
/// person; returns the notice on the home page it leads to.
async fn submit_application(
    c: &Client,
    base: &str,
    name: &str,
    contact: &str,
) -> anyhow::Result<String> {
    c.goto(&format!("{base}/en/apply")).await?;
    ensure!(
        html_lang(c).await? == "en",
        "the apply page is not in English"
    );
    fill(c, "#f-name", name).await?;
    find(c, "#f-lang").await?.select_by_value("en").await?;
    // The first real category, whatever the vocabulary calls it (index 0 is "choose").
    find(c, "#f-category").await?.select_by_index(1).await?;
    find(c, "#f-class").await?.select_by_value("full").await?;
    find(c, "#f-country").await?.select_by_value("KR").await?;
    fill(c, "#f-city", "Gangneung").await?;
    fill(
        c,
        "#f-statement",
        "We share the values of the social and solidarity economy and the network's charter.",
    )
    .await?;
    fill(c, "#f-signatory_name", "Kim Min-ji").await?;
    fill(c, "#f-signatory_title", "Chair of the board").await?;
    let confirm = find(c, "#f-signatory_confirmed").await?;
    if !confirm.is_selected().await? {
        confirm.click().await?;
    }
    fill(c, "#f-contact_name", "Lee Ha-eun").await?;
    fill(c, "#f-contact_email", contact).await?;
    click(c, "main form.form button[type=submit]").await?;
    wait_url(c, "the home page after applying", |p, q| {
        p == "/en/" && q.contains("done=application-received")
    })
    .await?;
    let notice = text(c, "p.notice").await?;
    ensure!(
        notice.contains("application was received"),
        "unexpected notice after applying: {notice:?}"
    );
    Ok(notice)
}

/// In Korean, on a phone-sized window: an organisation whose name has no Latin letter applies,
/// the secretariat approves it, and its new admin chooses a password, logs in and lands on its
/// to-do list.
async fn korean_flow(c: &Client, base: &str, mail_dir: &Path) -> anyhow::Result<()> {
    const NAME: &str = "광주사회적경제연대회의";
    const CONTACT: &str = "gwangju-admin@example.org";
    // The first flow leaves its new admin logged in; the next flows continue as them.
    let was_logged_in = c
        .find(Locator::Css("header form[action$='/logout']"))
        .await
        .is_ok();
    if was_logged_in {
        logout(c).await?;
    }
    c.set_window_size(375, 800).await?;
    c.goto(&format!("{base}/ko/apply")).await?;
    ensure!(
        html_lang(c).await? == "ko",
        "the apply page is not in Korean"
    );
    fill(c, "#f-name", NAME).await?;
    find(c, "#f-lang").await?.select_by_value("ko").await?;
    find(c, "#f-category").await?.select_by_index(1).await?;
    find(c, "#f-class").await?.select_by_value("full").await?;
    find(c, "#f-country").await?.select_by_value("KR").await?;
    fill(c, "#f-city", "광주").await?;
    fill(
        c,
        "#f-statement",
        "우리는 사회연대경제의 가치와 네트워크 헌장을 공유합니다.",
    )
    .await?;
    fill(c, "#f-signatory_name", "김민지").await?;
    fill(c, "#f-signatory_title", "이사장").await?;
    let confirm = find(c, "#f-signatory_confirmed").await?;
    if !confirm.is_selected().await? {
        confirm.click().await?;
    }
    fill(c, "#f-contact_name", "이하은").await?;
    fill(c, "#f-contact_email", CONTACT).await?;
    click(c, "main form.form button[type=submit]").await?;
    wait_url(c, "the Korean home page after applying", |p, q| {
        p == "/ko/" && q.contains("done=application-received")
    })
    .await?;
    println!("k1. a Hangul-only organisation applied");

    c.set_window_size(1280, 900).await?;
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    c.goto(&format!("{base}/ko/secretariat/applications"))
        .await?;
    let mut link = None;
    for a in c
        .find_all(Locator::Css(
            "main table a[href*='/secretariat/applications/']",
        ))
        .await?
    {
        if a.text().await? == NAME {
            link = Some(a);
        }
    }
    link.with_context(|| format!("{NAME:?} is not in the list of applications"))?
        .click()
        .await?;
    wait_url(c, "the application page", |p, _| {
        p.starts_with("/ko/secretariat/applications/")
    })
    .await?;
    fill(c, "#f-reference", "SC-2026-11").await?;
    click(c, "#decide button[type=submit]:not([formaction])").await?;
    wait_url(c, "the application page after approval", |p, q| {
        p.starts_with("/ko/secretariat/applications/") && q.contains("done=saved")
    })
    .await?;
    logout(c).await?;
    println!("k2. approved");

    c.set_window_size(375, 800).await?;
    let link = wait_invitation_link(mail_dir, CONTACT, Duration::from_secs(20))?;
    c.goto(&link).await?;
    fill(c, "#f-new", NEW_PASSWORD).await?;
    fill(c, "#f-confirm", NEW_PASSWORD).await?;
    click(c, "main form button[type=submit]").await?;
    wait_url(c, "the login page after choosing a password", |p, q| {
        p.ends_with("/login") && q.contains("done=password-reset")
    })
    .await?;
    fill(c, "#f-email", CONTACT).await?;
    fill(c, "#f-password", NEW_PASSWORD).await?;
    click(c, "main form button[type=submit]").await?;
    wait_url(c, "the to-do list in Korean", |p, _| p == "/ko/todo").await?;
    let h1 = text(c, "main h1").await?;
    ensure!(h1 == "할 일", "the to-do page is titled {h1:?}");
    let votes = text(c, "#todo-votes").await?;
    ensure!(
        !votes.is_empty(),
        "a representative sees its organisation's votes section"
    );
    ensure!(
        c.find(Locator::Css("#todo-applications")).await.is_err(),
        "a new member's admin sees the secretariat's applications"
    );
    let (scroll, client, _) = page_widths(c).await?;
    ensure!(
        scroll <= client,
        "the to-do list is wider than the phone: {scroll} > {client}"
    );
    logout(c).await?;
    c.set_window_size(1280, 900).await?;
    println!("k3. its admin logged in and landed on the to-do list");
    if was_logged_in {
        login(c, base, NEW_ADMIN, NEW_PASSWORD).await?;
    }
    Ok(())
}

async fn flow(c: &Client, base: &str, mail_dir: &Path) -> anyhow::Result<()> {
    // 1. The membership application.
    let notice = submit_application(c, base, ORG_NAME, NEW_ADMIN).await?;
    println!("1. application submitted: {notice}");

    // 2. The secretariat approves.
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    c.goto(&format!("{base}/en/secretariat/applications"))
        .await?;
    let mut link = None;
    for a in c
        .find_all(Locator::Css(
            "main table a[href*='/secretariat/applications/']",
        ))
        .await?
    {
        if a.text().await? == ORG_NAME {
            link = Some(a);
        }
    }
    link.with_context(|| format!("{ORG_NAME:?} is not in the list of applications"))?
        .click()
        .await?;
    wait_url(c, "the application page", |p, _| {
        p.starts_with("/en/secretariat/applications/")
    })
    .await?;
    ensure!(
        text(c, "main h1").await? == ORG_NAME,
        "wrong application opened"
    );
    fill(c, "#f-reference", "SC-2025-07").await?;
    let approve = find(c, "#decide button[type=submit]:not([formaction])").await?;
    ensure!(
        approve.text().await? == "Record approval",
        "the approval button is labelled {:?}",
        approve.text().await?
    );
    approve.click().await?;
    wait_url(c, "the application page after approval", |p, q| {
        p.starts_with("/en/secretariat/applications/") && q.contains("done=saved")
    })
    .await?;
    let state = text(c, "#application-state").await?;
    ensure!(
        state == "Approved",
        "application state after approval: {state:?}"
    );
    println!("2. application approved: state {state:?}");
    logout(c).await?;

    // 3. The invitation email and the first password.
    let link = wait_invitation_link(mail_dir, NEW_ADMIN, Duration::from_secs(20))?;
    ensure!(
        link.starts_with(base),
        "the invitation link {link:?} does not point at this hub ({base})"
    );
    println!("3. invitation link: {link}");
    c.goto(&link).await?;
    fill(c, "#f-new", NEW_PASSWORD).await?;
    fill(c, "#f-confirm", NEW_PASSWORD).await?;
    click(c, "main form button[type=submit]").await?;
    wait_url(c, "the login page after choosing a password", |p, q| {
        p.ends_with("/login") && q.contains("done=password-reset")
    })
    .await?;
    login(c, base, NEW_ADMIN, NEW_PASSWORD).await?;

    // 4. The Korean name, entered in the Korean editor.
    c.goto(&format!("{base}/en/account")).await?;
    let edit = find(c, "main a[href^='/en/members/'][href$='/edit']").await?;
    ensure!(
        edit.text().await? == "Edit profile",
        "the edit link is labelled {:?}",
        edit.text().await?
    );
    let href = edit.attr("href").await?.unwrap_or_default();
    let slug = href
        .strip_prefix("/en/members/")
        .and_then(|s| s.strip_suffix("/edit"))
        .with_context(|| format!("unexpected edit link {href:?}"))?
        .to_owned();
    edit.click().await?;
    wait_url(c, "the English editor", |p, _| p == href).await?;
    click(c, "nav.langs a[hreflang=ko]").await?;
    let ko_edit = format!("/ko/members/{slug}/edit");
    wait_url(c, "the Korean editor", |p, _| p == ko_edit).await?;
    ensure!(html_lang(c).await? == "ko", "the editor is not in Korean");
    fill(c, "#f-name_ko", ORG_NAME_KO).await?;
    click(c, "main form.form button[type=submit]").await?;
    let ko_profile = format!("/ko/members/{slug}");
    wait_url(c, "the Korean profile after saving", |p, _| p == ko_profile).await?;
    ensure!(html_lang(c).await? == "ko", "the profile is not in Korean");
    let h1 = text(c, "main h1").await?;
    let h1_lang = find(c, "main h1").await?.attr("lang").await?;
    ensure!(
        h1_lang.as_deref() == Some("ko"),
        "the Korean name is marked as lang={h1_lang:?}"
    );
    ensure!(
        h1 == ORG_NAME_KO,
        "the Korean profile's heading is {h1:?}, not {ORG_NAME_KO:?}"
    );
    let shot = target_dir().join("browser-ko-profile.png");
    match c.screenshot().await {
        Ok(png) => match std::fs::write(&shot, png) {
            Ok(()) => println!("   screenshot: {}", shot.display()),
            Err(e) => println!("   screenshot not written to {}: {e}", shot.display()),
        },
        Err(e) => println!("   no screenshot: {e}"),
    }
    println!("4. Korean name saved: {h1} at {ko_profile}");
    logout(c).await?;

    // 5. The directory filtered to Africa.
    c.goto(&format!("{base}/en/members")).await?;
    find(c, "#f-continent").await?.select_by_value("AF").await?;
    click(c, "form.filters button[type=submit]").await?;
    wait_url(c, "the directory filtered to Africa", |p, q| {
        p == "/en/members" && q.split('&').any(|kv| kv == "continent=AF")
    })
    .await?;
    let count = text(c, "#result-count").await?;
    let total: usize = count
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("no number in the result count {count:?}"))?;
    ensure!(total > 0, "no African member: {count:?}");
    let african: Vec<&str> = pumasi_domain::countries::all()
        .iter()
        .filter(|c| c.continent == pumasi_domain::countries::Continent::Africa)
        .map(|c| c.name("en"))
        .collect();
    let cards = c.find_all(Locator::Css("ul.cards li.card")).await?;
    ensure!(!cards.is_empty(), "{count:?} but no card is listed");
    ensure!(cards.len() <= total, "{} cards for {count:?}", cards.len());
    let more_pages = c.find(Locator::Css("nav.pager a[rel=next]")).await.is_ok();
    ensure!(
        more_pages || cards.len() == total,
        "{} cards on the only page for {count:?}",
        cards.len()
    );
    let mut all_text = String::new();
    for card in &cards {
        let meta = card.find(Locator::Css(".meta")).await?.text().await?;
        // "category · city, country · class"
        let place = meta.split(" · ").nth(1).unwrap_or("");
        ensure!(
            african
                .iter()
                .any(|n| place == *n || place.ends_with(&format!(", {n}"))),
            "a card outside Africa in the Africa filter: {meta:?}"
        );
        all_text.push_str(&card.text().await?);
        all_text.push('\n');
    }
    ensure!(
        all_text.contains("Dakar") || all_text.contains("Senegal"),
        "no Senegalese member among the African ones:\n{all_text}"
    );
    ensure!(
        !all_text.contains("Seoul") && !all_text.contains(ORG_NAME),
        "a Korean member among the African ones:\n{all_text}"
    );
    println!("5. Africa filter: {count} ({} cards checked)", cards.len());

    // 6. Switching language keeps the filter.
    click(c, "nav.langs a[hreflang=fr]").await?;
    let url = wait_url(c, "the French directory", |p, _| p == "/fr/members").await?;
    ensure!(html_lang(c).await? == "fr", "the page is not in French");
    ensure!(
        url.contains("continent=AF"),
        "the continent filter was lost when switching language: {url}"
    );
    let selected = find(c, "#f-continent").await?.prop("value").await?;
    ensure!(
        selected.as_deref() == Some("AF"),
        "the French continent filter shows {selected:?}"
    );
    println!("6. French directory keeps the filter: {url}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The forum: registering in Korean, my programme, the calendar, check-in, the organiser

const FORUM: &str = "demo-forum-2027-lisbon";
/// The forum's first and second days (Europe/Lisbon).
const FORUM_DAY1: &str = "2027-05-11";
const FORUM_DAY2: &str = "2027-05-12";
const CHECKIN: (&str, &str) = ("checkin@demo.pumasi.org", "demo-checkin-pass");
const REGISTRANT_KO: &str = "김하늘";
const REGISTRANT_EMAIL: &str = "haneul.kim@example.org";
/// The dietary question's Korean label and the answer chosen (from `demo/events.json`).
const DIETARY_KO: &str = "식이 요구 사항";
const DIETARY_ANSWER_KO: &str = "비건";

/// On the registration form now shown: chooses the `participant` type (open to anyone, with a
/// fee) and types the name and the email.
async fn fill_registration(c: &Client, name: &str, email: &str) -> anyhow::Result<()> {
    click(c, "#f-type-participant").await?;
    ensure!(
        find(c, "#f-type-participant").await?.is_selected().await?,
        "the participant type could not be chosen"
    );
    fill(c, "#f-name", name).await?;
    fill(c, "#f-email", email).await?;
    Ok(())
}

/// Sends the registration form now shown and waits for the registration page it leads to
/// (`/{locale}/registrations/{token}?done=registered`); returns that page's path.
async fn send_registration(c: &Client, locale: &str) -> anyhow::Result<String> {
    click(c, "main form.form button[type=submit]").await?;
    let prefix = format!("/{locale}/registrations/");
    wait_url(c, "the registration page after registering", |p, q| {
        p.strip_prefix(prefix.as_str())
            .is_some_and(|t| !t.is_empty() && !t.contains('/'))
            && q.split('&').any(|kv| kv == "done=registered")
    })
    .await?;
    Ok(c.current_url().await?.path().to_owned())
}

/// On a programme page (the public timetable or "my programme"): the first session listed,
/// as (id, title, start, end, room).
async fn first_session(c: &Client) -> anyhow::Result<(String, String, String, String, String)> {
    let li = find(c, "main li.session").await?;
    let a = li.find(Locator::Css("h4 a")).await?;
    let href = a.attr("href").await?.unwrap_or_default();
    let id = href
        .rsplit('/')
        .next()
        .filter(|id| !id.is_empty())
        .with_context(|| format!("no session id in {href:?}"))?
        .to_owned();
    let times = li.find_all(Locator::Css("p.when time")).await?;
    ensure!(
        times.len() == 2,
        "{} times in a session's line",
        times.len()
    );
    let when = li.find(Locator::Css("p.when")).await?.text().await?;
    let room = when
        .split_once(" · ")
        .map(|(_, r)| r.trim().to_owned())
        .unwrap_or_default();
    Ok((
        id,
        a.text().await?,
        times[0].text().await?,
        times[1].text().await?,
        room,
    ))
}

/// As an organiser: reads the first session of the forum's first day from the timetable, then
/// fills the new-session form with the same room and the same times and sends it with the
/// browser's own validation off, so the server answers. Returns (room, the error on the room).
async fn submit_conflicting_session(c: &Client, base: &str) -> anyhow::Result<(String, String)> {
    c.goto(&format!(
        "{base}/en/events/{FORUM}/programme?day={FORUM_DAY1}"
    ))
    .await?;
    let (_, title, start, end, room) = first_session(c).await?;
    ensure!(
        !room.is_empty(),
        "the first session of {FORUM_DAY1} ({title:?}) has no room"
    );
    let new_path = format!("/en/events/{FORUM}/sessions/new");
    c.goto(&format!("{base}{new_path}")).await?;
    fill(c, "#f-title", "Double-booked room check (fictional)").await?;
    find(c, "#f-room")
        .await?
        .select_by_label(&room)
        .await
        .with_context(|| format!("no room {room:?} in the session form"))?;
    let room_value = find(c, "#f-room").await?.prop("value").await?;
    // datetime-local fields take their value in one form whatever the browser's locale.
    let (starts, ends) = (
        format!("{FORUM_DAY1}T{start}"),
        format!("{FORUM_DAY1}T{end}"),
    );
    c.execute(
        "document.getElementById('f-starts_at').value = arguments[0];\
         document.getElementById('f-ends_at').value = arguments[1];\
         document.querySelector('main form.form').noValidate = true;",
        vec![starts.clone().into(), ends.clone().into()],
    )
    .await?;
    ensure!(
        find(c, "#f-starts_at")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some(starts.as_str()),
        "the start {starts} did not take in the session form"
    );
    click(c, "main form.form button[type=submit]").await?;
    let error = text(c, "#e-room").await?;
    wait_url(c, "the session form with its errors", |p, _| p == new_path).await?;
    let room_field = find(c, "#f-room").await?;
    ensure!(
        room_field.attr("aria-invalid").await?.as_deref() == Some("true"),
        "the room field is not marked invalid"
    );
    ensure!(
        room_field.attr("aria-describedby").await?.as_deref() == Some("e-room"),
        "the room field does not point at its error"
    );
    ensure!(
        room_field.prop("value").await? == room_value,
        "the chosen room was lost on the form sent back"
    );
    ensure!(!error.trim().is_empty(), "an empty error on the room");
    println!("   {room} {starts}–{end} is {title:?}'s; the form says: {error:?}");
    Ok((room, error))
}

/// "Register for the upcoming forum in Korean, see the confirmation, add a session to my
/// programme, download the .ics; staff checks the badge in", then the organiser's view.
async fn event_flow(c: &Client, base: &str, mail_dir: &Path) -> anyhow::Result<()> {
    // 7. Registering, signed out, in Korean.
    let event_path = format!("/ko/events/{FORUM}");
    c.goto(&format!("{base}{event_path}")).await?;
    ensure!(
        html_lang(c).await? == "ko",
        "the forum's page is not in Korean"
    );
    let register_path = format!("{event_path}/register");
    click(c, &format!("main a[href='{register_path}']")).await?;
    wait_url(c, "the Korean registration form", |p, _| p == register_path).await?;
    ensure!(
        html_lang(c).await? == "ko",
        "the registration form is not in Korean"
    );
    fill_registration(c, REGISTRANT_KO, REGISTRANT_EMAIL).await?;
    let mut dietary = None;
    for label in c
        .find_all(Locator::Css("main form label[for^='f-q-']"))
        .await?
    {
        if label.text().await?.starts_with(DIETARY_KO) {
            dietary = label.attr("for").await?;
        }
    }
    let dietary = dietary.with_context(|| format!("no question {DIETARY_KO:?} on the form"))?;
    find(c, &format!("select[id='{dietary}']"))
        .await?
        .select_by_label(DIETARY_ANSWER_KO)
        .await
        .with_context(|| format!("no answer {DIETARY_ANSWER_KO:?} to {DIETARY_KO:?}"))?;
    let reg_path = send_registration(c, "ko").await?;
    ensure!(
        html_lang(c).await? == "ko",
        "the registration page is not in Korean"
    );
    let state = text(c, "main .state.state-confirmed").await?;
    let code = text(c, "main .code .mono").await?;
    ensure!(
        code.len() == 11
            && code.as_bytes()[5] == b'-'
            && code
                .chars()
                .all(|ch| ch == '-' || ch.is_ascii_uppercase() || ch.is_ascii_digit()),
        "the badge code looks wrong: {code:?}"
    );
    find(c, "main figure.qr svg").await?;
    let facts = text(c, "main dl.facts").await?;
    ensure!(
        facts.contains(REGISTRANT_KO) && facts.contains(REGISTRANT_EMAIL),
        "the registration page does not show the name and email:\n{facts}"
    );
    ensure!(
        facts.contains(DIETARY_ANSWER_KO),
        "the dietary answer {DIETARY_ANSWER_KO:?} is not shown:\n{facts}"
    );
    ensure!(
        facts.contains("150"),
        "the participant fee (150 EUR) is not shown:\n{facts}"
    );
    println!("7. registered in Korean: {state:?}, badge {code}, at {reg_path}");

    // 8. A session of the second day into my programme.
    let programme_path = format!("{reg_path}/programme");
    click(c, &format!("main a[href='{programme_path}']")).await?;
    wait_url(c, "my programme", |p, _| p == programme_path).await?;
    let day2 = format!("day={FORUM_DAY2}");
    click(c, &format!("main nav.days a[href='?{day2}']")).await?;
    wait_url(c, "my programme on the second day", |p, q| {
        p == programme_path && q.split('&').any(|kv| kv == day2)
    })
    .await?;
    ensure!(
        find(c, "main nav.days a[aria-current='page']")
            .await?
            .attr("href")
            .await?
            .as_deref()
            == Some(format!("?{day2}").as_str()),
        "the second day's tab is not marked as the current one"
    );
    let (session, title, start, end, room) = first_session(c).await?;
    let row = format!("main li.session:has(h4 a[href$='/sessions/{session}'])");
    click(c, &format!("{row} form button[type=submit]")).await?;
    find(c, &format!("{row} .in-programme")).await?;
    ensure!(
        c.find(Locator::Css("main .errors")).await.is_err(),
        "adding {title:?} to my programme failed: {}",
        text(c, "main .errors").await?
    );
    let url = c.current_url().await?;
    ensure!(
        url.path() == programme_path && url.query().unwrap_or("").contains(&day2),
        "after adding a session the browser is at {url}"
    );
    click(c, &format!("main p.note a[href='{reg_path}']")).await?;
    wait_url(c, "the registration page", |p, _| p == reg_path).await?;
    let listed = text(
        c,
        &format!("main ul.sessions a[href$='/sessions/{session}']"),
    )
    .await?;
    ensure!(
        listed == title,
        "my programme lists {listed:?}, not {title:?}"
    );
    println!("8. in my programme: {title:?}, {FORUM_DAY2} {start}–{end}, {room}");

    // 9. The personal calendar, downloaded as a calendar application would.
    let ics_href = find(c, "main a[href$='/calendar.ics']")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    ensure!(
        ics_href == format!("{reg_path}/calendar.ics"),
        "the calendar link is {ics_href:?}"
    );
    let reply = http_get(base, &ics_href)?;
    ensure!(reply.status == 200, "GET {ics_href}: HTTP {}", reply.status);
    let content_type = reply.header("content-type").unwrap_or_default().to_owned();
    ensure!(
        content_type.starts_with("text/calendar"),
        "GET {ics_href}: Content-Type {content_type:?}"
    );
    let ics = String::from_utf8(reply.body).context("the calendar is not UTF-8")?;
    let lines = ics_lines(&ics)?;
    ensure!(
        lines.first().map(String::as_str) == Some("BEGIN:VCALENDAR")
            && lines.last().map(String::as_str) == Some("END:VCALENDAR"),
        "not a VCALENDAR:\n{ics}"
    );
    let mut summaries = Vec::new();
    let mut in_event = false;
    let mut tz_in_event = false;
    for l in &lines {
        match l.as_str() {
            "BEGIN:VEVENT" => in_event = true,
            "END:VEVENT" => in_event = false,
            _ if in_event => {
                if let Some(s) = ics_text(l, "SUMMARY") {
                    summaries.push(s);
                }
                tz_in_event |= l.contains(";TZID=Europe/Lisbon:");
            }
            _ => {}
        }
    }
    ensure!(
        summaries.contains(&title),
        "no VEVENT with SUMMARY {title:?} in the calendar (summaries: {summaries:?})"
    );
    ensure!(
        tz_in_event && lines.iter().any(|l| l == "TZID:Europe/Lisbon"),
        "the session's times are not given in TZID=Europe/Lisbon:\n{ics}"
    );
    println!(
        "9. {ics_href}: {content_type}, {} VEVENT(s): {summaries:?}",
        summaries.len()
    );

    // 10. The confirmation email carries the private link.
    let link = wait_mail_link(
        mail_dir,
        REGISTRANT_EMAIL,
        "/registrations/",
        Duration::from_secs(20),
    )?;
    ensure!(
        link == format!("{base}{reg_path}"),
        "the email's link {link:?} is not the registration page {base}{reg_path}"
    );
    println!("10. email to {REGISTRANT_EMAIL} links to {link}");

    // 11. The check-in desk: the code typed in lower case with its dash, then once more.
    login(c, base, CHECKIN.0, CHECKIN.1).await?;
    let checkin_path = format!("{event_path}/checkin");
    c.goto(&format!("{base}{checkin_path}")).await?;
    ensure!(
        html_lang(c).await? == "ko",
        "the check-in desk is not in Korean"
    );
    fill(c, "#f-code", &code.to_lowercase()).await?;
    click(c, "main form.checkin-form button[type=submit]").await?;
    let who = text(c, "main .checkin-result.ok .who").await?;
    ensure!(
        who == REGISTRANT_KO,
        "the check-in shows {who:?}, not {REGISTRANT_KO:?}"
    );
    let done = text(c, "main .checkin-result.ok .big").await?;
    fill(c, "#f-code", &code.to_lowercase()).await?;
    click(c, "main form.checkin-form button[type=submit]").await?;
    let again = text(c, "main .checkin-result.warn").await?;
    ensure!(
        again.contains(REGISTRANT_KO),
        "the second check-in does not name {REGISTRANT_KO:?}: {again:?}"
    );
    println!(
        "11. check-in of {}: {done:?}; again: {:?}",
        code.to_lowercase(),
        again.replace('\n', " / ")
    );

    // Check-in staff may not edit the event: the error page says 403.
    c.goto(&format!("{base}{event_path}/edit")).await?;
    let status = text(c, "main p.note").await?;
    ensure!(
        status == "HTTP 403",
        "the check-in person on {event_path}/edit gets {status:?}{}",
        page_errors(c).await
    );
    // … and sees the figures, not the list of registrations.
    c.goto(&format!("{base}{event_path}/manage")).await?;
    find(c, "main dl.figures").await?;
    ensure!(
        c.find(Locator::Css("main table.registrations"))
            .await
            .is_err(),
        "the check-in person sees the list of registrations"
    );
    println!("    the check-in person gets {status} on the event's edit form");
    logout(c).await?;

    // 12. The secretariat: the registrant in the list, a double-booked room refused.
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    c.goto(&format!("{base}/en/events/{FORUM}/manage")).await?;
    let mut listed = None;
    for tr in c
        .find_all(Locator::Css("main table.registrations tbody tr"))
        .await?
    {
        let cells = tr.find_all(Locator::Css("td")).await?;
        if cells.len() >= 6 && cells[0].text().await? == REGISTRANT_KO {
            listed = Some((cells[1].text().await?, cells[5].text().await?));
        }
    }
    let (email, checked_in) =
        listed.with_context(|| format!("{REGISTRANT_KO:?} is not in the registrations"))?;
    ensure!(
        email == REGISTRANT_EMAIL,
        "the registrant's email shows as {email:?}"
    );
    ensure!(
        !checked_in.is_empty(),
        "the registrant's check-in time is not shown"
    );
    println!("12. the organiser sees {REGISTRANT_KO} <{email}>, checked in {checked_in}");
    let (room, error) = submit_conflicting_session(c, base).await?;
    println!("    a second session in {room} at the same time is refused: {error:?}");
    logout(c).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Accessibility (axe-core)

const ADMIN: (&str, &str) = ("admin@demo.pumasi.org", "demo-admin-pass");
const ORG_ADMIN: (&str, &str) = ("seoul@demo.pumasi.org", "demo-orgadmin-pass");
const SEOUL: &str = "seoul-metropolitan-government";
const A11Y_ORG: &str = "Accessibility Check Co-op (fictional)";
const A11Y_CONTACT: &str = "a11y-contact@example.org";

/// Runs axe on the current page and hands back a compact summary: per rule, the number of
/// elements, the first three targets and, for the first element, axe's failure summary (which
/// carries the measured and the needed contrast ratio) and its HTML.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
const rules = (list) => list.map((r) => ({
  id: r.id,
  impact: r.impact || null,
  help: r.help,
  nodes: r.nodes.length,
  targets: r.nodes.slice(0, 3).map((n) =>
    n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))).join(" | ")),
  summary: r.nodes.length ? String(r.nodes[0].failureSummary || "") : "",
  html: r.nodes.length ? String(r.nodes[0].html || "").slice(0, 200) : "",
}));
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})
  .then((r) => done({violations: rules(r.violations), incomplete: rules(r.incomplete)}))
  .catch((e) => done({error: String((e && e.stack) || e)}));
"#;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct AxeOutcome {
    error: Option<String>,
    violations: Vec<AxeRule>,
    incomplete: Vec<AxeRule>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct AxeRule {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: usize,
    targets: Vec<String>,
    summary: String,
    html: String,
}

impl AxeRule {
    /// "page: rule [impact] help — n element(s): targets", then axe's explanation and the HTML
    /// of the first element.
    fn describe(&self, page: &str) -> String {
        let mut line = format!(
            "{page}: {} [{}] {} — {} element(s): {}",
            self.id,
            self.impact.as_deref().unwrap_or("?"),
            self.help,
            self.nodes,
            self.targets.join(", ")
        );
        if !self.summary.is_empty() {
            line.push_str("\n      first: ");
            line.push_str(&self.summary.replace('\n', "\n             "));
        }
        if !self.html.is_empty() {
            line.push_str("\n      html: ");
            line.push_str(&self.html);
        }
        line
    }
}

/// What axe found over all pages: violations fail the test, "needs review" items are shown.
#[derive(Default)]
struct Audit {
    axe: String,
    pages: usize,
    violations: Vec<String>,
    review: Vec<String>,
    /// Pages measured on a 375 px phone, and those wider than the screen there.
    phone_pages: usize,
    too_wide: Vec<String>,
    /// Message ids of `locales/*/*.ftl` (those with a hyphen, which no sentence contains as
    /// a word), and pages that show one or an unresolved `{ $placeable }`.
    message_ids: std::collections::HashSet<String>,
    raw_text: Vec<String>,
}

/// The message ids of the English Fluent files.
fn message_ids() -> std::collections::HashSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales/en");
    let mut ids = std::collections::HashSet::new();
    for entry in std::fs::read_dir(&dir).expect("locales/en") {
        let text = std::fs::read_to_string(entry.expect("a locale file").path()).expect("ftl");
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && id.contains('-')
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                ids.insert(id.to_owned());
            }
        }
    }
    assert!(
        ids.len() > 500,
        "only {} message ids found in {}",
        ids.len(),
        dir.display()
    );
    ids
}

/// The width of a small phone, in CSS pixels.
const PHONE_WIDTH: u32 = 375;

/// Measures the page the browser shows: (scrollWidth, clientWidth, innerWidth).
async fn page_widths(c: &Client) -> anyhow::Result<(u64, u64, u64)> {
    let v = c
        .execute(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    let n = |i: usize| v.get(i).and_then(serde_json::Value::as_u64).unwrap_or(0);
    Ok((n(0), n(1), n(2)))
}

impl Audit {
    /// Runs axe on the page the browser shows now, recorded under `page`.
    async fn check(&mut self, c: &Client, page: &str) -> anyhow::Result<()> {
        // WebDriver's Execute Script runs through the DevTools protocol, which the page's CSP
        // (script-src 'self') does not govern; an inline <script> element would be refused.
        let injected = c
            .execute(
                &format!(
                    "{}\n;return typeof window.axe === 'object' && typeof window.axe.run === 'function';",
                    self.axe
                ),
                vec![],
            )
            .await
            .with_context(|| format!("injecting axe-core into {page}"))?;
        ensure!(
            injected == serde_json::Value::Bool(true),
            "axe-core did not load into {page} (got {injected}); is the page's CSP blocking it?"
        );
        let raw = c
            .execute_async(AXE_RUN, vec![])
            .await
            .with_context(|| format!("running axe on {page}"))?;
        let outcome: AxeOutcome = serde_json::from_value(raw.clone())
            .with_context(|| format!("unexpected axe result on {page}: {raw}"))?;
        if let Some(e) = outcome.error {
            bail!("axe failed on {page}: {e}");
        }
        self.pages += 1;
        println!(
            "   a11y {page}: {} violation(s), {} to review",
            outcome.violations.len(),
            outcome.incomplete.len()
        );
        self.violations
            .extend(outcome.violations.iter().map(|r| r.describe(page)));
        self.review
            .extend(outcome.incomplete.iter().map(|r| r.describe(page)));
        // Every audited page is also measured on a phone as it stands (forms with errors too).
        self.phone_here(c, page).await
    }

    /// Narrows the window to a phone, measures the page shown now (one that cannot be loaded
    /// again, such as a form sent back with errors) and widens the window again.
    async fn phone_here(&mut self, c: &Client, page: &str) -> anyhow::Result<()> {
        c.set_window_size(PHONE_WIDTH, 812).await?;
        let r = self.measure(c, page).await;
        c.set_window_size(1280, 1000).await?;
        r
    }

    async fn measure(&mut self, c: &Client, page: &str) -> anyhow::Result<()> {
        let (scroll, client, inner) = page_widths(c).await?;
        let shown = c
            .execute(
                "return document.title + '\\n' + document.body.innerText;",
                vec![],
            )
            .await?;
        let shown = shown.as_str().unwrap_or_default();
        if shown.contains("{$") || shown.contains("{ $") {
            self.raw_text
                .push(format!("{page}: an unresolved placeable"));
        }
        for word in shown.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-')) {
            if self.message_ids.contains(word) {
                self.raw_text.push(format!("{page}: the message id {word}"));
            }
        }
        ensure!(
            inner <= u64::from(PHONE_WIDTH),
            "the window did not narrow to {PHONE_WIDTH} px (innerWidth {inner}) on {page}"
        );
        self.phone_pages += 1;
        if scroll > client {
            self.too_wide
                .push(format!("{page}: {scroll} px wide on a {client} px screen"));
        }
        Ok(())
    }

    /// Loads `path` in each of the four languages on a 375 px phone and measures it, then
    /// comes back to `path` at the desktop width.
    async fn phone_languages(&mut self, c: &Client, base: &str, path: &str) -> anyhow::Result<()> {
        c.set_window_size(PHONE_WIDTH, 812).await?;
        let rest = ["/ko/", "/en/", "/fr/", "/es/"]
            .iter()
            .find_map(|p| path.strip_prefix(p));
        let variants: Vec<String> = match rest {
            Some(rest) => ["ko", "en", "fr", "es"]
                .iter()
                .map(|l| format!("/{l}/{rest}"))
                .collect(),
            None => vec![path.to_owned()],
        };
        for v in &variants {
            c.goto(&format!("{base}{v}")).await?;
            self.measure(c, v).await?;
        }
        c.set_window_size(1280, 1000).await?;
        c.goto(&format!("{base}{path}")).await?;
        Ok(())
    }

    /// Opens `path` (with its query, if any), makes sure the browser stayed there (not sent to
    /// the login page, say) and checks it.
    async fn visit(&mut self, c: &Client, base: &str, path: &str) -> anyhow::Result<()> {
        c.goto(&format!("{base}{path}")).await?;
        let (want_path, want_query) = path.split_once('?').unwrap_or((path, ""));
        wait_url(c, path, |p, q| p == want_path && q == want_query).await?;
        self.check(c, path).await?;
        self.phone_languages(c, base, path).await
    }
}

/// Shows that axe got past the pages' CSP for the right reason: on the current page an inline
/// `<script>` element is refused (the CSP is in force), while WebDriver's Execute Script, which
/// injected axe, is not subject to it.
async fn csp_probe(c: &Client) -> anyhow::Result<()> {
    let probe = c
        .execute_async(
            r#"
const done = arguments[arguments.length - 1];
let refused = false;
document.addEventListener("securitypolicyviolation", () => { refused = true; });
const s = document.createElement("script");
s.textContent = "window.__pumasiInline = true;";
document.head.appendChild(s);
setTimeout(() => done({ran: window.__pumasiInline === true, refused}), 200);
"#,
            vec![],
        )
        .await?;
    if probe["ran"] == false && probe["refused"] == true {
        println!(
            "   CSP: an inline <script> is refused on this page; axe, injected through WebDriver, runs"
        );
    } else {
        println!(
            "   CSP: note: an inline <script> was not refused ({probe}); the page may not be under a strict CSP"
        );
    }
    Ok(())
}

/// Every page of the accessibility audit, anonymous first, then per role.
async fn a11y_pages(c: &Client, base: &str, audit: &mut Audit) -> anyhow::Result<()> {
    c.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
        Some(Duration::from_secs(60)),
        None,
        None,
    ))
    .await?;

    for path in [
        "/en/",
        "/ko/",
        "/en/members",
        "/en/members?continent=AF",
        "/en/members/map",
        "/fr/members/stats",
        &format!("/es/members/{SEOUL}"),
        "/en/apply",
        "/en/login",
        "/en/password/forgot",
    ] {
        audit.visit(c, base, path).await?;
        if path == "/en/" {
            csp_probe(c).await?;
        }
    }

    // The application form sent back with its errors. The browser's own validation of
    // `required` fields is switched off, as in a browser without it, so the server answers.
    c.goto(&format!("{base}/en/apply")).await?;
    c.execute(
        "document.querySelector('main form.form').noValidate = true;",
        vec![],
    )
    .await?;
    click(c, "main form.form button[type=submit]").await?;
    find(c, "main [aria-invalid='true']").await?;
    wait_url(c, "the apply form with errors", |p, _| p == "/en/apply").await?;
    audit.check(c, "/en/apply (sent empty: errors)").await?;

    // An application for the secretariat's pages; the home page then shows a notice.
    submit_application(c, base, A11Y_ORG, A11Y_CONTACT).await?;
    audit
        .check(c, "/en/?done=application-received (notice)")
        .await?;

    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    audit.visit(c, base, "/en/secretariat/applications").await?;
    let mut href = None;
    for a in c
        .find_all(Locator::Css(
            "main table a[href*='/secretariat/applications/']",
        ))
        .await?
    {
        if a.text().await? == A11Y_ORG {
            href = a.attr("href").await?;
        }
    }
    let href = href.with_context(|| format!("{A11Y_ORG:?} is not in the list of applications"))?;
    audit.visit(c, base, &href).await?;
    audit.visit(c, base, "/en/secretariat/dues").await?;
    audit.visit(c, base, "/en/account").await?;
    logout(c).await?;

    login(c, base, ADMIN.0, ADMIN.1).await?;
    audit.visit(c, base, "/en/admin/settings").await?;
    audit.visit(c, base, "/en/admin/audit").await?;
    logout(c).await?;

    login(c, base, ORG_ADMIN.0, ORG_ADMIN.1).await?;
    audit
        .visit(c, base, &format!("/en/members/{SEOUL}/edit"))
        .await?;
    logout(c).await?;

    a11y_event_pages(c, base, audit).await?;
    a11y_library_pages(c, base, audit).await?;
    a11y_governance_pages(c, base, audit).await
}

/// Governance: the bodies, a body, the demo's closed motion and its results, the open ranked
/// ballot as the Seoul representative sees it, the Seoul Declaration, and the secretariat's
/// motion form sent with errors.
async fn a11y_governance_pages(c: &Client, base: &str, audit: &mut Audit) -> anyhow::Result<()> {
    for path in [
        "/fr/governance",
        "/en/governance/steering-committee",
        "/ko/declarations/seoul-declaration-2013",
        "/es/declarations",
        "/en/charter",
        "/fr/decisions",
        "/es/elections/steering-committee-seats-fictional",
    ] {
        audit.visit(c, base, path).await?;
    }
    let reply = http_get(base, "/api/v1/governance/decisions")?;
    let decisions: serde_json::Value = serde_json::from_slice(&reply.body)?;
    let meeting = decisions[0]["meeting"]
        .as_str()
        .context("the demo decision names its meeting")?
        .to_owned();
    audit
        .visit(c, base, &format!("/ko/meetings/{meeting}"))
        .await?;
    let refs = demo_motions(base)?;
    audit
        .visit(c, base, &format!("/en/motions/{}", refs.0))
        .await?;
    audit
        .visit(c, base, &format!("/fr/motions/{}/results", refs.0))
        .await?;
    login(c, base, ORG_ADMIN.0, ORG_ADMIN.1).await?;
    audit
        .visit(c, base, &format!("/en/motions/{}", refs.1))
        .await?;
    audit
        .visit(c, base, "/en/elections/steering-committee-seats-fictional")
        .await?;
    logout(c).await?;
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    audit
        .visit(c, base, &format!("/en/meetings/{meeting}"))
        .await?;
    audit.visit(c, base, "/en/charter").await?;
    audit.visit(c, base, "/en/governance").await?;
    // The translation page of a body, reached from its page.
    c.goto(&format!("{base}/en/governance/general-assembly"))
        .await?;
    let translate = find(c, "#translate")
        .await?
        .attr("href")
        .await?
        .context("the body page links its translation page")?;
    audit.visit(c, base, &translate).await?;
    audit
        .visit(c, base, "/fr/governance/steering-committee")
        .await?;
    audit
        .visit(c, base, "/en/governance/general-assembly/motions/new")
        .await?;
    c.execute(
        "document.querySelector('main form').noValidate = true; document.querySelector('#f-title').value = '';",
        vec![],
    )
    .await?;
    click(c, "main form button[type=submit]").await?;
    find(c, "main [aria-invalid='true']").await?;
    audit
        .check(
            c,
            "/en/governance/general-assembly/motions/new (sent empty: errors)",
        )
        .await?;
    logout(c).await?;
    Ok(())
}

/// The references of the demo's closed and open motions, from the API.
fn demo_motions(base: &str) -> anyhow::Result<(String, String)> {
    let reply = http_get(base, "/api/v1/governance/bodies/general-assembly")?;
    let v: serde_json::Value = serde_json::from_slice(&reply.body)?;
    let refs: Vec<String> = v["motions"]
        .as_array()
        .context("motions")?
        .iter()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    // Newest first: the open vote opened after the closed one.
    ensure!(refs.len() >= 2, "the demo has two motions: {refs:?}");
    Ok((refs[1].clone(), refs[0].clone()))
}

/// In French: the secretariat drafts a weighted general-assembly motion and opens it; the
/// Seoul representative votes and gets a receipt; after closing, the result shows the colleges
/// and the receipt is counted. Then a new member's representative signs the Seoul Declaration:
/// it appears only once the secretariat has verified it.
async fn governance_flow(c: &Client, base: &str) -> anyhow::Result<()> {
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    c.goto(&format!(
        "{base}/fr/governance/general-assembly/motions/new"
    ))
    .await?;
    fill(c, "#f-title", "Adopter le plan de travail 2027 (fictif)").await?;
    fill(c, "#f-text", "L'assemblée **adopte** le plan de travail.").await?;
    fill(c, "#f-quorum", "1").await?;
    // Times are typed in the hub's zone unless another is chosen from the list: the demo hub
    // keeps Seoul time, and the form opens on it.
    let zone = find(c, "#f-time_zone").await?;
    ensure!(
        zone.prop("value").await?.as_deref() == Some("Asia/Seoul"),
        "the motion form defaults to the hub's time zone"
    );
    let opens = find(c, "#f-opens_at")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let seoul_now = (chrono::Utc::now() + chrono::Duration::hours(9))
        .format("%Y-%m-%dT%H")
        .to_string();
    ensure!(
        opens.starts_with(&seoul_now[..13]),
        "the opening time is prefilled on Seoul's clock ({opens}, expected {seoul_now}…)"
    );
    // Choose UTC from the list; voting closes in 40 seconds.
    zone.select_by_value("UTC").await?;
    c.execute(
        "const t = s => new Date(Date.now() + s * 1000).toISOString().slice(0, 19);\
         document.querySelector('#f-opens_at').value = t(-60);\
         document.querySelector('#f-closes_at').value = t(40);\
         document.querySelector('main form').noValidate = true;",
        vec![],
    )
    .await?;
    let closes_in = Instant::now() + Duration::from_secs(40);
    click(c, "main form button[type=submit]").await?;
    wait_url(c, "the draft motion", |p, _| p.starts_with("/fr/motions/")).await?;
    let url = c.current_url().await?;
    let reference = url.path().trim_start_matches("/fr/motions/").to_owned();
    click(c, "main form[action$='/open'] button").await?;
    wait_url(c, "the opened motion", |_, q| {
        q.contains("done=motion-opened")
    })
    .await?;
    let status = text(c, "#motion-status").await?;
    ensure!(status == "Ouverte", "the motion is open, got {status:?}");
    ensure!(
        text(c, "main").await?.contains("pondéré par collège"),
        "the rules say the vote is weighted by college"
    );
    logout(c).await?;

    // The representative votes in Korean on a phone, without touching the proxy: the ballot
    // comes first and fits the screen; giving a proxy is folded away after it, with nobody
    // chosen; voting gives no proxy.
    login(c, base, ORG_ADMIN.0, ORG_ADMIN.1).await?;
    c.set_window_size(PHONE_WIDTH, 812).await?;
    c.goto(&format!("{base}/ko/motions/{reference}")).await?;
    let (scroll, client, _) = page_widths(c).await?;
    ensure!(
        scroll <= client,
        "the ballot is wider than the phone: {scroll} > {client}"
    );
    let order = c
        .execute(
            "const b = document.querySelector('main form.ballot');\
             const p = document.querySelector('main details.proxy');\
             if (!b) return 'no ballot';\
             if (!p) return 'no proxy';\
             if (p.open) return 'proxy unfolded';\
             if (p.querySelector('select').value !== '') return 'a member is preselected';\
             return (b.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'after' : 'before';",
            vec![],
        )
        .await?;
    ensure!(
        order.as_str() == Some("after"),
        "the proxy is secondary and after the ballot: {order}"
    );
    click(c, "main form.ballot input[type=radio][value='0']").await?;
    click(c, "main form.ballot button[type=submit]").await?;
    let code = text(c, "#receipt-code").await?;
    ensure!(code.len() == 32, "a receipt code, got {code:?}");
    ensure!(
        text(c, "main").await?.contains("찬성"),
        "the receipt repeats the choice, in Korean"
    );
    c.goto(&format!("{base}/ko/motions/{reference}")).await?;
    ensure!(
        c.find(Locator::Css("main input[name='revoke']"))
            .await
            .is_err(),
        "voting gave a proxy"
    );
    c.set_window_size(1280, 1000).await?;
    logout(c).await?;

    // After the closing time the result is counted and shown by college.
    let wait = closes_in.saturating_duration_since(Instant::now()) + Duration::from_secs(2);
    tokio::time::sleep(wait).await;
    c.goto(&format!("{base}/fr/motions/{reference}/results"))
        .await?;
    let result = text(c, "#result").await?;
    ensure!(result.contains("Adoptée"), "adopted: {result:.400}");
    ensure!(
        result.contains("Par collège"),
        "the colleges: {result:.400}"
    );
    ensure!(
        result.contains("30.0 %"),
        "college 1 weighs 30 %: {result:.600}"
    );
    c.goto(&format!(
        "{base}/fr/motions/{reference}/receipt?code={code}"
    ))
    .await?;
    let check = text(c, "#receipt-result").await?;
    ensure!(check.contains("compté"), "the receipt is counted: {check}");

    // The new member (approved in the first flow) signs the Seoul Declaration.
    let page = format!("{base}/fr/declarations/seoul-declaration-2013");
    c.goto(&page).await?;
    let before = text(c, "#signatory-counts").await?;
    login(c, base, NEW_ADMIN, NEW_PASSWORD).await?;
    c.goto(&page).await?;
    fill(c, "#f-signer_name", "Min-ji Kim").await?;
    fill(c, "#f-signer_title", "Présidente").await?;
    click(c, "main #sign button[type=submit]").await?;
    wait_url(c, "the signature sent", |_, q| {
        q.contains("done=signature-pending")
    })
    .await?;
    logout(c).await?;
    c.goto(&page).await?;
    ensure!(
        !text(c, "#signatories").await?.contains(ORG_NAME),
        "not listed before verification"
    );
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    c.goto(&page).await?;
    click(c, "main #pending button[value='verify']").await?;
    wait_url(c, "the verification", |_, q| {
        q.contains("done=signature-verified")
    })
    .await?;
    logout(c).await?;
    c.goto(&page).await?;
    ensure!(
        text(c, "#signatories").await?.contains(ORG_NAME),
        "listed after verification"
    );
    let after = text(c, "#signatory-counts").await?;
    ensure!(after != before, "the counts follow: {before} → {after}");
    Ok(())
}

/// The library list (with a facet chosen and a text), an item, the global search, and the
/// editors' pages: work list, translation status, the edit form and the new-item form sent
/// empty.
async fn a11y_library_pages(c: &Client, base: &str, audit: &mut Audit) -> anyhow::Result<()> {
    for path in [
        "/en/library".to_owned(),
        "/fr/library?sdg=5&q=coop%C3%A9ratives".to_owned(),
        format!("/ko/library/{BAMAKO}"),
        "/ko/search?q=%ED%98%91%EB%8F%99%EC%A1%B0%ED%95%A9".to_owned(),
        "/es/search?q=%22%22".to_owned(),
    ] {
        audit.visit(c, base, &path).await?;
    }
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    for path in [
        "/en/library/manage".to_owned(),
        "/en/library/translations".to_owned(),
        format!("/en/library/{BAMAKO}/edit"),
        "/en/library/new".to_owned(),
    ] {
        audit.visit(c, base, &path).await?;
    }
    c.execute(
        "document.querySelector('main form.form').noValidate = true;",
        vec![],
    )
    .await?;
    click(c, "main form.form button[type=submit]").await?;
    find(c, "main [aria-invalid='true']").await?;
    audit
        .check(c, "/en/library/new (sent empty: errors)")
        .await?;
    logout(c).await?;
    Ok(())
}

/// The events pages: calendar, archive, the forum, its timetable and a session, registering
/// (with errors, then done), a participant's pages, the check-in desk before and after a
/// check-in, and the organiser's list, setup page, session form and session form with a
/// conflict.
async fn a11y_event_pages(c: &Client, base: &str, audit: &mut Audit) -> anyhow::Result<()> {
    for path in [
        "/en/events".to_owned(),
        "/en/events?month=2027-05".to_owned(),
        "/ko/forums".to_owned(),
        format!("/ko/events/{FORUM}"),
        format!("/en/events/{FORUM}/programme?day={FORUM_DAY2}"),
    ] {
        audit.visit(c, base, &path).await?;
    }
    let (session, ..) = first_session(c).await?;
    audit
        .visit(c, base, &format!("/en/events/{FORUM}/sessions/{session}"))
        .await?;

    // The registration form, sent empty (its `novalidate` leaves the checks to the server),
    // then filled in.
    let register = format!("/fr/events/{FORUM}/register");
    audit.visit(c, base, &register).await?;
    click(c, "main form.form button[type=submit]").await?;
    find(c, "main [aria-invalid='true']").await?;
    wait_url(c, "the registration form with errors", |p, _| p == register).await?;
    audit
        .check(c, &format!("{register} (sent empty: errors)"))
        .await?;
    fill_registration(c, "Camille Martin", "a11y-registrant@example.org").await?;
    let reg_path = send_registration(c, "fr").await?;
    audit
        .check(c, &format!("{reg_path}?done=registered"))
        .await?;
    let code = text(c, "main .code .mono").await?;

    // My programme with one session in it.
    let programme = format!("{reg_path}/programme?day={FORUM_DAY2}");
    c.goto(&format!("{base}{programme}")).await?;
    let (session, ..) = first_session(c).await?;
    let row = format!("main li.session:has(h4 a[href$='/sessions/{session}'])");
    click(c, &format!("{row} form button[type=submit]")).await?;
    find(c, &format!("{row} .in-programme")).await?;
    audit.check(c, &format!("{programme} (one booked)")).await?;
    audit.visit(c, base, &format!("{reg_path}/badge")).await?;

    login(c, base, CHECKIN.0, CHECKIN.1).await?;
    let checkin = format!("/en/events/{FORUM}/checkin");
    audit.visit(c, base, &checkin).await?;
    fill(c, "#f-code", &code).await?;
    click(c, "main form.checkin-form button[type=submit]").await?;
    find(c, "main .checkin-result.ok").await?;
    audit
        .check(c, &format!("{checkin} (after a check-in)"))
        .await?;
    logout(c).await?;

    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    for path in [
        format!("/en/events/{FORUM}/manage"),
        // The setup lists with their edit links and remove buttons; a session's form with its
        // cancel section.
        format!("/en/events/{FORUM}/setup"),
        format!("/en/events/{FORUM}/sessions/{session}/edit"),
    ] {
        audit.visit(c, base, &path).await?;
    }
    submit_conflicting_session(c, base).await?;
    audit
        .check(
            c,
            &format!("/en/events/{FORUM}/sessions/new (room double-booked: error)"),
        )
        .await?;
    logout(c).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Library and search

/// A French case study of the demo library, with a Korean translation that says 협동조합.
const BAMAKO: &str = "bamako-women-market-gardeners-cooperatives";

/// A Korean reader searches 협동조합 and finds the French item through its Korean
/// translation; the library is narrowed to one SDG; the item's PDF is downloaded and counted.
async fn library_flow(c: &Client, base: &str) -> anyhow::Result<()> {
    c.goto(&format!("{base}/ko/search")).await?;
    fill(c, "#q", "협동조합의").await?;
    click(c, "main form[role=search] button[type=submit]").await?;
    wait_url(c, "the search results", |p, q| {
        p == "/ko/search" && q.contains("q=")
    })
    .await?;
    let link = find(c, &format!("main .results a[href='/ko/library/{BAMAKO}']")).await?;
    let title = link.text().await?;
    ensure!(
        title.contains("협동조합"),
        "the French item is listed under its Korean title, got {title:?}"
    );
    link.click().await?;
    wait_url(c, "the item page", |p, _| {
        p == format!("/ko/library/{BAMAKO}")
    })
    .await?;
    let h1 = find(c, "main h1").await?;
    ensure!(
        h1.attr("lang").await?.as_deref() == Some("ko"),
        "the title is the Korean one"
    );
    // Its text is the Korean translation too, and the document's own language is French.
    find(c, "main article section[lang='ko']").await?;
    let facts = text(c, "main article dl.facts").await?;
    ensure!(
        facts.contains("프랑스어"),
        "the document's language is named: {facts:.300}"
    );

    // The library narrowed to SDG 5 (gender equality): every item listed carries it.
    c.goto(&format!("{base}/en/library")).await?;
    let all = text(c, "#result-count").await?;
    // The results come first; the SDG group of the facets is folded until opened.
    let group = find(c, "main aside.facets details:has(a[href*='sdg=5'])").await?;
    ensure!(
        group.attr("open").await?.is_none(),
        "only the first facet groups start open"
    );
    click(
        c,
        "main aside.facets details:has(a[href*='sdg=5']) > summary",
    )
    .await?;
    click(c, "main aside.facets a[href*='sdg=5']").await?;
    wait_url(c, "the SDG filter", |p, q| {
        p == "/en/library" && q.contains("sdg=5")
    })
    .await?;
    let some = text(c, "#result-count").await?;
    ensure!(
        some != all,
        "the SDG filter narrows the list ({all} → {some})"
    );
    find(c, &format!("main .results a[href='/en/library/{BAMAKO}']")).await?;
    find(
        c,
        "main aside.facets a[aria-current='true'][href='/en/library']",
    )
    .await?;

    // The attachment: served as a download of a real PDF, and counted.
    c.goto(&format!("{base}/en/library/{BAMAKO}")).await?;
    let file = find(c, "main #files a[download]").await?;
    let href = file.attr("href").await?.context("file link without href")?;
    let reply = http_get(base, &href)?;
    ensure!(reply.status == 200, "download answered {}", reply.status);
    ensure!(reply.header("content-type") == Some("application/pdf"));
    ensure!(
        reply
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment;")),
        "served as a download"
    );
    ensure!(reply.body.starts_with(b"%PDF-"), "a PDF");
    file.click().await?;
    // Two downloads now (ours and the browser's). Counts are for the editors: the public page
    // is served from the page cache and does not show them.
    login(c, base, SECRETARIAT.0, SECRETARIAT.1).await?;
    let start = Instant::now();
    loop {
        c.goto(&format!("{base}/en/library/{BAMAKO}/edit")).await?;
        let meta = text(c, "main #attachments .meta").await?;
        if meta.contains("downloaded 2 times") {
            break;
        }
        ensure!(
            start.elapsed() < PAGE_TIMEOUT,
            "download count not shown: {meta}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    logout(c).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Harness

fn browser_required() -> bool {
    std::env::var("PUMASI_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// Written to the stderr handle itself, not through eprintln!, which the test harness captures
/// and hides for a passing test.
fn skipped(what: &str, hint: &str) {
    let stars = "*".repeat(72);
    let _ = writeln!(
        std::io::stderr(),
        "\n{stars}\nSKIPPED {what}\n({hint})\n{stars}"
    );
}

/// A `pumasi serve --demo` in a temporary directory and a headless Chromium session on it.
struct Session {
    client: Client,
    base: String,
    dir: tempfile::TempDir,
    procs: Processes,
    started: Instant,
}

/// Starts the hub, chromedriver and Chromium; `None` (after saying so loudly) when Chromium or
/// chromedriver is missing and the browser is not required.
async fn start_session() -> Option<Session> {
    let started = Instant::now();
    let (Some(chromium), Some(chromedriver)) = (
        find_program(
            "PUMASI_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ),
        find_program("PUMASI_CHROMEDRIVER", &["chromedriver"]),
    ) else {
        if browser_required() {
            panic!(
                "PUMASI_REQUIRE_BROWSER=1 but chromium and/or chromedriver are not installed \
                 (apt-get install chromium chromium-driver, or set PUMASI_CHROMIUM / PUMASI_CHROMEDRIVER)"
            );
        }
        skipped(
            "browser test: chromium/chromedriver not installed",
            "apt-get install chromium chromium-driver; PUMASI_REQUIRE_BROWSER=1 fails instead",
        );
        return None;
    };

    let dir = tempfile::tempdir().expect("temporary directory");
    let mut procs = Processes {
        children: Vec::new(),
    };

    // The hub.
    let server_addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
    let server_log = dir.path().join("server.log");
    let log = std::fs::File::create(&server_log).expect("server log");
    let server = Command::new(env!("CARGO_BIN_EXE_pumasi"))
        .args(["serve", "--demo"])
        .current_dir(dir.path())
        .env("PUMASI_LISTEN", server_addr.to_string())
        .env("PUMASI_LOG", "info,sqlx=warn,sea_orm=warn")
        // Data, mail and URLs come from the temporary directory, whatever the environment says.
        .env_remove("PUMASI_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .env_remove("PUMASI_DATA_DIR")
        .env_remove("PUMASI_BASE_URL")
        .env_remove("PUMASI_SMTP_URL")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("server log"))
        .stderr(log)
        .spawn()
        .expect("cannot start the pumasi binary");
    procs.children.push(("pumasi", server, server_log));

    // The browser driver.
    let driver_addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
    let driver_log = dir.path().join("chromedriver.log");
    let log = std::fs::File::create(&driver_log).expect("chromedriver log");
    let driver = Command::new(&chromedriver)
        .arg(format!("--port={}", driver_addr.port()))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("chromedriver log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
    procs.children.push(("chromedriver", driver, driver_log));

    let ready = wait_http_ok(
        &mut procs,
        0,
        server_addr,
        "/healthz",
        Duration::from_secs(60),
    )
    .and_then(|()| {
        wait_http_ok(
            &mut procs,
            1,
            driver_addr,
            "/status",
            Duration::from_secs(30),
        )
    });
    if let Err(e) = ready {
        procs.dump_logs();
        panic!("{e:#}");
    }
    println!(
        "server at http://{server_addr}, chromedriver at http://{driver_addr} ({:.1}s)",
        started.elapsed().as_secs_f64()
    );

    let profile = dir.path().join("chromium-profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = match ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://{driver_addr}"))
        .await
    {
        Ok(c) => c,
        Err(e) => {
            procs.dump_logs();
            panic!("cannot start a Chromium session through chromedriver: {e}");
        }
    };
    Some(Session {
        client,
        base: format!("http://{server_addr}"),
        dir,
        procs,
        started,
    })
}

impl Session {
    /// Ends the browser session and the processes; on `Err`, first keeps a screenshot
    /// (`target/{name}-failure.png`), the page's `<main>`, the logs and the data, then panics.
    /// Returns the time since the session started.
    async fn finish(self, name: &str, result: anyhow::Result<()>) -> Duration {
        let Session {
            client,
            dir,
            procs,
            started,
            ..
        } = self;
        if result.is_err() {
            let shot = target_dir().join(format!("{name}-failure.png"));
            if let Ok(png) = client.screenshot().await
                && std::fs::write(&shot, png).is_ok()
            {
                eprintln!("screenshot of the failure: {}", shot.display());
            }
            if let Ok(main) = client.find(Locator::Css("main")).await
                && let Ok(html) = main.html(false).await
            {
                let html: String = html.chars().take(6000).collect();
                eprintln!("----- <main> at the failure -----\n{html}");
            }
        }
        // End the browser session before chromedriver is killed, so Chromium exits too.
        let _ = client.close().await;
        if let Err(e) = result {
            procs.dump_logs();
            drop(procs);
            let kept = dir.keep();
            panic!(
                "{name} failed: {e:#}\n(data, mail and logs kept in {})",
                kept.display()
            );
        }
        drop(procs);
        started.elapsed()
    }
}

#[tokio::test]
async fn apply_approve_invite_translate_filter() {
    let Some(s) = start_session().await else {
        return;
    };
    let mail_dir = s.dir.path().join("pumasi-data").join("mail");
    let result = async {
        flow(&s.client, &s.base, &mail_dir).await?;
        korean_flow(&s.client, &s.base, &mail_dir).await?;
        event_flow(&s.client, &s.base, &mail_dir).await?;
        library_flow(&s.client, &s.base).await?;
        governance_flow(&s.client, &s.base).await
    }
    .await;
    let took = s.finish("browser flow", result).await;
    println!("browser flow passed in {:.1}s", took.as_secs_f64());
}

/// axe-core (WCAG 2.0–2.2 A and AA rules) on the main pages of every role. Fails listing every
/// violation: page, rule, impact, the first elements and axe's explanation.
#[tokio::test]
async fn pages_pass_axe() {
    let axe_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tools/a11y/node_modules/axe-core/axe.min.js");
    let axe = match std::fs::read_to_string(&axe_path) {
        Ok(axe) => axe,
        Err(e) => {
            if browser_required() {
                panic!(
                    "PUMASI_REQUIRE_BROWSER=1 but axe-core is missing ({}: {e}); \
                     run `npm ci --prefix tools/a11y` at the top of the workspace",
                    axe_path.display()
                );
            }
            skipped(
                "accessibility (axe-core) check: tools/a11y/node_modules/axe-core/axe.min.js is missing",
                "run `npm ci --prefix tools/a11y`; PUMASI_REQUIRE_BROWSER=1 fails instead",
            );
            return;
        }
    };
    let Some(s) = start_session().await else {
        return;
    };
    let mut audit = Audit {
        axe,
        message_ids: message_ids(),
        ..Audit::default()
    };
    let result = a11y_pages(&s.client, &s.base, &mut audit).await;
    let took = s.finish("accessibility check", result).await;
    println!(
        "axe-core checked {} pages in {:.1}s",
        audit.pages,
        took.as_secs_f64()
    );

    if !audit.review.is_empty() {
        println!(
            "axe could not decide on {} item(s); review them by hand:",
            audit.review.len()
        );
        for r in &audit.review {
            println!("   {r}\n");
        }
    }
    println!(
        "{} pages measured on a {PHONE_WIDTH} px phone in four languages",
        audit.phone_pages
    );
    audit.raw_text.sort();
    audit.raw_text.dedup();
    assert!(
        audit.raw_text.is_empty(),
        "{} page(s) show what was meant for the translation files:\n{}",
        audit.raw_text.len(),
        audit.raw_text.join("\n")
    );
    assert!(
        audit.too_wide.is_empty(),
        "{} page(s) wider than a {PHONE_WIDTH} px phone:\n{}",
        audit.too_wide.len(),
        audit.too_wide.join("\n")
    );
    if !audit.violations.is_empty() {
        panic!(
            "axe-core found {} accessibility violation(s) (WCAG 2.2 A/AA) on {} page(s):\n\n{}\n",
            audit.violations.len(),
            audit.pages,
            audit.violations.join("\n\n")
        );
    }
    println!("axe-core: no WCAG A/AA violation on {} pages", audit.pages);
}
