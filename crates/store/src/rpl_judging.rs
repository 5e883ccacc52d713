//! Judging one unit of an RPL application: the assessor's findings (a task of the
//! observation checklist for one criterion, a question, the third-party report) and the
//! unit's decision, each a version kept as `domain::rpl::judgement` says — written once,
//! naming the versions its author saw, so a correction replaces and two assessors who
//! did not see each other's work make a conflict shown for a decision. The decision rule
//! is the domain's: Competent only when every criterion is covered; Not Yet Competent
//! with the gap-training plan the store draws from the programme's activities that cover
//! each criterion not met (the institute's latest published programme of the
//! qualification). Who may: the assessor assigned to the application now, while it is in
//! assessment or appeal; the candidate reads the decisions once the outcome was given.
//! Every judgement and decision goes to the audit trail.

use crate::rpl_applications::{audit_line, reachable};
use crate::users::CurrentUser;
use domain::rpl::application::{Facts, Stage};
use domain::rpl::judgement::{
    self, Basis, Decision, DecisionFault, Gap, Judgement, Outcome, Rules, Subject, MAX_NOTE,
};
use domain::rpl::package::Package;
use domain::{
    ActivityId, ApplicationId, CriterionId, DeviceId, Localized, RecordId, Role, UnitId, UserId,
};
use std::collections::HashMap;
use wire::curriculum::CriterionRef;
use wire::rpl::{
    AssessorApplication, DecisionStanding, DecisionView, FindingView, GapView, JudgementView,
    SheetCriterion, UnitDecided, UnitOutcome, UnitSheet,
};

/// One finding as the assessor's device made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JudgementInput {
    pub record: RecordId,
    pub subject: Subject,
    pub satisfactory: bool,
    pub rules: Rules,
    pub note: String,
    pub made_at: String,
    pub device: Option<DeviceId>,
    /// The versions of this subject the assessor saw.
    pub replaces: Vec<RecordId>,
}

/// A decision as the assessor's device made it (the store draws its gap plan).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionInput {
    pub record: RecordId,
    pub outcome: Outcome,
    pub basis: String,
    pub feedback: String,
    /// A correction's reason.
    pub reason: String,
    pub made_at: String,
    pub device: Option<DeviceId>,
    /// The versions of the decision the assessor saw.
    pub replaces: Vec<RecordId>,
}

/// Why a judgement or decision was not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JudgeRefusal {
    /// Not an application assigned to this assessor now, or not one of its units.
    NotFound,
    /// The application is not in assessment or appeal.
    NotNow(Stage),
    /// A task, criterion or question the unit's package does not have.
    UnknownSubject,
    TooLong,
    /// What the decision rule says.
    Decision(Vec<DecisionFault>),
}

/// A unit of an application with what judging it needs.
struct Unit {
    application: String,
    stage: Stage,
    qualification: String,
    package: Package,
    criteria: Vec<CriterionRef>,
}

impl Unit {
    fn criterion_ids(&self) -> Vec<CriterionId> {
        self.criteria
            .iter()
            .filter_map(|c| c.id.parse().ok())
            .collect()
    }

    fn questions(&self) -> Vec<Vec<CriterionId>> {
        self.package
            .questions
            .iter()
            .map(|q| q.criteria.clone())
            .collect()
    }

    /// Whether `subject` is one of this unit's (evidence comes with the portfolio).
    fn has(&self, subject: &Subject) -> bool {
        match *subject {
            Subject::Observation { task, criterion } => self
                .package
                .tasks
                .get(usize::from(task))
                .is_some_and(|t| t.criteria.contains(&criterion)),
            Subject::Question { question } => usize::from(question) < self.package.questions.len(),
            Subject::ThirdParty => !self.package.third_party.is_empty(),
            Subject::Evidence { .. } => false,
        }
    }
}

/// The unit `unit` of application `id` with its pinned package, if `user` reaches the
/// application (`reachable`) and the unit is one it claims.
async fn unit_of(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    id: &str,
    unit: &str,
) -> Result<Option<Unit>, sqlx::Error> {
    if reachable(&mut *conn, user, id).await?.is_none() {
        return Ok(None);
    }
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT a.stage, a.qualification_id, p.content FROM rpl_applications a \
         JOIN rpl_application_units au ON au.application_id = a.id \
         JOIN rpl_packages p ON p.id = au.package_id \
         WHERE a.id = $1 AND au.unit_id = $2",
    )
    .bind(id)
    .bind(unit)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((stage, qualification, content)) = row else {
        return Ok(None);
    };
    let criteria = crate::rpl_packages::elements_of(&mut *conn, unit)
        .await?
        .into_iter()
        .flat_map(|e| e.criteria)
        .collect();
    Ok(Some(Unit {
        application: id.to_owned(),
        stage: Stage::parse(&stage).unwrap_or(Stage::Submitted),
        qualification,
        package: serde_json::from_str(&content).unwrap_or_default(),
        criteria,
    }))
}

