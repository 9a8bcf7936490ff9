//! Counting the votes of a motion or an election: yes/no/abstain, one of N, up to K of N and
//! ranked choice (instant runoff), weighted by college or one member one vote, with quorum and
//! majority rules. Pure functions over the ballots: the same ballots always give the same
//! result, which is how anyone can recompute a published tally.
//!
//! **Weighting by college** (GSEF: Public Actors 30 %, SSE Actors 30 %, Youth 20 %, Finance 10 %,
//! Research 10 %). Each college's ballots are counted on their own; each option's share of that
//! college's counted ballots is multiplied by the college's weight; the option's result is the
//! sum over the colleges that cast at least one counted ballot, divided by the sum of those
//! colleges' weights (a college with no voters neither helps nor hurts an option: its weight is
//! shared out in proportion among those that voted). Abstentions count towards participation
//! and quorum, not towards shares. Worked example — a yes/no motion:
//!
//! | college | weight | yes | no | yes share |
//! |---|---|---|---|---|
//! | 1 Public Actors | 30 % | 8 | 2 | 80 % |
//! | 2 SSE Actors | 30 % | 3 | 7 | 30 % |
//! | 3 Youth | 20 % | 1 | 0 | 100 % |
//! | 4 Finance | 10 % | 0 | 0 | (no ballots) |
//! | 5 Research | 10 % | 1 | 1 | 50 % |
//!
//! Weighted yes = (30×0.8 + 30×0.3 + 20×1 + 10×0.5) / (30 + 30 + 20 + 10) = 58 / 90 = 64.4 %,
//! although only 13 of 23 members (56.5 %) voted yes. All arithmetic is exact (integers), so ties
//! are ties and never decided by rounding.

pub mod body;
pub mod charter;
pub mod declaration;
pub mod meeting;
pub mod motion;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// How the weight of a ballot is decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weighting {
    /// Every counted ballot weighs the same.
    OneMemberOneVote,
    /// `(college, weight in basis points)`; a ballot of a member in no listed college is not
    /// counted (it still counts for participation).
    ByCollege(Vec<(i32, u32)>),
}

/// What a ballot may say. Options are numbered from 0 in the order of the ballot paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BallotKind {
    /// Options 0 = yes, 1 = no, 2 = abstain; exactly one.
    YesNoAbstain,
    /// Exactly one of `options` (or none: a blank ballot).
    ChooseOne { options: u32 },
    /// At most `max` distinct options of `options` (e.g. 20 steering-committee seats).
    ChooseUpTo { options: u32, max: u32 },
    /// Options in order of preference, each at most once; not all need be ranked.
    Ranked { options: u32 },
}

pub const YES: u32 = 0;
pub const NO: u32 = 1;
pub const ABSTAIN: u32 = 2;

/// Why a ballot is not valid for a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotError {
    UnknownOption,
    Repeated,
    TooMany,
}

impl BallotError {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            BallotError::UnknownOption => "error-ballot-option",
            BallotError::Repeated => "error-ballot-repeated",
            BallotError::TooMany => "error-ballot-too-many",
        }
    }
}

impl BallotKind {
    /// Checks a ballot's choices.
    ///
    /// # Errors
    /// An option out of range, an option twice, or more choices than allowed.
    pub fn check(self, choices: &[u32]) -> Result<(), BallotError> {
        let (options, max) = match self {
            BallotKind::YesNoAbstain => (3, 1),
            BallotKind::ChooseOne { options } => (options, 1),
            BallotKind::ChooseUpTo { options, max } => (options, max),
            BallotKind::Ranked { options } => (options, options),
        };
        if choices.iter().any(|c| *c >= options) {
            return Err(BallotError::UnknownOption);
        }
        let distinct: BTreeSet<u32> = choices.iter().copied().collect();
        if distinct.len() != choices.len() {
            return Err(BallotError::Repeated);
        }
        if choices.len() > max as usize || (self == BallotKind::YesNoAbstain && choices.is_empty())
        {
            return Err(BallotError::TooMany);
        }
        Ok(())
    }

