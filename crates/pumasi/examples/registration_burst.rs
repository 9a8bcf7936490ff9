//! The events benchmark's registration client (`bench/events.sh`; figures in
//! docs/BENCHMARKS.md, "Events: registration burst and timetable").
//!
//! ```text
//! registration_burst setup DATABASE_URL [--slug S] [--capacity 2000]
//!     Before the server starts: migrates the database and creates an event taking
//!     registrations (capacity, waitlist on) with one free registration type `participant`.
//!
//! registration_burst burst DATABASE_URL BASE_URL [--slug S] [--attempts 5000]
//!     [--concurrency 256] [--cancel 100] [--label sqlite] [--server-pid PID --hz 100]
//!     Against a running `pumasi serve` on that database: every attempt is started at once
//!     (one task each, distinct emails), at most --concurrency requests are open at a time;
//!     then --cancel confirmed registrations are cancelled at once through their private links
//!     (anonymous double-submit CSRF), each of which must promote one person from the waitlist.
//!     The final state is read back from the database.
//! ```
//!
//! `burst` prints one machine-readable `BENCH_BURST key=value …` line (latencies in µs) and a
//! Markdown table on standard output, progress and problems on standard error. It exits with
//! status 1 when a check fails (the figures are printed all the same).

use anyhow::{Context, bail};
use axum::http::{Request, StatusCode, header};
use clap::{Parser, Subcommand};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use pumasi_domain::events::RawEvent;
use pumasi_store::Store;
use pumasi_store::events::{self, registration};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Parser)]
#[command(about = "Registration burst benchmark client (see bench/events.sh)")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create the benchmark event in DATABASE_URL (run before the server starts).
    Setup {
        database_url: String,
        #[arg(long, default_value = "bench-registration-burst")]
        slug: String,
        #[arg(long, default_value_t = 2000)]
        capacity: i32,
    },
    /// Run the burst and the cancellations against BASE_URL, then check DATABASE_URL.
    Burst {
        database_url: String,
        base_url: String,
        #[arg(long, default_value = "bench-registration-burst")]
        slug: String,
        #[arg(long, default_value_t = 5000)]
        attempts: usize,
        #[arg(long, default_value_t = 256)]
        concurrency: usize,
        #[arg(long, default_value_t = 100)]
        cancel: usize,
        /// The capacity the event was created with (for the checks).
        #[arg(long, default_value_t = 2000)]
        capacity: usize,
        #[arg(long, default_value = "sqlite")]
        label: String,
        /// The server's process id: its CPU time during the burst is reported.
        #[arg(long)]
        server_pid: Option<u32>,
        /// Clock ticks per second of /proc/PID/stat (`getconf CLK_TCK`).
        #[arg(long, default_value_t = 100)]
        hz: u64,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // One thread: the client must leave the rest of the machine to the server.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match cli.cmd {
        Cmd::Setup {
            database_url,
            slug,
            capacity,
        } => rt.block_on(setup(&database_url, &slug, capacity)),
        Cmd::Burst {
            database_url,
            base_url,
            slug,
            attempts,
            concurrency,
            cancel,
            capacity,
            label,
            server_pid,
            hz,
        } => rt.block_on(burst(Burst {
            database_url,
            base_url: base_url.trim_end_matches('/').to_owned(),
            slug,
            attempts,
            concurrency,
            cancel,
            capacity,
            label,
            server_pid,
            hz,
        })),
    }
}

async fn setup(url: &str, slug: &str, capacity: i32) -> anyhow::Result<()> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let input = RawEvent {
        slug: slug.to_owned(),
        kind: "meeting".to_owned(),
        status: "registration".to_owned(),
        mode: "in_person".to_owned(),
        lang: "en".to_owned(),
        title: "Benchmark: registration burst".to_owned(),
        host_city: "Lisbon".to_owned(),
        country: "PT".to_owned(),
        time_zone: "Europe/Lisbon".to_owned(),
        starts_on: "2030-05-14".to_owned(),
        ends_on: "2030-05-16".to_owned(),
        venue: "Benchmark hall".to_owned(),
        capacity: capacity.to_string(),
        waitlist: "on".to_owned(),
        fictional: "on".to_owned(),
        ..RawEvent::default()
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("benchmark event is invalid: {e:?}"))?;
    let txn = store.begin_write().await?;
    let id = events::create(&txn, &input, None).await?;
    registration::add_type(
        &txn,
        id,
        &registration::NewType {
            code: "participant".to_owned(),
            name: "Participant".to_owned(),
            fee_minor: 0,
            currency: "EUR".to_owned(),
            members_only: false,
            requires_code: false,
            translations: Vec::new(),
        },
    )
    .await?;
    txn.commit().await?;
    println!("event {slug} {id} capacity {capacity} waitlist on, type participant (fee 0)");
    Ok(())
}

