//! 1EdTech CASE 1.1 JSON (a `CFPackage`) in and out of a [`Standard`].
//!
//! **Out:** the `CFDocument` is the qualification's framework; `CFItems` typed
//! `Qualification`, `Unit`, `Element` and `Performance Criterion`, with English in
//! `fullStatement` (`language: "en"`), the unit's code and each criterion's number
//! (`1.1`) in `humanCodingScheme`; `CFAssociations` of type `isChildOf` (child → parent)
//! with `sequenceNumber`; Sala's own identifiers (stable UUIDs) as `identifier`. What
//! CASE has no field for — the Khmer texts, the unit's kind, nominal hours, CQF level,
//! range statement, knowledge, skills and evidence guide — travels in each item's
//! `extensions.sala`. Exporting then importing gives back the same standard.
//!
//! **In:** a package from any tool is read by its `isChildOf` tree under the document,
//! whatever its item types: four levels (qualification → unit → element → criterion) or
//! three (the document is the qualification). Anything else — items outside the tree,
//! associations to unknown items, a cycle, an item with two parents, leaves at other
//! depths — is refused with every reason and its JSON path; nothing is half read.
//! Without Sala's extensions, texts are English only (to translate), the unit kind is
//! core, hours are 0 and the CQF level is taken from `educationLevel` when it is a number.

use crate::standard::{
    derived_id, Criterion, Element, EvidenceGuide, Fault, Place, Problem, Qualification, Standard,
    Unit, UnitKind,
};
use crate::text::Localized;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub const QUALIFICATION: &str = "Qualification";
pub const UNIT: &str = "Unit";
pub const ELEMENT: &str = "Element";
pub const CRITERION: &str = "Performance Criterion";

fn localized_json(text: &Localized) -> Value {
    json!({"km": text.km, "en": text.en})
}

/// The package for `standard`; `base` is the URI its items live under
/// (`https://sala.example/case`), `now` the time of the export (ISO 8601, UTC).
pub fn export(standard: &Standard, base: &str, now: &str) -> Value {
    let q = &standard.qualification;
    // The framework document is not the qualification item (identifiers are unique).
    let doc_id = derived_id(&q.id.to_string(), "CFDocument").to_string();
    let uri = |id: &str| format!("{base}/CFItems/{id}");
    let doc_link = json!({"title": q.title.en, "identifier": doc_id, "uri": format!("{base}/CFDocuments/{doc_id}")});
    let mut items = Vec::new();
    let mut associations = Vec::new();
    let mut item = |id: Uuid, kind: &str, statement: &str, code: Option<String>, sala: Value| {
        let id = id.to_string();
        let mut value = json!({
            "identifier": id,
            "uri": uri(&id),
            "CFDocumentURI": doc_link,
            "fullStatement": statement,
            "CFItemType": kind,
            "language": "en",
            "lastChangeDateTime": now,
            "extensions": {"sala": sala},
        });
        if let (Some(code), Some(map)) = (code, value.as_object_mut()) {
            map.insert("humanCodingScheme".into(), Value::String(code));
        }
        items.push(value);
    };
    let mut child_of = |child: Uuid, parent: (&str, &str, String), sequence: usize| {
        let child = child.to_string();
        let (parent_id, parent_title, parent_uri) = parent;
        associations.push(json!({
            "identifier": derived_id(&doc_id, &format!("isChildOf {child}")).to_string(),
            "uri": format!("{base}/CFAssociations/{}", derived_id(&doc_id, &format!("isChildOf {child}"))),
            "CFDocumentURI": doc_link,
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "originNodeURI": {"title": "", "identifier": child, "uri": uri(&child)},
            "destinationNodeURI": {"title": parent_title, "identifier": parent_id, "uri": parent_uri},
            "lastChangeDateTime": now,
        }));
    };
    item(
        q.id,
        QUALIFICATION,
        &q.title.en,
        Some(q.code.clone()),
        json!({"title": localized_json(&q.title), "sector": localized_json(&q.sector), "cqf_level": q.cqf_level}),
    );
    let q_id = q.id.to_string();
    child_of(
        q.id,
        (&doc_id, &q.title.en, format!("{base}/CFDocuments/{doc_id}")),
        1,
    );
    for (u, unit) in standard.units.iter().enumerate() {
        item(
            unit.id,
            UNIT,
            &unit.title.en,
            Some(unit.code.clone()),
            json!({
                "title": localized_json(&unit.title),
                "kind": unit.kind.code(),
                "descriptor": localized_json(&unit.descriptor),
                "range_statement": localized_json(&unit.range_statement),
                "knowledge": localized_json(&unit.knowledge),
                "skills": localized_json(&unit.skills),
                "evidence": {
                    "critical_aspects": localized_json(&unit.evidence.critical_aspects),
                    "context_and_resources": localized_json(&unit.evidence.context_and_resources),
                    "assessment_methods": localized_json(&unit.evidence.assessment_methods),
                },
                "hours_theory": unit.hours_theory,
                "hours_practical": unit.hours_practical,
                "cqf_level": unit.cqf_level,
            }),
        );
        child_of(unit.id, (&q_id, &q.title.en, uri(&q_id)), u + 1);
        let unit_id = unit.id.to_string();
        for (e, element) in unit.elements.iter().enumerate() {
            item(
                element.id,
                ELEMENT,
                &element.title.en,
                Some(format!("{}", e + 1)),
                json!({"title": localized_json(&element.title)}),
            );
            child_of(element.id, (&unit_id, &unit.title.en, uri(&unit_id)), e + 1);
            let element_id = element.id.to_string();
            for (c, criterion) in element.criteria.iter().enumerate() {
                item(
                    criterion.id,
                    CRITERION,
                    &criterion.text.en,
                    Some(format!("{}.{}", e + 1, c + 1)),
                    json!({"text": localized_json(&criterion.text)}),
                );
                child_of(
                    criterion.id,
                    (&element_id, &element.title.en, uri(&element_id)),
                    c + 1,
                );
            }
        }
    }
    json!({
        "CFDocument": {
            "identifier": doc_id,
            "uri": format!("{base}/CFDocuments/{doc_id}"),
            "creator": "Sala",
            "title": q.title.en,
            "humanCodingScheme": q.code,
            "language": "en",
            "lastChangeDateTime": now,
            "CFPackageURI": {"title": q.title.en, "identifier": doc_id, "uri": format!("{base}/CFPackages/{doc_id}")},
        },
        "CFItems": items,
        "CFAssociations": associations,
    })
}

