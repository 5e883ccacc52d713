//! Classes through the real router, as plain forms post them: an admin opens a class of
//! a published programme version, assigns its trainer, enrols learners from a pasted
//! list (all or none), withdraws one (history kept, records kept); the learner finds the
//! course in My courses; and no other role, institute or site reaches any of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, location, upload, TestApp};
use store::seed::seed_id;

async fn open_class(app: &TestApp, admin: &str, code: &str) -> String {
    let programme = seed_id("programme");
    let (status, headers, _) = app
        .post_form_as(
            "/admin/classes/new",
            admin,
            &format!("code={code}&name_km=%E1%9E%90%E1%9F%92%E1%9E%98%E1%9E%B8&name_en=New+class&programme={programme}&starts_on=2027-01-11"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = location(&headers);
    assert!(to.ends_with("?created=1"), "{to}");
    to.trim_start_matches("/admin/classes/")
        .trim_end_matches("?created=1")
        .to_owned()
}

#[tokio::test]
async fn an_admin_opens_a_class_assigns_a_trainer_enrols_and_withdraws() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let id = open_class(&app, &admin, "ei-2027-a").await;
    let (_, _, page) = app
        .get(&format!("/admin/classes/{id}?created=1"), Some(&admin))
        .await;
    assert!(
        page.contains("EI-2027-A") && page.contains("New class"),
        "{page}"
    );

    // The same code again, a draft, a bad date: refused with the reasons, what was typed back.
    let (_, headers, _) = app
        .post_form_as(
            "/admin/classes/new",
            &admin,
            &format!(
                "code=EI-2027-A&name_en=Again&programme={}&starts_on=2027-01-11",
                seed_id("programme")
            ),
        )
        .await;
    assert!(
        location(&headers).contains("error=code_taken"),
        "{headers:?}"
    );
    let (_, headers, _) = app
        .post_form_as(
            "/admin/classes/new",
            &admin,
            "code=X&name_en=&programme=&starts_on=soon",
        )
        .await;
    let back = location(&headers);
    assert!(
        back.contains("error=bad_code,no_name,not_published,bad_date"),
        "{back}"
    );
    let (_, _, page) = app.get(&back, Some(&admin)).await;
    assert!(page.contains("value=\"soon\""), "{page}");

    // A trainer.
    let trainer = seed_id("user:trainer2");
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/trainers"),
            &admin,
            &format!("trainer={trainer}"),
        )
        .await;
    assert!(location(&headers).contains("trainers=1"));
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/trainers"),
            &admin,
            &format!("trainer={}", seed_id("user:learner")),
        )
        .await;
    assert!(
        location(&headers).contains("error=not_a_trainer"),
        "a learner is no trainer"
    );

    // A list with one stranger: nobody enrolled. Then the list as it should be.
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/enrol"),
            &admin,
            "usernames=learner%0Atrainer%0Anobody",
        )
        .await;
    let back = location(&headers);
    assert!(
        back.contains("error=not_a_learner") && back.contains("unknown=trainer%20nobody"),
        "{back}"
    );
    let count = |class: String| {
        let pool = app.pool.clone();
        async move {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE class_id = $1")
                    .bind(class)
                    .fetch_one(&pool)
                    .await
                    .expect("count");
            n
        }
    };
    assert_eq!(count(id.clone()).await, 0);
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/enrol"),
            &admin,
            "usernames=learner%2C+Learner",
        )
        .await;
    assert!(location(&headers).contains("enrolled=1"), "{headers:?}");
    assert_eq!(count(id.clone()).await, 1);

    // The learner finds it in My courses; the trainer on their classes.
    let learner = app.cookie_for("learner").await;
    let (_, _, courses) = app.get("/api/learn/courses", Some(&learner)).await;
    assert!(courses.contains("New class"), "{courses}");

    // Withdrawn: the enrolment ends, its dates are kept.
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/withdraw"),
            &admin,
            &format!("learner={}", seed_id("user:learner")),
        )
        .await;
    assert!(location(&headers).contains("withdrawn=1"));
    assert_eq!(count(id.clone()).await, 0);
    let (kept,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM class_withdrawals WHERE class_id = $1")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .expect("history");
    assert_eq!(kept, 1);
    let (_, _, page) = app.get(&format!("/admin/classes/{id}"), Some(&admin)).await;
    assert!(page.contains("id=\"withdrawn\""), "{page}");
    let (_, _, courses) = app.get("/api/learn/courses", Some(&learner)).await;
    assert!(!courses.contains("New class"), "{courses}");
}

