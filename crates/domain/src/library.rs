//! The knowledge library: what an item is (kind, themes, SDGs, licence), how a typed item is
//! validated, and its publication workflow (draft → review → published, unpublished).

use crate::FieldError;
use crate::types::{self, Slug, WebUrl};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// What a library item is.
    ItemKind {
        CaseStudy = "case_study",
        Publication = "publication",
        Policy = "policy",
        Toolkit = "toolkit",
        Video = "video",
        Dataset = "dataset",
        Declaration = "declaration",
    }
);

impl ItemKind {
    /// The schema.org type of the item's JSON-LD.
    #[must_use]
    pub fn schema_type(self) -> &'static str {
        match self {
            ItemKind::CaseStudy | ItemKind::Publication | ItemKind::Toolkit => "Report",
            ItemKind::Policy => "Legislation",
            ItemKind::Video => "VideoObject",
            ItemKind::Dataset => "Dataset",
            ItemKind::Declaration => "CreativeWork",
        }
    }

    /// The BibTeX entry type of a citation.
    #[must_use]
    pub fn bibtex_type(self) -> &'static str {
        match self {
            ItemKind::CaseStudy | ItemKind::Publication | ItemKind::Toolkit => "techreport",
            _ => "misc",
        }
    }

    /// The RIS reference type (`TY`) of a citation.
    #[must_use]
    pub fn ris_type(self) -> &'static str {
        match self {
            ItemKind::CaseStudy | ItemKind::Publication | ItemKind::Toolkit => "RPRT",
            ItemKind::Policy => "STAT",
            ItemKind::Video => "VIDEO",
            ItemKind::Dataset => "DATA",
            ItemKind::Declaration => "GEN",
        }
    }
}

code_enum!(
    /// Where an item is in its workflow. Only published items are public.
    ItemStatus {
        Draft = "draft",
        Review = "review",
        Published = "published",
        Unpublished = "unpublished",
    }
);

code_enum!(
    /// The licence under which an item may be reused.
    Licence {
        CcBy = "cc-by-4.0",
        CcBySa = "cc-by-sa-4.0",
        CcByNc = "cc-by-nc-4.0",
        CcByNcSa = "cc-by-nc-sa-4.0",
        CcByNd = "cc-by-nd-4.0",
        Cc0 = "cc0-1.0",
        PublicDomain = "public-domain",
        AllRightsReserved = "all-rights-reserved",
        Unknown = "unknown",
    }
);

impl Licence {
    /// The licence's canonical URL, where it has one.
    #[must_use]
    pub fn url(self) -> Option<&'static str> {
        Some(match self {
            Licence::CcBy => "https://creativecommons.org/licenses/by/4.0/",
            Licence::CcBySa => "https://creativecommons.org/licenses/by-sa/4.0/",
            Licence::CcByNc => "https://creativecommons.org/licenses/by-nc/4.0/",
            Licence::CcByNcSa => "https://creativecommons.org/licenses/by-nc-sa/4.0/",
            Licence::CcByNd => "https://creativecommons.org/licenses/by-nd/4.0/",
            Licence::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
            Licence::PublicDomain => "https://creativecommons.org/publicdomain/mark/1.0/",
            Licence::AllRightsReserved | Licence::Unknown => return None,
        })
    }
}

/// The ESSGLOBAL themes (http://purl.org/essglobal/standard/themes/, RIPESS); labels are the
/// Fluent messages `theme-t1` … `theme-t19`.
pub const THEMES: [&str; 19] = [
    "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12", "t13", "t14", "t15",
    "t16", "t17", "t18", "t19",
];

/// The UN Sustainable Development Goals, 1 to 17 (Fluent messages `sdg-1` … `sdg-17`).
pub const SDGS: std::ops::RangeInclusive<i32> = 1..=17;

/// Translatable fields of an item.
pub const ITEM_TRANSLATABLE: [&str; 3] = ["title", "summary", "body"];

