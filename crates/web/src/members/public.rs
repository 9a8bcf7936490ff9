//! Public member pages.

use crate::AppState;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, Shell};
use crate::svg;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use pumasi_domain::countries::{self, Continent};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{MemberStatus, MembershipClass};
use pumasi_domain::policy::Action;
use pumasi_store::members::{self, Filter, MemberStats, Organisation, Sort, Vocabulary};
use std::collections::HashMap;

pub const PAGE_SIZE: u64 = 100;

/// `/`: the language from the cookie, then Accept-Language, then the hub's default.
pub async fn root(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let id = st.identity.read().await.clone();
    let from_cookie = crate::auth::cookie(&headers, "lang")
        .and_then(|c| Locale::parse(&c))
        .filter(|l| id.languages.contains(l));
    let l = from_cookie.unwrap_or_else(|| {
        let al = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Locale::negotiate(al, &id.languages, id.default_language)
    });
    let mut r = Redirect::to(&format!("/{}/", l.code())).into_response();
    r.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    r
}

/// The language switcher: remembers the choice in a cookie (used by `/`) and goes to the same
/// page in that language. Only local paths are followed.
pub async fn switch_language(
    State(st): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let id = st.identity.read().await.clone();
    let Some(l) = Locale::parse(&code).filter(|l| id.languages.contains(l)) else {
        return crate::error::not_found_fallback("/".parse().unwrap_or_default()).await;
    };
    let next = q
        .get("next")
        .filter(|n| {
            crate::page::local_path(n).is_some() && n.starts_with(&format!("/{}/", l.code()))
        })
        .cloned()
        .unwrap_or_else(|| format!("/{}/", l.code()));
    let secure = if st.config.secure() { "; Secure" } else { "" };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, next),
            (
                header::SET_COOKIE,
                format!(
                    "lang={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
                    l.code()
                ),
            ),
        ],
    )
        .into_response()
}

pub async fn home_redirect(Path(locale): Path<String>) -> Response {
    match Locale::parse(&locale) {
        Some(l) => Redirect::permanent(&format!("/{}/", l.code())).into_response(),
        None => {
            crate::error::not_found_fallback(format!("/{locale}").parse().unwrap_or_default()).await
        }
    }
}

/// "78 members on 5 continents from 36 countries, including 27 local governments and 49 SSE
/// networks, and 2 honorary members" — from data, in the reader's language.
#[must_use]
pub fn home_sentence(i: &I18n, s: &MemberStats) -> String {
    let n = |v: u64| FluentValue::from(v);
    i.ta(
        "home-sentence",
        &[
            ("members", n(s.members)),
            ("continents", n(s.continents)),
            ("countries", n(s.countries)),
            ("localgov", n(s.local_governments)),
            ("sse", n(s.sse_organisations)),
            ("honorary", n(s.honorary)),
        ],
    )
}

/// What every card and profile shows about an organisation, resolved for one reader.
pub struct OrgView {
    pub o: Organisation,
    pub category: String,
    pub class: String,
    pub status: String,
    pub college: String,
    pub country: String,
    pub continent: String,
    pub name_note: String,
    pub description_note: String,
    pub description_html: String,
}

impl OrgView {
    #[must_use]
    pub fn new(o: Organisation, vocab: &Vocabulary, i: I18n) -> Self {
        let l = i.locale;
        let note = |lz: &members::Localized| {
            if lz.fallback {
                i.ts("shown-in", &i.language_name(lz.lang.code()))
            } else if lz.needs_review {
                i.t("translation-needs-review")
            } else {
                String::new()
            }
        };
        OrgView {
            category: vocab
                .category(&o.category)
                .map_or_else(|| o.category.clone(), |c| c.label(l).to_owned()),
            class: i.t(&format!("class-{}", o.class.code())),
            status: i.t(&format!("status-{}", o.status.code())),
            college: o
                .college
                .and_then(|n| vocab.college(n))
                .map(|c| format!("{} · {}", c.number, c.label(l)))
                .unwrap_or_default(),
            country: i.country(&o.country),
            continent: o
                .continent()
                .map(|c| i.t(&format!("continent-{}", c.key())))
                .unwrap_or_default(),
            name_note: note(&o.name),
            description_note: note(&o.description),
            description_html: markdown(&o.description.text),
            o,
        }
    }

