//! The tantivy index: one document per searchable thing (an organisation, a library item, an
//! event…), with its title, summary and body in each language it has. Each language's fields
//! are analysed with that language's analyzer ([`crate::spans`] then a stemmer for en/fr/es);
//! one more field, `words`, holds every text unstemmed, for typo tolerance. Queries are analysed
//! the same way: every word must match (in any language and field), a Hangul/Han/Kana word
//! matches as the run of its bigrams (so 협동조합 finds 협동조합은), quoted text as a phrase,
//! and a Latin word of 5 letters or more also matches words one edit away. Title matches count
//! three times, summary matches twice.
//!
//! The index is derived data: the database is the truth and the index can be deleted and
//! rebuilt at any time.

use pumasi_domain::locale::Locale;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Facet, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bumped whenever the schema, the analysis or what is indexed changes: an index of another
/// version is rebuilt (5: governance content and speakers).
pub const SCHEMA_VERSION: u32 = 5;

/// Longest query text considered (characters); the rest is ignored.
pub const QUERY_MAX_CHARS: usize = 1_000;
/// Most words and phrases one query may hold; the rest is ignored.
pub const QUERY_MAX_PARTS: usize = 32;

/// The text fields of a document, in order of weight.
const PARTS: [(&str, f32); 3] = [("title", 3.0), ("summary", 2.0), ("body", 1.0)];

/// What to index of one language version of a document.
#[derive(Debug, Clone, Default)]
pub struct LangText {
    pub lang: Option<Locale>,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// One searchable thing. `id` is unique across kinds (for example `org:<uuid>`).
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    pub id: String,
    pub kind: String,
    pub texts: Vec<LangText>,
    /// What lists can be narrowed by and counted: `(name, value)`, e.g. `("sdg", "5")`,
    /// `("country", "KR")`. The kind and the languages are facets too (`kind`, `lang`).
    pub facets: Vec<(String, String)>,
}

/// What to search for besides the text.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Only documents of this kind.
    pub kind: Option<&'a str>,
    /// The reader's language: documents in it rank above equally relevant ones in others
    /// (results stay in all four languages).
    pub reader: Option<Locale>,
    pub limit: usize,
    /// Only documents with each of these facet values (`("sdg", "5")`).
    pub filters: &'a [(&'a str, &'a str)],
    /// Facets whose value counts over all matching documents are wanted (`"sdg"`).
    pub count: &'a [&'a str],
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            kind: None,
            reader: None,
            limit: 20,
            filters: &[],
            count: &[],
        }
    }
}

/// How much a document in the reader's language gains: about one good title match.
const READER_LANGUAGE_BONUS: f32 = 2.0;

/// The results of a search: the best documents and, per facet asked for, how many matching
/// documents have each value (most first, then by value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub counts: Vec<(String, Vec<(String, u64)>)>,
}

/// One result, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub kind: String,
    pub score: f32,
}

/// Errors of the index, as text: they are logged and shown as "search is unavailable".
#[derive(Debug)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, SearchError>;

// ---------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------

/// The tokenizer of [`crate::spans`] for tantivy: positions in order, offsets in bytes.
///
/// When indexing (`compounds`), two Latin words written with a single space or hyphen between
/// them are also indexed joined, at the second word's position: "fair trade" and "co-operative"
/// are found by "fairtrade" and "cooperative" (German-style compounds, English variants). A
/// query is analysed without them, so its phrases keep their positions.
#[derive(Clone, Default)]
pub struct PumasiTokenizer {
    tokens: Vec<Token>,
    compounds: bool,
}

/// Whether a term may be joined to its neighbour into a compound: a Latin-script word that
/// is not a function word.
fn joinable(t: &str) -> bool {
    !t.is_empty() && !t.chars().any(crate::is_cjk) && !STOP_WORDS.contains(&t)
}

