//! The real router against a real (temporary, migrated, seeded) SQLite database,
//! driven without a socket.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::app;
use store::{auth_sessions, seed};

#[tokio::test]
async fn health_and_service_worker() {
    let app = app().await;
    let (status, _, body) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(env!("CARGO_PKG_VERSION")), "{body}");

    let (status, headers, body) = app.get("/sw.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or("")
        .starts_with("text/javascript"));
    assert!(
        body.contains("const PRECACHE = [") && body.contains("\"/offline\""),
        "{body}"
    );
    assert!(body.contains(&format!("const BUILD = \"{}", env!("CARGO_PKG_VERSION"))));

    // A database that no longer answers: /healthz says so (a load balancer then sends
    // requests elsewhere).
    app.state.health.close().await;
    let (status, _, body) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_lands_on_the_role_home() {
    let app = app().await;
    for (user, home) in [
        ("learner", "/learn"),
        ("trainer", "/teach"),
        ("assessor", "/assess"),
        ("curriculum", "/curriculum"),
        ("admin", "/admin"),
    ] {
        let (status, headers, _) = app
            .post_form("/login", &format!("username={user}&password=sala-demo"))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{user}");
        assert_eq!(headers[header::LOCATION], home);
        let cookie = headers[header::SET_COOKIE].to_str().expect("ascii");
        assert!(
            cookie.starts_with("sala_session=")
                && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
}

#[tokio::test]
async fn wrong_or_missing_credentials_go_back_with_a_reason() {
    let app = app().await;
    let (status, headers, _) = app
        .post_form("/login", "username=learner&password=nope")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/login?error=credentials&user=learner"
    );
    assert!(!headers.contains_key(header::SET_COOKIE));

    let (_, headers, _) = app.post_form("/login", "username=learner").await;
    assert_eq!(
        headers[header::LOCATION],
        "/login?error=missing&user=learner"
    );

    // An unknown user fails the same way as a wrong password.
    let (_, headers, _) = app
        .post_form("/login", "username=nobody&password=sala-demo")
        .await;
    assert_eq!(
        headers[header::LOCATION],
        "/login?error=credentials&user=nobody"
    );

    // A body that is not a form is refused with a 4xx, not a panic.
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let (status, _, _) = app.send(request).await;
    assert!(status.is_client_error(), "{status}");
}

#[tokio::test]
async fn repeated_failures_are_rate_limited() {
    let app = app().await;
    for _ in 0..domain::sign_in::MAX_PER_USERNAME {
        app.post_form("/login", "username=trainer&password=wrong")
            .await;
    }
    let (_, headers, _) = app
        .post_form("/login", "username=trainer&password=sala-demo")
        .await;
    let location = headers[header::LOCATION].to_str().expect("ascii");
    assert!(
        location.starts_with("/login?error=rate_limited&wait="),
        "{location}"
    );
}

#[tokio::test]
async fn server_functions_check_session_role_and_arguments() {
    let app = app().await;
    let trainer = app.cookie_for("trainer").await;
    let learner = app.cookie_for("learner").await;

    let (status, _, body) = app.get("/api/teach/agenda?days=7", Some(&trainer)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let agenda: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(
        agenda["sessions"]
            .as_array()
            .map(|s| !s.is_empty())
            .unwrap_or(false),
        "{body}"
    );
    assert_eq!(agenda["sessions"][0]["learners"], 40);

    let (status, _, body) = app.get("/api/teach/agenda?days=7", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, _) = app.get("/api/teach/agenda?days=7", Some(&learner)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = app.get("/api/teach/agenda?days=99", Some(&trainer)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("days"), "{body}");
    let (status, _, body) = app.get("/api/teach/agenda?days=abc", Some(&trainer)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _, _) = app.get("/api/teach/agenda", Some(&trainer)).await;
    assert!(status.is_client_error(), "{status}");

    let (status, _, body) = app.get("/api/learn/courses", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Electrical Installation"), "{body}");
    let (status, _, _) = app.get("/api/learn/courses", Some(&trainer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A forged or expired token is nobody.
    let (status, _, _) = app
        .get("/api/learn/courses", Some("sala_session=forged"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_institutes_staff_see_nothing_of_ours() {
    let app = app().await;
    let other_institute = uuid::Uuid::now_v7().to_string();
    let other_trainer = uuid::Uuid::now_v7();
    sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'OTHER', 'ផ្សេង', 'Other', '2026-01-01T00:00:00Z')")
        .bind(&other_institute)
        .execute(&app.pool)
        .await
        .expect("institute");
    sqlx::query("INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) VALUES ($1, $2, 'other-trainer', 'ក', 'K', 'trainer', '2026-01-01T00:00:00Z')")
        .bind(other_trainer.to_string())
        .bind(&other_institute)
        .execute(&app.pool)
        .await
        .expect("user");
    // Even if that trainer were (wrongly) linked to our class, the institute check holds.
    sqlx::query("INSERT INTO class_trainers (class_id, user_id) VALUES ($1, $2)")
        .bind(seed::seed_id("class:EI-2026-A"))
        .bind(other_trainer.to_string())
        .execute(&app.pool)
        .await
        .expect("link");
    let token = auth_sessions::create(&app.pool, domain::UserId(other_trainer), "test")
        .await
        .expect("session");
    let (status, _, body) = app
        .get(
            "/api/teach/agenda?days=14",
            Some(&format!("sala_session={}", token.0)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let agenda: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        agenda["sessions"].as_array().map(Vec::len),
        Some(0),
        "{body}"
    );
}

#[tokio::test]
async fn pages_render_translated_with_the_right_status() {
    let app = app().await;
    let (status, _, body) = app.get("/no/such/page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body.contains("Page not found") && body.contains("<html lang=\"en\""),
        "{body}"
    );

    let (status, headers, body) = app.get("/no/such/page", Some("sala_lang=km")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_LANGUAGE], "km");
    assert!(body.contains("រកមិនឃើញទំព័រ") && body.contains("<html lang=\"km\""));

    let (status, headers, _) = app.get("/learn", None).await;
    assert_eq!(status, StatusCode::FOUND, "signed out: sent to sign in");
    assert_eq!(headers[header::LOCATION], "/login?next=%2Flearn");

    let learner = app.cookie_for("learner").await;
    let (status, headers, body) = app.get("/learn", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("My courses")
            && body.contains("Electrical Installation (blended)")
            && body.contains("Sok Channa")
    );
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-cache");

    let (status, _, body) = app.get("/teach", Some(&learner)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Your role does not give access"));

    let (status, _, body) = app.get("/", Some(&learner)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the start page shows the role's home in place"
    );
    assert!(body.contains("My courses"));
}

#[tokio::test]
async fn what_users_type_is_escaped() {
    let app = app().await;
    let (status, _, body) = app
        .get(
            "/login?error=credentials&user=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<script>alert(1)"), "raw script in page");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped value missing"
    );
    assert!(body.contains("do not match"));
}

#[tokio::test]
async fn language_choice_is_a_cookie_and_redirects_only_locally() {
    let app = app().await;
    let (status, headers, _) = app.post_form("/lang", "lang=km&back=%2Fteach").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/teach");
    assert!(headers[header::SET_COOKIE]
        .to_str()
        .unwrap_or("")
        .starts_with("sala_lang=km;"));
    let (_, headers, _) = app
        .post_form("/lang", "lang=en&back=%2F%2Fevil.example")
        .await;
    assert_eq!(headers[header::LOCATION], "/");
    let (status, _, _) = app.post_form("/lang", "lang=fr&back=%2F").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = app().await;
    let cookie = app.cookie_for("admin").await;
    let request = Request::post("/logout")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::SET_COOKIE]
        .to_str()
        .unwrap_or("")
        .contains("Max-Age=0"));
    let (status, _, _) = app.get("/api/me", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, body) = app.get("/api/me", Some(&cookie)).await;
    assert_eq!(body, "null", "the old cookie no longer signs anyone in");
}

#[tokio::test]
async fn learners_open_their_course_and_read_lessons() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let class = seed::seed_id("class:EI-2026-A");
    let (status, _, body) = app
        .get(&format!("/learn/course/{class}"), Some(&learner))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for text in [
        "Module 1: Safety first",
        "Module 2: Domestic wiring",
        "Read the lesson",
        "Workshop: practise safe isolation",
        "45 min",
        "Not done yet",
    ] {
        assert!(body.contains(text), "missing {text}");
    }

    let (lesson,): (String,) = sqlx::query_as(
        "SELECT id FROM lessons WHERE title_en = 'Safe isolation: lock out, tag out'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("lesson");
    let (status, _, body) = app
        .get(&format!("/learn/lesson/{lesson}"), Some(&learner))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<h2>The principle</h2>") && body.contains("<ol>"),
        "Markdown rendered"
    );
    assert!(
        body.contains("Electrical hazards at work")
            && body.contains("Personal protective equipment"),
        "previous and next"
    );
    assert!(
        body.contains("Check what you learned") && body.contains("Who may remove the lock?"),
        "knowledge check"
    );
    let (_, _, khmer) = app
        .get(
            &format!("/learn/lesson/{lesson}"),
            Some(&format!("{learner}; sala_lang=km")),
        )
        .await;
    assert!(khmer.contains("<h2>គោលការណ៍</h2>"));

    // Not a course or lesson of this learner, or not an id at all: 404; other roles: 403.
    let (status, _, _) = app
        .get(
            &format!("/learn/course/{}", uuid::Uuid::now_v7()),
            Some(&learner),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.get("/learn/lesson/not-a-uuid", Some(&learner)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let trainer = app.cookie_for("trainer").await;
    let (status, _, _) = app
        .get(&format!("/learn/lesson/{lesson}"), Some(&trainer))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .get("/api/learn/lesson?id=garbage", Some(&learner))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_service_worker_can_ask_for_a_page_in_either_language() {
    let app = app().await;
    let request = Request::get("/login")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, "sala_lang=en")
        .header("x-sala-lang", "km")
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_LANGUAGE], "km");
    assert!(body.contains("<html lang=\"km\"") && body.contains("ចូលប្រើសាលា"));
}

#[tokio::test]
async fn class_attendance_exports_csv_that_parses_back_with_khmer_names() {
    let app = app().await;
    let trainer = app.cookie_for("trainer").await;
    let (class,): (String,) = sqlx::query_as("SELECT id FROM classes LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .expect("class");
    let url = format!("/teach/class/{class}/attendance.csv");

    let (status, headers, text) = app.get(&url, Some(&trainer)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        text.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheet programs"
    );
    let rows: Vec<Vec<&str>> = text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 1 + 40, "a header and one row per learner");
    let channa = rows
        .iter()
        .find(|r| r[1] == "Sok Channa")
        .expect("the learner's row");
    assert_eq!(channa[0], "សុខ ចាន់ណា", "Khmer names intact");
    assert_eq!(rows[0].len(), channa.len());
    // The demo's often-absent learner is flagged at risk; most are not.
    let vanna = rows.iter().find(|r| r[1] == "Ly Vanna").expect("row");
    assert_eq!(vanna.last(), Some(&"1"), "{vanna:?}");
    assert!(
        rows.iter()
            .skip(1)
            .filter(|r| r.last() == Some(&"0"))
            .count()
            > 30
    );

    // Only a trainer of the class.
    let learner = app.cookie_for("learner").await;
    let (status, _, _) = app.get(&url, Some(&learner)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app.get(&url, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app
        .get(
            "/teach/class/00000000-0000-0000-0000-000000000000/attendance.csv",
            Some(&trainer),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_sets_the_statuses_and_threshold_and_bad_input_changes_nothing() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let rows = |late_points: &str| {
        format!(
            "code_0=present&km_0=%E1%9E%98%E1%9E%80&en_0=Present&points_0=100&counts_0=on\
             &code_1=late&km_1=%E1%9E%99%E1%9E%BA%E1%9E%8F&en_1=Late&points_1={late_points}&counts_1=on&late_1=on\
             &code_2=absent&km_2=%E1%9E%A2&en_2=Absent&points_2=0&counts_2=on\
             &code_3=excused&km_3=%E1%9E%98&en_3=Excused&points_3=0\
             &code_4=field_trip&km_4=%E1%9E%91&en_4=Field+trip&points_4=100&counts_4=on\
             &code_5=&km_5=&en_5=&points_5=&threshold=70"
        )
    };
    let (status, headers, _) = app
        .post_form_as("/admin/attendance", &admin, &rows("50"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/admin/attendance?saved=1");
    let saved = || async {
        let list: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT code, points, counts FROM attendance_statuses ORDER BY position",
        )
        .fetch_all(&app.pool)
        .await
        .expect("statuses");
        let (threshold,): (i64,) = sqlx::query_as("SELECT attendance_threshold FROM institutes")
            .fetch_one(&app.pool)
            .await
            .expect("threshold");
        (list, threshold)
    };
    let (list, threshold) = saved().await;
    assert_eq!(list.len(), 5);
    assert_eq!(list[1], ("late".into(), 50, 1));
    assert_eq!(list[3], ("excused".into(), 0, 0));
    assert_eq!(threshold, 70);

    // Out of range: a translated reason, and nothing changed.
    let (status, headers, _) = app
        .post_form_as("/admin/attendance", &admin, &rows("150"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/admin/attendance?error=bad_points"
    );
    assert_eq!(saved().await, (list, 70));
    let (status, _, page) = app
        .get("/admin/attendance?error=bad_points", Some(&admin))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Points must be a whole number from 0 to 100."),
        "{page}"
    );

    // Only an admin.
    let trainer = app.cookie_for("trainer").await;
    let (status, _, _) = app
        .post_form_as("/admin/attendance", &trainer, &rows("10"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app.get("/admin/attendance", Some(&trainer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_check_in_page_and_key_go_only_to_their_people() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let trainer = app.cookie_for("trainer").await;
    // A learner's check-in page lists today's session(s); the page is the same for any
    // query (the island reads a scanned code on the device).
    let (status, _, body) = app.get("/check-in?s=x&c=1", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("id=\"check-in-form\""), "{body}");
    assert!(body.contains("<option value=\""), "{body}");
    let (status, _, _) = app
        .get("/api/learn/check-in-sessions", Some(&trainer))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app.get("/api/learn/check-in-sessions", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The session's code key is on its trainer's roll call, never on a learner's page,
    // and only around the session's own time: a session in two hours has one, one that
    // ended this morning has none.
    let now = chrono_like_now();
    let at = |secs: i64| store::timestamp(chrono::DateTime::from_timestamp(secs, 0).expect("time"));
    let session = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en) \
         SELECT $1, class_id, activity_id, $2, $3, place_km, place_en FROM class_sessions LIMIT 1",
    )
    .bind(&session)
    .bind(at(now + 7200))
    .bind(at(now + 3 * 3600))
    .execute(&app.pool)
    .await
    .expect("a session soon");
    let ended = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en) \
         SELECT $1, class_id, activity_id, $2, $3, place_km, place_en FROM class_sessions LIMIT 1",
    )
    .bind(&ended)
    .bind(at(now - 5 * 3600))
    .bind(at(now - 3 * 3600))
    .execute(&app.pool)
    .await
    .expect("a session that ended");
    let (_, _, body) = app
        .get(&format!("/api/teach/roll-call?id={ended}"), Some(&trainer))
        .await;
    let view: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        view["roll_call"]["check_in_key"], "",
        "no key once the session is over"
    );
    let (status, _, body) = app
        .get(
            &format!("/api/teach/roll-call?id={session}"),
            Some(&trainer),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).expect("json");
    let key = view["roll_call"]["check_in_key"]
        .as_str()
        .expect("key")
        .to_owned();
    assert_eq!(key.len(), 64);
    let (status, _, _) = app
        .get(
            &format!("/api/teach/roll-call?id={session}"),
            Some(&learner),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, page) = app.get("/check-in", Some(&learner)).await;
    assert!(!page.contains(&key));
}

#[tokio::test]
async fn signing_in_returns_to_the_page_that_asked_and_nowhere_else() {
    let app = app().await;
    // A scanned check-in link opened while signed out: to sign in, then back there.
    let (status, headers, _) = app.get("/check-in?s=abc&c=123456", None).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(
        headers[header::LOCATION],
        "/login?next=%2Fcheck-in%3Fs%3Dabc%26c%3D123456"
    );
    let (_, _, page) = app
        .get("/login?next=%2Fcheck-in%3Fs%3Dabc%26c%3D123456", None)
        .await;
    assert!(
        page.contains(r#"name="next" value="/check-in?s=abc&amp;c=123456""#),
        "{page}"
    );
    let next = "%2Fcheck-in%3Fs%3Dabc%26c%3D123456";
    let (status, headers, _) = app
        .post_form(
            "/login",
            &format!("username=learner&password=sala-demo&next={next}"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/check-in?s=abc&c=123456");
    // A wrong password keeps it for the next try.
    let (_, headers, _) = app
        .post_form(
            "/login",
            &format!("username=learner&password=no&next={next}"),
        )
        .await;
    let location = headers[header::LOCATION].to_str().expect("ascii");
    assert!(location.ends_with(&format!("&next={next}")), "{location}");
    // Not another role's page (a shared phone's next person), never another site, never
    // back to sign-in.
    let (_, headers, _) = app
        .post_form(
            "/login",
            &format!("username=trainer&password=sala-demo&next={next}"),
        )
        .await;
    assert_eq!(headers[header::LOCATION], "/teach");
    for evil in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%2Flogin",
    ] {
        let (_, headers, _) = app
            .post_form(
                "/login",
                &format!("username=learner&password=sala-demo&next={evil}"),
            )
            .await;
        assert_eq!(headers[header::LOCATION], "/learn", "{evil}");
    }
}

fn chrono_like_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
