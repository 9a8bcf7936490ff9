//! Registration: types with fees, custom questions, invitation codes, registrations with their
//! seat state, the waitlist and its automatic promotion, "my programme" bookings with session
//! capacities, payments recorded by organisers, and check-in at the door.
//!
//! Seats are never oversold, on SQLite or PostgreSQL, under any concurrency: a seat is taken by
//! one conditional statement, `UPDATE event SET confirmed_count = confirmed_count + 1 WHERE
//! id = ? AND confirmed_count < capacity`, and freed by the matching decrement. On SQLite the
//! write transaction holds the database lock; on PostgreSQL the update locks the event row and
//! re-checks the condition against the latest committed count, so concurrent registrations and
//! cancellations of one event queue on that row. A registration that finds no seat joins the
//! waitlist; a freed seat goes to the longest-waiting person in the same transaction.

use crate::entities::{
    event, invitation_code, organisation as org, programme_session, question, registration,
    registration_type, session_booking,
};
use crate::members::Localized;
use crate::{Result, StoreError, audit, now, outbox, texts};
use chrono::{DateTime, Utc};
use pumasi_domain::events::{Payment, Question, QuestionKind, RegistrationState, validate_answers};
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::MemberStatus;
use pumasi_domain::types::{self, Email};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A registration type as offered to one reader.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationType {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
    pub fee_minor: i64,
    pub currency: String,
    pub members_only: bool,
    pub requires_code: bool,
}

/// A custom question as asked of one reader.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: Uuid,
    pub code: String,
    pub kind: QuestionKind,
    pub label: Localized,
    /// Options in the reader's language (or the base language); answers are their indexes.
    pub options: Vec<String>,
    pub required: bool,
}

impl QuestionView {
    /// The rule the domain validator needs.
    #[must_use]
    pub fn rule(&self) -> Question {
        Question {
            id: self.id,
            kind: self.kind,
            required: self.required,
            options: self.options.len(),
        }
    }

    /// An answer as a person reads it (the option's label for option questions).
    #[must_use]
    pub fn show(&self, answer: &str) -> String {
        if self.kind.has_options() {
            answer
                .parse::<usize>()
                .ok()
                .and_then(|i| self.options.get(i).cloned())
                .unwrap_or_default()
        } else {
            answer.to_owned()
        }
    }
}

async fn event_lang(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Lang> {
    let e = event::Entity::find_by_id(event_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Lang::parse_or(&e.lang, Locale::En))
}

/// The registration types of an event, in order.
///
/// # Errors
/// Database errors.
pub async fn types(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    want: impl Into<Lang> + Copy,
) -> Result<Vec<RegistrationType>> {
    let lang = event_lang(c, event_id).await?;
    let rows = registration_type::Entity::find()
        .filter(registration_type::Column::EventId.eq(event_id))
        .order_by_asc(registration_type::Column::Position)
        .all(c)
        .await?;
    let t = texts::load(c, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|r| RegistrationType {
            name: t.get(r.id, "name", &r.name, lang, want),
            id: r.id,
            code: r.code,
            fee_minor: r.fee_minor,
            currency: r.currency,
            members_only: r.members_only,
            requires_code: r.requires_code,
        })
        .collect())
}

/// The custom questions of an event, in order.
///
/// # Errors
/// Database errors.
pub async fn questions(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    want: impl Into<Lang> + Copy,
) -> Result<Vec<QuestionView>> {
    let lang = event_lang(c, event_id).await?;
    let rows = question::Entity::find()
        .filter(question::Column::EventId.eq(event_id))
        .order_by_asc(question::Column::Position)
        .all(c)
        .await?;
    let t = texts::load(c, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let base: Vec<String> = r.options.lines().map(str::to_owned).collect();
            let shown = t.get(r.id, "options", &r.options, lang, want);
            let mut options: Vec<String> = shown.text.lines().map(str::to_owned).collect();
            // A translation with a different number of options would shift the answers.
            if options.len() != base.len() {
                options = base;
            }
            QuestionView {
                label: t.get(r.id, "label", &r.label, lang, want),
                id: r.id,
                code: r.code,
                kind: QuestionKind::parse(&r.kind).unwrap_or(QuestionKind::Text),
                options,
                required: r.required,
            }
        })
        .collect())
}

/// A registration type to add to an event.
#[derive(Debug, Clone)]
pub struct NewType {
    pub code: String,
    pub name: String,
    pub fee_minor: i64,
    pub currency: String,
    pub members_only: bool,
    pub requires_code: bool,
    /// `(locale, name)` translations.
    pub translations: Vec<(Locale, String)>,
}

/// The checked code and name of a type.
fn check_type(t: &NewType) -> Result<(String, String)> {
    let code =
        pumasi_domain::types::Slug::parse(&t.code).map_err(|e| StoreError::invalid("code", e))?;
    let name = types::line(&t.name, 120, true).map_err(|e| StoreError::invalid("name", e))?;
    if !(0..=100_000_000_000).contains(&t.fee_minor) {
        return Err(StoreError::invalid("fee", "error-amount-invalid"));
    }
    if t.currency.len() != 3 || !t.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(StoreError::invalid("currency", "error-currency-invalid"));
    }
    Ok((code.as_str().to_owned(), name))
}

/// # Errors
/// `Invalid` for a bad code, name, fee or currency; `Invalid(code: error-code-taken)`.
pub async fn add_type(c: &impl ConnectionTrait, event_id: Uuid, t: &NewType) -> Result<Uuid> {
    let (code, name) = check_type(t)?;
    let position = registration_type::Entity::find()
        .filter(registration_type::Column::EventId.eq(event_id))
        .count(c)
        .await?;
    let id = Uuid::now_v7();
    registration_type::Entity::insert(registration_type::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code),
        name: Set(name),
        fee_minor: Set(t.fee_minor),
        currency: Set(t.currency.clone()),
        members_only: Set(t.members_only),
        requires_code: Set(t.requires_code),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    for (l, text) in &t.translations {
        texts::put(c, id, "name", *l, text).await?;
    }
    Ok(id)
}

