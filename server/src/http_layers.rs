//! Cross-cutting HTTP behaviour: refusing state changes that another site started,
//! security headers, caching headers per kind of response, and the HTTP status of
//! server-function errors.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wire::AppError;

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

/// Where this site is reached, for [`same_origin_only`]: `SALA_PUBLIC_ORIGIN` when a
/// proxy in front changes the `Host` header, else each request's own `Host`.
#[derive(Clone, Debug, Default)]
pub struct PublicOrigin(pub Option<String>);

/// Refuses every state change (any method but GET, HEAD, OPTIONS) that a page of
/// another site started: a form posted from elsewhere, a script's request. Browsers say
/// where a request comes from — `Origin` on every cross-origin request and on
/// same-origin POSTs, `Sec-Fetch-Site` on all of them — and this site's pages always
/// post to this site. A request that carries neither is not from a browser page (a
/// device's old WebView aside, which sends `Origin`): it cannot carry a victim's
/// cookies cross-site, so it goes on.
pub async fn same_origin_only(
    axum::extract::State(public): axum::extract::State<PublicOrigin>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let allowed = match text(header::ORIGIN) {
        Some(origin) => match &public.0 {
            Some(public) => origin == public,
            None => origin.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "http" | "https") && Some(host) == text(header::HOST)
            }),
        },
        None => fetch_site.is_none_or(|site| matches!(site, "same-origin" | "none")),
    };
    if allowed {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), origin = ?text(header::ORIGIN), ?fetch_site, "refused a cross-site request");
    let mut response = if request.uri().path().starts_with("/api/") {
        crate::auth::ApiError(wire::AppError::CrossSite).into_response()
    } else {
        (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another site. / បដិសេធ៖ សំណើនេះមកពីគេហទំព័រផ្សេង។",
        )
            .into_response()
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Headers every answer carries: no MIME sniffing, no framing by another site, no
/// referrer sent elsewhere, and HSTS when Sala is served over HTTPS (secure cookies).
/// Pages carry their Content-Security-Policy themselves (it names their nonce).
pub async fn security_headers(
    axum::extract::State(https): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // Not a page (files, JSON): nothing in it may run or load anything. (Pages and
        // the service worker carry their own.)
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    response
}
