//! Meetings: the agenda, invitations (emails through the outbox, with the meeting's calendar
//! file linked), attendance with represented members and the live quorum, minutes (Markdown,
//! translatable) approved at a later meeting of the same body, and the register of decisions,
//! numbered per year (`2026-007`), each linked to its meeting, agenda item and motion.

use super::Body;
use crate::entities::{
    gov_agenda_item as item, gov_attendance as att, gov_decision as dec, gov_meeting as meeting,
    gov_motion as motion, library_item, organisation as org,
};
use crate::{Result, StoreError, audit, now, outbox};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use pumasi_domain::governance::meeting::{
    Attendance, MeetingInput, MinutesStatus, decision_number, quorum_reached,
};
use pumasi_domain::governance::motion::BodyKind;
use pumasi_domain::members::{MemberStatus, MembershipClass};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub id: Uuid,
    pub body_id: Uuid,
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    pub quorum_bp: u32,
    pub minutes: String,
    pub minutes_status: MinutesStatus,
    pub minutes_approved_in: Option<Uuid>,
    pub invited_at: Option<DateTime<Utc>>,
    pub version: i32,
}

fn meeting_of(m: meeting::Model) -> Meeting {
    Meeting {
        id: m.id,
        body_id: m.body_id,
        slug: m.slug,
        lang: m.lang,
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        time_zone: m.time_zone,
        place: m.place,
        online_url: m.online_url,
        quorum_bp: u32::try_from(m.quorum_bp).unwrap_or(0),
        minutes: m.minutes,
        minutes_status: MinutesStatus::parse(&m.minutes_status).unwrap_or(MinutesStatus::None),
        minutes_approved_in: m.minutes_approved_in,
        invited_at: m.invited_at,
        version: m.version,
    }
}

async fn changed(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    outbox::push(
        c,
        "governance.meeting",
        &serde_json::json!({ "meeting": id }),
    )
    .await?;
    Ok(())
}

/// Schedules a meeting of `body`; its address is the body's and the date's.
///
/// # Errors
/// Database errors.
pub async fn create(
    c: &impl ConnectionTrait,
    body: &Body,
    input: &MeetingInput,
    actor: Option<Uuid>,
) -> Result<Meeting> {
    let id = Uuid::now_v7();
    let base = format!(
        "{}-{}",
        body.slug,
        input
            .starts_at
            .with_timezone(&input.time_zone)
            .format("%Y-%m-%d")
    );
    let taken = meeting::Entity::find()
        .filter(meeting::Column::Slug.starts_with(&base))
        .count(c)
        .await?;
    let slug = if taken == 0 {
        base
    } else {
        format!("{base}-{}", taken + 1)
    };
    meeting::Entity::insert(meeting::ActiveModel {
        id: Set(id),
        body_id: Set(body.id),
        slug: Set(slug),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        time_zone: Set(input.time_zone.name().to_owned()),
        place: Set(input.place.clone()),
        online_url: Set(input.online_url.clone().unwrap_or_default()),
        quorum_bp: Set(i32::try_from(input.quorum_bp).unwrap_or(5000)),
        minutes: Set(String::new()),
        minutes_status: Set(MinutesStatus::None.code().to_owned()),
        minutes_approved_in: Set(None),
        invited_at: Set(None),
        version: Set(1),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-conflict"))?;
    audit::record(
        c,
        actor,
        "governance.meeting",
        "gov_meeting",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "body": body.slug, "title": input.title })),
    )
    .await?;
    changed(c, id).await?;
    by_id(c, id).await
}

/// # Errors
/// `NotFound`.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Meeting> {
    meeting::Entity::find_by_id(id)
        .one(c)
        .await?
        .map(meeting_of)
        .ok_or(StoreError::NotFound)
}

/// # Errors
/// `NotFound`.
pub async fn by_slug(c: &impl ConnectionTrait, slug: &str) -> Result<Meeting> {
    meeting::Entity::find()
        .filter(meeting::Column::Slug.eq(slug))
        .one(c)
        .await?
        .map(meeting_of)
        .ok_or(StoreError::NotFound)
}

