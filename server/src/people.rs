//! The admin's people forms (plain forms; they work without JavaScript): add a person,
//! save their details, deactivate or reactivate them, and print sign-in slips. Each
//! answers `303 See Other` to the page the change shows on — or back to the form with
//! the translated reasons and what was typed — except printing, which answers the
//! printable slips themselves (their codes exist nowhere else: only hashes are kept).

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other};
use app::admin::strings::strings;
use app::i18n::Locale;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use domain::people::{PersonDetails, PersonFault};
use domain::{Role, UserId};
use store::people::{Refusal, Slip};
use wire::AppError;

const PEOPLE: &str = "/admin/people";

/// The form's fields as checked, or the query string that brings the form back with the
/// reasons and what was typed (each text cut to what the form allows).
fn details(form: &[(String, String)]) -> Result<PersonDetails, String> {
    let get = |name| field(form, name);
    PersonDetails::parse(
        get("name_km"),
        get("name_en"),
        get("role"),
        get("phone"),
        get("username"),
    )
    .map_err(|faults| back(form, &faults))
}

fn back(form: &[(String, String)], faults: &[PersonFault]) -> String {
    let codes: Vec<&str> = faults.iter().map(|f| f.code()).collect();
    let typed = crate::forms::typed(
        form,
        &["name_km", "name_en", "role", "phone", "username"],
        100,
    );
    format!("?error={}{typed}", codes.join(","))
}

fn person_page(id: UserId) -> String {
    format!("{PEOPLE}/{id}")
}

/// `POST /admin/people/new`: a person added to the admin's institute, then their page.
pub async fn add(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let new = format!("{PEOPLE}/new");
    let admin = match form_user(signed_in, &[Role::Admin], &new) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let details = match details(&form) {
        Ok(details) => details,
        Err(query) => return see_other(&format!("{new}{query}"), &[]),
    };
    match store::people::add(&state.pool, &admin, &details).await {
        Ok(Ok(id)) => see_other(&format!("{}?added=1", person_page(id)), &[]),
        Ok(Err(Refusal::Fault(fault))) => {
            see_other(&format!("{new}{}", back(&form, &[fault])), &[])
        }
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, PEOPLE),
        Err(e) => crate::standards::internal(e),
    }
}

/// The person a path names (any text that is not an id is nobody).
fn person_id(id: &str) -> Option<UserId> {
    id.parse().ok()
}

/// `POST /admin/people/{id}`: their details saved.
pub async fn save(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], PEOPLE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Some(id) = person_id(&id) else {
        return form_refusal(&AppError::NotFound, PEOPLE);
    };
    let page = person_page(id);
    let details = match details(&form) {
        Ok(details) => details,
        Err(query) => return see_other(&format!("{page}{query}"), &[]),
    };
    match store::people::edit(&state.pool, &admin, id, &details).await {
        Ok(Ok(())) => see_other(&format!("{page}?saved=1"), &[]),
        Ok(Err(Refusal::Fault(fault))) => {
            see_other(&format!("{page}{}", back(&form, &[fault])), &[])
        }
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, PEOPLE),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/people/{id}/active` with `active` `0` (deactivate: their sessions end at
/// once) or `1` (reactivate).
pub async fn set_active(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], PEOPLE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Some(id) = person_id(&id) else {
        return form_refusal(&AppError::NotFound, PEOPLE);
    };
    let page = person_page(id);
    let active = field(&form, "active") == "1";
    match store::people::set_active(&state.pool, &admin, id, active).await {
        Ok(Ok(_)) if active => see_other(&format!("{page}?reactivated=1"), &[]),
        Ok(Ok(ended)) => see_other(&format!("{page}?deactivated={ended}"), &[]),
        Ok(Err(Refusal::Fault(fault))) => see_other(&format!("{page}?error={}", fault.code()), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, PEOPLE),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /admin/people/slips` with one or more `person`: new sign-in slips for them (each
/// voids the person's earlier slip), answered as a page to print. Not kept by the
/// browser or the service worker (`no-store`): the codes are on paper only.
pub async fn slips(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let admin = match form_user(signed_in, &[Role::Admin], PEOPLE) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let mut ids = Vec::new();
    for (name, value) in &form {
        if name == "person" {
            match person_id(value) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => return form_refusal(&AppError::NotFound, PEOPLE),
            }
        }
    }
    if ids.is_empty() || ids.len() > domain::roster::MAX_ROWS {
        return form_refusal(&AppError::invalid("person", "count"), PEOPLE);
    }
    let back_to = if ids.len() == 1 {
        person_page(ids[0])
    } else {
        PEOPLE.to_owned()
    };
    match store::people::issue_slips(&state.pool, &admin, &ids).await {
        Ok(Ok(slips)) => {
            let back_text = strings(app::request::locale(&headers)).back_to_people;
            slips_response(&state, &headers, &slips, &back_to, back_text)
        }
        Ok(Err(Refusal::Fault(fault))) => {
            see_other(&format!("{back_to}?error={}", fault.code()), &[])
        }
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, PEOPLE),
        Err(e) => crate::standards::internal(e),
    }
}

