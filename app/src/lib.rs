//! Sala's interface: pages, islands and the server functions behind them, compiled twice
//! — with `ssr` into the server, with `hydrate` into the browser's WebAssembly. Leptos
//! only: the rules are in `domain`, what crosses HTTP in `wire`, the SQL in `store`.
//!
//! Folders mirror the routes: `learn/` (`/learn`, `/check-in`), `teach/` (`/teach`),
//! `assess/`, `curriculum/`, `admin/` and `account/` (`/account`, `/login`). Shared
//! below them: `ui/` (page frame, role guard, labels, the session card), `i18n/`,
//! `auth/` (who is signed in) and `device/` (the browser's storage and sync). `shell/`
//! is the top: the document, header and router. Features never import each other.

#![recursion_limit = "256"]

pub mod account;
pub mod admin;
pub mod assess;
pub mod auth;
pub mod curriculum;
#[cfg(feature = "hydrate")]
pub mod device;
pub mod i18n;
pub mod learn;
pub mod national;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod request;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod teach;
pub mod ui;

pub use shell::{shell, App};