/// A body's meetings, newest first.
///
/// # Errors
/// Database errors.
pub async fn of_body(c: &impl ConnectionTrait, body_id: Uuid) -> Result<Vec<Meeting>> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(body_id))
        .order_by_desc(meeting::Column::StartsAt)
        .all(c)
        .await?
        .into_iter()
        .map(meeting_of)
        .collect())
}

/// The member organisations of a body on `day`: for the general assembly the full members in
/// good standing, otherwise the holders of a running mandate.
///
/// # Errors
/// Database errors.
pub async fn body_members(
    c: &impl ConnectionTrait,
    body: &Body,
    day: NaiveDate,
) -> Result<Vec<Uuid>> {
    if body.kind == BodyKind::GeneralAssembly {
        let mut ids: Vec<Uuid> = org::Entity::find()
            .filter(org::Column::Class.eq(MembershipClass::Full.code()))
            .filter(org::Column::Status.eq(MemberStatus::Member.code()))
            .filter(org::Column::FirstFeePaidOn.is_not_null())
            .all(c)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        ids.sort_unstable();
        return Ok(ids);
    }
    super::member_orgs(c, body.id, day).await
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    pub id: Uuid,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub rapporteur: String,
    /// `(slug, title)` of the library document.
    pub document: Option<(String, String)>,
    /// The motion it puts to the vote: its reference.
    pub motion: Option<String>,
    /// How the translated fields are shown, once localised for a reader.
    #[serde(skip)]
    pub shown: super::translations::Shown,
}

/// Adds an item at the end of the agenda. `document` is a library item's slug, `motion` a
/// motion's reference.
///
/// # Errors
/// `Invalid` for an unknown document or motion.
pub async fn add_item(
    c: &impl ConnectionTrait,
    meeting_id: Uuid,
    title: &str,
    description: &str,
    rapporteur: &str,
    document: Option<&str>,
    motion_ref: Option<&str>,
) -> Result<Uuid> {
    let document_id = match document {
        Some(slug) => Some(
            library_item::Entity::find()
                .filter(library_item::Column::Slug.eq(slug))
                .one(c)
                .await?
                .ok_or_else(|| StoreError::invalid("document", "error-choice-invalid"))?
                .id,
        ),
        None => None,
    };
    let motion_id = match motion_ref {
        Some(r) => Some(
            motion::Entity::find()
                .filter(motion::Column::Reference.eq(r))
                .one(c)
                .await?
                .ok_or_else(|| StoreError::invalid("motion", "error-choice-invalid"))?
                .id,
        ),
        None => None,
    };
    let position = item::Entity::find()
        .filter(item::Column::MeetingId.eq(meeting_id))
        .count(c)
        .await?;
    let id = Uuid::now_v7();
    item::Entity::insert(item::ActiveModel {
        id: Set(id),
        meeting_id: Set(meeting_id),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX) + 1),
        title: Set(title.to_owned()),
        description: Set(description.to_owned()),
        rapporteur: Set(rapporteur.to_owned()),
        document_id: Set(document_id),
        motion_id: Set(motion_id),
    })
    .exec_without_returning(c)
    .await?;
    changed(c, meeting_id).await?;
    Ok(id)
}

/// The agenda in order.
///
/// # Errors
/// Database errors.
pub async fn agenda(c: &impl ConnectionTrait, meeting_id: Uuid) -> Result<Vec<AgendaItem>> {
    let rows = item::Entity::find()
        .filter(item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(item::Column::Position)
        .all(c)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let document = match r.document_id {
            Some(id) => library_item::Entity::find_by_id(id)
                .one(c)
                .await?
                .map(|d| (d.slug, d.title)),
            None => None,
        };
        let motion = match r.motion_id {
            Some(id) => motion::Entity::find_by_id(id)
                .one(c)
                .await?
                .map(|m| m.reference),
            None => None,
        };
        out.push(AgendaItem {
            id: r.id,
            position: r.position,
            title: r.title,
            description: r.description,
            rapporteur: r.rapporteur,
            document,
            motion,
            shown: super::translations::Shown::default(),
        });
    }
    Ok(out)
}

