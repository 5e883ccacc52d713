//! A class as an institute's admin opens it: a code, a name in Khmer and English (at
//! least one), the published programme version it follows and the day it starts; and
//! the usernames of a list pasted, or of a file's `username` column, to enrol many learners
//! at once.

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
    /// A file to enrol from whose first row has no `username` column.
    NoUsernameColumn,
    /// A file to enrol from with rows that hold something but no username.
    NoUsernameInRow,
    /// A file to enrol from that is neither CSV (UTF-8) nor an `.xlsx` workbook.
    UnreadableFile,
}

impl ClassFault {
    pub const ALL: [ClassFault; 12] = [
        ClassFault::BadCode,
        ClassFault::CodeTaken,
        ClassFault::NoName,
        ClassFault::NameTooLong,
        ClassFault::BadDate,
        ClassFault::NotPublished,
        ClassFault::NotATrainer,
        ClassFault::NotALearner,
        ClassFault::BadList,
        ClassFault::NoUsernameColumn,
        ClassFault::NoUsernameInRow,
        ClassFault::UnreadableFile,
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
            ClassFault::NoUsernameColumn => "no_username_column",
            ClassFault::NoUsernameInRow => "no_username_in_row",
            ClassFault::UnreadableFile => "unreadable_file",
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

/// Why a file enrols nobody: the fault, and for [`ClassFault::NoUsernameInRow`] the rows
/// (numbered as the file shows them) that hold something but no username.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRefusal {
    pub fault: ClassFault,
    pub rows: Vec<u32>,
}

impl From<ClassFault> for FileRefusal {
    fn from(fault: ClassFault) -> Self {
        FileRefusal {
            fault,
            rows: Vec::new(),
        }
    }
}

/// The usernames of a spreadsheet's rows (CSV, or the first sheet of an `.xlsx`): the
/// column headed `username` (in any case) in the first row, read as a pasted list is.
/// Every row that holds anything must name someone — a row left without a username (as
/// an import file may, when Sala made the usernames) refuses the file, so a file never
/// enrols only part of the people in it. Empty rows are skipped.
pub fn usernames_of_rows(rows: &[(u32, Vec<String>)]) -> Result<Vec<String>, FileRefusal> {
    let Some((_, header)) = rows.first() else {
        return Err(ClassFault::BadList.into());
    };
    let column = header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("username"))
        .ok_or(ClassFault::NoUsernameColumn)?;
    let mut cells = Vec::new();
    let mut without = Vec::new();
    for (n, row) in &rows[1..] {
        match row.get(column).map(|c| c.trim()).filter(|c| !c.is_empty()) {
            Some(name) => cells.push(name),
            None if row.iter().any(|c| !c.trim().is_empty()) => without.push(*n),
            None => {}
        }
    }
    if !without.is_empty() {
        return Err(FileRefusal {
            fault: ClassFault::NoUsernameInRow,
            rows: without,
        });
    }
    Ok(usernames(&cells.join("\n"))?)
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

    #[test]
    fn a_file_enrols_by_its_username_column() {
        let row = |n: u32, cells: &[&str]| (n, cells.iter().map(|c| (*c).to_owned()).collect());
        let rows = vec![
            row(1, &["name_km", "name_en", "Username"]),
            row(2, &["សុខ ចាន់ណា", "Sok Channa", "Sok.Channa"]),
            row(4, &["", " "]),
            row(5, &["លី វណ្ណា", "Ly Vanna", " ly.vanna "]),
            row(6, &["", "", "sok.channa"]),
        ];
        assert_eq!(
            usernames_of_rows(&rows),
            Ok(vec!["sok.channa".into(), "ly.vanna".into()]),
            "an empty row is skipped, a name twice counts once"
        );
        let mut gaps = rows.clone();
        gaps.push(row(7, &["ចាន់ ដារា", "Chan Dara"]));
        gaps.push(row(9, &["", "Mao Vichet", " "]));
        assert_eq!(
            usernames_of_rows(&gaps),
            Err(FileRefusal {
                fault: ClassFault::NoUsernameInRow,
                rows: vec![7, 9]
            }),
            "rows without a username refuse the file"
        );
        assert_eq!(
            usernames_of_rows(&rows[..1]),
            Err(ClassFault::BadList.into()),
            "a header alone"
        );
        assert_eq!(
            usernames_of_rows(&[row(1, &["name_en", "phone"]), row(2, &["Sok", "012"])]),
            Err(ClassFault::NoUsernameColumn.into())
        );
        assert_eq!(usernames_of_rows(&[]), Err(ClassFault::BadList.into()));
    }
}
