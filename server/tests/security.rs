//! What a security and reliability review found (issue 10), each through the real router
//! on a real database: cross-site requests, sign-in floods and lockouts, redirects,
//! headers, sync edges, lost phones.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::app;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HOST: &str = "127.0.0.1:3000";

fn form(uri: &str, body: &str) -> axum::http::request::Builder {
    let _ = body;
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

async fn threshold(pool: &sqlx::AnyPool) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT attendance_threshold FROM institutes LIMIT 1")
        .fetch_one(pool)
        .await
        .expect("threshold");
    n
}

#[tokio::test]
async fn state_changes_started_by_another_site_are_refused() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let settings =
        "code_0=present&km_0=%E1%9E%98%E1%9E%80&en_0=Present&points_0=100&counts_0=on&threshold=37";
    // A form on another port of the same host (same site, another origin), and one on
    // another site that only says where it comes from with Sec-Fetch-Site.
    for (name, value) in [
        ("origin", "http://127.0.0.1:9999"),
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let request = form("/admin/attendance", settings)
            .header(header::COOKIE, &admin)
            .header(name, value)
            .body(Body::from(settings))
            .expect("request");
        let (status, _, body) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}: {body}");
    }
    assert_eq!(threshold(&app.pool).await, 80, "nothing changed");
    // The same form from this site's own page goes through.
    let request = form("/admin/attendance", settings)
        .header(header::COOKIE, &admin)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(settings))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/admin/attendance?saved=1");
    assert_eq!(threshold(&app.pool).await, 37);

    // Sign-in CSRF: another site cannot sign a phone in as someone else.
    let request = form("/login", "")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("username=learner&password=sala-demo"))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!headers.contains_key(header::SET_COOKIE));
    // Nor sign it out.
    let learner = app.cookie_for("learner").await;
    let request = form("/logout", "")
        .header(header::COOKIE, &learner)
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send(request).await.0, StatusCode::FORBIDDEN);
    let (status, _, _) = app.get("/api/me", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, me) = app.get("/api/me", Some(&learner)).await;
    assert!(me.contains("learner"), "still signed in: {me}");
    // Nor push records with the learner's cookie, nor call a server function.
    let request = Request::post("/api/sync/v1/push")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &learner)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(
            r#"{"protocol":2,"device":"00000000-0000-0000-0000-000000000000","records":[]}"#,
        ))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("cross_site"), "{body}");
}

#[tokio::test]
async fn parallel_wrong_passwords_for_one_user_are_checked_at_most_five_times() {
    let app = app().await;
    let before = app.state.hasher.evaluations();
    let router = app.router.clone();
    let attempts = (0..30).map(move |i| {
        let router = router.clone();
        async move {
            let request = Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("username=trainer&password=wrong-{i}")))
                .expect("request");
            tower::ServiceExt::oneshot(router, request)
                .await
                .expect("response")
        }
    });
    let answers = futures_join_all(attempts).await;
    let limited = answers
        .iter()
        .filter(|r| {
            r.headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.contains("error=rate_limited"))
        })
        .count();
    let evaluated = app.state.hasher.evaluations() - before;
    assert!(evaluated <= 5, "{evaluated} passwords checked");
    assert!(limited >= 25, "{limited} told to wait");
}

#[tokio::test]
async fn a_flood_of_random_usernames_from_one_address_is_bounded_and_health_stays_fast() {
    let app = app().await;
    let before = app.state.hasher.evaluations();
    let address = std::net::SocketAddr::from(([10, 0, 0, 7], 5555));
    let router = app.router.clone();
    let flood = (0..400).map(move |i| {
        let router = router.clone();
        async move {
            let mut request = Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("username=nobody-{i}&password=x")))
                .expect("request");
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(address));
            tower::ServiceExt::oneshot(router, request)
                .await
                .expect("response")
        }
    });
    let started = Instant::now();
    let flooding = tokio::spawn(futures_join_all(flood));
    // While it floods, the health check answers at once.
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let t = Instant::now();
        let (status, _, _) = app.get("/healthz", None).await;
        assert_eq!(status, StatusCode::OK);
        slowest = slowest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answers = flooding.await.expect("flood");
    let evaluated = app.state.hasher.evaluations() - before;
    assert!(
        evaluated <= u64::from(domain::sign_in::MAX_PER_ADDRESS),
        "{evaluated} passwords checked for one address"
    );
    assert!(
        answers.iter().all(|r| r.status() == StatusCode::SEE_OTHER),
        "never an error"
    );
    assert!(
        slowest < Duration::from_millis(500),
        "health answered in {slowest:?}"
    );
    eprintln!("400 random sign-ins from one address: {evaluated} checked, all answered in {:?}; health at worst {slowest:?}", started.elapsed());
}

