//! Lesson authoring: the editor's facts (the activity, its saved lesson, this author's
//! unsaved draft, its images), saving a lesson (checked by `domain::lesson`, refused on
//! a published programme; the draft goes once saved), keeping a draft, and lesson
//! images (stored processed; served to the institute's signed-in people).

use crate::users::CurrentUser;
use domain::lesson::{LessonFault, LessonText};
use domain::Localized;
use sqlx::Acquire;
use wire::curriculum::{LessonEditor, LessonImage};

/// Why a lesson change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such activity in the user's institute.
    NotFound,
    Fault(LessonFault),
}

/// The programme and status of `activity`, if it is the user's institute's.
async fn activity_of(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    activity: &str,
) -> Result<Option<(String, bool, Localized)>, sqlx::Error> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT p.id, p.status, a.title_km, a.title_en FROM learning_activities a JOIN modules m ON m.id = a.module_id \
         JOIN programmes p ON p.id = m.programme_id WHERE a.id = $1 AND p.institute_id = $2",
    )
    .bind(activity)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(p, status, km, en)| (p, status == "draft", Localized::new(km, en))))
}

fn image_src(id: &str) -> String {
    format!("/media/lesson/{id}.jpg")
}

/// The lesson editor of `activity` for `user` (preview left empty: the caller renders).
pub async fn editor(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
) -> Result<Option<LessonEditor>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let Some((programme, editable, title)) = activity_of(&mut conn, user, activity).await? else {
        return Ok(None);
    };
    let text = |(tk, te, bk, be): (String, String, String, String)| LessonText {
        title: Localized::new(tk, te),
        body: Localized::new(bk, be),
    };
    let saved: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT title_km, title_en, body_km, body_en FROM lessons WHERE activity_id = $1",
    )
    .bind(activity)
    .fetch_optional(&mut *conn)
    .await?;
    let typed: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT title_km, title_en, body_km, body_en FROM lesson_drafts WHERE user_id = $1 AND activity_id = $2",
    )
    .bind(user.id.to_string())
    .bind(activity)
    .fetch_optional(&mut *conn)
    .await?;
    type ImageRow = (String, i64, i64, i64, i64, String, String);
    let images: Vec<ImageRow> = sqlx::query_as(
        // This activity's images, and those of the rows it continues or that continue
        // it (a new version's copied lesson still shows them).
        "SELECT id, width, height, LENGTH(bytes), original_bytes, alt_km, alt_en FROM lesson_images \
         WHERE institute_id = $2 AND activity_id IN (SELECT o.id FROM learning_activities o, learning_activities a \
               WHERE a.id = $1 AND COALESCE(o.lineage_id, o.id) = COALESCE(a.lineage_id, a.id)) \
         ORDER BY created_at, id",
    )
    .bind(activity)
    .bind(user.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let images = images
        .into_iter()
        .map(|(id, w, h, bytes, original, km, en)| {
            let (w, h) = (u32::try_from(w).unwrap_or(1), u32::try_from(h).unwrap_or(1));
            let src = image_src(&id);
            let alt = Localized::new(km, en);
            LessonImage {
                markdown: Localized::new(
                    domain::lesson::image_markdown(&src, w, h, alt.get(domain::Locale::Km)),
                    domain::lesson::image_markdown(&src, w, h, alt.get(domain::Locale::En)),
                ),
                id,
                src,
                width: w,
                height: h,
                bytes: u64::try_from(bytes).unwrap_or(0),
                original_bytes: u64::try_from(original).unwrap_or(0),
                alt,
            }
        })
        .collect();
    Ok(Some(LessonEditor {
        programme_id: programme,
        activity_id: activity.to_owned(),
        activity_title: title,
        editable,
        saved: saved.map(text),
        typed: typed.map(text),
        preview: Localized::default(),
        images,
    }))
}

