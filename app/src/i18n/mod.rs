//! Khmer and English for every interface string.
//!
//! Each language is one `Strings` value; a missing string is a compile error, so no
//! screen can ship in one language only. No locale data is downloaded: numbers and
//! dates are formatted here. Decision: the Khmer interface uses Khmer digits (០–៩).
//!
//! Pages render on the server in the request's locale (the `x-sala-lang` header a
//! service worker may send, else the `sala_lang` cookie, else `Accept-Language`, else
//! Khmer). Switching language reloads the page in the other language.

mod en;
mod km;

use crate::domain::calendar::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use en::EN;
pub use km::KM;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "sala_lang";

/// The header a service worker sends to fetch a page in a given language (it cannot set
/// cookies); it wins over the cookie.
pub const LANG_HEADER: &str = "x-sala-lang";

/// The language of a request — the one rule, for pages and downloads alike: the
/// `x-sala-lang` header, else the `sala_lang` cookie, else `Accept-Language`, else Khmer.
#[cfg(feature = "ssr")]
pub fn request_locale(headers: &http::HeaderMap) -> Locale {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    header(LANG_HEADER)
        .and_then(Locale::parse)
        .or_else(|| {
            crate::auth::service::cookie(headers, LANG_COOKIE).and_then(|c| Locale::parse(&c))
        })
        .or_else(|| {
            header(http::header::ACCEPT_LANGUAGE.as_str()).and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Km,
    En,
}

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

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::Km => &KM,
            Locale::En => &EN,
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
        let s = self.strings();
        let weekday = s.weekdays[usize::from(date.weekday())];
        let month = s.months[usize::from(date.month.saturating_sub(1)) % 12];
        self.digits(&format!("{weekday} {} {month} {}", date.day, date.year))
    }

    /// "07:30".
    pub fn time(self, hour: u8, minute: u8) -> String {
        self.digits(&format!("{hour:02}:{minute:02}"))
    }
}

/// Fills the single `{}` of a translated template.
pub fn fill(template: &str, value: impl std::fmt::Display) -> String {
    template.replacen("{}", &value.to_string(), 1)
}