struct Burst {
    database_url: String,
    base_url: String,
    slug: String,
    attempts: usize,
    concurrency: usize,
    cancel: usize,
    capacity: usize,
    label: String,
    server_pid: Option<u32>,
    hz: u64,
}

type Http = Client<HttpConnector, String>;

/// One request's outcome. `latency` runs from sending (connection slot obtained) to the last
/// byte of the answer; `since_start` from the start of the whole burst to that last byte.
struct Outcome {
    status: Option<StatusCode>,
    latency: Duration,
    since_start: Duration,
    body: Vec<u8>,
    error: Option<String>,
}

async fn request(
    http: &Http,
    req: Request<String>,
    started: Instant,
    limit: &tokio::sync::Semaphore,
) -> Outcome {
    let Ok(_permit) = limit.acquire().await else {
        unreachable!("the semaphore is never closed")
    };
    let t0 = Instant::now();
    let res = tokio::time::timeout(Duration::from_secs(120), async {
        let resp = http.request(req).await.map_err(|e| format!("{e:?}"))?;
        let status = resp.status();
        let body = axum::body::to_bytes(axum::body::Body::new(resp.into_body()), 1 << 20)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((status, body))
    })
    .await;
    let end = Instant::now();
    let (status, body, error) = match res {
        Ok(Ok((s, b))) => (Some(s), b.to_vec(), None),
        Ok(Err(e)) => (None, Vec::new(), Some(e)),
        Err(_) => (None, Vec::new(), Some("timed out after 120 s".to_owned())),
    };
    Outcome {
        status,
        latency: end - t0,
        since_start: end - started,
        body,
        error,
    }
}

/// Nearest-rank percentile of sorted durations, in microseconds.
fn pct(sorted: &[Duration], q: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_micros()
}

struct Stats {
    p50: u128,
    p90: u128,
    p99: u128,
    max: u128,
}

fn stats(mut d: Vec<Duration>) -> Stats {
    d.sort_unstable();
    Stats {
        p50: pct(&d, 0.50),
        p90: pct(&d, 0.90),
        p99: pct(&d, 0.99),
        max: d.last().map_or(0, Duration::as_micros),
    }
}

fn ms(us: u128) -> String {
    #[allow(clippy::cast_precision_loss)]
    let v = us as f64 / 1000.0;
    format!("{v:.1}")
}

/// user+system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(") ")?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

