//! Setting an event up: tracks, rooms, speakers (with photos), registration types with fees,
//! custom questions, invitation codes, the people who hold roles in the event, and the
//! translations of the event's texts. One page with one small form per part; a form sent back
//! with errors shows its own values and messages, the others stay empty.

use super::Scoped;
use crate::auth::FormMap;
use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::{Ctx, FormState, Shell};
use askama::Template;
use axum::extract::{Multipart, Path, Query};
use axum::response::Response;
use pumasi_domain::FieldError;
use pumasi_domain::events::{EVENT_TRANSLATABLE, EventRole, QuestionKind};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{format_money_in, parse_money};
use pumasi_domain::policy::EventAction;
use pumasi_domain::types::{Email, Slug};
use pumasi_store::StoreError;
use pumasi_store::events::programme::{self, NewSpeaker, Programme};
use pumasi_store::events::registration::{
    self, Invitation, NewQuestion, NewType, QuestionView, RegistrationType,
};
use pumasi_store::events::{self, Event, setup};
use pumasi_store::{accounts, members};
use std::collections::HashMap;
use uuid::Uuid;

/// The parts of the setup page, each with its own form.
const PARTS: [&str; 10] = [
    "remove",
    "item-translation",
    "track",
    "room",
    "speaker",
    "type",
    "question",
    "invitation",
    "role",
    "translation",
];