/// Every interface string, once per language.
pub struct Strings {
    pub lang_name: &'static str,
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub error_credentials: &'static str,
    pub error_missing_fields: &'static str,
    /// `{}` is the number of minutes to wait.
    pub error_rate_limited: &'static str,
    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_invalid: &'static str,
    pub error_offline: &'static str,
    pub error_internal: &'static str,
    pub loading: &'static str,
    pub role_learner: &'static str,
    pub role_trainer: &'static str,
    pub role_assessor: &'static str,
    pub role_curriculum: &'static str,
    pub role_admin: &'static str,
    pub my_courses: &'static str,
    pub no_courses: &'static str,
    pub class_label: &'static str,
    pub qualification: &'static str,
    /// `{}` is the CQF level.
    pub cqf_level: &'static str,
    /// `{}` is a count.
    pub n_modules: &'static str,
    pub n_activities: &'static str,
    pub n_lessons: &'static str,
    pub n_learners: &'static str,
    pub next_session: &'static str,
    pub no_upcoming_session: &'static str,
    pub todays_sessions: &'static str,
    pub no_sessions_today: &'static str,
    pub coming_days: &'static str,
    pub no_coming_sessions: &'static str,
    pub place: &'static str,
    pub mode_face_to_face: &'static str,
    pub mode_online_live: &'static str,
    pub mode_online_self_paced: &'static str,
    pub mode_workplace: &'static str,
    pub open_course: &'static str,
    /// `{}` is a number of minutes.
    pub n_minutes: &'static str,
    pub done: &'static str,
    pub not_done: &'static str,
    pub read_lesson: &'static str,
    pub sessions_label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub back_to_course: &'static str,
    pub knowledge_check: &'static str,
    pub check_answers: &'static str,
    pub correct: &'static str,
    pub not_correct: &'static str,
    /// `{}` is "correct/total".
    pub score: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub my_progress: &'static str,
    /// `{}` is a percentage.
    pub pct_activities_done: &'static str,
    pub lessons_done_label: &'static str,
    pub best_score: &'static str,
    pub criteria_covered: &'static str,
    pub covered: &'static str,
    pub not_covered: &'static str,
    pub your_tools: &'static str,
    pub coming_soon: &'static str,
    pub tools_assessor: [&'static str; 4],
    pub tools_curriculum: [&'static str; 4],
    pub tools_admin: [&'static str; 4],
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub go_home: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub try_again: &'static str,
    pub mark_done: &'static str,
    pub saved_on_phone: &'static str,
    pub save_failed: &'static str,
    /// `{}` is "score/max".
    pub latest_score: &'static str,
    /// `{}` is "score/max".
    pub best_of_attempts: &'static str,
    pub net_online: &'static str,
    pub net_offline: &'static str,
    pub net_syncing: &'static str,
    /// `{}` is a count.
    pub n_unsynced: &'static str,
    pub all_synced: &'static str,
    /// `{}` is a date and time.
    pub last_sync: &'static str,
    pub never_synced: &'static str,
    pub sync_now: &'static str,
    pub sync_status: &'static str,
    pub unsynced_changes: &'static str,
    pub sync_offline: &'static str,
    pub sync_signed_out: &'static str,
    pub sync_failed: &'static str,
    pub refused_title: &'static str,
    pub reason_invalid: &'static str,
    pub reason_unknown_lesson: &'static str,
    pub reason_id_taken: &'static str,
    pub kind_lesson_done: &'static str,
    pub kind_check_attempt: &'static str,
    pub kind_time_spent: &'static str,
    /// `{}` is a count.
    pub signout_unsynced: &'static str,
    pub sync_and_sign_out: &'static str,
    pub sign_out_anyway: &'static str,
    pub cancel: &'static str,
    pub download_offline: &'static str,
    /// `{}` is a size.
    pub download_size: &'static str,
    pub downloading: &'static str,
    pub available_offline: &'static str,
    /// `{}` is a size.
    pub saved_size: &'static str,
    /// `{}` is "used of available".
    pub storage_used: &'static str,
    pub of: &'static str,
    pub remove_download: &'static str,
    pub course_update: &'static str,
    pub update_now: &'static str,
    pub download_failed: &'static str,
    pub download_cancelled: &'static str,
    pub app_update: &'static str,
    /// `{}` is a number.
    pub kilobytes: &'static str,
    /// `{}` is a number.
    pub megabytes: &'static str,
    pub roll_call: &'static str,
    /// `{}` then `{}`: marked, learners.
    pub n_of_m_marked: &'static str,
    pub needs_decision: &'static str,
    pub keep_this: &'static str,
    /// `{}` is a count.
    pub n_unmarked: &'static str,
    pub mark_everyone_present: &'static str,
    pub undo: &'static str,
    pub not_marked: &'static str,
    pub minutes_and_note: &'static str,
    pub minutes_late: &'static str,
    pub note: &'static str,
    pub save: &'static str,
    pub kind_attendance: &'static str,
    pub reason_not_allowed: &'static str,
    pub reason_unknown_session: &'static str,
    pub reason_unknown_learner: &'static str,
    pub reason_unknown_status: &'static str,
    pub reason_wrong_code: &'static str,
    pub reason_expired_code: &'static str,
    pub reason_other_session: &'static str,
    pub reason_replayed_code: &'static str,
    pub kind_check_in: &'static str,
    pub check_in: &'static str,
    pub check_in_intro: &'static str,
    pub session: &'static str,
    pub code: &'static str,
    pub check_in_bad_code: &'static str,
    pub check_in_no_session: &'static str,
    pub no_check_in_sessions: &'static str,
    /// `{}` is a time.
    pub check_in_saved: &'static str,
    /// `{}` is a time.
    pub check_in_accepted: &'static str,
    pub check_in_refused: &'static str,
    pub self_check_in: &'static str,
    pub show_check_in_code: &'static str,
    pub check_in_trainer_help: &'static str,
    /// `{}` is a number of seconds.
    pub changes_in: &'static str,
    pub close: &'static str,
    pub check_ins_refused: &'static str,
    pub class_attendance: &'static str,
    /// `{}` is a percentage.
    pub at_risk_below: &'static str,
    /// `{}` is a count.
    pub n_at_risk: &'static str,
    pub export_csv: &'static str,
    pub print_sheet: &'static str,
    pub learner: &'static str,
    pub attendance_rate: &'static str,
    pub at_risk: &'static str,
    pub history: &'static str,
    pub earlier_sessions: &'static str,
    pub no_earlier_sessions: &'static str,
    pub attendance_settings: &'static str,
    pub settings_intro: &'static str,
    pub status_code: &'static str,
    pub points: &'static str,
    pub counts_in_rate: &'static str,
    pub asks_minutes: &'static str,
    pub at_risk_threshold: &'static str,
    pub saved: &'static str,
    pub settings_no_statuses: &'static str,
    pub settings_bad_code: &'static str,
    pub settings_duplicate_code: &'static str,
    pub settings_bad_label: &'static str,
    pub settings_bad_points: &'static str,
    pub settings_bad_threshold: &'static str,
    /// `{}` is a number.
    pub gigabytes: &'static str,
    /// `{}` is a time.
    pub next_try: &'static str,
    pub no_sessions_scheduled: &'static str,
    pub signout_unknown: &'static str,
    pub error_busy: &'static str,
    pub reason_not_accepted: &'static str,
    pub reason_too_many_attempts: &'static str,
    pub reason_daily_limit: &'static str,
    pub reason_unknown_kind: &'static str,
    pub reason_unrecognised: &'static str,
    pub kind_unknown: &'static str,
    pub account: &'static str,
    pub signed_in_devices: &'static str,
    pub this_device: &'static str,
    pub a_browser: &'static str,
    /// `{}` is a date and time.
    pub last_used: &'static str,
    /// `{}` is a date and time.
    pub signed_in_on: &'static str,
    pub sign_out_there: &'static str,
    pub sign_out_everywhere_else: &'static str,
    pub devices_help: &'static str,
    /// `{}` is a count.
    pub n_devices_signed_out: &'static str,
    pub people: &'static str,
    pub person: &'static str,
    pub role_label: &'static str,
    pub end_all_sessions: &'static str,
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
}

impl Strings {
    pub fn role(&self, role: crate::domain::Role) -> &'static str {
        use crate::domain::Role;
        match role {
            Role::Learner => self.role_learner,
            Role::Trainer => self.role_trainer,
            Role::Assessor => self.role_assessor,
            Role::Curriculum => self.role_curriculum,
            Role::Admin => self.role_admin,
        }
    }

    pub fn mode(&self, mode: crate::domain::DeliveryMode) -> &'static str {
        use crate::domain::DeliveryMode;
        match mode {
            DeliveryMode::FaceToFace => self.mode_face_to_face,
            DeliveryMode::OnlineLive => self.mode_online_live,
            DeliveryMode::OnlineSelfPaced => self.mode_online_self_paced,
            DeliveryMode::Workplace => self.mode_workplace,
        }
    }

    pub fn error(&self, error: &crate::error::AppError) -> String {
        use crate::error::AppError;
        match error {
            AppError::Unauthenticated => self.error_unauthenticated.to_owned(),
            AppError::Forbidden => self.error_forbidden.to_owned(),
            AppError::NotFound => self.error_not_found.to_owned(),
            AppError::Invalid { .. } | AppError::BadRequest(_) => self.error_invalid.to_owned(),
            AppError::RateLimited { retry_after_secs } => {
                fill(self.error_rate_limited, retry_after_secs.div_ceil(60))
            }
            AppError::Offline => self.error_offline.to_owned(),
            AppError::Busy => self.error_busy.to_owned(),
            AppError::Internal => self.error_internal.to_owned(),
        }
    }
}

/// The locale of the page being rendered. Fixed for the request (switching language
/// reloads the page), so it is a plain value rather than a signal: nothing a page
/// renders reads reactive state that the end of a request could have disposed.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: Locale,
}

