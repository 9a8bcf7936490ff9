//! The index over a small multilingual corpus: what people type finds what they mean, in the
//! four languages, and what must never happen (an error for odd input, a stale or deleted
//! document still found) does not.

use pumasi_domain::locale::Locale;
use pumasi_search::index::{
    Found, LangText, Options, Part, SearchDoc, SearchIndex, highlights, parse, snippet,
    strip_particle,
};

fn text(lang: Locale, title: &str, summary: &str, body: &str) -> LangText {
    LangText {
        lang: Some(lang),
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
    }
}

fn doc(id: &str, kind: &str, texts: Vec<LangText>) -> SearchDoc {
    SearchDoc {
        id: id.into(),
        kind: kind.into(),
        texts,
        facets: vec![],
    }
}

fn corpus() -> SearchIndex {
    let ix = SearchIndex::in_ram().unwrap();
    for d in [
        doc(
            "fr-habitat",
            "library",
            vec![
                text(
                    Locale::Fr,
                    "Les coopératives d'habitation à Montréal",
                    "Quarante ans de logement communautaire",
                    "Les coopératives d'habitation offrent des loyers abordables aux familles.",
                ),
                text(
                    Locale::Ko,
                    "몬트리올의 주거협동조합",
                    "공동체 주택 40년",
                    "주거협동조합은 가족들에게 저렴한 임대료를 제공한다.",
                ),
            ],
        ),
        doc(
            "en-energy",
            "library",
            vec![text(
                Locale::En,
                "Community energy cooperatives",
                "How towns finance their own wind and solar power",
                "Community energy groups raise money through community shares and financing from local banks.",
            )],
        ),
        doc(
            "es-mercado",
            "library",
            vec![text(
                Locale::Es,
                "Mercados sociales y economía solidaria",
                "Redes de consumo en Cataluña",
                "Los mercados sociales conectan a las cooperativas con los consumidores.",
            )],
        ),
        doc(
            "ko-seoul",
            "organisation",
            vec![text(
                Locale::Ko,
                "서울특별시 사회적경제 지원센터",
                "서울시는 협동조합과 사회적기업을 지원한다",
                "사회연대경제 정책의 중심 기관이다.",
            )],
        ),
        doc(
            "en-body-only",
            "library",
            vec![text(
                Locale::En,
                "Annual report",
                "Figures of the year",
                "This report mentions solar panels once.",
            )],
        ),
    ] {
        ix.upsert(&d).unwrap();
    }
    ix.commit().unwrap();
    ix
}

