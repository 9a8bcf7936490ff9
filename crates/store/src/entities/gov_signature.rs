use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gov_signature")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub declaration_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub org_name: String,
    pub kind: String,
    pub country: String,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_on: Option<Date>,
    pub status: String,
    pub slot: String,
    pub source: String,
    pub image: Option<Vec<u8>>,
    pub image_type: Option<String>,
    pub verified_by: Option<Uuid>,
    pub verified_at: Option<DateTimeUtc>,
    pub withdrawn_on: Option<Date>,
    pub withdrawal_reason: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
