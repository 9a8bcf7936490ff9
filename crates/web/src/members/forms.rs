//! The public membership application and the profile editor. Both validate with the domain's
//! rules and, on error, return the form with what was typed and one message per field.

use super::public::Options;
use crate::auth::FormMap;
use crate::error::PageError;
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::Response;
use pumasi_domain::FieldError;
use pumasi_domain::countries;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::MembershipClass;
use pumasi_domain::organisation::{RawOrganisation, Vocabulary as Vocab};
use pumasi_domain::policy::Action;
use pumasi_store::StoreError;
use pumasi_store::members::{self, applications, applications::RawApplication};

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    categories: Options,
    classes: Options,
    countries: Options,
    langs: Options,
    /// The fee table: the classes one may apply for, then per band its amount in each.
    fees: FeeTable,
}

/// Column headings (class names), then rows of `(band, amounts)`.
type FeeTable = (Vec<String>, Vec<(u8, Vec<String>)>);

/// The annual fees an applicant will pay, from the secretariat's fee table.
async fn fee_table(ctx: &Ctx) -> Result<FeeTable, PageError> {
    use pumasi_domain::members::MembershipClass;
    let i = ctx.i();
    let rules = members::dues::fee_rules(&ctx.state.store.db).await?;
    let classes = [MembershipClass::Full, MembershipClass::Allied];
    let mut bands: Vec<u8> = rules.iter().map(|r| r.band).collect();
    bands.sort_unstable();
    bands.dedup();
    let rows = bands
        .into_iter()
        .map(|b| {
            let amounts = classes
                .iter()
                .map(|c| {
                    rules
                        .iter()
                        .find(|r| r.band == b && r.class == *c)
                        .map_or_else(
                            || "—".to_owned(),
                            |r| {
                                pumasi_domain::members::format_money_in(
                                    r.amount_minor,
                                    &r.currency,
                                    i.locale,
                                )
                            },
                        )
                })
                .collect();
            (b, amounts)
        })
        .collect();
    let heads = classes
        .iter()
        .map(|c| i.t(&format!("class-{}", c.code())))
        .collect();
    Ok((heads, rows))
}

impl ApplyPage {
    fn working_languages(&self) -> Vec<(String, String, bool)> {
        language_choices(&self.i, &self.form)
    }
}

fn options(
    ctx: &Ctx,
    vocab: &members::Vocabulary,
    form: &FormState,
) -> (Options, Options, Options, Options) {
    let l = ctx.locale();
    let i = ctx.i();
    let sel = |k: &str, v: &str| form.selected(k, v);
    let categories = vocab
        .categories
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.label(l).to_owned(),
                sel("category", &c.code),
            )
        })
        .collect();
    let classes = [MembershipClass::Full, MembershipClass::Allied]
        .iter()
        .map(|c| {
            (
                c.code().to_owned(),
                i.t(&format!("class-{}-explained", c.code())),
                sel("class", c.code()),
            )
        })
        .collect();
    let mut countries: Options = countries::all()
        .iter()
        .filter(|c| c.continent != countries::Continent::Antarctica)
        .map(|c| {
            (
                c.alpha2.to_owned(),
                c.name(l.code()).to_owned(),
                sel("country", c.alpha2),
            )
        })
        .collect();
    pumasi_domain::collation::sort_by_name(l, &mut countries, |c| &c.1);
    let lang_default = if form.v("lang").is_empty() {
        l.code()
    } else {
        form.v("lang")
    };
    // The four interface languages by their own names, then any other language of content.
    let langs = ctx
        .i()
        .content_languages(lang_default)
        .into_iter()
        .map(|(code, name)| {
            let own = Locale::parse(&code).map_or(name, |x| x.endonym().to_owned());
            let on = code == lang_default;
            (code, own, on)
        })
        .collect();
    (categories, classes, countries, langs)
}

pub async fn apply_form(ctx: Ctx) -> Result<Response, PageError> {
    let vocab = members::vocabulary(&ctx.state.store.db).await?;
    let form = FormState::default();
    let (categories, classes, countries, langs) = options(&ctx, &vocab, &form);
    let fees = fee_table(&ctx).await?;
    ctx.render(&ApplyPage {
        fees,
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form,
        categories,
        classes,
        countries,
        langs,
    })
}

