//! Search for Pumasi: the text analysis and the tantivy index ([`index`]), kept in step with the database through the outbox ([`sync`]). Korean, Chinese and
//! Japanese text is cut into overlapping bigrams of each Hangul/Han/Kana run (Lucene's CJK
//! approach — no dictionary needed, and the Korean morphological dictionaries cannot be
//! downloaded here); other words are taken whole, lower-cased and folded (é → e), then stemmed
//! per language by the index's analyzers.

pub mod index;
pub mod sync;

pub use index::{Result, SearchError};
pub use sync::Search;

/// Whether a character belongs to a script written without spaces between words (or, for
/// Hangul, with spaces but with particles glued to words), which bigrams handle well.
#[must_use]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9D) // half-width Katakana
}

/// Elided articles, pronouns and conjunctions (French, Catalan, Italian) that an apostrophe
/// joins to the next word; they are not terms of their own.
const ELIDED: [&str; 17] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu", "puisqu", "jusqu", "quoiqu", "un",
    "dell", "all", "nell",
];

/// The terms of a text, in order: CJK bigrams and folded words.
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    spans(text).into_iter().map(|(_, _, t)| t).collect()
}

/// The terms of a text with the byte range each comes from: `(from, to, term)`.
#[must_use]
pub fn spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut word_from = 0;
    // (byte offset, char, its length in the text) of the current CJK run.
    let mut run: Vec<(usize, char, usize)> = Vec::new();
    let flush_run = |run: &mut Vec<(usize, char, usize)>, out: &mut Vec<(usize, usize, String)>| {
        let end = |&(at, _, len): &(usize, char, usize)| at + len;
        match run.as_slice() {
            [] => {}
            [one] => out.push((one.0, end(one), one.1.to_string())),
            _ => out.extend(
                run.windows(2)
                    .map(|w| (w[0].0, end(&w[1]), [w[0].1, w[1].1].iter().collect())),
            ),
        }
        run.clear();
    };
    let flush_word =
        |word: &mut String, from: usize, to: usize, out: &mut Vec<(usize, usize, String)>| {
            if !word.is_empty() {
                out.push((from, to, std::mem::take(word)));
            }
        };
    // The last character of the previous CJK run while only spaces have followed it: Korean
    // is spaced between words that are also written together (서울 선언 / 서울선언), so the
    // pair across the space is a term too, and the compound finds the spaced words.
    let mut before_space: Option<(usize, char, usize)> = None;
    for (at, original) in text.char_indices() {
        let len = original.len_utf8();
        let c = original;
        // Full-width and other compatibility forms (ＧＳＥＦ, ｺｰﾌﾟ) count as their plain letters.
        let c = {
            use unicode_normalization::UnicodeNormalization;
            let mut n = std::iter::once(c).nfkc();
            match (n.next(), n.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        };
        if is_cjk(c) {
            flush_word(&mut word, word_from, at, &mut out);
            if run.is_empty()
                && let Some((from, p, _)) = before_space.take()
            {
                out.push((from, at + len, [p, c].iter().collect()));
            }
            run.push((at, c, len));
        } else if c.is_whitespace() && word.is_empty() {
            if let Some(&last) = run.last() {
                before_space = Some(last);
            }
            flush_run(&mut run, &mut out);
        } else if c.is_alphanumeric() {
            before_space = None;
            flush_run(&mut run, &mut out);
            if word.is_empty() {
                word_from = at;
            }
            for f in pumasi_domain::types::fold_latin(c)
                .chars()
                .flat_map(char::to_lowercase)
            {
                word.push(f);
            }
        } else {
            before_space = None;
            flush_run(&mut run, &mut out);
            if matches!(c, '\'' | '\u{2019}')
                && ELIDED.contains(&word.as_str())
                && text[at + len..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                // French (and Catalan, Italian) elision: l'économie is économie.
                word.clear();
            } else {
                flush_word(&mut word, word_from, at, &mut out);
            }
        }
    }
    flush_run(&mut run, &mut out);
    flush_word(&mut word, word_from, text.len(), &mut out);
    out
}

/// Whether every term of `query` occurs in `text`: what a search box promises, and what the
/// index will answer the same way.
#[must_use]
pub fn matches(text: &str, query: &str) -> bool {
    let have = tokens(text);
    let want = tokens(query);
    !want.is_empty() && want.iter().all(|t| have.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn korean_is_cut_into_bigrams() {
        assert_eq!(
            tokens("사회연대경제"),
            ["사회", "회연", "연대", "대경", "경제"]
        );
        // A particle glued to a word still leaves the word's bigrams findable.
        assert!(matches(
            "서울시는 사회연대경제를 지원합니다",
            "사회연대경제"
        ));
        assert!(matches("서울특별시", "서울"));
        assert!(!matches("부산광역시", "서울"));
    }

    #[test]
    fn korean_compounds_match_spaced_words() {
        // The pair across a space is a term, so the compound finds the spaced words.
        assert_eq!(tokens("서울 선언"), ["서울", "울선", "선언"]);
        assert!(matches("2013년 서울 선언", "서울선언"));
        assert!(matches("서울 선언문에 서명", "서울선언문"));
        assert!(matches("협동조합 기본법 시행", "협동조합기본법"));
        // Punctuation or Latin words in between break the pair.
        assert_eq!(tokens("서울. 선언"), ["서울", "선언"]);
        assert_eq!(tokens("서울 GSEF 선언"), ["서울", "gsef", "선언"]);
    }

    #[test]
    fn elision_and_compatibility_forms() {
        assert_eq!(
            tokens("l'économie d’entreprise"),
            ["economie", "entreprise"]
        );
        assert!(matches("Chantier de l'économie sociale", "d'économie"));
        assert!(matches("qu'une coopérative", "cooperative"));
        // An apostrophe that elides nothing stays a break.
        assert_eq!(tokens("Women's rights"), ["women", "s", "rights"]);
        assert_eq!(tokens("ＧＳＥＦ ２０２５"), ["gsef", "2025"]);
    }

    #[test]
    fn latin_words_are_folded() {
        assert_eq!(
            tokens("Économie SOLIDAIRE, Montréal!"),
            ["economie", "solidaire", "montreal"]
        );
        assert!(matches("Chantier de l'économie sociale", "ECONOMIE"));
    }

    #[test]
    fn mixed_scripts_and_single_characters() {
        assert_eq!(tokens("GSEF 2025 포럼"), ["gsef", "2025", "포럼"]);
        assert_eq!(tokens("시"), ["시"]);
        assert_eq!(
            tokens("東京の協同組合"),
            ["東京", "京の", "の協", "協同", "同組", "組合"]
        );
        assert!(!matches("anything", "   "));
    }

    proptest! {
        #[test]
        fn a_text_always_matches_itself(s in "\\PC{1,60}") {
            if !tokens(&s).is_empty() {
                prop_assert!(matches(&s, &s));
            }
        }
    }
}
