//! The membership journey: an application creates the organisation as an applicant; the
//! secretariat acknowledges (deadline: five working days), asks for information, records the
//! steering committee's decision with date and reference, assigns the college and records the
//! first fee; the contact person becomes the organisation's admin by invitation. Every step is a
//! compare-and-set on the application's version, so two people acting at once get one success
//! and one clear conflict.

use super::{change_status, event};
use crate::entities::{application, organisation as org};
use crate::{Result, StoreError, audit, now, outbox};
use chrono::NaiveDate;
use pumasi_domain::FieldError;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{ApplicationState, MemberStatus, MembershipClass, add_working_days};
use pumasi_domain::organisation::OrganisationInput;
use pumasi_domain::types::{self, Email};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Working days the secretariat has to acknowledge an application (GSEF's promise).
pub const ACK_WORKING_DAYS: u32 = 5;

/// The application's own fields, beside the organisation data, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RawApplication {
    pub economic_index: String,
    pub statement: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub signatory_confirmed: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// A signed letter of application kept in the object store under `key`; its type was read
/// from its bytes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Letter {
    #[serde(skip)]
    pub key: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone)]
pub struct ApplicationInput {
    /// Set by the caller once the bytes are stored.
    pub letter: Option<Letter>,
    pub economic_index: String,
    pub statement: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub contact_name: String,
    pub contact_email: Email,
}

impl RawApplication {
    /// # Errors
    /// One error per wrong field.
    pub fn validate(&self) -> Result<ApplicationInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut take = |field: &str, r: Result<String, &'static str>| match r {
            Ok(v) => v,
            Err(code) => {
                errs.push(FieldError::new(field, code));
                String::new()
            }
        };
        let economic_index = take(
            "economic_index",
            types::line(&self.economic_index, 100, false),
        );
        let statement = take(
            "statement",
            types::text(&self.statement, 10_000).and_then(|s| {
                if s.is_empty() {
                    Err("error-required")
                } else {
                    Ok(s)
                }
            }),
        );
        let signatory_name = take(
            "signatory_name",
            types::line(&self.signatory_name, 200, true),
        );
        let signatory_title = take(
            "signatory_title",
            types::line(&self.signatory_title, 200, true),
        );
        let contact_name = take("contact_name", types::line(&self.contact_name, 200, true));
        let contact_email = match Email::parse(&self.contact_email) {
            Ok(e) => Some(e),
            Err(code) => {
                errs.push(FieldError::new("contact_email", code));
                None
            }
        };
        if !matches!(
            self.signatory_confirmed.as_str(),
            "on" | "true" | "yes" | "1"
        ) {
            errs.push(FieldError::new(
                "signatory_confirmed",
                "error-confirmation-required",
            ));
        }
        match (errs.is_empty(), contact_email) {
            (true, Some(contact_email)) => Ok(ApplicationInput {
                letter: None,
                economic_index,
                statement,
                signatory_name,
                signatory_title,
                contact_name,
                contact_email,
            }),
            _ => Err(errs),
        }
    }
}