/// One item as read: its place in the JSON and its fields.
struct Item<'a> {
    index: usize,
    value: &'a Map<String, Value>,
}

impl Item<'_> {
    fn text(&self, key: &str) -> String {
        self.value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    fn sala(&self) -> Option<&Map<String, Value>> {
        self.value
            .get("extensions")
            .and_then(|e| e.get("sala"))
            .and_then(Value::as_object)
    }

    /// A text in both languages: Sala's extension, else English from `field`.
    fn localized(&self, key: &str, field: &str) -> Localized {
        match self.sala().and_then(|s| s.get(key)) {
            Some(both) => Localized::new(
                both.get("km").and_then(Value::as_str).unwrap_or_default(),
                both.get("en").and_then(Value::as_str).unwrap_or_default(),
            ),
            None => Localized::new("", self.text(field)),
        }
    }

    fn sala_localized(&self, path: &[&str]) -> Localized {
        let mut at = self.sala().map(|m| Value::Object(m.clone()));
        for key in path {
            at = at.and_then(|v| v.get(*key).cloned());
        }
        at.map(|both| {
            Localized::new(
                both.get("km").and_then(Value::as_str).unwrap_or_default(),
                both.get("en").and_then(Value::as_str).unwrap_or_default(),
            )
        })
        .unwrap_or_default()
    }

    fn sala_number(&self, key: &str) -> Option<u64> {
        self.sala().and_then(|s| s.get(key)).and_then(Value::as_u64)
    }

    fn cqf_level(&self) -> Option<u8> {
        self.sala_number("cqf_level")
            .and_then(|n| u8::try_from(n).ok())
            .or_else(|| {
                self.value
                    .get("educationLevel")
                    .and_then(Value::as_array)
                    .and_then(|levels| levels.first())
                    .and_then(Value::as_str)
                    .and_then(|l| l.trim().parse().ok())
            })
    }

    fn id(&self, doc: &str, part: &str) -> Uuid {
        self.text("identifier")
            .parse()
            .unwrap_or_else(|_| derived_id(doc, part))
    }
}

fn json_problem(path: String, fault: Fault) -> Problem {
    Problem {
        place: Place::Json { path },
        fault,
    }
}

fn shape(path: &str, detail: impl Into<String>) -> Problem {
    json_problem(
        path.to_owned(),
        Fault::Shape {
            detail: detail.into(),
        },
    )
}

