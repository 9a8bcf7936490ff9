//! Declarations: versioned texts (adopting a version freezes it; translations are stored under
//! the version's id and marked "needs review" when a new version replaces the text), and
//! institutional signatures — given by an organisation's representative, verified by the
//! secretariat before they appear, withdrawn with a date and a reason but never deleted.
//! Historical signatories that are not (yet) members are recorded by the secretariat with the
//! source of the fact.

use crate::entities::{
    gov_declaration as decl, gov_declaration_version as version, gov_signature as sig,
    organisation as org,
};
use crate::slugs;
use crate::{Result, StoreError, audit, now, outbox, texts};
use chrono::NaiveDate;
use pumasi_domain::governance::declaration::{
    DeclarationInput, SignatoryKind, SignatureInput, SignatureStatus,
};
use pumasi_domain::locale::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

pub const ACTIVE: &str = "active";
/// Scanned signature images: PNG or JPEG up to this size.
pub const IMAGE_MAX: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct Declaration {
    pub id: Uuid,
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_city: String,
    /// The meeting that adopted it, when it was recorded.
    pub adopted_meeting: Option<Uuid>,
    pub fictional_text: bool,
    pub current_version: i32,
    /// How the translated title is shown, once localised for a reader.
    #[serde(skip)]
    pub shown: super::translations::Shown,
}

#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub id: Uuid,
    pub number: i32,
    pub lang: String,
    pub text: String,
    pub frozen: bool,
    pub adopted_on: Option<NaiveDate>,
}

fn decl_of(m: decl::Model) -> Declaration {
    Declaration {
        id: m.id,
        slug: m.slug,
        lang: m.lang,
        title: m.title,
        adopted_on: m.adopted_on,
        adopted_city: m.adopted_city,
        adopted_meeting: m.adopted_meeting_id,
        fictional_text: m.fictional_text,
        current_version: m.current_version,
        shown: super::translations::Shown::default(),
    }
}

async fn changed(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    outbox::push(
        c,
        "governance.declaration",
        &serde_json::json!({ "declaration": id }),
    )
    .await?;
    Ok(())
}

/// Creates a declaration with its first version. With an adoption date the version is adopted
/// (frozen) at once, as for a historical declaration.
///
/// # Errors
/// `Conflict("error-slug-taken")`.
pub async fn create(
    c: &impl ConnectionTrait,
    input: &DeclarationInput,
    fictional_text: bool,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let slug = slugs::for_new(
        c,
        slugs::Kind::Declaration,
        &input.slug,
        input.slug_generated,
    )
    .await?;
    decl::Entity::insert(decl::ActiveModel {
        id: Set(id),
        slug: Set(slug.as_str().to_owned()),
        lang: Set(input.lang.code().to_owned()),
        title: Set(input.title.clone()),
        adopted_on: Set(input.adopted_on),
        adopted_city: Set(input.adopted_city.clone()),
        adopted_meeting_id: Set(None),
        fictional_text: Set(fictional_text),
        current_version: Set(1),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-slug-taken"))?;
    version::Entity::insert(version::ActiveModel {
        id: Set(Uuid::now_v7()),
        declaration_id: Set(id),
        number: Set(1),
        lang: Set(input.lang.code().to_owned()),
        text: Set(input.text.clone()),
        frozen: Set(input.adopted_on.is_some()),
        adopted_on: Set(input.adopted_on),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "governance.declaration",
        "gov_declaration",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "slug": slug.as_str(), "title": input.title })),
    )
    .await?;
    changed(c, id).await?;
    Ok(id)
}

/// # Errors
/// Database errors.
pub async fn list(c: &impl ConnectionTrait) -> Result<Vec<Declaration>> {
    Ok(decl::Entity::find()
        .order_by_asc(decl::Column::AdoptedOn)
        .all(c)
        .await?
        .into_iter()
        .map(decl_of)
        .collect())
}

/// # Errors
/// `NotFound`.
pub async fn by_slug(c: &impl ConnectionTrait, slug: &str) -> Result<Declaration> {
    decl::Entity::find()
        .filter(decl::Column::Slug.eq(slug))
        .one(c)
        .await?
        .map(decl_of)
        .ok_or(StoreError::NotFound)
}

/// Every version, oldest first.
///
/// # Errors
/// Database errors.
pub async fn versions(c: &impl ConnectionTrait, id: Uuid) -> Result<Vec<Version>> {
    Ok(version::Entity::find()
        .filter(version::Column::DeclarationId.eq(id))
        .order_by_asc(version::Column::Number)
        .all(c)
        .await?
        .into_iter()
        .map(|v| Version {
            id: v.id,
            number: v.number,
            lang: v.lang,
            text: v.text,
            frozen: v.frozen,
            adopted_on: v.adopted_on,
        })
        .collect())
}

