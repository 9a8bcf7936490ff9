//! An organisation's data as typed by a person, a CSV row or an API client, and its validation
//! into [`OrganisationInput`]. The same rules apply on every path in, so a CSV import can never
//! store what the form would refuse.

use crate::FieldError;
use crate::countries;
use crate::locale::Locale;
use crate::members::{MemberStatus, MembershipClass};
use crate::types::{self, Coordinates, Email, Slug, WebUrl};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Translatable fields of an organisation.
pub const TRANSLATABLE: [&str; 2] = ["name", "description"];

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;

/// Raw text fields, exactly as typed. Every field is a string so that a form can be given back
/// with what was typed, whatever was wrong with it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RawOrganisation {
    pub slug: String,
    pub name: String,
    pub lang: String,
    pub category: String,
    pub class: String,
    pub status: String,
    pub college: String,
    pub country: String,
    pub city: String,
    pub latitude: String,
    pub longitude: String,
    pub website: String,
    pub languages: String,
    pub description: String,
    pub joined_on: String,
    pub first_fee_paid_on: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_email: String,
    pub focal_name: String,
    pub focal_email: String,
    pub focal_phone: String,
    pub essglobal_activity: String,
    pub essglobal_legal_form: String,
    pub fictional: String,
    /// `(field, locale, text)` translations of `name` and `description`.
    pub translations: Vec<(String, String, String)>,
}

/// A validated organisation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationInput {
    pub slug: Slug,
    /// Made from the name rather than typed: the store makes it unique with a suffix, and an
    /// edit keeps the record's current address.
    pub slug_generated: bool,
    pub name: String,
    pub lang: crate::languages::Lang,
    pub category: String,
    pub class: MembershipClass,
    pub status: MemberStatus,
    pub college: Option<i32>,
    pub country: &'static countries::Country,
    pub city: String,
    pub coordinates: Option<Coordinates>,
    pub website: Option<WebUrl>,
    pub languages: Vec<String>,
    pub description: String,
    pub joined_on: Option<NaiveDate>,
    pub first_fee_paid_on: Option<NaiveDate>,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_email: Option<Email>,
    pub focal_name: String,
    pub focal_email: Option<Email>,
    pub focal_phone: String,
    pub essglobal_activity: String,
    pub essglobal_legal_form: String,
    pub fictional: bool,
    pub translations: Vec<(&'static str, Locale, String)>,
}

/// Reference data the rules need but that lives in the database.
pub struct Vocabulary<'a> {
    pub categories: &'a [String],
    pub colleges: &'a [i32],
}

fn date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| "error-date-invalid")
}

fn optional_email(s: &str) -> Result<Option<Email>, &'static str> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        Email::parse(s).map(Some)
    }
}

/// A short vocabulary code (ESSGLOBAL activity or legal form): a code such as `ICA260` or the
/// full ESSGLOBAL URI, of which only the last path segment is kept.
fn code(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    let last = s.rsplit('/').next().unwrap_or("");
    if last.len() <= 80
        && last
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(last.to_owned())
    } else {
        Err("error-code-invalid")
    }
}

/// Languages an organisation works in: ISO 639-1 codes separated by `;` or `,`.
fn languages(s: &str) -> Result<Vec<String>, &'static str> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
        let p = part.to_ascii_lowercase();
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err("error-languages-invalid");
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.len() > 20 {
        Err("error-languages-invalid")
    } else {
        Ok(out)
    }
}

