//! Cross-cutting HTTP behaviour: caching headers per kind of response, and the HTTP
//! status of server-function errors.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Hashed build assets are immutable; other static files are revalidated daily;
/// pages and API answers are private and always revalidated.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) || !response.status().is_success() {
        return response;
    }
    let value = if path.starts_with("/pkg/") && is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/")
        || path.starts_with("/fonts/")
        || path.starts_with("/icons/")
        || path.starts_with("/media/")
        || path == "/favicon.png"
        || path == "/manifest.webmanifest"
    {
        "public, max-age=86400"
    } else {
        "private, no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// `sala.0123abcd.js` has a content hash in its name; `sala.js` does not.
fn is_hashed(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .map(|name| name.split('.').count() >= 3)
        .unwrap_or(false)
}

/// Server functions answer errors with 500 by default; give each `AppError` its own
/// status (400 malformed, 401, 403, 404, 422 invalid, 429, 500) so clients and logs can
/// tell a bad request from a fault.
pub async fn api_error_status(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_hashed_names() {
        assert!(super::is_hashed("/pkg/sala.abc123.js"));
        assert!(!super::is_hashed("/pkg/sala.js"));
    }
}