pub const TITLE_MAX: usize = 300;
pub const SUMMARY_MAX: usize = 2_000;
pub const BODY_MAX: usize = 100_000;
pub const PUBLISHER_MAX: usize = 300;
/// Authors per item, and characters per author line.
pub const AUTHORS_MAX: usize = 50;
pub const AUTHOR_MAX: usize = 200;
/// Related organisations, events or sessions per item.
pub const LINKS_MAX: usize = 100;
/// Largest attachment accepted, bytes.
pub const ATTACHMENT_MAX: usize = 50 * 1024 * 1024;

/// An item as typed: every field a string, so a form comes back with what was typed. Lists are
/// comma- or line-separated (checkbox groups arrive joined with commas).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RawItem {
    pub slug: String,
    pub kind: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// One author (person or body) per line.
    pub authors: String,
    /// Demo or member organisations credited as authors, by slug.
    pub author_orgs: String,
    pub publisher: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    pub languages: String,
    pub themes: String,
    pub sdgs: String,
    pub country: String,
    /// Related organisations, by slug.
    pub organisations: String,
    /// Related forum editions and events, by slug.
    pub events: String,
    /// Related sessions of those events, by id.
    pub sessions: String,
    pub licence: String,
    pub url: String,
    /// The organisation the item belongs to (its editors may edit it), by slug; empty for the
    /// secretariat's own items.
    pub owner: String,
    pub fictional: String,
}

/// A validated item. Slugs of organisations and events are checked against the database by
/// the store, which reports unknown ones on the same fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemInput {
    pub slug: Slug,
    /// Made from the name rather than typed: the store makes it unique with a suffix, and an
    /// edit keeps the record's current address.
    pub slug_generated: bool,
    pub kind: ItemKind,
    pub lang: crate::languages::Lang,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub authors: Vec<String>,
    pub author_orgs: Vec<String>,
    pub publisher: String,
    pub date: Option<NaiveDate>,
    /// How much of `date` was given: 1 year, 2 month, 3 day.
    pub date_precision: i32,
    /// The document's languages: any ISO 639 code, not only the interface's four.
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub sdgs: Vec<i32>,
    pub country: Option<String>,
    pub organisations: Vec<String>,
    pub events: Vec<String>,
    pub sessions: Vec<uuid::Uuid>,
    pub licence: Licence,
    pub url: Option<WebUrl>,
    pub owner: Option<String>,
    pub fictional: bool,
}

fn list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in s.split([',', '\n', '\r']).map(str::trim) {
        if !p.is_empty() && !out.iter().any(|o| o == p) {
            out.push(p.to_owned());
        }
    }
    out
}

/// Parses a publication date: a day, a month or a year, with its precision.
///
/// # Errors
/// `error-date-invalid`.
pub fn parse_date(s: &str) -> Result<Option<(NaiveDate, i32)>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = "error-date-invalid";
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Result<u32, &'static str> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| bad)
        } else {
            Err(bad)
        }
    };
    let (y, m, d, precision) = match parts.as_slice() {
        [y] => (num(y, 4)?, 1, 1, 1),
        [y, m] => (num(y, 4)?, num(m, 2)?, 1, 2),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?, 3),
        _ => return Err(bad),
    };
    if !(1800..=2200).contains(&y) {
        return Err(bad);
    }
    let y = i32::try_from(y).map_err(|_| bad)?;
    NaiveDate::from_ymd_opt(y, m, d)
        .map(|date| Some((date, precision)))
        .ok_or(bad)
}

