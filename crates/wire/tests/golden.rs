//! Golden JSON: the format of every stable endpoint, pinned. Each sample value is
//! serialised and compared with its file in `tests/golden/`, and the file is read back
//! into the same value — so a renamed field, a changed enum spelling or a tuple sneaking
//! onto the wire fails here before an app cached on a phone meets it.
//!
//! A deliberate change of format: run with `UPDATE_GOLDEN=1`, read the diff of the
//! files, and say in the commit what old apps do with it (`docs/sync-protocol.md`).

use domain::attendance::{MarkVersion, StatusDef};
use domain::calendar::{ClockTime, Date};
use domain::check::{CheckItem, CheckKind};
use domain::sync::{Outcome, Record, RecordBody, RecordResult, RejectReason};
use domain::{DeliveryMode, Localized, Role};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use std::path::PathBuf;
use std::str::FromStr;
use wire::account::{Device, PersonSummary, UserView};
use wire::admin::AttendanceSettings;
use wire::learn::{
    ActivityOutline, CheckInSession, CheckInSessions, CourseCard, CourseOutline, CriterionProgress,
    LearnerTimetable, LessonLink, LessonProgress, LessonView, ModuleOutline, ModuleProgress,
    OfflineBundle, Progress, Score, UnitProgress,
};
use wire::sync::{PullQuery, PullResponse, PushRequest, PushResponse};
use wire::teach::{
    Agenda, ClassAttendance, HistoryEntry, LearnerRow, Person, Refusal, RollCallView,
    SessionColumn, SessionSlot, TrainerRollCall,
};
use wire::AppError;

/// The id numbered `n` (any of the id types).
fn id<T: FromStr>(n: u32) -> T
where
    T::Err: Debug,
{
    format!("00000000-0000-7000-8000-{n:012}")
        .parse()
        .expect("an id")
}

fn text(km: &str, en: &str) -> Localized {
    Localized::new(km, en)
}

/// `value` serialises to `tests/golden/<name>.json` and reads back from it.
fn golden<T: Serialize + DeserializeOwned + PartialEq + Debug>(name: &str, value: &T) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}.json"));
    let mut written = serde_json::to_string_pretty(value).expect("serialises");
    written.push('\n');
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
        std::fs::write(&path, &written).expect("write");
    }
    let pinned = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(written, pinned, "the JSON of {name} changed");
    let read: T = serde_json::from_str(&pinned).expect("reads back");
    assert_eq!(&read, value, "{name} does not read back as written");
}

fn slot() -> SessionSlot {
    SessionSlot {
        id: id(10),
        class: id(20),
        class_name: text("អគ្គិសនី ១", "Electrical 1"),
        activity: text("ការអនុវត្តជាក់ស្តែង", "Workshop practice"),
        mode: DeliveryMode::FaceToFace,
        date: Date::parse("2026-12-01").expect("date"),
        start: ClockTime { hour: 8, minute: 0 },
        end: ClockTime {
            hour: 10,
            minute: 30,
        },
        place: text("បន្ទប់ ៣", "Workshop 3"),
        learners: 40,
        marked: 12,
    }
}

fn statuses() -> Vec<StatusDef> {
    vec![StatusDef {
        code: "late".into(),
        label: text("យឺត", "Late"),
        points: 50,
        counts: true,
        late: true,
    }]
}

fn record(n: u32, body: RecordBody) -> Record {
    Record {
        id: id(n),
        seq: u64::from(n),
        at: "2026-12-01T01:02:03Z".into(),
        by: Some(id(30)),
        body,
    }
}

