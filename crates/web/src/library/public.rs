//! The public library: the list with facets and a text box (answered by the search index), the
//! item page, the Atom feed (all items, or one theme's), citations and the CSV export, and
//! attachment downloads.

use super::{Access, kind_label, load, sdg_label, theme_label};
use crate::error::{AppError, PageError};
use crate::events::note;
use crate::i18n::I18n;
use crate::members::markdown;
use crate::page::{Ctx, Shell, json_for_script};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pumasi_domain::library::{ItemKind, THEMES};
use pumasi_domain::locale::Locale;
use pumasi_search::index::{Options, highlights, snippet};
use pumasi_store::library::{self, Facets, Filter, Item};
use serde::Deserialize;
use uuid::Uuid;

/// Items per list page.
pub const PAGE_SIZE: usize = 20;

/// The list's query string. Every field is text, so a malformed value is ignored rather than
/// rejected: a shared link with an outdated filter still opens.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub kind: String,
    pub theme: String,
    pub sdg: String,
    pub country: String,
    pub region: String,
    pub language: String,
    pub year: String,
    pub page: String,
}

impl ListQuery {
    #[must_use]
    pub fn filter(&self) -> Filter {
        Filter {
            kind: ItemKind::parse(&self.kind),
            theme: THEMES
                .iter()
                .find(|t| **t == self.theme.trim())
                .map(|t| (*t).to_owned()),
            sdg: self
                .sdg
                .trim()
                .parse()
                .ok()
                .filter(|n| pumasi_domain::library::SDGS.contains(n)),
            country: pumasi_domain::countries::country(&self.country.trim().to_ascii_uppercase())
                .map(|c| c.alpha2.to_owned()),
            continent: pumasi_domain::countries::Continent::from_code(self.region.trim()),
            language: pumasi_domain::languages::parse_code(&self.language),
            year: self
                .year
                .trim()
                .parse()
                .ok()
                .filter(|y| (1800..=2200).contains(y)),
            ids: None,
        }
    }

    fn page(&self) -> usize {
        self.page
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .unwrap_or(1)
    }
}

/// Ids of the library items matching a text, best first (all four languages; the reader's
/// first among equals).
#[must_use]
pub fn text_matches(ctx: &Ctx, q: &str) -> Vec<Uuid> {
    let opts = Options {
        kind: Some("library"),
        reader: Some(ctx.locale()),
        limit: 10_000,
        ..Options::default()
    };
    match ctx.state.search.index().search(q, &opts) {
        Ok(hits) => hits
            .iter()
            .filter_map(|h| pumasi_store::search::parse_key(&h.id).map(|(_, id)| id))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "library search");
            Vec::new()
        }
    }
}

/// One facet value as a link: `(label, count, href, chosen)`.
type FacetLink = (String, usize, String, bool);

/// One list entry.
pub struct Row {
    pub slug: String,
    pub title: String,
    pub title_lang: &'static str,
    pub note: String,
    pub kind: String,
    pub year: String,
    pub summary: String,
    pub summary_lang: &'static str,
    /// The summary cut around the searched words, with them marked: `(text, marked)` pieces.
    pub snippet: Vec<(String, bool)>,
    pub themes: Vec<String>,
    pub fictional: bool,
}

/// `text` cut into pieces, marked where `ranges` say.
#[must_use]
pub fn pieces(text: &str, ranges: &[(usize, usize)]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        if a > at {
            out.push((text[at..a].to_owned(), false));
        }
        out.push((text[a..b].to_owned(), true));
        at = b;
    }
    if at < text.len() {
        out.push((text[at..].to_owned(), false));
    }
    out
}

pub(crate) fn row(i: I18n, it: &Item, q: &str) -> Row {
    let text = if it.summary.text.is_empty() {
        &it.body.text
    } else {
        &it.summary.text
    };
    let (cut, marks) = if q.trim().is_empty() {
        snippet(text, &[], 240)
    } else {
        snippet(text, &highlights(text, it.summary.lang.locale(), q), 240)
    };
    Row {
        slug: it.slug.clone(),
        title: it.title.text.clone(),
        title_lang: it.title.lang.code(),
        note: note(i, &it.title),
        kind: kind_label(i, it.kind),
        year: it.year().map(|y| y.to_string()).unwrap_or_default(),
        summary: it.summary.text.clone(),
        summary_lang: it.summary.lang.code(),
        snippet: pieces(&cut, &marks),
        themes: it.themes.iter().map(|t| theme_label(i, t)).collect(),
        fictional: it.fictional,
    }
}

