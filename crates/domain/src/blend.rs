//! A programme's blend: the report the curriculum team reads (minutes and shares per mode
//! per module and for the programme, planned against nominal hours, criteria covered and
//! not, practical criteria covered only online, the institute's targets and the gap) and
//! the checks of an edit to a learning activity.
//!
//! The rules, stated once:
//! - Shares follow `delivery::blend` (largest remainder: they add to exactly 100).
//! - "Online" is online live plus online self-paced; its share is the sum of the two shares
//!   the table shows, so a reader adding them gets the same number.
//! - A criterion is covered when an activity of its unit's module lists it.
//! - A unit with nominal practical hours needs its criteria practised in person: a
//!   criterion whose covering activities are all online is reported as covered only online.

use crate::delivery::{blend, DeliveryMode};
use crate::text::Localized;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest an activity may be: 100 hours.
pub const MAX_MINUTES: u32 = 6_000;
/// The longest an activity's title may be, in characters, in each language.
pub const MAX_TITLE: usize = 200;

/// One learning activity as the report needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedActivity {
    pub minutes: u32,
    pub mode: DeliveryMode,
    pub criteria: Vec<Uuid>,
}

/// A module: the unit it delivers (when it has one) and its activities in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedModule {
    pub hours_theory: u32,
    pub hours_practical: u32,
    /// The unit's performance criteria, in order.
    pub criteria: Vec<Uuid>,
    pub activities: Vec<PlannedActivity>,
}

/// Minutes and whole-percent share per mode, in `DeliveryMode::ALL` order.
pub type Blend = [(DeliveryMode, u32, u32); 4];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleReport {
    pub blend: Blend,
    /// Minutes planned in activities.
    pub planned: u32,
    /// The unit's nominal hours, in minutes (theory + practical).
    pub nominal: u32,
    /// Criteria of the unit no activity covers, in the unit's order.
    pub uncovered: Vec<Uuid>,
    /// Criteria of a unit with practical hours that only online activities cover.
    pub online_only: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub modules: Vec<ModuleReport>,
    pub blend: Blend,
    pub planned: u32,
    pub nominal: u32,
    pub criteria: usize,
    pub covered: usize,
    pub gaps: Vec<Gap>,
}

/// An institute's blend targets, set by its admin; none set means no target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub online_min: Option<u8>,
    pub workplace_min: Option<u8>,
    pub face_to_face_max: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    OnlineAtLeast,
    WorkplaceAtLeast,
    FaceToFaceAtMost,
}

/// One target against the programme's blend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub target: Target,
    pub percent: u8,
    pub actual: u32,
    /// Points still to go (0 when the target is met).
    pub short_by: u32,
}

impl Gap {
    pub fn met(&self) -> bool {
        self.short_by == 0
    }
}

fn online(mode: DeliveryMode) -> bool {
    matches!(
        mode,
        DeliveryMode::OnlineLive | DeliveryMode::OnlineSelfPaced
    )
}

fn share(blend: &Blend, mode: DeliveryMode) -> u32 {
    blend
        .iter()
        .find(|(m, _, _)| *m == mode)
        .map_or(0, |(_, _, s)| *s)
}

/// The online share as the table shows it: live plus self-paced.
pub fn online_share(blend: &Blend) -> u32 {
    share(blend, DeliveryMode::OnlineLive) + share(blend, DeliveryMode::OnlineSelfPaced)
}

impl Targets {
    /// Each target set, against `blend`.
    pub fn gaps(&self, blend: &Blend) -> Vec<Gap> {
        let mut gaps = Vec::new();
        if let Some(p) = self.online_min {
            let actual = online_share(blend);
            gaps.push(Gap {
                target: Target::OnlineAtLeast,
                percent: p,
                actual,
                short_by: u32::from(p).saturating_sub(actual),
            });
        }
        if let Some(p) = self.workplace_min {
            let actual = share(blend, DeliveryMode::Workplace);
            gaps.push(Gap {
                target: Target::WorkplaceAtLeast,
                percent: p,
                actual,
                short_by: u32::from(p).saturating_sub(actual),
            });
        }
        if let Some(p) = self.face_to_face_max {
            let actual = share(blend, DeliveryMode::FaceToFace);
            gaps.push(Gap {
                target: Target::FaceToFaceAtMost,
                percent: p,
                actual,
                short_by: actual.saturating_sub(u32::from(p)),
            });
        }
        gaps
    }

