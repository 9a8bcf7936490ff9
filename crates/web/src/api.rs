//! The JSON API under `/api/v1`: organisations (list with the directory's filters and cursor
//! pagination, one by slug) and member statistics, described by an OpenAPI 3.1 document at
//! `/api/v1/openapi.json` with a reference page at `/api/v1/docs/`. API types are separate from
//! store rows, so a new column never leaks. Errors are RFC 9457 problem+json.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use pumasi_domain::FieldError;
use pumasi_domain::countries::{self, Continent};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{MemberStatus, MembershipClass};
use pumasi_store::members::{self, Filter, Organisation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pumasi API",
        description = "Members, forums and events of a network of social and solidarity economy organisations and local governments."
    ),
    paths(
        list_organisations,
        get_organisation,
        create_organisation,
        update_organisation,
        member_stats,
        crate::events::api::list_events,
        crate::events::api::get_event,
        crate::events::api::list_sessions,
        crate::events::api::register,
        crate::events::api::get_registration,
        crate::search::api,
        crate::governance::api::list_bodies,
        crate::governance::api::get_body,
        crate::governance::api::get_motion,
        crate::governance::api::get_declaration,
        crate::governance::api::get_meeting,
        crate::governance::api::list_decisions
    ),
    components(schemas(
        OrganisationDto,
        OrganisationPage,
        StatsDto,
        Problem,
        ProblemField,
        OrganisationWrite,
        crate::events::api::EventDto,
        crate::events::api::SessionDto,
        crate::events::api::RegistrationDto,
        crate::events::api::RegistrationWrite,
        crate::search::SearchPageDto,
        crate::search::SearchHitDto,
        crate::governance::api::BodyDto,
        crate::governance::api::MandateDto,
        crate::governance::api::MotionDto,
        crate::governance::api::DeclarationDto,
        crate::governance::api::SignatoryDto,
        crate::governance::api::MeetingDto,
        crate::governance::api::AgendaItemDto,
        crate::governance::api::DecisionDto
    ))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/organisations",
            get(list_organisations).post(create_organisation),
        )
        .route(
            "/organisations/{slug}",
            get(get_organisation).put(update_organisation),
        )
        .route("/stats/members", get(member_stats))
        .route("/events", get(crate::events::api::list_events))
        .route("/events/{slug}", get(crate::events::api::get_event))
        .route(
            "/events/{slug}/sessions",
            get(crate::events::api::list_sessions),
        )
        .route(
            "/events/{slug}/registrations",
            axum::routing::post(crate::events::api::register),
        )
        .route(
            "/registrations/{id}",
            get(crate::events::api::get_registration),
        )
        .route("/search", get(crate::search::api))
        .route(
            "/governance/bodies",
            get(crate::governance::api::list_bodies),
        )
        .route(
            "/governance/bodies/{slug}",
            get(crate::governance::api::get_body),
        )
        .route(
            "/governance/motions/{reference}",
            get(crate::governance::api::get_motion),
        )
        .route(
            "/governance/declarations/{slug}",
            get(crate::governance::api::get_declaration),
        )
        .route(
            "/governance/meetings/{slug}",
            get(crate::governance::api::get_meeting),
        )
        .route(
            "/governance/decisions",
            get(crate::governance::api::list_decisions),
        )
        .fallback(|| async { ApiError(AppError::NotFound) })
}

/// The OpenAPI document and its reference page (vendored Swagger UI, no CDN).
pub fn docs() -> Router<AppState> {
    utoipa_swagger_ui::SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", ApiDoc::openapi())
        .into()
}

/// An organisation as the API shows it: public fields only.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub slug: String,
    /// Name in the requested language, or the base language when untranslated.
    pub name: String,
    /// Language of `name`.
    pub name_lang: String,
    pub base_lang: String,
    pub category: String,
    /// `full`, `allied` or `honorary`.
    pub class: String,
    pub status: String,
    pub college: Option<i32>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// UN M49 region code: AF, AM, AS, EU, OC.
    pub continent: Option<String>,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub languages: Vec<String>,
    /// Markdown.
    pub description: String,
    pub joined_on: Option<String>,
    /// Demo data invented for illustration.
    pub fictional: bool,
    /// Send back on update (optimistic locking).
    pub version: i32,
    pub url: String,
}