/// Changes a registration type. People already registered keep the fee and currency they
/// registered with; the translations of a changed name are marked for review.
///
/// # Errors
/// `NotFound` for a type of another event; as [`add_type`].
pub async fn update_type(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    t: &NewType,
) -> Result<()> {
    let (code, name) = check_type(t)?;
    let before = registration_type::Entity::find_by_id(id)
        .one(c)
        .await?
        .filter(|r| r.event_id == event_id)
        .ok_or(StoreError::NotFound)?;
    // Registrations being written queue on the event's row; so does this change, so each sees
    // the other's result (see `stamp`).
    super::hold(c, event_id).await?;
    registration_type::Entity::update_many()
        .col_expr(registration_type::Column::Code, Expr::value(code))
        .col_expr(registration_type::Column::Name, Expr::value(name.clone()))
        .col_expr(
            registration_type::Column::FeeMinor,
            Expr::value(t.fee_minor),
        )
        .col_expr(
            registration_type::Column::Currency,
            Expr::value(t.currency.clone()),
        )
        .col_expr(
            registration_type::Column::MembersOnly,
            Expr::value(t.members_only),
        )
        .col_expr(
            registration_type::Column::RequiresCode,
            Expr::value(t.requires_code),
        )
        .filter(registration_type::Column::Id.eq(id))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    if before.name != name {
        texts::base_changed(c, id, "name").await?;
    }
    super::changed(c, event_id).await
}

/// Whether anyone registered for the event answered question `id` (answers are stored keyed
/// by the question's id).
///
/// # Errors
/// Database errors.
pub async fn answered(c: &impl ConnectionTrait, event_id: Uuid, id: Uuid) -> Result<bool> {
    let answers: Vec<String> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Answers)
        .filter(registration::Column::EventId.eq(event_id))
        .into_tuple()
        .all(c)
        .await?;
    let key = id.to_string();
    Ok(answers.iter().any(|a| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(a)
            .is_ok_and(|m| m.contains_key(&key))
    }))
}

/// A custom question to add to an event.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub code: String,
    pub kind: QuestionKind,
    pub label: String,
    pub options: Vec<String>,
    pub required: bool,
    /// `(locale, label, options)` translations; options in the same order.
    pub translations: Vec<(Locale, String, Vec<String>)>,
}

/// The checked code, label and options of a question.
fn check_question(q: &NewQuestion) -> Result<(String, String, Vec<String>)> {
    let code =
        pumasi_domain::types::Slug::parse(&q.code).map_err(|e| StoreError::invalid("code", e))?;
    let label = types::line(&q.label, 300, true).map_err(|e| StoreError::invalid("label", e))?;
    if q.kind.has_options() && q.options.is_empty() {
        return Err(StoreError::invalid("options", "error-required"));
    }
    let mut options = Vec::new();
    for o in &q.options {
        options.push(types::line(o, 200, true).map_err(|e| StoreError::invalid("options", e))?);
    }
    Ok((code.as_str().to_owned(), label, options))
}

/// Changes a question. Once someone answered it, its kind and options stay as they are (a
/// choice is stored as the option's position, so changing them would change past answers);
/// the label, code and whether it is required may still change.
///
/// # Errors
/// `NotFound` for a question of another event; `Invalid(options:
/// error-question-options-answered)`; as [`add_question`].
pub async fn update_question(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    id: Uuid,
    q: &NewQuestion,
) -> Result<()> {
    let (code, label, options) = check_question(q)?;
    let before = question::Entity::find_by_id(id)
        .one(c)
        .await?
        .filter(|r| r.event_id == event_id)
        .ok_or(StoreError::NotFound)?;
    // Registrations being written queue on the event's row; so does this change, so each sees
    // the other's result (see `stamp`).
    super::hold(c, event_id).await?;
    let options = options.join("\n");
    let shape_changed = before.kind != q.kind.code() || before.options != options;
    if shape_changed && answered(c, event_id, id).await? {
        return Err(StoreError::invalid(
            "options",
            "error-question-options-answered",
        ));
    }
    question::Entity::update_many()
        .col_expr(question::Column::Code, Expr::value(code))
        .col_expr(question::Column::Kind, Expr::value(q.kind.code()))
        .col_expr(question::Column::Label, Expr::value(label.clone()))
        .col_expr(question::Column::Options, Expr::value(options.clone()))
        .col_expr(question::Column::Required, Expr::value(q.required))
        .filter(question::Column::Id.eq(id))
        .exec(c)
        .await
        .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    if before.label != label {
        texts::base_changed(c, id, "label").await?;
    }
    if before.options != options {
        texts::base_changed(c, id, "options").await?;
    }
    super::changed(c, event_id).await
}

/// # Errors
/// `Invalid` for a bad code or label, or an option question without options.
pub async fn add_question(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    q: &NewQuestion,
) -> Result<Uuid> {
    let (code, label, options) = check_question(q)?;
    let position = question::Entity::find()
        .filter(question::Column::EventId.eq(event_id))
        .count(c)
        .await?;
    let id = Uuid::now_v7();
    question::Entity::insert(question::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code),
        kind: Set(q.kind.code().to_owned()),
        label: Set(label),
        options: Set(options.join("\n")),
        required: Set(q.required),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    for (l, label, opts) in &q.translations {
        texts::put(c, id, "label", *l, label).await?;
        if opts.len() == options.len() {
            texts::put(c, id, "options", *l, &opts.join("\n")).await?;
        }
    }
    Ok(id)
}

