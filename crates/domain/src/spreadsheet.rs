//! Sala's spreadsheet template for a competency standard (CSV, or the first sheet of an
//! `.xlsx`): a header row naming the columns, then one row per performance criterion.
//! The qualification's columns are read from the first row that has them, a unit's from
//! the first row of that unit (later rows may repeat them or leave them empty). Column
//! order is free; names are matched without regard to case. Every problem is reported
//! with its sheet, row and column, and nothing is read when there is one.

use crate::standard::{
    derived_id, Criterion, Element, EvidenceGuide, Fault, Place, Problem, Qualification, Standard,
    Unit, UnitKind,
};
use crate::text::Localized;

/// The template's columns, in the order Sala writes them.
pub const COLUMNS: [&str; 32] = [
    "qualification_code",
    "qualification_title_km",
    "qualification_title_en",
    "sector_km",
    "sector_en",
    "cqf_level",
    "unit_code",
    "unit_kind",
    "unit_title_km",
    "unit_title_en",
    "descriptor_km",
    "descriptor_en",
    "range_statement_km",
    "range_statement_en",
    "knowledge_km",
    "knowledge_en",
    "skills_km",
    "skills_en",
    "critical_aspects_km",
    "critical_aspects_en",
    "evidence_context_km",
    "evidence_context_en",
    "assessment_methods_km",
    "assessment_methods_en",
    "hours_theory",
    "hours_practical",
    "element_number",
    "element_title_km",
    "element_title_en",
    "criterion_number",
    "criterion_km",
    "criterion_en",
];

/// Columns every file must have.
const REQUIRED: [&str; 6] = [
    "qualification_code",
    "unit_code",
    "element_number",
    "criterion_number",
    "criterion_en",
    "criterion_km",
];

/// A spreadsheet column's letters: A, B, …, Z, AA, …
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The rows of `standard` in the template (header first): what "Download the template"
/// and "Export as spreadsheet" give.
pub fn write(standard: &Standard) -> Vec<Vec<String>> {
    let q = &standard.qualification;
    let mut rows = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for unit in &standard.units {
        for (e, element) in unit.elements.iter().enumerate() {
            for (c, criterion) in element.criteria.iter().enumerate() {
                let e_ = &unit.evidence;
                rows.push(vec![
                    q.code.clone(),
                    q.title.km.clone(),
                    q.title.en.clone(),
                    q.sector.km.clone(),
                    q.sector.en.clone(),
                    q.cqf_level.map(|l| l.to_string()).unwrap_or_default(),
                    unit.code.clone(),
                    unit.kind.code().to_owned(),
                    unit.title.km.clone(),
                    unit.title.en.clone(),
                    unit.descriptor.km.clone(),
                    unit.descriptor.en.clone(),
                    unit.range_statement.km.clone(),
                    unit.range_statement.en.clone(),
                    unit.knowledge.km.clone(),
                    unit.knowledge.en.clone(),
                    unit.skills.km.clone(),
                    unit.skills.en.clone(),
                    e_.critical_aspects.km.clone(),
                    e_.critical_aspects.en.clone(),
                    e_.context_and_resources.km.clone(),
                    e_.context_and_resources.en.clone(),
                    e_.assessment_methods.km.clone(),
                    e_.assessment_methods.en.clone(),
                    unit.hours_theory.to_string(),
                    unit.hours_practical.to_string(),
                    (e + 1).to_string(),
                    element.title.km.clone(),
                    element.title.en.clone(),
                    format!("{}.{}", e + 1, c + 1),
                    criterion.text.km.clone(),
                    criterion.text.en.clone(),
                ]);
            }
        }
    }
    rows
}