/// Submits an application: the organisation is created with status `applicant`, and the
/// secretariat is notified through the outbox.
///
/// # Errors
/// `Invalid` for duplicates, database errors.
pub async fn submit(
    c: &impl ConnectionTrait,
    org_input: &OrganisationInput,
    app: &ApplicationInput,
    locale: Locale,
) -> Result<Uuid> {
    let mut o = org_input.clone();
    o.status = MemberStatus::Applicant;
    o.college = None;
    o.first_fee_paid_on = None;
    o.joined_on = None;
    o.fictional = false;
    let org_id = super::create(c, &o, None, "@application").await?;
    let id = Uuid::now_v7();
    let t = now();
    application::Entity::insert(application::ActiveModel {
        id: Set(id),
        organisation_id: Set(org_id),
        state: Set(ApplicationState::Submitted.code().to_owned()),
        class_requested: Set(o.class.code().to_owned()),
        submitted_at: Set(t),
        ack_due_on: Set(Some(add_working_days(t.date_naive(), ACK_WORKING_DAYS))),
        acknowledged_at: Set(None),
        info_request: Set(String::new()),
        decision_on: Set(None),
        decision_ref: Set(String::new()),
        economic_index: Set(app.economic_index.clone()),
        statement: Set(app.statement.clone()),
        signatory_name: Set(app.signatory_name.clone()),
        signatory_title: Set(app.signatory_title.clone()),
        signatory_confirmed: Set(true),
        contact_name: Set(app.contact_name.clone()),
        contact_email: Set(app.contact_email.as_str().to_owned()),
        locale: Set(locale.code().to_owned()),
        letter_key: Set(app
            .letter
            .as_ref()
            .map(|l| l.key.clone())
            .unwrap_or_default()),
        letter_name: Set(app
            .letter
            .as_ref()
            .map(|l| l.name.clone())
            .unwrap_or_default()),
        letter_type: Set(app
            .letter
            .as_ref()
            .map(|l| l.content_type.clone())
            .unwrap_or_default()),
        letter_size: Set(app.letter.as_ref().map_or(0, |l| l.size)),
        version: Set(1),
    })
    .exec_without_returning(c)
    .await?;
    outbox::push(
        c,
        "email",
        &serde_json::json!({
            "template": "application-received", "to": app.contact_email.as_str(), "locale": locale,
            "organisation": o.name, "application": id,
        }),
    )
    .await?;
    outbox::push(c, "email.secretariat", &serde_json::json!({ "template": "application-new", "organisation": o.name, "application": id })).await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Application {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub country: String,
    pub state: ApplicationState,
    pub class_requested: MembershipClass,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub ack_due_on: Option<NaiveDate>,
    pub acknowledged_at: Option<chrono::DateTime<chrono::Utc>>,
    pub info_request: String,
    pub decision_on: Option<NaiveDate>,
    pub decision_ref: String,
    pub economic_index: String,
    pub statement: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: Locale,
    pub letter: Option<Letter>,
    pub version: i32,
    pub college: Option<i32>,
    pub status: MemberStatus,
    pub first_fee_paid_on: Option<NaiveDate>,
}

fn assemble(a: application::Model, o: &org::Model) -> Application {
    Application {
        id: a.id,
        organisation_id: a.organisation_id,
        organisation_slug: o.slug.clone(),
        organisation_name: o.name.clone(),
        country: o.country.clone(),
        state: ApplicationState::parse(&a.state).unwrap_or(ApplicationState::Submitted),
        class_requested: MembershipClass::parse(&a.class_requested)
            .unwrap_or(MembershipClass::Allied),
        submitted_at: a.submitted_at,
        ack_due_on: a.ack_due_on,
        acknowledged_at: a.acknowledged_at,
        info_request: a.info_request,
        decision_on: a.decision_on,
        decision_ref: a.decision_ref,
        economic_index: a.economic_index,
        statement: a.statement,
        signatory_name: a.signatory_name,
        signatory_title: a.signatory_title,
        contact_name: a.contact_name,
        contact_email: a.contact_email,
        locale: Locale::parse(&a.locale).unwrap_or(Locale::En),
        letter: (!a.letter_key.is_empty()).then_some(Letter {
            key: a.letter_key,
            name: a.letter_name,
            content_type: a.letter_type,
            size: a.letter_size,
        }),
        version: a.version,
        college: o.college,
        status: MemberStatus::parse(&o.status).unwrap_or(MemberStatus::Applicant),
        first_fee_paid_on: o.first_fee_paid_on,
    }
}

/// Applications, open ones first, newest first.
///
/// # Errors
/// Database errors.
pub async fn list(c: &impl ConnectionTrait) -> Result<Vec<Application>> {
    let rows = application::Entity::find()
        .order_by_desc(application::Column::SubmittedAt)
        .find_also_related_none(c)
        .await?;
    Ok(rows)
}

trait FindWithOrg {
    async fn find_also_related_none(self, c: &impl ConnectionTrait) -> Result<Vec<Application>>;
}

impl FindWithOrg for sea_orm::Select<application::Entity> {
    async fn find_also_related_none(self, c: &impl ConnectionTrait) -> Result<Vec<Application>> {
        let apps = self.all(c).await?;
        let mut out = Vec::with_capacity(apps.len());
        for a in apps {
            if let Some(o) = org::Entity::find_by_id(a.organisation_id).one(c).await? {
                out.push(assemble(a, &o));
            }
        }
        out.sort_by_key(|a| !a.state.is_open());
        Ok(out)
    }
}

/// # Errors
/// `NotFound`, database errors.
pub async fn get(c: &impl ConnectionTrait, id: Uuid) -> Result<Application> {
    let a = application::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let o = org::Entity::find_by_id(a.organisation_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(assemble(a, &o))
}

/// Moves an application from `expected_version` to a new state, or fails with a conflict if
/// someone else acted first or the move is not allowed.
async fn transition(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    to: ApplicationState,
    extra: Vec<(application::Column, Expr)>,
) -> Result<Application> {
    let current = get(c, id).await?;
    if current.version != expected_version {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    if !current.state.can_become(to) {
        return Err(StoreError::Conflict("error-application-state"));
    }
    let mut q = application::Entity::update_many()
        .col_expr(application::Column::State, Expr::value(to.code()))
        .col_expr(
            application::Column::Version,
            Expr::value(expected_version + 1),
        );
    for (col, e) in extra {
        q = q.col_expr(col, e);
    }
    let res = q
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Version.eq(expected_version))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-edit-conflict"));
    }
    Ok(current)
}

/// # Errors
/// Conflicts, database errors.
pub async fn acknowledge(
    c: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    actor: Option<Uuid>,
) -> Result<()> {
    let a = transition(
        c,
        id,
        version,
        ApplicationState::Acknowledged,
        vec![(
            application::Column::AcknowledgedAt,
            Expr::value(Some(now())),
        )],
    )
    .await?;
    event(
        c,
        a.organisation_id,
        actor,
        "application.acknowledged",
        "",
        "",
        "",
        "",
    )
    .await?;
    outbox::push(c, "email", &serde_json::json!({ "template": "application-acknowledged", "to": a.contact_email, "locale": a.locale, "organisation": a.organisation_name })).await?;
    audit::record(
        c,
        actor,
        "application.acknowledge",
        "application",
        &id.to_string(),
        None,
        None,
    )
    .await
}

/// # Errors
/// Conflicts, `Invalid` for an empty question, database errors.
pub async fn request_info(
    c: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    question: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let q = types::text(question, 5_000).map_err(|code| StoreError::invalid("question", code))?;
    if q.is_empty() {
        return Err(StoreError::invalid("question", "error-required"));
    }
    let a = transition(
        c,
        id,
        version,
        ApplicationState::InfoRequested,
        vec![(application::Column::InfoRequest, Expr::value(q.clone()))],
    )
    .await?;
    event(
        c,
        a.organisation_id,
        actor,
        "application.info_requested",
        "",
        "",
        &q,
        "",
    )
    .await?;
    outbox::push(c, "email", &serde_json::json!({ "template": "application-info", "to": a.contact_email, "locale": a.locale, "organisation": a.organisation_name, "question": q })).await?;
    audit::record(
        c,
        actor,
        "application.request_info",
        "application",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "question": q })),
    )
    .await
}