impl RawOrganisation {
    /// Sets a field by its column name (the CSV header, form field and JSON key are the same):
    /// `name`, `city`, …, and `name_ko`, `description_fr`… for translations. Returns `false` for
    /// a name that is not a field, so callers can report it.
    pub fn set_field(&mut self, key: &str, value: String) -> bool {
        let slot = match key {
            "slug" => &mut self.slug,
            "name" => &mut self.name,
            "lang" => &mut self.lang,
            "category" => &mut self.category,
            "class" => &mut self.class,
            "status" => &mut self.status,
            "college" => &mut self.college,
            "country" => &mut self.country,
            "city" => &mut self.city,
            "latitude" => &mut self.latitude,
            "longitude" => &mut self.longitude,
            "website" => &mut self.website,
            "languages" => &mut self.languages,
            "description" => &mut self.description,
            "joined_on" => &mut self.joined_on,
            "first_fee_paid_on" => &mut self.first_fee_paid_on,
            "leader_name" => &mut self.leader_name,
            "leader_title" => &mut self.leader_title,
            "leader_email" => &mut self.leader_email,
            "focal_name" => &mut self.focal_name,
            "focal_email" => &mut self.focal_email,
            "focal_phone" => &mut self.focal_phone,
            "essglobal_activity" => &mut self.essglobal_activity,
            "essglobal_legal_form" => &mut self.essglobal_legal_form,
            "fictional" => &mut self.fictional,
            other => {
                let Some((field, locale)) = other.rsplit_once('_') else {
                    return false;
                };
                if !TRANSLATABLE.contains(&field) || Locale::parse(locale).is_none() {
                    return false;
                }
                if !value.trim().is_empty() {
                    self.translations
                        .push((field.to_owned(), locale.to_owned(), value));
                }
                return true;
            }
        };
        *slot = value;
        true
    }

