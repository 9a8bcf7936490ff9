//! Motions on the web: the secretariat drafts and opens them; members' representatives cast
//! their organisation's ballot (and those of members whose proxy they hold) and get a receipt;
//! anyone reads the result with its per-college breakdown; eligible members download the
//! anonymised ballot list and the log to recount (`pumasi governance verify`).

use super::{option_label, percent, rules_line, status_label};
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pumasi_domain::FieldError;
use pumasi_domain::governance::motion::{KindCode, MotionStatus, RawMotion, parse_choices};
use pumasi_domain::governance::{ABSTAIN, Tally};
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::governance::motions::{self as store, Caster, Motion};
use pumasi_store::governance::{self, Body};
use std::collections::HashMap;
use uuid::Uuid;

async fn load(ctx: &Ctx, reference: &str) -> Result<Motion, PageError> {
    // A result never waits for the background loop.
    if let Err(e) = super::close_due(&ctx.state).await {
        tracing::warn!(error = %e, "closing due motions");
    }
    let mut m = store::by_reference(&ctx.state.store.db, reference)
        .await
        .map_err(|e| ctx.err(e))?;
    if m.status == MotionStatus::Draft && !ctx.can(Action::ManageGovernance) {
        return Err(ctx.err(AppError::NotFound));
    }
    // In the reader's language (title, text, options); the base text says where it is shown.
    pumasi_store::governance::translations::localize_motions(
        &ctx.state.store.db,
        std::slice::from_mut(&mut m),
        ctx.locale(),
    )
    .await
    .map_err(|e| ctx.err(e))?;
    Ok(m)
}

