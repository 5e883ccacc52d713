//! Competency standards through the real router: the curriculum team imports Sala's CSV
//! template and a CASE package, sees every problem of a broken file with nothing saved,
//! and exports CASE and Moodle files; no other role and no other institute reaches any
//! of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, app_with, TestApp};

const BOUNDARY: &str = "sala-test-boundary";

fn multipart(file_name: &str, content: &str, level: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"cqf_level\"\r\n\r\n{level}\r\n\
         --{BOUNDARY}--\r\n"
    )
}

async fn upload(
    app: &TestApp,
    cookie: &str,
    file_name: &str,
    content: &str,
) -> (StatusCode, String) {
    let request = Request::post("/curriculum/import")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(multipart(file_name, content, "")))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    let location = headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location)
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

/// The template with the demo's qualification under another code (and so other ids).
fn renamed_template(template: &str, code: &str) -> String {
    template.replace("ELE-CQF2-EI", code)
}

#[tokio::test]
async fn the_curriculum_team_imports_the_template_and_exports_case_and_moodle() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (status, _, template) = app.get("/curriculum/template.csv", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        template.starts_with('\u{feff}'),
        "a BOM for spreadsheet programs"
    );
    assert!(template.contains("criterion_km") && template.contains("ELE-CQF2-EI"));

    let before = count(&app, "qualifications").await;
    let (status, location) = upload(
        &app,
        &cookie,
        "ei.csv",
        &renamed_template(&template, "EI-COPY"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        location.starts_with("/curriculum/standards?import="),
        "{location}"
    );
    assert_eq!(count(&app, "qualifications").await, before + 1);
    let (status, _, page) = app.get(&location, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Imported ei.csv"), "{page}");
    assert!(page.contains("EI-COPY"));

    // Its CASE package reads back as the same standard.
    let (id,): (String,) = sqlx::query_as("SELECT id FROM qualifications WHERE code = 'EI-COPY'")
        .fetch_one(&app.pool)
        .await
        .expect("saved");
    let (status, headers, case) = app
        .get(
            &format!("/curriculum/standard/{id}/case.json"),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("attachment"));
    let read = domain::case::import(&case).expect("a CASE package Sala reads");
    assert_eq!(read.qualification.code, "EI-COPY");
    let (_, _, page) = app
        .get(&format!("/curriculum/standards/{id}"), Some(&cookie))
        .await;
    for unit in &read.units {
        assert!(page.contains(&unit.code), "{page}");
    }
    let (status, _, moodle) = app
        .get(
            &format!("/curriculum/standard/{id}/moodle.csv"),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(moodle.contains("Parent ID number,ID number,Short name"));

    // Importing the same file again is refused, and nothing changes.
    let (_, location) = upload(
        &app,
        &cookie,
        "ei.csv",
        &renamed_template(&template, "EI-COPY"),
    )
    .await;
    assert_eq!(count(&app, "qualifications").await, before + 1);
    let (_, _, page) = app.get(&location, Some(&cookie)).await;
    assert!(page.contains("already in Sala"), "{page}");

    // A CASE package of another code imports too (CASE in, after CASE out).
    let other = case.replace("EI-COPY", "EI-CASE");
    let value: serde_json::Value = serde_json::from_str(&other).expect("json");
    // New identifiers: a different standard, not the same one again.
    let mut renamed = value.to_string();
    for item in value["CFItems"].as_array().expect("items") {
        let old = item["identifier"].as_str().expect("id").to_owned();
        renamed = renamed.replace(&old, &uuid::Uuid::now_v7().to_string());
    }
    let (_, location) = upload(&app, &cookie, "ei.json", &renamed).await;
    let (_, _, page) = app.get(&location, Some(&cookie)).await;
    assert!(page.contains("Imported ei.json"), "{page}");
    assert_eq!(count(&app, "qualifications").await, before + 2);
}

/// An Excel workbook of the template (its first sheet, numbers as numbers, a blank row
/// in the middle) imports like the CSV; the example workbook in `docs/examples` is the
/// demo's own standard, so it is refused as already in Sala.
#[tokio::test]
async fn an_xlsx_workbook_imports_like_the_csv() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let upload_bytes = |name: &'static str, bytes: Vec<u8>| {
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        .into_bytes();
        body.extend(bytes);
        body.extend(format!("\r\n--{BOUNDARY}--\r\n").into_bytes());
        Request::post("/curriculum/import")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::COOKIE, cookie.clone())
            .body(Body::from(body))
            .expect("request")
    };
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ei-xlsx.xlsx"
    ))
    .expect("fixture");
    let (status, headers, _) = app.send(upload_bytes("ei.xlsx", fixture)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    let (_, _, page) = app.get(&location, Some(&cookie)).await;
    assert!(page.contains("Imported ei.xlsx"), "{page}");
    let (units,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM units u JOIN qualifications q ON q.id = u.qualification_id WHERE q.code = 'EI-XLSX'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    let (demo_units,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM units u JOIN qualifications q ON q.id = u.qualification_id WHERE q.code = 'ELE-CQF2-EI'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(units, demo_units);

    let example = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/examples/electrical-installation.xlsx"
    ))
    .expect("example");
    let (_, headers, _) = app.send(upload_bytes("example.xlsx", example)).await;
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    let (_, _, page) = app.get(&location, Some(&cookie)).await;
    assert!(page.contains("already in Sala"), "{page}");
}

