//! Self check-in codes, pure. The trainer's phone shows a code that changes every
//! [`PERIOD_SECONDS`]; a learner types it (or scans the QR code that carries it) and is
//! marked present. Neither phone needs the network: the code is an HMAC of the time
//! window under a key only the server and the session's trainers hold, so the server
//! checks it when the learner's check-in arrives, however late.
//!
//! - `session key = HMAC-SHA256(server secret, "sala check-in v2 <session> <start> <end>")`:
//!   the server gives it to the trainers of that session's class only, and only around
//!   the session's own time ([`key_is_live`]); moving the session changes it.
//! - `code(window) = first 31 bits of HMAC-SHA256(session key, window as 8 big-endian
//!   bytes) mod 10⁶`, shown as six digits; `window = unix seconds / PERIOD_SECONDS`.
//!
//! [`judge`] accepts a code only for a window inside the session's own time (with
//! [`GRACE_SECONDS`] either side), never later than the server's receipt (plus
//! [`CLOCK_SKEW_SECONDS`] for a trainer's phone a little ahead), and within
//! [`TOLERANCE_SECONDS`] of when the learner's phone says it was typed (phones' clocks
//! differ by a few minutes). Guessing is useless: a learner has [`MAX_ATTEMPTS`] per
//! session, and is told only "not accepted"; the reason (wrong, expired, another
//! session's, already used) goes to the trainer.

use sha2::{Digest, Sha256};

/// The code changes this often.
pub const PERIOD_SECONDS: i64 = 10;

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

/// The key of one session's codes, from the server's secret and the session's id and
/// time (unix seconds).
pub fn session_key(secret: &[u8], session: &str, starts: i64, ends: i64) -> [u8; 32] {
    hmac(
        secret,
        format!("sala check-in v2 {session} {starts} {ends}").as_bytes(),
    )
}

/// Whether a trainer may be given a session's key at `now`: from a day before the
/// session starts (today's roll calls are kept on the phone in the morning) until the
/// grace after it ends.
pub fn key_is_live(starts: i64, ends: i64, now: i64) -> bool {
    now >= starts - 86_400 && now <= ends + GRACE_SECONDS
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

/// A check-in, as the server judges it.
#[derive(Clone, Copy, Debug)]
pub struct CheckIn<'a> {
    pub typed: &'a str,
    /// When the learner's phone says the code was typed (unix seconds).
    pub typed_at: i64,
    /// When the server received it.
    pub received_at: i64,
    /// The learner's check-ins to this session so far (accepted or not), this one aside.
    pub attempts: u32,
}

/// One session a code may belong to.
#[derive(Clone, Copy, Debug)]
pub struct SessionCodes {
    pub key: [u8; 32],
    pub starts: i64,
    pub ends: i64,
}

/// What a check-in's code says. Only the trainer sees why one was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// The code of this window of the session, typed in time.
    Valid { window: i64 },
    /// The code of this session, but typed too long before or after it was shown.
    Expired,
    /// The code of another session the learner could have been at.
    OtherSession,
    /// Not a code of this session around its time.
    Wrong,
    /// The learner has used up their attempts at this session: not even looked at.
    TooManyAttempts,
}

/// A check-in's code may be typed this far from when its window was shown.
pub const TOLERANCE_SECONDS: i64 = 6 * 60;
/// Windows this long before a session starts and after it ends are its own.
pub const GRACE_SECONDS: i64 = 15 * 60;
/// A window may be this far ahead of the server's clock (a trainer's phone ahead).
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;
/// Check-ins a learner may make to one session.
pub const MAX_ATTEMPTS: u32 = 10;
/// Digits in a code.
pub const CODE_DIGITS: usize = 6;

/// The windows that belong to a session and have been shown by the time the server got
/// the check-in.
fn windows(session: &SessionCodes, received_at: i64) -> std::ops::RangeInclusive<i64> {
    let first = window_of(session.starts - GRACE_SECONDS);
    let last = window_of((session.ends + GRACE_SECONDS).min(received_at + CLOCK_SKEW_SECONDS));
    first..=last
}