#[test]
fn sync_messages() {
    let lesson = id(40);
    golden(
        "push_request",
        &PushRequest {
            protocol: 2,
            device: id(50),
            records: vec![
                record(1, RecordBody::LessonDone { lesson }),
                record(
                    2,
                    RecordBody::CheckAttempt {
                        lesson,
                        answers: vec![vec![1], vec![0, 2]],
                        score: 1,
                        max: 2,
                    },
                ),
                record(
                    3,
                    RecordBody::TimeSpent {
                        lesson,
                        seconds: 95,
                    },
                ),
                record(
                    4,
                    RecordBody::AttendanceMark {
                        session: id(10),
                        learner: id(31),
                        status: "late".into(),
                        minutes_late: 12,
                        note: "bus".into(),
                        replaces: vec![id(5)],
                    },
                ),
                record(
                    6,
                    RecordBody::CheckIn {
                        session: id(10),
                        code: "482913".into(),
                    },
                ),
            ],
        },
    );
    golden(
        "push_response",
        &PushResponse {
            protocol: 2,
            results: vec![
                RecordResult {
                    id: id(1),
                    outcome: Outcome::Accepted,
                },
                RecordResult {
                    id: id(2),
                    outcome: Outcome::Duplicate,
                },
                RecordResult {
                    id: id(3),
                    outcome: Outcome::Rejected(RejectReason::Invalid),
                },
                RecordResult {
                    id: id(4),
                    outcome: Outcome::Deferred(RejectReason::UnknownStatus),
                },
            ],
        },
    );
    golden(
        "pull_response",
        &PullResponse {
            protocol: 2,
            records: vec![record(1, RecordBody::LessonDone { lesson })],
            cursor: 17,
            more: false,
        },
    );
    golden(
        "pull_query",
        &PullQuery {
            cursor: 17,
            limit: Some(100),
        },
    );
}

#[test]
fn learners_pages() {
    golden(
        "course_card",
        &CourseCard {
            class: id(20),
            class_name: text("អគ្គិសនី ១", "Electrical 1"),
            programme: text("អគ្គិសនីលំនៅដ្ឋាន", "Residential electrical"),
            qualification_code: "CQF-EL-2".into(),
            cqf_level: 2,
            modules: 3,
            activities: 9,
            lessons: 6,
            percent_done: 33,
            next_session: Some(slot()),
        },
    );
    golden(
        "learner_timetable",
        &LearnerTimetable {
            days: 28,
            sessions: vec![slot()],
        },
    );
    golden(
        "course_outline",
        &CourseOutline {
            class: id(20),
            class_name: text("អគ្គិសនី ១", "Electrical 1"),
            programme: text("អគ្គិសនីលំនៅដ្ឋាន", "Residential electrical"),
            modules: vec![ModuleOutline {
                title: text("សុវត្ថិភាព", "Safety"),
                activities: vec![ActivityOutline {
                    id: id(60),
                    title: text("គ្រោះថ្នាក់", "Hazards"),
                    mode: DeliveryMode::OnlineSelfPaced,
                    minutes: 20,
                    lesson: Some(id(40)),
                    done: true,
                    sessions: vec![],
                }],
            }],
            offline: OfflineBundle {
                pages: vec!["/learn/lesson/00000000-0000-7000-8000-000000000040".into()],
                files: vec!["/media/hazards.webp".into()],
                estimate_bytes: 76_000,
                version: "3f2a".into(),
            },
        },
    );
    golden(
        "lesson_view",
        &LessonView {
            id: id(40),
            learner: id(30),
            class: id(20),
            title: text("គ្រោះថ្នាក់", "Hazards"),
            body: text("# គ្រោះថ្នាក់", "# Hazards"),
            done: false,
            checks: vec![CheckItem {
                id: id(70),
                kind: CheckKind::MultipleChoice,
                prompt: text("តើ…?", "Which…?"),
                options: vec![text("ក", "A"), text("ខ", "B")],
                answer: vec![1],
            }],
            previous: None,
            next: Some(LessonLink {
                id: id(41),
                title: text("ឧបករណ៍", "Tools"),
            }),
        },
    );
    golden(
        "progress",
        &Progress {
            programme: text("អគ្គិសនីលំនៅដ្ឋាន", "Residential electrical"),
            percent_done: 50,
            modules: vec![ModuleProgress {
                title: text("សុវត្ថិភាព", "Safety"),
                done: 1,
                total: 2,
                lessons: vec![LessonProgress {
                    title: text("គ្រោះថ្នាក់", "Hazards"),
                    done: true,
                    best: Some(Score { score: 2, max: 3 }),
                }],
            }],
            units: vec![UnitProgress {
                code: "EL-01".into(),
                title: text("ការងារដោយសុវត្ថិភាព", "Work safely"),
                criteria: vec![CriterionProgress {
                    number: "1.2".into(),
                    text: text("កំណត់គ្រោះថ្នាក់", "Identify hazards"),
                    covered: true,
                }],
            }],
        },
    );
    golden(
        "check_in_sessions",
        &CheckInSessions {
            learner: id(30),
            sessions: vec![CheckInSession {
                id: id(10),
                label: text("០៨:០០ ការអនុវត្ត", "08:00 Workshop practice"),
            }],
        },
    );
}

