use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gov_election")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub body_id: Uuid,
    pub elects_body_id: Uuid,
    pub role: String,
    pub seats: i32,
    pub term_ends_on: Option<Date>,
    pub candidacies_close_at: DateTimeUtc,
    pub motion_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
