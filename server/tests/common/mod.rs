//! Shared by the integration tests: the real router on a fresh, migrated, seeded
//! database of the tests' backend (a SQLite file, or a PostgreSQL database with
//! `SALA_TEST_BACKEND=postgres`), driven without a socket.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::config::Config;
use store::{auth_sessions, seed};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub pool: sqlx::AnyPool,
    pub state: app::state::AppState,
    _dir: tempfile::TempDir,
    _db: store::testing::TestDb,
}

/// The session cookie a response sets (`sala_session=…`), if it signs someone in.
pub fn session_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("sala_session=") && !c.starts_with("sala_session=;"))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

/// Sets a password with a sign-in slip's code, as the `/login/slip` form posts it.
pub async fn redeem(
    app: &TestApp,
    username: &str,
    code: &str,
    password: &str,
    again: &str,
) -> (StatusCode, axum::http::HeaderMap) {
    let form = format!(
        "username={username}&code={code}&password={}&again={}",
        app::auth::percent_encode(password),
        app::auth::percent_encode(again)
    );
    let (status, headers, _) = app.post_form("/login/slip", &form).await;
    (status, headers)
}

/// A signed-in GET of a server function that must answer 200, read as `T`.
pub async fn json_of<T: serde::de::DeserializeOwned>(app: &TestApp, uri: &str, cookie: &str) -> T {
    let (status, _, body) = app.get(uri, Some(cookie)).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"))
}

/// The codes printed on a sign-in slips page, in order.
pub fn slip_codes(page: &str) -> Vec<String> {
    page.split("class=\"slip-code\">")
        .skip(1)
        .map(|rest| rest.split('<').next().expect("code").to_owned())
        .collect()
}

/// A multipart upload of `bytes` as the form's `file`, as a browser posts it.
pub fn upload(path: &str, name: &str, bytes: &[u8], cookie: Option<&str>) -> Request<Body> {
    const BOUNDARY: &str = "sala-enrol-boundary";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").into_bytes());
    let mut request = Request::post(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body)).expect("request")
}

/// A response's `Location` header (`""` when it has none).
pub fn location(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub async fn app() -> TestApp {
    app_with(|_| None).await
}

/// The app with more configuration: `extra` answers for the variables it knows.
pub async fn app_with(extra: fn(&str) -> Option<String>) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store::testing::fresh().await.expect("a test database");
    let config = Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(db.url.clone()),
        "LEPTOS_SITE_ROOT" => Some(dir.path().display().to_string()),
        other => extra(other),
    })
    .expect("config");
    let pool = store::db::open(&config.database_url).await.expect("open");
    let today = domain::calendar::Date::in_cambodia(now());
    seed::demo(&pool, today).await.expect("seed");
    let state = server::state(&config, pool.clone()).expect("state");
    TestApp {
        router: server::routes::router(state.clone(), &config),
        pool,
        state,
        _dir: dir,
        _db: db,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl TestApp {
    pub async fn send(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    pub async fn get(
        &self,
        uri: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut request = Request::get(uri).header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9");
        if !uri.starts_with("/api/") {
            request = request.header(header::ACCEPT, "text/html,application/xhtml+xml");
        }
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    pub async fn post_form(
        &self,
        uri: &str,
        form: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .expect("request");
        self.send(request).await
    }

    /// A form posted by a signed-in user.
    pub async fn post_form_as(
        &self,
        uri: &str,
        cookie: &str,
        form: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(form.to_owned()))
            .expect("request");
        self.send(request).await
    }

    /// A session cookie for a seeded user.
    pub async fn cookie_for(&self, username: &str) -> String {
        let id = seed::seed_id(&format!("user:{username}"))
            .parse()
            .expect("id");
        let token = auth_sessions::create(&self.pool, id, "test")
            .await
            .expect("session");
        format!("sala_session={}", token.0)
    }

    /// A session cookie for a new `role` user of a new, second institute.
    pub async fn cookie_in_another_institute(&self, role: &str) -> String {
        let institute = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, $2, 'ផ្សេង', 'Other', '2026-01-01T00:00:00Z')")
            .bind(&institute)
            .bind(format!("OTHER-{}", &institute[institute.len() - 8..]))
            .execute(&self.pool)
            .await
            .expect("institute");
        let user = uuid::Uuid::now_v7();
        sqlx::query("INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) VALUES ($1, $2, $3, 'ក', 'K', $4, '2026-01-01T00:00:00Z')")
            .bind(user.to_string())
            .bind(&institute)
            .bind(format!("other-{role}-{}", &institute[institute.len() - 8..]))
            .bind(role)
            .execute(&self.pool)
            .await
            .expect("user");
        let token =
            auth_sessions::create(&self.pool, user.to_string().parse().expect("id"), "test")
                .await
                .expect("session");
        format!("sala_session={}", token.0)
    }

    pub async fn post_json(
        &self,
        uri: &str,
        cookie: Option<&str>,
        body: String,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// A JSON body compressed with gzip, as devices send sync batches.
    pub async fn post_gzip_json(
        &self,
        uri: &str,
        cookie: &str,
        body: Vec<u8>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_ENCODING, "gzip")
            .header(header::COOKIE, cookie);
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }
}
