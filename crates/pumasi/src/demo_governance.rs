//! Demo governance: GSEF's standing bodies, illustrative mandates and two fictional motions of
//! the general assembly — one closed with its result, one open for the demo representatives.
//! The mandates and motions are invented (marked so); they are not GSEF's actual composition
//! or decisions.

use chrono::{Duration, Utc};
use pumasi_domain::governance::body::RawMandate;
use pumasi_domain::governance::motion::RawMotion;
use pumasi_store::governance::{self, motions};
use pumasi_store::sea_orm::ConnectionTrait;

const NOTE: &str =
    "Demo data: illustrative (fictional), not a record of GSEF's actual composition.";

/// Loads the demo; returns the number of mandates and the references of the closed and the
/// open motion.
///
/// # Errors
/// A demo row that does not validate, or database errors.
pub async fn load(c: &impl ConnectionTrait) -> anyhow::Result<(usize, String, String)> {
    governance::ensure_standard_bodies(c).await?;
    let today = Utc::now().date_naive();
    let start = today - Duration::days(400);
    let end = start + Duration::days(730);
    let mandates = [
        (
            "co-chairs",
            "seoul-metropolitan-government",
            "co_chair",
            "elected",
        ),
        (
            "co-chairs",
            "seoul-social-economy-network",
            "co_chair",
            "elected",
        ),
        (
            "continental-co-chairs",
            "city-of-montreal",
            "continental_co_chair",
            "elected",
        ),
        (
            "continental-co-chairs",
            "city-of-bamako",
            "continental_co_chair",
            "elected",
        ),
        (
            "continental-co-chairs",
            "city-of-bilbao",
            "continental_co_chair",
            "elected",
        ),
        (
            "steering-committee",
            "seoul-metropolitan-government",
            "co_chair",
            "ex_officio",
        ),
        (
            "steering-committee",
            "seoul-social-economy-network",
            "co_chair",
            "ex_officio",
        ),
        (
            "steering-committee",
            "city-of-montreal",
            "member",
            "elected",
        ),
        (
            "steering-committee",
            "chantier-de-l-economie-sociale",
            "member",
            "elected",
        ),
        ("steering-committee", "city-of-bilbao", "member", "elected"),
        (
            "steering-committee",
            "mexico-city-government",
            "member",
            "elected",
        ),
        ("steering-committee", "city-of-bamako", "member", "elected"),
        (
            "steering-committee",
            "city-of-bordeaux",
            "host_city",
            "appointed",
        ),
    ];
    for (body, org, role, obtained) in mandates {
        let b = governance::body_by_slug(c, body).await?;
        let input = RawMandate {
            organisation: org.to_owned(),
            role: role.to_owned(),
            starts_on: start.to_string(),
            ends_on: end.to_string(),
            obtained: obtained.to_owned(),
            note: NOTE.to_owned(),
            ..RawMandate::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo mandate {body}/{org}: {e:?}"))?;
        governance::add_mandate(c, &b, &input, None, None).await?;
    }
    let colleges: Vec<(i32, u32)> = pumasi_store::members::vocabulary(c)
        .await?
        .colleges
        .iter()
        .map(|x| (x.number, u32::try_from(x.weight_bp).unwrap_or(0)))
        .collect();
    let ga = governance::body_by_slug(c, "general-assembly").await?;
    let fmt = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M").to_string();
    let now = Utc::now();
    // A closed motion with ballots from two thirds of the members.
    let opens = now - Duration::days(10);
    let closed = RawMotion {
        title: "(Fictional) Adopt the 2026–2027 work plan".into(),
        text: "*Fictional demo motion.* The General Assembly adopts the work plan presented by the secretariat: knowledge exchange, training, advocacy and the fund for members in developing countries.".into(),
        lang: "en".into(),
        kind: "yes_no".into(),
        weighting: "college".into(),
        quorum: "50".into(),
        majority: "two_thirds".into(),
        proxy_limit: "2".into(),
        opens_at: fmt(opens),
        closes_at: fmt(now - Duration::days(3)),
        time_zone: "UTC".into(),
        ..RawMotion::default()
    }
    .validate(&colleges)
    .map_err(|e| anyhow::anyhow!("demo motion: {e:?}"))?;
    let m = motions::create(c, &ga, &closed, None, None).await?;
    motions::open(c, m.id, opens, None).await?;
    let voters = motions::eligible_members(c, m.id).await?;
    for (k, member) in voters.iter().enumerate() {
        if k % 3 == 2 {
            continue;
        }
        let choice = match k % 7 {
            0 => pumasi_domain::governance::NO,
            5 => pumasi_domain::governance::ABSTAIN,
            _ => pumasi_domain::governance::YES,
        };
        let who = motions::Caster {
            account: uuid::Uuid::nil(),
            acting_for: *member,
            member: *member,
        };
        motions::cast(
            c,
            m.id,
            who,
            &[choice],
            opens + Duration::hours(1),
            rand::random(),
        )
        .await?;
    }
    motions::close(c, m.id, now, None).await?;
    // An open, secret, ranked vote on the next host city.
    let open = RawMotion {
        title: "(Fictional) Choose the host city of the 2029 forum".into(),
        text: "*Fictional demo motion.* Rank the candidate cities in order of preference. Counted by instant runoff.".into(),
        lang: "en".into(),
        kind: "ranked".into(),
        options: "Lisbon (fictional candidacy)\nCape Town (fictional candidacy)\nGwangju (fictional candidacy)\nQuito (fictional candidacy)".into(),
        weighting: "college".into(),
        quorum: "25".into(),
        secret: "on".into(),
        opens_at: fmt(now - Duration::hours(1)),
        closes_at: fmt(now + Duration::days(14)),
        time_zone: "UTC".into(),
        ..RawMotion::default()
    }
    .validate(&colleges)
    .map_err(|e| anyhow::anyhow!("demo motion: {e:?}"))?;
    let m2 = motions::create(c, &ga, &open, None, None).await?;
    motions::open(c, m2.id, now, None).await?;
    Ok((mandates.len(), m.reference, m2.reference))
}

const SEOUL_SIGNATORIES: &str = include_str!("../demo/seoul_declaration.csv");

/// The text of the Seoul Declaration is not openly licensed: the demo shows a placeholder.
const PLACEHOLDER: &str = "*This is a fictional placeholder, not the text of the Seoul Declaration, which is not openly licensed.*\n\nWe, local governments and social economy organisations gathered in Seoul, commit to cooperate in building a social and solidarity economy: to exchange knowledge and practice, to support each other's public policies, and to meet again.";

/// The Seoul Declaration (2013), adopted at the first forum in Seoul, with the signatories known
/// from public sources (`demo/seoul_declaration.csv`: the 8 local governments and 4 of the 9
/// organisations). Returns the number of signatories.
///
/// # Errors
/// Database errors or a malformed demo file.
pub async fn load_declaration(c: &impl ConnectionTrait) -> anyhow::Result<usize> {
    use pumasi_domain::governance::declaration::{RawDeclaration, SignatoryKind};
    use pumasi_store::governance::declarations::{self, Historical};
    let input = RawDeclaration {
        slug: "seoul-declaration-2013".into(),
        title: "Seoul Declaration (2013)".into(),
        lang: "en".into(),
        text: PLACEHOLDER.into(),
        adopted_on: "2013-11-07".into(),
        adopted_city: "Seoul".into(),
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("demo declaration: {e:?}"))?;
    let id = declarations::create(c, &input, true, None).await?;
    let on = chrono::NaiveDate::from_ymd_opt(2013, 11, 7);
    let mut n = 0;
    let mut rdr = csv::Reader::from_reader(SEOUL_SIGNATORIES.as_bytes());
    for (line, row) in rdr.records().enumerate() {
        let row = row?;
        let field = |k: usize| row.get(k).unwrap_or_default().to_owned();
        let kind = SignatoryKind::parse(&field(1))
            .ok_or_else(|| anyhow::anyhow!("demo/seoul_declaration.csv:{}: kind", line + 2))?;
        let organisation = match field(3).as_str() {
            "" => None,
            slug => Some(
                pumasi_store::members::by_slug(c, slug, pumasi_domain::locale::Locale::En)
                    .await?
                    .id,
            ),
        };
        declarations::record_historical(
            c,
            id,
            &Historical {
                organisation,
                name: field(0),
                kind,
                country: field(2),
                signed_on: on,
                source: field(4),
            },
            None,
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// The charter as first adopted (2014), with eleven articles whose texts are fictional
/// placeholders: GSEF's charter text is not reproduced here. Returns the number of articles.
///
/// # Errors
/// Database errors.
pub async fn load_charter(c: &impl ConnectionTrait) -> anyhow::Result<usize> {
    use pumasi_store::governance::charter::{self, Article};
    let titles = [
        "Name and seat",
        "Purpose",
        "Values and principles",
        "Members",
        "Rights and duties of members",
        "General Assembly",
        "Steering Committee",
        "Co-chairs and the chair city",
        "Secretariat",
        "Resources",
        "Amendments and dissolution",
    ];
    let articles: Vec<Article> = titles
        .iter()
        .enumerate()
        .map(|(k, t)| Article {
            number: i32::try_from(k).unwrap_or(0) + 1,
            title: (*t).to_owned(),
            text: format!(
                "*Fictional placeholder for the demo, not the text of GSEF's charter.*\n\nThis article sets out the network's rules on: {}.",
                t.to_lowercase()
            ),
        })
        .collect();
    charter::set_up(
        c,
        &articles,
        chrono::NaiveDate::from_ymd_opt(2014, 11, 19),
        "Charter as first adopted (demo placeholder text).",
        None,
    )
    .await?;
    Ok(articles.len())
}

/// A fictional steering-committee meeting with its agenda, attendance, approved minutes and a
/// decision, and the next one scheduled. Returns the meeting's address.
///
/// # Errors
/// Database errors.
pub async fn load_meetings(c: &impl ConnectionTrait) -> anyhow::Result<String> {
    use pumasi_domain::governance::meeting::{Attendance, RawMeeting};
    use pumasi_store::governance::meetings::{self, NewDecision};
    let sc = governance::body_by_slug(c, "steering-committee").await?;
    let today = Utc::now().date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let raw = |title: &str, d: chrono::NaiveDate| RawMeeting {
        title: title.to_owned(),
        lang: "en".into(),
        starts_at: format!("{}T09:00", day(d)),
        ends_at: format!("{}T13:00", day(d)),
        time_zone: "Asia/Seoul".into(),
        place: "Seoul (fictional demo meeting)".into(),
        quorum: "50".into(),
        ..RawMeeting::default()
    };
    let past = raw(
        "(Fictional) Steering committee, autumn session",
        today - Duration::days(30),
    )
    .validate()
    .map_err(|e| anyhow::anyhow!("demo meeting: {e:?}"))?;
    let next = raw(
        "(Fictional) Steering committee, spring session",
        today + Duration::days(60),
    )
    .validate()
    .map_err(|e| anyhow::anyhow!("demo meeting: {e:?}"))?;
    let m = meetings::create(c, &sc, &past, None).await?;
    let n = meetings::create(c, &sc, &next, None).await?;
    for (title, rapporteur) in [
        ("Approval of the agenda", "Co-chairs"),
        ("Membership applications", "Secretariat"),
        ("Preparation of the next forum", "Host city"),
    ] {
        meetings::add_item(c, m.id, title, "", rapporteur, None, None).await?;
    }
    let members = meetings::body_members(c, &sc, m.starts_at.date_naive()).await?;
    for (k, o) in members.iter().enumerate() {
        let status = if k % 4 == 3 {
            Attendance::Excused
        } else {
            Attendance::Present
        };
        meetings::record_attendance(c, &m, &sc, *o, status, None).await?;
    }
    meetings::save_minutes(
        c,
        m.id,
        "*Fictional demo minutes.* The committee reviewed two membership applications and the preparation of the next forum.",
        m.version,
        None,
    )
    .await?;
    meetings::approve_minutes(c, m.id, n.id, None).await?;
    meetings::decide(
        c,
        &sc,
        &NewDecision {
            meeting: Some(m.id),
            title: "(Fictional) The call for host-city candidacies for 2029 is opened".into(),
            text: "Candidacies are received until the next general assembly.".into(),
            ..NewDecision::default()
        },
        m.starts_at.date_naive(),
        None,
    )
    .await?;
    Ok(m.slug)
}

/// A fictional campaign for two steering-committee seats, open for candidacies, with one
/// accepted candidacy. Returns its address.
///
/// # Errors
/// Database errors.
pub async fn load_election(c: &impl ConnectionTrait) -> anyhow::Result<String> {
    use pumasi_store::governance::elections::{self, NewElection};
    let ga = governance::body_by_slug(c, "general-assembly").await?;
    let sc = governance::body_by_slug(c, "steering-committee").await?;
    let e = elections::create(
        c,
        &ga,
        &sc,
        &NewElection {
            slug: "steering-committee-seats-fictional".into(),
            title: "(Fictional) Two steering-committee seats".into(),
            lang: "en".into(),
            role: pumasi_domain::governance::motion::MandateRole::Member,
            seats: 2,
            term_ends_on: Some(Utc::now().date_naive() + Duration::days(760)),
            candidacies_close_at: Utc::now() + Duration::days(30),
        },
        None,
    )
    .await?;
    let org = pumasi_store::members::by_slug(
        c,
        "chantier-de-l-economie-sociale",
        pumasi_domain::locale::Locale::En,
    )
    .await?
    .id;
    let id = elections::stand(
        c,
        &e,
        org,
        "*Fictional demo candidacy.* We would bring the experience of a national network.",
        None,
        None,
        Utc::now(),
    )
    .await?;
    elections::review(c, &e, id, true, None).await?;
    Ok(e.slug)
}
