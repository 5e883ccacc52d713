//! The real binary's start-up: a database that cannot be opened is one clear line
//! and a failing exit code, never a panic trace.

use std::process::Command;

#[test]
fn an_unopenable_database_stops_start_up_with_one_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_sala"))
        .env("DATABASE_URL", "sqlite:///proc/sala-cannot-be-here/sala.db")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("SALA_LOG", "info")
        .output()
        .expect("run the binary");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains("ERROR") && lines[0].contains("/proc/sala-cannot-be-here"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_bad_listen_address_is_one_clear_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_sala"))
        .env("LEPTOS_SITE_ADDR", "not-an-address")
        .output()
        .expect("run the binary");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("LEPTOS_SITE_ADDR"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// `sala copy-database`: an institute's SQLite database into an empty PostgreSQL one, then
/// refused the second time (the target is no longer empty), each a clear answer.
#[tokio::test]
async fn copy_database_moves_an_institute_and_refuses_a_full_target() {
    if std::env::var_os("SALA_TEST_POSTGRES_URL").is_none() {
        assert!(std::env::var_os("SALA_REQUIRE_POSTGRES").is_none());
        eprintln!("skipped: no SALA_TEST_POSTGRES_URL (scripts/test sets it)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = format!("sqlite://{}/sala.db", dir.path().display());
    let pool = store::db::open(&sqlite).await.expect("open");
    store::seed::demo(
        &pool,
        domain::calendar::Date::parse("2026-11-30").expect("date"),
    )
    .await
    .expect("seed");
    pool.close().await;
    let target = store::testing::fresh_postgres()
        .await
        .expect("a test database");
    let copy = || {
        Command::new(env!("CARGO_BIN_EXE_sala"))
            .args(["copy-database", &target])
            .env("DATABASE_URL", &sqlite)
            .output()
            .expect("run the binary")
    };
    let first = copy();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("attendance_marks: "), "{stdout}");
    assert!(stdout.contains("users: "), "{stdout}");
    let second = copy();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| !l.trim().is_empty()).count(),
        1,
        "{stderr}"
    );
}
