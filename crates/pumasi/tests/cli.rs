//! Integration tests of the `pumasi` binary as an operator uses it: every test runs the real
//! executable in its own empty directory (so the SQLite database lands in `./pumasi-data`),
//! with no `PUMASI_*` or `DATABASE_URL` variables inherited from the caller, and checks exit
//! codes, what the operator reads on stdout and stderr, and that rejected input changes nothing.

#[path = "cli/connections.rs"]
mod connections;
#[path = "cli/nodes.rs"]
mod nodes;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_pumasi");
/// The Co-ops UK open data file (ODC-By 1.0, see `testdata/README.md`), kept compressed in the
/// repository.
const COOPS_UK_GZ: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/coops-uk/coopsuk_2023-03-02_standard.csv.gz"
);

/// The Co-ops UK file as the operator would have it: decompressed once into Cargo's temporary
/// directory for integration tests.
fn coops_uk() -> String {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let path = dir.join("coopsuk_2023-03-02_standard.csv");
        let gz = std::fs::File::open(COOPS_UK_GZ).expect("testdata/coops-uk in the repository");
        let mut csv = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut csv)
            .expect("the Co-ops UK file decompresses");
        let tmp = dir.join(format!("coopsuk-{}.csv.part", std::process::id()));
        std::fs::write(&tmp, &csv).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        path.to_string_lossy().into_owned()
    })
    .clone()
}
const DEMO_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/organisations.csv");
const HOME_SENTENCE: &str = "78 members on 5 continents from 36 countries, including 27 local governments and 49 SSE networks, and 2 honorary members";
const DEMO_ACCOUNTS: &[&str] = &[
    "admin@demo.pumasi.org",
    "secretariat@demo.pumasi.org",
    "seoul@demo.pumasi.org",
    "editor@demo.pumasi.org",
    "person@demo.pumasi.org",
    "checkin@demo.pumasi.org",
];

/// Exit code of a command that ran and refused (anyhow error from `main`).
const FAILURE: i32 = 1;
/// Exit code of a command line clap rejects.
const USAGE: i32 = 2;

/// The result of one run of the binary.
struct Out {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn context(&self) -> String {
        format!(
            "`{}` exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.what,
            self.code,
            truncate(&self.stdout),
            truncate(&self.stderr)
        )
    }

    /// Asserts exit status 0 and returns self.
    #[track_caller]
    fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success\n{}", self.context());
        self
    }

    /// Asserts the given non-zero exit code (not a panic, not a signal) and returns self.
    #[track_caller]
    fn fails_with(self, code: i32) -> Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\n{}",
            self.context()
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    fn stdout_has(self, needle: &str) -> Self {
        assert!(
            self.stdout.contains(needle),
            "stdout should contain {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    fn stdout_empty(self) -> Self {
        assert!(
            self.stdout.trim().is_empty(),
            "stdout should be empty\n{}",
            self.context()
        );
        self
    }

    /// The stderr lines that report a problem in `file` (`FILE:LINE: …`).
    fn file_errors(&self, file: &str) -> Vec<&str> {
        let prefix = format!("{file}:");
        self.stderr
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .collect()
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 4000;
    if s.len() <= MAX {
        s.to_owned()
    } else {
        let mut end = MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes in all)", &s[..end], s.len())
    }
}

/// One hub: an empty temporary directory used as the binary's working directory.
struct Hub {
    dir: tempfile::TempDir,
}

impl Hub {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.path(name), bytes).expect("write test file");
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// Names in the working directory, recursively, for "nothing was created" checks.
    fn listing(&self) -> Vec<String> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
                let p = e.path();
                out.push(p.strip_prefix(root).unwrap().display().to_string());
                if p.is_dir() {
                    walk(root, &p, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut out);
        out.sort();
        out
    }

    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.dir.path());
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("PUMASI_") || k == "DATABASE_URL" {
                cmd.env_remove(&*k);
            }
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn finish(what: String, out: std::process::Output) -> Out {
        Out {
            what,
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        let what = env
            .iter()
            .map(|(k, v)| format!("{k}={v} "))
            .collect::<String>()
            + "pumasi "
            + &args.join(" ");
        let out = self
            .command(args, env)
            .stdin(Stdio::null())
            .output()
            .expect("run pumasi");
        Self::finish(what, out)
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_env(args, &[])
    }

    fn run_stdin(&self, args: &[&str], stdin: &str) -> Out {
        let mut child = self
            .command(args, &[])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pumasi");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("wait for pumasi");
        Self::finish(format!("pumasi {} < {stdin:?}", args.join(" ")), out)
    }

    fn demo(&self) -> Out {
        self.run(&["demo"]).ok()
    }

    /// The JSON export, as the operator sees it on stdout.
    fn export_json(&self) -> serde_json::Value {
        let out = self.run(&["export", "members", "--format", "json"]).ok();
        serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("export is not JSON: {e}\n{}", out.context()))
    }

    fn export_csv(&self) -> String {
        self.run(&["export", "members", "--format", "csv"])
            .ok()
            .stdout
    }
}

fn slugs(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .expect("JSON export is an array")
        .iter()
        .map(|o| {
            o["slug"]
                .as_str()
                .expect("every object has a slug")
                .to_owned()
        })
        .collect()
}

