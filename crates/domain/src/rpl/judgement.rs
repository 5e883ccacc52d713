//! What candidates say of themselves, what assessors find, and the decision.
//!
//! **Self-assessment**: per criterion, can do / with help / not yet, with a comment.
//! It guides the assessor; it never counts as evidence.
//!
//! **The rules of evidence**: an evidence item is *accepted* only when the assessor
//! judged it valid, sufficient, authentic and current — all four. An accepted item
//! covers every criterion the candidate mapped it to.
//!
//! **The decision rule**: a unit may be judged Competent only when every one of its
//! criteria is covered — by accepted evidence, a satisfactory observation (a task of the
//! checklist, per criterion) or a satisfactory answer to a question that shows it.
//! Not Yet Competent may be decided at any time, with feedback; its gap-training plan
//! links each criterion not covered to the programme's learning activities that cover
//! it. Either needs its basis stated.
//!
//! **Versions.** Judgements and decisions are written on assessors' devices, offline,
//! and kept as versions ([`crate::versions`]): the one that counts is the latest head;
//! two assessors who judged the same thing differently without seeing each other make
//! a conflict, shown for a decision, never silently overwritten. A decision is signed
//! when it is made and never changes: a correction is a new version that replaces it
//! and states why.

use crate::versions::{self, Version};
use crate::{ActivityId, CriterionId, EvidenceId, RecordId, UserId};
use serde::{Deserialize, Serialize};

/// The longest comment, note, basis, feedback or reason, in characters.
pub const MAX_NOTE: usize = 2000;

/// A candidate's view of themselves against one criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfRating {
    CanDo,
    WithHelp,
    NotYet,
}

impl SelfRating {
    pub const ALL: [SelfRating; 3] = [SelfRating::CanDo, SelfRating::WithHelp, SelfRating::NotYet];

    pub fn code(self) -> &'static str {
        match self {
            SelfRating::CanDo => "can_do",
            SelfRating::WithHelp => "with_help",
            SelfRating::NotYet => "not_yet",
        }
    }

    pub fn parse(code: &str) -> Option<SelfRating> {
        SelfRating::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// An assessor's judgement of one evidence item against the rules of evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// It shows the criteria it is mapped to.
    pub valid: bool,
    /// There is enough of it.
    pub sufficient: bool,
    /// It is the candidate's own work.
    pub authentic: bool,
    /// It shows what the candidate can do now.
    pub current: bool,
}

impl Rules {
    pub fn accepted(self) -> bool {
        self.valid && self.sufficient && self.authentic && self.current
    }
}

/// Something the assessor found, on one thing of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Subject {
    /// An evidence item of the portfolio.
    Evidence { evidence: EvidenceId },
    /// A task of the observation checklist, for one of its criteria.
    Observation { task: u16, criterion: CriterionId },
    /// A question.
    Question { question: u16 },
    /// The third-party report.
    ThirdParty,
}

/// One version of a judgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub id: RecordId,
    pub assessor: UserId,
    pub subject: Subject,
    /// Observation or answer satisfactory; for evidence, whether it was accepted
    /// (`rules` says why); for the third-party report, whether it supports competence.
    pub satisfactory: bool,
    /// For evidence only.
    #[serde(default)]
    pub rules: Rules,
    /// A comment, answer notes, or the third-party report's notes.
    #[serde(default)]
    pub note: String,
    pub at: String,
    #[serde(default)]
    pub replaces: Vec<RecordId>,
}

impl Version for Judgement {
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

impl Judgement {
    /// Whether it counts towards the criteria it covers.
    pub fn counts(&self) -> bool {
        match self.subject {
            Subject::Evidence { .. } => self.satisfactory && self.rules.accepted(),
            _ => self.satisfactory,
        }
    }

    fn same_finding(&self, other: &Judgement) -> bool {
        self.satisfactory == other.satisfactory && self.rules == other.rules
    }
}

/// The heads of each subject's judgements: the judgement that counts and any conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<'a> {
    pub subject: Subject,
    /// The latest head: what counts until someone decides.
    pub current: &'a Judgement,
    /// Two or more heads that say different things: for a decision.
    pub conflict: Option<Vec<&'a Judgement>>,
}

/// Every subject's finding, in subject order.
pub fn findings(judgements: &[Judgement]) -> Vec<Finding<'_>> {
    let mut subjects: Vec<Subject> = judgements.iter().map(|j| j.subject).collect();
    subjects.sort();
    subjects.dedup();
    subjects
        .into_iter()
        .filter_map(|subject| {
            let heads = versions::heads(judgements.iter().filter(move |j| j.subject == subject));
            let current = *heads.last()?;
            let conflict = heads
                .iter()
                .any(|h| !h.same_finding(heads[0]))
                .then(|| heads.clone());
            Some(Finding {
                subject,
                current,
                conflict,
            })
        })
        .collect()
}

