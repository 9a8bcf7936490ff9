//! The search benchmark (`bash bench/search.sh`): 100,000 generated multilingual documents plus
//! the 81 of the labelled relevance set, indexed by Pumasi (tantivy) and by PostgreSQL full-text
//! search (a `tsvector` per document with a GIN index: 'simple' for Korean, 'english', 'french'
//! and 'spanish' for the others; ranked by `ts_rank_cd`), then the same 200 mixed queries on
//! both: latency p50/p99 and recall@10 / MRR on the labelled queries.
//!
//! Generated documents are sentences of the relevance corpus shuffled across documents of the
//! same language (a fixed seed), so word frequencies are those of real SSE texts.
//!
//! Usage: `search_bench [postgres://…]` (default `postgres://postgres@127.0.0.1:5432/test`);
//! `PUMASI_BENCH_DOCS` changes the number of generated documents.

use pumasi_domain::locale::Locale;
use pumasi_search::index::{LangText, Options, SearchDoc, SearchIndex};
use pumasi_store::Store;
use pumasi_store::sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde::Deserialize;
use std::time::{Duration, Instant};

#[derive(Deserialize, Clone)]
struct Doc {
    id: String,
    kind: String,
    texts: Vec<Text>,
}

#[derive(Deserialize, Clone)]
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
}

/// A small deterministic generator (xorshift), so every run indexes the same documents.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[usize::try_from(self.next() % v.len() as u64).unwrap_or(0)]
    }
}

fn sentences(t: &str) -> Vec<String> {
    t.split_inclusive(['.', '。', '!', '?'])
        .map(|s| s.trim().to_owned())
        .filter(|s| s.chars().count() > 8)
        .collect()
}

fn generate(docs: &[Doc], n: usize) -> Vec<Doc> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut pools: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for l in ["ko", "en", "fr", "es"] {
        let mut titles = Vec::new();
        let mut sents = Vec::new();
        for d in docs {
            for t in d.texts.iter().filter(|t| t.lang == l) {
                titles.push(t.title.clone());
                sents.extend(sentences(&t.summary));
                sents.extend(sentences(&t.body));
            }
        }
        pools.push((l.to_owned(), titles, sents));
    }
    (0..n)
        .map(|i| {
            let (lang, titles, sents) = rng.pick(&pools).clone();
            let title_words: Vec<&str> = rng.pick(&titles).split_whitespace().collect();
            let cut = 2 + usize::try_from(rng.next() % 4).unwrap_or(0);
            let title = title_words
                .iter()
                .take(cut)
                .chain(
                    rng.pick(&titles)
                        .split_whitespace()
                        .skip(cut)
                        .collect::<Vec<_>>()
                        .iter(),
                )
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let summary = rng.pick(&sents).clone();
            let k = 3 + usize::try_from(rng.next() % 6).unwrap_or(0);
            let body = (0..k)
                .map(|_| rng.pick(&sents).clone())
                .collect::<Vec<_>>()
                .join(" ");
            Doc {
                id: format!("gen-{i}"),
                kind: if i % 3 == 0 {
                    "organisation"
                } else {
                    "library"
                }
                .to_owned(),
                texts: vec![Text {
                    lang,
                    title,
                    summary,
                    body,
                }],
            }
        })
        .collect()
}

fn mixed_queries(labelled: &[Query], docs: &[Doc], total: usize) -> Vec<(String, Option<Locale>)> {
    let mut out: Vec<(String, Option<Locale>)> = labelled
        .iter()
        .map(|q| (q.query.clone(), Locale::parse(&q.lang)))
        .collect();
    let mut rng = Rng(42);
    while out.len() < total {
        let d = rng.pick(docs);
        let t = rng.pick(&d.texts);
        let words: Vec<&str> = t
            .title
            .split_whitespace()
            .filter(|w| w.chars().count() > 3)
            .collect();
        if words.is_empty() {
            continue;
        }
        let q = if rng.next().is_multiple_of(3) && words.len() > 1 {
            format!("\"{} {}\"", words[0], words[1])
        } else {
            (*rng.pick(&words)).to_owned()
        };
        out.push((q, Locale::parse(&t.lang)));
    }
    out
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn dir_size(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    e.metadata().map_or(0, |m| {
                        if m.is_dir() {
                            dir_size(&e.path())
                        } else {
                            m.len()
                        }
                    })
                })
                .sum()
        })
        .unwrap_or(0)
}

