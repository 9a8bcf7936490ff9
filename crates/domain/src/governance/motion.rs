//! Motions and the bodies that vote them: the settings a secretariat types (validated here),
//! receipt codes, the hash chain of a motion's log, the anonymised ballot list and the recount
//! that anyone eligible can run on it (`pumasi governance verify`).
//!
//! **Recount procedure.** The published list holds the motion's rules, how many members were
//! eligible in each college, and every counted ballot as `(receipt hash, college, choices)` —
//! never a member. [`recount`] gives each ballot a stand-in member of its college (ballots are
//! already one per member), fills each college with stand-ins for the members who did not vote,
//! and runs the same [`tally`](super::tally) the server ran at closing. A result that differs
//! from the published one, a ballot list whose [`ballots_digest`] differs from the one in the
//! closing log entry, or a log whose chain does not hold ([`verify_chain`]) means tampering.

use super::{Ballot, BallotKind, Eligible, Majority, Quorum, Tally, Weighting, tally};
use crate::FieldError;
use crate::events::{local_to_utc, parse_local, parse_time_zone};
use crate::types;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

code_enum!(
    /// What a body is; the general assembly votes by college, the others one member one vote.
    BodyKind {
        GeneralAssembly = "general_assembly",
        SteeringCommittee = "steering_committee",
        ChairCity = "chair_city",
        ContinentalCochairs = "continental_cochairs",
        Committee = "committee",
    }
);

code_enum!(
    /// How a mandate was obtained.
    Obtained { Elected = "elected", Appointed = "appointed", ExOfficio = "ex_officio" }
);

code_enum!(
    /// Role held through a mandate.
    MandateRole {
        CoChair = "co_chair",
        ContinentalCoChair = "continental_co_chair",
        Member = "member",
        HostCity = "host_city",
        Chair = "chair",
    }
);

code_enum!(
    /// Where a motion stands: drafted, open for ballots (between its opening and closing
    /// times), or closed with its result.
    MotionStatus { Draft = "draft", Open = "open", Closed = "closed" }
);

code_enum!(
    /// Whether members with overdue dues may vote.
    DuesRule { Ignore = "ignore", ExcludeOverdue = "exclude_overdue" }
);

code_enum!(
    /// The ballot paper's shape, as stored.
    KindCode { YesNo = "yes_no", One = "one", UpTo = "up_to", Ranked = "ranked" }
);

code_enum!(
    /// The majority rule, as stored.
    MajorityCode { Simple = "simple", Absolute = "absolute", TwoThirds = "two_thirds" }
);

code_enum!(
    /// How ballots weigh, as stored.
    WeightingCode { College = "college", OneMember = "one_member" }
);

impl From<MajorityCode> for Majority {
    fn from(m: MajorityCode) -> Self {
        match m {
            MajorityCode::Simple => Majority::Simple,
            MajorityCode::Absolute => Majority::Absolute,
            MajorityCode::TwoThirds => Majority::TwoThirds,
        }
    }
}

pub const TITLE_MAX: usize = 300;
pub const TEXT_MAX: usize = 20_000;
pub const OPTION_MAX: usize = 200;
pub const OPTIONS_MAX: usize = 100;
pub const PROXY_LIMIT_MAX: u32 = 10;

/// Everything that decides how a motion's ballots are counted. Published with the ballot list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub kind: KindCode,
    /// Options on the ballot paper (3 for yes/no/abstain).
    pub options: u32,
    /// Up to K: how many may be chosen.
    pub max_choices: u32,
    /// How many options win (seats).
    pub seats: u32,
    pub weighting: WeightingCode,
    /// `(college, weight in basis points)` when weighting by college.
    pub colleges: Vec<(i32, u32)>,
    pub quorum_bp: u32,
    pub per_college: bool,
    pub majority: MajorityCode,
    pub secret: bool,
    /// A vote may be changed until closing (the last one counts); never for a secret ballot.
    pub changeable: bool,
    /// How many other members' proxies one member may hold (0: no proxies).
    pub proxy_limit: u32,
    pub dues_rule: DuesRule,
}

