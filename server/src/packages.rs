//! The RPL package editor's plain forms: start a unit's draft (the first version, or a
//! new one copied from the latest published), and save a draft — then publish it, when
//! asked and nothing is left to do. Each answers `303 See Other` to the package's page
//! with what happened; a refusal changes nothing that was saved.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::curriculum::packages::{from_form, problem_code, AUTHORS};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use store::rpl_packages::{self, Refusal};
use wire::AppError;

const LIST: &str = "/curriculum/packages";

fn page(id: &str) -> String {
    format!("{LIST}/{id}")
}

/// `POST /curriculum/packages/new` with `unit`: its draft, made if need be.
pub async fn start(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(signed_in, AUTHORS, LIST) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    match rpl_packages::start(&state.pool, &user, field(&form, "unit")).await {
        Ok(Ok(id)) => see_other(&page(&id), &[]),
        Ok(Err(_)) => form_refusal(&AppError::NotFound, LIST),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /curriculum/packages/{id}` with `rev` (the revision the page showed), `action`
/// (`save` or `publish`) and the editor's fields.
pub async fn save(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = page(&id);
    let user = match form_user(signed_in, AUTHORS, &back) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Ok(revision) = field(&form, "rev").parse::<i64>() else {
        return see_other(&format!("{back}?error=stale"), &[]);
    };
    let content = from_form(&form);
    let refused = |refusal: Refusal| match refusal {
        Refusal::NotFound => form_refusal(&AppError::NotFound, LIST),
        Refusal::Published => see_other(&format!("{back}?error=published"), &[]),
        Refusal::Stale => see_other(&format!("{back}?error=stale"), &[]),
        Refusal::Problems(problems) => {
            let codes: Vec<String> = problems.iter().take(20).map(problem_code).collect();
            see_other(
                &format!("{back}?error=problems&problems={}", codes.join(",")),
                &[],
            )
        }
    };
    let revision = match rpl_packages::save(&state.pool, &user, &id, revision, &content).await {
        Ok(Ok((revision, _))) => revision,
        Ok(Err(refusal)) => return refused(refusal),
        Err(e) => return crate::standards::internal(e),
    };
    if field(&form, "action") != "publish" {
        return see_other(&format!("{back}?saved=1"), &[]);
    }
    match rpl_packages::publish(&state.pool, &user, &id, revision).await {
        Ok(Ok(())) => see_other(&format!("{back}?published=1"), &[]),
        Ok(Err(Refusal::Problems(_))) => see_other(&format!("{back}?error=not_ready"), &[]),
        Ok(Err(refusal)) => refused(refusal),
        Err(e) => crate::standards::internal(e),
    }
}
