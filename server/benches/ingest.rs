//! Sync ingest throughput: 20,000 records in batches of 200 from ten learners (each within
//! the daily allowance) pushed to the real router over a loopback socket into a fresh
//! SQLite file (WAL, synchronous=FULL).
//! Run: `cargo bench -p sala --bench ingest`. It prints the rate and fails below the
//! floor the learner-sync issue sets (20,000 records/s).

#![allow(clippy::print_stdout)] // a benchmark reports on stdout

use server::config::Config;
use std::time::Instant;
use store::{auth_sessions, seed};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BATCH: usize = 200;
const BATCHES: usize = 100;
const FLOOR_RECORDS_PER_SECOND: f64 = 20_000.0;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(format!("sqlite://{}/bench.db", dir.path().display())),
        "LEPTOS_SITE_ROOT" => Some(dir.path().display().to_string()),
        _ => None,
    })
    .expect("config");
    let pool = store::db::open(&config.database_url).await.expect("open");
    seed::demo(
        &pool,
        domain::calendar::Date::parse("2026-11-30").expect("date"),
    )
    .await
    .expect("seed");
    let mut tokens = Vec::new();
    for name in ["learner".to_owned()]
        .into_iter()
        .chain((1..10).map(|i| format!("learner{i:02}")))
    {
        let learner = seed::seed_id(&format!("user:{name}")).parse().expect("id");
        let token = auth_sessions::create(&pool, learner, "bench")
            .await
            .expect("session")
            .0;
        tokens.push(token);
    }
    let lessons: Vec<(String,)> = sqlx::query_as("SELECT id FROM lessons")
        .fetch_all(&pool)
        .await
        .expect("lessons");

    let router = server::routes::router(server::state(&config, pool.clone()), &config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });

    let bodies: Vec<String> = (0..BATCHES)
        .map(|b| {
            let records: Vec<serde_json::Value> = (0..BATCH)
                .map(|i| {
                    let n = (b * BATCH + i) as u64 + 1;
                    let lesson = &lessons[(n as usize) % lessons.len()].0;
                    let id = uuid::Uuid::now_v7().to_string();
                    let at = format!("2026-11-30T{:02}:{:02}:00Z", (n / 60) % 24, n % 60);
                    match n % 3 {
                        0 => serde_json::json!({"id": id, "seq": n, "at": at, "kind": "lesson_done", "data": {"lesson": lesson}}),
                        1 => serde_json::json!({"id": id, "seq": n, "at": at, "kind": "check_attempt",
                              "data": {"lesson": lesson, "answers": [[1], [0], [2, 0, 1, 3]], "score": 2, "max": 3}}),
                        _ => serde_json::json!({"id": id, "seq": n, "at": at, "kind": "time_spent", "data": {"lesson": lesson, "seconds": 90}}),
                    }
                })
                .collect();
            serde_json::json!({"protocol": 2, "device": uuid::Uuid::now_v7().to_string(), "records": records}).to_string()
        })
        .collect();
    let bytes: usize = bodies.iter().map(String::len).sum();

    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    for (b, body) in bodies.iter().enumerate() {
        let token = &tokens[b % tokens.len()];
        let request = format!(
            "POST /api/sync/v1/push HTTP/1.1\r\nHost: bench\r\nCookie: sala_session={token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let answer = read_response(&mut stream).await;
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "{}",
            &answer[..answer.len().min(300)]
        );
        assert_eq!(answer.matches("\"accepted\"").count(), BATCH);
    }
    let elapsed = started.elapsed();
    let total = BATCH * BATCHES;
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sync_records WHERE kind <> 'attendance_mark'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(stored as usize, total);
    println!(
        "ingest: {total} records in {BATCHES} batches of {BATCH} over loopback HTTP in {:.2} s = {:.0} records/s ({:.1} KB per batch)",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        bytes as f64 / BATCHES as f64 / 1024.0
    );
    let rate = total as f64 / elapsed.as_secs_f64();
    if rate < FLOOR_RECORDS_PER_SECOND {
        eprintln!("ingest is below the floor of {FLOOR_RECORDS_PER_SECOND} records/s");
        std::process::exit(1);
    }
}

/// Reads one HTTP/1.1 response with a Content-Length (what axum sends for JSON).
async fn read_response(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return text.into_owned();
            }
        }
    }
}
