//! Forums and events: the kinds, modes and statuses of an event, the rules for its dates and
//! programme (sessions inside the event, rooms and people never in two places at once), seat
//! states of a registration, custom questions and their answers, and badge codes. The same
//! validation serves the organiser's forms, the API and the demo loader.

use crate::FieldError;
use crate::countries;
use crate::locale::Locale;
use crate::types::{self, Coordinates, Slug, WebUrl};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

code_enum!(
    /// Forums are the numbered biennial editions; the others happen between them.
    EventKind {
        Forum = "forum",
        Meeting = "meeting",
        Webinar = "webinar",
        Training = "training",
        StudyVisit = "study_visit",
    }
);

code_enum!(EventMode { InPerson = "in_person", Online = "online", Hybrid = "hybrid" });

code_enum!(
    /// An event's life: announced, collecting session proposals, taking registrations,
    /// happening, over.
    EventStatus {
        Planned = "planned",
        Proposals = "proposals",
        Registration = "registration",
        Running = "running",
        Closed = "closed",
    }
);

impl EventStatus {
    /// Participants may register (and join the waitlist) only while registration is open or
    /// the event is running (walk-ins).
    #[must_use]
    pub fn takes_registrations(self) -> bool {
        matches!(self, EventStatus::Registration | EventStatus::Running)
    }

    #[must_use]
    pub fn takes_proposals(self) -> bool {
        self == EventStatus::Proposals
    }
}

code_enum!(SessionFormat {
    Plenary = "plenary",
    Panel = "panel",
    Workshop = "workshop",
    Talk = "talk",
    Roundtable = "roundtable",
    StudyVisit = "study_visit",
});

code_enum!(
    /// A registration holds a seat (`confirmed`), waits for one (`waitlisted`) or gave it up.
    RegistrationState {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Cancelled = "cancelled",
    }
);

code_enum!(
    /// How a registration's fee stands. There is no payment provider: organisers record it.
    Payment {
        None = "none",
        Due = "due",
        Paid = "paid",
        AtVenue = "at_venue",
        Waived = "waived",
    }
);

code_enum!(
    /// A person's role in one event. The secretariat may do everything in every event.
    EventRole { Organiser = "organiser", Checkin = "checkin", Reviewer = "reviewer" }
);

code_enum!(QuestionKind {
    Text = "text",
    Choice = "choice",
    Dietary = "dietary",
    Accessibility = "accessibility",
    Interpreting = "interpreting",
});

impl QuestionKind {
    /// Whether the answer is one of the question's options (stored as its index).
    #[must_use]
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::Choice | QuestionKind::Dietary | QuestionKind::Interpreting
        )
    }
}

code_enum!(ProposalState {
    Submitted = "submitted",
    Accepted = "accepted",
    Rejected = "rejected",
    Withdrawn = "withdrawn",
});

code_enum!(SpeakerRole { Speaker = "speaker", Moderator = "moderator" });

pub const TITLE_MAX: usize = 200;
pub const THEME_MAX: usize = 400;
pub const DESCRIPTION_MAX: usize = 20_000;
/// Longest answer to a custom question, in characters.
pub const ANSWER_MAX: usize = 2_000;
/// Largest capacity accepted for an event or a session.
pub const CAPACITY_MAX: i32 = 1_000_000;
/// Translatable fields of an event and of a session.
pub const EVENT_TRANSLATABLE: [&str; 5] = [
    "title",
    "theme",
    "description",
    "outcomes",
    "payment_instructions",
];
/// Longest payment instructions, in characters.
pub const PAYMENT_MAX: usize = 4_000;
pub const SESSION_TRANSLATABLE: [&str; 2] = ["title", "description"];

/// An event as typed: every field a string, so a form comes back with what was typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RawEvent {
    pub slug: String,
    pub kind: String,
    pub edition_year: String,
    pub status: String,
    pub mode: String,
    pub lang: String,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub outcomes: String,
    /// How to pay a paid registration type: shown beside paid types, on the registration and
    /// in its confirmation email.
    pub payment_instructions: String,
    pub host_city: String,
    pub country: String,
    pub latitude: String,
    pub longitude: String,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub venue: String,
    pub online_url: String,
    pub capacity: String,
    pub waitlist: String,
    pub participants: String,
    pub fictional: String,
}

