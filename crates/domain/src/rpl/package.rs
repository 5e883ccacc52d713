//! A unit's RPL assessment package, as curriculum developers and assessors write it.
//!
//! What it holds, every text in Khmer and English:
//! - one **statement** per performance criterion, in plain words ("I can …"), that the
//!   candidate rates themselves against;
//! - **evidence requirements**: a kind (photo of work, document, certificate, …), how
//!   many at least, how recent (years; 0 = any age), and a note;
//! - an **observation checklist**: tasks the assessor watches, each naming the criteria
//!   it shows;
//! - **questions**, each with the points a good answer covers and the criteria it shows;
//! - a **third-party report** template: questions for a supervisor or employer.
//!
//! **The rule.** A draft may be saved with anything missing (the editor lists what is
//! left to do) but never with a text too long, a count out of range, a criterion that is
//! not the unit's, or too many items ([`Fault::blocks_saving`]). Publishing needs every
//! [`check`] problem gone: each criterion has its statement and is shown by at least one
//! task or question, every text is in both languages, at least one evidence requirement.
//! A published package is immutable; a change is a new version (the store copies it).
//! Tasks and questions are referred to by their position, which a published version
//! never changes.

use crate::{CriterionId, Localized};
use serde::{Deserialize, Serialize};

/// The longest text of a package, in characters, in either language.
pub const MAX_TEXT: usize = 1000;
/// The most tasks, questions or third-party questions a package may have.
pub const MAX_ITEMS: usize = 60;
/// The most evidence requirements.
pub const MAX_EVIDENCE_RULES: usize = 20;
/// How many items of one kind a requirement may ask for at most.
pub const MAX_COUNT: u8 = 20;
/// The oldest evidence a requirement may accept, in years (0: any age).
pub const MAX_YEARS: u8 = 30;

/// A kind of evidence a candidate brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A photo of work the candidate did.
    Photo,
    /// A document: a work record, a logbook page, a plan they wrote.
    Document,
    /// A certificate of training or a licence.
    Certificate,
    /// A letter or reference from an employer or client.
    Reference,
    /// A video of the candidate at work.
    Video,
    Other,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 6] = [
        EvidenceKind::Photo,
        EvidenceKind::Document,
        EvidenceKind::Certificate,
        EvidenceKind::Reference,
        EvidenceKind::Video,
        EvidenceKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Photo => "photo",
            EvidenceKind::Document => "document",
            EvidenceKind::Certificate => "certificate",
            EvidenceKind::Reference => "reference",
            EvidenceKind::Video => "video",
            EvidenceKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// "I can …" for one criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub criterion: CriterionId,
    pub text: Localized,
}

/// What evidence the candidate should bring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRule {
    pub kind: EvidenceKind,
    /// How many items of this kind at least.
    pub at_least: u8,
    /// How recent, in years (0: any age).
    pub within_years: u8,
    pub note: Localized,
}

/// A task of the observation checklist, or a question: a text and the criteria it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub text: Localized,
    /// For a question: the points a good answer covers (empty for a task).
    #[serde(default)]
    pub good_answer: Localized,
    pub criteria: Vec<CriterionId>,
}

/// The content of one version of a package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub statements: Vec<Statement>,
    pub evidence: Vec<EvidenceRule>,
    /// The observation checklist.
    pub tasks: Vec<Item>,
    pub questions: Vec<Item>,
    /// Questions for a supervisor or employer.
    pub third_party: Vec<Localized>,
}

impl Package {
    /// The statement for `criterion`, if any.
    pub fn statement(&self, criterion: CriterionId) -> Option<&Localized> {
        self.statements
            .iter()
            .find(|s| s.criterion == criterion)
            .map(|s| &s.text)
    }

