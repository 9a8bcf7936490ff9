use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gov_ballot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub motion_id: Uuid,
    pub member_id: Option<Uuid>,
    pub college: Option<i32>,
    pub choices: String,
    pub receipt_hash: String,
    pub cast_by: Option<Uuid>,
    pub cast_at: Option<DateTimeUtc>,
    pub via_proxy: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
