//! The sync messages (`POST /api/sync/v1/push`, `GET /api/sync/v1/pull`): what a device
//! sends and what the server answers. The records themselves and the outcomes are the
//! domain's (`domain::sync`); this is their envelope. Protocol: `docs/sync-protocol.md`.

pub use domain::sync::{Outcome, Record, RecordBody, RecordResult, RejectReason};
use domain::DeviceId;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The version of the push/pull messages this code speaks. A server answers every
/// version from [`OLDEST_PROTOCOL`]; a device never sends a newer one than it knows.
/// Version 2 adds the outcome `retry` (the device keeps the record and tries again
/// later); version-1 devices get `rejected` in its place, as they always did.
pub const PROTOCOL_VERSION: u32 = 2;
pub const OLDEST_PROTOCOL: u32 = 1;
/// At most this many records in one push.
pub const MAX_BATCH_RECORDS: usize = 200;
/// At most this many bytes in one push body.
pub const MAX_BATCH_BYTES: usize = 256 * 1024;
/// At most this many records in one pull answer.
pub const MAX_PULL_RECORDS: usize = 500;

/// A push as a device writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub protocol: u32,
    pub device: DeviceId,
    pub records: Vec<Record>,
}

/// A push as the server reads it: the records stay raw JSON and are read one by one
/// (`domain::ingest::read_records`), so one that does not parse (a kind from a newer
/// app, a number out of range) is refused alone.
#[derive(Debug, Deserialize)]
pub struct PushBatch {
    pub protocol: u32,
    pub device: DeviceId,
    pub records: Vec<Box<RawValue>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol: u32,
    /// One result per record, in the order sent.
    pub results: Vec<RecordResult>,
}

/// A pull's query string: `?cursor=…&limit=…`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub cursor: i64,
    pub limit: Option<usize>,
}

/// The answer to a pull: the user's records after `cursor`, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub protocol: u32,
    pub records: Vec<Record>,
    /// Ask again from here.
    pub cursor: i64,
    /// More records wait after `cursor`.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::sync::LearnerState;

    #[test]
    fn todays_client_reads_a_future_servers_messages_and_keeps_what_it_does_not_know() {
        // A pull from a server a year newer: a kind this app has never heard of, fields
        // it does not know on a record it does, and a push answer with an unknown status
        // and an unknown reason.
        let pull = r#"{"protocol":9,"cursor":12,"more":false,"shiny":true,"records":[
            {"id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2030-01-01T00:00:00Z",
             "kind":"portfolio_photo","data":{"hash":"ab12","bytes":311000},"by":null,"flags":["x"]},
            {"id":"00000000-0000-0000-0000-000000000002","seq":2,"at":"2030-01-01T00:00:00Z",
             "kind":"lesson_done","data":{"lesson":"00000000-0000-0000-0000-0000000000aa","device_model":"X"}},
            {"id":"00000000-0000-0000-0000-000000000003","seq":3,"at":"2030-01-01T00:00:00Z",
             "kind":"time_spent","data":{"lesson":"00000000-0000-0000-0000-0000000000aa","seconds":"lots"}}
        ]}"#;
        let answer: PullResponse = serde_json::from_str(pull).expect("never an error");
        assert_eq!(answer.records.len(), 3);
        assert!(
            matches!(&answer.records[0].body, RecordBody::Unknown { kind, .. } if kind == "portfolio_photo")
        );
        assert!(matches!(
            answer.records[1].body,
            RecordBody::LessonDone { .. }
        ));
        assert!(
            matches!(&answer.records[2].body, RecordBody::Unknown { kind, .. } if kind == "time_spent")
        );
        // Kept as it came: written back unchanged.
        let again = serde_json::to_string(&answer.records[0]).expect("json");
        assert!(
            again.contains(r#""kind":"portfolio_photo","data":{"hash":"ab12","bytes":311000}"#),
            "{again}"
        );
        // Skipped by the learner's state, never applied.
        let mut state = LearnerState::default();
        for r in &answer.records {
            state.apply(r);
        }
        let lesson: domain::LessonId = "00000000-0000-0000-0000-0000000000aa".parse().expect("id");
        assert!(state.is_done(lesson));
        assert_eq!(state.seconds_on(lesson), 0);
        let push = r#"{"protocol":9,"results":[
            {"id":"00000000-0000-0000-0000-000000000001","status":"quarantined","reason":"virus_scan"},
            {"id":"00000000-0000-0000-0000-000000000002","status":"rejected","reason":"photo_too_old"},
            {"id":"00000000-0000-0000-0000-000000000003","status":"retry","reason":"daily_limit"}
        ]}"#;
        let answer: PushResponse = serde_json::from_str(push).expect("never an error");
        let outcomes: Vec<Outcome> = answer.results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Deferred(RejectReason::Unrecognised),
                Outcome::Rejected(RejectReason::Unrecognised),
                Outcome::Deferred(RejectReason::DailyLimit),
            ]
        );
    }
}