/// Changes the text: the current version when it is not adopted yet, otherwise a new version
/// (the adopted one stays as it was). Translations of the replaced text are marked "needs
/// review" on the new version.
///
/// # Errors
/// `NotFound`.
pub async fn revise(
    c: &impl ConnectionTrait,
    id: Uuid,
    text: &str,
    actor: Option<Uuid>,
) -> Result<i32> {
    let d = decl::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let all = versions(c, id).await?;
    let cur = all
        .iter()
        .find(|v| v.number == d.current_version)
        .ok_or(StoreError::NotFound)?;
    let number = if cur.frozen {
        let n = cur.number + 1;
        let vid = Uuid::now_v7();
        version::Entity::insert(version::ActiveModel {
            id: Set(vid),
            declaration_id: Set(id),
            number: Set(n),
            lang: Set(cur.lang.clone()),
            text: Set(text.to_owned()),
            frozen: Set(false),
            adopted_on: Set(None),
            created_at: Set(now()),
        })
        .exec_without_returning(c)
        .await?;
        // The old translations start the new version, to be reviewed.
        let old = texts::load(c, &[cur.id]).await?;
        for (field, l, t, _) in old.of(cur.id) {
            texts::put(c, vid, &field, l, &t).await?;
        }
        texts::base_changed(c, vid, "text").await?;
        decl::Entity::update_many()
            .col_expr(decl::Column::CurrentVersion, Expr::value(n))
            .filter(decl::Column::Id.eq(id))
            .exec(c)
            .await?;
        n
    } else {
        version::Entity::update_many()
            .col_expr(version::Column::Text, Expr::value(text.to_owned()))
            .filter(version::Column::Id.eq(cur.id))
            .exec(c)
            .await?;
        texts::base_changed(c, cur.id, "text").await?;
        cur.number
    };
    audit::record(
        c,
        actor,
        "governance.declaration_revise",
        "gov_declaration",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "version": number })),
    )
    .await?;
    changed(c, id).await?;
    Ok(number)
}

/// Adopts the current version (at `meeting`, when given): it is frozen from then on.
///
/// # Errors
/// `Conflict("error-already-adopted")`.
pub async fn adopt(
    c: &impl ConnectionTrait,
    id: Uuid,
    on: NaiveDate,
    city: &str,
    meeting: Option<Uuid>,
    actor: Option<Uuid>,
) -> Result<()> {
    let d = decl::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let res = version::Entity::update_many()
        .col_expr(version::Column::Frozen, Expr::value(true))
        .col_expr(version::Column::AdoptedOn, Expr::value(Some(on)))
        .filter(version::Column::DeclarationId.eq(id))
        .filter(version::Column::Number.eq(d.current_version))
        .filter(version::Column::Frozen.eq(false))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-already-adopted"));
    }
    decl::Entity::update_many()
        .col_expr(decl::Column::AdoptedOn, Expr::value(Some(on)))
        .col_expr(decl::Column::AdoptedCity, Expr::value(city.to_owned()))
        .col_expr(decl::Column::AdoptedMeetingId, Expr::value(meeting))
        .filter(decl::Column::Id.eq(id))
        .exec(c)
        .await?;
    audit::record(
        c,
        actor,
        "governance.declaration_adopt",
        "gov_declaration",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "version": d.current_version, "on": on, "city": city })),
    )
    .await?;
    changed(c, id).await
}

/// Saves the translation of a version's text (an adopted version's translations can still be
/// added and corrected: the adopted text itself is what is frozen).
///
/// # Errors
/// `NotFound`.
pub async fn translate(
    c: &impl ConnectionTrait,
    version_id: Uuid,
    locale: Locale,
    text: &str,
) -> Result<()> {
    let v = version::Entity::find_by_id(version_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    texts::put(c, v.id, "text", locale, text).await?;
    changed(c, v.declaration_id).await
}

/// A signature as shown.
#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub id: Uuid,
    pub organisation: Option<(Uuid, String)>,
    pub name: String,
    pub kind: SignatoryKind,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_on: Option<NaiveDate>,
    pub status: SignatureStatus,
    pub source: String,
    pub has_image: bool,
    pub withdrawn_on: Option<NaiveDate>,
    pub withdrawal_reason: String,
}

fn kind_of_category(category: &str) -> SignatoryKind {
    if category == "local_government" {
        SignatoryKind::LocalGovernment
    } else {
        SignatoryKind::Organisation
    }
}

