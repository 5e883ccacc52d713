//! argon2id password hashing. Slow on purpose: call it from `spawn_blocking`.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of nothing in particular, verified against when the user does not exist so
/// that a wrong username takes as long as a wrong password.
pub const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsYS1kZWNveS1zYWx0$2oSLLXMmG0WgqAuVeyE0IV2eQk7fsHkAV6ebEdPC2Hc";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("sala-demo").expect("hash");
        let b = hash("sala-demo").expect("hash");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify("sala-demo", &a));
        assert!(!verify("sala-demo ", &a));
        assert!(!verify("sala-demo", "not a hash"));
        assert!(!verify("anything", DECOY));
    }
}
