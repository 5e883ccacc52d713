//! Everything that crosses HTTP between the browser and the server, as named structs with
//! stable field names (no tuples on the wire): page data and server-function results,
//! the sync messages, the error every endpoint answers with, and the names of the
//! cookies and headers both sides use. Pure Rust for the server and the browser: no
//! Leptos (but `AppError` can be a server function's error, feature `server-fn`), no
//! SQL. The format of every stable endpoint is pinned by `tests/golden.rs`.

pub mod account;
pub mod admin;
pub mod classes;
pub mod curriculum;
pub mod error;
pub mod learn;
pub mod national;
pub mod reports;
pub mod rpl;
pub mod sync;
pub mod teach;
pub mod timetable;

pub use account::{Device, PeopleImport, PersonSummary, UserView, SESSION_COOKIE, USER_HEADER};
pub use error::AppError;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "sala_lang";

/// The header a service worker sends to fetch a page in a given language (it cannot set
/// cookies); it wins over the cookie.
pub const LANG_HEADER: &str = "x-sala-lang";
