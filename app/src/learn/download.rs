//! "Download for offline" on a course page, an island: shows the size before
//! downloading, a progress bar while downloading (with Cancel), what is saved and the
//! storage used, "Remove from this phone", and "Update" when the course has changed
//! since it was saved. The work is done by `device::copies`.

use crate::i18n::{fill, Locale, LocaleStrings};
use domain::ClassId;
use leptos::prelude::*;
use wire::learn::OfflineBundle;

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Held {
    /// Not saved on this device (or not known yet).
    Missing,
    Downloading {
        done: usize,
        total: usize,
    },
    Saved {
        bytes: u64,
        current: bool,
    },
}

// Not in the signed-out bundle (feature `public`, for the sign-in and offline pages):
// a plain component there, never used, and left out.
#[cfg_attr(any(feature = "ssr", not(feature = "public")), island)]
#[cfg_attr(all(not(feature = "ssr"), feature = "public"), component)]
pub fn CourseDownload(class: ClassId, bundle: OfflineBundle, locale: Locale) -> impl IntoView {
    let t = locale.strings();
    let copy = RwSignal::new(Held::Missing);
    let message = RwSignal::new(None::<&'static str>);
    let usage = RwSignal::new(None::<(u64, u64)>);
    let cancel = RwSignal::new(false);
    let estimate = bundle.estimate_bytes;
    let bundle = StoredValue::new(bundle);

    #[cfg(feature = "hydrate")]
    let look = move || {
        leptos::task::spawn_local(async move {
            use crate::device::copies;
            match copies::saved(class).await {
                Some(saved) => copy.set(Held::Saved {
                    bytes: saved.bytes,
                    current: bundle.with_value(|b| b.version == saved.version),
                }),
                None => copy.set(Held::Missing),
            }
            usage.set(copies::estimate().await);
            crate::device::overlay::courses_saved(&copies::saved_classes().await);
        });
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        look();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (class, bundle);

    let download = move |_| {
        cancel.set(false);
        message.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use crate::device::copies::{self, DownloadError};
            let before = copy.get_untracked();
            let bundle = bundle.get_value();
            let result = copies::download(
                class,
                &bundle,
                |done, total| copy.set(Held::Downloading { done, total }),
                move || cancel.get_untracked(),
            )
            .await;
            copy.set(before);
            match result {
                Ok(_) => {}
                Err(DownloadError::Cancelled) => message.set(Some(t.download_cancelled)),
                Err(DownloadError::Network) => message.set(Some(t.download_failed)),
                Err(DownloadError::Storage) => message.set(Some(t.save_failed)),
            }
            look();
        });
    };
    let remove = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            crate::device::copies::remove(class).await;
            look();
        });
    };

    view! {
        <section class="card offline-copy" id="offline-copy" data-state=move || match copy.get() {
            Held::Missing => "missing",
            Held::Downloading { .. } => "downloading",
            Held::Saved { current: true, .. } => "saved",
            Held::Saved { current: false, .. } => "outdated",
        }>
            {move || match copy.get() {
                Held::Missing => view! {
                    <p class="small" id="download-size">{fill(t.download_size, locale.size(estimate))}</p>
                    <button type="button" class="primary" id="download-course" on:click=download>{t.download_offline}</button>
                }
                .into_any(),
                Held::Downloading { done, total } => view! {
                    <p class="small">{t.downloading}</p>
                    <progress id="download-progress" max=total value=done>{format!("{done}/{total}")}</progress>
                    <button type="button" id="cancel-download" on:click=move |_| cancel.set(true)>{t.cancel}</button>
                }
                .into_any(),
                Held::Saved { bytes, current } => view! {
                    <p class="status" id="saved-offline">{format!("✓ {}", t.available_offline)}</p>
                    <p class="small" id="saved-size">{fill(t.saved_size, locale.size(bytes))}</p>
                    {(!current).then(|| view! {
                        <p id="course-update">{t.course_update}</p>
                        <button type="button" class="primary" id="update-course" on:click=download>{t.update_now}</button>
                    })}
                    <button type="button" class="link" id="remove-course" on:click=remove>{t.remove_download}</button>
                }
                .into_any(),
            }}
            <p class="small" role="status" id="download-message">{move || message.get()}</p>
            <p class="small muted" id="storage-used">
                {move || usage.get().map(|(used, quota)| {
                    fill(t.storage_used, format!("{} {} {}", locale.size(used), t.of, locale.size(quota)))
                })}
            </p>
        </section>
    }
}
