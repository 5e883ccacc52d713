//! Self check-in codes, pure. The trainer's phone shows a code that changes every
//! [`PERIOD_SECONDS`]; a learner types it (or scans the QR code that carries it) and is
//! marked present. Neither phone needs the network: the code is an HMAC of the time
//! window under a key only the server and the session's trainers hold, so the server
//! checks it when the learner's check-in arrives, however late.
//!
//! - `session key = HMAC-SHA256(server secret, "sala check-in v1 " + session id)`: the
//!   server derives it and gives it to the trainers of that session's class only.
//! - `code(window) = first 31 bits of HMAC-SHA256(session key, window as 8 big-endian
//!   bytes) mod 10⁶`, shown as six digits; `window = unix seconds / PERIOD_SECONDS`.
//!
//! A check-in names the session and carries the code and the device's time. The server
//! looks for the window whose code it is, around the session's time
//! ([`SEARCH_MARGIN_SECONDS`] either side): none → a wrong code (or, when it is the code
//! of another session the learner could attend, "another session"); found, but more
//! than [`TOLERANCE_SECONDS`] from when the learner says they typed it → expired. A
//! learner who uses a window's code a second time (a new record with an old code, e.g.
//! to undo the trainer's "absent") is refused as a replay.

use sha2::{Digest, Sha256};

/// The code changes this often.
pub const PERIOD_SECONDS: i64 = 10;
/// How far the learner's clock at check-in may be from the code's window (phones'
/// clocks disagree a little; a code passed on later is refused).
pub const TOLERANCE_SECONDS: i64 = 120;
/// Codes are looked for from this long before a session starts to this long after it
/// ends.
pub const SEARCH_MARGIN_SECONDS: i64 = 3600;
/// Digits in a code.
pub const CODE_DIGITS: usize = 6;

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The key of one session's codes, from the server's secret.
pub fn session_key(secret: &[u8], session: &str) -> [u8; 32] {
    hmac(secret, format!("sala check-in v1 {session}").as_bytes())
}

/// The window a moment falls in.
pub fn window_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(PERIOD_SECONDS)
}

/// The six-digit code of a window.
pub fn code(key: &[u8; 32], window: i64) -> String {
    let mac = hmac(key, &window.to_be_bytes());
    let n = u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]) & 0x7fff_ffff;
    format!("{:06}", n % 1_000_000)
}

/// Six ASCII digits.
pub fn is_well_formed(code: &str) -> bool {
    code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())
}

/// What a code says about a check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The code of this window, typed in time.
    Valid { window: i64 },
    /// The code of this window, but typed too long before or after it was shown.
    Expired { window: i64 },
    /// Not a code of this session around its time.
    Wrong,
}

/// Checks a code typed at `typed_at` (unix seconds, the learner's clock) against the
/// session running from `starts_at` to `ends_at` (unix seconds).
pub fn verify(key: &[u8; 32], typed: &str, typed_at: i64, starts_at: i64, ends_at: i64) -> Verdict {
    if !is_well_formed(typed) {
        return Verdict::Wrong;
    }
    let near = window_of(typed_at);
    // The windows in tolerance first (the usual case, and a lucky guess elsewhere in the
    // session is then only "expired"), then the rest of the session's time.
    let reach = TOLERANCE_SECONDS / PERIOD_SECONDS;
    let first = window_of(starts_at - SEARCH_MARGIN_SECONDS);
    let last = window_of(ends_at + SEARCH_MARGIN_SECONDS);
    let in_session = first..=last;
    if let Some(window) = (near - reach..=near + reach)
        .filter(|w| in_session.contains(w))
        .find(|&w| code(key, w) == typed)
    {
        return Verdict::Valid { window };
    }
    match (first..=last).find(|&w| code(key, w) == typed) {
        Some(window) => Verdict::Expired { window },
        None => Verdict::Wrong,
    }
}

/// The key as hex, for the trainer's page.
pub fn to_hex(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key from hex, as the trainer's device reads it.
pub fn from_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let digit = |b: u8| (b as char).to_digit(16);
        key[i] = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            to_hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        let mac = hmac(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            to_hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn codes_are_six_digits_that_change_with_the_window_and_the_session() {
        let a = session_key(b"secret", "session-a");
        let b = session_key(b"secret", "session-b");
        let w = window_of(1_800_000_000);
        assert!(is_well_formed(&code(&a, w)));
        assert_eq!(code(&a, w), code(&a, w));
        let changes = (0..20)
            .filter(|i| code(&a, w + i) != code(&a, w + i + 1))
            .count();
        assert!(changes >= 19);
        assert_ne!(code(&a, w), code(&b, w));
        assert_ne!(
            session_key(b"secret", "session-a"),
            session_key(b"other", "session-a")
        );
    }

    #[test]
    fn a_code_is_valid_near_its_window_expired_later_and_wrong_elsewhere() {
        let key = session_key(b"secret", "s");
        let start = 1_800_000_000;
        let end = start + 3 * 3600;
        let shown_at = start + 600;
        let typed = code(&key, window_of(shown_at));
        let window = window_of(shown_at);
        assert_eq!(
            verify(&key, &typed, shown_at + 5, start, end),
            Verdict::Valid { window }
        );
        // A phone clock a minute behind is fine.
        assert_eq!(
            verify(&key, &typed, shown_at - 60, start, end),
            Verdict::Valid { window }
        );
        // Passed on ten minutes later.
        assert_eq!(
            verify(&key, &typed, shown_at + 600, start, end),
            Verdict::Expired { window }
        );
        let other = code(&session_key(b"secret", "t"), window);
        if other != typed {
            assert_eq!(verify(&key, &other, shown_at, start, end), Verdict::Wrong);
        }
        // Shown the next day: not this session's time.
        let late = end + 86_400;
        let next_day = code(&key, window_of(late));
        assert_eq!(verify(&key, &next_day, late, start, end), Verdict::Wrong);
        assert_eq!(verify(&key, "12345", shown_at, start, end), Verdict::Wrong);
        assert_eq!(verify(&key, "12345a", shown_at, start, end), Verdict::Wrong);
    }

    #[test]
    fn keys_survive_hex() {
        let key = session_key(b"secret", "s");
        assert_eq!(from_hex(&to_hex(&key)), Some(key));
        assert_eq!(from_hex("zz"), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
    }

    proptest! {
        #[test]
        fn every_shown_code_is_accepted_when_typed_at_once(offset in 0i64..10_800, delay in 0i64..60) {
            let key = session_key(b"secret", "s");
            let start = 1_800_000_000;
            let shown_at = start + offset;
            let typed = code(&key, window_of(shown_at));
            let verdict = verify(&key, &typed, shown_at + delay, start, start + 10_800);
            prop_assert!(matches!(verdict, Verdict::Valid { .. }), "{:?}", verdict);
        }
    }
}
