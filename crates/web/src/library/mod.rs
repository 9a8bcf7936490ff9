//! The knowledge library on the web: the public list with facets and text search, item pages
//! with JSON-LD, Atom feeds, citations (BibTeX, RIS) and CSV (`public`); the editors' pages —
//! new and edit forms, workflow steps, translations, attachments, the work list and the
//! translation-status page (`edit`).

pub mod edit;
pub mod public;

use crate::error::{AppError, PageError};
use crate::i18n::I18n;
use crate::page::Ctx;
use axum::Router;
use axum::routing::{get, post};
use pumasi_domain::library::{Editor, ItemKind};
use pumasi_domain::policy::{Action, allows};
use pumasi_store::library::{self, Item};

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/{locale}/library", get(public::list))
        .route("/{locale}/library/feed.atom", get(public::feed))
        .route("/{locale}/library/library.csv", get(public::export_csv))
        .route(
            "/{locale}/library/new",
            get(edit::new_form).post(edit::create),
        )
        .route("/{locale}/library/manage", get(edit::manage))
        .route(
            "/{locale}/library/translations",
            get(edit::translations).post(edit::assign),
        )
        .route("/{locale}/library/{slug}", get(public::item_page))
        .route("/{locale}/library/{slug}/cite.bib", get(public::bibtex))
        .route("/{locale}/library/{slug}/cite.ris", get(public::ris))
        .route(
            "/{locale}/library/{slug}/edit",
            get(edit::edit_form).post(edit::save),
        )
        .route("/{locale}/library/{slug}/step", post(edit::step))
        .route("/{locale}/library/{slug}/delete", post(edit::delete))
        .route(
            "/{locale}/library/{slug}/translation",
            post(edit::translation),
        )
        .route(
            "/{locale}/library/{slug}/attachments",
            // Room for the largest attachment accepted and the form's other fields; larger
            // bodies are refused before they are read.
            post(edit::attach).layer(axum::extract::DefaultBodyLimit::max(
                pumasi_domain::library::ATTACHMENT_MAX + 64 * 1024,
            )),
        )
        .route(
            "/{locale}/library/{slug}/attachments/{id}/remove",
            post(edit::detach),
        )
        .route("/{locale}/library/{slug}/files/{id}", get(public::download))
}

/// How the reader stands towards one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// May see it although it is not published (editors and reviewers).
    pub see: bool,
    /// As whom they may edit it, if at all.
    pub editor: Option<Editor>,
}

#[must_use]
pub fn access(ctx: &Ctx, it: &Item) -> Access {
    if allows(&ctx.actor, Action::ReviewLibrary) {
        return Access {
            see: true,
            editor: Some(Editor::Reviewer),
        };
    }
    if allows(&ctx.actor, Action::EditLibraryItem(it.owner_id)) {
        return Access {
            see: true,
            editor: Some(Editor::OwnOrganisation),
        };
    }
    Access {
        see: it.is_public(),
        editor: None,
    }
}

/// The item of a page, if the reader may see it: an unpublished item is a 404 for everyone
/// else, so drafts do not even reveal that they exist.
///
/// # Errors
/// `NotFound`.
pub async fn load(ctx: &Ctx, slug: &str) -> Result<(Item, Access), PageError> {
    let it = library::by_slug(&ctx.state.store.db, slug, ctx.locale())
        .await
        .map_err(|e| ctx.err(e))?;
    let a = access(ctx, &it);
    if !a.see {
        return Err(ctx.err(AppError::NotFound));
    }
    Ok((it, a))
}

/// Like [`load`], for editors only.
///
/// # Errors
/// `NotFound` for those who may not see it, `Unauthorized`/`Forbidden` for readers.
pub async fn load_for_edit(ctx: &Ctx, slug: &str) -> Result<(Item, Editor), PageError> {
    let (it, a) = load(ctx, slug).await?;
    match a.editor {
        Some(e) => Ok((it, e)),
        None if ctx.account.is_none() => Err(ctx.err(AppError::Unauthorized)),
        None => Err(ctx.err(AppError::Forbidden)),
    }
}

/// An item's kind in the reader's language.
#[must_use]
pub fn kind_label(i: I18n, k: ItemKind) -> String {
    i.t(&format!("library-kind-{}", k.code()))
}

/// A theme's label (`t4` → "Social and solidarity finance").
#[must_use]
pub fn theme_label(i: I18n, code: &str) -> String {
    i.t(&format!("theme-{code}"))
}

#[must_use]
pub fn sdg_label(i: I18n, n: i32) -> String {
    format!("{n}. {}", i.t(&format!("sdg-{n}")))
}

/// A licence's name (Fluent ids cannot hold the dots of `cc-by-4.0`).
#[must_use]
pub fn licence_label(i: I18n, l: pumasi_domain::library::Licence) -> String {
    i.t(&format!("licence-{}", l.code().replace('.', "-")))
}