#[derive(Template)]
#[template(path = "event_setup.html")]
struct SetupPage {
    shell: Shell,
    i: I18n,
    e: Event,
    p: Programme,
    types: Vec<(RegistrationType, String)>,
    questions: Vec<QuestionView>,
    invitations: Vec<(Invitation, String)>,
    roles: Vec<(Uuid, String, String, String, &'static str)>,
    forms: HashMap<&'static str, FormState>,
    kinds: Vec<(String, String, bool)>,
    role_options: Vec<(String, String, bool)>,
    type_options: Vec<(String, String, bool)>,
    translations: Vec<(String, String, String, String, bool)>,
    other_langs: Vec<(&'static str, String)>,
    /// What else takes translations: `(owner:field, label, selected)`.
    items: Vec<(String, String, bool)>,
    /// Their stored translations: `(label, language, text, needs review)`.
    item_translations: Vec<(String, String, String, bool)>,
    /// Member organisations a speaker may belong to, by name: `(slug, name)`.
    orgs: Vec<(String, String)>,
}

impl SetupPage {
    fn f(&self, part: &str) -> &FormState {
        static EMPTY: std::sync::OnceLock<FormState> = std::sync::OnceLock::new();
        self.forms
            .get(part)
            .unwrap_or_else(|| EMPTY.get_or_init(FormState::default))
    }
}

async fn page(
    ctx: &Ctx,
    s: &Scoped,
    part: Option<&'static str>,
    form: FormState,
) -> Result<SetupPage, PageError> {
    let db = &ctx.state.store.db;
    let i = ctx.i();
    let p = programme::programme(db, s.event.id, i.locale).await?;
    let types: Vec<(RegistrationType, String)> = registration::types(db, s.event.id, i.locale)
        .await?
        .into_iter()
        .map(|t| {
            let fee = if t.fee_minor > 0 {
                format_money_in(t.fee_minor, &t.currency, i.locale)
            } else {
                i.t("fee-free")
            };
            (t, fee)
        })
        .collect();
    let invitations = registration::invitations(db, s.event.id)
        .await?
        .into_iter()
        .map(|inv| {
            let t = inv
                .type_id
                .and_then(|id| types.iter().find(|(t, _)| t.id == id))
                .map(|(t, _)| t.name.text.clone())
                .unwrap_or_else(|| i.t("setup-any-type"));
            (inv, t)
        })
        .collect();
    let roles = events::role_holders(db, s.event.id)
        .await?
        .into_iter()
        .map(|(id, name, email, role)| {
            (
                id,
                name,
                email,
                i.t(&format!("event-role-{}", role.code())),
                role.code(),
            )
        })
        .collect();
    let (_, _, stored) = events::raw(db, s.event.id).await?;
    let translations = stored
        .into_iter()
        .map(|(field, l, text, review)| {
            (
                i.field_label(&field),
                field,
                i.t(&format!("language-{}", l.code())),
                text,
                review,
            )
        })
        .collect();
    let mut forms = HashMap::new();
    if let Some(part) = part {
        forms.insert(part, form);
    }
    let qf = forms.get("question").cloned().unwrap_or_default();
    let rf = forms.get("role").cloned().unwrap_or_default();
    let inf = forms.get("invitation").cloned().unwrap_or_default();
    let itf = forms.get("item-translation").cloned().unwrap_or_default();
    let questions = registration::questions(db, s.event.id, i.locale).await?;
    let named = |key: &str, name: &str| i.ts(key, name);
    let mut items: Vec<(Uuid, &'static str, String)> = Vec::new();
    items.extend(
        p.tracks
            .iter()
            .map(|t| (t.id, "name", named("setup-item-track", &t.name.text))),
    );
    items.extend(
        types
            .iter()
            .map(|(t, _)| (t.id, "name", named("setup-item-type", &t.name.text))),
    );
    for q in &questions {
        items.push((q.id, "label", named("setup-item-label", &q.label.text)));
        if !q.options.is_empty() {
            items.push((q.id, "options", named("setup-item-options", &q.label.text)));
        }
    }
    items.extend(
        p.speakers
            .iter()
            .map(|sp| (sp.id, "bio", named("setup-item-bio", &sp.name))),
    );
    let owners: Vec<Uuid> = items.iter().map(|(o, _, _)| *o).collect();
    let stored = pumasi_store::texts::load(db, &owners).await?;
    let mut seen = Vec::new();
    let mut item_translations = Vec::new();
    for owner in owners {
        if seen.contains(&owner) {
            continue;
        }
        seen.push(owner);
        for (field, l, text, review) in stored.of(owner) {
            if let Some((_, _, label)) = items.iter().find(|(o, f, _)| *o == owner && *f == field) {
                item_translations.push((
                    label.clone(),
                    i.t(&format!("language-{}", l.code())),
                    text,
                    review,
                ));
            }
        }
    }
    let orgs = members::choices(&ctx.state.store.db, ctx.locale()).await?;
    Ok(SetupPage {
        orgs,
        kinds: QuestionKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_owned(),
                    i.t(&format!("question-kind-{}", k.code())),
                    qf.selected("kind", k.code()),
                )
            })
            .collect(),
        role_options: EventRole::ALL
            .iter()
            .map(|r| {
                (
                    r.code().to_owned(),
                    i.t(&format!("event-role-{}", r.code())),
                    rf.selected("role", r.code()),
                )
            })
            .collect(),
        type_options: types
            .iter()
            .map(|(t, _)| {
                let id = t.id.to_string();
                let sel = inf.selected("type", &id);
                (id, t.name.text.clone(), sel)
            })
            .collect(),
        other_langs: Locale::ALL
            .iter()
            .filter(|l| **l != s.event.base_lang)
            .map(|l| (l.code(), i.t(&format!("language-{}", l.code()))))
            .collect(),
        items: items
            .into_iter()
            .map(|(o, f, label)| {
                let v = format!("{o}:{f}");
                let sel = itf.selected("item", &v);
                (v, label, sel)
            })
            .collect(),
        item_translations,
        questions,
        translations,
        invitations,
        roles,
        types,
        forms,
        p,
        e: s.event.clone(),
        shell: ctx.shell.clone(),
        i,
    })
}

