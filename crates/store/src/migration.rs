//! The one migration set for SQLite and PostgreSQL. Each migration is frozen once released:
//! change the schema by adding a new one. Reference rows every hub needs (categories, colleges)
//! are seeded here as data, so a secretariat can edit them later.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    blob, boolean, date_null, double_null, integer, integer_null, pk_uuid, string, string_uniq,
    text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

mod account_zone;
mod application_letter;
mod application_votes;
mod charter;
mod declarations;
mod elections;
mod event_payment;
mod events;
mod governance;
mod library;
mod meetings;
mod ordered;
mod slugs;
mod write_probe;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(Foundation),
            Box::new(events::Events),
            Box::new(library::Library),
            Box::new(governance::Governance),
            Box::new(declarations::Declarations),
            Box::new(meetings::Meetings),
            Box::new(charter::Charter),
            Box::new(application_votes::ApplicationVotes),
            Box::new(elections::Elections),
            Box::new(slugs::Slugs),
            Box::new(account_zone::AccountZone),
            Box::new(event_payment::EventPayment),
            Box::new(application_letter::ApplicationLetter),
            Box::new(write_probe::WriteProbe),
            Box::new(ordered::Ordered),
        ]
    }
}

/// The first schema. Named explicitly: the derive would name it after this file.
struct Foundation;

impl MigrationName for Foundation {
    fn name(&self) -> &str {
        "m20261124_000001_foundation"
    }
}