/// Creates an invitation code that unlocks `type_id` (or any type) up to `max_uses` times.
///
/// # Errors
/// `Invalid` for a malformed code or a non-positive use count; `error-code-taken`.
pub async fn add_invitation(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    code: &str,
    type_id: Option<Uuid>,
    max_uses: i32,
    note: &str,
) -> Result<Uuid> {
    let code = normalise_invitation(code).ok_or(StoreError::invalid(
        "invitation_code",
        "error-invitation-invalid",
    ))?;
    if !(1..=100_000).contains(&max_uses) {
        return Err(StoreError::invalid("max_uses", "error-capacity-invalid"));
    }
    let note = types::line(note, 200, false).map_err(|e| StoreError::invalid("note", e))?;
    if let Some(t) = type_id {
        // The type must be this event's and stay so until commit (removing a type holds the
        // same row).
        super::hold(c, event_id).await?;
        let ours = registration_type::Entity::find_by_id(t)
            .one(c)
            .await?
            .is_some_and(|r| r.event_id == event_id);
        if !ours {
            return Err(StoreError::invalid("type", "error-choice-invalid"));
        }
    }
    let id = Uuid::now_v7();
    invitation_code::Entity::insert(invitation_code::ActiveModel {
        id: Set(id),
        event_id: Set(event_id),
        code: Set(code),
        type_id: Set(type_id),
        max_uses: Set(max_uses),
        used_count: Set(0),
        note: Set(note),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-code-taken"))?;
    Ok(id)
}

fn normalise_invitation(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    (!c.is_empty() && c.len() <= 40 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some(c)
}

/// What a person (or an organiser on their behalf) submits to register.
#[derive(Debug, Clone, Default)]
pub struct NewRegistration {
    /// The id to use (the caller may need it beforehand, e.g. to sign the private link).
    pub id: Option<Uuid>,
    pub event_id: Uuid,
    pub type_code: String,
    pub name: String,
    pub email: String,
    pub locale: Option<Locale>,
    /// Answers keyed `q-<question id>`, as typed.
    pub answers: HashMap<String, String>,
    pub invitation_code: String,
    /// The registrant's own account, when they are signed in and register themselves.
    pub account: Option<Uuid>,
    /// The member organisation the registrant represents (delegates).
    pub organisation: Option<Uuid>,
    /// Who filled the form when it is not the registrant (an org admin, an organiser).
    pub registered_by: Option<Uuid>,
    /// The badge code (random, from the caller) and the SHA-256 of the private link's token.
    pub code: String,
    pub token_hash: String,
}

/// The outcome of a registration.
#[derive(Debug, Clone, Serialize)]
pub struct Registered {
    pub id: Uuid,
    pub state: RegistrationState,
    pub code: String,
    /// Place on the waitlist (1 = next), when waitlisted.
    pub position: Option<u64>,
    pub name: String,
    pub email: String,
    pub payment: Payment,
    pub amount_minor: i64,
    pub currency: String,
}

/// Registers one person: takes a seat if one is free, otherwise joins the waitlist (or fails
/// with `error-event-full` when the event keeps none). Queues the confirmation email.
///
/// # Errors
/// `Invalid` per field (name, email, type, answers, invitation code, duplicate email);
/// `Conflict("error-registration-closed" | "error-event-full")`; `NotFound`.
pub async fn register<C: ConnectionTrait + TransactionTrait>(
    c: &C,
    new: &NewRegistration,
) -> Result<Registered> {
    let p = prepare(c, new).await?;
    write_batch(c, std::slice::from_ref(&p))
        .await?
        .pop()
        .unwrap_or(Err(StoreError::Conflict("error-try-again")))
}

/// A registration checked and ready to write: everything that needs only reading is done, so
/// the write itself is short (see [`write_batch`]).
#[derive(Debug, Clone)]
pub struct Prepared {
    id: Uuid,
    event_id: Uuid,
    type_id: Uuid,
    account: Option<Uuid>,
    organisation: Option<Uuid>,
    registered_by: Option<Uuid>,
    name: String,
    email: String,
    locale: Locale,
    code: String,
    token_hash: String,
    answers: String,
    fee_minor: i64,
    currency: String,
    /// The invitation code to use, normalised, when one was given or the type needs one.
    invitation: Option<String>,
    requires_code: bool,
    /// The [`stamp`] of the form it was checked against.
    stamp: u64,
}

/// Checks a registration without writing anything: the event takes registrations, the type
/// exists and is open to the registrant, fields and answers are valid, the email is not
/// registered yet. Runs outside the write lock; [`write_batch`] re-checks what can change.
///
/// # Errors
/// As [`register`].
pub async fn prepare(c: &impl ConnectionTrait, new: &NewRegistration) -> Result<Prepared> {
    let f = form(c, new.event_id).await?;
    prepare_with(c, &f, new).await
}

/// What the registration form of an event asks: read once, reusable for many registrations.
#[derive(Debug, Clone)]
pub struct Form {
    open: bool,
    lang: Lang,
    types: Vec<registration_type::Model>,
    rules: Vec<Question>,
    stamp: u64,
}

/// A fingerprint of what a registration is checked against: the event's types (fee,
/// currency, members-only, invitation code) and questions (kind, required, options). A
/// registration checked against an older form is refused when written, so an answer can never
/// be stored against options that were reordered meanwhile, nor a fee or rule that changed.
fn stamp(types: &[registration_type::Model], questions: &[question::Model]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut t: Vec<_> = types
        .iter()
        .map(|t| {
            (
                t.id,
                t.fee_minor,
                t.currency.as_str(),
                t.members_only,
                t.requires_code,
            )
        })
        .collect();
    t.sort_unstable();
    let mut q: Vec<_> = questions
        .iter()
        .map(|q| (q.id, q.kind.as_str(), q.required, q.options.as_str()))
        .collect();
    q.sort_unstable();
    // Fixed keys: the same form gives the same stamp in every process.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    q.hash(&mut h);
    h.finish()
}

/// Reads an event's registration form (status, types, questions).
///
/// # Errors
/// `NotFound` for an unknown event.
pub async fn form(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Form> {
    let ev = event::Entity::find_by_id(event_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let types = registration_type::Entity::find()
        .filter(registration_type::Column::EventId.eq(event_id))
        .all(c)
        .await?;
    let questions = question::Entity::find()
        .filter(question::Column::EventId.eq(event_id))
        .all(c)
        .await?;
    let rules = questions
        .iter()
        .map(|q| Question {
            id: q.id,
            kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::Text),
            required: q.required,
            options: q.options.lines().count(),
        })
        .collect();
    Ok(Form {
        open: pumasi_domain::events::EventStatus::parse(&ev.status)
            .is_some_and(pumasi_domain::events::EventStatus::takes_registrations),
        lang: Lang::parse_or(&ev.lang, Locale::En),
        stamp: stamp(&types, &questions),
        types,
        rules,
    })
}

/// [`prepare`] against a form read before (the registration desk keeps it for a second).
///
/// # Errors
/// As [`register`].
pub async fn prepare_with(
    c: &impl ConnectionTrait,
    f: &Form,
    new: &NewRegistration,
) -> Result<Prepared> {
    if !f.open {
        return Err(StoreError::Conflict("error-registration-closed"));
    }
    let mut errs = Vec::new();
    let name = types::line(&new.name, 200, true)
        .map_err(|e| errs.push(pumasi_domain::FieldError::new("name", e)))
        .unwrap_or_default();
    let email = Email::parse(&new.email)
        .map_err(|e| errs.push(pumasi_domain::FieldError::new("email", e)))
        .ok();
    let rtype = f
        .types
        .iter()
        .find(|t| t.code == new.type_code.trim())
        .cloned();
    if rtype.is_none() {
        errs.push(pumasi_domain::FieldError::new(
            "type",
            "error-choice-invalid",
        ));
    }
    let answers = match validate_answers(&f.rules, &new.answers) {
        Ok(a) => a,
        Err(mut e) => {
            errs.append(&mut e);
            BTreeMap::new()
        }
    };
    if let Some(t) = &rtype
        && t.members_only
    {
        let member = match new.organisation {
            Some(o) => org::Entity::find_by_id(o)
                .one(c)
                .await?
                .is_some_and(|o| o.status == MemberStatus::Member.code()),
            None => false,
        };
        if !member {
            errs.push(pumasi_domain::FieldError::new(
                "type",
                "error-type-members-only",
            ));
        }
    }
    // A duplicate email is refused when written, by the partial unique index: checking here
    // too would cost a scan of the event's registrations on every request.
    let (Some(rtype), Some(email)) = (rtype, email) else {
        return Err(StoreError::Invalid(errs));
    };
    let invitation = if rtype.requires_code || !new.invitation_code.trim().is_empty() {
        match normalise_invitation(&new.invitation_code) {
            Some(code) => Some(code),
            None => {
                errs.push(pumasi_domain::FieldError::new(
                    "invitation_code",
                    "error-invitation-invalid",
                ));
                None
            }
        }
    } else {
        None
    };
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    let answers = serde_json::to_string(
        &answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
    .unwrap_or_else(|_| "{}".to_owned());
    Ok(Prepared {
        id: new.id.unwrap_or_else(Uuid::now_v7),
        event_id: new.event_id,
        type_id: rtype.id,
        account: new.account,
        organisation: new.organisation,
        registered_by: new.registered_by,
        name,
        email: email.as_str().to_owned(),
        locale: new.locale.or(f.lang.locale()).unwrap_or(Locale::En),
        code: new.code.clone(),
        token_hash: new.token_hash.clone(),
        answers,
        fee_minor: rtype.fee_minor,
        currency: rtype.currency,
        invitation,
        requires_code: rtype.requires_code,
        stamp: f.stamp,
    })
}

/// The seats of one event while a batch is written: read once under the event row's lock, then
/// counted here, since nobody else can change them before the batch commits.
struct Seats {
    confirmed: i32,
    start: i32,
    /// People on the waitlist, counted when the batch's first waitlisted registration comes.
    waiting: Option<u64>,
    capacity: Option<i32>,
    waitlist: bool,
    open: bool,
    /// Emails with an active registration: in the database or earlier in this batch.
    taken: std::collections::HashSet<String>,
    /// The [`stamp`] of the event's form now, under the lock.
    stamp: u64,
    /// The last place given in the event's line (`registration.queue`), read under the lock.
    queue: i64,
}

async fn lock_seats<C: ConnectionTrait>(
    c: &C,
    event_id: Uuid,
    batch: &[Prepared],
) -> Result<Option<Seats>> {
    // Lock the row, then read it: the read sees the latest committed count, and every writer
    // of this event's registrations queues here until this batch commits.
    event::Entity::update_many()
        .col_expr(
            event::Column::ConfirmedCount,
            Expr::col(event::Column::ConfirmedCount),
        )
        .filter(event::Column::Id.eq(event_id))
        .exec(c)
        .await?;
    let Some(ev) = event::Entity::find_by_id(event_id).one(c).await? else {
        return Ok(None);
    };
    let emails: Vec<String> = batch
        .iter()
        .filter(|p| p.event_id == event_id)
        .map(|p| p.email.clone())
        .collect();
    let mut taken = std::collections::HashSet::new();
    for chunk in emails.chunks(500) {
        let found: Vec<String> = registration::Entity::find()
            .select_only()
            .column(registration::Column::Email)
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::Email.is_in(chunk.iter().cloned()))
            // A literal, so that SQLite plans with the partial unique index.
            .filter(Expr::cust("state <> 'cancelled'"))
            .into_tuple()
            .all(c)
            .await?;
        taken.extend(found);
    }
    let types = registration_type::Entity::find()
        .filter(registration_type::Column::EventId.eq(event_id))
        .all(c)
        .await?;
    let questions = question::Entity::find()
        .filter(question::Column::EventId.eq(event_id))
        .all(c)
        .await?;
    let queue: Option<i64> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Queue)
        .filter(registration::Column::EventId.eq(event_id))
        .order_by_desc(registration::Column::Queue)
        .into_tuple()
        .one(c)
        .await?;
    Ok(Some(Seats {
        queue: queue.unwrap_or(0),
        stamp: stamp(&types, &questions),
        confirmed: ev.confirmed_count,
        start: ev.confirmed_count,
        waiting: None,
        capacity: ev.capacity,
        waitlist: ev.waitlist,
        open: pumasi_domain::events::EventStatus::parse(&ev.status)
            .is_some_and(pumasi_domain::events::EventStatus::takes_registrations),
        taken,
    }))
}

/// Writes prepared registrations in the caller's write transaction, one result per
/// registration in order. Each event's row is locked first (on PostgreSQL concurrent batches,
/// cancellations and promotions of that event queue on it; SQLite holds the database lock), its
/// confirmed seats and the batch's already registered emails are read once, seats are counted
/// in memory and the rows inserted together — so a batch of any size costs a handful of
/// statements, and never confirms more than the capacity. A registration that fails (a
/// duplicate email, an invitation code used up, a full event without waitlist) fails alone.
///
/// # Errors
/// Database errors, which fail the whole batch.
pub async fn write_batch<C: ConnectionTrait + TransactionTrait>(
    c: &C,
    batch: &[Prepared],
) -> Result<Vec<Result<Registered>>> {
    let mut seats: std::collections::HashMap<Uuid, Option<Seats>> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(batch.len());
    let mut rows = Vec::new();
    let mut messages = Vec::new();
    let start = now();
    for (n, p) in batch.iter().enumerate() {
        // Distinct times in batch order, so the waitlist's order (by time) is the order in which
        // seats were counted here.
        let t = start + chrono::Duration::microseconds(i64::try_from(n).unwrap_or(0));
        let st = match seats.entry(p.event_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(lock_seats(c, p.event_id, batch).await?)
            }
        };
        let Some(st) = st else {
            out.push(Err(StoreError::NotFound));
            continue;
        };
        if !st.open {
            out.push(Err(StoreError::Conflict("error-registration-closed")));
            continue;
        }
        if p.stamp != st.stamp {
            // A type or question changed (or went) since the form was checked.
            out.push(Err(StoreError::Conflict("error-form-changed")));
            continue;
        }
        if st.taken.contains(&p.email) {
            out.push(Err(StoreError::invalid(
                "email",
                "error-already-registered",
            )));
            continue;
        }
        let seat = st.capacity.is_none_or(|cap| st.confirmed < cap);
        if !seat && !st.waitlist {
            out.push(Err(StoreError::Conflict("error-event-full")));
            continue;
        }
        // The place in line is given here, under the event's lock, so the order of promotion
        // is the order in which seats were counted, whatever the clocks of the nodes say.
        let queue = st.queue + 1;
        // An invitation code is a counter of its own; used and recorded together or not at all.
        match &p.invitation {
            Some(code) => {
                let sp = c.begin().await?;
                match use_invitation(&sp, p.event_id, p.type_id, code).await {
                    Ok(id) => {
                        registration::Entity::insert(row(p, seat, Some(id), t, queue))
                            .exec_without_returning(&sp)
                            .await?;
                        sp.commit().await?;
                    }
                    Err(e) => {
                        sp.rollback().await?;
                        out.push(Err(e));
                        continue;
                    }
                }
            }
            None if p.requires_code => {
                out.push(Err(StoreError::invalid(
                    "invitation_code",
                    "error-invitation-invalid",
                )));
                continue;
            }
            None => rows.push(row(p, seat, None, t, queue)),
        }
        st.taken.insert(p.email.clone());
        st.queue = queue;
        let position = if seat {
            st.confirmed += 1;
            None
        } else {
            let ahead = match st.waiting {
                Some(n) => n,
                None => {
                    registration::Entity::find()
                        .filter(registration::Column::EventId.eq(p.event_id))
                        .filter(
                            registration::Column::State.eq(RegistrationState::Waitlisted.code()),
                        )
                        .count(c)
                        .await?
                }
            };
            st.waiting = Some(ahead + 1);
            Some(ahead + 1)
        };
        let state = if seat {
            RegistrationState::Confirmed
        } else {
            RegistrationState::Waitlisted
        };
        messages.push(serde_json::json!({ "id": p.id, "state": state.code() }));
        if p.registered_by.is_some() {
            audit::record(
                c,
                p.registered_by,
                "registration.on_behalf",
                "registration",
                &p.id.to_string(),
                None,
                Some(&serde_json::json!({ "event": p.event_id, "organisation": p.organisation })),
            )
            .await?;
        }
        out.push(Ok(Registered {
            id: p.id,
            state,
            code: p.code.clone(),
            position,
            name: p.name.clone(),
            email: p.email.clone(),
            payment: if p.fee_minor > 0 {
                Payment::Due
            } else {
                Payment::None
            },
            amount_minor: p.fee_minor,
            currency: p.currency.clone(),
        }));
    }
    // Under the event's lock nobody else can register these emails, so the inserts succeed; a
    // failure here (a colliding badge code, say) fails the batch, and its callers retry.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(200).collect();
        registration::Entity::insert_many(chunk)
            .exec_without_returning(c)
            .await?;
    }
    for (event_id, st) in &seats {
        if let Some(st) = st
            && st.confirmed != st.start
        {
            event::Entity::update_many()
                .col_expr(event::Column::ConfirmedCount, Expr::value(st.confirmed))
                .filter(event::Column::Id.eq(*event_id))
                .exec(c)
                .await?;
        }
    }
    outbox::push_many(c, "registration.created", &messages).await?;
    Ok(out)
}

fn row(
    p: &Prepared,
    seat: bool,
    invitation: Option<Uuid>,
    t: DateTime<Utc>,
    queue: i64,
) -> registration::ActiveModel {
    registration::ActiveModel {
        id: Set(p.id),
        event_id: Set(p.event_id),
        type_id: Set(p.type_id),
        account_id: Set(p.account),
        organisation_id: Set(p.organisation),
        registered_by: Set(p.registered_by),
        name: Set(p.name.clone()),
        email: Set(p.email.clone()),
        locale: Set(p.locale.code().to_owned()),
        state: Set(if seat {
            RegistrationState::Confirmed
        } else {
            RegistrationState::Waitlisted
        }
        .code()
        .to_owned()),
        code: Set(p.code.clone()),
        token_hash: Set(p.token_hash.clone()),
        answers: Set(p.answers.clone()),
        payment: Set(if p.fee_minor > 0 {
            Payment::Due
        } else {
            Payment::None
        }
        .code()
        .to_owned()),
        amount_minor: Set(p.fee_minor),
        currency: Set(p.currency.clone()),
        invitation_id: Set(invitation),
        created_at: Set(t),
        confirmed_at: Set(seat.then_some(t)),
        cancelled_at: Set(None),
        checked_in_at: Set(None),
        checked_in_by: Set(None),
        version: Set(1),
        queue: Set(queue),
    }
}

/// Takes one seat of `event_id` if one is free. The single statement that guards capacity.
async fn take_seat(c: &impl ConnectionTrait, event_id: Uuid) -> Result<bool> {
    let res =
        event::Entity::update_many()
            .col_expr(
                event::Column::ConfirmedCount,
                Expr::col(event::Column::ConfirmedCount).add(1),
            )
            .filter(event::Column::Id.eq(event_id))
            .filter(Condition::any().add(event::Column::Capacity.is_null()).add(
                Expr::col(event::Column::ConfirmedCount).lt(Expr::col(event::Column::Capacity)),
            ))
            .exec(c)
            .await?;
    Ok(res.rows_affected == 1)
}

async fn free_seat(c: &impl ConnectionTrait, event_id: Uuid) -> Result<()> {
    event::Entity::update_many()
        .col_expr(
            event::Column::ConfirmedCount,
            Expr::col(event::Column::ConfirmedCount).sub(1),
        )
        .filter(event::Column::Id.eq(event_id))
        .filter(event::Column::ConfirmedCount.gt(0))
        .exec(c)
        .await?;
    Ok(())
}

async fn use_invitation(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    type_id: Uuid,
    code: &str,
) -> Result<Uuid> {
    let bad = || StoreError::invalid("invitation_code", "error-invitation-invalid");
    let code = normalise_invitation(code).ok_or_else(bad)?;
    let inv = invitation_code::Entity::find()
        .filter(invitation_code::Column::EventId.eq(event_id))
        .filter(invitation_code::Column::Code.eq(&code))
        .one(c)
        .await?
        .ok_or_else(bad)?;
    if inv.type_id.is_some_and(|t| t != type_id) {
        return Err(bad());
    }
    let res = invitation_code::Entity::update_many()
        .col_expr(
            invitation_code::Column::UsedCount,
            Expr::col(invitation_code::Column::UsedCount).add(1),
        )
        .filter(invitation_code::Column::Id.eq(inv.id))
        .filter(
            Expr::col(invitation_code::Column::UsedCount)
                .lt(Expr::col(invitation_code::Column::MaxUses)),
        )
        .exec(c)
        .await?;
    if res.rows_affected == 1 {
        Ok(inv.id)
    } else {
        Err(StoreError::invalid(
            "invitation_code",
            "error-invitation-used-up",
        ))
    }
}

/// Gives free seats to the waitlist, longest-waiting first, and queues their emails. Returns
/// who was promoted.
///
/// # Errors
/// Database errors.
pub async fn fill_seats(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Vec<Uuid>> {
    let mut promoted = Vec::new();
    loop {
        let next = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::State.eq(RegistrationState::Waitlisted.code()))
            .order_by_asc(registration::Column::Queue)
            .order_by_asc(registration::Column::Id)
            .one(c)
            .await?;
        let Some(next) = next else { break };
        // Seat first: on PostgreSQL this locks the event row, so promoters queue here.
        if !take_seat(c, event_id).await? {
            break;
        }
        let t = now();
        let res = registration::Entity::update_many()
            .col_expr(
                registration::Column::State,
                Expr::value(RegistrationState::Confirmed.code()),
            )
            .col_expr(registration::Column::ConfirmedAt, Expr::value(t))
            .col_expr(
                registration::Column::Version,
                Expr::col(registration::Column::Version).add(1),
            )
            .filter(registration::Column::Id.eq(next.id))
            .filter(registration::Column::State.eq(RegistrationState::Waitlisted.code()))
            .exec(c)
            .await?;
        if res.rows_affected != 1 {
            // Someone else promoted or cancelled them meanwhile: give the seat back, go on.
            free_seat(c, event_id).await?;
            continue;
        }
        outbox::push(
            c,
            "registration.promoted",
            &serde_json::json!({ "id": next.id }),
        )
        .await?;
        promoted.push(next.id);
    }
    Ok(promoted)
}

/// Cancels a registration: frees its seat and its session places, promotes the next person
/// on the waitlist, queues the emails. Returns who was promoted.
///
/// # Errors
/// `NotFound`; `Conflict("error-already-cancelled")`.
pub async fn cancel(c: &impl ConnectionTrait, id: Uuid, actor: Option<Uuid>) -> Result<Vec<Uuid>> {
    // Cancel from the state just read; if it changed meanwhile (a promotion), read again, so
    // a seat taken by a promotion is always the one given back.
    let reg = loop {
        let reg = registration::Entity::find_by_id(id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        if reg.state == RegistrationState::Cancelled.code() {
            return Err(StoreError::Conflict("error-already-cancelled"));
        }
        let res = registration::Entity::update_many()
            .col_expr(
                registration::Column::State,
                Expr::value(RegistrationState::Cancelled.code()),
            )
            .col_expr(registration::Column::CancelledAt, Expr::value(now()))
            .col_expr(
                registration::Column::Version,
                Expr::col(registration::Column::Version).add(1),
            )
            .filter(registration::Column::Id.eq(id))
            .filter(registration::Column::State.eq(reg.state.clone()))
            .exec(c)
            .await?;
        if res.rows_affected == 1 {
            break reg;
        }
    };
    let bookings = session_booking::Entity::find()
        .filter(session_booking::Column::RegistrationId.eq(id))
        .all(c)
        .await?;
    for b in bookings {
        unbook(c, id, b.session_id).await?;
    }
    let mut promoted = Vec::new();
    if reg.state == RegistrationState::Confirmed.code() {
        free_seat(c, reg.event_id).await?;
        promoted = fill_seats(c, reg.event_id).await?;
    }
    outbox::push(
        c,
        "registration.cancelled",
        &serde_json::json!({ "id": id }),
    )
    .await?;
    if actor.is_some() && actor != reg.account_id {
        audit::record(
            c,
            actor,
            "registration.cancel",
            "registration",
            &id.to_string(),
            Some(&serde_json::json!({ "state": reg.state })),
            None,
        )
        .await?;
    }
    Ok(promoted)
}

/// A registration as its holder and the organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub id: Uuid,
    pub event_id: Uuid,
    pub type_id: Uuid,
    pub account_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub registered_by: Option<Uuid>,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    pub state: RegistrationState,
    pub code: String,
    /// Question id → answer (option index for option questions).
    pub answers: BTreeMap<Uuid, String>,
    pub payment: Payment,
    pub amount_minor: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The place in the event's line: the waitlist is promoted in this order.
    pub queue: i64,
}

impl From<registration::Model> for Registration {
    fn from(r: registration::Model) -> Self {
        let answers: BTreeMap<String, String> =
            serde_json::from_str(&r.answers).unwrap_or_default();
        Registration {
            id: r.id,
            event_id: r.event_id,
            type_id: r.type_id,
            account_id: r.account_id,
            organisation_id: r.organisation_id,
            registered_by: r.registered_by,
            name: r.name,
            email: r.email,
            locale: Locale::parse(&r.locale).unwrap_or(Locale::En),
            state: RegistrationState::parse(&r.state).unwrap_or(RegistrationState::Cancelled),
            code: r.code,
            answers: answers
                .into_iter()
                .filter_map(|(k, v)| Some((Uuid::parse_str(&k).ok()?, v)))
                .collect(),
            payment: Payment::parse(&r.payment).unwrap_or(Payment::None),
            amount_minor: r.amount_minor,
            currency: r.currency,
            created_at: r.created_at,
            confirmed_at: r.confirmed_at,
            cancelled_at: r.cancelled_at,
            checked_in_at: r.checked_in_at,
            queue: r.queue,
        }
    }
}

/// # Errors
/// `NotFound`.
pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Registration> {
    registration::Entity::find_by_id(id)
        .one(c)
        .await?
        .map(Registration::from)
        .ok_or(StoreError::NotFound)
}

/// The registrations, not cancelled, that have `session_id` in their programme.
///
/// # Errors
/// Database errors.
pub async fn booked_in(c: &impl ConnectionTrait, session_id: Uuid) -> Result<Vec<Registration>> {
    let ids: Vec<Uuid> = session_booking::Entity::find()
        .filter(session_booking::Column::SessionId.eq(session_id))
        .all(c)
        .await?
        .into_iter()
        .map(|b| b.registration_id)
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            registration::Entity::find()
                .filter(registration::Column::Id.is_in(chunk.iter().copied()))
                .filter(registration::Column::State.ne(RegistrationState::Cancelled.code()))
                .order_by_asc(registration::Column::CreatedAt)
                .all(c)
                .await?
                .into_iter()
                .map(Registration::from),
        );
    }
    Ok(out)
}

