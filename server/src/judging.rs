//! The assessor's plain forms for judging an application assigned to them: a unit's
//! findings (every answered task × criterion, question and the third-party report, each
//! replacing the versions the sheet showed; one left as it was is not a new version), a
//! unit's decision, and the application's steps ("give the outcome", "gap training").
//! Each answers `303 See Other` back to its page with what happened; a refusal changes
//! nothing and a refused decision comes back with what was typed.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use crate::forms::{field, see_other, typed};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use domain::rpl::judgement::{Outcome, Rules, Subject};
use domain::{ApplicationId, RecordId, Role, UnitId};
use store::rpl_judging::{self, DecisionInput, JudgeRefusal, JudgementInput};
use wire::AppError;

/// The most characters of a refused decision's text brought back in the query string.
const TYPED: usize = 2000;

/// The subject a form field names (`task.N.CRITERION`, `question.N`, `third_party`).
fn subject_of(key: &str) -> Option<Subject> {
    let mut parts = key.split('.');
    let subject = match parts.next()? {
        "task" => Subject::Observation {
            task: parts.next()?.parse().ok()?,
            criterion: parts.next()?.parse().ok()?,
        },
        "question" => Subject::Question {
            question: parts.next()?.parse().ok()?,
        },
        "third_party" => Subject::ThirdParty,
        _ => return None,
    };
    parts.next().is_none().then_some(subject)
}

/// The record ids of the form's `seen` (comma-separated; an unreadable one is left out).
fn seen(form: &[(String, String)]) -> Vec<RecordId> {
    field(form, "seen")
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

fn refusal_code(refusal: &JudgeRefusal) -> String {
    match refusal {
        JudgeRefusal::NotFound => "not_found".to_owned(),
        JudgeRefusal::NotNow(_) => "not_now".to_owned(),
        JudgeRefusal::UnknownSubject => "subject".to_owned(),
        JudgeRefusal::TooLong => "too_long".to_owned(),
        JudgeRefusal::Decision(faults) => faults
            .iter()
            .map(|f| f.code())
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The assessor, the application and unit named by the path, and the sheet's address.
fn about_a_unit(
    signed_in: Result<SignedIn, ApiError>,
    id: &str,
    unit: &str,
) -> Result<(store::users::CurrentUser, ApplicationId, UnitId, String), Box<Response>> {
    let back = format!("/assess/rpl/{id}/units/{unit}");
    let assessor = form_user(signed_in, &[Role::Assessor], &back)?;
    match (id.parse::<ApplicationId>(), unit.parse::<UnitId>()) {
        (Ok(application), Ok(unit)) => Ok((assessor, application, unit, back)),
        _ => Err(Box::new(form_refusal(&AppError::NotFound, &back))),
    }
}

/// `POST /assess/rpl/{id}/units/{unit}/judge`: `seen`, and for each subject judged its
/// field (`s` satisfactory, `n` not yet) and `note.` + field.
pub async fn judge(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path((id, unit)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (assessor, application, unit, back) = match about_a_unit(signed_in, &id, &unit) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    let replaces = seen(&form);
    let now = store::now();
    let mut inputs = Vec::new();
    for (key, value) in &form {
        if key == "seen" || key.starts_with("note.") {
            continue;
        }
        let Some(subject) = subject_of(key) else {
            return see_other(&format!("{back}?error=subject"), &[]);
        };
        let satisfactory = match value.as_str() {
            "s" => true,
            "n" => false,
            _ => continue,
        };
        let record = match store::new_record_id() {
            Ok(id) => RecordId(id),
            Err(e) => return crate::standards::internal(e),
        };
        inputs.push(JudgementInput {
            record,
            subject,
            satisfactory,
            rules: Rules::default(),
            note: field(&form, &format!("note.{key}")).to_owned(),
            made_at: now.clone(),
            device: None,
            replaces: replaces.clone(),
        });
    }
    match rpl_judging::judge(&state.pool, &assessor, application, unit, &inputs).await {
        Ok(Ok(_)) => see_other(&format!("{back}?saved=1"), &[]),
        Ok(Err(JudgeRefusal::NotFound)) => form_refusal(&AppError::NotFound, &back),
        Ok(Err(refusal)) => see_other(&format!("{back}?error={}", refusal_code(&refusal)), &[]),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /assess/rpl/{id}/units/{unit}/decide`: `outcome`, `basis`, `feedback`,
/// `reason` (a correction's), `seen` (the decision versions the sheet showed).
pub async fn decide(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path((id, unit)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (assessor, application, unit, back) = match about_a_unit(signed_in, &id, &unit) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    let kept = typed(&form, &["outcome", "basis", "feedback", "reason"], TYPED);
    let Some(outcome) = Outcome::parse(field(&form, "outcome")) else {
        return see_other(&format!("{back}?error=outcome{kept}"), &[]);
    };
    let record = match store::new_record_id() {
        Ok(id) => RecordId(id),
        Err(e) => return crate::standards::internal(e),
    };
    let input = DecisionInput {
        record,
        outcome,
        basis: field(&form, "basis").to_owned(),
        feedback: field(&form, "feedback").to_owned(),
        reason: field(&form, "reason").to_owned(),
        made_at: store::now(),
        device: None,
        replaces: seen(&form),
    };
    match rpl_judging::decide(&state.pool, &assessor, application, unit, &input).await {
        Ok(Ok(())) => see_other(&format!("{back}?signed=1"), &[]),
        Ok(Err(JudgeRefusal::NotFound)) => form_refusal(&AppError::NotFound, &back),
        Ok(Err(refusal)) => see_other(
            &format!("{back}?error={}{kept}", refusal_code(&refusal)),
            &[],
        ),
        Err(e) => crate::standards::internal(e),
    }
}

/// `POST /assess/rpl/{id}/step` with `step` (`decided`, `gap_training`).
pub async fn step(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/assess/rpl/{id}");
    let assessor = match form_user(signed_in, &[Role::Assessor], &back) {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    crate::rpl::step(&state, &assessor, &id, field(&form, "step"), &back).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_their_subjects_and_nothing_else() {
        let c = "0190a000-0000-7000-8000-000000000001";
        assert_eq!(
            subject_of(&format!("task.2.{c}")),
            Some(Subject::Observation {
                task: 2,
                criterion: c.parse().expect("id")
            })
        );
        assert_eq!(
            subject_of("question.0"),
            Some(Subject::Question { question: 0 })
        );
        assert_eq!(subject_of("third_party"), Some(Subject::ThirdParty));
        for bad in [
            "task.2",
            "task.x.y",
            "question.-1",
            "question.0.1",
            "third_party.1",
            "evidence.1",
            "",
        ] {
            assert_eq!(subject_of(bad), None, "{bad}");
        }
    }
}