/// Formats a stored date at its precision (`2014`, `2014-07`, `2014-07-31`).
#[must_use]
pub fn format_date(date: NaiveDate, precision: i32) -> String {
    match precision {
        1 => date.format("%Y").to_string(),
        2 => date.format("%Y-%m").to_string(),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

impl RawItem {
    /// Validates every field; one error per wrong field.
    ///
    /// # Errors
    /// The field errors.
    pub fn validate(&self) -> Result<ItemInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |field: &str, code: &'static str| errs.push(FieldError::new(field, code));
        let title = types::line(&self.title, TITLE_MAX, true).map_err(|c| put("title", c));
        let slug_generated = self.slug.trim().is_empty();
        let slug = match self.slug.trim() {
            "" => Ok(title
                .as_deref()
                .map(Slug::from_name)
                .unwrap_or_else(|_| Slug::from_name(""))),
            s => Slug::parse(s),
        }
        .map_err(|c| put("slug", c));
        let kind = ItemKind::parse(&self.kind).ok_or_else(|| put("kind", "error-choice-invalid"));
        let lang = crate::languages::Lang::parse(&self.lang)
            .ok_or_else(|| put("lang", "error-language-invalid"));
        let summary = types::text(&self.summary, SUMMARY_MAX).map_err(|c| put("summary", c));
        let body = types::text(&self.body, BODY_MAX).map_err(|c| put("body", c));
        let authors = {
            let a = list(&self.authors.replace(',', "\u{1f}"))
                .into_iter()
                .map(|a| a.replace('\u{1f}', ","))
                .collect::<Vec<_>>();
            if a.len() > AUTHORS_MAX {
                put("authors", "error-too-many");
                Err(())
            } else if let Some(code) = a
                .iter()
                .find_map(|x| types::line(x, AUTHOR_MAX, true).err())
            {
                put("authors", code);
                Err(())
            } else {
                Ok(a)
            }
        };
        let publisher =
            types::line(&self.publisher, PUBLISHER_MAX, false).map_err(|c| put("publisher", c));
        let date = parse_date(&self.date).map_err(|c| put("date", c));
        let mut languages: Vec<String> = Vec::new();
        for p in list(&self.languages) {
            match crate::languages::parse_code(&p) {
                Some(l) if !languages.contains(&l) => languages.push(l),
                Some(_) => {}
                None => {
                    put("languages", "error-language-invalid");
                    break;
                }
            }
        }
        let themes = list(&self.themes);
        if themes.iter().any(|t| !THEMES.contains(&t.as_str())) {
            put("themes", "error-choice-invalid");
        }
        let mut sdgs = Vec::new();
        for p in list(&self.sdgs) {
            match p.parse::<i32>() {
                Ok(n) if SDGS.contains(&n) => {
                    if !sdgs.contains(&n) {
                        sdgs.push(n);
                    }
                }
                _ => {
                    put("sdgs", "error-choice-invalid");
                    break;
                }
            }
        }
        sdgs.sort_unstable();
        let country = match self.country.trim() {
            "" => Ok(None),
            c => crate::countries::country(&c.to_ascii_uppercase())
                .map(|k| Some(k.alpha2.to_owned()))
                .ok_or("error-country-invalid"),
        }
        .map_err(|c| put("country", c));
        let slugs = |field: &str, s: &str, put: &mut dyn FnMut(&str, &'static str)| {
            let v = list(s);
            if v.len() > LINKS_MAX {
                put(field, "error-too-many");
            } else if v.iter().any(|x| Slug::parse(x).is_err()) {
                put(field, "error-slug-invalid");
            }
            v
        };
        let author_orgs = slugs("author_orgs", &self.author_orgs, &mut put);
        let organisations = slugs("organisations", &self.organisations, &mut put);
        let events = slugs("events", &self.events, &mut put);
        let mut sessions = Vec::new();
        for p in list(&self.sessions) {
            match uuid::Uuid::parse_str(&p) {
                Ok(id) if !sessions.contains(&id) => sessions.push(id),
                Ok(_) => {}
                Err(_) => {
                    put("sessions", "error-choice-invalid");
                    break;
                }
            }
        }
        if sessions.len() > LINKS_MAX {
            put("sessions", "error-too-many");
        }
        let owner = match self.owner.trim() {
            "" => None,
            s => {
                if Slug::parse(s).is_err() {
                    put("owner", "error-slug-invalid");
                }
                Some(s.to_owned())
            }
        };
        let licence = match self.licence.trim() {
            "" => Some(Licence::Unknown),
            s => Licence::parse(s),
        }
        .ok_or_else(|| put("licence", "error-choice-invalid"));
        let url = match self.url.trim() {
            "" => Ok(None),
            u => WebUrl::parse(u).map(Some),
        }
        .map_err(|c| put("url", c));
        let fictional = matches!(self.fictional.trim(), "on" | "true" | "1" | "yes");
        match (
            slug, kind, lang, title, summary, body, authors, publisher, date, country, licence, url,
        ) {
            (
                Ok(slug),
                Ok(kind),
                Ok(lang),
                Ok(title),
                Ok(summary),
                Ok(body),
                Ok(authors),
                Ok(publisher),
                Ok(date),
                Ok(country),
                Ok(licence),
                Ok(url),
            ) if errs.is_empty() => Ok(ItemInput {
                slug,
                slug_generated,
                kind,
                lang,
                title,
                summary,
                body,
                authors,
                author_orgs,
                publisher,
                date: date.map(|(d, _)| d),
                date_precision: date.map_or(0, |(_, p)| p),
                languages,
                themes,
                sdgs,
                country,
                organisations,
                events,
                sessions,
                licence,
                url,
                owner,
                fictional,
            }),
            _ => Err(errs),
        }
    }
}

/// A step of the workflow someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Draft or unpublished → review: an editor asks a reviewer to look.
    Submit,
    /// Review → draft: the reviewer sends it back.
    Return,
    /// → published.
    Publish,
    /// Published → unpublished: it leaves the public library (and search) but is kept.
    Unpublish,
}