fn raw_org(f: &FormMap) -> RawOrganisation {
    let mut raw = RawOrganisation::default();
    for (k, v) in f {
        // Other form fields (`_csrf`, `version`, the application's own) are not the
        // organisation's.
        raw.set_field(k, v.clone());
    }
    // Working languages are ticked (`language_pt=on` …), not typed as codes.
    let mut ticked: Vec<&str> = f
        .iter()
        .filter(|(_, v)| v.as_str() == "on")
        .filter_map(|(k, _)| k.strip_prefix("language_"))
        .collect();
    if !ticked.is_empty() {
        ticked.sort_unstable();
        raw.languages = ticked.join(";");
    }
    raw
}

/// The working languages to tick, named in the reader's language: the listed ones, then any
/// other code the organisation has, `(code, name, ticked)`.
fn language_choices(i: &I18n, form: &FormState) -> Vec<(String, String, bool)> {
    let typed: Vec<String> = form
        .v("languages")
        .split([';', ','])
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let on =
        |code: &str| typed.iter().any(|t| t == code) || form.v(&format!("language_{code}")) == "on";
    let mut out: Vec<(String, String, bool)> = pumasi_domain::languages::codes()
        .map(|c| {
            let name = pumasi_domain::languages::name(c, i.code()).unwrap_or(c);
            (c.to_owned(), name.to_owned(), on(c))
        })
        .collect();
    for t in &typed {
        if !out.iter().any(|(c, _, _)| c == t) {
            out.push((t.clone(), t.clone(), true));
        }
    }
    pumasi_domain::collation::sort_by_name(i.locale, &mut out, |c| &c.1);
    out
}

pub async fn apply(ctx: Ctx, req: axum::extract::Request) -> Result<Response, PageError> {
    let (f, upload) = match super::letter::read(req).await {
        Ok(x) => x,
        Err(rejection) => return Ok(rejection),
    };
    // A body cut off at the limit may have lost its token; it is answered without acting.
    if !matches!(upload, Err("error-letter-too-large")) {
        ctx.check_csrf(&f)?;
    }
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let vocab = members::vocabulary(db).await?;
    let (cats, cols) = vocab.codes();
    let mut raw = raw_org(&f);
    raw.status = "applicant".into();
    if !matches!(raw.class.as_str(), "full" | "allied") {
        raw.class = if raw.class.is_empty() {
            String::new()
        } else {
            "invalid".into()
        };
    }
    let org = raw.validate(&Vocab {
        categories: &cats,
        colleges: &cols,
    });
    let app = RawApplication {
        economic_index: f.get("economic_index").cloned().unwrap_or_default(),
        statement: f.get("statement").cloned().unwrap_or_default(),
        signatory_name: f.get("signatory_name").cloned().unwrap_or_default(),
        signatory_title: f.get("signatory_title").cloned().unwrap_or_default(),
        signatory_confirmed: f.get("signatory_confirmed").cloned().unwrap_or_default(),
        contact_name: f.get("contact_name").cloned().unwrap_or_default(),
        contact_email: f.get("contact_email").cloned().unwrap_or_default(),
    }
    .validate();
    let mut values = f.clone();
    values.remove("_csrf");
    let letter = match super::letter::resolve(&ctx, &mut values, upload).await {
        Ok(l) => Ok(l),
        Err(Ok(code)) => Err(FieldError::new(super::letter::FIELD, code)),
        Err(Err(page)) => return Err(page),
    };
    let fees = fee_table(&ctx).await?;
    let back = |errs: &[FieldError]| -> Result<Response, PageError> {
        let form = FormState::with_errors(values.clone(), errs, i);
        let (categories, classes, countries, langs) = options(&ctx, &vocab, &form);
        ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ApplyPage {
                i,
                shell: ctx.shell.clone(),
                form,
                categories,
                classes,
                countries,
                langs,
                fees: fees.clone(),
            },
        )
    };
    let (org, mut app, letter) = match (org, app, letter) {
        (Ok(o), Ok(a), Ok(l)) => (o, a, l),
        (o, a, l) => {
            let mut errs = o.err().unwrap_or_default();
            errs.extend(a.err().unwrap_or_default());
            errs.extend(l.err());
            return back(&errs);
        }
    };
    app.letter = letter;
    let txn = ctx.begin().await?;
    match applications::submit(&txn, &org, &app, ctx.locale()).await {
        Ok(_) => {}
        Err(StoreError::Invalid(errs)) => return back(&errs),
        Err(e) => return Err(ctx.err(e)),
    }
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(&ctx.shell.href("/"), Some("application-received")))
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    shell: Shell,
    i: I18n,
    form: FormState,
    slug: String,
    categories: Options,
    /// The category is the secretariat's to change; others see it, named.
    may_categorise: bool,
    category_name: String,
    countries: Options,
    langs: Options,
    other_locales: Vec<(String, String)>,
    /// Translation fields (`name_ko`…) made from an older base text.
    review: Vec<String>,
}

