//! CSV cells a spreadsheet will not run: a text that starts like a formula (`=`, `+`, `-`, `@`,
//! a tab or a carriage return) is written with a leading apostrophe, which spreadsheets take as
//! "this is text"; a number stays a number. Imports undo it, so our own export imports back
//! unchanged.

const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `s` as a safe CSV cell.
#[must_use]
pub fn neutralise(s: &str) -> String {
    let number = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && s.parse::<f64>().is_ok();
    if s.starts_with(FORMULA_START) && !number {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A cell as read back: the apostrophe [`neutralise`] added is removed.
#[must_use]
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for f in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
        ] {
            let cell = neutralise(f);
            assert!(cell.starts_with('\''), "{f}");
            assert_eq!(restore(&cell), f);
        }
        assert_eq!(neutralise("-9.14"), "-9.14", "a longitude stays a number");
        assert_eq!(neutralise("Bordeaux"), "Bordeaux");
        assert_eq!(
            restore("'quoted"),
            "'quoted",
            "an apostrophe of the text itself stays"
        );
        assert_eq!(neutralise(""), "");
    }
}
