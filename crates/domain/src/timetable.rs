//! A class's timetable as an admin plans it: a weekly pattern (days of the week, a start
//! and end time on Cambodia's clock, a place in Khmer and English) over a date range,
//! skipping the holidays given, for one face-to-face or workplace activity of the class's
//! programme; and moving one session to another day and time.
//!
//! Rules, each tested below:
//! - every problem of a pattern is reported at once, never only the first;
//! - a pattern gives the dates of its range whose weekday it names, in order, minus the
//!   holidays — never a date outside the range, never a holiday, never twice;
//! - a range is at most [`MAX_DAYS`] days and a plan at most [`MAX_SESSIONS`] sessions
//!   (a mistyped year does not make ten thousand sessions);
//! - a session ends after it starts, on the same day;
//! - a place is given in at least one language (the other falls back to it).

use crate::calendar::{ClockTime, Date};
use crate::text::Localized;

/// The longest range one pattern covers, in days (about a year and a half).
pub const MAX_DAYS: i64 = 550;
/// The most sessions one pattern plans.
pub const MAX_SESSIONS: usize = 400;
/// The longest place name, in characters, in either language.
pub const MAX_PLACE: usize = 100;
/// The most holidays one plan lists.
pub const MAX_HOLIDAYS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanFault {
    /// The first or last day is not a date (`YYYY-MM-DD`).
    BadDate,
    /// The last day is before the first.
    RangeBackwards,
    /// More than [`MAX_DAYS`] days.
    RangeTooLong,
    /// No day of the week chosen.
    NoDays,
    /// A start or end is not a time (`HH:MM`).
    BadTime,
    /// The end is not after the start.
    EndBeforeStart,
    /// No place in either language, or one longer than [`MAX_PLACE`].
    BadPlace,
    /// A holiday that is not a date, or more than [`MAX_HOLIDAYS`].
    BadHoliday,
    /// Not a face-to-face or workplace activity of the class's programme version.
    NotAnActivity,
    /// Every day of the range is a holiday or another weekday: nothing to plan.
    Nothing,
    /// More than [`MAX_SESSIONS`] sessions.
    TooMany,
    /// (moving) the session is cancelled, or not of this class.
    NotASession,
}

impl PlanFault {
    pub const ALL: [PlanFault; 12] = [
        PlanFault::BadDate,
        PlanFault::RangeBackwards,
        PlanFault::RangeTooLong,
        PlanFault::NoDays,
        PlanFault::BadTime,
        PlanFault::EndBeforeStart,
        PlanFault::BadPlace,
        PlanFault::BadHoliday,
        PlanFault::NotAnActivity,
        PlanFault::Nothing,
        PlanFault::TooMany,
        PlanFault::NotASession,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlanFault::BadDate => "bad_date",
            PlanFault::RangeBackwards => "range_backwards",
            PlanFault::RangeTooLong => "range_too_long",
            PlanFault::NoDays => "no_days",
            PlanFault::BadTime => "bad_time",
            PlanFault::EndBeforeStart => "end_before_start",
            PlanFault::BadPlace => "bad_place",
            PlanFault::BadHoliday => "bad_holiday",
            PlanFault::NotAnActivity => "not_an_activity",
            PlanFault::Nothing => "nothing",
            PlanFault::TooMany => "too_many",
            PlanFault::NotASession => "not_a_session",
        }
    }

    pub fn parse(code: &str) -> Option<PlanFault> {
        PlanFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// `HH:MM` (24-hour), as a time input sends it.
pub fn parse_time(text: &str) -> Option<ClockTime> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (hour, minute): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
}

/// One day's slot: a start and an end on the same day, the end after the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl Slot {
    pub fn parse(start: &str, end: &str) -> Result<Slot, PlanFault> {
        let (Some(start), Some(end)) = (parse_time(start), parse_time(end)) else {
            return Err(PlanFault::BadTime);
        };
        if end <= start {
            return Err(PlanFault::EndBeforeStart);
        }
        Ok(Slot { start, end })
    }
}

