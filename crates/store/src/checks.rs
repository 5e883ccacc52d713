//! Knowledge-check authoring: the questions of an activity's lesson, and adding,
//! changing and removing one — each checked whole by `domain::check_edit` first, on a
//! draft programme only.

use crate::users::CurrentUser;
use domain::check::CheckKind;
use domain::check_edit::{CheckFault, Languages, Question};
use domain::Localized;
use sqlx::Acquire;
use wire::curriculum::{CheckEditor, QuestionRow};

/// Why a question change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Fault(CheckFault),
}

/// The lesson of `activity` (if any) and whether its programme is a draft, for the
/// user's institute.
async fn lesson_of(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    activity: &str,
) -> Result<Option<(Option<String>, bool, String, Localized)>, sqlx::Error> {
    let row: Option<(Option<String>, String, String, String, String)> = sqlx::query_as(
        "SELECT l.id, p.status, p.id, a.title_km, a.title_en FROM learning_activities a \
         JOIN modules m ON m.id = a.module_id JOIN programmes p ON p.id = m.programme_id \
         LEFT JOIN lessons l ON l.activity_id = a.id WHERE a.id = $1 AND p.institute_id = $2",
    )
    .bind(activity)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(lesson, status, programme, km, en)| {
        (lesson, status == "draft", programme, Localized::new(km, en))
    }))
}

/// The check editor of `activity`.
pub async fn editor(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
) -> Result<Option<CheckEditor>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let Some((lesson, editable, programme, title)) = lesson_of(&mut conn, user, activity).await?
    else {
        return Ok(None);
    };
    type Row = (String, String, String, String, String, String, String);
    let rows: Vec<Row> = match &lesson {
        Some(lesson) => {
            sqlx::query_as(
                "SELECT id, kind, prompt_km, prompt_en, options_km, options_en, answer FROM check_items \
                 WHERE lesson_id = $1 ORDER BY position",
            )
            .bind(lesson)
            .fetch_all(&mut *conn)
            .await?
        }
        None => Vec::new(),
    };
    let questions = rows
        .into_iter()
        .filter_map(|(id, kind, pkm, pen, okm, oen, answer)| {
            let km: Vec<String> = serde_json::from_str(&okm).ok()?;
            let en: Vec<String> = serde_json::from_str(&oen).ok()?;
            let answer: Vec<u8> = serde_json::from_str(&answer).ok()?;
            let prompt = Localized::new(pkm, pen);
            Some(QuestionRow {
                id,
                kind: CheckKind::parse(&kind)?,
                languages: Languages::of(&prompt),
                prompt,
                options: km
                    .into_iter()
                    .zip(en)
                    .map(|(k, e)| Localized::new(k, e))
                    .collect(),
                answer,
            })
        })
        .collect();
    Ok(Some(CheckEditor {
        programme_id: programme,
        activity_id: activity.to_owned(),
        activity_title: title,
        has_lesson: lesson.is_some(),
        editable,
        questions,
    }))
}

