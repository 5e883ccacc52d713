//! Reports: a class's figures — attendance per learner and per session (the trainer's
//! attendance sheet's numbers, `attendance::load`), progress per learner (the learner's
//! own "My progress" rule, `learn::done`), knowledge-check results per lesson (best
//! attempts) and who is at risk — for the institute's admin (any class of theirs) or a
//! trainer of the class; and the institute at a glance. Every rule is
//! `domain::report`'s; this module only loads.

use crate::users::CurrentUser;
use domain::report::{mean, median, Risk, BEHIND_BY};
use domain::{ClassId, Localized, Role, UserId};
use sqlx::Acquire;
use wire::reports::{
    CheckResult, ClassReport, ClassSummary, InstituteReport, LearnerFigures, SessionAttendance,
};

/// The report of `class` if `viewer` may read it: an admin of its institute, or a
/// trainer who teaches it. `None` for anyone else (and for a class that does not exist).
pub async fn class_report(
    db: impl Acquire<'_, Database = sqlx::Any>,
    viewer: &CurrentUser,
    class: ClassId,
) -> Result<Option<ClassReport>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let allowed = match viewer.role {
        Role::Admin => true,
        Role::Trainer => sqlx::query_as::<_, (i64,)>(
            "SELECT 1 FROM class_trainers WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class.to_string())
        .bind(viewer.id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .is_some(),
        _ => false,
    };
    if !allowed {
        return Ok(None);
    }
    report_of(&mut conn, viewer.institute, class).await
}

#[derive(sqlx::FromRow)]
struct ClassRow {
    id: String,
    code: String,
    name_km: String,
    name_en: String,
    programme_id: String,
    programme_km: String,
    programme_en: String,
    threshold: i64,
}

const CLASS_SELECT: &str =
    "SELECT c.id, c.code, c.name_km, c.name_en, c.programme_id, p.title_km AS programme_km, \
     p.title_en AS programme_en, i.attendance_threshold AS threshold FROM classes c \
     JOIN programmes p ON p.id = c.programme_id JOIN institutes i ON i.id = c.institute_id";

async fn report_of(
    conn: &mut sqlx::AnyConnection,
    institute: domain::InstituteId,
    class: ClassId,
) -> Result<Option<ClassReport>, sqlx::Error> {
    let row: Option<ClassRow> = sqlx::query_as(&format!(
        "{CLASS_SELECT} WHERE c.id = $1 AND c.institute_id = $2"
    ))
    .bind(class.to_string())
    .bind(institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => build(conn, institute, class, row).await.map(Some),
        None => Ok(None),
    }
}

async fn build(
    conn: &mut sqlx::AnyConnection,
    institute: domain::InstituteId,
    class: ClassId,
    row: ClassRow,
) -> Result<ClassReport, sqlx::Error> {
    let threshold =
        u8::try_from(row.threshold).unwrap_or(domain::attendance::DEFAULT_AT_RISK_THRESHOLD);
    let class_name = Localized::new(row.name_km, row.name_en);
    let attendance =
        crate::attendance::load(&mut *conn, institute, class, class_name.clone(), threshold)
            .await?;

    // Progress: activities of the class's version, and which of them each enrolled
    // learner has done (the "My progress" rule).
    #[derive(sqlx::FromRow)]
    struct ProgressRow {
        learner_id: String,
        username: String,
        activities: i64,
        done: i64,
    }
    let progress: Vec<ProgressRow> = sqlx::query_as(&format!(
        "SELECT e.learner_id, u.username, \
                (SELECT COUNT(*) FROM modules m JOIN learning_activities a ON a.module_id = m.id \
                 WHERE m.programme_id = $2) AS activities, \
                (SELECT COUNT(*) FROM modules m JOIN learning_activities a ON a.module_id = m.id \
                 JOIN lessons l ON l.activity_id = a.id \
                 WHERE m.programme_id = $2 AND {done}) AS done \
         FROM enrolments e JOIN users u ON u.id = e.learner_id WHERE e.class_id = $1",
        done = crate::learn::done("e.learner_id"),
    ))
    .bind(class.to_string())
    .bind(&row.programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let figures_of = |id: UserId| {
        progress
            .iter()
            .find(|p| p.learner_id == id.to_string())
            .map(|p| {
                (
                    p.username.clone(),
                    u32::try_from(p.done).unwrap_or(0),
                    u32::try_from(p.activities).unwrap_or(0),
                )
            })
            .unwrap_or_default()
    };
    let percents: Vec<u8> = attendance
        .learners
        .iter()
        .map(|l| {
            let (_, done, all) = figures_of(l.id);
            domain::percent(done, all)
        })
        .collect();
    let median_progress = median(&percents);

    let mut learners: Vec<LearnerFigures> = attendance
        .learners
        .iter()
        .map(|l| {
            let (username, done, activities) = figures_of(l.id);
            let progress = domain::percent(done, activities);
            let risk = Risk::of(l.rate, threshold, progress, median_progress);
            LearnerFigures {
                id: l.id,
                name: l.name.clone(),
                username,
                attendance: l.rate,
                sessions_marked: l.marks.iter().flatten().count() as u32,
                done,
                activities,
                progress,
                low_attendance: risk.attendance,
                behind: risk.behind,
            }
        })
        .collect();
    // At risk first, then as the attendance sheet orders them (by English name).
    learners.sort_by_key(|l| !l.at_risk());

    let sessions = attendance
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let marks: Vec<&str> = attendance
                .learners
                .iter()
                .filter_map(|l| l.marks.get(i).and_then(|m| m.as_deref()))
                .collect();
            SessionAttendance {
                id: s.id,
                date: s.date,
                start: s.start,
                activity: s.activity.clone(),
                marked: marks.len() as u32,
                rate: domain::attendance::rate(&attendance.statuses, marks.iter().copied()),
            }
        })
        .collect();

    // Knowledge checks: each lesson of the version with questions, and the best attempt
    // of each enrolled learner at it.
    let lessons: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT l.id, l.title_km, l.title_en FROM modules m \
         JOIN learning_activities a ON a.module_id = m.id JOIN lessons l ON l.activity_id = a.id \
         WHERE m.programme_id = $1 AND EXISTS (SELECT 1 FROM check_items ci WHERE ci.lesson_id = l.id) \
         ORDER BY m.position, a.position",
    )
    .bind(&row.programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let attempts: Vec<(String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT ca.user_id, ca.lesson_id, ca.score, ca.max_score, ca.attempted_at \
         FROM check_attempts ca JOIN enrolments e ON e.learner_id = ca.user_id AND e.class_id = $1 \
         JOIN lessons l ON l.id = ca.lesson_id JOIN learning_activities a ON a.id = l.activity_id \
         JOIN modules m ON m.id = a.module_id WHERE m.programme_id = $2",
    )
    .bind(class.to_string())
    .bind(&row.programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let checks = lessons
        .into_iter()
        .map(|(lesson, km, en)| {
            let bests: Vec<u8> = attendance
                .learners
                .iter()
                .filter_map(|l| {
                    let learner = l.id.to_string();
                    let theirs = attempts
                        .iter()
                        .filter(|(u, les, ..)| *u == learner && *les == lesson)
                        .filter_map(|(_, les, score, max, at)| {
                            Some(domain::sync::Attempt {
                                lesson: les.parse().ok()?,
                                score: u16::try_from(*score).ok()?,
                                max: u16::try_from(*max).ok()?,
                                at: at.clone(),
                            })
                        })
                        .collect::<Vec<_>>();
                    domain::sync::best_attempt(theirs.iter())
                        .map(|(score, max)| domain::percent(u32::from(score), u32::from(max)))
                })
                .collect();
            CheckResult {
                lesson,
                title: Localized::new(km, en),
                tried: bests.len() as u32,
                learners: attendance.learners.len() as u32,
                mean_best: mean(bests),
            }
        })
        .collect();

    Ok(ClassReport {
        class,
        class_name,
        programme: Localized::new(row.programme_km, row.programme_en),
        threshold,
        behind_by: BEHIND_BY,
        median_progress,
        attendance: mean(attendance.learners.iter().filter_map(|l| l.rate)),
        sessions,
        learners,
        checks,
        as_of: crate::now(),
    })
}

/// The classes of `trainer` (in their institute), by name.
pub async fn trainer_classes(
    db: impl Acquire<'_, Database = sqlx::Any>,
    trainer: &CurrentUser,
) -> Result<Vec<ClassSummary>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows: Vec<ClassRow> = sqlx::query_as(&format!(
        "{CLASS_SELECT} JOIN class_trainers t ON t.class_id = c.id \
         WHERE t.user_id = $1 AND c.institute_id = $2 ORDER BY c.name_en"
    ))
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    summaries(&mut conn, trainer.institute, rows).await
}

