//! Motions and their ballots.
//!
//! A motion is drafted, opened (the eligible members are fixed then, from membership data),
//! takes ballots between its opening and closing times, and is closed once its closing time has
//! passed: the result is counted from the anonymised ballot list with the same
//! [`recount`] anyone can run, and stored with the list's digest.
//!
//! **One vote per member.** Every cast first updates the motion row (`ballot_writes + 1` where
//! the motion is open and the time is inside its window): on PostgreSQL that row lock orders the
//! casts of one motion, on SQLite the write lock does. The register (`gov_eligible.voted`) is
//! set with a conditional update that only one transaction can win, and open ballots also have
//! a unique key `(motion, member)`.
//!
//! **Secret ballots.** The ballot row has a random id, the college, the choices and the receipt
//! hash — no member, no account, no time — and no log entry is written per ballot. The register
//! says who voted, not with which ballot. On SQLite both tables are kept in key order (`WITHOUT
//! ROWID`); at closing both are rewritten in key order on every backend, so even PostgreSQL's
//! physical row order no longer follows the order of voting.
//!
//! **The log.** Each motion has an append-only log (`created`, `opened`, `proxy`, `proxy_revoked`,
//! `ballot` for open ballots, `closed`) whose entries are chained by SHA-256; the head is kept
//! on the motion row and shown on its page, and `pumasi governance verify` checks the chain.

use super::Body;
use crate::entities::{
    dues, gov_ballot as ballot, gov_eligible as eligible, gov_motion as motion,
    gov_motion_log as log, gov_motion_option as option, gov_proxy as proxy, organisation as org,
};
use crate::{Result, StoreError, audit, now};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::governance::motion::{
    BallotList, BallotRecord, BodyKind, DuesRule, GENESIS, KindCode, LogEntry, MajorityCode,
    MotionInput, MotionStatus, Rules, WeightingCode, ballots_digest, chain_hash, choices_of,
    choices_text, receipt_code, receipt_hash, recount, verify_chain,
};
use pumasi_domain::governance::{BallotKind, Tally};
use pumasi_domain::members::{MemberStatus, MembershipClass, counts_as_member, dues_status};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct MotionOption {
    pub position: u32,
    pub label: String,
    pub organisation_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Motion {
    pub id: Uuid,
    pub body_id: Uuid,
    pub reference: String,
    pub lang: String,
    pub title: String,
    pub text: String,
    pub rules: Rules,
    pub options: Vec<MotionOption>,
    pub status: MotionStatus,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub eligible_count: i32,
    pub ballot_writes: i64,
    pub result: Option<Tally>,
    pub ballots_digest: Option<String>,
    pub log_head: String,
    pub log_seq: i64,
    pub closed_at: Option<DateTime<Utc>>,
    /// How the translated fields are shown, once localised for a reader.
    #[serde(skip)]
    pub shown: super::translations::Shown,
}

impl Motion {
    /// Whether ballots are taken at `t`.
    #[must_use]
    pub fn taking_ballots(&self, t: DateTime<Utc>) -> bool {
        self.status == MotionStatus::Open && self.opens_at <= t && t < self.closes_at
    }

    /// An option's label (yes/no/abstain labels are the caller's, translated).
    #[must_use]
    pub fn option_label(&self, position: u32) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.position == position)
            .map(|o| o.label.as_str())
    }
}