/// `GET /{locale}/events/{slug}/setup` (organisers).
///
/// # Errors
/// `Forbidden` for anyone else.
pub async fn show(
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<SetupQuery>,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let (part, form) = match q.edit.as_deref() {
        None | Some("") => (None, FormState::default()),
        Some(item) => {
            let item = Uuid::parse_str(item).map_err(|_| ctx.err(AppError::NotFound))?;
            let (part, values) = edit_values(&ctx, &s, item).await?;
            (Some(part), FormState::new(values))
        }
    };
    let page = page(&ctx, &s, part, form).await?;
    ctx.render(&page)
}

#[derive(Debug, serde::Deserialize)]
pub struct SetupQuery {
    /// The track, room, speaker, type or question whose form is filled in for editing.
    edit: Option<String>,
}

/// The stored values of the track, room, speaker, type or question `item`, as its form shows
/// them.
async fn edit_values(
    ctx: &Ctx,
    s: &Scoped,
    item: Uuid,
) -> Result<(&'static str, HashMap<String, String>), PageError> {
    let db = &ctx.state.store.db;
    let p = programme::programme(db, s.event.id, s.event.base_lang).await?;
    let mut v = HashMap::from([("id".to_owned(), item.to_string())]);
    let part = if let Some(t) = p.tracks.iter().find(|t| t.id == item) {
        v.insert("name".into(), t.name.text.clone());
        v.insert("code".into(), t.code.clone());
        "track"
    } else if let Some(r) = p.rooms.iter().find(|r| r.id == item) {
        v.insert("name".into(), r.name.clone());
        v.insert("code".into(), r.code.clone());
        v.insert(
            "capacity".into(),
            r.capacity.map(|c| c.to_string()).unwrap_or_default(),
        );
        "room"
    } else if let Some(sp) = p.speakers.iter().find(|sp| sp.id == item) {
        v.insert("name".into(), sp.name.clone());
        v.insert("code".into(), sp.code.clone());
        v.insert(
            "organisation".into(),
            sp.organisation_slug.clone().unwrap_or_default(),
        );
        v.insert("organisation_name".into(), sp.organisation_typed.clone());
        v.insert("bio".into(), sp.bio.text.clone());
        "speaker"
    } else if let Some(t) = registration::types(db, s.event.id, s.event.base_lang)
        .await?
        .into_iter()
        .find(|t| t.id == item)
    {
        v.insert("name".into(), t.name.text);
        v.insert("code".into(), t.code);
        if t.fee_minor > 0 {
            let fee = pumasi_domain::members::format_money(t.fee_minor, &t.currency);
            v.insert(
                "fee".into(),
                fee.trim_end_matches(t.currency.as_str()).trim().to_owned(),
            );
        }
        v.insert("currency".into(), t.currency);
        for (k, on) in [
            ("members_only", t.members_only),
            ("requires_code", t.requires_code),
        ] {
            if on {
                v.insert(k.into(), "on".into());
            }
        }
        "type"
    } else if let Some(q) = registration::questions(db, s.event.id, s.event.base_lang)
        .await?
        .into_iter()
        .find(|q| q.id == item)
    {
        v.insert("label".into(), q.label.text);
        v.insert("code".into(), q.code);
        v.insert("kind".into(), q.kind.code().to_owned());
        v.insert("options".into(), q.options.join("\n"));
        if q.required {
            v.insert("required".into(), "on".into());
        }
        "question"
    } else {
        return Err(ctx.err(AppError::NotFound));
    };
    Ok((part, v))
}

/// The item a form edits (its hidden `id`), or `None` when it adds one.
fn editing(f: &FormMap) -> Result<Option<Uuid>, StoreError> {
    match f.get("id").map_or("", |v| v.trim()) {
        "" => Ok(None),
        v => Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| StoreError::NotFound),
    }
}

/// The code typed, or one made from the name (in any script) when none was: people name a
/// track, a room, a registration type or a question; the code is for feeds and exports.
fn code_or_name(f: &FormMap, name_field: &str) -> String {
    match f.get("code").map_or("", |c| c.trim()) {
        "" => match f.get(name_field).map_or("", |n| n.trim()) {
            "" => String::new(),
            name => Slug::from_name(name).as_str().to_owned(),
        },
        c => c.to_owned(),
    }
}

