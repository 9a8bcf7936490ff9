//! Events: forum editions and the meetings, webinars, trainings and study visits between them,
//! with their translations, host organisations and the roles people hold in each event. The
//! programme is in `programme`, registration and check-in in `registration` (written in
//! batches by the `desk`), the call for proposals in `proposals`.

pub mod desk;
pub mod programme;
pub mod proposals;
pub mod registration;
pub mod setup;

use crate::entities::{account, event, event_host, event_role, organisation as org};
use crate::members::Localized;
use crate::slugs;
use crate::{Result, StoreError, audit, now, outbox, texts};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::events::{
    EVENT_TRANSLATABLE, EventInput, EventKind, EventMode, EventRole, EventStatus, EventWindow,
    RawEvent,
};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

/// A host organisation as shown on an event page.
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// An event as one reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: Uuid,
    pub slug: String,
    pub kind: EventKind,
    pub edition_year: Option<i32>,
    pub status: EventStatus,
    pub mode: EventMode,
    pub base_lang: Lang,
    pub title: Localized,
    pub theme: Localized,
    pub description: Localized,
    pub outcomes: Localized,
    pub payment_instructions: Localized,
    pub host_city: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(serialize_with = "ser_tz")]
    pub time_zone: chrono_tz::Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub waitlist: bool,
    pub participants: Option<i32>,
    pub fictional: bool,
    pub confirmed_count: i32,
    pub sequence: i32,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub hosts: Vec<Host>,
}

fn ser_tz<S: serde::Serializer>(tz: &chrono_tz::Tz, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl Event {
    #[must_use]
    pub fn window(&self) -> EventWindow {
        EventWindow {
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            tz: self.time_zone,
        }
    }

    /// Seats still free; `None` when the event has no limit.
    #[must_use]
    pub fn seats_left(&self) -> Option<i32> {
        self.capacity
            .map(|c| std::cmp::max(c - self.confirmed_count, 0))
    }
}

fn assemble(r: event::Model, texts: &texts::Texts, want: Locale, hosts: Vec<Host>) -> Event {
    let base_lang = Lang::parse_or(&r.lang, Locale::En);
    let t = |field: &str, base: &str| texts.get(r.id, field, base, base_lang, want);
    Event {
        title: t("title", &r.title),
        theme: t("theme", &r.theme),
        description: t("description", &r.description),
        outcomes: t("outcomes", &r.outcomes),
        payment_instructions: t("payment_instructions", &r.payment_instructions),
        id: r.id,
        kind: EventKind::parse(&r.kind).unwrap_or(EventKind::Meeting),
        edition_year: r.edition_year,
        status: EventStatus::parse(&r.status).unwrap_or(EventStatus::Planned),
        mode: EventMode::parse(&r.mode).unwrap_or(EventMode::InPerson),
        base_lang,
        host_city: r.host_city,
        country: r.country,
        latitude: r.latitude,
        longitude: r.longitude,
        time_zone: r.time_zone.parse().unwrap_or(chrono_tz::UTC),
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        venue: r.venue,
        online_url: r.online_url,
        capacity: r.capacity,
        waitlist: r.waitlist,
        participants: r.participants,
        fictional: r.fictional,
        confirmed_count: r.confirmed_count,
        sequence: r.sequence,
        version: r.version,
        updated_at: r.updated_at,
        slug: r.slug,
        hosts,
    }
}

fn active_model(input: &EventInput) -> event::ActiveModel {
    event::ActiveModel {
        slug: Set(input.slug.as_str().to_owned()),
        kind: Set(input.kind.code().to_owned()),
        edition_year: Set(input.edition_year),
        status: Set(input.status.code().to_owned()),
        mode: Set(input.mode.code().to_owned()),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        theme: Set(input.theme.clone()),
        description: Set(input.description.clone()),
        outcomes: Set(input.outcomes.clone()),
        payment_instructions: Set(input.payment_instructions.clone()),
        host_city: Set(input.host_city.clone()),
        country: Set(input.country.clone()),
        latitude: Set(input.coordinates.map(|c| c.lat)),
        longitude: Set(input.coordinates.map(|c| c.lon)),
        time_zone: Set(input.time_zone.name().to_owned()),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        venue: Set(input.venue.clone()),
        online_url: Set(input.online_url.as_ref().map(|u| u.as_str().to_owned())),
        capacity: Set(input.capacity),
        waitlist: Set(input.waitlist),
        participants: Set(input.participants),
        fictional: Set(input.fictional),
        ..Default::default()
    }
}

fn to_json(input: &EventInput) -> serde_json::Value {
    serde_json::json!({
        "slug": input.slug.as_str(), "kind": input.kind.code(), "status": input.status.code(),
        "title": input.title, "starts_on": input.starts_on, "ends_on": input.ends_on,
        "capacity": input.capacity, "time_zone": input.time_zone.name(),
    })
}

fn slug_taken(e: sea_orm::DbErr) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            StoreError::invalid("slug", "error-slug-taken")
        }
        _ => StoreError::from(e),
    }
}