/// The registration behind a private link (by the SHA-256 of its token).
///
/// # Errors
/// `NotFound`.
pub async fn by_token_hash(c: &impl ConnectionTrait, hash: &str) -> Result<Registration> {
    registration::Entity::find()
        .filter(registration::Column::TokenHash.eq(hash))
        .one(c)
        .await?
        .map(Registration::from)
        .ok_or(StoreError::NotFound)
}

/// A person's active registration for an event, if any.
///
/// # Errors
/// Database errors.
pub async fn of_account_in(
    c: &impl ConnectionTrait,
    account: Uuid,
    event_id: Uuid,
) -> Result<Option<Registration>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::AccountId.eq(account))
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::State.ne(RegistrationState::Cancelled.code()))
        .one(c)
        .await?
        .map(Registration::from))
}

/// Every registration of a person (any state), newest first.
///
/// # Errors
/// Database errors.
pub async fn of_account(c: &impl ConnectionTrait, account: Uuid) -> Result<Vec<Registration>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::AccountId.eq(account))
        .order_by_desc(registration::Column::CreatedAt)
        .all(c)
        .await?
        .into_iter()
        .map(Registration::from)
        .collect())
}

/// How far down the waitlist a registration is (1 = next to be promoted).
///
/// # Errors
/// Database errors.
pub async fn waitlist_position(c: &impl ConnectionTrait, r: &Registration) -> Result<Option<u64>> {
    if r.state != RegistrationState::Waitlisted {
        return Ok(None);
    }
    let ahead = registration::Entity::find()
        .filter(registration::Column::EventId.eq(r.event_id))
        .filter(registration::Column::State.eq(RegistrationState::Waitlisted.code()))
        .filter(
            Condition::any()
                .add(registration::Column::Queue.lt(r.queue))
                .add(
                    Condition::all()
                        .add(registration::Column::Queue.eq(r.queue))
                        .add(registration::Column::Id.lt(r.id)),
                ),
        )
        .count(c)
        .await?;
    Ok(Some(ahead + 1))
}