/// A place in Khmer and English, at least one given; the other falls back to it.
pub fn parse_place(km: &str, en: &str) -> Result<Localized, PlanFault> {
    let (km, en) = (km.trim(), en.trim());
    if (km.is_empty() && en.is_empty())
        || km.chars().count() > MAX_PLACE
        || en.chars().count() > MAX_PLACE
    {
        return Err(PlanFault::BadPlace);
    }
    let or = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_owned()
        } else {
            a.to_owned()
        }
    };
    Ok(Localized::new(or(km, en), or(en, km)))
}

/// Holidays as typed: dates separated by commas, spaces or new lines.
pub fn parse_holidays(text: &str) -> Result<Vec<Date>, PlanFault> {
    let dates: Option<Vec<Date>> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(Date::parse)
        .collect();
    match dates {
        Some(d) if d.len() <= MAX_HOLIDAYS => Ok(d),
        _ => Err(PlanFault::BadHoliday),
    }
}

/// A weekly pattern as the form sends it, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct PatternForm<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// 0 = Monday … 6 = Sunday; anything else is ignored.
    pub weekdays: Vec<u8>,
    pub start: &'a str,
    pub end: &'a str,
    pub place_km: &'a str,
    pub place_en: &'a str,
    pub holidays: &'a str,
}

/// A checked pattern: the dates it plans, the slot and the place.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub dates: Vec<Date>,
    pub slot: Slot,
    pub place: Localized,
}

/// Checks a pattern whole and gives the sessions' dates, or every problem at once.
pub fn plan(form: &PatternForm<'_>) -> Result<Plan, Vec<PlanFault>> {
    let mut faults = Vec::new();
    let range = match (Date::parse(form.from.trim()), Date::parse(form.to.trim())) {
        (Some(from), Some(to)) if to < from => {
            faults.push(PlanFault::RangeBackwards);
            None
        }
        (Some(from), Some(to)) if to.days_since_epoch() - from.days_since_epoch() >= MAX_DAYS => {
            faults.push(PlanFault::RangeTooLong);
            None
        }
        (Some(from), Some(to)) => Some((from, to)),
        _ => {
            faults.push(PlanFault::BadDate);
            None
        }
    };
    let mut days = [false; 7];
    for &d in &form.weekdays {
        if let Some(day) = days.get_mut(usize::from(d)) {
            *day = true;
        }
    }
    if !days.contains(&true) {
        faults.push(PlanFault::NoDays);
    }
    let slot = Slot::parse(form.start, form.end)
        .map_err(|f| faults.push(f))
        .ok();
    let place = parse_place(form.place_km, form.place_en)
        .map_err(|f| faults.push(f))
        .ok();
    let holidays = parse_holidays(form.holidays)
        .map_err(|f| faults.push(f))
        .ok();
    let (Some((from, to)), Some(slot), Some(place), Some(holidays)) =
        (range, slot, place, holidays)
    else {
        return Err(faults);
    };
    if !faults.is_empty() {
        return Err(faults);
    }
    let dates: Vec<Date> = (from.days_since_epoch()..=to.days_since_epoch())
        .map(Date::from_days_since_epoch)
        .filter(|d| days[usize::from(d.weekday())] && !holidays.contains(d))
        .collect();
    if dates.is_empty() {
        return Err(vec![PlanFault::Nothing]);
    }
    if dates.len() > MAX_SESSIONS {
        return Err(vec![PlanFault::TooMany]);
    }
    Ok(Plan { dates, slot, place })
}