/// Adds a question to the lesson of `activity` (`item` None) or replaces question
/// `item`: its id.
pub async fn save(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
    item: Option<&str>,
    question: &Question,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let Some((lesson, editable, _, _)) = lesson_of(&mut tx, user, activity).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !editable {
        return Ok(Err(Refusal::Fault(CheckFault::Published)));
    }
    let Some(lesson) = lesson else {
        return Ok(Err(Refusal::Fault(CheckFault::NoLesson)));
    };
    let json = |v: Vec<&str>| serde_json::to_string(&v).unwrap_or_else(|_| "[]".into());
    let options_km = json(question.options.iter().map(|o| o.km.as_str()).collect());
    let options_en = json(question.options.iter().map(|o| o.en.as_str()).collect());
    let answer = serde_json::to_string(&question.answer).unwrap_or_else(|_| "[]".into());
    let id = match item {
        Some(item) => {
            let done = sqlx::query(
                "UPDATE check_items SET kind = $1, prompt_km = $2, prompt_en = $3, options_km = $4, options_en = $5, answer = $6 \
                 WHERE id = $7 AND lesson_id = $8",
            )
            .bind(question.kind.code())
            .bind(&question.prompt.km)
            .bind(&question.prompt.en)
            .bind(&options_km)
            .bind(&options_en)
            .bind(&answer)
            .bind(item)
            .bind(&lesson)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(Err(Refusal::NotFound));
            }
            item.to_owned()
        }
        None => {
            let (last,): (i64,) = sqlx::query_as(
                "SELECT COALESCE(MAX(position), 0) FROM check_items WHERE lesson_id = $1",
            )
            .bind(&lesson)
            .fetch_one(&mut *tx)
            .await?;
            let id = crate::new_id()?;
            sqlx::query(
                "INSERT INTO check_items (id, lesson_id, position, kind, prompt_km, prompt_en, options_km, options_en, answer) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&id)
            .bind(&lesson)
            .bind(last + 1)
            .bind(question.kind.code())
            .bind(&question.prompt.km)
            .bind(&question.prompt.en)
            .bind(&options_km)
            .bind(&options_en)
            .bind(&answer)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    tx.commit().await?;
    Ok(Ok(id))
}

/// Removes question `item` of the lesson of draft `activity`.
pub async fn remove(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
    item: &str,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let Some((lesson, editable, _, _)) = lesson_of(&mut tx, user, activity).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !editable {
        return Ok(Err(Refusal::Fault(CheckFault::Published)));
    }
    let done = sqlx::query("DELETE FROM check_items WHERE id = $1 AND lesson_id = $2")
        .bind(item)
        .bind(lesson.unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(Refusal::NotFound));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::check_edit::{check, TypedQuestion};

    #[tokio::test]
    async fn questions_are_added_changed_and_removed_on_a_draft_only() {
        let (_db, pool) = crate::test_db().await;
        let (me, id) = crate::testing::classic_draft(&pool).await;
        let programme = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        let activity = programme.modules[0].activities[0].id.clone();
        let question = check(&TypedQuestion {
            kind: "multiple_choice".into(),
            languages: "both".into(),
            prompt_km: "សំណួរ".into(),
            prompt_en: "Question".into(),
            options_km: "ក\nខ".into(),
            options_en: "a\nb".into(),
            answer: "2".into(),
        })
        .expect("valid");
        assert_eq!(
            save(&pool, &me, &activity, None, &question)
                .await
                .expect("save"),
            Err(Refusal::Fault(CheckFault::NoLesson))
        );
        crate::authoring::save(&pool, &me, &activity, "", "Lesson", "", "Text")
            .await
            .expect("lesson")
            .expect("valid");
        let q = save(&pool, &me, &activity, None, &question)
            .await
            .expect("save")
            .expect("saved");
        let editor_now = editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours");
        assert_eq!(editor_now.questions.len(), 1);
        assert_eq!(editor_now.questions[0].answer, vec![1]);
        assert_eq!(editor_now.questions[0].options[1], Localized::new("ខ", "b"));
        // The learner's reader reads it as it reads the seed's.
        let lesson: (String,) = sqlx::query_as("SELECT id FROM lessons WHERE activity_id = $1")
            .bind(&activity)
            .fetch_one(&pool)
            .await
            .expect("lesson");
        let (km, answer): (String, String) =
            sqlx::query_as("SELECT options_km, answer FROM check_items WHERE lesson_id = $1")
                .bind(&lesson.0)
                .fetch_one(&pool)
                .await
                .expect("row");
        assert_eq!((km.as_str(), answer.as_str()), ("[\"ក\",\"ខ\"]", "[1]"));

        let changed = Question {
            answer: vec![0],
            ..question.clone()
        };
        assert_eq!(
            save(&pool, &me, &activity, Some(&q), &changed)
                .await
                .expect("save"),
            Ok(q.clone())
        );
        assert_eq!(
            editor(&pool, &me, &activity)
                .await
                .expect("editor")
                .expect("ours")
                .questions[0]
                .answer,
            vec![0]
        );
        assert_eq!(
            save(&pool, &me, &activity, Some("no-such-item"), &changed)
                .await
                .expect("save"),
            Err(Refusal::NotFound)
        );

        let theirs = crate::testing::curriculum(&uuid::Uuid::now_v7().to_string());
        assert_eq!(
            editor(&pool, &theirs, &activity).await.expect("editor"),
            None
        );
        assert_eq!(
            remove(&pool, &theirs, &activity, &q).await.expect("remove"),
            Err(Refusal::NotFound)
        );

        remove(&pool, &me, &activity, &q)
            .await
            .expect("remove")
            .expect("removed");
        assert!(editor(&pool, &me, &activity)
            .await
            .expect("editor")
            .expect("ours")
            .questions
            .is_empty());
        crate::blend::publish(&pool, &me, &id)
            .await
            .expect("publish")
            .expect("draft");
        assert_eq!(
            save(&pool, &me, &activity, None, &question)
                .await
                .expect("save"),
            Err(Refusal::Fault(CheckFault::Published))
        );
    }
}
