//! What needs a person, gathered for the page they land on after logging in: the
//! secretariat's queue (applications to acknowledge with their deadline, signatures to verify,
//! session proposals to review, overdue dues, library items in review), a representative's
//! (open votes of their organisation, declarations it has not signed), an editor's (their
//! organisation's drafts) and everyone's own registrations. A fixed number of queries,
//! whatever the number of rows; organisation names in the reader's language.

use crate::entities::{
    application, dues, event, event_role, gov_declaration, gov_eligible, gov_motion, gov_signature,
    library_item, organisation as org, proposal, registration,
};
use crate::{Result, members};
use chrono::{DateTime, NaiveDate, Utc};
use pumasi_domain::events::{ProposalState, RegistrationState};
use pumasi_domain::governance::declaration::SignatureStatus;
use pumasi_domain::governance::motion::MotionStatus;
use pumasi_domain::library::ItemStatus;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{ApplicationState, MemberStatus, OrgRole};
use pumasi_domain::policy::{Actor, SiteRole};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// An organisation as a list names it: its address and its name in the reader's language.
#[derive(Debug, Clone, Default)]
pub struct OrgRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct ApplicationDue {
    pub id: Uuid,
    pub org: OrgRef,
    pub state: ApplicationState,
    pub submitted_at: DateTime<Utc>,
    /// The acknowledgement deadline, while the application is unacknowledged.
    pub ack_due_on: Option<NaiveDate>,
    pub late: bool,
}