/// A validated event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInput {
    pub slug: Slug,
    /// Made from the name rather than typed: the store makes it unique with a suffix, and an
    /// edit keeps the record's current address.
    pub slug_generated: bool,
    pub kind: EventKind,
    pub edition_year: Option<i32>,
    pub status: EventStatus,
    pub mode: EventMode,
    pub lang: crate::languages::Lang,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub outcomes: String,
    /// How to pay a paid registration type: shown beside paid types, on the registration and
    /// in its confirmation email.
    pub payment_instructions: String,
    pub host_city: String,
    pub country: Option<String>,
    pub coordinates: Option<Coordinates>,
    pub time_zone: chrono_tz::Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    pub online_url: Option<WebUrl>,
    pub capacity: Option<i32>,
    pub waitlist: bool,
    pub participants: Option<i32>,
    pub fictional: bool,
}

fn flag(s: &str) -> bool {
    matches!(s.trim(), "on" | "true" | "1" | "yes")
}

/// Parses a capacity: empty means unlimited.
///
/// # Errors
/// `error-capacity-invalid` for a negative, non-integer or absurd number.
pub fn parse_capacity(s: &str) -> Result<Option<i32>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(n) if (0..=CAPACITY_MAX).contains(&n) => Ok(Some(n)),
        _ => Err("error-capacity-invalid"),
    }
}

/// # Errors
/// `error-time-zone-invalid` for a name that is not an IANA zone.
pub fn parse_time_zone(s: &str) -> Result<chrono_tz::Tz, &'static str> {
    s.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| "error-time-zone-invalid")
}

fn date(s: &str) -> Result<NaiveDate, &'static str> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| "error-date-invalid")
}

