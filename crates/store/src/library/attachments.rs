//! Attachments of library items: the bytes live in an object store (a local directory by
//! default, any S3-compatible store when configured), the metadata and download counts here.
//! The caller checks the type by magic bytes and the size before calling [`add`].

use crate::entities::library_attachment as att;
use crate::{Result, StoreError, audit, now};
use object_store::ObjectStore;
use object_store::path::Path;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use sha2::Digest;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Where attachment bytes are kept; cheap to clone.
#[derive(Clone, Debug)]
pub struct Files(Arc<dyn ObjectStore>);

impl Files {
    /// A local directory (created if missing).
    ///
    /// # Errors
    /// When the directory cannot be created.
    pub fn local(dir: &std::path::Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let fs = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(std::io::Error::other)?;
        Ok(Self(Arc::new(fs)))
    }

    /// Kept in memory (tests).
    #[must_use]
    pub fn memory() -> Self {
        Self(Arc::new(object_store::memory::InMemory::new()))
    }

    /// # Errors
    /// When the store fails.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.0.put(&Path::from(key), bytes.into()).await?;
        Ok(())
    }

    /// # Errors
    /// When the object is missing or the store fails.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, object_store::Error> {
        Ok(self.0.get(&Path::from(key)).await?.bytes().await?.to_vec())
    }

    /// Removes an object; a missing one is not an error.
    pub async fn delete(&self, key: &str) {
        if let Err(e) = self.0.delete(&Path::from(key)).await
            && !matches!(e, object_store::Error::NotFound { .. })
        {
            tracing::warn!(key, error = %e, "attachment not removed");
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attachment {
    pub id: Uuid,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub downloads: i64,
    #[serde(skip)]
    pub object_key: String,
}

impl From<att::Model> for Attachment {
    fn from(m: att::Model) -> Self {
        Self {
            id: m.id,
            filename: m.filename,
            content_type: m.content_type,
            size: m.size,
            sha256: m.sha256,
            downloads: m.downloads,
            object_key: m.object_key,
        }
    }
}

/// Most attachments per item.
pub const PER_ITEM_MAX: usize = 20;

/// Stores the bytes, then records the attachment in `c`. If the transaction is later rolled
/// back, the object stays behind unreferenced; [`add`] names it after the new row's id, so it
/// can never be served.
///
/// # Errors
/// `Conflict("error-too-many")` past [`PER_ITEM_MAX`]; `Conflict("error-storage")` when the
/// object store fails.
pub async fn add(
    c: &impl ConnectionTrait,
    files: &Files,
    item: Uuid,
    filename: &str,
    content_type: &str,
    bytes: Vec<u8>,
    actor: Option<Uuid>,
) -> Result<Attachment> {
    use sea_orm::PaginatorTrait;
    let n = att::Entity::find()
        .filter(att::Column::ItemId.eq(item))
        .count(c)
        .await?;
    if n >= PER_ITEM_MAX as u64 {
        return Err(StoreError::Conflict("error-too-many"));
    }
    let id = Uuid::now_v7();
    let key = format!("library/{item}/{id}");
    let sha = hex(&sha2::Sha256::digest(&bytes));
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    files.put(&key, bytes).await.map_err(|e| {
        tracing::error!(error = %e, "attachment store failed");
        StoreError::Conflict("error-storage")
    })?;
    let m = att::Model {
        id,
        item_id: item,
        filename: filename.to_owned(),
        content_type: content_type.to_owned(),
        size,
        sha256: sha,
        object_key: key,
        downloads: 0,
        created_at: now(),
    };
    att::Entity::insert(att::ActiveModel {
        id: Set(m.id),
        item_id: Set(m.item_id),
        filename: Set(m.filename.clone()),
        content_type: Set(m.content_type.clone()),
        size: Set(m.size),
        sha256: Set(m.sha256.clone()),
        object_key: Set(m.object_key.clone()),
        downloads: Set(0),
        created_at: Set(m.created_at),
    })
    .exec_without_returning(c)
    .await?;
    audit::record(
        c,
        actor,
        "library.attach",
        "library_item",
        &item.to_string(),
        None,
        Some(&serde_json::json!({ "attachment": id, "filename": filename, "size": size, "type": content_type })),
    )
    .await?;
    super::changed(c, item).await?;
    Ok(m.into())
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter().fold(String::with_capacity(64), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

/// One attachment of one item.
///
/// # Errors
/// `NotFound`.
pub async fn get(c: &impl ConnectionTrait, item: Uuid, id: Uuid) -> Result<Attachment> {
    att::Entity::find_by_id(id)
        .filter(att::Column::ItemId.eq(item))
        .one(c)
        .await?
        .map(Into::into)
        .ok_or(StoreError::NotFound)
}

/// Counts one download, atomically (concurrent downloads are all counted).
///
/// # Errors
/// Database errors.
pub async fn count_download(c: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    att::Entity::update_many()
        .col_expr(
            att::Column::Downloads,
            Expr::col(att::Column::Downloads).add(1),
        )
        .filter(att::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Removes an attachment's record; returns its object key for the caller to delete after commit.
///
/// # Errors
/// `NotFound`.
pub async fn remove(
    c: &impl ConnectionTrait,
    item: Uuid,
    id: Uuid,
    actor: Option<Uuid>,
) -> Result<String> {
    let a = get(c, item, id).await?;
    att::Entity::delete_by_id(id).exec(c).await?;
    audit::record(
        c,
        actor,
        "library.detach",
        "library_item",
        &item.to_string(),
        Some(&serde_json::json!({ "attachment": id, "filename": a.filename })),
        None,
    )
    .await?;
    super::changed(c, item).await?;
    Ok(a.object_key)
}

/// The attachments of a set of items, oldest first.
///
/// # Errors
/// Database errors.
pub async fn of_items(
    c: &impl ConnectionTrait,
    items: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Attachment>>> {
    let mut out: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    for chunk in items.chunks(500) {
        for m in att::Entity::find()
            .filter(att::Column::ItemId.is_in(chunk.iter().copied()))
            .order_by_asc(att::Column::CreatedAt)
            .all(c)
            .await?
        {
            out.entry(m.item_id).or_default().push(m.into());
        }
    }
    Ok(out)
}

/// Object keys of an item's attachments.
///
/// # Errors
/// Database errors.
pub async fn keys_of(c: &impl ConnectionTrait, item: Uuid) -> Result<Vec<String>> {
    Ok(of_items(c, &[item])
        .await?
        .remove(&item)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.object_key)
        .collect())
}
