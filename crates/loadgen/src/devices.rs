//! Devices syncing (issue 12): 1,000 devices — 980 learners' phones and 20 trainers'
//! — each signs in, pushes a realistic batch (a learner's progress: lessons done,
//! knowledge-check attempts, reading time; a trainer's roll call of 40 marks) and pulls
//! until it has everything, 50 devices at a time; and the kill -9 run, pushes in flight
//! while the server is SIGKILLed 20 times. Each on SQLite, then on PostgreSQL when
//! `SALA_TEST_POSTGRES_URL` names a server (`scripts/test` starts one).

use super::client::Client;
use super::report::{Budget, Report, Run};
use super::server::Server;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LEARNERS: usize = 980;
const TRAINERS: usize = 20;
const AT_ONCE: usize = 50;
/// Sign-ins waiting for a hashing thread at once (the server's queue holds 32).
const SIGN_INS_AT_ONCE: usize = 16;

/// The databases a run goes over: a SQLite file, and a new PostgreSQL database when
/// the tests' server is there.
async fn backends(dir: &tempfile::TempDir) -> Result<Vec<(&'static str, String)>, String> {
    let mut out = vec![(
        "SQLite",
        format!("sqlite://{}/sala.db", dir.path().display()),
    )];
    if std::env::var_os("SALA_TEST_POSTGRES_URL").is_some() {
        out.push(("PostgreSQL", store::testing::fresh_postgres().await?));
    } else {
        println!("PostgreSQL: skipped (no SALA_TEST_POSTGRES_URL; scripts/test sets it)");
    }
    Ok(out)
}

/// The demo, and the crowd, in the database at `url`.
async fn prepare(url: &str) -> Result<store::seed::Crowd, String> {
    let pool = store::db::open(url).await.map_err(|e| e.to_string())?;
    let today = domain::calendar::Date::in_cambodia(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    );
    store::seed::demo(&pool, today)
        .await
        .map_err(|e| e.to_string())?;
    let crowd = store::seed::crowd(&pool, LEARNERS, TRAINERS)
        .await
        .map_err(|e| e.to_string())?;
    pool.close().await;
    Ok(crowd)
}

fn json_post(path: &str, cookie: &str, body: String) -> http::Request<String> {
    http::Request::post(path)
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body(body)
        .unwrap_or_default()
}

fn sign_in(username: &str, device: usize) -> http::Request<String> {
    // Each phone has its own address (behind the institute's proxy).
    let address = format!("10.{}.{}.7", device / 250, device % 250);
    http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", address)
        .body(format!("username={username}&password=sala-demo"))
        .unwrap_or_default()
}

fn record(seq: usize, kind: &str, data: serde_json::Value) -> (String, serde_json::Value) {
    let id = uuid::Uuid::now_v7().to_string();
    let value = serde_json::json!({"id": id, "seq": seq, "at": "2026-11-30T08:00:00Z",
        "kind": kind, "data": data});
    (id, value)
}

/// A learner's day: 3 lessons done, 9 check attempts, 18 reading-time records.
fn learner_batch(
    crowd: &store::seed::Crowd,
    device: usize,
    first_seq: usize,
) -> Vec<(String, serde_json::Value)> {
    (0..30)
        .map(|i| {
            let lesson = &crowd.lessons[(device + i) % crowd.lessons.len()];
            let seq = first_seq + i;
            match i % 10 {
                0 => record(seq, "lesson_done", serde_json::json!({"lesson": lesson})),
                1..=3 => record(
                    seq,
                    "check_attempt",
                    serde_json::json!({"lesson": lesson, "answers": [[1], [0], [2, 0, 1, 3]], "score": 2, "max": 3}),
                ),
                _ => record(seq, "time_spent", serde_json::json!({"lesson": lesson, "seconds": 120})),
            }
        })
        .collect()
}

/// A trainer's roll call: 40 learners of one past session.
fn roll_call(
    crowd: &store::seed::Crowd,
    device: usize,
    first_seq: usize,
) -> Vec<(String, serde_json::Value)> {
    let session = &crowd.sessions[device % crowd.sessions.len().min(10)];
    crowd
        .roster
        .iter()
        .enumerate()
        .map(|(i, learner)| {
            let status = if i % 9 == 0 { "late" } else { "present" };
            record(
                first_seq + i,
                "attendance_mark",
                serde_json::json!({"session": session, "learner": learner, "status": status,
                    "minutes_late": if status == "late" { 10 } else { 0 }, "note": "", "replaces": []}),
            )
        })
        .collect()
}

fn push_body(device: &str, records: &[(String, serde_json::Value)]) -> String {
    let records: Vec<&serde_json::Value> = records.iter().map(|(_, r)| r).collect();
    serde_json::json!({"protocol": 2, "device": device, "records": records}).to_string()
}

#[derive(Default)]
struct Timings {
    sign_in: Vec<Duration>,
    push: Vec<Duration>,
    pull: Vec<Duration>,
    errors: Vec<String>,
}

