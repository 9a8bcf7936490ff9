//! One search over everything public — library items, organisations, events and sessions — in
//! all four languages with the reader's first: the page `/{locale}/search` and the API
//! `/api/v1/search`. The library's and the directory's text boxes use the same index.

use crate::AppState;
use crate::error::{ApiError, AppError, PageError};
use crate::events::note;
use crate::i18n::I18n;
use crate::library::public::pieces;
use crate::page::{Ctx, Shell};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use pumasi_domain::FieldError;
use pumasi_domain::locale::Locale;
use pumasi_search::index::{Options, QUERY_MAX_CHARS, highlights, parse, snippet};
use pumasi_store::search::{Card, KINDS, cards, parse_key};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new().route("/{locale}/search", get(page))
}

/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// The deepest page reachable (results past it are not worth reading).
pub const PAGES_MAX: usize = 50;

/// One page of results: the cards, how many matched in all and per kind.
pub struct Results {
    pub cards: Vec<Card>,
    pub total: u64,
    pub per_kind: Vec<(String, u64)>,
}

/// Runs a search: `kind` narrows to one kind, `page` is 1-based.
///
/// # Errors
/// Database errors (an index failure is logged and gives no results).
pub async fn run(
    st: &AppState,
    q: &str,
    kind: Option<&str>,
    filters: &[(&str, &str)],
    reader: Locale,
    page: usize,
) -> Result<Results, pumasi_store::StoreError> {
    let opts = Options {
        kind,
        reader: Some(reader),
        limit: page * PAGE_SIZE,
        filters,
        count: &["kind"],
    };
    let found = match st.search.index().find(q, &opts) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "search");
            return Ok(Results {
                cards: Vec::new(),
                total: 0,
                per_kind: Vec::new(),
            });
        }
    };
    let per_kind: Vec<(String, u64)> = found
        .counts
        .iter()
        .find(|(n, _)| n == "kind")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let total = match kind {
        Some(k) => per_kind.iter().find(|(n, _)| n == k).map_or(0, |(_, c)| *c),
        None => per_kind.iter().map(|(_, c)| c).sum(),
    };
    let hits: Vec<(String, uuid::Uuid)> = found
        .hits
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .filter_map(|h| parse_key(&h.id).map(|(k, id)| (k.to_owned(), id)))
        .collect();
    Ok(Results {
        cards: cards(&st.store.db, &hits, reader).await?,
        total,
        per_kind,
    })
}