#[test]
fn trainers_pages() {
    golden(
        "agenda",
        &Agenda {
            today: Date::parse("2026-12-01").expect("date"),
            sessions: vec![slot()],
            earlier: vec![],
        },
    );
    let person = Person {
        id: id(31),
        name: text("សុខ ចន្ថា", "Sok Channa"),
    };
    golden(
        "roll_call",
        &TrainerRollCall {
            trainer: id(32),
            roll_call: RollCallView {
                session: slot(),
                statuses: statuses(),
                roster: vec![person.clone()],
                trainers: vec![Person {
                    id: id(32),
                    name: text("លី វណ្ណា", "Ly Vanna"),
                }],
                versions: vec![MarkVersion {
                    id: id(4),
                    learner: id(31),
                    author: id(32),
                    status: "late".into(),
                    minutes_late: 12,
                    note: "bus".into(),
                    at: "2026-12-01T01:02:03Z".into(),
                    replaces: vec![],
                }],
                check_in_key: "ab12".into(),
                refusals: vec![Refusal {
                    learner: id(31),
                    reason: RejectReason::ExpiredCode,
                    at: "2026-12-01T01:05:00Z".into(),
                }],
            },
        },
    );
    golden(
        "class_attendance",
        &ClassAttendance {
            class: id(20),
            class_name: text("អគ្គិសនី ១", "Electrical 1"),
            threshold: 80,
            statuses: statuses(),
            sessions: vec![SessionColumn {
                id: id(10),
                date: Date::parse("2026-12-01").expect("date"),
                start: ClockTime { hour: 8, minute: 0 },
                activity: text("ការអនុវត្ត", "Workshop practice"),
            }],
            learners: vec![LearnerRow {
                id: id(31),
                name: text("សុខ ចន្ថា", "Sok Channa"),
                marks: vec![Some("late".into()), None],
                rate: Some(50),
                at_risk: true,
                history: vec![HistoryEntry {
                    session: id(10),
                    status: "late".into(),
                    minutes_late: 12,
                    note: "bus".into(),
                    by: text("លី វណ្ណា", "Ly Vanna"),
                    at: "2026-12-01T01:02:03Z".into(),
                }],
            }],
        },
    );
}

#[test]
fn accounts_and_admin() {
    golden(
        "user",
        &UserView {
            id: id(30),
            username: "learner".into(),
            display_name: text("សុខ ចន្ថា", "Sok Channa"),
            role: Role::Learner,
        },
    );
    golden(
        "devices",
        &vec![Device {
            id: "d1".into(),
            description: "Chrome on Android".into(),
            signed_in_at: "2026-11-30T01:00:00Z".into(),
            last_used_at: "2026-12-01T01:00:00Z".into(),
            this_one: true,
        }],
    );
    golden(
        "people",
        &vec![PersonSummary {
            id: id(32),
            username: "trainer".into(),
            name: text("លី វណ្ណា", "Ly Vanna"),
            role: Role::Trainer,
            phone: Some("+85512345678".into()),
            deactivated_at: None,
            has_password: true,
            slip_expires_at: Some("2026-12-14T01:00:00Z".into()),
            sessions: 2,
        }],
    );
    golden(
        "attendance_settings",
        &AttendanceSettings {
            statuses: statuses(),
            threshold: 80,
        },
    );
}

