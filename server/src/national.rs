//! The national administrator's forms (plain forms): create an institute with its first
//! admin, and a new sign-in slip for an institute's admin. Each answers the printable
//! slip (its code exists nowhere else), or `303 See Other` back to the form with the
//! translated reasons and what was typed.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use crate::people::slips_response;
use app::national::strings::strings;
use app::national::NEW_FIELDS;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use domain::institutes::{NewInstitute, NewInstituteFault};
use domain::people::PersonFault;
use domain::{InstituteId, Role, UserId};
use store::national::Refusal;
use wire::AppError;

const HOME: &str = "/national";
const NEW: &str = "/national/institutes/new";

fn institute_page(id: InstituteId) -> String {
    format!("/national/institutes/{id}")
}

/// The form back, with the reasons and what was typed (each text cut to what the form
/// allows).
fn back(form: &[(String, String)], faults: &[NewInstituteFault]) -> String {
    let codes: Vec<&str> = faults.iter().map(|f| f.code()).collect();
    let typed = crate::forms::typed(form, &NEW_FIELDS, 150);
    format!("{NEW}?error={}{typed}", codes.join(","))
}

/// `POST /national/institutes/new`: the institute, its first admin, and that admin's
/// slip, printed.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let national = match form_user(signed_in, &[Role::National], NEW) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let [code, name_km, name_en, admin_km, admin_en, phone, username] =
        NEW_FIELDS.map(|name| field(&form, name));
    let new = match NewInstitute::parse(
        [code, name_km, name_en],
        [admin_km, admin_en, phone, username],
    ) {
        Ok(new) => new,
        Err(faults) => return see_other(&back(&form, &faults), &[]),
    };
    match store::national::create(&state.pool, &national, &new).await {
        Ok(Ok((institute, slip))) => {
            let n = strings(app::request::locale(&headers));
            slips_response(
                &state,
                &headers,
                &[slip],
                &institute_page(institute),
                n.back_to_institute,
            )
        }
        Ok(Err(Refusal::Fault(fault))) => see_other(&back(&form, &[fault]), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, HOME),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /national/institutes/{id}/slips` with `person`, one of the institute's admins:
/// a new slip for them (their earlier one voided), printed.
pub async fn slip(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let national = match form_user(signed_in, &[Role::National], HOME) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let (Ok(institute), Ok(person)) = (
        id.parse::<InstituteId>(),
        field(&form, "person").parse::<UserId>(),
    ) else {
        return form_refusal(&AppError::NotFound, HOME);
    };
    let page = institute_page(institute);
    match store::national::admin_slip(&state.pool, &national, institute, person).await {
        Ok(Ok(slip)) => {
            let n = strings(app::request::locale(&headers));
            slips_response(&state, &headers, &[slip], &page, n.back_to_institute)
        }
        Ok(Err(Refusal::Fault(NewInstituteFault::Admin(PersonFault::Deactivated)))) => {
            // Deactivated since the page was drawn: it shows them so, with no slip to print.
            see_other(&page, &[])
        }
        Ok(Err(_)) => form_refusal(&AppError::NotFound, HOME),
        Err(e) => crate::standards::internal(e),
    }
}