    fn options(self) -> u32 {
        match self {
            BallotKind::YesNoAbstain => 3,
            BallotKind::ChooseOne { options }
            | BallotKind::ChooseUpTo { options, .. }
            | BallotKind::Ranked { options } => options,
        }
    }
}

/// One member organisation's ballot, cast by its representative or a proxy holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub member: Uuid,
    pub college: Option<i32>,
    pub choices: Vec<u32>,
}

/// Who may vote: every eligible member with its college.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligible {
    pub member: Uuid,
    pub college: Option<i32>,
}

/// What is needed for the vote to count at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    /// Ballots cast (abstentions included) as a share of eligible members, basis points.
    pub participation_bp: u32,
    /// The share must be reached in every college that has eligible members, not only overall.
    pub per_college: bool,
}

impl Quorum {
    pub const NONE: Quorum = Quorum {
        participation_bp: 0,
        per_college: false,
    };
}

/// What "adopted" means for a yes/no motion (shares are weighted as configured).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Majority {
    /// More yes than no; abstentions are not counted.
    Simple,
    /// Yes is more than half of all counted ballots, abstentions included.
    Absolute,
    /// Yes is at least two thirds of yes and no.
    TwoThirds,
}

/// An exact non-negative fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub num: u128,
    pub den: u128,
}

impl Share {
    pub const ZERO: Share = Share { num: 0, den: 1 };

    /// In basis points, rounded to the nearest (for display only; comparisons use the
    /// fraction).
    #[must_use]
    pub fn bp(self) -> u32 {
        if self.den == 0 {
            return 0;
        }
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let bp = (self.num as f64 / self.den as f64 * 10_000.0).round() as u32;
        bp
    }

    /// Exact when both have the same denominator (all shares of one count do) or the cross
    /// products fit; otherwise by floating point.
    fn cmp_exact(self, other: Share) -> std::cmp::Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            #[allow(clippy::cast_precision_loss)]
            _ => (self.num as f64 / self.den as f64)
                .total_cmp(&(other.num as f64 / other.den as f64)),
        }
    }

    /// Whether this is more than half.
    fn over_half(self) -> bool {
        self.num.checked_mul(2).is_none_or(|d| d > self.den)
    }
}

impl PartialOrd for Share {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp_exact(*other))
    }
}

/// One college's (or the whole body's, with `college: None`) counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub college: Option<i32>,
    pub weight_bp: u32,
    pub eligible: u64,
    pub cast: u64,
    /// Ballots with at least one counted choice (not blank, not abstaining).
    pub counted: u64,
    /// Per option, the ballots that marked it (first preferences for ranked ballots).
    pub votes: Vec<u64>,
}

/// The result of a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub groups: Vec<GroupCount>,
    /// Per option, its weighted share of counted ballots (for ranked ballots: first round).
    pub shares: Vec<Share>,
    pub eligible: u64,
    pub cast: u64,
    pub quorum_met: bool,
    /// Winning options in order (a yes/no motion: `[YES]` when adopted, `[NO]` otherwise).
    /// Empty when quorum failed or a tie leaves the outcome undecided.
    pub winners: Vec<u32>,
    /// Options tied for the last place that decides, when a tie leaves it undecided.
    pub tied: Vec<u32>,
    /// Ranked ballots: each round's shares of the continuing options and who was eliminated.
    pub rounds: Vec<Round>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub shares: Vec<Share>,
    pub eliminated: Option<u32>,
}

/// Keeps one ballot per member: the last in `ballots` order (a changed vote replaces the
/// earlier one); ballots of members who are not eligible are dropped.
#[must_use]
pub fn one_per_member(ballots: &[Ballot], eligible: &[Eligible]) -> Vec<Ballot> {
    let allowed: BTreeMap<Uuid, Option<i32>> =
        eligible.iter().map(|e| (e.member, e.college)).collect();
    let mut last: BTreeMap<Uuid, Ballot> = BTreeMap::new();
    for b in ballots {
        if let Some(college) = allowed.get(&b.member) {
            last.insert(
                b.member,
                Ballot {
                    college: *college,
                    ..b.clone()
                },
            );
        }
    }
    last.into_values().collect()
}

