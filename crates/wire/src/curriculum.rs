//! The curriculum team's pages: competency standards and their imports.

use domain::standard::{Problem, Standard};
use domain::Localized;
use serde::{Deserialize, Serialize};

/// A standard in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardSummary {
    pub id: String,
    pub code: String,
    pub title: Localized,
    pub units: i64,
    pub criteria: i64,
    /// Imported by this institute (else shared, such as the demo's).
    pub own: bool,
}

/// One import attempt, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file_name: String,
    pub format: String,
    pub imported_at: String,
    /// The standard it saved, or none when it was refused.
    pub standard: Option<String>,
    pub problems: Vec<Problem>,
}

/// `/curriculum/standards`: the standards and, after an import, what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsPage {
    pub standards: Vec<StandardSummary>,
    pub report: Option<ImportReport>,
}

/// `/curriculum/standards/:id`: the whole standard, and what is still to translate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardPage {
    pub standard: Standard,
    pub untranslated: Vec<String>,
}

/// A programme in the institute's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub id: String,
    pub title: Localized,
    pub version: i64,
    pub draft: bool,
    pub qualification_code: String,
}

/// A learning activity of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: String,
    pub title: Localized,
    pub minutes: u32,
    pub mode: domain::DeliveryMode,
    /// Performance criteria it covers.
    pub criteria: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleView {
    pub id: String,
    pub title: Localized,
    pub activities: Vec<ActivityRow>,
}

/// `/curriculum/programmes/:id`: a programme's modules and activities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeView {
    pub id: String,
    pub title: Localized,
    pub version: i64,
    pub draft: bool,
    pub qualification_code: String,
    pub modules: Vec<ModuleView>,
    /// The institute's other versions of this programme (same qualification), newest first.
    pub versions: Vec<ProgrammeSummary>,
    /// The institute's classes that follow a version of this programme.
    pub classes: Vec<ClassOnVersion>,
}

/// A class and the version of the programme it follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOnVersion {
    pub id: String,
    pub code: String,
    pub name: Localized,
    pub version: i64,
}

/// A performance criterion as the editor and the report name it: its number ("2.3", the
/// element's then its own) and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRef {
    pub id: String,
    pub number: String,
    pub text: Localized,
}

/// An element of the module's unit and its criteria, for the activity editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementChoice {
    pub number: u32,
    pub title: Localized,
    pub criteria: Vec<CriterionRef>,
}

/// The ids of the criteria of `elements`, in order (an unreadable id is left out).
pub fn criteria_ids(elements: &[ElementChoice]) -> Vec<domain::CriterionId> {
    elements
        .iter()
        .flat_map(|e| &e.criteria)
        .filter_map(|c| c.id.parse().ok())
        .collect()
}

/// `/curriculum/programmes/:id/activities/:activity`: one activity to edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub programme_id: String,
    pub programme_title: Localized,
    pub draft: bool,
    pub module_title: Localized,
    pub activity: ActivityRow,
    /// The criteria it covers (ids).
    pub chosen: Vec<String>,
    pub elements: Vec<ElementChoice>,
    /// It holds a lesson (it cannot be removed until the lesson goes).
    pub holds_lesson: bool,
}

/// Minutes and whole-percent share of one delivery mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeShare {
    pub mode: domain::DeliveryMode,
    pub minutes: u32,
    pub share: u32,
}

/// A row of a module's coverage matrix: a criterion and, per activity of the module in
/// order, whether it covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub criterion: CriterionRef,
    pub covered_by: Vec<bool>,
}

/// One module of the blend report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleBlend {
    pub id: String,
    pub title: Localized,
    pub blend: Vec<ModeShare>,
    pub planned_minutes: u32,
    pub nominal_minutes: u32,
    pub activities: Vec<ActivityRow>,
    pub coverage: Vec<CoverageRow>,
    pub uncovered: Vec<CriterionRef>,
    /// Criteria of a unit with practical hours covered only by online activities.
    pub online_only: Vec<CriterionRef>,
}

/// `/curriculum/programmes/:id/report`: the blend report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlendReport {
    pub programme: ProgrammeSummary,
    pub blend: Vec<ModeShare>,
    pub planned_minutes: u32,
    pub nominal_minutes: u32,
    pub criteria: u32,
    pub covered: u32,
    pub gaps: Vec<domain::blend::Gap>,
    pub modules: Vec<ModuleBlend>,
}

/// One difference between two versions of a programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub kind: DiffKind,
    pub module: Localized,
    pub title: Localized,
    /// For a change: what changed, with before and after where they are short.
    pub changes: Vec<domain::blend::Changed>,
    pub before: Option<ActivitySnapshot>,
    pub after: Option<ActivitySnapshot>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Added,
    Removed,
    Changed,
}

/// An activity's mode, minutes and criteria count, as a diff shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivitySnapshot {
    pub title: Localized,
    pub minutes: u32,
    pub mode: domain::DeliveryMode,
    pub criteria: u32,
}

/// `/curriculum/programmes/:id/diff?with=…`: two versions of one programme compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDiff {
    pub old: ProgrammeSummary,
    pub new: ProgrammeSummary,
    pub rows: Vec<DiffRow>,
}

/// An image uploaded to a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonImage {
    pub id: String,
    /// Where it is served: `/media/lesson/{id}.jpg`.
    pub src: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub original_bytes: u64,
    pub alt: Localized,
    /// The Markdown to paste, per language (its alt text in that language).
    pub markdown: Localized,
}

/// `/curriculum/programmes/:id/activities/:activity/lesson`: the lesson editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonEditor {
    pub programme_id: String,
    pub activity_id: String,
    pub activity_title: Localized,
    /// The programme is a draft (else the lesson is read-only).
    pub editable: bool,
    /// What is saved (None: no lesson yet).
    pub saved: Option<domain::lesson::LessonText>,
    /// What this author typed and has not saved (a failed save or a preview).
    pub typed: Option<domain::lesson::LessonText>,
    /// The typed (else saved) text through the reader's renderer, per language.
    pub preview: Localized,
    pub images: Vec<LessonImage>,
}

/// A knowledge-check question as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: String,
    pub kind: domain::check::CheckKind,
    pub languages: domain::check_edit::Languages,
    pub prompt: Localized,
    pub options: Vec<Localized>,
    pub answer: Vec<u8>,
}

/// `/curriculum/programmes/:id/activities/:activity/check`: the knowledge-check editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckEditor {
    pub programme_id: String,
    pub activity_id: String,
    pub activity_title: Localized,
    /// The activity has a lesson to hold the check.
    pub has_lesson: bool,
    pub editable: bool,
    pub questions: Vec<QuestionRow>,
}
