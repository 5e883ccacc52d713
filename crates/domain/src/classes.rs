//! A class as an institute's admin opens it: a code, a name in Khmer and English (at
//! least one), the published programme version it follows and the day it starts; and
//! the usernames of a list pasted to enrol many learners at once.

use crate::calendar::Date;

/// The longest class name, in characters, in either language.
pub const MAX_NAME: usize = 100;
/// The most learners one list may enrol.
pub const MAX_LIST: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassFault {
    /// Not 2–30 of A–Z, 0–9, `-`, `_`, `.`.
    BadCode,
    /// Another class of the institute has this code.
    CodeTaken,
    NoName,
    NameTooLong,
    /// Not a date (`YYYY-MM-DD`).
    BadDate,
    /// Not a published programme version of the institute.
    NotPublished,
    /// Not an active trainer of the institute.
    NotATrainer,
    /// Not an active learner of the institute (a username in a list).
    NotALearner,
    /// An empty list, or more than [`MAX_LIST`] usernames.
    BadList,
}

impl ClassFault {
    pub const ALL: [ClassFault; 9] = [
        ClassFault::BadCode,
        ClassFault::CodeTaken,
        ClassFault::NoName,
        ClassFault::NameTooLong,
        ClassFault::BadDate,
        ClassFault::NotPublished,
        ClassFault::NotATrainer,
        ClassFault::NotALearner,
        ClassFault::BadList,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClassFault::BadCode => "bad_code",
            ClassFault::CodeTaken => "code_taken",
            ClassFault::NoName => "no_name",
            ClassFault::NameTooLong => "name_too_long",
            ClassFault::BadDate => "bad_date",
            ClassFault::NotPublished => "not_published",
            ClassFault::NotATrainer => "not_a_trainer",
            ClassFault::NotALearner => "not_a_learner",
            ClassFault::BadList => "bad_list",
        }
    }

    pub fn parse(code: &str) -> Option<ClassFault> {
        ClassFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// A new class's details as checked (the code in capitals).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassDetails {
    pub code: String,
    pub name_km: String,
    pub name_en: String,
    pub programme: String,
    pub starts_on: Date,
}

impl ClassDetails {
    /// Checks the form's fields, every fault at once (whether the programme is a
    /// published version of the institute is the store's to say).
    pub fn parse(
        code: &str,
        name_km: &str,
        name_en: &str,
        programme: &str,
        starts_on: &str,
    ) -> Result<ClassDetails, Vec<ClassFault>> {
        let mut faults = Vec::new();
        let code = code.trim().to_ascii_uppercase();
        if !(2..=30).contains(&code.len())
            || !code.bytes().all(|b| {
                b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            })
        {
            faults.push(ClassFault::BadCode);
        }
        let (name_km, name_en) = (name_km.trim(), name_en.trim());
        if name_km.is_empty() && name_en.is_empty() {
            faults.push(ClassFault::NoName);
        }
        if name_km.chars().count() > MAX_NAME || name_en.chars().count() > MAX_NAME {
            faults.push(ClassFault::NameTooLong);
        }
        if programme.trim().is_empty() {
            faults.push(ClassFault::NotPublished);
        }
        let date = Date::parse(starts_on.trim());
        if date.is_none() {
            faults.push(ClassFault::BadDate);
        }
        match date {
            Some(starts_on) if faults.is_empty() => Ok(ClassDetails {
                code,
                name_km: name_km.to_owned(),
                name_en: name_en.to_owned(),
                programme: programme.trim().to_owned(),
                starts_on,
            }),
            _ => Err(faults),
        }
    }
}

/// The usernames of a pasted list: one per line, or separated by commas, semicolons,
/// tabs or spaces (a column copied from a spreadsheet works), lowercased, each once.
pub fn usernames(list: &str) -> Result<Vec<String>, ClassFault> {
    let mut seen = Vec::new();
    for name in list
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let name = name.to_lowercase();
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    if seen.is_empty() || seen.len() > MAX_LIST {
        Err(ClassFault::BadList)
    } else {
        Ok(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_checked_whole() {
        let ok = ClassDetails::parse(" ei-2027-a ", "អគ្គិសនី ក", "Electrical A", "p1", "2027-01-11")
            .expect("valid");
        assert_eq!(ok.code, "EI-2027-A");
        assert_eq!(ok.starts_on, Date::parse("2027-01-11").expect("date"));
        assert_eq!(
            ClassDetails::parse("a", "", " ", "", "11/01/2027"),
            Err(vec![
                ClassFault::BadCode,
                ClassFault::NoName,
                ClassFault::NotPublished,
                ClassFault::BadDate
            ])
        );
        for f in ClassFault::ALL {
            assert_eq!(ClassFault::parse(f.code()), Some(f));
        }
    }

    #[test]
    fn a_pasted_list_of_usernames() {
        assert_eq!(
            usernames("sok.channa\r\nChan.Dara, ly.vanna;\tsok.channa\n\n"),
            Ok(vec![
                "sok.channa".into(),
                "chan.dara".into(),
                "ly.vanna".into()
            ])
        );
        assert_eq!(usernames(" \n "), Err(ClassFault::BadList));
    }
}
