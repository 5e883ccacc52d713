//! The roll call of one session: the class roster with initials and names, one large tap
//! target per learner cycling through the institute's statuses, minutes late and a
//! note, "mark everyone present" with undo, the count still unmarked, and the marks
//! that need the trainer's decision. An island: every mark is written on the device, to
//! the outbox, and works offline; the sync engine sends it.

use crate::i18n::{fill, tr, use_i18n, Locale, LocaleStrings};
use crate::ui::page::{LoadById, RolePage};
use crate::ui::session_card::SessionCard;
#[cfg(feature = "hydrate")]
use domain::attendance::next_status;
use domain::attendance::{MarkVersion, SessionMarks, StatusDef, CLEARED};
use domain::{Role, SessionId, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::teach::{Person, Refusal, RollCallView, TrainerRollCall};
use wire::AppError;

/// A session of a class the signed-in trainer teaches, with its roster and marks.
#[server(endpoint = "teach/roll-call", input = GetUrl)]
pub async fn get_roll_call(id: SessionId) -> Result<TrainerRollCall, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Trainer]).await?;
    let view = store::attendance::roll_call(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)?;
    Ok(TrainerRollCall {
        trainer: user.id,
        roll_call: view,
    })
}

#[component]
pub fn RollCallPage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.roll_call roles=&[Role::Trainer]>
            <LoadById param="session" fetch=get_roll_call show=|TrainerRollCall { trainer, roll_call }| {
                let i18n = use_i18n();
                let RollCallView { session, statuses, roster, trainers, versions, check_in_key, refusals } = roll_call;
                let has_key = !check_in_key.is_empty();
                let id = session.id;
                let class = session.class;
                let locale = i18n.get_untracked_locale();
                let mut marks = SessionMarks::default();
                for v in &versions {
                    marks.add(v.clone());
                }
                let names: Vec<Person> = roster.iter().chain(&trainers).cloned().collect();
                view! {
                    <SessionCard session show_date=true h2=true />
                    <RollCall trainer session=id statuses=statuses.clone() names=names.clone() versions check_in_key locale>
                        {has_key.then(|| view! { <CheckInPanel locale /> })}
                        <RollCallControls unmarked=roster.iter().filter(|p| marks.current(p.id).is_none()).count() locale />
                        <Roster roster statuses marks locale />
                    </RollCall>
                    <Refusals refusals names locale />
                    <p class="actions">
                        <a class="button" href=format!("/teach/class/{class}")>{tr(|t| t.class_attendance)}</a>
                        <a class="button" href="/teach">{tr(|t| t.todays_sessions)}</a>
                    </p>
                }
            } />
        </RolePage>
    }
}

/// Two letters for the round badge: the initials of the name's first two words.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect()
}

/// How long "Undo" stays after "Mark everyone present".
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const UNDO_MS: u64 = 8000;

