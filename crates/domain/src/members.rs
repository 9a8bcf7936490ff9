//! Membership rules: classes, statuses and the transitions between them, the application
//! procedure's deadlines, who counts as a member, and the annual fee formula. GSEF's procedure
//! is the model; the numbers (deadlines, weights, fee tables) are data the secretariat edits.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

code_enum!(
    /// Full members vote and may be elected; allied members take part without a vote;
    /// honorary members are nominated by the steering committee.
    MembershipClass { Full = "full", Allied = "allied", Honorary = "honorary" }
);

code_enum!(
    /// Where an organisation stands. `Rejected` closes an application that was turned down, so
    /// the organisation's record and history stay without it appearing as an applicant.
    MemberStatus {
        Applicant = "applicant",
        Member = "member",
        Suspended = "suspended",
        Withdrawn = "withdrawn",
        Disqualified = "disqualified",
        Rejected = "rejected",
    }
);

code_enum!(
    /// The state of a membership application as the secretariat works on it.
    ApplicationState {
        Submitted = "submitted",
        Acknowledged = "acknowledged",
        InfoRequested = "info_requested",
        Approved = "approved",
        Rejected = "rejected",
    }
);

code_enum!(
    /// Role of a person inside one organisation.
    OrgRole { Member = "member", Editor = "editor", Admin = "admin" }
);

code_enum!(
    /// Where a year's fee stands.
    DuesStatus { Due = "due", Paid = "paid", Overdue = "overdue", Waived = "waived", Postponed = "postponed" }
);

impl MemberStatus {
    /// Whether a status change is allowed; everything else is a conflict the user is told about.
    #[must_use]
    pub fn can_become(self, to: MemberStatus) -> bool {
        use MemberStatus as S;
        matches!(
            (self, to),
            (S::Applicant, S::Member | S::Rejected | S::Withdrawn)
                | (S::Member, S::Suspended | S::Withdrawn | S::Disqualified)
                | (S::Suspended, S::Member | S::Withdrawn | S::Disqualified)
                | (S::Withdrawn | S::Rejected, S::Applicant)
        )
    }

    /// Statuses visible in the public directory; applicants and rejected applications are
    /// the secretariat's business.
    #[must_use]
    pub fn is_public(self) -> bool {
        matches!(
            self,
            MemberStatus::Member | MemberStatus::Suspended | MemberStatus::Withdrawn
        )
    }

    /// Statuses in which an organisation's own people may still edit its profile and logo: an
    /// applicant, a member, a suspended member. A disqualified, rejected or withdrawn
    /// organisation is edited by the secretariat only.
    #[must_use]
    pub fn self_editable(self) -> bool {
        matches!(
            self,
            MemberStatus::Applicant | MemberStatus::Member | MemberStatus::Suspended
        )
    }

    /// Statuses the public finds — listed in the directory, found by search: public, and not
    /// suspended.
    #[must_use]
    pub fn is_listed(self) -> bool {
        self.is_public() && self != MemberStatus::Suspended
    }
}

impl ApplicationState {
    #[must_use]
    pub fn can_become(self, to: ApplicationState) -> bool {
        use ApplicationState as A;
        matches!(
            (self, to),
            (
                A::Submitted,
                A::Acknowledged | A::InfoRequested | A::Approved | A::Rejected
            ) | (
                A::Acknowledged,
                A::InfoRequested | A::Approved | A::Rejected
            ) | (
                A::InfoRequested,
                A::Acknowledged | A::Approved | A::Rejected
            )
        )
    }

    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ApplicationState::Approved | ApplicationState::Rejected
        )
    }
}

/// The rule that makes the home page's figure honest: a full member counts only once its
/// first fee is paid; allied and honorary members count from approval.
#[must_use]
pub fn counts_as_member(
    status: MemberStatus,
    class: MembershipClass,
    first_fee_paid: bool,
) -> bool {
    status == MemberStatus::Member && (class != MembershipClass::Full || first_fee_paid)
}

/// Adds working days (Monday–Friday) to a date: GSEF promises an acknowledgement within five.
#[must_use]
pub fn add_working_days(from: NaiveDate, days: u32) -> NaiveDate {
    let mut d = from;
    let mut left = days;
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// Working days from `from` to `to` (negative when `to` is earlier); shown beside the
/// acknowledgement deadline so the secretariat sees how much time is left.
#[must_use]
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (a, b, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut n = 0i64;
    let mut d = a;
    while d < b {
        d = d.succ_opt().unwrap_or(b);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            n += 1;
        }
    }
    sign * n
}

/// One row of the fee table: the annual fee for a class of members in an economic band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRule {
    pub band: u8,
    pub class: MembershipClass,
    /// Integer minor units (cents) of `currency`.
    pub amount_minor: i64,
    pub currency: String,
}

