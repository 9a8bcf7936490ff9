//! iCalendar (RFC 5545) output for published calendar feeds. This module owns the text format:
//! the VCALENDAR envelope, TEXT escaping, folding at 75 octets with CRLF, which date-time form
//! each instant is written in, and a VTIMEZONE derived from chrono-tz's tables so clients need
//! no zone database of their own. Callers hand over plain events; rendering is pure (no I/O) and
//! byte-for-byte deterministic, so a feed only changes when its events do.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

/// A whole feed: one VCALENDAR with its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// X-WR-CALNAME and NAME
    pub name: String,
    /// PRODID, e.g. "-//Pumasi//Events//EN"
    pub prodid: String,
    /// IANA zone used for TZID on timed events, e.g. `chrono_tz::Europe::Paris`
    pub tz: Tz,
    pub events: Vec<VEvent>,
}

/// When an event happens. iCalendar writes years with exactly four digits, so dates outside
/// years 1–9999 come out unreadable; callers validate that range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A span between two instants, written in the calendar's zone.
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// Whole days, the same calendar dates in every zone. `last_inclusive` is the last day the
    /// event covers; the exclusive DTEND that RFC 5545 wants is derived from it.
    AllDay {
        first: NaiveDate,
        last_inclusive: NaiveDate,
    },
}

/// One event in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VEvent {
    /// Stable across updates, e.g. "<uuid>@host", so clients replace rather than duplicate.
    pub uid: String,
    /// SEQUENCE, bumped by the caller on each update.
    pub sequence: i32,
    /// DTSTAMP
    pub stamp: DateTime<Utc>,
    /// LAST-MODIFIED
    pub last_modified: DateTime<Utc>,
    pub when: When,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    /// Dropped from the output unless it is a syntactically plausible absolute URI.
    pub url: Option<String>,
    /// STATUS:CANCELLED instead of STATUS:CONFIRMED.
    pub cancelled: bool,
    pub categories: Vec<String>,
}

/// RFC 5545 3.1: content lines SHOULD NOT be longer than 75 octets, excluding the line break.
const MAX_LINE_OCTETS: usize = 75;

const DAY_SECONDS: i64 = 86_400;

impl Calendar {
    /// The feed as an `.ics` document: UTF-8, CRLF line ends, folded lines.
    #[must_use]
    pub fn render(&self) -> String {
        let zone = Zone::new(self.tz);
        // Date-time forms are decided up front because the VTIMEZONE precedes the events and
        // only has to cover the years the TZID-form values fall in.
        let dates: Vec<Dates> = self
            .events
            .iter()
            .map(|event| Dates::new(&zone, &event.when))
            .collect();
        let local_years = dates
            .iter()
            .flat_map(|dates| match dates {
                Dates::Timed(start, end) => vec![start, end],
                Dates::AllDay(..) => Vec::new(),
            })
            .filter_map(|moment| match moment {
                Moment::Local(local) => Some(local.year()),
                Moment::Utc(_) => None,
            });
        let year_range = local_years.fold(None, |range: Option<(i32, i32)>, year| {
            Some(range.map_or((year, year), |(lo, hi)| (lo.min(year), hi.max(year))))
        });

        let mut out = Lines::default();
        out.line("BEGIN:VCALENDAR");
        out.line("VERSION:2.0");
        out.text("PRODID", &self.prodid);
        out.line("CALSCALE:GREGORIAN");
        out.line("METHOD:PUBLISH");
        out.text("X-WR-CALNAME", &self.name);
        out.text("NAME", &self.name);
        out.line(&format!("X-WR-TIMEZONE:{}", self.tz.name()));
        if let Some((first_year, last_year)) = year_range {
            write_vtimezone(&mut out, self.tz, first_year, last_year);
        }
        for (event, dates) in self.events.iter().zip(&dates) {
            write_vevent(&mut out, &zone, event, dates);
        }
        out.line("END:VCALENDAR");
        out.finish()
    }
}