/// One device's whole sync: sign in, push, pull to the end.
async fn one_device(
    base: &str,
    crowd: &store::seed::Crowd,
    i: usize,
    gate: &tokio::sync::Semaphore,
    timings: &Mutex<Timings>,
) -> Result<(), String> {
    let trainer = i >= LEARNERS;
    let username = if trainer {
        &crowd.trainers[i - LEARNERS]
    } else {
        &crowd.learners[i]
    };
    let mut client = Client::connect(base).await?;
    let cookie = {
        let _turn = gate.acquire().await.map_err(|e| e.to_string())?;
        let t = Instant::now();
        let answer = client.send(sign_in(username, i)).await?;
        let cookie = answer
            .set_cookie
            .iter()
            .find(|c| c.starts_with("sala_session=") && !c.starts_with("sala_session=;"))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("{username} could not sign in ({})", answer.status))?;
        lock(timings).sign_in.push(t.elapsed());
        cookie
    };
    let batch = if trainer {
        roll_call(crowd, i, 1)
    } else {
        learner_batch(crowd, i, 1)
    };
    let device = uuid::Uuid::now_v7().to_string();
    let t = Instant::now();
    let answer = client
        .send(json_post(
            "/api/sync/v1/push",
            &cookie,
            push_body(&device, &batch),
        ))
        .await?;
    let accepted = answer.body.matches("\"accepted\"").count();
    if answer.status != 200 || accepted != batch.len() {
        return Err(format!(
            "{username}'s push: {} with {accepted} of {} accepted: {}",
            answer.status,
            batch.len(),
            &answer.body[..answer.body.len().min(200)]
        ));
    }
    lock(timings).push.push(t.elapsed());
    let mut cursor = 0_i64;
    let mut pulled = 0;
    loop {
        let t = Instant::now();
        let answer = client
            .send(super::get(
                &format!("/api/sync/v1/pull?cursor={cursor}&limit=500"),
                Some(&cookie),
            ))
            .await?;
        let page: serde_json::Value =
            serde_json::from_str(&answer.body).map_err(|e| format!("pull: {e}"))?;
        if answer.status != 200 {
            return Err(format!("{username}'s pull: {}", answer.status));
        }
        lock(timings).pull.push(t.elapsed());
        pulled += page["records"].as_array().map_or(0, Vec::len);
        cursor = page["cursor"].as_i64().unwrap_or(cursor);
        if page["more"] != serde_json::Value::Bool(true) {
            break;
        }
    }
    if pulled < batch.len() {
        return Err(format!(
            "{username} pulled {pulled} records, fewer than it pushed"
        ));
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `sala-load devices`: 1,000 devices on each backend; p99 of pushes and pulls within
/// 200 ms on SQLite (PostgreSQL's reported), and no errors on either.
pub async fn devices() -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    for (backend, url) in backends(&dir).await? {
        let crowd = Arc::new(prepare(&url).await?);
        let server = Server::start_on(
            &url,
            &[("SALA_BEHIND_PROXY", "1"), ("SALA_HASH_THREADS", "2")],
        )
        .await?;
        let base = server.base.clone();
        let mut report = Report::new(&format!(
            "{} devices on {backend} ({LEARNERS} learners, {TRAINERS} trainers), {AT_ONCE} at a time: sign in, push, pull",
            LEARNERS + TRAINERS
        ));
        let timings = Arc::new(Mutex::new(Timings::default()));
        let gate = Arc::new(tokio::sync::Semaphore::new(SIGN_INS_AT_ONCE));
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut workers = Vec::new();
        for _ in 0..AT_ONCE {
            let (base, crowd, gate, timings, next) = (
                base.clone(),
                Arc::clone(&crowd),
                Arc::clone(&gate),
                Arc::clone(&timings),
                Arc::clone(&next),
            );
            workers.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= LEARNERS + TRAINERS {
                        return;
                    }
                    if let Err(e) = one_device(&base, &crowd, i, &gate, &timings).await {
                        lock(&timings).errors.push(e);
                    }
                }
            }));
        }
        for w in workers {
            w.await.map_err(|e| e.to_string())?;
        }
        let elapsed = started.elapsed();
        let timings = std::mem::take(&mut *lock(&timings));
        for e in timings.errors.iter().take(5) {
            println!("  error: {e}");
        }
        let run = |latencies: Vec<Duration>, errors: usize| Run {
            latencies,
            errors,
            elapsed,
        };
        let budget = || {
            if backend == "SQLite" {
                Budget::p99(Duration::from_millis(200))
            } else {
                Budget::none()
            }
        };
        report.run(
            "sign-in (argon2, 2 threads)",
            &run(timings.sign_in, timings.errors.len()),
            Budget::none(),
        );
        report.run(
            "push (30 records or a 40-mark roll call)",
            &run(timings.push, 0),
            budget(),
        );
        report.run("pull (to the end)", &run(timings.pull, 0), budget());
        println!(
            "{:<44} {:>9.1} s for all {} devices",
            "whole run",
            elapsed.as_secs_f64(),
            LEARNERS + TRAINERS
        );
        report.memory("after the run", server.memory_kb()?);
        failures.extend(report.finish());
        server.kill();
    }
    Ok(failures)
}