    /// Targets from a form's text (blank: no target). `Err` names the first field that
    /// is not a whole number from 0 to 100.
    pub fn parse(
        online_min: &str,
        workplace_min: &str,
        face_to_face_max: &str,
    ) -> Result<Targets, &'static str> {
        fn one(text: &str, name: &'static str) -> Result<Option<u8>, &'static str> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<u8>() {
                Ok(p) if p <= 100 => Ok(Some(p)),
                _ => Err(name),
            }
        }
        Ok(Targets {
            online_min: one(online_min, "online_min")?,
            workplace_min: one(workplace_min, "workplace_min")?,
            face_to_face_max: one(face_to_face_max, "face_to_face_max")?,
        })
    }
}

fn module_report(module: &PlannedModule) -> ModuleReport {
    let blend = blend(module.activities.iter().map(|a| (a.mode, a.minutes)));
    let planned = module
        .activities
        .iter()
        .fold(0u32, |sum, a| sum.saturating_add(a.minutes));
    let covering = |c: Uuid| {
        module
            .activities
            .iter()
            .filter(move |a| a.criteria.contains(&c))
    };
    let uncovered = module
        .criteria
        .iter()
        .filter(|c| covering(**c).next().is_none())
        .copied()
        .collect();
    let online_only = if module.hours_practical > 0 {
        module
            .criteria
            .iter()
            .filter(|c| covering(**c).next().is_some() && covering(**c).all(|a| online(a.mode)))
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    ModuleReport {
        blend,
        planned,
        nominal: (module.hours_theory.saturating_add(module.hours_practical)).saturating_mul(60),
        uncovered,
        online_only,
    }
}

/// The whole report of a programme's modules, against `targets`.
pub fn report(modules: &[PlannedModule], targets: &Targets) -> Report {
    let reports: Vec<ModuleReport> = modules.iter().map(module_report).collect();
    let programme = blend(
        modules
            .iter()
            .flat_map(|m| &m.activities)
            .map(|a| (a.mode, a.minutes)),
    );
    let criteria: usize = modules.iter().map(|m| m.criteria.len()).sum();
    let uncovered: usize = reports.iter().map(|r| r.uncovered.len()).sum();
    Report {
        planned: reports
            .iter()
            .fold(0u32, |s, r| s.saturating_add(r.planned)),
        nominal: reports
            .iter()
            .fold(0u32, |s, r| s.saturating_add(r.nominal)),
        criteria,
        covered: criteria - uncovered,
        gaps: targets.gaps(&programme),
        blend: programme,
        modules: reports,
    }
}

/// What is wrong with an edit to an activity; each has a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditFault {
    /// Neither language has a title.
    NoTitle,
    TitleTooLong,
    /// Minutes are not a whole number from 1 to `MAX_MINUTES`.
    BadMinutes,
    UnknownMode,
    /// A criterion that is not of the module's unit.
    UnknownCriterion,
    /// One minute cannot be split.
    CannotSplit,
    /// The activity holds a lesson: remove or move the lesson first.
    HoldsLesson,
    /// The programme is published: make a new version to change it.
    Published,
    /// A new version was asked of a draft, or a draft of the programme exists already.
    DraftExists,
    /// A class moves only to a published version newer than the one it follows.
    NotNewer,
}

