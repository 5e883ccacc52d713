//! Sala's application: components, routes and server functions, compiled twice —
//! with `ssr` into the server, with `hydrate` into the browser's WebAssembly.
//!
//! Organised by feature (`learn`, `teach`, `tools`, `auth`); `domain` is pure and
//! shared; `store` and `state` exist only on the server.

#![recursion_limit = "256"]

pub mod account;
pub mod auth;
#[cfg(feature = "hydrate")]
pub mod device;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod learn;
pub mod schedule;
pub mod shell;
pub mod teach;
pub mod tools;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

pub use shell::{shell, App};
