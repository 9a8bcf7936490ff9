//! sea-orm entities: one file per table. Rows stay inside the store; the web layer gets
//! the query modules' own types, so a column added here never leaks into JSON by accident.

pub mod account;
pub mod affiliation;
pub mod application;
pub mod audit_log;
pub mod category;
pub mod college;
pub mod country_band;
pub mod dues;
pub mod event;
pub mod event_host;
pub mod event_role;
pub mod fee_rule;
pub mod invitation_code;
pub mod login_throttle;
pub mod member_event;
pub mod organisation;
pub mod organisation_logo;
pub mod organisation_text;
pub mod outbox;
pub mod password_reset;
pub mod programme_session;
pub mod proposal;
pub mod proposal_review;
pub mod question;
pub mod registration;
pub mod registration_type;
pub mod room;
pub mod session;
pub mod session_booking;
pub mod session_speaker;
pub mod setting;
pub mod speaker;
pub mod speaker_photo;
pub mod track;
pub mod translation;