    #[must_use]
    pub fn languages(&self, i: &I18n) -> String {
        self.o
            .languages
            .iter()
            .map(|c| i.language_name(c))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Deepest nesting of quotes and lists kept; deeper ones are flattened into their text, so a
/// hostile `> > > …` × 10,000 costs as little as the text it holds.
const MARKDOWN_NESTING_MAX: usize = 16;

/// Markdown to HTML with ammonia's allow-list: no scripts, no event handlers, no
/// `javascript:` links; links get `rel="noopener noreferrer nofollow"`. Quotes and lists nest
/// at most [`MARKDOWN_NESTING_MAX`] deep.
#[must_use]
pub fn markdown(src: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut html = String::new();
    // For each open quote, list or item: whether its tags were kept.
    let mut open: Vec<bool> = Vec::new();
    let events = pulldown_cmark::Parser::new(src).filter(|e| match e {
        Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
            let keep = open.iter().filter(|k| **k).count() < MARKDOWN_NESTING_MAX;
            open.push(keep);
            keep
        }
        Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
            open.pop().unwrap_or(true)
        }
        _ => true,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&html)
        .to_string()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    i: I18n,
    sentence: String,
    map: String,
    recent: Vec<OrgView>,
    /// The next forum and events taking registrations or proposals.
    events: Vec<crate::events::public::Card>,
    library: Vec<crate::library::public::Row>,
    votes: Vec<pumasi_store::governance::motions::OpenVote>,
    declarations: Vec<pumasi_store::governance::declarations::Declaration>,
}

impl HomePage {
    fn closes(&self, v: &pumasi_store::governance::motions::OpenVote) -> String {
        self.i.ts("todo-closes", &self.i.datetime(v.closes_at))
    }
}

/// Events shown on the home page: those one can act on now (register, propose) and the next
/// forum, soonest first; else simply the next ones.
fn home_events(upcoming: Vec<pumasi_store::events::Event>) -> Vec<pumasi_store::events::Event> {
    use pumasi_domain::events::EventKind;
    let mut forum_seen = false;
    let actionable: Vec<_> = upcoming
        .iter()
        .filter(|e| {
            let first_forum = e.kind == EventKind::Forum && !forum_seen;
            if first_forum {
                forum_seen = true;
            }
            first_forum || e.status.takes_registrations() || e.status.takes_proposals()
        })
        .take(3)
        .cloned()
        .collect();
    if actionable.is_empty() {
        upcoming.into_iter().take(3).collect()
    } else {
        actionable
    }
}

pub async fn home(ctx: Ctx) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let stats = members::stats(db).await?;
    let vocab = members::vocabulary(db).await?;
    let counts: HashMap<String, u64> = stats.by_country.iter().cloned().collect();
    let map = svg::world_map(
        &counts,
        &[],
        &i.t("map-title"),
        &home_sentence(&i, &stats),
        i.code(),
        Some(&format!("/{}/members?country=", i.code())),
    );
    let filter = Filter {
        statuses: vec![MemberStatus::Member],
        ..Filter::default()
    };
    let recent = members::list(db, &filter, Sort::Newest, i.locale, 0, 6)
        .await?
        .items
        .into_iter()
        .map(|o| OrgView::new(o, &vocab, i))
        .collect();
    let now = chrono::Utc::now();
    let today = now.with_timezone(&i.tz).date_naive();
    let upcoming = pumasi_store::events::list(
        db,
        &pumasi_store::events::EventFilter {
            from: Some(today),
            ..Default::default()
        },
        i.locale,
    )
    .await?;
    let events = home_events(upcoming)
        .iter()
        .map(|e| crate::events::public::Card::new(i, e))
        .collect();
    let (items, _, _) = pumasi_store::library::list(
        db,
        &pumasi_store::library::Filter::default(),
        i.locale,
        0,
        4,
    )
    .await?;
    let library = items
        .iter()
        .map(|it| crate::library::public::row(i, it, ""))
        .collect();
    let (votes, next_change) =
        pumasi_store::governance::motions::open_at(db, now, 5, i.locale).await?;
    let mut declarations: Vec<_> = pumasi_store::governance::declarations::list(db)
        .await?
        .into_iter()
        .filter(|d| d.adopted_on.is_some())
        .collect();
    declarations.reverse();
    declarations.truncate(3);
    pumasi_store::governance::translations::localize_declarations(db, &mut declarations, i.locale)
        .await?;
    let mut r = ctx.render_public(&HomePage {
        sentence: home_sentence(&i, &stats),
        map,
        recent,
        events,
        library,
        votes,
        declarations,
        i,
        shell: ctx.shell.clone(),
    })?;
    // A vote opening or closing changes the page without any write: keep it until then only.
    if let Some(t) = next_change {
        r.extensions_mut().insert(crate::page::CacheUntil(t));
    }
    Ok(r)
}

