//! An RPL application's stages and the steps between them.
//!
//! ```text
//! submitted ──accept (admin)──▶ evidence ──ready (candidate, admin)──▶ assessment
//!     │                            │                                      │
//!     └──── withdraw (candidate) ──┴──────────────────────────────────────┤
//!                                                     decided (assessor, │ every unit decided)
//!                                                                         ▼
//!   closed ◀──close (admin)── gap training ◀──gap training (admin, assessor; some unit NYC)── decided
//!     ▲                            │                                        ▲    │
//!     │                            └──appeal (candidate)──▶ appeal ──resolve (admin)┘    │
//!     └────────────────────────────────────close (admin)────────────────────────────────┘
//! ```
//!
//! A candidate gathers evidence and self-assesses while the application is submitted or
//! in evidence; an assessor judges while it is in assessment (and again in appeal, as a
//! corrected decision). Steps are records made on devices, offline too, so they may
//! arrive in any order: the stage is [`fold`]ed from the *set* of steps, taken in the
//! order they were made (time, then id); a step that does not apply at that point is
//! refused and changes nothing. Any order of arrival gives the same stage
//! (property-tested).

use crate::{RecordId, Role};

/// Where an application is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Submitted,
    Evidence,
    Assessment,
    Decided,
    GapTraining,
    Appeal,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Submitted,
        Stage::Evidence,
        Stage::Assessment,
        Stage::Decided,
        Stage::GapTraining,
        Stage::Appeal,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::Evidence => "evidence",
            Stage::Assessment => "assessment",
            Stage::Decided => "decided",
            Stage::GapTraining => "gap_training",
            Stage::Appeal => "appeal",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the candidate may still add evidence and self-assess.
    pub fn candidate_may_edit(self) -> bool {
        matches!(self, Stage::Submitted | Stage::Evidence)
    }

    /// Whether an assessor may record judgements and decisions.
    pub fn assessor_may_judge(self) -> bool {
        matches!(self, Stage::Assessment | Stage::Appeal)
    }

    /// The stages a candidate's "where it is" shows, in order: the main path, with gap
    /// training or appeal in place of nothing when the application went that way.
    pub fn path(self) -> Vec<Stage> {
        let mut path = vec![
            Stage::Submitted,
            Stage::Evidence,
            Stage::Assessment,
            Stage::Decided,
        ];
        if matches!(self, Stage::GapTraining | Stage::Appeal) {
            path.push(self);
        }
        path.push(Stage::Closed);
        path
    }
}

/// A step someone takes on an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The institute accepts the application: the candidate gathers evidence.
    Accept,
    /// The portfolio is ready: assessment may start.
    Ready,
    /// Every unit has a decision: the candidate sees the outcome.
    Decided,
    /// Some unit is Not Yet Competent: the candidate follows the gap-training plan.
    GapTraining,
    /// The candidate appeals a decision.
    Appeal,
    /// The appeal is answered (upheld or corrected by a new decision version).
    Resolve,
    Close,
    /// The candidate withdraws before a decision.
    Withdraw,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Accept,
        Step::Ready,
        Step::Decided,
        Step::GapTraining,
        Step::Appeal,
        Step::Resolve,
        Step::Close,
        Step::Withdraw,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Ready => "ready",
            Step::Decided => "decided",
            Step::GapTraining => "gap_training",
            Step::Appeal => "appeal",
            Step::Resolve => "resolve",
            Step::Close => "close",
            Step::Withdraw => "withdraw",
        }
    }

    pub fn parse(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Who may take this step (`Role::Learner` is the candidate).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Step::Accept | Step::Resolve | Step::Close => &[Role::Admin],
            Step::Ready => &[Role::Learner, Role::Admin],
            Step::Decided => &[Role::Assessor],
            Step::GapTraining => &[Role::Admin, Role::Assessor],
            Step::Appeal | Step::Withdraw => &[Role::Learner],
        }
    }
}

/// What the rules of a step need to know besides the stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Every claimed unit has a signed decision.
    pub every_unit_decided: bool,
    /// Some unit's decision is Not Yet Competent.
    pub some_unit_not_yet: bool,
}

/// Why a step was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepFault {
    /// Not a step this role takes.
    NotYours,
    /// Not a step from this stage.
    NotNow(Stage),
    /// "Decided" before every unit has a decision.
    NotEveryUnitDecided,
    /// Gap training when every unit is Competent.
    NothingToTrain,
}

