//! RPL applications: a candidate applies for units of a qualification (each pinned to
//! the package version published then), steps move the application through its stages
//! (`domain::rpl::application`, folded from every step whatever order they arrived in),
//! the institute's admin assigns assessors under the conflict-of-interest rule
//! (`domain::rpl::assignment`: the store finds the ties — the assessor is the candidate,
//! trains or trained a class the candidate is or was in, is the supervisor named by phone
//! in the application, or a conflict was declared), and every step goes to the audit
//! trail. Applications and steps carry ids made on the device, so a replay changes
//! nothing. Who may: a candidate their own applications; an assessor those assigned to
//! them now; an admin their institute's; nobody another institute's.

use crate::users::CurrentUser;
use domain::rpl::application::{self, Facts, Stage, Step, StepFault, StepRecord};
use domain::rpl::assignment::{self, Conflict, Ties};
use domain::{ApplicationId, DeviceId, Localized, QualificationId, RecordId, Role, UnitId, UserId};
use sqlx::Acquire;
use wire::rpl::{
    ApplicationPage, ApplicationSummary, AppliedUnit, AssessorChoice, AuditEntry, DeclaredConflict,
    QualificationOffer, UnitOffer,
};

/// The longest workplace, third-party name or phone, in characters.
pub const MAX_DETAIL: usize = 200;
/// The most units one application may claim.
pub const MAX_UNITS: usize = 40;

/// A candidate's application, as their device made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    pub id: ApplicationId,
    pub qualification: QualificationId,
    pub units: Vec<UnitId>,
    pub workplace: String,
    /// The supervisor or employer who can report on the candidate.
    pub third_party_name: String,
    pub third_party_phone: String,
    /// When, on the device.
    pub made_at: String,
    pub device: Option<DeviceId>,
}

/// Why an application was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyRefusal {
    /// Only a learner of the institute applies.
    NotACandidate,
    /// Not a qualification the institute sees.
    UnknownQualification,
    /// No unit, too many, or one twice.
    BadUnits,
    /// A unit that is not the qualification's, or has no published package yet.
    NotAssessable(UnitId),
    TooLong,
    /// The id is another candidate's application.
    Taken,
}

/// Whether an application was new or already there (a replay).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    New,
    Duplicate,
}

