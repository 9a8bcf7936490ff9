use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub base_lang: String,
    pub category: String,
    pub class: String,
    pub status: String,
    pub college: Option<i32>,
    pub country: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: String,
    pub languages: String,
    pub description: String,
    pub joined_on: Option<Date>,
    pub first_fee_paid_on: Option<Date>,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_email: String,
    pub focal_name: String,
    pub focal_email: String,
    pub focal_phone: String,
    pub essglobal_activity: String,
    pub essglobal_legal_form: String,
    pub fictional: bool,
    pub search_text: String,
    #[sea_orm(unique)]
    pub name_key: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
