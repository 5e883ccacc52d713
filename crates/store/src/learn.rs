//! What a learner studies: the courses (classes) they are enrolled in.

use crate::schedule::{SessionRow, SELECT};
use crate::users::CurrentUser;
use domain::Localized;
use sqlx::Acquire;
use wire::learn::{CourseCard, ModuleOutline};

/// SQL: whether the learner `user` (an SQL expression) has done lesson `l` — that lesson,
/// or the one it continues or that continues it in another version of the programme (the
/// same lineage, `COALESCE(lineage_id, id)`), so that progress is kept when a class moves
/// to a newer version and when a learner studies an older saved copy.
pub(crate) fn done(user: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM lesson_progress lp JOIN lessons d ON d.id = lp.lesson_id \
         WHERE lp.user_id = {user} AND COALESCE(d.lineage_id, d.id) = COALESCE(l.lineage_id, l.id))"
    )
}

/// SQL: the versions of the programme `cp` (an alias) that a learner of a class following
/// it may study: that version, and every published version of the same qualification in
/// the institute (an older saved copy, or the newer one the class moves to).
pub(crate) fn family(p: &str, cp: &str) -> String {
    format!(
        "{p}.institute_id = {cp}.institute_id AND {p}.qualification_id = {cp}.qualification_id \
         AND ({p}.id = {cp}.id OR {p}.status = 'published')"
    )
}

#[derive(sqlx::FromRow)]
struct CourseRow {
    class_id: String,
    class_km: String,
    class_en: String,
    programme_km: String,
    programme_en: String,
    qualification_code: String,
    cqf_level: i64,
    modules: i64,
    activities: i64,
    lessons: i64,
    lessons_done: i64,
}

/// The learner's courses in their own institute, each with its next session.
pub async fn courses(
    db: impl Acquire<'_, Database = sqlx::Any>,
    learner: &CurrentUser,
) -> Result<Vec<CourseCard>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows: Vec<CourseRow> = sqlx::query_as(&format!(
        "SELECT c.id AS class_id, c.name_km AS class_km, c.name_en AS class_en, \
                p.title_km AS programme_km, p.title_en AS programme_en, \
                q.code AS qualification_code, q.cqf_level, \
                (SELECT COUNT(*) FROM modules m WHERE m.programme_id = p.id) AS modules, \
                (SELECT COUNT(*) FROM learning_activities a JOIN modules m ON m.id = a.module_id \
                  WHERE m.programme_id = p.id) AS activities, \
                (SELECT COUNT(*) FROM lessons l JOIN learning_activities a ON a.id = l.activity_id \
                  JOIN modules m ON m.id = a.module_id WHERE m.programme_id = p.id) AS lessons, \
                (SELECT COUNT(*) FROM lessons l \
                  JOIN learning_activities a ON a.id = l.activity_id JOIN modules m ON m.id = a.module_id \
                  WHERE m.programme_id = p.id AND {done}) AS lessons_done \
         FROM enrolments e \
         JOIN classes c ON c.id = e.class_id \
         JOIN programmes p ON p.id = c.programme_id \
         JOIN qualifications q ON q.id = p.qualification_id \
         WHERE e.learner_id = $1 AND c.institute_id = $2 \
         ORDER BY c.starts_on, c.code",
        done = done("e.learner_id"),
    ))
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;

    let now = super::now();
    let mut cards = Vec::with_capacity(rows.len());
    for row in rows {
        let next: Option<SessionRow> = sqlx::query_as(&format!(
            "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
             LEFT JOIN learning_activities a ON a.id = s.activity_id \
             WHERE s.class_id = $1 AND s.ends_at > $2 AND s.cancelled_at IS NULL AND a.delivery_mode IN ('face_to_face', 'workplace') \
             ORDER BY s.starts_at LIMIT 1"
        ))
        .bind(&row.class_id)
        .bind(&now)
        .fetch_optional(&mut *conn)
        .await?;
        let Ok(class) = row.class_id.parse() else {
            continue;
        };
        cards.push(CourseCard {
            class,
            class_name: Localized::new(row.class_km, row.class_en),
            programme: Localized::new(row.programme_km, row.programme_en),
            qualification_code: row.qualification_code,
            cqf_level: u8::try_from(row.cqf_level).unwrap_or(0),
            modules: u32::try_from(row.modules).unwrap_or(0),
            activities: u32::try_from(row.activities).unwrap_or(0),
            lessons: u32::try_from(row.lessons).unwrap_or(0),
            percent_done: domain::percent(
                u32::try_from(row.lessons_done).unwrap_or(0),
                u32::try_from(row.activities).unwrap_or(0),
            ),
            next_session: next.and_then(SessionRow::into_slot),
        });
    }
    Ok(cards)
}