fn group_of(w: &Weighting, college: Option<i32>) -> Option<Option<i32>> {
    match w {
        Weighting::OneMemberOneVote => Some(None),
        Weighting::ByCollege(ws) => college.filter(|c| ws.iter().any(|(k, _)| k == c)).map(Some),
    }
}

/// Weighted shares per option from per-group counts, over the groups with counted ballots
/// (for yes/no: the share of yes and of no among yes and no; the abstain entry is not a share).
fn shares(groups: &[GroupCount], options: usize) -> Vec<Share> {
    let active: Vec<&GroupCount> = groups.iter().filter(|g| g.counted > 0).collect();
    if active.is_empty() {
        return vec![Share::ZERO; options];
    }
    let wsum: u128 = active.iter().map(|g| u128::from(g.weight_bp)).sum();
    // share(o) = Σ w_g · v_g(o) / n_g  /  Σ w_g, over a common denominator: the least common
    // multiple of the groups' counts, exact. Should it not fit in 128 bits (many large groups
    // of coprime sizes), each group's fraction is taken to 18 decimal places instead — still the
    // same for every recount.
    let exact = || -> Option<Vec<Share>> {
        let l = active
            .iter()
            .try_fold(1u128, |acc, g| lcm(acc, u128::from(g.counted)))?;
        let den = l.checked_mul(wsum)?;
        (0..options)
            .map(|o| {
                let num = active.iter().try_fold(0u128, |acc, g| {
                    u128::from(g.weight_bp)
                        .checked_mul(u128::from(g.votes[o]))?
                        .checked_mul(l / u128::from(g.counted))
                        .and_then(|x| acc.checked_add(x))
                })?;
                Some(Share { num, den })
            })
            .collect()
    };
    exact().unwrap_or_else(|| {
        const SCALE: u128 = 1_000_000_000_000_000_000;
        (0..options)
            .map(|o| Share {
                num: active
                    .iter()
                    .map(|g| {
                        u128::from(g.weight_bp)
                            * (u128::from(g.votes[o]) * SCALE / u128::from(g.counted))
                    })
                    .sum(),
                den: SCALE * wsum,
            })
            .collect()
    })
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn lcm(a: u128, b: u128) -> Option<u128> {
    (a / gcd(a, b)).checked_mul(b)
}

/// Counts `ballots` (one per member: see [`one_per_member`]) of `kind` for the `eligible`
/// members. `seats` is how many options win (1 for yes/no, one-of-N and ranked; K for K seats).
/// Ballots that fail [`BallotKind::check`] count for participation only.
#[must_use]
pub fn tally(
    kind: BallotKind,
    weighting: &Weighting,
    quorum: Quorum,
    majority: Majority,
    seats: u32,
    eligible: &[Eligible],
    ballots: &[Ballot],
) -> Tally {
    let options = kind.options() as usize;
    let ballots = one_per_member(ballots, eligible);
    // Groups: the weighted colleges, or one group for everyone.
    let mut groups: Vec<GroupCount> = match weighting {
        Weighting::OneMemberOneVote => vec![GroupCount {
            college: None,
            weight_bp: 10_000,
            eligible: 0,
            cast: 0,
            counted: 0,
            votes: vec![0; options],
        }],
        Weighting::ByCollege(ws) => ws
            .iter()
            .map(|(c, w)| GroupCount {
                college: Some(*c),
                weight_bp: *w,
                eligible: 0,
                cast: 0,
                counted: 0,
                votes: vec![0; options],
            })
            .collect(),
    };
    let index = |g: Option<i32>, groups: &[GroupCount]| groups.iter().position(|x| x.college == g);
    for e in eligible {
        if let Some(g) = group_of(weighting, e.college).and_then(|g| index(g, &groups)) {
            groups[g].eligible += 1;
        }
    }
    for b in &ballots {
        let Some(g) = group_of(weighting, b.college).and_then(|g| index(g, &groups)) else {
            continue;
        };
        groups[g].cast += 1;
        if kind.check(&b.choices).is_err() {
            continue;
        }
        if kind == BallotKind::YesNoAbstain && b.choices == [ABSTAIN] {
            // Recorded (the absolute majority counts it), never part of a share's base.
            groups[g].votes[ABSTAIN as usize] += 1;
            continue;
        }
        let counted: Vec<u32> = match kind {
            BallotKind::Ranked { .. } => b.choices.first().copied().into_iter().collect(),
            _ => b.choices.clone(),
        };
        if !counted.is_empty() {
            groups[g].counted += 1;
            for c in counted {
                groups[g].votes[c as usize] += 1;
            }
        }
    }
    let eligible_n = eligible.len() as u64;
    let cast_n = ballots.len() as u64;
    let reached = |cast: u64, elig: u64| {
        u128::from(cast) * 10_000 >= u128::from(elig) * u128::from(quorum.participation_bp)
    };
    let quorum_met = reached(cast_n, eligible_n)
        && (!quorum.per_college
            || groups
                .iter()
                .filter(|g| g.eligible > 0)
                .all(|g| reached(g.cast, g.eligible)));
    let first = shares(&groups, options);
    let mut t = Tally {
        shares: first.clone(),
        groups,
        eligible: eligible_n,
        cast: cast_n,
        quorum_met,
        winners: Vec::new(),
        tied: Vec::new(),
        rounds: Vec::new(),
    };
    if !quorum_met {
        return t;
    }
    match kind {
        BallotKind::YesNoAbstain => {
            let (yes, no) = (first[YES as usize], first[NO as usize]);
            let adopted = match majority {
                Majority::Simple => yes.cmp_exact(no).is_gt(),
                // Abstentions included: yes against everything counted in the college-weighted
                // sense, i.e. yes > half of (yes + no + abstain) per group, weighted.
                Majority::Absolute => absolute(&t.groups)
                    .is_some_and(|s| s.cmp_exact(Share { num: 1, den: 2 }).is_gt()),
                // yes / (yes + no) ≥ 2/3  ⇔  yes ≥ 2·no (one count: the same denominator)
                Majority::TwoThirds => {
                    yes.num > 0 && no.num.checked_mul(2).is_some_and(|n2| yes.num >= n2)
                }
            };
            if yes.num == 0 && no.num == 0 {
                return t; // nobody voted yes or no: nothing decided
            }
            t.winners = vec![if adopted { YES } else { NO }];
        }
        BallotKind::ChooseOne { .. } | BallotKind::ChooseUpTo { .. } => {
            let (w, tied) = top(&first, seats as usize, &BTreeSet::new());
            t.winners = w;
            t.tied = tied;
        }
        BallotKind::Ranked { .. } => {
            let (winner, rounds, tied) = instant_runoff(weighting, &t.groups, &ballots, options);
            t.rounds = rounds;
            t.winners = winner.into_iter().collect();
            t.tied = tied;
        }
    }
    t
}

/// Yes as a weighted share of all counted-or-abstaining ballots (the absolute majority's base).
fn absolute(groups: &[GroupCount]) -> Option<Share> {
    let with_abstain: Vec<GroupCount> = groups
        .iter()
        .map(|g| GroupCount {
            counted: g.votes.iter().sum(),
            ..g.clone()
        })
        .collect();
    let s = shares(&with_abstain, 3);
    (s[YES as usize].den > 0).then_some(s[YES as usize])
}

/// The `seats` options with the highest shares (excluding `out`), and the options tied for the
/// last seat when a tie makes it undecided (then only the options clearly above it win).
fn top(shares: &[Share], seats: usize, out: &BTreeSet<u32>) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..shares.len() as u32)
        .filter(|o| !out.contains(o))
        .collect();
    order.sort_by(|a, b| {
        shares[*b as usize]
            .cmp_exact(shares[*a as usize])
            .then(a.cmp(b))
    });
    order.retain(|o| shares[*o as usize].num > 0);
    if order.len() <= seats {
        return (order, Vec::new());
    }
    let cut = shares[order[seats - 1] as usize];
    let next = shares[order[seats] as usize];
    if cut.cmp_exact(next).is_gt() {
        return (order[..seats].to_vec(), Vec::new());
    }
    let tied: Vec<u32> = order
        .iter()
        .copied()
        .filter(|o| shares[*o as usize].cmp_exact(cut).is_eq())
        .collect();
    let clear: Vec<u32> = order
        .iter()
        .copied()
        .filter(|o| shares[*o as usize].cmp_exact(cut).is_gt())
        .collect();
    (clear, tied)
}

