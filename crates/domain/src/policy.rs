//! Who may do what. Every permission question in Pumasi is answered here and nowhere else:
//! handlers and CLI commands build an [`Actor`] and ask [`allows`].

use crate::members::OrgRole;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Installation-wide role of an account. Organisation roles are separate, per organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteRole {
    Person,
    Secretariat,
    Admin,
}

impl SiteRole {
    pub const ALL: [SiteRole; 3] = [SiteRole::Person, SiteRole::Secretariat, SiteRole::Admin];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            SiteRole::Person => "person",
            SiteRole::Secretariat => "secretariat",
            SiteRole::Admin => "admin",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s.trim())
    }
}

/// The one asking: anonymous, or an account with its site role and organisation roles.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub account: Option<Uuid>,
    pub site_role: Option<SiteRole>,
    pub orgs: Vec<(Uuid, OrgRole)>,
}

impl Actor {
    #[must_use]
    pub fn anonymous() -> Self {
        Self::default()
    }

    fn org_role(&self, org: Uuid) -> Option<OrgRole> {
        self.orgs.iter().find(|(o, _)| *o == org).map(|(_, r)| *r)
    }

    fn at_least(&self, role: SiteRole) -> bool {
        self.site_role.is_some_and(|r| r >= role)
    }
}

/// Everything that needs a decision. Organisation-scoped actions carry the organisation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leader and focal-point contacts of an organisation.
    ViewPrivateContacts(Uuid),
    /// Profile, description, translations, logo.
    EditOrganisation(Uuid),
    /// Invite and remove the organisation's people, sign and vote for it.
    ManageOrganisationPeople(Uuid),
    /// Create organisations directly (not through an application).
    CreateOrganisation,
    /// List applicants and non-public statuses.
    ViewApplications,
    /// Acknowledge, ask for information, record the steering committee's decision, assign college.
    ProcessApplications,
    /// Suspend, reinstate, record withdrawal or disqualification.
    ChangeMemberStatus,
    /// Fee table, dues, waivers and postponements.
    ManageDues,
    /// Import and export of the member list with private fields.
    ImportExport,
    /// Network identity, roles, audit log.
    Administer,
    /// One's own account: password, sessions.
    ManageOwnAccount,
    /// Review library items: publish, return, see every draft.
    ReviewLibrary,
    /// Start a library item: the secretariat, or an editor of some organisation.
    CreateLibraryItem,
    /// Edit a library item owned by that organisation (`None`: the secretariat's own items),
    /// submit it for review, and after review publish or unpublish it.
    EditLibraryItem(Option<Uuid>),
    /// Bodies, mandates, motions (draft, open), meetings, declarations and the charter.
    ManageGovernance,
    /// Verify institutional signatures before they appear.
    VerifySignatures,
    /// Cast the ballot of that member organisation, give its proxy, sign for it: its
    /// authorised representatives (organisation admins) only — never the secretariat.
    ActFor(Uuid),
}

/// What can be done in one event. The answer depends on the person's roles in that event
/// (see [`allows_event`]), which the caller loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    /// Create events (forum editions, meetings, webinars…).
    Create,
    /// Edit the event, its programme, registration types and questions; give event roles.
    Edit,
    /// See and export registrations, record payments, register on someone's behalf.
    ViewRegistrations,
    /// Check badges in at the door.
    CheckIn,
    /// Score and comment on session proposals.
    Review,
    /// Accept or reject proposals.
    Decide,
}

/// The permission check for events: the secretariat may do everything; organisers everything
/// in their event; check-in staff only check in; reviewers only review.
#[must_use]
pub fn allows_event(
    actor: &Actor,
    roles: &[crate::events::EventRole],
    action: EventAction,
) -> bool {
    use crate::events::EventRole as R;
    if actor.account.is_none() {
        return false;
    }
    if actor.at_least(SiteRole::Secretariat) {
        return true;
    }
    let has = |r: R| roles.contains(&r);
    match action {
        EventAction::Create => false,
        EventAction::Edit | EventAction::ViewRegistrations | EventAction::Decide => {
            has(R::Organiser)
        }
        EventAction::CheckIn => has(R::Organiser) || has(R::Checkin),
        EventAction::Review => has(R::Organiser) || has(R::Reviewer),
    }
}