fn write_vevent(out: &mut Lines, zone: &Zone, event: &VEvent, dates: &Dates) {
    out.line("BEGIN:VEVENT");
    out.text("UID", &event.uid);
    out.line(&format!("SEQUENCE:{}", event.sequence));
    out.line(&format!("DTSTAMP:{}", utc_date_time(event.stamp)));
    out.line(&format!(
        "LAST-MODIFIED:{}",
        utc_date_time(event.last_modified)
    ));
    match dates {
        Dates::Timed(start, end) => {
            out.line(&format!("DTSTART{}", zone.value(start)));
            out.line(&format!("DTEND{}", zone.value(end)));
        }
        Dates::AllDay(first, end_exclusive) => {
            out.line(&format!("DTSTART;VALUE=DATE:{}", date(*first)));
            out.line(&format!("DTEND;VALUE=DATE:{}", date(*end_exclusive)));
        }
    }
    out.text("SUMMARY", &event.summary);
    if let Some(description) = &event.description {
        out.text("DESCRIPTION", description);
    }
    if let Some(location) = &event.location {
        out.text("LOCATION", location);
    }
    // URI values are not TEXT: escaping a comma would change the address, so anything that
    // could break the line syntax or is not a URI at all is left out instead.
    if let Some(url) = event.url.as_deref().filter(|url| is_plausible_uri(url)) {
        out.line(&format!("URL:{url}"));
    }
    out.line(if event.cancelled {
        "STATUS:CANCELLED"
    } else {
        "STATUS:CONFIRMED"
    });
    let categories: Vec<String> = event
        .categories
        .iter()
        .filter(|category| !category.is_empty())
        .map(|category| escape_text(category))
        .collect();
    if !categories.is_empty() {
        out.line(&format!("CATEGORIES:{}", categories.join(",")));
    }
    out.line("TRANSP:OPAQUE");
    out.line("END:VEVENT");
}

/// DTSTART and DTEND as they will be written.
enum Dates {
    Timed(Moment, Moment),
    /// First day and the day after the last.
    AllDay(NaiveDate, NaiveDate),
}

impl Dates {
    fn new(zone: &Zone, when: &When) -> Self {
        // RFC 5545 3.6.1 forbids DTEND before DTSTART and strict readers drop such events, so a
        // reversed span is shown as ending where it starts rather than lost.
        match *when {
            When::Timed { start, end } => {
                Dates::Timed(zone.moment(start), zone.moment(end.max(start)))
            }
            When::AllDay {
                first,
                last_inclusive,
            } => {
                let last = last_inclusive.max(first);
                Dates::AllDay(first, last.succ_opt().unwrap_or(last))
            }
        }
    }
}

/// How one instant is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    /// Wall-clock time in the calendar's zone, written with TZID.
    Local(NaiveDateTime),
    /// Written in the `Z` form.
    Utc(DateTime<Utc>),
}

struct Zone {
    tz: Tz,
    is_utc: bool,
}

impl Zone {
    fn new(tz: Tz) -> Self {
        // A TZID for UTC would only add a VTIMEZONE that says what `Z` already says.
        let is_utc = matches!(
            tz,
            Tz::UTC
                | Tz::Etc__UTC
                | Tz::UCT
                | Tz::Etc__UCT
                | Tz::Universal
                | Tz::Etc__Universal
                | Tz::Zulu
                | Tz::Etc__Zulu
        );
        Self { tz, is_utc }
    }

    fn moment(&self, instant: DateTime<Utc>) -> Moment {
        if self.is_utc {
            return Moment::Utc(instant);
        }
        let offset = self.tz.offset_from_utc_datetime(&instant.naive_utc()).fix();
        // Only at the very ends of chrono's range does the wall-clock time not exist.
        let Some(local) = instant.naive_utc().checked_add_offset(offset) else {
            return Moment::Utc(instant);
        };
        // In the hour repeated when clocks go back a wall-clock time names two instants and
        // RFC 5545 3.3.5 says readers take the first; the second survives only in UTC form.
        let round_trip = self.tz.from_local_datetime(&local).earliest();
        if round_trip.is_some_and(|back| back == instant) {
            Moment::Local(local)
        } else {
            Moment::Utc(instant)
        }
    }

