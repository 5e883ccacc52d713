//! Things kept as versions rather than overwritten: attendance marks, and an RPL
//! assessor's judgements and decisions. A version names the versions it replaces (those
//! its author's device showed when they wrote it); a version replaced by another is
//! history, and the versions nobody replaced are the *heads*. One head: that is the
//! value. Several heads: two people wrote without seeing each other's version — a
//! conflict when they say different things, shown to a person who decides (deciding is
//! one more version that replaces every head). Heads are a function of the *set* of
//! versions, so any order of arrival, duplication or replay gives the same heads.

use crate::RecordId;

/// A version: its id, when its author's device wrote it, and what it replaces.
pub trait Version {
    fn id(&self) -> RecordId;
    /// `YYYY-MM-DDTHH:MM:SS…Z` on the author's device.
    fn at(&self) -> &str;
    fn replaces(&self) -> &[RecordId];
}

/// The versions among `versions` that no other of them replaces, oldest first (by time,
/// then id: the last is the one that counts until someone decides).
pub fn heads<'a, V: Version + 'a, I>(versions: I) -> Vec<&'a V>
where
    I: Iterator<Item = &'a V> + Clone,
{
    let all = versions.clone();
    let mut heads: Vec<&V> = versions
        .filter(|v| !all.clone().any(|other| other.replaces().contains(&v.id())))
        .collect();
    heads.sort_by(|a, b| a.at().cmp(b.at()).then(a.id().cmp(&b.id())));
    heads.dedup_by(|a, b| a.id() == b.id());
    heads
}