impl EditPage {
    fn working_languages(&self) -> Vec<(String, String, bool)> {
        language_choices(&self.i, &self.form)
    }

    fn needs_review(&self, field: &str, code: &str) -> bool {
        self.review.iter().any(|k| *k == format!("{field}_{code}"))
    }
}

fn edit_values(o: &members::Organisation) -> FormMap {
    let mut v = FormMap::new();
    let mut put = |k: &str, s: String| {
        v.insert(k.to_owned(), s);
    };
    put("version", o.version.to_string());
    put("slug", o.slug.clone());
    put("name", o.base_name.clone());
    put("lang", o.base_lang.code().to_owned());
    put("category", o.category.clone());
    put("country", o.country.clone());
    put("city", o.city.clone());
    put(
        "latitude",
        o.latitude.map(|x| x.to_string()).unwrap_or_default(),
    );
    put(
        "longitude",
        o.longitude.map(|x| x.to_string()).unwrap_or_default(),
    );
    put("website", o.website.clone());
    put("languages", o.languages.join(";"));
    put("description", o.base_description.clone());
    put("leader_name", o.private.leader_name.clone());
    put("leader_title", o.private.leader_title.clone());
    put("leader_email", o.private.leader_email.clone());
    put("focal_name", o.private.focal_name.clone());
    put("focal_email", o.private.focal_email.clone());
    put("focal_phone", o.private.focal_phone.clone());
    put("essglobal_activity", o.essglobal_activity.clone());
    put("essglobal_legal_form", o.essglobal_legal_form.clone());
    for (f, l, t, _) in &o.translations {
        put(&format!("{f}_{}", l.code()), t.clone());
    }
    v
}

fn review_keys(o: &members::Organisation) -> Vec<String> {
    o.translations
        .iter()
        .filter(|(_, _, _, status)| status == members::NEEDS_REVIEW)
        .map(|(f, l, _, _)| format!("{f}_{}", l.code()))
        .collect()
}

