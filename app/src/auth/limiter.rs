//! Sign-in rate limiting: after `MAX_FAILURES` wrong passwords for one username within
//! `WINDOW`, further attempts are refused until the window has passed. In memory:
//! a restart forgets, which is acceptable for a single-server deployment.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    /// `Err(seconds to wait)` when this username is locked out.
    pub fn check(&self, username: &str, now: Instant) -> Result<(), u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&key(username)) {
            Some((count, since))
                if *count >= MAX_FAILURES && now.duration_since(*since) < WINDOW =>
            {
                Err((WINDOW - now.duration_since(*since)).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, username: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        let entry = map.entry(key(username)).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub fn record_success(&self, username: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key(username));
    }
}

fn key(username: &str) -> String {
    username.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_failures_until_the_window_passes() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check("Trainer", t0).is_ok());
            limiter.record_failure("trainer ", t0);
        }
        let wait = limiter
            .check("TRAINER", t0 + Duration::from_secs(60))
            .expect_err("locked");
        assert_eq!(wait, WINDOW.as_secs() - 60);
        assert!(
            limiter.check("learner", t0).is_ok(),
            "other users are not affected"
        );
        assert!(
            limiter.check("trainer", t0 + WINDOW).is_ok(),
            "unlocked after the window"
        );
    }

    #[test]
    fn success_clears_failures() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES - 1 {
            limiter.record_failure("admin", t0);
        }
        limiter.record_success("admin");
        limiter.record_failure("admin", t0);
        assert!(limiter.check("admin", t0).is_ok());
    }
}
