//! The figures of a class's report and the institute's overview, as rules:
//!
//! - A learner's **progress** is the share of the programme's activities done (a lesson is
//!   done when its learner marked it so in any version of it), the figure the learner's
//!   own "My progress" page shows (`percent`).
//! - A learner is **behind the class** when their progress is more than [`BEHIND_BY`]
//!   percentage points below the class's median progress ([`behind`]); a class of one is
//!   never behind itself.
//! - A learner is **at risk** when their attendance rate is below the institute's
//!   threshold (`attendance::at_risk`) or they are behind the class ([`Risk`]).
//! - A knowledge check's result for a learner is their best attempt (`sync::best_attempt`)
//!   as a percentage; a lesson's result for the class is the mean of those, over the
//!   learners who tried it ([`mean`]).
//! - A session's attendance is the rate of the marks given in it (`attendance::rate`), the
//!   rule a learner's own rate follows.

use crate::attendance::at_risk;

/// Percentage points below the class's median progress from which a learner is behind.
pub const BEHIND_BY: u8 = 20;

/// The median of `values` (the lower of the two middle ones for an even count); `None`
/// when there are none.
pub fn median(values: &[u8]) -> Option<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
}

/// The mean of `values`, rounded to the nearest whole percent; `None` when there are none.
pub fn mean(values: impl IntoIterator<Item = u8>) -> Option<u8> {
    let (sum, n) = values
        .into_iter()
        .fold((0u64, 0u64), |(s, n), v| (s + u64::from(v), n + 1));
    (sum * 2 + n).checked_div(n * 2).map(|m| m.min(100) as u8)
}

/// Whether `progress` is behind a class whose median progress is `median`.
pub fn behind(progress: u8, median: Option<u8>) -> bool {
    median.is_some_and(|m| u16::from(progress) + u16::from(BEHIND_BY) < u16::from(m))
}

/// Why a learner is at risk, if they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Risk {
    /// Their attendance rate is below the institute's threshold.
    pub attendance: bool,
    /// Their progress is behind the class.
    pub behind: bool,
}

impl Risk {
    pub fn of(rate: Option<u8>, threshold: u8, progress: u8, median: Option<u8>) -> Risk {
        Risk {
            attendance: at_risk(rate, threshold),
            behind: behind(progress, median),
        }
    }

    pub fn any(self) -> bool {
        self.attendance || self.behind
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_figures_of_a_small_class() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[40]), Some(40));
        assert_eq!(median(&[90, 10, 50]), Some(50));
        assert_eq!(median(&[10, 90, 50, 60]), Some(50));
        assert_eq!(mean([]), None);
        assert_eq!(mean([50, 51]), Some(51), "50.5 rounds up");
        assert_eq!(mean([33, 33, 34]), Some(33));
        assert!(behind(29, Some(50)));
        assert!(!behind(30, Some(50)), "exactly 20 below is not behind");
        assert!(!behind(0, None));
        assert!(!behind(0, Some(20)));
        let risk = Risk::of(Some(70), 80, 10, Some(50));
        assert!(risk.attendance && risk.behind && risk.any());
        assert!(
            !Risk::of(None, 80, 50, Some(50)).any(),
            "nothing marked yet"
        );
    }

    proptest! {
        #[test]
        fn the_median_splits_the_class(values in proptest::collection::vec(0u8..=100, 1..60)) {
            let m = median(&values).expect("some");
            let below = values.iter().filter(|v| **v <= m).count();
            let above = values.iter().filter(|v| **v >= m).count();
            prop_assert!(below * 2 >= values.len() && above * 2 >= values.len() - 1);
            prop_assert!(values.contains(&m));
        }

        #[test]
        fn the_mean_lies_between_the_least_and_the_most(values in proptest::collection::vec(0u8..=100, 1..60)) {
            let m = mean(values.iter().copied()).expect("some");
            let (least, most) = values.iter().fold((100u8, 0u8), |(l, h), v| (l.min(*v), h.max(*v)));
            prop_assert!(least <= m && m <= most);
        }

        #[test]
        fn no_one_at_or_above_the_median_is_behind_and_less_is_never_better(
            values in proptest::collection::vec(0u8..=100, 1..60),
            p in 0u8..=100,
            q in 0u8..=100,
        ) {
            let m = median(&values);
            for v in &values {
                if Some(*v) >= m {
                    prop_assert!(!behind(*v, m));
                }
            }
            let (low, high) = (p.min(q), p.max(q));
            prop_assert!(!behind(high, m) || behind(low, m));
            // A class where everyone has done the same has no one behind.
            let same = vec![p; values.len()];
            prop_assert!(!behind(p, median(&same)));
        }
    }
}