/// `sala-load kill`: 8 learners' devices push batches of 20 without pause while the
/// server is SIGKILLed at random moments, 20 times, and started again each time; a
/// device sends a batch again until it is answered (as the app does). Afterwards every
/// record the server acknowledged is stored, on each backend.
pub async fn kill() -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    for (backend, url) in backends(&dir).await? {
        let crowd = Arc::new(prepare(&url).await?);
        let env: &[(&str, &str)] = &[("SALA_BEHIND_PROXY", "1")];
        let mut server = Server::start_on(&url, env).await?;
        let base = Arc::new(Mutex::new(server.base.clone()));
        let mut cookies = Vec::new();
        for (i, learner) in crowd.learners.iter().take(8).enumerate() {
            let mut client = Client::connect(&server.base).await?;
            let answer = client.send(sign_in(learner, i)).await?;
            let cookie = answer
                .set_cookie
                .iter()
                .find(|c| c.starts_with("sala_session="))
                .and_then(|c| c.split(';').next())
                .map(str::to_owned)
                .ok_or("sign-in failed")?;
            cookies.push(cookie);
        }
        let acknowledged = Arc::new(Mutex::new(HashSet::<String>::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let batches = Arc::new(AtomicUsize::new(0));
        let mut pushers = Vec::new();
        for (d, cookie) in cookies.into_iter().enumerate() {
            let (base, crowd, acknowledged, stop, batches) = (
                Arc::clone(&base),
                Arc::clone(&crowd),
                Arc::clone(&acknowledged),
                Arc::clone(&stop),
                Arc::clone(&batches),
            );
            pushers.push(tokio::spawn(async move {
                let device = uuid::Uuid::now_v7().to_string();
                let mut seq = 1;
                while !stop.load(Ordering::SeqCst) {
                    let batch: Vec<(String, serde_json::Value)> =
                        learner_batch(&crowd, d, seq).into_iter().take(20).collect();
                    seq += batch.len();
                    let body = push_body(&device, &batch);
                    // Until it is answered: the same batch again after a failure.
                    loop {
                        let at = lock(&base).clone();
                        let answered = match Client::connect(&at).await {
                            Ok(mut client) => client
                                .send(json_post("/api/sync/v1/push", &cookie, body.clone()))
                                .await
                                .ok()
                                .filter(|a| a.status == 200),
                            Err(_) => None,
                        };
                        if let Some(answer) = answered {
                            let value: serde_json::Value =
                                serde_json::from_str(&answer.body).unwrap_or_default();
                            let results = value["results"].as_array().cloned().unwrap_or_default();
                            let mut acked = lock(&acknowledged);
                            for r in &results {
                                if let (Some("accepted" | "duplicate"), Some(id)) =
                                    (r["status"].as_str(), r["id"].as_str())
                                {
                                    acked.insert(id.to_owned());
                                }
                            }
                            batches.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }));
        }
        let mut kills = 0;
        let mut rng = uuid::Uuid::new_v4().as_u128();
        while kills < 20 {
            rng = rng.rotate_left(7) ^ 0x9e37_79b9_7f4a_7c15;
            tokio::time::sleep(Duration::from_millis(150 + (rng % 450) as u64)).await;
            server.kill();
            kills += 1;
            server = Server::start_on(&url, env).await?;
            *lock(&base) = server.base.clone();
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::SeqCst);
        for p in pushers {
            p.await.map_err(|e| e.to_string())?;
        }
        server.kill();
        let acknowledged = std::mem::take(&mut *lock(&acknowledged));
        let pool = store::db::connect(&url).await.map_err(|e| e.to_string())?;
        let stored: Vec<(String,)> = sqlx::query_as("SELECT id FROM sync_records")
            .fetch_all(&pool)
            .await
            .map_err(|e| e.to_string())?;
        let stored: HashSet<String> = stored.into_iter().map(|(id,)| id).collect();
        let lost = acknowledged.difference(&stored).count();
        println!(
            "sala-load: kill -9 on {backend}: {kills} kills, {} batches answered, {} records acknowledged, {lost} lost",
            batches.load(Ordering::Relaxed),
            acknowledged.len()
        );
        if lost > 0 {
            failures.push(format!("{backend}: {lost} acknowledged records lost"));
        }
        if acknowledged.len() < 20 * 20 {
            failures.push(format!(
                "{backend}: only {} records acknowledged: the run did not push under the kills",
                acknowledged.len()
            ));
        }
    }
    Ok(failures)
}
