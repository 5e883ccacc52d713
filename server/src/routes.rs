//! The router, built by one function so tests can drive it without a socket.

use crate::config::Config;
use crate::{
    blend, classes, exports, forms, http_layers, judging, lessons, national, packages, people,
    roster, rpl, service_worker, standards, sync, timetable,
};
use app::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use wire::sync::MAX_BATCH_BYTES;

/// The app's routes, generated once per process. Generating them runs the whole app with
/// resource loading suppressed by a process-global flag (`leptos_server`'s
/// `SuppressResourceLoad`): a page rendered by another router of the same process at that
/// moment would wait for ever (leptos issue #4773; seen as router tests that hung now and
/// then, each test building its own router while another rendered).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = route_list();
    let not_found = leptos_axum::file_and_error_handler::<AppState, _>(app::shell);
    let static_files = ServeDir::new(&config.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(axum::handler::Handler::with_state(not_found, state.clone()));
    let forms_state = forms::FormsState {
        app: state.clone(),
        secure_cookies: config.secure_cookies,
        behind_proxy: config.behind_proxy,
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(service_worker::script))
        .route(
            "/api/sync/v1/push",
            // Devices send batches gzip-compressed (`Content-Encoding: gzip`); the limit
            // applies to the decompressed body.
            // Bounded three ways: the body as it travels (compressed), as it reads once
            // decompressed, and how long reading it may take (a slow sender cannot hold
            // a connection and its buffers for ever).
            post(sync::push)
                .layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(MAX_BATCH_BYTES))
                .layer::<_, std::convert::Infallible>(
                    tower_http::decompression::RequestDecompressionLayer::new(),
                )
                .layer::<_, std::convert::Infallible>(
                    tower_http::limit::RequestBodyLimitLayer::new(MAX_BATCH_BYTES),
                )
                .layer::<_, std::convert::Infallible>(
                    tower_http::timeout::RequestBodyTimeoutLayer::new(
                        std::time::Duration::from_secs(30),
                    ),
                ),
        )
        .route("/api/sync/v1/pull", get(sync::pull))
        .route(
            "/teach/class/{class}/attendance.csv",
            get(exports::class_csv),
        )
        .route(
            "/teach/class/{class}/report.csv",
            get(exports::trainer_report_csv),
        )
        .route(
            "/admin/classes/{class}/report.csv",
            get(exports::admin_report_csv),
        )
        .route("/admin/reports.csv", get(exports::institute_csv))
        .route(
            "/curriculum/import",
            post(standards::import).layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(
                standards::MAX_FILE_BYTES,
            )),
        )
        .route("/curriculum/template.csv", get(standards::template))
        .route("/curriculum/standard/{id}/{format}", get(standards::export))
        .route(
            "/curriculum/standard/{id}/programme",
            post(standards::start_programme),
        )
        .route("/curriculum/programme/{id}/activity", post(blend::activity))
        .route("/curriculum/programme/{id}/publish", post(blend::publish))
        .route(
            "/curriculum/programme/{id}/new-version",
            post(blend::new_version),
        )
        .route("/curriculum/class/{id}/version", post(blend::move_class))
        .route("/admin/blend", post(blend::targets))
        .route("/admin/classes/new", post(classes::create))
        .route("/admin/classes/{id}/trainers", post(classes::trainers))
        .route("/admin/classes/{id}/enrol", post(classes::enrol))
        .route(
            "/admin/classes/{id}/enrol-file",
            post(classes::enrol_file).layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(
                classes::MAX_FILE_BYTES,
            )),
        )
        .route("/admin/classes/{id}/withdraw", post(classes::withdraw))
        .route("/admin/classes/{id}/timetable", post(timetable::plan))
        .route(
            "/admin/classes/{id}/timetable/{session}/move",
            post(timetable::move_session),
        )
        .route(
            "/admin/classes/{id}/timetable/{session}/cancelled",
            post(timetable::set_cancelled),
        )
        .route("/learn/rpl/apply", post(rpl::apply))
        .route("/learn/rpl/{id}/step", post(rpl::candidate_step))
        .route("/admin/rpl/{id}/step", post(rpl::admin_step))
        .route("/admin/rpl/{id}/assign", post(rpl::assign))
        .route("/admin/rpl/{id}/conflict", post(rpl::conflict))
        .route(
            "/admin/rpl/{id}/conflict/withdraw",
            post(rpl::withdraw_conflict),
        )
        .route("/assess/rpl/{id}/step", post(judging::step))
        .route("/assess/rpl/{id}/units/{unit}/judge", post(judging::judge))
        .route(
            "/assess/rpl/{id}/units/{unit}/decide",
            post(judging::decide),
        )
        .route("/curriculum/packages/new", post(packages::start))
        .route("/curriculum/packages/{id}", post(packages::save))
        .route("/national/institutes/new", post(national::create))
        .route("/national/institutes/{id}/slips", post(national::slip))
        .route("/admin/people/new", post(people::add))
        .route(
            "/admin/people/import",
            post(roster::import).layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(
                roster::MAX_FILE_BYTES,
            )),
        )
        .route("/admin/people/template.csv", get(roster::template))
        .route("/admin/people/slips", post(people::slips))
        .route("/admin/people/{id}", post(people::save))
        .route("/admin/people/{id}/active", post(people::set_active))
        .route(
            "/curriculum/activity/{id}/lesson",
            post(lessons::lesson).layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(
                lessons::MAX_FORM_BYTES,
            )),
        )
        .route("/media/lesson/{file}", get(lessons::media))
        .route("/curriculum/activity/{id}/check", post(lessons::check))
        .merge(
            Router::new()
                .route("/login", post(forms::login))
                .route("/login/slip", post(forms::redeem_slip))
                .route("/logout", post(forms::logout))
                .route("/lang", post(forms::language))
                .route("/admin/attendance", post(forms::attendance_settings))
                .route("/account/sessions", post(forms::end_session))
                .route("/admin/people/sessions", post(forms::end_person_sessions))
                .with_state(forms_state),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            || provide_context(app::auth::service::RequestUser::default()),
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        .fallback_service(static_files)
        .layer(axum::middleware::from_fn(http_layers::api_error_status))
        .layer(axum::middleware::from_fn(http_layers::cache_control))
        .layer(axum::middleware::from_fn_with_state(
            http_layers::PublicOrigin(config.public_origin.clone()),
            http_layers::same_origin_only,
        ))
        .layer(axum::middleware::from_fn_with_state(
            config.secure_cookies,
            http_layers::security_headers,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// This build's id when the database answers (on a connection of its own, within 2 s);
/// 503 when it does not, so a load balancer stops sending requests to a server that
/// cannot serve them.
async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, String) {
    if store::db::answers(&state.health).await {
        (axum::http::StatusCode::OK, state.build.id.clone())
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "the database does not answer".to_owned(),
        )
    }
}
