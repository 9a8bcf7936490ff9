use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fee_rule")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub band: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub class: String,
    pub amount_minor: i64,
    pub currency: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