#[tokio::test]
async fn an_attacker_locking_a_username_does_not_lock_its_person_out_of_their_own_phone() {
    let app = app().await;
    // The trainer's phone signed in before: it keeps a device cookie.
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=trainer&password=sala-demo"))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let device = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find(|c| c.starts_with("sala_device="))
        .and_then(|c| c.split(';').next())
        .expect("a device cookie")
        .to_owned();
    // Someone else keeps the username locked.
    for _ in 0..8 {
        app.post_form("/login", "username=trainer&password=guess")
            .await;
    }
    let (_, headers, _) = app
        .post_form("/login", "username=trainer&password=sala-demo")
        .await;
    assert!(
        headers[header::LOCATION]
            .to_str()
            .unwrap_or("")
            .contains("rate_limited"),
        "a new device waits"
    );
    // The trainer's own phone still signs in.
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &device)
        .body(Body::from("username=trainer&password=sala-demo"))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/teach");
}

#[tokio::test]
async fn redirects_never_leave_the_site_however_the_path_is_written() {
    let app = app().await;
    for back in [
        "%2F%09%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%0A%2Fevil.example",
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%252F%2Fevil.example",
    ] {
        let (status, headers, _) = app
            .post_form("/lang", &format!("lang=en&back={back}"))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/", "{back}");
        let (_, headers, _) = app
            .post_form(
                "/login",
                &format!("username=learner&password=sala-demo&next={back}"),
            )
            .await;
        assert_eq!(headers[header::LOCATION], "/learn", "{back}");
    }
}

#[tokio::test]
async fn pages_and_files_carry_security_headers() {
    let app = app().await;
    let (_, headers, body) = app.get("/login", None).await;
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|n| n.split('\'').next())
        .expect("a nonce");
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry it"
    );
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "'wasm-unsafe-eval'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    assert!(
        !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
        "plain HTTP: no HSTS"
    );
    let (_, headers, _) = app.get("/api/sync/v1/pull", None).await;
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'"
    );
    let (_, headers, _) = app.get("/sw.js", None).await;
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'self'"
    );
}

/// A request body that remembers whether anyone read it.
struct Watched {
    read: Arc<AtomicBool>,
    done: bool,
}

impl http_body::Body for Watched {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.read.store(true, Ordering::SeqCst);
        if self.done {
            return std::task::Poll::Ready(None);
        }
        self.done = true;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(axum::body::Bytes::from(
            vec![b' '; 64 * 1024],
        )))))
    }
}

fn watched_body(read: Arc<AtomicBool>) -> Body {
    Body::new(Watched { read, done: false })
}