#[tokio::test]
async fn only_the_institutes_admin_reaches_its_classes() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let id = open_class(&app, &admin, "SAFE-1").await;
    let learner = seed_id("user:learner");
    // Enrolled by their own admin, so a refused withdrawal is refused for who asks.
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/classes/{id}/enrol"),
            &admin,
            "usernames=learner",
        )
        .await;
    assert!(location(&headers).contains("enrolled=1"));
    let forms = [
        (
            "/admin/classes/new".to_owned(),
            format!(
                "code=EVIL-1&name_en=Evil&programme={}&starts_on=2027-01-11",
                seed_id("programme")
            ),
        ),
        (
            format!("/admin/classes/{id}/trainers"),
            format!("trainer={}", seed_id("user:trainer")),
        ),
        (
            format!("/admin/classes/{id}/enrol"),
            "usernames=learner".to_owned(),
        ),
        (
            format!("/admin/classes/{id}/withdraw"),
            format!("learner={learner}"),
        ),
    ];
    let state = || async {
        let (classes, enrolled, trainers, withdrawn): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM classes), (SELECT COUNT(*) FROM enrolments WHERE class_id = $1), \
                    (SELECT COUNT(*) FROM class_trainers WHERE class_id = $1), \
                    (SELECT COUNT(*) FROM class_withdrawals WHERE class_id = $1)",
        )
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .expect("state");
        (classes, enrolled, trainers, withdrawn)
    };
    let before = state().await;
    assert_eq!(before.1, 1, "the learner is enrolled");
    for role in ["learner", "trainer", "assessor", "curriculum"] {
        let cookie = app.cookie_for(role).await;
        for (form, body) in &forms {
            let (status, _, _) = app.post_form_as(form, &cookie, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {form}");
        }
        for api in [
            "/api/admin/classes".to_owned(),
            format!("/api/admin/class?id={id}"),
        ] {
            let (status, _, _) = app.get(&api, Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {api}");
        }
        let (_, _, html) = app
            .get(&format!("/admin/classes/{id}"), Some(&cookie))
            .await;
        assert!(!html.contains("id=\"class-title\""), "{role}");
    }
    let theirs = app.cookie_in_another_institute("admin").await;
    for (form, body) in forms.iter().skip(1) {
        let (status, _, _) = app.post_form_as(form, &theirs, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{form}");
    }
    // Not even with our programme: a class only of their own published versions.
    let (_, headers, _) = app.post_form_as(&forms[0].0, &theirs, &forms[0].1).await;
    assert!(
        location(&headers).contains("error=not_published"),
        "{headers:?}"
    );
    let (status, _, _) = app
        .get(&format!("/api/admin/class?id={id}"), Some(&theirs))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, json) = app.get("/api/admin/classes", Some(&theirs)).await;
    assert!(!json.contains("SAFE-1"), "{json}");
    for (form, body) in &forms {
        let (status, headers, _) = app.post_form(form, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{form}");
        assert!(location(&headers).starts_with("/login"));
        let request = Request::post(form.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &admin)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{form}");
    }
    assert!(state().await == before, "nothing changed");
}

async fn enrolled(app: &TestApp, class: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.username FROM enrolments e JOIN users u ON u.id = e.learner_id WHERE e.class_id = $1 ORDER BY u.username",
    )
    .bind(class)
    .fetch_all(&app.pool)
    .await
    .expect("enrolments");
    rows.into_iter().map(|(u,)| u).collect()
}

/// Enrolling from a spreadsheet: a CSV's and an `.xlsx`'s `username` column enrol all
/// or none; a file naming someone who is not a learner here, one without the column and
/// one that is not a spreadsheet enrol nobody and say why; no other role, institute or
/// site enrols anyone.
#[tokio::test]
async fn a_class_enrols_from_a_spreadsheet_all_or_none() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let id = open_class(&app, &admin, "EI-2027-F").await;
    let path = format!("/admin/classes/{id}/enrol-file");
    let page = format!("/admin/classes/{id}");

    let csv =
        "\u{feff}name_km,name_en,username\r\nសុខ ចាន់ណា,Sok Channa,learner01\r\n,,Learner02\r\n";
    let (status, headers, _) = app
        .send(upload(&path, "class.csv", csv.as_bytes(), Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), format!("{page}?enrolled=2#learners"));
    assert_eq!(enrolled(&app, &id).await, ["learner01", "learner02"]);

    let xlsx = std::fs::read(format!(
        "{}/tests/fixtures/enrol-usernames.xlsx",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let (_, headers, _) = app
        .send(upload(&path, "class.xlsx", &xlsx, Some(&admin)))
        .await;
    assert_eq!(location(&headers), format!("{page}?enrolled=2#learners"));
    assert_eq!(
        enrolled(&app, &id).await,
        ["learner01", "learner02", "learner04", "learner05"]
    );
    // The same file again: nobody new.
    let (_, headers, _) = app
        .send(upload(&path, "class.xlsx", &xlsx, Some(&admin)))
        .await;
    assert_eq!(location(&headers), format!("{page}?enrolled=0#learners"));

    let before = enrolled(&app, &id).await;
    for (name, bytes, reason) in [
        (
            "class.csv",
            b"username\nlearner06\nnobody.here\ntrainer\n".to_vec(),
            "error=not_a_learner&unknown=nobody.here%20trainer#enrol-file",
        ),
        (
            "class.csv",
            b"name_en,phone\nSok,012\n".to_vec(),
            "error=no_username_column#enrol-file",
        ),
        (
            "class.csv",
            b"name_en,username\nSok,learner06\nChan,\n,\nMao, \n".to_vec(),
            "error=no_username_in_row&rows=3,5#enrol-file",
        ),
        (
            "class.csv",
            vec![0xff, 0xfe, 0x00, 0x41],
            "error=unreadable_file#enrol-file",
        ),
        (
            "class.xlsx",
            b"PK not really a workbook".to_vec(),
            "error=unreadable_file#enrol-file",
        ),
        ("class.csv", Vec::new(), "error=bad_list#enrol-file"),
    ] {
        let (status, headers, _) = app.send(upload(&path, name, &bytes, Some(&admin))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let back = location(&headers);
        assert!(back.ends_with(reason), "{back}");
        let (_, _, html) = app.get(&back, Some(&admin)).await;
        assert!(html.contains("id=\"class-error\""), "{html}");
        if reason.contains("rows=") {
            assert!(html.contains("Rows without a username: 3, 5"), "{html}");
        }
    }
    assert_eq!(enrolled(&app, &id).await, before, "nobody more");

    let file = b"username\nlearner07\n";
    for role in ["learner", "trainer", "assessor", "curriculum"] {
        let cookie = app.cookie_for(role).await;
        let (status, _, _) = app
            .send(upload(&path, "class.csv", file, Some(&cookie)))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let theirs = app.cookie_in_another_institute("admin").await;
    let (status, _, _) = app
        .send(upload(&path, "class.csv", file, Some(&theirs)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, _) = app.send(upload(&path, "class.csv", file, None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).starts_with("/login"));
    let mut cross = upload(&path, "class.csv", file, Some(&admin));
    cross.headers_mut().insert(
        header::ORIGIN,
        "https://evil.example".parse().expect("origin"),
    );
    cross
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().expect("site"));
    let (status, _, _) = app.send(cross).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(enrolled(&app, &id).await, before, "nobody more");
}
