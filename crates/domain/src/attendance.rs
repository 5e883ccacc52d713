//! Attendance, pure: the statuses an institute uses (each with points for the attendance
//! rate), marks kept as versions, and the conflict rule.
//!
//! **Every mark is kept.** A mark names the versions it replaces (those its author's
//! device showed for that learner when they tapped). A version replaced by another is
//! history; the versions nobody replaced are the *heads*. One head: that is the mark.
//! Several heads that say different things: two people marked the same learner without
//! seeing each other's mark (two trainers offline, or a trainer and a self check-in) —
//! a conflict, shown to the trainer with both versions, who made each and when. Until
//! someone decides, the latest head (by time, then id) counts; deciding is one more mark
//! that replaces all the heads. Because heads are a function of the *set* of versions,
//! any order of arrival, duplication or replay gives the same result (property-tested).

use super::{Localized, RecordId, UserId};
use serde::{Deserialize, Serialize};

/// One status an institute marks with, in the order a tap cycles through them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDef {
    pub code: String,
    pub label: Localized,
    /// Points out of 100 towards the attendance rate.
    pub points: u8,
    /// Whether a session with this status counts in the rate at all (excused does not).
    pub counts: bool,
    /// Whether minutes late are asked for.
    pub late: bool,
}

/// Sala's default statuses: present → late → absent → excused.
pub fn default_statuses() -> Vec<StatusDef> {
    let def = |code: &str, km: &str, en: &str, points, counts, late| StatusDef {
        code: code.to_owned(),
        label: Localized::new(km, en),
        points,
        counts,
        late,
    };
    vec![
        def("present", "មក", "Present", 100, true, false),
        def("late", "យឺត", "Late", 75, true, true),
        def("absent", "អវត្តមាន", "Absent", 0, true, false),
        def("excused", "មានច្បាប់", "Excused", 0, false, false),
    ]
}

/// The next status a tap gives: the first when unmarked, then round the cycle.
pub fn next_status<'a>(statuses: &'a [StatusDef], current: Option<&str>) -> Option<&'a StatusDef> {
    let at = current.and_then(|c| statuses.iter().position(|s| s.code == c));
    match at {
        None => statuses.first(),
        Some(i) => statuses.get((i + 1) % statuses.len()),
    }
}

/// A self check-in this many minutes after the session starts, or fewer, is on time.
pub const CHECK_IN_GRACE_MINUTES: i64 = 10;

/// The mark a verified self check-in makes, `minutes` after the session started: the
/// first status (present), or after the grace period the institute's first status that
/// asks minutes late (late), with those minutes.
pub fn check_in_status(statuses: &[StatusDef], minutes: i64) -> Option<(String, u16)> {
    let late = statuses.iter().find(|s| s.late);
    match late {
        Some(late) if minutes > CHECK_IN_GRACE_MINUTES => Some((
            late.code.clone(),
            u16::try_from(minutes.min(600)).unwrap_or(600),
        )),
        _ => statuses.first().map(|s| (s.code.clone(), 0)),
    }
}

/// The status of a version that clears a learner's mark (undoing "Mark everyone
/// present"): the learner shows unmarked again, and every earlier version is kept.
pub const CLEARED: &str = "";

/// One version of one learner's mark for one session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkVersion {
    pub id: RecordId,
    pub learner: UserId,
    /// Who marked (a trainer, or the learner checking in).
    pub author: UserId,
    pub status: String,
    pub minutes_late: u16,
    pub note: String,
    /// When, on the author's device (`YYYY-MM-DDTHH:MM:SS…Z`).
    pub at: String,
    /// The versions this one replaces.
    pub replaces: Vec<RecordId>,
}

impl MarkVersion {
    /// Whether this version clears the mark rather than setting one.
    pub fn is_cleared(&self) -> bool {
        self.status == CLEARED
    }

    /// Whether two versions say the same thing (then they do not conflict).
    fn same_mark(&self, other: &MarkVersion) -> bool {
        self.status == other.status
            && self.minutes_late == other.minutes_late
            && self.note == other.note
    }
}

impl crate::versions::Version for MarkVersion {
    fn id(&self) -> RecordId {
        self.id
    }
    fn at(&self) -> &str {
        &self.at
    }
    fn replaces(&self) -> &[RecordId] {
        &self.replaces
    }
}

