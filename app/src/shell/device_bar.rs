//! The device bar in the header, an island on every page of a signed-in user: whether
//! the device is online, offline or syncing; how many changes wait in the outbox (with
//! the list, and what the server refused); the time of the last successful sync; "Sync
//! now"; and signing out, which on a shared phone offers to send what is unsent first
//! and then wipes this person's data from the device.
//!
//! Sync runs when the page starts, on the browser's `online` event, when the app becomes
//! visible again, when another island writes to the outbox, and from "Sync now". While
//! anything is unsent and a sync did not get through, it tries again by itself with
//! backoff (15 s doubling to 5 min; the panel shows when) and at once after any request
//! of the page that reached the server: `navigator.onLine` stays true when only the
//! server is down or behind a captive portal, so an `online` event may never come.

use crate::i18n::{fill, Locale, LocaleStrings};
use domain::UserId;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Net {
    /// Not known until the page has loaded.
    Unknown,
    Online,
    Offline,
    Syncing,
}

/// One line of the unsynced (or refused) list.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    title: String,
    what: &'static str,
    reason: Option<&'static str>,
}

/// The bar's state, shared by its handlers.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Bar {
    user: UserId,
    syncs: bool,
    locale: Locale,
    net: RwSignal<Net>,
    unsynced: RwSignal<Option<usize>>,
    lines: RwSignal<Vec<Line>>,
    refused: RwSignal<Vec<Line>>,
    last_sync: RwSignal<Option<String>>,
    message: RwSignal<Option<&'static str>>,
    confirm: RwSignal<bool>,
    form: NodeRef<leptos::html::Form>,
    /// When the next attempt runs by itself (device clock, ISO), if one is planned.
    next_try: RwSignal<Option<String>>,
    /// Seconds to wait before that attempt; doubles after each failure.
    backoff: StoredValue<u32>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

/// The first wait before trying again, and the longest.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const FIRST_RETRY_SECONDS: u32 = 15;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const LONGEST_RETRY_SECONDS: u32 = 300;

#[cfg(feature = "hydrate")]
impl Bar {
    fn what(self, body: &domain::sync::RecordBody) -> &'static str {
        use domain::sync::RecordBody;
        let t = self.locale.strings();
        match body {
            RecordBody::LessonDone { .. } => t.kind_lesson_done,
            RecordBody::CheckAttempt { .. } => t.kind_check_attempt,
            RecordBody::TimeSpent { .. } => t.kind_time_spent,
            RecordBody::AttendanceMark { .. } => t.kind_attendance,
            RecordBody::CheckIn { .. } => t.kind_check_in,
            RecordBody::Unknown { .. } => t.kind_unknown,
        }
    }

    /// Reads the outbox and the device's state again, and marks the page with it.
    async fn refresh(self) {
        use crate::device::{copies, outbox, overlay};
        let locale = self.locale;
        if let Ok(pending) = outbox::pending(self.user, 10_000).await {
            self.unsynced.set(Some(pending.len()));
            let t = locale.strings();
            self.lines.set(
                pending
                    .iter()
                    .map(|p| Line {
                        title: p.label.get(locale).to_owned(),
                        what: self.what(&p.record.body),
                        reason: p.waiting.map(|r| t.reason(r)),
                    })
                    .collect(),
            );
        }
        if let Ok(refused) = outbox::refused(self.user).await {
            let t = locale.strings();
            self.refused.set(
                refused
                    .iter()
                    .map(|r| Line {
                        title: r.label.get(locale).to_owned(),
                        what: self.what(&r.record.body),
                        reason: Some(t.reason(r.reason)),
                    })
                    .collect(),
            );
        }
        if let Ok(Some(at)) = outbox::meta(self.user, "last_sync").await {
            self.last_sync
                .set(at.as_string().and_then(|at| locale.date_time(&at)));
        }
        if let Ok(state) = outbox::state(self.user).await {
            overlay::lessons_done(&state);
        }
        overlay::courses_saved(&copies::saved_classes().await);
    }

    /// Pushes the outbox and pulls; shows how it went. Changes written while a run was
    /// on its way go with another run straight after (a few rounds at most). A run that
    /// did not get through plans the next one (backoff) while anything is unsent.
    async fn sync(self) {
        use crate::device::sync::{run, SyncError};
        if !self.syncs {
            return;
        }
        self.cancel_retry();
        let t = self.locale.strings();
        for _ in 0..5 {
            self.net.set(Net::Syncing);
            let result = run(self.user).await;
            if result == Err(SyncError::Busy) {
                // The run already going reports when it ends.
                return;
            }
            self.net.set(if result == Err(SyncError::Offline) {
                Net::Offline
            } else {
                Net::Online
            });
            self.message.set(match result {
                Ok(_) | Err(SyncError::Busy) => None,
                Err(SyncError::Offline) => Some(t.sync_offline),
                Err(SyncError::SignedOut) => Some(t.sync_signed_out),
                Err(SyncError::Server(_)) => Some(t.sync_failed),
                Err(SyncError::Storage) => Some(t.save_failed),
            });
            self.refresh().await;
            let unsent = self.unsynced.get_untracked().unwrap_or(0);
            match result {
                Ok(_) if unsent == 0 => {
                    self.backoff.set_value(FIRST_RETRY_SECONDS);
                    return;
                }
                // Only what the server asked to send later is left: later it is.
                Ok(synced) if unsent <= synced.waiting => {
                    self.plan_retry();
                    return;
                }
                Ok(_) => continue,
                // Signing in again is the person's to do; nothing to retry until then.
                Err(SyncError::SignedOut) => return,
                Err(_) => {
                    if unsent > 0 {
                        self.plan_retry();
                    }
                    return;
                }
            }
        }
    }

    /// Plans the next attempt after the current wait, and doubles the wait.
    fn plan_retry(self) {
        let wait = self.backoff.get_value();
        self.backoff
            .set_value(wait.saturating_mul(2).min(LONGEST_RETRY_SECONDS));
        let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            js_sys::Date::now() + f64::from(wait) * 1000.0,
        ));
        self.next_try.set(Some(at.to_iso_string().into()));
        let handle = set_timeout_with_handle(
            move || {
                self.timer.set_value(None);
                leptos::task::spawn_local(self.sync());
            },
            std::time::Duration::from_secs(u64::from(wait)),
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn cancel_retry(self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        self.next_try.set(None);
    }

    /// Deletes this person's data from the device, then signs out.
    async fn wipe_and_sign_out(self) {
        let _ = crate::device::outbox::wipe(self.user).await;
        crate::device::copies::remove_all().await;
        if let Some(form) = self.form.get_untracked() {
            let _ = form.submit();
        }
    }
}