fn pg_config(lang: &str) -> &'static str {
    match lang {
        "en" => "english",
        "fr" => "french",
        "es" => "spanish",
        _ => "simple",
    }
}

/// The PostgreSQL query: the text analysed by every configuration, OR-ed, as a search box in
/// all four languages must do; phrases in quotes through `websearch_to_tsquery`.
const PG_SEARCH: &str = "WITH q AS (SELECT websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1) || websearch_to_tsquery('french', $1) || websearch_to_tsquery('spanish', $1) AS q) SELECT id FROM TABLE, q WHERE tsv @@ q.q ORDER BY ts_rank_cd(tsv, q.q) DESC LIMIT 10";

fn pg_on(table: &str, q: &str) -> Statement {
    Statement::from_sql_and_values(
        DbBackend::Postgres,
        PG_SEARCH.replace("TABLE", table),
        [q.into()],
    )
}

fn search_doc(d: &Doc) -> SearchDoc {
    SearchDoc {
        id: d.id.clone(),
        kind: d.kind.clone(),
        texts: d
            .texts
            .iter()
            .map(|x| LangText {
                lang: Locale::parse(&x.lang),
                title: x.title.clone(),
                summary: x.summary.clone(),
                body: x.body.clone(),
            })
            .collect(),
        facets: vec![],
    }
}