/// How a criterion is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    Evidence(EvidenceId),
    Observation(u16),
    Question(u16),
}

/// What the decision rule needs to know of a unit.
pub struct Unit<'a> {
    pub criteria: &'a [CriterionId],
    /// Each question's criteria, by position (from the package).
    pub questions: &'a [Vec<CriterionId>],
    /// Each evidence item and the criteria the candidate mapped it to.
    pub evidence: &'a [(EvidenceId, Vec<CriterionId>)],
}

/// For each criterion of the unit (in its order), what covers it (empty: not covered),
/// from the judgements that count.
pub fn coverage(unit: &Unit<'_>, judgements: &[Judgement]) -> Vec<(CriterionId, Vec<Basis>)> {
    let findings = findings(judgements);
    unit.criteria
        .iter()
        .map(|&criterion| {
            let mut by: Vec<Basis> = findings
                .iter()
                .filter(|f| f.current.counts())
                .filter_map(|f| match f.subject {
                    Subject::Evidence { evidence } => unit
                        .evidence
                        .iter()
                        .any(|(id, cs)| *id == evidence && cs.contains(&criterion))
                        .then_some(Basis::Evidence(evidence)),
                    Subject::Observation { task, criterion: c } => {
                        (c == criterion).then_some(Basis::Observation(task))
                    }
                    Subject::Question { question } => unit
                        .questions
                        .get(usize::from(question))
                        .is_some_and(|cs| cs.contains(&criterion))
                        .then_some(Basis::Question(question)),
                    Subject::ThirdParty => None,
                })
                .collect();
            by.sort();
            by.dedup();
            (criterion, by)
        })
        .collect()
}

/// Competent or Not Yet Competent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Competent,
    NotYetCompetent,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Competent => "competent",
            Outcome::NotYetCompetent => "not_yet_competent",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        [Outcome::Competent, Outcome::NotYetCompetent]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// A criterion not yet met and the programme's activities that cover it (empty when the
/// programme has none: the institute arranges training).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub criterion: CriterionId,
    pub activities: Vec<ActivityId>,
}

/// One signed version of a unit's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: RecordId,
    pub assessor: UserId,
    pub outcome: Outcome,
    /// What the decision rests on.
    pub basis: String,
    /// For the candidate.
    pub feedback: String,
    /// Not Yet Competent: the gap-training plan.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// A correction's reason (empty on a first decision).
    #[serde(default)]
    pub reason: String,
    pub at: String,
    #[serde(default)]
    pub replaces: Vec<RecordId>,
}

impl Version for Decision {
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

/// Why a decision cannot be signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DecisionFault {
    /// Competent, but some criterion is not covered.
    NotCovered,
    NoBasis,
    NoFeedback,
    /// A correction without its reason.
    NoReason,
    TooLong,
    /// A gap-training plan that does not list exactly the criteria not covered.
    GapsNotTheUncovered,
}