/// An organisation signs through its representative. The signature waits for the
/// secretariat's verification.
///
/// # Errors
/// `Conflict("error-already-signed")` when the organisation has a pending or verified
/// signature; `Conflict("error-not-adopted")` before the declaration is adopted;
/// `Invalid("image")` for an image that is not PNG or JPEG or is too large.
pub async fn sign(
    c: &impl ConnectionTrait,
    declaration_id: Uuid,
    organisation_id: Uuid,
    input: &SignatureInput,
    image: Option<&[u8]>,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let d = decl::Entity::find_by_id(declaration_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    if d.adopted_on.is_none() {
        return Err(StoreError::Conflict("error-not-adopted"));
    }
    let o = org::Entity::find_by_id(organisation_id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    let image_type = match image {
        None => None,
        Some(b) if b.len() > IMAGE_MAX => {
            return Err(StoreError::invalid("image", "error-file-too-large"));
        }
        Some(b) if b.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        Some([0xFF, 0xD8, 0xFF, ..]) => Some("image/jpeg"),
        Some(_) => return Err(StoreError::invalid("image", "error-image-type")),
    };
    let id = Uuid::now_v7();
    sig::Entity::insert(sig::ActiveModel {
        id: Set(id),
        declaration_id: Set(declaration_id),
        organisation_id: Set(Some(o.id)),
        org_name: Set(o.name.clone()),
        kind: Set(kind_of_category(&o.category).code().to_owned()),
        country: Set(o.country.clone()),
        signer_name: Set(input.signer_name.clone()),
        signer_title: Set(input.signer_title.clone()),
        signed_on: Set(Some(input.signed_on)),
        status: Set(SignatureStatus::Pending.code().to_owned()),
        slot: Set(ACTIVE.to_owned()),
        source: Set(String::new()),
        image: Set(image.map(<[u8]>::to_vec)),
        image_type: Set(image_type.map(str::to_owned)),
        verified_by: Set(None),
        verified_at: Set(None),
        withdrawn_on: Set(None),
        withdrawal_reason: Set(String::new()),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-already-signed"))?;
    audit::record(
        c,
        actor,
        "governance.sign",
        "gov_signature",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "declaration": d.slug, "organisation": o.slug })),
    )
    .await?;
    Ok(id)
}

/// A signatory known from a public source.
#[derive(Debug, Clone)]
pub struct Historical {
    /// The member it is, when it is one.
    pub organisation: Option<Uuid>,
    pub name: String,
    pub kind: SignatoryKind,
    pub country: String,
    pub signed_on: Option<NaiveDate>,
    pub source: String,
}

/// The secretariat records a historical signatory from a public source (verified at once).
///
/// # Errors
/// Database errors.
pub async fn record_historical(
    c: &impl ConnectionTrait,
    declaration_id: Uuid,
    h: &Historical,
    actor: Option<Uuid>,
) -> Result<Uuid> {
    let Historical {
        organisation,
        name,
        kind,
        country,
        signed_on,
        source,
    } = h;
    let (name, kind, signed_on) = (name.as_str(), *kind, *signed_on);
    let id = Uuid::now_v7();
    let member = match organisation {
        Some(o) => org::Entity::find_by_id(*o).one(c).await?,
        None => None,
    };
    sig::Entity::insert(sig::ActiveModel {
        id: Set(id),
        declaration_id: Set(declaration_id),
        organisation_id: Set(member.as_ref().map(|o| o.id)),
        org_name: Set(name.to_owned()),
        kind: Set(kind.code().to_owned()),
        country: Set(country.clone()),
        signer_name: Set(String::new()),
        signer_title: Set(String::new()),
        signed_on: Set(signed_on),
        status: Set(SignatureStatus::Verified.code().to_owned()),
        slot: Set(if member.is_some() {
            ACTIVE.to_owned()
        } else {
            id.to_string()
        }),
        source: Set(source.clone()),
        image: Set(None),
        image_type: Set(None),
        verified_by: Set(actor),
        verified_at: Set(Some(now())),
        withdrawn_on: Set(None),
        withdrawal_reason: Set(String::new()),
        created_by: Set(actor),
        created_at: Set(now()),
    })
    .exec_without_returning(c)
    .await
    .map_err(|e| StoreError::unique_as(e, "error-already-signed"))?;
    changed(c, declaration_id).await?;
    Ok(id)
}

async fn signature_row(c: &impl ConnectionTrait, id: Uuid) -> Result<sig::Model> {
    sig::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The secretariat verifies (or rejects) a pending signature.
///
/// # Errors
/// `Conflict("error-signature-not-pending")`.
pub async fn verify(
    c: &impl ConnectionTrait,
    id: Uuid,
    accept: bool,
    actor: Option<Uuid>,
) -> Result<()> {
    let s = signature_row(c, id).await?;
    let (status, slot) = if accept {
        (SignatureStatus::Verified, ACTIVE.to_owned())
    } else {
        (SignatureStatus::Rejected, id.to_string())
    };
    let res = sig::Entity::update_many()
        .col_expr(sig::Column::Status, Expr::value(status.code()))
        .col_expr(sig::Column::Slot, Expr::value(slot))
        .col_expr(sig::Column::VerifiedBy, Expr::value(actor))
        .col_expr(sig::Column::VerifiedAt, Expr::value(Some(now())))
        .filter(sig::Column::Id.eq(id))
        .filter(sig::Column::Status.eq(SignatureStatus::Pending.code()))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-signature-not-pending"));
    }
    audit::record(
        c,
        actor,
        "governance.signature_verify",
        "gov_signature",
        &id.to_string(),
        Some(&serde_json::json!({ "status": s.status })),
        Some(&serde_json::json!({ "status": status })),
    )
    .await?;
    changed(c, s.declaration_id).await
}

/// Withdraws a signature (recorded with its date and reason; the row stays).
///
/// # Errors
/// `Conflict("error-signature-not-active")` for a rejected or already withdrawn signature.
pub async fn withdraw(
    c: &impl ConnectionTrait,
    id: Uuid,
    on: NaiveDate,
    reason: &str,
    actor: Option<Uuid>,
) -> Result<()> {
    let s = signature_row(c, id).await?;
    let res = sig::Entity::update_many()
        .col_expr(
            sig::Column::Status,
            Expr::value(SignatureStatus::Withdrawn.code()),
        )
        .col_expr(sig::Column::Slot, Expr::value(id.to_string()))
        .col_expr(sig::Column::WithdrawnOn, Expr::value(Some(on)))
        .col_expr(
            sig::Column::WithdrawalReason,
            Expr::value(reason.to_owned()),
        )
        .filter(sig::Column::Id.eq(id))
        .filter(sig::Column::Status.is_in([
            SignatureStatus::Pending.code(),
            SignatureStatus::Verified.code(),
        ]))
        .exec(c)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict("error-signature-not-active"));
    }
    audit::record(
        c,
        actor,
        "governance.signature_withdraw",
        "gov_signature",
        &id.to_string(),
        Some(&serde_json::json!({ "status": s.status })),
        Some(&serde_json::json!({ "withdrawn_on": on, "reason": reason })),
    )
    .await?;
    changed(c, s.declaration_id).await
}