async fn colleges(ctx: &Ctx) -> Result<Vec<(i32, u32, String)>, PageError> {
    let v = pumasi_store::members::vocabulary(&ctx.state.store.db)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok(v.colleges
        .iter()
        .map(|c| {
            (
                c.number,
                u32::try_from(c.weight_bp).unwrap_or(0),
                c.label(ctx.locale()).to_owned(),
            )
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Drafting
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "motion_new.html")]
struct NewPage {
    shell: Shell,
    i: I18n,
    body: Body,
    form: FormState,
    kinds: Vec<(String, String, bool)>,
    weightings: Vec<(String, String, bool)>,
    majorities: Vec<(String, String, bool)>,
    dues_rules: Vec<(String, String, bool)>,
    langs: Vec<(String, String, bool)>,
}

fn new_page(ctx: &Ctx, body: Body, form: FormState) -> NewPage {
    let i = ctx.i();
    let opts = |name: &str, list: &[(&str, String)]| -> Vec<(String, String, bool)> {
        list.iter()
            .map(|(v, l)| ((*v).to_owned(), l.clone(), form.selected(name, v)))
            .collect()
    };
    NewPage {
        kinds: opts(
            "kind",
            &KindCode::ALL
                .iter()
                .map(|k| {
                    (
                        k.code(),
                        i.t(&format!("motion-kind-{}", k.code().replace('_', "-"))),
                    )
                })
                .collect::<Vec<_>>(),
        ),
        weightings: opts(
            "weighting",
            &[
                ("college", i.t("motion-weighting-college")),
                ("one_member", i.t("motion-weighting-one-member")),
            ],
        ),
        majorities: opts(
            "majority",
            &[
                ("simple", i.t("motion-majority-simple")),
                ("absolute", i.t("motion-majority-absolute")),
                ("two_thirds", i.t("motion-majority-two-thirds")),
            ],
        ),
        dues_rules: opts(
            "dues_rule",
            &[
                ("ignore", i.t("motion-dues-ignore")),
                ("exclude_overdue", i.t("motion-dues-exclude-overdue")),
            ],
        ),
        langs: super::lang_options(i, &form),
        body,
        form,
        shell: ctx.shell.clone(),
        i,
    }
}

/// `GET /{locale}/governance/{body}/motions/new`.
///
/// # Errors
/// `Unauthorized`/`Forbidden` except for the secretariat.
pub async fn new_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    let body = governance::body_by_slug(&ctx.state.store.db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    // Times are typed in the hub's zone by default, and the form opens on the hub's clock.
    let zone: chrono_tz::Tz = ctx
        .shell
        .identity
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let now = Utc::now().with_timezone(&zone);
    let mut v = HashMap::new();
    for (k, val) in [
        ("lang", ctx.locale().code().to_owned()),
        ("kind", "yes_no".to_owned()),
        ("weighting", body.weighting.code().to_owned()),
        ("majority", "simple".to_owned()),
        ("dues_rule", "ignore".to_owned()),
        ("quorum", "50".to_owned()),
        ("proxy_limit", "2".to_owned()),
        ("time_zone", zone.name().to_owned()),
        ("opens_at", now.format("%Y-%m-%dT%H:%M").to_string()),
        (
            "closes_at",
            (now + chrono::Duration::days(7))
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
        ),
    ] {
        v.insert(k.to_owned(), val);
    }
    let page = new_page(&ctx, body, FormState::new(v));
    ctx.render(&page)
}

/// `POST /{locale}/governance/{body}/motions/new`: saves a draft.
///
/// # Errors
/// The form with a message per field (422).
pub async fn create(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let body = governance::body_by_slug(db, &slug)
        .await
        .map_err(|e| ctx.err(e))?;
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let raw = RawMotion {
        title: g("title"),
        text: g("text"),
        lang: g("lang"),
        kind: g("kind"),
        options: g("options"),
        max_choices: g("max_choices"),
        seats: g("seats"),
        weighting: g("weighting"),
        quorum: g("quorum"),
        per_college: g("per_college"),
        majority: g("majority"),
        secret: g("secret"),
        changeable: g("changeable"),
        proxy_limit: g("proxy_limit"),
        dues_rule: g("dues_rule"),
        opens_at: g("opens_at"),
        closes_at: g("closes_at"),
        time_zone: g("time_zone"),
    };
    let weights: Vec<(i32, u32)> = colleges(&ctx)
        .await?
        .into_iter()
        .map(|(n, w, _)| (n, w))
        .collect();
    let input = match raw.validate(&weights) {
        Ok(x) => x,
        Err(errs) => {
            let (form, status) = ctx.form_failure(StoreError::Invalid(errs), &f)?;
            return ctx.render_status(status, &new_page(&ctx, body, form));
        }
    };
    let txn = ctx.begin().await?;
    let m = store::create(&txn, &body, &input, None, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    Ok(ctx.see_other(
        &format!("/{}/motions/{}", ctx.locale().code(), m.reference),
        Some("saved"),
    ))
}

/// `POST /{locale}/motions/{reference}/open`: fixes the eligible members and opens the vote.
///
/// # Errors
/// `Forbidden`; 409 when it is not a draft, its closing time has passed or nobody may vote.
pub async fn open(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageGovernance)?;
    ctx.check_csrf(&f)?;
    let m = load(&ctx, &reference).await?;
    let txn = ctx.begin().await?;
    store::open(&txn, m.id, Utc::now(), ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/motions/{reference}", ctx.locale().code()),
        Some("motion-opened"),
    ))
}

// ---------------------------------------------------------------------------------------------
// The motion page and the ballot
// ---------------------------------------------------------------------------------------------

/// One ballot the person may cast: for their own organisation or by proxy.
pub struct BallotForm {
    pub acting_for: Uuid,
    pub member: Uuid,
    pub member_name: String,
    pub by_proxy: bool,
    pub changing: bool,
}

/// What the page says about one organisation the person represents.
pub struct OwnStanding {
    pub org: Uuid,
    pub name: String,
    pub line: String,
    pub can_give_proxy: bool,
    pub can_revoke: bool,
}

/// One instant-runoff round: number, `(label, share)` of the options still in, who went out.
pub type RoundView = (usize, Vec<(String, String)>, String);

/// A result as shown.
pub struct ResultsView {
    pub cast: u64,
    pub eligible: u64,
    pub participation: String,
    pub quorum_met: bool,
    pub outcome: String,
    /// `(label, weighted share, ballots)`.
    pub rows: Vec<(String, String, u64)>,
    /// Option labels, for the college table's header.
    pub labels: Vec<String>,
    /// `(college, weight, eligible, cast, votes per option)`.
    pub colleges: Vec<(String, String, u64, u64, Vec<u64>)>,
    /// `(round, [(label, share)], eliminated)`.
    pub rounds: Vec<RoundView>,
}

fn results_view(i: I18n, m: &Motion, t: &Tally, names: &[(i32, u32, String)]) -> ResultsView {
    let n = match m.rules.kind {
        KindCode::YesNo => 3,
        _ => m.rules.options,
    };
    let labels: Vec<String> = (0..n).map(|o| option_label(i, m, o)).collect();
    let total = |o: u32| -> u64 { t.groups.iter().map(|g| g.votes[o as usize]).sum() };
    let rows = (0..n)
        .map(|o| {
            let share = if m.rules.kind == KindCode::YesNo && o == ABSTAIN {
                String::new()
            } else {
                percent(t.shares[o as usize].bp())
            };
            (labels[o as usize].clone(), share, total(o))
        })
        .collect();
    let outcome = if !t.quorum_met {
        i.t("result-no-quorum")
    } else if !t.tied.is_empty() {
        let tied: Vec<String> = t.tied.iter().map(|o| option_label(i, m, *o)).collect();
        i.ts("result-tied", &tied.join(", "))
    } else if m.rules.kind == KindCode::YesNo {
        i.t(if t.winners.first() == Some(&0) {
            "result-adopted"
        } else {
            "result-rejected"
        })
    } else {
        let w: Vec<String> = t.winners.iter().map(|o| option_label(i, m, *o)).collect();
        i.ts("result-elected", &w.join(", "))
    };
    let colleges = t
        .groups
        .iter()
        .map(|g| {
            let name = match g.college {
                Some(c) => names
                    .iter()
                    .find(|(n, _, _)| *n == c)
                    .map_or_else(|| c.to_string(), |(_, _, l)| l.clone()),
                None => i.t("result-all-members"),
            };
            (
                name,
                percent(g.weight_bp),
                g.eligible,
                g.cast,
                g.votes.clone(),
            )
        })
        .collect();
    let rounds = t
        .rounds
        .iter()
        .enumerate()
        .map(|(k, r)| {
            (
                k + 1,
                r.shares
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.den > 0 && s.num > 0)
                    .map(|(o, s)| {
                        (
                            option_label(i, m, u32::try_from(o).unwrap_or(0)),
                            percent(s.bp()),
                        )
                    })
                    .collect(),
                r.eliminated
                    .map(|o| option_label(i, m, o))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let participation = percent(
        (t.cast * 10_000)
            .checked_div(t.eligible)
            .and_then(|x| u32::try_from(x).ok())
            .unwrap_or(0),
    );
    ResultsView {
        cast: t.cast,
        eligible: t.eligible,
        participation,
        quorum_met: t.quorum_met,
        outcome,
        rows,
        labels,
        colleges,
        rounds,
    }
}

#[derive(Template)]
#[template(path = "motion.html")]
struct MotionPage {
    shell: Shell,
    i: I18n,
    m: Motion,
    body: Body,
    status: String,
    rules: String,
    opens: String,
    closes: String,
    text_html: String,
    /// `(value, label)` of the options on the ballot paper.
    options: Vec<(u32, String)>,
    ranks: Vec<u32>,
    ballots: Vec<BallotForm>,
    standings: Vec<OwnStanding>,
    results: Option<ResultsView>,
    manage: bool,
    taking: bool,
    can_download: bool,
    form: FormState,
    /// `(id, name)` of the other eligible members, for the proxy form.
    proxy_targets: Vec<(String, String)>,
}

impl MotionPage {
    fn note(&self, field: &str) -> String {
        super::note(self.i, &self.m.shown, field)
    }
}

async fn org_name(ctx: &Ctx, id: Uuid) -> String {
    pumasi_store::members::by_id(&ctx.state.store.db, id, ctx.locale())
        .await
        .map(|o| o.name.text)
        .unwrap_or_default()
}

async fn motion_page_with(
    ctx: &Ctx,
    m: Motion,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let body = governance::body_by_id(db, m.body_id)
        .await
        .map_err(|e| ctx.err(e))?;
    let body = super::shown(ctx, body).await?;
    let now = Utc::now();
    let taking = m.taking_ballots(now);
    let mut ballots = Vec::new();
    let mut standings = Vec::new();
    let mut any_eligible = false;
    for org in super::represented(ctx) {
        let s = store::standing(db, m.id, org)
            .await
            .map_err(|e| ctx.err(e))?;
        if !s.eligible && s.proxies_held.is_empty() {
            continue;
        }
        any_eligible |= s.eligible;
        let name = org_name(ctx, org).await;
        let line = if !s.eligible {
            i.t("standing-not-eligible")
        } else if let Some(to) = s.proxy_to {
            i.ts("standing-proxy-given", &org_name(ctx, to).await)
        } else if s.voted {
            i.t("standing-voted")
        } else {
            i.t("standing-not-voted")
        };
        if taking && s.eligible && s.proxy_to.is_none() && (!s.voted || m.rules.changeable) {
            ballots.push(BallotForm {
                acting_for: org,
                member: org,
                member_name: name.clone(),
                by_proxy: false,
                changing: s.voted,
            });
        }
        for (from, voted) in &s.proxies_held {
            if taking && (!voted || m.rules.changeable) {
                ballots.push(BallotForm {
                    acting_for: org,
                    member: *from,
                    member_name: org_name(ctx, *from).await,
                    by_proxy: true,
                    changing: *voted,
                });
            }
        }
        standings.push(OwnStanding {
            org,
            can_give_proxy: taking
                && m.rules.proxy_limit > 0
                && s.eligible
                && !s.voted
                && s.proxy_to.is_none()
                && s.proxies_held.is_empty(),
            can_revoke: taking && s.proxy_to.is_some() && !s.voted,
            name,
            line,
        });
    }
    let proxy_targets = if standings.iter().any(|s| s.can_give_proxy) {
        let body_members = store::eligible_members(db, m.id)
            .await
            .map_err(|e| ctx.err(e))?;
        let mut t = Vec::new();
        for id in body_members.iter().take(500) {
            if !super::represented(ctx).contains(id) {
                t.push((id.to_string(), org_name(ctx, *id).await));
            }
        }
        pumasi_domain::collation::sort_by_name(ctx.i().locale, &mut t, |o| &o.1);
        t
    } else {
        Vec::new()
    };
    let names = colleges(ctx).await?;
    let options: Vec<(u32, String)> = match m.rules.kind {
        KindCode::YesNo => (0..3).map(|o| (o, option_label(i, &m, o))).collect(),
        _ => m
            .options
            .iter()
            .map(|o| (o.position, o.label.clone()))
            .collect(),
    };
    let manage = ctx.can(Action::ManageGovernance);
    let page = MotionPage {
        status: status_label(i, m.status),
        rules: rules_line(i, &m),
        opens: i.datetime(m.opens_at),
        closes: i.datetime(m.closes_at),
        text_html: crate::members::markdown(&m.text),
        ranks: (1..=u32::try_from(options.len()).unwrap_or(0)).collect(),
        options,
        results: m.result.as_ref().map(|t| results_view(i, &m, t, &names)),
        can_download: m.status == MotionStatus::Closed && (manage || any_eligible),
        ballots,
        standings,
        manage,
        taking,
        form,
        proxy_targets,
        body,
        m,
        shell: ctx.shell.clone(),
        i,
    };
    super::render(ctx, status, &page)
}

/// `GET /{locale}/motions/{reference}`.
///
/// # Errors
/// `NotFound` (drafts for everyone but the secretariat).
pub async fn motion_page(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = load(&ctx, &reference).await?;
    motion_page_with(&ctx, m, FormState::new(HashMap::new()), StatusCode::OK).await
}

#[derive(Template)]
#[template(path = "motion_receipt.html")]
struct ReceiptPage {
    shell: Shell,
    i: I18n,
    m: Motion,
    member_name: String,
    code: String,
    choices: Vec<String>,
}

/// The choices of a ballot form: `choice` values (radio or checkboxes), or `rank-{option}`
/// numbers for a ranked ballot, in order of preference.
fn choices_from(m: &Motion, pairs: &[(String, String)]) -> Result<Vec<u32>, &'static str> {
    if m.rules.kind == KindCode::Ranked {
        let mut ranked: Vec<(u32, u32)> = Vec::new();
        for (k, v) in pairs {
            let Some(o) = k.strip_prefix("rank-") else {
                continue;
            };
            if v.trim().is_empty() {
                continue;
            }
            let o: u32 = o.parse().map_err(|_| "error-ballot-option")?;
            let r: u32 = v.trim().parse().map_err(|_| "error-ballot-option")?;
            ranked.push((r, o));
        }
        ranked.sort_unstable();
        if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err("error-ballot-repeated");
        }
        return Ok(ranked.into_iter().map(|(_, o)| o).collect());
    }
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "choice")
        .map(|(_, v)| v.as_str())
        .collect();
    parse_choices(&values)
}