/// Records the steering committee's decision. Approval makes the organisation a member of the
/// requested class (a full member still counts only once its first fee is paid) and invites the
/// contact person as the organisation's admin.
///
/// # Errors
/// Conflicts, `Invalid` for a missing reference, database errors.
pub async fn decide(
    c: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    approve: bool,
    decided_on: NaiveDate,
    reference: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let reference =
        types::line(reference, 100, true).map_err(|code| StoreError::invalid("reference", code))?;
    let to = if approve {
        ApplicationState::Approved
    } else {
        ApplicationState::Rejected
    };
    let a = transition(
        c,
        id,
        version,
        to,
        vec![
            (
                application::Column::DecisionOn,
                Expr::value(Some(decided_on)),
            ),
            (
                application::Column::DecisionRef,
                Expr::value(reference.clone()),
            ),
        ],
    )
    .await?;
    let status = if approve {
        MemberStatus::Member
    } else {
        MemberStatus::Rejected
    };
    change_status(
        c,
        a.organisation_id,
        status,
        actor,
        "@committee-decision",
        &reference,
    )
    .await?;
    if approve {
        org::Entity::update_many()
            .col_expr(org::Column::JoinedOn, Expr::value(Some(decided_on)))
            .filter(org::Column::Id.eq(a.organisation_id))
            .exec(c)
            .await?;
        outbox::push(
            c,
            "invitation",
            &serde_json::json!({ "organisation": a.organisation_id, "email": a.contact_email, "name": a.contact_name, "locale": a.locale }),
        )
        .await?;
    } else {
        outbox::push(c, "email", &serde_json::json!({ "template": "application-rejected", "to": a.contact_email, "locale": a.locale, "organisation": a.organisation_name, "reference": reference })).await?;
    }
    audit::record(
        c,
        actor,
        "application.decide",
        "application",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "approve": approve, "on": decided_on, "reference": reference })),
    )
    .await
}

