//! The blend editor's plain forms (they work without JavaScript): add, save, split,
//! remove and move a learning activity of a draft programme, publish it, and the admin's
//! blend targets. Each answers `303 See Other`: to the page the change shows on, or back
//! to the form with the translated reason and — for a refused save or add — what was
//! typed, so nothing typed is lost. The blend editor's island (`BlendLive`) sends the
//! same form asking for JSON (`Accept: application/json`), and gets the changed
//! activity's id, or the refusal in the one error shape.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::auth::percent_encode;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use domain::Role;
use store::blend::{Edit, Refusal, Typed};
use wire::AppError;

fn typed(form: &[(String, String)]) -> Typed {
    Typed {
        title_km: field(form, "title_km").to_owned(),
        title_en: field(form, "title_en").to_owned(),
        minutes: field(form, "minutes").to_owned(),
        mode: field(form, "mode").to_owned(),
        criteria: form
            .iter()
            .filter(|(k, _)| k == "criterion")
            .map(|(_, v)| v.clone())
            .collect(),
    }
}

/// What was typed, for the query string of the form it came from (each text at most
/// 200 characters, as the rule allows).
fn typed_back(t: &Typed) -> String {
    let cut =
        |s: &str| percent_encode(&s.chars().take(domain::blend::MAX_TITLE).collect::<String>());
    let mut q = format!(
        "&title_km={}&title_en={}&minutes={}&mode={}",
        cut(&t.title_km),
        cut(&t.title_en),
        cut(&t.minutes),
        cut(&t.mode)
    );
    for c in t.criteria.iter().take(200) {
        q.push_str("&criterion=");
        q.push_str(&cut(c));
    }
    q
}

/// The edit a form asks for; `None` for an unknown `action`.
fn edit_of(form: &[(String, String)]) -> Option<Edit> {
    let activity = || field(form, "activity").to_owned();
    Some(match field(form, "action") {
        "add" => Edit::Add {
            module: field(form, "module").to_owned(),
            typed: typed(form),
        },
        "save" => Edit::Save {
            activity: activity(),
            typed: typed(form),
        },
        "split" => Edit::Split {
            activity: activity(),
        },
        "remove" => Edit::Remove {
            activity: activity(),
        },
        action @ ("up" | "down") => Edit::Move {
            activity: activity(),
            up: action == "up",
        },
        _ => return None,
    })
}

/// The same edit for the island: `{"changed": id}`, or the refusal as JSON (a refused
/// edit is `invalid` with field `edit` and the fault's code as its reason).
async fn activity_json(
    state: &AppState,
    signed_in: Result<SignedIn, ApiError>,
    programme: &str,
    form: &[(String, String)],
) -> Response {
    let user = match signed_in.and_then(|s| s.require(&[Role::Curriculum]).map_err(ApiError)) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    let Some(edit) = edit_of(form) else {
        return ApiError(AppError::invalid("action", "unknown")).into_response();
    };
    match store::blend::edit(&state.pool, &user, programme, &edit).await {
        Ok(Ok(changed)) => Json(serde_json::json!({ "changed": changed })).into_response(),
        Ok(Err(Refusal::NotFound)) => ApiError(AppError::NotFound).into_response(),
        Ok(Err(Refusal::Fault(fault))) => {
            ApiError(AppError::invalid("edit", fault.code())).into_response()
        }
        Err(e) => crate::standards::internal(e),
    }
}