impl Step {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "submit" => Some(Step::Submit),
            "return" => Some(Step::Return),
            "publish" => Some(Step::Publish),
            "unpublish" => Some(Step::Unpublish),
            _ => None,
        }
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Return => "return",
            Step::Publish => "publish",
            Step::Unpublish => "unpublish",
        }
    }
}

/// Who is asking, as far as one item is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    /// The secretariat: reviewers of the whole library.
    Reviewer,
    /// An editor of the organisation that owns the item.
    OwnOrganisation,
}

/// The status an item moves to, or why not. A first publication always needs a reviewer; once
/// a reviewer has published an item, its organisation's editors may unpublish and publish it
/// again themselves ("org editors publish their own organisation's items after review").
///
/// # Errors
/// `error-step-not-allowed` when the step does not apply to the status or to this editor.
pub fn next_status(
    from: ItemStatus,
    step: Step,
    who: Editor,
    reviewed: bool,
) -> Result<ItemStatus, &'static str> {
    use ItemStatus as S;
    let deny = Err("error-step-not-allowed");
    match (from, step) {
        (S::Draft | S::Unpublished, Step::Submit) => Ok(S::Review),
        (S::Review, Step::Return) if who == Editor::Reviewer => Ok(S::Draft),
        (S::Draft | S::Review | S::Unpublished, Step::Publish) => match who {
            Editor::Reviewer => Ok(S::Published),
            Editor::OwnOrganisation if reviewed => Ok(S::Published),
            Editor::OwnOrganisation => deny,
        },
        (S::Published, Step::Unpublish) => Ok(S::Unpublished),
        _ => deny,
    }
}