impl OrganisationDto {
    fn new(o: Organisation, base: &str, l: Locale) -> Self {
        Self {
            url: format!("{base}/{}/members/{}", l.code(), o.slug),
            continent: o.continent().map(|c| c.code().to_owned()),
            slug: o.slug,
            name: o.name.text,
            name_lang: o.name.lang.code().to_owned(),
            base_lang: o.base_lang.code().to_owned(),
            category: o.category,
            class: o.class.code().to_owned(),
            status: o.status.code().to_owned(),
            college: o.college,
            country: o.country,
            city: o.city,
            latitude: o.latitude,
            longitude: o.longitude,
            website: Some(o.website).filter(|w| !w.is_empty()),
            languages: o.languages,
            description: o.description.text,
            joined_on: o.joined_on.map(|d| d.to_string()),
            fictional: o.fictional,
            version: o.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<OrganisationDto>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsDto {
    pub members: u64,
    pub countries: u64,
    pub continents: u64,
    pub local_governments: u64,
    pub sse_organisations: u64,
    pub honorary: u64,
    pub by_continent: Vec<(String, u64)>,
    pub by_category: Vec<(String, u64)>,
    pub by_country: Vec<(String, u64)>,
    pub by_class: Vec<(String, u64)>,
    /// The sentence shown on the home page, in the requested language.
    pub sentence: String,
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub errors: Option<Vec<ProblemField>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Category code, e.g. `local_government`.
    pub category: Option<String>,
    pub class: Option<String>,
    /// Defaults to `member`.
    pub status: Option<String>,
    pub college: Option<String>,
    /// AF, AM, AS, EU or OC.
    pub continent: Option<String>,
    pub country: Option<String>,
    /// ISO 639-1 code of a working language.
    pub language: Option<String>,
    /// Text in names and city, accent-insensitive.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<String>,
    /// ko, en, fr or es; defaults from Accept-Language.
    pub lang: Option<String>,
}

pub(crate) fn locale(
    lang: Option<&str>,
    headers: &HeaderMap,
    errs: &mut Vec<FieldError>,
) -> Locale {
    match lang {
        Some(l) => Locale::parse(l).unwrap_or_else(|| {
            errs.push(FieldError::new("lang", "error-locale-invalid"));
            Locale::En
        }),
        None => Locale::negotiate(
            headers
                .get("accept-language")
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            &Locale::ALL,
            Locale::En,
        ),
    }
}

/// List organisations.
#[utoipa::path(get, path = "/api/v1/organisations", params(ListParams),
    responses((status = 200, body = OrganisationPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list_organisations(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Json<OrganisationPage>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    let mut parse =
        |field: &str, v: Option<&String>, ok: &dyn Fn(&str) -> bool| -> Option<String> {
            let v = v?.trim();
            if v.is_empty() {
                return None;
            }
            if ok(v) {
                Some(v.to_owned())
            } else {
                errs.push(FieldError::new(field, "error-invalid-value"));
                None
            }
        };
    let vocab = members::vocabulary(&st.store.db).await?;
    let category = parse("category", p.category.as_ref(), &|v| {
        vocab.category(v).is_some()
    });
    let class = parse("class", p.class.as_ref(), &|v| {
        MembershipClass::parse(v).is_some()
    });
    let status = parse("status", p.status.as_ref(), &|v| {
        MemberStatus::parse(v).is_some_and(MemberStatus::is_public)
    });
    let college = parse("college", p.college.as_ref(), &|v| {
        v.parse::<i32>().is_ok_and(|n| vocab.college(n).is_some())
    });
    let continent = parse("continent", p.continent.as_ref(), &|v| {
        Continent::from_code(v).is_some()
    });
    let country = parse("country", p.country.as_ref(), &|v| {
        countries::country(v).is_some()
    });
    let language = parse("language", p.language.as_ref(), &|v| {
        v.len() == 2 && v.bytes().all(|b| b.is_ascii_lowercase())
    });
    let q = parse("q", p.q.as_ref(), &|v| v.chars().count() <= 100);
    let limit = parse("limit", p.limit.as_ref(), &|v| {
        v.parse::<u64>().is_ok_and(|n| (1..=200).contains(&n))
    });
    let cursor = parse("cursor", p.cursor.as_ref(), &|v| {
        pumasi_domain::types::Slug::parse(v).is_ok()
    });
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let filter = Filter {
        category,
        class: class.as_deref().and_then(MembershipClass::parse),
        statuses: vec![
            status
                .as_deref()
                .and_then(MemberStatus::parse)
                .unwrap_or(MemberStatus::Member),
        ],
        college: college.and_then(|c| c.parse().ok()),
        continent: continent.as_deref().and_then(Continent::from_code),
        country: country
            .as_deref()
            .and_then(countries::country)
            .map(|c| c.alpha2.to_owned()),
        language,
        text: q,
        ids: None,
    };
    let limit = limit.and_then(|v| v.parse().ok()).unwrap_or(50u64);
    let mut rows =
        members::list_after(&st.store.db, &filter, cursor.as_deref(), l, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if more {
        rows.last().map(|o| o.slug.clone())
    } else {
        None
    };
    let base = st.config.base_url.clone();
    Ok(Json(OrganisationPage {
        items: rows
            .into_iter()
            .map(|o| OrganisationDto::new(o, &base, l))
            .collect(),
        next_cursor,
    }))
}

/// One organisation by slug.
#[utoipa::path(get, path = "/api/v1/organisations/{slug}", params(("slug" = String, Path), ("lang" = Option<String>, Query)),
    responses((status = 200, body = OrganisationDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_organisation(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(p): Query<ListParams>,
) -> Result<Json<OrganisationDto>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let o = members::by_slug(&st.store.db, &slug, l).await?;
    if !o.status.is_public() {
        return Err(ApiError(AppError::NotFound));
    }
    Ok(Json(OrganisationDto::new(o, &st.config.base_url, l)))
}

/// Member statistics: what the home page sentence and the statistics panel show.
#[utoipa::path(get, path = "/api/v1/stats/members", params(("lang" = Option<String>, Query)), responses((status = 200, body = StatsDto)))]
async fn member_stats(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Json<StatsDto>, ApiError> {
    let mut errs = Vec::new();
    let l = locale(p.lang.as_deref(), &headers, &mut errs);
    if !errs.is_empty() {
        return Err(ApiError(AppError::Invalid(errs)));
    }
    let s = members::stats(&st.store.db).await?;
    let sentence = crate::members::home_sentence(&crate::i18n::I18n::new(l), &s);
    Ok(Json(StatsDto {
        members: s.members,
        countries: s.countries,
        continents: s.continents,
        local_governments: s.local_governments,
        sse_organisations: s.sse_organisations,
        honorary: s.honorary,
        by_continent: s.by_continent,
        by_category: s.by_category,
        by_country: s.by_country,
        by_class: s.by_class,
        sentence,
    }))
}

/// The signed-in caller of a writing API call: the session cookie plus the session's CSRF token
/// in `X-CSRF-Token` (shown on every signed-in page), so another site cannot write for them.
pub struct ApiActor {
    pub actor: pumasi_domain::policy::Actor,
}

impl axum::extract::FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        st: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (account, session, actor) = crate::auth::load_session(&parts.headers, st).await?;
        let (Some(_), Some(session)) = (account, session) else {
            return Err(ApiError(AppError::Unauthorized));
        };
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !crate::auth::constant_time_eq(sent, &session.csrf) {
            return Err(ApiError(AppError::Csrf));
        }
        Ok(ApiActor { actor })
    }
}

/// An organisation as written through the API: every field is a string (or, for translations,
/// an object `{ "ko": "…" }`); a value of another JSON type is reported per field.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct OrganisationWrite {
    pub slug: Option<String>,
    pub name: String,
    pub lang: Option<String>,
    pub category: String,
    /// `full`, `allied` or `honorary` (create only).
    pub class: Option<String>,
    /// Create only; defaults to `applicant`.
    pub status: Option<String>,
    pub country: String,
    pub city: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub website: Option<String>,
    pub languages: Option<String>,
    pub description: Option<String>,
    /// Translations of the name: `{ "ko": "…", "fr": "…" }`.
    pub name_translations: Option<std::collections::HashMap<String, String>>,
    pub description_translations: Option<std::collections::HashMap<String, String>>,
    /// Required on update: the `version` last read (optimistic locking).
    pub version: Option<i32>,
}

const WRITE_FIELDS: &[&str] = &[
    "slug",
    "name",
    "lang",
    "category",
    "class",
    "status",
    "college",
    "country",
    "city",
    "latitude",
    "longitude",
    "website",
    "languages",
    "description",
    "leader_name",
    "leader_title",
    "leader_email",
    "focal_name",
    "focal_email",
    "focal_phone",
    "essglobal_activity",
    "essglobal_legal_form",
];

/// Reads a JSON body into the raw organisation, with one error per field of the wrong type.
fn raw_from_json(
    v: &serde_json::Value,
) -> Result<(pumasi_domain::organisation::RawOrganisation, Option<i32>), Vec<FieldError>> {
    let Some(obj) = v.as_object() else {
        return Err(vec![FieldError::new("body", "error-wrong-type")]);
    };
    let mut errs = Vec::new();
    let mut raw = pumasi_domain::organisation::RawOrganisation::default();
    for (k, val) in obj {
        if matches!(
            k.as_str(),
            "version" | "name_translations" | "description_translations"
        ) {
            continue;
        }
        let text = match val {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n)
                if matches!(k.as_str(), "latitude" | "longitude" | "college") =>
            {
                n.to_string()
            }
            serde_json::Value::Null => continue,
            _ if WRITE_FIELDS.contains(&k.as_str()) => {
                errs.push(FieldError::new(k.clone(), "error-wrong-type"));
                continue;
            }
            _ => String::new(),
        };
        // Translations go in their own objects here; `name_ko` and the like are not API fields.
        if !WRITE_FIELDS.contains(&k.as_str()) || !raw.set_field(k, text) {
            errs.push(FieldError::new(k.clone(), "error-field-unknown"));
        }
    }
    for (key, field) in [
        ("name_translations", "name"),
        ("description_translations", "description"),
    ] {
        match obj.get(key) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::Object(t)) => {
                for (l, text) in t {
                    match text.as_str() {
                        Some(s) => {
                            raw.translations
                                .push((field.to_owned(), l.clone(), s.to_owned()))
                        }
                        None => {
                            errs.push(FieldError::new(format!("{key}.{l}"), "error-wrong-type"))
                        }
                    }
                }
            }
            Some(_) => errs.push(FieldError::new(key, "error-wrong-type")),
        }
    }
    let version = match obj.get("version") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                errs.push(FieldError::new("version", "error-wrong-type"));
                None
            }
        },
    };
    if errs.is_empty() {
        Ok((raw, version))
    } else {
        Err(errs)
    }
}