fn colleges_text(cs: &[(i32, u32)]) -> String {
    cs.iter()
        .map(|(c, w)| format!("{c}:{w}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn colleges_of(s: &str) -> Vec<(i32, u32)> {
    s.split(',')
        .filter_map(|p| {
            let (c, w) = p.split_once(':')?;
            Some((c.parse().ok()?, w.parse().ok()?))
        })
        .collect()
}

fn rules_of(m: &motion::Model) -> Rules {
    let n = |x: i32| u32::try_from(x).unwrap_or(0);
    Rules {
        kind: KindCode::parse(&m.kind).unwrap_or(KindCode::YesNo),
        options: n(m.options),
        max_choices: n(m.max_choices),
        seats: n(m.seats),
        weighting: WeightingCode::parse(&m.weighting).unwrap_or(WeightingCode::OneMember),
        colleges: colleges_of(&m.colleges),
        quorum_bp: n(m.quorum_bp),
        per_college: m.per_college,
        majority: MajorityCode::parse(&m.majority).unwrap_or(MajorityCode::Simple),
        secret: m.secret,
        changeable: m.changeable,
        proxy_limit: n(m.proxy_limit),
        dues_rule: DuesRule::parse(&m.dues_rule).unwrap_or(DuesRule::Ignore),
    }
}

fn motion_of(m: motion::Model, options: Vec<option::Model>) -> Motion {
    Motion {
        rules: rules_of(&m),
        id: m.id,
        body_id: m.body_id,
        reference: m.reference,
        lang: m.lang,
        title: m.title,
        text: m.text,
        options: options
            .into_iter()
            .map(|o| MotionOption {
                position: u32::try_from(o.position).unwrap_or(0),
                label: o.label,
                organisation_id: o.organisation_id,
            })
            .collect(),
        status: MotionStatus::parse(&m.status).unwrap_or(MotionStatus::Draft),
        opens_at: m.opens_at,
        closes_at: m.closes_at,
        eligible_count: m.eligible_count,
        ballot_writes: m.ballot_writes,
        result: m
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        ballots_digest: m.ballots_digest,
        log_head: m.log_head,
        log_seq: m.log_seq,
        closed_at: m.closed_at,
        shown: super::translations::Shown::default(),
    }
}

/// An election's consequence: winners take mandates in a body.
#[derive(Debug, Clone)]
pub struct Elects {
    pub body_id: Uuid,
    pub role: pumasi_domain::governance::motion::MandateRole,
    pub term_ends_on: Option<NaiveDate>,
    /// Per option (ballot order), the candidate organisation.
    pub candidates: Vec<Uuid>,
}

/// Appends an entry to a motion's log. The caller holds the motion row (it updated it first in
/// the same transaction).
async fn append(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    kind: &str,
    payload: &serde_json::Value,
    at: DateTime<Utc>,
) -> Result<()> {
    let m = motion::Entity::find_by_id(motion_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let seq = m.log_seq + 1;
    let payload = payload.to_string();
    let hash = chain_hash(&m.log_head, seq, kind, &payload);
    log::Entity::insert(log::ActiveModel {
        motion_id: Set(motion_id),
        seq: Set(seq),
        at: Set(at),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        prev_hash: Set(m.log_head.clone()),
        hash: Set(hash.clone()),
    })
    .exec_without_returning(c)
    .await?;
    motion::Entity::update_many()
        .col_expr(motion::Column::LogSeq, Expr::value(seq))
        .col_expr(motion::Column::LogHead, Expr::value(hash))
        .filter(motion::Column::Id.eq(motion_id))
        .exec(c)
        .await?;
    Ok(())
}

/// Takes the motion row for this transaction (a no-op update), optionally only in `status`.
/// Returns whether the row was there (in that status).
async fn hold(c: &impl ConnectionTrait, id: Uuid, status: Option<MotionStatus>) -> Result<bool> {
    let mut q = motion::Entity::update_many()
        .col_expr(
            motion::Column::Version,
            Expr::col(motion::Column::Version).add(1),
        )
        .filter(motion::Column::Id.eq(id));
    if let Some(s) = status {
        q = q.filter(motion::Column::Status.eq(s.code()));
    }
    Ok(q.exec(c).await?.rows_affected == 1)
}

/// Creates a draft motion of `body`.
///
/// # Errors
/// Database errors.
pub async fn create(
    c: &impl ConnectionTrait,
    body: &Body,
    input: &MotionInput,
    elects: Option<&Elects>,
    actor: Option<Uuid>,
) -> Result<Motion> {
    let id = Uuid::now_v7();
    let year = input.opens_at.format("%Y");
    let n = motion::Entity::find()
        .filter(motion::Column::BodyId.eq(body.id))
        .count(c)
        .await?;
    let reference = format!("{}-{year}-{}", body.slug, n + 1);
    let r = &input.rules;
    let int = |x: u32| i32::try_from(x).unwrap_or(i32::MAX);
    motion::Entity::insert(motion::ActiveModel {
        id: Set(id),
        body_id: Set(body.id),
        reference: Set(reference.clone()),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        text: Set(input.text.clone()),
        kind: Set(r.kind.code().to_owned()),
        options: Set(int(r.options)),
        max_choices: Set(int(r.max_choices)),
        seats: Set(int(r.seats)),
        weighting: Set(r.weighting.code().to_owned()),
        colleges: Set(colleges_text(&r.colleges)),
        quorum_bp: Set(int(r.quorum_bp)),
        per_college: Set(r.per_college),
        majority: Set(r.majority.code().to_owned()),
        secret: Set(r.secret),
        changeable: Set(r.changeable),
        proxy_limit: Set(int(r.proxy_limit)),
        dues_rule: Set(r.dues_rule.code().to_owned()),
        status: Set(MotionStatus::Draft.code().to_owned()),
        opens_at: Set(input.opens_at),
        closes_at: Set(input.closes_at),
        ballot_writes: Set(0),
        eligible_count: Set(0),
        result: Set(None),
        ballots_digest: Set(None),
        log_seq: Set(0),
        log_head: Set(GENESIS.to_owned()),
        closed_at: Set(None),
        elects_body_id: Set(elects.map(|e| e.body_id)),
        mandate_role: Set(elects.map(|e| e.role.code().to_owned())),
        term_ends_on: Set(elects.and_then(|e| e.term_ends_on)),
        created_by: Set(actor),
        created_at: Set(now()),
        version: Set(1),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-conflict"))?;
    for (i, label) in input.options.iter().enumerate() {
        option::Entity::insert(option::ActiveModel {
            motion_id: Set(id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            label: Set(label.clone()),
            organisation_id: Set(elects.and_then(|e| e.candidates.get(i).copied())),
        })
        .exec_without_returning(c)
        .await?;
    }
    append(
        c,
        id,
        "created",
        &serde_json::json!({
            "reference": reference,
            "body": body.slug,
            "title": input.title,
            "text": input.text,
            "options": input.options,
            "rules": r,
            "opens_at": input.opens_at,
            "closes_at": input.closes_at,
        }),
        now(),
    )
    .await?;
    audit::record(
        c,
        actor,
        "governance.motion",
        "gov_motion",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "reference": reference, "title": input.title })),
    )
    .await?;
    super::changed(c, "motion", id).await?;
    by_id(c, id).await
}

/// # Errors
/// `NotFound`.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Motion> {
    let m = motion::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let opts = option::Entity::find()
        .filter(option::Column::MotionId.eq(id))
        .order_by_asc(option::Column::Position)
        .all(c)
        .await?;
    Ok(motion_of(m, opts))
}

/// # Errors
/// `NotFound`.
pub async fn by_reference(c: &impl ConnectionTrait, reference: &str) -> Result<Motion> {
    let m = motion::Entity::find()
        .filter(motion::Column::Reference.eq(reference))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    by_id(c, m.id).await
}

/// A body's motions, newest first (drafts only when `drafts`).
///
/// # Errors
/// Database errors.
pub async fn of_body(c: &impl ConnectionTrait, body_id: Uuid, drafts: bool) -> Result<Vec<Motion>> {
    let mut q = motion::Entity::find().filter(motion::Column::BodyId.eq(body_id));
    if !drafts {
        q = q.filter(motion::Column::Status.ne(MotionStatus::Draft.code()));
    }
    let rows = q.order_by_desc(motion::Column::OpensAt).all(c).await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let opts = option::Entity::find()
            .filter(option::Column::MotionId.eq(m.id))
            .order_by_asc(option::Column::Position)
            .all(c)
            .await?;
        out.push(motion_of(m, opts));
    }
    Ok(out)
}

/// Who may vote on a motion of `body` on `day`, with their college: for the general assembly,
/// full members in good standing (status member, first fee paid; with
/// [`DuesRule::ExcludeOverdue`], no overdue dues); for other bodies, the member organisations
/// holding a mandate in it.
///
/// # Errors
/// Database errors.
pub async fn eligibility(
    c: &impl ConnectionTrait,
    body: &Body,
    rules: &Rules,
    day: NaiveDate,
) -> Result<Vec<(Uuid, Option<i32>)>> {
    let orgs: Vec<org::Model> = if body.kind == BodyKind::GeneralAssembly {
        org::Entity::find()
            .filter(org::Column::Class.eq(MembershipClass::Full.code()))
            .filter(org::Column::Status.eq(MemberStatus::Member.code()))
            .all(c)
            .await?
            .into_iter()
            .filter(|o| {
                counts_as_member(
                    MemberStatus::Member,
                    MembershipClass::Full,
                    o.first_fee_paid_on.is_some(),
                )
            })
            .collect()
    } else {
        let ids = super::member_orgs(c, body.id, day).await?;
        crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&ids))
            .await?
            .into_iter()
            .filter(|o| o.status == MemberStatus::Member.code())
            .collect()
    };
    let overdue: std::collections::HashSet<Uuid> = if rules.dues_rule == DuesRule::ExcludeOverdue {
        dues::Entity::find()
            .filter(dues::Column::PaidOn.is_null())
            .all(c)
            .await?
            .into_iter()
            .filter(|d| {
                dues_status(d.paid_on, d.waived, d.postponed_until, d.due_on, day)
                    == pumasi_domain::members::DuesStatus::Overdue
            })
            .map(|d| d.organisation_id)
            .collect()
    } else {
        std::collections::HashSet::new()
    };
    let mut out: Vec<(Uuid, Option<i32>)> = orgs
        .into_iter()
        .filter(|o| !overdue.contains(&o.id))
        .map(|o| (o.id, o.college))
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// The general assembly as membership data makes it: full members in good standing (the rule
/// [`eligibility`] applies when a vote opens, dues aside), counted by college (`None`: no
/// college assigned yet).
///
/// # Errors
/// Database errors.
pub async fn assembly_by_college(c: &impl ConnectionTrait) -> Result<Vec<(Option<i32>, u64)>> {
    let rows: Vec<(Option<i32>, Option<NaiveDate>)> = org::Entity::find()
        .filter(org::Column::Class.eq(MembershipClass::Full.code()))
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .select_only()
        .column(org::Column::College)
        .column(org::Column::FirstFeePaidOn)
        .into_tuple()
        .all(c)
        .await?;
    let mut by: std::collections::BTreeMap<Option<i32>, u64> = std::collections::BTreeMap::new();
    for (college, paid) in rows {
        if counts_as_member(MemberStatus::Member, MembershipClass::Full, paid.is_some()) {
            *by.entry(college).or_default() += 1;
        }
    }
    Ok(by.into_iter().collect())
}

