//! The Sala server binary: logging, then `server::run`.

use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// mimalloc in place of glibc's allocator: a page render makes thousands of small
/// allocations from both worker threads, and glibc's spent about 18 % of a lesson page's
/// time at 50 connections in `_int_malloc`, `malloc_consolidate` and their locks (`perf`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: sala (serve, configured by the environment) | \
sala copy-database postgres://… (copy DATABASE_URL's SQLite database into an empty PostgreSQL one) | \
sala national-admin USERNAME (make the national administrator USERNAME if missing and print a sign-in slip for them)";

#[tokio::main]
async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_env("SALA_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => server::run().await,
        ["copy-database", to] => server::copy_database(to).await.map(|report| {
            #[allow(clippy::print_stdout)] // the command's report
            {
                print!("{report}");
            }
        }),
        ["national-admin", username] => server::national_admin(username).await.map(|slip| {
            #[allow(clippy::print_stdout)] // the slip, shown once
            {
                print!("{slip}");
            }
        }),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}
