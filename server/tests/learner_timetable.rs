//! The learner's timetable through the real router: the face-to-face and workplace
//! sessions of the next four weeks of the learner's own classes, soonest first, none
//! online and none cancelled — a session the admin cancels leaves it; only learners read
//! it, and a learner of another institute sees none of ours even when wrongly enrolled.

mod common;

use axum::http::StatusCode;
use common::{app, location};
use domain::DeliveryMode;
use store::seed::seed_id;
use wire::learn::LearnerTimetable;

/// What the database holds for the demo class in the timetable's range, counted apart
/// from the store's query.
async fn expected(pool: &sqlx::AnyPool, class: &str, days: u32) -> i64 {
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM class_sessions s JOIN learning_activities a ON a.id = s.activity_id \
         WHERE s.class_id = $1 AND s.cancelled_at IS NULL AND s.starts_at >= $2 AND s.starts_at < $3 \
           AND a.delivery_mode <> 'online_live' AND a.delivery_mode <> 'online_self_paced'",
    )
    .bind(class)
    .bind(store::day_start(today))
    .bind(store::day_start(today.add_days(i64::from(days))))
    .fetch_one(pool)
    .await
    .expect("count");
    n
}

async fn timetable(app: &common::TestApp, cookie: &str) -> LearnerTimetable {
    let (status, _, body) = app.get("/api/learn/timetable", Some(cookie)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("a timetable")
}

#[tokio::test]
async fn a_learner_sees_the_sessions_to_come_and_not_a_cancelled_one() {
    let app = app().await;
    let class = seed_id("class:EI-2026-A");
    let learner = app.cookie_for("learner").await;

    // Sessions at the edges of the window: the last second of yesterday and the first of
    // today (Cambodia's midnight is 17:00 UTC), the last minute before the 28th day after
    // today and its first.
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let midnight = |d: domain::calendar::Date| {
        chrono::DateTime::parse_from_rfc3339(&format!("{d}T00:00:00+07:00"))
            .expect("midnight")
            .with_timezone(&chrono::Utc)
    };
    let edges = [
        (
            "edge:yesterday",
            midnight(today) - chrono::Duration::seconds(1),
            false,
        ),
        ("edge:today", midnight(today), true),
        (
            "edge:last",
            midnight(today.add_days(28)) - chrono::Duration::seconds(60),
            true,
        ),
        ("edge:after", midnight(today.add_days(28)), false),
    ];
    for (name, at, _) in &edges {
        sqlx::query(
            "INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en) \
             VALUES ($1, $2, $3, $4, $5, 'គែម', 'Edge')",
        )
        .bind(seed_id(name))
        .bind(&class)
        .bind(seed_id("activity:1.3"))
        .bind(store::timestamp(*at))
        .bind(store::timestamp(*at + chrono::Duration::seconds(30)))
        .execute(&app.pool)
        .await
        .expect("an edge session");
    }

    let mine = timetable(&app, &learner).await;
    for (name, _, shown) in &edges {
        assert_eq!(
            mine.sessions
                .iter()
                .any(|s| s.id.to_string() == seed_id(name)),
            *shown,
            "{name}"
        );
    }
    assert_eq!(mine.days, 28);
    assert!(!mine.sessions.is_empty(), "the seed plans two weeks");
    assert_eq!(
        i64::try_from(mine.sessions.len()).expect("len"),
        expected(&app.pool, &class, mine.days).await
    );
    assert!(mine
        .sessions
        .iter()
        .all(|s| matches!(s.mode, DeliveryMode::FaceToFace | DeliveryMode::Workplace)));
    assert!(
        mine.sessions
            .iter()
            .any(|s| s.mode == DeliveryMode::Workplace),
        "the seed's Friday at the workplace"
    );
    assert!(mine
        .sessions
        .windows(2)
        .all(|w| (w[0].date, w[0].start) <= (w[1].date, w[1].start)));

    // The page a phone keeps: every session as a list item, in English here.
    let (status, _, page) = app.get("/learn/timetable", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page.matches("data-session=").count(),
        mine.sessions.len(),
        "{page}"
    );
    assert!(page.contains("My timetable"));
    let (_, _, home) = app.get("/learn", Some(&learner)).await;
    assert!(
        home.contains("href=\"/learn/timetable\"") && home.contains("data-keep"),
        "My courses keeps the timetable for offline use"
    );

    // The admin cancels the first: it leaves the learner's timetable.
    let first = mine.sessions[0].id.to_string();
    let admin = app.cookie_for("admin").await;
    let path = format!("/admin/classes/{class}/timetable/{first}");
    let (_, headers, _) = app
        .post_form_as(&format!("{path}/cancelled"), &admin, "cancelled=1")
        .await;
    assert_eq!(location(&headers), format!("{path}?cancelled=1"));
    let after = timetable(&app, &learner).await;
    assert_eq!(after.sessions.len(), mine.sessions.len() - 1);
    assert!(after.sessions.iter().all(|s| s.id.to_string() != first));

    // Only learners.
    for role in ["trainer", "assessor", "curriculum", "admin"] {
        let cookie = app.cookie_for(role).await;
        let (status, _, _) = app.get("/api/learn/timetable", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let (status, _, html) = app.get("/learn/timetable", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        assert!(!html.contains("id=\"timetable\""), "{role}");
    }
    let (status, _, _) = app.get("/api/learn/timetable", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A learner of another institute, even enrolled in our class by a wrong row, sees
    // none of our sessions.
    let other = app.cookie_in_another_institute("learner").await;
    let stranger: (String,) =
        sqlx::query_as("SELECT id FROM users WHERE username LIKE 'other-learner-%'")
            .fetch_one(&app.pool)
            .await
            .expect("the other learner");
    sqlx::query("INSERT INTO enrolments (class_id, learner_id, enrolled_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')")
        .bind(&class)
        .bind(&stranger.0)
        .execute(&app.pool)
        .await
        .expect("a wrong enrolment");
    assert!(timetable(&app, &other).await.sessions.is_empty());
}