impl Rules {
    #[must_use]
    pub fn ballot_kind(&self) -> BallotKind {
        match self.kind {
            KindCode::YesNo => BallotKind::YesNoAbstain,
            KindCode::One => BallotKind::ChooseOne {
                options: self.options,
            },
            KindCode::UpTo => BallotKind::ChooseUpTo {
                options: self.options,
                max: self.max_choices,
            },
            KindCode::Ranked => BallotKind::Ranked {
                options: self.options,
            },
        }
    }

    #[must_use]
    pub fn weighting(&self) -> Weighting {
        match self.weighting {
            WeightingCode::OneMember => Weighting::OneMemberOneVote,
            WeightingCode::College => Weighting::ByCollege(self.colleges.clone()),
        }
    }

    #[must_use]
    pub fn quorum(&self) -> Quorum {
        Quorum {
            participation_bp: self.quorum_bp,
            per_college: self.per_college,
        }
    }
}

/// A motion as typed in the form: strings, checked by [`RawMotion::validate`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawMotion {
    pub title: String,
    pub text: String,
    pub lang: String,
    pub kind: String,
    /// One option per line (ignored for yes/no).
    pub options: String,
    pub max_choices: String,
    pub seats: String,
    pub weighting: String,
    /// Percent, e.g. `50` or `33.3`.
    pub quorum: String,
    pub per_college: String,
    pub majority: String,
    pub secret: String,
    pub changeable: String,
    pub proxy_limit: String,
    pub dues_rule: String,
    pub opens_at: String,
    pub closes_at: String,
    pub time_zone: String,
}

/// A valid motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionInput {
    pub title: String,
    pub text: String,
    pub lang: crate::languages::Lang,
    pub options: Vec<String>,
    pub rules: Rules,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

fn flag(s: &str) -> bool {
    matches!(s.trim(), "on" | "true" | "1" | "yes")
}

/// A percentage with at most two decimals, in basis points.
fn percent_bp(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('%').trim();
    if s.is_empty() {
        return Some(0);
    }
    let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
    if frac.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.is_empty() {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let w: u32 = whole.parse().ok()?;
    let f: u32 = format!("{frac:0<2}").parse().ok()?;
    let bp = w.checked_mul(100)?.checked_add(f)?;
    (bp <= 10_000).then_some(bp)
}

fn small_number(s: &str, default: u32, max: u32) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return Some(default);
    }
    s.parse::<u32>().ok().filter(|n| *n <= max)
}

