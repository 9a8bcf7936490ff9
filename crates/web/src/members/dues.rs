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
use pumasi_domain::members::{FeeRule, MembershipClass, format_money_in};
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
    continents: Options,
    /// Members without a fee: `(slug, name, country code, country name, what is missing)`.
    unpriced: Vec<(String, String, String, String, String)>,
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
    let list = dues::list_year(db, year, dues::today()).await?;
    // Named in the reader's language and sorted in its collation, not by the base name.
    let names = pumasi_store::members::names(
        db,
        &list.iter().map(|r| r.organisation_id).collect::<Vec<_>>(),
        i.locale,
    )
    .await?;
    let mut rows: Vec<(DuesRow, String, String)> = list
        .into_iter()
        .map(|mut r| {
            if let Some((_, name)) = names.get(&r.organisation_id) {
                r.name.clone_from(name);
            }
            let money = format_money_in(r.amount_minor, &r.currency, i.locale);
            let st = i.t(&format!("dues-{}", r.status.code()));
            (r, money, st)
        })
        .collect();
    pumasi_domain::collation::sort_by_name(i.locale, &mut rows, |r| &r.0.name);
    let rules = dues::fee_rules(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.band,
                r.class.code().to_owned(),
                i.t(&format!("class-{}", r.class.code())),
                format_money_in(r.amount_minor, &r.currency, i.locale),
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
    // A country asked for by a "set the band" link is chosen in the band form.
    if let Some(cc) = form_country(&form) {
        for c in &mut countries {
            c.2 = c.0 == cc;
        }
    }
    let continents = pumasi_domain::countries::Continent::all_inhabited()
        .iter()
        .map(|c| {
            (
                c.code().to_owned(),
                i.t(&format!("continent-{}", c.key())),
                form.selected("continent", c.code()),
            )
        })
        .collect();
    let missing = dues::unpriced(db).await?;
    let names = pumasi_store::members::names(
        db,
        &missing
            .iter()
            .map(|m| m.organisation_id)
            .collect::<Vec<_>>(),
        i.locale,
    )
    .await?;
    let mut unpriced: Vec<(String, String, String, String, String)> = missing
        .into_iter()
        .map(|m| {
            let name = names
                .get(&m.organisation_id)
                .map_or_else(|| m.slug.clone(), |n| n.1.clone());
            let why = match m.band {
                None => i.t("dues-no-band"),
                Some(b) => i.ts("dues-no-rule", &b.to_string()),
            };
            let country = i.country(&m.country);
            (m.slug, name, m.country, country, why)
        })
        .collect();
    pumasi_domain::collation::sort_by_name(i.locale, &mut unpriced, |u| &u.1);
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
            continents,
            unpriced,
            generated,
        },
    )
}

/// The country a "set the band" link asks for (`?country=KR`), kept in the form's values.
fn form_country(form: &FormState) -> Option<String> {
    let v = form.v("country");
    pumasi_domain::countries::country(v).map(|c| c.alpha2.to_owned())
}

/// Countries named in a pasted list — codes or names in any of the four languages, separated
/// by commas, semicolons or lines — or the reasons they are not, by line.
fn pasted_countries(text: &str, i: &crate::i18n::I18n) -> Result<Vec<&'static str>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for item in line
            .split([',', ';', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let folded = pumasi_domain::organisation::fold(item);
            let found = pumasi_domain::countries::country(item).or_else(|| {
                pumasi_domain::countries::all().iter().find(|c| {
                    pumasi_domain::locale::Locale::ALL
                        .iter()
                        .any(|l| pumasi_domain::organisation::fold(c.name(l.code())) == folded)
                })
            });
            match found {
                Some(c) => {
                    if !out.contains(&c.alpha2) {
                        out.push(c.alpha2);
                    }
                }
                None => unknown.push(format!(
                    "{} ({})",
                    item.chars().take(40).collect::<String>(),
                    i.ts("dues-line", &(n + 1).to_string())
                )),
            }
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(i.ts("error-countries-unknown", &unknown.join(", ")))
    }
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
    let values: HashMap<String, String> = q
        .get("country")
        .map(|c| HashMap::from([("country".to_owned(), c.clone())]))
        .unwrap_or_default();
    page(
        &ctx,
        year_of(&q),
        FormState::new(values),
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
    // A pasted list's unknown countries, said on the field in full.
    let mut unknown: Option<String> = None;
    let result: Result<(), StoreError> = async {
        match action.as_str() {
            "generate" => {
                let g = dues::generate_year(&txn, year, date("due_on")?, actor).await?;
                generated = ctx.i().ta(
                    "dues-generated",
                    &[
                        ("count", g.created.into()),
                        ("missing", (g.missing.len() as u64).into()),
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
            "bands" => {
                let band = get("bands_band")
                    .parse::<u8>()
                    .ok()
                    .filter(|b| (1..=9).contains(b))
                    .ok_or(StoreError::invalid("bands_band", "error-band-invalid"))?;
                let mut list: Vec<&'static str> = match get("continent") {
                    "" => Vec::new(),
                    code => {
                        let k = pumasi_domain::countries::Continent::from_code(code)
                            .ok_or(StoreError::invalid("continent", "error-choice-invalid"))?;
                        pumasi_domain::countries::all()
                            .iter()
                            .filter(|c| c.continent == k)
                            .map(|c| c.alpha2)
                            .collect()
                    }
                };
                match pasted_countries(f.get("countries").map_or("", String::as_str), &ctx.i()) {
                    Ok(more) => list.extend(
                        more.into_iter()
                            .filter(|c| !list.contains(c))
                            .collect::<Vec<_>>(),
                    ),
                    Err(message) => {
                        unknown = Some(message);
                        return Err(StoreError::invalid("countries", "error-countries-required"));
                    }
                }
                if list.is_empty() {
                    return Err(StoreError::invalid("countries", "error-countries-required"));
                }
                let n = dues::set_country_bands(&txn, &list, band, actor).await?;
                generated = ctx.i().tn("dues-bands-set", n as u64);
                Ok(())
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
            ctx.state.changed().await;
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
            let (mut form, status) = ctx.form_failure(e, &f)?;
            if let Some(message) = unknown {
                form.set_error("countries", message);
            }
            page(&ctx, year, form, status, String::new()).await
        }
    }
}