/// The organisations matching a directory's text box, best first (the directory then sorts
/// them as asked); an index failure is logged and matches nothing.
#[must_use]
pub fn organisation_ids(st: &AppState, q: &str, reader: Locale) -> Vec<uuid::Uuid> {
    let opts = Options {
        kind: Some("organisation"),
        reader: Some(reader),
        limit: 100_000,
        ..Options::default()
    };
    match st.search.index().search(q, &opts) {
        Ok(hits) => hits
            .iter()
            .filter_map(|h| parse_key(&h.id).map(|(_, id)| id))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "directory search");
            Vec::new()
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct SearchQuery {
    /// Words, and "quoted phrases"; at most 1,000 characters are read.
    pub q: String,
    /// `library`, `organisation`, `event` or `session`.
    pub kind: String,
    /// 1-based page of 20 results.
    pub page: String,
    /// The reader's language (ko, en, fr, es), ranked first; default from Accept-Language.
    pub lang: String,
    /// Only documents with this ESSGLOBAL theme (`t1`…`t19`; library items).
    pub theme: String,
    /// Only documents with this Sustainable Development Goal (1–17; library items).
    pub sdg: String,
    /// Only documents about this country (ISO 3166-1 alpha-2).
    pub country: String,
    /// Only documents of this year (library items by date, events by start).
    pub year: String,
}

impl SearchQuery {
    /// The facet filters, each checked; a wrong value is reported under its name.
    fn filters(&self) -> (Vec<(&'static str, String)>, Vec<FieldError>) {
        let mut out = Vec::new();
        let mut errs = Vec::new();
        let theme = self.theme.trim();
        if !theme.is_empty() {
            match pumasi_domain::library::THEMES.iter().find(|t| **t == theme) {
                Some(t) => out.push(("theme", (*t).to_owned())),
                None => errs.push(FieldError::new("theme", "error-choice-invalid")),
            }
        }
        let sdg = self.sdg.trim();
        if !sdg.is_empty() {
            match sdg.parse::<i32>() {
                Ok(n) if pumasi_domain::library::SDGS.contains(&n) => {
                    out.push(("sdg", n.to_string()));
                }
                _ => errs.push(FieldError::new("sdg", "error-choice-invalid")),
            }
        }
        let country = self.country.trim();
        if !country.is_empty() {
            match pumasi_domain::countries::country(&country.to_ascii_uppercase()) {
                Some(c) => out.push(("country", c.alpha2.to_owned())),
                None => errs.push(FieldError::new("country", "error-country-invalid")),
            }
        }
        let year = self.year.trim();
        if !year.is_empty() {
            match year.parse::<i32>() {
                Ok(y) if (1800..=2200).contains(&y) => out.push(("year", y.to_string())),
                _ => errs.push(FieldError::new("year", "error-year-invalid")),
            }
        }
        (out, errs)
    }
}

/// One result as the page shows it.
pub struct Row {
    pub kind: String,
    pub title: String,
    pub title_lang: &'static str,
    pub note: String,
    pub href: String,
    pub snippet: Vec<(String, bool)>,
    pub snippet_lang: &'static str,
    pub fictional: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    i: I18n,
    q: String,
    kinds: Vec<(String, String, u64, bool)>,
    rows: Vec<Row>,
    total: u64,
    no_words: bool,
    prev: Option<String>,
    next: Option<String>,
}

fn kind_label(i: I18n, k: &str) -> String {
    i.t(&format!("search-kind-{k}"))
}

fn marked(text: &str, lang: Option<Locale>, q: &str) -> Vec<(String, bool)> {
    let (cut, marks) = snippet(text, &highlights(text, lang, q), 240);
    pieces(&cut, &marks)
}

/// `GET /{locale}/search?q=…&kind=…&page=…`.
///
/// # Errors
/// Database errors.
pub async fn page(ctx: Ctx, Query(p): Query<SearchQuery>) -> Result<Response, PageError> {
    let i = ctx.i();
    let q: String = p.q.trim().chars().take(QUERY_MAX_CHARS).collect();
    let kind = KINDS.iter().copied().find(|k| *k == p.kind.trim());
    let page = p
        .page
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=PAGES_MAX).contains(n))
        .unwrap_or(1);
    let no_words = !q.is_empty() && parse(&q).is_empty();
    // Facet filters from the query string (a wrong value is ignored on the page; the API
    // names it).
    let (kept, _) = p.filters();
    let res = if q.is_empty() || no_words {
        Results {
            cards: Vec::new(),
            total: 0,
            per_kind: Vec::new(),
        }
    } else {
        let f: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run(&ctx.state, &q, kind, &f, i.locale, page)
            .await
            .map_err(|e| ctx.err(e))?
    };
    let link = |k: Option<&str>, pg: usize| {
        let mut pairs = vec![("q", q.clone())];
        pairs.extend(kept.iter().map(|(n, v)| (*n, v.clone())));
        if let Some(k) = k {
            pairs.push(("kind", k.to_owned()));
        }
        if pg > 1 {
            pairs.push(("page", pg.to_string()));
        }
        format!(
            "/{}/search?{}",
            i.code(),
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let all: u64 = res.per_kind.iter().map(|(_, c)| c).sum();
    let mut kinds = vec![(i.t("search-kind-all"), link(None, 1), all, kind.is_none())];
    for k in KINDS {
        let n = res
            .per_kind
            .iter()
            .find(|(x, _)| x == k)
            .map_or(0, |(_, c)| *c);
        if n > 0 || kind == Some(k) {
            kinds.push((kind_label(i, k), link(Some(k), 1), n, kind == Some(k)));
        }
    }
    let rows = res
        .cards
        .iter()
        .map(|c| Row {
            kind: kind_label(i, c.kind),
            title: c.title.text.clone(),
            title_lang: c.title.lang.code(),
            note: note(i, &c.title),
            href: format!("/{}{}", i.code(), c.path),
            snippet: marked(&c.text.text, c.text.lang.locale(), &q),
            snippet_lang: c.text.lang.code(),
            fictional: c.fictional,
        })
        .collect();
    let view = SearchPage {
        prev: (page > 1).then(|| link(kind, page - 1)),
        next: ((page * PAGE_SIZE) < usize::try_from(res.total).unwrap_or(usize::MAX)
            && page < PAGES_MAX)
            .then(|| link(kind, page + 1)),
        kinds,
        rows,
        total: res.total,
        no_words,
        q,
        shell: ctx.shell.clone(),
        i,
    };
    ctx.render_public(&view)
}

/// One result of `/api/v1/search`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    /// `library`, `organisation`, `event` or `session`.
    pub kind: String,
    pub id: uuid::Uuid,
    pub title: String,
    /// The language of `title`: the reader's when translated, else the original's.
    pub title_lang: String,
    /// A passage of the summary or description around the first matched word.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query.
    pub highlights: Vec<[usize; 2]>,
    /// The page, as an absolute URL in the reader's language.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPageDto {
    pub total: u64,
    pub page: usize,
    /// Matches per kind, over all pages.
    pub kinds: std::collections::BTreeMap<String, u64>,
    pub hits: Vec<SearchHitDto>,
}

/// `GET /api/v1/search`.
///
/// # Errors
/// 422 problem+json for an unknown kind or language, a page out of range, or a query longer
/// than 1,000 characters; never a 500 for odd text (only punctuation, unbalanced quotes…).
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchPageDto), (status = 422, body = crate::api::Problem, content_type = "application/problem+json")))]
pub async fn api(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<SearchQuery>,
) -> Result<Json<SearchPageDto>, ApiError> {
    let mut errs = Vec::new();
    let l = crate::api::locale(
        Some(p.lang.as_str()).filter(|s| !s.is_empty()),
        &headers,
        &mut errs,
    );
    if p.q.chars().count() > QUERY_MAX_CHARS {
        errs.push(FieldError::new("q", "error-too-long"));
    }
    let kind = match p.kind.trim() {
        "" => None,
        k => {
            let found = KINDS.iter().copied().find(|x| *x == k);
            if found.is_none() {
                errs.push(FieldError::new("kind", "error-choice-invalid"));
            }
            found
        }
    };
    let page = match p.page.trim() {
        "" => 1,
        s => match s.parse::<usize>() {
            Ok(n) if (1..=PAGES_MAX).contains(&n) => n,
            _ => {
                errs.push(FieldError::new("page", "error-page-invalid"));
                1
            }
        },
    };
    let (filters, bad) = p.filters();
    errs.extend(bad);
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let q = p.q.trim();
    let f: Vec<(&str, &str)> = filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = run(&st, q, kind, &f, l, page)
        .await
        .map_err(|e| ApiError(e.into()))?;
    let base = &st.config.base_url;
    Ok(Json(SearchPageDto {
        total: res.total,
        page,
        kinds: res.per_kind.into_iter().collect(),
        hits: res
            .cards
            .into_iter()
            .map(|c| {
                let (text, marks) = snippet(
                    &c.text.text,
                    &highlights(&c.text.text, c.text.lang.locale(), q),
                    240,
                );
                SearchHitDto {
                    kind: c.kind.to_owned(),
                    id: c.id,
                    title: c.title.text,
                    title_lang: c.title.lang.code().to_owned(),
                    snippet: text,
                    highlights: marks.into_iter().map(|(a, b)| [a, b]).collect(),
                    url: format!("{base}/{}{}", l.code(), c.path),
                }
            })
            .collect(),
    }))
}
