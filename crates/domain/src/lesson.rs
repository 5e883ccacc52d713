//! Authoring a lesson: its texts checked before they are saved, the size an uploaded
//! image is brought to, and the Markdown that shows it (with its explicit size, in the
//! form the reader's renderer reads: a title written `WIDTHxHEIGHT`).

use crate::locale::Locale;
use crate::text::Localized;
use serde::{Deserialize, Serialize};

/// The longest a lesson's title may be, in characters, in each language.
pub const MAX_TITLE: usize = 200;
/// The longest a lesson's text may be, in characters, in each language.
pub const MAX_BODY: usize = 100_000;
/// The longest side of an uploaded image once processed, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 1280;
/// The most an uploaded image may weigh before processing (a phone's photo fits).
pub const MAX_UPLOAD_BYTES: usize = 15 * 1024 * 1024;
/// The longest an image's alt text may be, in characters, in each language.
pub const MAX_ALT: usize = 250;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonFault {
    /// Neither language has a title.
    NoTitle,
    /// Neither language has any text.
    NoBody,
    TooLong,
    /// The programme is published: make a new version to change its lessons.
    Published,
    /// An image that is not a JPEG, PNG or WebP picture, or is broken.
    Unreadable,
    /// An image of more than `MAX_UPLOAD_BYTES`.
    TooBig,
    /// An image without a description in either language.
    NoAlt,
}

impl LessonFault {
    pub const ALL: [LessonFault; 7] = [
        LessonFault::NoTitle,
        LessonFault::NoBody,
        LessonFault::TooLong,
        LessonFault::Published,
        LessonFault::Unreadable,
        LessonFault::TooBig,
        LessonFault::NoAlt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LessonFault::NoTitle => "no_title",
            LessonFault::NoBody => "no_body",
            LessonFault::TooLong => "too_long",
            LessonFault::Published => "published",
            LessonFault::Unreadable => "unreadable",
            LessonFault::TooBig => "too_big",
            LessonFault::NoAlt => "no_alt",
        }
    }

    pub fn parse(code: &str) -> Option<LessonFault> {
        LessonFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// A lesson's title and text, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonText {
    pub title: Localized,
    pub body: Localized,
}

impl LessonText {
    /// The one language a lesson is written in, when it lacks the other (shown to the
    /// author as "English only" or "Khmer only"; the reader shows what there is).
    pub fn only(&self) -> Option<Locale> {
        match (
            !self.body.km.trim().is_empty(),
            !self.body.en.trim().is_empty(),
        ) {
            (true, false) => Some(Locale::Km),
            (false, true) => Some(Locale::En),
            _ => None,
        }
    }
}

/// Checks a lesson as typed: a title and a text in at least one language, each within
/// its length. Text is kept as typed (trailing spaces of Markdown lines matter); titles
/// are trimmed.
pub fn check(
    title_km: &str,
    title_en: &str,
    body_km: &str,
    body_en: &str,
) -> Result<LessonText, LessonFault> {
    let (tk, te) = (title_km.trim(), title_en.trim());
    if tk.is_empty() && te.is_empty() {
        return Err(LessonFault::NoTitle);
    }
    if body_km.trim().is_empty() && body_en.trim().is_empty() {
        return Err(LessonFault::NoBody);
    }
    let long = |s: &str, max: usize| s.chars().count() > max;
    if long(tk, MAX_TITLE)
        || long(te, MAX_TITLE)
        || long(body_km, MAX_BODY)
        || long(body_en, MAX_BODY)
    {
        return Err(LessonFault::TooLong);
    }
    Ok(LessonText {
        title: Localized::new(tk, te),
        body: Localized::new(body_km, body_en),
    })
}

/// The size an image of `width` × `height` is brought to: the same, if its longest side
/// is at most `MAX_IMAGE_SIDE`, else scaled down to that, the aspect kept (each side at
/// least 1).
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_IMAGE_SIDE {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(MAX_IMAGE_SIDE) + u64::from(longest) / 2)
            / u64::from(longest);
        u32::try_from(scaled).unwrap_or(MAX_IMAGE_SIDE).max(1)
    };
    (scale(width), scale(height))
}

