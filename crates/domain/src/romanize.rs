//! Latin letters for names written in any script, so that every record gets a web address
//! from its name. Hangul follows the Revised Romanization of Korean (2000) syllable by syllable,
//! with the liaison of a final consonant before a silent ㅇ and ㄹㄹ as `ll`; other scripts
//! (Cyrillic, Arabic, Greek, Han, Kana, …) are transliterated by `deunicode`'s tables.

const FIRST: u32 = 0xAC00;
const LAST: u32 = 0xD7A3;

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// A final consonant at the end of a word or before a consonant (its representative sound).
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];
/// A final consonant carried over to a following syllable that starts with a silent ㅇ:
/// (what stays, what moves), e.g. 한국어 → han-gu-geo, 닭이 → dal-gi.
const LIAISON: [(&str, &str); 28] = [
    ("", ""),
    ("", "g"),
    ("", "kk"),
    ("k", "s"),
    ("", "n"),
    ("n", "j"),
    ("n", ""),
    ("", "d"),
    ("", "r"),
    ("l", "g"),
    ("l", "m"),
    ("l", "b"),
    ("l", "s"),
    ("l", "t"),
    ("l", "p"),
    ("l", ""),
    ("", "m"),
    ("", "b"),
    ("p", "s"),
    ("", "s"),
    ("", "ss"),
    ("ng", ""),
    ("", "j"),
    ("", "ch"),
    ("", "k"),
    ("", "t"),
    ("", "p"),
    ("", ""),
];

fn syllable(c: char) -> Option<(usize, usize, usize)> {
    let u = c as u32;
    if (FIRST..=LAST).contains(&u) {
        let i = (u - FIRST) as usize;
        Some((i / (21 * 28), (i % (21 * 28)) / 28, i % 28))
    } else {
        None
    }
}

/// A run of Hangul syllables in Revised Romanization, lower case.
#[must_use]
pub fn hangul(run: &str) -> String {
    let syllables: Vec<(usize, usize, usize)> = run.chars().filter_map(syllable).collect();
    let mut out = String::with_capacity(syllables.len() * 4);
    // What the previous syllable's final carried into this one, if anything.
    let mut carried: Option<&str> = None;
    for (n, &(initial, medial, fin)) in syllables.iter().enumerate() {
        let prev_final_l = n > 0 && syllables[n - 1].2 == 8;
        match carried.take() {
            Some(moved) if initial == 11 => out.push_str(moved),
            _ if initial == 5 && prev_final_l => out.push('l'),
            _ => out.push_str(INITIALS[initial]),
        }
        out.push_str(MEDIALS[medial]);
        let next_silent = syllables.get(n + 1).is_some_and(|s| s.0 == 11);
        if fin != 0 && next_silent {
            let (stays, moves) = LIAISON[fin];
            out.push_str(stays);
            carried = Some(moves);
        } else {
            out.push_str(FINALS[fin]);
        }
    }
    out
}

/// The text with every letter in Latin script (ASCII where possible): Hangul by Revised
/// Romanization, other scripts transliterated, separated from neighbouring words.
#[must_use]
pub fn to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push_str(&hangul(run));
            run.clear();
        }
    };
    for c in text.chars() {
        if syllable(c).is_some() {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out);
        if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            let t = deunicode::deunicode_char(c).unwrap_or("");
            // Han and Kana come out as syllables with a trailing space: keep them as words.
            // Signs such as the soft sign (ь → ') are part of the word, not a break in it.
            out.extend(
                t.trim_end()
                    .chars()
                    .filter(|ch| ch.is_ascii_alphanumeric() || *ch == ' '),
            );
            if t.ends_with(' ') || is_cjk(c) {
                out.push(' ');
            }
        } else {
            out.push(' ');
        }
    }
    flush(&mut run, &mut out);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revised_romanization() {
        assert_eq!(hangul("서울"), "seoul");
        assert_eq!(hangul("광주"), "gwangju");
        assert_eq!(hangul("부산"), "busan");
        assert_eq!(hangul("사회적경제"), "sahoejeokgyeongje");
        assert_eq!(hangul("연대회의"), "yeondaehoeui");
        assert_eq!(hangul("한국어"), "hangugeo");
        assert_eq!(hangul("울릉"), "ulleung");
        assert_eq!(hangul("협동조합기본법"), "hyeopdongjohapgibonbeop");
        assert_eq!(hangul("한마당"), "hanmadang");
        assert_eq!(hangul("전국"), "jeonguk");
        assert_eq!(hangul("닭이"), "dalgi");
    }

    #[test]
    fn other_scripts() {
        assert_eq!(to_latin("Москва").trim(), "Moskva");
        let arabic = to_latin("الاقتصاد الاجتماعي");
        assert!(arabic.chars().any(|c| c.is_ascii_alphabetic()), "{arabic}");
        assert!(to_latin("東京").trim().eq_ignore_ascii_case("dong jing"));
        assert_eq!(to_latin("2027 전국"), "2027 jeonguk");
    }
}