/// The learner's timetable: the face-to-face and workplace sessions of every class they
/// are enrolled in (in their institute) from the start of today (the whole of today, so a
/// copy kept in the morning and read in the evening says the same) to the start of the
/// day `days` days on, soonest first; cancelled sessions left out — the learner's
/// sessions as `teach::sessions` reads them, less the online ones.
pub async fn timetable(
    db: impl Acquire<'_, Database = sqlx::Any>,
    learner: &CurrentUser,
    days: u32,
) -> Result<Vec<wire::teach::SessionSlot>, sqlx::Error> {
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let from = crate::day_start(today);
    let to = crate::day_start(today.add_days(i64::from(days)));
    let mut sessions = crate::teach::sessions(db, learner, &from, &to).await?;
    sessions.retain(|s| {
        matches!(
            s.mode,
            domain::DeliveryMode::FaceToFace | domain::DeliveryMode::Workplace
        )
    });
    Ok(sessions)
}

/// A class `learner` is enrolled in, in their institute.
struct Enrolled {
    class_name: Localized,
    programme: String,
    programme_title: Localized,
}

async fn enrolled(
    conn: &mut sqlx::AnyConnection,
    learner: &CurrentUser,
    class: domain::ClassId,
) -> Result<Option<Enrolled>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.name_km, c.name_en, p.id, p.title_km, p.title_en FROM enrolments e \
         JOIN classes c ON c.id = e.class_id JOIN programmes p ON p.id = c.programme_id \
         WHERE e.learner_id = $1 AND c.id = $2 AND c.institute_id = $3",
    )
    .bind(learner.id.to_string())
    .bind(class.to_string())
    .bind(learner.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(class_km, class_en, programme, km, en)| Enrolled {
        class_name: Localized::new(class_km, class_en),
        programme,
        programme_title: Localized::new(km, en),
    }))
}

/// A course's outline as stored, with its lessons' content (from which the app works
/// out what "Download for offline" saves: `wire::learn::OfflineBundle`).
pub struct StoredOutline {
    pub class: domain::ClassId,
    pub class_name: Localized,
    pub programme: Localized,
    pub modules: Vec<ModuleOutline>,
    pub lessons: Vec<LessonContent>,
}

impl StoredOutline {
    pub fn with_offline(self, offline: wire::learn::OfflineBundle) -> wire::learn::CourseOutline {
        wire::learn::CourseOutline {
            class: self.class,
            class_name: self.class_name,
            programme: self.programme,
            modules: self.modules,
            offline,
        }
    }
}

/// One lesson's content, in course order.
pub struct LessonContent {
    pub id: String,
    /// Both titles, one after the other.
    pub titles: String,
    /// Its Markdown in each language.
    pub body: Localized,
    /// Its check items' prompts, options and answers, run together (for the version).
    pub checks: String,
}