/// Opens a draft: fixes the eligible members and starts taking ballots at its opening time.
///
/// # Errors
/// `Conflict("error-motion-not-draft")`, `Conflict("error-motion-past")` when its closing time
/// has passed, `Conflict("error-no-eligible")` when nobody may vote.
pub async fn open(
    c: &impl ConnectionTrait,
    id: Uuid,
    t: DateTime<Utc>,
    actor: Option<Uuid>,
) -> Result<Motion> {
    if !hold(c, id, Some(MotionStatus::Draft)).await? {
        return Err(StoreError::Conflict("error-motion-not-draft"));
    }
    let m = by_id(c, id).await?;
    if m.closes_at <= t {
        return Err(StoreError::Conflict("error-motion-past"));
    }
    let body = super::body_by_id(c, m.body_id).await?;
    let list = eligibility(c, &body, &m.rules, t.date_naive()).await?;
    if list.is_empty() {
        return Err(StoreError::Conflict("error-no-eligible"));
    }
    for chunk in list.chunks(500) {
        eligible::Entity::insert_many(chunk.iter().map(|(o, col)| eligible::ActiveModel {
            motion_id: Set(id),
            organisation_id: Set(*o),
            college: Set(*col),
            voted: Set(false),
        }))
        .exec_without_returning(c)
        .await?;
    }
    motion::Entity::update_many()
        .col_expr(
            motion::Column::Status,
            Expr::value(MotionStatus::Open.code()),
        )
        .col_expr(
            motion::Column::EligibleCount,
            Expr::value(i32::try_from(list.len()).unwrap_or(i32::MAX)),
        )
        .filter(motion::Column::Id.eq(id))
        .exec(c)
        .await?;
    let members: Vec<String> = list
        .iter()
        .map(|(o, col)| format!("{o}:{}", col.map(|x| x.to_string()).unwrap_or_default()))
        .collect();
    append(
        c,
        id,
        "opened",
        &serde_json::json!({ "eligible": members }),
        t,
    )
    .await?;
    audit::record(
        c,
        actor,
        "governance.motion_open",
        "gov_motion",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "eligible": list.len() })),
    )
    .await?;
    super::changed(c, "motion", id).await?;
    by_id(c, id).await
}