impl RawEvent {
    /// # Errors
    /// One `FieldError` per wrong field.
    pub fn validate(&self) -> Result<EventInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut check = |field: &str, r: Result<(), &'static str>| {
            if let Err(code) = r {
                errs.push(FieldError::new(field, code));
            }
        };
        let title = types::line(&self.title, TITLE_MAX, true);
        check("title", title.as_ref().map(|_| ()).map_err(|e| *e));
        let slug_generated = self.slug.trim().is_empty();
        let slug = if slug_generated {
            Ok(title
                .as_deref()
                .map_or_else(|_| Slug::from_name(""), Slug::from_name))
        } else {
            Slug::parse(&self.slug)
        };
        check("slug", slug.as_ref().map(|_| ()).map_err(|e| *e));
        let kind = EventKind::parse(&self.kind).ok_or("error-choice-invalid");
        check("kind", kind.map(|_| ()));
        let status = EventStatus::parse(&self.status).ok_or("error-choice-invalid");
        check("status", status.map(|_| ()));
        let mode = EventMode::parse(&self.mode).ok_or("error-choice-invalid");
        check("mode", mode.map(|_| ()));
        let lang = crate::languages::Lang::parse(&self.lang).ok_or("error-language-invalid");
        check("lang", lang.map(|_| ()));
        let edition_year = match self.edition_year.trim() {
            "" => Ok(None),
            y => match y.parse::<i32>() {
                Ok(n) if (1900..=2200).contains(&n) => Ok(Some(n)),
                _ => Err("error-year-invalid"),
            },
        };
        check("edition_year", edition_year.map(|_| ()));
        let theme = types::line(&self.theme, THEME_MAX, false);
        check("theme", theme.as_ref().map(|_| ()).map_err(|e| *e));
        let description = types::text(&self.description, DESCRIPTION_MAX);
        check(
            "description",
            description.as_ref().map(|_| ()).map_err(|e| *e),
        );
        let outcomes = types::text(&self.outcomes, DESCRIPTION_MAX);
        check("outcomes", outcomes.as_ref().map(|_| ()).map_err(|e| *e));
        let payment_instructions = types::text(&self.payment_instructions, PAYMENT_MAX);
        check(
            "payment_instructions",
            payment_instructions.as_ref().map(|_| ()).map_err(|e| *e),
        );
        let host_city = types::line(&self.host_city, 120, false);
        check("host_city", host_city.as_ref().map(|_| ()).map_err(|e| *e));
        let venue = types::line(&self.venue, 300, false);
        check("venue", venue.as_ref().map(|_| ()).map_err(|e| *e));
        let country = match self.country.trim() {
            "" => Ok(None),
            c => countries::country(c)
                .map(|c| Some(c.alpha2.to_owned()))
                .ok_or("error-country-invalid"),
        };
        check("country", country.as_ref().map(|_| ()).map_err(|e| *e));
        let coordinates = match (self.latitude.trim(), self.longitude.trim()) {
            ("", "") => Ok(None),
            (la, lo) => match (la.parse::<f64>(), lo.parse::<f64>()) {
                (Ok(la), Ok(lo)) => Coordinates::new(la, lo).map(Some),
                _ => Err("error-coordinates-invalid"),
            },
        };
        check("latitude", coordinates.map(|_| ()));
        let time_zone = parse_time_zone(&self.time_zone);
        check("time_zone", time_zone.map(|_| ()));
        let starts_on = date(&self.starts_on);
        check("starts_on", starts_on.map(|_| ()));
        let ends_on = date(&self.ends_on);
        check("ends_on", ends_on.map(|_| ()));
        if let (Ok(s), Ok(e)) = (starts_on, ends_on)
            && e < s
        {
            check("ends_on", Err("error-ends-before-start"));
        }
        let online_url = match self.online_url.trim() {
            "" => Ok(None),
            u => WebUrl::parse(u).map(Some),
        };
        check(
            "online_url",
            online_url.as_ref().map(|_| ()).map_err(|e| *e),
        );
        let capacity = parse_capacity(&self.capacity);
        check("capacity", capacity.map(|_| ()));
        let participants = parse_capacity(&self.participants);
        check("participants", participants.map(|_| ()));
        if !errs.is_empty() {
            return Err(errs);
        }
        // Every `Err` was recorded above, so these cannot fail here.
        let (
            Ok(slug),
            Ok(kind),
            Ok(status),
            Ok(mode),
            Ok(lang),
            Ok(edition_year),
            Ok(title),
            Ok(theme),
            Ok(description),
            Ok(outcomes),
            Ok(payment_instructions),
            Ok(host_city),
            Ok(country),
            Ok(coordinates),
            Ok(time_zone),
            Ok(starts_on),
            Ok(ends_on),
            Ok(venue),
            Ok(online_url),
            Ok(capacity),
            Ok(participants),
        ) = (
            slug,
            kind,
            status,
            mode,
            lang,
            edition_year,
            title,
            theme,
            description,
            outcomes,
            payment_instructions,
            host_city,
            country,
            coordinates,
            time_zone,
            starts_on,
            ends_on,
            venue,
            online_url,
            capacity,
            participants,
        )
        else {
            return Err(vec![FieldError::new("form", "error-invalid")]);
        };
        Ok(EventInput {
            slug,
            slug_generated,
            kind,
            edition_year,
            status,
            mode,
            lang,
            title,
            theme,
            description,
            outcomes,
            payment_instructions,
            host_city,
            country,
            coordinates,
            time_zone,
            starts_on,
            ends_on,
            venue,
            online_url,
            capacity,
            waitlist: flag(&self.waitlist),
            participants,
            fictional: flag(&self.fictional),
        })
    }
}

/// The days an event covers, in its own time zone: sessions must fall inside them.
#[derive(Debug, Clone, Copy)]
pub struct EventWindow {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tz: chrono_tz::Tz,
}

impl EventWindow {
    /// The first and last instant of the event (midnight to midnight, local time).
    #[must_use]
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = local_to_utc(self.tz, self.starts_on.and_time(chrono::NaiveTime::MIN))
            .unwrap_or_else(|_| self.starts_on.and_time(chrono::NaiveTime::MIN).and_utc());
        let after = self.ends_on.succ_opt().unwrap_or(self.ends_on);
        let end = local_to_utc(self.tz, after.and_time(chrono::NaiveTime::MIN))
            .unwrap_or_else(|_| after.and_time(chrono::NaiveTime::MIN).and_utc());
        (start, end)
    }

    #[must_use]
    pub fn contains(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        let (a, b) = self.bounds();
        start >= a && end <= b
    }
}

/// A wall-clock time in `tz` as UTC. In the hour skipped by a daylight-saving change there is
/// no such time; in the hour repeated, the earlier one is meant.
///
/// # Errors
/// `error-time-nonexistent` inside a daylight-saving gap.
pub fn local_to_utc(tz: chrono_tz::Tz, t: NaiveDateTime) -> Result<DateTime<Utc>, &'static str> {
    tz.from_local_datetime(&t)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .ok_or("error-time-nonexistent")
}

