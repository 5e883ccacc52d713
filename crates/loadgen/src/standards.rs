//! `sala-load import`: a 40-unit competency standard (5 elements of 4 criteria each:
//! 800 rows of Sala's CSV template, Khmer and English) imported through the real
//! server's form, 5 times under different codes; the time of each, with a budget.

use super::client::Client;
use super::report::{Budget, Report, Run};
use super::server::Server;
use domain::standard::{
    derived_id, Criterion, Element, EvidenceGuide, Qualification, Standard, Unit, UnitKind,
};
use domain::Localized;
use std::time::{Duration, Instant};

const UNITS: usize = 40;
const BOUNDARY: &str = "sala-load-boundary";

fn text(en: String) -> Localized {
    Localized::new(format!("ខ្លឹមសារ {en} ជាភាសាខ្មែរ"), en)
}

/// A standard the size of a large national one.
pub fn large(code: &str) -> Standard {
    let id = |part: String| derived_id(code, &part);
    Standard {
        qualification: Qualification {
            id: id("qualification".into()),
            code: code.to_owned(),
            title: text(format!("Qualification {code}")),
            sector: text("Construction".into()),
            cqf_level: Some(3),
        },
        units: (1..=UNITS)
            .map(|u| Unit {
                id: id(format!("unit {code}-U{u:02}")),
                code: format!("{code}-U{u:02}"),
                kind: UnitKind::ALL[u % 3],
                title: text(format!("Unit {u}: install and test circuits of kind {u}")),
                descriptor: text(format!(
                    "This unit describes the skills and knowledge to do task {u} safely."
                )),
                range_statement: text("In workshops and on construction sites".into()),
                knowledge: text("Circuit theory, safety rules, tools".into()),
                skills: text("Measure, wire, test, report".into()),
                evidence: EvidenceGuide {
                    critical_aspects: text("Works safely; tests before energising".into()),
                    context_and_resources: text("A workshop with tools and materials".into()),
                    assessment_methods: text("Observation, questions, third-party report".into()),
                },
                hours_theory: 20,
                hours_practical: 40,
                cqf_level: Some(3),
                elements: (1..=5)
                    .map(|e| Element {
                        id: id(format!("unit {code}-U{u:02} element {e}")),
                        title: text(format!("Element {e} of unit {u}")),
                        criteria: (1..=4)
                            .map(|c| Criterion {
                                id: id(format!("unit {code}-U{u:02} element {e} criterion {c}")),
                                text: text(format!(
                                    "Performance criterion {e}.{c}: the work meets the requirement"
                                )),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn upload(cookie: &str, file: &str) -> http::Request<String> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{BOUNDARY}--\r\n"
    );
    http::Request::post("/curriculum/import")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("cookie", cookie)
        .body(body)
        .unwrap_or_default()
}

pub async fn import() -> Result<Vec<String>, String> {
    let server = Server::start().await?;
    let cookie = super::cookie(&server.base, "curriculum").await?;
    let mut report = Report::new(&format!(
        "import of a {UNITS}-unit standard (800 criteria) through the form, 5 times"
    ));
    let mut run = Run::default();
    let started = Instant::now();
    let mut bytes = 0;
    for i in 0..5 {
        let code = format!("LARGE-{i}");
        let file = domain::csv::write(&domain::spreadsheet::write(&large(&code)));
        bytes = file.len();
        let mut client = Client::connect(&server.base).await?;
        let t = Instant::now();
        let answer = client.send(upload(&cookie, &file)).await?;
        let elapsed = t.elapsed();
        // Imported: the report page names the standard.
        let location = answer
            .location
            .clone()
            .ok_or_else(|| format!("import {i}: no redirect ({})", answer.status))?;
        let page = client.send(super::get(&location, Some(&cookie))).await?;
        if answer.status == 303 && page.body.contains("Imported large.csv") {
            run.latencies.push(elapsed);
        } else {
            run.errors += 1;
        }
    }
    run.elapsed = started.elapsed();
    println!("{:<44} {:>9.0} KB per file", "file", bytes as f64 / 1024.0);
    report.run(
        "POST /curriculum/import (check and save)",
        &run,
        Budget::p99(Duration::from_millis(500)),
    );
    Ok(report.finish())
}