/// Whether the request asks for JSON (the island's fetch) rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `POST /curriculum/programme/{id}/activity`, with `action` one of `add` (and `module`),
/// `save`, `split`, `remove`, `up`, `down` (and `activity`).
pub async fn activity(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed_in: Result<SignedIn, ApiError>,
    Path(programme): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let page = format!("/curriculum/programmes/{}", percent_encode(&programme));
    if wants_json(&headers) {
        return activity_json(&state, signed_in, &programme, &form).await;
    }
    let user = match form_user(signed_in, &[Role::Curriculum], &page) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let activity = field(&form, "activity").to_owned();
    let Some(edit) = edit_of(&form) else {
        return form_refusal(&AppError::invalid("action", "unknown"), &page);
    };
    match store::blend::edit(&state.pool, &user, &programme, &edit).await {
        Ok(Ok(changed)) => match edit {
            Edit::Remove { .. } => see_other(&format!("{page}?removed=1#activities"), &[]),
            _ => see_other(&format!("{page}?changed={changed}#a-{changed}"), &[]),
        },
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
        Ok(Err(Refusal::Fault(fault))) => {
            let code = fault.code();
            let to = match &edit {
                Edit::Save { typed, .. } => format!(
                    "{page}/activities/{}?error={code}{}",
                    percent_encode(&activity),
                    typed_back(typed)
                ),
                Edit::Add { module, typed } => format!(
                    "{page}?error={code}&module={}{}#m-{}",
                    percent_encode(module),
                    typed_back(typed),
                    percent_encode(module)
                ),
                _ => format!(
                    "{page}?error={code}&activity={}#a-{}",
                    percent_encode(&activity),
                    percent_encode(&activity)
                ),
            };
            see_other(&to, &[])
        }
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /curriculum/programme/{id}/publish`: the draft becomes an immutable version.
pub async fn publish(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(programme): Path<String>,
) -> Response {
    let page = format!("/curriculum/programmes/{}", percent_encode(&programme));
    let user = match form_user(signed_in, &[Role::Curriculum], &page) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    match store::blend::publish(&state.pool, &user, &programme).await {
        Ok(Ok(())) => see_other(&format!("{page}?published=1"), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
        Ok(Err(Refusal::Fault(fault))) => see_other(&format!("{page}?error={}", fault.code()), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /curriculum/programme/{id}/new-version`: a published version copied into a
/// draft of the next version, then the draft's page.
pub async fn new_version(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(programme): Path<String>,
) -> Response {
    let page = format!("/curriculum/programmes/{}", percent_encode(&programme));
    let user = match form_user(signed_in, &[Role::Curriculum], &page) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    match store::blend::new_version(&state.pool, &user, &programme).await {
        Ok(Ok(draft)) => see_other(&format!("/curriculum/programmes/{draft}"), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
        Ok(Err(Refusal::Fault(fault))) => see_other(&format!("{page}?error={}", fault.code()), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /curriculum/class/{id}/version` (field `programme`): the class follows that
/// published, newer version from now on; then that version's page.
pub async fn move_class(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let programme = field(&form, "programme").to_owned();
    let page = format!("/curriculum/programmes/{}", percent_encode(&programme));
    let user = match form_user(signed_in, &[Role::Curriculum], &page) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    match store::blend::move_class(&state.pool, &user, &class, &programme).await {
        Ok(Ok(())) => see_other(&format!("{page}?moved=1#classes"), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
        Ok(Err(Refusal::Fault(fault))) => see_other(&format!("{page}?error={}", fault.code()), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/blend`: an institute admin sets the institute's blend targets (blank:
/// none). Checked whole: bad input changes nothing and comes back with what was typed.
pub async fn targets(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    const BACK: &str = "/admin/blend";
    let admin = match form_user(signed_in, &[Role::Admin], BACK) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let names = ["online_min", "workplace_min", "face_to_face_max"];
    let [online, workplace, face] = names.map(|n| field(&form, n));
    match domain::blend::Targets::parse(online, workplace, face) {
        Ok(targets) => {
            match store::blend::save_targets(&state.pool, admin.institute, &targets).await {
                Ok(()) => see_other(&format!("{BACK}?saved=1"), &[]),
                Err(e) => crate::standards::internal(e),
            }
        }
        Err(bad) => {
            let typed: String = names
                .iter()
                .map(|n| {
                    let v: String = field(&form, n).chars().take(10).collect();
                    format!("&{n}={}", percent_encode(&v))
                })
                .collect();
            see_other(&format!("{BACK}?error={bad}{typed}"), &[])
        }
    }
}
