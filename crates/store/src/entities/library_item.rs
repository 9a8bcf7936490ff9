use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "library_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub kind: String,
    pub status: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub publisher: String,
    pub published_on: Option<Date>,
    pub date_precision: i32,
    pub languages: String,
    pub country: Option<String>,
    pub licence: String,
    pub url: Option<String>,
    pub owner_id: Option<Uuid>,
    pub fictional: bool,
    pub reviewed: bool,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
