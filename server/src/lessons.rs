//! The lesson editor's one form (multipart, so it works without JavaScript): save,
//! preview, or upload an image. Whatever the button, what was typed is kept first as the
//! author's draft, so a refused save, a preview or an upload never loses it. Uploaded
//! images are decoded (JPEG, PNG or WebP), turned upright (EXIF orientation), brought to
//! at most 1280 px on the longest side and re-encoded as JPEG on a blocking thread; the
//! draft gets the Markdown that shows it in each language. `GET /media/lesson/{id}.jpg`
//! serves an image to the signed-in people of its institute. The knowledge-check
//! editor's form (`check`) is a plain one.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::see_other;
use app::auth::percent_encode;
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::lesson::{LessonFault, LessonText, MAX_UPLOAD_BYTES};
use domain::{Localized, Role};
use store::authoring::{NewImage, Refusal};
use wire::AppError;

/// The request body limit of the editor's form: an image and the texts.
pub const MAX_FORM_BYTES: usize = MAX_UPLOAD_BYTES + 2 * 1024 * 1024;

/// JPEG quality of processed images (a 12-megapixel photo leaves at a few hundred KB).
const JPEG_QUALITY: u8 = 80;

/// A processed image: JPEG bytes, width and height.
pub struct Processed {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes, turns upright, fits within `domain::lesson::MAX_IMAGE_SIDE` and re-encodes
/// an uploaded image. CPU-heavy: call it on a blocking thread.
pub fn process(bytes: &[u8]) -> Result<Processed, LessonFault> {
    use image::{DynamicImage, ImageDecoder, ImageReader};
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| LessonFault::Unreadable)?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::WebP)
    ) {
        return Err(LessonFault::Unreadable);
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| LessonFault::Unreadable)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| LessonFault::Unreadable)?;
    picture.apply_orientation(orientation);
    let (width, height) = domain::lesson::fit(picture.width(), picture.height());
    let picture = if (width, height) == (picture.width(), picture.height()) {
        picture
    } else {
        picture.resize_exact(width, height, image::imageops::FilterType::Triangle)
    };
    let rgb = picture.to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| LessonFault::Unreadable)?;
    Ok(Processed {
        jpeg,
        width,
        height,
    })
}

#[derive(Default)]
struct Typed {
    action: String,
    title_km: String,
    title_en: String,
    body_km: String,
    body_en: String,
    alt_km: String,
    alt_en: String,
    file: Option<Vec<u8>>,
    too_big: bool,
}

async fn read(mut multipart: Multipart) -> Result<Typed, ()> {
    let mut typed = Typed::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "image" {
            let bytes = field.bytes().await.map_err(|_| ())?;
            if bytes.len() > MAX_UPLOAD_BYTES {
                typed.too_big = true;
            } else if !bytes.is_empty() {
                typed.file = Some(bytes.to_vec());
            }
            continue;
        }
        let text = field.text().await.map_err(|_| ())?;
        match name.as_str() {
            "action" => typed.action = text,
            "title_km" => typed.title_km = text,
            "title_en" => typed.title_en = text,
            "body_km" => typed.body_km = text,
            "body_en" => typed.body_en = text,
            "alt_km" => typed.alt_km = text,
            "alt_en" => typed.alt_en = text,
            _ => {}
        }
    }
    Ok(typed)
}