/// Whether the actor may submit a session proposal for `org`: its people, any role.
#[must_use]
pub fn may_propose_for(actor: &Actor, org: Uuid) -> bool {
    actor.org_role(org).is_some() || actor.at_least(SiteRole::Secretariat)
}

/// Whether the actor may edit organisation `org`'s profile and logo while it has `status`:
/// the secretariat always; its editors and admins only while [`MemberStatus::self_editable`].
#[must_use]
pub fn may_edit_organisation(
    actor: &Actor,
    org: Uuid,
    status: crate::members::MemberStatus,
) -> bool {
    allows(actor, Action::EditOrganisation(org))
        && (actor.at_least(SiteRole::Secretariat) || status.self_editable())
}

/// The single permission check.
#[must_use]
pub fn allows(actor: &Actor, action: Action) -> bool {
    use Action as A;
    match action {
        A::ManageOwnAccount => actor.account.is_some(),
        A::ViewPrivateContacts(org) | A::EditOrganisation(org) => {
            actor.at_least(SiteRole::Secretariat)
                || matches!(actor.org_role(org), Some(OrgRole::Editor | OrgRole::Admin))
        }
        A::ManageOrganisationPeople(org) => {
            actor.at_least(SiteRole::Secretariat) || actor.org_role(org) == Some(OrgRole::Admin)
        }
        A::CreateOrganisation
        | A::ViewApplications
        | A::ProcessApplications
        | A::ChangeMemberStatus
        | A::ManageDues
        | A::ImportExport => actor.at_least(SiteRole::Secretariat),
        A::Administer => actor.at_least(SiteRole::Admin),
        A::ReviewLibrary | A::ManageGovernance | A::VerifySignatures => {
            actor.at_least(SiteRole::Secretariat)
        }
        A::ActFor(org) => actor.org_role(org) == Some(OrgRole::Admin),
        A::CreateLibraryItem => {
            actor.at_least(SiteRole::Secretariat)
                || actor
                    .orgs
                    .iter()
                    .any(|(_, r)| matches!(r, OrgRole::Editor | OrgRole::Admin))
        }
        A::EditLibraryItem(owner) => {
            actor.at_least(SiteRole::Secretariat)
                || owner.is_some_and(|o| {
                    matches!(actor.org_role(o), Some(OrgRole::Editor | OrgRole::Admin))
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person_of(org: Uuid, role: OrgRole) -> Actor {
        Actor {
            account: Some(Uuid::now_v7()),
            site_role: Some(SiteRole::Person),
            orgs: vec![(org, role)],
        }
    }

    #[test]
    fn organisation_roles_are_scoped_to_their_organisation() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let editor = person_of(a, OrgRole::Editor);
        assert!(allows(&editor, Action::EditOrganisation(a)));
        assert!(!allows(&editor, Action::EditOrganisation(b)));
        assert!(!allows(&editor, Action::ManageOrganisationPeople(a)));
        assert!(allows(
            &person_of(a, OrgRole::Admin),
            Action::ManageOrganisationPeople(a)
        ));
        assert!(!allows(
            &person_of(a, OrgRole::Member),
            Action::EditOrganisation(a)
        ));
        assert!(!allows(
            &person_of(a, OrgRole::Member),
            Action::ViewPrivateContacts(a)
        ));
    }

    #[test]
    fn library_editors_are_scoped_and_only_the_secretariat_reviews() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let editor = person_of(a, OrgRole::Editor);
        assert!(allows(&editor, Action::CreateLibraryItem));
        assert!(allows(&editor, Action::EditLibraryItem(Some(a))));
        assert!(!allows(&editor, Action::EditLibraryItem(Some(b))));
        assert!(!allows(&editor, Action::EditLibraryItem(None)));
        assert!(!allows(&editor, Action::ReviewLibrary));
        let member = person_of(a, OrgRole::Member);
        assert!(!allows(&member, Action::CreateLibraryItem));
        assert!(!allows(&member, Action::EditLibraryItem(Some(a))));
        let sec = Actor {
            account: Some(Uuid::now_v7()),
            site_role: Some(SiteRole::Secretariat),
            orgs: vec![],
        };
        assert!(allows(&sec, Action::ReviewLibrary));
        assert!(allows(&sec, Action::EditLibraryItem(None)));
        let anon = Actor::anonymous();
        for action in [
            Action::ReviewLibrary,
            Action::CreateLibraryItem,
            Action::EditLibraryItem(Some(a)),
            Action::EditLibraryItem(None),
        ] {
            assert!(!allows(&anon, action), "{action:?}");
        }
    }

    #[test]
    fn anonymous_may_do_nothing_protected() {
        let anon = Actor::anonymous();
        let org = Uuid::now_v7();
        for action in [
            Action::ViewPrivateContacts(org),
            Action::EditOrganisation(org),
            Action::CreateOrganisation,
            Action::ProcessApplications,
            Action::Administer,
            Action::ManageOwnAccount,
        ] {
            assert!(!allows(&anon, action), "{action:?}");
        }
    }

    #[test]
    fn only_an_organisations_representatives_act_for_it() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let rep = person_of(a, OrgRole::Admin);
        assert!(allows(&rep, Action::ActFor(a)));
        assert!(!allows(&rep, Action::ActFor(b)), "another organisation");
        assert!(!allows(&person_of(a, OrgRole::Editor), Action::ActFor(a)));
        assert!(!allows(&Actor::anonymous(), Action::ActFor(a)));
        let staff = Actor {
            account: Some(Uuid::now_v7()),
            site_role: Some(SiteRole::Admin),
            orgs: vec![],
        };
        // The secretariat runs the vote; it never votes or signs for a member.
        assert!(!allows(&staff, Action::ActFor(a)));
        assert!(allows(&staff, Action::ManageGovernance));
        assert!(!allows(&rep, Action::ManageGovernance));
        assert!(!allows(&rep, Action::VerifySignatures));
    }

    #[test]
    fn event_roles_grant_only_their_part() {
        use crate::events::EventRole as R;
        let p = person_of(Uuid::now_v7(), OrgRole::Member);
        let staff = [R::Checkin];
        assert!(allows_event(&p, &staff, EventAction::CheckIn));
        assert!(!allows_event(&p, &staff, EventAction::Edit));
        assert!(!allows_event(&p, &staff, EventAction::ViewRegistrations));
        assert!(allows_event(&p, &[R::Reviewer], EventAction::Review));
        assert!(!allows_event(&p, &[R::Reviewer], EventAction::Decide));
        assert!(allows_event(&p, &[R::Organiser], EventAction::Edit));
        assert!(!allows_event(&p, &[R::Organiser], EventAction::Create));
        assert!(!allows_event(&p, &[], EventAction::CheckIn));
        assert!(!allows_event(
            &Actor::anonymous(),
            &[R::Organiser],
            EventAction::Edit
        ));
    }

    #[test]
    fn secretariat_operates_admin_configures() {
        let sec = Actor {
            account: Some(Uuid::now_v7()),
            site_role: Some(SiteRole::Secretariat),
            orgs: vec![],
        };
        assert!(allows(&sec, Action::ProcessApplications));
        assert!(allows(&sec, Action::EditOrganisation(Uuid::now_v7())));
        assert!(!allows(&sec, Action::Administer));
        let admin = Actor {
            site_role: Some(SiteRole::Admin),
            ..sec
        };
        assert!(allows(&admin, Action::Administer));
        assert!(allows(&admin, Action::ManageDues));
    }
}