/// A select box's options: `(value, label, selected)`.
pub type Options = Vec<(String, String, bool)>;

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage {
    shell: Shell,
    i: I18n,
    items: Vec<OrgView>,
    total: u64,
    q: String,
    categories: Options,
    classes: Options,
    statuses: Options,
    colleges: Options,
    continents: Options,
    countries: Options,
    languages: Options,
    sorts: Options,
    prev: Option<String>,
    next: Option<String>,
    page: u64,
    pages: u64,
}

fn opts(values: Vec<(String, String)>, selected: Option<&str>) -> Options {
    values
        .into_iter()
        .map(|(v, l)| {
            let s = selected == Some(v.as_str());
            (v, l, s)
        })
        .collect()
}

pub async fn directory(
    ctx: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let l = i.locale;
    let vocab = members::vocabulary(db).await?;
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let staff = ctx.can(Action::ViewApplications);
    let visible: Vec<MemberStatus> = MemberStatus::ALL
        .iter()
        .copied()
        // Suspended members are not listed to the public.
        .filter(|s| staff || s.is_listed())
        .collect();
    let status = get("status")
        .and_then(MemberStatus::parse)
        .filter(|s| visible.contains(s));
    let filter = Filter {
        category: get("category")
            .filter(|c| vocab.category(c).is_some())
            .map(str::to_owned),
        class: get("class").and_then(MembershipClass::parse),
        statuses: status.map_or_else(|| vec![MemberStatus::Member], |s| vec![s]),
        college: get("college").and_then(|c| c.parse().ok()),
        continent: get("continent").and_then(Continent::from_code),
        country: get("country")
            .and_then(countries::country)
            .map(|c| c.alpha2.to_owned()),
        language: get("language")
            .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase()))
            .map(str::to_owned),
        text: get("q").map(|t| t.chars().take(100).collect()),
        ids: None,
    };
    // The text box uses the search index (all four languages, folded, stemmed, Korean
    // particles) for the listed statuses it holds; applicants, suspended and other unlisted
    // statuses, which only the secretariat lists, are not in the index and keep the substring
    // match.
    let mut filter = filter;
    if let Some(t) = &filter.text
        && filter.statuses.iter().all(|s| s.is_listed())
    {
        filter.ids = Some(crate::search::organisation_ids(&ctx.state, t, l));
    }
    let sort = get("sort").and_then(Sort::parse).unwrap_or_default();
    let page = get("page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let result = members::list(db, &filter, sort, l, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let pages = result.total.div_ceil(PAGE_SIZE).max(1);
    let link = |p: u64| {
        let mut params: Vec<(String, String)> = q
            .iter()
            .filter(|(k, v)| *k != "page" && *k != "done" && !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        params.sort();
        params.push(("page".into(), p.to_string()));
        format!(
            "/{}/members?{}",
            l.code(),
            serde_urlencoded::to_string(&params).unwrap_or_default()
        )
    };
    // Only countries with members are offered (and the one asked for, if any).
    let with_members = members::member_countries(db).await?;
    let mut country_opts: Vec<(String, String)> = countries::all()
        .iter()
        .filter(|c| c.continent != Continent::Antarctica)
        .filter(|c| {
            with_members.iter().any(|m| m == c.alpha2)
                || filter.country.as_deref() == Some(c.alpha2)
        })
        .map(|c| (c.alpha2.to_owned(), c.name(l.code()).to_owned()))
        .collect();
    pumasi_domain::collation::sort_by_name(l, &mut country_opts, |c| &c.1);
    let page_view = DirectoryPage {
        items: result
            .items
            .into_iter()
            .map(|o| OrgView::new(o, &vocab, i))
            .collect(),
        total: result.total,
        q: get("q").unwrap_or("").to_owned(),
        categories: opts(
            vocab
                .categories
                .iter()
                .map(|c| (c.code.clone(), c.label(l).to_owned()))
                .collect(),
            get("category"),
        ),
        classes: opts(
            MembershipClass::ALL
                .iter()
                .map(|c| (c.code().to_owned(), i.t(&format!("class-{}", c.code()))))
                .collect(),
            get("class"),
        ),
        statuses: opts(
            visible
                .iter()
                .map(|s| (s.code().to_owned(), i.t(&format!("status-{}", s.code()))))
                .collect(),
            Some(status.map_or("member", |s| s.code())),
        ),
        colleges: opts(
            vocab
                .colleges
                .iter()
                .map(|c| {
                    (
                        c.number.to_string(),
                        format!("{} · {}", c.number, c.label(l)),
                    )
                })
                .collect(),
            get("college"),
        ),
        continents: opts(
            Continent::all_inhabited()
                .iter()
                .map(|c| (c.code().to_owned(), i.t(&format!("continent-{}", c.key()))))
                .collect(),
            get("continent"),
        ),
        countries: opts(
            country_opts,
            get("country").map(str::to_ascii_uppercase).as_deref(),
        ),
        languages: opts(
            Locale::ALL
                .iter()
                .map(|x| (x.code().to_owned(), i.t(&format!("language-{}", x.code()))))
                .collect(),
            get("language"),
        ),
        sorts: opts(
            ["name", "country", "newest"]
                .iter()
                .map(|s| ((*s).to_owned(), i.t(&format!("sort-{s}"))))
                .collect(),
            Some(sort.code()),
        ),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        page,
        pages,
        i,
        shell: ctx.shell.clone(),
    };
    ctx.render_public(&page_view)
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    shell: Shell,
    i: I18n,
    v: OrgView,
    json_ld: String,
    can_edit: bool,
    can_change_status: bool,
    can_manage_people: bool,
    status_options: Vec<(String, String)>,
    show_private: bool,
    history: Vec<(String, String, String)>,
    /// The organisation's dues, for its admins and the secretariat: `(year, amount, status)`.
    dues: Vec<(i32, String, String)>,
    /// What links to it: declarations signed, bodies, hosted events, library items.
    links: pumasi_store::links::OrgLinks,
}

impl ProfilePage {
    fn role(&self, l: &pumasi_store::links::Link) -> String {
        self.i
            .t(&format!("mandate-role-{}", l.role.replace('_', "-")))
    }
}

/// One history entry's details in the reader's language: statuses and system notes (stored as
/// `@key`) are translated; what people wrote is shown as written.
fn history_detail(
    i: &I18n,
    vocab: &members::Vocabulary,
    e: &pumasi_store::entities::member_event::Model,
) -> String {
    let status = if matches!(e.kind.as_str(), "created" | "status")
        && MemberStatus::parse(&e.to_status).is_some()
    {
        i.t(&format!("status-{}", e.to_status))
    } else if e.kind == "category" {
        // From one category to another, both named in the reader's language.
        let name = |code: &str| {
            vocab
                .categories
                .iter()
                .find(|c| c.code == code)
                .map_or_else(|| code.to_owned(), |c| c.label(i.locale).to_owned())
        };
        format!("{} → {}", name(&e.from_status), name(&e.to_status))
    } else {
        String::new()
    };
    let note = match e.note.strip_prefix('@') {
        Some(key) => i.t(&format!("note-{key}")),
        None => e.note.clone(),
    };
    [status, note, e.reference.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// schema.org `Organization`, escaped for a `<script type="application/ld+json">` block.
fn json_ld(o: &Organisation, base_url: &str, l: Locale) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": if o.category == "local_government" { "GovernmentOrganization" } else { "Organization" },
        "@id": format!("{base_url}/en/members/{}", o.slug),
        "name": o.name.text,
        "url": format!("{base_url}/{}/members/{}", l.code(), o.slug),
        "address": { "@type": "PostalAddress", "addressLocality": o.city, "addressCountry": o.country },
        "inLanguage": o.name.lang.code(),
    });
    if !o.website.is_empty() {
        v["sameAs"] = o.website.clone().into();
    }
    if let (Some(lat), Some(lon)) = (o.latitude, o.longitude) {
        v["location"] = serde_json::json!({ "@type": "Place", "geo": { "@type": "GeoCoordinates", "latitude": lat, "longitude": lon } });
    }
    if let Some(d) = o.joined_on {
        v["memberOf"] =
            serde_json::json!({ "@type": "ProgramMembership", "startDate": d.to_string() });
    }
    // `</` would end the script element early; JSON allows the escaped form.
    crate::page::json_for_script(&v)
}