    /// Parameters and value of a DTSTART/DTEND, starting at the `;` or `:` after the name.
    fn value(&self, moment: &Moment) -> String {
        match moment {
            Moment::Local(local) => {
                format!(";TZID={}:{}", self.tz.name(), local.format("%Y%m%dT%H%M%S"))
            }
            Moment::Utc(instant) => format!(":{}", utc_date_time(*instant)),
        }
    }
}

fn utc_date_time(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// A change of offset (or of DST flag or abbreviation) at `at`, in Unix seconds.
struct Transition {
    at: i64,
    from: TzOffset,
    to: TzOffset,
}

/// Writes the zone as explicit observances, one per transition in `first_year..=last_year`.
///
/// chrono-tz does not expose its transition table, so the offset is sampled daily and each
/// change is bisected to the second (pre-1900 local mean times change at odd seconds).
fn write_vtimezone(out: &mut Lines, tz: Tz, first_year: i32, last_year: i32) {
    // A day of slack either side covers local New Year in zones up to ±24 h from UTC.
    let from = year_start(first_year) - DAY_SECONDS;
    let until = year_start(last_year.saturating_add(1)) + DAY_SECONDS;
    let transitions = transitions(tz, from, until);

    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", tz.name()));
    if transitions.is_empty() {
        let offset = offset_at(tz, from);
        out.line("BEGIN:STANDARD");
        out.line("DTSTART:19700101T000000");
        let fixed = utc_offset(offset.fix().local_minus_utc());
        out.line(&format!("TZOFFSETFROM:{fixed}"));
        out.line(&format!("TZOFFSETTO:{fixed}"));
        out.text("TZNAME", &zone_name(&offset));
        out.line("END:STANDARD");
    }
    for transition in &transitions {
        let kind = if transition.to.dst_offset().is_zero() {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        let from_seconds = transition.from.fix().local_minus_utc();
        // An observance's DTSTART is the wall-clock time at the change as read before it,
        // i.e. in TZOFFSETFROM (RFC 5545 3.6.5).
        let utc = utc_naive(transition.at);
        let onset = utc
            .checked_add_signed(TimeDelta::seconds(i64::from(from_seconds)))
            .unwrap_or(utc);
        out.line(&format!("BEGIN:{kind}"));
        out.line(&format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
        out.line(&format!("TZOFFSETFROM:{}", utc_offset(from_seconds)));
        let to_seconds = transition.to.fix().local_minus_utc();
        out.line(&format!("TZOFFSETTO:{}", utc_offset(to_seconds)));
        out.text("TZNAME", &zone_name(&transition.to));
        out.line(&format!("END:{kind}"));
    }
    out.line("END:VTIMEZONE");
}

/// Every change in `from..until`. Sampling daily would miss a change undone within a day;
/// no zone in tzdata has one between 1900 and 2040 (checked against 15-minute sampling).
fn transitions(tz: Tz, from: i64, until: i64) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut at = from;
    let mut current = offset_at(tz, at);
    while at < until {
        let next = at.saturating_add(DAY_SECONDS).min(until);
        if offset_at(tz, next) == current {
            at = next;
            continue;
        }
        // Invariant: `lo` still has the current offset, `hi` no longer does.
        let (mut lo, mut hi) = (at, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_at(tz, mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let to = offset_at(tz, hi);
        found.push(Transition {
            at: hi,
            from: current,
            to,
        });
        current = to;
        at = hi;
    }
    found
}

fn year_start(year: i32) -> i64 {
    let day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(if year < 1970 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    });
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

/// Clamped so the scan's slack days never fall off chrono's representable range.
fn utc_naive(seconds: i64) -> NaiveDateTime {
    let clamped = seconds.clamp(
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    DateTime::from_timestamp(clamped, 0)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .naive_utc()
}

fn offset_at(tz: Tz, seconds: i64) -> TzOffset {
    tz.offset_from_utc_datetime(&utc_naive(seconds))
}

/// The abbreviation, e.g. `CEST`. tzdata spells many zones' names as bare offsets (`-03`,
/// `+1030`) and chrono-tz reports those as no name, so they are rebuilt the way tzdata writes them.
fn zone_name(offset: &TzOffset) -> String {
    if let Some(name) = offset.abbreviation() {
        return name.to_owned();
    }
    let (sign, hours, minutes, seconds) = offset_parts(offset.fix().local_minus_utc());
    match (minutes, seconds) {
        (0, 0) => format!("{sign}{hours:02}"),
        (_, 0) => format!("{sign}{hours:02}{minutes:02}"),
        _ => format!("{sign}{hours:02}{minutes:02}{seconds:02}"),
    }
}

/// `±HHMM`, or `±HHMMSS` when the offset has seconds (RFC 5545 3.3.14).
fn utc_offset(total_seconds: i32) -> String {
    let (sign, hours, minutes, seconds) = offset_parts(total_seconds);
    if seconds == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{seconds:02}")
    }
}

fn offset_parts(total_seconds: i32) -> (char, u32, u32, u32) {
    let sign = if total_seconds < 0 { '-' } else { '+' };
    let magnitude = total_seconds.unsigned_abs();
    (sign, magnitude / 3600, magnitude / 60 % 60, magnitude % 60)
}

/// RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks are escaped. Other
/// control characters have no escape and are not allowed, so they are dropped; tab is allowed.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            // CRLF and a lone CR are both one line break, as typed into a browser form.
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            '\t' => escaped.push('\t'),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// An absolute URI made only of RFC 3986 characters. Anything else (spaces, quotes, angle
/// brackets, control or non-ASCII characters) would either break the content line or be
/// rejected by strict readers, and a URI value cannot be escaped.
fn is_plausible_uri(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok
        && uri
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b))
}

/// Accumulates content lines, folding each and ending it with CRLF.
#[derive(Default)]
struct Lines {
    out: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        let mut rest = line;
        let mut room = MAX_LINE_OCTETS;
        while rest.len() > room {
            // Folding counts octets, but a cut inside a UTF-8 sequence would leave both halves
            // invalid; back off to the start of the character.
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n ");
            rest = &rest[cut..];
            // The leading space of a continuation line counts towards its 75 octets.
            room = MAX_LINE_OCTETS - 1;
        }
        self.out.push_str(rest);
        self.out.push_str("\r\n");
    }

    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("test timestamps are valid")
            .with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are valid")
    }

    fn event(when: When) -> VEvent {
        VEvent {
            uid: "0190c0de-0000-7000-8000-000000000001@pumasi.example".into(),
            sequence: 2,
            stamp: at("2025-01-02T03:04:05Z"),
            last_modified: at("2025-01-01T00:00:00Z"),
            when,
            summary: "Board meeting".into(),
            description: None,
            location: None,
            url: None,
            cancelled: false,
            categories: Vec::new(),
        }
    }

    fn timed(start: &str, end: &str) -> VEvent {
        event(When::Timed {
            start: at(start),
            end: at(end),
        })
    }

    fn calendar(tz: Tz, events: Vec<VEvent>) -> Calendar {
        Calendar {
            name: "Pumasi events".into(),
            prodid: "-//Pumasi//Events//EN".into(),
            tz,
            events,
        }
    }

    /// Content lines with folding undone.
    fn unfolded(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split_terminator("\r\n")
            .map(str::to_owned)
            .collect()
    }

    fn property<'a>(lines: &'a [String], prefix: &str) -> Vec<&'a str> {
        lines
            .iter()
            .filter(|line| line.starts_with(prefix))
            .map(String::as_str)
            .collect()
    }

    /// The lines of each `BEGIN:<kind>` … `END:<kind>` block, in order.
    fn blocks(lines: &[String], kind: &str) -> Vec<Vec<String>> {
        let (begin, end) = (format!("BEGIN:{kind}"), format!("END:{kind}"));
        let mut found = Vec::new();
        let mut current: Option<Vec<String>> = None;
        for line in lines {
            if *line == begin {
                current = Some(Vec::new());
            } else if *line == end {
                found.extend(current.take());
            } else if let Some(block) = current.as_mut() {
                block.push(line.clone());
            }
        }
        found
    }

    #[test]
    fn long_korean_lines_fold_at_75_octets_on_character_boundaries() {
        let summary = "품앗이 정기 모임: 서울 마포구 공동체 텃밭에서 모내기와 김매기를 함께 \
                       합니다. 점심은 각자 조금씩 가져와서 나눠 먹어요. 어린이 환영!"
            .repeat(3);
        let mut ev = timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z");
        ev.summary.clone_from(&summary);
        let ics = calendar(chrono_tz::Asia::Seoul, vec![ev]).render();

        let physical: Vec<&str> = ics.split_terminator("\r\n").collect();
        assert!(physical.len() > 20);
        for line in &physical {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert!(physical.iter().filter(|line| line.starts_with(' ')).count() > 5);
        // Full lines: every fold that could have been longer is exactly at the limit or
        // stops short only because the next character would not fit.
        for pair in physical.windows(2) {
            if pair[1].starts_with(' ') {
                let next_char = pair[1][1..].chars().next().expect("continuation has text");
                assert!(pair[0].len() + next_char.len_utf8() > 75, "{:?}", pair[0]);
            }
        }
        let lines = unfolded(&ics);
        assert_eq!(property(&lines, "SUMMARY:"), [format!("SUMMARY:{summary}")]);
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut lines = Lines::default();
        let exact = format!("SUMMARY:{}", "x".repeat(75 - 8));
        lines.line(&exact);
        lines.line(&format!("{exact}y"));
        assert_eq!(
            lines.finish(),
            format!("{exact}\r\n{exact}\r\n y\r\n"),
            "75 octets fit, 76 fold"
        );
    }

    #[test]
    fn text_is_escaped_and_markup_stays_text() {
        let mut ev = timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z");
        ev.summary = r"a,b;c\d".into();
        ev.description = Some("line one\nline two\r\nline three\rend\u{7}\u{0}\ttab".into());
        ev.location = Some("<script>alert('x')</script>".into());
        ev.categories = vec![
            "garden, outdoor".into(),
            String::new(),
            "kids;family".into(),
        ];
        let lines = unfolded(&calendar(chrono_tz::Asia::Seoul, vec![ev]).render());

        assert_eq!(property(&lines, "SUMMARY:"), [r"SUMMARY:a\,b\;c\\d"]);
        assert_eq!(
            property(&lines, "DESCRIPTION:"),
            ["DESCRIPTION:line one\\nline two\\nline three\\nend\ttab"]
        );
        assert_eq!(
            property(&lines, "LOCATION:"),
            ["LOCATION:<script>alert('x')</script>"]
        );
        assert_eq!(
            property(&lines, "CATEGORIES:"),
            [r"CATEGORIES:garden\, outdoor,kids\;family"]
        );
    }

    #[test]
    fn urls_are_written_raw_or_dropped() {
        let render = |url: &str| {
            let mut ev = timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z");
            ev.url = Some(url.into());
            let lines = unfolded(&calendar(chrono_tz::UTC, vec![ev]).render());
            property(&lines, "URL")
                .iter()
                .map(|l| (*l).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            render("https://pumasi.example/e/1?a=1,2;b=%20"),
            ["URL:https://pumasi.example/e/1?a=1,2;b=%20"]
        );
        for bad in [
            "https://pumasi.example/a b",
            "https://pumasi.example/\"x\"",
            "https://pumasi.example/<x>",
            "https://pumasi.example/\r\nX-EVIL:1",
            "https://pumasi.example/한국",
            "/relative/path",
            "",
        ] {
            assert!(render(bad).is_empty(), "{bad:?} should be dropped");
        }
    }

    #[test]
    fn paris_2025_has_one_daylight_and_one_standard_observance() {
        let ics = calendar(
            chrono_tz::Europe::Paris,
            vec![timed("2025-06-01T08:00:00Z", "2025-06-01T10:00:00Z")],
        )
        .render();
        let lines = unfolded(&ics);
        assert_eq!(property(&lines, "TZID:"), ["TZID:Europe/Paris"]);
        assert_eq!(
            property(&lines, "X-WR-TIMEZONE:"),
            ["X-WR-TIMEZONE:Europe/Paris"]
        );
        let vtimezone = blocks(&lines, "VTIMEZONE");
        assert_eq!(vtimezone.len(), 1);
        assert_eq!(
            blocks(&vtimezone[0], "DAYLIGHT"),
            [[
                "DTSTART:20250330T020000",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200",
                "TZNAME:CEST"
            ]]
        );
        assert_eq!(
            blocks(&vtimezone[0], "STANDARD"),
            [[
                "DTSTART:20251026T030000",
                "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100",
                "TZNAME:CET"
            ]]
        );
        // 08:00Z in June is 10:00 CEST.
        assert_eq!(
            property(&lines, "DTSTART;"),
            ["DTSTART;TZID=Europe/Paris:20250601T100000"]
        );
        assert_eq!(
            property(&lines, "DTEND;"),
            ["DTEND;TZID=Europe/Paris:20250601T120000"]
        );
        let begin_tz = ics.find("BEGIN:VTIMEZONE").expect("has VTIMEZONE");
        let begin_ev = ics.find("BEGIN:VEVENT").expect("has VEVENT");
        assert!(begin_tz < begin_ev, "the zone is defined before it is used");
    }

    #[test]
    fn vtimezone_covers_every_year_the_events_span() {
        let lines = unfolded(
            &calendar(
                chrono_tz::America::New_York,
                vec![
                    timed("2027-03-01T15:00:00Z", "2027-03-01T16:00:00Z"),
                    timed("2025-12-01T15:00:00Z", "2025-12-01T16:00:00Z"),
                ],
            )
            .render(),
        );
        let vtimezone = &blocks(&lines, "VTIMEZONE")[0];
        let starts: Vec<String> = blocks(vtimezone, "DAYLIGHT")
            .into_iter()
            .chain(blocks(vtimezone, "STANDARD"))
            .map(|block| block[0].clone())
            .collect();
        assert_eq!(
            starts,
            [
                "DTSTART:20250309T020000",
                "DTSTART:20260308T020000",
                "DTSTART:20270314T020000",
                "DTSTART:20251102T020000",
                "DTSTART:20261101T020000",
                "DTSTART:20271107T020000",
            ]
        );
    }

    #[test]
    fn seoul_gets_a_single_fixed_standard_observance() {
        let lines = unfolded(
            &calendar(
                chrono_tz::Asia::Seoul,
                vec![timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z")],
            )
            .render(),
        );
        let vtimezone = blocks(&lines, "VTIMEZONE");
        assert_eq!(vtimezone.len(), 1);
        assert!(blocks(&vtimezone[0], "DAYLIGHT").is_empty());
        assert_eq!(
            blocks(&vtimezone[0], "STANDARD"),
            [[
                "DTSTART:19700101T000000",
                "TZOFFSETFROM:+0900",
                "TZOFFSETTO:+0900",
                "TZNAME:KST"
            ]]
        );
        assert_eq!(
            property(&lines, "DTSTART;"),
            ["DTSTART;TZID=Asia/Seoul:20250510T100000"]
        );
    }

    #[test]
    fn numeric_zone_names_are_spelled_like_tzdata() {
        let lines = unfolded(
            &calendar(
                chrono_tz::Australia::Lord_Howe,
                vec![timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z")],
            )
            .render(),
        );
        assert_eq!(property(&lines, "TZNAME"), ["TZNAME:+1030", "TZNAME:+11"]);
        let lines = unfolded(
            &calendar(
                chrono_tz::America::Sao_Paulo,
                vec![timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z")],
            )
            .render(),
        );
        assert_eq!(property(&lines, "TZNAME"), ["TZNAME:-03"]);
    }

    #[test]
    fn offsets_with_seconds_keep_them() {
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(561), "+000921");
        assert_eq!(utc_offset(-1521), "-002521");
    }

    #[test]
    fn utc_calendar_uses_z_times_and_no_vtimezone() {
        let ics = calendar(
            chrono_tz::UTC,
            vec![timed("2025-06-01T08:00:00Z", "2025-06-01T10:30:00Z")],
        )
        .render();
        assert!(!ics.contains("VTIMEZONE"));
        assert!(!ics.contains("TZID"));
        let lines = unfolded(&ics);
        assert_eq!(property(&lines, "DTSTART"), ["DTSTART:20250601T080000Z"]);
        assert_eq!(property(&lines, "DTEND"), ["DTEND:20250601T103000Z"]);
        assert_eq!(property(&lines, "DTSTAMP"), ["DTSTAMP:20250102T030405Z"]);
        assert_eq!(
            property(&lines, "LAST-MODIFIED"),
            ["LAST-MODIFIED:20250101T000000Z"]
        );
    }

    #[test]
    fn all_day_events_have_an_exclusive_end_and_need_no_zone() {
        let mut single = event(When::AllDay {
            first: day(2025, 12, 31),
            last_inclusive: day(2025, 12, 31),
        });
        single.cancelled = true;
        let weekend = event(When::AllDay {
            first: day(2025, 6, 7),
            last_inclusive: day(2025, 6, 8),
        });
        let backwards = event(When::AllDay {
            first: day(2025, 6, 7),
            last_inclusive: day(2025, 6, 1),
        });
        let ics = calendar(chrono_tz::Europe::Paris, vec![single, weekend, backwards]).render();
        assert!(!ics.contains("VTIMEZONE"), "dates are floating, no TZID");
        let lines = unfolded(&ics);
        assert_eq!(
            property(&lines, "DTSTART"),
            [
                "DTSTART;VALUE=DATE:20251231",
                "DTSTART;VALUE=DATE:20250607",
                "DTSTART;VALUE=DATE:20250607"
            ]
        );
        assert_eq!(
            property(&lines, "DTEND"),
            [
                "DTEND;VALUE=DATE:20260101",
                "DTEND;VALUE=DATE:20250609",
                "DTEND;VALUE=DATE:20250608"
            ]
        );
        assert_eq!(
            property(&lines, "STATUS"),
            ["STATUS:CANCELLED", "STATUS:CONFIRMED", "STATUS:CONFIRMED"]
        );
    }

    #[test]
    fn a_reversed_timed_span_ends_where_it_starts() {
        let lines = unfolded(
            &calendar(
                chrono_tz::UTC,
                vec![timed("2025-06-01T10:00:00Z", "2025-06-01T08:00:00Z")],
            )
            .render(),
        );
        assert_eq!(property(&lines, "DTSTART"), ["DTSTART:20250601T100000Z"]);
        assert_eq!(property(&lines, "DTEND"), ["DTEND:20250601T100000Z"]);
    }

    #[test]
    fn the_repeated_hour_falls_back_to_utc_form() {
        // 2025-10-26 in Paris: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
        let lines = unfolded(
            &calendar(
                chrono_tz::Europe::Paris,
                vec![timed("2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z")],
            )
            .render(),
        );
        let vevent = &blocks(&lines, "VEVENT")[0];
        assert_eq!(
            property(vevent, "DTSTART"),
            ["DTSTART;TZID=Europe/Paris:20251026T023000"]
        );
        assert_eq!(property(vevent, "DTEND"), ["DTEND:20251026T013000Z"]);
    }

    #[test]
    fn envelope_and_event_properties_in_order_with_crlf_everywhere() {
        let mut ev = timed("2025-05-10T01:00:00Z", "2025-05-10T05:00:00Z");
        ev.description = Some("Bring gloves".into());
        ev.location = Some("Community garden".into());
        ev.url = Some("https://pumasi.example/events/1".into());
        ev.categories = vec!["garden".into()];
        let cal = calendar(chrono_tz::UTC, vec![ev]);
        let ics = cal.render();

        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
        assert_eq!(ics, cal.render(), "deterministic");
        assert_eq!(
            unfolded(&ics),
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Pumasi//Events//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:Pumasi events",
                "NAME:Pumasi events",
                "X-WR-TIMEZONE:UTC",
                "BEGIN:VEVENT",
                "UID:0190c0de-0000-7000-8000-000000000001@pumasi.example",
                "SEQUENCE:2",
                "DTSTAMP:20250102T030405Z",
                "LAST-MODIFIED:20250101T000000Z",
                "DTSTART:20250510T010000Z",
                "DTEND:20250510T050000Z",
                "SUMMARY:Board meeting",
                "DESCRIPTION:Bring gloves",
                "LOCATION:Community garden",
                "URL:https://pumasi.example/events/1",
                "STATUS:CONFIRMED",
                "CATEGORIES:garden",
                "TRANSP:OPAQUE",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
    }
}