/// The annual fee for a member, from its country's economic band and its class. `None` when
/// the table has no rule for that pair, which the secretariat must fix rather than guess.
#[must_use]
pub fn annual_fee(rules: &[FeeRule], band: u8, class: MembershipClass) -> Option<(i64, &str)> {
    rules
        .iter()
        .find(|r| r.band == band && r.class == class)
        .map(|r| (r.amount_minor, r.currency.as_str()))
}

/// A year's dues status from its stored facts, so "overdue" is never stale in the database.
#[must_use]
pub fn dues_status(
    paid_on: Option<NaiveDate>,
    waived: bool,
    postponed_until: Option<NaiveDate>,
    due_on: NaiveDate,
    today: NaiveDate,
) -> DuesStatus {
    if paid_on.is_some() {
        DuesStatus::Paid
    } else if waived {
        DuesStatus::Waived
    } else if postponed_until.is_some_and(|p| today <= p) {
        DuesStatus::Postponed
    } else if today > postponed_until.unwrap_or(due_on).max(due_on) {
        DuesStatus::Overdue
    } else {
        DuesStatus::Due
    }
}

/// Digits after the decimal point of a currency's minor unit (ISO 4217 exponent) for the
/// currencies the network uses; 2 for any other.
#[must_use]
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "KRW" | "JPY" | "XOF" | "XAF" | "VND" | "CLP" | "PYG" | "UGX" | "RWF" => 0,
        _ => 2,
    }
}

/// An amount as typed ("1500", "1,500.5", "150.00") in `currency`'s minor units; `None` for a
/// negative, malformed or too precise amount (cents for a currency without them).
#[must_use]
pub fn parse_money(s: &str, currency: &str) -> Option<i64> {
    let s = s.trim().replace(',', "");
    let digits = minor_digits(currency) as usize;
    let (units, frac) = s.split_once('.').unwrap_or((&s, ""));
    if frac.len() > digits
        || units.is_empty()
        || units.len() > 15
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = 10_i64.pow(minor_digits(currency));
    let frac: i64 = if digits == 0 {
        0
    } else {
        format!("{frac:0<digits$}").parse().ok()?
    };
    units
        .parse::<i64>()
        .ok()?
        .checked_mul(scale)?
        .checked_add(frac)
}

/// Formats integer minor units for display, e.g. `(150000, "USD")` → `1,500.00 USD`.
#[must_use]
pub fn format_money(amount_minor: i64, currency: &str) -> String {
    format_money_in(amount_minor, currency, crate::locale::Locale::En)
}