/// Reads a CASE package; the standard, or every reason it cannot be read.
pub fn import(text: &str) -> Result<Standard, Vec<Problem>> {
    let package: Value = serde_json::from_str(text).map_err(|e| {
        vec![json_problem(
            "$".into(),
            Fault::Unreadable {
                detail: format!("not JSON: {e}"),
            },
        )]
    })?;
    let mut problems = Vec::new();
    let Some(document) = package.get("CFDocument").and_then(Value::as_object) else {
        return Err(vec![shape(
            "$.CFDocument",
            "a CASE package has a CFDocument",
        )]);
    };
    let doc_id = document
        .get("identifier")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if doc_id.is_empty() {
        problems.push(shape(
            "$.CFDocument.identifier",
            "the document has no identifier",
        ));
    }
    let empty = Vec::new();
    let items_json = package
        .get("CFItems")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let mut items: HashMap<String, Item> = HashMap::new();
    for (index, value) in items_json.iter().enumerate() {
        let path = format!("$.CFItems[{index}]");
        let Some(value) = value.as_object() else {
            problems.push(shape(&path, "an item is an object"));
            continue;
        };
        let item = Item { index, value };
        let id = item.text("identifier");
        if id.is_empty() {
            problems.push(shape(
                &format!("{path}.identifier"),
                "the item has no identifier",
            ));
            continue;
        }
        match items.entry(id) {
            std::collections::hash_map::Entry::Occupied(taken) => problems.push(shape(
                &format!("{path}.identifier"),
                format!("identifier {} is used twice", taken.key()),
            )),
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert(item);
            }
        }
    }
    // The tree: parent → (sequence, child), from isChildOf (origin is the child).
    let mut children: HashMap<String, Vec<(i64, usize, String)>> = HashMap::new();
    let mut parent_of: HashMap<String, String> = HashMap::new();
    let associations = package
        .get("CFAssociations")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for (index, association) in associations.iter().enumerate() {
        let path = format!("$.CFAssociations[{index}]");
        if association.get("associationType").and_then(Value::as_str) != Some("isChildOf") {
            continue;
        }
        let node = |key: &str| {
            association
                .get(key)
                .and_then(|n| n.get("identifier"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (child, parent) = (node("originNodeURI"), node("destinationNodeURI"));
        if !items.contains_key(&child) {
            problems.push(shape(
                &format!("{path}.originNodeURI"),
                format!("points at {child:?}, which is no item of the package"),
            ));
            continue;
        }
        if parent != doc_id && !items.contains_key(&parent) {
            problems.push(shape(
                &format!("{path}.destinationNodeURI"),
                format!("points at {parent:?}, which is neither the document nor an item"),
            ));
            continue;
        }
        if let Some(first) = parent_of.get(&child) {
            if *first != parent {
                problems.push(shape(
                    &path,
                    format!("item {child} is a child of two parents ({first} and {parent})"),
                ));
            }
            continue;
        }
        parent_of.insert(child.clone(), parent.clone());
        let sequence = association
            .get("sequenceNumber")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX);
        children
            .entry(parent)
            .or_default()
            .push((sequence, index, child));
    }
    for list in children.values_mut() {
        list.sort();
    }
    // Depth of every item below the document (a cycle never reaches it).
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut frontier = vec![(doc_id.as_str(), 0usize)];
    while let Some((node, d)) = frontier.pop() {
        for (_, _, child) in children.get(node).map(Vec::as_slice).unwrap_or_default() {
            if depth.insert(child.as_str(), d + 1).is_none() {
                frontier.push((child.as_str(), d + 1));
            }
        }
    }
    let mut outside: Vec<&Item> = items
        .iter()
        .filter(|(id, _)| !depth.contains_key(id.as_str()))
        .map(|(_, item)| item)
        .collect();
    outside.sort_by_key(|i| i.index);
    for item in outside {
        problems.push(shape(
            &format!("$.CFItems[{}]", item.index),
            format!(
                "item {} is not in the document's isChildOf tree (no parent, or a cycle)",
                item.text("identifier")
            ),
        ));
    }
    let leaves: HashSet<usize> = depth
        .iter()
        .filter(|(id, _)| !children.contains_key(**id))
        .map(|(_, d)| *d)
        .collect();
    let tops = children.get(&doc_id).cloned().unwrap_or_default();
    let levels = match (leaves.len(), leaves.iter().next()) {
        (1, Some(&4)) if tops.len() == 1 => 4,
        (1, Some(&3)) => 3,
        _ if items.is_empty() => {
            problems.push(shape("$.CFItems", "the package has no items"));
            0
        }
        _ => {
            let mut found: Vec<usize> = leaves.into_iter().collect();
            found.sort();
            problems.push(shape(
                "$.CFAssociations",
                format!(
                    "the tree's leaves are {found:?} levels below the document; Sala reads \
                     qualification → unit → element → performance criterion (4 levels, one \
                     qualification) or unit → element → performance criterion (3)"
                ),
            ));
            0
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let kids = |id: &str| -> Vec<&Item> {
        children
            .get(id)
            .map(|list| list.iter().filter_map(|(_, _, c)| items.get(c)).collect())
            .unwrap_or_default()
    };
    let doc_text = |key: &str| {
        document
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let (qualification, unit_parent) = if levels == 4 {
        let top = &tops[0].2;
        let q = &items[top];
        let code = Some(q.text("humanCodingScheme"))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| doc_text("humanCodingScheme"));
        (
            Qualification {
                id: q.id(&doc_id, "qualification"),
                code,
                title: q.localized("title", "fullStatement"),
                sector: q.sala_localized(&["sector"]),
                cqf_level: q.cqf_level(),
            },
            top.clone(),
        )
    } else {
        let code = Some(doc_text("humanCodingScheme"))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| doc_id.clone());
        (
            Qualification {
                id: doc_id
                    .parse()
                    .unwrap_or_else(|_| derived_id(&doc_id, "qualification")),
                code,
                title: Localized::new("", doc_text("title")),
                sector: Localized::default(),
                cqf_level: None,
            },
            doc_id.clone(),
        )
    };
    let units = kids(&unit_parent)
        .into_iter()
        .enumerate()
        .map(|(u, unit)| {
            let code = Some(unit.text("humanCodingScheme"))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| format!("{}-U{:02}", qualification.code, u + 1));
            let unit_id = unit.text("identifier");
            Unit {
                id: unit.id(&doc_id, &format!("unit {u}")),
                kind: unit
                    .sala()
                    .and_then(|s| s.get("kind"))
                    .and_then(Value::as_str)
                    .and_then(UnitKind::parse)
                    .unwrap_or(UnitKind::Core),
                title: unit.localized("title", "fullStatement"),
                descriptor: unit.sala_localized(&["descriptor"]),
                range_statement: unit.sala_localized(&["range_statement"]),
                knowledge: unit.sala_localized(&["knowledge"]),
                skills: unit.sala_localized(&["skills"]),
                evidence: EvidenceGuide {
                    critical_aspects: unit.sala_localized(&["evidence", "critical_aspects"]),
                    context_and_resources: unit
                        .sala_localized(&["evidence", "context_and_resources"]),
                    assessment_methods: unit.sala_localized(&["evidence", "assessment_methods"]),
                },
                hours_theory: unit
                    .sala_number("hours_theory")
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0),
                hours_practical: unit
                    .sala_number("hours_practical")
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0),
                cqf_level: unit.cqf_level(),
                elements: kids(&unit_id)
                    .into_iter()
                    .enumerate()
                    .map(|(e, element)| Element {
                        id: element.id(&doc_id, &format!("unit {u} element {e}")),
                        title: element.localized("title", "fullStatement"),
                        criteria: kids(&element.text("identifier"))
                            .into_iter()
                            .enumerate()
                            .map(|(c, criterion)| Criterion {
                                id: criterion
                                    .id(&doc_id, &format!("unit {u} element {e} criterion {c}")),
                                text: criterion.localized("text", "fullStatement"),
                            })
                            .collect(),
                    })
                    .collect(),
                code,
            }
        })
        .collect();
    let standard = Standard {
        qualification,
        units,
    };
    let problems = standard.check();
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

    #[test]
    fn export_then_import_gives_back_the_same_standard() {
        let standard = sample();
        let package = export(
            &standard,
            "https://sala.example/case",
            "2026-12-01T00:00:00Z",
        );
        let text = serde_json::to_string_pretty(&package).expect("json");
        assert_eq!(import(&text), Ok(standard));
    }

    fn text() -> impl proptest::strategy::Strategy<Value = Localized> {
        use proptest::prelude::*;
        ("[ក-ឳ]{1,6}( [ក-ឳ]{1,6})?", "[A-Za-z][A-Za-z ,.]{0,12}")
            .prop_map(|(km, en)| Localized::new(km, en))
    }

    proptest::proptest! {
        /// Any standard Sala holds comes back whole through CASE.
        #[test]
        fn any_standard_survives_the_round_trip(
            shape in proptest::collection::vec(proptest::collection::vec(1usize..4, 1..3), 1..4),
            texts in proptest::collection::vec(text(), 40),
            hours in proptest::collection::vec(0u32..200, 8),
            level in proptest::option::of(1u8..=8),
        ) {
            let mut standard = sample();
            standard.qualification.cqf_level = level;
            standard.qualification.title = texts[0].clone();
            let mut n = 0;
            let mut next = || { n += 1; texts[n % texts.len()].clone() };
            standard.units = shape
                .iter()
                .enumerate()
                .map(|(u, elements)| {
                    let mut unit = sample().units[u % 2].clone();
                    unit.id = derived_id("P", &format!("unit {u}"));
                    unit.code = format!("U-{u}");
                    unit.kind = UnitKind::ALL[u % 3];
                    unit.title = next();
                    unit.knowledge = next();
                    unit.hours_theory = hours[u % hours.len()];
                    unit.hours_practical = hours[(u + 3) % hours.len()];
                    unit.cqf_level = level;
                    unit.elements = elements
                        .iter()
                        .enumerate()
                        .map(|(e, &criteria)| Element {
                            id: derived_id("P", &format!("unit {u} element {e}")),
                            title: next(),
                            criteria: (0..criteria)
                                .map(|c| Criterion {
                                    id: derived_id("P", &format!("unit {u} element {e} criterion {c}")),
                                    text: next(),
                                })
                                .collect(),
                        })
                        .collect();
                    unit
                })
                .collect();
            let package = export(&standard, "https://sala.example/case", "2026-12-01T00:00:00Z");
            proptest::prop_assert_eq!(import(&package.to_string()), Ok(standard));
        }
    }

    #[test]
    fn the_package_is_case_shaped() {
        let package = export(
            &sample(),
            "https://sala.example/case",
            "2026-12-01T00:00:00Z",
        );
        let items = package["CFItems"].as_array().expect("items");
        // 1 qualification + 2 units + 4 elements + 8 criteria.
        assert_eq!(items.len(), 15);
        for key in [
            "identifier",
            "uri",
            "fullStatement",
            "lastChangeDateTime",
            "CFItemType",
        ] {
            assert!(items.iter().all(|i| i.get(key).is_some()), "{key}");
        }
        let kinds: HashSet<&str> = items
            .iter()
            .filter_map(|i| i["CFItemType"].as_str())
            .collect();
        assert_eq!(
            kinds,
            HashSet::from([QUALIFICATION, UNIT, ELEMENT, CRITERION])
        );
        let associations = package["CFAssociations"].as_array().expect("associations");
        assert_eq!(associations.len(), 15);
        assert!(associations
            .iter()
            .all(|a| a["associationType"] == "isChildOf" && a["sequenceNumber"].is_u64()));
        for key in [
            "identifier",
            "uri",
            "creator",
            "title",
            "lastChangeDateTime",
            "CFPackageURI",
        ] {
            assert!(package["CFDocument"].get(key).is_some(), "{key}");
        }
        assert_eq!(items[items.len() - 1]["humanCodingScheme"], "2.2");
    }

    /// A package as OpenSALT writes one: no item types Sala knows (or none), no Sala
    /// extensions, the document as the qualification, associations in any order.
    fn foreign(types: bool) -> Value {
        let mut items = Vec::new();
        let mut associations = Vec::new();
        let mut link = |child: &str, parent: &str, n: usize| {
            associations.push(json!({"identifier": format!("a-{child}"), "uri": "u",
                "associationType": "isChildOf", "sequenceNumber": n,
                "originNodeURI": {"identifier": child, "uri": "u", "title": ""},
                "destinationNodeURI": {"identifier": parent, "uri": "u", "title": ""},
                "lastChangeDateTime": "2020-01-01T00:00:00+00:00"}));
        };
        for u in 1..=2 {
            let unit = format!("unit-{u}");
            let mut item = json!({"identifier": unit, "uri": "u", "fullStatement": format!("Serve food {u}"),
                "humanCodingScheme": format!("FBS-{u}"), "lastChangeDateTime": "2020-01-01T00:00:00+00:00"});
            if types {
                item["CFItemType"] = json!("Competency");
            }
            items.push(item);
            link(&unit, "doc-1", 3 - u);
            let element = format!("element-{u}");
            items.push(
                json!({"identifier": element, "uri": "u", "fullStatement": "Greet guests",
                "lastChangeDateTime": "2020-01-01T00:00:00+00:00"}),
            );
            link(&element, &unit, 1);
            for c in 1..=2 {
                let criterion = format!("pc-{u}-{c}");
                items.push(json!({"identifier": criterion, "uri": "u", "fullStatement": format!("Criterion {c}"),
                    "lastChangeDateTime": "2020-01-01T00:00:00+00:00"}));
                link(&criterion, &element, 3 - c);
            }
        }
        associations.reverse();
        json!({"CFDocument": {"identifier": "doc-1", "uri": "u", "creator": "OpenSALT",
            "title": "Food and Beverage Service", "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
            "CFPackageURI": {"identifier": "doc-1", "uri": "u", "title": "t"}},
            "CFItems": items, "CFAssociations": associations})
    }

    #[test]
    fn another_tools_package_is_read_by_its_tree() {
        for types in [true, false] {
            let standard = import(&foreign(types).to_string()).expect("imports");
            assert_eq!(standard.qualification.title.en, "Food and Beverage Service");
            assert_eq!(standard.qualification.code, "doc-1");
            // By sequence number, not by the order of the file.
            let codes: Vec<&str> = standard.units.iter().map(|u| u.code.as_str()).collect();
            assert_eq!(codes, ["FBS-2", "FBS-1"]);
            let criteria: Vec<&str> = standard.units[0].elements[0]
                .criteria
                .iter()
                .map(|c| c.text.en.as_str())
                .collect();
            assert_eq!(criteria, ["Criterion 2", "Criterion 1"]);
            // English only: to translate.
            assert!(!standard.untranslated().is_empty());
            // Importing it again gives the same ids.
            let again = import(&foreign(types).to_string()).expect("imports");
            assert_eq!(again, standard);
        }
    }

    #[test]
    fn a_package_sala_cannot_read_is_refused_with_every_reason() {
        let mut package = foreign(true);
        // An item outside the tree, an association to nothing, a duplicate identifier.
        package["CFItems"]
            .as_array_mut()
            .expect("items")
            .push(json!({"identifier": "lonely", "uri": "u", "fullStatement": "x"}));
        package["CFItems"]
            .as_array_mut()
            .expect("items")
            .push(json!({"identifier": "pc-1-1", "uri": "u", "fullStatement": "again"}));
        package["CFAssociations"]
            .as_array_mut()
            .expect("associations")
            .push(json!({"associationType": "isChildOf",
                "originNodeURI": {"identifier": "ghost"}, "destinationNodeURI": {"identifier": "doc-1"}}));
        let problems = import(&package.to_string()).expect_err("refused");
        let paths: Vec<String> = problems
            .iter()
            .map(|p| match &p.place {
                Place::Json { path } => path.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert!(
            paths.iter().any(|p| p.ends_with(".identifier")),
            "{paths:?}"
        );
        assert!(
            paths.iter().any(|p| p.ends_with(".originNodeURI")),
            "{paths:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| matches!(&p.fault, Fault::Shape { detail } if detail.contains("lonely"))),
            "{problems:?}"
        );
        assert!(problems.len() >= 3);
    }

    #[test]
    fn trees_of_other_depths_and_broken_json_are_refused_not_crashed() {
        let mut package = foreign(false);
        // A fifth level under one criterion.
        package["CFItems"]
            .as_array_mut()
            .expect("items")
            .push(json!({"identifier": "deeper", "uri": "u", "fullStatement": "x"}));
        package["CFAssociations"]
            .as_array_mut()
            .expect("associations")
            .push(json!({"associationType": "isChildOf", "sequenceNumber": 1,
                "originNodeURI": {"identifier": "deeper"}, "destinationNodeURI": {"identifier": "pc-1-1"}}));
        let problems = import(&package.to_string()).expect_err("refused");
        assert!(matches!(&problems[0].fault, Fault::Shape { detail } if detail.contains("levels")));
        for text in [
            "",
            "{",
            "[]",
            "{\"CFDocument\": 3}",
            "{\"CFDocument\": {\"identifier\": \"d\"}}",
        ] {
            assert!(import(text).is_err(), "{text}");
        }
    }
}