/// Holds the event's row until the transaction ends: registrations, session placement and
/// set-up changes of one event queue on it, so a check made after it sees the others' writes.
///
/// # Errors
/// Database errors.
pub async fn hold(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    event::Entity::update_many()
        .col_expr(
            event::Column::Sequence,
            sea_orm::sea_query::Expr::col(event::Column::Sequence),
        )
        .filter(event::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Tells the rest of the system (page cache, search, feeds) that an event's public face changed.
///
/// # Errors
/// Database errors.
pub async fn changed(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    outbox::push(c, "event.changed", &serde_json::json!({ "id": id })).await?;
    Ok(())
}

/// Creates an event.
///
/// # Errors
/// `Invalid(slug: error-slug-taken)`, database errors.
pub async fn create(
    c: &impl ConnectionTrait,
    input: &EventInput,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let t = now();
    let mut am = active_model(input);
    let slug = slugs::for_new(c, slugs::Kind::Event, &input.slug, input.slug_generated).await?;
    am.slug = Set(slug.as_str().to_owned());
    am.id = Set(id);
    am.confirmed_count = Set(0);
    am.sequence = Set(0);
    am.version = Set(1);
    am.created_at = Set(t);
    am.updated_at = Set(t);
    event::Entity::insert(am)
        .exec_without_returning(c)
        .await
        .map_err(slug_taken)?;
    audit::record(
        c,
        actor,
        "event.create",
        "event",
        &id.to_string(),
        None,
        Some(&to_json(input)),
    )
    .await?;
    changed(c, id).await?;
    Ok(id)
}

/// Updates an event if nobody saved it since `expected_version`. The iCalendar sequence goes
/// up, and translations of changed fields are marked for review. A capacity raised above the
/// confirmed seats promotes people from the waitlist in the same transaction.
///
/// # Errors
/// `Conflict("error-edit-conflict")`, `Invalid(capacity: error-capacity-below-confirmed)`.
pub async fn update(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    input: &EventInput,
    actor: Option<Uuid>,
) -> Result<()> {
    let before = event::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am = active_model(input);
    let slug = slugs::for_edit(&before.slug, &input.slug, input.slug_generated);
    am.slug = Set(slug.clone());
    am.version = Set(expected_version + 1);
    am.sequence = Set(before.sequence + 1);
    am.updated_at = Set(now());
    let res = event::Entity::update_many()
        .set(am)
        .filter(event::Column::Id.eq(id))
        .filter(event::Column::Version.eq(expected_version))
        // In the statement itself: a seat taken meanwhile counts (PostgreSQL re-checks the
        // condition on the row it waited for).
        .filter(match input.capacity {
            Some(cap) => event::Column::ConfirmedCount.lte(cap),
            None => event::Column::Id.is_not_null(),
        })
        .exec(c)
        .await
        .map_err(slug_taken)?;
    if res.rows_affected != 1 {
        let now_row = event::Entity::find_by_id(id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        if now_row.version == expected_version
            && input
                .capacity
                .is_some_and(|cap| cap < now_row.confirmed_count)
        {
            return Err(StoreError::invalid(
                "capacity",
                "error-capacity-below-confirmed",
            ));
        }
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    for (field, old, new) in [
        ("title", &before.title, &input.title),
        ("theme", &before.theme, &input.theme),
        ("description", &before.description, &input.description),
        ("outcomes", &before.outcomes, &input.outcomes),
        (
            "payment_instructions",
            &before.payment_instructions,
            &input.payment_instructions,
        ),
    ] {
        if old != new || before.lang != input.lang.code() {
            texts::base_changed(c, id, field).await?;
        }
    }
    slugs::renamed(c, slugs::Kind::Event, id, &before.slug, &slug).await?;
    registration::fill_seats(c, id).await?;
    audit::record(
        c,
        actor,
        "event.update",
        "event",
        &id.to_string(),
        Some(&serde_json::json!({ "slug": before.slug, "title": before.title, "status": before.status, "capacity": before.capacity })),
        Some(&to_json(input)),
    )
    .await?;
    changed(c, id).await?;
    Ok(())
}

/// Saves the translations of an event's fields (`field` must be translatable).
///
/// # Errors
/// `Invalid` for an unknown field or a text over the limits.
pub async fn set_translation(
    c: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
    locale: Locale,
    body: &str,
) -> Result<()> {
    if !EVENT_TRANSLATABLE.contains(&field) {
        return Err(StoreError::invalid("field", "error-choice-invalid"));
    }
    let max = if field == "title" {
        pumasi_domain::events::TITLE_MAX
    } else if field == "theme" {
        pumasi_domain::events::THEME_MAX
    } else if field == "payment_instructions" {
        pumasi_domain::events::PAYMENT_MAX
    } else {
        pumasi_domain::events::DESCRIPTION_MAX
    };
    pumasi_domain::types::text(body, max).map_err(|code| StoreError::invalid(field, code))?;
    texts::put(c, id, field, locale, body).await?;
    event::Entity::update_many()
        .col_expr(
            event::Column::Sequence,
            sea_orm::sea_query::Expr::col(event::Column::Sequence).add(1),
        )
        .filter(event::Column::Id.eq(id))
        .exec(c)
        .await?;
    changed(c, id).await
}

/// Replaces the host organisations of an event, in the order given.
///
/// # Errors
/// Database errors.
pub async fn set_hosts(c: &impl ConnectionTrait, id: Uuid, hosts: &[Uuid]) -> Result<()> {
    event_host::Entity::delete_many()
        .filter(event_host::Column::EventId.eq(id))
        .exec(c)
        .await?;
    let rows: Vec<_> = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| event_host::ActiveModel {
            event_id: Set(id),
            organisation_id: Set(*h),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        })
        .collect();
    if !rows.is_empty() {
        event_host::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    changed(c, id).await
}

async fn hosts_of(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<(Uuid, Host)>> {
    let links = event_host::Entity::find()
        .filter(event_host::Column::EventId.is_in(ids.iter().copied()))
        .order_by_asc(event_host::Column::Position)
        .all(c)
        .await?;
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let orgs = org::Entity::find()
        .filter(org::Column::Id.is_in(links.iter().map(|l| l.organisation_id)))
        .all(c)
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|l| {
            let o = orgs.iter().find(|o| o.id == l.organisation_id)?;
            Some((
                l.event_id,
                Host {
                    id: o.id,
                    slug: o.slug.clone(),
                    name: o.name.clone(),
                },
            ))
        })
        .collect())
}

async fn assemble_all(
    c: &impl ConnectionTrait,
    rows: Vec<event::Model>,
    want: Locale,
) -> Result<Vec<Event>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let texts = texts::load(c, &ids).await?;
    let mut hosts = hosts_of(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = hosts
                .extract_if(.., |(e, _)| *e == r.id)
                .map(|(_, h)| h)
                .collect();
            assemble(r, &texts, want, mine)
        })
        .collect())
}