/// Every version of the marks of one session. (A plain list: a session has tens to a
/// few hundred versions, and a list keeps the browser's code small.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionMarks {
    versions: Vec<MarkVersion>,
}

impl SessionMarks {
    /// Adds a version; `false` if it was already there.
    pub fn add(&mut self, version: MarkVersion) -> bool {
        if self.versions.iter().any(|v| v.id == version.id) {
            return false;
        }
        self.versions.push(version);
        true
    }

    /// Takes a version back (one a device showed at once but could not save); `false` if
    /// it was not there.
    pub fn remove(&mut self, id: RecordId) -> bool {
        let before = self.versions.len();
        self.versions.retain(|v| v.id != id);
        self.versions.len() != before
    }

    pub fn versions(&self) -> impl Iterator<Item = &MarkVersion> {
        self.versions.iter()
    }

    /// The learners with at least one mark, in id order.
    pub fn learners(&self) -> Vec<UserId> {
        let mut learners: Vec<UserId> = self.versions.iter().map(|v| v.learner).collect();
        learners.sort();
        learners.dedup();
        learners
    }

    /// The versions of `learner`'s mark that no other version replaces, oldest first.
    pub fn heads(&self, learner: UserId) -> Vec<&MarkVersion> {
        crate::versions::heads(self.versions.iter().filter(move |v| v.learner == learner))
    }

    /// The mark that counts for `learner`: the latest head (none when it clears the mark).
    pub fn current(&self, learner: UserId) -> Option<&MarkVersion> {
        self.heads(learner).pop().filter(|v| !v.is_cleared())
    }

    /// The versions a trainer must choose between, if the heads disagree.
    pub fn conflict(&self, learner: UserId) -> Option<Vec<&MarkVersion>> {
        let heads = self.heads(learner);
        let first = heads.first()?;
        (heads.iter().any(|h| !h.same_mark(first))).then_some(heads)
    }

    /// Ids a new mark of `learner` replaces: every current head (what the device shows).
    pub fn to_replace(&self, learner: UserId) -> Vec<RecordId> {
        self.heads(learner).iter().map(|v| v.id).collect()
    }
}

/// Attendance rate in whole percent: points earned over the sessions that count.
/// `None` when no marked session counts yet.
pub fn rate<'a>(statuses: &[StatusDef], marks: impl IntoIterator<Item = &'a str>) -> Option<u8> {
    let (mut points, mut counted) = (0u32, 0u32);
    for code in marks {
        if let Some(s) = statuses.iter().find(|s| s.code == code) {
            if s.counts {
                points += u32::from(s.points);
                counted += 1;
            }
        }
    }
    (counted > 0).then(|| (points / counted) as u8)
}

/// A learner is at risk below the institute's threshold (default 80%).
pub fn at_risk(rate: Option<u8>, threshold: u8) -> bool {
    rate.is_some_and(|r| r < threshold)
}

pub const DEFAULT_AT_RISK_THRESHOLD: u8 = 80;

/// What is wrong with an institute's attendance settings (nothing is saved then).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsError {
    NoStatuses,
    BadCode,
    DuplicateCode,
    BadLabel,
    BadPoints,
    BadThreshold,
}

impl SettingsError {
    pub fn code(self) -> &'static str {
        match self {
            SettingsError::NoStatuses => "no_statuses",
            SettingsError::BadCode => "bad_code",
            SettingsError::DuplicateCode => "duplicate_code",
            SettingsError::BadLabel => "bad_label",
            SettingsError::BadPoints => "bad_points",
            SettingsError::BadThreshold => "bad_threshold",
        }
    }

    pub fn parse(code: &str) -> Option<SettingsError> {
        [
            SettingsError::NoStatuses,
            SettingsError::BadCode,
            SettingsError::DuplicateCode,
            SettingsError::BadLabel,
            SettingsError::BadPoints,
            SettingsError::BadThreshold,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }
}