/// Parses `YYYY-MM-DDTHH:MM` (an HTML `datetime-local` value, seconds optional).
///
/// # Errors
/// `error-time-invalid`.
pub fn parse_local(s: &str) -> Result<NaiveDateTime, &'static str> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map_err(|_| "error-time-invalid")
}

/// A programme session as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RawSession {
    pub title: String,
    pub description: String,
    pub lang: String,
    pub format: String,
    pub track: String,
    pub room: String,
    pub languages: String,
    pub interpretation: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionInput {
    pub title: String,
    pub description: String,
    pub lang: crate::languages::Lang,
    pub format: SessionFormat,
    /// Track and room ids as typed; the store checks they belong to the event.
    pub track: Option<Uuid>,
    pub room: Option<Uuid>,
    pub languages: Vec<Locale>,
    pub interpretation: Vec<Locale>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: Option<i32>,
}

fn locales(s: &str) -> Result<Vec<Locale>, &'static str> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']).filter(|p| !p.is_empty()) {
        let l = Locale::parse(part).ok_or("error-language-invalid")?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    Ok(out)
}

fn opt_uuid(s: &str) -> Result<Option<Uuid>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        v => Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| "error-choice-invalid"),
    }
}

impl RawSession {
    /// Validates a session against the event it belongs to: times are local to the event, the
    /// session ends after it starts and lies within the event's days.
    ///
    /// # Errors
    /// One `FieldError` per wrong field.
    pub fn validate(&self, window: &EventWindow) -> Result<SessionInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |field: &str, code: &'static str| errs.push(FieldError::new(field, code));
        let title = types::line(&self.title, TITLE_MAX, true).map_err(|c| put("title", c));
        let description =
            types::text(&self.description, DESCRIPTION_MAX).map_err(|c| put("description", c));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let format =
            SessionFormat::parse(&self.format).ok_or_else(|| put("format", "error-choice-invalid"));
        let track = opt_uuid(&self.track).map_err(|c| put("track", c));
        let room = opt_uuid(&self.room).map_err(|c| put("room", c));
        let languages = locales(&self.languages).map_err(|c| put("languages", c));
        let interpretation = locales(&self.interpretation).map_err(|c| put("interpretation", c));
        let capacity = parse_capacity(&self.capacity).map_err(|c| put("capacity", c));
        let starts_at = parse_local(&self.starts_at)
            .and_then(|t| local_to_utc(window.tz, t))
            .map_err(|c| put("starts_at", c));
        let ends_at = parse_local(&self.ends_at)
            .and_then(|t| local_to_utc(window.tz, t))
            .map_err(|c| put("ends_at", c));
        if let (Ok(s), Ok(e)) = (starts_at, ends_at) {
            if e <= s {
                put("ends_at", "error-ends-before-start");
            } else if !window.contains(s, e) {
                put("starts_at", "error-session-outside-event");
            }
        }
        match (
            title,
            description,
            lang,
            format,
            track,
            room,
            languages,
            interpretation,
            capacity,
            starts_at,
            ends_at,
        ) {
            (
                Ok(title),
                Ok(description),
                Ok(lang),
                Ok(format),
                Ok(track),
                Ok(room),
                Ok(languages),
                Ok(interpretation),
                Ok(capacity),
                Ok(starts_at),
                Ok(ends_at),
            ) if errs.is_empty() => Ok(SessionInput {
                title,
                description,
                lang,
                format,
                track,
                room,
                languages,
                interpretation,
                starts_at,
                ends_at,
                capacity,
            }),
            _ => Err(errs),
        }
    }
}

/// A session's place in time and space, for conflict checks.
#[derive(Debug, Clone)]
pub struct Slot {
    pub id: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub room: Option<Uuid>,
    /// Speakers and moderators.
    pub people: Vec<Uuid>,
}