#[derive(Template)]
#[template(path = "library.html")]
struct ListPage {
    shell: Shell,
    i: I18n,
    q: String,
    rows: Vec<Row>,
    total: usize,
    facets: Vec<(String, Vec<FacetLink>)>,
    chosen: Vec<(String, String)>,
    prev: Option<String>,
    next: Option<String>,
    feed: String,
    csv: String,
    can_edit: bool,
    no_words: bool,
}

impl ListPage {
    /// A facet group starts open on the first two groups and on any with a chosen value; the
    /// rest fold away (on a phone they come after the results).
    fn facet_open(&self, index: &usize, links: &[FacetLink]) -> bool {
        *index <= 2 || links.iter().any(|l| l.3)
    }
}

/// The list's URL with one parameter changed (`None` removes it) and the page reset.
fn href(i: I18n, q: &ListQuery, key: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("q", &q.q),
        ("kind", &q.kind),
        ("theme", &q.theme),
        ("sdg", &q.sdg),
        ("country", &q.country),
        ("region", &q.region),
        ("language", &q.language),
        ("year", &q.year),
    ] {
        if k == key {
            continue;
        }
        if !v.trim().is_empty() {
            pairs.push((k, v.trim().to_owned()));
        }
    }
    if let Some(v) = value {
        pairs.push((key, v.to_owned()));
    }
    let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if qs.is_empty() {
        format!("/{}/library", i.code())
    } else {
        format!("/{}/library?{qs}", i.code())
    }
}

fn facet_links(
    i: I18n,
    q: &ListQuery,
    f: &Filter,
    facets: &Facets,
) -> Vec<(String, Vec<FacetLink>)> {
    let link = |key: &str, value: String, label: String, n: usize, chosen: bool| -> FacetLink {
        let h = if chosen {
            href(i, q, key, None)
        } else {
            href(i, q, key, Some(&value))
        };
        (label, n, h, chosen)
    };
    let mut kinds: Vec<FacetLink> = facets
        .kinds
        .iter()
        .filter_map(|(k, n)| ItemKind::parse(k).map(|kind| (kind, *n)))
        .map(|(k, n)| {
            link(
                "kind",
                k.code().into(),
                kind_label(i, k),
                n,
                f.kind == Some(k),
            )
        })
        .collect();
    kinds.sort_by_key(|b| std::cmp::Reverse(b.1));
    let mut themes: Vec<FacetLink> = facets
        .themes
        .iter()
        .map(|(t, n)| {
            link(
                "theme",
                t.clone(),
                theme_label(i, t),
                *n,
                f.theme.as_deref() == Some(t),
            )
        })
        .collect();
    themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let sdgs = facets
        .sdgs
        .iter()
        .map(|(s, n)| {
            link(
                "sdg",
                s.to_string(),
                sdg_label(i, *s),
                *n,
                f.sdg == Some(*s),
            )
        })
        .collect();
    let mut countries: Vec<FacetLink> = facets
        .countries
        .iter()
        .map(|(c, n)| {
            link(
                "country",
                c.clone(),
                i.country(c),
                *n,
                f.country.as_deref() == Some(c),
            )
        })
        .collect();
    pumasi_domain::collation::sort_by_name(i.locale, &mut countries, |c| &c.0);
    let regions = facets
        .continents
        .iter()
        .filter_map(|(k, n)| {
            let c = pumasi_domain::countries::Continent::from_code(k)?;
            Some(link(
                "region",
                k.clone(),
                i.t(&format!("continent-{}", c.key())),
                *n,
                f.continent == Some(c),
            ))
        })
        .collect();
    let languages = facets
        .languages
        .iter()
        .map(|(l, n)| {
            link(
                "language",
                l.clone(),
                pumasi_domain::languages::display(l, i.code()),
                *n,
                f.language.as_deref() == Some(l.as_str()),
            )
        })
        .collect();
    let years = facets
        .years
        .iter()
        .rev()
        .map(|(y, n)| link("year", y.to_string(), y.to_string(), *n, f.year == Some(*y)))
        .collect();
    vec![
        (i.t("library-facet-kind"), kinds),
        (i.t("library-facet-theme"), themes),
        (i.t("library-facet-sdg"), sdgs),
        (i.t("filter-continent"), regions),
        (i.t("library-facet-country"), countries),
        (i.t("library-facet-language"), languages),
        (i.t("library-facet-year"), years),
    ]
}

