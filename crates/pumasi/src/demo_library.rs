//! Loads the demo library (`demo/library.json`): real laws, resolutions and publications with
//! their public facts (summaries in our own words), and fictional items marked as such. Items
//! go through the same validation, store functions and workflow as the editors' forms; the
//! fictional case studies get a small generated PDF so that downloads can be tried.

use anyhow::{Context, bail};
use pumasi_domain::library::{Editor, ITEM_TRANSLATABLE, RawItem, Step};
use pumasi_domain::locale::Locale;
use pumasi_store::library::{self, attachments::Files};
use serde::Deserialize;
use std::collections::BTreeMap;

const DEMO_LIBRARY: &str = include_str!("../demo/library.json");

type Texts = BTreeMap<String, String>;

#[derive(Deserialize)]
struct File {
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Author {
    Org { org: String },
    Name { name: String },
}

#[derive(Deserialize)]
struct Item {
    slug: String,
    kind: String,
    fictional: bool,
    status: String,
    base_locale: String,
    title: Texts,
    summary: Texts,
    body: Texts,
    #[serde(default)]
    authors: Vec<Author>,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    sdgs: Vec<i32>,
    country: Option<String>,
    #[serde(default)]
    organisations: Vec<String>,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    url: String,
}

/// A one-page PDF with a title line: a real, valid file for the demo's attachments.
#[must_use]
pub fn pdf(title: &str) -> Vec<u8> {
    let text: String = title
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .take(80)
        .collect();
    let stream =
        format!("BT /F1 14 Tf 56 760 Td ({text}) Tj 0 -24 Td (Pumasi demonstration file) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Writes the demo library in `txn`; returns how many items were loaded.
pub async fn load(
    txn: &impl pumasi_store::sea_orm::ConnectionTrait,
    files: &Files,
) -> anyhow::Result<usize> {
    let file: File = serde_json::from_str(DEMO_LIBRARY).context("demo/library.json")?;
    for it in &file.items {
        let lang = Locale::parse(&it.base_locale).unwrap_or(Locale::En);
        let base = |t: &Texts| t.get(lang.code()).cloned().unwrap_or_default();
        let mut names = Vec::new();
        let mut orgs = Vec::new();
        for a in &it.authors {
            match a {
                Author::Name { name } => names.push(name.clone()),
                Author::Org { org } => orgs.push(org.clone()),
            }
        }
        let raw = RawItem {
            slug: it.slug.clone(),
            kind: it.kind.clone(),
            lang: lang.code().to_owned(),
            title: base(&it.title),
            summary: base(&it.summary),
            body: base(&it.body),
            authors: names.join("\n"),
            author_orgs: orgs.join(","),
            publisher: it.publisher.clone(),
            date: it.date.clone(),
            languages: it.languages.join(","),
            themes: it.themes.join(","),
            sdgs: it
                .sdgs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            country: it.country.clone().unwrap_or_default(),
            organisations: it.organisations.join(","),
            events: it.events.join(","),
            sessions: String::new(),
            licence: it.licence.clone(),
            url: it.url.clone(),
            // Items of a demo organisation belong to it: its editors can try the workflow.
            owner: orgs.first().cloned().unwrap_or_default(),
            fictional: if it.fictional { "on" } else { "" }.to_owned(),
        };
        let input = raw
            .validate()
            .map_err(|e| anyhow::anyhow!("demo/library.json: {}: {e:?}", it.slug))?;
        let id = library::create(txn, &input, None)
            .await
            .with_context(|| format!("demo/library.json: {}", it.slug))?;
        for (field, texts) in ITEM_TRANSLATABLE
            .iter()
            .zip([&it.title, &it.summary, &it.body])
        {
            for (l, t) in texts {
                let Some(l) = Locale::parse(l) else {
                    bail!("demo/library.json: {}: language {l}", it.slug);
                };
                if l != lang {
                    library::translate(txn, id, field, l, t, None).await?;
                }
            }
        }
        if it.fictional && it.kind == "case_study" {
            let title = it.title.get("en").unwrap_or(&raw.title);
            library::attachments::add(
                txn,
                files,
                id,
                &format!("{}.pdf", it.slug),
                "application/pdf",
                pdf(title),
                None,
            )
            .await?;
        }
        match it.status.as_str() {
            "published" => {
                library::step(txn, id, Step::Publish, Editor::Reviewer, None).await?;
            }
            "review" => {
                library::step(txn, id, Step::Submit, Editor::OwnOrganisation, None).await?;
            }
            "draft" => {}
            s => bail!("demo/library.json: {}: status {s}", it.slug),
        }
    }
    Ok(file.items.len())
}