    /// Validates every field and reports every problem at once.
    ///
    /// # Errors
    /// One [`FieldError`] per field that is wrong.
    pub fn validate(&self, vocab: &Vocabulary<'_>) -> Result<OrganisationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        macro_rules! check {
            ($field:literal, $e:expr) => {
                match $e {
                    Ok(v) => Some(v),
                    Err(code) => {
                        errors.push(FieldError::new($field, code));
                        None
                    }
                }
            };
        }
        let name = check!("name", types::line(&self.name, NAME_MAX, true));
        let slug_generated = self.slug.trim().is_empty();
        let slug = if slug_generated {
            name.as_deref().map(|n| Ok(Slug::from_name(n)))
        } else {
            Some(Slug::parse(self.slug.trim()))
        };
        let slug = slug.and_then(|s| check!("slug", s));
        let lang = check!(
            "lang",
            if self.lang.trim().is_empty() {
                Ok(Locale::En.into())
            } else {
                crate::languages::Lang::parse(&self.lang).ok_or("error-locale-invalid")
            }
        );
        let category = check!(
            "category",
            if vocab.categories.iter().any(|c| c == self.category.trim()) {
                Ok(self.category.trim().to_owned())
            } else {
                Err("error-category-invalid")
            }
        );
        let class = check!(
            "class",
            MembershipClass::parse(&self.class).ok_or("error-class-invalid")
        );
        let status = check!(
            "status",
            if self.status.trim().is_empty() {
                Ok(MemberStatus::Applicant)
            } else {
                MemberStatus::parse(&self.status).ok_or("error-status-invalid")
            }
        );
        let college = check!(
            "college",
            match self.college.trim() {
                "" => Ok(None),
                s => s
                    .parse::<i32>()
                    .ok()
                    .filter(|n| vocab.colleges.contains(n))
                    .map(Some)
                    .ok_or("error-college-invalid"),
            }
        )
        .flatten();
        if college.is_some() && class.is_some_and(|c| c != MembershipClass::Full) {
            errors.push(FieldError::new("college", "error-college-full-only"));
        }
        let country = check!(
            "country",
            match self.country.trim() {
                "" => Err("error-required"),
                s => countries::country(s).ok_or("error-country-invalid"),
            }
        );
        let city = check!("city", types::line(&self.city, 120, false));
        // The error names the value that is wrong, so the form marks the right field.
        let coordinates = match (self.latitude.trim(), self.longitude.trim()) {
            ("", "") => Some(None),
            (la, lo) => match (la.parse::<f64>(), lo.parse::<f64>()) {
                (Ok(a), Ok(o)) if Coordinates::new(a, o).is_ok() => {
                    Some(Coordinates::new(a, o).ok())
                }
                (Ok(a), Ok(_)) if a.is_finite() && a.abs() <= 90.0 => {
                    errors.push(FieldError::new("longitude", "error-coordinates-invalid"));
                    None
                }
                (Ok(_), Err(_)) => {
                    errors.push(FieldError::new("longitude", "error-coordinates-invalid"));
                    None
                }
                _ => {
                    errors.push(FieldError::new("latitude", "error-coordinates-invalid"));
                    None
                }
            },
        };
        let website = check!(
            "website",
            if self.website.trim().is_empty() {
                Ok(None)
            } else {
                WebUrl::parse(&self.website).map(Some)
            }
        );
        let langs = check!("languages", languages(&self.languages));
        let description = check!(
            "description",
            types::text(&self.description, DESCRIPTION_MAX)
        );
        let joined_on = check!("joined_on", date(&self.joined_on));
        let first_fee = check!("first_fee_paid_on", date(&self.first_fee_paid_on));
        let leader_name = check!("leader_name", types::line(&self.leader_name, 200, false));
        let leader_title = check!("leader_title", types::line(&self.leader_title, 200, false));
        let leader_email = check!("leader_email", optional_email(&self.leader_email));
        let focal_name = check!("focal_name", types::line(&self.focal_name, 200, false));
        let focal_email = check!("focal_email", optional_email(&self.focal_email));
        let focal_phone = check!("focal_phone", types::line(&self.focal_phone, 40, false));
        let activity = check!("essglobal_activity", code(&self.essglobal_activity));
        let legal_form = check!("essglobal_legal_form", code(&self.essglobal_legal_form));
        let fictional = check!(
            "fictional",
            match self.fictional.trim().to_ascii_lowercase().as_str() {
                "" | "false" | "no" | "0" => Ok(false),
                "true" | "yes" | "1" | "on" => Ok(true),
                _ => Err("error-boolean-invalid"),
            }
        );
        let mut translations = Vec::new();
        for (field, locale, text) in &self.translations {
            let Some(field) = TRANSLATABLE.iter().find(|f| **f == field.as_str()) else {
                errors.push(FieldError::new(field.clone(), "error-field-unknown"));
                continue;
            };
            let key = format!("{field}_{locale}");
            let Some(loc) = Locale::parse(locale) else {
                errors.push(FieldError::new(key, "error-locale-invalid"));
                continue;
            };
            let checked = if *field == "name" {
                types::line(text, NAME_MAX, false)
            } else {
                types::text(text, DESCRIPTION_MAX)
            };
            match checked {
                Ok(t) if t.is_empty() => {}
                Ok(t) if lang.is_some_and(|b| b == loc) => {
                    // A "translation" into the base language would shadow the original.
                    let _ = t;
                    errors.push(FieldError::new(key, "error-translation-base"));
                }
                Ok(t) => translations.push((*field, loc, t)),
                Err(code) => errors.push(FieldError::new(key, code)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `check!` above succeeded, so each value is present.
        let (
            Some(slug),
            Some(name),
            Some(lang),
            Some(category),
            Some(class),
            Some(status),
            Some(country),
        ) = (slug, name, lang, category, class, status, country)
        else {
            return Err(vec![FieldError::new("form", "error-invalid")]);
        };
        Ok(OrganisationInput {
            slug,
            slug_generated,
            name,
            lang,
            category,
            class,
            status,
            college,
            country,
            city: city.unwrap_or_default(),
            coordinates: coordinates.flatten(),
            website: website.flatten(),
            languages: langs.unwrap_or_default(),
            description: description.unwrap_or_default(),
            joined_on: joined_on.flatten(),
            first_fee_paid_on: first_fee.flatten(),
            leader_name: leader_name.unwrap_or_default(),
            leader_title: leader_title.unwrap_or_default(),
            leader_email: leader_email.flatten(),
            focal_name: focal_name.unwrap_or_default(),
            focal_email: focal_email.flatten(),
            focal_phone: focal_phone.unwrap_or_default(),
            essglobal_activity: activity.unwrap_or_default(),
            essglobal_legal_form: legal_form.unwrap_or_default(),
            fictional: fictional.unwrap_or(false),
            translations,
        })
    }
}

/// The text a name filter and the duplicate check compare: lower-case, Latin letters folded.
#[must_use]
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| types::fold_latin(c).chars().collect::<Vec<_>>())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> (Vec<String>, Vec<i32>) {
        (
            vec!["local_government".to_owned(), "network_sse".to_owned()],
            vec![1, 2, 3, 4, 5],
        )
    }