/// `GET /{locale}/library`: published items, newest first, or best first for a text; facets
/// count what each choice would give.
///
/// # Errors
/// Database errors.
pub async fn list(ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let i = ctx.i();
    let mut f = q.filter();
    let text = q.q.trim();
    let no_words = !text.is_empty() && pumasi_search::index::parse(text).is_empty();
    if !text.is_empty() {
        f.ids = Some(text_matches(&ctx, text));
    }
    let page = q.page();
    let (items, total, facets) = library::list(
        &ctx.state.store.db,
        &f,
        i.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await
    .map_err(|e| ctx.err(e))?;
    let base = href(i, &q, "page", None);
    let sep = if base.contains('?') { '&' } else { '?' };
    let chosen = [
        ("kind", f.kind.map(|k| kind_label(i, k))),
        ("theme", f.theme.as_deref().map(|t| theme_label(i, t))),
        ("sdg", f.sdg.map(|s| sdg_label(i, s))),
        ("country", f.country.as_deref().map(|c| i.country(c))),
        (
            "region",
            f.continent.map(|c| i.t(&format!("continent-{}", c.key()))),
        ),
        (
            "language",
            f.language
                .as_deref()
                .map(|l| pumasi_domain::languages::display(l, i.code())),
        ),
        ("year", f.year.map(|y| y.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, label)| label.map(|l| (l, href(i, &q, k, None))))
    .collect();
    let feed = match &f.theme {
        Some(t) => format!("/{}/library/feed.atom?theme={t}", i.code()),
        None => format!("/{}/library/feed.atom", i.code()),
    };
    let csv = href(i, &q, "page", None).replacen("/library", "/library/library.csv", 1);
    let page_view = ListPage {
        rows: items.iter().map(|it| row(i, it, text)).collect(),
        total,
        facets: facet_links(i, &q, &f, &facets),
        chosen,
        prev: (page > 1).then(|| format!("{base}{sep}page={}", page - 1)),
        next: (page * PAGE_SIZE < total).then(|| format!("{base}{sep}page={}", page + 1)),
        feed,
        csv,
        can_edit: ctx.can(pumasi_domain::policy::Action::CreateLibraryItem),
        q: text
            .chars()
            .take(pumasi_search::index::QUERY_MAX_CHARS)
            .collect(),
        no_words,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render_public(&page_view)
}

#[derive(Template)]
#[template(path = "library_item.html")]
struct ItemPage {
    shell: Shell,
    i: I18n,
    it: Item,
    access: Access,
    kind: String,
    status: String,
    title_note: String,
    summary_note: String,
    body_note: String,
    body_html: String,
    themes: Vec<(String, String)>,
    sdgs: Vec<(String, String)>,
    languages: String,
    country: String,
    licence: String,
    licence_url: String,
    date: String,
    related: Vec<Row>,
    /// Events and declarations it names, and what names it.
    mentions: Vec<pumasi_store::search::Card>,
    json_ld: String,
    steps: Vec<(&'static str, String)>,
}

fn json_ld(it: &Item, base: &str, l: Locale) -> String {
    let url = format!("{base}/{}/library/{}", l.code(), it.slug);
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": it.kind.schema_type(),
        "@id": format!("{base}/en/library/{}", it.slug),
        "url": url,
        "name": it.title.text,
        "inLanguage": it.title.lang.code(),
        "genre": it.kind.code(),
    });
    if !it.summary.text.is_empty() {
        v["abstract"] = it.summary.text.clone().into();
    }
    if let Some(d) = &it.date {
        v["datePublished"] = it.date_text().into();
        let _ = d;
    }
    if !it.publisher.is_empty() {
        v["publisher"] = serde_json::json!({ "@type": "Organization", "name": it.publisher });
    }
    let authors: Vec<serde_json::Value> = it
        .authors
        .iter()
        .map(|a| match &a.organisation {
            Some(s) => serde_json::json!({ "@type": "Organization", "name": a.name, "url": format!("{base}/{}/members/{s}", l.code()) }),
            None => serde_json::json!({ "@type": "Thing", "name": a.name }),
        })
        .collect();
    if !authors.is_empty() {
        v["author"] = authors.into();
    }
    if let Some(u) = it.licence.url() {
        v["license"] = u.into();
    }
    if let Some(c) = &it.country {
        v["spatialCoverage"] = serde_json::json!({ "@type": "Country", "name": c });
    }
    let keywords: Vec<String> = it
        .themes
        .iter()
        .map(|t| theme_label(I18n::new(l), t))
        .chain(it.sdgs.iter().map(|s| format!("SDG {s}")))
        .collect();
    if !keywords.is_empty() {
        v["keywords"] = keywords.join(", ").into();
    }
    let files: Vec<serde_json::Value> = it
        .attachments
        .iter()
        .map(|a| {
            serde_json::json!({
                "@type": "MediaObject",
                "name": a.filename,
                "encodingFormat": a.content_type,
                "contentSize": a.size,
                "contentUrl": format!("{base}/{}/library/{}/files/{}", l.code(), it.slug, a.id),
            })
        })
        .collect();
    if !files.is_empty() {
        v["associatedMedia"] = files.into();
    }
    if let Some(u) = &it.url {
        v["sameAs"] = u.clone().into();
    }
    json_for_script(&v)
}

/// The workflow steps this editor may take from the item's status, as `(code, label)`.
fn steps(i: I18n, it: &Item, a: Access) -> Vec<(&'static str, String)> {
    use pumasi_domain::library::{Step, next_status};
    let Some(who) = a.editor else {
        return Vec::new();
    };
    [Step::Submit, Step::Return, Step::Publish, Step::Unpublish]
        .into_iter()
        .filter(|s| next_status(it.status, *s, who, it.reviewed).is_ok())
        .map(|s| (s.code(), i.t(&format!("library-step-{}", s.code()))))
        .collect()
}

/// `GET /{locale}/library/{slug}`. Unpublished items are shown only to their editors and the
/// reviewers.
///
/// # Errors
/// `NotFound`.
pub async fn item_page(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (it, access) = load(&ctx, &slug).await?;
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let related = library::related(db, &it, i.locale, 5)
        .await
        .map_err(|e| ctx.err(e))?;
    let mentions = if it.is_public() {
        // Its title and texts in every language it has.
        let docs = pumasi_store::search::library_docs(db, Some(&[it.id]))
            .await
            .map_err(|e| ctx.err(e))?;
        let texts: Vec<&(pumasi_domain::languages::Lang, String, String, String)> =
            docs.iter().flat_map(|d| d.texts.iter()).collect();
        let titles: Vec<String> = texts.iter().map(|t| t.1.clone()).collect();
        let text = texts
            .iter()
            .map(|t| format!("{}\n{}\n{}", t.1, t.2, t.3))
            .collect::<Vec<_>>()
            .join("\n");
        crate::mentions::of(&ctx.state, it.id, &titles, &text, i.locale)
            .await
            .map_err(|e| ctx.err(e))?
    } else {
        Vec::new()
    };
    let page = ItemPage {
        mentions,
        kind: kind_label(i, it.kind),
        status: i.t(&format!("library-status-{}", it.status.code())),
        title_note: note(i, &it.title),
        summary_note: note(i, &it.summary),
        body_note: note(i, &it.body),
        body_html: markdown(&it.body.text),
        themes: it
            .themes
            .iter()
            .map(|t| {
                (
                    theme_label(i, t),
                    format!("/{}/library?theme={t}", i.code()),
                )
            })
            .collect(),
        sdgs: it
            .sdgs
            .iter()
            .map(|s| (sdg_label(i, *s), format!("/{}/library?sdg={s}", i.code())))
            .collect(),
        languages: it
            .languages
            .iter()
            .map(|l| pumasi_domain::languages::display(l, i.code()))
            .collect::<Vec<_>>()
            .join(", "),
        country: it
            .country
            .as_deref()
            .map(|c| i.country(c))
            .unwrap_or_default(),
        licence: super::licence_label(i, it.licence),
        licence_url: it.licence.url().unwrap_or_default().to_owned(),
        date: it.date_text(),
        related: related.iter().map(|r| row(i, r, "")).collect(),
        json_ld: json_ld(&it, &ctx.state.config.base_url, i.locale),
        steps: steps(i, &it, access),
        it,
        access,
        shell: ctx.shell.clone(),
        i,
    };
    if page.it.is_public() {
        ctx.render_public(&page)
    } else {
        ctx.render(&page)
    }
}

/// `GET /{locale}/library/{slug}/files/{id}`: the bytes with the type found at upload, as a
/// download (never rendered inline), counted.
///
/// # Errors
/// `NotFound`.
pub async fn download(
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id: Uuid = id.parse().map_err(|_| ctx.err(AppError::NotFound))?;
    let (it, _) = load(&ctx, &slug).await?;
    let db = &ctx.state.store.db;
    let a = library::attachments::get(db, it.id, id)
        .await
        .map_err(|e| ctx.err(e))?;
    let bytes = ctx.state.files.get(&a.object_key).await.map_err(|e| {
        tracing::error!(error = %e, key = a.object_key, "attachment missing from the store");
        ctx.err(AppError::NotFound)
    })?;
    library::attachments::count_download(db, a.id)
        .await
        .map_err(|e| ctx.err(e))?;
    Ok(file_response(&a.content_type, &a.filename, bytes))
}

/// A download: `Content-Disposition: attachment` with an ASCII fallback name and the UTF-8
/// name (RFC 6266), nosniff, and a sandboxing CSP in case a browser renders it anyway.
#[must_use]
pub fn file_response(content_type: &str, filename: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8 = percent_encoding::utf8_percent_encode(filename, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

/// `GET /{locale}/library/feed.atom[?theme=t4]`: the newest published items.
///
/// # Errors
/// Database errors.
pub async fn feed(ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let i = ctx.i();
    let f = Filter {
        theme: q.filter().theme,
        ..Filter::default()
    };
    let (items, _, _) = library::list(&ctx.state.store.db, &f, i.locale, 0, 50)
        .await
        .map_err(|e| ctx.err(e))?;
    let base = &ctx.state.config.base_url;
    let name = ctx.shell.identity.name.clone();
    let title = match &f.theme {
        Some(t) => format!("{} — {}", i.t("library-title"), theme_label(i, t)),
        None => i.t("library-title"),
    };
    let self_url = match &f.theme {
        Some(t) => format!("{base}/{}/library/feed.atom?theme={t}", i.code()),
        None => format!("{base}/{}/library/feed.atom", i.code()),
    };
    let updated = items
        .iter()
        .map(|it| it.updated_at)
        .max()
        .unwrap_or_else(pumasi_store::now);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/{}/library\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        i.code(),
        xml(&title),
        xml(&name),
        xml(&self_url),
        xml(&self_url),
        i.code(),
        updated.to_rfc3339(),
        xml(&name),
    ));
    for it in &items {
        let url = format!("{base}/{}/library/{}", i.code(), it.slug);
        x.push_str(&format!(
            "<entry>\n<title xml:lang=\"{}\">{}</title>\n<id>{base}/library/{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n",
            it.title.lang.code(),
            xml(&it.title.text),
            it.id,
            xml(&url),
            it.published_at.unwrap_or(it.created_at).to_rfc3339(),
            it.updated_at.to_rfc3339(),
        ));
        for a in &it.authors {
            x.push_str(&format!("<author><name>{}</name></author>\n", xml(&a.name)));
        }
        x.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>\n",
            it.kind.code(),
            xml(&kind_label(i, it.kind))
        ));
        for t in &it.themes {
            x.push_str(&format!(
                "<category term=\"{t}\" scheme=\"http://purl.org/essglobal/standard/themes/\" label=\"{}\"/>\n",
                xml(&theme_label(i, t))
            ));
        }
        if !it.summary.text.is_empty() {
            x.push_str(&format!(
                "<summary xml:lang=\"{}\">{}</summary>\n",
                it.summary.lang.code(),
                xml(&it.summary.text)
            ));
        }
        if let Some(u) = it.licence.url() {
            x.push_str(&format!("<rights>{}</rights>\n", xml(u)));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    let mut r = (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        x,
    )
        .into_response();
    if ctx.account.is_none() {
        r.extensions_mut().insert(crate::page::Cacheable);
    }
    Ok(r)
}

/// Escapes text for XML content and attributes.
#[must_use]
pub fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => o.push(c),
        }
    }
    o
}

