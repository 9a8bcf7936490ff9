//! Tally of 100,000 ballots (a national network's scale), weighted by the five GSEF colleges:
//! a yes/no/abstain motion, a 20-of-60 election and a ranked choice among 8 host cities.
//! `cargo run --release -p pumasi-domain --example tally_bench [BALLOTS]`; each count is timed
//! five times and the slowest is printed.

use pumasi_domain::governance::{
    Ballot, BallotKind, Eligible, Majority, Quorum, gsef_colleges, tally,
};
use std::time::{Duration, Instant};
use uuid::Uuid;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u32 {
        u32::try_from(self.next() % n).unwrap_or(0)
    }
}

fn slowest(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .max()
        .unwrap_or_default()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let eligible: Vec<Eligible> = (0..n)
        .map(|i| Eligible {
            member: Uuid::from_u128(i as u128 + 1),
            college: Some(i32::try_from(i % 5).unwrap_or(0) + 1),
        })
        .collect();
    let w = gsef_colleges();
    let ballots = |rng: &mut Rng, f: &mut dyn FnMut(&mut Rng) -> Vec<u32>| -> Vec<Ballot> {
        eligible
            .iter()
            .map(|e| Ballot {
                member: e.member,
                college: e.college,
                choices: f(rng),
            })
            .collect()
    };
    let yes_no = ballots(&mut rng, &mut |r| vec![r.below(3)]);
    let seats = ballots(&mut rng, &mut |r| {
        let mut c: Vec<u32> = (0..20).map(|_| r.below(60)).collect();
        c.sort_unstable();
        c.dedup();
        c
    });
    let ranked = ballots(&mut rng, &mut |r| {
        let mut c: Vec<u32> = (0..8).collect();
        for i in (1..c.len()).rev() {
            c.swap(i, r.below(i as u64 + 1) as usize);
        }
        c.truncate(1 + r.below(8) as usize);
        c
    });
    let q = Quorum {
        participation_bp: 5000,
        per_college: true,
    };
    let mut out = None;
    let t1 = slowest(|| {
        out = Some(tally(
            BallotKind::YesNoAbstain,
            &w,
            q,
            Majority::TwoThirds,
            1,
            &eligible,
            &yes_no,
        ));
    });
    let t = out.take().expect("tally");
    println!(
        "yes/no/abstain, {n} ballots: {:.1} ms (yes {} bp, winners {:?})",
        t1.as_secs_f64() * 1e3,
        t.shares[0].bp(),
        t.winners
    );
    let t2 = slowest(|| {
        out = Some(tally(
            BallotKind::ChooseUpTo {
                options: 60,
                max: 20,
            },
            &w,
            q,
            Majority::Simple,
            20,
            &eligible,
            &seats,
        ));
    });
    let t = out.take().expect("tally");
    println!(
        "20 seats of 60, {n} ballots: {:.1} ms ({} winners, {} tied)",
        t2.as_secs_f64() * 1e3,
        t.winners.len(),
        t.tied.len()
    );
    let t3 = slowest(|| {
        out = Some(tally(
            BallotKind::Ranked { options: 8 },
            &w,
            q,
            Majority::Simple,
            1,
            &eligible,
            &ranked,
        ));
    });
    let t = out.take().expect("tally");
    println!(
        "ranked choice of 8, {n} ballots: {:.1} ms ({} rounds, winner {:?})",
        t3.as_secs_f64() * 1e3,
        t.rounds.len(),
        t.winners
    );
}
