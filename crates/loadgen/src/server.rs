//! The real server, started for a run on a free loopback port with a database of its own
//! (demo data), and stopped (SIGKILL) when the run ends.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub base: String,
    _dir: Option<tempfile::TempDir>,
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

impl Server {
    /// The server on `DATABASE_URL`, or on a SQLite file in a folder of its own.
    pub async fn start() -> Result<Server, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let database = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}/sala.db", dir.path().display()));
        let mut server = Server::start_on(&database, &[]).await?;
        server._dir = Some(dir);
        Ok(server)
    }

    /// The server on the database at `database`, with extra environment `env`.
    pub async fn start_on(database: &str, env: &[(&str, &str)]) -> Result<Server, String> {
        let root = std::env::var("CARGO_MANIFEST_DIR")
            .map(|d| std::path::PathBuf::from(d).join("../.."))
            .unwrap_or_else(|_| ".".into());
        let binary = std::env::var("SALA_BINARY")
            .map(Into::into)
            .unwrap_or_else(|_| root.join("target/release/sala"));
        let port = free_port()?;
        let child = Command::new(&binary)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", root.join("target/site"))
            .env("DATABASE_URL", database)
            .env("SALA_DEMO", "1")
            .env("SALA_LOG", "error")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut c) = super::Client::connect(&server.base).await {
                if c.send(super::get("/healthz", None))
                    .await
                    .is_ok_and(|r| r.status == 200)
                {
                    return Ok(server);
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err("the server did not answer within 30 s".into())
    }

    /// Kills the server at once (SIGKILL), as a power cut would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's resident memory (`VmRSS`), in KiB.
    pub fn memory_kb(&self) -> Result<u64, String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .map_err(|e| e.to_string())?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| "no VmRSS".into())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
