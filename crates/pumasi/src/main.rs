//! The `pumasi` binary: one executable for serving the hub and operating it.
//!
//! Error policy: commands use `anyhow` (this is off the request path) and exit non-zero with a
//! message that names the file, line or value at fault.

mod config;
mod demo_events;
mod demo_governance;
mod demo_library;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use config::Config;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::Store;
use pumasi_store::members::transfer;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "pumasi",
    version,
    about = "Pumasi — a hub for networks of social and solidarity economy organisations and local governments"
)]
struct Cli {
    /// Configuration file (default: ./pumasi.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Load the demo data set first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data set (GSEF-like network) into an empty database and print demo accounts.
    Demo,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import data from a file (all-or-nothing).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export data.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Write a consistent copy of the SQLite database to FILE while the hub runs.
    Backup {
        /// Destination file; must not exist.
        file: PathBuf,
    },
    /// The search index in the data directory.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Motions and votes.
    Governance {
        #[command(subcommand)]
        command: GovernanceCommand,
    },
}

#[derive(Subcommand)]
enum GovernanceCommand {
    /// Recompute a closed motion's result from its anonymised ballot list and check it, the
    /// list's digest and the motion's hash-chained log against what was published. Exits
    /// non-zero when anything differs.
    Verify {
        /// The motion's reference, e.g. `general-assembly-2026-1`.
        motion: String,
        /// A ballot list downloaded from the motion's page (JSON); default: the stored ballots.
        #[arg(long)]
        ballots: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Rebuild the index from the database (the server does this by itself when the index is
    /// missing or of an older version; run it while the server is stopped).
    Reindex,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; prints a generated password unless --password-stdin is given.
    Add {
        /// Email address, used to log in.
        #[arg(long)]
        email: String,
        /// Installation-wide role.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Display name (default: the part of the email before @).
        #[arg(long, default_value = "")]
        name: String,
        /// Interface language of the account.
        #[arg(long, default_value = "en")]
        locale: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
        /// Give the person a role in this organisation (by slug).
        #[arg(long)]
        org: Option<String>,
        /// The person's role in --org.
        #[arg(long, value_enum, default_value = "admin")]
        org_role: OrgRoleArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Person,
    Secretariat,
    Admin,
}

#[derive(Clone, Copy, ValueEnum)]
enum OrgRoleArg {
    Member,
    Editor,
    Admin,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Organisations from CSV: Pumasi's columns (docs/IMPORT.md) or the Co-ops UK open data file.
    Members { file: PathBuf },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// All organisations.
    Members {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Leave out private contacts (leader, focal point).
        #[arg(long)]
        public_only: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
    Essglobal,
}

// glibc's allocator kept per-thread arenas of memory after page renders and spent most of a
// large import in malloc/free (docs/BENCHMARKS.md); mimalloc returns memory and is faster here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEMO_CSV: &str = include_str!("../demo/organisations.csv");

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("PUMASI_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    // The HTML parser behind the sanitiser reports every oddity of hostile markup (a
    // description of 1,200 stray tags wrote 2,400 warnings per view): never let a visitor's
    // text fill the log.
    for quiet in ["html5ever=error", "markup5ever=error", "ammonia=error"] {
        if let Ok(d) = quiet.parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let mut opened = Vec::new();
    let result = run(Cli::parse(), &mut opened).await;
    for store in opened {
        let _ = store.db.close_by_ref().await;
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Opens the hub's database — creating it and applying migrations — for the commands that make
/// or change a hub (`serve`, `migrate`, `demo`, `import`, `user add`); the store is remembered
/// so `main` can close it, which on SQLite checkpoints the WAL into the database file.
async fn open(cfg: &Config, opened: &mut Vec<Store>) -> anyhow::Result<Store> {
    cfg.create_data_dir()?;
    let store = Store::connect(&cfg.database_url)
        .await
        .with_context(|| format!("cannot open database {}", cfg.redacted_db()))?;
    store.migrate().await.context("migration failed")?;
    opened.push(store.clone());
    Ok(store)
}

/// Opens an existing hub for a command that only reads it (`backup`, `export`, `search
/// reindex`, `governance verify`): a wrong or missing data directory is an error, never a new
/// empty hub, and nothing is migrated. `current` also requires the schema this binary reads
/// (a backup copies any version; an export must understand what it reads).
async fn open_existing(
    cfg: &Config,
    opened: &mut Vec<Store>,
    current: bool,
) -> anyhow::Result<Store> {
    let store = Store::connect_tuned(
        &cfg.database_url,
        pumasi_store::Tuning {
            must_exist: true,
            ..Default::default()
        },
    )
    .await
    .with_context(|| {
        format!(
            "no hub at {}: check data_dir / database_url (`pumasi migrate` creates a new one)",
            cfg.redacted_db()
        )
    })?;
    opened.push(store.clone());
    let is_hub = store.is_hub().await.unwrap_or(false);
    let version = if is_hub {
        store.schema_version().await.ok().unwrap_or_default()
    } else {
        String::new()
    };
    if version.is_empty() {
        bail!(
            "{} is not a Pumasi hub (no migrations applied); check data_dir / database_url",
            cfg.redacted_db()
        );
    }
    if current {
        let pending = store.pending_migrations().await?;
        if pending > 0 {
            bail!(
                "{} is at migration {version}, older than this pumasi ({pending} pending): run \
                 `pumasi migrate` (or `pumasi serve`) first",
                cfg.redacted_db()
            );
        }
    }
    Ok(store)
}

async fn run(cli: Cli, opened: &mut Vec<Store>) -> anyhow::Result<()> {
    let cfg = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { demo } => serve(&cfg, demo, opened).await,
        Command::Migrate => {
            let store = open(&cfg, opened).await?;
            println!(
                "database {} is at migration {}",
                cfg.redacted_db(),
                store.schema_version().await?
            );
            Ok(())
        }
        Command::Demo => {
            let store = open(&cfg, opened).await?;
            demo(&store, &cfg).await
        }
        Command::Search {
            command: SearchCommand::Reindex,
        } => {
            let store = open_existing(&cfg, opened, true).await?;
            reindex(&store, &cfg).await
        }
        Command::Governance {
            command: GovernanceCommand::Verify { motion, ballots },
        } => {
            let store = open_existing(&cfg, opened, true).await?;
            verify_motion(&store, &motion, ballots.as_deref()).await
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    name,
                    locale,
                    password_stdin,
                    org,
                    org_role,
                },
        } => {
            let email = Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("--email: {email:?} is not a valid email address"))?;
            let locale =
                Locale::parse(&locale).context("--locale must be one of ko, en, fr, es")?;
            let role = match role {
                RoleArg::Person => SiteRole::Person,
                RoleArg::Secretariat => SiteRole::Secretariat,
                RoleArg::Admin => SiteRole::Admin,
            };
            let (password, show) = if password_stdin {
                let mut p = String::new();
                std::io::stdin().read_line(&mut p)?;
                (p.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (pumasi_web::auth::random_token()[..20].to_owned(), true)
            };
            pumasi_web::auth::check_new_password(&password)
                .map_err(|_| anyhow::anyhow!("the password must have 10 to 200 characters"))?;
            let hash =
                pumasi_web::auth::hash_password(&password).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let store = open(&cfg, opened).await?;
            let txn = store.begin_write().await?;
            let display = if name.is_empty() {
                email.as_str().split('@').next().unwrap_or("").to_owned()
            } else {
                name
            };
            let id =
                pumasi_store::accounts::create(&txn, &email, &display, &hash, role, locale, None)
                    .await
                    .map_err(|e| match e {
                        pumasi_store::StoreError::Conflict(code) => anyhow::anyhow!(
                            "cannot create {email}: {}",
                            pumasi_web::i18n::I18n::new(Locale::En).t(code)
                        ),
                        e => anyhow::anyhow!("cannot create {email}: {e}"),
                    })?;
            if let Some(slug) = org {
                let o = pumasi_store::members::by_slug(&txn, &slug, locale)
                    .await
                    .map_err(|_| anyhow::anyhow!("--org: no organisation {slug:?}"))?;
                let r = match org_role {
                    OrgRoleArg::Member => OrgRole::Member,
                    OrgRoleArg::Editor => OrgRole::Editor,
                    OrgRoleArg::Admin => OrgRole::Admin,
                };
                pumasi_store::members::set_affiliation(&txn, id, o.id, r, None).await?;
            }
            txn.commit().await?;
            println!("created {} ({})", email, role.code());
            if show {
                println!("password: {password}");
            }
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Members { file },
        } => {
            let store = open(&cfg, opened).await?;
            import_members(&store, &file).await
        }
        Command::Export {
            what:
                ExportWhat::Members {
                    format,
                    output,
                    public_only,
                },
        } => {
            let store = open_existing(&cfg, opened, true).await?;
            let orgs = transfer::all(&store.db).await?;
            let mut out: Box<dyn std::io::Write> = match &output {
                Some(p) => Box::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("cannot write {}", p.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            match format {
                ExportFormat::Csv => transfer::write_csv(&orgs, !public_only, &mut out)?,
                ExportFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &transfer::to_json(&orgs, !public_only))?
                }
                ExportFormat::Essglobal => serde_json::to_writer_pretty(
                    &mut out,
                    &transfer::to_essglobal(&orgs, &cfg.base_url),
                )?,
            }
            if !matches!(format, ExportFormat::Csv) {
                writeln!(out)?;
            }
            out.flush()?;
            eprintln!("exported {} organisations", orgs.len());
            Ok(())
        }
        Command::Backup { file } => {
            if file.exists() {
                bail!("{} already exists; choose a new file", file.display());
            }
            let store = open_existing(&cfg, opened, false).await?;
            backup(&store, &file).await?;
            println!("backup written to {}", file.display());
            Ok(())
        }
    }
}

/// Writes the backup under a temporary name beside `file`, makes it durable, then renames it:
/// a backup killed midway leaves no file at `file`, and the retry is not refused.
async fn backup(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    let name = file
        .file_name()
        .with_context(|| format!("{} is not a file name", file.display()))?;
    let tmp = file.with_file_name(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&tmp);
    let written = store
        .backup_to(&tmp.to_string_lossy())
        .await
        .map_err(|e| match e {
            pumasi_store::StoreError::Conflict(_) => anyhow::anyhow!(
                "this database is PostgreSQL: back it up with pg_dump (see README.md)"
            ),
            e => anyhow::anyhow!("backup to {} failed: {e}", file.display()),
        })
        .and_then(|()| {
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot make {} durable", tmp.display()))
        })
        .and_then(|()| {
            if file.exists() {
                bail!("{} already exists; choose a new file", file.display());
            }
            std::fs::rename(&tmp, file)
                .with_context(|| format!("cannot rename the backup to {}", file.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself survives a crash once its directory is synced.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

async fn import_members(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let f = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (rows, report) = transfer::validate(&store.db, std::io::BufReader::new(f)).await?;
    let en = pumasi_web::i18n::I18n::new(Locale::En);
    for (line, first) in &report.merged_duplicates {
        eprintln!(
            "{}:{line}: same organisation as line {first}; imported once",
            file.display()
        );
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            let field = if e.field.is_empty() {
                String::new()
            } else {
                format!(" {}:", e.field)
            };
            eprintln!("{}:{}:{field} {}", file.display(), e.line, en.t(e.code));
        }
        bail!(
            "{}: {} error(s) in {} row(s); nothing was imported",
            file.display(),
            report.errors.len(),
            report.rows
        );
    }
    let bar = indicatif::ProgressBar::new(rows.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let txn = store.begin_write().await?;
    let n = transfer::write(&txn, &rows, None, |d| bar.set_position(d)).await?;
    txn.commit().await?;
    bar.finish_and_clear();
    println!(
        "imported {n} organisations from {} ({} rows, {} merged duplicates, format {:?}) in {:.2}s",
        file.display(),
        report.rows,
        report.merged_duplicates.len(),
        report
            .format
            .map_or_else(|| "?".to_owned(), |f| format!("{f:?}")),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A demo account: email, site role, organisation slug and role, password.
type DemoAccount = (
    &'static str,
    SiteRole,
    Option<(&'static str, OrgRole)>,
    &'static str,
);

const DEMO_ACCOUNTS: &[DemoAccount] = &[
    (
        "admin@demo.pumasi.org",
        SiteRole::Admin,
        None,
        "demo-admin-pass",
    ),
    (
        "secretariat@demo.pumasi.org",
        SiteRole::Secretariat,
        None,
        "demo-secretariat-pass",
    ),
    (
        "seoul@demo.pumasi.org",
        SiteRole::Person,
        Some(("seoul-metropolitan-government", OrgRole::Admin)),
        "demo-orgadmin-pass",
    ),
    (
        "editor@demo.pumasi.org",
        SiteRole::Person,
        Some(("city-of-bordeaux", OrgRole::Editor)),
        "demo-editor-pass",
    ),
    (
        "person@demo.pumasi.org",
        SiteRole::Person,
        None,
        "demo-person-pass",
    ),
    (
        "checkin@demo.pumasi.org",
        SiteRole::Person,
        None,
        "demo-checkin-pass",
    ),
];

/// `pumasi search reindex`: every public document again, with a progress bar.
async fn reindex(store: &Store, cfg: &Config) -> anyhow::Result<()> {
    let dir = cfg.data_dir.join("search");
    let started = std::time::Instant::now();
    let search = pumasi_search::Search::open_for_rebuild(&dir)
        .with_context(|| format!("search index in {}", dir.display()))?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let n = search
        .rebuild(store, |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await?;
    bar.finish_and_clear();
    println!(
        "search index rebuilt in {}: {n} documents in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `pumasi governance verify MOTION [--ballots FILE]`.
async fn verify_motion(
    store: &Store,
    reference: &str,
    file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use pumasi_store::governance::motions;
    let list = match file {
        Some(f) => {
            let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
            Some(
                serde_json::from_slice::<pumasi_domain::governance::motion::BallotList>(&bytes)
                    .map_err(|e| {
                        anyhow::anyhow!("{}:{}: not a ballot list: {e}", f.display(), e.line())
                    })?,
            )
        }
        None => None,
    };
    let v = match motions::verify(&store.db, reference, list).await {
        Ok(v) => v,
        Err(pumasi_store::StoreError::NotFound) => bail!("no motion {reference}"),
        Err(pumasi_store::StoreError::Conflict(_)) => {
            bail!("motion {reference} is not closed: there is no result to verify yet")
        }
        Err(e) => return Err(e.into()),
    };
    let mark = |ok: bool| if ok { "ok" } else { "MISMATCH" };
    println!("motion {}: {} ballots", v.reference, v.ballots);
    match v.chain {
        Ok(()) => println!("log chain: ok"),
        Err(seq) => println!("log chain: BROKEN at entry {seq}"),
    }
    println!("ballot list digest: {}", mark(v.digest_matches));
    println!(
        "recomputed result: {} (cast {} of {} eligible, quorum {}, winners {:?})",
        mark(v.result_matches),
        v.recomputed.cast,
        v.recomputed.eligible,
        if v.recomputed.quorum_met {
            "met"
        } else {
            "not met"
        },
        v.recomputed.winners
    );
    if !v.ok() {
        bail!("motion {reference} does not verify");
    }
    Ok(())
}

/// The demo accounts' personal names, invented and marked as such: the menu shows a person,
/// not the first half of an email address.
fn demo_person_name(email: &str) -> &'static str {
    match email.split('@').next().unwrap_or("") {
        "admin" => "Lim Soo-ah (demo)",
        "secretariat" => "Jung Ha-eun (demo)",
        "seoul" => "Kang Do-yun (demo)",
        "editor" => "Camille Martin (demo)",
        "checkin" => "Lucas Silva (demo)",
        _ => "Aminata Diallo (demo)",
    }
}

async fn demo(store: &Store, cfg: &Config) -> anyhow::Result<()> {
    let files = &pumasi_store::library::attachments::Files::local(&cfg.data_dir.join("files"))
        .with_context(|| format!("attachments directory in {}", cfg.data_dir.display()))?;
    if pumasi_store::members::count_all(&store.db).await? > 0 {
        bail!(
            "the database already holds organisations; `pumasi demo` loads only into an empty database"
        );
    }
    let (rows, report) = transfer::validate(&store.db, DEMO_CSV.as_bytes()).await?;
    if !report.errors.is_empty() {
        bail!("demo data is invalid: {:?}", report.errors);
    }
    let txn = store.begin_write().await?;
    transfer::write(&txn, &rows, None, |_| {}).await?;
    let identity = pumasi_store::settings::Identity {
        name: "Global Social Economy Forum — demo hub".to_owned(),
        short_name: "GSEF demo".to_owned(),
        time_zone: "Asia/Seoul".to_owned(),
        ..pumasi_store::settings::Identity::default()
    };
    pumasi_store::settings::set_identity(&txn, &identity).await?;
    println!("demo accounts (demo data only — change these passwords on a real hub):");
    let mut accounts = std::collections::HashMap::new();
    for (email, role, org, password) in DEMO_ACCOUNTS {
        let e = Email::parse(email).map_err(|c| anyhow::anyhow!("{email}: {c}"))?;
        let hash =
            pumasi_web::auth::hash_password(password).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let id = pumasi_store::accounts::create(
            &txn,
            &e,
            demo_person_name(email),
            &hash,
            *role,
            Locale::En,
            None,
        )
        .await?;
        accounts.insert(*email, id);
        let mut what = role.code().to_owned();
        if let Some((slug, r)) = org {
            let o = pumasi_store::members::by_slug(&txn, slug, Locale::En)
                .await
                .with_context(|| format!("demo organisation {slug}"))?;
            pumasi_store::members::set_affiliation(&txn, id, o.id, *r, None).await?;
            what = format!("{} of {slug}", r.code());
        }
        if *email == "checkin@demo.pumasi.org" {
            what = "check-in desk of demo-forum-2027-lisbon".to_owned();
        }
        println!("  {email:32} {password:24} {what}");
    }
    let organisers: Vec<_> = accounts
        .get("secretariat@demo.pumasi.org")
        .copied()
        .into_iter()
        .collect();
    let checkin: Vec<_> = accounts
        .get("checkin@demo.pumasi.org")
        .copied()
        .into_iter()
        .collect();
    let n = demo_events::load(&txn, &organisers, &checkin).await?;
    println!(
        "{n} events loaded; speakers register for the upcoming forum with the invitation code SPEAKER-2027"
    );
    let n = demo_library::load(&txn, files).await?;
    println!("{n} library items loaded");
    let (mandates, closed, open) = demo_governance::load(&txn).await?;
    println!(
        "{mandates} mandates and 2 general-assembly motions loaded (fictional): {closed} (closed; `pumasi governance verify {closed}` recounts it) and {open} (open; the Seoul demo representative votes)"
    );
    let n = demo_governance::load_declaration(&txn).await?;
    println!("the Seoul Declaration (2013) with {n} signatories known from public sources");
    let n = demo_governance::load_charter(&txn).await?;
    println!("the charter with {n} articles (placeholder text)");
    let slug = demo_governance::load_meetings(&txn).await?;
    println!("a fictional steering-committee meeting with minutes and a decision: {slug}");
    let slug = demo_governance::load_election(&txn).await?;
    println!("a fictional election campaign open for candidacies: {slug}");
    txn.commit().await?;
    let s = pumasi_store::members::stats(&store.db).await?;
    println!(
        "{}",
        pumasi_web::members::home_sentence(&pumasi_web::i18n::I18n::new(Locale::En), &s)
    );
    Ok(())
}

/// The server's connection limits: as configured, within the file descriptors the process may
/// open (its soft limit is first raised to the hard one), keeping 256 for the database, the
/// search index and files.
fn connection_limits(cfg: &Config) -> pumasi_web::server::Limits {
    let fds = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let room = usize::try_from(fds.saturating_sub(256).max(16)).unwrap_or(usize::MAX);
    if room < cfg.max_connections {
        tracing::warn!(
            max_connections = cfg.max_connections,
            file_descriptors = fds,
            "max_connections lowered to what the file descriptor limit allows: {room}"
        );
    }
    pumasi_web::server::Limits {
        max_connections: cfg.max_connections.min(room),
        header_timeout: std::time::Duration::from_secs(cfg.header_timeout_secs),
    }
}

async fn serve(cfg: &Config, load_demo: bool, opened: &mut Vec<Store>) -> anyhow::Result<()> {
    let store = open(cfg, opened).await?;
    if load_demo && pumasi_store::members::count_all(&store.db).await? == 0 {
        demo(&store, cfg).await?;
    }
    let state = pumasi_web::AppState::new(store, cfg.web()).await?;
    tokio::spawn(pumasi_web::mail::run(state.clone()));
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.listen))?;
    let app = pumasi_web::router(state);
    println!(
        "Pumasi is running at {}/ (database: {})",
        cfg.base_url,
        cfg.redacted_db()
    );
    pumasi_web::server::serve(listener, app, connection_limits(cfg), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
