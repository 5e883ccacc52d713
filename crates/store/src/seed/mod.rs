//! Demo data, created only in demo mode: one institute, a CQF level 2 electrical
//! installation programme (2 units, 2 modules, 10 activities, 6 lessons with
//! knowledge checks), a class of 40 learners with Khmer names, two trainers, two weeks of sessions,
//! and one sign-in per role (password `sala-demo`).
//!
//! Idempotent: ids are derived from stable labels and every insert is
//! `ON CONFLICT DO NOTHING`, so running it again adds nothing (only sessions for
//! days that were not yet in the two-week window).

mod content;
mod crowd;
pub use crowd::{crowd, Crowd};

use super::timestamp;
use content::{Check, Lesson};
use domain::calendar::{Date, CAMBODIA_OFFSET_SECONDS};
use domain::DeliveryMode;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyPool, Transaction};

pub const DEMO_PASSWORD: &str = "sala-demo";
/// Its argon2id hash (m=19456, t=2, p=1), made once: the demo sign-ins share it, and
/// seeding hashes nothing (a test that seeds a database starts at once).
pub const DEMO_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$cBv/5njHhwTGoLZRbGlsLQ$wJ8j0GCDYZq90O7TRlYSbPk5/rNRjtJgfyjeIQnOwLY";
pub const DEMO_USERS: [(&str, &str, &str, &str); 6] = [
    ("learner", "learner", "សុខ ចាន់ណា", "Sok Channa"),
    ("trainer", "trainer", "សៀង វុទ្ធី", "Seang Vuthy"),
    ("trainer2", "trainer", "ឡាយ សុគន្ធ", "Lay Sokun"),
    ("assessor", "assessor", "ម៉ម សុជាតិ", "Mom Socheat"),
    ("curriculum", "curriculum", "ឃុន ម៉ាលី", "Khun Maly"),
    ("admin", "admin", "អ៊ឹង ច័ន្ទថា", "Eng Chantha"),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("a demo record that does not parse")]
    Id,
    #[error("the demo's Food and Beverage Service standard does not read")]
    Standard,
}

