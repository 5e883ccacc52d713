//! The application shell: the HTML document, the router, the header with the
//! language switch and sign-out, and the pages that belong to no feature (start page,
//! 404, offline).

pub mod browser;
mod header;
mod home;
mod language;
mod not_found;
mod offline;
pub mod page;

use crate::auth::{login::LoginPage, me, MeResource};
use crate::domain::Role;
use crate::i18n::{tr, I18n, Locale};
use crate::learn::course::CoursePage;
use crate::learn::lesson::LessonPage;
use crate::learn::LearnerHome;
use crate::teach::TrainerHome;
use crate::tools::ToolsHome;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub use offline::OFFLINE_PATH;

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
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
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The locale the first frame is rendered in: the request's on the server, the one
/// the server wrote into `<html lang>` in the browser.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        browser::html_lang().unwrap_or_default()
    }
}

/// Cookie, else `Accept-Language`, else Khmer.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                crate::auth::service::cookie(&parts.headers, crate::i18n::LANG_COOKIE)
                    .and_then(|c| Locale::parse(&c))
                    .or_else(|| {
                        parts
                            .headers
                            .get(http::header::ACCEPT_LANGUAGE)
                            .and_then(|v| v.to_str().ok())
                            .and_then(Locale::from_accept_language)
                    })
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Locale::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    provide_context(MeResource(Resource::new(|| (), |_| me())));

    // In the browser, after hydration: follow a language chosen on another page (e.g.
    // while offline), keep `<html lang>` in step, and register the service worker.
    Effect::new(move |_| {
        browser::after_hydration(i18n);
    });
    Effect::new(move |_| {
        browser::set_html_lang(i18n.get());
    });

    view! {
        <Router>
            <a class="skip" href="#main">{tr(|t| t.skip_to_content)}</a>
            <header::Header />
            <main id="main">
                <Routes fallback=not_found::NotFound>
                    <Route path=path!("/") view=home::Home ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/learn") view=LearnerHome ssr=SsrMode::Async />
                    <Route path=path!("/learn/course/:class") view=CoursePage ssr=SsrMode::Async />
                    <Route path=path!("/learn/lesson/:lesson") view=LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/teach") view=TrainerHome ssr=SsrMode::Async />
                    <Route path=path!("/assess") view=|| view! { <ToolsHome role=Role::Assessor /> } ssr=SsrMode::Async />
                    <Route path=path!("/curriculum") view=|| view! { <ToolsHome role=Role::Curriculum /> } ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=|| view! { <ToolsHome role=Role::Admin /> } ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=offline::Offline ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