/// Parses CSV text into a header and rows keyed by column name.
fn parse_csv(text: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut rdr = csv::Reader::from_reader(text);
    let header: Vec<String> = rdr
        .headers()
        .expect("CSV header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.expect("CSV record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------------------------
// 1. Help
// ---------------------------------------------------------------------------------------------

#[test]
fn help_works_for_every_command_and_says_what_it_does() {
    let hub = Hub::new();
    let cases: &[(&[&str], &str)] = &[
        (&[], "hub for networks of social and solidarity economy"),
        (&["serve"], "Run the web server"),
        (&["migrate"], "Apply database migrations"),
        (&["demo"], "Load the demo data set"),
        (&["user"], "Manage accounts"),
        (&["user", "add"], "Create an account"),
        (&["import"], "Import data from a file"),
        (&["import", "members"], "Organisations from CSV"),
        (&["export"], "Export data"),
        (&["export", "members"], "All organisations"),
        (&["backup"], "consistent copy of the SQLite database"),
        (&["search"], "The search index"),
        (
            &["search", "reindex"],
            "Rebuild the index from the database",
        ),
        (
            &["governance", "verify"],
            "Recompute a closed motion's result",
        ),
    ];
    for (args, purpose) in cases {
        let mut argv = args.to_vec();
        argv.push("--help");
        let out = hub.run(&argv).ok().stdout_has(purpose).stdout_has("Usage:");
        assert!(
            out.stderr.is_empty(),
            "help writes nothing to stderr\n{}",
            out.context()
        );
    }
    // Options the operator needs are documented where they belong.
    hub.run(&["user", "add", "--help"])
        .ok()
        .stdout_has("--email")
        .stdout_has("--password-stdin")
        .stdout_has("person, secretariat, admin");
    hub.run(&["export", "members", "--help"])
        .ok()
        .stdout_has("csv, json, essglobal")
        .stdout_has("--public-only")
        .stdout_has("--output");
    hub.run(&["serve", "--help"]).ok().stdout_has("--demo");
    // `help` as a subcommand reaches the same text.
    hub.run(&["help", "backup"])
        .ok()
        .stdout_has("consistent copy of the SQLite database");
    // Asking for help must not create a database.
    assert_eq!(hub.listing(), Vec::<String>::new());
}

#[test]
fn unknown_command_is_a_usage_error() {
    let hub = Hub::new();
    hub.run(&["frobnicate"])
        .fails_with(USAGE)
        .stderr_has("frobnicate")
        .stdout_empty();
    hub.run(&[]).fails_with(USAGE).stderr_has("Usage:");
    assert_eq!(hub.listing(), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// 2. migrate and demo
// ---------------------------------------------------------------------------------------------

#[test]
fn migrate_prints_the_migration_and_is_repeatable() {
    let hub = Hub::new();
    let first = hub.run(&["migrate"]).ok();
    let name = first
        .stdout
        .split("is at migration ")
        .nth(1)
        .map(str::trim)
        .unwrap_or_else(|| panic!("no migration name\n{}", first.context()));
    assert!(
        !name.is_empty() && !name.contains(char::is_whitespace),
        "migration name {name:?}\n{}",
        first.context()
    );
    assert!(
        first.stdout.contains("pumasi-data/pumasi.db"),
        "names the database\n{}",
        first.context()
    );
    assert!(hub.path("pumasi-data/pumasi.db").is_file());
    // A second run applies nothing new and reports the same migration.
    let second = hub.run(&["migrate"]).ok();
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn demo_loads_once_and_prints_accounts_and_totals() {
    let hub = Hub::new();
    let out = hub.demo();
    for email in DEMO_ACCOUNTS {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(email)),
            "demo account {email} listed\n{}",
            out.context()
        );
    }
    let out = out
        .stdout_has("demo-admin-pass")
        .stdout_has("admin of seoul-metropolitan-government")
        .stdout_has("editor of city-of-bordeaux")
        .stdout_has("check-in desk of demo-forum-2027-lisbon")
        .stdout_has("events loaded")
        .stdout_has("61 library items loaded")
        .stdout_has(HOME_SENTENCE);
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| l.contains("@demo.pumasi.org"))
            .count(),
        DEMO_ACCOUNTS.len(),
        "exactly the demo accounts\n{}",
        out.context()
    );
    let before = hub.export_json();
    assert_eq!(slugs(&before).len(), 81);

    hub.run(&["demo"])
        .fails_with(FAILURE)
        .stderr_has("empty database")
        .stderr_has("already holds organisations")
        .stdout_empty();
    assert_eq!(hub.export_json(), before, "a refused demo changes nothing");
}

#[test]
fn search_reindex_rebuilds_the_index_from_the_database() {
    let hub = Hub::new();
    hub.demo();
    // 81 organisations (the two applicants are not public), 61 items of which 55 are
    // published, the events and their sessions: the count comes from the database.
    let out = hub
        .run(&["search", "reindex"])
        .ok()
        .stdout_has("search index rebuilt in");
    let n: usize = out
        .stdout
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a document count\n{}", out.context()));
    assert!(n > 79 + 55, "{n} documents\n{}", out.context());
    assert!(
        hub.listing()
            .iter()
            .any(|f| f.ends_with("search/pumasi-schema-version")),
        "the index is in the data directory: {:?}",
        hub.listing()
    );
    // Again, from an index that exists: the same documents.
    hub.run(&["search", "reindex"])
        .ok()
        .stdout_has(&format!(": {n} documents"));
}

#[test]
fn governance_verify_recounts_and_catches_a_forged_list() {
    let hub = Hub::new();
    let demo = hub.demo();
    let after = demo
        .stdout
        .split("motions loaded (fictional): ")
        .nth(1)
        .unwrap_or_else(|| panic!("the demo names its motions\n{}", demo.context()));
    let closed = after.split(' ').next().unwrap().to_owned();
    let open = after
        .split("and ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .to_owned();
    hub.run(&["governance", "verify", &closed])
        .ok()
        .stdout_has("log chain: ok")
        .stdout_has("ballot list digest: ok")
        .stdout_has("recomputed result: ok");
    hub.run(&["governance", "verify", &open])
        .fails_with(1)
        .stderr_has("is not closed");
    hub.run(&["governance", "verify", "no-such-motion"])
        .fails_with(1)
        .stderr_has("no motion no-such-motion");
    // A list with one ballot turned from "no" to "yes" does not verify.
    let forged = r#"{"motion":"00000000-0000-0000-0000-000000000000","rules":{"kind":"yes_no","options":3,"max_choices":1,"seats":1,"weighting":"college","colleges":[[1,3000],[2,3000],[3,2000],[4,1000],[5,1000]],"quorum_bp":5000,"per_college":false,"majority":"two_thirds","secret":false,"changeable":false,"proxy_limit":2,"dues_rule":"ignore"},"eligible":[[1,27]],"ballots":[{"receipt":"x","college":1,"choices":[0]}]}"#;
    hub.write("forged.json", forged);
    hub.run(&["governance", "verify", &closed, "--ballots", "forged.json"])
        .fails_with(1)
        .stdout_has("ballot list digest: MISMATCH")
        .stderr_has("does not verify");
    hub.write("broken.json", "{\n  \"motion\": [");
    hub.run(&["governance", "verify", &closed, "--ballots", "broken.json"])
        .fails_with(1)
        .stderr_has("broken.json:2");
}

// ---------------------------------------------------------------------------------------------
// 3. user add
// ---------------------------------------------------------------------------------------------

#[test]
fn user_add_prints_a_generated_password() {
    let hub = Hub::new();
    let out = hub
        .run(&[
            "user",
            "add",
            "--email",
            "x@example.org",
            "--role",
            "secretariat",
        ])
        .ok()
        .stdout_has("created x@example.org (secretariat)");
    let password = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("no password line\n{}", out.context()));
    assert!(
        (10..=200).contains(&password.len()) && !password.contains(char::is_whitespace),
        "generated password {password:?}"
    );
    // Two accounts get different passwords.
    let other = hub
        .run(&[
            "user",
            "add",
            "--email",
            "y@example.org",
            "--role",
            "person",
        ])
        .ok();
    assert!(
        !other.stdout.contains(password),
        "passwords are random\n{}",
        other.context()
    );
}

#[test]
fn user_add_rejects_bad_input_and_creates_nothing() {
    let hub = Hub::new();
    hub.run(&[
        "user",
        "add",
        "--email",
        "first@example.org",
        "--role",
        "admin",
    ])
    .ok();

    // Unknown role: a usage error naming the accepted values.
    hub.run(&[
        "user",
        "add",
        "--email",
        "w@example.org",
        "--role",
        "wizard",
    ])
    .fails_with(USAGE)
    .stderr_has("wizard")
    .stderr_has("--role")
    .stderr_has("person")
    .stderr_has("secretariat")
    .stderr_has("admin")
    .stdout_empty();

    // Bad email.
    hub.run(&["user", "add", "--email", "not-an-email", "--role", "person"])
        .fails_with(FAILURE)
        .stderr_has("--email")
        .stderr_has("not-an-email")
        .stdout_empty();

    // Duplicate email, also with different case.
    for email in ["first@example.org", "FIRST@Example.org"] {
        let out = hub
            .run(&["user", "add", "--email", email, "--role", "person"])
            .fails_with(FAILURE)
            .stdout_empty();
        assert!(
            out.stderr.to_lowercase().contains("first@example.org"),
            "names the address\n{}",
            out.context()
        );
    }

    // Too short a password from stdin.
    hub.run_stdin(
        &[
            "user",
            "add",
            "--email",
            "short@example.org",
            "--role",
            "person",
            "--password-stdin",
        ],
        "abcde\n",
    )
    .fails_with(FAILURE)
    .stderr_has("password")
    .stderr_has("10")
    .stdout_empty();

    // An unknown organisation fails after the account row was written: it must be rolled back.
    hub.run(&[
        "user",
        "add",
        "--email",
        "orgless@example.org",
        "--role",
        "person",
        "--org",
        "no-such-org",
    ])
    .fails_with(FAILURE)
    .stderr_has("--org")
    .stderr_has("no-such-org")
    .stdout_empty();

    // None of the refused accounts exists: each address can now be added.
    for email in [
        "w@example.org",
        "not-an-email@example.org",
        "orgless@example.org",
    ] {
        hub.run(&["user", "add", "--email", email, "--role", "person"])
            .ok();
    }
    let out = hub
        .run_stdin(
            &[
                "user",
                "add",
                "--email",
                "short@example.org",
                "--role",
                "person",
                "--password-stdin",
            ],
            "a-long-enough-password\n",
        )
        .ok()
        .stdout_has("created short@example.org (person)");
    assert!(
        !out.stdout.contains("password:") && !out.stdout.contains("a-long-enough-password"),
        "a password read from stdin is not echoed\n{}",
        out.context()
    );
}

#[test]
fn user_add_links_an_organisation() {
    let hub = Hub::new();
    hub.demo();
    hub.run(&[
        "user",
        "add",
        "--email",
        "staff@example.org",
        "--role",
        "person",
        "--org",
        "city-of-bordeaux",
        "--org-role",
        "editor",
    ])
    .ok()
    .stdout_has("created staff@example.org (person)");
}

// ---------------------------------------------------------------------------------------------
// 4. import
// ---------------------------------------------------------------------------------------------

#[test]
fn import_coops_uk_open_data() {
    let hub = Hub::new();
    let coops = coops_uk();
    let started = Instant::now();
    let out = hub.run(&["import", "members", &coops]);
    let elapsed = started.elapsed();
    eprintln!(
        "Co-ops UK import: {:.2}s wall clock ({})",
        elapsed.as_secs_f64(),
        out.stdout.trim()
    );
    let out = out
        .ok()
        .stdout_has("imported 7271 organisations")
        .stdout_has("7272 rows")
        .stdout_has("1 merged duplicates");
    // The one row listed twice in the source is reported with both lines.
    let merged: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("same organisation as line"))
        .collect();
    assert_eq!(
        merged,
        vec![format!("{coops}:12311: same organisation as line 11525; imported once").as_str()],
        "{}",
        out.context()
    );

    let json = hub.export_json();
    let imported = slugs(&json);
    assert_eq!(imported.len(), 7271);
    let first = json
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "The Co-operative Group")
        .expect("The Co-operative Group is imported");
    assert_eq!(first["country"], "GB");
    assert_eq!(first["city"], "Manchester");
    assert_eq!(first["class"], "allied");
    assert_eq!(first["category"], "coop_social_enterprise");

    // Importing the same file again conflicts with every row and changes nothing.
    let again = hub
        .run(&["import", "members", &coops])
        .fails_with(FAILURE)
        .stderr_has("nothing was imported")
        .stdout_empty();
    assert!(!again.file_errors(&coops).is_empty(), "{}", again.context());
    assert_eq!(slugs(&hub.export_json()), imported);
}

