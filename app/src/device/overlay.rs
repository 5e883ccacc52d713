//! Marks what this device knows on server-rendered pages: a page saved last week shows
//! the lessons done since (`[data-lesson]` gets `data-done="true"`) and which courses
//! are saved on this phone (`[data-offline-class]` gets `data-saved`). CSS shows the
//! matching, already translated, text.

use domain::sync::LearnerState;
use domain::ClassId;
use wasm_bindgen::JsCast;

fn each(selector: &str, mut f: impl FnMut(web_sys::Element)) {
    let Some(document) = super::js::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = document.query_selector_all(selector) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(element) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            f(element);
        }
    }
}

pub fn lessons_done(state: &LearnerState) {
    each("[data-lesson]", |element| {
        let done = element
            .get_attribute("data-lesson")
            .and_then(|id| id.parse().ok())
            .is_some_and(|id| state.is_done(id));
        if done {
            let _ = element.set_attribute("data-done", "true");
        }
    });
}

pub fn courses_saved(saved: &[ClassId]) {
    each("[data-offline-class]", |element| {
        let is_saved = element
            .get_attribute("data-offline-class")
            .and_then(|id| id.parse().ok())
            .is_some_and(|id| saved.contains(&id));
        if is_saved {
            let _ = element.set_attribute("data-saved", "");
        } else {
            let _ = element.remove_attribute("data-saved");
        }
    });
}

/// The paths of the links matching `selector` on this page.
pub fn links(selector: &str) -> Vec<String> {
    let mut paths = Vec::new();
    each(selector, |element| {
        if let Some(href) = element.get_attribute("href") {
            if href.starts_with('/') && !paths.contains(&href) {
                paths.push(href);
            }
        }
    });
    paths
}
