use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub state: String,
    pub class_requested: String,
    pub submitted_at: DateTimeUtc,
    pub ack_due_on: Option<Date>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub info_request: String,
    pub decision_on: Option<Date>,
    pub decision_ref: String,
    pub economic_index: String,
    pub statement: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub signatory_confirmed: bool,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: String,
    pub letter_key: String,
    pub letter_name: String,
    pub letter_type: String,
    pub letter_size: i64,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