const HEADER: &str =
    "slug,name,lang,description,category,class,status,country,city,latitude,longitude";

fn row(slug: &str, name: &str, country: &str, lat: &str, lon: &str) -> String {
    format!(
        "{slug},{name},en,Worker co-operative,coop_social_enterprise,allied,member,{country},Lyon,{lat},{lon}"
    )
}

/// A hub holding the demo data, and its JSON export before any bad import.
fn hub_with_demo() -> (Hub, serde_json::Value) {
    let hub = Hub::new();
    hub.demo();
    let before = hub.export_json();
    (hub, before)
}

/// Imports `name`, expects failure with exactly the given lines reported (each containing
/// the given text), and checks that the data is unchanged.
#[track_caller]
fn import_fails(
    hub: &Hub,
    before: &serde_json::Value,
    name: &str,
    expected: &[(u64, &str)],
) -> Out {
    let out = hub
        .run(&["import", "members", name])
        .fails_with(FAILURE)
        .stderr_has("nothing was imported")
        .stdout_empty();
    let errors = out.file_errors(name);
    assert_eq!(
        errors.len(),
        expected.len(),
        "one error line per problem\n{}",
        out.context()
    );
    for (line, text) in expected {
        let prefix = format!("{name}:{line}:");
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&prefix) && e.contains(text)),
            "an error {prefix} … {text:?}\n{}",
            out.context()
        );
    }
    assert_eq!(&hub.export_json(), before, "{name}: nothing was imported");
    out
}