/// The members fixed as eligible when the motion opened.
///
/// # Errors
/// Database errors.
pub async fn eligible_members(c: &impl ConnectionTrait, motion_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(eligible::Entity::find()
        .filter(eligible::Column::MotionId.eq(motion_id))
        .all(c)
        .await?
        .into_iter()
        .map(|e| e.organisation_id)
        .collect())
}

/// Where one member organisation stands on a motion.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Standing {
    pub eligible: bool,
    pub voted: bool,
    /// The member it gave its proxy to.
    pub proxy_to: Option<Uuid>,
    /// The members whose proxies it holds, with whether each has voted.
    pub proxies_held: Vec<(Uuid, bool)>,
}

/// # Errors
/// Database errors.
pub async fn standing(c: &impl ConnectionTrait, motion_id: Uuid, member: Uuid) -> Result<Standing> {
    let e = eligible::Entity::find_by_id((motion_id, member))
        .one(c)
        .await?;
    let given = proxy::Entity::find_by_id((motion_id, member))
        .one(c)
        .await?;
    let held = proxy::Entity::find()
        .filter(proxy::Column::MotionId.eq(motion_id))
        .filter(proxy::Column::ToOrg.eq(member))
        .all(c)
        .await?;
    let mut proxies_held = Vec::new();
    for p in held {
        let voted = eligible::Entity::find_by_id((motion_id, p.from_org))
            .one(c)
            .await?
            .is_some_and(|e| e.voted);
        proxies_held.push((p.from_org, voted));
    }
    Ok(Standing {
        eligible: e.is_some(),
        voted: e.as_ref().is_some_and(|e| e.voted),
        proxy_to: given.map(|p| p.to_org),
        proxies_held,
    })
}

