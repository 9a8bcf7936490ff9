//! Bodies and mandates as typed by the secretariat, and the seat allocation that respects a
//! body's continent balance.

use super::Share;
use super::motion::{BodyKind, MandateRole, Obtained, WeightingCode};
use crate::FieldError;
use crate::countries::Continent;
use crate::types::{self, Slug};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A body as typed in the form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawBody {
    pub slug: String,
    pub kind: String,
    pub lang: String,
    pub name: String,
    pub description: String,
    pub weighting: String,
    pub max_members: String,
    pub max_per_continent: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyInput {
    pub slug: Slug,
    /// Made from the name rather than typed: the store makes it unique with a suffix, and an
    /// edit keeps the record's current address.
    pub slug_generated: bool,
    pub kind: BodyKind,
    pub lang: crate::languages::Lang,
    pub name: String,
    pub description: String,
    pub weighting: WeightingCode,
    pub max_members: Option<u32>,
    pub max_per_continent: Option<u32>,
}

fn optional_count(s: &str) -> Result<Option<u32>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        t => t
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .map(Some)
            .ok_or("error-number-invalid"),
    }
}

impl RawBody {
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self) -> Result<BodyInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let name = types::line(&self.name, 200, true).map_err(|c| put("name", c));
        let slug_generated = self.slug.trim().is_empty();
        let slug = match self.slug.trim() {
            "" => Ok(name
                .as_deref()
                .map(Slug::from_name)
                .unwrap_or_else(|_| Slug::from_name(""))),
            s => Slug::parse(s),
        }
        .map_err(|c| put("slug", c));
        let kind = BodyKind::parse(&self.kind).ok_or_else(|| put("kind", "error-choice-invalid"));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let description = types::text(&self.description, 20_000).map_err(|c| put("description", c));
        let weighting = WeightingCode::parse(if self.weighting.trim().is_empty() {
            "one_member"
        } else {
            &self.weighting
        })
        .ok_or_else(|| put("weighting", "error-choice-invalid"));
        let max_members = optional_count(&self.max_members).map_err(|c| put("max_members", c));
        let max_per_continent =
            optional_count(&self.max_per_continent).map_err(|c| put("max_per_continent", c));
        match (
            slug,
            kind,
            lang,
            name,
            description,
            weighting,
            max_members,
            max_per_continent,
        ) {
            (Ok(slug), Ok(kind), Ok(lang), Ok(name), Ok(description), Ok(w), Ok(mm), Ok(mc))
                if errs.is_empty() =>
            {
                Ok(BodyInput {
                    slug,
                    slug_generated,
                    kind,
                    lang,
                    name,
                    description,
                    weighting: w,
                    max_members: mm,
                    max_per_continent: mc,
                })
            }
            _ => Err(errs),
        }
    }
}

/// A mandate as typed: an organisation (slug) and/or a person.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawMandate {
    pub organisation: String,
    pub person_name: String,
    pub role: String,
    pub starts_on: String,
    pub ends_on: String,
    pub obtained: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateInput {
    /// The organisation's slug, looked up by the store.
    pub organisation: Option<String>,
    pub person_name: String,
    pub role: MandateRole,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub obtained: Obtained,
    pub note: String,
}

impl RawMandate {
    /// # Errors
    /// One error per wrong field; a mandate needs an organisation or a person.
    pub fn validate(&self) -> Result<MandateInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let organisation = match self.organisation.trim() {
            "" => Ok(None),
            s => Slug::parse(s)
                .map(|s| Some(s.as_str().to_owned()))
                .map_err(|_| put("organisation", "error-choice-invalid")),
        };
        let person = types::line(&self.person_name, 200, false).map_err(|c| put("person_name", c));
        if matches!((&organisation, &person), (Ok(None), Ok(p)) if p.is_empty()) {
            put("organisation", "error-mandate-holder");
        }
        let role =
            MandateRole::parse(&self.role).ok_or_else(|| put("role", "error-choice-invalid"));
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d");
        let starts_on = date(&self.starts_on).map_err(|_| put("starts_on", "error-date-invalid"));
        let ends_on = match self.ends_on.trim() {
            "" => Ok(None),
            s => date(s)
                .map(Some)
                .map_err(|_| put("ends_on", "error-date-invalid")),
        };
        if let (Ok(s), Ok(Some(e))) = (&starts_on, &ends_on)
            && e < s
        {
            put("ends_on", "error-ends-before-starts");
        }
        let obtained =
            Obtained::parse(&self.obtained).ok_or_else(|| put("obtained", "error-choice-invalid"));
        let note = types::text(&self.note, 2000).map_err(|c| put("note", c));
        match (
            organisation,
            person,
            role,
            starts_on,
            ends_on,
            obtained,
            note,
        ) {
            (Ok(o), Ok(p), Ok(r), Ok(s), Ok(e), Ok(ob), Ok(n)) if errs.is_empty() => {
                Ok(MandateInput {
                    organisation: o,
                    person_name: p,
                    role: r,
                    starts_on: s,
                    ends_on: e,
                    obtained: ob,
                    note: n,
                })
            }
            _ => Err(errs),
        }
    }
}

