//! Languages people work and write in (ISO 639-1), named in the four interface languages, for
//! choosing rather than typing codes. The list holds the languages of the network's members and
//! of the documents they share; a code outside it (from an import or the API) is still valid
//! and shown as its code.

use crate::locale::Locale;
use serde::{Deserialize, Serialize};

/// `(code, [English, French, Spanish, Korean])`, in code order.
const LANGUAGES: [(&str, [&str; 4]); 24] = [
    ("ar", ["Arabic", "arabe", "árabe", "아랍어"]),
    ("ca", ["Catalan", "catalan", "catalán", "카탈루냐어"]),
    ("de", ["German", "allemand", "alemán", "독일어"]),
    ("en", ["English", "anglais", "inglés", "영어"]),
    ("es", ["Spanish", "espagnol", "español", "스페인어"]),
    ("eu", ["Basque", "basque", "euskera", "바스크어"]),
    ("fr", ["French", "français", "francés", "프랑스어"]),
    ("hi", ["Hindi", "hindi", "hindi", "힌디어"]),
    (
        "id",
        ["Indonesian", "indonésien", "indonesio", "인도네시아어"],
    ),
    ("it", ["Italian", "italien", "italiano", "이탈리아어"]),
    ("ja", ["Japanese", "japonais", "japonés", "일본어"]),
    ("ko", ["Korean", "coréen", "coreano", "한국어"]),
    ("mn", ["Mongolian", "mongol", "mongol", "몽골어"]),
    ("ms", ["Malay", "malais", "malayo", "말레이어"]),
    ("nl", ["Dutch", "néerlandais", "neerlandés", "네덜란드어"]),
    ("pl", ["Polish", "polonais", "polaco", "폴란드어"]),
    ("pt", ["Portuguese", "portugais", "portugués", "포르투갈어"]),
    ("ru", ["Russian", "russe", "ruso", "러시아어"]),
    ("sw", ["Swahili", "swahili", "suajili", "스와힐리어"]),
    ("th", ["Thai", "thaï", "tailandés", "태국어"]),
    ("tr", ["Turkish", "turc", "turco", "튀르키예어"]),
    ("vi", ["Vietnamese", "vietnamien", "vietnamita", "베트남어"]),
    ("wo", ["Wolof", "wolof", "wolof", "월로프어"]),
    ("zh", ["Chinese", "chinois", "chino", "중국어"]),
];

/// Every listed code, in code order.
pub fn codes() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|(c, _)| *c)
}

/// The name of language `code` in the interface language `locale` (`en`, `fr`, `es`, `ko`;
/// others get English), or `None` for a code outside the list.
#[must_use]
pub fn name(code: &str, locale: &str) -> Option<&'static str> {
    let column = match locale {
        "fr" => 1,
        "es" => 2,
        "ko" => 3,
        _ => 0,
    };
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, names)| names[column])
}

/// Every ISO 639-1 code (two letters), for checking a typed code.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce \
    ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv \
    ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr \
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn \
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so \
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh \
    yi yo za zh zu";

/// A content language as typed: an ISO 639-1 code (`pt`), or an ISO 639-2/3 code of three
/// letters for a language without one (`quz`, Cusco Quechua), lower-cased. Content may be in
/// any language; only the interface is limited to four.
#[must_use]
pub fn parse_code(s: &str) -> Option<String> {
    let c = s.trim().to_ascii_lowercase();
    let letters = c.bytes().all(|b| b.is_ascii_lowercase());
    match c.len() {
        2 if letters && ISO_639_1.split_whitespace().any(|x| x == c) => Some(c),
        3 if letters => Some(c),
        _ => None,
    }
}

