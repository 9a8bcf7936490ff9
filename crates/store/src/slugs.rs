//! Web addresses of records. A slug generated from a name is made unique among the records of
//! its kind (live ones and old addresses still redirecting) with a `-2`, `-3` … suffix; a typed
//! slug that is taken stays an error for the person who typed it. When a record's slug changes
//! the old one is kept in `slug_redirect` and answers with a permanent redirect: one row per old
//! address pointing at the current one, so a chain of renames is one hop.

use crate::Result;
use pumasi_domain::types::Slug;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::HashSet;
use uuid::Uuid;

/// The kinds of record that have a web address of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organisation,
    Event,
    LibraryItem,
    Body,
    Declaration,
    Meeting,
    Election,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Organisation,
        Kind::Event,
        Kind::LibraryItem,
        Kind::Body,
        Kind::Declaration,
        Kind::Meeting,
        Kind::Election,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Kind::Organisation => "organisation",
            Kind::Event => "event",
            Kind::LibraryItem => "library_item",
            Kind::Body => "body",
            Kind::Declaration => "declaration",
            Kind::Meeting => "meeting",
            Kind::Election => "election",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Organisation => "organisation",
            Kind::Event => "event",
            Kind::LibraryItem => "library_item",
            Kind::Body => "gov_body",
            Kind::Declaration => "gov_declaration",
            Kind::Meeting => "gov_meeting",
            Kind::Election => "gov_election",
        }
    }

    /// A stable number for PostgreSQL's advisory lock of this kind's addresses.
    fn lock_key(self) -> i64 {
        0x5075_6d61_0000 + Kind::ALL.iter().position(|k| *k == self).unwrap_or(0) as i64
    }
}

