//! An organisation's people, managed by its admins (and the secretariat): invite someone with a
//! role (an account is created if needed and a link to choose a password is emailed), change a
//! role, remove someone. The last admin cannot be removed or demoted.

use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::Response;
use pumasi_domain::FieldError;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::Action;
use pumasi_domain::types::{self, Email};
use pumasi_store::StoreError;
use pumasi_store::members;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    shell: Shell,
    i: I18n,
    form: FormState,
    slug: String,
    name: String,
    people: Vec<(Uuid, String, String, String, String)>,
    roles: Vec<(String, String, bool)>,
}

async fn page(
    ctx: &Ctx,
    o: &members::Organisation,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let i = ctx.i();
    let people = members::people(&ctx.state.store.db, o.id)
        .await?
        .into_iter()
        .map(|(id, email, name, role)| {
            (
                id,
                email,
                name,
                role.code().to_owned(),
                i.t(&format!("org-role-{}", role.code())),
            )
        })
        .collect();
    let chosen = if form.v("role").is_empty() {
        "editor"
    } else {
        form.v("role")
    };
    let roles = OrgRole::ALL
        .iter()
        .map(|r| {
            (
                r.code().to_owned(),
                i.t(&format!("org-role-{}", r.code())),
                r.code() == chosen,
            )
        })
        .collect();
    ctx.render_status(
        status,
        &PeoplePage {
            i,
            shell: ctx.shell.clone(),
            form,
            slug: o.slug.clone(),
            name: o.name.text.clone(),
            people,
            roles,
        },
    )
}

async fn organisation(ctx: &Ctx, slug: &str) -> Result<members::Organisation, PageError> {
    let o = members::by_slug(&ctx.state.store.db, slug, ctx.locale())
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.require(Action::ManageOrganisationPeople(o.id))?;
    Ok(o)
}

pub async fn show(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let o = organisation(&ctx, &slug).await?;
    page(&ctx, &o, FormState::default(), StatusCode::OK).await
}

pub async fn invite(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let o = organisation(&ctx, &slug).await?;
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    let mut errs = Vec::new();
    let email = Email::parse(get("email"))
        .map_err(|c| errs.push(FieldError::new("email", c)))
        .ok();
    let name = types::line(get("name"), 200, false)
        .map_err(|c| errs.push(FieldError::new("name", c)))
        .unwrap_or_default();
    let role = OrgRole::parse(get("role"));
    if role.is_none() {
        errs.push(FieldError::new("role", "error-invalid-value"));
    }
    let (Some(email), Some(role), true) = (email, role, errs.is_empty()) else {
        let mut v = f.clone();
        v.remove("_csrf");
        return page(
            &ctx,
            &o,
            FormState::with_errors(v, &errs, ctx.i()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let locale = Locale::parse(get("locale")).unwrap_or(ctx.locale());
    let txn = ctx.begin().await?;
    pumasi_store::outbox::push(
        &txn,
        "invitation",
        &serde_json::json!({ "organisation": o.id, "email": email.as_str(), "name": name, "locale": locale, "role": role.code() }),
    )
    .await?;
    pumasi_store::audit::record(
        &txn,
        ctx.actor.account,
        "affiliation.invite",
        "organisation",
        &o.id.to_string(),
        None,
        Some(&serde_json::json!({ "email": email.as_str(), "role": role })),
    )
    .await?;
    ctx.commit(txn).await?;
    Ok(ctx.see_other(
        &ctx.shell.href(&format!("/members/{slug}/people")),
        Some("invited"),
    ))
}

pub async fn change(
    ctx: Ctx,
    Path((_, slug, account)): Path<(String, String, Uuid)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let o = organisation(&ctx, &slug).await?;
    let role = match f.get("role").map_or("", String::as_str) {
        "remove" => None,
        r => Some(OrgRole::parse(r).ok_or_else(|| {
            ctx.err(AppError::Invalid(vec![FieldError::new(
                "role",
                "error-invalid-value",
            )]))
        })?),
    };
    let txn = ctx.begin().await?;
    match members::change_affiliation(&txn, account, o.id, role, ctx.actor.account).await {
        Ok(()) => {
            ctx.commit(txn).await?;
            Ok(ctx.see_other(
                &ctx.shell.href(&format!("/members/{slug}/people")),
                Some("saved"),
            ))
        }
        Err(StoreError::Conflict(code)) => {
            drop(txn);
            page(
                &ctx,
                &o,
                FormState::with_errors(FormMap::new(), &[FieldError::new("form", code)], ctx.i()),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ctx.err(e)),
    }
}