impl StepFault {
    pub fn code(self) -> &'static str {
        match self {
            StepFault::NotYours => "not_yours",
            StepFault::NotNow(_) => "not_now",
            StepFault::NotEveryUnitDecided => "not_every_unit_decided",
            StepFault::NothingToTrain => "nothing_to_train",
        }
    }
}

/// The stage `step`, taken by `role` at `stage`, leads to.
pub fn take(stage: Stage, step: Step, role: Role, facts: Facts) -> Result<Stage, StepFault> {
    if !step.roles().contains(&role) {
        return Err(StepFault::NotYours);
    }
    let next = match (stage, step) {
        (Stage::Submitted, Step::Accept) => Stage::Evidence,
        (Stage::Evidence, Step::Ready) => Stage::Assessment,
        (Stage::Assessment, Step::Decided) => {
            if !facts.every_unit_decided {
                return Err(StepFault::NotEveryUnitDecided);
            }
            Stage::Decided
        }
        (Stage::Decided, Step::GapTraining) => {
            if !facts.some_unit_not_yet {
                return Err(StepFault::NothingToTrain);
            }
            Stage::GapTraining
        }
        (Stage::Decided | Stage::GapTraining, Step::Appeal) => Stage::Appeal,
        (Stage::Appeal, Step::Resolve) => Stage::Decided,
        (Stage::Decided | Stage::GapTraining, Step::Close) => Stage::Closed,
        (Stage::Submitted | Stage::Evidence | Stage::Assessment, Step::Withdraw) => Stage::Closed,
        (stage, _) => return Err(StepFault::NotNow(stage)),
    };
    Ok(next)
}

/// A step as a record: who took it, with which role, when (on their device).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    pub id: RecordId,
    pub step: Step,
    pub role: Role,
    /// `YYYY-MM-DDTHH:MM:SS…Z` on the device that made it.
    pub at: String,
    /// The facts when it was taken (what the decisions said then).
    pub facts: Facts,
}

/// What became of each step: the stage it led to, or why it was refused.
pub type Outcomes = Vec<(RecordId, Result<Stage, StepFault>)>;

