//! Sign-in limits, pure: which counters a sign-in attempt counts against, and how many
//! attempts each allows in a window. The store reserves an attempt on every counter in
//! one transaction *before* the password is checked, so parallel guesses cannot slip
//! past the limit; a success gives its reservations back.
//!
//! - **Per username**: a few attempts per window, for whoever types that name.
//! - **Per address**: many more (a school's Wi-Fi puts a whole class behind one
//!   address), so random usernames from one machine cannot each get their own five.
//! - **Per trusted device**: a phone that has signed in as this person before carries a
//!   device token; its attempts count against that device instead of the username. An
//!   attacker who keeps the username locked therefore never locks the real person out of
//!   their own phone (the lockout is theirs alone). A new device waits out the window.

/// How long a window of attempts lasts.
pub const WINDOW_SECONDS: i64 = 15 * 60;
pub const MAX_PER_USERNAME: u32 = 5;
pub const MAX_PER_DEVICE: u32 = 10;
pub const MAX_PER_ADDRESS: u32 = 100;

/// One counter an attempt is reserved on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// `user:<name>`, `device:<token hash>` or `addr:<address>`.
    pub key: String,
    pub max: u32,
    /// Whether a successful sign-in clears the counter (username, device) or only gives
    /// its one attempt back (address: other people's failures stay counted).
    pub cleared_by_success: bool,
}

/// The counters of one attempt: the trusted device's instead of the username's when the
/// request carries a device token trusted for this person.
pub fn limits(username: &str, address: Option<&str>, trusted_device: Option<&str>) -> Vec<Limit> {
    let mut limits = vec![match trusted_device {
        Some(device) => Limit {
            key: format!("device:{device}"),
            max: MAX_PER_DEVICE,
            cleared_by_success: true,
        },
        None => Limit {
            key: format!("user:{}", username.trim().to_lowercase()),
            max: MAX_PER_USERNAME,
            cleared_by_success: true,
        },
    }];
    if let Some(address) = address {
        limits.push(Limit {
            key: format!("addr:{address}"),
            max: MAX_PER_ADDRESS,
            cleared_by_success: false,
        });
    }
    limits
}

/// Seconds to wait when a counter that started at `window_start` holds `count`
/// attempts (this one included) and allows `max`; `None` when this attempt may go on.
pub fn wait(count: u32, max: u32, window_start: i64, now: i64) -> Option<u64> {
    (count > max).then(|| {
        u64::try_from(window_start + WINDOW_SECONDS - now)
            .unwrap_or(0)
            .max(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_device_counts_instead_of_the_username() {
        let plain = limits(" Trainer ", Some("10.0.0.7"), None);
        assert_eq!(plain[0].key, "user:trainer");
        assert_eq!(plain[1].key, "addr:10.0.0.7");
        assert!(!plain[1].cleared_by_success);
        let trusted = limits("trainer", Some("10.0.0.7"), Some("ab12"));
        assert_eq!(trusted[0].key, "device:ab12");
        assert_eq!(trusted[0].max, MAX_PER_DEVICE);
        assert_eq!(limits("x", None, None).len(), 1);
    }

    #[test]
    fn the_attempt_after_the_last_allowed_one_waits_for_the_window() {
        let start = 1_000_000;
        assert_eq!(wait(5, 5, start, start + 10), None);
        assert_eq!(wait(6, 5, start, start + 60), Some(840));
        assert_eq!(wait(6, 5, start, start + WINDOW_SECONDS + 5), Some(1));
    }
}