/// Reads the rows of sheet `sheet` (the header first) into a standard.
pub fn read(sheet: &str, rows: &[Vec<String>]) -> Result<Standard, Vec<Problem>> {
    let mut problems = Vec::new();
    let at = |row: usize, column: &str, index: Option<usize>| Place::Sheet {
        sheet: sheet.to_owned(),
        row: u32::try_from(row + 1).unwrap_or(u32::MAX),
        column: match index {
            Some(i) => format!("{} ({column})", column_letters(i)),
            None => column.to_owned(),
        },
    };
    let Some(header) = rows.first() else {
        return Err(vec![Problem {
            place: at(0, "", None),
            fault: Fault::Empty {
                what: "rows".into(),
            },
        }]);
    };
    let index: std::collections::HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_ascii_lowercase(), i))
        .collect();
    for column in REQUIRED {
        if !index.contains_key(column) {
            problems.push(Problem {
                place: at(0, column, None),
                fault: Fault::Missing {
                    field: column.to_owned(),
                },
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let cell = |row: &[String], column: &str| -> String {
        index
            .get(column)
            .and_then(|&i| row.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let both = |row: &[String], stem: &str| {
        Localized::new(
            cell(row, &format!("{stem}_km")),
            cell(row, &format!("{stem}_en")),
        )
    };
    let number = |row_index: usize,
                  row: &[String],
                  column: &str,
                  max: u64,
                  problems: &mut Vec<Problem>|
     -> Option<u64> {
        let text = cell(row, column);
        if text.is_empty() {
            return None;
        }
        match text.parse::<u64>() {
            Ok(n) if n <= max => Some(n),
            _ => {
                problems.push(Problem {
                    place: at(row_index, column, index.get(column).copied()),
                    fault: Fault::BadNumber {
                        field: column.to_owned(),
                        value: text,
                    },
                });
                None
            }
        }
    };
    let mut qualification: Option<Qualification> = None;
    let mut units: Vec<Unit> = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        let code = cell(row, "qualification_code");
        if qualification.is_none() && !code.is_empty() {
            let level =
                number(r, row, "cqf_level", 8, &mut problems).and_then(|n| u8::try_from(n).ok());
            qualification = Some(Qualification {
                id: derived_id(&code, "qualification"),
                title: both(row, "qualification_title"),
                sector: both(row, "sector"),
                cqf_level: level.filter(|l| *l >= 1),
                code,
            });
        }
        let q_code = qualification
            .as_ref()
            .map(|q| q.code.clone())
            .unwrap_or_default();
        let unit_code = cell(row, "unit_code");
        if unit_code.is_empty() {
            problems.push(Problem {
                place: at(r, "unit_code", index.get("unit_code").copied()),
                fault: Fault::Missing {
                    field: "unit_code".into(),
                },
            });
            continue;
        }
        let unit_at = match units.iter().position(|u| u.code == unit_code) {
            Some(i) => i,
            None => {
                let kind_text = cell(row, "unit_kind");
                let kind = if kind_text.is_empty() {
                    UnitKind::Core
                } else {
                    UnitKind::parse(&kind_text).unwrap_or_else(|| {
                        problems.push(Problem {
                            place: at(r, "unit_kind", index.get("unit_kind").copied()),
                            fault: Fault::UnknownKind { value: kind_text },
                        });
                        UnitKind::Core
                    })
                };
                let hours = |column: &str, problems: &mut Vec<Problem>| {
                    number(r, row, column, 10_000, problems)
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(0)
                };
                let hours_theory = hours("hours_theory", &mut problems);
                let hours_practical = hours("hours_practical", &mut problems);
                units.push(Unit {
                    id: derived_id(&q_code, &format!("unit {unit_code}")),
                    kind,
                    title: both(row, "unit_title"),
                    descriptor: both(row, "descriptor"),
                    range_statement: both(row, "range_statement"),
                    knowledge: both(row, "knowledge"),
                    skills: both(row, "skills"),
                    evidence: EvidenceGuide {
                        critical_aspects: both(row, "critical_aspects"),
                        context_and_resources: both(row, "evidence_context"),
                        assessment_methods: both(row, "assessment_methods"),
                    },
                    hours_theory,
                    hours_practical,
                    cqf_level: qualification.as_ref().and_then(|q| q.cqf_level),
                    elements: Vec::new(),
                    code: unit_code.clone(),
                });
                units.len() - 1
            }
        };
        let unit = &mut units[unit_at];
        // Element n, criterion n.m (or m): each where its number says.
        let Some(e) = number(r, row, "element_number", 500, &mut problems).filter(|n| *n >= 1)
        else {
            if cell(row, "element_number").is_empty() {
                problems.push(Problem {
                    place: at(r, "element_number", index.get("element_number").copied()),
                    fault: Fault::Missing {
                        field: "element_number".into(),
                    },
                });
            }
            continue;
        };
        let criterion_text = cell(row, "criterion_number");
        let criterion_number = criterion_text
            .rsplit('.')
            .next()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|n| *n >= 1)
            .filter(|_| {
                criterion_text
                    .split_once('.')
                    .is_none_or(|(first, _)| first.trim().parse::<u64>().ok() == Some(e))
            });
        let Some(c) = criterion_number else {
            problems.push(Problem {
                place: at(
                    r,
                    "criterion_number",
                    index.get("criterion_number").copied(),
                ),
                fault: Fault::BadNumber {
                    field: "criterion_number".into(),
                    value: criterion_text,
                },
            });
            continue;
        };
        let e = usize::try_from(e).unwrap_or(usize::MAX);
        // Rows come in order: a new element starts at its criterion 1, an element goes on
        // with its next criterion.
        let in_order = match unit.elements.get(e - 1) {
            Some(element) => element.criteria.len() + 1 == c,
            None => e == unit.elements.len() + 1 && c == 1,
        };
        if !in_order {
            problems.push(Problem {
                place: at(
                    r,
                    "criterion_number",
                    index.get("criterion_number").copied(),
                ),
                fault: Fault::BadNumber {
                    field: "criterion_number".into(),
                    value: format!("{e}.{c}"),
                },
            });
            continue;
        }
        if unit.elements.len() < e {
            unit.elements.push(Element {
                id: derived_id(&q_code, &format!("unit {} element {e}", unit.code)),
                title: both(row, "element_title"),
                criteria: Vec::new(),
            });
        }
        let element = &mut unit.elements[e - 1];
        element.criteria.push(Criterion {
            id: derived_id(
                &q_code,
                &format!("unit {} element {e} criterion {c}", unit.code),
            ),
            text: both(row, "criterion"),
        });
    }
    let Some(qualification) = qualification else {
        problems.push(Problem {
            place: at(
                1,
                "qualification_code",
                index.get("qualification_code").copied(),
            ),
            fault: Fault::Missing {
                field: "qualification_code".into(),
            },
        });
        return Err(problems);
    };
    let standard = Standard {
        qualification,
        units,
    };
    problems.extend(standard.check());
    if problems.is_empty() {
        Ok(standard)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::tests::sample;

    /// The sample with the ids the template derives (it carries none of its own).
    fn sample_as_read() -> Standard {
        let mut s = sample();
        let q = s.qualification.code.clone();
        for unit in &mut s.units {
            unit.id = derived_id(&q, &format!("unit {}", unit.code));
            for (e, element) in unit.elements.iter_mut().enumerate() {
                element.id = derived_id(&q, &format!("unit {} element {}", unit.code, e + 1));
                for (c, criterion) in element.criteria.iter_mut().enumerate() {
                    criterion.id = derived_id(
                        &q,
                        &format!("unit {} element {} criterion {}", unit.code, e + 1, c + 1),
                    );
                }
            }
        }
        s.qualification.id = derived_id(&q, "qualification");
        s
    }

    #[test]
    fn the_template_reads_back_as_written() {
        let standard = sample_as_read();
        let rows = write(&standard);
        assert_eq!(rows[0].len(), COLUMNS.len());
        assert_eq!(rows.len(), 1 + 8);
        assert_eq!(read("Sheet1", &rows), Ok(standard));
        // Through CSV too.
        let text = crate::csv::write(&rows);
        assert_eq!(
            read("Sheet1", &crate::csv::read(&text).expect("csv")),
            Ok(sample_as_read())
        );
    }

    #[test]
    fn later_rows_may_leave_unit_columns_empty_and_columns_move() {
        let mut rows = write(&sample_as_read());
        for row in rows.iter_mut().skip(2) {
            for i in [1, 2, 8, 9, 10, 11] {
                if row[6] == "ELC-U1" {
                    row[i].clear();
                }
            }
        }
        // Reverse the column order.
        for row in rows.iter_mut() {
            row.reverse();
        }
        assert_eq!(read("Sheet1", &rows), Ok(sample_as_read()));
    }

    #[test]
    fn a_broken_sheet_lists_every_problem_with_row_and_column() {
        let mut rows = write(&sample_as_read());
        rows[2][24] = "ten".into(); // hours_theory of unit 1 is read from row 2 only
        rows[3][7] = "optional".into(); // a unit kind (not the unit's first row: ignored)
        rows[5][7] = "optional".into(); // unit 2's first row: unknown kind
        rows[4][29] = "2.9".into(); // a criterion out of order
        rows[6][26] = "x".into(); // not an element number
        rows[8][6].clear(); // no unit code
        let problems = read("Units", &rows).expect_err("refused");
        let places: Vec<String> = problems
            .iter()
            .map(|p| match &p.place {
                Place::Sheet { sheet, row, column } => format!("{sheet}!{row}:{column}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert!(
            places.contains(&"Units!6:H (unit_kind)".to_owned()),
            "{places:?}"
        );
        assert!(
            places.contains(&"Units!5:AD (criterion_number)".to_owned()),
            "{places:?}"
        );
        assert!(
            places.contains(&"Units!7:AA (element_number)".to_owned()),
            "{places:?}"
        );
        assert!(
            places.contains(&"Units!9:G (unit_code)".to_owned()),
            "{places:?}"
        );
        assert!(problems.len() >= 4, "{problems:?}");
    }

    #[test]
    fn a_file_without_the_columns_names_them() {
        let problems = read("S", &[vec!["code".into(), "title".into()]]).expect_err("refused");
        assert_eq!(problems.len(), REQUIRED.len());
        assert!(read("S", &[]).is_err());
    }

    #[test]
    fn letters_of_columns() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(31), "AF");
    }
}