impl RawMotion {
    /// Checks every field; `colleges` are the network's college weights (used when weighting
    /// by college).
    ///
    /// # Errors
    /// One error per wrong field, as Fluent ids.
    pub fn validate(&self, colleges: &[(i32, u32)]) -> Result<MotionInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |field: &str, code: &'static str| errs.push(FieldError::new(field, code));
        let title = types::line(&self.title, TITLE_MAX, true).map_err(|c| put("title", c));
        let text = types::text(&self.text, TEXT_MAX).map_err(|c| put("text", c));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let kind = KindCode::parse(&self.kind).ok_or_else(|| put("kind", "error-choice-invalid"));
        let options: Vec<String> = self
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let options = match kind {
            Ok(KindCode::YesNo) => Ok(Vec::new()),
            Ok(_) if options.len() < 2 => {
                put("options", "error-options-too-few");
                Err(())
            }
            Ok(_) if options.len() > OPTIONS_MAX => {
                put("options", "error-too-many");
                Err(())
            }
            Ok(_) => {
                let mut ok = Vec::new();
                for o in &options {
                    match types::line(o, OPTION_MAX, true) {
                        Ok(o) => ok.push(o),
                        Err(c) => {
                            put("options", c);
                            break;
                        }
                    }
                }
                let distinct: std::collections::BTreeSet<&String> = ok.iter().collect();
                if distinct.len() != ok.len() {
                    put("options", "error-options-repeated");
                }
                Ok(ok)
            }
            Err(()) => Err(()),
        };
        let n_options = match (&kind, &options) {
            (Ok(KindCode::YesNo), _) => 3,
            (_, Ok(o)) => u32::try_from(o.len()).unwrap_or(u32::MAX),
            _ => 0,
        };
        let max_choices = small_number(&self.max_choices, 1, OPTIONS_MAX as u32)
            .filter(|m| *m >= 1)
            .ok_or_else(|| put("max_choices", "error-number-invalid"));
        let seats = small_number(&self.seats, 1, OPTIONS_MAX as u32)
            .filter(|s| *s >= 1)
            .ok_or_else(|| put("seats", "error-number-invalid"));
        if let (Ok(k), Ok(m), Ok(s)) = (&kind, &max_choices, &seats) {
            if *k == KindCode::UpTo && n_options > 0 && *m > n_options {
                put("max_choices", "error-max-choices-options");
            }
            if *k != KindCode::UpTo && *s != 1 {
                put("seats", "error-seats-one");
            }
            if *k == KindCode::UpTo && n_options > 0 && *s > n_options {
                put("seats", "error-max-choices-options");
            }
        }
        let weighting = WeightingCode::parse(&self.weighting)
            .ok_or_else(|| put("weighting", "error-choice-invalid"));
        if weighting == Ok(WeightingCode::College) && colleges.is_empty() {
            put("weighting", "error-no-colleges");
        }
        let quorum_bp = percent_bp(&self.quorum).ok_or_else(|| put("quorum", "error-percent"));
        let majority = MajorityCode::parse(if self.majority.trim().is_empty() {
            "simple"
        } else {
            &self.majority
        })
        .ok_or_else(|| put("majority", "error-choice-invalid"));
        let secret = flag(&self.secret);
        let changeable = flag(&self.changeable);
        if secret && changeable {
            put("changeable", "error-secret-final");
        }
        let proxy_limit = small_number(&self.proxy_limit, 0, PROXY_LIMIT_MAX)
            .ok_or_else(|| put("proxy_limit", "error-number-invalid"));
        let dues_rule = DuesRule::parse(if self.dues_rule.trim().is_empty() {
            "ignore"
        } else {
            &self.dues_rule
        })
        .ok_or_else(|| put("dues_rule", "error-choice-invalid"));
        let window = window(
            &self.time_zone,
            &self.opens_at,
            &self.closes_at,
            ["opens_at", "closes_at"],
            "error-closes-before-opens",
            &mut put,
        );
        if !errs.is_empty() {
            return Err(errs);
        }
        let (
            Ok(title),
            Ok(text),
            Ok(lang),
            Ok(kind),
            Ok(options),
            Ok(max_choices),
            Ok(seats),
            Ok(weighting),
            Ok(quorum_bp),
            Ok(majority),
            Ok(proxy_limit),
            Ok(dues_rule),
            Ok((_, opens_at, closes_at)),
        ) = (
            title,
            text,
            lang,
            kind,
            options,
            max_choices,
            seats,
            weighting,
            quorum_bp,
            majority,
            proxy_limit,
            dues_rule,
            window,
        )
        else {
            return Err(vec![FieldError::new("title", "error-invalid")]);
        };
        Ok(MotionInput {
            title,
            text,
            lang,
            options,
            rules: Rules {
                kind,
                options: n_options,
                max_choices: if kind == KindCode::UpTo {
                    max_choices
                } else {
                    1
                },
                seats,
                weighting,
                colleges: if weighting == WeightingCode::College {
                    colleges.to_vec()
                } else {
                    Vec::new()
                },
                quorum_bp,
                per_college: flag(&self.per_college) && weighting == WeightingCode::College,
                majority,
                secret,
                changeable,
                proxy_limit,
                dues_rule,
            },
            opens_at,
            closes_at,
        })
    }
}