/// Attachment types the library accepts, recognised by their first bytes (never by the name or
/// the declared type): PDF, PNG, JPEG, GIF, WebP, and the zip-based office formats (docx, xlsx,
/// pptx, odt, ods, odp) and legacy OLE office files. Returns the MIME type.
#[must_use]
pub fn sniff_attachment(bytes: &[u8], filename: &str) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip: an office document by its extension, and only then.
        return Some(match ext.as_str() {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "odt" => "application/vnd.oasis.opendocument.text",
            "ods" => "application/vnd.oasis.opendocument.spreadsheet",
            "odp" => "application/vnd.oasis.opendocument.presentation",
            _ => return None,
        });
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some(match ext.as_str() {
            "doc" => "application/msword",
            "xls" => "application/vnd.ms-excel",
            "ppt" => "application/vnd.ms-powerpoint",
            _ => return None,
        });
    }
    None
}

/// A file name safe to put in a `Content-Disposition` header and on disk: no path, no control
/// or quote characters, at most 150 characters, never empty.
#[must_use]
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';'))
        .take(150)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "attachment".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawItem {
        RawItem {
            kind: "case_study".into(),
            lang: "fr".into(),
            title: "Coopératives d'habitants à Lyon".into(),
            summary: "Un résumé.".into(),
            body: "Un **texte**.".into(),
            themes: "t1,t16".into(),
            sdgs: "11, 1".into(),
            country: "fr".into(),
            date: "2021-06".into(),
            ..RawItem::default()
        }
    }

    #[test]
    fn a_typed_item_is_validated_field_by_field() {
        let ok = raw().validate().unwrap();
        assert_eq!(ok.slug.as_str(), "cooperatives-d-habitants-a-lyon");
        assert_eq!(ok.sdgs, vec![1, 11]);
        assert_eq!(ok.country.as_deref(), Some("FR"));
        assert_eq!(ok.date_precision, 2);
        assert_eq!(ok.licence, Licence::Unknown);
        let bad = RawItem {
            kind: "pamphlet".into(),
            themes: "t1,t99".into(),
            sdgs: "18".into(),
            date: "2021-13-01".into(),
            url: "javascript:alert(1)".into(),
            title: String::new(),
            ..raw()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        for f in ["kind", "themes", "sdgs", "date", "url", "title"] {
            assert!(fields.contains(&f), "{f} not reported in {fields:?}");
        }
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(parse_date("2014").unwrap().unwrap().1, 1);
        assert_eq!(
            format_date(parse_date("2014-07-31").unwrap().unwrap().0, 3),
            "2014-07-31"
        );
        for bad in ["14", "2014-7", "2014-02-30", "x", "2014-01-01-01", "0999"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn first_publication_needs_a_reviewer() {
        use ItemStatus as S;
        let org = Editor::OwnOrganisation;
        assert_eq!(
            next_status(S::Draft, Step::Submit, org, false),
            Ok(S::Review)
        );
        assert!(next_status(S::Review, Step::Publish, org, false).is_err());
        assert!(next_status(S::Review, Step::Return, org, false).is_err());
        assert_eq!(
            next_status(S::Review, Step::Publish, Editor::Reviewer, false),
            Ok(S::Published)
        );
        // After review, the organisation may take it down and put it back up.
        assert_eq!(
            next_status(S::Published, Step::Unpublish, org, true),
            Ok(S::Unpublished)
        );
        assert_eq!(
            next_status(S::Unpublished, Step::Publish, org, true),
            Ok(S::Published)
        );
        assert!(next_status(S::Published, Step::Publish, Editor::Reviewer, true).is_err());
    }

    #[test]
    fn attachments_are_recognised_by_their_bytes() {
        assert_eq!(
            sniff_attachment(b"%PDF-1.7\n", "x.pdf"),
            Some("application/pdf")
        );
        assert_eq!(sniff_attachment(b"<html><script>", "report.pdf"), None);
        assert_eq!(sniff_attachment(b"PK\x03\x04....", "evil.jar"), None);
        assert!(sniff_attachment(b"PK\x03\x04....", "a.DOCX").is_some());
        assert_eq!(clean_filename("../../etc/pa\"ss;wd\r\n"), "passwd");
        assert_eq!(clean_filename("..."), "attachment");
    }
}
