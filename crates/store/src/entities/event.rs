use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub kind: String,
    pub edition_year: Option<i32>,
    pub status: String,
    pub mode: String,
    pub lang: String,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub outcomes: String,
    pub payment_instructions: String,
    pub host_city: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub time_zone: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub venue: String,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub waitlist: bool,
    pub participants: Option<i32>,
    pub fictional: bool,
    pub confirmed_count: i32,
    pub sequence: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
