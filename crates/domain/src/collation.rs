//! Sorting names as readers of each language expect (가나다 order in Korean, accents after
//! the bare letter in French, ñ after n in Spanish) with ICU4X's collator and its compiled-in
//! data, instead of the byte order of the text.

use crate::locale::Locale;
use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use std::cmp::Ordering;
use std::sync::LazyLock;

fn make(tag: &str) -> CollatorBorrowed<'static> {
    let locale: icu_locale_core::Locale = tag.parse().unwrap_or(icu_locale_core::Locale::UNKNOWN);
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Tertiary);
    // Spaces and punctuation do not decide the order: "Co-op Network" sits with "Coop…".
    options.alternate_handling = Some(AlternateHandling::Shifted);
    #[allow(clippy::expect_used)]
    Collator::try_new(CollatorPreferences::from(&locale), options)
        .expect("compiled collation data covers every locale, falling back to the root order")
}

static KO: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| make("ko"));
static EN: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| make("en"));
static FR: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| make("fr"));
static ES: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| make("es"));

/// The collator of `locale`'s readers.
#[must_use]
pub fn collator(locale: Locale) -> &'static CollatorBorrowed<'static> {
    match locale {
        Locale::Ko => &KO,
        Locale::En => &EN,
        Locale::Fr => &FR,
        Locale::Es => &ES,
    }
}

/// Compares two names in `locale`'s order; names equal to the collator are then told apart by
/// their text, so the order is total and stable across pages.
#[must_use]
pub fn compare(locale: Locale, a: &str, b: &str) -> Ordering {
    collator(locale).compare(a, b).then_with(|| a.cmp(b))
}

/// Sorts `items` by the name `key` gives, in `locale`'s order.
pub fn sort_by_name<T>(locale: Locale, items: &mut [T], key: impl Fn(&T) -> &str) {
    let c = collator(locale);
    items.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        c.compare(a, b).then_with(|| a.cmp(b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(l: Locale, v: &[&'static str]) -> Vec<&'static str> {
        let mut v = v.to_vec();
        sort_by_name(l, &mut v, |s| s);
        v
    }

    #[test]
    fn korean_in_ganada_order_before_latin() {
        assert_eq!(
            sorted(Locale::Ko, &["하나", "Zebra", "가나", "apple", "나비"]),
            ["가나", "나비", "하나", "apple", "Zebra"]
        );
    }

    #[test]
    fn french_accents_and_case_do_not_push_names_to_the_end() {
        // Byte order would put "École" and "élan" after "zèbre".
        assert_eq!(
            sorted(
                Locale::Fr,
                &["zèbre", "élan", "École", "eau", "Ed", "ecole"]
            ),
            ["eau", "ecole", "École", "Ed", "élan", "zèbre"]
        );
    }

    #[test]
    fn spanish_n_tilde_is_its_own_letter() {
        assert_eq!(
            sorted(Locale::Es, &["oso", "ñu", "nube", "Ñandú"]),
            ["nube", "Ñandú", "ñu", "oso"]
        );
        // English readers see ñ as an n.
        assert_eq!(
            sorted(Locale::En, &["oso", "ñu", "nube", "Ñandú"]),
            ["Ñandú", "ñu", "nube", "oso"]
        );
    }

    #[test]
    fn punctuation_and_spaces_are_ignored_and_the_order_is_total() {
        assert_eq!(
            sorted(Locale::En, &["Coop Zeta", "Co-op Alpha", "Coop Beta"]),
            ["Co-op Alpha", "Coop Beta", "Coop Zeta"]
        );
        assert_ne!(compare(Locale::En, "Co-op", "Coop"), Ordering::Equal);
        assert_eq!(compare(Locale::Ko, "같음", "같음"), Ordering::Equal);
    }
}
