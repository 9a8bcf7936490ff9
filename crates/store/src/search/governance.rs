//! Governance content as search documents: bodies, motions once opened (never drafts),
//! decisions, declarations with an adopted text (only that text, never a draft), and the
//! current charter's articles. Each has its base text and the translations kept for it
//! (`texts`), so it is found in the reader's language.
//!
//! There are tens of these, not thousands: any `governance.*` change re-reads them all.

use super::{Card, Doc};
use crate::entities::{
    gov_body as body, gov_decision as decision, gov_declaration as decl,
    gov_declaration_version as version, gov_motion as motion, gov_motion_option as option,
};
use crate::members::Localized;
use crate::{Result, settings, texts};
use pumasi_domain::governance::motion::MotionStatus;
use pumasi_domain::languages::Lang;
use pumasi_domain::locale::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// The kinds of governance documents.
pub const KINDS: [&str; 5] = ["motion", "decision", "declaration", "charter", "body"];

/// The document id of a charter article (articles are keyed by version and number): the
/// version's id with the number folded into its last bytes.
#[must_use]
pub fn article_id(version: Uuid, number: i32) -> Uuid {
    Uuid::from_u128(version.as_u128() ^ u128::from(number.unsigned_abs()))
}

/// `(locale, title, summary, body)` of `owner` in every language it has: the base text first,
/// then each stored translation of `fields` (title, summary, body) in its own language.
fn versions(
    tr: &texts::Texts,
    owner: Uuid,
    base: Lang,
    fields: [&str; 3],
    base_texts: [&str; 3],
) -> Vec<(Lang, String, String, String)> {
    let mut out = vec![(
        base,
        base_texts[0].to_owned(),
        base_texts[1].to_owned(),
        base_texts[2].to_owned(),
    )];
    for l in Locale::ALL.iter().copied().filter(|l| *l != base) {
        let own = |field: &str| {
            if field.is_empty() {
                return String::new();
            }
            let x = tr.get(owner, field, "", base, l);
            if x.lang == l && !x.fallback {
                x.text
            } else {
                String::new()
            }
        };
        let (t, s, b) = (own(fields[0]), own(fields[1]), own(fields[2]));
        if !(t.is_empty() && s.is_empty() && b.is_empty()) {
            out.push((l.into(), t, s, b));
        }
    }
    out
}

fn lang(code: &str, default: impl Into<Lang>) -> Lang {
    Lang::parse_or(code, default)
}