#[test]
fn import_rejects_a_wrong_header() {
    let (hub, before) = hub_with_demo();
    hub.write("header.csv", "slug,nom,pays\nalpha-coop,Alpha Coop,FR\n");
    import_fails(&hub, &before, "header.csv", &[(1, "header")]);
    // The same rows under a header with a duplicated column.
    hub.write(
        "twice.csv",
        format!(
            "{HEADER},name\n{},Again\n",
            row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85")
        ),
    );
    import_fails(&hub, &before, "twice.csv", &[(1, "header")]);
    // An empty file.
    hub.write("empty.csv", "");
    import_fails(&hub, &before, "empty.csv", &[(1, "header")]);
}

#[test]
fn import_rejects_bad_utf8_naming_the_line() {
    let (hub, before) = hub_with_demo();
    let mut bytes = Vec::new();
    writeln!(bytes, "{HEADER}").unwrap();
    writeln!(
        bytes,
        "{}",
        row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85")
    )
    .unwrap();
    bytes.extend_from_slice(b"beta-coop,Beta \xff\xfe Coop,en,Worker co-operative,coop_social_enterprise,allied,member,FR,Paris,48.85,2.35\n");
    writeln!(
        bytes,
        "{}",
        row("gamma-coop", "Gamma Coop", "FR", "45.75", "4.85")
    )
    .unwrap();
    hub.write("utf8.csv", &bytes);
    import_fails(&hub, &before, "utf8.csv", &[(3, "UTF-8")]);
}