#[tokio::test]
async fn a_broken_file_lists_every_problem_and_saves_nothing() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (_, _, template) = app.get("/curriculum/template.csv", Some(&cookie)).await;
    let mut rows = domain::csv::read(&renamed_template(&template, "BROKEN")).expect("csv");
    let column = |name: &str| {
        domain::spreadsheet::COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("column")
    };
    rows[1][column("unit_kind")] = "optional".into();
    rows[2][column("criterion_number")] = "7.7".into();
    rows[3][column("unit_code")].clear();
    let broken = domain::csv::write(&rows);
    let (before_q, before_u) = (
        count(&app, "qualifications").await,
        count(&app, "units").await,
    );
    let (status, location) = upload(&app, &cookie, "broken.csv", &broken).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "qualifications").await, before_q);
    assert_eq!(count(&app, "units").await, before_u);
    let (_, _, page) = app.get(&location, Some(&cookie)).await;
    assert!(page.contains("was not imported"), "{page}");
    assert!(page.contains("Row 2, column H (unit_kind)"), "{page}");
    assert!(
        page.contains("Row 3, column AD (criterion_number)"),
        "{page}"
    );
    assert!(page.contains("Row 4, column G (unit_code)"), "{page}");
    // In Khmer too.
    let request = Request::get(&location)
        .header(header::COOKIE, format!("{cookie}; sala_lang=km"))
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .expect("request");
    let (_, _, page) = app.send(request).await;
    assert!(page.contains("ជួរដេក 2"), "{page}");

    // Not a standard at all, an Excel file, no file: each a clear reason.
    for (name, content, reason) in [
        (
            "x.json",
            "{\"nothing\": 1}",
            "cannot be read as qualification",
        ),
        ("x.xlsx", "PK\u{3}\u{4}", "The file cannot be read"),
        ("x.ods", "anything", "This kind of file is not read"),
        ("x.csv", "", "is missing"),
    ] {
        let (_, location) = upload(&app, &cookie, name, content).await;
        let (_, _, page) = app.get(&location, Some(&cookie)).await;
        assert!(page.contains(reason), "{name}: {page}");
    }
    assert_eq!(count(&app, "qualifications").await, before_q);
}

#[tokio::test]
async fn only_the_curriculum_team_of_the_institute_reaches_standards() {
    let app = app().await;
    let ours = app.cookie_for("curriculum").await;
    let (_, _, template) = app.get("/curriculum/template.csv", Some(&ours)).await;
    upload(&app, &ours, "ei.csv", &renamed_template(&template, "OURS")).await;
    let (id,): (String,) = sqlx::query_as("SELECT id FROM qualifications WHERE code = 'OURS'")
        .fetch_one(&app.pool)
        .await
        .expect("saved");
    let export = format!("/curriculum/standard/{id}/case.json");

    for role in ["learner", "trainer", "assessor", "admin"] {
        let cookie = app.cookie_for(role).await;
        let before = count(&app, "standard_imports").await;
        let (status, _) = upload(&app, &cookie, "x.csv", &template).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} imports");
        assert_eq!(count(&app, "standard_imports").await, before, "{role}");
        for path in [export.as_str(), "/curriculum/template.csv"] {
            let (status, _, _) = app.get(path, Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {path}");
        }
        let (status, _, _) = app.get("/api/curriculum/standards", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} lists");
    }
    // Signed out: sign in first.
    let (status, location) = upload(&app, "", "x.csv", &template).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/login"), "{location}");
    let (status, _, _) = app.get(&export, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Another institute's curriculum developer sees neither the standard nor the import.
    let institute = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'OTHER', 'ផ្សេង', 'Other', '2026-01-01T00:00:00Z')")
        .bind(&institute)
        .execute(&app.pool)
        .await
        .expect("institute");
    let user = uuid::Uuid::now_v7();
    sqlx::query("INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) VALUES ($1, $2, 'other-curriculum', 'ក', 'K', 'curriculum', '2026-01-01T00:00:00Z')")
        .bind(user.to_string())
        .bind(&institute)
        .execute(&app.pool)
        .await
        .expect("user");
    let token =
        store::auth_sessions::create(&app.pool, user.to_string().parse().expect("id"), "test")
            .await
            .expect("session");
    let theirs = format!("sala_session={}", token.0);
    let (status, _, _) = app.get(&export, Some(&theirs)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, page) = app.get("/curriculum/standards", Some(&theirs)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("OURS"), "{page}");
    let (_, location) = upload(&app, &ours, "secret-file.csv", "a,b\n1,2").await;
    let (_, _, page) = app.get(&location, Some(&ours)).await;
    assert!(page.contains("secret-file.csv"), "{page}");
    let (_, _, page) = app.get(&location, Some(&theirs)).await;
    assert!(
        !page.contains("secret-file.csv"),
        "another's import report stays theirs"
    );
}