/// A stable UUID for a seed record, derived from its label (UUID version 8).
pub fn seed_id(label: &str) -> String {
    let digest = Sha256::digest(format!("sala-demo:{label}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Uuid::new_v8(bytes).hyphenated().to_string()
}

enum Activity {
    Lesson(&'static Lesson, u32, &'static [&'static str]),
    Session(
        DeliveryMode,
        (&'static str, &'static str),
        u32,
        &'static [&'static str],
    ),
}

struct Module {
    unit: &'static str,
    title: (&'static str, &'static str),
    activities: &'static [Activity],
}

const MODULES: [Module; 2] = [
    Module {
        unit: "U1",
        title: ("ម៉ូឌុល ១៖ សុវត្ថិភាពជាមុនសិន", "Module 1: Safety first"),
        activities: &[
            Activity::Lesson(&content::HAZARDS, 45, &["U1.1.1", "U1.1.2"]),
            Activity::Lesson(&content::ISOLATION, 40, &["U1.2.1", "U1.2.2"]),
            Activity::Session(
                DeliveryMode::FaceToFace,
                (
                    "សិក្ខាសាលា៖ អនុវត្តការផ្តាច់ចរន្តដោយសុវត្ថិភាព",
                    "Workshop: practise safe isolation",
                ),
                180,
                &["U1.2.1", "U1.2.2", "U1.2.3"],
            ),
            Activity::Lesson(&content::PPE, 30, &["U1.2.3"]),
        ],
    },
    Module {
        unit: "U2",
        title: ("ម៉ូឌុល ២៖ ការដំឡើងខ្សែភ្លើងក្នុងលំនៅដ្ឋាន", "Module 2: Domestic wiring"),
        activities: &[
            Activity::Lesson(&content::CABLES, 45, &["U2.1.1"]),
            Activity::Session(
                DeliveryMode::OnlineLive,
                (
                    "ថ្នាក់អនឡាញផ្ទាល់៖ ការអានប្លង់ខ្សែភ្លើង",
                    "Live class: reading a wiring drawing",
                ),
                60,
                &["U2.1.2"],
            ),
            Activity::Lesson(&content::ACCESSORIES, 40, &["U2.2.1"]),
            Activity::Session(
                DeliveryMode::FaceToFace,
                ("សិក្ខាសាលា៖ តខ្សែភ្លើងក្នុងបន្ទប់មួយ", "Workshop: wire a room circuit"),
                240,
                &["U2.2.1", "U2.2.2"],
            ),
            Activity::Lesson(&content::TESTING, 40, &["U2.2.2", "U2.2.3"]),
            Activity::Session(
                DeliveryMode::Workplace,
                (
                    "អនុវត្តនៅកន្លែងធ្វើការ ជាមួយជាងអគ្គិសនីមានអាជ្ញាប័ណ្ណ",
                    "Workplace practice with a licensed electrician",
                ),
                480,
                &["U2.2.1", "U2.2.2", "U2.2.3"],
            ),
        ],
    },
];

type Criterion = (&'static str, &'static str, &'static str);
type Element = (&'static str, &'static str, &'static [Criterion]);

/// Units: code, kind, titles, descriptors, hours, and elements → criteria.
#[allow(clippy::type_complexity)]
const UNITS: [(&str, &str, &str, (&str, &str), (&str, &str), u32, u32, &[Element]); 2] = [
    (
        "U1",
        "ELE-CMN-001",
        "common",
        ("អនុវត្តសុខភាព និងសុវត្ថិភាពការងារ ក្នុងការងារអគ្គិសនី", "Apply occupational health and safety in electrical work"),
        (
            "អង្គភាពនេះពិពណ៌នាអំពីជំនាញ និងចំណេះដឹង ដើម្បីកំណត់គ្រោះថ្នាក់អគ្គិសនី និងធ្វើការដោយសុវត្ថិភាពលើសៀគ្វីដែលបានផ្តាច់ចរន្ត។",
            "This unit describes the skills and knowledge to identify electrical hazards and work safely on isolated circuits.",
        ),
        40,
        20,
        &[
            ("កំណត់គ្រោះថ្នាក់អគ្គិសនី", "Identify electrical hazards", &[
                ("U1.1.1", "គ្រោះថ្នាក់នៅកន្លែងធ្វើការ ត្រូវបានកំណត់ មុនចាប់ផ្តើមការងារ", "Hazards in the work area are identified before work starts"),
                ("U1.1.2", "ហានិភ័យ ត្រូវបានរាយការណ៍ទៅអ្នកគ្រប់គ្រង តាមនីតិវិធី", "Risks are reported to the supervisor following workplace procedures"),
            ]),
            ("ធ្វើការដោយសុវត្ថិភាពលើសៀគ្វីដែលបានផ្តាច់ចរន្ត", "Work safely on isolated circuits", &[
                ("U1.2.1", "សៀគ្វី ត្រូវបានផ្តាច់ ចាក់សោ និងបិទស្លាក", "The circuit is isolated, locked and tagged out"),
                ("U1.2.2", "ការគ្មានតង់ស្យុង ត្រូវបានបញ្ជាក់ ដោយឧបករណ៍វាស់ដែលបានតេស្ត", "Absence of voltage is proven with a tested voltage tester"),
                ("U1.2.3", "ឧបករណ៍ការពារខ្លួន ត្រូវបានជ្រើសរើស និងពាក់", "Personal protective equipment is selected and worn"),
            ]),
        ],
    ),
    (
        "U2",
        "ELE-COR-002",
        "core",
        ("ដំឡើងខ្សែភ្លើង និងគ្រឿងបរិក្ខារក្នុងលំនៅដ្ឋាន", "Install domestic wiring and accessories"),
        (
            "អង្គភាពនេះពិពណ៌នាអំពីការរៀបចំផែនការ ការដំឡើង និងការតេស្តសៀគ្វីភ្លើង និងព្រីភ្លើងក្នុងលំនៅដ្ឋាន។",
            "This unit describes planning, installing and testing lighting and socket-outlet circuits in dwellings.",
        ),
        60,
        120,
        &[
            ("រៀបចំផែនការដំឡើង", "Plan the installation", &[
                ("U2.1.1", "ទំហំខ្សែ ត្រូវបានជ្រើសរើស តាមបន្ទុកសៀគ្វី", "Cable sizes are selected for the circuit load"),
                ("U2.1.2", "បញ្ជីសម្ភារៈ ត្រូវបានរៀបចំ ពីប្លង់", "A materials list is prepared from the drawing"),
            ]),
            ("ដំឡើង និងតេស្តសៀគ្វី", "Install and test circuits", &[
                ("U2.2.1", "កុងតាក់ និងព្រីភ្លើង ត្រូវបានដំឡើង និងភ្ជាប់ត្រឹមត្រូវ", "Switches and socket outlets are installed and connected correctly"),
                ("U2.2.2", "ខ្សែដី និង RCD ត្រូវបានដំឡើង", "Earthing and RCD protection are installed"),
                ("U2.2.3", "រេស៊ីស្តង់អ៊ីសូឡង់ និងប៉ូលារីតេ ត្រូវបានតេស្ត និងកត់ត្រា", "Insulation resistance and polarity are tested and recorded"),
            ]),
        ],
    ),
];

/// Seeds the demo institute. `today` is the first day of the two-week timetable.
pub async fn demo(pool: &AnyPool, today: Date) -> Result<(), SeedError> {
    seed(pool, today, true, true).await
}

/// The demo without its attendance history and second standard (what the release
/// before attendance seeded).
#[cfg(test)]
pub(crate) async fn demo_without_attendance(pool: &AnyPool, today: Date) -> Result<(), SeedError> {
    seed(pool, today, false, false).await
}

/// The demo as the releases before competency standards seeded it.
#[cfg(test)]
pub(crate) async fn demo_before_standards(pool: &AnyPool, today: Date) -> Result<(), SeedError> {
    seed(pool, today, true, false).await
}

async fn seed(
    pool: &AnyPool,
    today: Date,
    attendance: bool,
    classic: bool,
) -> Result<(), SeedError> {
    let mut tx = pool.begin().await?;
    let now = super::now();
    let institute = seed_id("institute");
    exec(
        &mut tx,
        "INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        &[&institute, "PTC-KPC", "មជ្ឈមណ្ឌលបណ្តុះបណ្តាលខេត្តកំពង់ចាម", "Kampong Cham Provincial Training Centre", &now],
    )
    .await?;

    for (username, role, km, en) in DEMO_USERS {
        sqlx::query(
            "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(seed_id(&format!("user:{username}")))
        .bind(&institute)
        .bind(username)
        .bind(km)
        .bind(en)
        .bind(role)
        .bind(DEMO_PASSWORD_HASH)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    // Learners 2–40 of the class cannot sign in: they have no password yet.
    for (i, (km, en)) in content::LEARNERS.iter().enumerate().skip(1) {
        let username = format!("learner{i:02}");
        exec(
            &mut tx,
            "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'learner', NULL, $6) ON CONFLICT DO NOTHING",
            &[&seed_id(&format!("user:{username}")), &institute, &username, km, en, &now],
        )
        .await?;
    }

    seed_curriculum(&mut tx, &institute).await?;

    let class = seed_id("class:EI-2026-A");
    exec(
        &mut tx,
        "INSERT INTO classes (id, institute_id, programme_id, code, name_km, name_en, starts_on) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        &[&class, &institute, &seed_id("programme"), "EI-2026-A", "ដំឡើងអគ្គិសនី ២០២៦ ក្រុម ក", "Electrical Installation 2026, group A", &today.to_string()],
    )
    .await?;
    exec(
        &mut tx,
        "INSERT INTO class_trainers (class_id, user_id) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING",
        &[&class, &seed_id("user:trainer"), &class, &seed_id("user:trainer2")],
    )
    .await?;
    for i in 0..content::LEARNERS.len() {
        let user = if i == 0 {
            seed_id("user:learner")
        } else {
            seed_id(&format!("user:learner{i:02}"))
        };
        exec(
            &mut tx,
            "INSERT INTO enrolments (class_id, learner_id, enrolled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&class, &user, &now],
        )
        .await?;
    }

    seed_timetable(&mut tx, &class, today).await?;
    if attendance {
        seed_past_attendance(&mut tx, &class, &institute, today).await?;
    }
    tx.commit().await?;
    if classic {
        seed_classic_standard(pool, &institute).await?;
    }
    Ok(())
}

/// The second demo standard, Food and Beverage Service, read from its file in
/// `docs/examples` (Sala's spreadsheet template, as an institute would import it) and
/// shared like the first, with its classic draft programme in the demo institute: all
/// face to face, ready to be blended. Once only (its code is the key).
async fn seed_classic_standard(pool: &AnyPool, institute: &str) -> Result<(), SeedError> {
    let standard = classic_standard()?;
    let (exists,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM qualifications WHERE code = $1")
        .bind(&standard.qualification.code)
        .fetch_one(pool)
        .await?;
    if exists > 0 {
        return Ok(());
    }
    let id = match crate::standards::save_for(pool, None, &standard).await {
        Ok(id) => id,
        Err(crate::standards::SaveError::Database(e)) => return Err(e.into()),
        Err(_) => return Err(SeedError::Standard),
    };
    let developer = crate::users::CurrentUser {
        id: seed_id("user:curriculum")
            .parse()
            .map_err(|_| SeedError::Id)?,
        institute: institute.parse().map_err(|_| SeedError::Id)?,
        role: domain::Role::Curriculum,
        username: "curriculum".into(),
        display_name: Default::default(),
    };
    crate::programmes::start_from_standard(pool, &developer, &id).await?;
    Ok(())
}

/// `docs/examples/food-and-beverage-service.csv`, read as an import reads it.
pub fn classic_standard() -> Result<domain::standard::Standard, SeedError> {
    const CSV: &str = include_str!("../../../../docs/examples/food-and-beverage-service.csv");
    let rows = domain::csv::read(CSV).map_err(|_| SeedError::Standard)?;
    domain::spreadsheet::read("food-and-beverage-service.csv", &rows)
        .map_err(|_| SeedError::Standard)
}

async fn seed_curriculum(tx: &mut Transaction<'_, Any>, institute: &str) -> Result<(), SeedError> {
    let qualification = seed_id("qualification");
    sqlx::query(
        "INSERT INTO qualifications (id, code, title_km, title_en, cqf_level, sector_km, sector_en, nominal_hours) \
         VALUES ($1, $2, $3, $4, 2, $5, $6, 600) ON CONFLICT DO NOTHING",
    )
    .bind(&qualification)
    .bind("ELE-CQF2-EI")
    .bind("វិញ្ញាបនបត្រកម្រិត ២ ផ្នែកដំឡើងប្រព័ន្ធអគ្គិសនី")
    .bind("Certificate II in Electrical Installation")
    .bind("អគ្គិសនី")
    .bind("Electrical")
    .execute(&mut **tx)
    .await?;

    for (position, (label, code, kind, title, descriptor, theory, practical, elements)) in
        UNITS.iter().enumerate()
    {
        let unit = seed_id(&format!("unit:{label}"));
        sqlx::query(
            "INSERT INTO units (id, qualification_id, position, code, kind, title_km, title_en, descriptor_km, descriptor_en, hours_theory, hours_practical) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
        )
        .bind(&unit)
        .bind(&qualification)
        .bind(position as i64 + 1)
        .bind(code)
        .bind(kind)
        .bind(title.0)
        .bind(title.1)
        .bind(descriptor.0)
        .bind(descriptor.1)
        .bind(i64::from(*theory))
        .bind(i64::from(*practical))
        .execute(&mut **tx)
        .await?;
        for (e, (km, en, criteria)) in elements.iter().enumerate() {
            let element = seed_id(&format!("element:{label}.{}", e + 1));
            sqlx::query("INSERT INTO elements (id, unit_id, number, title_km, title_en) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .bind(&element)
                .bind(&unit)
                .bind(e as i64 + 1)
                .bind(km)
                .bind(en)
                .execute(&mut **tx)
                .await?;
            for (c, (criterion_label, km, en)) in criteria.iter().enumerate() {
                sqlx::query("INSERT INTO performance_criteria (id, element_id, number, text_km, text_en) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                    .bind(seed_id(&format!("criterion:{criterion_label}")))
                    .bind(&element)
                    .bind(c as i64 + 1)
                    .bind(km)
                    .bind(en)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }

    let programme = seed_id("programme");
    exec(
        tx,
        "INSERT INTO programmes (id, institute_id, qualification_id, version, title_km, title_en, status, published_at) \
         VALUES ($1, $2, $3, 1, $4, $5, 'published', $6) ON CONFLICT DO NOTHING",
        &[&programme, institute, &qualification, "ដំឡើងប្រព័ន្ធអគ្គិសនី (ល្បាយ)", "Electrical Installation (blended)", &super::now()],
    )
    .await?;

    for (m, module) in MODULES.iter().enumerate() {
        let module_id = seed_id(&format!("module:{}", m + 1));
        sqlx::query("INSERT INTO modules (id, programme_id, unit_id, position, title_km, title_en) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
            .bind(&module_id)
            .bind(&programme)
            .bind(seed_id(&format!("unit:{}", module.unit)))
            .bind(m as i64 + 1)
            .bind(module.title.0)
            .bind(module.title.1)
            .execute(&mut **tx)
            .await?;
        for (a, activity) in module.activities.iter().enumerate() {
            let activity_id = seed_id(&format!("activity:{}.{}", m + 1, a + 1));
            let (mode, title, minutes, criteria) = match activity {
                Activity::Lesson(lesson, minutes, criteria) => (
                    DeliveryMode::OnlineSelfPaced,
                    lesson.title,
                    *minutes,
                    *criteria,
                ),
                Activity::Session(mode, title, minutes, criteria) => {
                    (*mode, *title, *minutes, *criteria)
                }
            };
            sqlx::query(
                "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(&activity_id)
            .bind(&module_id)
            .bind(a as i64 + 1)
            .bind(title.0)
            .bind(title.1)
            .bind(i64::from(minutes))
            .bind(mode.as_str())
            .execute(&mut **tx)
            .await?;
            for criterion in criteria {
                exec(
                    tx,
                    "INSERT INTO activity_criteria (activity_id, criterion_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&activity_id, &seed_id(&format!("criterion:{criterion}"))],
                )
                .await?;
            }
            if let Activity::Lesson(lesson, ..) = activity {
                seed_lesson(tx, &activity_id, lesson).await?;
            }
        }
    }
    Ok(())
}

async fn seed_lesson(
    tx: &mut Transaction<'_, Any>,
    activity: &str,
    lesson: &Lesson,
) -> Result<(), SeedError> {
    let lesson_id = seed_id(&format!("lesson:{activity}"));
    exec(
        tx,
        "INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[&lesson_id, activity, lesson.title.0, lesson.title.1, lesson.body_km, lesson.body_en],
    )
    .await?;
    for (
        i,
        Check {
            kind,
            prompt,
            options,
            answer,
        },
    ) in lesson.checks.iter().enumerate()
    {
        let km: Vec<&str> = options.iter().map(|o| o.0).collect();
        let en: Vec<&str> = options.iter().map(|o| o.1).collect();
        sqlx::query(
            "INSERT INTO check_items (id, lesson_id, position, kind, prompt_km, prompt_en, options_km, options_en, answer) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
        )
        .bind(seed_id(&format!("check:{lesson_id}:{i}")))
        .bind(&lesson_id)
        .bind(i as i64 + 1)
        .bind(kind)
        .bind(prompt.0)
        .bind(prompt.1)
        .bind(serde_json::to_string(&km).unwrap_or_default())
        .bind(serde_json::to_string(&en).unwrap_or_default())
        .bind(serde_json::to_string(answer).unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Two weeks of sessions from `today`: workshop mornings Monday to Saturday (today
/// always, so a trainer opening the demo has a session), a live class on Wednesday
/// evenings, and workplace days on Fridays.
async fn seed_timetable(
    tx: &mut Transaction<'_, Any>,
    class: &str,
    today: Date,
) -> Result<(), SeedError> {
    let workshop = ("រោងជាង ខ អគារ ២", "Workshop B, building 2");
    for d in 0..14 {
        let date = today.add_days(d);
        let weekday = date.weekday();
        if weekday == 6 && d != 0 {
            continue;
        }
        let (activity, place, start, end) = if weekday == 4 {
            (
                "activity:2.6",
                ("ក្រុមហ៊ុន អគ្គិសនីកំពង់ចាម", "Kampong Cham Electric Co. site"),
                (8, 0),
                (16, 0),
            )
        } else if d % 2 == 0 {
            ("activity:1.3", workshop, (7, 30), (11, 0))
        } else {
            ("activity:2.4", workshop, (7, 30), (11, 30))
        };
        insert_session(
            tx,
            class,
            &format!("session:{date}:am"),
            activity,
            place,
            date,
            start,
            end,
        )
        .await?;
        if weekday == 2 {
            insert_session(
                tx,
                class,
                &format!("session:{date}:pm"),
                "activity:2.2",
                ("អនឡាញ (តំណភ្ជាប់ពីគ្រូ)", "Online (link from the trainer)"),
                date,
                (18, 0),
                (19, 0),
            )
            .await?;
        }
    }
    Ok(())
}

/// The ten days before `today`: morning workshops, already marked by the trainer (most
/// present, some late or absent; one learner often absent, so "at risk" shows), as sync
/// records like any others.
async fn seed_past_attendance(
    tx: &mut Transaction<'_, Any>,
    class: &str,
    institute: &str,
    today: Date,
) -> Result<(), SeedError> {
    use domain::sync::{Record, RecordBody};
    let workshop = ("រោងជាង ខ អគារ ២", "Workshop B, building 2");
    let trainer = seed_id("user:trainer");
    let mut seq = 0;
    for d in (1..=10).rev() {
        let date = today.add_days(-d);
        if date.weekday() == 6 {
            continue;
        }
        let label = format!("session:{date}:am");
        insert_session(
            tx,
            class,
            &label,
            "activity:1.3",
            workshop,
            date,
            (7, 30),
            (11, 0),
        )
        .await?;
        let session = seed_id(&label);
        let at = format!("{date}T00:45:00Z");
        for (i, _) in content::LEARNERS.iter().enumerate() {
            let learner = if i == 0 {
                seed_id("user:learner")
            } else {
                seed_id(&format!("user:learner{i:02}"))
            };
            let (status, minutes) = match (i, (i as i64 * 7 + d * 3) % 13) {
                (3, _) if d % 3 != 0 => ("absent", 0),
                (_, 0) => ("absent", 0),
                (_, 5) => ("late", 10),
                _ => ("present", 0),
            };
            seq += 1;
            let id = seed_id(&format!("mark:{label}:{i}"));
            let record = Record {
                id: id.parse().map_err(|_| SeedError::Id)?,
                by: None,
                seq,
                at: at.clone(),
                body: RecordBody::AttendanceMark {
                    session: session.parse().map_err(|_| SeedError::Id)?,
                    learner: learner.parse().map_err(|_| SeedError::Id)?,
                    status: status.to_owned(),
                    minutes_late: minutes,
                    note: String::new(),
                    replaces: Vec::new(),
                },
            };
            let body = serde_json::to_string(&record).map_err(|_| SeedError::Id)?;
            exec(
                tx,
                "INSERT INTO sync_records (id, user_id, institute_id, device_id, device_seq, kind, body, client_at, received_at) \
                 VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), 'attendance_mark', $6, $7, $8) ON CONFLICT DO NOTHING",
                &[&id, &trainer, institute, &seed_id("device:trainer"), &seq.to_string(), &body, &at, &at],
            )
            .await?;
            exec(
                tx,
                "INSERT INTO attendance_marks (record_id, session_id, learner_id, author_id, status, minutes_late, note, marked_at, replaces) \
                 VALUES ($1, $2, $3, $4, $5, CAST($6 AS BIGINT), '', $7, '[]') ON CONFLICT DO NOTHING",
                &[&id, &session, &learner, &trainer, status, &minutes.to_string(), &at],
            )
            .await?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_session(
    tx: &mut Transaction<'_, Any>,
    class: &str,
    label: &str,
    activity: &str,
    place: (&str, &str),
    date: Date,
    start: (i64, i64),
    end: (i64, i64),
) -> Result<(), SeedError> {
    let at = |(h, m): (i64, i64)| {
        let unix = date.days_since_epoch() * 86_400 + h * 3600 + m * 60 - CAMBODIA_OFFSET_SECONDS;
        chrono::DateTime::from_timestamp(unix, 0)
            .map(timestamp)
            .unwrap_or_default()
    };
    exec(
        tx,
        "INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        &[&seed_id(label), class, &seed_id(activity), &at(start), &at(end), place.0, place.1],
    )
    .await
}

/// Runs `sql` with text arguments (a number is cast in the SQL: `CAST($5 AS BIGINT)`).
async fn exec(tx: &mut Transaction<'_, Any>, sql: &str, args: &[&str]) -> Result<(), SeedError> {
    let mut query = sqlx::query(sql);
    for arg in args {
        query = query.bind(*arg);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn counts(pool: &AnyPool) -> Vec<(String, i64)> {
        let mut out = Vec::new();
        for table in [
            "institutes",
            "users",
            "qualifications",
            "units",
            "elements",
            "performance_criteria",
            "programmes",
            "modules",
            "learning_activities",
            "activity_criteria",
            "lessons",
            "check_items",
            "classes",
            "class_trainers",
            "enrolments",
            "class_sessions",
        ] {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(pool)
                .await
                .expect("count");
            out.push((table.to_owned(), n));
        }
        out
    }

    #[tokio::test]
    async fn seeding_twice_duplicates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pool = crate::db::open(&format!("sqlite://{}/t.db", dir.path().display()))
            .await
            .expect("open");
        let today = Date::parse("2026-11-30").expect("date");
        demo(&pool, today).await.expect("first seed");
        let first = counts(&pool).await;
        demo(&pool, today).await.expect("second seed");
        assert_eq!(first, counts(&pool).await);

        let get = |name: &str| {
            first
                .iter()
                .find(|(t, _)| t == name)
                .map(|(_, n)| *n)
                .unwrap_or(-1)
        };
        assert_eq!(
            get("users"),
            40 + 5,
            "40 learners (one is `learner`) and 5 staff"
        );
        assert_eq!(get("enrolments"), 40);
        assert_eq!(get("class_trainers"), 2);
        assert_eq!(
            get("units"),
            2 + 3,
            "electrical installation's, food and beverage service's"
        );
        assert_eq!(get("lessons"), 6);
        assert!(get("check_items") >= 12);
        assert!(get("class_sessions") >= 12, "two weeks of sessions");
        let (with_password,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL")
                .fetch_one(&pool)
                .await
                .expect("count");
        assert_eq!(with_password, 6, "exactly the six demo sign-ins");
    }

    #[test]
    fn seed_ids_are_stable_and_distinct() {
        assert_eq!(seed_id("a"), seed_id("a"));
        assert_ne!(seed_id("a"), seed_id("b"));
        assert!(seed_id("a").parse::<uuid::Uuid>().is_ok());
    }
}

#[cfg(test)]
mod classic_tests {
    use super::*;

    /// The second demo standard's three files say the same: the spreadsheet the seed
    /// imports, its CASE package, and its Moodle competency framework.
    #[test]
    fn the_food_and_beverage_files_agree() {
        let standard = classic_standard().expect("the spreadsheet reads");
        assert_eq!(standard.units.len(), 3);
        assert!(standard.check().is_empty(), "{:?}", standard.check());
        assert!(standard.untranslated().is_empty(), "both languages");
        let case = include_str!("../../../../docs/examples/food-and-beverage-service.case.json");
        assert_eq!(
            domain::case::import(case).expect("the CASE file imports"),
            standard
        );
        let moodle = include_str!("../../../../docs/examples/food-and-beverage-service.moodle.csv");
        assert_eq!(
            domain::csv::write(&domain::moodle::framework_rows(&standard)),
            moodle
        );
    }

    #[tokio::test]
    async fn the_seed_shares_it_with_a_classic_draft_once() {
        let (_db, pool) = crate::test_db().await;
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        demo(&pool, today).await.expect("seed");
        demo(&pool, today).await.expect("again");
        let me = crate::testing::curriculum(&seed_id("institute"));
        let code = classic_standard().expect("reads").qualification.code;
        let programmes: Vec<_> = crate::programmes::list(&pool, &me)
            .await
            .expect("list")
            .into_iter()
            .filter(|p| p.qualification_code == code)
            .collect();
        assert_eq!(
            programmes.len(),
            1,
            "one classic draft, however often the seed runs"
        );
        assert!(programmes[0].draft);
        let report = crate::blend::report(&pool, &me, &programmes[0].id)
            .await
            .expect("report")
            .expect("ours");
        assert_eq!(report.blend[0].share, 100, "all face to face");
        assert_eq!(
            report.covered, report.criteria,
            "every criterion covered by its practical"
        );
    }
}
