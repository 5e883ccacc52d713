//! Real server processes on loopback, on the tests' backend (a SQLite file, or a
//! PostgreSQL database with `SALA_TEST_BACKEND=postgres`): two servers on one database
//! behave as one (nothing that matters lives in a process's memory), and SIGTERM lets a
//! request in flight finish before the server exits, losing nothing it acknowledged.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Server {
    child: Child,
    port: u16,
    _site: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Starts the binary on `url` and waits until `/healthz` answers.
async fn start(url: &str, demo: bool) -> Server {
    let site = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_sala"))
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site.path())
        .env("SALA_DEMO", if demo { "1" } else { "0" })
        .env("SALA_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let server = Server {
        child,
        port,
        _site: site,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok((200, _, _)) = try_send(port, &get("/healthz", "")).await {
            return server;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn get(path: &str, cookie: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: t\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n")
}

fn post(path: &str, cookie: &str, content_type: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: t\r\nCookie: {cookie}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Status, head and body of one request on a fresh connection.
async fn try_send(port: u16, request: &str) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    stream.write_all(request.as_bytes()).await?;
    read_answer(&mut stream).await
}

async fn read_answer(stream: &mut TcpStream) -> std::io::Result<(u16, String, String)> {
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, head.to_owned(), body.to_owned()))
}

async fn send(port: u16, request: &str) -> (u16, String, String) {
    try_send(port, request).await.expect("an answer")
}

/// Signs in through the form; the session cookie, or the redirect's location on refusal.
async fn sign_in(port: u16, username: &str, password: &str) -> Result<String, String> {
    let (status, head, _) = send(
        port,
        &post(
            "/login",
            "",
            "application/x-www-form-urlencoded",
            &format!("username={username}&password={password}"),
        ),
    )
    .await;
    assert_eq!(status, 303, "{head}");
    head.lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .find(|c| c.starts_with("sala_session=") && !c.starts_with("sala_session=;"))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .ok_or_else(|| {
            head.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("location:"))
                .unwrap_or_default()
                .to_owned()
        })
}

fn push_body(records: &[serde_json::Value]) -> String {
    serde_json::json!({
        "protocol": 2,
        "device": uuid::Uuid::now_v7().to_string(),
        "records": records,
    })
    .to_string()
}

fn time_spent(lesson: &str, seq: u64) -> (String, serde_json::Value) {
    let id = uuid::Uuid::now_v7().to_string();
    let record = serde_json::json!({"id": id, "seq": seq, "at": "2026-11-30T08:00:00Z",
        "kind": "time_spent", "data": {"lesson": lesson, "seconds": 60}});
    (id, record)
}

