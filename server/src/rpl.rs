//! RPL applications' plain forms: a candidate applies and takes their steps (evidence
//! ready, withdraw); an admin accepts, assigns an assessor, and declares or takes back a
//! conflict of interest. Each answers `303 See
//! Other` back to its page with what happened; a refusal changes nothing.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use domain::rpl::application::Step;
use domain::{ApplicationId, RecordId, Role, UserId};
use store::rpl_applications::{
    self, ApplyRefusal, AssignRefusal, NewApplication, StepInput, StepRefusal,
};
use wire::AppError;

const MINE: &str = "/learn/rpl";
const ALL: &str = "/admin/rpl";

/// `POST /learn/rpl/apply`: `qualification`, every ticked `unit`, `workplace`,
/// `third_party_name`, `third_party_phone`.
pub async fn apply(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let candidate = match form_user(signed_in, &[Role::Learner], MINE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Ok(qualification) = field(&form, "qualification").parse() else {
        return see_other(&format!("{MINE}?error=units"), &[]);
    };
    let Ok(units) = form
        .iter()
        .filter(|(k, _)| k == "unit")
        .map(|(_, v)| v.parse())
        .collect::<Result<Vec<_>, _>>()
    else {
        return see_other(&format!("{MINE}?error=units"), &[]);
    };
    let id = match store::new_record_id() {
        Ok(id) => ApplicationId(id),
        Err(e) => return crate::standards::internal(e),
    };
    let new = NewApplication {
        id,
        qualification,
        units,
        workplace: field(&form, "workplace").to_owned(),
        third_party_name: field(&form, "third_party_name").to_owned(),
        third_party_phone: field(&form, "third_party_phone").to_owned(),
        made_at: store::now(),
        device: None,
    };
    match rpl_applications::apply(&state.pool, &candidate, &new).await {
        Ok(Ok(_)) => see_other(&format!("{MINE}?applied=1"), &[]),
        Ok(Err(ApplyRefusal::TooLong)) => see_other(&format!("{MINE}?error=too_long"), &[]),
        Ok(Err(_)) => see_other(&format!("{MINE}?error=units"), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

pub(crate) async fn step(
    state: &AppState,
    user: &store::users::CurrentUser,
    id: &str,
    step: &str,
    back: &str,
) -> Response {
    let (Ok(id), Some(step)) = (id.parse::<ApplicationId>(), Step::parse(step)) else {
        return form_refusal(&AppError::NotFound, back);
    };
    let record = match store::new_record_id() {
        Ok(id) => RecordId(id),
        Err(e) => return crate::standards::internal(e),
    };
    let input = StepInput {
        record,
        step,
        made_at: store::now(),
        device: None,
    };
    match rpl_applications::take_step(&state.pool, user, id, &input).await {
        Ok(Ok(_)) => see_other(back, &[]),
        Ok(Err(StepRefusal::Refused(_))) => see_other(&format!("{back}?error=step"), &[]),
        Ok(Err(StepRefusal::NotFound)) => form_refusal(&AppError::NotFound, back),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /learn/rpl/{id}/step` with `step` (`ready`, `withdraw`).
pub async fn candidate_step(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let candidate = match form_user(signed_in, &[Role::Learner], MINE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    step(&state, &candidate, &id, field(&form, "step"), MINE).await
}

/// `POST /admin/rpl/{id}/step` with `step` (`accept`, …).
pub async fn admin_step(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("{ALL}/{id}");
    let admin = match form_user(signed_in, &[Role::Admin], &back) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    step(&state, &admin, &id, field(&form, "step"), &back).await
}

/// The admin, the application `id` and the form's `assessor`, and the application's
/// page; or the answer when one of them is not there.
fn about_an_assessor(
    signed_in: Result<SignedIn, ApiError>,
    id: &str,
    form: &[(String, String)],
) -> Result<(store::users::CurrentUser, ApplicationId, UserId, String), Box<Response>> {
    let back = format!("{ALL}/{id}");
    let admin = form_user(signed_in, &[Role::Admin], &back)?;
    match (
        id.parse::<ApplicationId>(),
        field(form, "assessor").parse::<UserId>(),
    ) {
        (Ok(application), Ok(assessor)) => Ok((admin, application, assessor, back)),
        _ => Err(Box::new(form_refusal(&AppError::NotFound, &back))),
    }
}

/// `POST /admin/rpl/{id}/assign` with `assessor`.
pub async fn assign(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (admin, application, assessor, back) = match about_an_assessor(signed_in, &id, &form) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    match rpl_applications::assign(&state.pool, &admin, application, assessor).await {
        Ok(Ok(())) => see_other(&format!("{back}?assigned=1"), &[]),
        Ok(Err(AssignRefusal::Conflicts(reasons))) => {
            let codes: Vec<&str> = reasons.iter().map(|c| c.code()).collect();
            see_other(&format!("{back}?error={}", codes.join(",")), &[])
        }
        Ok(Err(AssignRefusal::NotFound)) => form_refusal(&AppError::NotFound, &back),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/rpl/{id}/conflict/withdraw` with `assessor`: the conflict declared
/// between that assessor and the application's candidate is taken back.
pub async fn withdraw_conflict(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (admin, application, assessor, back) = match about_an_assessor(signed_in, &id, &form) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    match rpl_applications::withdraw_for(&state.pool, &admin, application, assessor).await {
        Ok(true) => see_other(&format!("{back}?withdrawn=1"), &[]),
        Ok(false) => form_refusal(&AppError::NotFound, &back),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/rpl/{id}/conflict` with `assessor` and `note`: a declared conflict of
/// interest between that assessor and the application's candidate.
pub async fn conflict(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (admin, application, assessor, back) = match about_an_assessor(signed_in, &id, &form) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    match rpl_applications::declare_for(
        &state.pool,
        &admin,
        application,
        assessor,
        field(&form, "note"),
    )
    .await
    {
        Ok(true) => see_other(&format!("{back}?declared=1"), &[]),
        Ok(false) => form_refusal(&AppError::NotFound, &back),
        Err(e) => crate::standards::internal(e),
    }
}