fn ids(ix: &SearchIndex, q: &str) -> Vec<String> {
    ix.search(q, &Options::default())
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn finds(ix: &SearchIndex, q: &str, id: &str) -> bool {
    ids(ix, q).iter().any(|i| i == id)
}

#[test]
fn korean_nouns_are_found_with_or_without_particles() {
    let ix = corpus();
    // 주거협동조합은 in the text, 협동조합 typed.
    assert!(
        finds(&ix, "협동조합", "fr-habitat"),
        "{:?}",
        ids(&ix, "협동조합")
    );
    assert!(finds(&ix, "협동조합", "ko-seoul"));
    // A particle typed by the reader is not required in the text.
    assert!(finds(&ix, "협동조합은", "ko-seoul"));
    assert!(finds(&ix, "사회적경제를", "ko-seoul"));
    assert!(finds(&ix, "서울", "ko-seoul"));
    assert!(!finds(&ix, "부산", "ko-seoul"));
    // Bigrams must be consecutive: 조합협동 is not 협동조합.
    assert!(ids(&ix, "조합협동").is_empty());
    assert_eq!(strip_particle("협동조합의").as_deref(), Some("협동조합"));
    assert_eq!(strip_particle("은"), None, "a particle alone is not a noun");
    assert_eq!(strip_particle("coop"), None);
}

#[test]
fn a_french_item_is_found_through_its_korean_translation() {
    let ix = corpus();
    assert_eq!(ids(&ix, "몬트리올 주거협동조합")[0], "fr-habitat");
    assert_eq!(ix.languages_of("fr-habitat").unwrap(), ["fr", "ko"]);
}

#[test]
fn accents_plurals_and_stems() {
    let ix = corpus();
    // French: without accents, singular or plural.
    assert!(finds(&ix, "cooperative habitation", "fr-habitat"));
    assert!(finds(&ix, "coopératives d'habitation", "fr-habitat"));
    assert!(finds(&ix, "MONTREAL", "fr-habitat"));
    // Spanish.
    assert!(finds(&ix, "economia", "es-mercado"));
    assert!(finds(&ix, "mercado social", "es-mercado"));
    assert!(finds(&ix, "Cataluna", "es-mercado"));
    // English stems.
    assert!(finds(&ix, "cooperative", "en-energy"));
    assert!(finds(&ix, "financed", "en-energy"));
    // Every word must match somewhere.
    assert!(!finds(&ix, "cooperative volcano", "en-energy"));
}

#[test]
fn one_typo_in_a_word_of_five_letters_or_more_is_forgiven() {
    let ix = corpus();
    assert!(finds(&ix, "comunity", "en-energy"), "one letter missing");
    assert!(
        finds(&ix, "cooperatvies", "en-energy"),
        "two letters swapped"
    );
    assert!(
        finds(&ix, "solor", "en-energy"),
        "five letters: one typo forgiven"
    );
    assert!(
        !finds(&ix, "wimd", "en-energy"),
        "a word of four letters must be right: {:?}",
        ids(&ix, "wimd")
    );
}

#[test]
fn phrases_keep_their_order() {
    let ix = corpus();
    assert!(finds(&ix, "\"community energy\"", "en-energy"));
    assert!(!finds(&ix, "\"energy community\"", "en-energy"));
    assert_eq!(
        parse(r#"seoul "social economy" 협동조합"#),
        [
            Part::Word("seoul".into()),
            Part::Phrase("social economy".into()),
            Part::Word("협동조합".into())
        ]
    );
}

#[test]
fn titles_weigh_more_than_bodies() {
    let ix = corpus();
    let found = ids(&ix, "solar");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0], "en-energy", "in the summary beats in the body");
    let found = ids(&ix, "report");
    assert_eq!(found, ["en-body-only"]);
}

#[test]
fn kinds_filter() {
    let ix = corpus();
    let hits = ix
        .search(
            "협동조합",
            &Options {
                kind: Some("organisation"),
                ..Options::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].id.as_str(), hits[0].kind.as_str()),
        ("ko-seoul", "organisation")
    );
}

#[test]
fn odd_queries_find_nothing_and_never_fail() {
    let ix = corpus();
    for q in [
        "",
        "   ",
        "!!! ??? ...",
        "\"",
        "\"unclosed phrase about community",
        "<script>alert(1)</script>",
        "*:* OR 1=1",
    ] {
        let r = ix.search(q, &Options::default());
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert!(ids(&ix, "!!! ??? ...").is_empty());
    // An unclosed quote runs to the end: the phrase is not in any document.
    assert!(ids(&ix, "\"unclosed phrase about community").is_empty());
    assert!(finds(&ix, "\"community energy", "en-energy"));
    let long = "community ".repeat(1_000);
    assert!(
        finds(&ix, &long, "en-energy"),
        "a 10,000-character query is cut, not refused"
    );
    assert_eq!(parse(&"a ".repeat(500)).len(), 32);
}

#[test]
fn updates_and_deletions_are_seen_after_commit() {
    let ix = corpus();
    ix.upsert(&doc(
        "en-energy",
        "library",
        vec![text(Locale::En, "Rural broadband cooperatives", "", "")],
    ))
    .unwrap();
    ix.commit().unwrap();
    assert!(!finds(&ix, "energy", "en-energy"), "the old text is gone");
    assert!(finds(&ix, "broadband", "en-energy"));
    assert_eq!(ix.len(), 5, "replaced, not added");
    ix.delete("en-energy").unwrap();
    ix.commit().unwrap();
    assert!(ids(&ix, "broadband").is_empty());
    assert_eq!(ix.len(), 4);
    ix.clear().unwrap();
    ix.commit().unwrap();
    assert!(ix.is_empty());
}

#[test]
fn an_index_on_disk_survives_reopening_and_is_rebuilt_when_its_version_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    {
        let (ix, rebuilt) = SearchIndex::in_dir(&path).unwrap();
        assert!(rebuilt, "a new index must be filled");
        ix.upsert(&doc(
            "ko-seoul",
            "organisation",
            vec![text(Locale::Ko, "서울", "", "")],
        ))
        .unwrap();
        ix.commit().unwrap();
    }
    {
        let (ix, rebuilt) = SearchIndex::in_dir(&path).unwrap();
        assert!(!rebuilt);
        assert_eq!(ix.search("서울", &Options::default()).unwrap().len(), 1);
    }
    std::fs::write(path.join("pumasi-schema-version"), "0").unwrap();
    let (ix, rebuilt) = SearchIndex::in_dir(&path).unwrap();
    assert!(rebuilt, "another version: deleted and created again");
    assert!(ix.is_empty());
}

