//! Under a lesson: "Mark as done" and the time spent reading — an island, because both
//! are written on the device, to the outbox, and work offline. The change shows at once;
//! the sync engine sends it when it can.

use crate::i18n::{Locale, LocaleStrings};
use domain::{LessonId, Localized, UserId};
use leptos::prelude::*;

/// Reading shorter than this is not recorded (a glance, or a page passed through).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const MIN_SECONDS: f64 = 5.0;

// Not in the signed-out bundle (feature `public`, for the sign-in and offline pages):
// a plain component there, never used, and left out.
#[cfg_attr(any(feature = "ssr", not(feature = "public")), island)]
#[cfg_attr(all(not(feature = "ssr"), feature = "public"), component)]
pub fn LessonProgress(
    user: UserId,
    lesson: LessonId,
    title: Localized,
    done: bool,
    locale: Locale,
) -> impl IntoView {
    let t = locale.strings();
    let done = RwSignal::new(done);
    let note = RwSignal::new(None::<&'static str>);
    let title = StoredValue::new(title);
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, title);

    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use crate::device::outbox;
            use domain::sync::RecordBody;
            use leptos::task::spawn_local;
            spawn_local(async move {
                if let Ok(state) = outbox::state(user).await {
                    if state.is_done(lesson) {
                        done.set(true);
                    }
                }
            });
            // Time spent: counted while the page is visible, written when it is hidden or left.
            let since = StoredValue::new(Some(js_sys::Date::now()));
            let flush = move || {
                let Some(start) = since.get_value() else {
                    return;
                };
                since.set_value(None);
                let seconds = (js_sys::Date::now() - start) / 1000.0;
                if seconds >= MIN_SECONDS {
                    let body = RecordBody::TimeSpent {
                        lesson,
                        seconds: seconds.min(86_400.0) as u32,
                    };
                    spawn_local(async move {
                        if outbox::write(user, body, title.get_value()).await.is_ok() {
                            crate::device::js::emit(crate::device::CHANGED_EVENT);
                        }
                    });
                }
            };
            let _ = window_event_listener_untyped("visibilitychange", move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    since.set_value(Some(js_sys::Date::now()));
                } else {
                    flush();
                }
            });
            let _ = window_event_listener_untyped("pagehide", move |_| flush());
        }
    });

    let mark = move |_| {
        done.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use domain::sync::RecordBody;
            let body = RecordBody::LessonDone { lesson };
            match crate::device::outbox::write(user, body, title.get_value()).await {
                Ok(_) => {
                    note.set(Some(t.saved_on_phone));
                    crate::device::js::emit(crate::device::CHANGED_EVENT);
                }
                Err(_) => {
                    done.set(false);
                    note.set(Some(t.save_failed));
                }
            }
        });
    };

    view! {
        <div class="lesson-progress" data-lesson=lesson.to_string() data-done=move || done.get().to_string()>
            <Show
                when=move || done.get()
                fallback=move || view! { <button type="button" class="primary" id="mark-done" on:click=mark>{t.mark_done}</button> }
            >
                <p class="status" id="lesson-done">{format!("✓ {}", t.done)}</p>
            </Show>
            <p class="small" role="status">{move || note.get()}</p>
        </div>
    }
}