fn checked(f: &FormMap, k: &str) -> bool {
    matches!(f.get(k).map(String::as_str), Some("on" | "true" | "1"))
}

/// Performs one part's form; the store's errors come back as that form's errors.
async fn apply(
    ctx: &Ctx,
    s: &Scoped,
    part: &str,
    f: &FormMap,
    photo: Option<(String, Vec<u8>)>,
) -> Result<(), StoreError> {
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    let id = s.event.id;
    let txn = ctx.state.store.begin_write().await?;
    // A code made from the name of something new is made unique in the event with a suffix,
    // like a web address (`plenary-2`); a typed code that is taken is still refused on its field.
    let typed = f.get("code").is_some_and(|c| !c.trim().is_empty());
    let taken: Vec<String> = if typed || editing(f)?.is_some() {
        Vec::new()
    } else {
        match part {
            "track" | "room" | "speaker" => {
                let p = programme::programme(&txn, id, s.event.base_lang).await?;
                match part {
                    "track" => p.tracks.into_iter().map(|t| t.code).collect(),
                    "room" => p.rooms.into_iter().map(|r| r.code).collect(),
                    _ => p.speakers.into_iter().map(|x| x.code).collect(),
                }
            }
            "type" => registration::types(&txn, id, s.event.base_lang)
                .await?
                .into_iter()
                .map(|t| t.code)
                .collect(),
            "question" => registration::questions(&txn, id, s.event.base_lang)
                .await?
                .into_iter()
                .map(|q| q.code)
                .collect(),
            _ => Vec::new(),
        }
    };
    let code_or_name = |f: &FormMap, name_field: &str| -> String {
        let code = code_or_name(f, name_field);
        if !taken.contains(&code) {
            return code;
        }
        let base = Slug::from_name(&code);
        (2..)
            .map(|n| base.with_suffix(n).as_str().to_owned())
            .find(|c| !taken.contains(c))
            .unwrap_or(code)
    };
    match part {
        "track" => match editing(f)? {
            Some(item) => {
                programme::update_track(&txn, id, item, &code_or_name(f, "name"), &g("name"))
                    .await?;
            }
            None => {
                programme::add_track(&txn, id, &code_or_name(f, "name"), &g("name"), &[]).await?;
            }
        },
        "room" => {
            let cap = pumasi_domain::events::parse_capacity(&g("capacity"))
                .map_err(|e| StoreError::invalid("capacity", e))?;
            match editing(f)? {
                Some(item) => {
                    programme::update_room(
                        &txn,
                        id,
                        item,
                        &code_or_name(f, "name"),
                        &g("name"),
                        cap,
                    )
                    .await?;
                }
                None => {
                    programme::add_room(&txn, id, &code_or_name(f, "name"), &g("name"), cap)
                        .await?;
                }
            }
        }
        "speaker" => {
            let organisation = match g("organisation").trim() {
                "" => None,
                slug => Some(
                    members::by_slug(&txn, slug, Locale::En)
                        .await
                        .map_err(|_| StoreError::invalid("organisation", "error-choice-invalid"))?
                        .id,
                ),
            };
            let code = code_or_name(f, "name");
            let new = NewSpeaker {
                code,
                name: g("name"),
                organisation,
                organisation_name: g("organisation_name"),
                bio: g("bio"),
                lang: Some(s.event.base_lang),
                account: None,
                translations: Vec::new(),
            };
            let sid = match editing(f)? {
                Some(item) => {
                    programme::update_speaker(&txn, id, item, &new).await?;
                    item
                }
                None => programme::add_speaker(&txn, id, &new).await?,
            };
            if let Some((ct, bytes)) = photo {
                programme::set_speaker_photo(&txn, sid, &ct, bytes).await?;
            }
        }
        "type" => {
            let currency = g("currency").trim().to_ascii_uppercase();
            let fee = if g("fee").trim().is_empty() {
                0
            } else {
                parse_money(&g("fee"), &currency)
                    .ok_or(StoreError::invalid("fee", "error-amount-invalid"))?
            };
            let t = NewType {
                code: code_or_name(f, "name"),
                name: g("name"),
                fee_minor: fee,
                currency,
                members_only: checked(f, "members_only"),
                requires_code: checked(f, "requires_code"),
                translations: Vec::new(),
            };
            match editing(f)? {
                Some(item) => registration::update_type(&txn, id, item, &t).await?,
                None => {
                    registration::add_type(&txn, id, &t).await?;
                }
            }
        }
        "question" => {
            let kind = QuestionKind::parse(&g("kind"))
                .ok_or(StoreError::invalid("kind", "error-choice-invalid"))?;
            let options = g("options")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let q = NewQuestion {
                code: code_or_name(f, "label"),
                kind,
                label: g("label"),
                options,
                required: checked(f, "required"),
                translations: Vec::new(),
            };
            match editing(f)? {
                Some(item) => registration::update_question(&txn, id, item, &q).await?,
                None => {
                    registration::add_question(&txn, id, &q).await?;
                }
            }
        }
        "invitation" => {
            let type_id = match g("type").trim() {
                "" => None,
                t => Some(
                    Uuid::parse_str(t)
                        .map_err(|_| StoreError::invalid("type", "error-choice-invalid"))?,
                ),
            };
            let uses = g("max_uses")
                .trim()
                .parse::<i32>()
                .map_err(|_| StoreError::invalid("max_uses", "error-capacity-invalid"))?;
            registration::add_invitation(&txn, id, &g("code"), type_id, uses, &g("note")).await?;
        }
        "role" => {
            let role = EventRole::parse(&g("role"))
                .ok_or(StoreError::invalid("role", "error-choice-invalid"))?;
            if g("revoke").is_empty() {
                let email =
                    Email::parse(&g("email")).map_err(|e| StoreError::invalid("email", e))?;
                let acc = accounts::by_email(&txn, &email)
                    .await?
                    .ok_or(StoreError::invalid("email", "error-no-such-account"))?;
                events::grant(&txn, id, acc.id, role, ctx.actor.account).await?;
            } else {
                let acc = Uuid::parse_str(&g("revoke"))
                    .map_err(|_| StoreError::invalid("role", "error-choice-invalid"))?;
                events::revoke(&txn, id, acc, role, ctx.actor.account).await?;
            }
        }
        "remove" => {
            let part = setup::Part::parse(&g("kind"))
                .ok_or(StoreError::invalid("kind", "error-choice-invalid"))?;
            let item = Uuid::parse_str(g("id").trim()).map_err(|_| StoreError::NotFound)?;
            setup::remove(&txn, id, part, item, ctx.actor.account).await?;
        }
        "item-translation" => {
            let item = g("item");
            let (owner, field) = item
                .split_once(':')
                .and_then(|(o, f)| Some((Uuid::parse_str(o).ok()?, f)))
                .ok_or(StoreError::invalid("item", "error-choice-invalid"))?;
            // This form's language and text fields are `f-ilang` and `f-itext` on the page (the
            // event's own translation form has `f-lang` and `f-text`).
            let renamed = |e: StoreError| match e {
                StoreError::Invalid(errs) => StoreError::Invalid(
                    errs.into_iter()
                        .map(|mut e| {
                            if e.field == "lang" || e.field == "text" {
                                e.field = format!("i{}", e.field);
                            }
                            e
                        })
                        .collect(),
                ),
                e => e,
            };
            let l = Locale::parse(&g("lang"))
                .ok_or(StoreError::invalid("ilang", "error-language-invalid"))?;
            setup::translate(&txn, id, owner, field, l, &g("text"))
                .await
                .map_err(renamed)?;
        }
        "translation" => {
            let field = g("field");
            if !EVENT_TRANSLATABLE.contains(&field.as_str()) {
                return Err(StoreError::invalid("field", "error-choice-invalid"));
            }
            let l = Locale::parse(&g("lang"))
                .filter(|l| *l != s.event.base_lang)
                .ok_or(StoreError::invalid("lang", "error-language-invalid"))?;
            events::set_translation(&txn, id, &field, l, &g("text")).await?;
        }
        _ => return Err(StoreError::NotFound),
    }
    txn.commit().await?;
    Ok(())
}

