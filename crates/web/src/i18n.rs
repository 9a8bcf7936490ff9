//! Interface translations with Project Fluent. The `.ftl` files in `locales/{ko,en,fr,es}` are
//! compiled into the binary; a test keeps the four locales' keys identical and checks that
//! every key a template uses exists.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use pumasi_domain::locale::Locale;
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

static_loader! {
    pub static LOCALES = {
        locales: "../../locales",
        fallback_language: "en",
        // Isolation marks around arguments would show up in attributes and plain-text email.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(l: Locale) -> LanguageIdentifier {
    l.code().parse().unwrap_or_default()
}

/// Translator for one request's language and the time zone times are shown in; templates
/// call `i.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: Locale,
    pub tz: chrono_tz::Tz,
}

impl I18n {
    /// Times shown in UTC.
    #[must_use]
    pub fn new(locale: Locale) -> Self {
        Self {
            locale,
            tz: chrono_tz::UTC,
        }
    }

    /// Times shown in the IANA zone `zone` (e.g. the network's `Asia/Seoul`); an unknown name
    /// falls back to UTC.
    #[must_use]
    pub fn with_zone(locale: Locale, zone: &str) -> Self {
        Self {
            locale,
            tz: zone.parse().unwrap_or(chrono_tz::UTC),
        }
    }

    #[must_use]
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&langid(self.locale), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// With arguments: `i.ta("members-count", &[("count", n.into())])`.
    #[must_use]
    pub fn ta(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.locale), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Shorthand for one numeric argument `count`.
    #[must_use]
    pub fn tn(&self, key: &str, count: impl std::borrow::Borrow<u64>) -> String {
        self.ta(key, &[("count", FluentValue::from(*count.borrow()))])
    }

    /// The label of a form field (`field-{name}`, `_` read as `-`) for the error summary, or ""
    /// when the field has no label of that name (a form-wide error, say). A translation field
    /// (`description_ko`) is named with its language.
    #[must_use]
    pub fn field_label(&self, field: &str) -> String {
        let lookup = |name: &str| {
            let key = format!("field-{}", name.replace('_', "-"));
            let t = self.t(&key);
            (t != key).then_some(t)
        };
        if let Some(t) = lookup(field) {
            return t;
        }
        if let Some((base, lang)) = field.rsplit_once('_')
            && let Some(l) = Locale::parse(lang)
            && let Some(t) = lookup(base)
        {
            return format!("{t} ({})", l.endonym());
        }
        String::new()
    }

    /// Shorthand for one string argument `name`.
    #[must_use]
    pub fn ts(&self, key: &str, name: &str) -> String {
        self.ta(key, &[("name", FluentValue::from(name.to_owned()))])
    }

    #[must_use]
    pub fn code(&self) -> &'static str {
        self.locale.code()
    }

    /// Name of a language (any ISO 639 code) in the reader's language: the four interface
    /// languages from the message files, the listed content languages from
    /// `domain::languages`, any other code as itself.
    #[must_use]
    pub fn language_name(&self, code: &str) -> String {
        match Locale::parse(code) {
            Some(l) => self.t(&format!("language-{}", l.code())),
            None => pumasi_domain::languages::display(code, self.code()),
        }
    }

    /// The choices for a record's base language: the four interface languages first, then every
    /// other listed content language in the reader's collation, and `current` when it is a code
    /// outside the list (set through an import or the API), so that saving keeps it.
    #[must_use]
    pub fn content_languages(&self, current: &str) -> Vec<(String, String)> {
        let mut others: Vec<(String, String)> = pumasi_domain::languages::codes()
            .filter(|c| Locale::parse(c).is_none())
            .map(|c| (c.to_owned(), self.language_name(c)))
            .collect();
        pumasi_domain::collation::sort_by_name(self.locale, &mut others, |o| &o.1);
        let mut out: Vec<(String, String)> = Locale::ALL
            .iter()
            .map(|l| (l.code().to_owned(), self.language_name(l.code())))
            .chain(others)
            .collect();
        if let Some(l) = pumasi_domain::languages::Lang::parse(current)
            && !out.iter().any(|(c, _)| c == l.code())
        {
            out.push((l.code().to_owned(), self.language_name(l.code())));
        }
        out
    }

    #[must_use]
    pub fn country(&self, code: &str) -> String {
        pumasi_domain::countries::country(code).map_or_else(
            || code.to_owned(),
            |c| c.name(self.locale.code()).to_owned(),
        )
    }

    /// A date in the reader's locale (numeric, unambiguous).
    #[must_use]
    pub fn date(&self, d: impl std::borrow::Borrow<chrono::NaiveDate>) -> String {
        let d = *d.borrow();
        match self.locale {
            Locale::Ko => d.format("%Y. %-m. %-d.").to_string(),
            Locale::En => d.format("%-d %b %Y").to_string(),
            Locale::Fr | Locale::Es => d.format("%d/%m/%Y").to_string(),
        }
    }

    /// An optional date; empty when absent.
    #[must_use]
    pub fn date_opt(&self, d: impl std::borrow::Borrow<Option<chrono::NaiveDate>>) -> String {
        d.borrow().map(|d| self.date(d)).unwrap_or_default()
    }

    /// A moment in the reader's time zone, with the zone's abbreviation (e.g. `KST`).
    #[must_use]
    pub fn datetime(&self, t: impl std::borrow::Borrow<chrono::DateTime<chrono::Utc>>) -> String {
        let local = t.borrow().with_timezone(&self.tz);
        let abbr = local.format("%Z").to_string();
        // Zones without a common abbreviation are named by their offset ("UTC+04", not "+04").
        let zone = if abbr.starts_with(['+', '-']) {
            format!("UTC{abbr}")
        } else {
            abbr
        };
        format!(
            "{} {} {zone}",
            self.date(local.date_naive()),
            local.format("%H:%M")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_network_zone() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-24T15:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            I18n::with_zone(Locale::Ko, "Asia/Seoul").datetime(t),
            "2026. 11. 25. 00:30 KST"
        );
        assert_eq!(
            I18n::with_zone(Locale::Fr, "Europe/Paris").datetime(t),
            "24/11/2026 16:30 CET"
        );
        assert_eq!(
            I18n::with_zone(Locale::En, "Nowhere/Nothing").datetime(t),
            "24 Nov 2026 15:30 UTC"
        );
        assert_eq!(
            I18n::with_zone(Locale::Fr, "Africa/Dakar").datetime(t),
            "24/11/2026 15:30 GMT"
        );
        assert_eq!(
            I18n::with_zone(Locale::En, "Asia/Dubai").datetime(t),
            "24 Nov 2026 19:30 UTC+04"
        );
    }
}