pub(crate) async fn audit_line(
    conn: &mut sqlx::AnyConnection,
    institute: &str,
    application: &str,
    actor: UserId,
    device: Option<DeviceId>,
    action: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO rpl_audit (id, institute_id, application_id, seq, actor_id, device_id, action, detail, at) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rpl_audit WHERE application_id = $3), $4, $5, $6, $7, $8)",
    )
    .bind(crate::new_id()?)
    .bind(institute)
    .bind(application)
    .bind(actor.to_string())
    .bind(device.map(|d| d.to_string()))
    .bind(action)
    .bind(detail)
    .bind(crate::now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a candidate's application (once: the same id again is a duplicate).
pub async fn apply(
    pool: &sqlx::AnyPool,
    candidate: &CurrentUser,
    new: &NewApplication,
) -> Result<Result<Applied, ApplyRefusal>, sqlx::Error> {
    if candidate.role != Role::Learner {
        return Ok(Err(ApplyRefusal::NotACandidate));
    }
    let mut units = new.units.clone();
    units.sort();
    units.dedup();
    if units.is_empty() || units.len() > MAX_UNITS || units.len() != new.units.len() {
        return Ok(Err(ApplyRefusal::BadUnits));
    }
    if [
        &new.workplace,
        &new.third_party_name,
        &new.third_party_phone,
    ]
    .iter()
    .any(|t| t.chars().count() > MAX_DETAIL)
    {
        return Ok(Err(ApplyRefusal::TooLong));
    }
    let mut tx = crate::db::write(pool).await?;
    let id = new.id.to_string();
    let institute = candidate.institute.to_string();
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT candidate_id FROM rpl_applications WHERE id = $1")
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((owner,)) = existing {
        return Ok(if owner == candidate.id.to_string() {
            Ok(Applied::Duplicate)
        } else {
            Err(ApplyRefusal::Taken)
        });
    }
    let visible: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM qualifications WHERE id = $1 AND (institute_id IS NULL OR institute_id = $2)",
    )
    .bind(new.qualification.to_string())
    .bind(&institute)
    .fetch_optional(&mut *tx)
    .await?;
    if visible.is_none() {
        return Ok(Err(ApplyRefusal::UnknownQualification));
    }
    let mut pinned = Vec::with_capacity(new.units.len());
    for unit in &new.units {
        let package: Option<(String,)> = sqlx::query_as(
            "SELECT p.id FROM rpl_packages p JOIN units u ON u.id = p.unit_id \
             WHERE p.unit_id = $1 AND u.qualification_id = $2 AND p.institute_id = $3 AND p.status = 'published' \
             ORDER BY p.version DESC LIMIT 1",
        )
        .bind(unit.to_string())
        .bind(new.qualification.to_string())
        .bind(&institute)
        .fetch_optional(&mut *tx)
        .await?;
        match package {
            Some((package,)) => pinned.push((unit.to_string(), package)),
            None => return Ok(Err(ApplyRefusal::NotAssessable(*unit))),
        }
    }
    sqlx::query(
        "INSERT INTO rpl_applications (id, institute_id, candidate_id, qualification_id, stage, workplace, third_party_name, third_party_phone, made_at, received_at) \
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&institute)
    .bind(candidate.id.to_string())
    .bind(new.qualification.to_string())
    .bind(new.workplace.trim())
    .bind(new.third_party_name.trim())
    .bind(new.third_party_phone.trim())
    .bind(&new.made_at)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    for (unit, package) in &pinned {
        sqlx::query("INSERT INTO rpl_application_units (application_id, unit_id, package_id) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(unit)
            .bind(package)
            .execute(&mut *tx)
            .await?;
    }
    let detail = format!("{} units", pinned.len());
    audit_line(
        &mut tx,
        &institute,
        &id,
        candidate.id,
        new.device,
        "applied",
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(Applied::New))
}

/// The application `id` if `user` may reach it: its institute, and its candidate, an
/// assessor assigned to it now, or an admin. Its candidate and its third party's phone.
pub(crate) async fn reachable(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT candidate_id, third_party_phone FROM rpl_applications WHERE id = $1 AND institute_id = $2",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((candidate, phone)) = row else {
        return Ok(None);
    };
    let ok = match user.role {
        Role::Admin => true,
        Role::Learner => candidate == user.id.to_string(),
        Role::Assessor => {
            let assigned: Option<(i64,)> = sqlx::query_as(
                "SELECT 1 FROM rpl_assignments WHERE application_id = $1 AND assessor_id = $2 AND ended_at IS NULL",
            )
            .bind(id)
            .bind(user.id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
            assigned.is_some()
        }
        _ => false,
    };
    Ok(ok.then_some((candidate, phone)))
}

/// A step, as its device made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepInput {
    pub record: RecordId,
    pub step: Step,
    pub made_at: String,
    pub device: Option<DeviceId>,
}

/// Why a step was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRefusal {
    NotFound,
    /// Kept (a step made earlier may yet arrive and make it apply), but it does not
    /// apply now.
    Refused(StepFault),
}

/// Records a step and folds the application's stage from all of them; the stage now, or
/// why this step does not apply. A step of a role that never takes it is not kept.
pub async fn take_step(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    application: ApplicationId,
    input: &StepInput,
) -> Result<Result<Stage, StepRefusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let id = application.to_string();
    if reachable(&mut tx, user, &id).await?.is_none() {
        return Ok(Err(StepRefusal::NotFound));
    }
    if !input.step.roles().contains(&user.role) {
        return Ok(Err(StepRefusal::Refused(StepFault::NotYours)));
    }
    // What the unit decisions say now ("decided" and "gap training" wait for them).
    let facts = crate::rpl_judging::facts(&mut tx, &id).await?;
    sqlx::query(
        "INSERT INTO rpl_steps (record_id, application_id, step, author_id, role, device_id, made_at, received_at, every_unit_decided, some_unit_not_yet) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (record_id) DO NOTHING",
    )
    .bind(input.record.to_string())
    .bind(&id)
    .bind(input.step.code())
    .bind(user.id.to_string())
    .bind(user.role.as_str())
    .bind(input.device.map(|d| d.to_string()))
    .bind(&input.made_at)
    .bind(crate::now())
    .bind(i64::from(facts.every_unit_decided))
    .bind(i64::from(facts.some_unit_not_yet))
    .execute(&mut *tx)
    .await?;
    type StepRow = (String, String, String, String, i64, i64);
    let rows: Vec<StepRow> = sqlx::query_as(
        "SELECT record_id, step, role, made_at, every_unit_decided, some_unit_not_yet FROM rpl_steps WHERE application_id = $1",
    )
    .bind(&id)
    .fetch_all(&mut *tx)
    .await?;
    let steps: Vec<StepRecord> = rows
        .into_iter()
        .filter_map(|(record, step, role, at, decided, not_yet)| {
            Some(StepRecord {
                id: record.parse().ok()?,
                step: Step::parse(&step)?,
                role: Role::parse(&role)?,
                at,
                facts: Facts {
                    every_unit_decided: decided != 0,
                    some_unit_not_yet: not_yet != 0,
                },
            })
        })
        .collect();
    let (stage, outcomes) = application::fold(&steps);
    sqlx::query("UPDATE rpl_applications SET stage = $1 WHERE id = $2")
        .bind(stage.code())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    let outcome = outcomes
        .iter()
        .find(|(r, _)| *r == input.record)
        .map(|(_, o)| *o)
        .unwrap_or(Ok(stage));
    let detail = match outcome {
        Ok(to) => format!("{} → {}", input.step.code(), to.code()),
        Err(fault) => format!("{} refused: {}", input.step.code(), fault.code()),
    };
    audit_line(
        &mut tx,
        &user.institute.to_string(),
        &id,
        user.id,
        input.device,
        "step",
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome.map(|_| stage).map_err(StepRefusal::Refused))
}

