//! A national competency standard as TVET units carry it: a qualification of units, each
//! with its descriptor, range statement, required knowledge and skills, evidence guide,
//! nominal hours and kind, and elements of numbered performance criteria — every text in
//! Khmer and English. Imports (`case`, spreadsheets) build one, `check` lists every
//! problem at once, and the store saves only a standard without any.

use crate::text::Localized;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Core, common or elective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Core,
    Common,
    Elective,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::Core, UnitKind::Common, UnitKind::Elective];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Core => "core",
            UnitKind::Common => "common",
            UnitKind::Elective => "elective",
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        let text = text.trim().to_ascii_lowercase();
        UnitKind::ALL.into_iter().find(|k| k.code() == text)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceGuide {
    pub critical_aspects: Localized,
    pub context_and_resources: Localized,
    pub assessment_methods: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: Uuid,
    pub text: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    pub id: Uuid,
    pub title: Localized,
    /// Numbered in order: 1.1, 1.2, … for the first element.
    pub criteria: Vec<Criterion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: Uuid,
    pub code: String,
    pub kind: UnitKind,
    pub title: Localized,
    pub descriptor: Localized,
    pub range_statement: Localized,
    pub knowledge: Localized,
    pub skills: Localized,
    pub evidence: EvidenceGuide,
    pub hours_theory: u32,
    pub hours_practical: u32,
    /// Cambodia Qualifications Framework level, when the source gives it.
    pub cqf_level: Option<u8>,
    /// Numbered in order: 1, 2, …
    pub elements: Vec<Element>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    pub id: Uuid,
    pub code: String,
    pub title: Localized,
    pub sector: Localized,
    pub cqf_level: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    pub qualification: Qualification,
    pub units: Vec<Unit>,
}

/// Where a problem is: a spreadsheet's sheet, row and column, or a JSON path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Place {
    Sheet {
        sheet: String,
        row: u32,
        column: String,
    },
    Json {
        path: String,
    },
    /// A part of the standard, when it came from neither (a unit's code, say).
    Standard {
        path: String,
    },
}

/// What is wrong; the interface translates each code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// A required text is empty in both languages.
    Missing {
        field: String,
    },
    /// Not a whole number in range.
    BadNumber {
        field: String,
        value: String,
    },
    UnknownKind {
        value: String,
    },
    DuplicateCode {
        code: String,
    },
    /// A unit with no element, or an element with no criterion.
    Empty {
        what: String,
    },
    /// The file could not be read as this format at all.
    Unreadable {
        detail: String,
    },
    /// A standard with this code is already in Sala (it is never overwritten).
    Exists {
        code: String,
    },
    /// A CASE package whose tree Sala cannot read as qualification → unit → element →
    /// performance criterion.
    Shape {
        detail: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub place: Place,
    #[serde(flatten)]
    pub fault: Fault,
}

/// The highest CQF level (Cambodia Qualifications Framework: 1–8).
pub const CQF_LEVELS: std::ops::RangeInclusive<u8> = 1..=8;

impl Standard {
    /// Every problem of the standard at once (empty: it can be saved).
    pub fn check(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let at = |path: String| Place::Standard { path };
        let text = |path: &str, field: &str, value: &Localized, problems: &mut Vec<Problem>| {
            if value.km.trim().is_empty() && value.en.trim().is_empty() {
                problems.push(Problem {
                    place: at(path.to_owned()),
                    fault: Fault::Missing {
                        field: field.to_owned(),
                    },
                });
            }
        };
        let q = &self.qualification;
        if q.code.trim().is_empty() {
            problems.push(Problem {
                place: at("qualification".into()),
                fault: Fault::Missing {
                    field: "code".into(),
                },
            });
        }
        text("qualification", "title", &q.title, &mut problems);
        if let Some(level) = q.cqf_level.filter(|l| !CQF_LEVELS.contains(l)) {
            problems.push(Problem {
                place: at("qualification".into()),
                fault: Fault::BadNumber {
                    field: "cqf_level".into(),
                    value: level.to_string(),
                },
            });
        }
        if self.units.is_empty() {
            problems.push(Problem {
                place: at("qualification".into()),
                fault: Fault::Empty {
                    what: "units".into(),
                },
            });
        }
        let mut codes = std::collections::HashSet::new();
        for unit in &self.units {
            let path = format!("unit {}", unit.code);
            if unit.code.trim().is_empty() {
                problems.push(Problem {
                    place: at(path.clone()),
                    fault: Fault::Missing {
                        field: "code".into(),
                    },
                });
            } else if !codes.insert(unit.code.trim().to_owned()) {
                problems.push(Problem {
                    place: at(path.clone()),
                    fault: Fault::DuplicateCode {
                        code: unit.code.clone(),
                    },
                });
            }
            text(&path, "title", &unit.title, &mut problems);
            if let Some(level) = unit.cqf_level.filter(|l| !CQF_LEVELS.contains(l)) {
                problems.push(Problem {
                    place: at(path.clone()),
                    fault: Fault::BadNumber {
                        field: "cqf_level".into(),
                        value: level.to_string(),
                    },
                });
            }
            if unit.elements.is_empty() {
                problems.push(Problem {
                    place: at(path.clone()),
                    fault: Fault::Empty {
                        what: "elements".into(),
                    },
                });
            }
            for (e, element) in unit.elements.iter().enumerate() {
                let path = format!("{path}, element {}", e + 1);
                text(&path, "title", &element.title, &mut problems);
                if element.criteria.is_empty() {
                    problems.push(Problem {
                        place: at(path.clone()),
                        fault: Fault::Empty {
                            what: "criteria".into(),
                        },
                    });
                }
                for (c, criterion) in element.criteria.iter().enumerate() {
                    let path = format!("{path}, criterion {}.{}", e + 1, c + 1);
                    text(&path, "text", &criterion.text, &mut problems);
                }
            }
        }
        problems
    }