#[test]
fn import_counts_lines_across_quoted_newlines() {
    let (hub, before) = hub_with_demo();
    let text = format!(
        "{HEADER}\n\
         alpha-coop,Alpha Coop,en,\"First line\nsecond line\",coop_social_enterprise,allied,member,FR,Lyon,45.75,4.85\n\
         {}\n\
         {}\n",
        row("beta-coop", "Beta Coop", "QQ", "48.85", "2.35"),
        row("gamma-coop", "Gamma Coop", "FR", "43.3", "5.4"),
    );
    hub.write("newline.csv", &text);
    let out = import_fails(&hub, &before, "newline.csv", &[(4, "country")]);
    assert!(
        out.stderr.contains("not a known country code"),
        "{}",
        out.context()
    );
    // The same file as spreadsheets write it, CRLF throughout (also inside the quoted field),
    // with two more bad records further down.
    let crlf = format!(
        "{text}{}\n{}\n",
        row("delta-coop", "Delta Coop", "ZZ", "48.85", "2.35"),
        row("epsilon-coop", "Epsilon Coop", "XX", "48.85", "2.35"),
    )
    .replace('\n', "\r\n");
    hub.write("crlf.csv", crlf);
    import_fails(
        &hub,
        &before,
        "crlf.csv",
        &[(4, "country"), (6, "country"), (7, "country")],
    );
}

#[test]
fn import_rejects_ten_thousand_columns() {
    let (hub, before) = hub_with_demo();
    // In the header …
    let wide: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
    hub.write(
        "wide-header.csv",
        format!("{}\n{}\n", wide.join(","), vec!["x"; 10_000].join(",")),
    );
    import_fails(&hub, &before, "wide-header.csv", &[(1, "too many columns")]);
    // … and in one record under a good header.
    hub.write(
        "wide-row.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85"),
            vec!["x"; 10_000].join(",")
        ),
    );
    import_fails(&hub, &before, "wide-row.csv", &[(3, "number of fields")]);
}

#[test]
fn import_rejects_coordinates_out_of_range() {
    let (hub, before) = hub_with_demo();
    hub.write(
        "coords.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n{}\n",
            row("alpha-coop", "Alpha Coop", "FR", "95.5", "4.85"),
            row("beta-coop", "Beta Coop", "FR", "48.85", "200"),
            row("gamma-coop", "Gamma Coop", "FR", "43.3", "5.4"),
            row("delta-coop", "Delta Coop", "FR", "-90.01", "-180.01"),
        ),
    );
    import_fails(
        &hub,
        &before,
        "coords.csv",
        &[(2, "atitude"), (3, "ongitude"), (5, "atitude")],
    );
}

#[test]
fn import_rejects_a_slug_listed_twice() {
    let (hub, before) = hub_with_demo();
    hub.write(
        "dup.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n",
            row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85"),
            row("beta-coop", "Beta Coop", "FR", "48.85", "2.35"),
            row("alpha-coop", "Gamma Coop", "FR", "43.3", "5.4"),
        ),
    );
    import_fails(&hub, &before, "dup.csv", &[(4, "slug")]);
    // A slug already stored (from the demo) is refused too.
    hub.write(
        "taken.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85"),
            row("city-of-bordeaux", "Bordeaux Co-op", "FR", "44.84", "-0.58"),
        ),
    );
    import_fails(&hub, &before, "taken.csv", &[(3, "slug")]);
}

#[test]
fn import_of_a_missing_file_names_it() {
    let (hub, before) = hub_with_demo();
    hub.run(&["import", "members", "no-such-file.csv"])
        .fails_with(FAILURE)
        .stderr_has("no-such-file.csv")
        .stdout_empty();
    assert_eq!(hub.export_json(), before);
}

#[test]
fn import_rejects_an_organisation_listed_twice_under_two_slugs() {
    let (hub, before) = hub_with_demo();
    hub.write(
        "twice.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("alpha-coop", "Alpha Coop", "FR", "45.75", "4.85"),
            row("alpha-coop-2", "ALPHA COOP", "FR", "45.75", "4.85"),
        ),
    );
    import_fails(&hub, &before, "twice.csv", &[(3, "name")]);
}

/// Spreadsheets save CSV with a byte-order mark and CRLF line ends.
#[test]
fn import_accepts_a_byte_order_mark_and_crlf() {
    let hub = Hub::new();
    hub.write(
        "excel.csv",
        "\u{feff}slug,name,lang,category,class,status,country\r\n\
         bom-coop,Bom Coop,en,coop_social_enterprise,allied,member,FR\r\n",
    );
    hub.run(&["import", "members", "excel.csv"])
        .ok()
        .stdout_has("imported 1 organisations");
    assert_eq!(slugs(&hub.export_json()), ["bom-coop"]);
}

