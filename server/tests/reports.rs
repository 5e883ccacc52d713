//! Reports through the real router, on either backend: a class's report agrees with
//! what each learner sees on "My progress" and with the trainer's attendance sheet; who
//! is behind and who attends too little are flagged; knowledge-check results are the
//! mean of best attempts; the CSV exports carry the same figures with Khmer intact; the
//! institute at a glance sums its classes; and every route refuses every other role, a
//! trainer of other classes and another institute's admin.

mod common;

use axum::http::{header, StatusCode};
use common::{app, json_of};
use serde_json::json;
use store::seed::seed_id;
use wire::reports::{ClassReport, ClassSummary, InstituteReport};

fn batch(device: u128, records: Vec<serde_json::Value>) -> String {
    json!({ "protocol": 1, "device": uuid::Uuid::from_u128(device).to_string(), "records": records })
        .to_string()
}

#[tokio::test]
async fn a_class_report_agrees_with_the_learners_and_the_trainers_pages() {
    let app = app().await;
    let class = seed_id("class:EI-2026-A");
    let lessons: Vec<(String,)> = sqlx::query_as(
        "SELECT l.id FROM classes c JOIN modules m ON m.programme_id = c.programme_id \
         JOIN learning_activities a ON a.module_id = m.id JOIN lessons l ON l.activity_id = a.id \
         WHERE c.id = $1 ORDER BY m.position, a.position",
    )
    .bind(&class)
    .fetch_all(&app.pool)
    .await
    .expect("lessons");
    assert!(lessons.len() >= 3, "the demo programme has lessons");
    let usernames: Vec<(String,)> = sqlx::query_as(
        "SELECT u.username FROM enrolments e JOIN users u ON u.id = e.learner_id \
         WHERE e.class_id = $1 ORDER BY u.username",
    )
    .bind(&class)
    .fetch_all(&app.pool)
    .await
    .expect("learners");
    assert_eq!(usernames.len(), 40);
    let lagging = usernames.last().expect("one").0.clone();

    // Everyone but one marks the first three lessons done, on their own phone, through
    // the sync engine.
    for (n, (username,)) in usernames.iter().enumerate() {
        if *username == lagging {
            continue;
        }
        let cookie = app.cookie_for(username).await;
        let records = lessons[..3]
            .iter()
            .enumerate()
            .map(|(i, (lesson,))| {
                json!({
                    "id": uuid::Uuid::now_v7().to_string(), "seq": i + 1, "at": "2026-11-30T08:00:00Z",
                    "kind": "lesson_done", "data": { "lesson": lesson },
                })
            })
            .collect();
        let (status, _, body) = app
            .post_json(
                "/api/sync/v1/push",
                Some(&cookie),
                batch(1000 + n as u128, records),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{username}: {body}");
    }
    // Knowledge checks: "learner" tries the hazards lesson twice (1/2, then 2/2: best
    // 100 %), learner01 once (0/2).
    let (hazards,): (String,) =
        sqlx::query_as("SELECT id FROM lessons WHERE title_en = 'Electrical hazards at work'")
            .fetch_one(&app.pool)
            .await
            .expect("lesson");
    for (username, scores) in [("learner", vec![1, 2]), ("learner01", vec![0])] {
        let cookie = app.cookie_for(username).await;
        let records = scores
            .iter()
            .enumerate()
            .map(|(i, score)| {
                json!({
                    "id": uuid::Uuid::now_v7().to_string(), "seq": 10 + i, "at": format!("2026-11-30T09:0{i}:00Z"),
                    "kind": "check_attempt", "data": { "lesson": hazards, "answers": [[1], [0]], "score": score, "max": 2 },
                })
            })
            .collect();
        let (status, _, body) = app
            .post_json("/api/sync/v1/push", Some(&cookie), batch(7, records))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let admin = app.cookie_for("admin").await;
    let api = format!("/api/reports/class?class={class}");
    let report: ClassReport = json_of(&app, &api, &admin).await;
    assert_eq!(report.learners.len(), 40);
    assert!(!report.sessions.is_empty(), "the seed's past sessions");

    // Progress: what each learner sees on their own progress page.
    for figures in &report.learners {
        let cookie = app.cookie_for(&figures.username).await;
        let own: wire::learn::Progress =
            json_of(&app, &format!("/api/learn/progress?class={class}"), &cookie).await;
        assert_eq!(figures.progress, own.percent_done, "{}", figures.username);
    }
    // Attendance: the trainer's sheet, learner by learner, and each session's marks.
    let trainer = app.cookie_for("trainer").await;
    let sheet: wire::teach::ClassAttendance = json_of(
        &app,
        &format!("/api/teach/class-attendance?class={class}"),
        &trainer,
    )
    .await;
    for row in &sheet.learners {
        let figures = report
            .learners
            .iter()
            .find(|l| l.id == row.id)
            .expect("the same learners");
        assert_eq!(figures.attendance, row.rate);
        assert_eq!(figures.low_attendance, row.at_risk);
        assert_eq!(
            figures.sessions_marked as usize,
            row.marks.iter().flatten().count()
        );
    }
    assert!(
        report.learners.iter().any(|l| l.low_attendance),
        "the seed's often-absent learner"
    );
    for (i, session) in report.sessions.iter().enumerate() {
        assert_eq!(session.id, sheet.sessions[i].id);
        let marked = sheet
            .learners
            .iter()
            .filter(|l| l.marks[i].is_some())
            .count();
        assert_eq!(session.marked as usize, marked);
    }
    // Who is behind: only the one who did nothing, the others' median being 30 %.
    let behind: Vec<&str> = report
        .learners
        .iter()
        .filter(|l| l.behind)
        .map(|l| l.username.as_str())
        .collect();
    assert_eq!(behind, vec![lagging.as_str()]);
    assert_eq!(report.median_progress, Some(30));
    // At risk first.
    let first_safe = report
        .learners
        .iter()
        .position(|l| !l.at_risk())
        .unwrap_or(40);
    assert!(report.learners[first_safe..].iter().all(|l| !l.at_risk()));
    // Checks: two of forty tried the hazards lesson; the mean of 100 % and 0 %.
    let check = report
        .checks
        .iter()
        .find(|c| c.lesson == hazards)
        .expect("the hazards check");
    assert_eq!(
        (check.tried, check.learners, check.mean_best),
        (2, 40, Some(50))
    );

    // The page: a chart and a table of the same learners, one "behind" badge.
    let (status, _, page) = app
        .get(&format!("/admin/classes/{class}/report"), Some(&admin))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.matches("data-learner=").count(), 40);
    assert_eq!(page.matches("data-risk=\"behind\"").count(), 1);
    assert!(page.contains("id=\"progress-chart\"") && page.contains("id=\"attendance-chart\""));
    let (_, _, km) = app
        .send(
            axum::http::Request::get(format!("/admin/classes/{class}/report"))
                .header(header::COOKIE, format!("{admin}; sala_lang=km"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert!(km.contains("អ្នករៀន") && km.contains("វត្តមាន"), "in Khmer");

    // The trainer's "who is behind": the same figures.
    let theirs: ClassReport = json_of(&app, &api, &trainer).await;
    assert_eq!(
        ClassReport {
            as_of: String::new(),
            ..theirs
        },
        ClassReport {
            as_of: String::new(),
            ..report.clone()
        }
    );
    let (status, _, page) = app
        .get(&format!("/teach/class/{class}/report"), Some(&trainer))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Who is behind"));
    let mine: Vec<ClassSummary> = json_of(&app, "/api/reports/my-classes", &trainer).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].class.to_string(), class);
    assert_eq!(mine[0].at_risk as usize, first_safe);

    // The CSV: a byte-order mark, a header, one row per learner, Khmer intact.
    let (status, headers, csv) = app
        .get(&format!("/admin/classes/{class}/report.csv"), Some(&admin))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(csv.starts_with('\u{feff}'));
    let rows: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 41);
    let lagging_row = rows
        .iter()
        .find(|r| r.contains(&format!(",{lagging},")))
        .expect("the lagging learner's row");
    assert!(
        lagging_row.ends_with(",0,1"),
        "not low attendance, behind: {lagging_row}"
    );
    assert!(csv.contains("សុខ ចាន់ណា"));
    let (status, _, trainer_csv) = app
        .get(&format!("/teach/class/{class}/report.csv"), Some(&trainer))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(trainer_csv, csv);

    // The institute at a glance: its classes, each as its own report says.
    let institute: InstituteReport = json_of(&app, "/api/reports/institute", &admin).await;
    let (classes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM classes WHERE institute_id = $1")
        .bind(seed_id("institute"))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(institute.classes.len() as i64, classes);
    let ours = institute
        .classes
        .iter()
        .find(|c| c.class.to_string() == class)
        .expect("the demo class");
    assert_eq!(ours.learners, 40);
    assert_eq!(ours.sessions_held as usize, report.sessions.len());
    assert_eq!(ours.attendance, report.attendance);
    assert_eq!(ours.at_risk as usize, first_safe);
    let (learners,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE institute_id = $1 AND role = 'learner' AND deactivated_at IS NULL",
    )
    .bind(seed_id("institute"))
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(i64::from(institute.learners), learners);
    assert!(institute.enrolled >= 40 && institute.enrolled <= institute.learners);
    let (status, _, csv) = app.get("/admin/reports.csv", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.trim_end().split("\r\n").count() as i64, classes + 1);
    let (status, _, page) = app.get("/admin/reports", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.matches("data-class=").count() as i64, classes);
}

#[tokio::test]
async fn every_report_route_refuses_whoever_may_not_read_it() {
    let app = app().await;
    let class = seed_id("class:EI-2026-A");
    let pages = [
        (format!("/admin/classes/{class}/report"), "admin"),
        (format!("/admin/classes/{class}/report.csv"), "admin"),
        ("/admin/reports".to_owned(), "admin"),
        ("/admin/reports.csv".to_owned(), "admin"),
        ("/api/reports/institute".to_owned(), "admin"),
        (format!("/teach/class/{class}/report"), "trainer"),
        (format!("/teach/class/{class}/report.csv"), "trainer"),
        ("/teach/classes".to_owned(), "trainer"),
        ("/api/reports/my-classes".to_owned(), "trainer"),
    ];
    for (path, owner) in &pages {
        for role in ["learner", "trainer", "assessor", "curriculum", "admin"] {
            let cookie = app.cookie_for(role).await;
            let (status, _, body) = app.get(path, Some(&cookie)).await;
            if role == *owner {
                assert_eq!(status, StatusCode::OK, "{role} {path}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role} {path}");
                assert!(!body.contains("Chan Dara"), "{role} {path}");
            }
        }
        // Signed out: a page sends to the sign-in; a download or the API says 401.
        let (status, headers, _) = app.get(path, None).await;
        if status == StatusCode::FOUND {
            assert!(
                common::location(&headers).starts_with("/login"),
                "signed out {path}"
            );
        } else {
            assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out {path}");
        }
    }
    // The API of a class's report: admins and trainers, no one else.
    let api = format!("/api/reports/class?class={class}");
    for role in ["learner", "assessor", "curriculum"] {
        let cookie = app.cookie_for(role).await;
        let (status, _, _) = app.get(&api, Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let (status, _, _) = app.get(&api, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A trainer of the institute who does not teach the class: not found, everywhere.
    let stranger = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) VALUES ($1, $2, 'trainer-elsewhere', 'ក', 'K', 'trainer', '2026-01-01T00:00:00Z')")
        .bind(&stranger)
        .bind(seed_id("institute"))
        .execute(&app.pool)
        .await
        .expect("a trainer");
    let token = store::auth_sessions::create(&app.pool, stranger.parse().expect("id"), "test")
        .await
        .expect("session");
    let other_trainer = format!("sala_session={}", token.0);
    for path in [
        api.clone(),
        format!("/teach/class/{class}/report"),
        format!("/teach/class/{class}/report.csv"),
    ] {
        let (status, _, body) = app.get(&path, Some(&other_trainer)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("Chan Dara"), "{path}");
    }
    let none: Vec<ClassSummary> = json_of(&app, "/api/reports/my-classes", &other_trainer).await;
    assert!(none.is_empty());

    // Another institute's admin: our class is not found, and their institute has none.
    let other_admin = app.cookie_in_another_institute("admin").await;
    for path in [
        api.clone(),
        format!("/admin/classes/{class}/report"),
        format!("/admin/classes/{class}/report.csv"),
    ] {
        let (status, _, body) = app.get(&path, Some(&other_admin)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("Chan Dara"), "{path}");
    }
    let theirs: InstituteReport = json_of(&app, "/api/reports/institute", &other_admin).await;
    assert!(theirs.classes.is_empty());
    assert_eq!(theirs.learners, 0);
    let (_, _, csv) = app.get("/admin/reports.csv", Some(&other_admin)).await;
    assert_eq!(csv.trim_end().split("\r\n").count(), 1, "the header only");
    // A malformed id is not found, not an error.
    let admin = app.cookie_for("admin").await;
    let (status, _, _) = app
        .get("/admin/classes/not-a-class/report.csv", Some(&admin))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