/// `POST /{locale}/events/{slug}/setup/{part}`: one part's form (multipart for the speaker's
/// photo, urlencoded otherwise).
///
/// # Errors
/// `Forbidden`; the page with the part's field errors.
pub async fn save(
    ctx: Ctx,
    Path((_, slug, part)): Path<(String, String, String)>,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let s = Scoped::load(&ctx, &slug).await?;
    s.require(&ctx, EventAction::Edit)?;
    let Some(part) = PARTS.iter().copied().find(|p| *p == part) else {
        return Err(ctx.err(AppError::NotFound));
    };
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (f, photo, photo_error) = if multipart {
        read_multipart(&ctx, req).await?
    } else {
        let axum::Form(f) = axum::Form::<FormMap>::from_request(req, &())
            .await
            .map_err(|_| {
                ctx.err(AppError::Invalid(vec![FieldError::new(
                    "form",
                    "error-invalid",
                )]))
            })?;
        (f, None, None)
    };
    ctx.check_csrf(&f)?;
    // A removal's outcome is shown in the section of the list it was removed from.
    let shown = if part == "remove" {
        let kind = f.get("kind").map_or("", String::as_str);
        PARTS
            .iter()
            .copied()
            .find(|p| *p == kind && setup::Part::parse(p).is_some())
            .unwrap_or("track")
    } else {
        part
    };
    let result = match photo_error {
        Some(code) => Err(StoreError::invalid("photo", code)),
        None => apply(&ctx, &s, part, &f, photo).await,
    };
    match result {
        Ok(()) => {
            ctx.state.changed().await;
            Ok(ctx.see_other(
                &format!("/{}/events/{slug}/setup#{shown}", ctx.shell.i.code()),
                Some("saved"),
            ))
        }
        Err(e) => {
            // A refused removal shows its message in the list's section; the section's form
            // stays empty (the removed item's id must not turn it into an edit of that item).
            let typed = if part == "remove" { FormMap::new() } else { f };
            let (form, status) = ctx.form_failure(e, &typed)?;
            let page = page(&ctx, &s, Some(shown), form).await?;
            ctx.render_status(status, &page)
        }
    }
}