impl DecisionFault {
    pub const ALL: [DecisionFault; 6] = [
        DecisionFault::NotCovered,
        DecisionFault::NoBasis,
        DecisionFault::NoFeedback,
        DecisionFault::NoReason,
        DecisionFault::TooLong,
        DecisionFault::GapsNotTheUncovered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionFault::NotCovered => "not_covered",
            DecisionFault::NoBasis => "no_basis",
            DecisionFault::NoFeedback => "no_feedback",
            DecisionFault::NoReason => "no_reason",
            DecisionFault::TooLong => "too_long",
            DecisionFault::GapsNotTheUncovered => "gaps_not_the_uncovered",
        }
    }

    pub fn parse(code: &str) -> Option<DecisionFault> {
        DecisionFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// The criteria of `coverage` that nothing covers, in the unit's order.
pub fn uncovered(coverage: &[(CriterionId, Vec<Basis>)]) -> Vec<CriterionId> {
    coverage
        .iter()
        .filter(|(_, by)| by.is_empty())
        .map(|(c, _)| *c)
        .collect()
}

/// The gap-training plan for the criteria not covered: each with the activities (of the
/// programme, in its order) that cover it.
pub fn gap_plan(
    uncovered: &[CriterionId],
    activities: &[(ActivityId, Vec<CriterionId>)],
) -> Vec<Gap> {
    uncovered
        .iter()
        .map(|&criterion| Gap {
            criterion,
            activities: activities
                .iter()
                .filter(|(_, cs)| cs.contains(&criterion))
                .map(|(a, _)| *a)
                .collect(),
        })
        .collect()
}

/// Every reason `decision` cannot be signed, given the unit's coverage now.
pub fn check_decision(
    decision: &Decision,
    coverage: &[(CriterionId, Vec<Basis>)],
) -> Vec<DecisionFault> {
    let mut faults = Vec::new();
    let missing = uncovered(coverage);
    match decision.outcome {
        Outcome::Competent => {
            if !missing.is_empty() {
                faults.push(DecisionFault::NotCovered);
            }
            if !decision.gaps.is_empty() {
                faults.push(DecisionFault::GapsNotTheUncovered);
            }
        }
        Outcome::NotYetCompetent => {
            let planned: Vec<CriterionId> = decision.gaps.iter().map(|g| g.criterion).collect();
            if planned != missing {
                faults.push(DecisionFault::GapsNotTheUncovered);
            }
        }
    }
    if decision.basis.trim().is_empty() {
        faults.push(DecisionFault::NoBasis);
    }
    if decision.feedback.trim().is_empty() {
        faults.push(DecisionFault::NoFeedback);
    }
    if !decision.replaces.is_empty() && decision.reason.trim().is_empty() {
        faults.push(DecisionFault::NoReason);
    }
    if [&decision.basis, &decision.feedback, &decision.reason]
        .iter()
        .any(|t| t.chars().count() > MAX_NOTE)
    {
        faults.push(DecisionFault::TooLong);
    }
    faults
}

/// A unit's decision as it stands: the version that counts, the earlier ones (history,
/// oldest first) and, when two assessors decided differently without seeing each
/// other's, the conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing<'a> {
    pub current: &'a Decision,
    pub history: Vec<&'a Decision>,
    pub conflict: Option<Vec<&'a Decision>>,
}

