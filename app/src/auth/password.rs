//! argon2id password hashing, on a small fixed set of threads of its own.
//!
//! Each hash takes 19 MiB of working memory (OWASP's m=19456, t=2). On tokio's blocking
//! pool every sign-in ran on whichever thread was free and left its 19 MiB behind in that
//! thread's allocator arena: 10 sign-ins took the server from 32 to 149 MB, a flood of
//! 400 to gigabytes. Here a hashing thread allocates its working memory once and reuses
//! it for every hash while sign-ins wait, so memory is at most `threads × 19 MiB` however
//! many people sign in; when a thread finishes and no sign-in is waiting it gives its
//! working memory back (taken again at the next one: page-faulting 19 MiB costs a few
//! milliseconds against a hash's ~140), so a server between sign-in rushes does not hold
//! 38 MiB for nobody. The queue in front of the threads is bounded, and a sign-in that
//! finds it full is told to try again in a moment ([`Busy`]) instead of piling up.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::Arc;

/// A hash of nothing in particular, verified against when the user does not exist so
/// that a wrong username takes as long as a wrong password.
pub const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsYS1kZWNveS1zYWx0$2oSLLXMmG0WgqAuVeyE0IV2eQk7fsHkAV6ebEdPC2Hc";

/// The hashing threads are all busy and their queue is full: try again shortly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy;

enum Task {
    Verify { password: String, stored: String },
    Hash { password: String },
}

enum Answer {
    Verified(bool),
    Hashed(Result<String, String>),
}

struct Job {
    task: Task,
    reply: tokio::sync::oneshot::Sender<Answer>,
}

/// The hashing threads and the queue in front of them. Cheap to clone.
#[derive(Clone)]
pub struct Hasher {
    jobs: SyncSender<Job>,
    /// Jobs sent and not yet taken by a thread.
    waiting: Arc<AtomicU64>,
    evaluations: Arc<AtomicU64>,
}

impl Hasher {
    /// `threads` hashing threads (at least one), with room for `queue` sign-ins waiting.
    pub fn new(threads: usize, queue: usize) -> Hasher {
        let (jobs, inbox) = sync_channel::<Job>(queue);
        let inbox = Arc::new(std::sync::Mutex::new(inbox));
        let evaluations = Arc::new(AtomicU64::new(0));
        let waiting = Arc::new(AtomicU64::new(0));
        for n in 0..threads.max(1) {
            let inbox = Arc::clone(&inbox);
            let evaluations = Arc::clone(&evaluations);
            let waiting = Arc::clone(&waiting);
            let spawned = std::thread::Builder::new()
                .name(format!("sala-hash-{n}"))
                .spawn(move || {
                    let mut memory: Vec<Block> = Vec::new();
                    loop {
                        let job = match inbox.lock() {
                            Ok(inbox) => inbox.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        let Ok(Job { task, reply }) = job else {
                            return; // every Hasher is gone
                        };
                        waiting.fetch_sub(1, Ordering::SeqCst);
                        let answer = match task {
                            Task::Verify { password, stored } => {
                                evaluations.fetch_add(1, Ordering::Relaxed);
                                Answer::Verified(verify_with(&mut memory, &password, &stored))
                            }
                            Task::Hash { password } => {
                                Answer::Hashed(hash_with(&mut memory, &password))
                            }
                        };
                        let _ = reply.send(answer);
                        if waiting.load(Ordering::SeqCst) == 0 {
                            memory = Vec::new(); // nobody waiting: give the memory back
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Hasher {
            jobs,
            waiting,
            evaluations,
        }
    }

    async fn run(&self, task: Task) -> Result<Answer, Busy> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        // Counted before it is sent, so that a thread never sees a job it took as not
        // counted (the count only ever errs towards keeping the memory).
        self.waiting.fetch_add(1, Ordering::SeqCst);
        match self.jobs.try_send(Job { task, reply }) {
            Ok(()) => answer.await.map_err(|_| Busy),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                Err(Busy)
            }
        }
    }

    /// Whether `password` matches the stored PHC string; `None` (no such user, or no
    /// password yet) is checked against [`DECOY`] and never matches.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, Busy> {
        let task = Task::Verify {
            password: password.to_owned(),
            stored: stored.unwrap_or(DECOY).to_owned(),
        };
        match self.run(task).await? {
            Answer::Verified(ok) => Ok(ok && stored.is_some()),
            Answer::Hashed(_) => Err(Busy),
        }
    }

    /// A new salted argon2id PHC string of `password`.
    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let task = Task::Hash {
            password: password.to_owned(),
        };
        match self.run(task).await {
            Ok(Answer::Hashed(result)) => result,
            Ok(Answer::Verified(_)) | Err(Busy) => Err("the hashing threads are busy".into()),
        }
    }

    /// How many passwords have been checked so far (tests count them).
    pub fn evaluations(&self) -> u64 {
        self.evaluations.load(Ordering::Relaxed)
    }
}

/// The working memory for `params`, grown once and then reused.
fn blocks<'a>(memory: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    let needed = params.block_count();
    if memory.len() < needed {
        memory.resize(needed, Block::new());
    }
    &mut memory[..needed]
}

/// The raw argon2 output of `password` under a PHC string's algorithm, version, params
/// and salt; `None` for a malformed string.
fn recompute(memory: &mut Vec<Block>, password: &str, stored: &PasswordHash) -> Option<Vec<u8>> {
    let algorithm = Algorithm::try_from(stored.algorithm).ok()?;
    let version = stored
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .ok()?;
    let params = Params::try_from(stored).ok()?;
    let expected = stored.hash?;
    let mut salt = [0u8; 64];
    let salt = stored.salt?.decode_b64(&mut salt).ok()?;
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut out,
            blocks(memory, &params),
        )
        .ok()?;
    Some(out)
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
fn verify_with(memory: &mut Vec<Block>, password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(out), Some(expected)) = (recompute(memory, password, &parsed), parsed.hash) else {
        return false;
    };
    // Constant time: every byte is compared.
    let expected = expected.as_bytes();
    out.len() == expected.len() && out.iter().zip(expected).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
}

