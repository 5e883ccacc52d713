//! What a run measured, printed as a table, and the budgets it was held to.

use std::time::Duration;

#[derive(Default)]
pub struct Run {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    pub elapsed: Duration,
}

impl Run {
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[at.min(sorted.len() - 1)]
    }
}

pub struct Budget {
    p99: Option<Duration>,
}

impl Budget {
    pub fn p99(limit: Duration) -> Budget {
        Budget { p99: Some(limit) }
    }
    pub fn none() -> Budget {
        Budget { p99: None }
    }
}

pub struct Report {
    failures: Vec<String>,
}

impl Report {
    pub fn new(title: &str) -> Report {
        println!("sala-load: {title}");
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>7}",
            "", "req/s", "p50 ms", "p99 ms", "errors"
        );
        Report {
            failures: Vec::new(),
        }
    }

    pub fn run(&mut self, name: &str, run: &Run, budget: Budget) {
        let rate = if run.elapsed.is_zero() {
            0.0
        } else {
            run.latencies.len() as f64 / run.elapsed.as_secs_f64()
        };
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let (p50, p99) = (run.percentile(0.5), run.percentile(0.99));
        println!(
            "{name:<44} {rate:>9.0} {:>9.1} {:>9.1} {:>7}",
            ms(p50),
            ms(p99),
            run.errors
        );
        if run.errors > 0 {
            self.failures.push(format!("{name}: {} errors", run.errors));
        }
        if let Some(limit) = budget.p99 {
            if p99 > limit {
                self.failures.push(format!(
                    "{name}: p99 {:.1} ms > {} ms",
                    ms(p99),
                    limit.as_millis()
                ));
            }
        }
    }

    pub fn memory(&mut self, when: &str, kb: u64) {
        println!(
            "{:<44} {:>9.1} MB resident",
            format!("memory, {when}"),
            kb as f64 / 1024.0
        );
    }

    pub fn memory_budget(&mut self, when: &str, kb: u64, limit_kb: u64) {
        self.memory(when, kb);
        if kb > limit_kb {
            self.failures.push(format!(
                "memory {when}: {:.1} MB > {} MB",
                kb as f64 / 1024.0,
                limit_kb / 1024
            ));
        }
    }

    pub fn finish(self) -> Vec<String> {
        self.failures
    }
}