/// Errors are a server function's error and a plain handler's JSON alike.
#[test]
fn errors() {
    golden(
        "errors",
        &vec![
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::invalid("threshold", "bad_threshold"),
            AppError::malformed("cursor and limit must be numbers"),
            AppError::RateLimited {
                retry_after_secs: 60,
            },
            AppError::Busy,
            AppError::CrossSite,
            AppError::TooLarge,
            AppError::UnsupportedProtocol { protocol: 9 },
            AppError::Internal,
        ],
    );
}

#[test]
fn reports() {
    use wire::reports::{
        CheckResult, ClassReport, ClassSummary, InstituteReport, LearnerFigures, SessionAttendance,
    };
    golden(
        "class_report",
        &ClassReport {
            class: id(20),
            class_name: text("អគ្គិសនី ១", "Electrical 1"),
            programme: text("អគ្គិសនីលំនៅដ្ឋាន", "Residential electrical"),
            threshold: 80,
            behind_by: 20,
            median_progress: Some(30),
            attendance: Some(88),
            sessions: vec![SessionAttendance {
                id: id(10),
                date: Date::parse("2026-12-01").expect("date"),
                start: ClockTime { hour: 8, minute: 0 },
                activity: text("ការអនុវត្ត", "Workshop practice"),
                marked: 38,
                rate: Some(91),
            }],
            learners: vec![LearnerFigures {
                id: id(31),
                name: text("សុខ ចន្ថា", "Sok Channa"),
                username: "sok.channa".into(),
                attendance: Some(50),
                sessions_marked: 4,
                done: 0,
                activities: 10,
                progress: 0,
                low_attendance: true,
                behind: true,
            }],
            checks: vec![CheckResult {
                lesson: id::<domain::LessonId>(40).to_string(),
                title: text("គ្រោះថ្នាក់អគ្គិសនី", "Electrical hazards at work"),
                tried: 2,
                learners: 40,
                mean_best: Some(50),
            }],
            as_of: "2026-12-02T01:00:00Z".into(),
        },
    );
    golden(
        "institute_report",
        &InstituteReport {
            threshold: 80,
            classes: vec![ClassSummary {
                class: id(20),
                code: "EI-2026-A".into(),
                name: text("អគ្គិសនី ១", "Electrical 1"),
                programme: text("អគ្គិសនីលំនៅដ្ឋាន", "Residential electrical"),
                learners: 40,
                sessions_held: 12,
                attendance: Some(88),
                completion: None,
                at_risk: 3,
            }],
            learners: 44,
            enrolled: 40,
            as_of: "2026-12-02T01:00:00Z".into(),
        },
    );
}

