//! The blend editor with JavaScript: an island around the server-rendered blend table and
//! activity list of a draft programme (only the authors' bundle hydrates it). "Move up" /
//! "Move down" post the same form with `fetch` and move the row in place, without a page
//! load; typing a new activity's minutes or mode shows the programme's blend with it
//! before it is saved. Everything it does the plain forms also do without it; any answer
//! it cannot show in place (a refusal) falls back to sending the form, so the page shows
//! the reason as it does without JavaScript.

use crate::i18n::Locale;
use leptos::prelude::*;

#[cfg_attr(any(feature = "ssr", feature = "author"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "author")), component)]
pub fn BlendLive(locale: Locale, children: Children) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
    #[cfg(feature = "hydrate")]
    let busy = StoredValue::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(ev, locale, busy);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // `input` while typing minutes, `change` when a mode is chosen.
    let on_input = move |ev| {
        #[cfg(feature = "hydrate")]
        browser::retotal(&ev, locale);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_change = move |ev| {
        #[cfg(feature = "hydrate")]
        browser::retotal(&ev, locale);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div id="blend-editor" on:submit=on_submit on:input=on_input on:change=on_change>
            {children()}
            <p class="status live-note" role="status" id="blend-live"></p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::strings::strings;
    use crate::i18n::Locale;
    use domain::DeliveryMode;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, HtmlButtonElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement,
    };

    fn say(text: &str) {
        if let Some(status) = document().get_element_by_id("blend-live") {
            status.set_text_content(Some(text));
        }
    }

    /// "Move up" / "Move down" without a page load: posts the form asking for JSON; on
    /// success moves the row, mends the buttons' disabled states and keeps the focus on
    /// the button pressed. While one move is on its way, another press is ignored.
    pub fn submit(ev: web_sys::SubmitEvent, locale: Locale, busy: StoredValue<bool>) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if !form.class_list().contains("activity-actions") {
            return;
        }
        let Some(button) = ev
            .submitter()
            .and_then(|b| b.dyn_into::<HtmlButtonElement>().ok())
        else {
            return;
        };
        let up = match button.value().as_str() {
            "up" => true,
            "down" => false,
            _ => return,
        };
        ev.prevent_default();
        if busy.get_value() {
            return;
        }
        let Ok(Some(row)) = form.closest("li.activity-row") else {
            return;
        };
        let activity = row.id().trim_start_matches("a-").to_owned();
        busy.set_value(true);
        let c = strings(locale);
        leptos::task::spawn_local(async move {
            let body = format!(
                "activity={}&action={}",
                crate::auth::percent_encode(&activity),
                if up { "up" } else { "down" }
            );
            // The attribute, not `form.action`: the form's buttons are named "action",
            // and a form's named controls shadow its properties.
            let url = form.get_attribute("action").unwrap_or_default();
            match post(&url, &body).await {
                Ok(200) => {
                    move_row(&row, up);
                    let _ = button.focus();
                    if button.disabled() {
                        // At the top or bottom now: the other direction keeps the focus.
                        let other = if up { "down" } else { "up" };
                        if let Ok(Some(b)) =
                            form.query_selector(&format!("button[value=\"{other}\"]"))
                        {
                            if let Ok(b) = b.dyn_into::<HtmlButtonElement>() {
                                let _ = b.focus();
                            }
                        }
                    }
                    say(if up {
                        c.blend_live_up
                    } else {
                        c.blend_live_down
                    });
                }
                Ok(_) => {
                    // Refused (not a draft any more, not found, signed out): the plain
                    // form shows why, as without JavaScript.
                    if let Ok(hidden) = document().create_element("input") {
                        let _ = hidden.set_attribute("type", "hidden");
                        let _ = hidden.set_attribute("name", "action");
                        let _ = hidden.set_attribute("value", if up { "up" } else { "down" });
                        let _ = form.append_child(&hidden);
                    }
                    let _ = form.submit();
                }
                Err(()) => say(c.blend_live_offline),
            }
            busy.set_value(false);
        });
    }

    /// The status of the answer, or `Err` when there was none (offline, server down).
    async fn post(url: &str, body: &str) -> Result<u16, ()> {
        use wasm_bindgen_futures::JsFuture;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_redirect(web_sys::RequestRedirect::Manual);
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
        let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ())?;
        let headers = request.headers();
        headers
            .set("content-type", "application/x-www-form-urlencoded")
            .map_err(|_| ())?;
        headers.set("accept", "application/json").map_err(|_| ())?;
        let response = JsFuture::from(window().fetch_with_request(&request))
            .await
            .map_err(|_| ())?
            .dyn_into::<web_sys::Response>()
            .map_err(|_| ())?;
        Ok(response.status())
    }

    /// Swaps the row with its neighbour and sets which buttons of its list are disabled.
    fn move_row(row: &Element, up: bool) {
        let Some(list) = row.parent_element() else {
            return;
        };
        if up {
            if let Some(before) = row.previous_element_sibling() {
                let _ = list.insert_before(row, Some(&before));
            }
        } else if let Some(after) = row.next_element_sibling() {
            let _ = list.insert_before(&after, Some(row));
        }
        let rows = list.children();
        let n = rows.length();
        for i in 0..n {
            let Some(r) = rows.item(i) else { continue };
            for (value, disabled) in [("up", i == 0), ("down", i + 1 == n)] {
                if let Ok(Some(b)) = r.query_selector(&format!("button[value=\"{value}\"]")) {
                    if let Ok(b) = b.dyn_into::<HtmlButtonElement>() {
                        b.set_disabled(disabled);
                    }
                }
            }
        }
    }

    /// The blend table again, from the rows on the page and — while a new activity's
    /// form holds valid minutes — that activity too, with a note saying so.
    pub fn retotal(ev: &web_sys::Event, locale: Locale) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(form)) = target.closest(".add-activity form") else {
            return;
        };
        let typed = form
            .query_selector("input[name=minutes]")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            .and_then(|i| i.value().trim().parse::<u32>().ok())
            .filter(|m| (1..=domain::blend::MAX_MINUTES).contains(m));
        let mode = form
            .query_selector("select[name=mode]")
            .ok()
            .flatten()
            .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
            .and_then(|s| DeliveryMode::parse(&s.value()));
        let pending = typed.zip(mode).map(|(m, mode)| (mode, m));
        let doc = document();
        let mut activities = Vec::new();
        if let Ok(rows) = doc.query_selector_all("#activities li.activity-row") {
            for i in 0..rows.length() {
                let Some(row) = rows.item(i).and_then(|r| r.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let mode = row
                    .get_attribute("data-mode")
                    .and_then(|m| DeliveryMode::parse(&m));
                let minutes = row
                    .get_attribute("data-minutes")
                    .and_then(|m| m.parse::<u32>().ok());
                if let (Some(mode), Some(minutes)) = (mode, minutes) {
                    activities.push((mode, minutes));
                }
            }
        }
        activities.extend(pending);
        let c = strings(locale);
        let minutes = |m: u32| c.minutes.replacen("{}", &locale.number(m), 1);
        let blend = domain::delivery::blend(activities);
        let cell = |selector: &str, text: &str| {
            if let Ok(Some(cell)) = doc.query_selector(selector) {
                cell.set_text_content(Some(text));
            }
        };
        for (mode, m, share) in blend {
            cell(
                &format!("#blend tr[data-mode=\"{}\"] .minutes", mode.as_str()),
                &minutes(m),
            );
            cell(
                &format!("#blend tr[data-mode=\"{}\"] .share", mode.as_str()),
                &format!("{share} %"),
            );
        }
        cell(
            "#blend tfoot .minutes",
            &minutes(blend.iter().map(|(_, m, _)| m).sum()),
        );
        if let Some(note) = doc.get_element_by_id("blend-pending") {
            if pending.is_some() {
                let _ = note.remove_attribute("hidden");
            } else {
                let _ = note.set_attribute("hidden", "");
            }
        }
    }
}