/// `POST /curriculum/activity/{id}/lesson` (multipart): `action` = `save`, `preview` or
/// `image` (with `image`, `alt_km`, `alt_en`).
pub async fn lesson(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(activity): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let user = match form_user(signed_in, &[Role::Curriculum], "/curriculum") {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let pool = &state.pool;
    let editor = match store::authoring::editor(pool, &user, &activity).await {
        Ok(Some(editor)) => editor,
        Ok(None) => return form_refusal(&AppError::NotFound, "/curriculum"),
        Err(e) => return crate::standards::internal(e),
    };
    let page = format!(
        "/curriculum/programmes/{}/activities/{}/lesson",
        percent_encode(&editor.programme_id),
        percent_encode(&activity)
    );
    let Ok(mut typed) = read(match multipart {
        Ok(m) => m,
        Err(_) => return see_other(&format!("{page}?error=too_big"), &[]),
    })
    .await
    else {
        return see_other(&format!("{page}?error=too_big"), &[]);
    };
    let mut fault: Option<LessonFault> = None;
    let mut image_id: Option<String> = None;
    if typed.action == "image" {
        match upload(&state, &user, &activity, &typed).await {
            Ok(Ok((id, processed))) => {
                // The draft shows it at the end of each language's text.
                let src = format!("/media/lesson/{id}.jpg");
                let alt = Localized::new(typed.alt_km.trim(), typed.alt_en.trim());
                for (body, locale) in [
                    (&mut typed.body_km, domain::Locale::Km),
                    (&mut typed.body_en, domain::Locale::En),
                ] {
                    let line = domain::lesson::image_markdown(
                        &src,
                        processed.width,
                        processed.height,
                        alt.get(locale),
                    );
                    if !body.trim().is_empty() {
                        body.push_str("\n\n");
                    }
                    body.push_str(&line);
                }
                image_id = Some(id);
            }
            Ok(Err(f)) => fault = Some(f),
            Err(e) => return crate::standards::internal(e),
        }
    }
    // What was typed is kept before anything else can fail.
    let draft = LessonText {
        title: Localized::new(&typed.title_km, &typed.title_en),
        body: Localized::new(&typed.body_km, &typed.body_en),
    };
    match store::authoring::keep_draft(pool, &user, &activity, &draft).await {
        Ok(Ok(())) => {}
        Ok(Err(_)) => return form_refusal(&AppError::NotFound, "/curriculum"),
        Err(e) => return crate::standards::internal(e),
    }
    if let Some(fault) = fault {
        return see_other(&format!("{page}?error={}#images", fault.code()), &[]);
    }
    match typed.action.as_str() {
        "save" => {
            match store::authoring::save(
                pool,
                &user,
                &activity,
                &typed.title_km,
                &typed.title_en,
                &typed.body_km,
                &typed.body_en,
            )
            .await
            {
                Ok(Ok(_)) => see_other(&format!("{page}?saved=1"), &[]),
                Ok(Err(Refusal::Fault(f))) => see_other(&format!("{page}?error={}", f.code()), &[]),
                Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, "/curriculum"),
                Err(e) => crate::standards::internal(e),
            }
        }
        "image" => see_other(
            &format!("{page}?image={}#images", image_id.unwrap_or_default()),
            &[],
        ),
        _ => see_other(&format!("{page}?preview=1#preview"), &[]),
    }
}

/// Checks, processes and stores the uploaded image: its id and size, or why not.
async fn upload(
    state: &AppState,
    user: &store::users::CurrentUser,
    activity: &str,
    typed: &Typed,
) -> Result<Result<(String, Processed), LessonFault>, sqlx::Error> {
    if typed.too_big {
        return Ok(Err(LessonFault::TooBig));
    }
    let alt = match domain::lesson::check_alt(&typed.alt_km, &typed.alt_en) {
        Ok(alt) => alt,
        Err(f) => return Ok(Err(f)),
    };
    let Some(bytes) = typed.file.clone() else {
        return Ok(Err(LessonFault::Unreadable));
    };
    let original = bytes.len() as u64;
    let processed = match tokio::task::spawn_blocking(move || process(&bytes)).await {
        Ok(Ok(p)) => p,
        Ok(Err(f)) => return Ok(Err(f)),
        Err(_) => return Ok(Err(LessonFault::Unreadable)),
    };
    let stored = store::authoring::add_image(
        &state.pool,
        user,
        activity,
        NewImage {
            jpeg: &processed.jpeg,
            width: processed.width,
            height: processed.height,
            original_bytes: original,
            alt: &alt,
        },
    )
    .await?;
    Ok(match stored {
        Ok(id) => {
            tracing::info!(
                original,
                processed = processed.jpeg.len(),
                width = processed.width,
                height = processed.height,
                "lesson image"
            );
            Ok((id, processed))
        }
        Err(Refusal::Fault(f)) => Err(f),
        Err(Refusal::NotFound) => Err(LessonFault::Unreadable),
    })
}

