//! The sync endpoints through the real router and a real database.

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::{json, Value};

async fn lesson_ids(pool: &sqlx::AnyPool) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM lessons ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("lessons");
    rows.into_iter().map(|(id,)| id).collect()
}

fn record(n: u128, lesson: &str) -> Value {
    json!({
        "id": uuid::Uuid::from_u128(n).to_string(),
        "seq": n as u64,
        "at": "2026-11-30T08:00:00Z",
        "kind": "lesson_done",
        "data": { "lesson": lesson },
    })
}

fn batch(records: Vec<Value>) -> String {
    json!({ "protocol": 1, "device": uuid::Uuid::from_u128(99).to_string(), "records": records })
        .to_string()
}

const PUSH: &str = "/api/sync/v1/push";

#[tokio::test]
async fn push_applies_once_and_answers_per_record() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let lessons = lesson_ids(&app.pool).await;
    let body = batch(vec![
        record(1, &lessons[0]),
        record(2, &lessons[1]),
        record(1, &lessons[0]),
        record(3, "0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"),
    ]);

    let (status, _, text) = app.post_json(PUSH, Some(&learner), body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: Value = serde_json::from_str(&text).expect("json");
    let statuses: Vec<&str> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses, ["accepted", "accepted", "duplicate", "rejected"]);
    assert_eq!(answer["results"][3]["reason"], "unknown_lesson");

    // The same batch again (say the answer was lost): nothing doubles.
    let (status, _, text) = app.post_json(PUSH, Some(&learner), body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.contains("accepted"), "{text}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM lesson_progress")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(n, 2);

    let (status, _, text) = app.get("/api/sync/v1/pull?cursor=0", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    let pulled: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(pulled["records"].as_array().map(Vec::len), Some(2));
    assert_eq!(pulled["more"], false);
}

#[tokio::test]
async fn only_a_signed_in_learner_may_push() {
    let app = app().await;
    let lessons = lesson_ids(&app.pool).await;
    let body = batch(vec![record(1, &lessons[0])]);
    let (status, _, text) = app.post_json(PUSH, None, body.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("\"error\":\"unauthenticated\""), "{text}");
    // A trainer may push, but not a learner's progress: refused record by record.
    let trainer = app.cookie_for("trainer").await;
    let (status, _, text) = app.post_json(PUSH, Some(&trainer), body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"reason\":\"not_allowed\""), "{text}");
    // Other roles may not sync at all.
    let assessor = app.cookie_for("assessor").await;
    let (status, _, _) = app.post_json(PUSH, Some(&assessor), body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sync_records WHERE kind <> 'attendance_mark'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(n, 0, "nothing applied");
}

#[tokio::test]
async fn a_gzip_compressed_batch_is_read_like_a_plain_one() {
    use std::io::Write;
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let lessons = lesson_ids(&app.pool).await;
    let body = batch(vec![record(1, &lessons[0]), record(2, &lessons[1])]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(body.as_bytes()).expect("gzip");
    let compressed = gz.finish().expect("gzip");
    assert!(compressed.len() < body.len());
    let (status, _, text) = app.post_gzip_json(PUSH, &learner, compressed).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text.matches("accepted").count(), 2, "{text}");

    // A compressed bomb is refused by the decompressed size.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(" ".repeat(2 * 1024 * 1024).as_bytes())
        .expect("gzip");
    let bomb = gz.finish().expect("gzip");
    let (status, _, _) = app.post_gzip_json(PUSH, &learner, bomb).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn oversize_and_malformed_batches_are_refused_whole() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let lessons = lesson_ids(&app.pool).await;

    let too_many = batch((1..=201).map(|n| record(n, &lessons[0])).collect());
    let (status, _, text) = app.post_json(PUSH, Some(&learner), too_many).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    assert!(text.contains("batch_too_large"));

    let huge = batch(vec![json!({ "padding": "x".repeat(300 * 1024) })]);
    let (status, _, text) = app.post_json(PUSH, Some(&learner), huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");

    let (status, _, text) = app
        .post_json(PUSH, Some(&learner), "{not json".into())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("malformed"));

    let future = json!({ "protocol": 3, "device": uuid::Uuid::nil().to_string(), "records": [] })
        .to_string();
    let (status, _, text) = app.post_json(PUSH, Some(&learner), future).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("unsupported_protocol"));

    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sync_records WHERE kind <> 'attendance_mark'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(n, 0, "nothing applied");
}

#[tokio::test]
async fn synced_records_show_on_my_progress() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let (hazards,): (String,) =
        sqlx::query_as("SELECT id FROM lessons WHERE title_en = 'Electrical hazards at work'")
            .fetch_one(&app.pool)
            .await
            .expect("lesson");
    let attempt = json!({
        "id": uuid::Uuid::from_u128(2).to_string(), "seq": 2, "at": "2026-11-30T08:05:00Z",
        "kind": "check_attempt", "data": { "lesson": hazards, "answers": [[1], [0]], "score": 1, "max": 2 },
    });
    let (status, _, _) = app
        .post_json(
            PUSH,
            Some(&learner),
            batch(vec![record(1, &hazards), attempt]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let class = store::seed::seed_id("class:EI-2026-A");
    let (status, _, page) = app
        .get(&format!("/learn/progress/{class}"), Some(&learner))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("10% of activities done"),
        "1 of 10 activities"
    );
    assert_eq!(
        page.matches("data-covered=\"true\"").count(),
        2,
        "U1.1.1 and U1.1.2"
    );
    assert_eq!(page.matches("data-covered=\"false\"").count(), 8);
    assert!(page.contains(">1/2<"), "best score shown");
    let (_, _, home) = app.get("/learn", Some(&learner)).await;
    assert!(home.contains("10% of activities done"));
}
