//! Dues: the fee table (economic band × membership class), each country's band, the yearly
//! dues of every member, payments, waivers and postponements (each with a reason). Recording the
//! first payment of an organisation also records its first fee, from which a full member counts.

use crate::entities::{country_band, dues, fee_rule, organisation as org};
use crate::{Result, StoreError, audit, now, outbox};
use chrono::NaiveDate;
use pumasi_domain::members::{
    DuesStatus, FeeRule, MemberStatus, MembershipClass, annual_fee, dues_status,
};
use pumasi_domain::types;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// # Errors
/// Database errors.
pub async fn fee_rules(c: &impl ConnectionTrait) -> Result<Vec<FeeRule>> {
    Ok(fee_rule::Entity::find()
        .order_by_asc(fee_rule::Column::Band)
        .order_by_asc(fee_rule::Column::Class)
        .all(c)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(FeeRule {
                band: u8::try_from(r.band).ok()?,
                class: MembershipClass::parse(&r.class)?,
                amount_minor: r.amount_minor,
                currency: r.currency,
            })
        })
        .collect())
}

/// Sets one cell of the fee table.
///
/// # Errors
/// `Invalid` for a band outside 1–9, a negative amount or a currency that is not ISO 4217-like.
pub async fn set_fee_rule(
    c: &impl ConnectionTrait,
    rule: &FeeRule,
    actor: Option<Uuid>,
) -> Result<()> {
    if !(1..=9).contains(&rule.band) {
        return Err(StoreError::invalid("band", "error-band-invalid"));
    }
    if rule.amount_minor < 0 || rule.amount_minor > 100_000_000_000 {
        return Err(StoreError::invalid("amount", "error-amount-invalid"));
    }
    if rule.currency.len() != 3 || !rule.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(StoreError::invalid("currency", "error-currency-invalid"));
    }
    fee_rule::Entity::insert(fee_rule::ActiveModel {
        band: Set(i32::from(rule.band)),
        class: Set(rule.class.code().to_owned()),
        amount_minor: Set(rule.amount_minor),
        currency: Set(rule.currency.clone()),
    })
    .on_conflict(
        OnConflict::columns([fee_rule::Column::Band, fee_rule::Column::Class])
            .update_columns([fee_rule::Column::AmountMinor, fee_rule::Column::Currency])
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "fees.rule",
        "fee_rule",
        &format!("{}:{}", rule.band, rule.class),
        None,
        Some(&serde_json::json!(rule)),
    )
    .await
}

/// # Errors
/// Database errors.
pub async fn country_bands(c: &impl ConnectionTrait) -> Result<HashMap<String, u8>> {
    Ok(country_band::Entity::find()
        .all(c)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.country, u8::try_from(r.band).ok()?)))
        .collect())
}

