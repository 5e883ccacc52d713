//! The admin's class forms (plain forms): open a class, assign its trainers, enrol
//! learners (one username, or a pasted list), withdraw one. Each answers `303 See Other`
//! to the class's page — or back to the form with the translated reasons and what was
//! typed.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::auth::percent_encode;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use domain::classes::{ClassDetails, ClassFault};
use domain::{Role, UserId};
use store::classes::Refusal;
use wire::AppError;

const CLASSES: &str = "/admin/classes";

fn typed_back(form: &[(String, String)], names: &[&str]) -> String {
    names
        .iter()
        .map(|n| {
            let cut: String = field(form, n).chars().take(2000).collect();
            format!("&{n}={}", percent_encode(&cut))
        })
        .collect()
}

fn faults(list: &[ClassFault]) -> String {
    list.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// `POST /admin/classes/new`: a class of a published programme version.
pub async fn create(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    const FIELDS: [&str; 5] = ["code", "name_km", "name_en", "programme", "starts_on"];
    let details = match ClassDetails::parse(
        field(&form, "code"),
        field(&form, "name_km"),
        field(&form, "name_en"),
        field(&form, "programme"),
        field(&form, "starts_on"),
    ) {
        Ok(details) => details,
        Err(list) => {
            return see_other(
                &format!(
                    "{CLASSES}?error={}{}#new-class",
                    faults(&list),
                    typed_back(&form, &FIELDS)
                ),
                &[],
            )
        }
    };
    match store::classes::create(&state.pool, &admin, &details).await {
        Ok(Ok(id)) => see_other(&format!("{CLASSES}/{id}?created=1"), &[]),
        Ok(Err(Refusal::Fault(fault))) => see_other(
            &format!(
                "{CLASSES}?error={}{}#new-class",
                fault.code(),
                typed_back(&form, &FIELDS)
            ),
            &[],
        ),
        Ok(Err(_)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

fn class_page(id: &str) -> String {
    format!("{CLASSES}/{}", percent_encode(id))
}

/// `POST /admin/classes/{id}/trainers` with one `trainer` per checked box.
pub async fn trainers(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let page = class_page(&id);
    let mut chosen: Vec<UserId> = Vec::new();
    for (name, value) in &form {
        if name == "trainer" {
            match value.parse() {
                Ok(t) if !chosen.contains(&t) => chosen.push(t),
                Ok(_) => {}
                Err(_) => return see_other(&format!("{page}?error=not_a_trainer#trainers"), &[]),
            }
        }
    }
    match store::classes::set_trainers(&state.pool, &admin, &id, &chosen).await {
        Ok(Ok(())) => see_other(&format!("{page}?trainers=1#trainers"), &[]),
        Ok(Err(Refusal::Fault(f))) => {
            see_other(&format!("{page}?error={}#trainers", f.code()), &[])
        }
        Ok(Err(_)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/classes/{id}/enrol` with `usernames`: one, or a pasted list.
pub async fn enrol(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let page = class_page(&id);
    let back = typed_back(&form, &["usernames"]);
    let list = match domain::classes::usernames(field(&form, "usernames")) {
        Ok(list) => list,
        Err(f) => return see_other(&format!("{page}?error={}{back}#enrol", f.code()), &[]),
    };
    match store::classes::enrol(&state.pool, &admin, &id, &list).await {
        Ok(Ok(n)) => see_other(&format!("{page}?enrolled={n}#learners"), &[]),
        Ok(Err(Refusal::NotLearners(unknown))) => {
            let names: String = unknown
                .iter()
                .take(50)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            see_other(
                &format!(
                    "{page}?error={}&unknown={}{back}#enrol",
                    ClassFault::NotALearner.code(),
                    percent_encode(&names)
                ),
                &[],
            )
        }
        Ok(Err(Refusal::Fault(f))) => {
            see_other(&format!("{page}?error={}{back}#enrol", f.code()), &[])
        }
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/classes/{id}/withdraw` with `learner`.
pub async fn withdraw(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Ok(learner) = field(&form, "learner").parse::<UserId>() else {
        return form_refusal(&AppError::NotFound, CLASSES);
    };
    match store::classes::withdraw(&state.pool, &admin, &id, learner).await {
        Ok(Ok(())) => see_other(&format!("{}?withdrawn=1#learners", class_page(&id)), &[]),
        Ok(Err(_)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}
