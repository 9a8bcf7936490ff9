//! Declarations and their institutional signatures as typed: the declaration's text and
//! adoption record, and a signature given by an organisation's authorised representative.

use crate::FieldError;
use crate::types::{self, Slug};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where a signature stands. Only verified signatures are shown; withdrawn ones are kept,
    /// marked, never deleted.
    SignatureStatus {
        Pending = "pending",
        Verified = "verified",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

code_enum!(
    /// How the signatory list counts signatories: local governments, and organisations.
    SignatoryKind { LocalGovernment = "local_government", Organisation = "organisation" }
);

pub const TEXT_MAX: usize = 100_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawDeclaration {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub text: String,
    pub adopted_on: String,
    pub adopted_city: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationInput {
    pub slug: Slug,
    /// Made from the name rather than typed: the store makes it unique with a suffix, and an
    /// edit keeps the record's current address.
    pub slug_generated: bool,
    pub title: String,
    pub lang: crate::languages::Lang,
    pub text: String,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_city: String,
}

fn date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| "error-date-invalid"),
    }
}

impl RawDeclaration {
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self) -> Result<DeclarationInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let title = types::line(&self.title, 300, true).map_err(|c| put("title", c));
        let slug_generated = self.slug.trim().is_empty();
        let slug = match self.slug.trim() {
            "" => Ok(title
                .as_deref()
                .map(Slug::from_name)
                .unwrap_or_else(|_| Slug::from_name(""))),
            s => Slug::parse(s),
        }
        .map_err(|c| put("slug", c));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let text = types::text(&self.text, TEXT_MAX).map_err(|c| put("text", c));
        let text = match text {
            Ok(t) if t.trim().is_empty() => {
                put("text", "error-required");
                Err(())
            }
            x => x,
        };
        let adopted_on = date(&self.adopted_on).map_err(|c| put("adopted_on", c));
        let city = types::line(&self.adopted_city, 200, false).map_err(|c| put("adopted_city", c));
        match (slug, title, lang, text, adopted_on, city) {
            (Ok(slug), Ok(title), Ok(lang), Ok(text), Ok(adopted_on), Ok(adopted_city))
                if errs.is_empty() =>
            {
                Ok(DeclarationInput {
                    slug,
                    slug_generated,
                    title,
                    lang,
                    text,
                    adopted_on,
                    adopted_city,
                })
            }
            _ => Err(errs),
        }
    }
}

/// A signature as typed by the representative.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawSignature {
    pub signer_name: String,
    pub signer_title: String,
    pub signed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInput {
    pub signer_name: String,
    pub signer_title: String,
    pub signed_on: NaiveDate,
}

impl RawSignature {
    /// `today` bounds the date: a signature cannot be dated in the future.
    ///
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self, today: NaiveDate) -> Result<SignatureInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let name = types::line(&self.signer_name, 200, true).map_err(|c| put("signer_name", c));
        let title = types::line(&self.signer_title, 200, true).map_err(|c| put("signer_title", c));
        let on = match date(&self.signed_on) {
            Ok(Some(d)) if d > today => {
                put("signed_on", "error-date-future");
                Err(())
            }
            Ok(Some(d)) => Ok(d),
            Ok(None) => Ok(today),
            Err(c) => {
                put("signed_on", c);
                Err(())
            }
        };
        match (name, title, on) {
            (Ok(signer_name), Ok(signer_title), Ok(signed_on)) if errs.is_empty() => {
                Ok(SignatureInput {
                    signer_name,
                    signer_title,
                    signed_on,
                })
            }
            _ => Err(errs),
        }
    }
}

/// "8 local governments and 9 organisations": the counts of the verified signatories.
#[must_use]
pub fn counts(kinds: &[SignatoryKind]) -> (u64, u64) {
    let lg = kinds
        .iter()
        .filter(|k| **k == SignatoryKind::LocalGovernment)
        .count() as u64;
    (lg, kinds.len() as u64 - lg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let ok = RawSignature {
            signer_name: "Jeanne Dupont".into(),
            signer_title: "Maire <b>adjointe</b>".into(),
            signed_on: String::new(),
        }
        .validate(today)
        .unwrap();
        assert_eq!(ok.signed_on, today);
        // HTML is kept as text (escaped when shown), never interpreted.
        assert_eq!(ok.signer_title, "Maire <b>adjointe</b>");
        let bad = RawSignature {
            signer_name: "x".repeat(201),
            signer_title: String::new(),
            signed_on: "2027-01-01".into(),
        }
        .validate(today)
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["signer_name", "signer_title", "signed_on"]);
    }

    #[test]
    fn counts_by_kind() {
        use SignatoryKind::{LocalGovernment as L, Organisation as O};
        assert_eq!(counts(&[L, O, L, L]), (3, 1));
    }
}