/// Assigns the voting college of a full member.
///
/// # Errors
/// `Invalid` when the member is not full or the college unknown.
pub async fn assign_college(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    college: i32,
    actor: Option<Uuid>,
) -> Result<()> {
    let o = org::Entity::find_by_id(org_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if o.class != MembershipClass::Full.code() {
        return Err(StoreError::invalid("college", "error-college-full-only"));
    }
    let vocab = super::vocabulary(c).await?;
    if vocab.college(college).is_none() {
        return Err(StoreError::invalid("college", "error-college-invalid"));
    }
    org::Entity::update_many()
        .col_expr(org::Column::College, Expr::value(Some(college)))
        .col_expr(org::Column::Version, Expr::col(org::Column::Version).add(1))
        .filter(org::Column::Id.eq(org_id))
        .exec(c)
        .await?;
    event(
        c,
        org_id,
        actor,
        "college",
        "",
        "",
        &college.to_string(),
        "",
    )
    .await?;
    audit::record(
        c,
        actor,
        "organisation.college",
        "organisation",
        &org_id.to_string(),
        Some(&serde_json::json!({ "college": o.college })),
        Some(&serde_json::json!({ "college": college })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": org_id }),
    )
    .await?;
    Ok(())
}

/// Records the first fee payment, from which a full member counts as a member.
///
/// # Errors
/// `Conflict` if already recorded.
pub async fn record_first_fee(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    paid_on: NaiveDate,
    actor: Option<Uuid>,
) -> Result<()> {
    let res = org::Entity::update_many()
        .col_expr(org::Column::FirstFeePaidOn, Expr::value(Some(paid_on)))
        .col_expr(org::Column::Version, Expr::col(org::Column::Version).add(1))
        .filter(org::Column::Id.eq(org_id))
        .filter(org::Column::FirstFeePaidOn.is_null())
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-fee-already-recorded"));
    }
    event(
        c,
        org_id,
        actor,
        "first_fee",
        "",
        "",
        &paid_on.to_string(),
        "",
    )
    .await?;
    audit::record(
        c,
        actor,
        "organisation.first_fee",
        "organisation",
        &org_id.to_string(),
        None,
        Some(&serde_json::json!({ "paid_on": paid_on })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": org_id }),
    )
    .await?;
    Ok(())
}
