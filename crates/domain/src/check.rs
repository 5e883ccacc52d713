//! Knowledge checks, scored on the device (they must work offline): multiple choice,
//! true/false, and short ordered sequences. Pure; the island in `learn::check` shows
//! them and the sync engine will carry attempts.

use super::{CheckItemId, Localized};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    MultipleChoice,
    TrueFalse,
    Ordering,
}

impl CheckKind {
    /// As stored and as forms send it.
    pub fn code(self) -> &'static str {
        match self {
            CheckKind::MultipleChoice => "multiple_choice",
            CheckKind::TrueFalse => "true_false",
            CheckKind::Ordering => "ordering",
        }
    }

    pub fn parse(s: &str) -> Option<CheckKind> {
        match s {
            "multiple_choice" => Some(CheckKind::MultipleChoice),
            "true_false" => Some(CheckKind::TrueFalse),
            "ordering" => Some(CheckKind::Ordering),
            _ => None,
        }
    }
}

/// One question. For `Ordering`, `options` are stored in the correct order and shown
/// shuffled; for the others `answer` holds the index of the right option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub id: CheckItemId,
    pub kind: CheckKind,
    pub prompt: Localized,
    pub options: Vec<Localized>,
    pub answer: Vec<u8>,
}

impl CheckItem {
    /// Whether `given` (the chosen option, or the order of option indices) is right.
    pub fn is_correct(&self, given: &[u8]) -> bool {
        match self.kind {
            CheckKind::MultipleChoice | CheckKind::TrueFalse => {
                given.len() == 1 && given == self.answer.as_slice()
            }
            CheckKind::Ordering => given == self.answer.as_slice(),
        }
    }

    /// The order an ordering question is first shown in: a fixed shuffle (the same on
    /// the server and the device) that is never already correct when it can be helped.
    pub fn initial_order(&self) -> Vec<u8> {
        let n = self.options.len().min(usize::from(u8::MAX)) as u8;
        let mut order: Vec<u8> = (0..n).collect();
        if n < 2 {
            return order;
        }
        // Rotate by one, then swap pairs: deterministic and different from the answer.
        order.rotate_left(1);
        for pair in order.chunks_mut(2).skip(1) {
            if pair.len() == 2 {
                pair.swap(0, 1);
            }
        }
        order
    }
}

/// Correct answers and the number of questions.
pub fn score(items: &[CheckItem], answers: &[Vec<u8>]) -> (u16, u16) {
    let correct = items
        .iter()
        .zip(answers)
        .filter(|(item, given)| item.is_correct(given))
        .count();
    (correct as u16, items.len() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_code() {
        for kind in [
            CheckKind::MultipleChoice,
            CheckKind::TrueFalse,
            CheckKind::Ordering,
        ] {
            assert_eq!(CheckKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(CheckKind::parse("essay"), None);
    }

    fn item(kind: CheckKind, options: usize, answer: Vec<u8>) -> CheckItem {
        CheckItem {
            id: CheckItemId(uuid::Uuid::nil()),
            kind,
            prompt: Localized::new("?", "?"),
            options: (0..options)
                .map(|i| Localized::new(i.to_string(), i.to_string()))
                .collect(),
            answer,
        }
    }

    #[test]
    fn marks_each_kind() {
        let mc = item(CheckKind::MultipleChoice, 3, vec![1]);
        assert!(mc.is_correct(&[1]));
        assert!(!mc.is_correct(&[2]));
        assert!(!mc.is_correct(&[]));
        assert!(!mc.is_correct(&[1, 1]));
        let tf = item(CheckKind::TrueFalse, 2, vec![0]);
        assert!(tf.is_correct(&[0]) && !tf.is_correct(&[1]));
        let ord = item(CheckKind::Ordering, 4, vec![0, 1, 2, 3]);
        assert!(ord.is_correct(&[0, 1, 2, 3]));
        assert!(!ord.is_correct(&[1, 0, 2, 3]));
        assert!(!ord.is_correct(&[0, 1, 2]));
    }

    #[test]
    fn scores_a_check() {
        let items = [
            item(CheckKind::MultipleChoice, 3, vec![1]),
            item(CheckKind::TrueFalse, 2, vec![1]),
        ];
        assert_eq!(score(&items, &[vec![1], vec![0]]), (1, 2));
        assert_eq!(score(&items, &[vec![1], vec![1]]), (2, 2));
        assert_eq!(score(&items, &[]), (0, 2), "unanswered questions are wrong");
    }

    #[test]
    fn ordering_starts_shuffled_and_complete() {
        for n in 2..8 {
            let it = item(CheckKind::Ordering, n, (0..n as u8).collect());
            let order = it.initial_order();
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n as u8).collect::<Vec<_>>(), "a permutation");
            assert!(!it.is_correct(&order), "not already solved for {n}");
        }
    }
}
