//! Recognition of Prior Learning, pure. An experienced worker (the *candidate*, a
//! learner of the institute) proves competence in units of a qualification without
//! retraining:
//!
//! - [`package`]: a unit's assessment package — "I can …" statements per performance
//!   criterion, evidence requirements, an observation checklist (tasks → criteria),
//!   questions with the points a good answer covers, and a third-party report template;
//!   checked whole before it is published, immutable after.
//! - [`application`]: the application's stages (submitted → evidence → assessment →
//!   decided → gap training / appeal → closed), who may take each step, and the stage a
//!   set of steps leads to whatever order they arrive in.
//! - [`judgement`]: self-assessment, the rules of evidence, observation and questioning
//!   records, and the decision rule: a unit is Competent only when every criterion is
//!   covered by accepted evidence, a satisfactory observation or a satisfactory answer;
//!   the gap-training plan; decisions as signed versions (a correction is a new version
//!   with a reason) and the conflict between two assessors (`crate::versions`).
//! - [`assignment`]: which assessor may be assigned to an application (the conflict of
//!   interest rule).

pub mod application;
pub mod assignment;
pub mod judgement;
pub mod package;
