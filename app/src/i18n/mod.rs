//! Khmer and English for every interface string.
//!
//! Each language is one `Strings` value; a missing string is a compile error, so no
//! screen can ship in one language only. No locale data is downloaded: numbers and
//! dates are formatted here. Decision: the Khmer interface uses Khmer digits (០–៩).
//!
//! Pages render on the server in the request's locale (`request::locale`). Switching
//! language reloads the page in the other language. The locale itself, and how numbers
//! and dates are written in it, are the domain's (`domain::Locale`).

mod en;
pub mod judging;
mod km;
pub mod rpl;

pub use domain::Locale;
use leptos::prelude::*;

pub use en::EN;
pub use km::KM;

pub use wire::{LANG_COOKIE, LANG_HEADER};

/// Every interface string of a language.
pub trait LocaleStrings {
    fn strings(self) -> &'static Strings;
}

impl LocaleStrings for Locale {
    fn strings(self) -> &'static Strings {
        match self {
            Locale::Km => &KM,
            Locale::En => &EN,
        }
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
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_out: &'static str,
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
    pub role_national: &'static str,
    pub my_courses: &'static str,
    pub no_courses: &'static str,
    pub class_label: &'static str,
    /// `{}` is the CQF level.
    pub cqf_level: &'static str,
    /// `{}` is a count.
    pub n_modules: &'static str,
    pub n_activities: &'static str,
    pub n_lessons: &'static str,
    pub n_learners: &'static str,
    pub next_session: &'static str,
    pub no_upcoming_session: &'static str,
    /// The learner's timetable: its title, what it holds (`{}` is a number of days), none.
    pub my_timetable: &'static str,
    pub timetable_intro: &'static str,
    pub no_timetable: &'static str,
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
    pub tools_assessor: [&'static str; 2],
    /// The link to the RPL assessment packages (curriculum's and assessors' homes).
    pub rpl_packages: &'static str,
    pub tools_admin: [&'static str; 1],
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
}

impl Strings {
    /// Why the server refused a record, in the reader's language.
    pub fn reason(&'static self, reason: domain::sync::RejectReason) -> &'static str {
        use domain::sync::RejectReason;
        let t = self;
        match reason {
            RejectReason::Invalid => t.reason_invalid,
            RejectReason::UnknownLesson => t.reason_unknown_lesson,
            RejectReason::IdTaken => t.reason_id_taken,
            RejectReason::NotAllowed => t.reason_not_allowed,
            RejectReason::UnknownSession => t.reason_unknown_session,
            RejectReason::UnknownLearner => t.reason_unknown_learner,
            RejectReason::UnknownStatus => t.reason_unknown_status,
            RejectReason::WrongCode => t.reason_wrong_code,
            RejectReason::ExpiredCode => t.reason_expired_code,
            RejectReason::OtherSession => t.reason_other_session,
            RejectReason::ReplayedCode => t.reason_replayed_code,
            RejectReason::NotAccepted => t.reason_not_accepted,
            RejectReason::TooManyAttempts => t.reason_too_many_attempts,
            RejectReason::DailyLimit => t.reason_daily_limit,
            RejectReason::UnknownKind => t.reason_unknown_kind,
            RejectReason::Unrecognised => t.reason_unrecognised,
        }
    }

    pub fn role(&self, role: domain::Role) -> &'static str {
        use domain::Role;
        match role {
            Role::Learner => self.role_learner,
            Role::Trainer => self.role_trainer,
            Role::Assessor => self.role_assessor,
            Role::Curriculum => self.role_curriculum,
            Role::Admin => self.role_admin,
            Role::National => self.role_national,
        }
    }

    pub fn mode(&self, mode: domain::DeliveryMode) -> &'static str {
        use domain::DeliveryMode;
        match mode {
            DeliveryMode::FaceToFace => self.mode_face_to_face,
            DeliveryMode::OnlineLive => self.mode_online_live,
            DeliveryMode::OnlineSelfPaced => self.mode_online_self_paced,
            DeliveryMode::Workplace => self.mode_workplace,
        }
    }

    pub fn error(&self, error: &wire::AppError) -> String {
        use wire::AppError;
        match error {
            AppError::Unauthenticated => self.error_unauthenticated.to_owned(),
            AppError::Forbidden => self.error_forbidden.to_owned(),
            AppError::NotFound => self.error_not_found.to_owned(),
            AppError::Invalid { .. } | AppError::BadRequest { .. } => self.error_invalid.to_owned(),
            AppError::RateLimited { retry_after_secs } => {
                fill(self.error_rate_limited, retry_after_secs.div_ceil(60))
            }
            AppError::Offline => self.error_offline.to_owned(),
            AppError::Busy => self.error_busy.to_owned(),
            // (Never shown to a person of this site: another site's request, and the
            // sync client's own limits and protocol; as generic as their status.)
            AppError::CrossSite => self.error_forbidden.to_owned(),
            AppError::TooLarge | AppError::UnsupportedProtocol { .. } => {
                self.error_invalid.to_owned()
            }
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
    fn every_string_is_translated() {
        // The struct makes a missing string a compile error; this catches empty ones.
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
