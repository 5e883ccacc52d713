//! The application shell: the HTML document, the router, the header with the
//! language switch and sign-out, and the pages that belong to no feature (start page,
//! 404, offline).
//!
//! Islands: everything renders on the server; only components marked `#[island]`
//! (the language switch, `browser::Boot`, the offline page's retry link, the knowledge
//! check) ship code to the browser. Every link is a plain page load, which the service
//! worker keeps per URL and language.

pub mod browser;
pub mod device_bar;
mod header;
mod home;
mod hydration;
mod language;
mod not_found;
mod offline;

use crate::account::login::LoginPage;
use crate::auth::{me, MeResource};
use crate::i18n::{tr, I18n, Locale};
use crate::learn::course::CoursePage;
use crate::learn::lesson::LessonPage;
use crate::learn::progress::ProgressPage;
use crate::learn::LearnerHome;
use crate::teach::TrainerHome;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub use offline::OFFLINE_PATH;

/// The bundle a page loads (`scripts/build`): pages under `/teach` load the trainers'
/// bundle (the learners' islands and the roll call); pages under `/curriculum` the
/// authors' (the learners' islands and the blend editor's); the sign-in and offline pages
/// the signed-out one (the language switch and the service worker's boot: a first visit
/// downloads only that); every other page the learners' one, which leaves the trainers'
/// and authors' islands out.
fn bundle(options: LeptosOptions) -> LeptosOptions {
    #[cfg(feature = "ssr")]
    {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_owned());
        let other = match path.as_deref() {
            Some(p) if p == "/teach" || p.starts_with("/teach/") => {
                Some(crate::state::TRAINER_BUNDLE)
            }
            Some(p) if p == "/curriculum" || p.starts_with("/curriculum/") => {
                Some(crate::state::AUTHOR_BUNDLE)
            }
            Some("/login" | "/login/slip" | OFFLINE_PATH) => Some(crate::state::PUBLIC_BUNDLE),
            _ => None,
        };
        let built = use_context::<crate::state::AppState>().map(|s| s.build);
        let has = |bundle: &str| built.as_ref().is_some_and(|b| !b.bundle(bundle).is_empty());
        if let Some(bundle) = other.filter(|b| has(b)) {
            let mut other = options;
            other.output_name = bundle.into();
            other.hash_file = crate::state::hash_file_of(bundle).into();
            return other;
        }
    }
    options
}

