//! `/admin/people/new` and `/admin/people/:id`: adding a person, and one person's page —
//! their details (a plain form; a refused save comes back with what was typed and every
//! reason), their sign-in slip ("Print a sign-in slip", answered by the slips to print),
//! and deactivate / reactivate. Server-rendered, no island.

use super::strings::{strings, PeopleStrings};
use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use domain::people::PersonFault;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::{AppError, PersonSummary};

/// One person of the signed-in admin's institute.
#[server(endpoint = "admin/person", input = GetUrl)]
pub async fn get_person(id: String) -> Result<PersonSummary, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    let id: domain::UserId = id.parse().map_err(|_| AppError::NotFound)?;
    store::people::person(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// What a form's answer says in the query string: the reasons it was refused and what
/// was typed, or what was done.
#[derive(Clone, Default)]
struct Outcome {
    faults: Vec<PersonFault>,
    typed: Option<[String; 5]>,
    added: bool,
    saved: bool,
    reactivated: bool,
    deactivated: Option<u64>,
}

fn outcome() -> Outcome {
    let query = use_query_map();
    query.with_untracked(|q| {
        let faults: Vec<PersonFault> = q
            .get("error")
            .map(|e| e.split(',').filter_map(PersonFault::parse).collect())
            .unwrap_or_default();
        let typed = q.get("name_km").is_some().then(|| {
            ["name_km", "name_en", "role", "phone", "username"]
                .map(|n| q.get(n).unwrap_or_default())
        });
        Outcome {
            faults,
            typed,
            added: q.get("added").is_some(),
            saved: q.get("saved").is_some(),
            reactivated: q.get("reactivated").is_some(),
            deactivated: q.get("deactivated").and_then(|n| n.parse().ok()),
        }
    })
}

/// The details form: names, role, phone, username — filled with `values`.
#[component]
fn DetailsForm(
    action: String,
    values: [String; 5],
    submit: &'static str,
    id: &'static str,
) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (p, t) = (strings(locale), locale.strings());
    let [km, en, role, phone, username] = values;
    view! {
        <form method="post" action=action class="card stack" id=id>
            <p class="muted small">{p.names_help}</p>
            <label for="name-km">{p.name_km}</label>
            <input id="name-km" name="name_km" lang="km" maxlength="100" autocomplete="off" value=km />
            <label for="name-en">{p.name_en}</label>
            <input id="name-en" name="name_en" lang="en" maxlength="100" autocomplete="off" value=en />
            <label for="role">{p.role}</label>
            <select id="role" name="role">
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=role == r.as_str()>{t.role(r)}</option>
                }).collect_view()}
            </select>
            <label for="phone">{p.phone}</label>
            <input id="phone" name="phone" type="tel" inputmode="tel" maxlength="30" autocomplete="off" value=phone />
            <label for="username">{p.username}</label>
            <input id="username" name="username" maxlength="32" autocapitalize="none" spellcheck="false" autocomplete="off"
                aria-describedby="username-help" value=username />
            <p class="muted small" id="username-help">{p.username_help}</p>
            <button type="submit" class="primary" id="save-person">{submit}</button>
        </form>
    }
}

fn faults_note(p: &'static PeopleStrings, faults: &[PersonFault]) -> impl IntoView {
    (!faults.is_empty()).then(|| {
        let items: Vec<&'static str> = faults.iter().map(|f| p.fault(*f)).collect();
        view! {
            <div class="error" role="alert" id="person-error">
                <ul>{items.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let p = strings(i18n.get_untracked_locale());
    let outcome = outcome();
    let values = outcome.typed.clone().unwrap_or_else(|| {
        [
            String::new(),
            String::new(),
            "learner".into(),
            String::new(),
            String::new(),
        ]
    });
    view! {
        <Title text=page_title(i18n, p.add_person) />
        <h1>{p.add_person}</h1>
        <RequireRole roles=&[Role::Admin]>
            <p class="muted">{p.add_person_intro}</p>
            {faults_note(p, &outcome.faults)}
            <DetailsForm action="/admin/people/new".into() values=values.clone() submit=p.add id="person-form" />
            <p><a href="/admin/people">{p.back_to_people}</a></p>
        </RequireRole>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let p = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, p.edit_person) />
        <h1>{p.edit_person}</h1>
        <RequireRole roles=&[Role::Admin]>
            <LoadById param="id" fetch=get_person show=|person| view! { <Person person /> } />
            <p><a href="/admin/people">{p.back_to_people}</a></p>
        </RequireRole>
    }
}

#[component]
fn Person(person: PersonSummary) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (p, t) = (strings(locale), locale.strings());
    let outcome = outcome();
    let id = person.id;
    let values = outcome.typed.clone().unwrap_or_else(|| {
        [
            person.name.km.clone(),
            person.name.en.clone(),
            person.role.as_str().to_owned(),
            person.phone.clone().unwrap_or_default(),
            person.username.clone(),
        ]
    });
    let name = person.name.get(locale).to_owned();
    let status = super::people::status_text(&person, locale);
    let active = person.deactivated_at.is_none();
    let deactivated_on = person
        .deactivated_at
        .as_deref()
        .and_then(|d| locale.date_time(d))
        .map(|d| p.deactivated_on.replacen("{}", &d, 1));
    view! {
        <h2 id="person-name">{if name.is_empty() { person.username.clone() } else { name }}</h2>
        <p class="muted">{person.username.clone()}" · "{t.role(person.role)}" · "<span id="person-status">{status}</span></p>
        {outcome.added.then(|| view! { <p class="status" role="status" id="person-added">{p.added}</p> })}
        {outcome.saved.then(|| view! { <p class="status" role="status" id="person-saved">{p.saved}</p> })}
        {outcome.reactivated.then(|| view! { <p class="status" role="status" id="person-reactivated">{p.reactivated_done}</p> })}
        {outcome.deactivated.map(|n| view! {
            <p class="status" role="status" id="person-deactivated">{p.deactivated_done.replacen("{}", &locale.number(n), 1)}</p>
        })}
        {faults_note(p, &outcome.faults)}
        {active.then(|| view! {
            <section class="card stack" id="slip" aria-labelledby="slip-heading">
                <h3 id="slip-heading">{p.slip_heading}</h3>
                <p class="muted small">{p.slip_help}</p>
                <form method="post" action="/admin/people/slips">
                    <input type="hidden" name="person" value=id.to_string() />
                    <button type="submit" class="primary" id="issue-slip">
                        {if person.has_password { p.issue_new_slip } else { p.issue_slip }}
                    </button>
                </form>
            </section>
        })}
        <DetailsForm action=format!("/admin/people/{id}") values submit=p.save id="person-form" />
        <section class="card stack" id="activation">
            {deactivated_on.map(|d| view! { <p class="muted">{d}</p> })}
            {active.then(|| view! { <p class="muted small">{p.deactivate_help}</p> })}
            <form method="post" action=format!("/admin/people/{id}/active")>
                <input type="hidden" name="active" value=if active { "0" } else { "1" } />
                <button type="submit" id="toggle-active" class=if active { "danger" } else { "primary" }>
                    {if active { p.deactivate } else { p.reactivate }}
                </button>
            </form>
        </section>
    }
}