async fn one(pool: &sqlx::AnyPool, sql: &str) -> String {
    let (value,): (String,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    value
}

#[tokio::test]
async fn two_servers_on_one_database_behave_as_one() {
    let db = store::testing::fresh().await.expect("a test database");
    let a = start(&db.url, true).await;
    let b = start(&db.url, false).await;
    let pool = store::db::connect(&db.url).await.expect("connect");

    // Failed sign-ins are counted across both: three through A and two through B use up
    // trainer2's five, so even the right password waits, on either server.
    for (i, port) in [a.port, a.port, a.port, b.port, b.port]
        .into_iter()
        .enumerate()
    {
        let refused = sign_in(port, "trainer2", &format!("wrong-{i}")).await;
        assert!(refused.is_err_and(|l| l.contains("error=")));
    }
    for port in [a.port, b.port] {
        let limited = sign_in(port, "trainer2", "sala-demo").await;
        assert!(
            limited.as_ref().is_err_and(|l| l.contains("rate_limited")),
            "{limited:?}"
        );
    }

    // A learner signs in through A and syncs through B; the session is the database's.
    let learner = sign_in(a.port, "learner", "sala-demo")
        .await
        .expect("signed in");
    let lesson = one(&pool, "SELECT id FROM lessons ORDER BY id LIMIT 1").await;
    let (id, record) = time_spent(&lesson, 1);
    let (status, _, body) = send(
        b.port,
        &post(
            "/api/sync/v1/push",
            &learner,
            "application/json",
            &push_body(&[record]),
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"accepted\""), "{body}");
    let (status, _, body) = send(
        a.port,
        &get("/api/sync/v1/pull?cursor=0&limit=100", &learner),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&id),
        "a record pushed through B is pulled through A"
    );

    // A trainer signs in through B and marks a roll call through A; B's pull has it.
    let trainer = sign_in(b.port, "trainer", "sala-demo")
        .await
        .expect("signed in");
    let session = one(
        &pool,
        "SELECT s.id FROM class_sessions s JOIN class_trainers ct ON ct.class_id = s.class_id \
         JOIN users u ON u.id = ct.user_id WHERE u.username = 'trainer' ORDER BY s.starts_at LIMIT 1",
    )
    .await;
    let enrolled = one(
        &pool,
        "SELECT e.learner_id FROM enrolments e JOIN class_sessions s ON s.class_id = e.class_id \
         ORDER BY e.learner_id LIMIT 1",
    )
    .await;
    let mark = uuid::Uuid::now_v7().to_string();
    let record = serde_json::json!({"id": mark, "seq": 1, "at": "2026-11-30T08:05:00Z",
        "kind": "attendance_mark", "data": {"session": session, "learner": enrolled,
        "status": "present", "minutes_late": 0, "note": "", "replaces": []}});
    let (status, _, body) = send(
        a.port,
        &post(
            "/api/sync/v1/push",
            &trainer,
            "application/json",
            &push_body(&[record]),
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"accepted\""), "{body}");
    let (_, _, body) = send(
        b.port,
        &get("/api/sync/v1/pull?cursor=0&limit=1000", &trainer),
    )
    .await;
    assert!(
        body.contains(&mark),
        "a mark pushed through A is pulled through B"
    );

    // Signing out through B ends the session on A too.
    let (status, _, _) = send(
        b.port,
        &post("/logout", &learner, "application/x-www-form-urlencoded", ""),
    )
    .await;
    assert_eq!(status, 303);
    let (status, _, _) = send(a.port, &get("/api/sync/v1/pull?cursor=0&limit=1", &learner)).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn sigterm_lets_a_push_in_flight_finish_and_loses_nothing() {
    let db = store::testing::fresh().await.expect("a test database");
    let mut server = start(&db.url, true).await;
    let pool = store::db::connect(&db.url).await.expect("connect");
    let learner = sign_in(server.port, "learner", "sala-demo")
        .await
        .expect("signed in");
    let lesson = one(&pool, "SELECT id FROM lessons ORDER BY id LIMIT 1").await;
    let (ids, records): (Vec<String>, Vec<serde_json::Value>) =
        (1..=50).map(|seq| time_spent(&lesson, seq)).unzip();
    let request = post(
        "/api/sync/v1/push",
        &learner,
        "application/json",
        &push_body(&records),
    );
    // Half the request is on the wire when SIGTERM arrives.
    let (first, rest) = request.split_at(request.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("connect");
    stream.write_all(first.as_bytes()).await.expect("write");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pid = server.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A new connection is no longer served…
    assert!(
        try_send(server.port, &get("/healthz", "")).await.is_err(),
        "a stopping server takes no new requests"
    );
    // …but the request in flight finishes and is acknowledged.
    stream
        .write_all(rest.as_bytes())
        .await
        .expect("write the rest");
    let (status, _, body) = read_answer(&mut stream).await.expect("answer");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.matches("\"accepted\"").count(), 50, "{body}");
    let exit = server.child.wait().expect("exit");
    assert!(exit.success(), "{exit:?}");
    // Everything acknowledged is stored.
    for id in &ids {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sync_records WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(n, 1, "{id}");
    }
}