/// The outline of `class` if `learner` is enrolled in it (in their institute).
pub async fn course_outline(
    db: impl Acquire<'_, Database = sqlx::Any>,
    learner: &CurrentUser,
    class: domain::ClassId,
) -> Result<Option<StoredOutline>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    use wire::learn::ActivityOutline;
    let Some(Enrolled {
        class_name,
        programme,
        programme_title,
    }) = enrolled(&mut conn, learner, class).await?
    else {
        return Ok(None);
    };

    #[derive(sqlx::FromRow)]
    struct Row {
        module_id: String,
        module_km: String,
        module_en: String,
        activity_id: String,
        title_km: String,
        title_en: String,
        duration_minutes: i64,
        delivery_mode: String,
        lesson_id: Option<String>,
        done: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT m.id AS module_id, m.title_km AS module_km, m.title_en AS module_en, \
                a.id AS activity_id, a.title_km, a.title_en, a.duration_minutes, a.delivery_mode, \
                l.id AS lesson_id, \
                CASE WHEN l.id IS NOT NULL AND {done} THEN 1 ELSE 0 END AS done \
         FROM modules m JOIN learning_activities a ON a.module_id = m.id \
         LEFT JOIN lessons l ON l.activity_id = a.id \
         WHERE m.programme_id = $2 ORDER BY m.position, a.position",
        done = done("$1"),
    ))
    .bind(learner.id.to_string())
    .bind(&programme)
    .fetch_all(&mut *conn)
    .await?;

    let sessions: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE s.class_id = $1 AND s.cancelled_at IS NULL ORDER BY s.starts_at"
    ))
    .bind(class.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut by_activity: std::collections::HashMap<String, Vec<wire::teach::SessionSlot>> =
        Default::default();
    for row in sessions {
        let key = row.activity_id.clone().unwrap_or_default();
        if let Some(slot) = row.into_slot() {
            by_activity.entry(key).or_default().push(slot);
        }
    }

    let mut modules: Vec<(String, ModuleOutline)> = Vec::new();
    for row in rows {
        let (Ok(id), Some(mode)) = (
            row.activity_id.parse(),
            domain::DeliveryMode::parse(&row.delivery_mode),
        ) else {
            continue;
        };
        if modules
            .last()
            .map(|(m, _)| m != &row.module_id)
            .unwrap_or(true)
        {
            modules.push((
                row.module_id.clone(),
                ModuleOutline {
                    title: Localized::new(row.module_km, row.module_en),
                    activities: Vec::new(),
                },
            ));
        }
        if let Some((_, module)) = modules.last_mut() {
            module.activities.push(ActivityOutline {
                id,
                title: Localized::new(row.title_km, row.title_en),
                mode,
                minutes: u32::try_from(row.duration_minutes).unwrap_or(0),
                lesson: row.lesson_id.and_then(|l| l.parse().ok()),
                done: row.done != 0,
                sessions: by_activity.remove(&row.activity_id).unwrap_or_default(),
            });
        }
    }
    let lessons = lesson_content(&mut conn, &programme).await?;
    Ok(Some(StoredOutline {
        class,
        class_name,
        programme: programme_title,
        modules: modules.into_iter().map(|(_, m)| m).collect(),
        lessons,
    }))
}

/// The content of a programme's lessons, in course order.
async fn lesson_content(
    conn: &mut sqlx::AnyConnection,
    programme: &str,
) -> Result<Vec<LessonContent>, sqlx::Error> {
    let lessons: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT l.id, l.title_km || l.title_en, l.body_km, l.body_en, \
                COALESCE((SELECT string_agg(ci.prompt_km || ci.prompt_en || ci.options_km || ci.options_en || ci.answer, '|' ORDER BY ci.position) \
                          FROM check_items ci WHERE ci.lesson_id = l.id), '') \
         FROM lessons l JOIN learning_activities a ON a.id = l.activity_id \
         JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1 ORDER BY m.position, a.position",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    Ok(lessons
        .into_iter()
        .map(|(id, titles, km, en, checks)| LessonContent {
            id,
            titles,
            body: Localized::new(km, en),
            checks,
        })
        .collect())
}

