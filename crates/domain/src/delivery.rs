//! How a learning activity is delivered. The blend of a programme is the share of
//! minutes per mode.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    FaceToFace,
    OnlineLive,
    OnlineSelfPaced,
    Workplace,
}

impl DeliveryMode {
    pub const ALL: [DeliveryMode; 4] = [
        DeliveryMode::FaceToFace,
        DeliveryMode::OnlineLive,
        DeliveryMode::OnlineSelfPaced,
        DeliveryMode::Workplace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::FaceToFace => "face_to_face",
            DeliveryMode::OnlineLive => "online_live",
            DeliveryMode::OnlineSelfPaced => "online_self_paced",
            DeliveryMode::Workplace => "workplace",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryMode> {
        DeliveryMode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// An SVG path (24×24 view box) drawn next to the mode's name (never colour alone).
    pub fn icon_path(self) -> &'static str {
        match self {
            // two people
            DeliveryMode::FaceToFace => "M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 19c0-3 3-5 6-5s6 2 6 5zm12 0c0-1.6-.6-3-1.7-4 1-.6 2.3-1 3.7-1 3 0 6 2 6 5z",
            // a broadcast mast
            DeliveryMode::OnlineLive => "M12 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM7.8 7.8a6 6 0 0 0 0 8.4l1.4-1.4a4 4 0 0 1 0-5.6zm8.4 0-1.4 1.4a4 4 0 0 1 0 5.6l1.4 1.4a6 6 0 0 0 0-8.4zM5 5a10 10 0 0 0 0 14l1.4-1.4a8 8 0 0 1 0-11.2zm14 0-1.4 1.4a8 8 0 0 1 0 11.2L19 19a10 10 0 0 0 0-14z",
            // an open book
            DeliveryMode::OnlineSelfPaced => "M3 5h6a3 3 0 0 1 3 2 3 3 0 0 1 3-2h6v14h-6a2 2 0 0 0-2 1h-2a2 2 0 0 0-2-1H3zm2 2v10h4a4 4 0 0 1 2 .5V8a1 1 0 0 0-1-1zm14 0h-5a1 1 0 0 0-1 1v9.5a4 4 0 0 1 2-.5h4z",
            // a workshop
            DeliveryMode::Workplace => "M2 20V10l6 3v-3l6 3V4h4v16z",
        }
    }
}

/// Minutes per delivery mode and their share of the total, in whole percent.
///
/// The rounding rule (largest remainder): each mode gets the whole part of its exact
/// share, and the points still missing to 100 go one each to the modes with the largest
/// fractional parts (ties to the earlier mode in `DeliveryMode::ALL`). So the shares
/// always add to exactly 100 when there are any minutes (0 when there are none), and
/// a mode with no minutes always shows 0 %.
pub fn blend(
    activities: impl IntoIterator<Item = (DeliveryMode, u32)>,
) -> [(DeliveryMode, u32, u32); 4] {
    let mut minutes = [0u32; 4];
    for (mode, m) in activities {
        let i = DeliveryMode::ALL
            .iter()
            .position(|x| *x == mode)
            .unwrap_or(0);
        minutes[i] = minutes[i].saturating_add(m);
    }
    let total: u64 = minutes.iter().map(|m| u64::from(*m)).sum();
    let mut shares = [0u64; 4];
    let mut remainders = [(0u64, 0usize); 4];
    if total > 0 {
        for i in 0..4 {
            let scaled = u64::from(minutes[i]) * 100;
            shares[i] = scaled.checked_div(total).unwrap_or(0);
            remainders[i] = (scaled.checked_rem(total).unwrap_or(0), i);
        }
        let missing = 100 - shares.iter().sum::<u64>();
        // Largest remainder first; an earlier mode first among equals.
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in remainders
            .iter()
            .take(usize::try_from(missing).unwrap_or(0))
        {
            shares[i] += 1;
        }
    }
    let mut out = [(DeliveryMode::FaceToFace, 0, 0); 4];
    for (i, mode) in DeliveryMode::ALL.into_iter().enumerate() {
        out[i] = (mode, minutes[i], u32::try_from(shares[i]).unwrap_or(100));
    }
    out
}

/// Share of `done` in `total`, in whole percent (0 when there is nothing to do).
pub fn percent(done: u32, total: u32) -> u8 {
    (u64::from(done) * 100)
        .checked_div(u64::from(total))
        .map_or(0, |p| p.min(100) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_of_activities() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(10, 10), 100);
    }

    #[test]
    fn modes_round_trip() {
        for mode in DeliveryMode::ALL {
            assert_eq!(DeliveryMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(DeliveryMode::parse("online"), None);
    }

    #[test]
    fn blend_sums_minutes_and_percent_per_mode() {
        let b = blend([
            (DeliveryMode::FaceToFace, 120),
            (DeliveryMode::OnlineSelfPaced, 60),
            (DeliveryMode::FaceToFace, 60),
            (DeliveryMode::Workplace, 60),
        ]);
        assert_eq!(b[0], (DeliveryMode::FaceToFace, 180, 60));
        assert_eq!(b[1], (DeliveryMode::OnlineLive, 0, 0));
        assert_eq!(b[2], (DeliveryMode::OnlineSelfPaced, 60, 20));
        assert_eq!(b[3], (DeliveryMode::Workplace, 60, 20));
    }

    #[test]
    fn thirds_add_to_a_hundred() {
        let b = blend([
            (DeliveryMode::FaceToFace, 60),
            (DeliveryMode::OnlineLive, 60),
            (DeliveryMode::Workplace, 60),
        ]);
        // 33.3 each: the one point left goes to the first of the equals.
        assert_eq!(b.map(|(_, _, p)| p), [34, 33, 0, 33]);
    }

    fn mode() -> impl proptest::strategy::Strategy<Value = DeliveryMode> {
        proptest::sample::select(DeliveryMode::ALL.to_vec())
    }

    proptest::proptest! {
        #[test]
        fn shares_add_to_a_hundred_and_ignore_order(
            activities in proptest::collection::vec((mode(), 0u32..10_000), 0..30),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let b = blend(activities.clone());
            let total: u32 = activities.iter().map(|(_, m)| m).sum();
            let sum: u32 = b.iter().map(|(_, _, p)| p).sum();
            proptest::prop_assert_eq!(sum, if total > 0 { 100 } else { 0 });
            for (mode, minutes, share) in b {
                // Never more than a point away from the exact share; none for no minutes.
                let exact = if total > 0 { f64::from(minutes) * 100.0 / f64::from(total) } else { 0.0 };
                proptest::prop_assert!((f64::from(share) - exact).abs() < 1.0, "{mode:?}");
                if minutes == 0 {
                    proptest::prop_assert_eq!(share, 0);
                }
            }
            // Any order of the same activities gives the same blend.
            let mut shuffled = activities;
            let len = shuffled.len().max(1);
            shuffled.rotate_left((seed as usize) % len);
            shuffled.reverse();
            proptest::prop_assert_eq!(blend(shuffled), b);
        }
    }

    #[test]
    fn blend_of_nothing_is_all_zero() {
        assert!(blend([]).iter().all(|(_, m, p)| *m == 0 && *p == 0));
    }
}