/// Judges a check-in to `session`; `others` are the learner's other sessions around
/// that time (to tell the trainer "another session's code"). At most about
/// `2 × TOLERANCE / PERIOD` codes are computed for a good code, and a wrong one costs
/// the session's windows once — bounded by [`MAX_ATTEMPTS`].
pub fn judge(check_in: CheckIn, session: &SessionCodes, others: &[SessionCodes]) -> Judgement {
    if check_in.attempts >= MAX_ATTEMPTS {
        return Judgement::TooManyAttempts;
    }
    let typed = check_in.typed;
    if !is_well_formed(typed) {
        return Judgement::Wrong;
    }
    let own = windows(session, check_in.received_at);
    let reach = TOLERANCE_SECONDS / PERIOD_SECONDS;
    let near = window_of(check_in.typed_at);
    if let Some(window) = (near - reach..=near + reach)
        .filter(|w| own.contains(w))
        .find(|&w| code(&session.key, w) == typed)
    {
        return Judgement::Valid { window };
    }
    if own.clone().any(|w| code(&session.key, w) == typed) {
        return Judgement::Expired;
    }
    let elsewhere = others.iter().any(|other| {
        let theirs = windows(other, check_in.received_at);
        (near - reach..=near + reach)
            .filter(|w| theirs.contains(w))
            .any(|w| code(&other.key, w) == typed)
    });
    if elsewhere {
        Judgement::OtherSession
    } else {
        Judgement::Wrong
    }
}