    /// The criteria some task or question shows, each once, in id order.
    pub fn instrumented(&self) -> Vec<CriterionId> {
        let mut all: Vec<CriterionId> = self
            .tasks
            .iter()
            .chain(&self.questions)
            .flat_map(|i| i.criteria.iter().copied())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// Where in a package a problem is (positions count from 0; the app shows them from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Package,
    /// The statement of this criterion.
    Statement(CriterionId),
    Evidence(usize),
    Task(usize),
    Question(usize),
    ThirdParty(usize),
}

/// What is wrong with a package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// A text longer than [`MAX_TEXT`].
    TooLong,
    /// More items than the package may have.
    TooMany,
    /// A count or an age out of range.
    OutOfRange,
    /// A criterion that is not one of the unit's.
    NotTheUnits,
    /// A text missing in one language or both.
    Untranslated,
    /// A criterion without its "I can …" statement.
    NoStatement,
    /// A task or question that names no criterion.
    NoCriteria,
    /// A criterion no task or question shows: the assessor could not judge it.
    NotAssessed,
    /// A question without the points of a good answer.
    NoGoodAnswer,
    /// No evidence requirement at all.
    NoEvidenceRule,
}

impl Fault {
    pub const ALL: [Fault; 10] = [
        Fault::TooLong,
        Fault::TooMany,
        Fault::OutOfRange,
        Fault::NotTheUnits,
        Fault::Untranslated,
        Fault::NoStatement,
        Fault::NoCriteria,
        Fault::NotAssessed,
        Fault::NoGoodAnswer,
        Fault::NoEvidenceRule,
    ];

    /// Whether a draft with this fault cannot even be saved (the others are what is
    /// left to do before publishing).
    pub fn blocks_saving(self) -> bool {
        matches!(
            self,
            Fault::TooLong | Fault::TooMany | Fault::OutOfRange | Fault::NotTheUnits
        )
    }

    pub fn code(self) -> &'static str {
        match self {
            Fault::TooLong => "too_long",
            Fault::TooMany => "too_many",
            Fault::OutOfRange => "out_of_range",
            Fault::NotTheUnits => "not_the_units",
            Fault::Untranslated => "untranslated",
            Fault::NoStatement => "no_statement",
            Fault::NoCriteria => "no_criteria",
            Fault::NotAssessed => "not_assessed",
            Fault::NoGoodAnswer => "no_good_answer",
            Fault::NoEvidenceRule => "no_evidence_rule",
        }
    }

    pub fn parse(code: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// One problem and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub place: Place,
    pub fault: Fault,
}

fn both(text: &Localized) -> bool {
    !text.km.trim().is_empty() && !text.en.trim().is_empty()
}

fn too_long(text: &Localized) -> bool {
    text.km.chars().count() > MAX_TEXT || text.en.chars().count() > MAX_TEXT
}

