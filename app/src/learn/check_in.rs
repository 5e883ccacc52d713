//! `/check-in`: a learner checks in to a session with the code on the trainer's phone,
//! typed or scanned (the QR code is a link to this page carrying the session and the
//! code). The page lists today's sessions, rendered on the server; the `CheckIn` island
//! writes the check-in to the outbox, so it works with no network, and the server
//! checks the code when it arrives (`domain::check_in`). A scanned link's check-in is
//! written once: the address loses its code straight after.

#[cfg(feature = "hydrate")]
use crate::i18n::fill;
use crate::i18n::{tr, use_i18n, Locale, LocaleStrings};
use crate::ui::page::RolePage;
use crate::ui::status::{ErrorNote, Loading};
#[cfg(feature = "hydrate")]
use domain::{Localized, SessionId};
use domain::{Role, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::learn::{CheckInSession, CheckInSessions};
use wire::AppError;

/// The signed-in learner and their sessions of today (in Cambodia): id and what it is.
#[server(endpoint = "learn/check-in-sessions", input = GetUrl)]
pub async fn todays_sessions() -> Result<CheckInSessions, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let sessions = store::teach::sessions(
        &state.pool,
        &user,
        &store::day_start(today),
        &store::day_start(today.add_days(1)),
    )
    .await
    .map_err(store::internal)?;
    let listed = sessions
        .into_iter()
        .map(|s| {
            let time = |l: Locale| format!("{} {}", l.clock_time(s.start), s.activity.get(l));
            CheckInSession {
                id: s.id,
                label: domain::Localized::new(time(Locale::Km), time(Locale::En)),
            }
        })
        .collect();
    Ok(CheckInSessions {
        learner: user.id,
        sessions: listed,
    })
}