impl I18n {
    pub fn new(locale: Locale) -> I18n {
        I18n { locale }
    }

    pub fn get(self) -> Locale {
        self.locale
    }

    pub fn get_untracked_locale(self) -> Locale {
        self.locale
    }

    /// The strings of the page's locale.
    pub fn t(self) -> &'static Strings {
        self.locale.strings()
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A translated string as a view: `{tr(|t| t.sign_in)}`. The key is a plain `fn`, so every
/// translated text in the app shares one view type — one copy of its rendering code in
/// the browser bundle instead of one per string.
pub fn tr(
    key: fn(&'static Strings) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || key(i18n.t())
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
    }

    #[test]
    fn every_string_is_translated() {
        // The struct makes a missing string a compile error; this catches empty ones.
        let en = EN.weekdays.iter().chain(EN.months.iter());
        let km = KM.weekdays.iter().chain(KM.months.iter());
        assert!(en.chain(km).all(|s| !s.is_empty()));
        for (e, k) in [
            (EN.sign_in, KM.sign_in),
            (EN.not_found_title, KM.not_found_title),
            (EN.offline_title, KM.offline_title),
        ] {
            assert!(!e.is_empty() && !k.is_empty() && e != k);
        }
        for template in [
            EN.error_rate_limited,
            KM.error_rate_limited,
            EN.n_learners,
            KM.n_learners,
            EN.cqf_level,
            KM.cqf_level,
        ] {
            assert_eq!(template.matches("{}").count(), 1, "{template}");
        }
    }
}

impl Locale {
    /// A UTC time (`2026-11-30T08:15:00Z`) as "Mon 30 Nov 2026 15:15" on Cambodia's clock.
    pub fn date_time(self, utc: &str) -> Option<String> {
        let t = crate::domain::calendar::parse_utc(utc)?;
        let (hour, minute) = crate::domain::calendar::cambodia_clock(t);
        Some(format!(
            "{} {}",
            self.date(Date::in_cambodia(t)),
            self.time(hour, minute)
        ))
    }