pub struct PumasiTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for PumasiTokenizer {
    type TokenStream<'a> = PumasiTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PumasiTokenStream<'a> {
        self.tokens.clear();
        let spans = crate::spans(text);
        for (position, (from, to, t)) in spans.iter().enumerate() {
            self.tokens.push(Token {
                offset_from: *from,
                offset_to: *to,
                position,
                text: t.clone(),
                position_length: 1,
            });
            if self.compounds
                && let Some((pf, pt, p)) = position.checked_sub(1).map(|k| &spans[k])
                && joinable(p)
                && joinable(t)
                && matches!(
                    text.get(*pt..*from),
                    Some(" " | "-" | "\u{2010}" | "\u{2011}")
                )
            {
                self.tokens.push(Token {
                    offset_from: *pf,
                    offset_to: *to,
                    position,
                    text: format!("{p}{t}"),
                    position_length: 1,
                });
            }
        }
        PumasiTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for PumasiTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn analyzer_name(lang: Option<Locale>) -> &'static str {
    match lang {
        Some(Locale::En) => "pumasi_en",
        Some(Locale::Fr) => "pumasi_fr",
        Some(Locale::Es) => "pumasi_es",
        Some(Locale::Ko) => "pumasi_ko",
        None => "pumasi_raw",
    }
}

/// The analyzer of a language's fields as they are indexed (`None`: unstemmed, for `words`),
/// compounds included.
#[must_use]
pub fn analyzer(lang: Option<Locale>) -> TextAnalyzer {
    build_analyzer(lang, true)
}

fn build_analyzer(lang: Option<Locale>, compounds: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(PumasiTokenizer {
        tokens: Vec::new(),
        compounds,
    })
    .filter(RemoveLongFilter::limit(60));
    let stemmer = match lang {
        Some(Locale::En) => Some(Language::English),
        Some(Locale::Fr) => Some(Language::French),
        Some(Locale::Es) => Some(Language::Spanish),
        Some(Locale::Ko) | None => None,
    };
    match stemmer {
        Some(l) => base.filter(Stemmer::new(l)).build(),
        None => base.build(),
    }
}

/// The terms of `text` as a query of a field of `lang` looks for them (no compounds).
#[must_use]
pub fn analyse(lang: Option<Locale>, text: &str) -> Vec<String> {
    let mut a = build_analyzer(lang, false);
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Fields {
    id: Field,
    kind: Field,
    lang: Field,
    /// `(language, part, field, weight)` for every language and part.
    text: Vec<(Locale, &'static str, Field, f32)>,
    words: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let text_options = |lang: Option<Locale>| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer_name(lang))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut text = Vec::new();
    for l in Locale::ALL {
        for (part, weight) in PARTS {
            let f = b.add_text_field(&format!("{part}_{}", l.code()), text_options(Some(l)));
            text.push((l, part, f, weight));
        }
    }
    let words = b.add_text_field("words", text_options(None));
    let facets = b.add_facet_field("facets", tantivy::schema::INDEXED);
    (
        b.build(),
        Fields {
            id,
            kind,
            lang,
            text,
            words,
            facets,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// An index in memory (tests, and a hub that rebuilds it at every start).
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn in_ram() -> Result<Self> {
        let (schema, fields) = schema();
        Self::open(Index::create_in_ram(schema), fields)
    }

    /// The index in `dir`, created when missing. An index written with another
    /// [`SCHEMA_VERSION`] is deleted and created empty (`rebuilt` tells the caller to fill it).
    ///
    /// # Errors
    /// File system and tantivy errors.
    pub fn in_dir(dir: &Path) -> Result<(Self, bool)> {
        let stamp = dir.join("pumasi-schema-version");
        let current = std::fs::read_to_string(&stamp)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        let rebuilt = current != Some(SCHEMA_VERSION);
        if rebuilt && dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| SearchError(format!("{}: {e}", dir.display())))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| SearchError(format!("{}: {e}", dir.display())))?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| SearchError(format!("{}: {e}", dir.display())))?;
        let index = Index::open_or_create(directory, schema)?;
        let me = Self::open(index, fields)?;
        if rebuilt {
            std::fs::write(&stamp, SCHEMA_VERSION.to_string())
                .map_err(|e| SearchError(format!("{}: {e}", stamp.display())))?;
        }
        Ok((me, rebuilt))
    }

    fn open(index: Index, fields: Fields) -> Result<Self> {
        for l in Locale::ALL {
            index
                .tokenizers()
                .register(analyzer_name(Some(l)), analyzer(Some(l)));
        }
        index
            .tokenizers()
            .register(analyzer_name(None), analyzer(None));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // 30 MB of indexing memory: a rebuild of 100,000 documents stays small.
        let writer = index.writer(30_000_000)?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| SearchError("the index writer panicked".into()))
    }