/// A language's name in the interface language `locale`, or its code when it is not in the
/// list of named languages.
#[must_use]
pub fn display(code: &str, locale: &str) -> String {
    name(code, locale).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The language a record's content was written in: any ISO 639 code ([`parse_code`]), not only
/// the four of the interface. Copyable; its code lives for the whole program (two-letter codes
/// point into the ISO 639-1 list, three-letter ones are interned — at most 26³ of them).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(&'static str);

impl Lang {
    /// A content language from a typed or stored code, `None` when it is not ISO 639.
    #[must_use]
    pub fn parse(s: &str) -> Option<Lang> {
        let c = parse_code(s)?;
        if c.len() == 2 {
            return ISO_639_1.split_whitespace().find(|x| *x == c).map(Lang);
        }
        static INTERNED: std::sync::OnceLock<
            std::sync::Mutex<std::collections::HashSet<&'static str>>,
        > = std::sync::OnceLock::new();
        let mut set = INTERNED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(x) = set.get(c.as_str()) {
            return Some(Lang(x));
        }
        let x: &'static str = Box::leak(c.into_boxed_str());
        set.insert(x);
        Some(Lang(x))
    }

    /// A stored code, or `fallback` when the stored value is not a language (old or hand-edited
    /// rows).
    #[must_use]
    pub fn parse_or(s: &str, fallback: impl Into<Lang>) -> Lang {
        Lang::parse(s).unwrap_or_else(|| fallback.into())
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The interface language this is, when it is one of the four.
    #[must_use]
    pub fn locale(self) -> Option<Locale> {
        Locale::parse(self.0)
    }
}

impl From<Locale> for Lang {
    fn from(l: Locale) -> Lang {
        Lang(l.code())
    }
}

impl PartialEq<Locale> for Lang {
    fn eq(&self, other: &Locale) -> bool {
        self.code() == other.code()
    }
}

impl PartialEq<Lang> for Locale {
    fn eq(&self, other: &Lang) -> bool {
        self.code() == other.code()
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO 639 code: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_iso_639_code_is_a_content_language() {
        assert_eq!(parse_code(" PT "), Some("pt".to_owned()));
        assert_eq!(parse_code("ja"), Some("ja".to_owned()));
        assert_eq!(parse_code("quz"), Some("quz".to_owned()));
        assert_eq!(parse_code("xx"), None, "not an ISO 639-1 code");
        assert_eq!(parse_code("p1"), None);
        assert_eq!(parse_code("português"), None);
        assert_eq!(parse_code(""), None);
        assert_eq!(display("pt", "ko"), "포르투갈어");
        assert_eq!(display("quz", "fr"), "quz");
        assert!(
            codes().all(|c| parse_code(c).is_some()),
            "every named language is valid"
        );
    }

    #[test]
    fn a_content_language_is_any_code_and_knows_the_interface_ones() {
        let pt = Lang::parse("PT").unwrap();
        assert_eq!(pt.code(), "pt");
        assert_eq!(pt.locale(), None);
        assert_eq!(Lang::parse("quz").unwrap().code(), "quz");
        assert_eq!(Lang::parse("xx"), None);
        let ko: Lang = Locale::Ko.into();
        assert_eq!(ko.locale(), Some(Locale::Ko));
        assert!(
            ko == Locale::Ko,
            "a content language equals its interface language"
        );
        assert!(Locale::Ko == ko, "and the other way round");
        assert!(pt != Locale::En);
        assert_eq!(Lang::parse_or("", Locale::Fr), Locale::Fr);
        assert_eq!(serde_json::to_string(&pt).unwrap(), "\"pt\"");
        assert!(serde_json::from_str::<Lang>("\"zz\"").is_err());
    }

    #[test]
    fn named_in_each_interface_language() {
        assert_eq!(name("pt", "fr"), Some("portugais"));
        assert_eq!(name("ja", "ko"), Some("일본어"));
        assert_eq!(name("wo", "xx"), Some("Wolof"));
        assert_eq!(name("qq", "en"), None);
        let all: Vec<&str> = codes().collect();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(all, sorted, "kept in code order");
        assert!(all.iter().all(|c| c.len() == 2));
    }
}