/// Loads `docs` into a fresh `table`: a weighted tsvector per document (title A, summary B,
/// body D) in its language's configuration, and a GIN index.
async fn pg_load(
    db: &impl ConnectionTrait,
    table: &str,
    docs: &[Doc],
) -> Result<(), Box<dyn std::error::Error>> {
    db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
        .await?;
    db.execute_unprepared(&format!(
        "CREATE TABLE {table} (id text PRIMARY KEY, lang text, title text, summary text, body text, tsv tsvector)"
    ))
    .await?;
    for chunk in docs.chunks(500) {
        let mut sql = format!("INSERT INTO {table} (id, lang, title, summary, body, tsv) VALUES ");
        let mut vals: Vec<Value> = Vec::new();
        for (i, d) in chunk.iter().enumerate() {
            // Every language of a document goes into its vector, each in its configuration.
            let x = &d.texts[0];
            if i > 0 {
                sql.push(',');
            }
            let n = vals.len();
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            ));
            vals.extend([
                d.id.clone().into(),
                x.lang.clone().into(),
                x.title.clone().into(),
                x.summary.clone().into(),
                x.body.clone().into(),
            ]);
            let mut parts = Vec::new();
            for t in &d.texts {
                let c = pg_config(&t.lang);
                let n = vals.len();
                parts.push(format!(
                    "setweight(to_tsvector('{c}', ${}), 'A') || setweight(to_tsvector('{c}', ${}), 'B') || setweight(to_tsvector('{c}', ${}), 'D')",
                    n + 1,
                    n + 2,
                    n + 3
                ));
                vals.extend([
                    t.title.clone().into(),
                    t.summary.clone().into(),
                    t.body.clone().into(),
                ]);
            }
            sql.push_str(&parts.join(" || "));
            sql.push(')');
        }
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            vals,
        ))
        .await?;
    }
    db.execute_unprepared(&format!(
        "CREATE INDEX {table}_tsv ON {table} USING gin (tsv)"
    ))
    .await?;
    db.execute_unprepared(&format!("ANALYZE {table}")).await?;
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pg_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let n: usize = std::env::var("PUMASI_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/relevance");
    let real: Vec<Doc> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/corpus.json"))?)?;
    let labelled: Vec<Query> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/queries.json"))?)?;
    let mut docs = generate(&real, n);
    docs.extend(real.iter().cloned());
    let queries = mixed_queries(&labelled, &real, 200);
    println!(
        "corpus: {} generated + {} labelled documents; {} queries",
        n,
        real.len(),
        queries.len()
    );

    // --- Pumasi (tantivy) ---
    let tmp = tempfile::tempdir()?;
    let (index, _) = SearchIndex::in_dir(&tmp.path().join("search"))?;
    let t = Instant::now();
    for d in &docs {
        index.upsert(&search_doc(d))?;
    }
    index.commit()?;
    let build = t.elapsed();
    let size = dir_size(&tmp.path().join("search"));
    println!(
        "pumasi: indexed {} documents in {:.1} s; index size {:.1} MB",
        docs.len(),
        build.as_secs_f64(),
        size as f64 / 1e6
    );
    let opts = |l: Option<Locale>| Options {
        reader: l,
        limit: 10,
        ..Options::default()
    };
    for (q, l) in &queries {
        index.search(q, &opts(*l))?; // warm-up
    }
    let mut times = Vec::new();
    for (q, l) in &queries {
        let t = Instant::now();
        index.search(q, &opts(*l))?;
        times.push(t.elapsed());
    }
    let (p50, p99) = (percentile(&mut times, 0.5), percentile(&mut times, 0.99));
    println!(
        "pumasi: p50 {:.3} ms, p99 {:.3} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );

    // --- PostgreSQL full-text search ---
    let store = Store::connect(&pg_url).await?;
    let db = &store.db;
    let t = Instant::now();
    pg_load(db, "bench_doc", &docs).await?;
    println!(
        "postgres: loaded and indexed in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    for (q, _) in &queries {
        db.query_all_raw(pg_on("bench_doc", q)).await?; // warm-up
    }
    let mut times = Vec::new();
    for (q, _) in &queries {
        let t = Instant::now();
        db.query_all_raw(pg_on("bench_doc", q)).await?;
        times.push(t.elapsed());
    }
    let (pg50, pg99) = (percentile(&mut times, 0.5), percentile(&mut times, 0.99));
    println!(
        "postgres: p50 {:.3} ms, p99 {:.3} ms",
        pg50.as_secs_f64() * 1e3,
        pg99.as_secs_f64() * 1e3
    );
    println!(
        "speed-up at p50: {:.1}x, at p99: {:.1}x",
        pg50.as_secs_f64() / p50.as_secs_f64(),
        pg99.as_secs_f64() / p99.as_secs_f64()
    );

    // --- Recall@10 and MRR on the labelled queries, per language, both engines ---
    // On the labelled corpus alone (what the judgements are about), then within all the
    // documents, where the generated ones (the labelled sentences shuffled) compete with the
    // judged documents for the same words.
    let small = SearchIndex::in_ram()?;
    for d in &real {
        small.upsert(&search_doc(d))?;
    }
    small.commit()?;
    pg_load(db, "bench_label", &real).await?;
    for (name, idx, table) in [
        (
            "the labelled corpus alone (81 documents)",
            &small,
            "bench_label",
        ),
        ("all documents", &index, "bench_doc"),
    ] {
        println!("recall@10 and MRR of the labelled queries over {name}:");
        println!("lang  pumasi recall@10  MRR   | postgres recall@10  MRR");
        for lang in ["ko", "en", "fr", "es"] {
            let (mut r_p, mut m_p, mut r_g, mut m_g, mut count) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for q in labelled.iter().filter(|q| q.lang == lang) {
                let ours: Vec<String> = idx
                    .search(&q.query, &opts(Locale::parse(lang)))?
                    .into_iter()
                    .map(|h| h.id)
                    .collect();
                let theirs: Vec<String> = db
                    .query_all_raw(pg_on(table, &q.query))
                    .await?
                    .iter()
                    .filter_map(|r| r.try_get::<String>("", "id").ok())
                    .collect();
                let score = |found: &[String]| {
                    let hit = q.relevant.iter().filter(|r| found.contains(r)).count() as f64
                        / q.relevant.len() as f64;
                    let rr = found
                        .iter()
                        .position(|f| q.relevant.contains(f))
                        .map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
                    (hit, rr)
                };
                let (a, b) = score(&ours);
                let (c, d) = score(&theirs);
                r_p += a;
                m_p += b;
                r_g += c;
                m_g += d;
                count += 1.0;
            }
            println!(
                "{lang}    {:.3}            {:.3} | {:.3}              {:.3}",
                r_p / count,
                m_p / count,
                r_g / count,
                m_g / count
            );
        }
    }
    db.execute_unprepared("DROP TABLE bench_doc").await?;
    db.execute_unprepared("DROP TABLE bench_label").await?;
    Ok(())
}