/// `GET /media/lesson/{id}.jpg`: a lesson image, for a signed-in person of its institute.
/// Its id never names other bytes, so it may be kept for a year (privately).
pub async fn media(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(file): Path<String>,
) -> Response {
    let user = match signed_in {
        Ok(SignedIn(user)) => user,
        Err(e) => return e.into_response(),
    };
    let Some(id) = file.strip_suffix(".jpg") else {
        return ApiError(AppError::NotFound).into_response();
    };
    match store::authoring::image(&state.pool, &user, id).await {
        Ok(Some((content_type, bytes))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type),
                (
                    header::CACHE_CONTROL,
                    "private, max-age=31536000, immutable".to_owned(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => ApiError(AppError::NotFound).into_response(),
        Err(e) => ApiError(store::internal(e)).into_response(),
    }
}

/// `POST /curriculum/activity/{id}/check`: add (no `item`), save or remove (`action` =
/// `remove`) a knowledge-check question of the activity's lesson. A refused question
/// comes back to its form with what was typed and the reason.
pub async fn check(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(activity): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    use domain::check_edit::TypedQuestion;
    use store::checks::Refusal;
    let user = match form_user(signed_in, &[Role::Curriculum], "/curriculum") {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let pool = &state.pool;
    let editor = match store::checks::editor(pool, &user, &activity).await {
        Ok(Some(editor)) => editor,
        Ok(None) => return form_refusal(&AppError::NotFound, "/curriculum"),
        Err(e) => return crate::standards::internal(e),
    };
    let page = format!(
        "/curriculum/programmes/{}/activities/{}/check",
        percent_encode(&editor.programme_id),
        percent_encode(&activity)
    );
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let item = field("item");
    let item = (!item.is_empty()).then_some(item);
    let anchor = item
        .as_deref()
        .map_or("new".to_owned(), |i| format!("q-{i}"));
    if field("action") == "remove" {
        let Some(item) = item else {
            return form_refusal(&AppError::NotFound, &page);
        };
        return match store::checks::remove(pool, &user, &activity, &item).await {
            Ok(Ok(())) => see_other(&format!("{page}?removed=1"), &[]),
            Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
            Ok(Err(Refusal::Fault(f))) => {
                see_other(&format!("{page}?error={}#{anchor}", f.code()), &[])
            }
            Err(e) => crate::standards::internal(e),
        };
    }
    let typed = TypedQuestion {
        kind: field("kind"),
        languages: field("languages"),
        prompt_km: field("prompt_km"),
        prompt_en: field("prompt_en"),
        options_km: field("options_km"),
        options_en: field("options_en"),
        answer: field("answer"),
    };
    let back = |code: &str| {
        let cut = |s: &str| percent_encode(&s.chars().take(4_000).collect::<String>());
        see_other(
            &format!(
                "{page}?error={code}&item={}&kind={}&languages={}&prompt_km={}&prompt_en={}&options_km={}&options_en={}&answer={}#{anchor}",
                cut(item.as_deref().unwrap_or_default()),
                cut(&typed.kind),
                cut(&typed.languages),
                cut(&typed.prompt_km),
                cut(&typed.prompt_en),
                cut(&typed.options_km),
                cut(&typed.options_en),
                cut(&typed.answer),
            ),
            &[],
        )
    };
    let question = match domain::check_edit::check(&typed) {
        Ok(q) => q,
        Err(f) => return back(f.code()),
    };
    match store::checks::save(pool, &user, &activity, item.as_deref(), &question).await {
        Ok(Ok(id)) => see_other(&format!("{page}?saved={id}#q-{id}"), &[]),
        Ok(Err(Refusal::NotFound)) => form_refusal(&AppError::NotFound, &page),
        Ok(Err(Refusal::Fault(f))) => back(f.code()),
        Err(e) => crate::standards::internal(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 12-megapixel picture with a phone photo's kind of detail (smooth light, edges,
    /// grain), as PNG.
    pub fn photo(width: u32, height: u32) -> Vec<u8> {
        let mut state = 0x2545_f491_u32;
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 9) as i32 - 4;
            let light = ((x * 160 / width) + (y * 60 / height)) as i32;
            let edge = if (x / 400 + y / 300) % 2 == 0 { 40 } else { 0 };
            let c = |base: i32| (base + light + edge + grain).clamp(0, 255) as u8;
            image::Rgb([c(40), c(60), c(30)])
        });
        let mut png = Vec::new();
        picture
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        png
    }

    #[test]
    fn a_photo_is_brought_to_1280_pixels_as_jpeg() {
        let processed = process(&photo(4000, 3000)).expect("processed");
        assert_eq!((processed.width, processed.height), (1280, 960));
        assert!(processed.jpeg.starts_with(&[0xff, 0xd8]), "a JPEG");
        let small = process(&photo(300, 200)).expect("processed");
        assert_eq!((small.width, small.height), (300, 200), "never enlarged");
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        assert_eq!(
            process(b"not a picture").err(),
            Some(LessonFault::Unreadable)
        );
        assert_eq!(
            process(b"%PDF-1.4 ...").err(),
            Some(LessonFault::Unreadable)
        );
        let mut broken = photo(64, 64);
        broken.truncate(broken.len() / 2);
        assert_eq!(process(&broken).err(), Some(LessonFault::Unreadable));
    }
}
