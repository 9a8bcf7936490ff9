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
pub mod fee_rule;
pub mod login_throttle;
pub mod member_event;
pub mod organisation;
pub mod organisation_logo;
pub mod organisation_text;
pub mod outbox;
pub mod password_reset;
pub mod session;
pub mod setting;
