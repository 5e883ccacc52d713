//! A standard as Moodle's competency framework CSV (the columns of Moodle's
//! `tool_lpimportcsv`, "Import competency framework"), so an institute that runs Moodle
//! can load the same standard there: one framework row, then every unit, element and
//! performance criterion as a competency under its parent (by ID number), Khmer and
//! English in the description, rated on a two-point scale (not yet competent,
//! competent).

use crate::standard::Standard;

/// The header row, as `tool_lpimportcsv` names its columns.
pub const HEADER: [&str; 14] = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
];

/// Moodle's `FORMAT_PLAIN`.
const PLAIN: &str = "2";
const SCALE: &str = "Not yet competent,Competent";
/// The scale's default (the first value) and what counts as proficient (the second).
const SCALE_CONFIGURATION: &str = r#"[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]"#;

/// Moodle limits a short name to 100 characters.
fn short(text: &str) -> String {
    text.chars().take(100).collect()
}

fn row(parent: &str, id: &str, name: &str, description: String, framework: bool) -> Vec<String> {
    let mut cells = vec![
        parent.to_owned(),
        id.to_owned(),
        short(name),
        description,
        PLAIN.to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    if framework {
        cells[5] = SCALE.to_owned();
        cells[6] = SCALE_CONFIGURATION.to_owned();
        cells[12] = "1".to_owned();
        cells[13] = "competency,skill,indicator".to_owned();
    }
    cells
}

fn both(km: &str, en: &str) -> String {
    match (km.trim().is_empty(), en.trim().is_empty()) {
        (false, false) => format!("{en}\n{km}"),
        (true, _) => en.to_owned(),
        (false, true) => km.to_owned(),
    }
}

/// The rows (header first); `domain::csv::write` makes the file.
pub fn framework_rows(standard: &Standard) -> Vec<Vec<String>> {
    let q = &standard.qualification;
    let mut rows = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
    rows.push(row(
        "",
        &q.code,
        &q.title.en,
        both(&q.title.km, &q.title.en),
        true,
    ));
    for unit in &standard.units {
        rows.push(row(
            "",
            &unit.code,
            &format!("{} {}", unit.code, unit.title.en),
            both(
                &format!("{}\n{}", unit.title.km, unit.descriptor.km),
                &format!("{}\n{}", unit.title.en, unit.descriptor.en),
            ),
            false,
        ));
        for (e, element) in unit.elements.iter().enumerate() {
            let element_id = format!("{}.E{}", unit.code, e + 1);
            rows.push(row(
                &unit.code,
                &element_id,
                &format!("{}. {}", e + 1, element.title.en),
                both(&element.title.km, &element.title.en),
                false,
            ));
            for (c, criterion) in element.criteria.iter().enumerate() {
                let number = format!("{}.{}", e + 1, c + 1);
                rows.push(row(
                    &element_id,
                    &format!("{}.PC{number}", unit.code),
                    &format!("{number} {}", criterion.text.en),
                    both(&criterion.text.km, &criterion.text.en),
                    false,
                ));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::tests::sample;

    #[test]
    fn one_framework_then_each_competency_under_its_parent() {
        let rows = framework_rows(&sample());
        assert_eq!(rows[0], HEADER);
        // Framework, 2 units, 4 elements, 8 criteria.
        assert_eq!(rows.len(), 1 + 1 + 2 + 4 + 8);
        assert_eq!(rows[1][12], "1");
        assert!(rows.iter().all(|r| r.len() == HEADER.len()));
        let ids: std::collections::HashSet<&str> =
            rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(ids.len(), rows.len() - 1, "ID numbers are unique");
        // Every parent is a competency above it (or the framework's top level).
        for (i, r) in rows.iter().enumerate().skip(2) {
            assert!(
                r[0].is_empty() || rows[2..i].iter().any(|p| p[1] == r[0]),
                "{r:?}"
            );
        }
        assert!(
            rows[3][3].contains("ខ្មែរ"),
            "Khmer travels in the description"
        );
    }
}