/// The page's Content-Security-Policy: scripts only from this site and the page's own
/// inline scripts (Leptos's, which carry the request's nonce), wasm allowed to compile,
/// nothing from elsewhere, never framed.
fn content_security_policy() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let nonce = leptos::nonce::use_nonce()
            .map(|n| format!(" 'nonce-{}'", n.as_inner()))
            .unwrap_or_default();
        let policy = format!(
            "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
             worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f6b5e" />
                <meta name="description" content="Sala សាលា" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/favicon.png" type="image/png" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="preload" href="/fonts/noto-sans-khmer-400.woff2" r#as="font" type="font/woff2" crossorigin="" />
                <hydration::Stylesheet options=options.clone() />
                <hydration::Hydration options=bundle(options) />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's language (`i18n::request_locale`), said in `Content-Language` so the
/// service worker can keep a copy of a page per language.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        let locale = use_context::<http::request::Parts>()
            .map(|parts| crate::request::locale(&parts.headers))
            .unwrap_or_default();
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::header::CONTENT_LANGUAGE,
                http::HeaderValue::from_static(locale.code()),
            );
        }
        locale
    }
    #[cfg(not(feature = "ssr"))]
    {
        Locale::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n::new(request_locale());
    provide_context(i18n);
    provide_context(MeResource(Resource::new(|| (), |_| me())));

    view! {
        <Router>
            <a class="skip" href="#main">{tr(|t| t.skip_to_content)}</a>
            <header::Header />
            <browser::Boot locale=i18n.get_untracked_locale() />
            <main id="main">
                <Routes fallback=not_found::NotFound>
                    <Route path=path!("/") view=home::Home ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/login/slip") view=crate::account::slip::SlipPage ssr=SsrMode::Async />
                    <Route path=path!("/learn") view=LearnerHome ssr=SsrMode::Async />
                    <Route path=path!("/learn/course/:class") view=CoursePage ssr=SsrMode::Async />
                    <Route path=path!("/learn/lesson/:lesson") view=LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/learn/progress/:class") view=ProgressPage ssr=SsrMode::Async />
                    <Route path=path!("/learn/timetable") view=crate::learn::timetable::LearnerTimetablePage ssr=SsrMode::Async />
                    <Route path=path!("/learn/rpl") view=crate::learn::rpl::CandidatePageView ssr=SsrMode::Async />
                    <Route path=path!("/check-in") view=crate::learn::check_in::CheckInPage ssr=SsrMode::Async />
                    <Route path=path!("/teach") view=TrainerHome ssr=SsrMode::Async />
                    <Route path=path!("/teach/session/:session") view=crate::teach::roll_call::RollCallPage ssr=SsrMode::Async />
                    <Route path=path!("/teach/class/:class") view=crate::teach::class::ClassAttendancePage ssr=SsrMode::Async />
                    <Route path=path!("/teach/class/:class/report") view=crate::reports::TrainerClassReportPage ssr=SsrMode::Async />
                    <Route path=path!("/teach/classes") view=crate::reports::MyClassesPage ssr=SsrMode::Async />
                    <Route path=path!("/assess") view=crate::assess::AssessorHome ssr=SsrMode::Async />
                    <Route path=path!("/assess/rpl/:id") view=crate::assess::judging::AssessorApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/assess/rpl/:id/units/:unit") view=crate::assess::judging::UnitSheetPage ssr=SsrMode::Async />
                    <Route path=path!("/curriculum") view=crate::curriculum::CurriculumHome ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/standards") view=crate::curriculum::standards::StandardsPageView ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/packages") view=crate::curriculum::packages::PackagesPageView ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/packages/:id") view=crate::curriculum::packages::PackagePageView ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/standards/:id") view=crate::curriculum::standards::StandardPageView ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id") view=crate::curriculum::programmes::ProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id/report") view=crate::curriculum::report::BlendReportPage ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id/diff") view=crate::curriculum::diff::VersionDiffPage ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id/activities/:activity") view=crate::curriculum::activity::ActivityPageView ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id/activities/:activity/lesson") view=crate::curriculum::lesson::LessonEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/curriculum/programmes/:id/activities/:activity/check") view=crate::curriculum::check::CheckEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/national") view=crate::national::NationalHome ssr=SsrMode::Async />
                    <Route path=path!("/national/institutes/new") view=crate::national::NewInstitutePage ssr=SsrMode::Async />
                    <Route path=path!("/national/institutes/:id") view=crate::national::NationalInstitutePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/rpl") view=crate::admin::rpl::ApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/rpl/:id") view=crate::admin::rpl::ApplicationPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=crate::admin::AdminHome ssr=SsrMode::Async />
                    <Route path=path!("/admin/attendance") view=crate::admin::attendance_settings::AttendanceSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=crate::admin::people::PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/classes") view=crate::admin::classes::ClassesListPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/classes/:id") view=crate::admin::classes::ClassAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/classes/:id/report") view=crate::reports::AdminClassReportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/reports") view=crate::reports::InstituteReportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/classes/:id/timetable") view=crate::admin::timetable::TimetableAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/classes/:id/timetable/:session") view=crate::admin::timetable::PlannedSessionPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/new") view=crate::admin::person::NewPersonPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/import") view=crate::admin::import::ImportPeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/:id") view=crate::admin::person::PersonPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/blend") view=crate::admin::blend_targets::BlendTargetsPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=crate::account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=offline::Offline ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