/// The printable slips, as the answer to the form that issued them. Not kept by the
/// browser or the service worker (`no-store`): the codes are on paper only.
pub(crate) fn slips_response(
    state: &AppState,
    headers: &HeaderMap,
    slips: &[Slip],
    back: &str,
    back_text: &str,
) -> Response {
    let origin = state.public_origin.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    });
    let locale = app::request::locale(headers);
    let stylesheet = state.build.stylesheet().next().unwrap_or("/pkg/sala.css");
    let html = slips_page(slips, locale, &origin, stylesheet, back, back_text);
    let mut response = (StatusCode::OK, html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Text for the page's HTML, in text and in quoted attributes alike.
fn escape(text: &str) -> String {
    app::ui::text_box::escape(text).replace('"', "&quot;")
}

/// The slips, one to a card, each in Khmer and English (whoever reads it), the page's own
/// words in the admin's language.
fn slips_page(
    slips: &[Slip],
    locale: Locale,
    origin: &str,
    stylesheet: &str,
    back: &str,
    back_text: &str,
) -> String {
    let (km, en) = (strings(Locale::Km), strings(Locale::En));
    let mine = strings(locale);
    let page = format!("{origin}/login/slip");
    let mut cards = String::new();
    for slip in slips {
        let expires = |l: Locale| {
            l.date_time(&slip.expires_at)
                .unwrap_or_else(|| slip.expires_at.clone())
        };
        let name_km = if slip.name.km.is_empty() {
            &slip.name.en
        } else {
            &slip.name.km
        };
        let name_en = if slip.name.en.is_empty() {
            &slip.name.km
        } else {
            &slip.name.en
        };
        cards.push_str(&format!(
            r#"<article class="card slip" data-user="{id}">
<h2 class="slip-title"><span lang="km">{title_km}</span> · <span lang="en">{title_en}</span></h2>
<p class="slip-name"><span lang="km">{name_km}</span> · <span lang="en">{name_en}</span></p>
<dl class="slip-fields">
<dt><span lang="km">{user_km}</span> · <span lang="en">{user_en}</span></dt><dd class="slip-username">{username}</dd>
<dt><span lang="km">{code_km}</span> · <span lang="en">{code_en}</span></dt><dd class="slip-code">{code}</dd>
<dt><span lang="km">{exp_km}</span> · <span lang="en">{exp_en}</span></dt><dd><span lang="km">{expires_km}</span> · <span lang="en">{expires_en}</span></dd>
</dl>
<p lang="km">{how_km} {once_km}</p>
<p lang="en">{how_en} {once_en}</p>
</article>
"#,
            id = slip.person,
            title_km = escape(km.slip_title),
            title_en = escape(en.slip_title),
            name_km = escape(name_km),
            name_en = escape(name_en),
            user_km = escape(km.slip_username),
            user_en = escape(en.slip_username),
            username = escape(&slip.username),
            code_km = escape(km.slip_code),
            code_en = escape(en.slip_code),
            code = escape(&domain::people::show_code(&slip.code)),
            exp_km = escape(km.slip_expires),
            exp_en = escape(en.slip_expires),
            expires_km = escape(&expires(Locale::Km)),
            expires_en = escape(&expires(Locale::En)),
            how_km = escape(&km.slip_how.replacen("{}", &page, 1)),
            how_en = escape(&en.slip_how.replacen("{}", &page, 1)),
            once_km = escape(km.slip_once),
            once_en = escape(en.slip_once),
        ));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Sala</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body class="slips-page">
<main id="main">
<h1>{title}</h1>
<p class="actions no-print"><a class="button" href="{back}" id="back-from-slips">{back_text}</a></p>
<p class="muted no-print" id="print-note">{print}</p>
<div class="slips">
{cards}</div>
</main>
</body>
</html>
"#,
        lang = locale.code(),
        title = escape(mine.slip_heading),
        stylesheet = escape(stylesheet),
        back = escape(back),
        back_text = escape(back_text),
        print = escape(mine.print),
    )
}
