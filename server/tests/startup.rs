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
