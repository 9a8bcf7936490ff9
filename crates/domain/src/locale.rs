//! The interface languages Pumasi ships and how a request's language is chosen. Content may be
//! written in any of them; readers get their language, then the record's base language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Ko,
    En,
    Fr,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::Ko, Locale::En, Locale::Fr, Locale::Es];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
        }
    }

    /// The language's own name, as shown in the language switcher.
    #[must_use]
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Ko => "한국어",
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Es => "Español",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ko" => Some(Locale::Ko),
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// Picks the best of `enabled` for an `Accept-Language` header (RFC 9110 quality values;
    /// a region such as `fr-CA` matches its language). Falls back to `default`.
    #[must_use]
    pub fn negotiate(header: &str, enabled: &[Locale], default: Locale) -> Locale {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            let lang = tag.split('-').next().unwrap_or("");
            let Some(loc) = Locale::parse(lang) else {
                continue;
            };
            if !enabled.contains(&loc) {
                continue;
            }
            // Higher quality wins; on a tie the earlier entry wins.
            if best.is_none_or(|(bq, bpos, _)| q > bq || (q == bq && pos < bpos)) {
                best = Some((q, pos, loc));
            }
        }
        best.map_or(default, |(_, _, l)| l)
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_and_region() {
        let all = Locale::ALL;
        assert_eq!(
            Locale::negotiate("fr-CA,fr;q=0.9,en;q=0.8", &all, Locale::En),
            Locale::Fr
        );
        assert_eq!(
            Locale::negotiate("de, es;q=0.5, ko;q=0.7", &all, Locale::En),
            Locale::Ko
        );
        assert_eq!(Locale::negotiate("de", &all, Locale::Es), Locale::Es);
        assert_eq!(Locale::negotiate("", &all, Locale::Ko), Locale::Ko);
        assert_eq!(Locale::negotiate("ko;q=0", &all, Locale::En), Locale::En);
        assert_eq!(
            Locale::negotiate("ko", &[Locale::En], Locale::En),
            Locale::En
        );
    }
}