#[derive(Debug, Clone)]
pub struct SignatureDue {
    pub id: Uuid,
    pub declaration_slug: String,
    pub declaration_title: String,
    pub org_name: String,
    pub signed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct ProposalDue {
    pub id: Uuid,
    pub event_slug: String,
    pub event_title: String,
    pub title: String,
    pub org: OrgRef,
}

#[derive(Debug, Clone)]
pub struct DuesDue {
    pub org: OrgRef,
    pub year: i32,
    pub amount_minor: i64,
    pub currency: String,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct VoteDue {
    pub reference: String,
    pub title: String,
    pub closes_at: DateTime<Utc>,
    /// The organisation that has not voted yet.
    pub org: OrgRef,
}

#[derive(Debug, Clone)]
pub struct DeclarationToSign {
    pub slug: String,
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub org: OrgRef,
}

#[derive(Debug, Clone)]
pub struct ItemDue {
    pub slug: String,
    pub title: String,
    pub status: ItemStatus,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct RegistrationDue {
    pub id: Uuid,
    pub event_slug: String,
    pub event_title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: RegistrationState,
}

/// Everything that waits for one person. Empty lists are things they have no part in.
#[derive(Debug, Clone, Default)]
pub struct Todo {
    pub applications: Vec<ApplicationDue>,
    pub signatures: Vec<SignatureDue>,
    pub proposals: Vec<ProposalDue>,
    pub overdue_dues: Vec<DuesDue>,
    pub in_review: Vec<ItemDue>,
    pub votes: Vec<VoteDue>,
    pub to_sign: Vec<DeclarationToSign>,
    pub drafts: Vec<ItemDue>,
    pub registrations: Vec<RegistrationDue>,
}

impl Todo {
    /// Whether nothing waits for this person.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.applications.is_empty()
            && self.signatures.is_empty()
            && self.proposals.is_empty()
            && self.overdue_dues.is_empty()
            && self.in_review.is_empty()
            && self.votes.is_empty()
            && self.to_sign.is_empty()
            && self.drafts.is_empty()
            && self.registrations.is_empty()
    }
}

/// Gathers what waits for `actor` at `now` (`today` is the hub's date).
///
/// # Errors
/// Database errors.
pub async fn gather(
    c: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
    want: Locale,
) -> Result<Todo> {
    let Some(account) = actor.account else {
        return Ok(Todo::default());
    };
    let staff = actor.site_role.is_some_and(|r| r >= SiteRole::Secretariat);
    let mut todo = Todo::default();
    let mut org_ids: Vec<Uuid> = Vec::new();

    if staff {
        let apps = application::Entity::find()
            .filter(application::Column::State.is_in([
                ApplicationState::Submitted.code(),
                ApplicationState::Acknowledged.code(),
                ApplicationState::InfoRequested.code(),
            ]))
            .order_by_asc(application::Column::SubmittedAt)
            .all(c)
            .await?;
        for a in apps {
            let state = ApplicationState::parse(&a.state).unwrap_or(ApplicationState::Submitted);
            let ack_due_on = a.ack_due_on.filter(|_| a.acknowledged_at.is_none());
            org_ids.push(a.organisation_id);
            todo.applications.push(ApplicationDue {
                id: a.id,
                org: unnamed(a.organisation_id),
                state,
                submitted_at: a.submitted_at,
                late: ack_due_on.is_some_and(|d| d < today),
                ack_due_on,
            });
        }
        // Those with the nearest deadline first; acknowledged ones after.
        todo.applications
            .sort_by_key(|a| (a.ack_due_on.is_none(), a.ack_due_on, a.submitted_at));

        let sigs = gov_signature::Entity::find()
            .filter(gov_signature::Column::Status.eq(SignatureStatus::Pending.code()))
            .order_by_asc(gov_signature::Column::CreatedAt)
            .all(c)
            .await?;
        let decl_ids: Vec<Uuid> = sigs.iter().map(|s| s.declaration_id).collect();
        let decls: HashMap<Uuid, gov_declaration::Model> = gov_declaration::Entity::find()
            .filter(gov_declaration::Column::Id.is_in(decl_ids))
            .all(c)
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        let tr = crate::texts::load(c, &decls.keys().copied().collect::<Vec<_>>()).await?;
        todo.signatures = sigs
            .into_iter()
            .filter_map(|s| {
                let d = decls.get(&s.declaration_id)?;
                Some(SignatureDue {
                    id: s.id,
                    declaration_slug: d.slug.clone(),
                    declaration_title: title(&tr, d.id, &d.title, &d.lang, want),
                    org_name: s.org_name,
                    signed_on: s.signed_on,
                })
            })
            .collect();

        let today_dues = dues::Entity::find()
            .filter(dues::Column::PaidOn.is_null())
            .filter(dues::Column::Waived.eq(false))
            .filter(dues::Column::DueOn.lt(today))
            .order_by_asc(dues::Column::DueOn)
            .all(c)
            .await?;
        for d in today_dues {
            if d.postponed_until.is_some_and(|p| p >= today) {
                continue;
            }
            org_ids.push(d.organisation_id);
            todo.overdue_dues.push(DuesDue {
                org: unnamed(d.organisation_id),
                year: d.year,
                amount_minor: d.amount_minor,
                currency: d.currency,
                due_on: d.due_on,
            });
        }

        todo.in_review = library_item::Entity::find()
            .filter(library_item::Column::Status.eq(ItemStatus::Review.code()))
            .order_by_asc(library_item::Column::UpdatedAt)
            .all(c)
            .await?
            .into_iter()
            .map(item_due)
            .collect();
    }

    // Proposals: every submitted one for the secretariat; for others, those of events where
    // they organise or review.
    let events_reviewed: Option<Vec<Uuid>> = if staff {
        None
    } else {
        Some(
            event_role::Entity::find()
                .filter(event_role::Column::AccountId.eq(account))
                .filter(event_role::Column::Role.is_in(["organiser", "reviewer"]))
                .all(c)
                .await?
                .into_iter()
                .map(|r| r.event_id)
                .collect(),
        )
    };
    if events_reviewed.as_ref().is_none_or(|e| !e.is_empty()) {
        let mut q = proposal::Entity::find()
            .filter(proposal::Column::State.eq(ProposalState::Submitted.code()));
        if let Some(ev) = &events_reviewed {
            q = q.filter(proposal::Column::EventId.is_in(ev.clone()));
        }
        let props = q.order_by_asc(proposal::Column::CreatedAt).all(c).await?;
        let ev_ids: Vec<Uuid> = props.iter().map(|p| p.event_id).collect();
        let evs = event_titles(c, &ev_ids, want).await?;
        for p in props {
            let Some((slug, title)) = evs.get(&p.event_id) else {
                continue;
            };
            org_ids.push(p.organisation_id);
            todo.proposals.push(ProposalDue {
                id: p.id,
                event_slug: slug.clone(),
                event_title: title.clone(),
                title: p.title,
                org: unnamed(p.organisation_id),
            });
        }
    }

    // A representative (the organisation's admin) votes and signs for it.
    let represented: Vec<Uuid> = actor
        .orgs
        .iter()
        .filter(|(_, r)| *r == OrgRole::Admin)
        .map(|(o, _)| *o)
        .collect();
    if !represented.is_empty() {
        let eligible = gov_eligible::Entity::find()
            .filter(gov_eligible::Column::OrganisationId.is_in(represented.clone()))
            .filter(gov_eligible::Column::Voted.eq(false))
            .all(c)
            .await?;
        let motions: HashMap<Uuid, gov_motion::Model> = gov_motion::Entity::find()
            .filter(gov_motion::Column::Id.is_in(eligible.iter().map(|e| e.motion_id)))
            .filter(gov_motion::Column::Status.eq(MotionStatus::Open.code()))
            .filter(gov_motion::Column::OpensAt.lte(now))
            .filter(gov_motion::Column::ClosesAt.gt(now))
            .all(c)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let tr = crate::texts::load(c, &motions.keys().copied().collect::<Vec<_>>()).await?;
        for e in eligible {
            if let Some(m) = motions.get(&e.motion_id) {
                org_ids.push(e.organisation_id);
                todo.votes.push(VoteDue {
                    reference: m.reference.clone(),
                    title: title(&tr, m.id, &m.title, &m.lang, want),
                    closes_at: m.closes_at,
                    org: unnamed(e.organisation_id),
                });
            }
        }
        todo.votes.sort_by_key(|v| v.closes_at);

        // Declarations: only members sign, and a signature pending or verified counts.
        let members_now: Vec<Uuid> = org::Entity::find()
            .filter(org::Column::Id.is_in(represented.clone()))
            .filter(org::Column::Status.eq(MemberStatus::Member.code()))
            .all(c)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        if !members_now.is_empty() {
            let signed: HashSet<(Uuid, Uuid)> = gov_signature::Entity::find()
                .filter(gov_signature::Column::OrganisationId.is_in(members_now.clone()))
                .filter(gov_signature::Column::Status.is_in([
                    SignatureStatus::Pending.code(),
                    SignatureStatus::Verified.code(),
                ]))
                .all(c)
                .await?
                .into_iter()
                .filter_map(|s| s.organisation_id.map(|o| (s.declaration_id, o)))
                .collect();
            let adopted = gov_declaration::Entity::find()
                .filter(gov_declaration::Column::AdoptedOn.is_not_null())
                .order_by_desc(gov_declaration::Column::AdoptedOn)
                .all(c)
                .await?;
            let tr =
                crate::texts::load(c, &adopted.iter().map(|d| d.id).collect::<Vec<_>>()).await?;
            for d in &adopted {
                for o in &members_now {
                    if !signed.contains(&(d.id, *o)) {
                        org_ids.push(*o);
                        todo.to_sign.push(DeclarationToSign {
                            slug: d.slug.clone(),
                            title: title(&tr, d.id, &d.title, &d.lang, want),
                            adopted_on: d.adopted_on,
                            org: unnamed(*o),
                        });
                    }
                }
            }
        }
    }

    // An editor's own organisations' library items not yet published.
    let edited: Vec<Uuid> = actor
        .orgs
        .iter()
        .filter(|(_, r)| matches!(r, OrgRole::Editor | OrgRole::Admin))
        .map(|(o, _)| *o)
        .collect();
    if !edited.is_empty() {
        todo.drafts = library_item::Entity::find()
            .filter(library_item::Column::OwnerId.is_in(edited))
            .filter(
                library_item::Column::Status
                    .is_in([ItemStatus::Draft.code(), ItemStatus::Review.code()]),
            )
            .order_by_desc(library_item::Column::UpdatedAt)
            .all(c)
            .await?
            .into_iter()
            .map(item_due)
            .collect();
    }

    // One's own registrations for events that have not ended.
    let regs = registration::Entity::find()
        .filter(registration::Column::AccountId.eq(account))
        .filter(registration::Column::State.ne(RegistrationState::Cancelled.code()))
        .all(c)
        .await?;
    if !regs.is_empty() {
        let evs: HashMap<Uuid, event::Model> = event::Entity::find()
            .filter(event::Column::Id.is_in(regs.iter().map(|r| r.event_id)))
            .filter(event::Column::EndsOn.gte(today))
            .all(c)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let titles = event_titles(c, &evs.keys().copied().collect::<Vec<_>>(), want).await?;
        for r in regs {
            if let (Some(e), Some((slug, title))) = (evs.get(&r.event_id), titles.get(&r.event_id))
            {
                todo.registrations.push(RegistrationDue {
                    id: r.id,
                    event_slug: slug.clone(),
                    event_title: title.clone(),
                    starts_on: e.starts_on,
                    ends_on: e.ends_on,
                    state: RegistrationState::parse(&r.state)
                        .unwrap_or(RegistrationState::Confirmed),
                });
            }
        }
        todo.registrations.sort_by_key(|r| r.starts_on);
    }

    // Name every organisation once, in the reader's language.
    let names = members::names(c, &org_ids, want).await?;
    let name = |slot: &mut OrgRef| {
        if let Ok(id) = slot.slug.parse::<Uuid>()
            && let Some((slug, n)) = names.get(&id)
        {
            slot.slug.clone_from(slug);
            slot.name.clone_from(n);
        }
    };
    for a in &mut todo.applications {
        name(&mut a.org);
    }
    for d in &mut todo.overdue_dues {
        name(&mut d.org);
    }
    for p in &mut todo.proposals {
        name(&mut p.org);
    }
    for v in &mut todo.votes {
        name(&mut v.org);
    }
    for d in &mut todo.to_sign {
        name(&mut d.org);
    }
    Ok(todo)
}

/// A governance record's title in the reader's language, when translated.
fn title(tr: &crate::texts::Texts, id: Uuid, base: &str, lang: &str, want: Locale) -> String {
    let base_lang = Locale::parse(lang).unwrap_or(want);
    tr.get(id, "title", base, base_lang, want).text
}

/// A placeholder holding the organisation's id until names are loaded in one go.
fn unnamed(id: Uuid) -> OrgRef {
    OrgRef {
        slug: id.to_string(),
        name: String::new(),
    }
}

fn item_due(m: library_item::Model) -> ItemDue {
    ItemDue {
        slug: m.slug,
        title: m.title,
        status: ItemStatus::parse(&m.status).unwrap_or(ItemStatus::Draft),
        updated_at: m.updated_at,
    }
}

/// Events' addresses and titles in the reader's language.
async fn event_titles(
    c: &impl ConnectionTrait,
    ids: &[Uuid],
    want: Locale,
) -> Result<HashMap<Uuid, (String, String)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(crate::events::by_ids(c, &ids, want)
        .await?
        .into_iter()
        .map(|e| (e.id, (e.slug, e.title.text)))
        .collect())
}
