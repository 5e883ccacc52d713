//! `AppError`: what the interface can act on. It crosses the wire intact (JSON) from
//! server functions to the browser, and plain handlers answer with the same shape
//! (`{"error": "<code>", "message": "…"}`); internal causes are logged on the server and
//! never sent.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// On the wire: `{"error": "<code>", <its fields>, "message": "<English line for logs>"}`
/// — the same from a server function and a plain handler. A code this build does not
/// know (a newer server's) reads as `Internal`; `message` is never read back.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("malformed request: {detail}")]
    #[serde(rename = "malformed")]
    BadRequest { detail: String },
    #[error("too many attempts; retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("busy; try again shortly")]
    Busy,
    #[error("the server cannot be reached")]
    Offline,
    /// A state change another site started (refused whatever it was).
    #[error("refused: this request came from another site")]
    CrossSite,
    /// A sync batch over its limits in records or bytes.
    #[error("batch too large")]
    #[serde(rename = "batch_too_large")]
    TooLarge,
    /// A sync protocol this server does not speak.
    #[error("unsupported protocol {protocol}")]
    UnsupportedProtocol { protocol: u32 },
    #[error("internal error")]
    #[serde(other)]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    pub fn malformed(detail: impl Into<String>) -> Self {
        AppError::BadRequest {
            detail: detail.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::BadRequest { .. } | AppError::UnsupportedProtocol { .. } => 400,
            AppError::TooLarge => 413,
            AppError::RateLimited { .. } => 429,
            AppError::Busy => 503,
            AppError::Offline => 503,
            AppError::Internal => 500,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::BadRequest { .. } => "malformed",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Busy => "busy",
            AppError::Offline => "offline",
            AppError::CrossSite => "cross_site",
            AppError::TooLarge => "batch_too_large",
            AppError::UnsupportedProtocol { .. } => "unsupported_protocol",
            AppError::Internal => "internal",
        }
    }

    /// The error as every endpoint answers it (see the type).
    pub fn body(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|_| serde_json::json!({ "error": "internal" }))
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("error", self.code())?;
        match self {
            AppError::Invalid { field, reason } => {
                map.serialize_entry("field", field)?;
                map.serialize_entry("reason", reason)?;
            }
            AppError::BadRequest { detail } => map.serialize_entry("detail", detail)?,
            AppError::RateLimited { retry_after_secs } => {
                map.serialize_entry("retry_after_secs", retry_after_secs)?
            }
            AppError::UnsupportedProtocol { protocol } => {
                map.serialize_entry("protocol", protocol)?
            }
            AppError::Unauthenticated
            | AppError::Forbidden
            | AppError::NotFound
            | AppError::Busy
            | AppError::Offline
            | AppError::CrossSite
            | AppError::TooLarge
            | AppError::Internal => {}
        }
        map.serialize_entry("message", &self.to_string())?;
        map.end()
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
                    AppError::malformed(m)
                }
                ServerFnErrorErr::MissingArg(m) => AppError::malformed(format!("missing {m}")),
                ServerFnErrorErr::UnsupportedRequestMethod(m) => AppError::malformed(m),
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

#[cfg(test)]
mod wire_tests {
    use super::AppError;

    #[test]
    fn errors_read_back_and_a_newer_servers_code_reads_as_internal() {
        for e in [
            AppError::Unauthenticated,
            AppError::invalid("threshold", "bad_threshold"),
            AppError::malformed("x"),
            AppError::RateLimited {
                retry_after_secs: 60,
            },
            AppError::UnsupportedProtocol { protocol: 9 },
            AppError::TooLarge,
        ] {
            let json = serde_json::to_string(&e).expect("json");
            assert_eq!(
                serde_json::from_str::<AppError>(&json).expect("reads"),
                e,
                "{json}"
            );
        }
        let newer: AppError =
            serde_json::from_str(r#"{"error":"quota_exceeded","bytes":10,"message":"x"}"#)
                .expect("reads");
        assert_eq!(newer, AppError::Internal);
    }
}
