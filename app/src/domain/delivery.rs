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

    /// A symbol shown next to the mode's name (never colour alone).
    pub fn icon(self) -> &'static str {
        match self {
            DeliveryMode::FaceToFace => "👥",
            DeliveryMode::OnlineLive => "📡",
            DeliveryMode::OnlineSelfPaced => "📖",
            DeliveryMode::Workplace => "🏭",
        }
    }
}

/// Minutes per delivery mode and their share of the total, in whole percent.
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
    let mut out = [(DeliveryMode::FaceToFace, 0, 0); 4];
    for (i, mode) in DeliveryMode::ALL.into_iter().enumerate() {
        let pct = (u64::from(minutes[i]) * 100 + total / 2)
            .checked_div(total)
            .map_or(0, |p| p as u32);
        out[i] = (mode, minutes[i], pct);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn blend_of_nothing_is_all_zero() {
        assert!(blend([]).iter().all(|(_, m, p)| *m == 0 && *p == 0));
    }
}
