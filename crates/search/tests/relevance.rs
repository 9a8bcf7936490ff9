//! The relevance test set: queries people type in the four languages (Korean nouns with
//! particles, French and Spanish without accents, plurals, English stems, phrases, typos,
//! a Korean query answered by a French document's Korean translation) with the documents a
//! careful judge expects, over a fixed corpus (`tests/relevance/`: own texts and public-domain
//! TransforMap descriptions). The test prints recall@10 and MRR per language and fails below
//! the thresholds, which were set from measurement (see `THRESHOLDS`).

use pumasi_domain::locale::Locale;
use pumasi_search::index::{LangText, Options, SearchDoc, SearchIndex};
use serde::Deserialize;

#[derive(Deserialize)]
struct Doc {
    id: String,
    kind: String,
    texts: Vec<Text>,
}

#[derive(Deserialize)]
struct Text {
    lang: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize)]
struct Query {
    lang: String,
    query: String,
    relevant: Vec<String>,
    tests: String,
}

/// Minimum recall@10 and MRR per language. Measured on 2026-11-24 (81 documents, 81
/// queries): 1.000 and 1.000 in every language; the thresholds leave room for one miss in
/// twenty (recall) and one relevant document in second place in ten (MRR). Without particle
/// stripping and typo tolerance the same set measures ko 0.571, en 0.810, fr 0.842, es 0.850.
const THRESHOLDS: [(&str, f64, f64); 4] = [
    ("ko", 0.95, 0.9),
    ("en", 0.95, 0.9),
    ("fr", 0.95, 0.9),
    ("es", 0.95, 0.9),
];

fn load() -> (Vec<Doc>, Vec<Query>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/relevance");
    let corpus = std::fs::read_to_string(format!("{dir}/corpus.json")).expect("corpus.json");
    let queries = std::fs::read_to_string(format!("{dir}/queries.json")).expect("queries.json");
    (
        serde_json::from_str(&corpus).expect("corpus.json parses"),
        serde_json::from_str(&queries).expect("queries.json parses"),
    )
}

#[test]
fn recall_and_mrr_per_language() {
    let (docs, queries) = load();
    let ix = SearchIndex::in_ram().unwrap();
    for d in &docs {
        ix.upsert(&SearchDoc {
            id: d.id.clone(),
            kind: d.kind.clone(),
            texts: d
                .texts
                .iter()
                .map(|t| LangText {
                    lang: Locale::parse(&t.lang),
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    body: t.body.clone(),
                })
                .collect(),
            facets: vec![],
        })
        .unwrap();
    }
    ix.commit().unwrap();
    let ids: std::collections::HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();

    let mut report = String::new();
    let mut failures = Vec::new();
    for (lang, min_recall, min_mrr) in THRESHOLDS {
        let mine: Vec<&Query> = queries.iter().filter(|q| q.lang == lang).collect();
        assert!(mine.len() >= 15, "{lang}: at least 15 queries");
        let (mut recall, mut mrr) = (0.0, 0.0);
        for q in &mine {
            for r in &q.relevant {
                assert!(
                    ids.contains(r.as_str()),
                    "{}: unknown document {r}",
                    q.query
                );
            }
            let hits: Vec<String> = ix
                .search(
                    &q.query,
                    &Options {
                        reader: Locale::parse(lang),
                        limit: 10,
                        ..Options::default()
                    },
                )
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect();
            let found = q.relevant.iter().filter(|r| hits.contains(r)).count();
            #[allow(clippy::cast_precision_loss)]
            let r = found as f64 / q.relevant.len() as f64;
            let first = hits.iter().position(|h| q.relevant.contains(h));
            #[allow(clippy::cast_precision_loss)]
            let rr = first.map_or(0.0, |p| 1.0 / (p + 1) as f64);
            recall += r;
            mrr += rr;
            if r < 1.0 {
                report.push_str(&format!(
                    "  {lang} [{}] {:?}: found {found} of {:?}; top: {:?}\n",
                    q.tests,
                    q.query,
                    q.relevant,
                    hits.iter().take(3).collect::<Vec<_>>()
                ));
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let n = mine.len() as f64;
        let (recall, mrr) = (recall / n, mrr / n);
        report.push_str(&format!(
            "{lang}: {} queries, recall@10 {recall:.3}, MRR {mrr:.3}\n",
            mine.len()
        ));
        if recall < min_recall || mrr < min_mrr {
            failures.push(format!(
                "{lang}: recall@10 {recall:.3} (≥ {min_recall}), MRR {mrr:.3} (≥ {min_mrr})"
            ));
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{failures:?}\n{report}");
}
