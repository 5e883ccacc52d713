//! The admin's class forms (plain forms): open a class, assign its trainers, enrol
//! learners (one username, a pasted list, or a spreadsheet's `username` column),
//! withdraw one. Each answers `303 See Other`
//! to the class's page — or back to the form with the translated reasons and what was
//! typed.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::auth::percent_encode;
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::Form;
use domain::classes::{ClassDetails, ClassFault, FileRefusal};
use domain::{Role, UserId};
use store::classes::Refusal;
use wire::AppError;

const CLASSES: &str = "/admin/classes";

/// The most of a typed field a refused class form brings back.
const TYPED: usize = 2000;

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
                    crate::forms::typed(&form, &FIELDS, TYPED)
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
                crate::forms::typed(&form, &FIELDS, TYPED)
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
    let back = crate::forms::typed(&form, &["usernames"], TYPED);
    let list = match domain::classes::usernames(field(&form, "usernames")) {
        Ok(list) => list,
        Err(f) => return see_other(&format!("{page}?error={}{back}#enrol", f.code()), &[]),
    };
    enrolled(&state, &admin, &id, &list, &back, "enrol").await
}

/// Enrols `list` in class `id` (all or none) and answers with the class page: how many
/// were enrolled, or the reason and the usernames that are not learners here, back at
/// the form `anchor` with `back` (what was typed).
async fn enrolled(
    state: &AppState,
    admin: &store::users::CurrentUser,
    id: &str,
    list: &[String],
    back: &str,
    anchor: &str,
) -> Response {
    let page = class_page(id);
    match store::classes::enrol(&state.pool, admin, id, list).await {
        Ok(Ok(n)) => see_other(&format!("{page}?enrolled={n}#learners"), &[]),
        Ok(Err(Refusal::NotLearners(unknown))) => {
            // At most 50 names of at most 64 characters: the answer's address stays short.
            let names: String = unknown
                .iter()
                .take(50)
                .map(|n| n.chars().take(64).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ");
            see_other(
                &format!(
                    "{page}?error={}&unknown={}{back}#{anchor}",
                    ClassFault::NotALearner.code(),
                    percent_encode(&names)
                ),
                &[],
            )
        }
        Ok(Err(Refusal::Fault(f))) => {
            see_other(&format!("{page}?error={}{back}#{anchor}", f.code()), &[])
        }
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, CLASSES),
        Err(e) => crate::standards::internal(e),
    }
}

/// The largest file `enrol-file` reads (500 learners as CSV are a few tens of KB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// `POST /admin/classes/{id}/enrol-file` (multipart, `file`): the learners a
/// spreadsheet's `username` column names — CSV in UTF-8, or the first sheet of an `.xlsx`
/// — enrolled all or none, as a pasted list is.
pub async fn enrol_file(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], CLASSES) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let page = class_page(&id);
    // A body that cannot be read (cut off, over the limit, not multipart) is an
    // unreadable file; no file, or an empty one, is an empty list.
    let mut file: Result<Option<(String, Vec<u8>)>, ClassFault> = Ok(None);
    match multipart {
        Ok(mut multipart) => loop {
            match multipart.next_field().await {
                Ok(Some(field)) if field.name() == Some("file") => {
                    let name = field.file_name().unwrap_or_default().to_owned();
                    file = field
                        .bytes()
                        .await
                        .map(|b| Some((name, b.to_vec())))
                        .map_err(|_| ClassFault::UnreadableFile);
                    break;
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    file = Err(ClassFault::UnreadableFile);
                    break;
                }
            }
        },
        Err(_) => file = Err(ClassFault::UnreadableFile),
    }
    let read = match file {
        Ok(Some((name, bytes))) if !bytes.is_empty() => rows_of(&name, &bytes)
            .map_err(FileRefusal::from)
            .and_then(|rows| domain::classes::usernames_of_rows(&rows)),
        Ok(_) => Err(ClassFault::BadList.into()),
        Err(f) => Err(f.into()),
    };
    let list = match read {
        Ok(list) => list,
        Err(FileRefusal { fault, rows }) => {
            let rows: Vec<String> = rows.iter().take(50).map(u32::to_string).collect();
            let rows = if rows.is_empty() {
                String::new()
            } else {
                format!("&rows={}", rows.join(","))
            };
            return see_other(
                &format!("{page}?error={}{rows}#enrol-file", fault.code()),
                &[],
            );
        }
    };
    enrolled(&state, &admin, &id, &list, "", "enrol-file").await
}

/// A spreadsheet's rows, numbered: an `.xlsx` workbook's first sheet (by its name, else
/// its first bytes), else CSV in UTF-8.
fn rows_of(name: &str, bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, ClassFault> {
    if name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK") {
        return crate::standards::xlsx_numbered_rows(bytes)
            .map(|(rows, _)| rows)
            .map_err(|_| ClassFault::UnreadableFile);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ClassFault::UnreadableFile)?;
    domain::csv::read_numbered(text).map_err(|_| ClassFault::UnreadableFile)
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
