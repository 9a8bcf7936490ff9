//! The charter: articles as typed, and the line diff between two versions of an article.

use crate::FieldError;
use crate::types;
use serde::{Deserialize, Serialize};

pub const ARTICLE_MAX: usize = 20_000;

/// An amendment as typed: which article (a new number adds one), its new title and text (an
/// empty text removes the article).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawAmendment {
    pub article: String,
    pub title: String,
    pub text: String,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentInput {
    pub article: i32,
    pub title: String,
    /// Empty: the article is removed.
    pub text: String,
    pub rationale: String,
}

impl RawAmendment {
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self) -> Result<AmendmentInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut put = |f: &str, c: &'static str| errs.push(FieldError::new(f, c));
        let article = self
            .article
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| put("article", "error-number-invalid"));
        let text = types::text(&self.text, ARTICLE_MAX).map_err(|c| put("text", c));
        let title = types::line(
            &self.title,
            300,
            text.as_ref().is_ok_and(|t| !t.trim().is_empty()),
        )
        .map_err(|c| put("title", c));
        let rationale = types::text(&self.rationale, 5000).map_err(|c| put("rationale", c));
        match (article, title, text, rationale) {
            (Ok(article), Ok(title), Ok(text), Ok(rationale)) if errs.is_empty() => {
                Ok(AmendmentInput {
                    article,
                    title,
                    text,
                    rationale,
                })
            }
            _ => Err(errs),
        }
    }
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// The lines removed and added between two texts (longest common subsequence of lines).
#[must_use]
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Texts of articles are short; the quadratic table stays small (a limit guards the rest).
    if a.len() * b.len() > 4_000_000 {
        return a
            .iter()
            .map(|l| DiffLine::Removed((*l).to_owned()))
            .chain(b.iter().map(|l| DiffLine::Added((*l).to_owned())))
            .collect();
    }
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| DiffLine::Removed((*l).to_owned())));
    out.extend(b[j..].iter().map(|l| DiffLine::Added((*l).to_owned())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff() {
        let d = diff_lines("one\ntwo\nthree", "one\n2\nthree\nfour");
        assert_eq!(
            d,
            vec![
                DiffLine::Same("one".into()),
                DiffLine::Removed("two".into()),
                DiffLine::Added("2".into()),
                DiffLine::Same("three".into()),
                DiffLine::Added("four".into()),
            ]
        );
        assert!(
            diff_lines("same", "same")
                .iter()
                .all(|l| matches!(l, DiffLine::Same(_)))
        );
    }

    #[test]
    fn amendments_are_checked() {
        let remove = RawAmendment {
            article: "11".into(),
            ..RawAmendment::default()
        }
        .validate()
        .unwrap();
        assert!(remove.text.is_empty(), "an empty text removes the article");
        let bad = RawAmendment {
            article: "0".into(),
            text: "New text".into(),
            ..RawAmendment::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["article", "title"]);
    }
}