/// What ties `assessor` to the candidate of an application.
async fn ties(
    conn: &mut sqlx::AnyConnection,
    institute: &str,
    candidate: &str,
    third_party_phone: &str,
    assessor: UserId,
) -> Result<Ties, sqlx::Error> {
    let person: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT role, institute_id, phone, deactivated_at FROM users WHERE id = $1")
            .bind(assessor.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((role, of, phone, deactivated)) = person else {
        return Ok(Ties::default());
    };
    let assessor = assessor.to_string();
    let (trained,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM class_trainers t WHERE t.user_id = $1 AND ( \
             EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = t.class_id AND e.learner_id = $2) \
          OR EXISTS (SELECT 1 FROM class_withdrawals w WHERE w.class_id = t.class_id AND w.learner_id = $2))",
    )
    .bind(&assessor)
    .bind(candidate)
    .fetch_one(&mut *conn)
    .await?;
    let declared: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM rpl_conflicts WHERE assessor_id = $1 AND candidate_id = $2")
            .bind(&assessor)
            .bind(candidate)
            .fetch_optional(&mut *conn)
            .await?;
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let named = phone
        .as_deref()
        .map(digits)
        .is_some_and(|p| !p.is_empty() && p == digits(third_party_phone));
    Ok(Ties {
        role: Role::parse(&role),
        active: deactivated.is_none(),
        same_institute: of == institute,
        is_candidate: assessor == candidate,
        trained_candidate: trained > 0,
        named_third_party: named,
        declared_conflict: declared.is_some(),
    })
}

/// Why an assessor was not assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignRefusal {
    NotFound,
    Conflicts(Vec<Conflict>),
}

