//! Pure rules of Pumasi: validated types that are parsed once and trusted afterwards, the
//! permission policy, membership rules and fee formulas. Nothing here does I/O or is async, so
//! every rule is unit- and property-testable and shared by the web layer, the CLI and the store.

/// An enum of stable codes (storage, URLs, CSV, API) with `ALL`, `code`, `parse` and `Display`.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, URLs, CSV and the API.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                match s.trim() { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

pub mod collation;
pub mod countries;
pub mod csv_cell;
pub mod events;
pub mod geo;
pub mod governance;
pub mod ical;
pub mod languages;
pub mod library;
pub mod locale;
pub mod members;
pub mod organisation;
pub mod policy;
pub mod romanize;
pub mod types;

/// A validation failure on one field. `code` is a Fluent message id (`error-…`), so the web
/// layer can show it in the reader's language and the CLI can print it in English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

impl FieldError {
    #[must_use]
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}