impl Slot {
    #[must_use]
    pub fn overlaps(&self, other: &Slot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Why a session cannot be where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// The room already holds `other` at an overlapping time.
    Room { room: Uuid, other: Uuid },
    /// A speaker or moderator is already in `other` at an overlapping time.
    Person { person: Uuid, other: Uuid },
}

/// Every conflict of `slot` with the event's other sessions (itself excluded by id).
#[must_use]
pub fn conflicts(slot: &Slot, others: &[Slot]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for o in others
        .iter()
        .filter(|o| o.id != slot.id && slot.overlaps(o))
    {
        if let (Some(a), Some(b)) = (slot.room, o.room)
            && a == b
        {
            out.push(Conflict::Room {
                room: a,
                other: o.id,
            });
        }
        for p in slot.people.iter().filter(|p| o.people.contains(p)) {
            out.push(Conflict::Person {
                person: *p,
                other: o.id,
            });
        }
    }
    out
}

/// A custom registration question, as the validator needs it.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: Uuid,
    pub kind: QuestionKind,
    pub required: bool,
    /// How many options a choice question has (answers are option indexes).
    pub options: usize,
}

/// Validates answers keyed `q-<question id>` into `question id → answer`; an option question's
/// answer is the chosen option's index. Unknown keys are ignored.
///
/// # Errors
/// One `FieldError` per wrong answer, on the field `q-<id>`.
pub fn validate_answers(
    questions: &[Question],
    raw: &std::collections::HashMap<String, String>,
) -> Result<BTreeMap<Uuid, String>, Vec<FieldError>> {
    let mut out = BTreeMap::new();
    let mut errs = Vec::new();
    for q in questions {
        let key = format!("q-{}", q.id);
        let v = raw.get(&key).map_or("", |s| s.trim());
        if v.is_empty() {
            if q.required {
                errs.push(FieldError::new(key, "error-required"));
            }
            continue;
        }
        if q.kind.has_options() {
            match v.parse::<usize>() {
                Ok(i) if i < q.options => {
                    out.insert(q.id, i.to_string());
                }
                _ => errs.push(FieldError::new(key, "error-choice-invalid")),
            }
        } else {
            match types::text(v, ANSWER_MAX) {
                Ok(t) => {
                    out.insert(q.id, t);
                }
                Err(code) => errs.push(FieldError::new(key, code)),
            }
        }
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// The alphabet of badge codes: Crockford's base 32, without letters that look like digits.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const BADGE_CODE_LEN: usize = 10;

/// A badge code from 50 random bits: ten characters, easy to read aloud and type.
#[must_use]
pub fn badge_code(random: u64) -> String {
    (0..BADGE_CODE_LEN)
        .map(|i| char::from(CODE_ALPHABET[((random >> (i * 5)) & 31) as usize]))
        .collect()
}

/// A typed or scanned badge code in canonical form: upper case, dashes and spaces removed,
/// O read as 0 and I/L as 1.
#[must_use]
pub fn normalise_badge_code(s: &str) -> Option<String> {
    let code: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.len() == BADGE_CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b)))
        .then_some(code)
}

