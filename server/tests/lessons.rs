//! The lesson editor's form through the real router (multipart, as a browser without
//! JavaScript posts it): a refused save keeps what was typed, a preview renders through
//! the reader's sanitiser, a 12-megapixel photo leaves at most 1280 px wide as a JPEG of a
//! few hundred KB, and images reach only the institute's signed-in people.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, TestApp};

const BOUNDARY: &str = "sala-lesson-boundary";

enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a [u8]),
}

fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"photo\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post(app: &TestApp, uri: &str, cookie: &str, parts: &[Part<'_>]) -> (StatusCode, String) {
    let request = Request::post(uri)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(multipart(parts)))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    let location = headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location)
}

/// A 12-megapixel picture with a phone photo's kind of detail (light, edges, grain), as
/// a high-quality JPEG the way a phone writes one.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 13) as i32 - 6;
        let light = ((x * 160 / width) + (y * 60 / height)) as i32;
        let edge = if (x / 400 + y / 300) % 2 == 0 { 40 } else { 0 };
        let c = |base: i32| (base + light + edge + grain).clamp(0, 255) as u8;
        image::Rgb([c(40), c(60), c(30)])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(&picture)
        .expect("jpeg");
    jpeg
}

async fn draft_activity(app: &TestApp, cookie: &str) -> (String, String) {
    let demo = store::seed::seed_id("qualification");
    let (_, headers, _) = app
        .post_form_as(
            &format!("/curriculum/standard/{demo}/programme"),
            cookie,
            "",
        )
        .await;
    let programme = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    let (activity,): (String,) = sqlx::query_as(
        "SELECT a.id FROM learning_activities a JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1 ORDER BY m.position, a.position LIMIT 1",
    )
    .bind(&programme)
    .fetch_one(&app.pool)
    .await
    .expect("activity");
    (programme, activity)
}

