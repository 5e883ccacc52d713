//! `AppError`: what the interface can act on. It crosses the wire intact (JSON) from
//! server functions to the browser, and plain handlers answer with the same shape
//! (`{"error": "<code>", "message": "…"}`); internal causes are logged on the server and
//! never sent.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("too many attempts; retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// The server is too busy to do this now (e.g. checking passwords): try again shortly.
    #[error("busy; try again shortly")]
    Busy,
    #[error("the server cannot be reached")]
    Offline,
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::BadRequest(_) => 400,
            AppError::RateLimited { .. } => 429,
            AppError::Busy => 503,
            AppError::Offline => 503,
            AppError::Internal => 500,
        }
    }

    /// A short code for plain handlers' JSON errors (`{"error": "<code>", …}`).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::BadRequest(_) => "malformed",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Busy => "busy",
            AppError::Offline => "offline",
            AppError::Internal => "internal",
        }
    }

    /// The JSON body plain handlers answer with: the shape server functions' errors have.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "error": self.code(), "message": self.to_string() })
    }
}

#[cfg(feature = "server-fn")]
mod server_fn_error {
    use super::AppError;
    use server_fn::codec::JsonEncoding;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    impl FromServerFnError for AppError {
        type Encoder = JsonEncoding;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            match value {
                // The request never reached the server (or its answer never came back).
                ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Offline,
                ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                    AppError::BadRequest(m)
                }
                ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(format!("missing {m}")),
                ServerFnErrorErr::UnsupportedRequestMethod(m) => AppError::BadRequest(m),
                ServerFnErrorErr::Registration(_) => AppError::NotFound,
                ServerFnErrorErr::ServerError(_)
                | ServerFnErrorErr::Serialization(_)
                | ServerFnErrorErr::MiddlewareError(_) => AppError::Internal,
            }
        }
    }
}

#[cfg(all(test, feature = "server-fn"))]
mod tests {
    use super::*;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    #[test]
    fn client_faults_are_4xx_and_ours_5xx() {
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into())).status(),
            400
        );
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::invalid("days", "too many").status(), 422);
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 60
            }
            .status(),
            429
        );
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn network_failures_mean_offline() {
        let e =
            AppError::from_server_fn_error(ServerFnErrorErr::Request("connection refused".into()));
        assert_eq!(e, AppError::Offline);
    }
}