/// Instant runoff: each round counts every ballot for its highest-ranked continuing option,
/// weighted as configured; an option with more than half of the round's weighted ballots wins;
/// otherwise the option with the smallest share is eliminated. A tie for elimination is broken
/// by the earlier rounds' shares (the option that had fewer in the latest round where they
/// differed goes); if they were tied in every round, nothing is decided and the tied options are
/// reported. A ballot whose options are all eliminated no longer counts.
fn instant_runoff(
    weighting: &Weighting,
    groups: &[GroupCount],
    ballots: &[Ballot],
    options: usize,
) -> (Option<u32>, Vec<Round>, Vec<u32>) {
    let ranked = BallotKind::Ranked {
        options: u32::try_from(options).unwrap_or(u32::MAX),
    };
    let mut out: BTreeSet<u32> = BTreeSet::new();
    let mut rounds: Vec<Round> = Vec::new();
    loop {
        let mut gs: Vec<GroupCount> = groups
            .iter()
            .map(|g| GroupCount {
                counted: 0,
                votes: vec![0; options],
                ..g.clone()
            })
            .collect();
        for b in ballots {
            if ranked.check(&b.choices).is_err() {
                continue;
            }
            let Some(top) = b.choices.iter().find(|c| !out.contains(c)) else {
                continue;
            };
            let g = match weighting {
                Weighting::OneMemberOneVote => Some(0),
                Weighting::ByCollege(_) => gs.iter().position(|x| x.college == b.college),
            };
            if let Some(g) = g {
                gs[g].counted += 1;
                gs[g].votes[*top as usize] += 1;
            }
        }
        let s = shares(&gs, options);
        let continuing: Vec<u32> = (0..options as u32).filter(|o| !out.contains(o)).collect();
        if continuing.is_empty() || s.iter().all(|x| x.num == 0) {
            rounds.push(Round {
                shares: s,
                eliminated: None,
            });
            return (None, rounds, Vec::new());
        }
        let best = *continuing
            .iter()
            .max_by(|a, b| s[**a as usize].cmp_exact(s[**b as usize]))
            .unwrap_or(&0);
        if s[best as usize].over_half() || continuing.len() == 1 {
            rounds.push(Round {
                shares: s,
                eliminated: None,
            });
            return (Some(best), rounds, Vec::new());
        }
        let low = continuing
            .iter()
            .copied()
            .min_by(|a, b| s[*a as usize].cmp_exact(s[*b as usize]))
            .unwrap_or(0);
        let mut lowest: Vec<u32> = continuing
            .iter()
            .copied()
            .filter(|o| s[*o as usize].cmp_exact(s[low as usize]).is_eq())
            .collect();
        // Earlier rounds, latest first, break the tie.
        for r in rounds.iter().rev() {
            if lowest.len() == 1 {
                break;
            }
            let m = lowest
                .iter()
                .copied()
                .min_by(|a, b| r.shares[*a as usize].cmp_exact(r.shares[*b as usize]))
                .unwrap_or(lowest[0]);
            lowest.retain(|o| {
                r.shares[*o as usize]
                    .cmp_exact(r.shares[m as usize])
                    .is_eq()
            });
        }
        if lowest.len() > 1 {
            rounds.push(Round {
                shares: s,
                eliminated: None,
            });
            return (None, rounds, lowest);
        }
        let gone = lowest[0];
        rounds.push(Round {
            shares: s,
            eliminated: Some(gone),
        });
        out.insert(gone);
    }
}

