//! `/admin/blend`: the institute's blend targets (online at least, workplace at least,
//! face to face at most, in % of a programme's minutes), which every programme's blend
//! report measures against. A plain form, checked whole on the server; a refused save
//! comes back with what was typed and the reason.

use crate::curriculum::strings::strings;
use crate::i18n::{tr, use_i18n};
use crate::ui::guard::RequireRole;
use crate::ui::page::page_title;
use crate::ui::status::{ErrorNote, Loading};
use domain::blend::Targets;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::AppError;

/// The signed-in admin's institute's blend targets.
#[server(endpoint = "admin/blend-targets", input = GetUrl)]
pub async fn get_blend_targets() -> Result<Targets, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::blend::targets(&state.pool, user.institute)
        .await
        .map_err(store::internal)
}

#[component]
pub fn BlendTargetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    let targets = Resource::new(|| (), |_| get_blend_targets());
    let query = use_query_map();
    let (saved, error, typed) = query.with_untracked(|q| {
        let error = q.get("error");
        let typed = error.as_ref().map(|_| {
            ["online_min", "workplace_min", "face_to_face_max"]
                .map(|n| q.get(n).unwrap_or_default())
        });
        (q.get("saved").is_some(), error.is_some(), typed)
    });
    let typed = StoredValue::new(typed);
    view! {
        <Title text=page_title(i18n, c.blend_targets) />
        <h1>{c.blend_targets}</h1>
        <RequireRole roles=&[Role::Admin]>
            {saved.then(|| view! { <p class="status" role="status" id="targets-saved">{tr(|t| t.saved)}</p> })}
            {error.then(|| view! { <p class="error" role="alert" id="targets-error">{c.targets_bad}</p> })}
            <Suspense fallback=Loading>
                {move || {
                    let typed = typed.get_value();
                    Suspend::new(async move {
                        match targets.await {
                            Ok(t) => {
                                let text = |p: Option<u8>| p.map(|p| p.to_string()).unwrap_or_default();
                                let [online, workplace, face] = typed.unwrap_or_else(|| {
                                    [text(t.online_min), text(t.workplace_min), text(t.face_to_face_max)]
                                });
                                view! {
                                    <form method="post" action="/admin/blend" class="card stack" id="blend-targets">
                                        <p class="muted">{c.blend_targets_intro}</p>
                                        <label for="online-min">{c.online_min_label}</label>
                                        <input id="online-min" name="online_min" inputmode="numeric" value=online />
                                        <label for="workplace-min">{c.workplace_min_label}</label>
                                        <input id="workplace-min" name="workplace_min" inputmode="numeric" value=workplace />
                                        <label for="face-max">{c.face_max_label}</label>
                                        <input id="face-max" name="face_to_face_max" inputmode="numeric" value=face />
                                        <button type="submit" class="primary" id="save-targets">{c.save}</button>
                                    </form>
                                }.into_any()
                            }
                            Err(error) => view! { <ErrorNote error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </RequireRole>
    }
}