/// A lesson of a course `learner` is enrolled in (its Markdown), with its neighbours.
pub async fn lesson(
    db: impl Acquire<'_, Database = sqlx::Any>,
    learner: &CurrentUser,
    id: domain::LessonId,
) -> Result<Option<wire::learn::LessonView>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    use wire::learn::{LessonLink, LessonView};
    let found: Option<(String, String, String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT c.id, m.programme_id, l.title_km, l.title_en, l.body_km, l.body_en \
             FROM lessons l JOIN learning_activities a ON a.id = l.activity_id \
             JOIN modules m ON m.id = a.module_id \
             JOIN programmes p ON p.id = m.programme_id \
             JOIN programmes cp ON {family} \
             JOIN classes c ON c.programme_id = cp.id \
             JOIN enrolments e ON e.class_id = c.id \
             WHERE l.id = $1 AND e.learner_id = $2 AND c.institute_id = $3 \
             ORDER BY c.starts_on LIMIT 1",
        family = family("p", "cp"),
    ))
    .bind(id.to_string())
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((class, programme, title_km, title_en, body_km, body_en)) = found else {
        return Ok(None);
    };
    let order: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT l.id, l.title_km, l.title_en FROM lessons l \
         JOIN learning_activities a ON a.id = l.activity_id JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1 ORDER BY m.position, a.position",
    )
    .bind(&programme)
    .fetch_all(&mut *conn)
    .await?;
    let here = order.iter().position(|(l, ..)| *l == id.to_string());
    let link = |i: Option<usize>| {
        i.and_then(|i| order.get(i)).and_then(|(l, km, en)| {
            Some(LessonLink {
                id: l.parse().ok()?,
                title: Localized::new(km.clone(), en.clone()),
            })
        })
    };
    let done: Option<(i64,)> = sqlx::query_as(&format!(
        "SELECT 1 FROM lessons l WHERE l.id = $2 AND {}",
        done("$1")
    ))
    .bind(learner.id.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let rows: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, kind, prompt_km, prompt_en, options_km, options_en, answer FROM check_items \
         WHERE lesson_id = $1 ORDER BY position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let checks = rows
        .into_iter()
        .filter_map(
            |(item, kind, prompt_km, prompt_en, options_km, options_en, answer)| {
                let km: Vec<String> = serde_json::from_str(&options_km).ok()?;
                let en: Vec<String> = serde_json::from_str(&options_en).ok()?;
                Some(domain::check::CheckItem {
                    id: item.parse().ok()?,
                    kind: domain::check::CheckKind::parse(&kind)?,
                    prompt: Localized::new(prompt_km, prompt_en),
                    options: km
                        .into_iter()
                        .zip(en)
                        .map(|(k, e)| Localized::new(k, e))
                        .collect(),
                    answer: serde_json::from_str(&answer).ok()?,
                })
            },
        )
        .collect();
    Ok(Some(LessonView {
        id,
        learner: learner.id,
        checks,
        class: class
            .parse()
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        title: Localized::new(title_km, title_en),
        body: Localized::new(body_km, body_en),
        done: done.is_some(),
        previous: link(here.and_then(|i| i.checked_sub(1))),
        next: link(here.map(|i| i + 1)),
    }))
}