/// The roster as the server renders it: a row per learner with the mark the server
/// knows. The `RollCall` island brings it to life (one click handler for all rows), so
/// forty rows cost the browser no code of their own.
#[component]
fn Roster(
    roster: Vec<Person>,
    statuses: Vec<StatusDef>,
    marks: SessionMarks,
    locale: Locale,
) -> impl IntoView {
    let t = locale.strings();
    view! {
        <ol class="roster plain">
            {roster.into_iter().map(|person| {
                let name = person.name.get(locale).to_owned();
                let current = marks.current(person.id).map(|v| (v.status.clone(), v.minutes_late));
                let code = current.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
                let shown = current.map_or_else(|| t.not_marked.to_owned(), |(c, m)| status_text(&statuses, &c, m, locale));
                view! {
                    <li class="roll-row" data-learner=person.id.to_string() data-status=code>
                        <button type="button" class="roll-tap">
                            <span class="initials" aria-hidden="true">{initials(&name)}</span>
                            <span class="roll-name">{name}</span>
                            <span class="roll-status">{shown}</span>
                        </button>
                        <button type="button" class="roll-more" aria-label=t.minutes_and_note>"✎"</button>
                        <div class="roll-edit" hidden>
                            <label>{t.minutes_late}<input type="number" inputmode="numeric" min="0" max="600" class="minutes" /></label>
                            <label>{t.note}<input type="text" maxlength="500" class="note" /></label>
                            <button type="button" class="primary save">{t.save}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// "Show check-in code" and the panel the island fills with the rotating code and its
/// QR code (a link to `/check-in` carrying the session and the code).
#[component]
fn CheckInPanel(locale: Locale) -> impl IntoView {
    let t = locale.strings();
    view! {
        <div class="actions">
            <button type="button" id="check-in-open">{t.show_check_in_code}</button>
        </div>
        <div class="card check-in-panel" id="check-in-panel" hidden>
            <h2>{t.self_check_in}</h2>
            <svg id="check-in-qr" class="qr" viewBox="0 0 45 45" role="img" aria-label=t.self_check_in>
                <rect width="100%" height="100%" fill="#fff" />
                <path fill="#000" d="" />
            </svg>
            <p class="check-in-code" id="check-in-code" aria-live="polite"></p>
            <p class="small" id="check-in-ticks"></p>
            <p class="small">{t.check_in_trainer_help}</p>
            <button type="button" id="check-in-close">{t.close}</button>
        </div>
    }
}

/// Check-ins the server refused for this session: who, why, when.
#[component]
fn Refusals(refusals: Vec<Refusal>, names: Vec<Person>, locale: Locale) -> impl IntoView {
    let t = locale.strings();
    (!refusals.is_empty()).then(|| {
        let name = |id: UserId| {
            names
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.get(locale).to_owned())
                .unwrap_or_default()
        };
        view! {
            <section class="card" id="check-in-refusals">
                <h2>{t.check_ins_refused}</h2>
                <ul class="plain">
                    {refusals.iter().map(|r| view! {
                        <li>
                            <strong>{name(r.learner)}</strong>
                            " — "{t.reason(r.reason)}
                            " "<span class="small">{locale.date_time(&r.at).unwrap_or_default()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The decisions box (filled by the island when marks disagree), the count still
/// unmarked, "Mark everyone present" / "Undo", as the server renders them.
#[component]
fn RollCallControls(unmarked: usize, locale: Locale) -> impl IntoView {
    let t = locale.strings();
    view! {
        <div class="card decisions" id="decisions" hidden>
            <h2>{t.needs_decision}</h2>
            <ul class="plain" id="decision-list"></ul>
        </div>
        <p class="roll-summary">
            <span id="unmarked" data-count=unmarked.to_string()>{fill(t.n_unmarked, locale.number(unmarked))}</span>
        </p>
        <div class="actions">
            <button type="button" class="primary" id="all-present">{t.mark_everyone_present}</button>
            <button type="button" id="undo-all-present" hidden>{t.undo}</button>
        </div>
        <p class="small error" role="alert" id="roll-note"></p>
    }
}

/// Text made safe to put in HTML.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "Late · 15 min": a status's label, with minutes late when there are any ("Not marked"
/// for a cleared mark).
fn status_text(statuses: &[StatusDef], code: &str, minutes: u16, locale: Locale) -> String {
    if code == CLEARED {
        return locale.strings().not_marked.to_owned();
    }
    let label = super::class::label(statuses, code, locale);
    if minutes > 0 {
        format!(
            "{label} · {}",
            fill(locale.strings().n_minutes, locale.number(minutes))
        )
    } else {
        label
    }
}

// An island in the trainers' bundle only (feature `trainer`): learners' pages load a
// bundle without it. Compiled as a plain component there, it is never used and left out.
#[cfg_attr(any(feature = "ssr", feature = "trainer"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "trainer")), component)]
pub fn RollCall(
    trainer: UserId,
    session: SessionId,
    statuses: Vec<StatusDef>,
    names: Vec<Person>,
    versions: Vec<MarkVersion>,
    /// Hex; the codes this session's learners check in with are made from it.
    check_in_key: String,
    locale: Locale,
    children: Children,
) -> impl IntoView {
    let t = locale.strings();
    // The check-in panel: its ticker while it is open, and the window last drawn.
    #[cfg(feature = "hydrate")]
    let ticker = StoredValue::new_local(None::<leptos::prelude::IntervalHandle>);
    #[cfg(feature = "hydrate")]
    let drawn = StoredValue::new(i64::MIN);
    // The screen stays on while the code shows.
    #[cfg(feature = "hydrate")]
    let screen = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    #[cfg(not(feature = "hydrate"))]
    let _ = &check_in_key;
    let mut initial = SessionMarks::default();
    for v in versions {
        initial.add(v);
    }
    let marks = RwSignal::new(initial);
    // The learners the last "Mark everyone present" marked, while its undo is offered.
    let bulk = RwSignal::new(Vec::<UserId>::new());
    // Which "Mark everyone present" the undo belongs to (a later one gets its own time).
    let bulk_round = StoredValue::new(0u32);
    let root = NodeRef::<leptos::html::Section>::new();
    let statuses = StoredValue::new(statuses);
    let names = StoredValue::new(names);
    let learners = StoredValue::new(Vec::<UserId>::new());
    let name_of = move |id: UserId| {
        names.with_value(|n| {
            n.iter()
                .find(|p| p.id == id)
                .map(|p| p.name.get(locale).to_owned())
                .unwrap_or_default()
        })
    };
    let first_status = move || statuses.with_value(|s| s.first().map(|d| d.code.clone()));
    // The mark a learner shows: the version that counts.
    let current = move |id: UserId| -> Option<(String, u16, String)> {
        marks.with_untracked(|m| {
            m.current(id)
                .map(|v| (v.status.clone(), v.minutes_late, v.note.clone()))
        })
    };

    // What the device knows (its own marks and pulled ones) joins what the page came with.
    #[cfg(feature = "hydrate")]
    let load = move || {
        leptos::task::spawn_local(async move {
            use domain::sync::RecordBody;
            let Ok(records) = crate::device::outbox::records(trainer).await else {
                return;
            };
            marks.update(|m| {
                for r in records {
                    if let RecordBody::AttendanceMark {
                        session: s,
                        learner,
                        status,
                        minutes_late,
                        note,
                        replaces,
                    } = r.body
                    {
                        if s == session {
                            m.add(MarkVersion {
                                id: r.id,
                                learner,
                                author: r.by.unwrap_or(trainer),
                                status,
                                minutes_late,
                                note,
                                at: r.at,
                                replaces,
                            });
                        }
                    }
                }
            });
        });
    };

    // Marks waiting for the outbox, oldest first, and whether they are being written.
    #[cfg(feature = "hydrate")]
    let unsaved = StoredValue::new(Vec::<(MarkVersion, domain::Localized)>::new());
    #[cfg(feature = "hydrate")]
    let saving = StoredValue::new(false);
    // Shows one mark at once — so a second quick tap cycles on from it, and replaces it —
    // then writes it to the outbox, one mark after another in the order tapped. A mark
    // the device could not save is taken back and the page says so.
    let write = move |learner: UserId, status: String, minutes_late: u16, text: String| {
        let replaces = marks.with_untracked(|m| m.to_replace(learner));
        #[cfg(feature = "hydrate")]
        {
            use domain::sync::RecordBody;
            let label = names.with_value(|n| {
                n.iter()
                    .find(|p| p.id == learner)
                    .map(|p| p.name.clone())
                    .unwrap_or_default()
            });
            let version = MarkVersion {
                id: crate::device::js::new_record_id(),
                learner,
                author: trainer,
                status,
                minutes_late,
                note: text,
                at: crate::device::js::now_iso(),
                replaces,
            };
            marks.update(|m| {
                m.add(version.clone());
            });
            unsaved.update_value(|q| q.push((version, label)));
            if saving.get_value() {
                return;
            }
            saving.set_value(true);
            leptos::task::spawn_local(async move {
                loop {
                    let mut next = None;
                    unsaved.update_value(|q| {
                        if !q.is_empty() {
                            next = Some(q.remove(0));
                        }
                    });
                    let Some((v, label)) = next else {
                        saving.set_value(false);
                        break;
                    };
                    let body = RecordBody::AttendanceMark {
                        session,
                        learner: v.learner,
                        status: v.status.clone(),
                        minutes_late: v.minutes_late,
                        note: v.note.clone(),
                        replaces: v.replaces.clone(),
                    };
                    match crate::device::outbox::write_as(trainer, v.id, v.at.clone(), body, label)
                        .await
                    {
                        Ok(_) => crate::device::js::emit(crate::device::CHANGED_EVENT),
                        Err(_) => {
                            marks.update(|m| {
                                m.remove(v.id);
                            });
                            if let Some(el) = root
                                .get_untracked()
                                .and_then(|r| r.query_selector("#roll-note").ok().flatten())
                            {
                                el.set_text_content(Some(t.save_failed));
                            }
                        }
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (
            learner,
            status,
            minutes_late,
            text,
            replaces,
            trainer,
            session,
        );
    };

    // Undo of "Mark everyone present": each of those marks is replaced by a "cleared"
    // version (the learner shows unmarked again), written at once like any other mark.
    let undo_bulk = move || {
        let marked = bulk.get_untracked();
        bulk.set(Vec::new());
        for learner in marked {
            write(learner, CLEARED.to_owned(), 0, String::new());
        }
    };

    // The marks that disagree, with who made each and when, and "Keep this".
    let decisions_html = move || {
        marks.with_untracked(|m| {
            let mut html = String::new();
            for learner in m.learners() {
                let Some(heads) = m.conflict(learner) else { continue };
                html.push_str(&format!("<li class=\"decision\"><strong>{}</strong><ul class=\"plain\">", escape(&name_of(learner))));
                for v in heads {
                    let shown = statuses.with_value(|s| status_text(s, &v.status, v.minutes_late, locale));
                    let said = if v.note.is_empty() { String::new() } else { format!(" · {}", v.note) };
                    html.push_str(&format!(
                        "<li><span class=\"roll-status\">{}</span>{} <span class=\"small\">— {} · {}</span> \
                         <button type=\"button\" class=\"keep\" data-learner=\"{learner}\" data-version=\"{}\">{}</button></li>",
                        escape(&shown),
                        escape(&said),
                        escape(&name_of(v.author)),
                        escape(&locale.date_time(&v.at).unwrap_or_default()),
                        v.id,
                        escape(t.keep_this),
                    ));
                }
                html.push_str("</ul></li>");
            }
            html
        })
    };

    // The page, repainted whenever the marks change: each row's status, the count still
    // unmarked, the undo button, and the marks that need a decision.
    Effect::new(move |_| {
        marks.track();
        bulk.track();
        #[cfg(feature = "hydrate")]
        if let Some(root) = root.get() {
            let rows = root.query_selector_all(".roll-row").ok();
            let mut count = 0;
            let mut ids = Vec::new();
            for i in 0..rows.as_ref().map_or(0, |r| r.length()) {
                use wasm_bindgen::JsCast;
                let Some(row) = rows
                    .as_ref()
                    .and_then(|r| r.item(i))
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let Some(id) = row
                    .get_attribute("data-learner")
                    .and_then(|v| v.parse::<UserId>().ok())
                else {
                    continue;
                };
                ids.push(id);
                let mark = current(id);
                let (code, text) = match &mark {
                    Some((c, m, _)) => (
                        c.clone(),
                        statuses.with_value(|s| status_text(s, c, *m, locale)),
                    ),
                    None => {
                        count += 1;
                        (String::new(), t.not_marked.to_owned())
                    }
                };
                let _ = row.set_attribute("data-status", &code);
                if let Ok(Some(status)) = row.query_selector(".roll-status") {
                    status.set_text_content(Some(&text));
                }
            }
            learners.set_value(ids);
            let find = |selector: &str| root.query_selector(selector).ok().flatten();
            if let Some(el) = find("#unmarked") {
                let _ = el.set_attribute("data-count", &count.to_string());
                el.set_text_content(Some(&fill(t.n_unmarked, locale.number(count))));
            }
            let pending = bulk.with_untracked(|b| !b.is_empty());
            for (selector, hidden) in [("#all-present", pending), ("#undo-all-present", !pending)] {
                if let Some(el) = find(selector) {
                    let _ = if hidden {
                        el.set_attribute("hidden", "")
                    } else {
                        el.remove_attribute("hidden")
                    };
                }
            }
            let html = decisions_html();
            if let Some(el) = find("#decision-list") {
                el.set_inner_html(&html);
            }
            if let Some(el) = find("#decisions") {
                let _ = if html.is_empty() {
                    el.set_attribute("hidden", "")
                } else {
                    el.remove_attribute("hidden")
                };
            }
        }
    });
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            load();
            let _ = window_event_listener_untyped(crate::device::CHANGED_EVENT, move |_| load());
        }
    });

    // Marks every learner not marked yet with the first status, written at once (a tab
    // killed during the undo time loses nothing); "Undo" is offered for a few seconds.
    let everyone_present = move || {
        let todo: Vec<UserId> = learners.with_value(|all| {
            all.iter()
                .copied()
                .filter(|id| current(*id).is_none())
                .collect()
        });
        let Some(code) = first_status() else { return };
        if todo.is_empty() {
            return;
        }
        for learner in &todo {
            write(*learner, code.clone(), 0, String::new());
        }
        bulk.set(todo);
        bulk_round.update_value(|r| *r += 1);
        let round = bulk_round.get_value();
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                if bulk_round.get_value() == round {
                    bulk.set(Vec::new());
                }
            },
            std::time::Duration::from_millis(UNDO_MS),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = round;
    };
    // One handler for every row: tap cycles the status; ✎ opens minutes and note.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let closest = |selector: &str| target.closest(selector).ok().flatten();
            if closest("#all-present").is_some() {
                everyone_present();
                return;
            }
            if closest("#undo-all-present").is_some() {
                undo_bulk();
                return;
            }
            let panel = root
                .get_untracked()
                .and_then(|r| r.query_selector("#check-in-panel").ok().flatten());
            if closest("#check-in-open").is_some() {
                let Some(key) = domain::check_in::from_hex(&check_in_key) else {
                    return;
                };
                let Some(root) = root.get_untracked() else {
                    return;
                };
                let draw = move || {
                    use domain::check_in::{code, window_of, PERIOD_SECONDS};
                    let now = (js_sys::Date::now() / 1000.0) as i64;
                    let slot = window_of(now);
                    let find = |selector: &str| root.query_selector(selector).ok().flatten();
                    if let Some(el) = find("#check-in-ticks") {
                        let left = PERIOD_SECONDS - now.rem_euclid(PERIOD_SECONDS);
                        el.set_text_content(Some(&fill(t.changes_in, locale.number(left))));
                    }
                    if drawn.get_value() == slot {
                        return;
                    }
                    drawn.set_value(slot);
                    let code = code(&key, slot);
                    if let Some(el) = find("#check-in-code") {
                        let _ = el.set_attribute("data-code", &code);
                        el.set_text_content(Some(&format!("{} {}", &code[..3], &code[3..])));
                    }
                    let origin = window().location().origin().unwrap_or_default();
                    let link = format!("{origin}/check-in?s={session}&c={code}");
                    if let (Some(qr), Some(svg), Some(path)) = (
                        super::qr::Qr::encode(link.as_bytes()),
                        find("#check-in-qr"),
                        find("#check-in-qr path"),
                    ) {
                        let side = qr.size + 8;
                        let _ = svg.set_attribute("viewBox", &format!("0 0 {side} {side}"));
                        let _ = svg.set_attribute("data-link", &link);
                        let _ = path.set_attribute("d", &qr.svg_path());
                    }
                };
                draw();
                if ticker.with_value(Option::is_none) {
                    let handle =
                        set_interval_with_handle(draw, std::time::Duration::from_millis(500)).ok();
                    ticker.set_value(handle);
                    leptos::task::spawn_local(async move {
                        let lock = crate::device::js::keep_screen_on().await;
                        match lock {
                            // Closed meanwhile: let go at once.
                            Some(lock) if ticker.with_value(Option::is_none) => {
                                crate::device::js::release(&lock)
                            }
                            lock => screen.set_value(lock),
                        }
                    });
                }
                if let Some(panel) = panel {
                    let _ = panel.remove_attribute("hidden");
                }
                return;
            }
            if closest("#check-in-close").is_some() {
                if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
                    handle.clear();
                }
                if let Some(lock) = screen.try_update_value(Option::take).flatten() {
                    crate::device::js::release(&lock);
                }
                drawn.set_value(i64::MIN);
                if let Some(panel) = panel {
                    let _ = panel.set_attribute("hidden", "");
                }
                return;
            }
            if let Some(keep) = closest(".keep") {
                let learner = keep
                    .get_attribute("data-learner")
                    .and_then(|v| v.parse::<UserId>().ok());
                let version = keep
                    .get_attribute("data-version")
                    .and_then(|v| v.parse::<domain::RecordId>().ok());
                let chosen = marks.with_untracked(|m| {
                    m.versions()
                        .find(|v| Some(v.id) == version)
                        .map(|v| (v.status.clone(), v.minutes_late, v.note.clone()))
                });
                if let (Some(learner), Some((status, minutes, text))) = (learner, chosen) {
                    write(learner, status, minutes, text);
                }
                return;
            }
            let Some(row) = closest(".roll-row") else {
                return;
            };
            let Some(id) = row
                .get_attribute("data-learner")
                .and_then(|v| v.parse::<UserId>().ok())
            else {
                return;
            };
            let input = |class: &str| {
                row.query_selector(class)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            };
            let editor = row.query_selector(".roll-edit").ok().flatten();
            if target.closest(".roll-tap").ok().flatten().is_some() {
                let now = current(id).map(|(code, ..)| code);
                let next =
                    statuses.with_value(|s| next_status(s, now.as_deref()).map(|d| d.code.clone()));
                if let Some(code) = next {
                    bulk.update(|b| b.retain(|l| *l != id));
                    write(id, code, 0, String::new());
                }
            } else if target.closest(".roll-more").ok().flatten().is_some() {
                if let Some(editor) = editor {
                    let opening = editor.has_attribute("hidden");
                    if opening {
                        let (_, minutes, text) = current(id).unwrap_or_default();
                        if let Some(i) = input(".minutes") {
                            i.set_value(&if minutes > 0 {
                                minutes.to_string()
                            } else {
                                String::new()
                            });
                        }
                        if let Some(i) = input(".note") {
                            i.set_value(&text);
                        }
                        let _ = editor.remove_attribute("hidden");
                    } else {
                        let _ = editor.set_attribute("hidden", "");
                    }
                }
            } else if target.closest(".save").ok().flatten().is_some() {
                let code = current(id).map(|(code, ..)| code).or_else(first_status);
                if let Some(code) = code {
                    let minutes = input(".minutes")
                        .and_then(|i| i.value().trim().parse::<u16>().ok())
                        .unwrap_or(0)
                        .min(600);
                    let text: String = input(".note")
                        .map(|i| i.value().trim().chars().take(500).collect())
                        .unwrap_or_default();
                    bulk.update(|b| b.retain(|l| *l != id));
                    write(id, code, minutes, text);
                }
                if let Some(editor) = editor {
                    let _ = editor.set_attribute("hidden", "");
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    #[cfg(not(feature = "hydrate"))]
    let _ = (undo_bulk, current, everyone_present, decisions_html);

    view! {
        <section class="roll-call" id="roll-call" node_ref=root on:click=on_click>
            {children()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_of_khmer_and_latin_names() {
        assert_eq!(super::initials("Sok Channa"), "SC");
        assert_eq!(super::initials("សុខ ចាន់ណា"), "សច");
        assert_eq!(super::initials("Dara"), "D");
    }
}