/// Registrations of an event for organisers, oldest first, optionally of one state.
///
/// # Errors
/// Database errors.
pub async fn list(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    state: Option<RegistrationState>,
) -> Result<Vec<Registration>> {
    let mut q = registration::Entity::find().filter(registration::Column::EventId.eq(event_id));
    if let Some(s) = state {
        q = q.filter(registration::Column::State.eq(s.code()));
    }
    Ok(q.order_by_asc(registration::Column::Queue)
        .order_by_asc(registration::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(Registration::from)
        .collect())
}

/// Counts per state plus check-ins, for organisers and the attendance figures.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub confirmed: u64,
    pub waitlisted: u64,
    pub cancelled: u64,
    pub checked_in: u64,
}

/// # Errors
/// Database errors.
pub async fn counts(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Counts> {
    let rows: Vec<(String, i64)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::State)
        .column_as(registration::Column::Id.count(), "n")
        .filter(registration::Column::EventId.eq(event_id))
        .group_by(registration::Column::State)
        .into_tuple()
        .all(c)
        .await?;
    let mut out = Counts::default();
    for (s, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        match RegistrationState::parse(&s) {
            Some(RegistrationState::Confirmed) => out.confirmed = n,
            Some(RegistrationState::Waitlisted) => out.waitlisted = n,
            Some(RegistrationState::Cancelled) => out.cancelled = n,
            None => {}
        }
    }
    out.checked_in = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::CheckedInAt.is_not_null())
        .count(c)
        .await?;
    Ok(out)
}