// Not in the signed-out bundle (feature `public`, for the sign-in and offline pages):
// a plain component there, never used, and left out.
#[cfg_attr(any(feature = "ssr", not(feature = "public")), island)]
#[cfg_attr(all(not(feature = "ssr"), feature = "public"), component)]
pub fn DeviceBar(user: UserId, syncs: bool, locale: Locale) -> impl IntoView {
    let t = locale.strings();
    let bar = Bar {
        user,
        syncs,
        locale,
        net: RwSignal::new(Net::Unknown),
        unsynced: RwSignal::new(None),
        lines: RwSignal::new(Vec::new()),
        refused: RwSignal::new(Vec::new()),
        last_sync: RwSignal::new(None),
        message: RwSignal::new(None),
        confirm: RwSignal::new(false),
        form: NodeRef::new(),
        next_try: RwSignal::new(None),
        backoff: StoredValue::new(FIRST_RETRY_SECONDS),
        timer: StoredValue::new(None),
    };

    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::task::spawn_local;
            let start = move || {
                let online = crate::device::js::online();
                bar.net.set(if online { Net::Online } else { Net::Offline });
                spawn_local(async move {
                    bar.refresh().await;
                    if crate::device::js::online() {
                        bar.sync().await;
                    }
                });
            };
            start();
            // A trainer's roll calls of today, and the learner's check-in page, open
            // offline later, even if not opened now.
            crate::device::js::keep_pages(&crate::device::overlay::links(
                "#today a[href^=\"/teach/session/\"], a[data-keep]",
            ));
            let _ = window_event_listener_untyped("online", move |_| start());
            let _ = window_event_listener_untyped("offline", move |_| bar.net.set(Net::Offline));
            let _ = window_event_listener_untyped("visibilitychange", move |_| {
                let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
                if visible {
                    start();
                }
            });
            let _ = window_event_listener_untyped(crate::device::CHANGED_EVENT, move |_| {
                if bar.net.get_untracked() == Net::Syncing {
                    spawn_local(bar.refresh());
                } else {
                    start();
                }
            });
            // Some request of this page got an answer: the server is back, so a planned
            // retry need not wait.
            let _ = window_event_listener_untyped(crate::device::REACHED_EVENT, move |_| {
                if bar.next_try.get_untracked().is_some() && bar.net.get_untracked() != Net::Syncing
                {
                    spawn_local(bar.sync());
                }
            });
        }
    });

    let sync_now = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(bar.sync());
    };
    // With the page's code running, signing out goes through here (without it, the
    // form posts and the service worker forgets the saved pages).
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The count as it is now, read from the device, never the bar's last look: another
        // tab may have written since, or the bar may not have counted yet. Nothing is
        // deleted without asking unless the outbox is known to be empty.
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::device::outbox::pending(bar.user, 10_000).await {
                Ok(pending) if pending.is_empty() => bar.wipe_and_sign_out().await,
                Ok(pending) => {
                    bar.unsynced.set(Some(pending.len()));
                    bar.confirm.set(true);
                }
                Err(_) => {
                    bar.unsynced.set(None);
                    bar.confirm.set(true);
                }
            }
        });
    };
    let send_then_sign_out = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            bar.sync().await;
            if bar.unsynced.get_untracked() == Some(0) {
                bar.wipe_and_sign_out().await;
            }
        });
    };
    let sign_out_anyway = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(bar.wipe_and_sign_out());
    };

    let state_text = move || match bar.net.get() {
        Net::Unknown => "",
        Net::Online => t.net_online,
        Net::Offline => t.net_offline,
        Net::Syncing => t.net_syncing,
    };
    let count_text = move || match bar.unsynced.get() {
        None => String::new(),
        Some(0) => t.all_synced.to_owned(),
        Some(n) => fill(t.n_unsynced, locale.number(n)),
    };
    let list = move |lines: Vec<Line>| {
        lines
            .into_iter()
            .map(|l| {
                view! {
                    <li>
                        <span class="small">{l.what}</span>" "
                        <span>{l.title}</span>
                        {l.reason.map(|r| view! { <span class="error">" — "{r}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="device-bar" data-net=move || match bar.net.get() {
            Net::Unknown => "unknown",
            Net::Online => "online",
            Net::Offline => "offline",
            Net::Syncing => "syncing",
        }>
            <details class="sync">
                <summary>
                    <span class="sr-only">{t.sync_status}": "</span>
                    <span class="net-dot" aria-hidden="true"></span>
                    <span id="net-state">{state_text}</span>
                    <span id="unsynced" class="badge" data-count=move || bar.unsynced.get().map(|n| n.to_string())>{count_text}</span>
                </summary>
                <div class="sync-panel card">
                    <p id="last-sync" class="small">
                        {move || match bar.last_sync.get() {
                            Some(at) => fill(t.last_sync, at),
                            None => t.never_synced.to_owned(),
                        }}
                    </p>
                    <button type="button" id="sync-now" class="primary" on:click=sync_now disabled=move || !syncs || bar.net.get() == Net::Syncing>
                        {t.sync_now}
                    </button>
                    <p class="small" role="status" id="sync-message">{move || bar.message.get()}</p>
                    <p class="small" id="next-try">
                        {move || bar.next_try.get().and_then(|at| locale.clock(&at)).map(|at| fill(t.next_try, at))}
                    </p>
                    <Show when=move || !bar.lines.get().is_empty()>
                        <h2 class="h4">{t.unsynced_changes}</h2>
                        <ul id="unsynced-list" class="plain">{move || list(bar.lines.get())}</ul>
                    </Show>
                    <Show when=move || !bar.refused.get().is_empty()>
                        <h2 class="h4">{t.refused_title}</h2>
                        <ul id="refused-list" class="plain">{move || list(bar.refused.get())}</ul>
                    </Show>
                </div>
            </details>
            <form method="post" action="/logout" node_ref=bar.form on:submit=on_submit>
                <button type="submit" class="link" id="sign-out">{t.sign_out}</button>
            </form>
            <Show when=move || bar.confirm.get()>
                <div class="confirm card" role="alertdialog" id="sign-out-confirm">
                    <p>{move || match bar.unsynced.get() {
                        Some(n) => fill(t.signout_unsynced, locale.number(n)),
                        None => t.signout_unknown.to_owned(),
                    }}</p>
                    <div class="actions">
                        <button type="button" class="primary" id="send-then-sign-out" on:click=send_then_sign_out>{t.sync_and_sign_out}</button>
                        <button type="button" id="sign-out-anyway" on:click=sign_out_anyway>{t.sign_out_anyway}</button>
                        <button type="button" class="link" on:click=move |_| bar.confirm.set(false)>{t.cancel}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