    fn good() -> RawOrganisation {
        RawOrganisation {
            name: "City of Montréal".into(),
            lang: "fr".into(),
            category: "local_government".into(),
            class: "full".into(),
            status: "member".into(),
            college: "1".into(),
            country: "ca".into(),
            latitude: "45.5".into(),
            longitude: "-73.6".into(),
            website: "https://montreal.ca".into(),
            languages: "fr;en".into(),
            translations: vec![("name".into(), "ko".into(), "몬트리올시".into())],
            ..RawOrganisation::default()
        }
    }

    #[test]
    fn accepts_a_good_organisation() {
        let (c, k) = vocab();
        let o = good()
            .validate(&Vocabulary {
                categories: &c,
                colleges: &k,
            })
            .unwrap();
        assert_eq!(o.slug.as_str(), "city-of-montreal");
        assert_eq!(o.country.alpha2, "CA");
        assert_eq!(o.languages, vec!["fr", "en"]);
        assert_eq!(
            o.translations,
            vec![("name", Locale::Ko, "몬트리올시".to_owned())]
        );
    }

    #[test]
    fn reports_every_bad_field() {
        let (c, k) = vocab();
        let raw = RawOrganisation {
            name: String::new(),
            slug: "Bad Slug".into(),
            category: "<script>".into(),
            class: "gold".into(),
            college: "9".into(),
            country: "ZZ".into(),
            latitude: "91".into(),
            longitude: "0".into(),
            website: "javascript:alert(1)".into(),
            joined_on: "2024-13-01".into(),
            fictional: "maybe".into(),
            ..RawOrganisation::default()
        };
        let errs = raw
            .validate(&Vocabulary {
                categories: &c,
                colleges: &k,
            })
            .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "name",
            "slug",
            "category",
            "class",
            "college",
            "country",
            "latitude",
            "website",
            "joined_on",
            "fictional",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn coordinates_name_the_wrong_value() {
        let (c, k) = vocab();
        let errs = RawOrganisation {
            longitude: "200".into(),
            ..good()
        }
        .validate(&Vocabulary {
            categories: &c,
            colleges: &k,
        })
        .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new("longitude", "error-coordinates-invalid")]
        );
        let errs = RawOrganisation {
            latitude: "-91".into(),
            ..good()
        }
        .validate(&Vocabulary {
            categories: &c,
            colleges: &k,
        })
        .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new("latitude", "error-coordinates-invalid")]
        );
    }

    #[test]
    fn college_only_for_full_members() {
        let (c, k) = vocab();
        let raw = RawOrganisation {
            class: "allied".into(),
            ..good()
        };
        let errs = raw
            .validate(&Vocabulary {
                categories: &c,
                colleges: &k,
            })
            .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new("college", "error-college-full-only")]
        );
    }

    #[test]
    fn fields_by_column_name() {
        let mut r = RawOrganisation::default();
        assert!(r.set_field("name", "Ville de Montréal".into()));
        assert!(r.set_field("name_ko", "몬트리올시".into()));
        assert!(r.set_field("description_es", String::new()));
        assert!(!r.set_field("name_de", "x".into()));
        assert!(!r.set_field("password", "x".into()));
        assert_eq!(r.name, "Ville de Montréal");
        assert_eq!(
            r.translations,
            vec![("name".to_owned(), "ko".to_owned(), "몬트리올시".to_owned())]
        );
    }

    #[test]
    fn fold_matches_accents() {
        assert_eq!(fold("Économie SOCIALE"), "economie sociale");
        assert_eq!(fold("서울"), "서울");
    }
}