fn fk(
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Foundation {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("setting")
                .col(string("key").primary_key())
                .col(text("value"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("category")
                .col(string("code").primary_key())
                .col(string("kind"))
                .col(integer("position"))
                .col(string("label_ko"))
                .col(string("label_en"))
                .col(string("label_fr"))
                .col(string("label_es"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("college")
                .col(integer("number").primary_key())
                .col(string("code"))
                .col(integer("weight_bp"))
                .col(string("label_ko"))
                .col(string("label_en"))
                .col(string("label_fr"))
                .col(string("label_es"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("organisation")
                .col(pk_uuid("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(string("base_lang"))
                .col(string("category"))
                .col(string("class"))
                .col(string("status"))
                .col(integer_null("college"))
                .col(string("country"))
                .col(string("city"))
                .col(double_null("latitude"))
                .col(double_null("longitude"))
                .col(string("website"))
                .col(string("languages"))
                .col(text("description"))
                .col(date_null("joined_on"))
                .col(date_null("first_fee_paid_on"))
                .col(string("leader_name"))
                .col(string("leader_title"))
                .col(string("leader_email"))
                .col(string("focal_name"))
                .col(string("focal_email"))
                .col(string("focal_phone"))
                .col(string("essglobal_activity"))
                .col(string("essglobal_legal_form"))
                .col(boolean("fictional"))
                .col(text("search_text"))
                // Folded name | country | folded city: one organisation of a name per place.
                .col(string_uniq("name_key"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    &mut fk(("organisation", "category"), ("category", "code"))
                        .on_delete(ForeignKeyAction::Restrict)
                        .to_owned(),
                )
                .foreign_key(
                    &mut fk(("organisation", "college"), ("college", "number"))
                        .on_delete(ForeignKeyAction::Restrict)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("organisation_status_idx", "status"),
            ("organisation_country_idx", "country"),
            ("organisation_name_idx", "name"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table("organisation")
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("organisation_text")
                .col(uuid("organisation_id"))
                .col(string("field"))
                .col(string("locale"))
                .col(text("body"))
                .col(string("status"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(
                    Index::create()
                        .col("organisation_id")
                        .col("field")
                        .col("locale"),
                )
                .foreign_key(&mut fk(
                    ("organisation_text", "organisation_id"),
                    ("organisation", "id"),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("organisation_logo")
                .col(uuid("organisation_id").primary_key())
                .col(string("mime"))
                .col(string("etag"))
                .col(blob("bytes"))
                .foreign_key(&mut fk(
                    ("organisation_logo", "organisation_id"),
                    ("organisation", "id"),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("account")
                .col(pk_uuid("id"))
                .col(string_uniq("email"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(string("site_role"))
                .col(string("locale"))
                .col(boolean("disabled"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("affiliation")
                .col(uuid("account_id"))
                .col(uuid("organisation_id"))
                .col(string("role"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("account_id").col("organisation_id"))
                .foreign_key(&mut fk(("affiliation", "account_id"), ("account", "id")))
                .foreign_key(&mut fk(
                    ("affiliation", "organisation_id"),
                    ("organisation", "id"),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("session")
                .col(string("id").primary_key())
                .col(uuid("account_id"))
                .col(string("csrf"))
                .col(string("ip"))
                .col(string("user_agent"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk(("session", "account_id"), ("account", "id")))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_account_idx")
                .table("session")
                .col("account_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(string("key").primary_key())
                .col(integer("failures"))
                .col(timestamp_with_time_zone("window_start"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("password_reset")
                .col(string("token_hash").primary_key())
                .col(uuid("account_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut fk(("password_reset", "account_id"), ("account", "id")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("application")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(string("state"))
                .col(string("class_requested"))
                .col(timestamp_with_time_zone("submitted_at"))
                .col(date_null("ack_due_on"))
                .col(timestamp_with_time_zone_null("acknowledged_at"))
                .col(text("info_request"))
                .col(date_null("decision_on"))
                .col(string("decision_ref"))
                .col(string("economic_index"))
                .col(text("statement"))
                .col(string("signatory_name"))
                .col(string("signatory_title"))
                .col(boolean("signatory_confirmed"))
                .col(string("contact_name"))
                .col(string("contact_email"))
                .col(string("locale"))
                .col(integer("version"))
                .foreign_key(&mut fk(
                    ("application", "organisation_id"),
                    ("organisation", "id"),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("member_event")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("actor_id"))
                .col(string("kind"))
                .col(string("from_status"))
                .col(string("to_status"))
                .col(text("note"))
                .col(string("reference"))
                .foreign_key(&mut fk(
                    ("member_event", "organisation_id"),
                    ("organisation", "id"),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("member_event_org_idx")
                .table("member_event")
                .col("organisation_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("fee_rule")
                .col(integer("band"))
                .col(string("class"))
                .col(ColumnDef::new("amount_minor").big_integer().not_null())
                .col(string("currency"))
                .primary_key(Index::create().col("band").col("class"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("country_band")
                .col(string("country").primary_key())
                .col(integer("band"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("dues")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(integer("year"))
                .col(ColumnDef::new("amount_minor").big_integer().not_null())
                .col(string("currency"))
                .col(sea_orm_migration::schema::date("due_on"))
                .col(date_null("paid_on"))
                .col(boolean("waived"))
                .col(date_null("postponed_until"))
                .col(text("reason"))
                .foreign_key(&mut fk(("dues", "organisation_id"), ("organisation", "id")))
                .index(
                    Index::create()
                        .name("dues_org_year_uniq")
                        .col("organisation_id")
                        .col("year")
                        .unique(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("outbox")
                .col(pk_uuid("id"))
                .col(string("topic"))
                .col(text("payload"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("outbox_pending_idx")
                .table("outbox")
                .col("done_at")
                .col("next_attempt_at")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_uuid("id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("actor_id"))
                .col(string("action"))
                .col(string("entity"))
                .col(string("entity_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .to_owned(),
        )
        .await?;
        seed(m).await
    }
}

/// GSEF's stakeholder categories and voting colleges, in the four languages. Data, not code:
/// a national network edits these rows.
const CATEGORIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "local_government",
        "public",
        "지방정부",
        "Local government",
        "Collectivité locale",
        "Gobierno local",
    ),
    (
        "state_agency",
        "public",
        "정부기관 / 공공기관",
        "Government institution / state agency",
        "Institution publique / agence d'État",
        "Institución gubernamental / agencia estatal",
    ),
    (
        "ngo",
        "sse",
        "비영리단체 / 협회",
        "NGO / association",
        "ONG / association",
        "ONG / asociación",
    ),
    (
        "coop_social_enterprise",
        "sse",
        "상호공제조합 / 협동조합 / 사회적기업",
        "Mutual / cooperative / social enterprise",
        "Mutuelle / coopérative / entreprise sociale",
        "Mutual / cooperativa / empresa social",
    ),
    (
        "youth_org",
        "sse",
        "청년 단체",
        "Youth organisation",
        "Organisation de jeunesse",
        "Organización juvenil",
    ),
    (
        "finance_institution",
        "sse",
        "사회연대금융 기관",
        "Social/solidarity finance institution",
        "Institution de finance sociale et solidaire",
        "Institución de finanzas sociales y solidarias",
    ),
    (
        "research",
        "sse",
        "대학 / 연구기관",
        "University / research institute",
        "Université / institut de recherche",
        "Universidad / instituto de investigación",
    ),
    (
        "network_local_gov",
        "public",
        "지방정부 네트워크",
        "Network of local governments",
        "Réseau de collectivités locales",
        "Red de gobiernos locales",
    ),
    (
        "network_sse",
        "sse",
        "사회연대경제 주체 네트워크",
        "Network of SSE actors",
        "Réseau d'acteurs de l'ESS",
        "Red de actores de la ESS",
    ),
    (
        "network_youth",
        "sse",
        "청년 단체 네트워크",
        "Network of youth organisations",
        "Réseau d'organisations de jeunesse",
        "Red de organizaciones juveniles",
    ),
    (
        "network_finance",
        "sse",
        "금융 주체 네트워크",
        "Network of finance actors",
        "Réseau d'acteurs financiers",
        "Red de actores financieros",
    ),
    (
        "network_public_private",
        "sse",
        "공공·민간 주체 네트워크",
        "Network of public and private actors",
        "Réseau d'acteurs publics et privés",
        "Red de actores públicos y privados",
    ),
];

const COLLEGES: &[(i32, &str, i32, &str, &str, &str, &str)] = &[
    (
        1,
        "public",
        3000,
        "공공 주체",
        "Public Actors",
        "Acteurs publics",
        "Actores públicos",
    ),
    (
        2,
        "sse",
        3000,
        "사회연대경제 주체 및 관계 기관",
        "SSE Actors and Affiliates",
        "Acteurs de l'ESS et affiliés",
        "Actores de la ESS y afiliados",
    ),
    (3, "youth", 2000, "청년", "Youth", "Jeunesse", "Juventud"),
    (
        4,
        "finance",
        1000,
        "사회연대금융",
        "Social and Solidarity Finance",
        "Finance sociale et solidaire",
        "Finanzas sociales y solidarias",
    ),
    (
        5,
        "research",
        1000,
        "연구 및 미래전략",
        "Research and Foresight",
        "Recherche et prospective",
        "Investigación y prospectiva",
    ),
];

async fn seed(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut q = Query::insert()
        .into_table("category")
        .columns([
            "code", "kind", "position", "label_ko", "label_en", "label_fr", "label_es",
        ])
        .to_owned();
    for (i, (code, kind, ko, en, fr, es)) in CATEGORIES.iter().enumerate() {
        let pos = <i32 as TryFrom<usize>>::try_from(i).unwrap_or(i32::MAX);
        q.values_panic([
            (*code).into(),
            (*kind).into(),
            pos.into(),
            (*ko).into(),
            (*en).into(),
            (*fr).into(),
            (*es).into(),
        ]);
    }
    m.exec_stmt(q).await?;
    let mut q = Query::insert()
        .into_table("college")
        .columns([
            "number",
            "code",
            "weight_bp",
            "label_ko",
            "label_en",
            "label_fr",
            "label_es",
        ])
        .to_owned();
    for (n, code, w, ko, en, fr, es) in COLLEGES {
        q.values_panic([
            (*n).into(),
            (*code).into(),
            (*w).into(),
            (*ko).into(),
            (*en).into(),
            (*fr).into(),
            (*es).into(),
        ]);
    }
    m.exec_stmt(q).await?;
    // An illustrative fee table (USD): band 1 = high-income economies … band 4 = low-income.
    // The secretariat replaces it; the structure (band × class) is what matters.
    let mut q = Query::insert()
        .into_table("fee_rule")
        .columns(["band", "class", "amount_minor", "currency"])
        .to_owned();
    for (band, full, allied) in [
        (1, 300_000i64, 100_000i64),
        (2, 150_000, 50_000),
        (3, 50_000, 20_000),
        (4, 10_000, 5_000),
    ] {
        q.values_panic([band.into(), "full".into(), full.into(), "USD".into()]);
        q.values_panic([band.into(), "allied".into(), allied.into(), "USD".into()]);
        q.values_panic([band.into(), "honorary".into(), 0i64.into(), "USD".into()]);
    }
    m.exec_stmt(q).await
}