    /// Adds `doc`, replacing the document with the same id. Seen after [`Self::commit`].
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn upsert(&self, doc: &SearchDoc) -> Result<()> {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &doc.id);
        d.add_text(f.kind, &doc.kind);
        d.add_facet(f.facets, Facet::from_path(["kind", doc.kind.as_str()]));
        for (name, value) in &doc.facets {
            d.add_facet(f.facets, Facet::from_path([name.as_str(), value.as_str()]));
        }
        for t in &doc.texts {
            if let Some(l) = t.lang {
                d.add_text(f.lang, l.code());
                d.add_facet(f.facets, Facet::from_path(["lang", l.code()]));
            }
            for (part, value) in [
                ("title", &t.title),
                ("summary", &t.summary),
                ("body", &t.body),
            ] {
                if value.is_empty() {
                    continue;
                }
                // A text of no known language is indexed under each language's analysis.
                for (l, p, field, _) in &f.text {
                    if *p == part && t.lang.is_none_or(|want| want == *l) {
                        d.add_text(*field, value);
                    }
                }
                d.add_text(f.words, value);
            }
        }
        let w = self.writer()?;
        w.delete_term(Term::from_field_text(f.id, &doc.id));
        w.add_document(d)?;
        Ok(())
    }

    /// Removes the document `id`. Seen after [`Self::commit`].
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn delete(&self, id: &str) -> Result<()> {
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.id, id));
        Ok(())
    }

    /// Removes every document carrying the facet `/name/value` (an event's sessions).
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn delete_facet(&self, name: &str, value: &str) -> Result<()> {
        self.writer()?.delete_term(Term::from_facet(
            self.fields.facets,
            &Facet::from_path([name, value]),
        ));
        Ok(())
    }

    /// Removes every document (before a full rebuild).
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn clear(&self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes what was added and removed visible to searches.
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn commit(&self) -> Result<()> {
        self.writer()?.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// How many documents searches see.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` documents for `query` (of `kind` when given). A query with no words
    /// (empty, only punctuation) finds nothing; it is never an error.
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn search(&self, query: &str, opts: &Options<'_>) -> Result<Vec<Hit>> {
        Ok(self.find(query, opts)?.hits)
    }

    /// [`Self::search`] with the facet counts of [`Options::count`].
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn find(&self, query: &str, opts: &Options<'_>) -> Result<Found> {
        let Some(q) = self.query(query, opts) else {
            return Ok(Found::default());
        };
        let searcher = self.reader.searcher();
        let mut counter = FacetCollector::for_field("facets");
        for name in opts.count {
            counter.add_facet(Facet::from_path([*name]));
        }
        let (top, counts) = searcher.search(
            &q,
            &(
                TopDocs::with_limit(opts.limit.max(1)).order_by_score(),
                counter,
            ),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = |f: Field| {
                d.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            hits.push(Hit {
                id: text(self.fields.id),
                kind: text(self.fields.kind),
                score,
            });
        }
        let counts = opts
            .count
            .iter()
            .map(|name| {
                let mut values: Vec<(String, u64)> = counts
                    .get(Facet::from_path([*name]))
                    .map(|(facet, n)| {
                        (
                            facet
                                .to_path()
                                .last()
                                .copied()
                                .unwrap_or_default()
                                .to_owned(),
                            n,
                        )
                    })
                    .collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                ((*name).to_owned(), values)
            })
            .collect();
        Ok(Found { hits, counts })
    }

    /// The query for a search box's text: every part must match somewhere.
    fn query(&self, text: &str, opts: &Options<'_>) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let parts = parse(text);
        for (k, part) in parts.iter().enumerate() {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(q) = self.part_query(part) {
                alts.push((Occur::Should, q));
            }
            // A word typed apart that the text writes joined: "fair trade" finds "fairtrade"
            // (each word is then met by the compound with its neighbour).
            let before = k.checked_sub(1).and_then(|j| joined(&parts[j], part));
            let after = parts.get(k + 1).and_then(|n| joined(part, n));
            for compound in [before, after].into_iter().flatten() {
                if let Some(q) = self.part_query(&Part::Word(compound)) {
                    alts.push((Occur::Should, q));
                }
            }
            match alts.len() {
                0 => {}
                1 => must.push((Occur::Must, alts.remove(0).1)),
                _ => must.push((Occur::Must, Box::new(BooleanQuery::new(alts)))),
            }
        }
        if must.is_empty() {
            return None;
        }
        if let Some(k) = opts.kind {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, k),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for (name, value) in opts.filters {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(self.fields.facets, &Facet::from_path([*name, *value])),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(l) = opts.reader {
            let in_it = TermQuery::new(
                Term::from_field_text(self.fields.lang, l.code()),
                IndexRecordOption::Basic,
            );
            must.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(in_it), READER_LANGUAGE_BONUS)),
            ));
        }
        Some(Box::new(BooleanQuery::new(must)))
    }

    /// One word or phrase, in any language and field.
    fn part_query(&self, part: &Part) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut forms = vec![part.text().to_owned()];
        if let Part::Word(w) = part
            && let Some(noun) = strip_particle(w)
        {
            forms.push(noun);
        }
        // A quoted pair of words also as the compound a text may write: “fair trade” finds
        // "fairtrade".
        if let Part::Phrase(p) = part
            && let [a, b] = crate::tokens(p).as_slice()
            && joinable(a)
            && joinable(b)
        {
            forms.push(format!("{a}{b}"));
        }
        // "co-operative" also as "cooperative", for texts that write it joined.
        if let Part::Word(w) = part
            && w.contains(['-', '\u{2010}', '\u{2011}'])
        {
            let terms = crate::tokens(w);
            if terms.len() > 1 && terms.iter().all(|t| !t.chars().any(crate::is_cjk)) {
                forms.push(terms.concat());
            }
        }
        for form in &forms {
            for (l, _, field, weight) in &self.fields.text {
                let terms = analyse(Some(*l), form);
                if let Some(q) = terms_query(*field, &terms) {
                    should.push((Occur::Should, Box::new(BoostQuery::new(q, *weight))));
                }
            }
        }
        if let Part::Word(w) = part {
            let raw = analyse(None, w);
            // One Latin word long enough that one typo does not make it another word.
            if let [t] = raw.as_slice()
                && t.chars().count() >= 5
                && !t.chars().any(crate::is_cjk)
            {
                let fuzzy =
                    FuzzyTermQuery::new(Term::from_field_text(self.fields.words, t), 1, true);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), 0.5)),
                ));
            }
        }
        (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
    }

    /// The languages a document was indexed in (for tests and diagnostics).
    ///
    /// # Errors
    /// Tantivy errors.
    pub fn languages_of(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = top.first() else {
            return Ok(Vec::new());
        };
        let d: TantivyDocument = searcher.doc(*addr)?;
        Ok(d.get_all(self.fields.lang)
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect())
    }

    /// The underlying tantivy index (snippets, statistics).
    #[must_use]
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// Function words of English, French and Spanish (folded), never highlighted on their own.
const STOP_WORDS: [&str; 48] = [
    "a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "or", "by", "et", "de", "la",
    "le", "les", "des", "du", "en", "un", "une", "au", "aux", "pour", "par", "sur", "dans", "avec",
    "ou", "y", "el", "los", "las", "del", "una", "para", "por", "con", "o", "e", "al", "lo", "que",
    "se", "es", "est", "su",
];