/// GSEF's five colleges and their weights (basis points): Public Actors 30 %, SSE Actors and
/// Affiliates 30 %, Youth 20 %, Social and Solidarity Finance 10 %, Research and Foresight 10 %.
#[must_use]
pub fn gsef_colleges() -> Weighting {
    Weighting::ByCollege(vec![(1, 3000), (2, 3000), (3, 2000), (4, 1000), (5, 1000)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn voters(per_college: &[(i32, usize)]) -> Vec<Eligible> {
        per_college
            .iter()
            .flat_map(|(c, n)| {
                (0..*n).map(move |_| Eligible {
                    member: Uuid::now_v7(),
                    college: Some(*c),
                })
            })
            .collect()
    }

    fn cast(e: &Eligible, choices: &[u32]) -> Ballot {
        Ballot {
            member: e.member,
            college: e.college,
            choices: choices.to_vec(),
        }
    }

    /// The module documentation's worked example.
    #[test]
    fn the_worked_example() {
        let el = voters(&[(1, 10), (2, 10), (3, 1), (4, 0), (5, 2)]);
        let mut ballots = Vec::new();
        let mut it = el.iter();
        for (yes, no) in [(8, 2), (3, 7), (1, 0), (0, 0), (1, 1)] {
            for _ in 0..yes {
                ballots.push(cast(it.next().unwrap(), &[YES]));
            }
            for _ in 0..no {
                ballots.push(cast(it.next().unwrap(), &[NO]));
            }
        }
        let t = tally(
            BallotKind::YesNoAbstain,
            &gsef_colleges(),
            Quorum::NONE,
            Majority::Simple,
            1,
            &el,
            &ballots,
        );
        let yes = t.shares[YES as usize];
        assert_eq!(yes.num * 90, 58 * yes.den, "58/90");
        assert_eq!(yes.bp(), 6444);
        assert_eq!(t.winners, vec![YES]);
        assert_eq!(t.cast, 23);
    }

    #[test]
    fn quorum_per_college_and_majorities() {
        let el = voters(&[(1, 4), (2, 4)]);
        let w = Weighting::ByCollege(vec![(1, 5000), (2, 5000)]);
        // Only college 1 votes: 50 % overall participation, college 2 at 0 %.
        let ballots: Vec<Ballot> = el[..4].iter().map(|e| cast(e, &[YES])).collect();
        let q = Quorum {
            participation_bp: 5000,
            per_college: false,
        };
        let t = tally(
            BallotKind::YesNoAbstain,
            &w,
            q,
            Majority::Simple,
            1,
            &el,
            &ballots,
        );
        assert!(t.quorum_met);
        let q = Quorum {
            per_college: true,
            ..q
        };
        let t = tally(
            BallotKind::YesNoAbstain,
            &w,
            q,
            Majority::Simple,
            1,
            &el,
            &ballots,
        );
        assert!(!t.quorum_met);
        assert!(t.winners.is_empty());
        // 4 yes, 2 no, 2 abstain, one member one vote: simple yes; absolute 4/8 is not more
        // than half; two thirds: 4/6 is exactly 2/3, adopted.
        let mut ballots: Vec<Ballot> = el[..4].iter().map(|e| cast(e, &[YES])).collect();
        ballots.extend(el[4..6].iter().map(|e| cast(e, &[NO])));
        ballots.extend(el[6..].iter().map(|e| cast(e, &[ABSTAIN])));
        let one = Weighting::OneMemberOneVote;
        let run = |m| {
            tally(
                BallotKind::YesNoAbstain,
                &one,
                Quorum::NONE,
                m,
                1,
                &el,
                &ballots,
            )
        };
        assert_eq!(run(Majority::Simple).winners, vec![YES]);
        assert_eq!(run(Majority::Absolute).winners, vec![NO]);
        assert_eq!(run(Majority::TwoThirds).winners, vec![YES]);
    }

    #[test]
    fn ranked_choice_eliminates_until_a_majority() {
        // 5 ballots A>B, 4 B>C, 3 C>B: round 1 A 5/12, B 4/12, C 3/12 → C out; round 2 B 7/12.
        let el = voters(&[(1, 12)]);
        let mut ballots = Vec::new();
        for (i, e) in el.iter().enumerate() {
            let c: &[u32] = match i {
                0..=4 => &[0, 1],
                5..=8 => &[1, 2],
                _ => &[2, 1],
            };
            ballots.push(cast(e, c));
        }
        let t = tally(
            BallotKind::Ranked { options: 3 },
            &Weighting::OneMemberOneVote,
            Quorum::NONE,
            Majority::Simple,
            1,
            &el,
            &ballots,
        );
        assert_eq!(t.rounds.len(), 2);
        assert_eq!(t.rounds[0].eliminated, Some(2));
        assert_eq!(t.winners, vec![1]);
    }

    /// Large colleges of coprime sizes: the exact common denominator is about 10^20, and the
    /// comparisons must neither overflow nor round an exact two-thirds away.
    #[test]
    fn large_colleges_compare_exactly() {
        let ks = [6_661usize, 6_673, 6_679, 6_689, 6_691];
        let el = voters(&[
            (1, 3 * ks[0]),
            (2, 3 * ks[1]),
            (3, 3 * ks[2]),
            (4, 3 * ks[3]),
            (5, 3 * ks[4]),
        ]);
        let mut ballots = Vec::new();
        let mut at = 0;
        for k in ks {
            for (j, e) in el[at..at + 3 * k].iter().enumerate() {
                ballots.push(cast(e, &[if j < 2 * k { YES } else { NO }]));
            }
            at += 3 * k;
        }
        let run = |m, ballots: &[Ballot]| {
            tally(
                BallotKind::YesNoAbstain,
                &gsef_colleges(),
                Quorum::NONE,
                m,
                1,
                &el,
                ballots,
            )
        };
        let t = run(Majority::TwoThirds, &ballots);
        assert_eq!(t.winners, vec![YES], "exactly two thirds");
        assert_eq!(run(Majority::Simple, &ballots).winners, vec![YES]);
        // One yes fewer in the first college: below two thirds.
        let flip = ballots.iter().position(|b| b.choices == [YES]).unwrap();
        ballots[flip].choices = vec![NO];
        let t = run(Majority::TwoThirds, &ballots);
        assert_eq!(t.winners, vec![NO]);
        assert_eq!(t.shares[0].bp(), 6667);
    }

    #[test]
    fn ballots_are_checked() {
        let k = BallotKind::ChooseUpTo { options: 5, max: 2 };
        assert!(k.check(&[0, 4]).is_ok());
        assert_eq!(k.check(&[0, 1, 2]), Err(BallotError::TooMany));
        assert_eq!(k.check(&[1, 1]), Err(BallotError::Repeated));
        assert_eq!(k.check(&[5]), Err(BallotError::UnknownOption));
        assert_eq!(
            BallotKind::YesNoAbstain.check(&[]),
            Err(BallotError::TooMany)
        );
    }

    fn arb_case() -> impl Strategy<Value = (Vec<(i32, usize)>, Vec<u32>, Vec<u8>)> {
        (
            proptest::collection::vec((1i32..=5, 0usize..12), 1..6),
            proptest::collection::vec(1u32..=5000, 5),
            proptest::collection::vec(0u8..4, 0..80),
        )
    }

    proptest! {
        /// Shares of a yes/no vote never exceed 100 %, yes + no is 100 % whenever anyone voted,
        /// and a college with no voters changes nothing.
        #[test]
        fn weights_sum_to_the_whole((colleges, weights, picks) in arb_case()) {
            let el = voters(&colleges);
            let w = Weighting::ByCollege((1..=5).map(|c| (c, weights[(c - 1) as usize])).collect());
            let ballots: Vec<Ballot> = el.iter().zip(picks.iter()).map(|(e, p)| cast(e, &[u32::from(*p % 3)])).collect();
            let t = tally(BallotKind::YesNoAbstain, &w, Quorum::NONE, Majority::Simple, 1, &el, &ballots);
            let (y, n) = (t.shares[0], t.shares[1]);
            prop_assert!(y.num <= y.den && n.num <= n.den);
            if t.groups.iter().any(|g| g.counted > 0) {
                prop_assert_eq!(y.num * n.den + n.num * y.den, y.den * n.den);
            }
            // An empty college added with any weight changes no share.
            let mut w2 = match &w { Weighting::ByCollege(v) => v.clone(), Weighting::OneMemberOneVote => vec![] };
            w2.push((9, 7777));
            let t2 = tally(BallotKind::YesNoAbstain, &Weighting::ByCollege(w2), Quorum::NONE, Majority::Simple, 1, &el, &ballots);
            prop_assert_eq!(t2.shares[0].cmp_exact(y), std::cmp::Ordering::Equal);
        }

        /// A member voting many times (a proxy holder's repeated clicks, a changed vote) counts
        /// once, with its last ballot.
        #[test]
        fn each_member_counts_once((colleges, _w, picks) in arb_case(), repeat in 1usize..4) {
            let el = voters(&colleges);
            let mut ballots = Vec::new();
            for _ in 0..repeat {
                ballots.extend(el.iter().zip(picks.iter()).map(|(e, p)| cast(e, &[u32::from(*p % 2)])));
            }
            // Someone not eligible (a forged id) is ignored.
            ballots.push(Ballot { member: Uuid::now_v7(), college: Some(1), choices: vec![YES] });
            let t = tally(BallotKind::YesNoAbstain, &Weighting::OneMemberOneVote, Quorum::NONE, Majority::Simple, 1, &el, &ballots);
            prop_assert_eq!(t.cast as usize, el.len().min(picks.len()));
            prop_assert_eq!(t.groups[0].votes.iter().sum::<u64>() as usize, el.len().min(picks.len()));
        }

        /// Instant runoff ends, eliminates one option per round at most, and a winner has more
        /// than half of its last round (or is the last one standing).
        #[test]
        fn ranked_rounds_end_with_a_majority_or_a_reported_tie(
            prefs in proptest::collection::vec(proptest::collection::vec(0u32..5, 0..5), 1..60)
        ) {
            let el = voters(&[(1, prefs.len())]);
            let ballots: Vec<Ballot> = el.iter().zip(prefs.iter()).map(|(e, p)| {
                let mut seen = BTreeSet::new();
                let c: Vec<u32> = p.iter().copied().filter(|x| seen.insert(*x)).collect();
                cast(e, &c)
            }).collect();
            let t = tally(BallotKind::Ranked { options: 5 }, &gsef_colleges(), Quorum::NONE, Majority::Simple, 1, &el, &ballots);
            prop_assert!(t.rounds.len() <= 5);
            if let (Some(w), Some(last)) = (t.winners.first(), t.rounds.last()) {
                let continuing = 5 - t.rounds.iter().filter(|r| r.eliminated.is_some()).count();
                let majority = last.shares[*w as usize].over_half();
                prop_assert!(majority || continuing == 1, "winner {} without a majority", w);
            } else {
                prop_assert!(t.winners.is_empty());
            }
        }

        /// Up to K seats: never more winners than seats; a tie at the last seat is reported,
        /// never broken silently.
        #[test]
        fn seats_are_never_overfilled(picks in proptest::collection::vec(proptest::collection::vec(0u32..8, 0..4), 1..50), seats in 1u32..5) {
            let el = voters(&[(2, picks.len())]);
            let ballots: Vec<Ballot> = el.iter().zip(picks.iter()).map(|(e, p)| {
                let mut seen = BTreeSet::new();
                cast(e, &p.iter().copied().filter(|x| seen.insert(*x)).collect::<Vec<_>>())
            }).collect();
            let t = tally(BallotKind::ChooseUpTo { options: 8, max: 3 }, &Weighting::OneMemberOneVote, Quorum::NONE, Majority::Simple, seats, &el, &ballots);
            prop_assert!(t.winners.len() <= seats as usize);
            if t.winners.len() < seats as usize && !t.tied.is_empty() {
                prop_assert!(t.winners.len() + t.tied.len() > seats as usize);
            }
        }
    }
}