#[tokio::test]
async fn a_push_without_a_session_is_refused_before_its_body_is_read() {
    let app = app().await;
    let read = Arc::new(AtomicBool::new(false));
    let request = Request::post("/api/sync/v1/push")
        .header(header::CONTENT_TYPE, "application/json")
        .body(watched_body(Arc::clone(&read)))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(!read.load(Ordering::SeqCst), "the body was never read");
    // A compressed body over the limit is refused by its size on the wire alone.
    let learner = app.cookie_for("learner").await;
    let request = Request::post("/api/sync/v1/push")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_ENCODING, "gzip")
        .header(header::CONTENT_LENGTH, 300 * 1024)
        .header(header::COOKIE, &learner)
        .body(Body::from(vec![0u8; 300 * 1024]))
        .expect("request");
    assert_eq!(app.send(request).await.0, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn impossible_times_and_unreadable_records_are_refused_alone() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    let (lesson,): (String,) = sqlx::query_as("SELECT id FROM lessons LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .expect("lesson");
    let id = |n: u128| uuid::Uuid::from_u128(n).to_string();
    let body = serde_json::json!({
        "protocol": 2,
        "device": id(1),
        "records": [
            { "id": id(10), "seq": 1, "at": "2026-99-99T99:99:99Z", "kind": "lesson_done", "data": { "lesson": lesson } },
            { "id": id(11), "seq": 2, "at": "2026-11-30T08:00:00Z", "kind": "lesson_done", "data": { "lesson": 7 } },
            { "id": id(12), "seq": 3, "at": "2026-11-30T08:00:00Z", "kind": "time_spent", "data": { "lesson": lesson, "seconds": 99999999999u64 } },
            { "id": id(13), "seq": 4, "at": "2026-11-30T08:00:00Z", "kind": "portfolio_photo", "data": { "hash": "ab" } },
            { "seq": 5 },
            { "id": id(15), "seq": 6, "at": "2026-11-30T08:00:00Z", "kind": "lesson_done", "data": { "lesson": lesson } }
        ]
    });
    let (status, _, text) = app
        .post_json("/api/sync/v1/push", Some(&learner), body.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: serde_json::Value = serde_json::from_str(&text).expect("json");
    let results: Vec<(String, String)> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap_or("").to_owned(),
                r["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let pair = |s: &str, r: &str| (s.to_owned(), r.to_owned());
    assert_eq!(
        results,
        vec![
            pair("rejected", "invalid"),
            pair("rejected", "invalid"),
            pair("rejected", "invalid"),
            pair("retry", "unknown_kind"),
            pair("rejected", "invalid"),
            pair("accepted", ""),
        ]
    );
    // A device that speaks protocol 1 is never told `retry` (it would not know it).
    let old = serde_json::json!({ "protocol": 1, "device": id(1), "records": [body["records"][3].clone()] });
    let (_, _, text) = app
        .post_json("/api/sync/v1/push", Some(&learner), old.to_string())
        .await;
    assert!(
        text.contains(r#""status":"rejected","reason":"unknown_kind""#),
        "{text}"
    );
}

#[tokio::test]
async fn lost_phones_idle_sessions_and_an_admin_ending_every_session() {
    let app = app().await;
    // A session not used for longer than the idle limit has ended.
    let idle = app.cookie_for("trainer2").await;
    sqlx::query(
        "UPDATE auth_sessions SET last_seen_at = '2020-01-01T00:00:00Z' WHERE user_id = $1",
    )
    .bind(store::seed::seed_id("user:trainer2"))
    .execute(&app.pool)
    .await
    .expect("age");
    let (_, _, me) = app.get("/api/me", Some(&idle)).await;
    assert_eq!(me, "null", "idle: signed out");

    // A person sees their devices and signs one out.
    let phone = app.cookie_for("learner").await;
    let laptop = app.cookie_for("learner").await;
    let (status, _, body) = app.get("/api/account/devices", Some(&laptop)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let devices: serde_json::Value = serde_json::from_str(&body).expect("json");
    let list = devices.as_array().expect("list");
    assert_eq!(list.len(), 2);
    let other = list
        .iter()
        .find(|d| d["this_one"] == false)
        .and_then(|d| d["id"].as_str())
        .expect("the other device")
        .to_owned();
    let (status, headers, _) = app
        .post_form_as("/account/sessions", &laptop, &format!("session={other}"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/account?ended=1");
    let (_, _, me) = app.get("/api/me", Some(&phone)).await;
    assert_eq!(me, "null", "the phone is signed out");
    let (_, _, me) = app.get("/api/me", Some(&laptop)).await;
    assert!(me.contains("learner"));
    // Another person's session cannot be ended this way.
    let trainer = app.cookie_for("trainer").await;
    let (_, _, trainer_devices) = app.get("/api/account/devices", Some(&trainer)).await;
    let theirs = serde_json::from_str::<serde_json::Value>(&trainer_devices).expect("json")[0]
        ["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (_, headers, _) = app
        .post_form_as("/account/sessions", &laptop, &format!("session={theirs}"))
        .await;
    assert_eq!(headers[header::LOCATION], "/account?ended=0");
    let (_, _, me) = app.get("/api/me", Some(&trainer)).await;
    assert!(me.contains("trainer"));

    // An admin ends every session of one of the institute's people.
    let admin = app.cookie_for("admin").await;
    let learner_id = store::seed::seed_id("user:learner");
    let (status, headers, _) = app
        .post_form_as(
            "/admin/people/sessions",
            &admin,
            &format!("user={learner_id}"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::LOCATION]
        .to_str()
        .unwrap_or("")
        .starts_with("/admin/people?ended=1"));
    let (_, _, me) = app.get("/api/me", Some(&laptop)).await;
    assert_eq!(me, "null");
    // Not a trainer, and nobody of another institute.
    let (status, _, _) = app
        .post_form_as(
            "/admin/people/sessions",
            &trainer,
            &format!("user={learner_id}"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .post_form_as(
            "/admin/people/sessions",
            &admin,
            &format!("user={}", uuid::Uuid::from_u128(5)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The admin's list of people shows who is signed in where.
    let (status, _, body) = app.get("/api/admin/people", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"username\":\"learner01\""), "{body}");
    let (status, _, _) = app.get("/api/admin/people", Some(&trainer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

// Small helpers so the test needs no extra crates.

async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}
