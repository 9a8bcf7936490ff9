use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gov_motion")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub body_id: Uuid,
    pub reference: String,
    pub lang: String,
    pub title: String,
    pub text: String,
    pub kind: String,
    pub options: i32,
    pub max_choices: i32,
    pub seats: i32,
    pub weighting: String,
    pub colleges: String,
    pub quorum_bp: i32,
    pub per_college: bool,
    pub majority: String,
    pub secret: bool,
    pub changeable: bool,
    pub proxy_limit: i32,
    pub dues_rule: String,
    pub status: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub ballot_writes: i64,
    pub eligible_count: i32,
    pub result: Option<String>,
    pub ballots_digest: Option<String>,
    pub log_seq: i64,
    pub log_head: String,
    pub closed_at: Option<DateTimeUtc>,
    pub elects_body_id: Option<Uuid>,
    pub mandate_role: Option<String>,
    pub term_ends_on: Option<Date>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