/// Whether a device's clock ran backwards at a check-in: it says it was typed more than
/// a minute before the device's previous record (by its own counter) was written.
pub fn clock_ran_backwards(previous_at: Option<i64>, typed_at: i64) -> bool {
    previous_at.is_some_and(|p| typed_at < p - 60)
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

    fn key(name: &str) -> [u8; 32] {
        session_key(b"secret", name, START, START + 3 * 3600)
    }

    const START: i64 = 1_800_000_000;

    fn session(name: &str) -> SessionCodes {
        SessionCodes {
            key: key(name),
            starts: START,
            ends: START + 3 * 3600,
        }
    }

    fn check_in(typed: &str, typed_at: i64, received_at: i64) -> CheckIn<'_> {
        CheckIn {
            typed,
            typed_at,
            received_at,
            attempts: 0,
        }
    }

    #[test]
    fn codes_are_six_digits_that_change_with_the_window_and_the_session() {
        let (a, b) = (key("session-a"), key("session-b"));
        let w = window_of(START);
        assert!(is_well_formed(&code(&a, w)));
        assert_eq!(code(&a, w), code(&a, w));
        let changes = (0..20)
            .filter(|i| code(&a, w + i) != code(&a, w + i + 1))
            .count();
        assert!(changes >= 19);
        assert_ne!(code(&a, w), code(&b, w));
        assert_ne!(
            session_key(b"secret", "s", START, START + 60),
            session_key(b"other", "s", START, START + 60)
        );
        // Moving the session gives it another key.
        assert_ne!(
            session_key(b"secret", "s", START, START + 60),
            session_key(b"secret", "s", START + 86_400, START + 86_460)
        );
    }

    #[test]
    fn a_code_is_valid_near_its_window_and_inside_the_session_only() {
        let s = session("s");
        let shown_at = START + 600;
        let window = window_of(shown_at);
        let typed = code(&s.key, window);
        let got = START + 3600;
        assert_eq!(
            judge(check_in(&typed, shown_at + 5, got), &s, &[]),
            Judgement::Valid { window }
        );
        // Phones five minutes apart, either way.
        assert_eq!(
            judge(check_in(&typed, shown_at - 300, got), &s, &[]),
            Judgement::Valid { window }
        );
        assert_eq!(
            judge(check_in(&typed, shown_at + 300, got), &s, &[]),
            Judgement::Valid { window }
        );
        // Passed on twenty minutes later.
        assert_eq!(
            judge(check_in(&typed, shown_at + 1200, got), &s, &[]),
            Judgement::Expired
        );
        assert_eq!(
            judge(check_in("12345", shown_at, got), &s, &[]),
            Judgement::Wrong
        );
        assert_eq!(
            judge(check_in("12345a", shown_at, got), &s, &[]),
            Judgement::Wrong
        );
    }

    #[test]
    fn a_code_of_tomorrow_or_of_the_future_is_never_accepted() {
        // The key in a cached roll call lets someone compute any window's code: those
        // outside the session's time, or after the server received the check-in, fail.
        let s = session("s");
        let tomorrow = START + 86_400 + 600;
        let code_of_tomorrow = code(&s.key, window_of(tomorrow));
        assert_ne!(
            judge(check_in(&code_of_tomorrow, tomorrow, tomorrow), &s, &[]),
            Judgement::Valid {
                window: window_of(tomorrow)
            }
        );
        // Late in the session, a code for its last minutes sent at its start.
        let later = START + 2 * 3600;
        let early_receipt = START + 60;
        let code_of_later = code(&s.key, window_of(later));
        assert!(!matches!(
            judge(check_in(&code_of_later, later, early_receipt), &s, &[]),
            Judgement::Valid { .. }
        ));
        // A trainer's phone a few minutes ahead of the server is fine.
        let ahead = START + 600;
        let code_ahead = code(&s.key, window_of(ahead + 240));
        assert!(matches!(
            judge(check_in(&code_ahead, ahead + 240, ahead), &s, &[]),
            Judgement::Valid { .. }
        ));
    }

    #[test]
    fn another_sessions_code_and_used_up_attempts() {
        let (s, t) = (session("s"), session("t"));
        let at = START + 900;
        let theirs = code(&t.key, window_of(at));
        if theirs != code(&s.key, window_of(at)) {
            assert_eq!(
                judge(check_in(&theirs, at, at + 10), &s, &[t]),
                Judgement::OtherSession
            );
        }
        let mut tenth = check_in(&theirs, at, at + 10);
        tenth.attempts = MAX_ATTEMPTS;
        let good = code(&s.key, window_of(at));
        tenth.typed = &good;
        assert_eq!(
            judge(tenth, &s, &[]),
            Judgement::TooManyAttempts,
            "not even looked at"
        );
    }

    #[test]
    fn keys_live_around_the_session_only() {
        let (start, end) = (START, START + 3600);
        assert!(key_is_live(start, end, start - 3 * 3600));
        assert!(key_is_live(start, end, end + 60));
        assert!(!key_is_live(start, end, end + GRACE_SECONDS + 1));
        assert!(!key_is_live(start, end, start - 2 * 86_400));
        assert!(clock_ran_backwards(Some(START), START - 3600));
        assert!(!clock_ran_backwards(Some(START), START - 30));
        assert!(!clock_ran_backwards(None, START));
    }

    #[test]
    fn keys_survive_hex() {
        let key = key("s");
        assert_eq!(from_hex(&to_hex(&key)), Some(key));
        assert_eq!(from_hex("zz"), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
    }

    proptest! {
        #[test]
        fn every_shown_code_is_accepted_from_a_phone_within_five_minutes(
            offset in 0i64..10_800, skew in -300i64..=300, delay in 0i64..86_400,
        ) {
            let s = session("s");
            let shown_at = START + offset;
            let typed = code(&s.key, window_of(shown_at));
            let verdict = judge(check_in(&typed, shown_at + skew, shown_at + delay), &s, &[]);
            prop_assert!(matches!(verdict, Judgement::Valid { .. }), "{:?}", verdict);
        }
    }
}
