//! The two languages of Sala, and how numbers, dates, times and sizes are written in each.
//! Pure: no interface strings here (those are the app's `i18n`); just what formatting
//! needs, decided once — the Khmer interface writes Khmer digits (០–៩).

use crate::calendar::{cambodia_clock, parse_utc, ClockTime, Date, CAMBODIA_OFFSET_SECONDS};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Km,
    En,
}

const WEEKDAYS_KM: [&str; 7] = ["ច័ន្ទ", "អង្គារ", "ពុធ", "ព្រហស្បតិ៍", "សុក្រ", "សៅរ៍", "អាទិត្យ"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_KM: [&str; 12] = [
    "មករា",
    "កុម្ភៈ",
    "មីនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Km, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Km => "km",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim() {
            "km" => Some(Locale::Km),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Km => Locale::En,
            Locale::En => Locale::Km,
        }
    }

    /// The first supported language of an `Accept-Language` header, in the header's order.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| tag.trim().split('-').next())
            .find_map(|primary| Locale::parse(&primary.to_ascii_lowercase()))
    }

    /// Writes the digits of `text` in this locale's numerals.
    pub fn digits(self, text: &str) -> String {
        match self {
            Locale::En => text.to_owned(),
            Locale::Km => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x17E0 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        }
    }

    pub fn number(self, n: impl std::fmt::Display) -> String {
        self.digits(&n.to_string())
    }

    /// "Mon 30 Nov 2026" / "ច័ន្ទ ៣០ វិច្ឆិកា ២០២៦".
    pub fn date(self, date: Date) -> String {
        let (weekdays, months) = match self {
            Locale::Km => (WEEKDAYS_KM, MONTHS_KM),
            Locale::En => (WEEKDAYS_EN, MONTHS_EN),
        };
        let weekday = weekdays[usize::from(date.weekday()) % 7];
        let month = months[usize::from(date.month.saturating_sub(1)) % 12];
        self.digits(&format!("{weekday} {} {month} {}", date.day, date.year))
    }

    /// The short name of a weekday (0 = Monday … 6 = Sunday): "Mon" / "ច័ន្ទ".
    pub fn weekday(self, day: u8) -> &'static str {
        let names = match self {
            Locale::Km => WEEKDAYS_KM,
            Locale::En => WEEKDAYS_EN,
        };
        names[usize::from(day) % 7]
    }

    /// "07:30".
    pub fn time(self, hour: u8, minute: u8) -> String {
        self.digits(&format!("{hour:02}:{minute:02}"))
    }

    /// "07:30".
    pub fn clock_time(self, time: ClockTime) -> String {
        self.time(time.hour, time.minute)
    }

    /// A UTC time (`2026-11-30T08:15:00Z`) as "Mon 30 Nov 2026 15:15" on Cambodia's clock.
    pub fn date_time(self, utc: &str) -> Option<String> {
        let t = parse_utc(utc)?;
        Some(format!(
            "{} {}",
            self.date(Date::in_cambodia(t)),
            self.clock_time(cambodia_clock(t))
        ))
    }

    /// A UTC time as "15:15:07" on Cambodia's clock.
    pub fn clock(self, utc: &str) -> Option<String> {
        let t = parse_utc(utc)? + CAMBODIA_OFFSET_SECONDS;
        let (h, m, s) = (
            t.rem_euclid(86_400) / 3600,
            t.rem_euclid(3600) / 60,
            t.rem_euclid(60),
        );
        Some(self.digits(&format!("{h:02}:{m:02}:{s:02}")))
    }

    /// A size in bytes in human units: "95 KB", "1.3 MB", "10.7 GB" (decimal units; above
    /// a megabyte, to the nearest tenth), in this language's digits.
    pub fn size(self, bytes: u64) -> String {
        let units = match self {
            Locale::Km => ["គីឡូបៃ", "មេហ្គាបៃ", "ជីហ្គាបៃ"],
            Locale::En => ["KB", "MB", "GB"],
        };
        let tenths = |unit: u64| {
            // Rounded to the nearest tenth.
            let tenths = (bytes + unit / 20) / (unit / 10);
            self.digits(&format!("{}.{}", tenths / 10, tenths % 10))
        };
        if bytes < 1_000_000 {
            format!("{} {}", self.number(bytes.div_ceil(1000)), units[0])
        } else if bytes < 1_000_000_000 {
            format!("{} {}", tenths(1_000_000), units[1])
        } else {
            format!("{} {}", tenths(1_000_000_000), units[2])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_supported_language() {
        assert_eq!(
            Locale::from_accept_language("km-KH,km;q=0.9,en;q=0.8"),
            Some(Locale::Km)
        );
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR, EN;q=0.5"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("fr-FR,de"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn khmer_uses_khmer_digits() {
        assert_eq!(Locale::Km.number(2026), "២០២៦");
        assert_eq!(Locale::En.number(2026), "2026");
        assert_eq!(Locale::Km.time(7, 5), "០៧:០៥");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = Date::parse("2026-11-30").expect("valid");
        assert_eq!(Locale::En.date(d), "Mon 30 Nov 2026");
        assert_eq!(Locale::Km.date(d), "ច័ន្ទ ៣០ វិច្ឆិកា ២០២៦");
        let every_word = WEEKDAYS_KM
            .iter()
            .chain(&WEEKDAYS_EN)
            .chain(&MONTHS_KM)
            .chain(&MONTHS_EN);
        assert!(every_word.clone().all(|w| !w.trim().is_empty()));
        assert_eq!(every_word.count(), 38);
    }

    #[test]
    fn sizes_read_in_kilobytes_then_megabytes() {
        assert_eq!(Locale::En.size(94_100), "95 KB");
        assert_eq!(Locale::En.size(1_250_000), "1.3 MB");
        assert_eq!(Locale::Km.size(2_000), "២ គីឡូបៃ");
        // A phone's whole quota: gigabytes, not "10738.3 MB".
        assert_eq!(Locale::En.size(10_738_300_000), "10.7 GB");
        assert_eq!(Locale::En.size(10_700_000_000), "10.7 GB");
        assert_eq!(Locale::Km.size(10_700_000_000), "១០.៧ ជីហ្គាបៃ");
    }

    #[test]
    fn clock_times_are_on_cambodias_clock() {
        assert_eq!(
            Locale::En.clock("2026-11-30T08:15:07Z").as_deref(),
            Some("15:15:07")
        );
        assert_eq!(
            Locale::Km.clock("2026-11-30T17:00:00Z").as_deref(),
            Some("០០:០០:០០")
        );
        assert_eq!(Locale::En.clock("nope"), None);
    }
}