/// `learner`'s progress in `class` (if enrolled, in their institute).
pub async fn progress(
    db: impl Acquire<'_, Database = sqlx::Any>,
    learner: &CurrentUser,
    class: domain::ClassId,
) -> Result<Option<wire::learn::Progress>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    use domain::percent;
    use wire::learn::{
        CriterionProgress, LessonProgress, ModuleProgress, Progress, Score, UnitProgress,
    };
    let Some(Enrolled {
        programme,
        programme_title,
        ..
    }) = enrolled(&mut conn, learner, class).await?
    else {
        return Ok(None);
    };
    let user = learner.id.to_string();

    #[derive(sqlx::FromRow)]
    struct Row {
        module_id: String,
        module_km: String,
        module_en: String,
        lesson_id: Option<String>,
        title_km: String,
        title_en: String,
        done: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT m.id AS module_id, m.title_km AS module_km, m.title_en AS module_en, l.id AS lesson_id, \
                a.title_km, a.title_en, \
                CASE WHEN l.id IS NOT NULL AND {done} THEN 1 ELSE 0 END AS done \
         FROM modules m JOIN learning_activities a ON a.module_id = m.id \
         LEFT JOIN lessons l ON l.activity_id = a.id \
         WHERE m.programme_id = $2 ORDER BY m.position, a.position",
        done = done("$1"),
    ))
    .bind(&user)
    .bind(&programme)
    .fetch_all(&mut *conn)
    .await?;
    let attempts = attempts(&mut conn, &learner.id).await?;
    let (mut done_all, mut total_all) = (0u32, 0u32);
    let mut modules: Vec<(String, ModuleProgress)> = Vec::new();
    for row in rows {
        if modules
            .last()
            .map(|(m, _)| m != &row.module_id)
            .unwrap_or(true)
        {
            let title = Localized::new(row.module_km.clone(), row.module_en.clone());
            modules.push((
                row.module_id.clone(),
                ModuleProgress {
                    title,
                    done: 0,
                    total: 0,
                    lessons: Vec::new(),
                },
            ));
        }
        let Some((_, module)) = modules.last_mut() else {
            continue;
        };
        let done = row.done != 0;
        module.total += 1;
        total_all += 1;
        if done {
            module.done += 1;
            done_all += 1;
        }
        if let Some(lesson) = &row.lesson_id {
            let best = domain::sync::best_attempt(
                attempts.iter().filter(|(l, _)| l == lesson).map(|(_, a)| a),
            )
            .map(|(score, max)| Score { score, max });
            module.lessons.push(LessonProgress {
                title: Localized::new(row.title_km, row.title_en),
                done,
                best,
            });
        }
    }

    #[derive(sqlx::FromRow)]
    struct CriterionRow {
        unit_code: String,
        unit_km: String,
        unit_en: String,
        element: i64,
        number: i64,
        text_km: String,
        text_en: String,
        covered: i64,
    }
    let criteria: Vec<CriterionRow> = sqlx::query_as(&format!(
        "SELECT u.code AS unit_code, u.title_km AS unit_km, u.title_en AS unit_en, e.number AS element, \
                pc.number, pc.text_km, pc.text_en, \
                CASE WHEN EXISTS (SELECT 1 FROM activity_criteria ac \
                        JOIN learning_activities a ON a.id = ac.activity_id \
                        JOIN modules m ON m.id = a.module_id AND m.programme_id = p.id \
                        JOIN lessons l ON l.activity_id = a.id \
                        WHERE ac.criterion_id = pc.id AND {done}) THEN 1 ELSE 0 END AS covered \
         FROM programmes p JOIN units u ON u.qualification_id = p.qualification_id \
         JOIN elements e ON e.unit_id = u.id JOIN performance_criteria pc ON pc.element_id = e.id \
         WHERE p.id = $2 ORDER BY u.position, e.number, pc.number",
        done = done("$1"),
    ))
    .bind(&user)
    .bind(&programme)
    .fetch_all(&mut *conn)
    .await?;
    let mut units: Vec<UnitProgress> = Vec::new();
    for c in criteria {
        if units.last().map(|u| u.code != c.unit_code).unwrap_or(true) {
            units.push(UnitProgress {
                code: c.unit_code.clone(),
                title: Localized::new(c.unit_km, c.unit_en),
                criteria: Vec::new(),
            });
        }
        if let Some(unit) = units.last_mut() {
            unit.criteria.push(CriterionProgress {
                number: format!("{}.{}", c.element, c.number),
                text: Localized::new(c.text_km, c.text_en),
                covered: c.covered != 0,
            });
        }
    }
    Ok(Some(Progress {
        programme: programme_title,
        percent_done: percent(done_all, total_all),
        modules: modules.into_iter().map(|(_, m)| m).collect(),
        units,
    }))
}

/// Every check attempt of `learner`, with its lesson (as text, as queries compare it).
async fn attempts(
    conn: &mut sqlx::AnyConnection,
    learner: &domain::UserId,
) -> Result<Vec<(String, domain::sync::Attempt)>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT lesson_id, score, max_score, attempted_at FROM check_attempts WHERE user_id = $1",
    )
    .bind(learner.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(lesson, score, max, at)| {
            Some((
                lesson.clone(),
                domain::sync::Attempt {
                    lesson: lesson.parse().ok()?,
                    score: u16::try_from(score).ok()?,
                    max: u16::try_from(max).ok()?,
                    at,
                },
            ))
        })
        .collect())
}