/// A kept version of a unit's findings or decision: its table and who wrote it.
trait Kept: serde::de::DeserializeOwned {
    const TABLE: &'static str;
    fn assessor(&self) -> UserId;
}

impl Kept for Judgement {
    const TABLE: &'static str = "rpl_judgements";
    fn assessor(&self) -> UserId {
        self.assessor
    }
}

impl Kept for Decision {
    const TABLE: &'static str = "rpl_decisions";
    fn assessor(&self) -> UserId {
        self.assessor
    }
}

/// Every version of `T` kept for a unit, with their assessors' names.
async fn kept_of<T: Kept>(
    conn: &mut sqlx::AnyConnection,
    application: &str,
    unit: &str,
) -> Result<(Vec<T>, HashMap<UserId, Localized>), sqlx::Error> {
    let sql = format!(
        "SELECT k.body, u.display_name_km, u.display_name_en FROM {} k \
         JOIN users u ON u.id = k.assessor_id WHERE k.application_id = $1 AND k.unit_id = $2",
        T::TABLE
    );
    let rows: Vec<(String, String, String)> = sqlx::query_as(&sql)
        .bind(application)
        .bind(unit)
        .fetch_all(&mut *conn)
        .await?;
    let mut names = HashMap::new();
    let kept = rows
        .into_iter()
        .filter_map(|(body, km, en)| {
            let k: T = serde_json::from_str(&body).ok()?;
            names.insert(k.assessor(), Localized::new(km, en));
            Some(k)
        })
        .collect();
    Ok((kept, names))
}

/// Every judgement of a unit, with its assessors' names.
async fn judgements_of(
    conn: &mut sqlx::AnyConnection,
    application: &str,
    unit: &str,
) -> Result<(Vec<Judgement>, HashMap<UserId, Localized>), sqlx::Error> {
    kept_of(conn, application, unit).await
}

/// Every decision of a unit, with its assessors' names.
async fn decisions_of(
    conn: &mut sqlx::AnyConnection,
    application: &str,
    unit: &str,
) -> Result<(Vec<Decision>, HashMap<UserId, Localized>), sqlx::Error> {
    kept_of(conn, application, unit).await
}

/// The activities of the institute's latest published programme of `qualification`,
/// in the programme's order, each with its title and the criteria it covers.
async fn activities_of(
    conn: &mut sqlx::AnyConnection,
    institute: &str,
    qualification: &str,
) -> Result<Vec<(ActivityId, Localized, Vec<CriterionId>)>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.title_km, a.title_en, ac.criterion_id FROM learning_activities a \
         JOIN modules m ON m.id = a.module_id JOIN activity_criteria ac ON ac.activity_id = a.id \
         WHERE m.programme_id = (SELECT id FROM programmes WHERE institute_id = $1 AND qualification_id = $2 \
                                 AND status = 'published' ORDER BY version DESC LIMIT 1) \
         ORDER BY m.position, a.position, ac.criterion_id",
    )
    .bind(institute)
    .bind(qualification)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(ActivityId, Localized, Vec<CriterionId>)> = Vec::new();
    for (id, km, en, criterion) in rows {
        let (Ok(id), Ok(criterion)) = (id.parse::<ActivityId>(), criterion.parse()) else {
            continue;
        };
        match out.last_mut() {
            Some((last, _, cs)) if *last == id => cs.push(criterion),
            _ => out.push((id, Localized::new(km, en), vec![criterion])),
        }
    }
    Ok(out)
}

fn basis_code(basis: &Basis) -> String {
    match basis {
        Basis::Evidence(id) => format!("evidence:{id}"),
        Basis::Observation(task) => format!("task:{task}"),
        Basis::Question(question) => format!("question:{question}"),
    }
}

