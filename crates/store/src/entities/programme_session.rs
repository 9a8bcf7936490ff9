use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub track_id: Option<Uuid>,
    pub room_id: Option<Uuid>,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub format: String,
    pub languages: String,
    pub interpretation: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: Option<i32>,
    pub booked_count: i32,
    pub sequence: i32,
    pub version: i32,
    pub proposal_id: Option<Uuid>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