async fn summaries(
    conn: &mut sqlx::AnyConnection,
    institute: domain::InstituteId,
    rows: Vec<ClassRow>,
) -> Result<Vec<ClassSummary>, sqlx::Error> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Ok(class) = row.id.parse::<ClassId>() else {
            continue;
        };
        let code = row.code.clone();
        let report = build(&mut *conn, institute, class, row).await?;
        out.push(ClassSummary {
            class,
            code,
            name: report.class_name,
            programme: report.programme,
            learners: report.learners.len() as u32,
            sessions_held: report.sessions.len() as u32,
            attendance: report.attendance,
            completion: mean(report.learners.iter().map(|l| l.progress)),
            at_risk: report.learners.iter().filter(|l| l.at_risk()).count() as u32,
        });
    }
    Ok(out)
}

/// The institute of `admin` at a glance: every class with its figures, and how many
/// active learners it has and how many of them are enrolled.
pub async fn institute_report(
    db: impl Acquire<'_, Database = sqlx::Any>,
    admin: &CurrentUser,
) -> Result<InstituteReport, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows: Vec<ClassRow> = sqlx::query_as(&format!(
        "{CLASS_SELECT} WHERE c.institute_id = $1 ORDER BY c.name_en"
    ))
    .bind(admin.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let threshold = rows.first().map(|r| r.threshold);
    let classes = summaries(&mut conn, admin.institute, rows).await?;
    let (learners, enrolled): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM enrolments e \
                WHERE e.learner_id = u.id) THEN 1 ELSE 0 END), 0) \
         FROM users u WHERE u.institute_id = $1 AND u.role = 'learner' AND u.deactivated_at IS NULL",
    )
    .bind(admin.institute.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let threshold = match threshold {
        Some(t) => t,
        None => {
            sqlx::query_as::<_, (i64,)>("SELECT attendance_threshold FROM institutes WHERE id = $1")
                .bind(admin.institute.to_string())
                .fetch_one(&mut *conn)
                .await?
                .0
        }
    };
    Ok(InstituteReport {
        threshold: u8::try_from(threshold).unwrap_or(domain::attendance::DEFAULT_AT_RISK_THRESHOLD),
        classes,
        learners: u32::try_from(learners).unwrap_or(0),
        enrolled: u32::try_from(enrolled).unwrap_or(0),
        as_of: crate::now(),
    })
}