/// Korean particles (josa) written after a noun, longest first.
const PARTICLES: [&str; 24] = [
    "에서는",
    "으로는",
    "에게서",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "처럼",
    "보다",
    "과의",
    "와의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "로",
];

/// A Korean word without the particle at its end (협동조합은 → 협동조합), when what is left
/// is still a word of two syllables or more.
#[must_use]
pub fn strip_particle(word: &str) -> Option<String> {
    if !word.chars().all(crate::is_cjk) {
        return None;
    }
    PARTICLES.iter().find_map(|p| {
        let stem = word.strip_suffix(p)?;
        (stem.chars().count() >= 2).then(|| stem.to_owned())
    })
}

/// Two words of a query joined into the compound a text may write instead, when both are
/// single Latin words that are not function words.
fn joined(a: &Part, b: &Part) -> Option<String> {
    let (Part::Word(a), Part::Word(b)) = (a, b) else {
        return None;
    };
    let (a, b) = (crate::tokens(a), crate::tokens(b));
    match (a.as_slice(), b.as_slice()) {
        ([a], [b]) if joinable(a) && joinable(b) => Some(format!("{a}{b}")),
        _ => None,
    }
}

/// A term query for one term, a phrase query for several (a CJK word's bigrams, a quoted phrase).
fn terms_query(field: Field, terms: &[String]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [t] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))),
        many => Some(Box::new(PhraseQuery::new(
            many.iter()
                .map(|t| Term::from_field_text(field, t))
                .collect(),
        ))),
    }
}