/// The control for the bad files above: the same rows, fixed, import.
#[test]
fn import_accepts_the_fixed_rows() {
    let hub = Hub::new();
    hub.write(
        "good.csv",
        format!(
            "{HEADER}\n\
             alpha-coop,Alpha Coop,en,\"First line\nsecond line\",coop_social_enterprise,allied,member,FR,Lyon,45.75,4.85\n\
             {}\n{}\n",
            row("beta-coop", "Beta Coop", "FR", "90", "-180"),
            row("gamma-coop", "Gamma Coop", "FR", "-90", "180"),
        ),
    );
    hub.run(&["import", "members", "good.csv"])
        .ok()
        .stdout_has("imported 3 organisations");
    let json = hub.export_json();
    assert_eq!(slugs(&json), ["alpha-coop", "beta-coop", "gamma-coop"]);
    assert_eq!(json[0]["description"], "First line\nsecond line");
}

// ---------------------------------------------------------------------------------------------
// 5. export
// ---------------------------------------------------------------------------------------------

#[test]
fn export_csv_round_trips_byte_for_byte() {
    let one = Hub::new();
    one.demo();
    one.run(&["export", "members", "--format", "csv", "-o", "a.csv"])
        .ok()
        .stdout_empty()
        .stderr_has("exported 81 organisations");
    let a = one.read("a.csv");
    assert_eq!(
        a,
        one.export_csv().into_bytes(),
        "-o writes what stdout shows"
    );

    let two = Hub::new();
    std::fs::copy(one.path("a.csv"), two.path("a.csv")).unwrap();
    two.run(&["import", "members", "a.csv"])
        .ok()
        .stdout_has("imported 81 organisations");
    two.run(&["export", "members", "--format", "csv", "-o", "b.csv"])
        .ok();
    let b = two.read("b.csv");
    assert!(
        a == b,
        "a.csv and b.csv differ:\n--- a.csv ---\n{}\n--- b.csv ---\n{}",
        truncate(&String::from_utf8_lossy(&a)),
        truncate(&String::from_utf8_lossy(&b))
    );
}

#[test]
fn export_json_and_essglobal() {
    let hub = Hub::new();
    hub.demo();
    let out = hub
        .run(&["export", "members", "--format", "json"])
        .ok()
        .stderr_has("exported 81 organisations");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let items = json.as_array().expect("a JSON array");
    assert_eq!(items.len(), 81);
    assert!(
        items
            .iter()
            .all(|o| o.is_object() && o["slug"].is_string() && o["name"].is_string())
    );

    let out = hub
        .run(&["export", "members", "--format", "essglobal"])
        .ok()
        .stderr_has("exported 81 organisations");
    let ld: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON-LD");
    assert!(ld["@context"].is_object(), "has @context");
    assert_eq!(
        ld["@context"]["essglobal"],
        "https://w3id.org/essglobal/voc/"
    );
    let graph = ld["@graph"].as_array().expect("@graph is an array");
    assert_eq!(graph.len(), 81);
    assert!(graph.iter().all(|o| {
        o["@type"] == "essglobal:SSEInitiative"
            && o["@id"]
                .as_str()
                .is_some_and(|id| id.starts_with("http://127.0.0.1:8080/en/members/"))
    }));
    // The public URL comes from the configuration.
    let out = hub
        .run_env(
            &["export", "members", "--format", "essglobal"],
            &[("PUMASI_BASE_URL", "https://hub.example.org/")],
        )
        .ok();
    assert!(
        out.stdout
            .contains("\"https://hub.example.org/en/members/seoul-metropolitan-government\"")
    );
}

