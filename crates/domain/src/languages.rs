//! Languages people work and write in (ISO 639-1), named in the four interface languages, for
//! choosing rather than typing codes. The list holds the languages of the network's members and
//! of the documents they share; a code outside it (from an import or the API) is still valid
//! and shown as its code.

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

#[cfg(test)]
mod tests {
    use super::*;

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
