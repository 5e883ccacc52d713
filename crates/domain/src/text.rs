//! Content written in Khmer, English or both. It shows in the reader's language when
//! it exists, else in the other one.

use crate::locale::Locale;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub km: String,
    pub en: String,
}

impl Localized {
    pub fn new(km: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            km: km.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::Km => (&self.km, &self.en),
            Locale::En => (&self.en, &self.km),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_readers_language_else_the_other() {
        let both = Localized::new("មេរៀន", "Lesson");
        assert_eq!(both.get(Locale::Km), "មេរៀន");
        assert_eq!(both.get(Locale::En), "Lesson");
        let english_only = Localized::new("  ", "Lesson");
        assert_eq!(english_only.get(Locale::Km), "Lesson");
        let khmer_only = Localized::new("មេរៀន", "");
        assert_eq!(khmer_only.get(Locale::En), "មេរៀន");
    }
}