/// "Start a programme from this standard": a classic face-to-face draft, with its blend;
/// for the curriculum team of the institute only.
#[tokio::test]
async fn a_standard_starts_a_classic_draft_programme() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let demo = store::seed::seed_id("qualification");
    let start = format!("/curriculum/standard/{demo}/programme");
    let (status, headers, _) = app.post_form_as(&start, &cookie, "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        location.starts_with("/curriculum/programmes/"),
        "{location}"
    );
    let (status, _, page) = app.get(&location, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"blend\""), "{page}");
    assert!(
        page.contains("Draft") && page.contains("Version 2"),
        "{page}"
    );
    assert!(page.contains("Practical: "), "{page}");
    // The home lists it.
    let (_, _, home) = app.get("/curriculum", Some(&cookie)).await;
    assert!(home.contains(&location), "{home}");

    for role in ["learner", "trainer", "assessor", "admin"] {
        let other = app.cookie_for(role).await;
        let (status, _, _) = app.post_form_as(&start, &other, "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let id = location.rsplit('/').next().expect("id");
        let (status, _, _) = app
            .get(&format!("/api/curriculum/programme?id={id}"), Some(&other))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let (status, _, _) = app
        .post_form_as("/curriculum/standard/not-a-standard/programme", &cookie, "")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Behind a proxy the request's Host may be an internal name: CASE identifiers then say
/// where people reach Sala (`SALA_PUBLIC_ORIGIN`).
#[tokio::test]
async fn case_uris_use_the_public_origin_when_it_is_set() {
    let app = app_with(|key| {
        (key == "SALA_PUBLIC_ORIGIN").then(|| "https://sala.example.kh/".to_owned())
    })
    .await;
    let cookie = app.cookie_for("curriculum").await;
    let demo = store::seed::seed_id("qualification");
    let request = Request::get(format!("/curriculum/standard/{demo}/case.json"))
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "app-server-3.internal:3000")
        .body(Body::empty())
        .expect("request");
    let (status, _, json) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        json.contains("\"uri\": \"https://sala.example.kh/case/CFDocuments/"),
        "{json}"
    );
    assert!(!json.contains("internal"), "the internal host never shows");
}

/// Both example workbooks in `docs/examples` read as the same standard as their CSV
/// (calamine's reading of numbers as numbers, Khmer text intact).
#[test]
fn the_example_workbooks_say_what_their_csv_says() {
    for name in ["electrical-installation", "food-and-beverage-service"] {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples/");
        let csv = std::fs::read_to_string(format!("{dir}{name}.csv")).expect("csv");
        let xlsx = std::fs::read(format!("{dir}{name}.xlsx")).expect("xlsx");
        let from_csv = domain::spreadsheet::read(
            &format!("{name}.csv"),
            &domain::csv::read(&csv).expect("csv reads"),
        )
        .expect("the CSV is a standard");
        let (sheet, rows) = server::standards::xlsx_rows(&xlsx).expect("the workbook opens");
        let from_xlsx =
            domain::spreadsheet::read(&sheet, &rows).expect("the workbook is a standard");
        assert_eq!(from_xlsx, from_csv, "{name}");
        assert!(!from_xlsx.units.is_empty());
    }
}
