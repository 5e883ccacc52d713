//! National administration (`/national`): the institutes on the server with their
//! people and classes at a glance, "Add an institute" (with its first admin, whose
//! sign-in slip is the form's answer, printed by `server::national`), and one
//! institute's page with its admins (a new slip for one who lost theirs). The only
//! role that sees more than one institute — and it sees no institute's learners or
//! records, only these counts. Plain forms, server-rendered, no island; online only:
//! with the network off a page seen before opens from the service worker's copy and a
//! form goes to the offline page, changing nothing.

pub mod strings;

use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById, RolePage};
use crate::ui::status::{ErrorNote, Loading};
use domain::institutes::NewInstituteFault;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use strings::strings;
use wire::national::{InstitutePage, InstituteSummary};
use wire::AppError;

/// Every institute but the national office.
#[server(endpoint = "national/institutes", input = GetUrl)]
pub async fn get_institutes() -> Result<Vec<InstituteSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::National]).await?;
    store::national::institutes(&state.pool, &user)
        .await
        .map_err(store::internal)
}

/// One institute and its admins.
#[server(endpoint = "national/institute", input = GetUrl)]
pub async fn get_institute(id: String) -> Result<InstitutePage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::National]).await?;
    let id: domain::InstituteId = id.parse().map_err(|_| AppError::NotFound)?;
    store::national::institute(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// The national administrator's home (also what `/` shows them).
#[component]
pub fn NationalHome() -> impl IntoView {
    let n = strings(use_i18n().get_untracked_locale());
    let data = Resource::new(|| (), |_| get_institutes());
    view! {
        <RolePage title=|t| t.role_national roles=&[Role::National]>
            <p class="muted">{n.intro}</p>
            <p class="actions">
                <a class="button primary" href="/national/institutes/new" id="add-institute">{n.add_institute}</a>
            </p>
            <p class="small">{n.offline_note}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <InstitutesTable list /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RolePage>
    }
}

#[component]
fn InstitutesTable(list: Vec<InstituteSummary>) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let n = strings(locale);
    if list.is_empty() {
        return view! { <p class="muted" id="no-institutes">{n.no_institutes}</p> }.into_any();
    }
    view! {
        <h2>{n.institutes}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=n.institutes>
            <table class="attendance" id="institutes">
                <thead>
                    <tr>
                        <th scope="col">{n.institute}</th>
                        <th scope="col">{n.code}</th>
                        <th scope="col" class="number">{n.learners}</th>
                        <th scope="col" class="number">{n.staff}</th>
                        <th scope="col" class="number">{n.classes}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|i| {
                        let name = shown_name(&i, locale);
                        let code = i.code.clone();
                        view! {
                            <tr data-institute=i.id.to_string() data-code=code>
                                <th scope="row"><a href=format!("/national/institutes/{}", i.id)>{name}</a></th>
                                <td>{i.code}</td>
                                <td class="number">{locale.number(i.learners)}</td>
                                <td class="number">{locale.number(i.staff)}</td>
                                <td class="number">{locale.number(i.classes)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The institute's name in the reader's language, else the other one, else its code.
fn shown_name(institute: &InstituteSummary, locale: domain::Locale) -> String {
    let name = institute.name.get(locale);
    if name.is_empty() {
        institute.code.clone()
    } else {
        name.to_owned()
    }
}

/// The fields of the new-institute form, in order.
pub const NEW_FIELDS: [&str; 7] = [
    "code",
    "name_km",
    "name_en",
    "admin_name_km",
    "admin_name_en",
    "admin_phone",
    "admin_username",
];

/// `/national/institutes/new`: the institute and its first admin. A refused form comes
/// back with what was typed and every reason.
#[component]
pub fn NewInstitutePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let n = strings(locale);
    let p = crate::admin::strings::strings(locale);
    let query = use_query_map();
    let (faults, typed) = query.with_untracked(|q| {
        let faults: Vec<NewInstituteFault> = q
            .get("error")
            .map(|e| e.split(',').filter_map(NewInstituteFault::parse).collect())
            .unwrap_or_default();
        (faults, NEW_FIELDS.map(|f| q.get(f).unwrap_or_default()))
    });
    let [code, name_km, name_en, admin_km, admin_en, phone, username] = typed;
    let messages: Vec<String> = faults.iter().map(|f| n.fault(*f, locale)).collect();
    view! {
        <Title text=page_title(i18n, n.add_institute) />
        <h1>{n.add_institute}</h1>
        <RequireRole roles=&[Role::National]>
            <p class="muted">{n.add_institute_intro}</p>
            {(!messages.is_empty()).then(|| view! {
                <div class="error" role="alert" id="institute-error">
                    <ul>{messages.clone().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            <form method="post" action="/national/institutes/new" class="card stack" id="institute-form">
                <label for="code">{n.code}</label>
                <input id="code" name="code" maxlength="16" autocapitalize="characters" spellcheck="false"
                    autocomplete="off" aria-describedby="code-help" value=code.clone() />
                <p class="muted small" id="code-help">{n.code_help}</p>
                <p class="muted small">{n.names_help}</p>
                <label for="name-km">{n.name_km}</label>
                <input id="name-km" name="name_km" lang="km" maxlength="150" autocomplete="off" value=name_km.clone() />
                <label for="name-en">{n.name_en}</label>
                <input id="name-en" name="name_en" lang="en" maxlength="150" autocomplete="off" value=name_en.clone() />
                <fieldset class="stack">
                    <legend>{n.first_admin}</legend>
                    <p class="muted small">{p.names_help}</p>
                    <label for="admin-name-km">{p.name_km}</label>
                    <input id="admin-name-km" name="admin_name_km" lang="km" maxlength="100" autocomplete="off" value=admin_km.clone() />
                    <label for="admin-name-en">{p.name_en}</label>
                    <input id="admin-name-en" name="admin_name_en" lang="en" maxlength="100" autocomplete="off" value=admin_en.clone() />
                    <label for="admin-phone">{p.phone}</label>
                    <input id="admin-phone" name="admin_phone" type="tel" inputmode="tel" maxlength="30" autocomplete="off" value=phone.clone() />
                    <label for="admin-username">{p.username}</label>
                    <input id="admin-username" name="admin_username" maxlength="32" autocapitalize="none" spellcheck="false"
                        autocomplete="off" aria-describedby="admin-username-help" value=username.clone() />
                    <p class="muted small" id="admin-username-help">{n.first_admin_help}</p>
                </fieldset>
                <button type="submit" class="primary" id="create-institute">{n.create}</button>
            </form>
            <p><a href="/national">{n.back_to_institutes}</a></p>
        </RequireRole>
    }
}

/// `/national/institutes/:id`: the institute at a glance and its admins.
#[component]
pub fn NationalInstitutePage() -> impl IntoView {
    let i18n = use_i18n();
    let n = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, n.institute) />
        <h1>{n.institute}</h1>
        <RequireRole roles=&[Role::National]>
            <LoadById param="id" fetch=get_institute show=|page| view! { <Institute page /> } />
            <p><a href="/national">{n.back_to_institutes}</a></p>
        </RequireRole>
    }
}

#[component]
fn Institute(page: InstitutePage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (n, p, t) = (
        strings(locale),
        crate::admin::strings::strings(locale),
        locale.strings(),
    );
    let InstitutePage { institute, admins } = page;
    let id = institute.id;
    let added = locale
        .date_time(&institute.created_at)
        .map(|d| n.added_on.replacen("{}", &d, 1));
    view! {
        <h2 id="institute-name">{shown_name(&institute, locale)}</h2>
        <p class="muted">
            <span id="institute-code">{institute.code.clone()}</span>
            {added.map(|a| view! { " · " {a} })}
        </p>
        <dl class="figures" id="institute-figures">
            <dt>{n.learners}</dt><dd>{locale.number(institute.learners)}</dd>
            <dt>{n.staff}</dt><dd>{locale.number(institute.staff)}</dd>
            <dt>{n.classes}</dt><dd>{locale.number(institute.classes)}</dd>
        </dl>
        <section class="card stack" aria-labelledby="admins-heading">
            <h3 id="admins-heading">{n.its_admins}</h3>
            <p class="muted small">{n.admins_help}</p>
            {if admins.is_empty() {
                view! { <p class="muted">{n.no_admins}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain" id="institute-admins">
                        {admins.into_iter().map(|admin| {
                            let status = crate::admin::people::status_text(&admin, locale);
                            let name = admin.name.get(locale).to_owned();
                            let name = if name.is_empty() { admin.username.clone() } else { name };
                            let active = admin.deactivated_at.is_none();
                            view! {
                                <li data-user=admin.id.to_string()>
                                    <strong>{name}</strong>" · "{admin.username.clone()}" · "{t.role(admin.role)}
                                    <br /><span class="muted small admin-status">{status}</span>
                                    {active.then(|| view! {
                                        <form method="post" action=format!("/national/institutes/{id}/slips") class="inline">
                                            <input type="hidden" name="person" value=admin.id.to_string() />
                                            <button type="submit" class="issue-slip">
                                                {if admin.has_password { p.issue_new_slip } else { p.issue_slip }}
                                            </button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <p class="small">{n.offline_note}</p>
    }
}