pub async fn profile(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let o = members::by_slug(db, &slug, i.locale)
        .await
        .map_err(|e| ctx.err(e))?;
    let show_private = ctx.can(Action::ViewPrivateContacts(o.id));
    if !o.status.is_public() && !ctx.can(Action::ViewApplications) && !show_private {
        return Err(ctx.err(AppError::NotFound));
    }
    let can_edit = pumasi_domain::policy::may_edit_organisation(&ctx.actor, o.id, o.status);
    let vocab = members::vocabulary(db).await?;
    let history = if show_private {
        members::history(db, o.id)
            .await?
            .into_iter()
            .map(|e| {
                (
                    i.datetime(e.at),
                    i.t(&format!("event-{}", e.kind.replace('.', "-"))),
                    history_detail(&i, &vocab, &e),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let dues = if show_private {
        members::dues::of_organisation(db, o.id, members::dues::today())
            .await?
            .into_iter()
            .map(|(year, amount, currency, status)| {
                (
                    year,
                    pumasi_domain::members::format_money_in(amount, &currency, i.locale),
                    i.t(&format!("dues-{}", status.code())),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let links = pumasi_store::links::of_organisation(
        db,
        o.id,
        chrono::Utc::now().with_timezone(&i.tz).date_naive(),
        i.locale,
    )
    .await?;
    let json_ld = json_ld(&o, &ctx.state.config.base_url, i.locale);
    let can_manage_people = ctx.can(Action::ManageOrganisationPeople(o.id));
    let can_change_status = ctx.can(Action::ChangeMemberStatus)
        && !matches!(o.status, MemberStatus::Applicant | MemberStatus::Rejected);
    let status_options = ["member", "suspended", "withdrawn", "disqualified"]
        .iter()
        .filter(|s| **s != o.status.code())
        .map(|s| ((*s).to_owned(), i.t(&format!("status-{s}"))))
        .collect();
    let page = ProfilePage {
        v: OrgView::new(o, &vocab, i),
        json_ld,
        can_edit,
        can_change_status,
        can_manage_people,
        status_options,
        show_private,
        history,
        dues,
        links,
        i,
        shell: ctx.shell.clone(),
    };
    if show_private {
        ctx.render(&page)
    } else {
        ctx.render_public(&page)
    }
}

pub async fn logo(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Ok((id, status, l)) = members::logo(&ctx.state.store.db, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The logo of an organisation the public may not see (an applicant, a disqualified
    // member) is shown to the secretariat and the organisation's own people only.
    let public = status.is_public();
    if !public && !ctx.can(Action::ViewApplications) && !ctx.can(Action::EditOrganisation(id)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let cache = if public {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    let etag = format!("\"{}\"", l.etag);
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    // Stored logos were sniffed by magic bytes at upload; still, never let them be a document.
    (
        [
            (header::CONTENT_TYPE, l.mime),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        l.bytes,
    )
        .into_response()
}

/// Above this many members with coordinates, the map draws one dot per country (sized by its
/// number of members) instead of one per member, so the page stays light.
const MAP_MAX_DOTS: usize = 300;

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    shell: Shell,
    i: I18n,
    map: String,
    by_country: Vec<(String, String, u64)>,
}

pub async fn map(ctx: Ctx) -> Result<Response, PageError> {
    let i = ctx.i();
    let db = &ctx.state.store.db;
    let stats = members::stats(db).await?;
    let counts: HashMap<String, u64> = stats.by_country.iter().cloned().collect();
    let pts = members::map_points(db).await?;
    let located: Vec<&members::MapPoint> = pts
        .iter()
        .filter(|p| p.latitude.is_some() && p.longitude.is_some())
        .collect();
    let labels: Vec<(String, f64, f64, u64, String)> = if located.len() <= MAP_MAX_DOTS {
        located
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.latitude.unwrap_or(0.0),
                    p.longitude.unwrap_or(0.0),
                    1,
                    format!("/{}/members/{}", i.code(), p.slug),
                )
            })
            .collect()
    } else {
        // One dot per country, at the mean position of its members.
        let mut per: HashMap<&str, (f64, f64, u64)> = HashMap::new();
        for p in &located {
            let e = per.entry(p.country.as_str()).or_default();
            e.0 += p.latitude.unwrap_or(0.0);
            e.1 += p.longitude.unwrap_or(0.0);
            e.2 += 1;
        }
        let mut v: Vec<(String, f64, f64, u64, String)> = per
            .into_iter()
            .map(|(c, (la, lo, n))| {
                #[allow(clippy::cast_precision_loss)]
                let k = n as f64;
                (
                    format!("{} — {}", i.country(c), i.tn("members-count", n)),
                    la / k,
                    lo / k,
                    n,
                    format!("/{}/members?country={c}", i.code()),
                )
            })
            .collect();
        pumasi_domain::collation::sort_by_name(i.locale, &mut v, |p| &p.0);
        v
    };
    let points: Vec<svg::MapPoint<'_>> = labels
        .iter()
        .map(|(label, lat, lon, n, href)| svg::MapPoint {
            label,
            href: Some(href.clone()),
            lat: *lat,
            lon: *lon,
            count: *n,
        })
        .collect();
    let map = svg::world_map(
        &counts,
        &points,
        &i.t("map-title"),
        &home_sentence(&i, &stats),
        i.code(),
        Some(&format!("/{}/members?country=", i.code())),
    );
    let mut by_country: Vec<(String, String, u64)> = counts
        .iter()
        .map(|(c, n)| (c.clone(), i.country(c), *n))
        .collect();
    let coll = pumasi_domain::collation::collator(i.locale);
    by_country.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| coll.compare(&a.1, &b.1)));
    ctx.render_public(&MapPage {
        map,
        by_country,
        i,
        shell: ctx.shell.clone(),
    })
}

/// `(svg, title, rows)` of one chart.
type Chart = (String, String, Vec<(String, u64)>);

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    shell: Shell,
    i: I18n,
    sentence: String,
    charts: Vec<Chart>,
}

pub async fn stats(ctx: Ctx) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let s = members::stats(db).await?;
    let vocab = members::vocabulary(db).await?;
    let continents: Vec<(String, u64)> = s
        .by_continent
        .iter()
        .map(|(k, n)| (i.t(&format!("continent-{k}")), *n))
        .collect();
    let kinds: Vec<(String, u64)> = s
        .by_category
        .iter()
        .map(|(k, n)| {
            (
                vocab
                    .category(k)
                    .map_or_else(|| k.clone(), |c| c.label(i.locale).to_owned()),
                *n,
            )
        })
        .collect();
    let classes: Vec<(String, u64)> = s
        .by_class
        .iter()
        .map(|(k, n)| (i.t(&format!("class-{k}")), *n))
        .collect();
    let countries: Vec<(String, u64)> = s
        .by_country
        .iter()
        .map(|(k, n)| (i.country(k), *n))
        .collect();
    let mut charts = Vec::new();
    for (key, rows) in [
        ("stats-by-continent", continents),
        ("stats-by-category", kinds),
        ("stats-by-class", classes),
        ("stats-by-country", countries),
    ] {
        let title = i.t(key);
        charts.push((svg::bar_chart(&rows, &title), title, rows));
    }
    ctx.render_public(&StatsPage {
        sentence: home_sentence(&i, &s),
        charts,
        i,
        shell: ctx.shell.clone(),
    })
}

#[cfg(test)]
mod markdown_tests {
    use super::markdown;

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let quotes = format!("{}deep", "> ".repeat(9_900));
        let html = markdown(&quotes);
        assert_eq!(html.matches("<blockquote>").count(), 16, "{}", &html[..200]);
        assert!(html.contains("deep"));
        let lists = format!("{}item", "- ".repeat(5_000));
        let html = markdown(&lists);
        assert!(html.matches("<ul>").count() <= 16);
        assert!(html.contains("item"));
        // Ordinary nesting is untouched.
        let html = markdown("> quote\n>\n> > reply\n\n- a\n  - b\n");
        assert_eq!(html.matches("<blockquote>").count(), 2);
        assert_eq!(html.matches("<ul>").count(), 2);
    }

    #[test]
    fn markup_is_cleaned() {
        let html = markdown("<table><mglyph>x<script>alert(1)</script>");
        assert!(!html.contains("<script"));
    }
}