/// Every public governance document.
///
/// # Errors
/// Database errors.
pub async fn docs(c: &impl ConnectionTrait) -> Result<Vec<Doc>> {
    let default = settings::identity(c).await?.default_language;
    let bodies = body::Entity::find().all(c).await?;
    let motions = motion::Entity::find()
        .filter(motion::Column::Status.ne(MotionStatus::Draft.code()))
        .all(c)
        .await?;
    let options = option::Entity::find()
        .filter(option::Column::MotionId.is_in(motions.iter().map(|m| m.id)))
        .order_by_asc(option::Column::Position)
        .all(c)
        .await?;
    let decisions = decision::Entity::find().all(c).await?;
    let declarations = decl::Entity::find().all(c).await?;
    // Only an adopted (frozen) text is public: the newest of each declaration.
    let mut adopted: HashMap<Uuid, version::Model> = HashMap::new();
    for v in version::Entity::find()
        .filter(version::Column::Frozen.eq(true))
        .order_by_asc(version::Column::Number)
        .all(c)
        .await?
    {
        adopted.insert(v.declaration_id, v);
    }
    let charter = crate::governance::charter::current(c).await?;
    let mut owners: Vec<Uuid> = bodies.iter().map(|b| b.id).collect();
    owners.extend(motions.iter().map(|m| m.id));
    owners.extend(decisions.iter().map(|d| d.id));
    owners.extend(declarations.iter().map(|d| d.id));
    owners.extend(adopted.values().map(|v| v.id));
    if let Some((v, articles)) = &charter {
        owners.extend(articles.iter().map(|a| article_id(v.id, a.number)));
    }
    let tr = texts::load(c, &owners).await?;

    let mut out = Vec::new();
    for b in &bodies {
        out.push(Doc {
            kind: "body",
            id: b.id,
            public: true,
            texts: versions(
                &tr,
                b.id,
                lang(&b.lang, default),
                ["name", "", "description"],
                [&b.name, "", &b.description],
            ),
            facets: Vec::new(),
        });
    }
    for m in &motions {
        let labels: Vec<&str> = options
            .iter()
            .filter(|o| o.motion_id == m.id)
            .map(|o| o.label.as_str())
            .collect();
        let base_body = format!("{}\n\n{}", m.text, labels.join("; "));
        out.push(Doc {
            kind: "motion",
            id: m.id,
            public: true,
            texts: versions(
                &tr,
                m.id,
                lang(&m.lang, default),
                ["title", "", "text"],
                [&m.title, &m.reference, &base_body],
            ),
            facets: vec![("year".into(), m.opens_at.format("%Y").to_string())],
        });
    }
    for d in &decisions {
        out.push(Doc {
            kind: "decision",
            id: d.id,
            public: true,
            texts: versions(
                &tr,
                d.id,
                default.into(),
                ["title", "", "text"],
                [&d.title, &d.number, &d.text],
            ),
            facets: vec![("year".into(), d.year.to_string())],
        });
    }
    for d in &declarations {
        let Some(v) = adopted.get(&d.id) else {
            continue;
        };
        let base = lang(&d.lang, default);
        let mut texts = versions(
            &tr,
            d.id,
            base,
            ["title", "", ""],
            [&d.title, &d.adopted_city, &v.text],
        );
        // The adopted text's translations belong to its version.
        for (l, t, _, b) in versions(
            &tr,
            v.id,
            lang(&v.lang, base),
            ["", "", "text"],
            ["", "", ""],
        )
        .into_iter()
        .skip(1)
        {
            match texts.iter_mut().find(|x| x.0 == l) {
                Some(x) => x.3 = b,
                None => texts.push((l, t, String::new(), b)),
            }
        }
        let mut facets = Vec::new();
        facets.extend(
            d.adopted_on
                .map(|on| ("year".to_owned(), on.format("%Y").to_string())),
        );
        out.push(Doc {
            kind: "declaration",
            id: d.id,
            public: true,
            texts,
            facets,
        });
    }
    if let Some((v, articles)) = charter {
        for a in &articles {
            let id = article_id(v.id, a.number);
            out.push(Doc {
                kind: "charter",
                id,
                public: true,
                texts: versions(
                    &tr,
                    id,
                    default.into(),
                    ["title", "", "text"],
                    [&a.title, "", &a.text],
                ),
                facets: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// Adds the cards of governance hits to `out`, named in `want`.
///
/// # Errors
/// Database errors.
pub async fn cards(
    c: &impl ConnectionTrait,
    hits: &[(String, Uuid)],
    want: Locale,
    out: &mut HashMap<Uuid, Card>,
) -> Result<()> {
    let ids = |k: &str| -> Vec<Uuid> {
        hits.iter()
            .filter(|(kind, _)| kind == k)
            .map(|(_, id)| *id)
            .collect()
    };
    let (bodies, motions, decisions, declarations) = (
        ids("body"),
        ids("motion"),
        ids("decision"),
        ids("declaration"),
    );
    if bodies.is_empty()
        && motions.is_empty()
        && decisions.is_empty()
        && declarations.is_empty()
        && ids("charter").is_empty()
    {
        return Ok(());
    }
    let default = settings::identity(c).await?.default_language;
    let mut owners = [
        bodies.as_slice(),
        motions.as_slice(),
        decisions.as_slice(),
        declarations.as_slice(),
    ]
    .concat();
    let adopted: Vec<version::Model> = if declarations.is_empty() {
        Vec::new()
    } else {
        version::Entity::find()
            .filter(version::Column::DeclarationId.is_in(declarations.clone()))
            .filter(version::Column::Frozen.eq(true))
            .order_by_asc(version::Column::Number)
            .all(c)
            .await?
    };
    owners.extend(adopted.iter().map(|v| v.id));
    let tr = texts::load(c, &owners).await?;
    for b in body::Entity::find()
        .filter(body::Column::Id.is_in(bodies))
        .all(c)
        .await?
    {
        let base = lang(&b.lang, default);
        out.insert(
            b.id,
            Card {
                kind: "body",
                id: b.id,
                path: format!("/governance/{}", b.slug),
                title: tr.get(b.id, "name", &b.name, base, want),
                text: tr.get(b.id, "description", &b.description, base, want),
                fictional: false,
            },
        );
    }
    for m in motion::Entity::find()
        .filter(motion::Column::Id.is_in(motions))
        .filter(motion::Column::Status.ne(MotionStatus::Draft.code()))
        .all(c)
        .await?
    {
        let base = lang(&m.lang, default);
        out.insert(
            m.id,
            Card {
                kind: "motion",
                id: m.id,
                path: format!("/motions/{}", m.reference),
                title: tr.get(m.id, "title", &m.title, base, want),
                text: tr.get(m.id, "text", &m.text, base, want),
                fictional: false,
            },
        );
    }
    for d in decision::Entity::find()
        .filter(decision::Column::Id.is_in(decisions))
        .all(c)
        .await?
    {
        let number: String = url_query(&d.number);
        out.insert(
            d.id,
            Card {
                kind: "decision",
                id: d.id,
                path: format!("/decisions?q={number}#decision-{}", d.id),
                title: tr.get(d.id, "title", &d.title, default, want),
                text: tr.get(d.id, "text", &d.text, default, want),
                fictional: false,
            },
        );
    }
    for d in decl::Entity::find()
        .filter(decl::Column::Id.is_in(declarations))
        .all(c)
        .await?
    {
        let Some(v) = adopted.iter().rev().find(|v| v.declaration_id == d.id) else {
            continue;
        };
        let base = lang(&d.lang, default);
        out.insert(
            d.id,
            Card {
                kind: "declaration",
                id: d.id,
                path: format!("/declarations/{}", d.slug),
                title: tr.get(d.id, "title", &d.title, base, want),
                text: tr.get(v.id, "text", &v.text, lang(&v.lang, base), want),
                fictional: d.fictional_text,
            },
        );
    }
    let articles = ids("charter");
    if !articles.is_empty()
        && let Some((v, all)) = crate::governance::charter::current(c).await?
    {
        let tr = texts::load(c, &articles).await?;
        for a in all {
            let id = article_id(v.id, a.number);
            if articles.contains(&id) {
                let title = tr.get(id, "title", &a.title, default, want);
                out.insert(
                    id,
                    Card {
                        kind: "charter",
                        id,
                        path: format!("/charter#article-{}", a.number),
                        title: Localized {
                            text: format!("{} — {}", a.number, title.text),
                            ..title
                        },
                        text: tr.get(id, "text", &a.text, default, want),
                        fictional: false,
                    },
                );
            }
        }
    }
    Ok(())
}

/// A value for a query string.
fn url_query(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