/// Checks an institute's statuses (in tap order) and at-risk threshold: at least one
/// status, codes of 1–20 lower-case letters or `_`, each once, labels of 1–40
/// characters in both languages, points 0–100, threshold 0–100.
pub fn check_settings(statuses: &[StatusDef], threshold: i64) -> Result<(), SettingsError> {
    if statuses.is_empty() || statuses.len() > 12 {
        return Err(SettingsError::NoStatuses);
    }
    for (i, s) in statuses.iter().enumerate() {
        let code_ok = (1..=20).contains(&s.code.len())
            && s.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !code_ok {
            return Err(SettingsError::BadCode);
        }
        if statuses[..i].iter().any(|o| o.code == s.code) {
            return Err(SettingsError::DuplicateCode);
        }
        let label_ok = |t: &str| (1..=40).contains(&t.trim().chars().count());
        if !label_ok(&s.label.km) || !label_ok(&s.label.en) {
            return Err(SettingsError::BadLabel);
        }
        if s.points > 100 {
            return Err(SettingsError::BadPoints);
        }
    }
    if !(0..=100).contains(&threshold) {
        return Err(SettingsError::BadThreshold);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_check_in_is_present_on_time_and_late_after_the_grace() {
        let statuses = super::default_statuses();
        assert_eq!(
            super::check_in_status(&statuses, -20),
            Some(("present".into(), 0))
        );
        assert_eq!(
            super::check_in_status(&statuses, 10),
            Some(("present".into(), 0))
        );
        assert_eq!(
            super::check_in_status(&statuses, 25),
            Some(("late".into(), 25))
        );
        assert_eq!(
            super::check_in_status(&statuses, 5000),
            Some(("late".into(), 600))
        );
        // An institute with no status that asks minutes late: present.
        let plain: Vec<_> = statuses.into_iter().filter(|s| !s.late).collect();
        assert_eq!(
            super::check_in_status(&plain, 25),
            Some(("present".into(), 0))
        );
        assert_eq!(super::check_in_status(&[], 0), None);
    }

    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn user(n: u8) -> UserId {
        UserId(Uuid::from_bytes([n; 16]))
    }

    fn version(
        id: u128,
        learner: u8,
        author: u8,
        status: &str,
        at: &str,
        replaces: &[u128],
    ) -> MarkVersion {
        MarkVersion {
            id: RecordId(Uuid::from_u128(id)),
            learner: user(learner),
            author: user(author),
            status: status.to_owned(),
            minutes_late: 0,
            note: String::new(),
            at: at.to_owned(),
            replaces: replaces
                .iter()
                .map(|r| RecordId(Uuid::from_u128(*r)))
                .collect(),
        }
    }

    #[test]
    fn a_tap_cycles_through_the_statuses() {
        let s = default_statuses();
        let codes: Vec<&str> =
            std::iter::successors(next_status(&s, None), |st| next_status(&s, Some(&st.code)))
                .take(5)
                .map(|st| st.code.as_str())
                .collect();
        assert_eq!(codes, ["present", "late", "absent", "excused", "present"]);
    }

    #[test]
    fn rate_uses_points_and_leaves_excused_out() {
        let s = default_statuses();
        assert_eq!(rate(&s, ["present", "late", "absent", "excused"]), Some(58));
        assert_eq!(rate(&s, ["present", "present", "excused"]), Some(100));
        assert_eq!(rate(&s, ["excused"]), None);
        assert_eq!(rate(&s, []), None);
        assert!(at_risk(Some(79), DEFAULT_AT_RISK_THRESHOLD));
        assert!(!at_risk(Some(80), DEFAULT_AT_RISK_THRESHOLD));
        assert!(!at_risk(None, DEFAULT_AT_RISK_THRESHOLD));
    }

    #[test]
    fn sequential_edits_never_conflict_and_concurrent_ones_do() {
        let mut m = SessionMarks::default();
        m.add(version(1, 7, 1, "present", "2026-11-30T08:00:00Z", &[]));
        m.add(version(2, 7, 1, "late", "2026-11-30T08:01:00Z", &[1]));
        assert_eq!(m.current(user(7)).map(|v| v.status.as_str()), Some("late"));
        assert!(m.conflict(user(7)).is_none());
        // Another trainer, offline, had seen only version 1.
        m.add(version(3, 7, 2, "absent", "2026-11-30T08:02:00Z", &[1]));
        let both = m.conflict(user(7)).expect("conflict");
        assert_eq!(both.len(), 2);
        assert_eq!(
            m.current(user(7)).map(|v| v.status.as_str()),
            Some("absent"),
            "latest head counts until decided"
        );
        // Deciding replaces both heads.
        m.add(version(4, 7, 1, "late", "2026-11-30T09:00:00Z", &[2, 3]));
        assert!(m.conflict(user(7)).is_none());
        assert_eq!(
            m.current(user(7)).map(|v| v.id),
            Some(RecordId(Uuid::from_u128(4)))
        );
        assert_eq!(m.versions().count(), 4, "every version is kept");
    }

    #[test]
    fn settings_are_checked_whole() {
        let mut s = default_statuses();
        assert_eq!(check_settings(&s, 80), Ok(()));
        assert_eq!(check_settings(&s, 101), Err(SettingsError::BadThreshold));
        assert_eq!(check_settings(&[], 80), Err(SettingsError::NoStatuses));
        s[1].points = 101;
        assert_eq!(check_settings(&s, 80), Err(SettingsError::BadPoints));
        s[1].points = 50;
        s[1].code = "present".into();
        assert_eq!(check_settings(&s, 80), Err(SettingsError::DuplicateCode));
        s[1].code = "Late!".into();
        assert_eq!(check_settings(&s, 80), Err(SettingsError::BadCode));
        s[1].code = "late".into();
        s[1].label.km = " ".into();
        assert_eq!(check_settings(&s, 80), Err(SettingsError::BadLabel));
        assert_eq!(
            SettingsError::parse("bad_label"),
            Some(SettingsError::BadLabel)
        );
    }

    #[test]
    fn a_cleared_version_leaves_the_learner_unmarked_and_keeps_history() {
        let mut m = SessionMarks::default();
        m.add(version(1, 7, 1, "present", "2026-11-30T08:00:00Z", &[]));
        assert!(m.current(user(7)).is_some());
        m.add(version(2, 7, 1, CLEARED, "2026-11-30T08:00:05Z", &[1]));
        assert_eq!(m.current(user(7)), None, "undone: not marked");
        assert!(m.conflict(user(7)).is_none());
        assert_eq!(m.to_replace(user(7)), vec![RecordId(Uuid::from_u128(2))]);
        m.add(version(3, 7, 1, "late", "2026-11-30T08:10:00Z", &[2]));
        assert_eq!(m.current(user(7)).map(|v| v.status.as_str()), Some("late"));
        assert_eq!(m.versions().count(), 3);
    }

    #[test]
    fn agreeing_heads_are_not_a_conflict() {
        let mut m = SessionMarks::default();
        m.add(version(1, 7, 1, "present", "2026-11-30T08:00:00Z", &[]));
        m.add(version(2, 7, 7, "present", "2026-11-30T08:00:05Z", &[]));
        assert!(m.conflict(user(7)).is_none());
        assert_eq!(m.heads(user(7)).len(), 2);
    }

    fn arb_versions() -> impl Strategy<Value = Vec<MarkVersion>> {
        let statuses = ["present", "late", "absent", "excused"];
        prop::collection::vec(
            (
                0u8..3,
                0u8..3,
                0usize..4,
                0u8..60,
                prop::collection::vec(1u128..13, 0..3),
            ),
            1..12,
        )
        .prop_map(move |rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (learner, author, status, minute, replaces))| {
                    let id = i as u128 + 1;
                    let replaces: Vec<u128> = replaces.into_iter().filter(|r| *r < id).collect();
                    version(
                        id,
                        learner,
                        author,
                        statuses[status],
                        &format!("2026-11-30T08:{minute:02}:00Z"),
                        &replaces,
                    )
                })
                .collect()
        })
    }

    fn summary(m: &SessionMarks) -> Vec<(UserId, Vec<RecordId>, Option<RecordId>, bool)> {
        m.learners()
            .into_iter()
            .map(|l| {
                (
                    l,
                    m.heads(l).iter().map(|v| v.id).collect(),
                    m.current(l).map(|v| v.id),
                    m.conflict(l).is_some(),
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn any_order_of_arrival_gives_the_same_marks_and_conflicts(
            (versions, shuffled) in arb_versions().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
            order in prop::collection::vec(any::<prop::sample::Index>(), 0..30),
        ) {
            let mut clean = SessionMarks::default();
            for v in &versions {
                clean.add(v.clone());
            }
            // The same versions in any order, with duplicates and replays.
            let mut shuffled = shuffled;
            for i in &order {
                shuffled.push(versions[i.index(versions.len())].clone());
            }
            let mut messy = SessionMarks::default();
            for v in shuffled {
                messy.add(v);
            }
            prop_assert_eq!(summary(&clean), summary(&messy));
        }
    }
}
