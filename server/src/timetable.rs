//! The admin's timetable forms (plain forms): plan sessions from a weekly pattern, move
//! one session, cancel or restore one. Each answers `303 See Other` to the timetable (or
//! the session's page) — or back to the form with the translated reasons and what was
//! typed.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::auth::percent_encode;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use domain::calendar::Date;
use domain::timetable::{self, PatternForm, PlanFault, Slot};
use domain::Role;
use store::timetable::Refusal;
use wire::AppError;

const CLASSES: &str = "/admin/classes";

fn timetable_page(class: &str) -> String {
    format!("{CLASSES}/{}/timetable", percent_encode(class))
}

fn session_page(class: &str, session: &str) -> String {
    format!("{}/{}", timetable_page(class), percent_encode(session))
}

fn typed_back(form: &[(String, String)], names: &[&str]) -> String {
    let mut out = String::new();
    for (name, value) in form {
        if names.contains(&name.as_str()) {
            let cut: String = value.chars().take(2000).collect();
            out.push_str(&format!("&{name}={}", percent_encode(&cut)));
        }
    }
    out
}

fn codes(list: &[PlanFault]) -> String {
    list.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// `POST /admin/classes/{id}/timetable`: sessions from a weekly pattern (`from`, `to`,
/// one `weekday` per checked day, `start`, `end`, `place_km`, `place_en`, `holidays`)
/// for `activity`.
pub async fn plan(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let page = timetable_page(&class);
    const FIELDS: [&str; 9] = [
        "activity", "from", "to", "weekday", "start", "end", "place_km", "place_en", "holidays",
    ];
    let back = |faults: &str| {
        see_other(
            &format!("{page}?error={faults}{}#plan", typed_back(&form, &FIELDS)),
            &[],
        )
    };
    let weekdays = form
        .iter()
        .filter(|(k, _)| k == "weekday")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let checked = timetable::plan(&PatternForm {
        from: field(&form, "from"),
        to: field(&form, "to"),
        weekdays,
        start: field(&form, "start"),
        end: field(&form, "end"),
        place_km: field(&form, "place_km"),
        place_en: field(&form, "place_en"),
        holidays: field(&form, "holidays"),
    });
    let plan = match checked {
        Ok(plan) => plan,
        Err(list) => return back(&codes(&list)),
    };
    match store::timetable::plan(&state.pool, &admin, &class, field(&form, "activity"), &plan).await
    {
        Ok(Ok(n)) => see_other(&format!("{page}?planned={n}#sessions"), &[]),
        Ok(Err(Refusal::Fault(f))) => back(f.code()),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/classes/{id}/timetable/{session}/move`: `date`, `start`, `end`, `place_km`,
/// `place_en`.
pub async fn move_session(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path((class, session)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let page = session_page(&class, &session);
    let mut faults = Vec::new();
    let date = Date::parse(field(&form, "date").trim());
    if date.is_none() {
        faults.push(PlanFault::BadDate);
    }
    let slot = Slot::parse(field(&form, "start"), field(&form, "end"))
        .map_err(|f| faults.push(f))
        .ok();
    let place = timetable::parse_place(field(&form, "place_km"), field(&form, "place_en"))
        .map_err(|f| faults.push(f))
        .ok();
    let back = |faults: &str| {
        see_other(
            &format!(
                "{page}?error={faults}{}#move",
                typed_back(&form, &["date", "start", "end", "place_km", "place_en"])
            ),
            &[],
        )
    };
    let (Some(date), Some(slot), Some(place)) = (date, slot, place) else {
        return back(&codes(&faults));
    };
    match store::timetable::move_to(&state.pool, &admin, &class, &session, date, slot, &place).await
    {
        Ok(Ok(())) => see_other(&format!("{page}?moved=1"), &[]),
        Ok(Err(Refusal::Fault(f))) => back(f.code()),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/classes/{id}/timetable/{session}/cancelled` with `cancelled` = `1`
/// (cancel) or `0` (restore).
pub async fn set_cancelled(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path((class, session)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let cancel = match field(&form, "cancelled") {
        "1" => true,
        "0" => false,
        _ => return form_refusal(&AppError::NotFound, CLASSES),
    };
    match store::timetable::set_cancelled(&state.pool, &admin, &class, &session, cancel).await {
        Ok(Ok(())) => see_other(
            &format!(
                "{}?{}=1",
                session_page(&class, &session),
                if cancel { "cancelled" } else { "restored" }
            ),
            &[],
        ),
        Ok(Err(_)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}