/// Seconds since the Unix epoch of a time of day on a date, on Cambodia's clock.
pub fn unix_seconds(date: Date, time: ClockTime) -> i64 {
    date.days_since_epoch() * 86_400 + i64::from(time.hour) * 3600 + i64::from(time.minute) * 60
        - crate::calendar::CAMBODIA_OFFSET_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form<'a>(
        from: &'a str,
        to: &'a str,
        weekdays: Vec<u8>,
        holidays: &'a str,
    ) -> PatternForm<'a> {
        PatternForm {
            from,
            to,
            weekdays,
            start: "07:30",
            end: "11:30",
            place_km: "",
            place_en: "Workshop 2",
            holidays,
        }
    }

    #[test]
    fn two_weeks_of_weekday_mornings_skip_the_holiday() {
        // 2026-12-07 is a Monday; 2026-12-10 (Human Rights Day) a Thursday.
        let plan = plan(&form(
            "2026-12-07",
            "2026-12-20",
            vec![0, 1, 2, 3, 4],
            "2026-12-10",
        ))
        .expect("a plan");
        assert_eq!(plan.dates.len(), 9);
        assert!(!plan
            .dates
            .contains(&Date::parse("2026-12-10").expect("date")));
        assert!(plan.dates.iter().all(|d| d.weekday() < 5));
        assert_eq!(plan.place, Localized::new("Workshop 2", "Workshop 2"));
        assert_eq!(
            plan.slot,
            Slot {
                start: ClockTime {
                    hour: 7,
                    minute: 30
                },
                end: ClockTime {
                    hour: 11,
                    minute: 30
                }
            }
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let faults = plan(&PatternForm {
            from: "2026-02-30",
            to: "2026-03-01",
            weekdays: vec![9],
            start: "25:00",
            end: "11:00",
            place_km: " ",
            place_en: "",
            holidays: "soon",
        })
        .expect_err("refused");
        assert_eq!(
            faults,
            vec![
                PlanFault::BadDate,
                PlanFault::NoDays,
                PlanFault::BadTime,
                PlanFault::BadPlace,
                PlanFault::BadHoliday
            ]
        );
        let backwards = plan(&form("2026-12-20", "2026-12-07", vec![0], "")).expect_err("refused");
        assert_eq!(backwards, vec![PlanFault::RangeBackwards]);
        let long = plan(&form("2026-01-01", "2030-01-01", vec![0], "")).expect_err("refused");
        assert_eq!(long, vec![PlanFault::RangeTooLong]);
        let end = PatternForm {
            end: "07:30",
            ..form("2026-12-07", "2026-12-08", vec![0], "")
        };
        assert_eq!(
            plan(&end).expect_err("refused"),
            vec![PlanFault::EndBeforeStart]
        );
        // Only Sundays, in a range without one.
        let nothing = plan(&form("2026-12-07", "2026-12-12", vec![6], "")).expect_err("refused");
        assert_eq!(nothing, vec![PlanFault::Nothing]);
        let every_day =
            plan(&form("2026-01-01", "2027-06-01", (0..7).collect(), "")).expect_err("refused");
        assert_eq!(every_day, vec![PlanFault::TooMany]);
    }

    #[test]
    fn times_and_codes() {
        assert_eq!(parse_time("7:05"), Some(ClockTime { hour: 7, minute: 5 }));
        for bad in ["24:00", "07:60", "0730", "07:3", "", "-1:00", "a:bc"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        for f in PlanFault::ALL {
            assert_eq!(PlanFault::parse(f.code()), Some(f));
        }
        assert_eq!(
            unix_seconds(
                Date::parse("2026-12-07").expect("date"),
                ClockTime { hour: 7, minute: 0 }
            ),
            crate::calendar::parse_utc("2026-12-07T00:00:00Z").expect("time")
        );
    }

    proptest! {
        #[test]
        fn a_plan_keeps_to_its_range_days_and_holidays(
            start in 0i64..3000,
            length in 0i64..120,
            weekdays in proptest::collection::vec(0u8..7, 1..7),
            holidays in proptest::collection::vec(0i64..120, 0..10),
        ) {
            let from = Date::from_days_since_epoch(20_000 + start);
            let to = from.add_days(length);
            let holidays: Vec<Date> = holidays.iter().map(|h| from.add_days(*h)).collect();
            let text: Vec<String> = holidays.iter().map(Date::to_string).collect();
            let (from_s, to_s, hol) = (from.to_string(), to.to_string(), text.join("\n"));
            match plan(&form(&from_s, &to_s, weekdays.clone(), &hol)) {
                Ok(p) => {
                    prop_assert!(p.dates.windows(2).all(|w| w[0] < w[1]));
                    for d in &p.dates {
                        prop_assert!(*d >= from && *d <= to);
                        prop_assert!(weekdays.contains(&d.weekday()));
                        prop_assert!(!holidays.contains(d));
                    }
                    // Every date it could have planned, it did.
                    let expected = (0..=length)
                        .map(|i| from.add_days(i))
                        .filter(|d| weekdays.contains(&d.weekday()) && !holidays.contains(d))
                        .count();
                    prop_assert_eq!(p.dates.len(), expected);
                }
                Err(faults) => prop_assert_eq!(faults, vec![PlanFault::Nothing]),
            }
        }
    }
}