#[test]
fn rpl() {
    use domain::rpl::judgement::Subject;
    use domain::rpl::package::{EvidenceKind, EvidenceRule, Item, Package, Statement};
    use wire::rpl::{
        ApplicationSummary, AppliedUnit, CandidatePage, DecisionStanding, DecisionView,
        FindingView, GapView, JudgementView, QualificationOffer, SheetCriterion, UnitOffer,
        UnitOutcome, UnitSheet,
    };
    let application = ApplicationSummary {
        id: id::<domain::ApplicationId>(50).to_string(),
        candidate_id: id::<domain::UserId>(31).to_string(),
        candidate: text("សុខ ចន្ថា", "Sok Channa"),
        qualification_code: "EI-L2".into(),
        qualification_title: text("ការដំឡើងអគ្គិសនី", "Electrical installation"),
        units: vec![AppliedUnit {
            unit_id: id::<domain::UnitId>(51).to_string(),
            code: "EI-01".into(),
            title: text("ដំឡើងខ្សែ", "Install wiring"),
            package_id: id::<domain::PackageId>(52).to_string(),
        }],
        stage: "decided".into(),
        workplace: "Kampong Cham Electric Co.".into(),
        made_at: "2026-12-01T08:00:00Z".into(),
        assessors: vec![text("ម៉ម សុជាតិ", "Mom Socheat")],
    };
    let gap = GapView {
        criterion_number: "1.2".into(),
        criterion: text("ពិនិត្យខ្សែដី", "Earth continuity is tested"),
        activities: vec![text("ការអនុវត្តនៅរោងជាង", "Workshop practice")],
    };
    golden(
        "rpl_candidate_page",
        &CandidatePage {
            applications: vec![application.clone()],
            offer: vec![QualificationOffer {
                id: id::<domain::QualificationId>(53).to_string(),
                code: "EI-L2".into(),
                title: text("ការដំឡើងអគ្គិសនី", "Electrical installation"),
                units: vec![UnitOffer {
                    id: id::<domain::UnitId>(51).to_string(),
                    code: "EI-01".into(),
                    title: text("ដំឡើងខ្សែ", "Install wiring"),
                }],
            }],
            outcomes: vec![UnitOutcome {
                application_id: application.id.clone(),
                unit_code: "EI-01".into(),
                unit_title: text("ដំឡើងខ្សែ", "Install wiring"),
                outcome: "not_yet_competent".into(),
                feedback: "Test the earth first".into(),
                gaps: vec![gap.clone()],
                at: "2026-12-02T09:00:00Z".into(),
            }],
        },
    );
    let criterion: domain::CriterionId = id(54);
    let decision = DecisionView {
        id: id::<domain::RecordId>(56).to_string(),
        assessor: text("ម៉ម សុជាតិ", "Mom Socheat"),
        outcome: "not_yet_competent".into(),
        basis: "Observed at work".into(),
        feedback: "Test the earth first".into(),
        reason: String::new(),
        gaps: vec![gap.clone()],
        at: "2026-12-02T09:00:00Z".into(),
    };
    golden(
        "rpl_unit_sheet",
        &UnitSheet {
            application,
            unit_id: id::<domain::UnitId>(51).to_string(),
            unit_code: "EI-01".into(),
            unit_title: text("ដំឡើងខ្សែ", "Install wiring"),
            package: Package {
                statements: vec![Statement {
                    criterion,
                    text: text("ខ្ញុំអាចពិនិត្យខ្សែដី", "I can test the earth"),
                }],
                evidence: vec![EvidenceRule {
                    kind: EvidenceKind::Photo,
                    at_least: 2,
                    within_years: 3,
                    note: text("រូបថតការងារ", "Photos of your work"),
                }],
                tasks: vec![Item {
                    text: text("ដំឡើងព្រីភ្លើង", "Install a socket"),
                    good_answer: Localized::default(),
                    criteria: vec![criterion],
                }],
                questions: vec![],
                third_party: vec![text(
                    "គាត់ធ្វើការដោយសុវត្ថិភាពទេ?",
                    "Does the candidate work safely?",
                )],
            },
            criteria: vec![SheetCriterion {
                id: criterion.to_string(),
                number: "1.2".into(),
                text: text("ពិនិត្យខ្សែដី", "Earth continuity is tested"),
                covered_by: vec![],
            }],
            findings: vec![FindingView {
                subject: Subject::Observation { task: 0, criterion },
                current: JudgementView {
                    id: id::<domain::RecordId>(55).to_string(),
                    assessor: text("ម៉ម សុជាតិ", "Mom Socheat"),
                    satisfactory: false,
                    note: "Did not test".into(),
                    at: "2026-12-02T08:30:00Z".into(),
                },
                conflict: vec![],
            }],
            seen: vec![id::<domain::RecordId>(55).to_string()],
            decision: Some(DecisionStanding {
                current: decision.clone(),
                history: vec![],
                conflict: vec![],
                heads: vec![decision.id.clone()],
            }),
            gap_plan: vec![gap],
            may_judge: true,
        },
    );
}
