//! Competency standards in and out, for the curriculum team of an institute:
//! `POST /curriculum/import` (a plain multipart form: a CASE 1.1 JSON package, or Sala's
//! template as CSV or as the first sheet of an `.xlsx` workbook, checked whole, saved in one transaction or not at all, the attempt and
//! its problems recorded and shown on `/curriculum/standards?import=…`), the template
//! (`GET /curriculum/template.csv`) and a standard's exports
//! (`GET /curriculum/standard/{id}/case.json`, `…/moodle.csv`, `…/sala.csv`).

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use app::i18n::LocaleStrings;
use app::state::AppState;
use domain::standard::{Fault, Place, Problem, Standard};
use domain::Role;

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The largest file accepted (a 40-unit standard as CSV is about 200 KB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

const BACK: &str = "/curriculum/standards";

fn problem(field: &str, fault: Fault) -> Problem {
    Problem {
        place: Place::Standard {
            path: field.to_owned(),
        },
        fault,
    }
}

/// What the uploaded file holds, by its name (else its first byte).
fn read(file_name: &str, bytes: &[u8]) -> (&'static str, Result<Standard, Vec<Problem>>) {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") || bytes.starts_with(b"PK") {
        let result = match xlsx_rows(bytes) {
            Ok((sheet, rows)) => domain::spreadsheet::read(&sheet, &rows),
            Err(detail) => Err(vec![problem(
                "file",
                Fault::Unreadable {
                    detail: format!("xlsx: {detail}"),
                },
            )]),
        };
        return ("xlsx", result);
    }
    if lower.ends_with(".xls") || lower.ends_with(".ods") {
        return (
            "unknown",
            Err(vec![problem(
                "file",
                Fault::Unreadable {
                    detail: "format".into(),
                },
            )]),
        );
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return (
            "unknown",
            Err(vec![problem(
                "file",
                Fault::Unreadable {
                    detail: "utf-8".into(),
                },
            )]),
        );
    };
    let json = lower.ends_with(".json") || text.trim_start().starts_with('{');
    if json {
        ("case", domain::case::import(text))
    } else {
        let sheet = file_name.rsplit('/').next().unwrap_or(file_name).to_owned();
        let result = match domain::csv::read(text) {
            Ok(rows) => domain::spreadsheet::read(&sheet, &rows),
            Err(line) => Err(vec![Problem {
                place: Place::Sheet {
                    sheet,
                    row: u32::try_from(line).unwrap_or(u32::MAX),
                    column: String::new(),
                },
                fault: Fault::Unreadable {
                    detail: "quote".into(),
                },
            }]),
        };
        ("csv", result)
    }
}

/// The first sheet of an `.xlsx` workbook (calamine): its name and its rows as text,
/// blank rows left out (as in CSV).
pub fn xlsx_rows(bytes: &[u8]) -> Result<(String, Vec<Vec<String>>), String> {
    let (sheet, rows, _) = xlsx_sheet(bytes)?;
    Ok((sheet, rows.into_iter().map(|(_, row)| row).collect()))
}

/// [`xlsx_rows`]' rows, each with its row number as the spreadsheet shows it, and where
/// the cells that hold numbers are (row number, column index): a phone number stored
/// as a number has lost its leading zero.
pub fn xlsx_numbered_rows(bytes: &[u8]) -> Result<(NumberedRows, Vec<(u32, usize)>), String> {
    let (_, rows, numbers) = xlsx_sheet(bytes)?;
    Ok((rows, numbers))
}

/// A sheet's rows, each with its number.
type NumberedRows = Vec<(u32, Vec<String>)>;

/// The first sheet's name, its rows (numbered, with empty cells for the columns before
/// its first used one, so column letters are the sheet's), and its number cells.
type Sheet = (String, NumberedRows, Vec<(u32, usize)>);

fn xlsx_sheet(bytes: &[u8]) -> Result<Sheet, String> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|e: calamine::XlsxError| e.to_string())?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "no sheet".to_owned())?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| e.to_string())?;
    // The range starts at its first used cell: rows and columns count from the sheet's
    // top left corner.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let pad = usize::try_from(first_column).unwrap_or(0);
    let mut numbers = Vec::new();
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let number = first_row.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)) + 1;
            let mut cells = vec![String::new(); pad];
            for (j, cell) in row.iter().enumerate() {
                if matches!(cell, calamine::Data::Int(_) | calamine::Data::Float(_)) {
                    numbers.push((number, pad + j));
                }
                cells.push(cell.to_string());
            }
            (number, cells)
        })
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok((sheet, rows, numbers))
}