#[tokio::test]
async fn a_lesson_is_written_previewed_illustrated_and_saved() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (programme, activity) = draft_activity(&app, &cookie).await;
    let form = format!("/curriculum/activity/{activity}/lesson");
    let editor = format!("/curriculum/programmes/{programme}/activities/{activity}/lesson");

    // No title: refused, and what was typed comes back (nothing lost, nothing saved).
    let (status, location) = post(
        &app,
        &form,
        &cookie,
        &[
            Part::Text("action", "save"),
            Part::Text("title_km", ""),
            Part::Text("title_en", ""),
            Part::Text("body_km", "ខ្លឹមសារ"),
            Part::Text("body_en", "Typed *text* <script>alert(1)</script>"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{editor}?error=no_title"));
    let (status, _, html) = app.get(&location, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Give the lesson a title"), "{html}");
    assert!(
        html.contains("Typed *text* &lt;script&gt;alert(1)&lt;/script&gt;</textarea>"),
        "the typed text is back in its box"
    );
    // The preview is the reader's: Markdown rendered, raw HTML shown as text.
    assert!(html.contains("<em>text</em>"), "{html}");
    assert!(!html.contains("<script>alert"), "never run");
    let (lessons,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM lessons WHERE activity_id = $1")
        .bind(&activity)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(lessons, 0);

    // An image without a description: refused, the text still kept.
    let photo = photo(4000, 3000);
    let (_, location) = post(
        &app,
        &form,
        &cookie,
        &[
            Part::Text("action", "image"),
            Part::Text("title_en", "Safety"),
            Part::Text("body_en", "Before the photo."),
            Part::File("image", &photo),
        ],
    )
    .await;
    assert!(location.contains("error=no_alt"), "{location}");
    // Not a picture: refused.
    let (_, location) = post(
        &app,
        &form,
        &cookie,
        &[
            Part::Text("action", "image"),
            Part::Text("alt_en", "x"),
            Part::File("image", b"%PDF-1.4"),
        ],
    )
    .await;
    assert!(location.contains("error=unreadable"), "{location}");

    // A 12-megapixel photo with descriptions in both languages.
    let (_, location) = post(
        &app,
        &form,
        &cookie,
        &[
            Part::Text("action", "image"),
            Part::Text("title_km", "សុវត្ថិភាព"),
            Part::Text("title_en", "Safety"),
            Part::Text("body_km", "មុនរូបថត។"),
            Part::Text("body_en", "Before the photo."),
            Part::Text("alt_km", "ផ្លាកសញ្ញាគ្រោះថ្នាក់"),
            Part::Text("alt_en", "A danger sign"),
            Part::File("image", &photo),
        ],
    )
    .await;
    assert!(location.contains("image="), "{location}");
    let (id, width, height, bytes): (String, i64, i64, Vec<u8>) =
        sqlx::query_as("SELECT id, width, height, bytes FROM lesson_images WHERE activity_id = $1")
            .bind(&activity)
            .fetch_one(&app.pool)
            .await
            .expect("image");
    assert_eq!((width, height), (1280, 960));
    assert!(
        bytes.len() < 400 * 1024,
        "a few hundred KB at most: {}",
        bytes.len()
    );
    let (_, _, html) = app.get(&location, Some(&cookie)).await;
    let src = format!("/media/lesson/{id}.jpg");
    assert!(
        html.contains(&format!("![A danger sign]({src} \"1280x960\")")),
        "the English text shows it: {html}"
    );
    assert!(
        html.contains("![ផ្លាកសញ្ញាគ្រោះថ្នាក់]("),
        "the Khmer text shows it"
    );
    assert!(
        html.contains(&format!(
            "<img src=\"{src}\" alt=\"A danger sign\" width=\"1280\" height=\"960\""
        )),
        "the preview shows it with its size"
    );

    // Save: the lesson as typed, with the image in both languages.
    let (_, _, json) = app
        .get(
            &format!("/api/curriculum/lesson-editor?activity={activity}"),
            Some(&cookie),
        )
        .await;
    let state: wire::curriculum::LessonEditor = serde_json::from_str(&json).expect("json");
    let typed = state.typed.expect("a draft");
    let (_, location) = post(
        &app,
        &form,
        &cookie,
        &[
            Part::Text("action", "save"),
            Part::Text("title_km", &typed.title.km),
            Part::Text("title_en", &typed.title.en),
            Part::Text("body_km", &typed.body.km),
            Part::Text("body_en", &typed.body.en),
        ],
    )
    .await;
    assert_eq!(location, format!("{editor}?saved=1"));
    let (body_km, body_en): (String, String) =
        sqlx::query_as("SELECT body_km, body_en FROM lessons WHERE activity_id = $1")
            .bind(&activity)
            .fetch_one(&app.pool)
            .await
            .expect("saved");
    assert!(body_km.contains(&src) && body_en.contains(&src));

    // The image: the institute's people (a learner too), never another institute's.
    for who in ["curriculum", "learner"] {
        let (status, headers, _) = app.get(&src, Some(&app.cookie_for(who).await)).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert_eq!(headers[header::CONTENT_TYPE], "image/jpeg");
    }
    let theirs = app.cookie_in_another_institute("learner").await;
    let (status, _, _) = app.get(&src, Some(&theirs)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.get(&src, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app.get("/media/lesson/not-an-id.jpg", Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_curriculum_team_of_the_institute_writes_lessons() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (programme, activity) = draft_activity(&app, &cookie).await;
    let form = format!("/curriculum/activity/{activity}/lesson");
    let parts = [
        Part::Text("action", "save"),
        Part::Text("title_en", "Mine"),
        Part::Text("body_en", "Text"),
    ];
    for role in ["learner", "trainer", "assessor", "admin"] {
        let other = app.cookie_for(role).await;
        let (status, _) = post(&app, &form, &other, &parts).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let (status, _, _) = app
            .get(
                &format!("/api/curriculum/lesson-editor?activity={activity}"),
                Some(&other),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let theirs = app.cookie_in_another_institute("curriculum").await;
    let (status, _) = post(&app, &form, &theirs, &parts).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .get(
            &format!("/api/curriculum/lesson-editor?activity={activity}"),
            Some(&theirs),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM lesson_drafts WHERE activity_id = $1")
            .bind(&activity)
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(count, 0, "no one else's draft either");

    // A published programme's lesson: refused, the typed text kept as a draft.
    let (status, _, _) = app
        .post_form_as(
            &format!("/curriculum/programme/{programme}/publish"),
            &cookie,
            "",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, location) = post(&app, &form, &cookie, &parts).await;
    assert!(location.contains("error=published"), "{location}");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM lessons WHERE activity_id = $1")
        .bind(&activity)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_knowledge_check_is_written_under_the_lesson_checked_before_it_is_saved() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (programme, activity) = draft_activity(&app, &cookie).await;
    let form = format!("/curriculum/activity/{activity}/check");
    let page = format!("/curriculum/programmes/{programme}/activities/{activity}/check");
    let question = "kind=multiple_choice&languages=both&prompt_km=%E1%9E%9F&prompt_en=How+much+current+can+kill%3F&options_km=%E1%9E%80%0A%E1%9E%81&options_en=3+mA%0A30+mA&answer=2";

    // No lesson yet: the check has nowhere to go.
    let (_, headers, _) = app.post_form_as(&form, &cookie, question).await;
    assert!(headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .contains("error=no_lesson"));
    post(
        &app,
        &format!("/curriculum/activity/{activity}/lesson"),
        &cookie,
        &[
            Part::Text("action", "save"),
            Part::Text("title_en", "Safety"),
            Part::Text("body_en", "Text"),
        ],
    )
    .await;

    // Options that differ between the languages: refused, typed text back.
    let (_, headers, _) = app
        .post_form_as(&form, &cookie, &question.replace("30+mA", "30+mA%0A30+A"))
        .await;
    let back = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.contains("error=options_differ"), "{back}");
    let (_, _, html) = app.get(&back, Some(&cookie)).await;
    assert!(html.contains("the same number of options"), "{html}");
    assert!(
        html.contains("value=\"How much current can kill?\""),
        "typed prompt back"
    );
    assert!(
        html.contains("3 mA\n30 mA\n30 A</textarea>"),
        "typed options back"
    );
    // Khmer missing without saying so: refused; "English only" is a clear choice.
    let english = "kind=true_false&languages=both&prompt_km=&prompt_en=Repair+a+damaged+cable+at+once%3F&answer=false";
    let (_, headers, _) = app.post_form_as(&form, &cookie, english).await;
    assert!(headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .contains("error=untranslated"));
    let (_, headers, _) = app
        .post_form_as(
            &form,
            &cookie,
            &english.replace("languages=both", "languages=english_only"),
        )
        .await;
    assert!(headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .contains("saved="));
    let (_, headers, _) = app.post_form_as(&form, &cookie, question).await;
    let saved = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(saved.contains("saved="), "{saved}");

    let (_, _, html) = app.get(&page, Some(&cookie)).await;
    assert_eq!(html.matches("<h2>Question ").count(), 2, "two questions");
    assert!(html.contains("id=\"check-preview\""));
    // The reader reads them: the lesson page a learner would open lists both.
    let (items,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM check_items c JOIN lessons l ON l.id = c.lesson_id WHERE l.activity_id = $1")
        .bind(&activity)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(items, 2);

    // Remove one; others may not touch any of it.
    let item = saved
        .split("saved=")
        .nth(1)
        .and_then(|s| s.split('#').next())
        .expect("id")
        .to_owned();
    for role in ["learner", "trainer", "assessor", "admin"] {
        let other = app.cookie_for(role).await;
        let (status, _, _) = app
            .post_form_as(&form, &other, &format!("action=remove&item={item}"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let theirs = app.cookie_in_another_institute("curriculum").await;
    let (status, _, _) = app
        .post_form_as(&form, &theirs, &format!("action=remove&item={item}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .get(
            &format!("/api/curriculum/check-editor?activity={activity}"),
            Some(&theirs),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, headers, _) = app
        .post_form_as(&form, &cookie, &format!("action=remove&item={item}"))
        .await;
    assert!(headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .contains("removed=1"));
    let (items,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM check_items c JOIN lessons l ON l.id = c.lesson_id WHERE l.activity_id = $1")
        .bind(&activity)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(items, 1);
}
