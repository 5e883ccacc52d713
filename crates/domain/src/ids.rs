//! Identifier newtypes. Every record is keyed by a UUID; records that devices create
//! offline get a client-generated UUIDv7 so they sort by creation time and never clash.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )+};
}

id_newtype!(
    /// A training institute (the tenant every record belongs to).
    InstituteId,
    /// Any person who signs in: learner, trainer, assessor, curriculum developer, admin.
    UserId,
    QualificationId,
    UnitId,
    ElementId,
    CriterionId,
    /// A versioned blended curriculum of a qualification.
    ProgrammeId,
    ModuleId,
    ActivityId,
    LessonId,
    CheckItemId,
    /// A cohort following one programme version.
    ClassId,
    /// A scheduled face-to-face, live or workplace session of a class.
    SessionId,
    /// One phone or browser profile; chosen by the device the first time it syncs.
    DeviceId,
    /// A record written on a device (UUIDv7 made by the device), the unit of sync.
    RecordId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_json() {
        let text = "0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
        let id: UserId = text.parse().expect("valid uuid");
        assert_eq!(id.to_string(), text);
        let json = serde_json::to_string(&id).expect("json");
        assert_eq!(
            json,
            format!("\"{text}\""),
            "a bare UUID string on the wire"
        );
        assert_eq!(serde_json::from_str::<UserId>(&json).expect("back"), id);
    }

    #[test]
    fn malformed_ids_are_rejected() {
        assert!("not-a-uuid".parse::<SessionId>().is_err());
        assert!("".parse::<ClassId>().is_err());
    }
}
