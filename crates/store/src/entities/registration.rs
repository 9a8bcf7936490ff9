use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "registration")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub type_id: Uuid,
    pub account_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub registered_by: Option<Uuid>,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub state: String,
    pub code: String,
    pub token_hash: String,
    pub answers: String,
    pub payment: String,
    pub amount_minor: i64,
    pub currency: String,
    pub invitation_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub checked_in_at: Option<DateTimeUtc>,
    pub checked_in_by: Option<Uuid>,
    pub version: i32,
    /// The place in the event's line, assigned under the event's lock.
    pub queue: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
