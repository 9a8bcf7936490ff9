//! The signed letter of application: read with the apply form (multipart, or a plain form
//! without it), checked by its bytes, kept across a form that comes back with errors, stored in
//! the object store, and downloaded by the secretariat only.

use crate::auth::{FormMap, random_token};
use crate::error::{AppError, PageError};
use crate::page::Ctx;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pumasi_domain::members::{LETTER_MAX, sniff_letter};
use pumasi_domain::policy::Action;
use pumasi_store::members::applications::{self, Letter};
use uuid::Uuid;

/// The form field of the file, and of the key of a letter kept from an earlier attempt.
pub const FIELD: &str = "letter";
const KEPT: &str = "letter_kept";
const KEPT_NAME: &str = "letter_kept_name";

/// A letter as sent: its file name and bytes, checked by size only so far.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads the apply form, urlencoded (no letter) or multipart (with an optional `letter`).
/// `Err` is the Fluent id of what is wrong with the file; `Ok(None)` when none was chosen.
///
/// # Errors
/// The form's own rejection (a body that is not a form) as a response.
pub async fn read(
    req: Request,
) -> Result<(FormMap, Result<Option<Upload>, &'static str>), Response> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let axum::Form(f) = axum::Form::<FormMap>::from_request(req, &())
            .await
            .map_err(IntoResponse::into_response)?;
        return Ok((f, Ok(None)));
    }
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(IntoResponse::into_response)?;
    let mut fields = FormMap::new();
    let mut file = Ok(None);
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                file = Err("error-letter-too-large");
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == FIELD {
            let filename = pumasi_domain::library::clean_filename(field.file_name().unwrap_or(""));
            file = match field.bytes().await {
                // A file input left empty still sends an empty part.
                Ok(b) if b.is_empty() => Ok(None),
                Ok(b) if b.len() > LETTER_MAX => Err("error-letter-too-large"),
                Ok(b) => Ok(Some(Upload {
                    name: filename,
                    bytes: b.to_vec(),
                })),
                Err(_) => Err("error-letter-too-large"),
            };
        } else if let Ok(t) = field.text().await {
            fields.insert(name, t);
        }
    }
    Ok((fields, file))
}

fn kept_key(token: &str) -> Option<String> {
    (token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| format!("applications/letters/{token}"))
}

/// The letter this submission carries: the one just sent (checked by its bytes and stored), or
/// the one kept from an earlier attempt whose form came back (`letter_kept`). On success the
/// form values remember it, so a form that comes back for another field does not lose it.
///
/// # Errors
/// The Fluent id of what is wrong with the file, or a storage failure.
pub async fn resolve(
    ctx: &Ctx,
    values: &mut FormMap,
    upload: Result<Option<Upload>, &'static str>,
) -> Result<Option<Letter>, Result<&'static str, PageError>> {
    let upload = upload.map_err(Ok)?;
    let letter = match upload {
        Some(u) => {
            let content_type = sniff_letter(&u.bytes).ok_or(Ok("error-letter-type"))?;
            let token = random_token();
            let key = kept_key(&token).unwrap_or_default();
            let size = i64::try_from(u.bytes.len()).unwrap_or(i64::MAX);
            ctx.state
                .files
                .put(&key, u.bytes)
                .await
                .map_err(|e| Err(ctx.err(AppError::Internal(format!("letter: {e}")))))?;
            values.insert(KEPT.to_owned(), token);
            let name = if u.name.is_empty() {
                "letter".to_owned()
            } else {
                u.name
            };
            values.insert(KEPT_NAME.to_owned(), name.clone());
            Letter {
                key,
                name,
                content_type: content_type.to_owned(),
                size,
            }
        }
        None => {
            let Some(key) = values.get(KEPT).and_then(|t| kept_key(t)) else {
                values.remove(KEPT);
                values.remove(KEPT_NAME);
                return Ok(None);
            };
            // Only what this hub stored is kept, and it is checked again.
            let Ok(bytes) = ctx.state.files.get(&key).await else {
                values.remove(KEPT);
                values.remove(KEPT_NAME);
                return Ok(None);
            };
            let content_type = sniff_letter(&bytes).ok_or(Ok("error-letter-type"))?;
            Letter {
                key,
                name: values
                    .get(KEPT_NAME)
                    .map(|n| pumasi_domain::library::clean_filename(n))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "letter".to_owned()),
                content_type: content_type.to_owned(),
                size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            }
        }
    };
    Ok(Some(letter))
}

/// `GET /{locale}/secretariat/applications/{id}/letter`: the signed letter, for the
/// secretariat, as a download that never renders in the hub's origin.
///
/// # Errors
/// `Forbidden` for anyone else; `NotFound` without a letter.
pub async fn download(
    ctx: Ctx,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response, PageError> {
    ctx.require(Action::ViewApplications)?;
    let a = applications::get(&ctx.state.store.db, id)
        .await
        .map_err(|e| ctx.err(e))?;
    let letter = a.letter.ok_or_else(|| ctx.err(AppError::NotFound))?;
    let bytes = ctx
        .state
        .files
        .get(&letter.key)
        .await
        .map_err(|e| ctx.err(AppError::Internal(format!("letter: {e}"))))?;
    Ok(crate::library::public::file_response(
        &letter.content_type,
        &letter.name,
        bytes,
    ))
}

/// Size in kilobytes or megabytes, for the review page.
#[must_use]
pub fn size_label(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
