//! Writing a knowledge-check question, checked before it is saved: a prompt, options
//! (one per line, the same number in each language; at least two for multiple choice and
//! ordering; true/false has its own two), an answer that names one of them, and both
//! languages — or a clear choice of one ("English only", "Khmer only"), in which case the
//! other language's fields stay empty and the learner sees the one given.

use crate::check::CheckKind;
use crate::text::Localized;
use serde::{Deserialize, Serialize};

/// The most options a question may have.
pub const MAX_OPTIONS: usize = 8;
/// The longest a prompt or an option may be, in characters.
pub const MAX_TEXT: usize = 500;

/// Which languages a question is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Languages {
    Both,
    EnglishOnly,
    KhmerOnly,
}

impl Languages {
    pub fn parse(s: &str) -> Option<Languages> {
        match s {
            "both" => Some(Languages::Both),
            "english_only" => Some(Languages::EnglishOnly),
            "khmer_only" => Some(Languages::KhmerOnly),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Languages::Both => "both",
            Languages::EnglishOnly => "english_only",
            Languages::KhmerOnly => "khmer_only",
        }
    }

    /// The languages a stored question is written in.
    pub fn of(prompt: &Localized) -> Languages {
        match (prompt.km.trim().is_empty(), prompt.en.trim().is_empty()) {
            (true, false) => Languages::EnglishOnly,
            (false, true) => Languages::KhmerOnly,
            _ => Languages::Both,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckFault {
    UnknownKind,
    NoPrompt,
    /// Fewer than two options (multiple choice, ordering), or more than `MAX_OPTIONS`.
    Options,
    /// The two languages have different numbers of options.
    OptionsDiffer,
    /// No answer, or one that names no option.
    NoAnswer,
    /// A language is missing and the question is not marked as written in one only.
    Untranslated,
    TooLong,
    /// The lesson's programme is published.
    Published,
    /// The activity has no lesson yet to hold a check.
    NoLesson,
}

impl CheckFault {
    pub const ALL: [CheckFault; 9] = [
        CheckFault::UnknownKind,
        CheckFault::NoPrompt,
        CheckFault::Options,
        CheckFault::OptionsDiffer,
        CheckFault::NoAnswer,
        CheckFault::Untranslated,
        CheckFault::TooLong,
        CheckFault::Published,
        CheckFault::NoLesson,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CheckFault::UnknownKind => "unknown_kind",
            CheckFault::NoPrompt => "no_prompt",
            CheckFault::Options => "options",
            CheckFault::OptionsDiffer => "options_differ",
            CheckFault::NoAnswer => "no_answer",
            CheckFault::Untranslated => "untranslated",
            CheckFault::TooLong => "too_long",
            CheckFault::Published => "published",
            CheckFault::NoLesson => "no_lesson",
        }
    }

    pub fn parse(code: &str) -> Option<CheckFault> {
        CheckFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// A question as typed in the editor's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedQuestion {
    pub kind: String,
    pub languages: String,
    pub prompt_km: String,
    pub prompt_en: String,
    /// One option per line.
    pub options_km: String,
    pub options_en: String,
    /// Multiple choice: the right option's number (1, 2, …); true/false: `true` or
    /// `false`; ordering: unused (the options are typed in the right order).
    pub answer: String,
}

/// A checked question, as stored: options and answer as the reader reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub kind: CheckKind,
    pub prompt: Localized,
    pub options: Vec<Localized>,
    pub answer: Vec<u8>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The options of true/false, in the interface's words.
pub const TRUE_FALSE: [(&str, &str); 2] = [("ត្រូវ", "True"), ("ខុស", "False")];

/// Checks a typed question whole; the first fault found, in the order of the form.
pub fn check(typed: &TypedQuestion) -> Result<Question, CheckFault> {
    let kind = CheckKind::parse(&typed.kind).ok_or(CheckFault::UnknownKind)?;
    let languages = Languages::parse(&typed.languages).unwrap_or(Languages::Both);
    let (use_km, use_en) = match languages {
        Languages::Both => (true, true),
        Languages::EnglishOnly => (false, true),
        Languages::KhmerOnly => (true, false),
    };
    let keep = |text: &str, used: bool| {
        if used {
            text.trim().to_owned()
        } else {
            String::new()
        }
    };
    let prompt = Localized::new(
        keep(&typed.prompt_km, use_km),
        keep(&typed.prompt_en, use_en),
    );
    if prompt.km.is_empty() && prompt.en.is_empty() {
        return Err(CheckFault::NoPrompt);
    }
    if (use_km && prompt.km.is_empty()) || (use_en && prompt.en.is_empty()) {
        return Err(CheckFault::Untranslated);
    }
    let options: Vec<Localized> = match kind {
        CheckKind::TrueFalse => TRUE_FALSE
            .iter()
            .map(|(km, en)| Localized::new(*km, *en))
            .collect(),
        CheckKind::MultipleChoice | CheckKind::Ordering => {
            let km = if use_km {
                lines(&typed.options_km)
            } else {
                Vec::new()
            };
            let en = if use_en {
                lines(&typed.options_en)
            } else {
                Vec::new()
            };
            let n = km.len().max(en.len());
            if !(2..=MAX_OPTIONS).contains(&n) {
                return Err(CheckFault::Options);
            }
            if (use_km && km.len() != n) || (use_en && en.len() != n) {
                return Err(if km.is_empty() || en.is_empty() {
                    CheckFault::Untranslated
                } else {
                    CheckFault::OptionsDiffer
                });
            }
            (0..n)
                .map(|i| {
                    Localized::new(
                        km.get(i).cloned().unwrap_or_default(),
                        en.get(i).cloned().unwrap_or_default(),
                    )
                })
                .collect()
        }
    };
    let long = |s: &str| s.chars().count() > MAX_TEXT;
    if long(&prompt.km) || long(&prompt.en) || options.iter().any(|o| long(&o.km) || long(&o.en)) {
        return Err(CheckFault::TooLong);
    }
    let answer = match kind {
        CheckKind::MultipleChoice => match typed.answer.trim().parse::<usize>() {
            Ok(n) if (1..=options.len()).contains(&n) => vec![(n - 1) as u8],
            _ => return Err(CheckFault::NoAnswer),
        },
        CheckKind::TrueFalse => match typed.answer.trim() {
            "true" => vec![0],
            "false" => vec![1],
            _ => return Err(CheckFault::NoAnswer),
        },
        CheckKind::Ordering => (0..options.len() as u8).collect(),
    };
    Ok(Question {
        kind,
        prompt,
        options,
        answer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(
        kind: &str,
        languages: &str,
        km: (&str, &str),
        en: (&str, &str),
        answer: &str,
    ) -> TypedQuestion {
        TypedQuestion {
            kind: kind.into(),
            languages: languages.into(),
            prompt_km: km.0.into(),
            options_km: km.1.into(),
            prompt_en: en.0.into(),
            options_en: en.1.into(),
            answer: answer.into(),
        }
    }

    #[test]
    fn a_multiple_choice_question_needs_options_an_answer_and_both_languages() {
        let q = check(&typed(
            "multiple_choice",
            "both",
            ("សំណួរ", "ក\nខ\n\nគ"),
            ("Question", "a\nb\nc"),
            "2",
        ))
        .expect("valid");
        assert_eq!(q.options.len(), 3, "blank lines are not options");
        assert_eq!(q.options[1], Localized::new("ខ", "b"));
        assert_eq!(q.answer, vec![1]);
        let fault = |t: TypedQuestion| check(&t).err();
        assert_eq!(
            fault(typed("essay", "both", ("ស", "ក\nខ"), ("Q", "a\nb"), "1")),
            Some(CheckFault::UnknownKind)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("", "ក\nខ"),
                ("", "a\nb"),
                "1"
            )),
            Some(CheckFault::NoPrompt)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("ស", "ក"),
                ("Q", "a"),
                "1"
            )),
            Some(CheckFault::Options)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("ស", "ក\nខ"),
                ("Q", "a\nb\nc"),
                "1"
            )),
            Some(CheckFault::OptionsDiffer)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("ស", "ក\nខ"),
                ("Q", "a\nb"),
                "3"
            )),
            Some(CheckFault::NoAnswer)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("ស", "ក\nខ"),
                ("Q", "a\nb"),
                ""
            )),
            Some(CheckFault::NoAnswer)
        );
        // A language missing must be said, not silent.
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("", ""),
                ("Q", "a\nb"),
                "1"
            )),
            Some(CheckFault::Untranslated)
        );
        assert_eq!(
            fault(typed(
                "multiple_choice",
                "both",
                ("ស", ""),
                ("Q", "a\nb"),
                "1"
            )),
            Some(CheckFault::Untranslated)
        );
        let english = check(&typed(
            "multiple_choice",
            "english_only",
            ("ignored", "x"),
            ("Q", "a\nb"),
            "1",
        ))
        .expect("valid");
        assert_eq!(
            english.prompt,
            Localized::new("", "Q"),
            "the other language is left empty"
        );
        assert_eq!(Languages::of(&english.prompt), Languages::EnglishOnly);
    }

    #[test]
    fn true_false_and_ordering_have_their_own_answers() {
        let tf = check(&typed("true_false", "both", ("ស", ""), ("Q", ""), "false")).expect("valid");
        assert_eq!(tf.options.len(), 2);
        assert_eq!(tf.answer, vec![1]);
        assert_eq!(
            check(&typed("true_false", "both", ("ស", ""), ("Q", ""), "")).err(),
            Some(CheckFault::NoAnswer)
        );
        let order = check(&typed(
            "ordering",
            "khmer_only",
            ("ស", "មួយ\nពីរ\nបី"),
            ("", ""),
            "",
        ))
        .expect("valid");
        assert_eq!(order.answer, vec![0, 1, 2]);
        assert_eq!(order.options[2], Localized::new("បី", ""));
        for fault in CheckFault::ALL {
            assert_eq!(CheckFault::parse(fault.code()), Some(fault));
        }
    }
}