/// `POST /{locale}/motions/{reference}/vote`: casts one ballot and shows its receipt once.
///
/// # Errors
/// `Unauthorized`; `Forbidden` for someone who does not represent `acting_for`; the motion page
/// with the reason (409/422) when the ballot is refused.
pub async fn vote(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
    body: String,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let f: FormMap = pairs.iter().cloned().collect();
    let Some(account) = ctx.actor.account else {
        return Err(ctx.err(AppError::Unauthorized));
    };
    ctx.check_csrf(&f)?;
    let m = load(&ctx, &reference).await?;
    let parse = |k: &str| f.get(k).and_then(|v| Uuid::parse_str(v.trim()).ok());
    let (Some(acting_for), Some(member)) = (parse("acting_for"), parse("member")) else {
        return Err(ctx.err(AppError::Invalid(vec![FieldError::new(
            "member",
            "error-choice-invalid",
        )])));
    };
    ctx.require(Action::ActFor(acting_for))?;
    let choices = match choices_from(&m, &pairs) {
        Ok(c) => c,
        Err(code) => {
            // The ballot comes back as it was filled in, with the reason beside it.
            let mut kept: HashMap<String, String> = HashMap::new();
            for (k, v) in &pairs {
                match k.as_str() {
                    "member" => {
                        kept.insert(k.clone(), v.clone());
                    }
                    "choice" => {
                        kept.insert(format!("choice-{}", v.trim()), "on".to_owned());
                    }
                    k if k.starts_with("rank-") => {
                        kept.insert(k.to_owned(), v.trim().to_owned());
                    }
                    _ => {}
                }
            }
            let mut form = FormState::new(kept);
            form.add_error("choices", ctx.i().t(code));
            return motion_page_with(&ctx, m, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let txn = ctx.begin().await?;
    let who = Caster {
        account,
        acting_for,
        member,
    };
    let code = match store::cast(&txn, m.id, who, &choices, Utc::now(), rand::random()).await {
        Ok(code) => code,
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &HashMap::new())?;
            return motion_page_with(&ctx, m, form, status).await;
        }
    };
    ctx.commit(txn).await?;
    let i = ctx.i();
    let page = ReceiptPage {
        member_name: org_name(&ctx, member).await,
        code,
        choices: choices.iter().map(|o| option_label(i, &m, *o)).collect(),
        m,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render(&page)
}

/// `POST /{locale}/motions/{reference}/proxy`: `from` gives its proxy to `to`, or takes it back
/// (`revoke`).
///
/// # Errors
/// `Forbidden` for someone who does not represent `from`; the motion page with the reason.
pub async fn proxy(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let m = load(&ctx, &reference).await?;
    let from = f
        .get("from")
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
        .ok_or_else(|| {
            ctx.err(AppError::Invalid(vec![FieldError::new(
                "from",
                "error-choice-invalid",
            )]))
        })?;
    ctx.require(Action::ActFor(from))?;
    let txn = ctx.begin().await?;
    let r = if f.contains_key("revoke") {
        store::revoke_proxy(&txn, m.id, from, Utc::now()).await
    } else {
        match f.get("to").and_then(|v| Uuid::parse_str(v.trim()).ok()) {
            // Giving one's vote away is confirmed, not a slip of the finger.
            Some(_) if f.get("confirm").map(String::as_str) != Some("on") => {
                Err(StoreError::invalid("confirm", "error-proxy-confirm"))
            }
            Some(to) => {
                store::give_proxy(&txn, m.id, from, to, ctx.actor.account, Utc::now()).await
            }
            None => Err(StoreError::invalid("to", "error-choice-invalid")),
        }
    };
    if let Err(e) = r {
        drop(txn);
        let (form, status) = ctx.form_failure(e, &f)?;
        return motion_page_with(&ctx, m, form, status).await;
    }
    ctx.commit(txn).await?;
    Ok(ctx.see_other(
        &format!("/{}/motions/{reference}", ctx.locale().code()),
        Some("saved"),
    ))
}

#[derive(Template)]
#[template(path = "motion_check.html")]
struct CheckPage {
    shell: Shell,
    i: I18n,
    m: Motion,
    code: String,
    /// `None`: no code typed yet; `Some(None)`: no ballot with it.
    found: Option<Option<Vec<String>>>,
    counted: bool,
}

/// `GET /{locale}/motions/{reference}/receipt?code=…`: a voter checks their ballot is recorded
/// (and, once closed, counted) as cast.
///
/// # Errors
/// `NotFound`.
pub async fn receipt(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = load(&ctx, &reference).await?;
    let code: String = q
        .get("code")
        .map(|c| c.chars().take(64).collect())
        .unwrap_or_default();
    let i = ctx.i();
    let found = if code.trim().is_empty() {
        None
    } else {
        let b = match pumasi_domain::governance::motion::normalise_receipt(&code) {
            Some(_) => store::by_receipt(&ctx.state.store.db, m.id, &code)
                .await
                .map_err(|e| ctx.err(e))?,
            None => None,
        };
        Some(b.map(|b| b.choices.iter().map(|o| option_label(i, &m, *o)).collect()))
    };
    let page = CheckPage {
        counted: m.status == MotionStatus::Closed,
        code,
        found,
        m,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render(&page)
}

#[derive(Template)]
#[template(path = "motion_results.html")]
struct ResultsPage {
    shell: Shell,
    i: I18n,
    m: Motion,
    rules: String,
    results: Option<ResultsView>,
}

/// `GET /{locale}/motions/{reference}/results`: the result with its breakdown per college.
///
/// # Errors
/// `NotFound`.
pub async fn results(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = load(&ctx, &reference).await?;
    let i = ctx.i();
    let names = colleges(&ctx).await?;
    let page = ResultsPage {
        rules: rules_line(i, &m),
        results: m.result.as_ref().map(|t| results_view(i, &m, t, &names)),
        m,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render_public(&page)
}

/// Eligible members' representatives and the secretariat may download a closed motion's
/// ballot list and log.
async fn may_audit(ctx: &Ctx, m: &Motion) -> Result<(), PageError> {
    if ctx.account.is_none() {
        return Err(ctx.err(AppError::Unauthorized));
    }
    if m.status != MotionStatus::Closed {
        return Err(ctx.err(StoreError::Conflict("error-motion-not-closed")));
    }
    if ctx.can(Action::ManageGovernance) {
        return Ok(());
    }
    for org in super::represented(ctx) {
        if store::standing(&ctx.state.store.db, m.id, org)
            .await
            .map_err(|e| ctx.err(e))?
            .eligible
        {
            return Ok(());
        }
    }
    Err(ctx.err(AppError::Forbidden))
}

fn json_download(name: &str, v: &impl serde::Serialize) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        serde_json::to_string_pretty(v).unwrap_or_default(),
    )
        .into_response()
}

/// `GET /{locale}/motions/{reference}/ballots.json`: the anonymised ballot list.
///
/// # Errors
/// `Unauthorized`/`Forbidden`; 409 before closing.
pub async fn ballots_json(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = load(&ctx, &reference).await?;
    may_audit(&ctx, &m).await?;
    let list = store::ballot_list(&ctx.state.store.db, m.id)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok(json_download(&format!("{reference}-ballots.json"), &list))
}

/// `GET /{locale}/motions/{reference}/log.json`: the hash-chained log.
///
/// # Errors
/// `Unauthorized`/`Forbidden`; 409 before closing.
pub async fn log_json(
    ctx: Ctx,
    Path((_, reference)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = load(&ctx, &reference).await?;
    may_audit(&ctx, &m).await?;
    let log = store::log_entries(&ctx.state.store.db, m.id)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok(json_download(&format!("{reference}-log.json"), &log))
}

/// `POST /{locale}/governance/applications/{id}/vote`: the secretariat puts an open membership
/// application to the steering committee's vote (yes/no, one member one vote, simple majority,
/// quorum 50 %), open at once until the closing time given (UTC).
///
/// # Errors
/// `Forbidden` except for the secretariat; 409 for an application already decided or voted on.
pub async fn put_application(
    ctx: Ctx,
    Path((_, id)): Path<(String, String)>,
    axum::Form(f): axum::Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.require(Action::ProcessApplications)?;
    ctx.check_csrf(&f)?;
    let id = Uuid::parse_str(&id).map_err(|_| ctx.err(AppError::NotFound))?;
    let db = &ctx.state.store.db;
    let a = pumasi_store::members::applications::get(db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    let now = Utc::now();
    let i = ctx.i();
    let hub_tz: chrono_tz::Tz = ctx
        .shell
        .identity
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let input = RawMotion {
        title: i.ts("applications-motion-title", &a.organisation_name),
        text: a.statement.chars().take(5000).collect(),
        lang: ctx.locale().code().to_owned(),
        kind: "yes_no".into(),
        weighting: "one_member".into(),
        quorum: "50".into(),
        majority: "simple".into(),
        // The closing time was typed on the hub's clock, as the form says.
        opens_at: now
            .with_timezone(&hub_tz)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        closes_at: f.get("closes_at").cloned().unwrap_or_default(),
        time_zone: ctx.shell.identity.time_zone.clone(),
        ..RawMotion::default()
    }
    .validate(&[])
    .map_err(|e| ctx.err(AppError::Invalid(e)))?;
    let txn = ctx.begin().await?;
    let sc = governance::body_by_slug(&txn, "steering-committee")
        .await
        .map_err(|e| ctx.err(e))?;
    let m = pumasi_store::governance::applications::put_to_vote(
        &txn,
        id,
        &sc,
        &input,
        ctx.actor.account,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    store::open(&txn, m.id, now, ctx.actor.account)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(
        &format!("/{}/motions/{}", ctx.locale().code(), m.reference),
        Some("motion-opened"),
    ))
}