/// Export must carry each organisation's base-language text: the demo file imported by
/// `pumasi demo` comes back out with every value it holds.
#[test]
fn export_keeps_every_value_of_the_demo_file() {
    let hub = Hub::new();
    hub.demo();
    let (src_header, src_rows) = parse_csv(&std::fs::read(DEMO_CSV).expect("demo CSV"));
    let (_, out_rows) = parse_csv(hub.export_csv().as_bytes());
    let by_slug: HashMap<&str, &HashMap<String, String>> =
        out_rows.iter().map(|r| (r["slug"].as_str(), r)).collect();
    let mut diffs = Vec::new();
    for src in &src_rows {
        let Some(out) = by_slug.get(src["slug"].as_str()) else {
            diffs.push(format!("{}: missing from the export", src["slug"]));
            continue;
        };
        for col in &src_header {
            let same = match (src.get(col), out.get(col)) {
                // Coordinates are numbers: "45.5000" and "45.5" are the same value.
                (Some(a), Some(b)) if col == "latitude" || col == "longitude" => {
                    a == b
                        || a.parse::<f64>()
                            .ok()
                            .zip(b.parse::<f64>().ok())
                            .is_some_and(|(x, y)| x == y)
                }
                (a, b) => a == b,
            };
            if !same {
                diffs.push(format!(
                    "{} {col}: file {:?}, export {:?}",
                    src["slug"],
                    src[col],
                    out.get(col)
                ));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} values differ, e.g.:\n{}",
        diffs.len(),
        diffs.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Pumasi's own full column set, written as `export` writes it (a phone number starting with
/// `+` is protected from spreadsheets with an apostrophe, which the import removes).
const FULL: &str = "slug,name,lang,name_ko,name_en,name_fr,name_es,description,description_ko,description_en,description_fr,description_es,category,class,status,college,country,city,latitude,longitude,website,languages,joined_on,first_fee_paid_on,essglobal_activity,essglobal_legal_form,fictional,leader_name,leader_title,leader_email,focal_name,focal_email,focal_phone\n\
cooperativa-sur,Cooperativa del Sur,es,,Southern Cooperative,Coopérative du Sud,,\"Una \"\"cooperativa\"\" de trabajo.\nSegunda línea, con coma.\",,\"A worker \"\"co-op\"\".\",,,coop_social_enterprise,full,member,2,AR,Córdoba,-31.4167,-64.1833,https://example.org/sur,es;en,2019-05-01,2019-06-01,ICA140,worker-coop,true,Ana Pérez,Presidenta,ana@example.org,Luis Gómez,luis@example.org,'+54 351 555 0000\n";

#[test]
fn export_reproduces_an_imported_file_and_hides_private_contacts_on_request() {
    let hub = Hub::new();
    hub.write("full.csv", FULL);
    hub.run(&["import", "members", "full.csv"])
        .ok()
        .stdout_has("imported 1 organisations");
    let exported = hub.export_csv();
    assert!(
        exported == FULL,
        "export differs from the imported file:\n--- imported ---\n{FULL}\n--- exported ---\n{exported}"
    );

    let public = hub.run(&["export", "members", "--public-only"]).ok().stdout;
    let json = hub
        .run(&["export", "members", "--format", "json", "--public-only"])
        .ok()
        .stdout;
    for private in [
        "Ana Pérez",
        "Presidenta",
        "ana@example.org",
        "Luis Gómez",
        "luis@example.org",
        "+54 351",
    ] {
        assert!(exported.contains(private), "full export has {private}");
        assert!(
            !public.contains(private),
            "--public-only CSV hides {private}"
        );
        assert!(
            !json.contains(private),
            "--public-only JSON hides {private}"
        );
    }
    assert!(public.contains("cooperativa-sur") && json.contains("cooperativa-sur"));
}

#[test]
fn export_to_an_unwritable_path_fails() {
    let hub = Hub::new();
    hub.demo();
    hub.run(&["export", "members", "-o", "no-such-dir/out.csv"])
        .fails_with(FAILURE)
        .stderr_has("no-such-dir/out.csv");
}

// ---------------------------------------------------------------------------------------------
// 6. backup
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_is_a_usable_sqlite_database() {
    let hub = Hub::new();
    hub.demo();
    hub.run(&[
        "user",
        "add",
        "--email",
        "x@example.org",
        "--role",
        "person",
    ])
    .ok();
    let original = hub.export_csv();

    hub.run(&["backup", "out.db"]).ok().stdout_has("out.db");
    let bytes = hub.read("out.db");
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "out.db is a SQLite file"
    );

    let url = format!("sqlite://{}", hub.path("out.db").display());
    let env = [("PUMASI_DATABASE_URL", url.as_str())];
    let copy = hub.run_env(&["export", "members"], &env).ok();
    assert!(copy.stdout == original, "the backup holds the same members");
    // Accounts are in the backup too: the address is taken there.
    hub.run_env(
        &[
            "user",
            "add",
            "--email",
            "x@example.org",
            "--role",
            "person",
        ],
        &env,
    )
    .fails_with(FAILURE);

    // An existing file is never overwritten, whether a backup or anything else.
    let before = hub.read("out.db");
    hub.run(&["backup", "out.db"])
        .fails_with(FAILURE)
        .stderr_has("out.db")
        .stderr_has("already exists")
        .stdout_empty();
    assert_eq!(hub.read("out.db"), before);
    hub.write("notes.txt", "keep me");
    hub.run(&["backup", "notes.txt"])
        .fails_with(FAILURE)
        .stderr_has("notes.txt")
        .stdout_empty();
    assert_eq!(hub.read("notes.txt"), b"keep me");
}

/// A wrong or missing data directory is an error for every command that only reads a hub — not
/// a new, empty hub backed up or exported as a success — and nothing is migrated by them.
#[test]
fn commands_that_read_a_hub_never_make_one() {
    let hub = Hub::new();
    for args in [
        &["backup", "b.db"][..],
        &["export", "members"],
        &["search", "reindex"],
        &["governance", "verify", "ga-2026-1"],
    ] {
        hub.run(args)
            .fails_with(FAILURE)
            .stderr_has("no hub at")
            .stdout_empty();
    }
    assert_eq!(hub.listing(), Vec::<String>::new(), "nothing was created");
    // A database that is not a hub (an empty SQLite file): refused, left as it was.
    hub.write("other.db", "");
    let env = [("PUMASI_DATABASE_URL", "sqlite://other.db")];
    hub.run_env(&["backup", "b.db"], &env)
        .fails_with(FAILURE)
        .stderr_has("is not a Pumasi hub");
    hub.run_env(&["export", "members"], &env)
        .fails_with(FAILURE)
        .stderr_has("is not a Pumasi hub");
    assert!(
        !String::from_utf8_lossy(&hub.read("other.db")).contains("seaql_migrations"),
        "not migrated"
    );
    assert!(!hub.path("b.db").exists());
    // A backup into a directory that does not exist fails and leaves no partial file behind;
    // the retry to a good place succeeds.
    hub.run(&["migrate"]).ok();
    hub.run(&["backup", "missing/b.db"])
        .fails_with(FAILURE)
        .stderr_has("missing/b.db");
    hub.run(&["backup", "b.db"]).ok();
    assert!(
        !hub.listing().iter().any(|f| f.contains(".partial")),
        "{:?}",
        hub.listing()
    );
    assert!(hub.read("b.db").starts_with(b"SQLite format 3\0"));
}

/// README "Backup": a backup is restored by copying it to `<data_dir>/pumasi.db` while the hub
/// is stopped. What the restored hub holds must be the backup, not what was there before.
#[test]
fn a_backup_copied_into_place_is_what_the_hub_then_holds() {
    let hub = Hub::new();
    hub.run(&[
        "user",
        "add",
        "--email",
        "kept@example.org",
        "--role",
        "admin",
    ])
    .ok();
    hub.run(&["backup", "before-demo.db"]).ok();
    hub.demo().stdout_has(HOME_SENTENCE);

    // No pumasi process runs now: restore.
    std::fs::copy(
        hub.path("before-demo.db"),
        hub.path("pumasi-data/pumasi.db"),
    )
    .expect("copy the backup into place");
    let restored = hub.export_json();
    assert_eq!(
        slugs(&restored).len(),
        0,
        "the restored hub holds the backup (no organisations), yet it shows {} (files in \
         pumasi-data: {:?})",
        slugs(&restored).len(),
        hub.listing()
    );
    hub.run(&[
        "user",
        "add",
        "--email",
        "kept@example.org",
        "--role",
        "admin",
    ])
    .fails_with(FAILURE);
    hub.run(&[
        "user",
        "add",
        "--email",
        "admin@demo.pumasi.org",
        "--role",
        "admin",
    ])
    .ok();
}

// ---------------------------------------------------------------------------------------------
// 7. configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn a_bad_listen_address_is_named() {
    let hub = Hub::new();
    hub.run_env(&["migrate"], &[("PUMASI_LISTEN", "nonsense")])
        .fails_with(FAILURE)
        .stderr_has("listen")
        .stderr_has("nonsense")
        .stdout_empty();
    assert!(
        !hub.path("pumasi-data/pumasi.db").exists(),
        "no database is created"
    );
    assert_eq!(
        hub.listing(),
        Vec::<String>::new(),
        "an invalid configuration creates nothing"
    );
}

#[test]
fn bad_proxy_and_connection_settings_are_named() {
    let hub = Hub::new();
    for (key, value, named) in [
        (
            "PUMASI_TRUSTED_PROXIES",
            "10.0.0.0/8, 10.0.0.0/99",
            "10.0.0.0/99",
        ),
        ("PUMASI_TRUSTED_PROXIES", "load-balancer", "load-balancer"),
        ("PUMASI_MAX_CONNECTIONS", "0", "max_connections"),
        ("PUMASI_MAX_CONNECTIONS", "many", "PUMASI_MAX_CONNECTIONS"),
        ("PUMASI_HEADER_TIMEOUT_SECS", "0", "header_timeout_secs"),
    ] {
        hub.run_env(&["migrate"], &[(key, value)])
            .fails_with(FAILURE)
            .stderr_has(named)
            .stdout_empty();
    }
    assert_eq!(hub.listing(), Vec::<String>::new(), "nothing is created");
}

#[test]
fn an_unknown_key_in_the_config_file_is_named() {
    let hub = Hub::new();
    hub.write(
        "pumasi.toml",
        "listen = \"127.0.0.1:9000\"\ncolour = \"blue\"\n",
    );
    hub.run(&["migrate"])
        .fails_with(FAILURE)
        .stderr_has("pumasi.toml")
        .stderr_has("colour")
        .stdout_empty();
    hub.write("other.toml", "databse_url = \"sqlite://x.db\"\n");
    hub.run(&["--config", "other.toml", "migrate"])
        .fails_with(FAILURE)
        .stderr_has("other.toml")
        .stderr_has("databse_url")
        .stdout_empty();
    hub.run(&["--config", "missing.toml", "migrate"])
        .fails_with(FAILURE)
        .stderr_has("missing.toml")
        .stdout_empty();
    assert_eq!(hub.listing(), ["other.toml", "pumasi.toml"]);
}

#[test]
fn the_config_file_and_environment_are_used() {
    let hub = Hub::new();
    hub.write("pumasi.toml", "data_dir = \"elsewhere\"\n");
    hub.run(&["migrate"]).ok().stdout_has("elsewhere/pumasi.db");
    assert!(hub.path("elsewhere/pumasi.db").is_file());
    // The environment wins over the file.
    hub.run_env(&["migrate"], &[("PUMASI_DATA_DIR", "fromenv")])
        .ok()
        .stdout_has("fromenv/pumasi.db");
    assert!(hub.path("fromenv/pumasi.db").is_file());
    hub.run_env(&["migrate"], &[("PUMASI_DATABASE_URL", "mysql://db/x")])
        .fails_with(FAILURE)
        .stderr_has("database_url");
}