/// Records how a registration's fee stands.
///
/// # Errors
/// `NotFound`.
pub async fn set_payment(
    c: &impl ConnectionTrait,
    id: Uuid,
    payment: Payment,
    actor: Option<Uuid>,
) -> Result<()> {
    let before = by_id(c, id).await?;
    registration::Entity::update_many()
        .col_expr(registration::Column::Payment, Expr::value(payment.code()))
        .filter(registration::Column::Id.eq(id))
        .exec(c)
        .await?;
    audit::record(
        c,
        actor,
        "registration.payment",
        "registration",
        &id.to_string(),
        Some(&serde_json::json!({ "payment": before.payment.code() })),
        Some(&serde_json::json!({ "payment": payment.code() })),
    )
    .await
}

/// Adds a session to a confirmed participant's programme, taking a place when the session has
/// a capacity. Adding it twice is harmless.
///
/// # Errors
/// `Conflict("error-session-full" | "error-not-confirmed")`, `NotFound`.
pub async fn book(c: &impl ConnectionTrait, registration_id: Uuid, session_id: Uuid) -> Result<()> {
    // A no-op update that holds the registration's row until commit: a cancellation running at
    // the same time waits for this booking and then frees its place.
    let held = registration::Entity::update_many()
        .col_expr(
            registration::Column::Version,
            Expr::col(registration::Column::Version),
        )
        .filter(registration::Column::Id.eq(registration_id))
        .filter(registration::Column::State.eq(RegistrationState::Confirmed.code()))
        .exec(c)
        .await?;
    let reg = by_id(c, registration_id).await?;
    if held.rows_affected != 1 {
        return Err(StoreError::Conflict("error-not-confirmed"));
    }
    programme_session::Entity::find_by_id(session_id)
        .one(c)
        .await?
        .filter(|s| s.event_id == reg.event_id)
        .ok_or(StoreError::NotFound)?;
    if session_booking::Entity::find_by_id((session_id, registration_id))
        .one(c)
        .await?
        .is_some()
    {
        return Ok(());
    }
    // Every booking is counted, limited or not, so a capacity set later is checked against
    // the people already there. A cancelled session takes nobody: checked in the statement, so
    // a cancellation committed meanwhile is seen.
    let res = programme_session::Entity::update_many()
        .col_expr(
            programme_session::Column::BookedCount,
            Expr::col(programme_session::Column::BookedCount).add(1),
        )
        .filter(programme_session::Column::Id.eq(session_id))
        .filter(programme_session::Column::CancelledAt.is_null())
        .filter(
            Condition::any()
                .add(programme_session::Column::Capacity.is_null())
                .add(
                    Expr::col(programme_session::Column::BookedCount)
                        .lt(Expr::col(programme_session::Column::Capacity)),
                ),
        )
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        let cancelled = programme_session::Entity::find_by_id(session_id)
            .one(c)
            .await?
            .is_some_and(|s| s.cancelled_at.is_some());
        return Err(StoreError::Conflict(if cancelled {
            "error-session-cancelled"
        } else {
            "error-session-full"
        }));
    }
    session_booking::Entity::insert(session_booking::ActiveModel {
        session_id: Set(session_id),
        registration_id: Set(registration_id),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-try-again"))?;
    Ok(())
}

/// Removes a session from a participant's programme and frees its place.
///
/// # Errors
/// Database errors.
pub async fn unbook(
    c: &impl ConnectionTrait,
    registration_id: Uuid,
    session_id: Uuid,
) -> Result<()> {
    let res = session_booking::Entity::delete_by_id((session_id, registration_id))
        .exec(c)
        .await?;
    if res.rows_affected == 1 {
        programme_session::Entity::update_many()
            .col_expr(
                programme_session::Column::BookedCount,
                Expr::col(programme_session::Column::BookedCount).sub(1),
            )
            .filter(programme_session::Column::Id.eq(session_id))
            .filter(programme_session::Column::BookedCount.gt(0))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// The sessions in a participant's programme.
///
/// # Errors
/// Database errors.
pub async fn bookings(c: &impl ConnectionTrait, registration_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(session_booking::Entity::find()
        .filter(session_booking::Column::RegistrationId.eq(registration_id))
        .all(c)
        .await?
        .into_iter()
        .map(|b| b.session_id)
        .collect())
}

/// What the door sees when a badge is checked in.
#[derive(Debug, Clone, Serialize)]
pub enum CheckIn {
    /// Checked in now.
    Done(Registration),
    /// Was already checked in (at `checked_in_at`).
    Already(Registration),
    /// Waitlisted or cancelled: no seat.
    NoSeat(Registration),
    NotFound,
}

/// Checks a badge in, once. A second scan says when the first one was.
///
/// # Errors
/// Database errors.
pub async fn check_in(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    code: &str,
    staff: Option<Uuid>,
) -> Result<CheckIn> {
    let Some(code) = pumasi_domain::events::normalise_badge_code(code) else {
        return Ok(CheckIn::NotFound);
    };
    let Some(reg) = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Code.eq(&code))
        .one(c)
        .await?
    else {
        return Ok(CheckIn::NotFound);
    };
    if reg.state != RegistrationState::Confirmed.code() {
        return Ok(CheckIn::NoSeat(reg.into()));
    }
    let res = registration::Entity::update_many()
        .col_expr(registration::Column::CheckedInAt, Expr::value(now()))
        .col_expr(registration::Column::CheckedInBy, Expr::value(staff))
        .filter(registration::Column::Id.eq(reg.id))
        .filter(registration::Column::CheckedInAt.is_null())
        .exec(c)
        .await?;
    let fresh = by_id(c, reg.id).await?;
    Ok(if res.rows_affected == 1 {
        CheckIn::Done(fresh)
    } else {
        CheckIn::Already(fresh)
    })
}

/// An invitation code as organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub id: Uuid,
    pub code: String,
    pub type_id: Option<Uuid>,
    pub max_uses: i32,
    pub used: i32,
    pub note: String,
}

/// The invitation codes of an event, newest first.
///
/// # Errors
/// Database errors.
pub async fn invitations(c: &impl ConnectionTrait, event_id: Uuid) -> Result<Vec<Invitation>> {
    Ok(invitation_code::Entity::find()
        .filter(invitation_code::Column::EventId.eq(event_id))
        .order_by_desc(invitation_code::Column::CreatedAt)
        .all(c)
        .await?
        .into_iter()
        .map(|r| Invitation {
            id: r.id,
            code: r.code,
            type_id: r.type_id,
            max_uses: r.max_uses,
            used: r.used_count,
            note: r.note,
        })
        .collect())
}

/// The delegation of an organisation at an event: its registrations that are not cancelled.
///
/// # Errors
/// Database errors.
pub async fn of_organisation(
    c: &impl ConnectionTrait,
    event_id: Uuid,
    organisation: Uuid,
) -> Result<Vec<Registration>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::OrganisationId.eq(organisation))
        .filter(registration::Column::State.ne(RegistrationState::Cancelled.code()))
        .order_by_asc(registration::Column::CreatedAt)
        .all(c)
        .await?
        .into_iter()
        .map(Registration::from)
        .collect())
}