/// # Errors
/// `NotFound`.
pub async fn by_slug(c: &impl ConnectionTrait, slug: &str, want: Locale) -> Result<Event> {
    let row = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble_all(c, vec![row], want)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// # Errors
/// `NotFound`.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid, want: Locale) -> Result<Event> {
    let row = event::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble_all(c, vec![row], want)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Events by id (unknown ids are skipped), in no particular order.
///
/// # Errors
/// Database errors.
pub async fn by_ids(c: &impl ConnectionTrait, ids: &[Uuid], want: Locale) -> Result<Vec<Event>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = event::Entity::find()
        .filter(event::Column::Id.is_in(ids.iter().copied()))
        .all(c)
        .await?;
    assemble_all(c, rows, want).await
}

/// An event's stored values as form fields, with its translations as `(field, locale, text)`.
///
/// # Errors
/// `NotFound`.
pub async fn raw(
    c: &impl ConnectionTrait,
    id: Uuid,
) -> Result<(RawEvent, i32, Vec<(String, Locale, String, bool)>)> {
    let r = event::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let texts = texts::load(c, &[id]).await?;
    let opt = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    let raw = RawEvent {
        slug: r.slug,
        kind: r.kind,
        edition_year: opt(r.edition_year),
        status: r.status,
        mode: r.mode,
        lang: r.lang,
        title: r.title,
        theme: r.theme,
        description: r.description,
        outcomes: r.outcomes,
        payment_instructions: r.payment_instructions,
        host_city: r.host_city,
        country: r.country.unwrap_or_default(),
        latitude: r.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: r.longitude.map(|v| v.to_string()).unwrap_or_default(),
        time_zone: r.time_zone,
        starts_on: r.starts_on.to_string(),
        ends_on: r.ends_on.to_string(),
        venue: r.venue,
        online_url: r.online_url.unwrap_or_default(),
        capacity: opt(r.capacity),
        waitlist: if r.waitlist { "on" } else { "" }.to_owned(),
        participants: opt(r.participants),
        fictional: if r.fictional { "on" } else { "" }.to_owned(),
    };
    Ok((raw, r.version, texts.of(id)))
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kind: Option<EventKind>,
    /// Events that end on or after this day.
    pub from: Option<NaiveDate>,
    /// Events that start on or before this day.
    pub to: Option<NaiveDate>,
    /// Newest first (the archive) instead of soonest first (the calendar).
    pub newest_first: bool,
}