/// Formats integer minor units as readers of `locale` write amounts (CLDR): `1,500.00 USD` in
/// English and Korean, `1 500,00 USD` in French (a narrow no-break space between thousands),
/// `1500,00 USD` and `12.500,00 USD` in Spanish (which groups from five digits).
#[must_use]
pub fn format_money_in(amount_minor: i64, currency: &str, locale: crate::locale::Locale) -> String {
    use crate::locale::Locale;
    let (group, decimal, min_grouped) = match locale {
        Locale::En | Locale::Ko => (",", ".", 4),
        Locale::Fr => ("\u{202F}", ",", 4),
        Locale::Es => (".", ",", 5),
    };
    let digits = minor_digits(currency);
    let neg = amount_minor < 0;
    let abs = amount_minor.unsigned_abs();
    let (units, cents) = if digits == 0 {
        (abs, None)
    } else {
        (abs / 100, Some(abs % 100))
    };
    let mut grouped = String::new();
    let s = units.to_string();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && s.len() >= min_grouped {
            grouped.push_str(group);
        }
        grouped.push(ch);
    }
    let sign = if neg { "-" } else { "" };
    match cents {
        Some(c) => format!("{sign}{grouped}{decimal}{c:02} {currency}"),
        None => format!("{sign}{grouped} {currency}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_as_each_language_writes_it() {
        use crate::locale::Locale;
        assert_eq!(format_money_in(150_000, "USD", Locale::En), "1,500.00 USD");
        assert_eq!(format_money_in(150_000, "USD", Locale::Ko), "1,500.00 USD");
        assert_eq!(
            format_money_in(150_000, "USD", Locale::Fr),
            "1\u{202F}500,00 USD"
        );
        assert_eq!(format_money_in(150_000, "USD", Locale::Es), "1500,00 USD");
        assert_eq!(
            format_money_in(1_250_000, "EUR", Locale::Es),
            "12.500,00 EUR"
        );
        assert_eq!(format_money_in(-5_000, "EUR", Locale::Fr), "-50,00 EUR");
        assert_eq!(
            format_money_in(1_500_000, "KRW", Locale::Ko),
            "1,500,000 KRW"
        );
        assert_eq!(format_money(150_000, "USD"), "1,500.00 USD");
    }

    #[test]
    fn money_is_read_in_the_currencys_minor_units() {
        assert_eq!(parse_money("1,500.5", "EUR"), Some(150_050));
        assert_eq!(parse_money("20", "USD"), Some(2000));
        assert_eq!(parse_money("15000", "KRW"), Some(15_000));
        assert_eq!(parse_money("1.5", "KRW"), None);
        assert_eq!(parse_money("-3", "EUR"), None);
        assert_eq!(parse_money("1.234", "EUR"), None);
        assert_eq!(parse_money("<script>", "EUR"), None);
        assert_eq!(parse_money("99999999999999999999", "EUR"), None);
        assert_eq!(
            format_money(parse_money("150", "EUR").unwrap(), "EUR"),
            "150.00 EUR"
        );
    }
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn full_member_counts_only_after_first_fee() {
        assert!(!counts_as_member(
            MemberStatus::Member,
            MembershipClass::Full,
            false
        ));
        assert!(counts_as_member(
            MemberStatus::Member,
            MembershipClass::Full,
            true
        ));
        assert!(counts_as_member(
            MemberStatus::Member,
            MembershipClass::Honorary,
            false
        ));
        assert!(!counts_as_member(
            MemberStatus::Suspended,
            MembershipClass::Allied,
            true
        ));
    }

    #[test]
    fn five_working_days_skip_weekends() {
        // Friday 2026-11-20 + 5 working days = Friday 2026-11-27.
        assert_eq!(add_working_days(d("2026-11-20"), 5), d("2026-11-27"));
        assert_eq!(add_working_days(d("2026-11-23"), 5), d("2026-11-30"));
        assert_eq!(working_days_between(d("2026-11-20"), d("2026-11-27")), 5);
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-11-20")), -5);
    }

    #[test]
    fn transitions() {
        assert!(MemberStatus::Applicant.can_become(MemberStatus::Member));
        assert!(!MemberStatus::Disqualified.can_become(MemberStatus::Member));
        assert!(!MemberStatus::Member.can_become(MemberStatus::Member));
        assert!(!ApplicationState::Approved.can_become(ApplicationState::Rejected));
        assert!(!ApplicationState::Approved.can_become(ApplicationState::Approved));
    }

    #[test]
    fn dues() {
        let due = d("2026-03-31");
        assert_eq!(
            dues_status(None, false, None, due, d("2026-03-01")),
            DuesStatus::Due
        );
        assert_eq!(
            dues_status(None, false, None, due, d("2026-04-01")),
            DuesStatus::Overdue
        );
        assert_eq!(
            dues_status(None, false, Some(d("2026-12-31")), due, d("2026-06-01")),
            DuesStatus::Postponed
        );
        assert_eq!(
            dues_status(None, false, Some(d("2026-12-31")), due, d("2027-01-01")),
            DuesStatus::Overdue
        );
        assert_eq!(
            dues_status(Some(d("2026-02-01")), false, None, due, d("2027-01-01")),
            DuesStatus::Paid
        );
        assert_eq!(
            dues_status(None, true, None, due, d("2027-01-01")),
            DuesStatus::Waived
        );
        let rules = vec![FeeRule {
            band: 1,
            class: MembershipClass::Full,
            amount_minor: 150_000,
            currency: "USD".into(),
        }];
        assert_eq!(
            annual_fee(&rules, 1, MembershipClass::Full),
            Some((150_000, "USD"))
        );
        assert_eq!(annual_fee(&rules, 2, MembershipClass::Full), None);
        assert_eq!(format_money(150_000, "USD"), "1,500.00 USD");
        assert_eq!(format_money(1_000_000, "KRW"), "1,000,000 KRW");
    }

    proptest! {
        #[test]
        fn working_days_round_trip(days in 0u32..400, offset in 0i64..3000) {
            let start = d("2020-01-06") + chrono::Duration::days(offset);
            // Only from a weekday is the count exact both ways.
            prop_assume!(!matches!(start.weekday(), Weekday::Sat | Weekday::Sun));
            let end = add_working_days(start, days);
            prop_assert_eq!(working_days_between(start, end), i64::from(days));
        }
    }
}

/// Largest signed letter of application, in bytes.
pub const LETTER_MAX: usize = 5 * 1024 * 1024;

/// What a signed letter's first bytes say it is — a PDF or a scan (PNG, JPEG, WebP) — whatever
/// its name or declared type; `None` refuses it.
#[must_use]
pub fn sniff_letter(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod letter_tests {
    use super::sniff_letter;

    #[test]
    fn letters_are_known_by_their_bytes_not_their_names() {
        assert_eq!(sniff_letter(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff_letter(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff_letter(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_letter(b"<html><script>"), None);
        assert_eq!(sniff_letter(b"PK\x03\x04word"), None);
        assert_eq!(sniff_letter(b"RIFF"), None);
        assert_eq!(sniff_letter(b""), None);
    }
}