    /// A size in bytes in human units: "95 KB", "1.3 MB", "10.7 GB" (decimal units; above a megabyte, to the
    /// nearest tenth), in this language's digits.
    pub fn size(self, bytes: u64) -> String {
        let t = self.strings();
        let tenths = |unit: u64| {
            // Rounded to the nearest tenth.
            let tenths = (bytes + unit / 20) / (unit / 10);
            self.digits(&format!("{}.{}", tenths / 10, tenths % 10))
        };
        if bytes < 1_000_000 {
            fill(t.kilobytes, self.number(bytes.div_ceil(1000)))
        } else if bytes < 1_000_000_000 {
            fill(t.megabytes, tenths(1_000_000))
        } else {
            fill(t.gigabytes, tenths(1_000_000_000))
        }
    }

    /// A UTC time as "15:15:07" on Cambodia's clock.
    pub fn clock(self, utc: &str) -> Option<String> {
        let t = crate::domain::calendar::parse_utc(utc)?;
        let local = t + crate::domain::calendar::CAMBODIA_OFFSET_SECONDS;
        let (h, m, s) = (
            local.rem_euclid(86_400) / 3600,
            local.rem_euclid(3600) / 60,
            local.rem_euclid(60),
        );
        Some(self.digits(&format!("{h:02}:{m:02}:{s:02}")))
    }
}

#[cfg(test)]
mod size_tests {
    use super::Locale;

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