use axum::extract::FromRequest;

/// Largest speaker photo accepted.
pub const PHOTO_MAX: usize = 2 * 1024 * 1024;

async fn read_multipart(
    ctx: &Ctx,
    req: axum::extract::Request,
) -> Result<(FormMap, Option<(String, Vec<u8>)>, Option<&'static str>), PageError> {
    let mut mp = Multipart::from_request(req, &()).await.map_err(|_| {
        ctx.err(AppError::Invalid(vec![FieldError::new(
            "form",
            "error-invalid",
        )]))
    })?;
    let mut f = FormMap::new();
    let mut photo = None;
    let mut error = None;
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_owned();
        if name == "photo" {
            // A body over the route's limit fails here: say so rather than drop the photo.
            let Ok(bytes) = field.bytes().await else {
                error = Some("error-photo-too-large");
                break;
            };
            if bytes.is_empty() {
                continue;
            }
            if bytes.len() > PHOTO_MAX {
                error = Some("error-photo-too-large");
                continue;
            }
            match crate::members::sniff_image(&bytes) {
                Some(ct) => photo = Some((ct.to_owned(), bytes.to_vec())),
                None => error = Some("error-photo-type"),
            }
        } else {
            let text = field.text().await.unwrap_or_default();
            f.insert(name, text);
        }
    }
    Ok((f, photo, error))
}
