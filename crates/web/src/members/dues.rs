//! The secretariat's dues desk: the fee table, each country's economic band, a year's dues
//! with their status (paid, due, overdue, waived, postponed) and the actions on them.

use super::public::Options;
use crate::auth::FormMap;
use crate::error::PageError;
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use pumasi_domain::members::{FeeRule, MembershipClass, format_money};
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::members::dues::{self, DuesRow};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "dues.html")]
struct DuesPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    year: i32,
    rows: Vec<(DuesRow, String, String)>,
    rules: Vec<(u8, String, String, String)>,
    bands: Vec<(String, String, u8)>,
    classes: Options,
    countries: Options,
    generated: String,
}

async fn page(
    ctx: &Ctx,
    year: i32,
    form: FormState,
    status: StatusCode,
    generated: String,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let rows = dues::list_year(db, year, dues::today())
        .await?
        .into_iter()
        .map(|r| {
            let money = format_money(r.amount_minor, &r.currency);
            let st = i.t(&format!("dues-{}", r.status.code()));
            (r, money, st)
        })
        .collect();
    let rules = dues::fee_rules(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.band,
                r.class.code().to_owned(),
                i.t(&format!("class-{}", r.class.code())),
                format_money(r.amount_minor, &r.currency),
            )
        })
        .collect();
    let mut bands: Vec<(String, String, u8)> = dues::country_bands(db)
        .await?
        .into_iter()
        .map(|(c, b)| (i.country(&c), c, b))
        .collect();
    bands.sort();
    let classes = MembershipClass::ALL
        .iter()
        .map(|c| {
            (
                c.code().to_owned(),
                i.t(&format!("class-{}", c.code())),
                false,
            )
        })
        .collect();
    let mut countries: Options = pumasi_domain::countries::all()
        .iter()
        .map(|c| (c.alpha2.to_owned(), c.name(i.code()).to_owned(), false))
        .collect();
    pumasi_domain::collation::sort_by_name(i.locale, &mut countries, |c| &c.1);
    ctx.render_status(
        status,
        &DuesPage {
            i,
            shell: ctx.shell.clone(),
            form,
            year,
            rows,
            rules,
            bands,
            classes,
            countries,
            generated,
        },
    )
}

fn year_of(q: &HashMap<String, String>) -> i32 {
    q.get("year")
        .and_then(|y| y.parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| dues::today().year())
}

pub async fn show(
    ctx: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    ctx.require(Action::ManageDues)?;
    page(
        &ctx,
        year_of(&q),
        FormState::default(),
        StatusCode::OK,
        String::new(),
    )
    .await
}

pub async fn act(
    ctx: Ctx,
    Path((_, action)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    ctx.require(Action::ManageDues)?;
    let year = year_of(&q);
    let actor = ctx.actor.account;
    let get = |k: &str| f.get(k).map_or("", String::as_str).trim();
    let date = |k: &str| {
        NaiveDate::parse_from_str(get(k), "%Y-%m-%d")
            .map_err(|_| StoreError::invalid(k, "error-date-invalid"))
    };
    let id = || get("id").parse::<Uuid>().map_err(|_| StoreError::NotFound);
    let txn = ctx.begin().await?;
    let mut generated = String::new();
    let result: Result<(), StoreError> = async {
        match action.as_str() {
            "generate" => {
                let g = dues::generate_year(&txn, year, date("due_on")?, actor).await?;
                generated = ctx.i().ta(
                    "dues-generated",
                    &[
                        ("count", g.created.into()),
                        ("missing", g.missing.join(", ").into()),
                    ],
                );
                Ok(())
            }
            "paid" => dues::mark_paid(&txn, id()?, date("paid_on")?, actor).await,
            "waive" => dues::waive(&txn, id()?, get("reason"), actor).await,
            "postpone" => dues::postpone(&txn, id()?, date("until")?, get("reason"), actor).await,
            "rule" => {
                let band = get("band")
                    .parse::<u8>()
                    .map_err(|_| StoreError::invalid("band", "error-band-invalid"))?;
                let class = MembershipClass::parse(get("class"))
                    .ok_or(StoreError::invalid("class", "error-class-invalid"))?;
                let currency = get("currency").trim().to_ascii_uppercase();
                let amount = pumasi_domain::members::parse_money(get("amount"), &currency)
                    .ok_or(StoreError::invalid("amount", "error-amount-invalid"))?;
                let rule = FeeRule {
                    band,
                    class,
                    amount_minor: amount,
                    currency,
                };
                dues::set_fee_rule(&txn, &rule, actor).await
            }
            "band" => {
                let band = get("country_band")
                    .parse::<u8>()
                    .map_err(|_| StoreError::invalid("country_band", "error-band-invalid"))?;
                dues::set_country_band(&txn, get("country"), band, actor).await
            }
            _ => Err(StoreError::NotFound),
        }
    }
    .await;
    match result {
        Ok(()) => {
            ctx.commit(txn).await?;
            ctx.state.content_changed();
            if generated.is_empty() {
                Ok(ctx.see_other(
                    &ctx.shell.href(&format!("/secretariat/dues?year={year}")),
                    Some("saved"),
                ))
            } else {
                page(&ctx, year, FormState::default(), StatusCode::OK, generated).await
            }
        }
        Err(e) => {
            drop(txn);
            let (form, status) = ctx.form_failure(e, &f)?;
            page(&ctx, year, form, status, String::new()).await
        }
    }
}
