//! Calendar arithmetic without a date library (the browser bundle stays small):
//! civil dates, weekdays and Cambodia's clock (UTC+7, no daylight saving).

use serde::{Deserialize, Serialize};

/// Cambodia is UTC+7 all year.
pub const CAMBODIA_OFFSET_SECONDS: i64 = 7 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let date = Date { year, month, day };
        (s.len() == 10
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(date)
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's algorithm.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days_since_epoch() + 3).rem_euclid(7)) as u8
    }

    /// The date in Cambodia at a Unix time.
    pub fn in_cambodia(unix_seconds: i64) -> Date {
        Date::from_days_since_epoch((unix_seconds + CAMBODIA_OFFSET_SECONDS).div_euclid(86_400))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A time of day: hours (0–23) and minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClockTime {
    pub hour: u8,
    pub minute: u8,
}

/// The time of day of a Unix time on Cambodia's clock.
pub fn cambodia_clock(unix_seconds: i64) -> ClockTime {
    let secs = (unix_seconds + CAMBODIA_OFFSET_SECONDS).rem_euclid(86_400);
    ClockTime {
        hour: (secs / 3600) as u8,
        minute: ((secs % 3600) / 60) as u8,
    }
}

/// Seconds since the Unix epoch of a UTC time written `YYYY-MM-DDTHH:MM[:SS…]Z` (how
/// devices and the server write times).
pub fn parse_utc(text: &str) -> Option<i64> {
    let date = Date::parse(text.get(0..10)?)?;
    let field = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (hour, minute) = (field(11..13)?, field(14..16)?);
    let second = field(17..19).unwrap_or(0);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_parse_and_show_on_cambodias_clock() {
        let t = parse_utc("2026-11-30T20:15:09.250Z").expect("time");
        assert_eq!(
            Date::in_cambodia(t),
            Date::parse("2026-12-01").expect("date")
        );
        assert_eq!(
            cambodia_clock(t),
            ClockTime {
                hour: 3,
                minute: 15
            }
        );
        assert_eq!(parse_utc("2026-11-30T24:00:00Z"), None);
        assert_eq!(parse_utc("yesterday"), None);
    }

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(
            Date::parse("2026-11-30"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 30
            })
        );
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-1",
            "30-11-2026",
            "",
            "2026-11-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad} must be rejected");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        let cases = [
            ("1970-01-01", 0),
            ("2000-03-01", 11_017),
            ("2026-11-30", 20_787),
            ("1969-12-31", -1),
        ];
        for (text, days) in cases {
            let date = Date::parse(text).expect("valid");
            assert_eq!(date.days_since_epoch(), days, "{text}");
            assert_eq!(Date::from_days_since_epoch(days), date);
        }
        for z in -1000..40_000 {
            assert_eq!(Date::from_days_since_epoch(z).days_since_epoch(), z);
        }
    }

    #[test]
    fn weekdays_and_adding_days() {
        let monday = Date::parse("2026-11-30").expect("valid");
        assert_eq!(monday.weekday(), 0);
        assert_eq!(monday.add_days(6).weekday(), 6);
        assert_eq!(monday.add_days(2).to_string(), "2026-12-02");
        assert_eq!(monday.add_days(32).to_string(), "2027-01-01");
    }

    #[test]
    fn cambodia_is_seven_hours_ahead() {
        // 2026-11-30T17:30:00Z is 00:30 on 1 December in Phnom Penh.
        let t = Date::parse("2026-11-30").expect("valid").days_since_epoch() * 86_400
            + 17 * 3600
            + 1800;
        assert_eq!(Date::in_cambodia(t).to_string(), "2026-12-01");
        assert_eq!(
            cambodia_clock(t),
            ClockTime {
                hour: 0,
                minute: 30
            }
        );
    }
}