/// Where a unit's decisions stand (`None`: not decided yet).
pub fn standing(decisions: &[Decision]) -> Option<Standing<'_>> {
    let heads = versions::heads(decisions.iter());
    let current = *heads.last()?;
    let conflict = heads
        .iter()
        .any(|h| h.outcome != heads[0].outcome)
        .then(|| heads.clone());
    let mut history: Vec<&Decision> = decisions
        .iter()
        .filter(|d| !heads.iter().any(|h| h.id == d.id))
        .collect();
    history.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    history.dedup_by(|a, b| a.id == b.id);
    Some(Standing {
        current,
        history,
        conflict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn c(n: u128) -> CriterionId {
        CriterionId(Uuid::from_u128(n))
    }
    fn e(n: u128) -> EvidenceId {
        EvidenceId(Uuid::from_u128(100 + n))
    }
    fn r(n: u128) -> RecordId {
        RecordId(Uuid::from_u128(1000 + n))
    }
    fn assessor(n: u128) -> UserId {
        UserId(Uuid::from_u128(5000 + n))
    }

    fn judge(
        id: u128,
        subject: Subject,
        satisfactory: bool,
        rules: Rules,
        minute: u32,
        replaces: Vec<RecordId>,
    ) -> Judgement {
        Judgement {
            id: r(id),
            assessor: assessor(1),
            subject,
            satisfactory,
            rules,
            note: String::new(),
            at: format!("2026-12-01T10:{minute:02}:00Z"),
            replaces,
        }
    }

    const ALL_FOUR: Rules = Rules {
        valid: true,
        sufficient: true,
        authentic: true,
        current: true,
    };

    fn unit_of<'a>(
        criteria: &'a [CriterionId],
        questions: &'a [Vec<CriterionId>],
        evidence: &'a [(EvidenceId, Vec<CriterionId>)],
    ) -> Unit<'a> {
        Unit {
            criteria,
            questions,
            evidence,
        }
    }

    #[test]
    fn evidence_counts_only_when_all_four_rules_hold() {
        let criteria = [c(1)];
        let evidence = [(e(1), vec![c(1)])];
        let unit = unit_of(&criteria, &[], &evidence);
        for missing in 0..4 {
            let mut rules = ALL_FOUR;
            match missing {
                0 => rules.valid = false,
                1 => rules.sufficient = false,
                2 => rules.authentic = false,
                _ => rules.current = false,
            }
            let j = [judge(
                1,
                Subject::Evidence { evidence: e(1) },
                true,
                rules,
                0,
                vec![],
            )];
            assert_eq!(uncovered(&coverage(&unit, &j)), vec![c(1)]);
        }
        let j = [judge(
            1,
            Subject::Evidence { evidence: e(1) },
            true,
            ALL_FOUR,
            0,
            vec![],
        )];
        assert_eq!(
            coverage(&unit, &j),
            vec![(c(1), vec![Basis::Evidence(e(1))])]
        );
    }

    #[test]
    fn one_item_covers_every_criterion_it_is_mapped_to_and_a_question_its_criteria() {
        let criteria = [c(1), c(2), c(3)];
        let questions = [vec![c(3)]];
        let evidence = [(e(1), vec![c(1), c(2)])];
        let unit = unit_of(&criteria, &questions, &evidence);
        let j = [
            judge(
                1,
                Subject::Evidence { evidence: e(1) },
                true,
                ALL_FOUR,
                0,
                vec![],
            ),
            judge(
                2,
                Subject::Question { question: 0 },
                true,
                Rules::default(),
                1,
                vec![],
            ),
        ];
        assert!(uncovered(&coverage(&unit, &j)).is_empty());
        // A question judged not satisfactory covers nothing; the third-party report never
        // covers a criterion by itself.
        let j = [
            judge(
                1,
                Subject::Evidence { evidence: e(1) },
                true,
                ALL_FOUR,
                0,
                vec![],
            ),
            judge(
                2,
                Subject::Question { question: 0 },
                false,
                Rules::default(),
                1,
                vec![],
            ),
            judge(3, Subject::ThirdParty, true, Rules::default(), 2, vec![]),
        ];
        assert_eq!(uncovered(&coverage(&unit, &j)), vec![c(3)]);
    }

    fn decision(
        id: u128,
        outcome: Outcome,
        gaps: Vec<Gap>,
        minute: u32,
        replaces: Vec<RecordId>,
        reason: &str,
    ) -> Decision {
        Decision {
            id: r(id),
            assessor: assessor(1),
            outcome,
            basis: "Observed at the site".into(),
            feedback: "Well done".into(),
            gaps,
            reason: reason.into(),
            at: format!("2026-12-01T11:{minute:02}:00Z"),
            replaces,
        }
    }

    #[test]
    fn competent_only_when_every_criterion_is_covered() {
        let criteria = [c(1), c(2)];
        let unit = unit_of(&criteria, &[], &[]);
        let observed = [judge(
            1,
            Subject::Observation {
                task: 0,
                criterion: c(1),
            },
            true,
            Rules::default(),
            0,
            vec![],
        )];
        let cov = coverage(&unit, &observed);
        assert_eq!(
            check_decision(
                &decision(1, Outcome::Competent, vec![], 0, vec![], ""),
                &cov
            ),
            vec![DecisionFault::NotCovered]
        );
        // Not Yet Competent with the plan for exactly what is not covered.
        let plan = gap_plan(
            &uncovered(&cov),
            &[
                (ActivityId(Uuid::from_u128(7)), vec![c(2)]),
                (ActivityId(Uuid::from_u128(8)), vec![c(1)]),
            ],
        );
        assert_eq!(
            plan,
            vec![Gap {
                criterion: c(2),
                activities: vec![ActivityId(Uuid::from_u128(7))]
            }]
        );
        assert_eq!(
            check_decision(
                &decision(1, Outcome::NotYetCompetent, plan, 0, vec![], ""),
                &cov
            ),
            vec![]
        );
        assert_eq!(
            check_decision(
                &decision(1, Outcome::NotYetCompetent, vec![], 0, vec![], ""),
                &cov
            ),
            vec![DecisionFault::GapsNotTheUncovered]
        );
        let both = [
            observed[0].clone(),
            judge(
                2,
                Subject::Observation {
                    task: 0,
                    criterion: c(2),
                },
                true,
                Rules::default(),
                1,
                vec![],
            ),
        ];
        assert_eq!(
            check_decision(
                &decision(1, Outcome::Competent, vec![], 0, vec![], ""),
                &coverage(&unit, &both)
            ),
            vec![]
        );
    }

    #[test]
    fn a_correction_states_its_reason_and_keeps_the_history() {
        let first = decision(1, Outcome::NotYetCompetent, vec![], 0, vec![], "");
        let mut unreasoned = decision(2, Outcome::Competent, vec![], 5, vec![r(1)], "");
        let mut empty = unreasoned.clone();
        empty.basis.clear();
        empty.feedback.clear();
        assert_eq!(
            check_decision(&empty, &[]),
            vec![
                DecisionFault::NoBasis,
                DecisionFault::NoFeedback,
                DecisionFault::NoReason
            ]
        );
        unreasoned.reason = "Appeal: a licence was missed".into();
        let list = [first.clone(), unreasoned.clone()];
        let s = standing(&list).expect("decided");
        assert_eq!(s.current, &unreasoned);
        assert_eq!(s.history, vec![&first]);
        assert_eq!(s.conflict, None);
    }

    #[test]
    fn two_assessors_who_disagree_offline_are_a_conflict_not_an_overwrite() {
        let mut a = decision(1, Outcome::Competent, vec![], 0, vec![], "");
        let mut b = decision(2, Outcome::NotYetCompetent, vec![], 3, vec![], "");
        b.assessor = assessor(2);
        let list = [a.clone(), b.clone()];
        let s = standing(&list).expect("decided");
        assert_eq!(s.conflict.as_ref().map(Vec::len), Some(2));
        // Both the same outcome: no conflict.
        a.outcome = Outcome::NotYetCompetent;
        assert_eq!(
            standing(&[a.clone(), b.clone()]).and_then(|s| s.conflict),
            None
        );
        // Judgements the same way.
        let x = judge(
            1,
            Subject::Question { question: 0 },
            true,
            Rules::default(),
            0,
            vec![],
        );
        let mut y = judge(
            2,
            Subject::Question { question: 0 },
            false,
            Rules::default(),
            1,
            vec![],
        );
        y.assessor = assessor(2);
        let list = [x.clone(), y.clone()];
        let f = findings(&list);
        assert_eq!(f.len(), 1);
        assert!(f[0].conflict.is_some());
        let decided = judge(
            3,
            Subject::Question { question: 0 },
            true,
            Rules::default(),
            2,
            vec![r(1), r(2)],
        );
        let list = [x, y, decided.clone()];
        let f = findings(&list);
        assert_eq!((f[0].current, f[0].conflict.is_none()), (&decided, true));
    }

    proptest! {
        /// Judgements arriving in any order, some twice, give the same coverage and the
        /// same conflicts; decisions the same standing.
        #[test]
        fn any_order_of_arrival_gives_the_same_findings(
            made in proptest::collection::vec((0u16..3, any::<bool>(), any::<bool>(), 0u32..50, proptest::option::of(0usize..20)), 1..14),
            rotate in any::<prop::sample::Index>(),
        ) {
            let criteria = [c(1), c(2), c(3)];
            let questions = [vec![c(1)], vec![c(2), c(3)]];
            let evidence = [(e(1), vec![c(1), c(3)])];
            let unit = unit_of(&criteria, &questions, &evidence);
            let mut judgements: Vec<Judgement> = Vec::new();
            let mut decisions: Vec<Decision> = Vec::new();
            for (i, (what, sat, all, minute, replaces)) in made.iter().enumerate() {
                let replaces: Vec<RecordId> = replaces.filter(|k| *k < i).map(|k| r(k as u128)).into_iter().collect();
                let subject = match what {
                    0 => Subject::Evidence { evidence: e(1) },
                    1 => Subject::Question { question: 0 },
                    _ => Subject::Question { question: 1 },
                };
                let rules = if *all { ALL_FOUR } else { Rules::default() };
                judgements.push(judge(i as u128, subject, *sat, rules, *minute, replaces.clone()));
                let outcome = if *sat { Outcome::Competent } else { Outcome::NotYetCompetent };
                decisions.push(decision(i as u128, outcome, vec![], *minute, replaces, "r"));
            }
            let mut shuffled = judgements.clone();
            let k = rotate.index(shuffled.len());
            shuffled.rotate_left(k);
            shuffled.reverse();
            shuffled.push(judgements[k].clone());
            prop_assert_eq!(coverage(&unit, &judgements), coverage(&unit, &shuffled));
            let conflicts = |j: &[Judgement]| findings(j).iter().map(|f| (f.subject, f.current.id, f.conflict.as_ref().map(|c| c.iter().map(|v| v.id).collect::<Vec<_>>()))).collect::<Vec<_>>();
            prop_assert_eq!(conflicts(&judgements), conflicts(&shuffled));
            let mut shuffled = decisions.clone();
            shuffled.rotate_left(k);
            shuffled.reverse();
            shuffled.push(decisions[k].clone());
            let a = standing(&decisions).map(|s| (s.current.id, s.history.iter().map(|d| d.id).collect::<Vec<_>>(), s.conflict.map(|c| c.len())));
            let b = standing(&shuffled).map(|s| (s.current.id, s.history.iter().map(|d| d.id).collect::<Vec<_>>(), s.conflict.map(|c| c.len())));
            prop_assert_eq!(a, b);
        }
    }
}