fn hash_with(memory: &mut Vec<Block>, password: &str) -> Result<String, String> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut raw = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut raw).map_err(|e| e.to_string())?;
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            raw_salt,
            &mut out,
            blocks(memory, &params),
        )
        .map_err(|e| e.to_string())?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_hash_is_the_demo_password() {
        use store::seed::{DEMO_PASSWORD, DEMO_PASSWORD_HASH};
        let hasher = Hasher::new(1, 2);
        assert_eq!(
            hasher.verify(DEMO_PASSWORD, Some(DEMO_PASSWORD_HASH)).await,
            Ok(true)
        );
    }
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify_like_the_reference() {
        let hasher = Hasher::new(1, 4);
        let a = hasher.hash("sala-demo").await.expect("hash");
        let b = hasher.hash("sala-demo").await.expect("hash");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "salted");
        assert_eq!(hasher.verify("sala-demo", Some(&a)).await, Ok(true));
        assert_eq!(hasher.verify("sala-demo ", Some(&a)).await, Ok(false));
        assert_eq!(
            hasher.verify("sala-demo", Some("not a hash")).await,
            Ok(false)
        );
        assert_eq!(
            hasher.verify("anything", None).await,
            Ok(false),
            "the decoy never matches"
        );
        // What we write, the reference implementation reads, and the other way round.
        let parsed = PasswordHash::new(&a).expect("phc");
        assert!(Argon2::default()
            .verify_password(b"sala-demo", &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let reference = Argon2::default()
            .hash_password(b"kampong cham", &salt)
            .expect("reference")
            .to_string();
        assert_eq!(
            hasher.verify("kampong cham", Some(&reference)).await,
            Ok(true)
        );
        assert_eq!(
            hasher.verify("kampong chan", Some(&reference)).await,
            Ok(false)
        );
        assert_eq!(hasher.evaluations(), 6);
    }

    #[tokio::test]
    async fn a_full_queue_says_busy_at_once() {
        let hasher = Hasher::new(1, 1);
        let stored = hasher.hash("x").await.expect("hash");
        let attempts: Vec<_> = (0..6)
            .map(|_| {
                let (h, s) = (hasher.clone(), stored.clone());
                tokio::spawn(async move { h.verify("x", Some(&s)).await })
            })
            .collect();
        let mut busy = 0;
        for a in attempts {
            if a.await.expect("task") == Err(Busy) {
                busy += 1;
            }
        }
        assert!(
            busy >= 1,
            "one thread and one place in the queue cannot take six at once"
        );
    }
}