/// A time window typed as two local times in a zone (empty: UTC), in UTC. Errors go to
/// `put`: the zone under `time_zone`, each time under its field, and `before` under the end's
/// field when the end does not come after the start.
pub(crate) fn window(
    zone: &str,
    start: &str,
    end: &str,
    fields: [&str; 2],
    before: &'static str,
    put: &mut impl FnMut(&str, &'static str),
) -> Result<(chrono_tz::Tz, DateTime<Utc>, DateTime<Utc>), ()> {
    let tz = parse_time_zone(if zone.trim().is_empty() { "UTC" } else { zone })
        .map_err(|c| put("time_zone", c));
    let mut at = |s: &str, field: &str| -> Result<DateTime<Utc>, ()> {
        let t = parse_local(s).map_err(|c| put(field, c))?;
        // A wrong zone is reported once, above.
        let z = tz.as_ref().map_err(|&()| ())?;
        local_to_utc(*z, t).map_err(|c| put(field, c))
    };
    let (s, e) = (at(start, fields[0]), at(end, fields[1]));
    match (tz, s, e) {
        (Ok(z), Ok(s), Ok(e)) if e > s => Ok((z, s, e)),
        (Ok(_), Ok(_), Ok(_)) => {
            put(fields[1], before);
            Err(())
        }
        _ => Err(()),
    }
}

/// Parses a ballot as submitted: option numbers, in order for a ranked ballot.
///
/// # Errors
/// `error-ballot-option` for anything that is not an option number.
pub fn parse_choices(values: &[&str]) -> Result<Vec<u32>, &'static str> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<u32>().map_err(|_| "error-ballot-option"))
        .collect()
}

/// A receipt code from 16 random bytes: 26 characters of Crockford base 32 in groups of 4.
#[must_use]
pub fn receipt_code(random: u128) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::with_capacity(32);
    for i in 0..26 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 128u32.saturating_sub(5 * (i + 1));
        let v = if 5 * (i + 1) > 128 {
            (random << (5 * (i + 1) - 128)) & 31
        } else {
            (random >> shift) & 31
        };
        out.push(ALPHABET[usize::try_from(v).unwrap_or(0)] as char);
    }
    out
}

/// The receipt as typed (any case, with or without dashes, `O`/`I`/`L` for `0`/`1`/`1`),
/// normalised; `None` when it cannot be one.
#[must_use]
pub fn normalise_receipt(s: &str) -> Option<String> {
    let clean: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (clean.len() == 26
        && clean
            .bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b)))
    .then_some(clean)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What is stored of a receipt: the SHA-256 of its normalised code. The code itself is shown to
/// the voter once and kept nowhere.
#[must_use]
pub fn receipt_hash(code: &str) -> String {
    let n = normalise_receipt(code).unwrap_or_else(|| code.to_owned());
    hex(&Sha256::digest(format!("pumasi-receipt:{n}").as_bytes()))
}

/// The hash of a log entry: SHA-256 over the previous entry's hash, the sequence number, the
/// kind and the payload, each on its own line. The first entry's previous hash is 64 zeros.
#[must_use]
pub fn chain_hash(prev: &str, seq: i64, kind: &str, payload: &str) -> String {
    hex(&Sha256::digest(
        format!("{prev}\n{seq}\n{kind}\n{payload}").as_bytes(),
    ))
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of a motion's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub payload: String,
    pub prev: String,
    pub hash: String,
}

/// Checks that each entry follows the one before and hashes to what it says.
///
/// # Errors
/// The sequence number of the first entry that does not hold.
pub fn verify_chain(entries: &[LogEntry]) -> Result<(), i64> {
    let mut prev = GENESIS.to_owned();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        if e.seq != expected_seq
            || e.prev != prev
            || e.hash != chain_hash(&e.prev, e.seq, &e.kind, &e.payload)
        {
            return Err(expected_seq);
        }
        prev.clone_from(&e.hash);
    }
    Ok(())
}

/// One counted ballot in the published list: no member, only its receipt's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRecord {
    pub receipt: String,
    pub college: Option<i32>,
    pub choices: Vec<u32>,
}