#[component]
pub fn CheckInPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| todays_sessions());
    let i18n = use_i18n();
    view! {
        <RolePage title=|t| t.check_in roles=&[Role::Learner]>
            <p>{tr(|t| t.check_in_intro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(CheckInSessions { learner: user, sessions }) => {
                            let locale = i18n.get_untracked_locale();
                            view! {
                                <CheckIn user locale>
                                    <CheckInForm sessions locale />
                                </CheckIn>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RolePage>
    }
}

/// The form as the server renders it: today's sessions and the code.
#[component]
fn CheckInForm(sessions: Vec<CheckInSession>, locale: Locale) -> impl IntoView {
    let t = locale.strings();
    let none = sessions.is_empty();
    view! {
        <form class="card check-in" id="check-in-form" method="get" action="/check-in" novalidate>
            {none.then(|| view! { <p class="muted">{t.no_check_in_sessions}</p> })}
            <label>
                {t.session}
                <select name="s" id="check-in-session" required>
                    {sessions.into_iter().map(|CheckInSession { id, label }| view! {
                        <option value=id.to_string() data-km=label.km.clone() data-en=label.en.clone()>{label.get(locale).to_owned()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t.code}
                <input name="c" id="check-in-code-input" class="code-input" inputmode="numeric"
                    autocomplete="off" maxlength="7" />
            </label>
            <button type="submit" class="primary">{t.check_in}</button>
            <p id="check-in-result" role="status"></p>
        </form>
    }
}

/// What a typed code becomes: six digits (a space in the middle allowed, as shown).
pub fn clean_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    domain::check_in::is_well_formed(&digits).then_some(digits)
}

// Not in the signed-out bundle (feature `public`, for the sign-in and offline pages):
// a plain component there, never used, and left out.
#[cfg_attr(any(feature = "ssr", not(feature = "public")), island)]
#[cfg_attr(all(not(feature = "ssr"), feature = "public"), component)]
pub fn CheckIn(user: UserId, locale: Locale, children: Children) -> impl IntoView {
    let t = locale.strings();
    let root = NodeRef::<leptos::html::Div>::new();
    // The latest check-in written here: its id and time.
    let last = RwSignal::new(None::<(domain::RecordId, String)>);
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, last, t);

    #[cfg(feature = "hydrate")]
    let say = move |text: &str, error: bool| {
        if let Some(el) = root
            .get_untracked()
            .and_then(|r| r.query_selector("#check-in-result").ok().flatten())
        {
            el.set_text_content(Some(text));
            let _ = el.set_attribute("class", if error { "error" } else { "status" });
        }
    };

    // Writes a check-in to the outbox.
    #[cfg(feature = "hydrate")]
    let check_in = move |session: SessionId, code: String| {
        use domain::sync::RecordBody;
        // The session's name in both languages, from the list the server rendered.
        let label = root
            .get_untracked()
            .and_then(|r| {
                r.query_selector(&format!("#check-in-session option[value='{session}']"))
                    .ok()
                    .flatten()
            })
            .map(|option| {
                let text = |lang: &str| option.get_attribute(lang).unwrap_or_default();
                Localized::new(text("data-km"), text("data-en"))
            })
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            let body = RecordBody::CheckIn { session, code };
            match crate::device::outbox::write(user, body, label).await {
                Ok(record) => {
                    last.set(Some((record.id, record.at)));
                    crate::device::js::emit(crate::device::CHANGED_EVENT);
                }
                Err(_) => say(t.save_failed, true),
            }
        });
    };

    // Where the check-in stands: waiting in the outbox, refused (and why), or received.
    Effect::new(move |_| {
        let Some((id, at)) = last.get() else { return };
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use crate::device::outbox;
            let time = locale.date_time(&at).unwrap_or_default();
            let refused = outbox::refused(user).await.unwrap_or_default();
            if let Some(r) = refused.iter().find(|r| r.record.id == id) {
                // A learner is told why only when it is theirs to act on (too many
                // tries); a code's own reason goes to the trainer.
                let text = if r.reason == domain::sync::RejectReason::NotAccepted {
                    t.check_in_refused.to_owned()
                } else {
                    format!("{}: {}", t.check_in_refused, t.reason(r.reason))
                };
                say(&text, true);
                return;
            }
            let waiting = outbox::pending(user, 1000)
                .await
                .map(|p| p.iter().any(|p| p.record.id == id))
                .unwrap_or(true);
            say(
                &fill(
                    if waiting {
                        t.check_in_saved
                    } else {
                        t.check_in_accepted
                    },
                    &time,
                ),
                false,
            );
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (id, at);
    });

    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            // A scanned link: check in once, then drop the code from the address (a
            // reload must not send it again).
            let location = window().location();
            let query =
                web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()).ok();
            let get = |name: &str| query.as_ref().and_then(|q| q.get(name));
            if let (Some(session), Some(code)) = (get("s"), get("c")) {
                let _ = window().history().map(|h| {
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/check-in"))
                });
                match (session.parse::<SessionId>(), clean_code(&code)) {
                    (Ok(session), Some(code)) => check_in(session, code),
                    _ => say(t.check_in_bad_code, true),
                }
            }
            let _ = window_event_listener_untyped(crate::device::CHANGED_EVENT, move |_| {
                last.update(|_| {});
            });
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(root) = root.get_untracked() else {
                return;
            };
            let value = |selector: &str| {
                root.query_selector(selector).ok().flatten().and_then(|e| {
                    e.dyn_ref::<web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                        .or_else(|| e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
                })
            };
            let session = value("#check-in-session").and_then(|s| s.parse::<SessionId>().ok());
            let code = value("#check-in-code-input").and_then(|c| clean_code(&c));
            match (session, code) {
                (None, _) => say(t.check_in_no_session, true),
                (_, None) => say(t.check_in_bad_code, true),
                (Some(session), Some(code)) => {
                    check_in(session, code);
                    if let Some(input) = root
                        .query_selector("#check-in-code-input")
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.set_value("");
                    }
                }
            }
        }
    };

    view! { <div node_ref=root on:submit=on_submit>{children()}</div> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_codes_may_have_the_space_they_are_shown_with() {
        assert_eq!(super::clean_code("123 456").as_deref(), Some("123456"));
        assert_eq!(super::clean_code(" 123456 ").as_deref(), Some("123456"));
        assert_eq!(super::clean_code("12345"), None);
        assert_eq!(super::clean_code("12345x"), None);
    }
}