/// # Errors
/// `Invalid` for an unknown country or band.
pub async fn set_country_band(
    c: &impl ConnectionTrait,
    country: &str,
    band: u8,
    actor: Option<Uuid>,
) -> Result<()> {
    let Some(cc) = pumasi_domain::countries::country(country) else {
        return Err(StoreError::invalid("country", "error-country-invalid"));
    };
    if !(1..=9).contains(&band) {
        return Err(StoreError::invalid("band", "error-band-invalid"));
    }
    country_band::Entity::insert(country_band::ActiveModel {
        country: Set(cc.alpha2.to_owned()),
        band: Set(i32::from(band)),
    })
    .on_conflict(
        OnConflict::column(country_band::Column::Country)
            .update_column(country_band::Column::Band)
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "fees.band",
        "country_band",
        cc.alpha2,
        None,
        Some(&serde_json::json!({ "band": band })),
    )
    .await
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Generated {
    pub created: u64,
    /// Members whose country has no band, or whose band and class have no fee rule.
    pub missing: Vec<String>,
}

/// A member that would get no fee: its country has no band, or its band and class no fee rule.
#[derive(Debug, Clone, Serialize)]
pub struct Unpriced {
    pub organisation_id: Uuid,
    pub slug: String,
    pub country: String,
    pub class: MembershipClass,
    /// The country's band, when it has one (then the fee table lacks the band and class).
    pub band: Option<u8>,
}

/// Members (full and allied) for whom no fee can be worked out today, so the secretariat can
/// fix their country's band or the fee table before creating the year's dues.
///
/// # Errors
/// Database errors.
pub async fn unpriced(c: &impl ConnectionTrait) -> Result<Vec<Unpriced>> {
    let rules = fee_rules(c).await?;
    let bands = country_bands(c).await?;
    let members = org::Entity::find()
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .order_by_asc(org::Column::Slug)
        .all(c)
        .await?;
    Ok(members
        .into_iter()
        .filter_map(|o| {
            let class = MembershipClass::parse(&o.class).unwrap_or(MembershipClass::Allied);
            let band = bands.get(&o.country).copied();
            (class != MembershipClass::Honorary
                && band.and_then(|b| annual_fee(&rules, b, class)).is_none())
            .then_some(Unpriced {
                organisation_id: o.id,
                slug: o.slug,
                country: o.country,
                class,
                band,
            })
        })
        .collect())
}

/// Sets the band of many countries at once (a continent, a pasted list): all or none.
///
/// # Errors
/// `Invalid` on `band`; database errors.
pub async fn set_country_bands(
    c: &impl ConnectionTrait,
    countries: &[&str],
    band: u8,
    actor: Option<Uuid>,
) -> Result<usize> {
    if !(1..=9).contains(&band) {
        return Err(StoreError::invalid("country_band", "error-band-invalid"));
    }
    for cc in countries {
        set_country_band(c, cc, band, actor).await?;
    }
    Ok(countries.len())
}

/// Creates the year's dues for every member (full and allied; honorary members pay none).
/// Safe to run again or concurrently: an organisation never gets two rows for one year.
///
/// # Errors
/// Database errors.
pub async fn generate_year(
    c: &impl ConnectionTrait,
    year: i32,
    due_on: NaiveDate,
    actor: Option<Uuid>,
) -> Result<Generated> {
    let rules = fee_rules(c).await?;
    let bands = country_bands(c).await?;
    let members = org::Entity::find()
        .filter(org::Column::Status.eq(MemberStatus::Member.code()))
        .order_by_asc(org::Column::Slug)
        .all(c)
        .await?;
    let mut g = Generated::default();
    for o in members {
        let class = MembershipClass::parse(&o.class).unwrap_or(MembershipClass::Allied);
        if class == MembershipClass::Honorary {
            continue;
        }
        let Some((amount, currency)) = bands
            .get(&o.country)
            .and_then(|b| annual_fee(&rules, *b, class))
        else {
            g.missing.push(o.slug);
            continue;
        };
        let res = dues::Entity::insert(dues::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(o.id),
            year: Set(year),
            amount_minor: Set(amount),
            currency: Set(currency.to_owned()),
            due_on: Set(due_on),
            paid_on: Set(None),
            waived: Set(false),
            postponed_until: Set(None),
            reason: Set(String::new()),
        })
        .on_conflict(
            OnConflict::columns([dues::Column::OrganisationId, dues::Column::Year])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
        g.created += res;
    }
    audit::record(
        c,
        actor,
        "dues.generate",
        "dues",
        &year.to_string(),
        None,
        Some(&serde_json::json!(g)),
    )
    .await?;
    Ok(g)
}

#[derive(Debug, Clone, Serialize)]
pub struct DuesRow {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub year: i32,
    pub amount_minor: i64,
    pub currency: String,
    pub due_on: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub postponed_until: Option<NaiveDate>,
    pub reason: String,
    pub status: DuesStatus,
}

/// A year's dues, with each status computed for `today`.
///
/// # Errors
/// Database errors.
pub async fn list_year(
    c: &impl ConnectionTrait,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<DuesRow>> {
    let rows = dues::Entity::find()
        .filter(dues::Column::Year.eq(year))
        .all(c)
        .await?;
    let orgs: HashMap<Uuid, org::Model> = org::Entity::find()
        .filter(org::Column::Id.is_in(rows.iter().map(|r| r.organisation_id).collect::<Vec<_>>()))
        .all(c)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut out: Vec<DuesRow> = rows
        .into_iter()
        .filter_map(|r| {
            let o = orgs.get(&r.organisation_id)?;
            Some(DuesRow {
                status: dues_status(r.paid_on, r.waived, r.postponed_until, r.due_on, today),
                id: r.id,
                organisation_id: r.organisation_id,
                slug: o.slug.clone(),
                name: o.name.clone(),
                country: o.country.clone(),
                year: r.year,
                amount_minor: r.amount_minor,
                currency: r.currency,
                due_on: r.due_on,
                paid_on: r.paid_on,
                postponed_until: r.postponed_until,
                reason: r.reason,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Dues of one organisation, newest year first.
///
/// # Errors
/// Database errors.
pub async fn of_organisation(
    c: &impl ConnectionTrait,
    org_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<(i32, i64, String, DuesStatus)>> {
    Ok(dues::Entity::find()
        .filter(dues::Column::OrganisationId.eq(org_id))
        .order_by_desc(dues::Column::Year)
        .all(c)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.year,
                r.amount_minor,
                r.currency,
                dues_status(r.paid_on, r.waived, r.postponed_until, r.due_on, today),
            )
        })
        .collect())
}

async fn open_dues(c: &impl ConnectionTrait, id: Uuid) -> Result<dues::Model> {
    let d = dues::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if d.paid_on.is_some() || d.waived {
        return Err(StoreError::Conflict("error-dues-settled"));
    }
    Ok(d)
}

/// Records a payment once; a second recording is a conflict. The organisation's first payment
/// also sets its first fee date.
///
/// # Errors
/// `Conflict("error-dues-settled")`.
pub async fn mark_paid(
    c: &impl ConnectionTrait,
    id: Uuid,
    paid_on: NaiveDate,
    actor: Option<Uuid>,
) -> Result<()> {
    let d = open_dues(c, id).await?;
    let res = dues::Entity::update_many()
        .col_expr(dues::Column::PaidOn, Expr::value(Some(paid_on)))
        .filter(dues::Column::Id.eq(id))
        .filter(dues::Column::PaidOn.is_null())
        .filter(dues::Column::Waived.eq(false))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-dues-settled"));
    }
    org::Entity::update_many()
        .col_expr(org::Column::FirstFeePaidOn, Expr::value(Some(paid_on)))
        .filter(org::Column::Id.eq(d.organisation_id))
        .filter(org::Column::FirstFeePaidOn.is_null())
        .exec(c)
        .await?;
    super::event(
        c,
        d.organisation_id,
        actor,
        "dues.paid",
        "",
        "",
        &d.year.to_string(),
        "",
    )
    .await?;
    audit::record(
        c,
        actor,
        "dues.paid",
        "dues",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "paid_on": paid_on })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.changed",
        &serde_json::json!({ "id": d.organisation_id }),
    )
    .await?;
    Ok(())
}

fn reason(s: &str) -> Result<String> {
    match types::line(s, 500, true) {
        Ok(r) => Ok(r),
        Err(code) => Err(StoreError::invalid("reason", code)),
    }
}

/// Waives a year's dues, with a reason.
///
/// # Errors
/// `Invalid` without a reason; `Conflict` when already settled.
pub async fn waive(
    c: &impl ConnectionTrait,
    id: Uuid,
    why: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let why = reason(why)?;
    let d = open_dues(c, id).await?;
    let res = dues::Entity::update_many()
        .col_expr(dues::Column::Waived, Expr::value(true))
        .col_expr(dues::Column::Reason, Expr::value(why.clone()))
        .filter(dues::Column::Id.eq(id))
        .filter(dues::Column::PaidOn.is_null())
        .filter(dues::Column::Waived.eq(false))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-dues-settled"));
    }
    super::event(
        c,
        d.organisation_id,
        actor,
        "dues.waived",
        "",
        "",
        &why,
        &d.year.to_string(),
    )
    .await?;
    audit::record(
        c,
        actor,
        "dues.waive",
        "dues",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "reason": why })),
    )
    .await
}

/// Postpones a year's dues until a date, with a reason (the steering committee has postponed
/// fees for members in the Global South).
///
/// # Errors
/// `Invalid` without a reason or with a date before the due date; `Conflict` when settled.
pub async fn postpone(
    c: &impl ConnectionTrait,
    id: Uuid,
    until: NaiveDate,
    why: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let why = reason(why)?;
    let d = open_dues(c, id).await?;
    if until <= d.due_on {
        return Err(StoreError::invalid("until", "error-postpone-before-due"));
    }
    dues::Entity::update_many()
        .col_expr(dues::Column::PostponedUntil, Expr::value(Some(until)))
        .col_expr(dues::Column::Reason, Expr::value(why.clone()))
        .filter(dues::Column::Id.eq(id))
        .exec(c)
        .await?;
    super::event(
        c,
        d.organisation_id,
        actor,
        "dues.postponed",
        "",
        "",
        &why,
        &until.to_string(),
    )
    .await?;
    audit::record(
        c,
        actor,
        "dues.postpone",
        "dues",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "until": until, "reason": why })),
    )
    .await
}

/// Today's date for dues statuses.
#[must_use]
pub fn today() -> NaiveDate {
    now().date_naive()
}
