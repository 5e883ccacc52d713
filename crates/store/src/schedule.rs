//! Scheduled sessions as stored: the row every session query reads, and its `SessionSlot`.

use crate::unix_seconds;
use domain::calendar::{cambodia_clock, Date};
use domain::{DeliveryMode, Localized};
use wire::teach::SessionSlot;

#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub class_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place_km: String,
    pub place_en: String,
    pub class_km: String,
    pub class_en: String,
    pub activity_km: Option<String>,
    pub activity_en: Option<String>,
    pub delivery_mode: Option<String>,
    pub activity_id: Option<String>,
    pub learners: i64,
    pub marked: i64,
}

impl SessionRow {
    pub fn into_slot(self) -> Option<SessionSlot> {
        let starts = unix_seconds(&self.starts_at)?;
        let ends = unix_seconds(&self.ends_at)?;
        Some(SessionSlot {
            id: self.id.parse().ok()?,
            class: self.class_id.parse().ok()?,
            class_name: Localized::new(self.class_km, self.class_en),
            activity: Localized::new(
                self.activity_km.unwrap_or_default(),
                self.activity_en.unwrap_or_default(),
            ),
            mode: self
                .delivery_mode
                .as_deref()
                .and_then(DeliveryMode::parse)
                .unwrap_or(DeliveryMode::FaceToFace),
            date: Date::in_cambodia(starts),
            start: cambodia_clock(starts),
            end: cambodia_clock(ends),
            place: Localized::new(self.place_km, self.place_en),
            learners: u32::try_from(self.learners).unwrap_or(0),
            marked: u32::try_from(self.marked).unwrap_or(0),
        })
    }
}

/// The columns `SessionRow` reads; callers add `FROM class_sessions s JOIN classes c …`.
pub const SELECT: &str = "SELECT s.id, s.class_id, s.starts_at, s.ends_at, s.place_km, s.place_en, \
    c.name_km AS class_km, c.name_en AS class_en, a.title_km AS activity_km, \
    a.title_en AS activity_en, a.delivery_mode, s.activity_id, \
    (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id) AS learners, \
    (SELECT COUNT(DISTINCT am.learner_id) FROM attendance_marks am WHERE am.session_id = s.id) AS marked ";
