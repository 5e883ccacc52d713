//! Learners from a spreadsheet, for an institute's admin: `POST /admin/people/import` (a
//! plain multipart form: CSV UTF-8 or the first sheet of an `.xlsx` workbook, read and
//! checked whole, saved in one transaction or not at all, the attempt recorded and shown
//! on `/admin/people/import?result=…`) and the template (`GET /admin/people/template.csv`).

use crate::auth::{form_user, ApiError, SignedIn};
use crate::forms::see_other;
use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use domain::roster::{file_problem, RosterFault, RosterProblem, RosterRow};
use domain::Role;

/// The largest file accepted (2,000 learners as CSV are about 150 KB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

const PAGE: &str = "/admin/people/import";

/// The learners a file holds, by its name (else its first bytes), or why not.
fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<RosterRow>, Vec<RosterProblem>> {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") || bytes.starts_with(b"PK") {
        let (rows, numbers) = crate::standards::xlsx_numbered_rows(bytes)
            .map_err(|_| vec![file_problem(RosterFault::Unreadable)])?;
        // A phone stored as a number has lost its leading zero: a problem of its row.
        let phone = rows.first().and_then(|(_, header)| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case("phone"))
        });
        let header_row = rows.first().map_or(0, |(n, _)| *n);
        let mut problems: Vec<RosterProblem> = numbers
            .iter()
            .filter(|(row, column)| Some(*column) == phone && *row != header_row)
            .map(|(row, column)| RosterProblem {
                row: *row,
                column: format!("{} (phone)", domain::spreadsheet::column_letters(*column)),
                fault: RosterFault::PhoneAsNumber.code(),
            })
            .collect();
        return match domain::roster::read(&rows) {
            Ok(learners) if problems.is_empty() => Ok(learners),
            Ok(_) => Err(problems),
            Err(mut more) => {
                more.append(&mut problems);
                more.sort_by_key(|p| p.row);
                Err(more)
            }
        };
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| vec![file_problem(RosterFault::Unreadable)])?;
    let rows = domain::csv::read_numbered(text).map_err(|line| {
        vec![RosterProblem {
            row: u32::try_from(line).unwrap_or(u32::MAX),
            column: String::new(),
            fault: RosterFault::Unreadable.code(),
        }]
    })?;
    domain::roster::read(&rows)
}

pub async fn import(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], PAGE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut unreadable = false;
    match multipart {
        Ok(mut multipart) => loop {
            match multipart.next_field().await {
                Ok(Some(field)) if field.name() == Some("file") => {
                    let name = field.file_name().unwrap_or("learners").to_owned();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes.to_vec())),
                        Err(_) => unreadable = true,
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    unreadable = true;
                    break;
                }
            }
        },
        Err(_) => unreadable = true,
    }
    let (name, read) = match file {
        Some((name, bytes)) if !bytes.is_empty() && !unreadable => {
            let read = read(&name, &bytes);
            (name, read)
        }
        Some((name, _)) => (
            name,
            Err(vec![file_problem(if unreadable {
                RosterFault::Unreadable
            } else {
                RosterFault::Empty
            })]),
        ),
        None => (
            String::new(),
            Err(vec![file_problem(if unreadable {
                RosterFault::Unreadable
            } else {
                RosterFault::Empty
            })]),
        ),
    };
    match store::roster::import(&state.pool, &admin, &name, read).await {
        Ok(id) => see_other(&format!("{PAGE}?result={id}"), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

/// The template: the header row, as CSV UTF-8 with a byte-order mark (so a spreadsheet
/// program opens Khmer intact).
pub async fn template(signed_in: Result<SignedIn, ApiError>) -> Response {
    if let Err(refusal) = form_user(signed_in, &[Role::Admin], PAGE) {
        return *refusal;
    }
    let mut response = domain::csv::write(&domain::roster::template()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"sala-learners.csv\""),
    );
    response
}