/// Records how a member took part. A represented member names the member present that
/// represents it.
///
/// # Errors
/// `Invalid` for an organisation that is not a member of the body, or a representative that
/// is not present.
pub async fn record_attendance(
    c: &impl ConnectionTrait,
    m: &Meeting,
    body: &Body,
    organisation: Uuid,
    status: Attendance,
    represented_by: Option<Uuid>,
) -> Result<()> {
    let members = body_members(c, body, m.starts_at.date_naive()).await?;
    if !members.contains(&organisation) {
        return Err(StoreError::invalid("organisation", "error-not-body-member"));
    }
    let represented_by = match (status, represented_by) {
        (Attendance::Represented, Some(r)) if r != organisation && members.contains(&r) => {
            let present = att::Entity::find_by_id((m.id, r))
                .one(c)
                .await?
                .is_some_and(|a| a.status == Attendance::Present.code());
            if !present {
                return Err(StoreError::invalid(
                    "represented_by",
                    "error-representative-absent",
                ));
            }
            Some(r)
        }
        (Attendance::Represented, _) => {
            return Err(StoreError::invalid(
                "represented_by",
                "error-representative-absent",
            ));
        }
        _ => None,
    };
    att::Entity::insert(att::ActiveModel {
        meeting_id: Set(m.id),
        organisation_id: Set(organisation),
        status: Set(status.code().to_owned()),
        represented_by: Set(represented_by),
        recorded_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([att::Column::MeetingId, att::Column::OrganisationId])
            .update_columns([
                att::Column::Status,
                att::Column::RepresentedBy,
                att::Column::RecordedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendanceRow {
    pub organisation: Uuid,
    pub slug: String,
    pub name: String,
    pub status: Option<Attendance>,
    pub represented_by: Option<String>,
    /// The member representing it, to name it in the reader's language.
    #[serde(skip)]
    pub represented_by_id: Option<Uuid>,
}

/// Every member of the body with how it took part (`None`: not recorded yet), and the quorum:
/// `(rows, present or represented, members, reached)`.
///
/// # Errors
/// Database errors.
pub async fn attendance(
    c: &impl ConnectionTrait,
    m: &Meeting,
    body: &Body,
) -> Result<(Vec<AttendanceRow>, u64, u64, bool)> {
    let members = body_members(c, body, m.starts_at.date_naive()).await?;
    let recorded = att::Entity::find()
        .filter(att::Column::MeetingId.eq(m.id))
        .all(c)
        .await?;
    let orgs = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&members)).await?;
    let name = |id: Uuid| {
        orgs.iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let mut rows: Vec<AttendanceRow> = members
        .iter()
        .map(|id| {
            let a = recorded.iter().find(|a| a.organisation_id == *id);
            AttendanceRow {
                organisation: *id,
                slug: orgs
                    .iter()
                    .find(|o| o.id == *id)
                    .map(|o| o.slug.clone())
                    .unwrap_or_default(),
                name: name(*id),
                status: a.and_then(|a| Attendance::parse(&a.status)),
                represented_by: a.and_then(|a| a.represented_by).map(name),
                represented_by_id: a.and_then(|a| a.represented_by),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let present = rows
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                Some(Attendance::Present | Attendance::Represented)
            )
        })
        .count() as u64;
    let n = rows.len() as u64;
    Ok((rows, present, n, quorum_reached(present, n, m.quorum_bp)))
}

/// Emails an invitation to every member of the body (its leader's and focal point's
/// addresses), through the outbox, with the meeting's page and calendar file linked. Returns
/// how many were queued.
///
/// # Errors
/// Database errors.
pub async fn invite(
    c: &impl ConnectionTrait,
    m: &Meeting,
    body: &Body,
    base_url: &str,
    actor: Option<Uuid>,
) -> Result<usize> {
    let members = body_members(c, body, m.starts_at.date_naive()).await?;
    let orgs = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&members)).await?;
    let mut n = 0;
    for o in &orgs {
        let mut to: Vec<&str> = [o.leader_email.as_str(), o.focal_email.as_str()]
            .into_iter()
            .filter(|e| !e.trim().is_empty())
            .collect();
        to.dedup();
        for addr in to {
            let locale = if ["ko", "en", "fr", "es"].contains(&o.base_lang.as_str()) {
                o.base_lang.as_str()
            } else {
                "en"
            };
            outbox::push(
                c,
                "email",
                &serde_json::json!({
                    "template": "meeting-invitation",
                    "to": addr,
                    "locale": locale,
                    "organisation": o.name,
                    "event": m.title,
                    "link": format!("{base_url}/{locale}/meetings/{}", m.slug),
                }),
            )
            .await?;
            n += 1;
        }
    }
    meeting::Entity::update_many()
        .col_expr(meeting::Column::InvitedAt, Expr::value(Some(now())))
        .filter(meeting::Column::Id.eq(m.id))
        .exec(c)
        .await?;
    audit::record(
        c,
        actor,
        "governance.meeting_invite",
        "gov_meeting",
        &m.id.to_string(),
        None,
        Some(&serde_json::json!({ "emails": n })),
    )
    .await?;
    Ok(n)
}

/// Saves the minutes (a draft until approved). `version` guards against saving over someone
/// else's change.
///
/// # Errors
/// `Conflict("error-minutes-approved")` once approved, `Conflict("error-stale")` when the
/// meeting changed in between.
pub async fn save_minutes(
    c: &impl ConnectionTrait,
    id: Uuid,
    text: &str,
    version: i32,
    actor: Option<Uuid>,
) -> Result<()> {
    let res = meeting::Entity::update_many()
        .col_expr(meeting::Column::Minutes, Expr::value(text.to_owned()))
        .col_expr(
            meeting::Column::MinutesStatus,
            Expr::value(MinutesStatus::Draft.code()),
        )
        .col_expr(
            meeting::Column::Version,
            Expr::col(meeting::Column::Version).add(1),
        )
        .filter(meeting::Column::Id.eq(id))
        .filter(meeting::Column::Version.eq(version))
        .filter(meeting::Column::MinutesStatus.ne(MinutesStatus::Approved.code()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        let m = by_id(c, id).await?;
        return Err(StoreError::Conflict(
            if m.minutes_status == MinutesStatus::Approved {
                "error-minutes-approved"
            } else {
                "error-stale"
            },
        ));
    }
    crate::texts::base_changed(c, id, "minutes").await?;
    audit::record(
        c,
        actor,
        "governance.minutes",
        "gov_meeting",
        &id.to_string(),
        None,
        None,
    )
    .await?;
    changed(c, id).await
}

/// Approves the minutes of `earlier` at the later meeting `at` of the same body.
///
/// # Errors
/// `Conflict("error-minutes-approval")` when `at` is not a later meeting of the same body or
/// there are no draft minutes.
pub async fn approve_minutes(
    c: &impl ConnectionTrait,
    earlier: Uuid,
    at: Uuid,
    actor: Option<Uuid>,
) -> Result<()> {
    let (e, a) = (by_id(c, earlier).await?, by_id(c, at).await?);
    if e.body_id != a.body_id || a.starts_at <= e.starts_at {
        return Err(StoreError::Conflict("error-minutes-approval"));
    }
    let res = meeting::Entity::update_many()
        .col_expr(
            meeting::Column::MinutesStatus,
            Expr::value(MinutesStatus::Approved.code()),
        )
        .col_expr(meeting::Column::MinutesApprovedIn, Expr::value(Some(at)))
        .filter(meeting::Column::Id.eq(earlier))
        .filter(meeting::Column::MinutesStatus.eq(MinutesStatus::Draft.code()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-minutes-approval"));
    }
    audit::record(
        c,
        actor,
        "governance.minutes_approve",
        "gov_meeting",
        &earlier.to_string(),
        None,
        Some(&serde_json::json!({ "at": a.slug })),
    )
    .await?;
    changed(c, earlier).await
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub id: Uuid,
    pub number: String,
    pub body_id: Uuid,
    /// `(slug, title)` of the meeting.
    pub meeting: Option<(String, String)>,
    pub agenda_item: Option<Uuid>,
    /// The motion's reference.
    pub motion: Option<String>,
    pub title: String,
    pub text: String,
    pub decided_on: NaiveDate,
}

/// What a decision records.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    pub meeting: Option<Uuid>,
    pub agenda_item: Option<Uuid>,
    pub motion: Option<Uuid>,
    pub title: String,
    pub text: String,
}

/// Records a decision with the next number of its year. Two decisions recorded at once get
/// consecutive numbers (the unique key `(year, seq)` refuses a duplicate and the next number is
/// tried).
///
/// # Errors
/// Database errors.
pub async fn decide(
    c: &impl ConnectionTrait,
    body: &Body,
    d: &NewDecision,
    on: NaiveDate,
    actor: Option<Uuid>,
) -> Result<Decision> {
    let year = on.year();
    let mut seq = i32::try_from(
        dec::Entity::find()
            .filter(dec::Column::Year.eq(year))
            .count(c)
            .await?,
    )
    .unwrap_or(0)
        + 1;
    let id = Uuid::now_v7();
    loop {
        let r = dec::Entity::insert(dec::ActiveModel {
            id: Set(id),
            year: Set(year),
            seq: Set(seq),
            number: Set(decision_number(year, seq)),
            body_id: Set(body.id),
            meeting_id: Set(d.meeting),
            agenda_item_id: Set(d.agenda_item),
            motion_id: Set(d.motion),
            title: Set(d.title.clone()),
            text: Set(d.text.clone()),
            decided_on: Set(on),
            created_at: Set(now()),
        })
        .exec_without_returning(c)
        .await;
        match r {
            Ok(_) => break,
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) && seq < 100_000 =>
            {
                // Inside a transaction on PostgreSQL a failed statement aborts it: callers that
                // race record decisions in their own transactions and retry there.
                if c.get_database_backend() == sea_orm::DbBackend::Postgres {
                    return Err(StoreError::Conflict("error-conflict"));
                }
                seq += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    audit::record(
        c,
        actor,
        "governance.decision",
        "gov_decision",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "number": decision_number(year, seq), "title": d.title })),
    )
    .await?;
    changed(c, id).await?;
    decisions(c, None, "")
        .await?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or(StoreError::NotFound)
}

/// The register, newest first: every decision (of `body`, when given) whose number, title or
/// text contains `q` (case- and accent-insensitive for Latin letters).
///
/// # Errors
/// Database errors.
pub async fn decisions(
    c: &impl ConnectionTrait,
    body: Option<Uuid>,
    q: &str,
) -> Result<Vec<Decision>> {
    let mut query = dec::Entity::find();
    if let Some(b) = body {
        query = query.filter(dec::Column::BodyId.eq(b));
    }
    let rows = query
        .order_by_desc(dec::Column::Year)
        .order_by_desc(dec::Column::Seq)
        .all(c)
        .await?;
    let fold = |s: &str| -> String {
        s.chars()
            .flat_map(|ch| {
                pumasi_domain::types::fold_latin(ch)
                    .chars()
                    .collect::<Vec<_>>()
            })
            .collect::<String>()
            .to_lowercase()
    };
    let needle = fold(q.trim());
    let mids: Vec<Uuid> = rows.iter().filter_map(|r| r.meeting_id).collect();
    let meetings =
        crate::by_ids_or_all::<meeting::Entity>(c, meeting::Column::Id, Some(&mids)).await?;
    let motion_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.motion_id).collect();
    let motions =
        crate::by_ids_or_all::<motion::Entity>(c, motion::Column::Id, Some(&motion_ids)).await?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            needle.is_empty()
                || fold(&r.number).contains(&needle)
                || fold(&r.title).contains(&needle)
                || fold(&r.text).contains(&needle)
        })
        .map(|r| Decision {
            id: r.id,
            number: r.number,
            body_id: r.body_id,
            meeting: r.meeting_id.and_then(|id| {
                meetings
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| (m.slug.clone(), m.title.clone()))
            }),
            agenda_item: r.agenda_item_id,
            motion: r.motion_id.and_then(|id| {
                motions
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| m.reference.clone())
            }),
            title: r.title,
            text: r.text,
            decided_on: r.decided_on,
        })
        .collect())
}