/// Escapes a BibTeX field value: braces balanced by escaping, special characters quoted.
fn bib(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '\\' | '%' | '&' | '$' | '#' | '_' | '^' | '~' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// `GET /{locale}/library/{slug}/cite.bib`.
///
/// # Errors
/// `NotFound`.
pub async fn bibtex(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (it, _) = load(&ctx, &slug).await?;
    let url = format!(
        "{}/{}/library/{}",
        ctx.state.config.base_url,
        ctx.locale().code(),
        it.slug
    );
    let key = it.slug.replace('-', "_");
    let mut out = format!("@{}{{{key},\n", it.kind.bibtex_type());
    out.push_str(&format!("  title = {{{}}},\n", bib(&it.title.text)));
    let authors: Vec<String> = it
        .authors
        .iter()
        .map(|a| format!("{{{}}}", bib(&a.name)))
        .collect();
    if !authors.is_empty() {
        out.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
    }
    if let Some(y) = it.year() {
        out.push_str(&format!("  year = {{{y}}},\n"));
    }
    if !it.publisher.is_empty() {
        let field = if it.kind.bibtex_type() == "techreport" {
            "institution"
        } else {
            "publisher"
        };
        out.push_str(&format!("  {field} = {{{}}},\n", bib(&it.publisher)));
    }
    out.push_str(&format!("  language = {{{}}},\n", it.base_lang.code()));
    out.push_str(&format!(
        "  url = {{{}}},\n",
        bib(it.url.as_deref().unwrap_or(&url))
    ));
    out.push_str(&format!(
        "  note = {{{}}}\n}}\n",
        bib(&kind_label(ctx.i(), it.kind))
    ));
    Ok(citation(
        "application/x-bibtex",
        &format!("{}.bib", it.slug),
        out,
    ))
}

/// `GET /{locale}/library/{slug}/cite.ris`.
///
/// # Errors
/// `NotFound`.
pub async fn ris(ctx: Ctx, Path((_, slug)): Path<(String, String)>) -> Result<Response, PageError> {
    let (it, _) = load(&ctx, &slug).await?;
    let url = format!(
        "{}/{}/library/{}",
        ctx.state.config.base_url,
        ctx.locale().code(),
        it.slug
    );
    let line = |tag: &str, v: &str| format!("{tag}  - {}\r\n", v.replace(['\r', '\n'], " "));
    let mut out = line("TY", it.kind.ris_type());
    out.push_str(&line("TI", &it.title.text));
    for a in &it.authors {
        out.push_str(&line("AU", &a.name));
    }
    if let Some(y) = it.year() {
        out.push_str(&line("PY", &y.to_string()));
    }
    if it.date_precision == 3 {
        out.push_str(&line("DA", &it.date_text().replace('-', "/")));
    }
    if !it.publisher.is_empty() {
        out.push_str(&line("PB", &it.publisher));
    }
    if !it.summary.text.is_empty() {
        out.push_str(&line("AB", &it.summary.text));
    }
    for t in &it.themes {
        out.push_str(&line("KW", &theme_label(ctx.i(), t)));
    }
    out.push_str(&line("LA", it.base_lang.code()));
    out.push_str(&line("UR", it.url.as_deref().unwrap_or(&url)));
    out.push_str("ER  - \r\n");
    Ok(citation(
        "application/x-research-info-systems",
        &format!("{}.ris", it.slug),
        out,
    ))
}

fn citation(content_type: &str, filename: &str, body: String) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("{content_type}; charset=utf-8")) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `GET /{locale}/library/library.csv`: the list's current selection, every match.
///
/// # Errors
/// Database errors.
pub async fn export_csv(ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let i = ctx.i();
    let mut f = q.filter();
    if !q.q.trim().is_empty() {
        f.ids = Some(text_matches(&ctx, q.q.trim()));
    }
    let (items, _, _) = library::list(&ctx.state.store.db, &f, i.locale, 0, usize::MAX)
        .await
        .map_err(|e| ctx.err(e))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let base = &ctx.state.config.base_url;
    let _ = w.write_record([
        "slug",
        "kind",
        "title",
        "title_lang",
        "authors",
        "publisher",
        "date",
        "languages",
        "themes",
        "sdgs",
        "country",
        "licence",
        "url",
        "page",
    ]);
    for it in &items {
        let _ = w.write_record([
            it.slug.as_str(),
            it.kind.code(),
            &crate::events::organise::cell(&it.title.text),
            it.title.lang.code(),
            &crate::events::organise::cell(
                &it.authors
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            &crate::events::organise::cell(&it.publisher),
            &it.date_text(),
            &it.languages
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(","),
            &it.themes.join(","),
            &it.sdgs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            it.country.as_deref().unwrap_or(""),
            it.licence.code(),
            it.url.as_deref().unwrap_or(""),
            &format!("{base}/{}/library/{}", i.code(), it.slug),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"library.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
