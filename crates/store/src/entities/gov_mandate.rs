use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gov_mandate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub body_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub person_name: String,
    pub role: String,
    pub continent: Option<String>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub obtained: String,
    pub motion_id: Option<Uuid>,
    pub note: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
