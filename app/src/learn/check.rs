//! The knowledge check under a lesson: an island, so it is scored on the device and
//! works offline. Feedback per question, a score, and as many retries as wanted. Each
//! checked attempt (answers and score) goes to the device's outbox; the best and the
//! latest score are shown from what the device knows (its own and synced attempts).
//! Authors try the same island in their check editor ("preview as a learner"), where
//! nothing is recorded.

use crate::i18n::{fill, Locale, LocaleStrings};
use domain::check::{score, CheckItem, CheckKind};
use domain::{LessonId, Localized, UserId};
use leptos::prelude::*;

// Not in the signed-out bundle (feature `public`, for the sign-in and offline pages):
// a plain component there, never used, and left out.
#[cfg_attr(any(feature = "ssr", not(feature = "public")), island)]
#[cfg_attr(all(not(feature = "ssr"), feature = "public"), component)]
pub fn KnowledgeCheck(
    /// Whose attempts on which lesson the outbox records; `None` in an author's preview,
    /// which scores but records nothing.
    attempts: Option<(UserId, LessonId)>,
    title: Localized,
    items: Vec<CheckItem>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.strings();
    // (best, latest) as (score, max), from the device's records.
    let scores = RwSignal::new(None::<((u16, u16), (u16, u16))>);
    let note = RwSignal::new(None::<&'static str>);
    #[cfg(feature = "hydrate")]
    let load_scores = move || {
        let Some((user, lesson)) = attempts else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(state) = crate::device::outbox::state(user).await {
                if let (Some(best), Some(latest)) =
                    (state.best_score(lesson), state.latest_score(lesson))
                {
                    scores.set(Some((best, latest)));
                }
            }
        });
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        load_scores();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (attempts, &title);
    let title = StoredValue::new(title);
    let answers: Vec<RwSignal<Vec<u8>>> = items
        .iter()
        .map(|item| {
            RwSignal::new(if item.kind == CheckKind::Ordering {
                item.initial_order()
            } else {
                Vec::new()
            })
        })
        .collect();
    let checked = RwSignal::new(false);
    let all = StoredValue::new(items.clone());
    let given = answers.clone();
    let result = move || {
        checked.get().then(|| {
            let answers: Vec<Vec<u8>> = given.iter().map(|a| a.get()).collect();
            let (right, total) = all.with_value(|items| score(items, &answers));
            fill(t.score, locale.digits(&format!("{right}/{total}")))
        })
    };
    let reset = answers.clone();
    let retry = move |_| {
        all.with_value(|items| {
            for (item, answer) in items.iter().zip(&reset) {
                answer.set(if item.kind == CheckKind::Ordering {
                    item.initial_order()
                } else {
                    Vec::new()
                });
            }
        });
        checked.set(false);
    };
    let given = answers.clone();
    let check = move |_| {
        checked.set(true);
        let answers: Vec<Vec<u8>> = given.iter().map(|a| a.get_untracked()).collect();
        let (right, total) = all.with_value(|items| score(items, &answers));
        #[cfg(feature = "hydrate")]
        let Some((user, lesson)) = attempts
        else {
            return;
        };
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use domain::sync::RecordBody;
            let body = RecordBody::CheckAttempt {
                lesson,
                answers,
                score: right,
                max: total,
            };
            match crate::device::outbox::write(user, body, title.get_value()).await {
                Ok(_) => {
                    note.set(None);
                    crate::device::js::emit(crate::device::CHANGED_EVENT);
                    load_scores();
                }
                Err(_) => note.set(Some(t.save_failed)),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (right, total, answers, title);
    };
    let fraction = move |(s, m): (u16, u16)| locale.digits(&format!("{s}/{m}"));
    view! {
        <section class="check card" id="knowledge-check">
            <h2>{t.knowledge_check}</h2>
            <ol class="questions">
                {items
                    .into_iter()
                    .zip(answers)
                    .enumerate()
                    .map(|(q, (item, answer))| view! { <li><Question q item answer checked locale /></li> })
                    .collect_view()}
            </ol>
            <p class="score" role="status" id="check-score">{result}</p>
            <p class="small" id="check-scores">
                {move || scores.get().map(|(best, latest)| {
                    format!("{} · {}", fill(t.best_of_attempts, fraction(best)), fill(t.latest_score, fraction(latest)))
                })}
            </p>
            <p class="small error" role="alert">{move || note.get()}</p>
            <div class="actions">
                <button type="button" class="primary" id="check-answers" on:click=check>{t.check_answers}</button>
                <button type="button" id="check-retry" on:click=retry>{t.try_again}</button>
            </div>
        </section>
    }
}

#[component]
fn Question(
    q: usize,
    item: CheckItem,
    answer: RwSignal<Vec<u8>>,
    checked: RwSignal<bool>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.strings();
    let options: Vec<String> = item
        .options
        .iter()
        .map(|o| o.get(locale).to_owned())
        .collect();
    let kind = item.kind;
    let prompt = item.prompt.get(locale).to_owned();
    let item = StoredValue::new(item);
    let feedback = move || {
        checked.get().then(|| {
            let right = item.with_value(|i| i.is_correct(&answer.get()));
            view! {
                <p class=if right { "feedback right" } else { "feedback wrong" }>
                    {if right { format!("✓ {}", t.correct) } else { format!("✗ {}", t.not_correct) }}
                </p>
            }
        })
    };
    let body = if kind == CheckKind::Ordering {
        let options = StoredValue::new(options);
        let swap = move |a: usize, b: usize| {
            answer.update(|order| {
                if a < order.len() && b < order.len() {
                    order.swap(a, b);
                }
            });
            checked.set(false);
        };
        view! {
            <ol class="ordering">
                {move || {
                    let order = answer.get();
                    let last = order.len().saturating_sub(1);
                    order
                        .into_iter()
                        .enumerate()
                        .map(|(pos, option)| {
                            let text = options.with_value(|o| o.get(usize::from(option)).cloned().unwrap_or_default());
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <button type="button" aria-label=t.move_up disabled=pos == 0 on:click=move |_| swap(pos, pos.saturating_sub(1))>"↑"</button>
                                    <button type="button" aria-label=t.move_down disabled=pos == last on:click=move |_| swap(pos, pos + 1)>"↓"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        }
        .into_any()
    } else {
        view! {
            <div class="choices" role="radiogroup">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| {
                        let i = i as u8;
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name=format!("q{q}")
                                    prop:checked=move || answer.get() == [i]
                                    on:change=move |_| {
                                        answer.set(vec![i]);
                                        checked.set(false);
                                    }
                                />
                                <span>{text}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <fieldset class="question">
            <legend>{prompt}</legend>
            {body}
            {feedback}
        </fieldset>
    }
}