fn edit_page(
    ctx: &Ctx,
    vocab: &members::Vocabulary,
    o: &members::Organisation,
    form: FormState,
) -> EditPage {
    let slug = o.slug.as_str();
    let (categories, _, countries, langs) = options(ctx, vocab, &form);
    let base = pumasi_domain::languages::Lang::parse_or(form.v("lang"), Locale::En);
    let other_locales = Locale::ALL
        .iter()
        .filter(|l| **l != base)
        .map(|l| (l.code().to_owned(), l.endonym().to_owned()))
        .collect();
    EditPage {
        i: ctx.i(),
        shell: ctx.shell.clone(),
        form,
        slug: slug.to_owned(),
        may_categorise: ctx.can(Action::ChangeMemberStatus),
        category_name: categories
            .iter()
            .find(|c| c.0 == o.category)
            .map_or_else(|| o.category.clone(), |c| c.1.clone()),
        categories,
        countries,
        langs,
        other_locales,
        review: review_keys(o),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let o = members::by_slug(db, &slug, Locale::En)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.require_org_edit(&o)?;
    // Read again in the base language so the editor edits the original text.
    let o = members::by_slug(db, &slug, o.base_lang).await?;
    let vocab = members::vocabulary(db).await?;
    let page = edit_page(&ctx, &vocab, &o, FormState::new(edit_values(&o)));
    ctx.render(&page)
}

pub async fn edit(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<FormMap>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f)?;
    let db = &ctx.state.store.db;
    let o = members::by_slug(db, &slug, Locale::En)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.require_org_edit(&o)?;
    let vocab = members::vocabulary(db).await?;
    let (cats, cols) = vocab.codes();
    let mut raw = raw_org(&f);
    // Membership fields are not edited here; keep them so validation sees the real record.
    raw.class = o.class.code().to_owned();
    raw.status = o.status.code().to_owned();
    raw.college = o.college.map(|c| c.to_string()).unwrap_or_default();
    // So is the category, unless the secretariat edits (and then the change is in the history).
    if !ctx.can(Action::ChangeMemberStatus) {
        raw.category.clone_from(&o.category);
    }
    let mut values = f.clone();
    values.remove("_csrf");
    let i = ctx.i();
    let back = |errs: &[FieldError], status: StatusCode| -> Result<Response, PageError> {
        let page = edit_page(
            &ctx,
            &vocab,
            &o,
            FormState::with_errors(values.clone(), errs, i),
        );
        ctx.render_status(status, &page)
    };
    let input = match raw.validate(&Vocab {
        categories: &cats,
        colleges: &cols,
    }) {
        Ok(x) => x,
        Err(errs) => return back(&errs, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let version: i32 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let txn = ctx.begin().await?;
    let slug = match members::update_profile(&txn, o.id, version, &input, ctx.actor.account).await {
        Ok(()) => pumasi_store::slugs::current(&txn, pumasi_store::slugs::Kind::Organisation, o.id)
            .await
            .map_err(|e| ctx.err(e))?,
        Err(StoreError::Invalid(errs)) => return back(&errs, StatusCode::UNPROCESSABLE_ENTITY),
        Err(StoreError::Conflict(code)) => {
            return back(&[FieldError::new("form", code)], StatusCode::CONFLICT);
        }
        Err(e) => return Err(ctx.err(e)),
    };
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(&ctx.shell.href(&format!("/members/{slug}")), Some("saved")))
}

/// Reads a logo upload form: its text fields (the CSRF token) and the `logo` file's bytes, or
/// the Fluent id of what is wrong with it (too large, missing).
pub async fn read_logo_upload(
    mp: &mut axum::extract::Multipart,
    max: usize,
) -> (FormMap, Result<Vec<u8>, &'static str>) {
    let mut fields = FormMap::new();
    let mut file: Result<Vec<u8>, &'static str> = Err("error-required");
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                file = Err("error-logo-too-large");
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "logo" {
            file = match field.bytes().await {
                Ok(b) if b.len() > max => Err("error-logo-too-large"),
                Ok(b) if b.is_empty() => Err("error-required"),
                Ok(b) => Ok(b.to_vec()),
                Err(_) => Err("error-logo-too-large"),
            };
        } else if let Ok(t) = field.text().await {
            fields.insert(name, t);
        }
    }
    (fields, file)
}

/// A short tag naming an image's content, for ETags and cache-busting URLs.
#[must_use]
pub fn content_tag(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(bytes)[..12])
}

/// What a logo's first bytes say it is; anything else is refused whatever its name or type.
#[must_use]
pub fn sniff_image(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

pub async fn upload_logo(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let db = &ctx.state.store.db;
    let o = members::by_slug(db, &slug, Locale::En)
        .await
        .map_err(|e| ctx.err(e))?;
    ctx.require_org_edit(&o)?;
    let (fields, file) = read_logo_upload(&mut mp, ctx.state.config.logo_max_bytes).await;
    // An upload that could not be read changes nothing, so it may be answered before the CSRF
    // check (whose field may be what was cut off).
    if !matches!(file, Err("error-logo-too-large")) {
        ctx.check_csrf(&fields)?;
    }
    let o = members::by_slug(db, &slug, o.base_lang).await?;
    let vocab = members::vocabulary(db).await?;
    let result = file.and_then(|b| sniff_image(&b).map(|m| (m, b)).ok_or("error-logo-type"));
    let (mime, bytes) = match result {
        Ok(x) => x,
        Err(code) => {
            let page = edit_page(
                &ctx,
                &vocab,
                &o,
                FormState::with_errors(edit_values(&o), &[FieldError::new("logo", code)], ctx.i()),
            );
            return ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let etag = content_tag(&bytes);
    let txn = ctx.begin().await?;
    members::set_logo(&txn, o.id, mime, bytes, &etag, ctx.actor.account).await?;
    ctx.commit(txn).await?;
    ctx.state.changed().await;
    Ok(ctx.see_other(&ctx.shell.href(&format!("/members/{slug}")), Some("saved")))
}
