//! RPL: the assessment packages as their authors list and edit them.

use crate::curriculum::ElementChoice;
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
}

/// An assessor an admin may choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessorChoice {
    pub id: String,
    pub name: Localized,
}

/// `/admin/rpl/:id`: one application, its trail, and the institute's assessors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub application: ApplicationSummary,
    pub third_party_name: String,
    pub third_party_phone: String,
    pub trail: Vec<AuditEntry>,
    pub assessors: Vec<AssessorChoice>,
}