/// The body of an API write, which must be sent as JSON (`application/json` or a `+json`
/// type): a cross-site `text/plain` form cannot forge one, since a browser sends JSON only
/// after a CORS preflight.
pub(crate) fn json_body(
    headers: &axum::http::HeaderMap,
    body: &axum::body::Bytes,
) -> Result<serde_json::Value, ApiError> {
    let media = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let is_json = media == "application/json"
        || (media.starts_with("application/") && media.ends_with("+json"));
    if !is_json {
        return Err(ApiError(AppError::UnsupportedMediaType));
    }
    serde_json::from_slice(body).map_err(|_| {
        ApiError(AppError::Invalid(vec![FieldError::new(
            "body",
            "error-json-malformed",
        )]))
    })
}

/// Create an organisation (secretariat).
#[utoipa::path(post, path = "/api/v1/organisations", request_body = OrganisationWrite,
    params(("X-CSRF-Token" = String, Header, description = "the session's CSRF token")),
    responses((status = 201, body = OrganisationDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_organisation(
    State(st): State<AppState>,
    who: ApiActor,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<(axum::http::StatusCode, Json<OrganisationDto>), ApiError> {
    if !pumasi_domain::policy::allows(
        &who.actor,
        pumasi_domain::policy::Action::CreateOrganisation,
    ) {
        return Err(ApiError(AppError::Forbidden));
    }
    let (raw, _) =
        raw_from_json(&json_body(&headers, &body)?).map_err(|e| ApiError(AppError::Invalid(e)))?;
    let vocab = members::vocabulary(&st.store.db).await?;
    let (cats, cols) = vocab.codes();
    let input = raw
        .validate(&pumasi_domain::organisation::Vocabulary {
            categories: &cats,
            colleges: &cols,
        })
        .map_err(|e| ApiError(AppError::Invalid(e)))?;
    let txn = st.store.begin_write().await?;
    let id = members::create(&txn, &input, who.actor.account, "@api").await?;
    txn.commit().await.map_err(pumasi_store::StoreError::from)?;
    st.changed().await;
    let o = members::by_id(&st.store.db, id, input.lang).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(OrganisationDto::new(
            o,
            &st.config.base_url,
            input.lang.locale().unwrap_or(Locale::En),
        )),
    ))
}

/// Update an organisation's profile (its editors and admins, or the secretariat). Membership
/// fields (class, status, college) change only through the membership procedure.
#[utoipa::path(put, path = "/api/v1/organisations/{slug}", request_body = OrganisationWrite,
    params(("slug" = String, Path), ("X-CSRF-Token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = OrganisationDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_organisation(
    State(st): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<OrganisationDto>, ApiError> {
    let current = members::by_slug(&st.store.db, &slug, Locale::En).await?;
    if !pumasi_domain::policy::may_edit_organisation(&who.actor, current.id, current.status) {
        return Err(ApiError(AppError::Forbidden));
    }
    let (mut raw, version) =
        raw_from_json(&json_body(&headers, &body)?).map_err(|e| ApiError(AppError::Invalid(e)))?;
    let Some(version) = version else {
        return Err(ApiError(AppError::Invalid(vec![FieldError::new(
            "version",
            "error-required",
        )])));
    };
    raw.class = current.class.code().to_owned();
    raw.status = current.status.code().to_owned();
    raw.college = current.college.map(|c| c.to_string()).unwrap_or_default();
    if !pumasi_domain::policy::allows(
        &who.actor,
        pumasi_domain::policy::Action::ChangeMemberStatus,
    ) {
        raw.category.clone_from(&current.category);
    }
    if raw.slug.is_empty() {
        raw.slug.clone_from(&current.slug);
    }
    let vocab = members::vocabulary(&st.store.db).await?;
    let (cats, cols) = vocab.codes();
    let input = raw
        .validate(&pumasi_domain::organisation::Vocabulary {
            categories: &cats,
            colleges: &cols,
        })
        .map_err(|e| ApiError(AppError::Invalid(e)))?;
    let txn = st.store.begin_write().await?;
    members::update_profile(&txn, current.id, version, &input, who.actor.account).await?;
    txn.commit().await.map_err(pumasi_store::StoreError::from)?;
    st.changed().await;
    let o = members::by_id(&st.store.db, current.id, input.lang).await?;
    Ok(Json(OrganisationDto::new(
        o,
        &st.config.base_url,
        input.lang.locale().unwrap_or(Locale::En),
    )))
}