/// The stage a set of steps leads to from `submitted`, each taken in the order they
/// were made (time, then id; a duplicate counts once), and for each step whether it was
/// taken (`Ok`) or refused. The same set in any order gives the same answer.
pub fn fold(steps: &[StepRecord]) -> (Stage, Outcomes) {
    let mut ordered: Vec<&StepRecord> = steps.iter().collect();
    ordered.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    ordered.dedup_by(|a, b| a.id == b.id);
    let mut stage = Stage::Submitted;
    let mut outcomes = Vec::with_capacity(ordered.len());
    for s in ordered {
        let outcome = take(stage, s.step, s.role, s.facts);
        if let Ok(next) = outcome {
            stage = next;
        }
        outcomes.push((s.id, outcome));
    }
    (stage, outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    const DECIDED: Facts = Facts {
        every_unit_decided: true,
        some_unit_not_yet: true,
    };

    #[test]
    fn the_main_path_and_who_takes_each_step() {
        let mut stage = Stage::Submitted;
        for (step, role) in [
            (Step::Accept, Role::Admin),
            (Step::Ready, Role::Learner),
            (Step::Decided, Role::Assessor),
            (Step::GapTraining, Role::Admin),
            (Step::Close, Role::Admin),
        ] {
            stage = take(stage, step, role, DECIDED).expect("a step of the main path");
        }
        assert_eq!(stage, Stage::Closed);
    }

    #[test]
    fn every_pair_of_stage_and_step_is_stated() {
        // The table in the module's head, as a list: everything else is refused.
        let allowed = [
            (Stage::Submitted, Step::Accept, Stage::Evidence),
            (Stage::Evidence, Step::Ready, Stage::Assessment),
            (Stage::Assessment, Step::Decided, Stage::Decided),
            (Stage::Decided, Step::GapTraining, Stage::GapTraining),
            (Stage::Decided, Step::Appeal, Stage::Appeal),
            (Stage::GapTraining, Step::Appeal, Stage::Appeal),
            (Stage::Appeal, Step::Resolve, Stage::Decided),
            (Stage::Decided, Step::Close, Stage::Closed),
            (Stage::GapTraining, Step::Close, Stage::Closed),
            (Stage::Submitted, Step::Withdraw, Stage::Closed),
            (Stage::Evidence, Step::Withdraw, Stage::Closed),
            (Stage::Assessment, Step::Withdraw, Stage::Closed),
        ];
        for stage in Stage::ALL {
            for step in Step::ALL {
                let role = step.roles()[0];
                let expected = allowed
                    .iter()
                    .find(|(from, s, _)| *from == stage && *s == step)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(take(stage, step, role, DECIDED), Ok(to)),
                    None => assert_eq!(
                        take(stage, step, role, DECIDED),
                        Err(StepFault::NotNow(stage)),
                        "{stage:?} {step:?}"
                    ),
                }
            }
        }
        // Nothing leaves closed.
        assert!(Step::ALL
            .iter()
            .all(|s| take(Stage::Closed, *s, s.roles()[0], DECIDED).is_err()));
    }

    #[test]
    fn a_step_of_another_role_is_refused() {
        assert_eq!(
            take(Stage::Submitted, Step::Accept, Role::Learner, DECIDED),
            Err(StepFault::NotYours)
        );
        assert_eq!(
            take(Stage::Assessment, Step::Decided, Role::Trainer, DECIDED),
            Err(StepFault::NotYours)
        );
        assert_eq!(
            take(Stage::Decided, Step::Appeal, Role::Assessor, DECIDED),
            Err(StepFault::NotYours)
        );
    }

    #[test]
    fn decided_needs_every_unit_and_gap_training_a_unit_not_yet() {
        let none = Facts::default();
        assert_eq!(
            take(Stage::Assessment, Step::Decided, Role::Assessor, none),
            Err(StepFault::NotEveryUnitDecided)
        );
        let all_competent = Facts {
            every_unit_decided: true,
            some_unit_not_yet: false,
        };
        assert_eq!(
            take(
                Stage::Decided,
                Step::GapTraining,
                Role::Admin,
                all_competent
            ),
            Err(StepFault::NothingToTrain)
        );
    }

    #[test]
    fn what_the_candidate_and_assessor_may_do_by_stage() {
        let editable: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|s| s.candidate_may_edit())
            .collect();
        assert_eq!(editable, vec![Stage::Submitted, Stage::Evidence]);
        let judged: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|s| s.assessor_may_judge())
            .collect();
        assert_eq!(judged, vec![Stage::Assessment, Stage::Appeal]);
        assert_eq!(Stage::Appeal.path().len(), 6);
        assert_eq!(Stage::Evidence.path().len(), 5);
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Some(s));
        }
    }

    fn record(n: u128, step: Step, at: u32) -> StepRecord {
        StepRecord {
            id: RecordId(Uuid::from_u128(n)),
            step,
            role: step.roles()[0],
            at: format!("2026-12-01T{:02}:{:02}:00Z", at / 60, at % 60),
            facts: DECIDED,
        }
    }

    proptest! {
        /// Steps made on several devices arrive in any order, some twice: the stage and
        /// which steps were refused do not change.
        #[test]
        fn any_order_of_arrival_gives_the_same_stage(
            steps in proptest::collection::vec((0usize..8, 0u32..600), 0..12),
            order in any::<prop::sample::Index>(),
            duplicate in any::<prop::sample::Index>(),
        ) {
            let records: Vec<StepRecord> = steps
                .iter()
                .enumerate()
                .map(|(i, (s, at))| record(i as u128, Step::ALL[*s], *at))
                .collect();
            let (stage, outcomes) = fold(&records);
            let mut shuffled = records.clone();
            if !shuffled.is_empty() {
                let k = order.index(shuffled.len());
                shuffled.rotate_left(k);
                shuffled.reverse();
                let again = shuffled[duplicate.index(shuffled.len())].clone();
                shuffled.push(again);
            }
            let (stage2, mut outcomes2) = fold(&shuffled);
            prop_assert_eq!(stage, stage2);
            let mut outcomes = outcomes;
            outcomes.sort_by_key(|(id, _)| *id);
            outcomes2.sort_by_key(|(id, _)| *id);
            prop_assert_eq!(outcomes, outcomes2);
        }
    }
}