/// `from` gives its proxy to `to` for this motion (both eligible, `from` has not voted, `to`
/// holds fewer proxies than the motion's limit and has given none itself).
///
/// # Errors
/// `Conflict` with the reason (`error-proxy-…`), or `error-motion-closed`.
pub async fn give_proxy(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    from: Uuid,
    to: Uuid,
    actor: Option<Uuid>,
    t: DateTime<Utc>,
) -> Result<()> {
    if !hold(c, motion_id, Some(MotionStatus::Open)).await? {
        return Err(StoreError::Conflict("error-motion-closed"));
    }
    let m = by_id(c, motion_id).await?;
    if t >= m.closes_at {
        return Err(StoreError::Conflict("error-motion-closed"));
    }
    if m.rules.proxy_limit == 0 {
        return Err(StoreError::Conflict("error-proxy-not-allowed"));
    }
    if from == to {
        return Err(StoreError::invalid("to", "error-proxy-self"));
    }
    let from_s = standing(c, motion_id, from).await?;
    let to_s = standing(c, motion_id, to).await?;
    if !from_s.eligible {
        return Err(StoreError::Conflict("error-not-eligible"));
    }
    if !to_s.eligible {
        return Err(StoreError::invalid("to", "error-proxy-holder-not-eligible"));
    }
    if from_s.voted {
        return Err(StoreError::Conflict("error-already-voted"));
    }
    if from_s.proxy_to.is_some() {
        return Err(StoreError::Conflict("error-proxy-given"));
    }
    if to_s.proxy_to.is_some() || !from_s.proxies_held.is_empty() {
        // Proxies do not chain: a holder votes itself.
        return Err(StoreError::invalid("to", "error-proxy-chain"));
    }
    if to_s.proxies_held.len() >= m.rules.proxy_limit as usize {
        return Err(StoreError::invalid("to", "error-proxy-limit"));
    }
    proxy::Entity::insert(proxy::ActiveModel {
        motion_id: Set(motion_id),
        from_org: Set(from),
        to_org: Set(to),
        created_by: Set(actor),
        created_at: Set(t),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-proxy-given"))?;
    append(
        c,
        motion_id,
        "proxy",
        &serde_json::json!({ "from": from, "to": to }),
        t,
    )
    .await
}

/// Takes a proxy back, while its holder has not voted with it.
///
/// # Errors
/// `NotFound` when none was given; `Conflict("error-already-voted")` once it was used.
pub async fn revoke_proxy(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    from: Uuid,
    t: DateTime<Utc>,
) -> Result<()> {
    if !hold(c, motion_id, Some(MotionStatus::Open)).await? {
        return Err(StoreError::Conflict("error-motion-closed"));
    }
    let s = standing(c, motion_id, from).await?;
    if s.proxy_to.is_none() {
        return Err(StoreError::NotFound);
    }
    if s.voted {
        return Err(StoreError::Conflict("error-already-voted"));
    }
    proxy::Entity::delete_by_id((motion_id, from))
        .exec(c)
        .await?;
    append(
        c,
        motion_id,
        "proxy_revoked",
        &serde_json::json!({ "from": from }),
        t,
    )
    .await
}

/// Who casts a ballot: the representative of `acting_for` casts the ballot of `member` (the
/// same organisation, or one whose proxy `acting_for` holds).
#[derive(Debug, Clone, Copy)]
pub struct Caster {
    pub account: Uuid,
    pub acting_for: Uuid,
    pub member: Uuid,
}

/// Records a ballot and returns its receipt code (shown to the voter once, stored only as a
/// hash). `random` is 128 fresh random bits for the code.
///
/// # Errors
/// `Conflict`: `error-motion-closed` outside the voting window, `error-not-eligible`,
/// `error-member-suspended`, `error-proxy-given` (the member gave its proxy),
/// `error-not-proxy-holder`, `error-already-voted` (final ballots); `Invalid` for choices
/// that do not fit the ballot paper.
pub async fn cast(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    who: Caster,
    choices: &[u32],
    t: DateTime<Utc>,
    random: u128,
) -> Result<String> {
    // First the motion row: orders all casts of this motion and refuses outside the window.
    let open = motion::Entity::update_many()
        .col_expr(
            motion::Column::BallotWrites,
            Expr::col(motion::Column::BallotWrites).add(1),
        )
        .filter(motion::Column::Id.eq(motion_id))
        .filter(motion::Column::Status.eq(MotionStatus::Open.code()))
        .filter(motion::Column::OpensAt.lte(t))
        .filter(motion::Column::ClosesAt.gt(t))
        .exec(c)
        .await?
        .rows_affected
        == 1;
    if !open {
        return Err(StoreError::Conflict("error-motion-closed"));
    }
    let m = by_id(c, motion_id).await?;
    if let Err(e) = m.rules.ballot_kind().check(choices) {
        return Err(StoreError::invalid("choices", e.code()));
    }
    if m.rules.ballot_kind() == BallotKind::YesNoAbstain && choices.len() != 1 {
        return Err(StoreError::invalid("choices", "error-ballot-option"));
    }
    let Some(reg) = eligible::Entity::find_by_id((motion_id, who.member))
        .one(c)
        .await?
    else {
        return Err(StoreError::Conflict("error-not-eligible"));
    };
    let status = org::Entity::find_by_id(who.member)
        .one(c)
        .await?
        .map(|o| o.status)
        .unwrap_or_default();
    if status != MemberStatus::Member.code() {
        return Err(StoreError::Conflict("error-member-suspended"));
    }
    let given = proxy::Entity::find_by_id((motion_id, who.member))
        .one(c)
        .await?;
    let via_proxy = who.acting_for != who.member;
    match (&given, via_proxy) {
        (Some(_), false) => return Err(StoreError::Conflict("error-proxy-given")),
        (Some(p), true) if p.to_org == who.acting_for => {}
        (_, true) => return Err(StoreError::Conflict("error-not-proxy-holder")),
        (None, false) => {}
    }
    if via_proxy {
        // The holder must itself still be a member in good standing.
        let holder_ok = org::Entity::find_by_id(who.acting_for)
            .one(c)
            .await?
            .is_some_and(|o| o.status == MemberStatus::Member.code());
        if !holder_ok {
            return Err(StoreError::Conflict("error-member-suspended"));
        }
    }
    let code = receipt_code(random);
    let hash = receipt_hash(&code);
    let first = eligible::Entity::update_many()
        .col_expr(eligible::Column::Voted, Expr::value(true))
        .filter(eligible::Column::MotionId.eq(motion_id))
        .filter(eligible::Column::OrganisationId.eq(who.member))
        .filter(eligible::Column::Voted.eq(false))
        .exec(c)
        .await?
        .rows_affected
        == 1;
    let text = choices_text(choices);
    if m.rules.secret {
        if !first {
            return Err(StoreError::Conflict("error-already-voted"));
        }
        ballot::Entity::insert(ballot::ActiveModel {
            id: Set(Uuid::new_v4()),
            motion_id: Set(motion_id),
            member_id: Set(None),
            college: Set(reg.college),
            choices: Set(text),
            receipt_hash: Set(hash),
            cast_by: Set(None),
            cast_at: Set(None),
            via_proxy: Set(false),
        })
        .exec_without_returning(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-already-voted"))?;
        return Ok(code);
    }
    if first {
        ballot::Entity::insert(ballot::ActiveModel {
            id: Set(Uuid::new_v4()),
            motion_id: Set(motion_id),
            member_id: Set(Some(who.member)),
            college: Set(reg.college),
            choices: Set(text.clone()),
            receipt_hash: Set(hash.clone()),
            cast_by: Set(Some(who.account)),
            cast_at: Set(Some(t)),
            via_proxy: Set(via_proxy),
        })
        .exec_without_returning(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-already-voted"))?;
    } else if m.rules.changeable {
        ballot::Entity::update_many()
            .col_expr(ballot::Column::Choices, Expr::value(text.clone()))
            .col_expr(ballot::Column::ReceiptHash, Expr::value(hash.clone()))
            .col_expr(ballot::Column::CastBy, Expr::value(Some(who.account)))
            .col_expr(ballot::Column::CastAt, Expr::value(Some(t)))
            .col_expr(ballot::Column::ViaProxy, Expr::value(via_proxy))
            .filter(ballot::Column::MotionId.eq(motion_id))
            .filter(ballot::Column::MemberId.eq(who.member))
            .exec(c)
            .await?;
    } else {
        return Err(StoreError::Conflict("error-already-voted"));
    }
    append(
        c,
        motion_id,
        "ballot",
        &serde_json::json!({
            "member": who.member,
            "receipt": hash,
            "choices": text,
            "proxy": via_proxy,
            "replaces": !first,
        }),
        t,
    )
    .await?;
    Ok(code)
}

/// The ballot a receipt stands for, as counted (or to be counted).
///
/// # Errors
/// Database errors.
pub async fn by_receipt(
    c: &impl ConnectionTrait,
    motion_id: Uuid,
    code: &str,
) -> Result<Option<BallotRecord>> {
    Ok(ballot::Entity::find()
        .filter(ballot::Column::MotionId.eq(motion_id))
        .filter(ballot::Column::ReceiptHash.eq(receipt_hash(code)))
        .one(c)
        .await?
        .map(|b| BallotRecord {
            receipt: b.receipt_hash,
            college: b.college,
            choices: choices_of(&b.choices).unwrap_or_default(),
        }))
}

/// The anonymised ballot list (sorted by receipt hash) with the eligible count per college.
///
/// # Errors
/// Database errors.
pub async fn ballot_list(c: &impl ConnectionTrait, motion_id: Uuid) -> Result<BallotList> {
    let m = by_id(c, motion_id).await?;
    let mut per: BTreeMap<Option<i32>, u64> = BTreeMap::new();
    for e in eligible::Entity::find()
        .filter(eligible::Column::MotionId.eq(motion_id))
        .all(c)
        .await?
    {
        *per.entry(e.college).or_default() += 1;
    }
    let mut ballots: Vec<BallotRecord> = ballot::Entity::find()
        .filter(ballot::Column::MotionId.eq(motion_id))
        .all(c)
        .await?
        .into_iter()
        .map(|b| BallotRecord {
            choices: choices_of(&b.choices).unwrap_or_default(),
            receipt: b.receipt_hash,
            college: b.college,
        })
        .collect();
    ballots.sort_by(|a, b| a.receipt.cmp(&b.receipt));
    Ok(BallotList {
        motion: m.id,
        rules: m.rules,
        eligible: per.into_iter().collect(),
        ballots,
    })
}

/// A motion's log, oldest first.
///
/// # Errors
/// Database errors.
pub async fn log_entries(c: &impl ConnectionTrait, motion_id: Uuid) -> Result<Vec<LogEntry>> {
    Ok(log::Entity::find()
        .filter(log::Column::MotionId.eq(motion_id))
        .order_by_asc(log::Column::Seq)
        .all(c)
        .await?
        .into_iter()
        .map(|l| LogEntry {
            seq: l.seq,
            at: l.at,
            kind: l.kind,
            payload: l.payload,
            prev: l.prev_hash,
            hash: l.hash,
        })
        .collect())
}

/// A motion open for voting, as the home page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenVote {
    pub reference: String,
    pub title: String,
    pub lang: String,
    pub closes_at: DateTime<Utc>,
}

/// Up to `limit` motions open for voting at `now`, closing soonest first, titled in `want`
/// when translated, and the next time that list changes by itself (one closes, or a
/// scheduled one opens).
///
/// # Errors
/// Database errors.
pub async fn open_at(
    c: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: usize,
    want: pumasi_domain::locale::Locale,
) -> Result<(Vec<OpenVote>, Option<DateTime<Utc>>)> {
    let rows = motion::Entity::find()
        .filter(motion::Column::Status.eq(MotionStatus::Open.code()))
        .filter(motion::Column::ClosesAt.gt(now))
        .order_by_asc(motion::Column::ClosesAt)
        .all(c)
        .await?;
    let tr = crate::texts::load(c, &rows.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    let mut next: Option<DateTime<Utc>> = None;
    let mut open = Vec::new();
    for m in rows {
        let change = if m.opens_at > now {
            m.opens_at
        } else {
            m.closes_at
        };
        next = Some(next.map_or(change, |n| Ord::min(n, change)));
        if m.opens_at <= now && open.len() < limit {
            let base = pumasi_domain::languages::Lang::parse_or(&m.lang, want);
            let title = tr.get(m.id, "title", &m.title, base, want);
            open.push(OpenVote {
                reference: m.reference,
                title: title.text,
                lang: title.lang.code().to_owned(),
                closes_at: m.closes_at,
            });
        }
    }
    Ok((open, next))
}

/// Open motions whose closing time has passed at `t`.
///
/// # Errors
/// Database errors.
pub async fn due(c: &impl ConnectionTrait, t: DateTime<Utc>) -> Result<Vec<Uuid>> {
    Ok(motion::Entity::find()
        .filter(motion::Column::Status.eq(MotionStatus::Open.code()))
        .filter(motion::Column::ClosesAt.lte(t))
        .all(c)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect())
}

/// What closing did, for the caller to announce.
#[derive(Debug, Clone, Serialize)]
pub struct Closed {
    pub tally: Tally,
    pub mandates: Vec<Uuid>,
}

/// Closes a motion whose closing time has passed: counts the anonymised list, stores the result
/// and the list's digest, logs both, rewrites a secret motion's rows in key order, and for an
/// election gives the winners their mandates.
///
/// # Errors
/// `Conflict("error-motion-not-open")`; `Conflict("error-motion-still-open")` before its
/// closing time.
pub async fn close(
    c: &impl ConnectionTrait,
    id: Uuid,
    t: DateTime<Utc>,
    actor: Option<Uuid>,
) -> Result<Closed> {
    if !hold(c, id, Some(MotionStatus::Open)).await? {
        return Err(StoreError::Conflict("error-motion-not-open"));
    }
    let m = by_id(c, id).await?;
    if t < m.closes_at {
        return Err(StoreError::Conflict("error-motion-still-open"));
    }
    let list = ballot_list(c, id).await?;
    let tally = recount(&list);
    let digest = ballots_digest(&list.ballots);
    if m.rules.secret {
        reshuffle(c, id).await?;
    }
    motion::Entity::update_many()
        .col_expr(
            motion::Column::Status,
            Expr::value(MotionStatus::Closed.code()),
        )
        .col_expr(
            motion::Column::Result,
            Expr::value(Some(serde_json::to_string(&tally).unwrap_or_default())),
        )
        .col_expr(
            motion::Column::BallotsDigest,
            Expr::value(Some(digest.clone())),
        )
        .col_expr(motion::Column::ClosedAt, Expr::value(Some(t)))
        .filter(motion::Column::Id.eq(id))
        .exec(c)
        .await?;
    append(
        c,
        id,
        "closed",
        &serde_json::json!({
            "ballots": list.ballots.len(),
            "digest": digest,
            "eligible": list.eligible,
            "result": tally,
        }),
        t,
    )
    .await?;
    let mandates = elect(c, id, &tally, t.date_naive(), actor).await?;
    super::charter::settle(c, id, &tally, t.date_naive()).await?;
    super::applications::settle(c, id, &tally, t.date_naive()).await?;
    audit::record(
        c,
        actor,
        "governance.motion_close",
        "gov_motion",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "winners": tally.winners, "cast": tally.cast })),
    )
    .await?;
    super::changed(c, "motion", id).await?;
    Ok(Closed { tally, mandates })
}

/// Rewrites a secret motion's ballots and register in key order (fresh random ids), so the
/// stored order no longer follows the order of voting.
async fn reshuffle(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    let mut ballots = ballot::Entity::find()
        .filter(ballot::Column::MotionId.eq(id))
        .all(c)
        .await?;
    ballots.sort_by(|a, b| a.receipt_hash.cmp(&b.receipt_hash));
    let mut register = eligible::Entity::find()
        .filter(eligible::Column::MotionId.eq(id))
        .all(c)
        .await?;
    register.sort_by_key(|e| e.organisation_id);
    ballot::Entity::delete_many()
        .filter(ballot::Column::MotionId.eq(id))
        .exec(c)
        .await?;
    eligible::Entity::delete_many()
        .filter(eligible::Column::MotionId.eq(id))
        .exec(c)
        .await?;
    for chunk in register.chunks(500) {
        eligible::Entity::insert_many(chunk.iter().map(|e| eligible::ActiveModel {
            motion_id: Set(e.motion_id),
            organisation_id: Set(e.organisation_id),
            college: Set(e.college),
            voted: Set(e.voted),
        }))
        .exec_without_returning(c)
        .await?;
    }
    for chunk in ballots.chunks(500) {
        ballot::Entity::insert_many(chunk.iter().map(|b| ballot::ActiveModel {
            id: Set(Uuid::new_v4()),
            motion_id: Set(b.motion_id),
            member_id: Set(None),
            college: Set(b.college),
            choices: Set(b.choices.clone()),
            receipt_hash: Set(b.receipt_hash.clone()),
            cast_by: Set(None),
            cast_at: Set(None),
            via_proxy: Set(false),
        }))
        .exec_without_returning(c)
        .await?;
    }
    Ok(())
}

/// For an election, the winners' mandates in the elected body, respecting its continent
/// balance; nothing when the count left the last seat tied.
async fn elect(
    c: &impl ConnectionTrait,
    id: Uuid,
    tally: &Tally,
    day: NaiveDate,
    actor: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let Some(m) = motion::Entity::find_by_id(id).one(c).await? else {
        return Ok(Vec::new());
    };
    let (Some(body_id), Some(role)) = (m.elects_body_id, m.mandate_role.as_deref()) else {
        return Ok(Vec::new());
    };
    if !tally.quorum_met || !tally.tied.is_empty() {
        return Ok(Vec::new());
    }
    let body = super::body_by_id(c, body_id).await?;
    let opts = option::Entity::find()
        .filter(option::Column::MotionId.eq(id))
        .order_by_asc(option::Column::Position)
        .all(c)
        .await?;
    let candidate_ids: Vec<Uuid> = opts.iter().filter_map(|o| o.organisation_id).collect();
    let orgs: HashMap<Uuid, org::Model> =
        crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&candidate_ids))
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    let continents: Vec<_> = opts
        .iter()
        .map(|o| {
            o.organisation_id
                .and_then(|id| orgs.get(&id))
                .and_then(|org| pumasi_domain::countries::country(&org.country))
                .map(|cc| cc.continent)
        })
        .collect();
    // Seats already held in the body by mandates that continue past this election.
    let mut held: Vec<(pumasi_domain::countries::Continent, u32)> = Vec::new();
    for mm in super::mandates(c, body_id).await? {
        if mm.current(day)
            && let Some(k) = mm
                .continent
                .as_deref()
                .and_then(pumasi_domain::countries::Continent::from_code)
        {
            match held.iter_mut().find(|(x, _)| *x == k) {
                Some((_, n)) => *n += 1,
                None => held.push((k, 1)),
            }
        }
    }
    let seats = u32::try_from(m.seats).unwrap_or(1);
    let winners: Vec<u32> = if body.max_per_continent.is_some() {
        let (w, tied) = pumasi_domain::governance::body::allocate_seats(
            &tally.shares,
            &continents,
            seats,
            body.max_per_continent.and_then(|x| u32::try_from(x).ok()),
            &held,
        );
        if !tied.is_empty() {
            return Ok(Vec::new());
        }
        w
    } else if m.kind == KindCode::YesNo.code() {
        Vec::new()
    } else {
        tally.winners.clone()
    };
    let role = pumasi_domain::governance::motion::MandateRole::parse(role)
        .unwrap_or(pumasi_domain::governance::motion::MandateRole::Member);
    let mut out = Vec::new();
    for w in winners {
        let Some(o) = opts
            .iter()
            .find(|o| u32::try_from(o.position).ok() == Some(w))
            .and_then(|o| o.organisation_id)
            .and_then(|id| orgs.get(&id))
        else {
            continue;
        };
        let input = pumasi_domain::governance::body::MandateInput {
            organisation: Some(o.slug.clone()),
            person_name: String::new(),
            role,
            starts_on: day,
            ends_on: m.term_ends_on,
            obtained: pumasi_domain::governance::motion::Obtained::Elected,
            note: m.reference.clone(),
        };
        // The body's size limit counts mandates ending as this one starts; elections for
        // a renewed body are run after the old mandates are given their end date.
        out.push(super::add_mandate(c, &body, &input, Some(id), actor).await?);
    }
    Ok(out)
}

