//! Identifier newtypes. Every record is keyed by a UUID; records that devices create
//! offline get a client-generated UUIDv7 so they sort by creation time and never clash.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Not an id: the canonical hyphenated form of a UUID was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidId;

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an id")
    }
}

impl std::error::Error for InvalidId {}

/// A UUID in its canonical hyphenated form (`8-4-4-4-12` hex digits), the only form ids
/// take on the wire, in addresses and in the database. Parsed here rather than by the
/// `uuid` crate, whose detailed parse errors cost the browser's wasm more than all of
/// this.
pub fn parse_uuid(text: &str) -> Result<Uuid, InvalidId> {
    let text = text.as_bytes();
    if text.len() != 36 {
        return Err(InvalidId);
    }
    let mut bytes = [0u8; 16];
    let mut at = 0;
    let mut high: Option<u8> = None;
    for (i, &c) in text.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if c != b'-' {
                return Err(InvalidId);
            }
            continue;
        }
        let nibble = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return Err(InvalidId),
        };
        match high.take() {
            None => high = Some(nibble),
            Some(h) => {
                bytes[at] = h << 4 | nibble;
                at += 1;
            }
        }
    }
    Ok(Uuid::from_bytes(bytes))
}

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_uuid(s).map(Self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                parse_uuid(&text).map(Self).map_err(serde::de::Error::custom)
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
    /// One version of a unit's RPL assessment package.
    PackageId,
    /// A candidate's RPL application (made on the device: UUIDv7).
    ApplicationId,
    /// One item of a candidate's evidence portfolio (made on the device: UUIDv7).
    EvidenceId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_in_the_canonical_form_only_and_agree_with_uuid() {
        for text in [
            "00000000-0000-0000-0000-000000000000",
            "0192f5a4-7c1e-7a3b-9f00-1234567890ab",
            "0192F5A4-7C1E-7A3B-9F00-1234567890AB",
        ] {
            assert_eq!(
                parse_uuid(text),
                Ok(Uuid::parse_str(text).expect("uuid")),
                "{text}"
            );
        }
        for bad in [
            "",
            "0192f5a4-7c1e-7a3b-9f00-1234567890a",
            "0192f5a4-7c1e-7a3b-9f00-1234567890abc",
            "0192f5a47c1e-7a3b-9f00-1234567890ab0",
            "0192f5a4-7c1e-7a3b-9f00-1234567890ag",
            "0192f5a4_7c1e-7a3b-9f00-1234567890ab",
            "{0192f5a4-7c1e-7a3b-9f00-1234567890a}",
            "0192f5a4-7c1e-7a3b-9f00-1234567890é",
        ] {
            assert_eq!(parse_uuid(bad), Err(InvalidId), "{bad}");
        }
        let id: LessonId =
            serde_json::from_str("\"0192f5a4-7c1e-7a3b-9f00-1234567890ab\"").expect("json");
        assert_eq!(
            serde_json::to_string(&id).expect("json"),
            "\"0192f5a4-7c1e-7a3b-9f00-1234567890ab\""
        );
        assert!(serde_json::from_str::<LessonId>("\"nope\"").is_err());
    }

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
