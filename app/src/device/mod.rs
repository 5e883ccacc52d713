//! The device side of the sync engine and of offline copies — browser only (compiled
//! with `hydrate`). Islands call into it; nothing here renders.
//!
//! - `outbox`: the learner's on-device database (IndexedDB through the `idb` crate),
//!   one per signed-in user: the outbox of records not yet acknowledged, every record the
//!   device knows (its own and pulled ones), records the server refused, and a few keys
//!   (device id, record counter, pull cursor, time of the last sync).
//! - `sync`: push the outbox in bounded batches, settle each record by the server's
//!   answer, then pull since the cursor (`docs/sync-protocol.md`).
//! - `copies`: "Download for offline": a course's pages (every language) and images in
//!   a Cache Storage cache of their own, which app updates do not delete.
//! - `overlay`: marks what this device knows on server-rendered pages (lessons done,
//!   courses saved), so a page saved earlier shows today's state offline.
//! - `js`: the few browser calls the rest needs (clock, randomness, fetch, events).

pub mod copies;
pub mod js;
pub mod outbox;
pub mod overlay;
pub mod sync;

/// Fired on `window` when the outbox changed (a record was written or settled).
pub const CHANGED_EVENT: &str = "sala:changed";
/// Sent when a request of this page got an answer from the server (any status): the
/// device bar then retries a sync that had failed, without waiting for its timer.
pub const REACHED_EVENT: &str = "sala:reached";
