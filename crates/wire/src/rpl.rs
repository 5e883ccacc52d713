//! RPL: the assessment packages as their authors list and edit them, applications as
//! candidates, admins and assessors see them, and a unit's assessment sheet.

use crate::curriculum::ElementChoice;
use domain::rpl::judgement::Subject;
use domain::rpl::package::Package;
use domain::Localized;
use serde::{Deserialize, Serialize};

/// One version of a unit's package, as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageVersion {
    pub id: String,
    pub version: i64,
    pub published: bool,
    /// When it was last saved (a draft) or published.
    pub at: String,
}

/// A unit and its package's versions, newest first (none: no package yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPackages {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_title: Localized,
    pub criteria: i64,
    pub versions: Vec<PackageVersion>,
}

/// A qualification the institute sees and its units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationPackages {
    pub code: String,
    pub title: Localized,
    pub units: Vec<UnitPackages>,
}

/// `/curriculum/packages`: every unit of the standards the institute sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagesPage {
    pub qualifications: Vec<QualificationPackages>,
}

/// `/curriculum/packages/:id`: one version of a package with its unit's criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagePage {
    pub id: String,
    pub unit_id: String,
    pub unit_code: String,
    pub unit_title: Localized,
    pub qualification_code: String,
    pub version: i64,
    pub published: bool,
    /// Counts the saves of a draft; a save names the one it started from.
    pub revision: i64,
    pub content: Package,
    pub elements: Vec<ElementChoice>,
    /// Every version of this unit's package, newest first.
    pub versions: Vec<PackageVersion>,
    pub updated_at: String,
    pub updated_by: Localized,
    pub published_at: Option<String>,
}

/// A unit applied for, and the package version it is assessed against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedUnit {
    pub unit_id: String,
    pub code: String,
    pub title: Localized,
    pub package_id: String,
}

/// An RPL application as its lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: String,
    pub candidate_id: String,
    pub candidate: Localized,
    pub qualification_code: String,
    pub qualification_title: Localized,
    pub units: Vec<AppliedUnit>,
    /// `domain::rpl::application::Stage`'s code.
    pub stage: String,
    pub workplace: String,
    pub made_at: String,
    /// The assessors assigned now.
    pub assessors: Vec<Localized>,
}

/// One line of an application's audit trail: who did what, when, from which device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: Localized,
    pub device: Option<String>,
    pub action: String,
    pub detail: String,
}

/// A unit a candidate may apply for (it has a published package).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOffer {
    pub id: String,
    pub code: String,
    pub title: Localized,
}

/// A qualification and its units a candidate may apply for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationOffer {
    pub id: String,
    pub code: String,
    pub title: Localized,
    pub units: Vec<UnitOffer>,
}

/// `/learn/rpl`: the candidate's applications and what they may apply for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidatePage {
    pub applications: Vec<ApplicationSummary>,
    pub offer: Vec<QualificationOffer>,
    /// The decisions of applications whose outcome was given (stage decided or later).
    #[serde(default)]
    pub outcomes: Vec<UnitOutcome>,
}

/// A criterion not yet met and the programme's activities that cover it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapView {
    pub criterion_number: String,
    pub criterion: Localized,
    /// Empty: the programme has none; the institute arranges training.
    pub activities: Vec<Localized>,
}

/// One unit's decision as its candidate reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOutcome {
    pub application_id: String,
    pub unit_code: String,
    pub unit_title: Localized,
    /// `competent` or `not_yet_competent`.
    pub outcome: String,
    pub feedback: String,
    pub gaps: Vec<GapView>,
    pub at: String,
}

/// One version of a judgement, as the sheet shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgementView {
    pub id: String,
    pub assessor: Localized,
    pub satisfactory: bool,
    pub note: String,
    pub at: String,
}

/// What an assessor found on one subject: the judgement that counts and, when two
/// assessors found differently without seeing each other's, every head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub subject: Subject,
    pub current: JudgementView,
    /// Empty when there is no conflict.
    pub conflict: Vec<JudgementView>,
}

/// One signed version of a unit's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub id: String,
    pub assessor: Localized,
    pub outcome: String,
    pub basis: String,
    pub feedback: String,
    pub reason: String,
    pub gaps: Vec<GapView>,
    pub at: String,
}

/// Where a unit's decision stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionStanding {
    pub current: DecisionView,
    /// Earlier versions, oldest first.
    pub history: Vec<DecisionView>,
    /// Empty when there is no conflict.
    pub conflict: Vec<DecisionView>,
    /// The ids of the heads: what a correction replaces.
    pub heads: Vec<String>,
}

/// Where one unit's decision stands, as the assessor's application page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDecided {
    pub unit_id: String,
    /// The decision that counts (`None`: not decided).
    pub outcome: Option<String>,
    /// Two assessors decided differently.
    pub conflict: bool,
}

/// `/assess/rpl/:id`: an application assigned to the assessor, and its units' decisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessorApplication {
    pub application: ApplicationSummary,
    pub third_party_name: String,
    pub third_party_phone: String,
    pub units: Vec<UnitDecided>,
}

/// A criterion of the unit on the sheet, and what covers it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetCriterion {
    pub id: String,
    pub number: String,
    pub text: Localized,
    /// Codes: `task:N`, `question:N` (positions from 0), `evidence:ID`. Empty: not
    /// covered.
    pub covered_by: Vec<String>,
}

/// `/assess/rpl/:id/:unit`: one unit of an application as its assessor judges it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSheet {
    pub application: ApplicationSummary,
    pub unit_id: String,
    pub unit_code: String,
    pub unit_title: Localized,
    pub package: Package,
    pub criteria: Vec<SheetCriterion>,
    pub findings: Vec<FindingView>,
    /// The ids of every judgement head on the sheet: what a save replaces.
    pub seen: Vec<String>,
    pub decision: Option<DecisionStanding>,
    /// The gap-training plan for the criteria not covered now.
    pub gap_plan: Vec<GapView>,
    /// Whether the application is at a stage where the assessor judges.
    pub may_judge: bool,
}

/// An assessor an admin may choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessorChoice {
    pub id: String,
    pub name: Localized,
}

/// A conflict of interest declared between an assessor and a candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredConflict {
    pub assessor_id: String,
    pub assessor: Localized,
    pub note: String,
    pub declared_at: String,
}

/// `/admin/rpl/:id`: one application, its trail, the institute's assessors, and the
/// conflicts declared for its candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub application: ApplicationSummary,
    pub third_party_name: String,
    pub third_party_phone: String,
    pub trail: Vec<AuditEntry>,
    pub assessors: Vec<AssessorChoice>,
    #[serde(default)]
    pub conflicts: Vec<DeclaredConflict>,
}