impl EditFault {
    pub fn code(self) -> &'static str {
        match self {
            EditFault::NoTitle => "no_title",
            EditFault::TitleTooLong => "title_too_long",
            EditFault::BadMinutes => "bad_minutes",
            EditFault::UnknownMode => "unknown_mode",
            EditFault::UnknownCriterion => "unknown_criterion",
            EditFault::CannotSplit => "cannot_split",
            EditFault::HoldsLesson => "holds_lesson",
            EditFault::Published => "published",
            EditFault::DraftExists => "draft_exists",
            EditFault::NotNewer => "not_newer",
        }
    }

    pub const ALL: [EditFault; 10] = [
        EditFault::NoTitle,
        EditFault::TitleTooLong,
        EditFault::BadMinutes,
        EditFault::UnknownMode,
        EditFault::UnknownCriterion,
        EditFault::CannotSplit,
        EditFault::HoldsLesson,
        EditFault::Published,
        EditFault::DraftExists,
        EditFault::NotNewer,
    ];

    pub fn parse(code: &str) -> Option<EditFault> {
        EditFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// An activity as an author typed it, checked whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityEdit {
    pub title: Localized,
    pub minutes: u32,
    pub mode: DeliveryMode,
    pub criteria: Vec<Uuid>,
}

/// Checks a typed activity: a title in at least one language (each at most `MAX_TITLE`
/// characters), whole minutes from 1 to `MAX_MINUTES`, a known mode, and only criteria of
/// `unit_criteria`. The first fault found, in that order.
pub fn check_activity(
    title_km: &str,
    title_en: &str,
    minutes: &str,
    mode: &str,
    criteria: &[String],
    unit_criteria: &[Uuid],
) -> Result<ActivityEdit, EditFault> {
    let (km, en) = (title_km.trim(), title_en.trim());
    if km.is_empty() && en.is_empty() {
        return Err(EditFault::NoTitle);
    }
    if km.chars().count() > MAX_TITLE || en.chars().count() > MAX_TITLE {
        return Err(EditFault::TitleTooLong);
    }
    let minutes = match minutes.trim().parse::<u32>() {
        Ok(m) if (1..=MAX_MINUTES).contains(&m) => m,
        _ => return Err(EditFault::BadMinutes),
    };
    let mode = DeliveryMode::parse(mode).ok_or(EditFault::UnknownMode)?;
    let mut chosen = Vec::new();
    for c in criteria {
        let id: Uuid = c.parse().map_err(|_| EditFault::UnknownCriterion)?;
        if !unit_criteria.contains(&id) {
            return Err(EditFault::UnknownCriterion);
        }
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    Ok(ActivityEdit {
        title: Localized::new(km, en),
        minutes,
        mode,
        criteria: chosen,
    })
}

/// An activity of `minutes` split in two: the first half (rounded up) and the rest; the
/// two add to the whole. One minute cannot be split.
pub fn split(minutes: u32) -> Result<(u32, u32), EditFault> {
    if minutes < 2 {
        return Err(EditFault::CannotSplit);
    }
    let first = minutes.div_ceil(2);
    Ok((first, minutes - first))
}

/// An activity as two versions are compared: its lineage (the id of the activity it
/// continues across versions), where it is, and what an author can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionedActivity {
    pub lineage: String,
    pub module: Localized,
    pub title: Localized,
    pub minutes: u32,
    pub mode: DeliveryMode,
    pub criteria: Vec<Uuid>,
    /// A digest of the lesson and check it holds (None: it holds none).
    pub content: Option<String>,
}

/// What changed in an activity that continues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Changed {
    Title,
    Minutes,
    Mode,
    Criteria,
    /// Its lesson or check.
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    Added(VersionedActivity),
    Removed(VersionedActivity),
    /// Before, after, and what differs (in `Changed`'s order).
    Changed(VersionedActivity, VersionedActivity, Vec<Changed>),
}