/// The anonymised ballot list of a closed motion, as anyone eligible downloads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotList {
    pub motion: Uuid,
    pub rules: Rules,
    /// Eligible members per college (`None`: members in no college).
    pub eligible: Vec<(Option<i32>, u64)>,
    /// Sorted by receipt hash.
    pub ballots: Vec<BallotRecord>,
}

/// A digest of the ballots that does not depend on their order: SHA-256 over the lines
/// `receipt;college;choices` sorted by receipt.
#[must_use]
pub fn ballots_digest(ballots: &[BallotRecord]) -> String {
    let mut lines: Vec<String> = ballots
        .iter()
        .map(|b| {
            format!(
                "{};{};{}",
                b.receipt,
                b.college.map(|c| c.to_string()).unwrap_or_default(),
                choices_text(&b.choices)
            )
        })
        .collect();
    lines.sort();
    hex(&Sha256::digest(lines.join("\n").as_bytes()))
}

/// Choices as stored: option numbers joined with commas.
#[must_use]
pub fn choices_text(choices: &[u32]) -> String {
    choices
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Choices as stored, back; `None` for a malformed value.
#[must_use]
pub fn choices_of(s: &str) -> Option<Vec<u32>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(',').map(|x| x.parse().ok()).collect()
}

/// Counts a ballot list (see the module documentation for the procedure).
#[must_use]
pub fn recount(list: &BallotList) -> Tally {
    // Stand-in members: college after college, ids 1, 2, 3…; a ballot beyond its college's
    // eligible count gets an id from the top, which nobody eligible has, so the count drops it.
    let mut id: u128 = 0;
    let mut extra: u128 = u128::MAX;
    let mut eligible = Vec::new();
    let mut ballots = Vec::new();
    for (college, n) in &list.eligible {
        let first = id + 1;
        for _ in 0..*n {
            id += 1;
            eligible.push(Eligible {
                member: Uuid::from_u128(id),
                college: *college,
            });
        }
        let mut next = first;
        for b in list.ballots.iter().filter(|b| b.college == *college) {
            let member = if next <= id {
                next += 1;
                Uuid::from_u128(next - 1)
            } else {
                extra -= 1;
                Uuid::from_u128(extra)
            };
            ballots.push(Ballot {
                member,
                college: *college,
                choices: b.choices.clone(),
            });
        }
    }
    let r = &list.rules;
    tally(
        r.ballot_kind(),
        &r.weighting(),
        r.quorum(),
        r.majority.into(),
        r.seats,
        &eligible,
        &ballots,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawMotion {
        RawMotion {
            title: "Adopt the 2027 budget".into(),
            text: "The assembly adopts the budget.".into(),
            lang: "en".into(),
            kind: "yes_no".into(),
            weighting: "college".into(),
            quorum: "50".into(),
            majority: "two_thirds".into(),
            opens_at: "2026-12-01T09:00".into(),
            closes_at: "2026-12-08T18:00".into(),
            time_zone: "Asia/Seoul".into(),
            ..RawMotion::default()
        }
    }

    #[test]
    fn a_valid_motion() {
        let m = raw().validate(&[(1, 3000), (2, 7000)]).unwrap();
        assert_eq!(m.rules.options, 3);
        assert_eq!(m.rules.quorum_bp, 5000);
        assert_eq!(m.rules.colleges, vec![(1, 3000), (2, 7000)]);
        assert_eq!(m.opens_at.to_rfc3339(), "2026-12-01T00:00:00+00:00");
    }

    #[test]
    fn each_wrong_field_is_named() {
        let r = RawMotion {
            title: String::new(),
            kind: "referendum".into(),
            quorum: "150".into(),
            secret: "on".into(),
            changeable: "on".into(),
            proxy_limit: "-1".into(),
            closes_at: "2026-11-30T09:00".into(),
            ..raw()
        };
        let errs = r.validate(&[(1, 10_000)]).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "title",
            "kind",
            "quorum",
            "changeable",
            "proxy_limit",
            "closes_at",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn options_for_an_election() {
        let r = RawMotion {
            kind: "up_to".into(),
            options: "Seoul\nBilbao\n\nDakar\n".into(),
            max_choices: "2".into(),
            seats: "2".into(),
            ..raw()
        };
        let m = r.validate(&[(1, 10_000)]).unwrap();
        assert_eq!(m.options, vec!["Seoul", "Bilbao", "Dakar"]);
        assert_eq!(
            (m.rules.options, m.rules.max_choices, m.rules.seats),
            (3, 2, 2)
        );
        let twice = RawMotion {
            options: "Seoul\nSeoul".into(),
            kind: "one".into(),
            ..raw()
        };
        assert_eq!(
            twice.validate(&[(1, 10_000)]).unwrap_err()[0].code,
            "error-options-repeated"
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(percent_bp("33.33"), Some(3333));
        assert_eq!(percent_bp("50 %"), Some(5000));
        assert_eq!(percent_bp("66,7"), Some(6670));
        assert_eq!(percent_bp("100.01"), None);
        assert_eq!(percent_bp("1e3"), None);
        assert_eq!(percent_bp(""), Some(0));
    }

    #[test]
    fn receipts_round_trip() {
        let code = receipt_code(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(code.len(), 26 + 6);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            normalise_receipt(&typed).as_deref(),
            Some(code.replace('-', "").as_str())
        );
        assert_eq!(receipt_hash(&code), receipt_hash(&typed));
        assert_ne!(receipt_code(1), receipt_code(2));
        assert!(normalise_receipt("<script>").is_none());
    }

    #[test]
    fn a_changed_log_entry_breaks_the_chain() {
        let mut prev = GENESIS.to_owned();
        let mut log = Vec::new();
        for (i, kind) in ["created", "opened", "closed"].iter().enumerate() {
            let seq = i64::try_from(i).unwrap() + 1;
            let payload = format!("{{\"n\":{i}}}");
            let hash = chain_hash(&prev, seq, kind, &payload);
            log.push(LogEntry {
                seq,
                at: Utc::now(),
                kind: (*kind).to_owned(),
                payload,
                prev: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        assert_eq!(verify_chain(&log), Ok(()));
        let mut forged = log.clone();
        forged[1].payload = "{\"n\":9}".into();
        assert_eq!(verify_chain(&forged), Err(2));
        let mut dropped = log.clone();
        dropped.remove(1);
        assert_eq!(verify_chain(&dropped), Err(2));
    }

    #[test]
    fn recount_matches_the_count_with_members() {
        let rules = raw().validate(&[(1, 3000), (2, 7000)]).unwrap().rules;
        let eligible = vec![(Some(1), 4), (Some(2), 3)];
        let b = |c: i32, ch: u32, r: &str| BallotRecord {
            receipt: r.into(),
            college: Some(c),
            choices: vec![ch],
        };
        let list = BallotList {
            motion: Uuid::nil(),
            rules,
            eligible,
            ballots: vec![
                b(1, 0, "a"),
                b(1, 0, "b"),
                b(1, 1, "c"),
                b(2, 0, "d"),
                b(2, 1, "e"),
            ],
        };
        let t = recount(&list);
        assert_eq!((t.eligible, t.cast), (7, 5));
        // College 1: 2/3 yes, college 2: 1/2 yes → (0.3×2/3 + 0.7×1/2) = 0.55 < 2/3.
        assert_eq!(t.shares[0].bp(), 5500);
        assert_eq!(t.winners, vec![super::super::NO]);
        // A stuffed ballot beyond college 2's three members is not counted.
        let mut stuffed = list.clone();
        for r in ["x", "y"] {
            stuffed.ballots.push(b(2, 0, r));
        }
        assert_eq!(recount(&stuffed).cast, 6);
        assert_ne!(
            ballots_digest(&list.ballots),
            ballots_digest(&stuffed.ballots)
        );
        let mut reordered = list.ballots.clone();
        reordered.reverse();
        assert_eq!(ballots_digest(&list.ballots), ballots_digest(&reordered));
    }
}
