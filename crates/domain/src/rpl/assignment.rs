//! Which assessor the institute's admin may assign to an application.
//!
//! **The rule.** An assessor judges a candidate only when nothing ties them to the
//! candidate. The admin may assign a person to an application only when they are an
//! active assessor of the same institute, and never when:
//! - they are the candidate;
//! - they train, or trained, a class the candidate is (or was) enrolled in — their own
//!   learner;
//! - they are named in the application as the candidate's supervisor or employer (the
//!   third party who reports on them);
//! - they, or the candidate, declared a conflict of interest between them (a relative,
//!   a colleague, a business tie).
//!
//! The application keeps every assignment; the reason for a refusal is shown to the
//! admin, and the store checks it again in the same write that assigns.

use crate::Role;

/// What the store found about a person and a candidate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ties {
    pub role: Option<Role>,
    pub active: bool,
    pub same_institute: bool,
    pub is_candidate: bool,
    pub trained_candidate: bool,
    pub named_third_party: bool,
    pub declared_conflict: bool,
}

/// Why a person may not assess an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    NotAnAssessor,
    IsTheCandidate,
    TrainedTheCandidate,
    NamedThirdParty,
    Declared,
}

impl Conflict {
    pub const ALL: [Conflict; 5] = [
        Conflict::NotAnAssessor,
        Conflict::IsTheCandidate,
        Conflict::TrainedTheCandidate,
        Conflict::NamedThirdParty,
        Conflict::Declared,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Conflict::NotAnAssessor => "not_an_assessor",
            Conflict::IsTheCandidate => "is_the_candidate",
            Conflict::TrainedTheCandidate => "trained_the_candidate",
            Conflict::NamedThirdParty => "named_third_party",
            Conflict::Declared => "declared_conflict",
        }
    }

    pub fn parse(code: &str) -> Option<Conflict> {
        Conflict::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Every reason `ties` forbid the assignment (empty: it may be made).
pub fn conflicts(ties: Ties) -> Vec<Conflict> {
    let mut reasons = Vec::new();
    if ties.role != Some(Role::Assessor) || !ties.active || !ties.same_institute {
        reasons.push(Conflict::NotAnAssessor);
    }
    if ties.is_candidate {
        reasons.push(Conflict::IsTheCandidate);
    }
    if ties.trained_candidate {
        reasons.push(Conflict::TrainedTheCandidate);
    }
    if ties.named_third_party {
        reasons.push(Conflict::NamedThirdParty);
    }
    if ties.declared_conflict {
        reasons.push(Conflict::Declared);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAR: Ties = Ties {
        role: Some(Role::Assessor),
        active: true,
        same_institute: true,
        is_candidate: false,
        trained_candidate: false,
        named_third_party: false,
        declared_conflict: false,
    };

    #[test]
    fn an_active_assessor_of_the_institute_with_no_tie_may_be_assigned() {
        assert_eq!(conflicts(CLEAR), vec![]);
    }

    #[test]
    fn every_tie_is_a_reason() {
        for (ties, reason) in [
            (
                Ties {
                    role: Some(Role::Trainer),
                    ..CLEAR
                },
                Conflict::NotAnAssessor,
            ),
            (
                Ties {
                    active: false,
                    ..CLEAR
                },
                Conflict::NotAnAssessor,
            ),
            (
                Ties {
                    same_institute: false,
                    ..CLEAR
                },
                Conflict::NotAnAssessor,
            ),
            (
                Ties {
                    is_candidate: true,
                    ..CLEAR
                },
                Conflict::IsTheCandidate,
            ),
            (
                Ties {
                    trained_candidate: true,
                    ..CLEAR
                },
                Conflict::TrainedTheCandidate,
            ),
            (
                Ties {
                    named_third_party: true,
                    ..CLEAR
                },
                Conflict::NamedThirdParty,
            ),
            (
                Ties {
                    declared_conflict: true,
                    ..CLEAR
                },
                Conflict::Declared,
            ),
        ] {
            assert_eq!(conflicts(ties), vec![reason]);
        }
        for c in Conflict::ALL {
            assert_eq!(Conflict::parse(c.code()), Some(c));
        }
    }
}