/// Every problem of `package` for a unit whose criteria are `criteria`, in the order of
/// the package (statements in the unit's order), each once.
pub fn check(package: &Package, criteria: &[CriterionId]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |place, fault| {
        let problem = Problem { place, fault };
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    };
    let ours = |c: &CriterionId| criteria.contains(c);
    if package.tasks.len() > MAX_ITEMS
        || package.questions.len() > MAX_ITEMS
        || package.third_party.len() > MAX_ITEMS
        || package.evidence.len() > MAX_EVIDENCE_RULES
    {
        add(Place::Package, Fault::TooMany);
    }
    for s in &package.statements {
        if !ours(&s.criterion) {
            add(Place::Package, Fault::NotTheUnits);
        } else if too_long(&s.text) {
            add(Place::Statement(s.criterion), Fault::TooLong);
        }
    }
    for &criterion in criteria {
        match package.statement(criterion) {
            Some(text) if both(text) => {}
            Some(text) if !text.km.trim().is_empty() || !text.en.trim().is_empty() => {
                add(Place::Statement(criterion), Fault::Untranslated)
            }
            _ => add(Place::Statement(criterion), Fault::NoStatement),
        }
    }
    if package.evidence.is_empty() {
        add(Place::Package, Fault::NoEvidenceRule);
    }
    for (i, rule) in package.evidence.iter().enumerate() {
        let place = Place::Evidence(i);
        if rule.at_least == 0 || rule.at_least > MAX_COUNT || rule.within_years > MAX_YEARS {
            add(place, Fault::OutOfRange);
        }
        if too_long(&rule.note) {
            add(place, Fault::TooLong);
        } else if (!rule.note.km.trim().is_empty() || !rule.note.en.trim().is_empty())
            && !both(&rule.note)
        {
            add(place, Fault::Untranslated);
        }
    }
    for (items, place, question) in [
        (&package.tasks, Place::Task as fn(usize) -> Place, false),
        (
            &package.questions,
            Place::Question as fn(usize) -> Place,
            true,
        ),
    ] {
        for (i, item) in items.iter().enumerate() {
            let place = place(i);
            if too_long(&item.text) || too_long(&item.good_answer) {
                add(place, Fault::TooLong);
            }
            if item.criteria.iter().any(|c| !ours(c)) {
                add(place, Fault::NotTheUnits);
            }
            if !both(&item.text) {
                add(place, Fault::Untranslated);
            }
            if question && !both(&item.good_answer) {
                add(place, Fault::NoGoodAnswer);
            }
            if item.criteria.is_empty() {
                add(place, Fault::NoCriteria);
            }
        }
    }
    for (i, q) in package.third_party.iter().enumerate() {
        if too_long(q) {
            add(Place::ThirdParty(i), Fault::TooLong);
        } else if !both(q) {
            add(Place::ThirdParty(i), Fault::Untranslated);
        }
    }
    let shown = package.instrumented();
    for &criterion in criteria {
        if !shown.contains(&criterion) {
            add(Place::Statement(criterion), Fault::NotAssessed);
        }
    }
    problems
}