#[test]
fn the_readers_language_comes_first_among_equals() {
    let ix = SearchIndex::in_ram().unwrap();
    for (id, lang) in [("guide-en", Locale::En), ("guide-fr", Locale::Fr)] {
        ix.upsert(&doc(
            id,
            "library",
            vec![text(lang, "Toolkit SSE 2025", "", "")],
        ))
        .unwrap();
    }
    ix.commit().unwrap();
    for (reader, first) in [(Locale::Fr, "guide-fr"), (Locale::En, "guide-en")] {
        let hits = ix
            .search(
                "toolkit",
                &Options {
                    reader: Some(reader),
                    ..Options::default()
                },
            )
            .unwrap();
        assert_eq!(hits.len(), 2, "both languages are listed");
        assert_eq!(hits[0].id, first, "{reader:?}");
    }
    // The bonus alone finds nothing.
    let none = ix
        .search(
            "volcano",
            &Options {
                reader: Some(Locale::Fr),
                ..Options::default()
            },
        )
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn highlights_mark_what_matched_as_the_index_saw_it() {
    let fr = "Les coopératives d'habitation à Montréal";
    let marked: Vec<&str> = highlights(fr, Some(Locale::Fr), "cooperative montreal")
        .into_iter()
        .map(|(a, b)| &fr[a..b])
        .collect();
    assert_eq!(marked, ["coopératives", "Montréal"]);
    let ko = "서울시는 협동조합을 지원한다";
    let marked: Vec<&str> = highlights(ko, Some(Locale::Ko), "협동조합은")
        .into_iter()
        .map(|(a, b)| &ko[a..b])
        .collect();
    assert_eq!(marked, ["협동조합"], "the bigrams join into the noun");
    assert!(highlights(fr, Some(Locale::Fr), "!!!").is_empty());

    let long = format!("{}cooperative{}", "x ".repeat(200), " y".repeat(200));
    let ranges = highlights(&long, Some(Locale::En), "cooperative");
    let (passage, inside) = snippet(&long, &ranges, 60);
    assert!(passage.chars().count() <= 60);
    assert_eq!(inside.len(), 1);
    assert_eq!(&passage[inside[0].0..inside[0].1], "cooperative");
    let (start, none) = snippet("서울시는 협동조합을", &[], 4);
    assert_eq!((start.as_str(), none.len()), ("서울시는", 0));
}

#[test]
fn facets_filter_and_count_over_every_match() {
    let ix = SearchIndex::in_ram().unwrap();
    for (id, lang, sdgs, country) in [
        ("a", Locale::En, vec!["5", "8"], "KR"),
        ("b", Locale::Fr, vec!["8"], "FR"),
        ("c", Locale::En, vec!["11"], "KR"),
        ("d", Locale::Es, vec!["5"], "MX"),
    ] {
        let mut facets: Vec<(String, String)> = sdgs
            .into_iter()
            .map(|s| ("sdg".to_owned(), s.to_owned()))
            .collect();
        facets.push(("country".into(), country.into()));
        ix.upsert(&SearchDoc {
            facets,
            ..doc(id, "library", vec![text(lang, "Cooperative guide", "", "")])
        })
        .unwrap();
    }
    ix.commit().unwrap();
    // Counts cover all matches, not only the page shown.
    let Found { hits, counts } = ix
        .find(
            "cooperative",
            &Options {
                limit: 1,
                count: &["sdg", "country", "lang", "kind"],
                ..Options::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    let of = |name: &str| {
        counts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(
        of("sdg"),
        [
            ("5".to_owned(), 2),
            ("8".to_owned(), 2),
            ("11".to_owned(), 1)
        ]
    );
    assert_eq!(
        of("country"),
        [
            ("KR".to_owned(), 2),
            ("FR".to_owned(), 1),
            ("MX".to_owned(), 1)
        ]
    );
    assert_eq!(
        of("lang"),
        [
            ("en".to_owned(), 2),
            ("es".to_owned(), 1),
            ("fr".to_owned(), 1)
        ]
    );
    assert_eq!(of("kind"), [("library".to_owned(), 4)]);
    // Filters narrow, and combine.
    let ids = |filters: &[(&str, &str)]| {
        let mut v: Vec<String> = ix
            .search(
                "cooperative",
                &Options {
                    filters,
                    ..Options::default()
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&[("sdg", "5")]), ["a", "d"]);
    assert_eq!(ids(&[("sdg", "5"), ("country", "KR")]), ["a"]);
    assert!(ids(&[("sdg", "17")]).is_empty());
    assert!(
        ids(&[("sdg", "<script>/../x")]).is_empty(),
        "odd values are just values"
    );
}

#[test]
fn typographic_quotes_quote_a_phrase() {
    let straight = parse("\"économie sociale\" Dakar");
    assert_eq!(
        straight,
        vec![
            Part::Phrase("économie sociale".into()),
            Part::Word("Dakar".into())
        ]
    );
    assert_eq!(parse("“économie sociale” Dakar"), straight);
    assert_eq!(parse("« économie sociale » Dakar"), straight);
    assert_eq!(parse("「économie sociale」Dakar"), straight);
}

#[test]
fn little_words_are_not_highlighted() {
    let text = "Économie sociale et solidaire et territoires";
    let marked: Vec<&str> = highlights(text, Some(Locale::Fr), "économie et solidaire")
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect();
    assert!(marked.iter().any(|m| m.contains("conomie")), "{marked:?}");
    assert!(marked.contains(&"solidaire"), "{marked:?}");
    assert!(!marked.contains(&"et"), "{marked:?}");
}

#[test]
fn english_compounds_match_joined_spaced_and_hyphenated() {
    let ix = SearchIndex::in_ram().unwrap();
    for d in [
        doc(
            "hyphen",
            "library",
            vec![text(
                Locale::En,
                "The co-operative bakery of Leeds",
                "A worker-owned bakery",
                "Bread sold through fair trade shops.",
            )],
        ),
        doc(
            "joined",
            "library",
            vec![text(
                Locale::En,
                "Cooperative housing in Vienna",
                "Fairtrade coffee in every flat",
                "Tenants run the building together.",
            )],
        ),
        doc(
            "apart",
            "library",
            vec![text(
                Locale::En,
                "Unions and wages",
                "A report on pay",
                "Workers own the shop. Keeper of the books is Ann. The operative word is together.",
            )],
        ),
    ] {
        ix.upsert(&d).unwrap();
    }
    ix.commit().unwrap();
    let mut both = ["hyphen", "joined"];
    both.sort_unstable();
    for q in [
        "cooperative",
        "co-operative",
        "fairtrade",
        "fair trade",
        "fair-trade",
    ] {
        let mut got = ids(&ix, q);
        got.sort();
        assert_eq!(got, both, "{q}");
    }
    // A compound is not made across a sentence's punctuation, nor from function words.
    assert!(!finds(&ix, "shopkeeper", "apart"));
    assert!(finds(&ix, "shop keeper", "apart"));
    assert!(finds(&ix, "operativeword", "apart"));
    assert!(!finds(&ix, "theoperative", "apart"));
    // Phrases keep their positions: the compound does not sit between the words.
    assert!(finds(&ix, "\"fair trade shops\"", "hyphen"));
    assert!(finds(&ix, "\"co-operative bakery\"", "hyphen"));
    // The hyphenated word is marked where the joined query matched it.
    let t = "The co-operative bakery";
    let h = highlights(t, Some(Locale::En), "cooperative");
    assert_eq!(
        h.iter().map(|&(a, b)| &t[a..b]).collect::<Vec<_>>(),
        ["co-operative"]
    );
}
