//! Meetings of a body as typed: date and place, the quorum of members present or represented,
//! agenda items, attendance, and decisions with their register number.

use crate::FieldError;
use crate::types::{self, WebUrl};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum!(
    /// How a member organisation took part in a meeting.
    Attendance { Present = "present", Represented = "represented", Excused = "excused", Absent = "absent" }
);

code_enum!(
    /// Where a meeting's minutes stand: approved at a later meeting of the same body.
    MinutesStatus { None = "none", Draft = "draft", Approved = "approved" }
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawMeeting {
    pub title: String,
    pub lang: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    /// Percent of the body's members present or represented.
    pub quorum: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub title: String,
    pub lang: crate::languages::Lang,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: chrono_tz::Tz,
    pub place: String,
    pub online_url: Option<String>,
    pub quorum_bp: u32,
}

impl RawMeeting {
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self) -> Result<MeetingInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let title = types::line(&self.title, 300, true).map_err(|c| put("title", c));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let window = super::motion::window(
            &self.time_zone,
            &self.starts_at,
            &self.ends_at,
            ["starts_at", "ends_at"],
            "error-ends-before-starts",
            &mut put,
        );
        let place = types::line(&self.place, 300, false).map_err(|c| put("place", c));
        let online_url = match self.online_url.trim() {
            "" => Ok(None),
            u => WebUrl::parse(u)
                .map(|u| Some(u.as_str().to_owned()))
                .map_err(|c| put("online_url", c)),
        };
        let quorum_bp = match self.quorum.trim().trim_end_matches('%').trim() {
            "" => Ok(5000),
            q => q
                .parse::<u32>()
                .ok()
                .filter(|p| *p <= 100)
                .map(|p| p * 100)
                .ok_or_else(|| put("quorum", "error-percent")),
        };
        match (title, lang, window, place, online_url, quorum_bp) {
            (Ok(title), Ok(lang), Ok((tz, s, e)), Ok(place), Ok(url), Ok(q)) if errs.is_empty() => {
                Ok(MeetingInput {
                    title,
                    lang,
                    starts_at: s,
                    ends_at: e,
                    time_zone: tz,
                    place,
                    online_url: url,
                    quorum_bp: q,
                })
            }
            _ => Err(errs),
        }
    }
}

/// Whether `present` (present or represented) of `members` reach `quorum_bp`.
#[must_use]
pub fn quorum_reached(present: u64, members: u64, quorum_bp: u32) -> bool {
    members > 0 && u128::from(present) * 10_000 >= u128::from(members) * u128::from(quorum_bp)
}

/// A decision's register number: the year and its sequence, e.g. `2026-007`.
#[must_use]
pub fn decision_number(year: i32, seq: i32) -> String {
    format!("{year}-{seq:03}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_are_checked() {
        let ok = RawMeeting {
            title: "Steering committee, spring session".into(),
            lang: "en".into(),
            starts_at: "2027-03-10T09:00".into(),
            ends_at: "2027-03-10T17:00".into(),
            time_zone: "Europe/Paris".into(),
            place: "Bordeaux".into(),
            quorum: "50".into(),
            ..RawMeeting::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.starts_at.to_rfc3339(), "2027-03-10T08:00:00+00:00");
        let bad = RawMeeting {
            title: String::new(),
            lang: "xx".into(),
            starts_at: "2027-03-10T09:00".into(),
            ends_at: "2027-03-10T08:00".into(),
            online_url: "javascript:alert(1)".into(),
            quorum: "150".into(),
            ..RawMeeting::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["title", "lang", "ends_at", "online_url", "quorum"]
        );
    }

    #[test]
    fn quorum_and_numbers() {
        assert!(quorum_reached(10, 20, 5000));
        assert!(!quorum_reached(9, 20, 5000));
        assert!(!quorum_reached(0, 0, 0));
        assert_eq!(decision_number(2026, 7), "2026-007");
    }
}