/// The activities added, removed and changed from `old` to `new`, paired by lineage:
/// removed and changed in `old`'s order, then added in `new`'s. Order within a version
/// and the order of criteria do not count as changes.
pub fn diff(old: &[VersionedActivity], new: &[VersionedActivity]) -> Vec<Difference> {
    let mut out = Vec::new();
    for before in old {
        match new.iter().find(|a| a.lineage == before.lineage) {
            None => out.push(Difference::Removed(before.clone())),
            Some(after) => {
                let mut changes = Vec::new();
                if before.title != after.title {
                    changes.push(Changed::Title);
                }
                if before.minutes != after.minutes {
                    changes.push(Changed::Minutes);
                }
                if before.mode != after.mode {
                    changes.push(Changed::Mode);
                }
                let (mut a, mut b) = (before.criteria.clone(), after.criteria.clone());
                a.sort();
                a.dedup();
                b.sort();
                b.dedup();
                if a != b {
                    changes.push(Changed::Criteria);
                }
                if before.content != after.content {
                    changes.push(Changed::Text);
                }
                if !changes.is_empty() {
                    out.push(Difference::Changed(before.clone(), after.clone(), changes));
                }
            }
        }
    }
    for after in new {
        if !old.iter().any(|a| a.lineage == after.lineage) {
            out.push(Difference::Added(after.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn activity(minutes: u32, mode: DeliveryMode, criteria: &[u128]) -> PlannedActivity {
        PlannedActivity {
            minutes,
            mode,
            criteria: criteria.iter().map(|n| id(*n)).collect(),
        }
    }

    #[test]
    fn a_report_names_what_is_missing_and_what_is_only_online() {
        let module = PlannedModule {
            hours_theory: 2,
            hours_practical: 4,
            criteria: vec![id(1), id(2), id(3), id(4)],
            activities: vec![
                activity(60, DeliveryMode::OnlineSelfPaced, &[1, 2]),
                activity(60, DeliveryMode::OnlineLive, &[2]),
                activity(240, DeliveryMode::FaceToFace, &[1]),
                activity(30, DeliveryMode::Workplace, &[3]),
            ],
        };
        let r = report(
            std::slice::from_ref(&module),
            &Targets {
                online_min: Some(40),
                workplace_min: None,
                face_to_face_max: Some(60),
            },
        );
        let m = &r.modules[0];
        assert_eq!(m.planned, 390);
        assert_eq!(m.nominal, 360);
        assert_eq!(m.uncovered, vec![id(4)]);
        // 2 is covered twice, both online, in a unit with practical hours.
        assert_eq!(m.online_only, vec![id(2)]);
        assert_eq!((r.criteria, r.covered), (4, 3));
        // Of 390 minutes: 61.5, 15.4, 15.4 and 7.7 %; the two points left over go to
        // the largest remainders (workplace's .7, then face to face's .5).
        assert_eq!(r.blend.map(|(_, _, s)| s), [62, 15, 15, 8]);
        assert_eq!(
            r.gaps,
            vec![
                Gap {
                    target: Target::OnlineAtLeast,
                    percent: 40,
                    actual: 30,
                    short_by: 10
                },
                Gap {
                    target: Target::FaceToFaceAtMost,
                    percent: 60,
                    actual: 62,
                    short_by: 2
                },
            ]
        );

        // A theory-only unit may be wholly online.
        let theory = PlannedModule {
            hours_practical: 0,
            ..module
        };
        assert!(report(&[theory], &Targets::default()).modules[0]
            .online_only
            .is_empty());
    }

    #[test]
    fn targets_come_from_a_form() {
        assert_eq!(Targets::parse("", " ", ""), Ok(Targets::default()));
        assert_eq!(
            Targets::parse("30", "", "70"),
            Ok(Targets {
                online_min: Some(30),
                workplace_min: None,
                face_to_face_max: Some(70)
            })
        );
        assert_eq!(Targets::parse("101", "", ""), Err("online_min"));
        assert_eq!(Targets::parse("", "-1", ""), Err("workplace_min"));
        assert_eq!(Targets::parse("", "", "half"), Err("face_to_face_max"));
    }

    #[test]
    fn an_edit_is_checked_whole() {
        let unit = [id(1), id(2)];
        let ok = check_activity(
            " ",
            "Wiring practice",
            "90",
            "workplace",
            &[id(2).to_string(), id(2).to_string()],
            &unit,
        )
        .expect("valid");
        assert_eq!(ok.title, Localized::new("", "Wiring practice"));
        assert_eq!(ok.criteria, vec![id(2)]);
        let check = |km: &str, minutes: &str, mode: &str, criteria: &[String]| {
            check_activity(km, "", minutes, mode, criteria, &unit)
        };
        assert_eq!(check("", "60", "workplace", &[]), Err(EditFault::NoTitle));
        assert_eq!(
            check(&"ក".repeat(201), "60", "workplace", &[]),
            Err(EditFault::TitleTooLong)
        );
        for minutes in ["0", "-5", "1.5", "6001", "sixty", ""] {
            assert_eq!(
                check("ក", minutes, "workplace", &[]),
                Err(EditFault::BadMinutes)
            );
        }
        assert_eq!(check("ក", "60", "online", &[]), Err(EditFault::UnknownMode));
        assert_eq!(
            check("ក", "60", "workplace", &[id(3).to_string()]),
            Err(EditFault::UnknownCriterion)
        );
        assert_eq!(
            check("ក", "60", "workplace", &["not-an-id".into()]),
            Err(EditFault::UnknownCriterion)
        );
        for fault in EditFault::ALL {
            assert_eq!(EditFault::parse(fault.code()), Some(fault));
        }
    }

    fn versioned(lineage: &str, minutes: u32, mode: DeliveryMode) -> VersionedActivity {
        VersionedActivity {
            lineage: lineage.into(),
            module: Localized::new("ម", "M"),
            title: Localized::new("", lineage),
            minutes,
            mode,
            criteria: vec![id(1), id(2)],
            content: None,
        }
    }

    #[test]
    fn a_diff_lists_what_was_added_removed_and_changed() {
        let old = vec![
            versioned("a", 60, DeliveryMode::FaceToFace),
            versioned("b", 60, DeliveryMode::FaceToFace),
            versioned("c", 30, DeliveryMode::Workplace),
        ];
        let mut b = versioned("b", 45, DeliveryMode::OnlineSelfPaced);
        b.criteria = vec![id(2)];
        b.content = Some("lesson".into());
        let mut c = versioned("c", 30, DeliveryMode::Workplace);
        c.criteria = vec![id(2), id(1)]; // the same set, another order
        let d = versioned("d", 15, DeliveryMode::OnlineLive);
        let new = vec![c, b.clone(), d.clone()];
        assert_eq!(
            diff(&old, &new),
            vec![
                Difference::Removed(old[0].clone()),
                Difference::Changed(
                    old[1].clone(),
                    b,
                    vec![
                        Changed::Minutes,
                        Changed::Mode,
                        Changed::Criteria,
                        Changed::Text
                    ]
                ),
                Difference::Added(d),
            ]
        );
    }

    #[test]
    fn one_minute_does_not_split() {
        assert_eq!(split(1), Err(EditFault::CannotSplit));
        assert_eq!(split(0), Err(EditFault::CannotSplit));
        assert_eq!(split(2), Ok((1, 1)));
        assert_eq!(split(45), Ok((23, 22)));
    }

    fn mode() -> impl Strategy<Value = DeliveryMode> {
        proptest::sample::select(DeliveryMode::ALL.to_vec())
    }

    fn planned_module() -> impl Strategy<Value = PlannedModule> {
        (
            0u32..40,
            0u32..80,
            1u128..12,
            proptest::collection::vec(
                (
                    1u32..600,
                    mode(),
                    proptest::collection::vec(1u128..12, 0..4),
                ),
                0..8,
            ),
        )
            .prop_map(|(theory, practical, n, activities)| PlannedModule {
                hours_theory: theory,
                hours_practical: practical,
                criteria: (1..=n).map(id).collect(),
                activities: activities
                    .into_iter()
                    .map(|(minutes, mode, criteria)| PlannedActivity {
                        minutes,
                        mode,
                        criteria: criteria.into_iter().filter(|c| *c <= n).map(id).collect(),
                    })
                    .collect(),
            })
    }

    proptest! {
        #[test]
        fn reports_add_up_and_ignore_the_order_of_activities(
            modules in proptest::collection::vec(planned_module(), 0..6),
            online_min in proptest::option::of(0u8..=100),
            rotate in any::<usize>(),
        ) {
            let targets = Targets { online_min, workplace_min: None, face_to_face_max: None };
            let r = report(&modules, &targets);
            // Totals: the programme's minutes are its modules' minutes, per mode too.
            let planned: u32 = r.modules.iter().map(|m| m.planned).sum();
            prop_assert_eq!(r.planned, planned);
            for i in 0..4 {
                let per_mode: u32 = r.modules.iter().map(|m| m.blend[i].1).sum();
                prop_assert_eq!(r.blend[i].1, per_mode);
            }
            let shares: u32 = r.blend.iter().map(|(_, _, s)| s).sum();
            prop_assert_eq!(shares, if planned > 0 { 100 } else { 0 });
            for m in &r.modules {
                let s: u32 = m.blend.iter().map(|(_, _, s)| s).sum();
                prop_assert_eq!(s, if m.planned > 0 { 100 } else { 0 });
                // Only-online criteria are covered ones.
                prop_assert!(m.online_only.iter().all(|c| !m.uncovered.contains(c)));
            }
            prop_assert!(r.covered <= r.criteria);
            if let (Some(p), Some(gap)) = (online_min, r.gaps.first()) {
                prop_assert_eq!(gap.met(), online_share(&r.blend) >= u32::from(p));
            }
            // Reordering activities within modules, and the modules, changes no total,
            // share, gap or coverage count.
            let mut shuffled = modules.clone();
            for m in &mut shuffled {
                m.activities.reverse();
                let len = m.activities.len().max(1);
                m.activities.rotate_left(rotate % len);
            }
            shuffled.reverse();
            let again = report(&shuffled, &targets);
            prop_assert_eq!(again.blend, r.blend);
            prop_assert_eq!(again.gaps, r.gaps);
            prop_assert_eq!((again.planned, again.nominal, again.covered), (r.planned, r.nominal, r.covered));
        }

        #[test]
        fn a_version_differs_from_itself_in_nothing(
            lineages in proptest::collection::btree_set("[a-f]{1,3}", 0..10),
            keep in proptest::collection::vec(any::<bool>(), 10),
        ) {
            let old: Vec<VersionedActivity> = lineages.iter().map(|l| versioned(l, 60, DeliveryMode::FaceToFace)).collect();
            prop_assert!(diff(&old, &old).is_empty());
            let mut reversed = old.clone();
            reversed.reverse();
            prop_assert!(diff(&old, &reversed).is_empty(), "order is no change");
            // Dropping some: exactly those are removed, and the other way added.
            let new: Vec<VersionedActivity> = old.iter().zip(&keep).filter(|(_, k)| **k).map(|(a, _)| a.clone()).collect();
            let removed = diff(&old, &new).into_iter().filter(|d| matches!(d, Difference::Removed(_))).count();
            prop_assert_eq!(removed, old.len() - new.len());
            let added = diff(&new, &old).into_iter().filter(|d| matches!(d, Difference::Added(_))).count();
            prop_assert_eq!(added, old.len() - new.len());
        }

        #[test]
        fn a_split_keeps_the_minutes(minutes in 2u32..=MAX_MINUTES) {
            let (a, b) = split(minutes).expect("splits");
            prop_assert_eq!(a + b, minutes);
            prop_assert!(a >= 1 && b >= 1 && a - b <= 1);
        }
    }
}