    /// The texts given in one language only, by place ("unit ELC-U1: descriptor"): they
    /// can be saved, and are shown as still to translate.
    pub fn untranslated(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut note = |path: &str, field: &str, value: &Localized| {
            if value.km.trim().is_empty() != value.en.trim().is_empty() {
                out.push(format!("{path}: {field}"));
            }
        };
        let q = &self.qualification;
        note("qualification", "title", &q.title);
        note("qualification", "sector", &q.sector);
        for unit in &self.units {
            let path = format!("unit {}", unit.code);
            for (field, value) in [
                ("title", &unit.title),
                ("descriptor", &unit.descriptor),
                ("range_statement", &unit.range_statement),
                ("knowledge", &unit.knowledge),
                ("skills", &unit.skills),
                ("critical_aspects", &unit.evidence.critical_aspects),
                (
                    "context_and_resources",
                    &unit.evidence.context_and_resources,
                ),
                ("assessment_methods", &unit.evidence.assessment_methods),
            ] {
                note(&path, field, value);
            }
            for (e, element) in unit.elements.iter().enumerate() {
                note(&path, &format!("element {}", e + 1), &element.title);
                for (c, criterion) in element.criteria.iter().enumerate() {
                    note(
                        &path,
                        &format!("criterion {}.{}", e + 1, c + 1),
                        &criterion.text,
                    );
                }
            }
        }
        out
    }

    /// Nominal hours: theory and practical over every unit.
    pub fn nominal_hours(&self) -> (u32, u32) {
        self.units.iter().fold((0, 0), |(t, p), u| {
            (
                t.saturating_add(u.hours_theory),
                p.saturating_add(u.hours_practical),
            )
        })
    }
}

/// A stable id for a part of a standard made from a file that carries none: the same
/// file gives the same ids (UUID v8 of a SHA-256 of the qualification code and the
/// part's place), so importing it again finds the same units.
pub fn derived_id(qualification_code: &str, part: &str) -> Uuid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!(
        "sala-standard\u{1f}{qualification_code}\u{1f}{part}"
    ));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn both(en: &str) -> Localized {
        Localized::new(format!("ខ្មែរ {en}"), en)
    }

    /// A small standard: two units of two elements of two criteria.
    pub(crate) fn sample() -> Standard {
        let id = |part: &str| derived_id("ELC-2", part);
        Standard {
            qualification: Qualification {
                id: id("qualification"),
                code: "ELC-2".into(),
                title: both("Electrical Installation"),
                sector: both("Construction"),
                cqf_level: Some(2),
            },
            units: (1..=2)
                .map(|u| Unit {
                    id: id(&format!("unit {u}")),
                    code: format!("ELC-U{u}"),
                    kind: if u == 1 {
                        UnitKind::Core
                    } else {
                        UnitKind::Elective
                    },
                    title: both(&format!("Unit {u}")),
                    descriptor: both("What the unit is about"),
                    range_statement: both("Where it applies"),
                    knowledge: both("What one must know"),
                    skills: both("What one must do"),
                    evidence: EvidenceGuide {
                        critical_aspects: both("Critical aspects"),
                        context_and_resources: both("A workshop"),
                        assessment_methods: both("Observation and questions"),
                    },
                    hours_theory: 10 * u,
                    hours_practical: 20 * u,
                    cqf_level: Some(2),
                    elements: (1..=2)
                        .map(|e| Element {
                            id: id(&format!("unit {u} element {e}")),
                            title: both(&format!("Element {e}")),
                            criteria: (1..=2)
                                .map(|c| Criterion {
                                    id: id(&format!("unit {u} element {e} criterion {c}")),
                                    text: both(&format!("Criterion {e}.{c}")),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_whole_standard_has_no_problems() {
        assert_eq!(sample().check(), []);
        assert_eq!(sample().nominal_hours(), (30, 60));
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let mut s = sample();
        s.units[1].code = s.units[0].code.clone();
        s.units[0].title = Localized::default();
        s.units[0].elements[1].criteria.clear();
        s.units[1].elements[0].criteria[0].text = Localized::default();
        s.qualification.cqf_level = Some(9);
        let faults: Vec<Fault> = s.check().into_iter().map(|p| p.fault).collect();
        assert_eq!(faults.len(), 5, "{faults:?}");
        assert!(faults.contains(&Fault::DuplicateCode {
            code: "ELC-U1".into()
        }));
        assert!(faults.contains(&Fault::Missing {
            field: "title".into()
        }));
        assert!(faults.contains(&Fault::Empty {
            what: "criteria".into()
        }));
        assert!(faults.contains(&Fault::Missing {
            field: "text".into()
        }));
    }

    #[test]
    fn one_language_is_saved_and_shown_as_to_translate() {
        let mut s = sample();
        s.units[0].descriptor.km.clear();
        s.units[1].elements[0].criteria[1].text.en.clear();
        assert_eq!(s.check(), []);
        assert_eq!(
            s.untranslated(),
            ["unit ELC-U1: descriptor", "unit ELC-U2: criterion 1.2"]
        );
    }

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        assert_eq!(derived_id("Q", "unit 1"), derived_id("Q", "unit 1"));
        assert_ne!(derived_id("Q", "unit 1"), derived_id("Q", "unit 2"));
        assert_ne!(derived_id("Q", "unit 1"), derived_id("R", "unit 1"));
    }

    #[test]
    fn kinds_read_their_codes() {
        assert_eq!(UnitKind::parse(" Core "), Some(UnitKind::Core));
        assert_eq!(UnitKind::parse("optional"), None);
    }
}