/// What `pumasi governance verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub reference: String,
    pub chain: Result<(), i64>,
    pub digest_matches: bool,
    pub result_matches: bool,
    pub recomputed: Tally,
    pub published: Option<Tally>,
    pub ballots: usize,
}

impl Verification {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.chain.is_ok() && self.digest_matches && self.result_matches
    }
}

/// Recomputes a closed motion's result from a ballot list (`list`, or the stored ballots when
/// `None`) and checks it, the list's digest and the log chain against what was published.
///
/// # Errors
/// `NotFound`; `Conflict("error-motion-not-closed")`.
pub async fn verify(
    c: &impl ConnectionTrait,
    reference: &str,
    list: Option<BallotList>,
) -> Result<Verification> {
    let m = by_reference(c, reference).await?;
    if m.status != MotionStatus::Closed {
        return Err(StoreError::Conflict("error-motion-not-closed"));
    }
    let list = match list {
        Some(l) => l,
        None => ballot_list(c, m.id).await?,
    };
    let entries = log_entries(c, m.id).await?;
    let closing: Option<serde_json::Value> = entries
        .iter()
        .rev()
        .find(|e| e.kind == "closed")
        .and_then(|e| serde_json::from_str(&e.payload).ok());
    let digest = ballots_digest(&list.ballots);
    let logged_digest = closing
        .as_ref()
        .and_then(|v| v["digest"].as_str().map(str::to_owned));
    let logged_result: Option<Tally> = closing
        .as_ref()
        .and_then(|v| serde_json::from_value(v["result"].clone()).ok());
    let recomputed = recount(&list);
    let chain = verify_chain(&entries).and_then(|()| {
        // The motion row's head must be the log's last hash: a truncated log shows here.
        if entries.last().map(|e| e.hash.as_str()) == Some(m.log_head.as_str()) {
            Ok(())
        } else {
            Err(i64::try_from(entries.len()).unwrap_or(i64::MAX) + 1)
        }
    });
    Ok(Verification {
        reference: m.reference.clone(),
        chain,
        digest_matches: Some(&digest) == m.ballots_digest.as_ref()
            && logged_digest.as_ref() == Some(&digest)
            && list.rules == m.rules,
        result_matches: m.result.as_ref() == Some(&recomputed)
            && logged_result.as_ref() == Some(&recomputed),
        published: m.result,
        recomputed,
        ballots: list.ballots.len(),
    })
}
