//! Validated newtypes: each is parsed once at the edge (form, API, CSV, CLI) and trusted after.
//! Parsing returns the Fluent id of what is wrong, never a half-valid value.

use serde::Serialize;

/// An email address, trimmed and lower-cased so that lookups never depend on case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// `error-email-invalid` when the text is not a plausible address.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim().to_lowercase();
        let ok = s.len() <= 254
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.len() <= 64
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !domain.contains('@')
            })
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c));
        if ok {
            Ok(Self(s))
        } else {
            Err("error-email-invalid")
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A URL path segment: lower-case ASCII letters, digits and single hyphens, 2–80 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    /// # Errors
    /// `error-slug-invalid` when the text is not a slug.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let ok = (2..=80).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err("error-slug-invalid")
        }
    }

    /// The longest slug [`Slug::from_name`] makes, leaving room for a `-NNN` suffix that
    /// tells apart records whose names give the same address.
    pub const GENERATED_MAX: usize = 72;

    /// Derives a slug from a name in any script: Hangul in Revised Romanization, other scripts
    /// transliterated, Latin accents folded; long names are cut at a word boundary. A name
    /// with no letter or digit at all gets a short id made from its text (`n-1a2b3c4d`).
    /// The store makes it unique with [`Slug::with_suffix`].
    #[must_use]
    pub fn from_name(name: &str) -> Self {
        let mut out = String::new();
        for c in crate::romanize::to_latin(name).chars() {
            for f in fold_latin(c).chars() {
                if f.is_ascii_alphanumeric() {
                    out.push(f.to_ascii_lowercase());
                } else if !out.ends_with('-') && !out.is_empty() {
                    out.push('-');
                }
            }
        }
        let mut s = out.trim_end_matches('-').to_owned();
        if s.len() > Self::GENERATED_MAX {
            let cut = s[..=Self::GENERATED_MAX]
                .rfind('-')
                .filter(|&i| i >= 2)
                .unwrap_or(Self::GENERATED_MAX);
            s.truncate(cut);
            s = s.trim_end_matches('-').to_owned();
        }
        Self::parse(&s).unwrap_or_else(|_| {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(name.as_bytes());
            let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            Self(format!("n-{hex}"))
        })
    }

    /// The same address with `-n` appended (n ≥ 2), shortened first if needed so that the
    /// result stays a slug.
    #[must_use]
    pub fn with_suffix(&self, n: u32) -> Self {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        if base.len() + suffix.len() > 80 {
            base.truncate(80 - suffix.len());
            base = base.trim_end_matches('-').to_owned();
        }
        Self(format!("{base}{suffix}"))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Folds the accented Latin letters of the four UI languages (and a few neighbours) to ASCII.
#[must_use]
pub fn fold_latin(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'ø' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return c.to_string(),
    };
    s.to_owned()
}

/// An absolute `http(s)` URL for a website; anything else (`javascript:`, `data:`, relative)
/// is refused so it can be rendered as a link safely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebUrl(String);

impl WebUrl {
    /// A bare host such as `www.example.org` or `example.org/about` is completed with
    /// `https://`, as people type addresses.
    ///
    /// # Errors
    /// `error-url-invalid`.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        let completed;
        let s = if s.contains("://") {
            s
        } else {
            let host = s.split(['/', '?', '#']).next().unwrap_or("");
            let bare_host = host.contains('.')
                && !host.starts_with('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            if !bare_host {
                return Err("error-url-invalid");
            }
            completed = format!("https://{s}");
            completed.as_str()
        };
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        let ok = s.len() <= 500
            && rest.is_some_and(|r| {
                let host = r.split(['/', '?', '#']).next().unwrap_or("");
                host.contains('.') || host.starts_with("localhost")
            })
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err("error-url-invalid")
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Latitude and longitude in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// # Errors
    /// `error-coordinates-invalid` when out of range or not finite.
    pub fn new(lat: f64, lon: f64) -> Result<Self, &'static str> {
        if crate::geo::valid_coordinates(lat, lon) {
            Ok(Self { lat, lon })
        } else {
            Err("error-coordinates-invalid")
        }
    }
}

/// Cuts user-written single-line text to a limit and rejects control characters.
///
/// # Errors
/// `error-required` when empty and required, `error-too-long`, `error-control-chars`.
pub fn line(s: &str, max_chars: usize, required: bool) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return if required {
            Err("error-required")
        } else {
            Ok(String::new())
        };
    }
    if s.chars().count() > max_chars {
        return Err("error-too-long");
    }
    if s.chars().any(char::is_control) {
        return Err("error-control-chars");
    }
    Ok(s.to_owned())
}