/// Keeps what `user` typed for `activity` (replacing an earlier draft), so it survives a
/// failed save, a preview, or closing the page.
pub async fn keep_draft(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
    typed: &LessonText,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    if activity_of(&mut tx, user, activity).await?.is_none() {
        return Ok(Err(Refusal::NotFound));
    }
    sqlx::query("DELETE FROM lesson_drafts WHERE user_id = $1 AND activity_id = $2")
        .bind(user.id.to_string())
        .bind(activity)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO lesson_drafts (user_id, activity_id, title_km, title_en, body_km, body_en, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user.id.to_string())
    .bind(activity)
    .bind(&typed.title.km)
    .bind(&typed.title.en)
    .bind(&typed.body.km)
    .bind(&typed.body.en)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Saves the lesson of `activity` (made when it has none), checked by the domain, on a
/// draft programme only; the author's draft goes once it is saved. The lesson's id.
pub async fn save(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
    title_km: &str,
    title_en: &str,
    body_km: &str,
    body_en: &str,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let Some((_, editable, _)) = activity_of(&mut tx, user, activity).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !editable {
        return Ok(Err(Refusal::Fault(LessonFault::Published)));
    }
    let text = match domain::lesson::check(title_km, title_en, body_km, body_en) {
        Ok(text) => text,
        Err(fault) => return Ok(Err(Refusal::Fault(fault))),
    };
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT id FROM lessons WHERE activity_id = $1")
            .bind(activity)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match existing {
        Some((id,)) => {
            sqlx::query("UPDATE lessons SET title_km = $1, title_en = $2, body_km = $3, body_en = $4 WHERE id = $5")
                .bind(&text.title.km)
                .bind(&text.title.en)
                .bind(&text.body.km)
                .bind(&text.body.en)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            let id = crate::new_id()?;
            sqlx::query("INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&id)
                .bind(activity)
                .bind(&text.title.km)
                .bind(&text.title.en)
                .bind(&text.body.km)
                .bind(&text.body.en)
                .execute(&mut *tx)
                .await?;
            id
        }
    };
    sqlx::query("DELETE FROM lesson_drafts WHERE user_id = $1 AND activity_id = $2")
        .bind(user.id.to_string())
        .bind(activity)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// A processed image for the lesson of `activity` (JPEG bytes and their size).
pub struct NewImage<'a> {
    pub jpeg: &'a [u8],
    pub width: u32,
    pub height: u32,
    pub original_bytes: u64,
    pub alt: &'a Localized,
}

/// Stores an image for the lesson of draft `activity`: its id.
pub async fn add_image(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
    image: NewImage<'_>,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let Some((_, editable, _)) = activity_of(&mut tx, user, activity).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !editable {
        return Ok(Err(Refusal::Fault(LessonFault::Published)));
    }
    let id = crate::new_id()?;
    sqlx::query(
        "INSERT INTO lesson_images (id, institute_id, activity_id, content_type, width, height, bytes, original_bytes, alt_km, alt_en, created_at) \
         VALUES ($1, $2, $3, 'image/jpeg', $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(user.institute.to_string())
    .bind(activity)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(image.jpeg.to_vec())
    .bind(i64::try_from(image.original_bytes).unwrap_or(i64::MAX))
    .bind(&image.alt.km)
    .bind(&image.alt.en)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// An image's type and bytes, for a signed-in person of its institute.
pub async fn image(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    sqlx::query_as(
        "SELECT content_type, bytes FROM lesson_images WHERE id = $1 AND institute_id = $2",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lesson_is_written_kept_as_a_draft_saved_and_then_frozen() {
        let (_db, pool) = crate::test_db().await;
        let (me, id) = crate::testing::classic_draft(&pool).await;
        let programme = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        let activity = programme.modules[0].activities[0].id.clone();
        let empty = editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours");
        assert!(empty.editable && empty.saved.is_none() && empty.typed.is_none());

        // A refused save: the caller keeps what was typed; nothing is saved.
        let typed = LessonText {
            title: Localized::new("", ""),
            body: Localized::new("ខ្លឹមសារ", "Text"),
        };
        assert_eq!(
            save(&pool, &me, &activity, "", "", "ខ្លឹមសារ", "Text")
                .await
                .expect("save"),
            Err(Refusal::Fault(LessonFault::NoTitle))
        );
        keep_draft(&pool, &me, &activity, &typed)
            .await
            .expect("keep")
            .expect("ours");
        let back = editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours");
        assert_eq!(back.typed, Some(typed));
        assert!(back.saved.is_none());

        let lesson = save(&pool, &me, &activity, "សុវត្ថិភាព", "Safety", "ខ្លឹមសារ", "Text")
            .await
            .expect("save")
            .expect("valid");
        let saved = editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours");
        assert_eq!(
            saved.saved.as_ref().map(|t| t.title.en.as_str()),
            Some("Safety")
        );
        assert!(saved.typed.is_none(), "the draft goes once saved");
        // Saving again updates the same lesson.
        assert_eq!(
            save(
                &pool,
                &me,
                &activity,
                "សុវត្ថិភាព",
                "Safety first",
                "ខ្លឹមសារ",
                "Text"
            )
            .await
            .expect("save"),
            Ok(lesson.clone())
        );

        let alt = Localized::new("សញ្ញា", "Sign");
        let image_id = add_image(
            &pool,
            &me,
            &activity,
            NewImage {
                jpeg: &[0xff, 0xd8, 0xff],
                width: 1280,
                height: 960,
                original_bytes: 4_000_000,
                alt: &alt,
            },
        )
        .await
        .expect("add")
        .expect("ours");
        let with = editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours");
        assert_eq!(with.images.len(), 1);
        assert_eq!(with.images[0].bytes, 3);
        assert_eq!(
            with.images[0].markdown.en,
            format!("![Sign](/media/lesson/{image_id}.jpg \"1280x960\")")
        );
        assert_eq!(
            image(&pool, &me, &image_id)
                .await
                .expect("image")
                .map(|(t, b)| (t, b.len())),
            Some(("image/jpeg".into(), 3))
        );

        // Another institute sees nothing and changes nothing.
        let other = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'O', 'O', 'O', '2026-01-01T00:00:00Z')")
            .bind(&other)
            .execute(&pool)
            .await
            .expect("institute");
        let theirs = crate::testing::curriculum(&other);
        assert_eq!(
            editor(&pool, &theirs, &activity).await.expect("editor"),
            None
        );
        assert_eq!(
            save(&pool, &theirs, &activity, "x", "x", "x", "x")
                .await
                .expect("save"),
            Err(Refusal::NotFound)
        );
        assert_eq!(image(&pool, &theirs, &image_id).await.expect("image"), None);

        // Published: frozen; a new version's copied lesson still lists its image.
        crate::blend::publish(&pool, &me, &id)
            .await
            .expect("publish")
            .expect("draft");
        let next = crate::blend::new_version(&pool, &me, &id)
            .await
            .expect("copy")
            .expect("published");
        let copied = crate::programmes::load(&pool, &me, &next)
            .await
            .expect("load")
            .expect("ours")
            .modules[0]
            .activities[0]
            .id
            .clone();
        assert_eq!(
            editor(&pool, &me, &copied)
                .await
                .expect("editor")
                .expect("ours")
                .images
                .iter()
                .map(|i| i.id.clone())
                .collect::<Vec<_>>(),
            vec![image_id.clone()]
        );
        assert_eq!(
            save(&pool, &me, &activity, "x", "x", "x", "x")
                .await
                .expect("save"),
            Err(Refusal::Fault(LessonFault::Published))
        );
        assert!(
            !editor(&pool, &me, &activity)
                .await
                .expect("editor")
                .expect("ours")
                .editable
        );
    }
}