/// Whether a draft with these problems may be saved.
pub fn may_save(problems: &[Problem]) -> bool {
    !problems.iter().any(|p| p.fault.blocks_saving())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn criterion(n: u128) -> CriterionId {
        CriterionId(Uuid::from_u128(n))
    }

    fn text(km: &str, en: &str) -> Localized {
        Localized::new(km, en)
    }

    /// A whole package for criteria 1 and 2.
    fn whole() -> (Package, Vec<CriterionId>) {
        let criteria = vec![criterion(1), criterion(2)];
        let package = Package {
            statements: criteria
                .iter()
                .map(|&c| Statement {
                    criterion: c,
                    text: text("ខ្ញុំអាច …", "I can …"),
                })
                .collect(),
            evidence: vec![EvidenceRule {
                kind: EvidenceKind::Photo,
                at_least: 2,
                within_years: 3,
                note: Localized::default(),
            }],
            tasks: vec![Item {
                text: text("ភ្ជាប់ខ្សែ", "Wire a circuit"),
                good_answer: Localized::default(),
                criteria: vec![criterion(1)],
            }],
            questions: vec![Item {
                text: text("ហេតុអ្វី?", "Why isolate first?"),
                good_answer: text("សុវត្ថិភាព", "Safety: no live work"),
                criteria: vec![criterion(2)],
            }],
            third_party: vec![text("តើគាត់ …?", "Does the candidate …?")],
        };
        (package, criteria)
    }

    #[test]
    fn a_whole_package_has_no_problem() {
        let (package, criteria) = whole();
        assert_eq!(check(&package, &criteria), vec![]);
    }

    #[test]
    fn an_empty_draft_may_be_saved_and_lists_what_is_left_to_do() {
        let criteria = vec![criterion(1), criterion(2)];
        let problems = check(&Package::default(), &criteria);
        assert!(may_save(&problems));
        for c in &criteria {
            assert!(problems.contains(&Problem {
                place: Place::Statement(*c),
                fault: Fault::NoStatement
            }));
            assert!(problems.contains(&Problem {
                place: Place::Statement(*c),
                fault: Fault::NotAssessed
            }));
        }
        assert!(problems.contains(&Problem {
            place: Place::Package,
            fault: Fault::NoEvidenceRule
        }));
    }

    #[test]
    fn what_blocks_saving_is_what_would_store_nonsense() {
        let (mut package, criteria) = whole();
        package.tasks[0].criteria.push(criterion(99));
        package.evidence[0].at_least = 0;
        package.questions[0].text.en = "x".repeat(MAX_TEXT + 1);
        let problems = check(&package, &criteria);
        assert!(!may_save(&problems));
        assert!(problems.contains(&Problem {
            place: Place::Task(0),
            fault: Fault::NotTheUnits
        }));
        assert!(problems.contains(&Problem {
            place: Place::Evidence(0),
            fault: Fault::OutOfRange
        }));
        assert!(problems.contains(&Problem {
            place: Place::Question(0),
            fault: Fault::TooLong
        }));
        // A Khmer text of MAX_TEXT characters (several bytes each) is not too long.
        let (mut package, criteria) = whole();
        package.questions[0].text.km = "ក".repeat(MAX_TEXT);
        assert_eq!(check(&package, &criteria), vec![]);
    }

    #[test]
    fn one_language_only_is_left_to_do() {
        let (mut package, criteria) = whole();
        package.statements[1].text.km.clear();
        package.questions[0].good_answer = Localized::default();
        package.third_party[0].en.clear();
        let problems = check(&package, &criteria);
        assert!(may_save(&problems));
        assert_eq!(
            problems,
            vec![
                Problem {
                    place: Place::Statement(criterion(2)),
                    fault: Fault::Untranslated
                },
                Problem {
                    place: Place::Question(0),
                    fault: Fault::NoGoodAnswer
                },
                Problem {
                    place: Place::ThirdParty(0),
                    fault: Fault::Untranslated
                },
            ]
        );
    }

    #[test]
    fn a_criterion_no_task_or_question_shows_cannot_be_judged() {
        let (mut package, criteria) = whole();
        package.questions[0].criteria = vec![criterion(1)];
        assert_eq!(
            check(&package, &criteria),
            vec![Problem {
                place: Place::Statement(criterion(2)),
                fault: Fault::NotAssessed
            }]
        );
    }

    #[test]
    fn fault_codes_read_back() {
        for f in Fault::ALL {
            assert_eq!(Fault::parse(f.code()), Some(f));
        }
        for k in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(k.code()), Some(k));
        }
        assert_eq!(Fault::parse("nonsense"), None);
    }

    #[test]
    fn the_stored_json_reads_back() {
        let (package, _) = whole();
        let json = serde_json::to_string(&package).expect("json");
        assert!(json.contains("\"kind\":\"photo\""));
        assert_eq!(
            serde_json::from_str::<Package>(&json).expect("read"),
            package
        );
    }

    proptest! {
        /// Problems are a function of the package: each is listed once, and removing a
        /// task never makes a criterion better assessed.
        #[test]
        fn problems_are_listed_once(shown in proptest::collection::vec(proptest::collection::vec(0u128..4, 0..3), 0..5)) {
            let criteria: Vec<CriterionId> = (0..4).map(criterion).collect();
            let mut package = Package {
                tasks: shown.iter().map(|cs| Item { text: text("ក", "a"), good_answer: Localized::default(), criteria: cs.iter().map(|&c| criterion(c)).collect() }).collect(),
                ..Package::default()
            };
            let problems = check(&package, &criteria);
            let mut sorted = problems.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), problems.len());
            let unassessed = |p: &[Problem]| p.iter().filter(|p| p.fault == Fault::NotAssessed).count();
            if !package.tasks.is_empty() {
                package.tasks.pop();
                prop_assert!(unassessed(&check(&package, &criteria)) >= unassessed(&problems));
            }
        }
    }
}