/// Multi-line user text (markdown) with a size limit; newlines and tabs are allowed.
///
/// # Errors
/// `error-too-long`, `error-control-chars`.
pub fn text(s: &str, max_chars: usize) -> Result<String, &'static str> {
    let s = s.trim();
    if s.chars().count() > max_chars {
        return Err("error-too-long");
    }
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("error-control-chars");
    }
    Ok(s.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Ana@Example.ORG ").unwrap().as_str(),
            "ana@example.org"
        );
        for bad in [
            "",
            "a",
            "a@b",
            "@x.org",
            "a@.org",
            "a b@x.org",
            "<script>@x.org",
            "a@x..org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            Slug::from_name("Chantier de l'économie sociale").as_str(),
            "chantier-de-l-economie-sociale"
        );
        assert_eq!(
            Slug::from_name("City of Montréal").as_str(),
            "city-of-montreal"
        );
        assert_eq!(Slug::from_name("서울특별시").as_str(), "seoulteukbyeolsi");
        assert_eq!(
            Slug::from_name("광주사회적경제연대회의").as_str(),
            "gwangjusahoejeokgyeongjeyeondaehoeui"
        );
        assert_eq!(
            Slug::from_name("2027 전국 사회적경제 한마당").as_str(),
            "2027-jeonguk-sahoejeokgyeongje-hanmadang"
        );
        assert_eq!(
            Slug::from_name("Социальная экономика").as_str(),
            "sotsialnaia-ekonomika"
        );
        let arabic = Slug::from_name("الاقتصاد الاجتماعي والتضامني");
        assert!(arabic.as_str().len() >= 6, "{arabic}");
        assert_eq!(Slug::from_name("2027").as_str(), "2027");
        // Nothing to spell: a short id from the text, the same each time.
        let none = Slug::from_name("★ ☆ !");
        assert!(
            none.as_str().starts_with("n-") && none.as_str().len() == 10,
            "{none}"
        );
        assert_eq!(none, Slug::from_name("★ ☆ !"));
        assert_ne!(none, Slug::from_name("☆☆"));
        assert!(Slug::from_name("x").as_str().starts_with("n-"));
        // Long names are cut at a word, leaving room for a suffix.
        let long = Slug::from_name(&"économie sociale et solidaire ".repeat(8));
        assert!(long.as_str().len() <= Slug::GENERATED_MAX, "{long}");
        assert!(
            long.as_str().ends_with("solidaire")
                || long.as_str().ends_with("sociale")
                || long.as_str().ends_with("et")
                || long.as_str().ends_with("economie"),
            "{long}"
        );
        let full = Slug::parse(&"a".repeat(80)).unwrap();
        assert_eq!(full.with_suffix(12).as_str().len(), 80);
        assert!(full.with_suffix(12).as_str().ends_with("a-12"));
        assert!(Slug::parse("Bad Slug").is_err());
        assert!(Slug::parse("-x").is_err());
        assert!(Slug::parse("a--b").is_err());
    }

    #[test]
    fn urls() {
        assert!(WebUrl::parse("https://gsef-net.org/en").is_ok());
        assert_eq!(
            WebUrl::parse(" www.example.org ").unwrap().as_str(),
            "https://www.example.org"
        );
        assert_eq!(
            WebUrl::parse("example.org/about?x=1").unwrap().as_str(),
            "https://example.org/about?x=1"
        );
        for bad in [
            "javascript:alert(1)//x.org",
            "localhost",
            "x",
            ".org",
            "a b.org",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "https://x.org/\"onmouseover",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lines() {
        assert_eq!(line("  x ", 5, true), Ok("x".to_owned()));
        assert_eq!(line("", 5, true), Err("error-required"));
        assert_eq!(line("abcdef", 5, true), Err("error-too-long"));
        assert_eq!(line("a\u{0}b", 5, true), Err("error-control-chars"));
    }

    proptest! {
        #[test]
        fn derived_slugs_always_parse(name in "\\PC{0,120}") {
            let s = Slug::from_name(&name);
            prop_assert!(Slug::parse(s.as_str()).is_ok());
            prop_assert!(s.as_str().len() <= Slug::GENERATED_MAX);
            prop_assert!(Slug::parse(s.with_suffix(1000).as_str()).is_ok());
        }

        #[test]
        fn coordinates_in_range_only(lat in -200.0f64..200.0, lon in -400.0f64..400.0) {
            let ok = Coordinates::new(lat, lon).is_ok();
            prop_assert_eq!(ok, lat.abs() <= 90.0 && lon.abs() <= 180.0);
        }
    }
}
