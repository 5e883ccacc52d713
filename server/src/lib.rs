//! The Sala server: configuration, state, router and static files. `main.rs` only
//! starts it; tests build the same router with `routes::router`.

pub mod auth;
pub mod blend;
pub mod classes;
pub mod config;
pub mod exports;
pub mod forms;
pub mod http_layers;
pub mod judging;
pub mod lessons;
pub mod national;
pub mod packages;
pub mod people;
pub mod roster;
pub mod routes;
pub mod rpl;
pub mod service_worker;
pub mod standards;
pub mod sync;
pub mod timetable;

use app::auth::password::Hasher;
use app::state::{AppState, Build};
use domain::calendar::Date;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Runs the server until SIGTERM or Ctrl-C. Errors are one line for the operator.
pub async fn run() -> Result<(), String> {
    let config = config::Config::from_env()?;
    let pool = store::db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    if config.demo {
        let today = Date::in_cambodia(chrono_now());
        store::seed::demo(&pool, today)
            .await
            .map_err(|e| format!("cannot seed demo data: {e}"))?;
        tracing::info!("demo data ready: sign in as learner, trainer, assessor, curriculum or admin (password sala-demo)");
    }
    let state = state(&config, pool)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    tracing::info!(build = %state.build.id, "Sala listening on http://{}", config.addr);
    let app = routes::router(state, &config)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

/// `sala copy-database <postgres-url>`: copies the database at `DATABASE_URL` (SQLite)
/// into the empty PostgreSQL database at `to`, migrating both first; prints the rows
/// copied per table. Run it with the server stopped.
pub async fn copy_database(to: &str) -> Result<String, String> {
    let config = config::Config::from_env()?;
    let from = store::db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let target = store::db::open(to).await.map_err(|e| e.to_string())?;
    let report = store::copy::sqlite_to_postgres(&from, &target)
        .await
        .map_err(|e| format!("copy refused: {e}"))?;
    let mut out = format!(
        "copied {} into {}:\n",
        store::db::redacted(&config.database_url),
        store::db::redacted(to)
    );
    for (table, rows) in &report {
        out.push_str(&format!("  {table}: {rows}\n"));
    }
    Ok(out)
}

/// `sala national-admin <username>`: the way into a server that has no one yet — the
/// national office and its national administrator `username` made if missing, and a
/// sign-in slip issued to them (their earlier one voided), printed here once. Run again,
/// it is also the way back in for a national administrator who lost their password.
pub async fn national_admin(username: &str) -> Result<String, String> {
    let config = config::Config::from_env()?;
    let pool = store::db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let slip = store::national::bootstrap(&pool, username)
        .await
        .map_err(|e| format!("no slip issued: {e}"))?;
    let page = match &config.public_origin {
        Some(origin) => format!("{origin}/login/slip"),
        None => "/login/slip on this server".to_owned(),
    };
    Ok(format!(
        "National administrator {username}: open {page}, enter the username {username} and the code {code} \
         (once, before {expires}), and choose a password.\n",
        username = slip.username,
        code = domain::people::show_code(&slip.code),
        expires = slip.expires_at,
    ))
}

/// Sign-ins that may wait for a hashing thread; more at once are told to try again.
const HASH_QUEUE: usize = 32;

/// The app state for a configuration and an open database.
pub fn state(config: &config::Config, pool: sqlx::AnyPool) -> Result<AppState, String> {
    Ok(AppState {
        leptos_options: leptos_options(config),
        health: store::db::health_pool(&config.database_url).map_err(|e| e.to_string())?,
        pool,
        hasher: Hasher::new(config.hash_threads, HASH_QUEUE),
        build: Arc::new(read_build()),
        public_origin: config.public_origin.clone(),
    })
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn leptos_options(config: &config::Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("sala")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hash_file().is_file())
        .build()
}

/// cargo-leptos writes `hash.txt` next to the server binary (and `scripts/build` the
/// other bundles' `hash-<name>.txt`).
fn hash_file() -> std::path::PathBuf {
    beside_binary("hash.txt")
}

fn beside_binary(name: &str) -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join(name)))
        .unwrap_or_default()
}

fn read_build() -> Build {
    let version = env!("CARGO_PKG_VERSION");
    match std::fs::read_to_string(hash_file()) {
        Ok(text) => {
            let mut build = Build::from_hash_file(&text, "sala", "pkg", version);
            for bundle in app::state::OTHER_BUNDLES {
                let file = app::state::hash_file_of(bundle);
                match std::fs::read_to_string(beside_binary(&file)) {
                    Ok(other) => build = build.with_bundle(bundle, &other, "pkg"),
                    Err(_) => tracing::warn!("no {file} next to the binary: its pages load the learners' bundle (build with scripts/build)"),
                }
            }
            build
        }
        Err(_) => {
            tracing::warn!(
                "no hash.txt next to the binary: serving unhashed assets (development build)"
            );
            Build {
                id: format!("{version}-dev-{}", chrono_now()),
                assets: vec![
                    "/pkg/sala.js".into(),
                    "/pkg/sala_bg.wasm".into(),
                    "/pkg/sala.css".into(),
                ],
                bundles: Vec::new(),
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