/// A piece of a search box's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Word(String),
    Phrase(String),
}

impl Part {
    fn text(&self) -> &str {
        match self {
            Part::Word(t) | Part::Phrase(t) => t,
        }
    }
}

/// Splits a search box's text into words and "quoted phrases". An unclosed quote runs to the
/// end; the text is cut at [`QUERY_MAX_CHARS`] and [`QUERY_MAX_PARTS`].
#[must_use]
pub fn parse(text: &str) -> Vec<Part> {
    // Typographic quotes (“…”, « … », „…“, 「…」) quote a phrase as straight ones do.
    let text: String = text
        .chars()
        .take(QUERY_MAX_CHARS)
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}' | '\u{300C}'
            | '\u{300D}' => '"',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    for (i, piece) in text.split('"').enumerate() {
        if i % 2 == 1 {
            if !crate::tokens(piece).is_empty() {
                out.push(Part::Phrase(piece.trim().to_owned()));
            }
        } else {
            out.extend(
                piece
                    .split_whitespace()
                    .filter(|w| !crate::tokens(w).is_empty())
                    .map(|w| Part::Word(w.to_owned())),
            );
        }
    }
    out.truncate(QUERY_MAX_PARTS);
    out
}

/// The byte ranges of `text` (written in `lang`) that match the words of `query`, analysed
/// like the index does (so "coopératives" is marked for the query "cooperative"), in order and
/// without overlaps.
#[must_use]
pub fn highlights(text: &str, lang: Option<Locale>, query: &str) -> Vec<(usize, usize)> {
    let mut wanted: Vec<String> = Vec::new();
    for part in parse(query) {
        // A little word of the query ("et", "de", "the") still has to match, but marking each
        // of its occurrences would mark half the text.
        if let Part::Word(w) = &part
            && crate::tokens(w)
                .iter()
                .all(|t| STOP_WORDS.contains(&t.as_str()))
        {
            continue;
        }
        wanted.extend(analyse(lang, part.text()));
        if let Part::Word(w) = &part
            && let Some(noun) = strip_particle(w)
        {
            wanted.extend(analyse(lang, &noun));
        }
    }
    let mut a = analyzer(lang);
    let mut s = a.token_stream(text);
    let mut out: Vec<(usize, usize)> = Vec::new();
    while s.advance() {
        let t = s.token();
        if wanted.contains(&t.text) {
            match out.last_mut() {
                // Overlapping or touching (a CJK word's bigrams): one range.
                Some(last) if t.offset_from <= last.1 => {
                    last.0 = last.0.min(t.offset_from);
                    last.1 = last.1.max(t.offset_to);
                }
                _ => out.push((t.offset_from, t.offset_to)),
            }
        }
    }
    out
}

/// A passage of at most `max_chars` characters of `text` around its first highlight, as
/// `(text, highlights within it)`; the start of the text when nothing matched.
#[must_use]
pub fn snippet(
    text: &str,
    ranges: &[(usize, usize)],
    max_chars: usize,
) -> (String, Vec<(usize, usize)>) {
    let first = ranges.first().map_or(0, |r| r.0);
    // Start a little before the first match, on a character boundary.
    let mut start = first;
    for _ in 0..max_chars / 4 {
        match text[..start].chars().next_back() {
            Some(c) => start -= c.len_utf8(),
            None => break,
        }
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    let inside = ranges
        .iter()
        .filter(|(a, b)| *a >= start && *b <= end)
        .map(|(a, b)| (a - start, b - start))
        .collect();
    (text[start..end].to_owned(), inside)
}