#[allow(clippy::too_many_lines)]
async fn burst(b: Burst) -> anyhow::Result<()> {
    let mut conn = HttpConnector::new();
    conn.set_nodelay(true);
    let http: Http = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(usize::MAX)
        .build(conn);
    let http = Arc::new(http);
    let limit = Arc::new(tokio::sync::Semaphore::new(b.concurrency));
    let url = format!("{}/api/v1/events/{}/registrations", b.base_url, b.slug);

    // ---- 1. The burst: every attempt started at once.
    eprintln!(
        "[burst] {} registrations to {url}, at most {} open at a time",
        b.attempts, b.concurrency
    );
    let cpu0 = b.server_pid.and_then(cpu_ticks);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(b.attempts);
    for n in 1..=b.attempts {
        let body = serde_json::json!({
            "type": "participant",
            "name": format!("Bench {n}"),
            "email": format!("bench-{n}@example.org"),
        })
        .to_string();
        let req = Request::post(&url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(body)?;
        let (http, limit) = (http.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            request(&http, req, started, &limit).await
        }));
    }
    let mut outcomes = Vec::with_capacity(b.attempts);
    for t in tasks {
        outcomes.push(t.await?);
    }
    let wall = outcomes
        .iter()
        .map(|o| o.since_start)
        .max()
        .unwrap_or_default();
    let cpu1 = b.server_pid.and_then(cpu_ticks);

    let mut errors = 0usize;
    let mut error_samples: HashMap<String, usize> = HashMap::new();
    let mut confirmed: Vec<(usize, Uuid, String)> = Vec::new();
    let mut waitlisted: Vec<Uuid> = Vec::new();
    let mut positions: HashSet<u64> = HashSet::new();
    let (mut lat_c, mut lat_w) = (Vec::new(), Vec::new());
    for (i, o) in outcomes.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_slice(&o.body).unwrap_or_default();
        let state = v["state"].as_str().unwrap_or("");
        let id = v["id"].as_str().and_then(|s| Uuid::parse_str(s).ok());
        let link = v["link"].as_str();
        match (o.status, state, id, link) {
            (Some(StatusCode::CREATED), "confirmed", Some(id), Some(link)) => {
                confirmed.push((i, id, link.to_owned()));
                lat_c.push(o.latency);
            }
            (Some(StatusCode::CREATED), "waitlisted", Some(id), Some(_)) => {
                waitlisted.push(id);
                if let Some(p) = v["waitlist_position"].as_u64() {
                    positions.insert(p);
                }
                lat_w.push(o.latency);
            }
            _ => {
                errors += 1;
                let what = match (&o.error, o.status) {
                    (Some(e), _) => e.chars().take(200).collect(),
                    (None, s) => format!(
                        "{} {}",
                        s.map_or(0, |s| s.as_u16()),
                        String::from_utf8_lossy(&o.body)
                            .chars()
                            .take(200)
                            .collect::<String>()
                    ),
                };
                *error_samples.entry(what).or_default() += 1;
            }
        }
    }
    for (what, n) in &error_samples {
        eprintln!("[burst] error ×{n}: {what}");
    }
    let all = stats(outcomes.iter().map(|o| o.latency).collect());
    let e2e = stats(outcomes.iter().map(|o| o.since_start).collect());
    let sc = stats(lat_c);
    let sw = stats(lat_w);
    #[allow(clippy::cast_precision_loss)]
    let rps = b.attempts as f64 / wall.as_secs_f64();
    eprintln!(
        "[burst] {} confirmed, {} waitlisted, {errors} errors in {:.2} s ({rps:.0}/s)",
        confirmed.len(),
        waitlisted.len(),
        wall.as_secs_f64()
    );
    let cpu_us_per_reg = match (cpu0, cpu1) {
        #[allow(clippy::cast_precision_loss)]
        (Some(a), Some(z)) => Some((z - a) as f64 * 1e6 / b.hz as f64 / b.attempts as f64),
        _ => None,
    };

    // ---- 2. Cancellations of confirmed registrations, all at once; each must promote one.
    confirmed.sort_by_key(|c| c.0);
    let victims: Vec<_> = confirmed.iter().take(b.cancel).cloned().collect();
    eprintln!("[burst] {} cancellations at once", victims.len());
    let c_started = Instant::now();
    let mut tasks = Vec::new();
    for (n, (_, _, link)) in victims.iter().enumerate() {
        let csrf = format!("benchcancel{n:04}x{}", Uuid::new_v4().simple());
        let req = Request::post(format!("{link}/cancel"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("pumasi_csrf={csrf}"))
            .body(format!("_csrf={csrf}"))?;
        let (http, limit) = (http.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            request(&http, req, c_started, &limit).await
        }));
    }
    let mut c_out = Vec::new();
    for t in tasks {
        c_out.push(t.await?);
    }
    let c_wall = c_out
        .iter()
        .map(|o| o.since_start)
        .max()
        .unwrap_or_default();
    let c_ok = c_out
        .iter()
        .filter(|o| o.status == Some(StatusCode::SEE_OTHER))
        .count();
    for o in c_out
        .iter()
        .filter(|o| o.status != Some(StatusCode::SEE_OTHER))
    {
        eprintln!(
            "[burst] cancellation answered {:?} {:?}: {}",
            o.status,
            o.error,
            String::from_utf8_lossy(&o.body)
                .chars()
                .take(200)
                .collect::<String>()
        );
    }
    let cs = stats(c_out.iter().map(|o| o.latency).collect());

    // ---- 3. What the database holds now.
    let store = Store::connect(&b.database_url)
        .await
        .context("cannot open the database to check the counts")?;
    let ev = events::by_slug(&store.db, &b.slug, pumasi_domain::locale::Locale::En).await?;
    let counts = registration::counts(&store.db, ev.id).await?;
    // Promotions go to the longest-waiting: the first `cancel` of the waitlist (in the order
    // the database keeps it) must now be confirmed, everyone after them still waitlisted.
    let was_waitlisted: HashSet<Uuid> = waitlisted.iter().copied().collect();
    let queue: Vec<_> = registration::list(&store.db, ev.id, None)
        .await?
        .into_iter()
        .filter(|r| was_waitlisted.contains(&r.id))
        .collect();
    let promoted = queue
        .iter()
        .filter(|r| r.state == pumasi_domain::events::RegistrationState::Confirmed)
        .count();
    let fifo = queue.iter().enumerate().all(|(k, r)| {
        let want = if k < victims.len() {
            pumasi_domain::events::RegistrationState::Confirmed
        } else {
            pumasi_domain::events::RegistrationState::Waitlisted
        };
        r.state == want
    });

    let want_w = b.attempts.saturating_sub(b.capacity);
    let checks = [
        ("burst confirmed", confirmed.len() == b.capacity),
        ("burst waitlisted", waitlisted.len() == want_w),
        ("burst errors", errors == 0),
        ("cancellations answered 303", c_ok == b.cancel),
        ("final confirmed", counts.confirmed == b.capacity as u64),
        (
            "final waitlisted",
            counts.waitlisted == want_w.saturating_sub(b.cancel) as u64,
        ),
        ("final cancelled", counts.cancelled == b.cancel as u64),
        (
            "event.confirmed_count",
            usize::try_from(ev.confirmed_count).ok() == Some(b.capacity),
        ),
        ("promotions", promoted == b.cancel),
        ("promotions in waitlist order", fifo),
    ];
    let failed: Vec<&str> = checks.iter().filter(|c| !c.1).map(|c| c.0).collect();

    println!(
        "BENCH_BURST backend={} attempts={} concurrency={} confirmed={} waitlisted={} errors={} \
         wall_us={} rps={rps:.1} p50_us={} p90_us={} p99_us={} max_us={} \
         e2e_p50_us={} e2e_p99_us={} e2e_max_us={} \
         confirmed_p50_us={} confirmed_p99_us={} waitlisted_p50_us={} waitlisted_p99_us={} \
         server_cpu_us={} positions_distinct={} \
         cancel={} cancel_303={} cancel_wall_us={} cancel_p50_us={} cancel_p90_us={} cancel_p99_us={} cancel_max_us={} \
         final_confirmed={} final_waitlisted={} final_cancelled={} event_confirmed_count={} \
         promoted={promoted} fifo={} checks={}",
        b.label,
        b.attempts,
        b.concurrency,
        confirmed.len(),
        waitlisted.len(),
        errors,
        wall.as_micros(),
        all.p50,
        all.p90,
        all.p99,
        all.max,
        e2e.p50,
        e2e.p99,
        e2e.max,
        sc.p50,
        sc.p99,
        sw.p50,
        sw.p99,
        cpu_us_per_reg.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}")),
        positions.len(),
        b.cancel,
        c_ok,
        c_wall.as_micros(),
        cs.p50,
        cs.p90,
        cs.p99,
        cs.max,
        counts.confirmed,
        counts.waitlisted,
        counts.cancelled,
        ev.confirmed_count,
        if fifo { "ok" } else { "WRONG" },
        if failed.is_empty() {
            "ok".to_owned()
        } else {
            failed.join(",").replace(' ', "_")
        },
    );
    println!();
    println!("| {} | value |", b.label);
    println!("|---|---:|");
    println!(
        "| attempts (distinct emails), all started at once / open requests at most | {} / {} |",
        b.attempts, b.concurrency
    );
    println!(
        "| answers: 201 confirmed / 201 waitlisted / errors | {} / {} / {errors} |",
        confirmed.len(),
        waitlisted.len()
    );
    println!(
        "| wall time, first request to last answer | {:.2} s |",
        wall.as_secs_f64()
    );
    println!("| **registrations/s** | **{rps:.0}** |");
    println!(
        "| latency p50 / p90 / **p99** / max (request sent → answer read) | {} / {} / **{}** / {} ms |",
        ms(all.p50),
        ms(all.p90),
        ms(all.p99),
        ms(all.max)
    );
    println!(
        "| — confirmed ({}) p50 / p99 | {} / {} ms |",
        confirmed.len(),
        ms(sc.p50),
        ms(sc.p99)
    );
    println!(
        "| — waitlisted ({}) p50 / p99 | {} / {} ms |",
        waitlisted.len(),
        ms(sw.p50),
        ms(sw.p99)
    );
    println!(
        "| time from the burst's start to the answer p50 / p99 / max (includes waiting for a connection slot) | {} / {} / {} ms |",
        ms(e2e.p50),
        ms(e2e.p99),
        ms(e2e.max)
    );
    if let Some(v) = cpu_us_per_reg {
        println!("| server CPU per registration (user+system) | {v:.0} µs |");
    }
    println!(
        "| distinct waitlist positions in the answers | {} of {} |",
        positions.len(),
        waitlisted.len()
    );
    println!(
        "| cancellations at once → 303 | {} → {c_ok} |",
        victims.len()
    );
    println!(
        "| cancellation wall time / latency p50 / p90 / p99 / max | {} ms / {} / {} / {} / {} ms |",
        ms(c_wall.as_micros()),
        ms(cs.p50),
        ms(cs.p90),
        ms(cs.p99),
        ms(cs.max)
    );
    println!(
        "| final (database): confirmed / waitlisted / cancelled; event's seat counter | {} / {} / {}; {} |",
        counts.confirmed, counts.waitlisted, counts.cancelled, ev.confirmed_count
    );
    println!(
        "| promoted from the waitlist / in waitlist order | {promoted} / {} |",
        if fifo { "yes" } else { "**no**" }
    );
    println!(
        "| checks | {} |",
        if failed.is_empty() {
            "all passed".to_owned()
        } else {
            format!("**failed: {}**", failed.join(", "))
        }
    );
    if !failed.is_empty() {
        bail!("checks failed: {}", failed.join(", "));
    }
    Ok(())
}