/// The organisation a signature belongs to, for permission checks.
///
/// # Errors
/// `NotFound`.
pub async fn signature_owner(c: &impl ConnectionTrait, id: Uuid) -> Result<(Uuid, Option<Uuid>)> {
    let s = signature_row(c, id).await?;
    Ok((s.declaration_id, s.organisation_id))
}

/// The signature image of a verified signature.
///
/// # Errors
/// `NotFound`.
pub async fn image(c: &impl ConnectionTrait, id: Uuid) -> Result<(Vec<u8>, String)> {
    let s = signature_row(c, id).await?;
    match (s.image, s.image_type) {
        (Some(b), Some(t)) if s.status == SignatureStatus::Verified.code() => Ok((b, t)),
        _ => Err(StoreError::NotFound),
    }
}

/// Every signature of a declaration (all statuses; callers choose what to show), by date.
///
/// # Errors
/// Database errors.
pub async fn signatures(c: &impl ConnectionTrait, declaration_id: Uuid) -> Result<Vec<Signature>> {
    let rows = sig::Entity::find()
        .filter(sig::Column::DeclarationId.eq(declaration_id))
        .order_by_asc(sig::Column::SignedOn)
        .order_by_asc(sig::Column::OrgName)
        .all(c)
        .await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|s| s.organisation_id).collect();
    let orgs = crate::by_ids_or_all::<org::Entity>(c, org::Column::Id, Some(&ids)).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let o = s
                .organisation_id
                .and_then(|id| orgs.iter().find(|o| o.id == id));
            Signature {
                id: s.id,
                organisation: o.map(|o| (o.id, o.slug.clone())),
                latitude: o.and_then(|o| o.latitude),
                longitude: o.and_then(|o| o.longitude),
                name: s.org_name,
                kind: SignatoryKind::parse(&s.kind).unwrap_or(SignatoryKind::Organisation),
                country: s.country,
                signer_name: s.signer_name,
                signer_title: s.signer_title,
                signed_on: s.signed_on,
                status: SignatureStatus::parse(&s.status).unwrap_or(SignatureStatus::Pending),
                source: s.source,
                has_image: s.image.is_some(),
                withdrawn_on: s.withdrawn_on,
                withdrawal_reason: s.withdrawal_reason,
            }
        })
        .collect())
}