fn gap_views(
    gaps: &[Gap],
    criteria: &[CriterionRef],
    activities: &[(ActivityId, Localized, Vec<CriterionId>)],
) -> Vec<GapView> {
    gaps.iter()
        .map(|gap| {
            let c = criteria
                .iter()
                .find(|c| c.id.parse::<CriterionId>().ok() == Some(gap.criterion));
            GapView {
                criterion_number: c.map(|c| c.number.clone()).unwrap_or_default(),
                criterion: c.map(|c| c.text.clone()).unwrap_or_default(),
                activities: gap
                    .activities
                    .iter()
                    .filter_map(|a| activities.iter().find(|(id, _, _)| id == a))
                    .map(|(_, title, _)| title.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The unit's coverage now and the gap plan for what is not covered.
fn coverage_and_plan(
    unit: &Unit,
    judgements: &[Judgement],
    activities: &[(ActivityId, Localized, Vec<CriterionId>)],
) -> (Vec<(CriterionId, Vec<Basis>)>, Vec<Gap>) {
    let criteria = unit.criterion_ids();
    let questions = unit.questions();
    let coverage = judgement::coverage(
        &judgement::Unit {
            criteria: &criteria,
            questions: &questions,
            evidence: &[],
        },
        judgements,
    );
    let covering: Vec<(ActivityId, Vec<CriterionId>)> = activities
        .iter()
        .map(|(id, _, cs)| (*id, cs.clone()))
        .collect();
    let plan = judgement::gap_plan(&judgement::uncovered(&coverage), &covering);
    (coverage, plan)
}

fn name(names: &HashMap<UserId, Localized>, user: UserId) -> Localized {
    names.get(&user).cloned().unwrap_or_default()
}

fn decision_view(
    d: &Decision,
    names: &HashMap<UserId, Localized>,
    criteria: &[CriterionRef],
    activities: &[(ActivityId, Localized, Vec<CriterionId>)],
) -> DecisionView {
    DecisionView {
        id: d.id.to_string(),
        assessor: name(names, d.assessor),
        outcome: d.outcome.code().to_owned(),
        basis: d.basis.clone(),
        feedback: d.feedback.clone(),
        reason: d.reason.clone(),
        gaps: gap_views(&d.gaps, criteria, activities),
        at: d.at.clone(),
    }
}

/// The assessor's sheet for one unit of an application assigned to them.
pub async fn sheet(
    pool: &sqlx::AnyPool,
    assessor: &CurrentUser,
    application: ApplicationId,
    unit: UnitId,
) -> Result<Option<UnitSheet>, sqlx::Error> {
    if assessor.role != Role::Assessor {
        return Ok(None);
    }
    let mut conn = pool.acquire().await?;
    let (id, unit_id) = (application.to_string(), unit.to_string());
    let Some(u) = unit_of(&mut conn, assessor, &id, &unit_id).await? else {
        return Ok(None);
    };
    let Some(summary) = crate::rpl_applications::list(pool, assessor)
        .await?
        .into_iter()
        .find(|a| a.id == id)
    else {
        return Ok(None);
    };
    let Some(applied) = summary.units.iter().find(|a| a.unit_id == unit_id).cloned() else {
        return Ok(None);
    };
    let (judgements, mut names) = judgements_of(&mut conn, &id, &unit_id).await?;
    let (decisions, decided_by) = decisions_of(&mut conn, &id, &unit_id).await?;
    names.extend(decided_by);
    let activities =
        activities_of(&mut conn, &assessor.institute.to_string(), &u.qualification).await?;
    let (coverage, plan) = coverage_and_plan(&u, &judgements, &activities);
    let view = |j: &Judgement| JudgementView {
        id: j.id.to_string(),
        assessor: name(&names, j.assessor),
        satisfactory: j.satisfactory,
        note: j.note.clone(),
        at: j.at.clone(),
    };
    let found = judgement::findings(&judgements);
    let mut seen: Vec<String> = Vec::new();
    for s in &found {
        let heads = domain::versions::heads(judgements.iter().filter(|j| j.subject == s.subject));
        seen.extend(heads.iter().map(|h| h.id.to_string()));
    }
    let findings = found
        .iter()
        .map(|f| FindingView {
            subject: f.subject,
            current: view(f.current),
            conflict: f
                .conflict
                .as_ref()
                .map(|heads| heads.iter().map(|&h| view(h)).collect())
                .unwrap_or_default(),
        })
        .collect();
    let decision = judgement::standing(&decisions).map(|st| {
        let heads = domain::versions::heads(decisions.iter());
        DecisionStanding {
            current: decision_view(st.current, &names, &u.criteria, &activities),
            history: st
                .history
                .iter()
                .map(|d| decision_view(d, &names, &u.criteria, &activities))
                .collect(),
            conflict: st
                .conflict
                .as_ref()
                .map(|ds| {
                    ds.iter()
                        .map(|d| decision_view(d, &names, &u.criteria, &activities))
                        .collect()
                })
                .unwrap_or_default(),
            heads: heads.iter().map(|d| d.id.to_string()).collect(),
        }
    });
    let criteria = u
        .criteria
        .iter()
        .map(|c| SheetCriterion {
            id: c.id.clone(),
            number: c.number.clone(),
            text: c.text.clone(),
            covered_by: coverage
                .iter()
                .find(|(id, _)| Some(*id) == c.id.parse().ok())
                .map(|(_, by)| by.iter().map(basis_code).collect())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Some(UnitSheet {
        may_judge: u.stage.assessor_may_judge(),
        gap_plan: gap_views(&plan, &u.criteria, &activities),
        application: summary,
        unit_id,
        unit_code: applied.code,
        unit_title: applied.title,
        package: u.package,
        criteria,
        findings,
        seen,
        decision,
    }))
}

/// An application assigned to `assessor` now, with where each unit's decision stands.
pub async fn assessor_page(
    pool: &sqlx::AnyPool,
    assessor: &CurrentUser,
    application: ApplicationId,
) -> Result<Option<AssessorApplication>, sqlx::Error> {
    if assessor.role != Role::Assessor {
        return Ok(None);
    }
    let mut conn = pool.acquire().await?;
    let id = application.to_string();
    let Some((_, _)) = reachable(&mut conn, assessor, &id).await? else {
        return Ok(None);
    };
    let Some(summary) = crate::rpl_applications::list(pool, assessor)
        .await?
        .into_iter()
        .find(|a| a.id == id)
    else {
        return Ok(None);
    };
    let (name, phone): (String, String) = sqlx::query_as(
        "SELECT third_party_name, third_party_phone FROM rpl_applications WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(&mut *conn)
    .await?;
    let mut units = Vec::with_capacity(summary.units.len());
    for unit in &summary.units {
        let (decisions, _) = decisions_of(&mut conn, &id, &unit.unit_id).await?;
        let standing = judgement::standing(&decisions);
        units.push(UnitDecided {
            unit_id: unit.unit_id.clone(),
            outcome: standing
                .as_ref()
                .map(|s| s.current.outcome.code().to_owned()),
            conflict: standing.is_some_and(|s| s.conflict.is_some()),
        });
    }
    Ok(Some(AssessorApplication {
        application: summary,
        third_party_name: name,
        third_party_phone: phone,
        units,
    }))
}

/// The unit for an assessor's write: reached, a unit of the application, and judged now.
async fn judged_unit(
    conn: &mut sqlx::AnyConnection,
    assessor: &CurrentUser,
    application: ApplicationId,
    unit: UnitId,
) -> Result<Result<Unit, JudgeRefusal>, sqlx::Error> {
    if assessor.role != Role::Assessor {
        return Ok(Err(JudgeRefusal::NotFound));
    }
    let Some(u) = unit_of(conn, assessor, &application.to_string(), &unit.to_string()).await?
    else {
        return Ok(Err(JudgeRefusal::NotFound));
    };
    if !u.stage.assessor_may_judge() {
        return Ok(Err(JudgeRefusal::NotNow(u.stage)));
    }
    Ok(Ok(u))
}

/// Whether `assessor` already sent `T` record `record` of application `id`.
async fn already<T: Kept>(
    conn: &mut sqlx::AnyConnection,
    assessor: &CurrentUser,
    id: &str,
    record: RecordId,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT 1 FROM {} WHERE record_id = $1 AND application_id = $2 AND assessor_id = $3",
        T::TABLE
    );
    let found: Option<(i64,)> = sqlx::query_as(&sql)
        .bind(record.to_string())
        .bind(id)
        .bind(assessor.id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

/// Keeps an assessor's findings on one unit, all or none (a replay of the same records
/// changes nothing); how many were new.
pub async fn judge(
    pool: &sqlx::AnyPool,
    assessor: &CurrentUser,
    application: ApplicationId,
    unit: UnitId,
    inputs: &[JudgementInput],
) -> Result<Result<usize, JudgeRefusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let (id, unit_id) = (application.to_string(), unit.to_string());
    // A replay is answered whatever the stage now (the device may send it late).
    let mut stored = 0;
    for input in inputs {
        stored += usize::from(already::<Judgement>(&mut tx, assessor, &id, input.record).await?);
    }
    if stored == inputs.len() && !inputs.is_empty() {
        return Ok(Ok(0));
    }
    let u = match judged_unit(&mut tx, assessor, application, unit).await? {
        Ok(u) => u,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if inputs.iter().any(|i| !u.has(&i.subject)) {
        return Ok(Err(JudgeRefusal::UnknownSubject));
    }
    if inputs.iter().any(|i| i.note.chars().count() > MAX_NOTE) {
        return Ok(Err(JudgeRefusal::TooLong));
    }
    let (existing, _) = judgements_of(&mut tx, &u.application, &unit_id).await?;
    let mut new = 0;
    for input in inputs {
        // A finding the assessor saw and left as it was is not a new version.
        let heads = domain::versions::heads(existing.iter().filter(|e| e.subject == input.subject));
        if let [head] = heads[..] {
            if input.replaces.contains(&head.id)
                && head.satisfactory == input.satisfactory
                && head.rules == input.rules
                && head.note == input.note.trim()
            {
                continue;
            }
        }
        // A version replaces only versions of its own subject.
        let replaces = input
            .replaces
            .iter()
            .copied()
            .filter(|r| {
                existing
                    .iter()
                    .any(|e| e.id == *r && e.subject == input.subject)
            })
            .collect();
        let j = Judgement {
            id: input.record,
            assessor: assessor.id,
            subject: input.subject,
            satisfactory: input.satisfactory,
            rules: input.rules,
            note: input.note.trim().to_owned(),
            at: input.made_at.clone(),
            replaces,
        };
        let body = serde_json::to_string(&j).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let done = sqlx::query(
            "INSERT INTO rpl_judgements (record_id, application_id, unit_id, assessor_id, device_id, body, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id) DO NOTHING",
        )
        .bind(input.record.to_string())
        .bind(&id)
        .bind(&unit_id)
        .bind(assessor.id.to_string())
        .bind(input.device.map(|d| d.to_string()))
        .bind(body)
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        new += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    if new > 0 {
        audit_line(
            &mut tx,
            &assessor.institute.to_string(),
            &id,
            assessor.id,
            inputs.first().and_then(|i| i.device),
            "judged",
            &format!("{unit_id} {new}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(new))
}

/// Signs a unit's decision: checked against the unit's coverage now, Not Yet Competent
/// with the gap plan the store draws. A replay changes nothing.
pub async fn decide(
    pool: &sqlx::AnyPool,
    assessor: &CurrentUser,
    application: ApplicationId,
    unit: UnitId,
    input: &DecisionInput,
) -> Result<Result<(), JudgeRefusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let (id, unit_id) = (application.to_string(), unit.to_string());
    if already::<Decision>(&mut tx, assessor, &id, input.record).await? {
        return Ok(Ok(()));
    }
    let u = match judged_unit(&mut tx, assessor, application, unit).await? {
        Ok(u) => u,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let (judgements, _) = judgements_of(&mut tx, &id, &unit_id).await?;
    let (existing, _) = decisions_of(&mut tx, &id, &unit_id).await?;
    let activities =
        activities_of(&mut tx, &assessor.institute.to_string(), &u.qualification).await?;
    let (coverage, plan) = coverage_and_plan(&u, &judgements, &activities);
    let decision = Decision {
        id: input.record,
        assessor: assessor.id,
        outcome: input.outcome,
        basis: input.basis.trim().to_owned(),
        feedback: input.feedback.trim().to_owned(),
        gaps: match input.outcome {
            Outcome::Competent => Vec::new(),
            Outcome::NotYetCompetent => plan,
        },
        reason: input.reason.trim().to_owned(),
        at: input.made_at.clone(),
        replaces: input
            .replaces
            .iter()
            .copied()
            .filter(|r| existing.iter().any(|e| e.id == *r))
            .collect(),
    };
    let faults = judgement::check_decision(&decision, &coverage);
    if !faults.is_empty() {
        return Ok(Err(JudgeRefusal::Decision(faults)));
    }
    let body = serde_json::to_string(&decision).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO rpl_decisions (record_id, application_id, unit_id, assessor_id, device_id, outcome, body, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (record_id) DO NOTHING",
    )
    .bind(input.record.to_string())
    .bind(&id)
    .bind(&unit_id)
    .bind(assessor.id.to_string())
    .bind(input.device.map(|d| d.to_string()))
    .bind(input.outcome.code())
    .bind(body)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    audit_line(
        &mut tx,
        &assessor.institute.to_string(),
        &id,
        assessor.id,
        input.device,
        "decided",
        &format!("{unit_id} {}", input.outcome.code()),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// What the decisions of an application say now, for its steps: every claimed unit has
/// a decision without conflict, and whether some unit's is Not Yet Competent.
pub(crate) async fn facts(
    conn: &mut sqlx::AnyConnection,
    application: &str,
) -> Result<Facts, sqlx::Error> {
    let units: Vec<(String,)> =
        sqlx::query_as("SELECT unit_id FROM rpl_application_units WHERE application_id = $1")
            .bind(application)
            .fetch_all(&mut *conn)
            .await?;
    let mut facts = Facts {
        every_unit_decided: !units.is_empty(),
        some_unit_not_yet: false,
    };
    for (unit,) in units {
        let (decisions, _) = decisions_of(&mut *conn, application, &unit).await?;
        match judgement::standing(&decisions) {
            Some(st) if st.conflict.is_none() => {
                facts.some_unit_not_yet |= st.current.outcome == Outcome::NotYetCompetent;
            }
            _ => facts.every_unit_decided = false,
        }
    }
    Ok(facts)
}

/// The decisions a candidate reads: of their applications whose outcome was given.
pub async fn outcomes(
    pool: &sqlx::AnyPool,
    candidate: &CurrentUser,
) -> Result<Vec<UnitOutcome>, sqlx::Error> {
    if candidate.role != Role::Learner {
        return Ok(Vec::new());
    }
    let mut conn = pool.acquire().await?;
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.qualification_id, u.id, u.code, u.title_km, u.title_en FROM rpl_applications a \
         JOIN rpl_application_units au ON au.application_id = a.id JOIN units u ON u.id = au.unit_id \
         WHERE a.candidate_id = $1 AND a.institute_id = $2 AND a.stage IN ('decided', 'gap_training', 'appeal', 'closed') \
         ORDER BY a.made_at DESC, a.id, u.position",
    )
    .bind(candidate.id.to_string())
    .bind(candidate.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for (application, qualification, unit, code, km, en) in rows {
        let (decisions, names) = decisions_of(&mut conn, &application, &unit).await?;
        let Some(st) = judgement::standing(&decisions) else {
            continue;
        };
        let criteria: Vec<CriterionRef> = crate::rpl_packages::elements_of(&mut conn, &unit)
            .await?
            .into_iter()
            .flat_map(|e| e.criteria)
            .collect();
        let activities =
            activities_of(&mut conn, &candidate.institute.to_string(), &qualification).await?;
        let view = decision_view(st.current, &names, &criteria, &activities);
        out.push(UnitOutcome {
            application_id: application,
            unit_code: code,
            unit_title: Localized::new(km, en),
            outcome: view.outcome,
            feedback: view.feedback,
            gaps: view.gaps,
            at: view.at,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpl_applications::{self, NewApplication, StepInput};
    use crate::seed::seed_id;
    use crate::testing;
    use domain::rpl::application::Step;
    use uuid::Uuid;

    fn person(institute: &str, username: &str, role: Role) -> CurrentUser {
        CurrentUser {
            id: seed_id(&format!("user:{username}")).parse().expect("id"),
            role,
            username: username.into(),
            ..testing::curriculum(institute)
        }
    }

    fn observed(task: u16, criterion: CriterionId, ok: bool, seen: &[RecordId]) -> JudgementInput {
        JudgementInput {
            record: RecordId(Uuid::now_v7()),
            subject: Subject::Observation { task, criterion },
            satisfactory: ok,
            rules: Rules::default(),
            note: if ok {
                "did it".into()
            } else {
                "not yet".into()
            },
            made_at: crate::now(),
            device: None,
            replaces: seen.to_vec(),
        }
    }

    fn decision(
        outcome: Outcome,
        feedback: &str,
        replaces: Vec<RecordId>,
        reason: &str,
    ) -> DecisionInput {
        DecisionInput {
            record: RecordId(Uuid::now_v7()),
            outcome,
            basis: "Watched at the workplace".into(),
            feedback: feedback.into(),
            reason: reason.into(),
            made_at: crate::now(),
            device: None,
            replaces,
        }
    }

    async fn step(
        pool: &sqlx::AnyPool,
        user: &CurrentUser,
        app: ApplicationId,
        step: Step,
    ) -> Stage {
        let input = StepInput {
            record: RecordId(Uuid::now_v7()),
            step,
            made_at: crate::now(),
            device: None,
        };
        rpl_applications::take_step(pool, user, app, &input)
            .await
            .expect("db")
            .expect("the step applies")
    }

    /// A unit is decided by the rule, Not Yet Competent with the programme's activities
    /// for what is missing; the candidate reads it only once the outcome is given; a
    /// correction is a new version with its reason; two assessors who did not see each
    /// other's findings make a conflict that a later finding settles.
    #[tokio::test]
    async fn an_assessor_judges_a_unit_and_decides_by_the_rule() {
        let (_db, pool) = testing::open().await.expect("db");
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo(&pool, today).await.expect("seed");
        let (institute,): (String,) = sqlx::query_as("SELECT id FROM institutes")
            .fetch_one(&pool)
            .await
            .expect("institute");
        // A unit of the demo's published programme, with two criteria or more.
        let qualification = seed_id("qualification");
        let (unit,): (String,) = sqlx::query_as(
            "SELECT u.id FROM units u WHERE u.qualification_id = $1 \
             AND (SELECT COUNT(*) FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id WHERE e.unit_id = u.id) >= 2 \
             ORDER BY u.position LIMIT 1",
        )
        .bind(&qualification)
        .fetch_one(&pool)
        .await
        .expect("a unit");
        testing::published_package_of(&pool, &institute, &unit).await;
        let unit_id: UnitId = unit.parse().expect("id");
        let (learner, admin, assessor) = (
            person(&institute, "learner", Role::Learner),
            person(&institute, "admin", Role::Admin),
            person(&institute, "assessor", Role::Assessor),
        );
        let app = ApplicationId(Uuid::now_v7());
        rpl_applications::apply(
            &pool,
            &learner,
            &NewApplication {
                id: app,
                qualification: qualification.parse().expect("id"),
                units: vec![unit_id],
                workplace: "Kampong Cham Electric Co.".into(),
                third_party_name: "Mr Sok".into(),
                third_party_phone: "012 999 888".into(),
                made_at: crate::now(),
                device: None,
            },
        )
        .await
        .expect("db")
        .expect("applied");
        step(&pool, &admin, app, Step::Accept).await;
        // Not assigned yet: nothing to see or judge.
        assert_eq!(
            sheet(&pool, &assessor, app, unit_id).await.expect("db"),
            None
        );
        rpl_applications::assign(&pool, &admin, app, assessor.id)
            .await
            .expect("db")
            .expect("assigned");
        let first = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        assert!(!first.may_judge, "still gathering evidence");
        let criteria: Vec<CriterionId> = first
            .criteria
            .iter()
            .map(|c| c.id.parse().expect("id"))
            .collect();
        let (c0, last) = (criteria[0], *criteria.last().expect("criteria"));
        assert_eq!(
            judge(
                &pool,
                &assessor,
                app,
                unit_id,
                &[observed(0, c0, true, &[])]
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::NotNow(Stage::Evidence))
        );
        step(&pool, &learner, app, Step::Ready).await;

        // What the package does not have is refused; so is too long a note.
        let mut stray = observed(1, c0, true, &[]);
        assert_eq!(
            judge(&pool, &assessor, app, unit_id, &[stray.clone()])
                .await
                .expect("db"),
            Err(JudgeRefusal::UnknownSubject)
        );
        stray.subject = Subject::Question { question: 0 };
        stray.note = "x".repeat(MAX_NOTE + 1);
        assert_eq!(
            judge(&pool, &assessor, app, unit_id, &[stray])
                .await
                .expect("db"),
            Err(JudgeRefusal::TooLong)
        );
        // Competent with nothing covered is refused.
        assert_eq!(
            decide(
                &pool,
                &assessor,
                app,
                unit_id,
                &decision(Outcome::Competent, "Well done", vec![], "")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::Decision(vec![DecisionFault::NotCovered]))
        );

        // Every criterion observed, the last one not yet.
        let findings: Vec<JudgementInput> = criteria
            .iter()
            .map(|&c| observed(0, c, c != last, &[]))
            .collect();
        assert_eq!(
            judge(&pool, &assessor, app, unit_id, &findings)
                .await
                .expect("db"),
            Ok(criteria.len())
        );
        // A replay, and the same finding seen and left as it was, add nothing.
        assert_eq!(
            judge(&pool, &assessor, app, unit_id, &findings)
                .await
                .expect("db"),
            Ok(0)
        );
        let unchanged = JudgementInput {
            record: RecordId(Uuid::now_v7()),
            replaces: vec![findings[0].record],
            ..findings[0].clone()
        };
        assert_eq!(
            judge(&pool, &assessor, app, unit_id, &[unchanged])
                .await
                .expect("db"),
            Ok(0)
        );
        let now = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        let uncovered: Vec<&str> = now
            .criteria
            .iter()
            .filter(|c| c.covered_by.is_empty())
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(uncovered, vec![last.to_string().as_str()]);
        assert!(now.criteria[0].covered_by.contains(&"task:0".to_owned()));
        assert_eq!(now.seen.len(), criteria.len());
        assert_eq!(
            decide(
                &pool,
                &assessor,
                app,
                unit_id,
                &decision(Outcome::Competent, "Well done", vec![], "")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::Decision(vec![DecisionFault::NotCovered]))
        );
        assert_eq!(
            decide(
                &pool,
                &assessor,
                app,
                unit_id,
                &decision(Outcome::NotYetCompetent, " ", vec![], "")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::Decision(vec![DecisionFault::NoFeedback]))
        );
        // The outcome cannot be given before the decision.
        let early = StepInput {
            record: RecordId(Uuid::now_v7()),
            step: Step::Decided,
            made_at: crate::now(),
            device: None,
        };
        assert!(rpl_applications::take_step(&pool, &assessor, app, &early)
            .await
            .expect("db")
            .is_err());
        let nyc = decision(
            Outcome::NotYetCompetent,
            "Practise testing the earth",
            vec![],
            "",
        );
        assert_eq!(
            decide(&pool, &assessor, app, unit_id, &nyc)
                .await
                .expect("db"),
            Ok(())
        );
        assert_eq!(
            decide(&pool, &assessor, app, unit_id, &nyc)
                .await
                .expect("db"),
            Ok(()),
            "a replay"
        );
        let decided = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        let standing = decided.decision.expect("decided");
        assert_eq!(standing.current.outcome, "not_yet_competent");
        assert!(standing.history.is_empty() && standing.conflict.is_empty());
        // The gap plan: the last criterion, with the programme's activities covering it.
        let covering: Vec<(String, String)> = sqlx::query_as(
            "SELECT a.title_km, a.title_en FROM learning_activities a JOIN modules m ON m.id = a.module_id \
             JOIN activity_criteria ac ON ac.activity_id = a.id JOIN programmes p ON p.id = m.programme_id \
             WHERE ac.criterion_id = $1 AND p.status = 'published' ORDER BY m.position, a.position",
        )
        .bind(last.to_string())
        .fetch_all(&pool)
        .await
        .expect("activities");
        assert_eq!(standing.current.gaps.len(), 1);
        assert_eq!(
            standing.current.gaps[0].activities,
            covering
                .into_iter()
                .map(|(km, en)| Localized::new(km, en))
                .collect::<Vec<_>>()
        );

        // The candidate reads nothing until the outcome is given.
        assert!(outcomes(&pool, &learner).await.expect("db").is_empty());
        assert_eq!(
            step(&pool, &assessor, app, Step::Decided).await,
            Stage::Decided
        );
        let mine = outcomes(&pool, &learner).await.expect("db");
        assert_eq!(mine.len(), 1);
        assert_eq!(
            (mine[0].outcome.as_str(), mine[0].feedback.as_str()),
            ("not_yet_competent", "Practise testing the earth")
        );
        assert_eq!(mine[0].gaps, standing.current.gaps);
        assert!(
            outcomes(&pool, &admin).await.expect("db").is_empty(),
            "only candidates"
        );
        // Decided: nothing is judged until an appeal.
        assert_eq!(
            decide(
                &pool,
                &assessor,
                app,
                unit_id,
                &decision(Outcome::Competent, "x", vec![nyc.record], "x")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::NotNow(Stage::Decided))
        );

        // The candidate appeals; a second assessor, assigned too, observes the last
        // criterion without seeing the first's finding: a conflict.
        step(&pool, &learner, app, Step::Appeal).await;
        let second_id = Uuid::now_v7();
        sqlx::query("INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) VALUES ($1, $2, 'assessor2', 'ទី២', 'Second', 'assessor', $3)")
            .bind(second_id.to_string())
            .bind(&institute)
            .bind(crate::now())
            .execute(&pool)
            .await
            .expect("a second assessor");
        let second = CurrentUser {
            id: UserId(second_id),
            username: "assessor2".into(),
            ..assessor.clone()
        };
        rpl_applications::assign(&pool, &admin, app, second.id)
            .await
            .expect("db")
            .expect("assigned");
        judge(
            &pool,
            &second,
            app,
            unit_id,
            &[observed(0, last, true, &[])],
        )
        .await
        .expect("db")
        .expect("kept");
        let split = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        let finding = split
            .findings
            .iter()
            .find(|f| {
                f.subject
                    == Subject::Observation {
                        task: 0,
                        criterion: last,
                    }
            })
            .expect("finding");
        assert_eq!(finding.conflict.len(), 2, "both heads shown");
        // The first assessor, seeing both, settles it.
        let seen: Vec<RecordId> = split
            .seen
            .iter()
            .map(|id| id.parse().expect("id"))
            .collect();
        judge(
            &pool,
            &assessor,
            app,
            unit_id,
            &[observed(0, last, true, &seen)],
        )
        .await
        .expect("db")
        .expect("kept");
        let settled = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        assert!(settled.findings.iter().all(|f| f.conflict.is_empty()));
        assert!(settled.criteria.iter().all(|c| !c.covered_by.is_empty()));
        assert!(settled.gap_plan.is_empty());
        // A correction names its reason and replaces the signed decision.
        assert_eq!(
            decide(
                &pool,
                &assessor,
                app,
                unit_id,
                &decision(Outcome::Competent, "Now shown", vec![nyc.record], "")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::Decision(vec![DecisionFault::NoReason]))
        );
        decide(
            &pool,
            &assessor,
            app,
            unit_id,
            &decision(
                Outcome::Competent,
                "Now shown",
                vec![nyc.record],
                "Shown on appeal",
            ),
        )
        .await
        .expect("db")
        .expect("corrected");
        let corrected = sheet(&pool, &assessor, app, unit_id)
            .await
            .expect("db")
            .expect("sheet");
        let standing = corrected.decision.expect("decided");
        assert_eq!(standing.current.outcome, "competent");
        assert_eq!(standing.current.reason, "Shown on appeal");
        assert_eq!(standing.history.len(), 1);
        assert_eq!(standing.history[0].id, nyc.record.to_string());
        let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rpl_decisions")
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(kept, 2, "the signed decision is still there");
        let trail = rpl_applications::audit(&pool, &admin, app)
            .await
            .expect("db")
            .expect("trail");
        assert_eq!(trail.iter().filter(|e| e.action == "decided").count(), 2);
        assert_eq!(trail.iter().filter(|e| e.action == "judged").count(), 3);

        // Nobody else: another role, a learner, or an assessor of another institute.
        let trainer = person(&institute, "trainer", Role::Trainer);
        for user in [&trainer, &learner, &admin] {
            assert_eq!(sheet(&pool, user, app, unit_id).await.expect("db"), None);
            assert_eq!(
                judge(&pool, user, app, unit_id, &[observed(0, c0, true, &[])])
                    .await
                    .expect("db"),
                Err(JudgeRefusal::NotFound)
            );
        }
        let stranger = CurrentUser {
            institute: domain::InstituteId(Uuid::now_v7()),
            ..assessor.clone()
        };
        assert_eq!(
            sheet(&pool, &stranger, app, unit_id).await.expect("db"),
            None
        );
        assert_eq!(
            decide(
                &pool,
                &stranger,
                app,
                unit_id,
                &decision(Outcome::Competent, "x", vec![], "")
            )
            .await
            .expect("db"),
            Err(JudgeRefusal::NotFound)
        );
    }
}