pub async fn import(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let user = match form_user(signed_in, &[Role::Curriculum], BACK) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut level: Option<u8> = None;
    let mut unreadable = false;
    if let Ok(mut multipart) = multipart {
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => match field.name() {
                    Some("file") => {
                        let name = field.file_name().unwrap_or("standard").to_owned();
                        match field.bytes().await {
                            Ok(bytes) => file = Some((name, bytes.to_vec())),
                            Err(_) => unreadable = true,
                        }
                    }
                    Some("cqf_level") => {
                        level = field
                            .text()
                            .await
                            .ok()
                            .and_then(|t| t.trim().parse::<u8>().ok())
                            .filter(|l| domain::standard::CQF_LEVELS.contains(l));
                    }
                    _ => {}
                },
                Ok(None) => break,
                Err(_) => {
                    unreadable = true;
                    break;
                }
            }
        }
    } else {
        unreadable = true;
    }
    let (file_name, format, outcome) = match file {
        Some((name, bytes)) if !bytes.is_empty() => {
            let (format, result) = read(&name, &bytes);
            (name, format, result)
        }
        _ if unreadable => (
            String::new(),
            "unknown",
            Err(vec![problem(
                "file",
                Fault::Unreadable {
                    detail: "size".into(),
                },
            )]),
        ),
        _ => (
            String::new(),
            "unknown",
            Err(vec![problem(
                "file",
                Fault::Missing {
                    field: "file".into(),
                },
            )]),
        ),
    };
    // The CQF level the form gives, where the file does not.
    let outcome = outcome.and_then(|mut standard| {
        if standard.qualification.cqf_level.is_none() {
            standard.qualification.cqf_level = level;
        }
        for unit in &mut standard.units {
            unit.cqf_level = unit.cqf_level.or(standard.qualification.cqf_level);
        }
        match standard.qualification.cqf_level {
            Some(_) => Ok(standard),
            None => Err(vec![problem(
                "qualification",
                Fault::Missing {
                    field: "cqf_level".into(),
                },
            )]),
        }
    });
    let saved = match outcome {
        Ok(standard) => match store::standards::save(&state.pool, &user, &standard).await {
            Ok(id) => Ok(id),
            Err(store::standards::SaveError::Exists(code)) => {
                Err(vec![problem("qualification", Fault::Exists { code })])
            }
            Err(store::standards::SaveError::NoLevel) => Err(vec![problem(
                "qualification",
                Fault::Missing {
                    field: "cqf_level".into(),
                },
            )]),
            Err(store::standards::SaveError::Database(e)) => {
                return internal(e);
            }
        },
        Err(problems) => Err(problems),
    };
    let recorded = store::standards::record_import(
        &state.pool,
        &user,
        &file_name,
        format,
        saved.as_deref().map_err(Vec::as_slice),
    )
    .await;
    match recorded {
        Ok(id) => see_other(&format!("{BACK}?import={id}")),
        Err(e) => internal(e),
    }
}

pub(crate) fn internal(e: sqlx::Error) -> Response {
    tracing::error!(error = %e, "standards: database");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error / កំហុសខាងក្នុង",
    )
        .into_response()
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A download: its type and file name, never cached by the browser.
fn download(content_type: &str, file_name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The signed-in curriculum developer, or the refusal to send.
fn developer(
    signed_in: Result<SignedIn, ApiError>,
    headers: &HeaderMap,
) -> Result<store::users::CurrentUser, (StatusCode, String)> {
    let t = app::request::locale(headers).strings();
    signed_in
        .map_err(|e| e.0)
        .and_then(|s| s.require(&[Role::Curriculum]))
        .map_err(|e| {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, t.error(&e))
        })
}

/// `GET /curriculum/template.csv`: Sala's template, filled with the demo qualification
/// when this Sala has it (else the header row alone).
pub async fn template(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    headers: HeaderMap,
) -> Response {
    let user = match developer(signed_in, &headers) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    let demo = store::seed::seed_id("qualification");
    let rows = match store::standards::load(&state.pool, &user, &demo).await {
        Ok(Some(standard)) => domain::spreadsheet::write(&standard),
        Ok(None) => vec![domain::spreadsheet::COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .collect()],
        Err(e) => return internal(e),
    };
    download(
        "text/csv; charset=utf-8",
        "sala-standard-template.csv",
        domain::csv::write(&rows),
    )
}

/// `GET /curriculum/standard/{id}/{format}`: `case.json`, `moodle.csv` or `sala.csv`.
pub async fn export(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path((id, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let t = app::request::locale(&headers).strings();
    let user = match developer(signed_in, &headers) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    let standard = match store::standards::load(&state.pool, &user, &id).await {
        Ok(Some(standard)) => standard,
        Ok(None) => return (StatusCode::NOT_FOUND, t.error_not_found).into_response(),
        Err(e) => return internal(e),
    };
    let code = standard
        .qualification
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>();
    match format.as_str() {
        "case.json" => {
            // Where Sala says it lives: its public origin when set (behind a proxy the
            // Host may be an internal name), else the Host the request came to.
            let origin = state.public_origin.clone().unwrap_or_else(|| {
                let host = headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("sala.invalid");
                format!("https://{host}")
            });
            let package = domain::case::export(&standard, &format!("{origin}/case"), &store::now());
            download(
                "application/json",
                &format!("{code}-case.json"),
                serde_json::to_string_pretty(&package).unwrap_or_default(),
            )
        }
        "moodle.csv" => download(
            "text/csv; charset=utf-8",
            &format!("{code}-moodle.csv"),
            domain::csv::write(&domain::moodle::framework_rows(&standard)),
        ),
        "sala.csv" => download(
            "text/csv; charset=utf-8",
            &format!("{code}.csv"),
            domain::csv::write(&domain::spreadsheet::write(&standard)),
        ),
        _ => (StatusCode::NOT_FOUND, t.error_not_found).into_response(),
    }
}

/// `POST /curriculum/standard/{id}/programme`: "Start a programme from this standard" —
/// a draft of the institute, then its page.
pub async fn start_programme(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
) -> Response {
    let back = format!("/curriculum/standards/{id}");
    let user = match form_user(signed_in, &[Role::Curriculum], &back) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    match store::programmes::start_from_standard(&state.pool, &user, &id).await {
        Ok(Some(programme)) => see_other(&format!("/curriculum/programmes/{programme}")),
        Ok(None) => form_refusal(&wire::AppError::NotFound, &back),
        Err(e) => internal(e),
    }
}