/// The first of `base`, `base-2`, `base-3` … that no record of `kind` uses and that is not an
/// old address of one. Call it inside the transaction that inserts the record: on SQLite that
/// transaction already holds the write lock; on PostgreSQL this takes a transaction-scoped lock
/// on the kind's addresses so that two records created at once cannot pick the same one.
///
/// # Errors
/// Database errors.
pub async fn free(c: &impl ConnectionTrait, kind: Kind, base: &Slug) -> Result<Slug> {
    if c.get_database_backend() == DbBackend::Postgres {
        c.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [kind.lock_key().into()],
        ))
        .await?;
    }
    let like = format!("{}-%", base.as_str());
    let live = Query::select()
        .column(Alias::new("slug"))
        .from(Alias::new(kind.table()))
        .cond_where(
            Expr::col(Alias::new("slug"))
                .eq(base.as_str())
                .or(Expr::col(Alias::new("slug")).like(like.as_str())),
        )
        .to_owned();
    let old = Query::select()
        .column(Alias::new("old_slug"))
        .from(Alias::new("slug_redirect"))
        .and_where(Expr::col(Alias::new("kind")).eq(kind.code()))
        .cond_where(
            Expr::col(Alias::new("old_slug"))
                .eq(base.as_str())
                .or(Expr::col(Alias::new("old_slug")).like(like.as_str())),
        )
        .to_owned();
    let backend = c.get_database_backend();
    let mut taken = HashSet::new();
    for q in [live, old] {
        for row in c.query_all_raw(backend.build(&q)).await? {
            taken.insert(row.try_get_by_index::<String>(0)?);
        }
    }
    if !taken.contains(base.as_str()) {
        return Ok(base.clone());
    }
    let mut n = 2;
    loop {
        let candidate = base.with_suffix(n);
        if !taken.contains(candidate.as_str()) {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// Records that the record `id` of `kind` moved from `old` to `new`: the old address and every
/// earlier one now point at `new`, and `new` itself no longer redirects anywhere.
///
/// # Errors
/// Database errors.
pub async fn renamed(
    c: &impl ConnectionTrait,
    kind: Kind,
    id: Uuid,
    old: &str,
    new: &str,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let backend = c.get_database_backend();
    let table = Alias::new("slug_redirect");
    let kind_is = Expr::col(Alias::new("kind")).eq(kind.code());
    let delete = Query::delete()
        .from_table(table.clone())
        .and_where(kind_is.clone())
        .and_where(Expr::col(Alias::new("old_slug")).eq(new))
        .to_owned();
    c.execute_raw(backend.build(&delete)).await?;
    let repoint = Query::update()
        .table(table.clone())
        .value(Alias::new("new_slug"), new)
        .and_where(kind_is)
        .and_where(Expr::col(Alias::new("target_id")).eq(id))
        .to_owned();
    c.execute_raw(backend.build(&repoint)).await?;
    let insert = Query::insert()
        .into_table(table)
        .columns([
            Alias::new("kind"),
            Alias::new("old_slug"),
            Alias::new("target_id"),
            Alias::new("new_slug"),
            Alias::new("created_at"),
        ])
        .values_panic([
            kind.code().into(),
            old.into(),
            id.into(),
            new.into(),
            chrono::Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::columns([Alias::new("kind"), Alias::new("old_slug")])
                .update_columns([Alias::new("target_id"), Alias::new("new_slug")])
                .to_owned(),
        )
        .to_owned();
    c.execute_raw(backend.build(&insert)).await?;
    Ok(())
}

/// The current address of the record that was at `old`, if it moved.
///
/// # Errors
/// Database errors.
pub async fn resolve(c: &impl ConnectionTrait, kind: Kind, old: &str) -> Result<Option<String>> {
    let q = Query::select()
        .column(Alias::new("new_slug"))
        .from(Alias::new("slug_redirect"))
        .and_where(Expr::col(Alias::new("kind")).eq(kind.code()))
        .and_where(Expr::col(Alias::new("old_slug")).eq(old))
        .to_owned();
    let backend = c.get_database_backend();
    match c.query_one_raw(backend.build(&q)).await? {
        Some(row) => Ok(Some(row.try_get_by_index::<String>(0)?)),
        None => Ok(None),
    }
}

/// The address a new record gets: a typed slug as typed, a generated one made free with a
/// suffix.
///
/// # Errors
/// `Invalid(slug: error-slug-taken)` when a typed slug is in use; database errors.
pub async fn for_new(
    c: &impl ConnectionTrait,
    kind: Kind,
    slug: &Slug,
    generated: bool,
) -> Result<Slug> {
    if generated {
        return free(c, kind, slug).await;
    }
    let q = Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(kind.table()))
        .and_where(Expr::col(Alias::new("slug")).eq(slug.as_str()))
        .to_owned();
    let backend = c.get_database_backend();
    if c.query_one_raw(backend.build(&q)).await?.is_some() {
        // Told on the field before the insert, so the form keeps everything else typed (the
        // unique key still refuses a race).
        return Err(crate::StoreError::invalid("slug", "error-slug-taken"));
    }
    Ok(slug.clone())
}

/// The address an edited record has afterwards: its current one when none was typed (a new
/// name does not move a record), else the typed one. Call [`renamed`] once the update is
/// written.
#[must_use]
pub fn for_edit(current: &str, slug: &Slug, generated: bool) -> String {
    if generated {
        current.to_owned()
    } else {
        slug.as_str().to_owned()
    }
}

/// The current address of the record `id` of `kind`.
///
/// # Errors
/// `NotFound`, database errors.
pub async fn current(c: &impl ConnectionTrait, kind: Kind, id: Uuid) -> Result<String> {
    let q = Query::select()
        .column(Alias::new("slug"))
        .from(Alias::new(kind.table()))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let backend = c.get_database_backend();
    match c.query_one_raw(backend.build(&q)).await? {
        Some(row) => Ok(row.try_get_by_index::<String>(0)?),
        None => Err(crate::StoreError::NotFound),
    }
}