/// A badge code as printed: `ABCDE-12345`.
#[must_use]
pub fn display_badge_code(code: &str) -> String {
    if code.len() == BADGE_CODE_LEN {
        format!("{}-{}", &code[..5], &code[5..])
    } else {
        code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw_event() -> RawEvent {
        RawEvent {
            kind: "forum".into(),
            status: "registration".into(),
            mode: "hybrid".into(),
            lang: "en".into(),
            title: "GSEF 2027".into(),
            time_zone: "Europe/Lisbon".into(),
            starts_on: "2027-05-11".into(),
            ends_on: "2027-05-13".into(),
            capacity: "2500".into(),
            ..RawEvent::default()
        }
    }

    #[test]
    fn a_valid_event_gets_a_slug_from_its_title() {
        let e = raw_event().validate().unwrap();
        assert_eq!(e.slug.as_str(), "gsef-2027");
        assert_eq!(e.capacity, Some(2500));
        assert_eq!(e.time_zone, chrono_tz::Europe::Lisbon);
    }

    #[test]
    fn bad_events_name_every_wrong_field() {
        let mut r = raw_event();
        r.ends_on = "2027-05-10".into();
        r.capacity = "-1".into();
        r.time_zone = "Mars/Olympus".into();
        r.title = "<script>".repeat(40);
        let errs = r.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"ends_on"));
        assert!(fields.contains(&"capacity"));
        assert!(fields.contains(&"time_zone"));
        assert!(fields.contains(&"title"));
    }

    fn window() -> EventWindow {
        EventWindow {
            starts_on: NaiveDate::from_ymd_opt(2027, 5, 11).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2027, 5, 13).unwrap(),
            tz: chrono_tz::Europe::Lisbon,
        }
    }

    fn raw_session(start: &str, end: &str) -> RawSession {
        RawSession {
            title: "Opening".into(),
            lang: "en".into(),
            format: "plenary".into(),
            languages: "en,fr".into(),
            starts_at: start.into(),
            ends_at: end.into(),
            ..RawSession::default()
        }
    }

    #[test]
    fn sessions_are_read_in_the_events_time_zone() {
        let s = raw_session("2027-05-11T09:00", "2027-05-11T10:30")
            .validate(&window())
            .unwrap();
        // Lisbon is UTC+1 in May.
        assert_eq!(s.starts_at.to_rfc3339(), "2027-05-11T08:00:00+00:00");
        assert_eq!(s.languages, vec![Locale::En, Locale::Fr]);
    }

    #[test]
    fn sessions_must_end_after_they_start_and_stay_inside_the_event() {
        let e = raw_session("2027-05-11T10:00", "2027-05-11T09:00")
            .validate(&window())
            .unwrap_err();
        assert_eq!(e[0].code, "error-ends-before-start");
        let e = raw_session("2027-05-14T09:00", "2027-05-14T10:00")
            .validate(&window())
            .unwrap_err();
        assert_eq!(e[0].code, "error-session-outside-event");
        let mut r = raw_session("2027-05-11T09:00", "2027-05-11T10:00");
        r.capacity = "-1".into();
        assert_eq!(r.validate(&window()).unwrap_err()[0].field, "capacity");
    }

    #[test]
    fn conflicts_name_the_room_and_the_person() {
        let (room, p, q) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let t = |h: i64| DateTime::<Utc>::from_timestamp(h * 3600, 0).unwrap();
        let a = Slot {
            id: Uuid::now_v7(),
            start: t(9),
            end: t(11),
            room: Some(room),
            people: vec![p],
        };
        let b = Slot {
            id: Uuid::now_v7(),
            start: t(10),
            end: t(12),
            room: Some(room),
            people: vec![p, q],
        };
        let c = Slot {
            id: Uuid::now_v7(),
            start: t(11),
            end: t(12),
            room: Some(room),
            people: vec![p],
        };
        let found = conflicts(&b, &[a.clone(), c.clone()]);
        assert!(found.contains(&Conflict::Room { room, other: a.id }));
        assert!(found.contains(&Conflict::Person {
            person: p,
            other: a.id
        }));
        // Back-to-back sessions do not overlap.
        assert!(conflicts(&c, std::slice::from_ref(&a)).is_empty());
        // A session does not conflict with itself.
        assert!(conflicts(&a, std::slice::from_ref(&a)).is_empty());
    }

    #[test]
    fn answers_are_checked_against_their_questions() {
        let choice = Question {
            id: Uuid::now_v7(),
            kind: QuestionKind::Dietary,
            required: true,
            options: 3,
        };
        let free = Question {
            id: Uuid::now_v7(),
            kind: QuestionKind::Text,
            required: false,
            options: 0,
        };
        let qs = [choice.clone(), free.clone()];
        let mut raw = std::collections::HashMap::new();
        raw.insert(format!("q-{}", choice.id), "2".to_owned());
        raw.insert(format!("q-{}", free.id), "<script>x</script>".to_owned());
        let ok = validate_answers(&qs, &raw).unwrap();
        assert_eq!(ok[&free.id], "<script>x</script>");
        raw.insert(format!("q-{}", choice.id), "3".to_owned());
        raw.insert(format!("q-{}", free.id), "x".repeat(ANSWER_MAX + 1));
        let errs = validate_answers(&qs, &raw).unwrap_err();
        assert_eq!(errs.len(), 2);
        raw.clear();
        assert_eq!(
            validate_answers(&qs, &raw).unwrap_err()[0].code,
            "error-required"
        );
    }

    proptest! {
        #[test]
        fn badge_codes_survive_how_people_type_them(r in any::<u64>()) {
            let code = badge_code(r);
            let read = normalise_badge_code(&code);
            prop_assert_eq!(read.as_deref(), Some(code.as_str()));
            let typed = display_badge_code(&code).to_lowercase();
            prop_assert_eq!(normalise_badge_code(&typed), Some(code));
        }
    }

    #[test]
    fn malformed_badge_codes_are_refused() {
        for bad in ["", "ABC", "ABCDE-1234U", "<script>alert(1)</script>"] {
            assert!(normalise_badge_code(bad).is_none(), "{bad}");
        }
    }
}