/// Assigns `assessor` to an application of the admin's institute (again: nothing new).
pub async fn assign(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    application: ApplicationId,
    assessor: UserId,
) -> Result<Result<(), AssignRefusal>, sqlx::Error> {
    if admin.role != Role::Admin {
        return Ok(Err(AssignRefusal::NotFound));
    }
    let mut tx = crate::db::write(pool).await?;
    let id = application.to_string();
    let Some((candidate, phone)) = reachable(&mut tx, admin, &id).await? else {
        return Ok(Err(AssignRefusal::NotFound));
    };
    let institute = admin.institute.to_string();
    let reasons =
        assignment::conflicts(ties(&mut tx, &institute, &candidate, &phone, assessor).await?);
    if !reasons.is_empty() {
        return Ok(Err(AssignRefusal::Conflicts(reasons)));
    }
    let already: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM rpl_assignments WHERE application_id = $1 AND assessor_id = $2 AND ended_at IS NULL",
    )
    .bind(&id)
    .bind(assessor.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if already.is_none() {
        sqlx::query(
            "INSERT INTO rpl_assignments (id, application_id, assessor_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(crate::new_id()?)
        .bind(&id)
        .bind(assessor.to_string())
        .bind(admin.id.to_string())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        audit_line(
            &mut tx,
            &institute,
            &id,
            admin.id,
            None,
            "assigned",
            &assessor.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Records a declared conflict of interest between an assessor and a candidate of the
/// institute (by an admin, or by the assessor themselves); `false` if either is not the
/// institute's or the declarer may not.
pub async fn declare_conflict(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    assessor: UserId,
    candidate: UserId,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let may = user.role == Role::Admin || (user.role == Role::Assessor && user.id == assessor);
    if !may || note.chars().count() > MAX_DETAIL {
        return Ok(false);
    }
    let mut tx = crate::db::write(pool).await?;
    let (both,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE institute_id = $1 AND ((id = $2 AND role = 'assessor') OR (id = $3 AND role = 'learner'))",
    )
    .bind(user.institute.to_string())
    .bind(assessor.to_string())
    .bind(candidate.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if both != 2 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO rpl_conflicts (assessor_id, candidate_id, declared_by, declared_at, note) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (assessor_id, candidate_id) DO NOTHING",
    )
    .bind(assessor.to_string())
    .bind(candidate.to_string())
    .bind(user.id.to_string())
    .bind(crate::now())
    .bind(note.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// An admin declares a conflict between `assessor` and the candidate of `application`
/// (of their institute); `false` when either is not within their reach.
pub async fn declare_for(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    application: ApplicationId,
    assessor: UserId,
    note: &str,
) -> Result<bool, sqlx::Error> {
    if admin.role != Role::Admin {
        return Ok(false);
    }
    let found = {
        let mut conn = pool.acquire().await?;
        reachable(&mut conn, admin, &application.to_string()).await?
    };
    let Some((candidate, _)) = found else {
        return Ok(false);
    };
    let Ok(candidate) = candidate.parse() else {
        return Ok(false);
    };
    declare_conflict(pool, admin, assessor, candidate, note).await
}

/// An admin takes back the conflict declared between `assessor` and the candidate of
/// `application` (of their institute), with a line in the trail; `false` when the
/// application is not within their reach. Nothing declared: nothing changes.
pub async fn withdraw_for(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    application: ApplicationId,
    assessor: UserId,
) -> Result<bool, sqlx::Error> {
    if admin.role != Role::Admin {
        return Ok(false);
    }
    let mut tx = crate::db::write(pool).await?;
    let id = application.to_string();
    let Some((candidate, _)) = reachable(&mut tx, admin, &id).await? else {
        return Ok(false);
    };
    let gone =
        sqlx::query("DELETE FROM rpl_conflicts WHERE assessor_id = $1 AND candidate_id = $2")
            .bind(assessor.to_string())
            .bind(&candidate)
            .execute(&mut *tx)
            .await?;
    if gone.rows_affected() > 0 {
        audit_line(
            &mut tx,
            &admin.institute.to_string(),
            &id,
            admin.id,
            None,
            "conflict_withdrawn",
            &assessor.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

type SummaryRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// Applications of `user`'s institute: a candidate's own, an assessor's assigned now, or
/// (an admin) all; newest first.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
) -> Result<Vec<ApplicationSummary>, sqlx::Error> {
    let (candidate, assessor) = match user.role {
        Role::Learner => (user.id.to_string(), String::new()),
        Role::Assessor => (String::new(), user.id.to_string()),
        Role::Admin => (String::new(), String::new()),
        _ => return Ok(Vec::new()),
    };
    let mut conn = db.acquire().await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT a.id, a.candidate_id, c.display_name_km, c.display_name_en, q.code, q.title_km, q.title_en, a.stage, a.workplace, a.made_at \
         FROM rpl_applications a JOIN users c ON c.id = a.candidate_id JOIN qualifications q ON q.id = a.qualification_id \
         WHERE a.institute_id = $1 AND ($2 = '' OR a.candidate_id = $2) \
           AND ($3 = '' OR EXISTS (SELECT 1 FROM rpl_assignments s WHERE s.application_id = a.id AND s.assessor_id = $3 AND s.ended_at IS NULL)) \
         ORDER BY a.made_at DESC, a.id",
    )
    .bind(user.institute.to_string())
    .bind(&candidate)
    .bind(&assessor)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, candidate_id, c_km, c_en, q_code, q_km, q_en, stage, workplace, made_at) in rows {
        let units: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT u.id, u.code, u.title_km, u.title_en, au.package_id FROM rpl_application_units au \
             JOIN units u ON u.id = au.unit_id WHERE au.application_id = $1 ORDER BY u.position",
        )
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?;
        let assessors: Vec<(String, String)> = sqlx::query_as(
            "SELECT u.display_name_km, u.display_name_en FROM rpl_assignments s JOIN users u ON u.id = s.assessor_id \
             WHERE s.application_id = $1 AND s.ended_at IS NULL ORDER BY s.assigned_at",
        )
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(ApplicationSummary {
            id,
            candidate_id,
            candidate: Localized::new(c_km, c_en),
            qualification_code: q_code,
            qualification_title: Localized::new(q_km, q_en),
            units: units
                .into_iter()
                .map(|(unit_id, code, km, en, package_id)| AppliedUnit {
                    unit_id,
                    code,
                    title: Localized::new(km, en),
                    package_id,
                })
                .collect(),
            stage,
            workplace,
            made_at,
            assessors: assessors
                .into_iter()
                .map(|(km, en)| Localized::new(km, en))
                .collect(),
        });
    }
    Ok(out)
}

/// An application's audit trail, oldest first, for an admin of its institute.
pub async fn audit(
    db: impl Acquire<'_, Database = sqlx::Any>,
    admin: &CurrentUser,
    application: ApplicationId,
) -> Result<Option<Vec<AuditEntry>>, sqlx::Error> {
    if admin.role != Role::Admin {
        return Ok(None);
    }
    let mut conn = db.acquire().await?;
    if reachable(&mut conn, admin, &application.to_string())
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let rows: Vec<(String, String, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT a.at, u.display_name_km, u.display_name_en, a.device_id, a.action, a.detail FROM rpl_audit a \
         JOIN users u ON u.id = a.actor_id WHERE a.application_id = $1 AND a.institute_id = $2 ORDER BY a.seq",
    )
    .bind(application.to_string())
    .bind(admin.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(
        rows.into_iter()
            .map(|(at, km, en, device, action, detail)| AuditEntry {
                at,
                actor: Localized::new(km, en),
                device,
                action,
                detail,
            })
            .collect(),
    ))
}

/// The units a candidate may apply for: those with a published package of their
/// institute, by qualification and position.
pub async fn offer(
    db: impl Acquire<'_, Database = sqlx::Any>,
    candidate: &CurrentUser,
) -> Result<Vec<QualificationOffer>, sqlx::Error> {
    if candidate.role != Role::Learner {
        return Ok(Vec::new());
    }
    let mut conn = db.acquire().await?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT q.id, q.code, q.title_km, q.title_en, u.id, u.code, u.title_km, u.title_en \
         FROM units u JOIN qualifications q ON q.id = u.qualification_id \
         WHERE (q.institute_id IS NULL OR q.institute_id = $1) \
           AND EXISTS (SELECT 1 FROM rpl_packages p WHERE p.unit_id = u.id AND p.institute_id = $1 AND p.status = 'published') \
         ORDER BY q.code, u.position",
    )
    .bind(candidate.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut offer: Vec<QualificationOffer> = Vec::new();
    for (q_id, q_code, q_km, q_en, id, code, km, en) in rows {
        let unit = UnitOffer {
            id,
            code,
            title: Localized::new(km, en),
        };
        match offer.last_mut() {
            Some(q) if q.id == q_id => q.units.push(unit),
            _ => offer.push(QualificationOffer {
                id: q_id,
                code: q_code,
                title: Localized::new(q_km, q_en),
                units: vec![unit],
            }),
        }
    }
    Ok(offer)
}

/// One application of the admin's institute: its trail and the institute's active
/// assessors.
pub async fn page(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    application: ApplicationId,
) -> Result<Option<ApplicationPage>, sqlx::Error> {
    let Some(trail) = audit(pool, admin, application).await? else {
        return Ok(None);
    };
    let Some(summary) = list(pool, admin)
        .await?
        .into_iter()
        .find(|a| a.id == application.to_string())
    else {
        return Ok(None);
    };
    let (name, phone): (String, String) = sqlx::query_as(
        "SELECT third_party_name, third_party_phone FROM rpl_applications WHERE id = $1",
    )
    .bind(application.to_string())
    .fetch_one(pool)
    .await?;
    let assessors: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, display_name_km, display_name_en FROM users \
         WHERE institute_id = $1 AND role = 'assessor' AND deactivated_at IS NULL ORDER BY display_name_en, id",
    )
    .bind(admin.institute.to_string())
    .fetch_all(pool)
    .await?;
    let conflicts: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.assessor_id, u.display_name_km, u.display_name_en, c.note, c.declared_at FROM rpl_conflicts c \
         JOIN users u ON u.id = c.assessor_id WHERE c.candidate_id = $1 AND u.institute_id = $2 ORDER BY c.declared_at, c.assessor_id",
    )
    .bind(&summary.candidate_id)
    .bind(admin.institute.to_string())
    .fetch_all(pool)
    .await?;
    Ok(Some(ApplicationPage {
        conflicts: conflicts
            .into_iter()
            .map(
                |(assessor_id, km, en, note, declared_at)| DeclaredConflict {
                    assessor_id,
                    assessor: Localized::new(km, en),
                    note,
                    declared_at,
                },
            )
            .collect(),
        application: summary,
        third_party_name: name,
        third_party_phone: phone,
        trail,
        assessors: assessors
            .into_iter()
            .map(|(id, km, en)| AssessorChoice {
                id,
                name: Localized::new(km, en),
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::seed_id;
    use crate::testing;
    use uuid::Uuid;

    struct Demo {
        _db: testing::TestDb,
        pool: sqlx::AnyPool,
        institute: String,
        qualification: QualificationId,
        /// Units with a published package, and one without.
        published: UnitId,
        unpublished: UnitId,
    }

    fn person(institute: &str, username: &str, role: Role) -> CurrentUser {
        CurrentUser {
            id: seed_id(&format!("user:{username}")).parse().expect("id"),
            role,
            username: username.into(),
            ..testing::curriculum(institute)
        }
    }

    /// The demo, and a published package for the first unit of its first standard.
    async fn demo() -> Demo {
        let (db, pool) = testing::open().await.expect("db");
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo(&pool, today).await.expect("seed");
        let (institute,): (String,) = sqlx::query_as("SELECT id FROM institutes")
            .fetch_one(&pool)
            .await
            .expect("institute");
        let (published, qualification) = testing::published_package(&pool, &institute).await;
        // Another unit of the same standard, with no package.
        let (unpublished,): (String,) = sqlx::query_as("SELECT id FROM units WHERE qualification_id = $1 AND id <> $2 ORDER BY position LIMIT 1")
            .bind(&qualification)
            .bind(&published)
            .fetch_one(&pool)
            .await
            .expect("a second unit");
        Demo {
            _db: db,
            pool,
            institute,
            qualification: qualification.parse().expect("id"),
            published: published.parse().expect("id"),
            unpublished: unpublished.parse().expect("id"),
        }
    }

    fn application(demo: &Demo, units: Vec<UnitId>) -> NewApplication {
        NewApplication {
            id: ApplicationId(Uuid::now_v7()),
            qualification: demo.qualification,
            units,
            workplace: "Kampong Cham Electric Co.".into(),
            third_party_name: "Mr Sok".into(),
            third_party_phone: "012 999 888".into(),
            made_at: "2026-12-01T08:00:00Z".into(),
            device: Some(DeviceId(Uuid::now_v7())),
        }
    }

    fn step(step: Step, minute: u32) -> StepInput {
        StepInput {
            record: RecordId(Uuid::now_v7()),
            step,
            made_at: format!("2026-12-01T09:{minute:02}:00Z"),
            device: None,
        }
    }

    #[tokio::test]
    async fn a_candidate_applies_once_for_units_that_can_be_assessed() {
        let demo = demo().await;
        let learner = person(&demo.institute, "learner", Role::Learner);
        let new = application(&demo, vec![demo.published]);
        assert_eq!(
            apply(&demo.pool, &learner, &new).await.expect("db"),
            Ok(Applied::New)
        );
        assert_eq!(
            apply(&demo.pool, &learner, &new).await.expect("db"),
            Ok(Applied::Duplicate)
        );
        let other = person(&demo.institute, "learner01", Role::Learner);
        assert_eq!(
            apply(&demo.pool, &other, &new).await.expect("db"),
            Err(ApplyRefusal::Taken)
        );
        let trainer = person(&demo.institute, "trainer", Role::Trainer);
        assert_eq!(
            apply(
                &demo.pool,
                &trainer,
                &application(&demo, vec![demo.published])
            )
            .await
            .expect("db"),
            Err(ApplyRefusal::NotACandidate)
        );
        assert_eq!(
            apply(
                &demo.pool,
                &learner,
                &application(&demo, vec![demo.published, demo.unpublished])
            )
            .await
            .expect("db"),
            Err(ApplyRefusal::NotAssessable(demo.unpublished))
        );
        assert_eq!(
            apply(&demo.pool, &learner, &application(&demo, vec![]))
                .await
                .expect("db"),
            Err(ApplyRefusal::BadUnits)
        );
        assert_eq!(
            apply(
                &demo.pool,
                &learner,
                &application(&demo, vec![demo.published, demo.published])
            )
            .await
            .expect("db"),
            Err(ApplyRefusal::BadUnits)
        );
        let mut far = application(&demo, vec![demo.published]);
        far.qualification = QualificationId(Uuid::now_v7());
        assert_eq!(
            apply(&demo.pool, &learner, &far).await.expect("db"),
            Err(ApplyRefusal::UnknownQualification)
        );
        // Nothing half made by the refusals: one application, one unit.
        let (apps, units): (i64, i64) = sqlx::query_as("SELECT (SELECT COUNT(*) FROM rpl_applications), (SELECT COUNT(*) FROM rpl_application_units)")
            .fetch_one(&demo.pool)
            .await
            .expect("counts");
        assert_eq!((apps, units), (1, 1));
        let mine = list(&demo.pool, &learner).await.expect("db");
        assert_eq!(mine.len(), 1);
        assert_eq!(
            (mine[0].stage.as_str(), mine[0].units.len()),
            ("submitted", 1)
        );
        assert!(list(&demo.pool, &other).await.expect("db").is_empty());
    }

    #[tokio::test]
    async fn steps_move_the_application_and_only_its_people_take_them() {
        let demo = demo().await;
        let learner = person(&demo.institute, "learner", Role::Learner);
        let admin = person(&demo.institute, "admin", Role::Admin);
        let new = application(&demo, vec![demo.published]);
        apply(&demo.pool, &learner, &new)
            .await
            .expect("db")
            .expect("applied");
        let id = new.id;
        // The candidate cannot accept their own application; nothing is kept of it.
        assert_eq!(
            take_step(&demo.pool, &learner, id, &step(Step::Accept, 0))
                .await
                .expect("db"),
            Err(StepRefusal::Refused(StepFault::NotYours))
        );
        let accept = step(Step::Accept, 1);
        assert_eq!(
            take_step(&demo.pool, &admin, id, &accept)
                .await
                .expect("db"),
            Ok(Stage::Evidence)
        );
        // A replay changes nothing.
        assert_eq!(
            take_step(&demo.pool, &admin, id, &accept)
                .await
                .expect("db"),
            Ok(Stage::Evidence)
        );
        assert_eq!(
            take_step(&demo.pool, &learner, id, &step(Step::Ready, 2))
                .await
                .expect("db"),
            Ok(Stage::Assessment)
        );
        // Not every unit is decided: "decided" does not apply (kept, refused).
        let assessor = person(&demo.institute, "assessor", Role::Assessor);
        assign(&demo.pool, &admin, id, assessor.id)
            .await
            .expect("db")
            .expect("assigned");
        assert_eq!(
            take_step(&demo.pool, &assessor, id, &step(Step::Decided, 3))
                .await
                .expect("db"),
            Err(StepRefusal::Refused(StepFault::NotEveryUnitDecided))
        );
        // A withdrawal made offline before "ready" arrives late: the stage is folded in
        // the order the steps were made.
        assert_eq!(
            take_step(&demo.pool, &learner, id, &step(Step::Withdraw, 1))
                .await
                .expect("db"),
            Ok(Stage::Closed)
        );
        let (stage,): (String,) =
            sqlx::query_as("SELECT stage FROM rpl_applications WHERE id = $1")
                .bind(id.to_string())
                .fetch_one(&demo.pool)
                .await
                .expect("stage");
        assert_eq!(stage, "closed");
        // Nobody else reaches it.
        let other_learner = person(&demo.institute, "learner01", Role::Learner);
        let trainer = person(&demo.institute, "trainer", Role::Trainer);
        let elsewhere = CurrentUser {
            institute: domain::InstituteId(Uuid::now_v7()),
            ..admin.clone()
        };
        for who in [&other_learner, &trainer, &elsewhere] {
            assert_eq!(
                take_step(&demo.pool, who, id, &step(Step::Close, 9))
                    .await
                    .expect("db"),
                Err(StepRefusal::NotFound)
            );
            assert!(list(&demo.pool, who).await.expect("db").is_empty());
            assert_eq!(audit(&demo.pool, who, id).await.expect("db"), None);
        }
        // The trail: who, what, from which device, in order.
        let trail = audit(&demo.pool, &admin, id)
            .await
            .expect("db")
            .expect("trail");
        let actions: Vec<&str> = trail.iter().map(|e| e.detail.as_str()).collect();
        assert_eq!(trail[0].action, "applied");
        assert_eq!(trail[0].device, new.device.map(|d| d.to_string()));
        assert!(
            actions.contains(&"accept → evidence")
                && actions.contains(&"decided refused: not_every_unit_decided"),
            "{actions:?}"
        );
        assert_eq!(trail.len(), 7, "{actions:?}");
    }

    #[tokio::test]
    async fn an_assessor_with_a_tie_to_the_candidate_is_never_assigned() {
        let demo = demo().await;
        let learner = person(&demo.institute, "learner", Role::Learner);
        let admin = person(&demo.institute, "admin", Role::Admin);
        let assessor = person(&demo.institute, "assessor", Role::Assessor);
        let new = application(&demo, vec![demo.published]);
        apply(&demo.pool, &learner, &new)
            .await
            .expect("db")
            .expect("applied");
        let id = new.id;
        let refused = |c: Vec<Conflict>| Err(AssignRefusal::Conflicts(c));
        // Not an assessor (and the candidate's own trainer); the candidate themselves.
        let trainer = person(&demo.institute, "trainer", Role::Trainer);
        assert_eq!(
            assign(&demo.pool, &admin, id, trainer.id)
                .await
                .expect("db"),
            refused(vec![Conflict::NotAnAssessor, Conflict::TrainedTheCandidate])
        );
        assert_eq!(
            assign(&demo.pool, &admin, id, learner.id)
                .await
                .expect("db"),
            refused(vec![Conflict::NotAnAssessor, Conflict::IsTheCandidate])
        );
        // The supervisor named in the application (by phone).
        sqlx::query("UPDATE users SET phone = '012999888' WHERE id = $1")
            .bind(assessor.id.to_string())
            .execute(&demo.pool)
            .await
            .expect("phone");
        assert_eq!(
            assign(&demo.pool, &admin, id, assessor.id)
                .await
                .expect("db"),
            refused(vec![Conflict::NamedThirdParty])
        );
        sqlx::query("UPDATE users SET phone = NULL WHERE id = $1")
            .bind(assessor.id.to_string())
            .execute(&demo.pool)
            .await
            .expect("phone");
        // Their own learner: they train the candidate's class.
        let (class,): (String,) =
            sqlx::query_as("SELECT class_id FROM enrolments WHERE learner_id = $1")
                .bind(learner.id.to_string())
                .fetch_one(&demo.pool)
                .await
                .expect("class");
        sqlx::query("INSERT INTO class_trainers (class_id, user_id) VALUES ($1, $2)")
            .bind(&class)
            .bind(assessor.id.to_string())
            .execute(&demo.pool)
            .await
            .expect("trainer");
        assert_eq!(
            assign(&demo.pool, &admin, id, assessor.id)
                .await
                .expect("db"),
            refused(vec![Conflict::TrainedTheCandidate])
        );
        sqlx::query("DELETE FROM class_trainers WHERE user_id = $1")
            .bind(assessor.id.to_string())
            .execute(&demo.pool)
            .await
            .expect("untrain");
        // Declared by the assessor: never assigned (and another assessor cannot declare it for them).
        let not_them = CurrentUser {
            id: UserId(Uuid::now_v7()),
            ..assessor.clone()
        };
        assert!(
            !declare_conflict(&demo.pool, &not_them, assessor.id, learner.id, "cousin")
                .await
                .expect("db")
        );
        assert!(
            declare_conflict(&demo.pool, &assessor, assessor.id, learner.id, "cousin")
                .await
                .expect("db")
        );
        assert_eq!(
            assign(&demo.pool, &admin, id, assessor.id)
                .await
                .expect("db"),
            refused(vec![Conflict::Declared])
        );
        sqlx::query("DELETE FROM rpl_conflicts")
            .execute(&demo.pool)
            .await
            .expect("undeclare");
        // No tie: assigned, once; they see it, nothing else.
        assert_eq!(
            assign(&demo.pool, &admin, id, assessor.id)
                .await
                .expect("db"),
            Ok(())
        );
        assert_eq!(
            assign(&demo.pool, &admin, id, assessor.id)
                .await
                .expect("db"),
            Ok(())
        );
        let theirs = list(&demo.pool, &assessor).await.expect("db");
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].assessors.len(), 1);
        // Only the institute's admin assigns.
        let elsewhere = CurrentUser {
            institute: domain::InstituteId(Uuid::now_v7()),
            ..admin.clone()
        };
        for who in [&elsewhere, &assessor, &learner] {
            assert_eq!(
                assign(&demo.pool, who, id, assessor.id).await.expect("db"),
                Err(AssignRefusal::NotFound)
            );
        }
        let (assignments,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rpl_assignments")
            .fetch_one(&demo.pool)
            .await
            .expect("count");
        assert_eq!(assignments, 1);
    }
}