/// Events matching `f`, ordered by start.
///
/// # Errors
/// Database errors.
pub async fn list(c: &impl ConnectionTrait, f: &EventFilter, want: Locale) -> Result<Vec<Event>> {
    let mut cond = Condition::all();
    if let Some(k) = f.kind {
        cond = cond.add(event::Column::Kind.eq(k.code()));
    }
    if let Some(d) = f.from {
        cond = cond.add(event::Column::EndsOn.gte(d));
    }
    if let Some(d) = f.to {
        cond = cond.add(event::Column::StartsOn.lte(d));
    }
    let q = event::Entity::find().filter(cond);
    let q = if f.newest_first {
        q.order_by_desc(event::Column::StartsOn)
    } else {
        q.order_by_asc(event::Column::StartsOn)
    };
    let rows = q.order_by_asc(event::Column::Slug).all(c).await?;
    assemble_all(c, rows, want).await
}

/// The roles `account` holds in `event`.
///
/// # Errors
/// Database errors.
pub async fn roles_of(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    account: Option<Uuid>,
) -> Result<Vec<EventRole>> {
    let Some(account) = account else {
        return Ok(Vec::new());
    };
    Ok(event_role::Entity::find()
        .filter(event_role::Column::EventId.eq(event_id))
        .filter(event_role::Column::AccountId.eq(account))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|r| EventRole::parse(&r.role))
        .collect())
}

/// Gives `account` a role in `event` (idempotent).
///
/// # Errors
/// Database errors.
pub async fn grant(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    account: Uuid,
    role: EventRole,
    actor: Option<Uuid>,
) -> Result<()> {
    let exists = event_role::Entity::find_by_id((event_id, account, role.code().to_owned()))
        .one(c)
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    event_role::Entity::insert(event_role::ActiveModel {
        event_id: Set(event_id),
        account_id: Set(account),
        role: Set(role.code().to_owned()),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "event.grant",
        "event",
        &event_id.to_string(),
        None,
        Some(&serde_json::json!({ "account": account, "role": role.code() })),
    )
    .await
}

/// Takes a role away.
///
/// # Errors
/// Database errors.
pub async fn revoke(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    account: Uuid,
    role: EventRole,
    actor: Option<Uuid>,
) -> Result<()> {
    event_role::Entity::delete_by_id((event_id, account, role.code().to_owned()))
        .exec(c)
        .await?;
    audit::record(
        c,
        actor,
        "event.revoke",
        "event",
        &event_id.to_string(),
        Some(&serde_json::json!({ "account": account, "role": role.code() })),
        None,
    )
    .await
}

/// Everyone holding a role in `event`: `(account id, name, email, role)`.
///
/// # Errors
/// Database errors.
pub async fn role_holders(
    c: &impl ConnectionTrait,
    event_id: Uuid,
) -> Result<Vec<(Uuid, String, String, EventRole)>> {
    let roles = event_role::Entity::find()
        .filter(event_role::Column::EventId.eq(event_id))
        .all(c)
        .await?;
    let accounts = account::Entity::find()
        .filter(account::Column::Id.is_in(roles.iter().map(|r| r.account_id)))
        .all(c)
        .await?;
    let mut out: Vec<_> = roles
        .into_iter()
        .filter_map(|r| {
            let a = accounts.iter().find(|a| a.id == r.account_id)?;
            Some((
                a.id,
                a.display_name.clone(),
                a.email.clone(),
                EventRole::parse(&r.role)?,
            ))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}