/// The options that take `seats` seats, best share first, skipping an option whose continent
/// already holds `max_per_continent` seats (counting `held`, the seats its members keep outside
/// this election). Returns the winners and, when the last seat is disputed by options of equal
/// share, those options instead of a random pick.
#[must_use]
pub fn allocate_seats(
    shares: &[Share],
    continents: &[Option<Continent>],
    seats: u32,
    max_per_continent: Option<u32>,
    held: &[(Continent, u32)],
) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..u32::try_from(shares.len()).unwrap_or(0)).collect();
    order.sort_by(|a, b| {
        shares[*b as usize]
            .partial_cmp(&shares[*a as usize])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(b))
    });
    let mut count: Vec<(Continent, u32)> = held.to_vec();
    let room = |count: &[(Continent, u32)], c: Option<Continent>| match (c, max_per_continent) {
        (Some(c), Some(max)) => count.iter().find(|(k, _)| *k == c).map_or(0, |(_, n)| *n) < max,
        _ => true,
    };
    let mut winners = Vec::new();
    for (k, o) in order.iter().enumerate() {
        if winners.len() as u32 >= seats {
            break;
        }
        if shares[*o as usize].num == 0 {
            break;
        }
        let c = continents.get(*o as usize).copied().flatten();
        if !room(&count, c) {
            continue;
        }
        // A tie for the last seat: the options of the same share that could still take it.
        if winners.len() as u32 + 1 == seats {
            let tied: Vec<u32> = order[k..]
                .iter()
                .copied()
                .filter(|x| {
                    shares[*x as usize] == shares[*o as usize]
                        && room(&count, continents.get(*x as usize).copied().flatten())
                })
                .collect();
            if tied.len() > 1 {
                return (winners, tied);
            }
        }
        winners.push(*o);
        if let Some(c) = c {
            match count.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => count.push((c, 1)),
            }
        }
    }
    (winners, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(n: u128) -> Share {
        Share { num: n, den: 100 }
    }

    #[test]
    fn continent_balance_skips_a_full_continent() {
        use Continent::{Africa as AF, Asia as AS, Europe as EU};
        let shares = [s(40), s(30), s(20), s(10)];
        let cont = [Some(EU), Some(EU), Some(AS), Some(AF)];
        assert_eq!(
            allocate_seats(&shares, &cont, 2, None, &[]),
            (vec![0, 1], vec![])
        );
        assert_eq!(
            allocate_seats(&shares, &cont, 2, Some(1), &[]),
            (vec![0, 2], vec![])
        );
        // Europe already holds a seat outside this election.
        assert_eq!(
            allocate_seats(&shares, &cont, 2, Some(1), &[(EU, 1)]),
            (vec![2, 3], vec![])
        );
    }

    #[test]
    fn a_tie_for_the_last_seat_is_reported() {
        let shares = [s(40), s(30), s(30)];
        assert_eq!(
            allocate_seats(&shares, &[None, None, None], 2, None, &[]),
            (vec![0], vec![1, 2])
        );
        assert_eq!(
            allocate_seats(&shares, &[None, None, None], 3, None, &[]),
            (vec![0, 1, 2], vec![])
        );
    }

    #[test]
    fn mandates_need_a_holder_and_ordered_dates() {
        let r = RawMandate {
            role: "co_chair".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2025-12-31".into(),
            obtained: "elected".into(),
            ..RawMandate::default()
        };
        let errs = r.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["organisation", "ends_on"]);
        let ok = RawMandate {
            organisation: "seoul-metropolitan-government".into(),
            ends_on: "2027-12-31".into(),
            ..r
        };
        assert!(ok.validate().is_ok());
    }
}