/// The Markdown that shows an image: `![alt](src "WIDTHxHEIGHT")`, the alt text made
/// safe for Markdown (brackets and line breaks would end it early).
pub fn image_markdown(src: &str, width: u32, height: u32, alt: &str) -> String {
    let alt: String = alt
        .chars()
        .take(MAX_ALT)
        .map(|c| match c {
            '[' | ']' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    format!("![{}]({src} \"{width}x{height}\")", alt.trim())
}

/// The alt texts of an upload, checked: one language at least, each within `MAX_ALT`
/// (the other language then uses the one given).
pub fn check_alt(km: &str, en: &str) -> Result<Localized, LessonFault> {
    let (km, en) = (km.trim(), en.trim());
    if km.is_empty() && en.is_empty() {
        return Err(LessonFault::NoAlt);
    }
    if km.chars().count() > MAX_ALT || en.chars().count() > MAX_ALT {
        return Err(LessonFault::TooLong);
    }
    Ok(Localized::new(km, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_lesson_needs_a_title_and_a_text_in_one_language_at_least() {
        assert_eq!(check(" ", "", "x", ""), Err(LessonFault::NoTitle));
        assert_eq!(check("ក", "", " \n", ""), Err(LessonFault::NoBody));
        assert_eq!(
            check("ក", "", &"x".repeat(MAX_BODY + 1), ""),
            Err(LessonFault::TooLong)
        );
        let english = check("", " Safety ", "", "Text  \nnext").expect("valid");
        assert_eq!(english.title, Localized::new("", "Safety"));
        assert_eq!(english.body.en, "Text  \nnext", "text kept as typed");
        assert_eq!(english.only(), Some(Locale::En));
        assert_eq!(
            check("ក", "S", "ខ", "T").expect("valid").only(),
            None,
            "both languages"
        );
        assert_eq!(
            check("ក", "", "ខ", "").expect("valid").only(),
            Some(Locale::Km)
        );
        for fault in LessonFault::ALL {
            assert_eq!(LessonFault::parse(fault.code()), Some(fault));
        }
    }

    #[test]
    fn a_phone_photo_is_brought_to_1280_pixels() {
        assert_eq!(fit(4000, 3000), (1280, 960));
        assert_eq!(fit(3000, 4000), (960, 1280));
        assert_eq!(fit(800, 600), (800, 600));
        assert_eq!(fit(100_000, 1), (1280, 1));
    }

    #[test]
    fn image_markdown_carries_its_size_and_a_safe_alt() {
        assert_eq!(
            image_markdown("/media/lesson/a.jpg", 1280, 960, "A [red] sign\n"),
            "![A  red  sign](/media/lesson/a.jpg \"1280x960\")"
        );
        assert_eq!(check_alt(" ", ""), Err(LessonFault::NoAlt));
        assert_eq!(check_alt("", "Sign"), Ok(Localized::new("", "Sign")));
    }

    proptest! {
        #[test]
        fn fitting_keeps_the_aspect_and_the_limit(w in 1u32..20_000, h in 1u32..20_000) {
            let (fw, fh) = fit(w, h);
            prop_assert!(fw.max(fh) <= MAX_IMAGE_SIDE);
            prop_assert!(fw >= 1 && fh >= 1);
            if w.max(h) <= MAX_IMAGE_SIDE {
                prop_assert_eq!((fw, fh), (w, h));
            } else {
                prop_assert_eq!(fw.max(fh), MAX_IMAGE_SIDE);
                // The aspect is kept within the rounding of one pixel.
                let exact = f64::from(w.min(h)) * f64::from(MAX_IMAGE_SIDE) / f64::from(w.max(h));
                prop_assert!((f64::from(fw.min(fh)) - exact).abs() <= 1.0);
            }
        }
    }
}
