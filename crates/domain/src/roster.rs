//! A list of learners from a spreadsheet (`.xlsx` or CSV, in the template Sala offers):
//! a header row naming the columns, then one learner per row. Read whole and checked
//! whole: every problem with its row and column, or the learners.

use crate::people::{PersonDetails, PersonFault};
use crate::spreadsheet::column_letters;

/// The template's columns, in its order. Only one of the two names is required; a row
/// without a username gets one made from the English name.
pub const COLUMNS: [&str; 4] = ["name_km", "name_en", "username", "phone"];
/// The most learners one file may add.
pub const MAX_ROWS: usize = 2_000;

/// What is wrong with a file or one of its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RosterFault {
    /// The header lacks a column (both name columns are needed, even if one is empty).
    MissingColumn,
    /// No learner in the file.
    Empty,
    /// More than [`MAX_ROWS`] learners.
    TooMany,
    /// The same username twice in the file.
    Twice,
    /// Not a CSV (UTF-8) or `.xlsx` file, or too large to read.
    Unreadable,
    /// A phone number stored as a number in a workbook (its leading zero is lost).
    PhoneAsNumber,
    Person(PersonFault),
}

impl RosterFault {
    pub fn code(self) -> String {
        match self {
            RosterFault::MissingColumn => "missing_column".into(),
            RosterFault::Empty => "empty".into(),
            RosterFault::TooMany => "too_many".into(),
            RosterFault::Twice => "twice".into(),
            RosterFault::Unreadable => "unreadable".into(),
            RosterFault::PhoneAsNumber => "phone_as_number".into(),
            RosterFault::Person(f) => f.code().into(),
        }
    }

    pub fn parse(code: &str) -> Option<RosterFault> {
        Some(match code {
            "missing_column" => RosterFault::MissingColumn,
            "empty" => RosterFault::Empty,
            "too_many" => RosterFault::TooMany,
            "twice" => RosterFault::Twice,
            "unreadable" => RosterFault::Unreadable,
            "phone_as_number" => RosterFault::PhoneAsNumber,
            other => RosterFault::Person(PersonFault::parse(other)?),
        })
    }
}

/// One problem: the spreadsheet's row (1 is the header; 0 the whole file) and column
/// (`B (name_en)`; empty for a whole row or file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterProblem {
    pub row: u32,
    pub column: String,
    pub fault: String,
}

/// A learner of the file, with the row they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    pub row: u32,
    pub details: PersonDetails,
}

/// The rows of one sheet (the header first), each with its number in the sheet, as
/// learners, or every problem.
pub fn read(rows: &[(u32, Vec<String>)]) -> Result<Vec<RosterRow>, Vec<RosterProblem>> {
    let problem =
        |row: u32, column: &str, index: Option<usize>, fault: RosterFault| RosterProblem {
            row,
            column: match index {
                Some(i) => format!("{} ({column})", column_letters(i)),
                None => column.to_owned(),
            },
            fault: fault.code(),
        };
    let Some((header_row, header)) = rows.first() else {
        return Err(vec![RosterProblem {
            row: 0,
            column: String::new(),
            fault: RosterFault::Empty.code(),
        }]);
    };
    let index: std::collections::HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_ascii_lowercase(), i))
        .collect();
    let missing: Vec<RosterProblem> = ["name_km", "name_en"]
        .into_iter()
        .filter(|c| !index.contains_key(*c))
        .map(|c| problem(*header_row, c, None, RosterFault::MissingColumn))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let body = &rows[1..];
    if body.is_empty() {
        return Err(vec![file_problem(RosterFault::Empty)]);
    }
    if body.len() > MAX_ROWS {
        return Err(vec![file_problem(RosterFault::TooMany)]);
    }
    let cell = |row: &[String], column: &str| -> String {
        index
            .get(column)
            .and_then(|&i| row.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut learners = Vec::new();
    let mut usernames = std::collections::HashSet::new();
    for (at, row) in body {
        let at = *at;
        let fields = COLUMNS.map(|c| cell(row, c));
        let [km, en, username, phone] = &fields;
        match PersonDetails::parse(km, en, "learner", phone, username) {
            Ok(details) => {
                if let Some(u) = &details.username {
                    if !usernames.insert(u.clone()) {
                        problems.push(problem(
                            at,
                            "username",
                            index.get("username").copied(),
                            RosterFault::Twice,
                        ));
                        continue;
                    }
                }
                learners.push(RosterRow { row: at, details });
            }
            Err(faults) => {
                for fault in faults {
                    let column = match fault {
                        PersonFault::NoName | PersonFault::NameTooLong => {
                            if fault == PersonFault::NameTooLong
                                && km.chars().count() <= crate::people::MAX_NAME
                            {
                                "name_en"
                            } else {
                                "name_km"
                            }
                        }
                        PersonFault::BadPhone => "phone",
                        _ => "username",
                    };
                    problems.push(problem(
                        at,
                        column,
                        index.get(column).copied(),
                        RosterFault::Person(fault),
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(learners)
    } else {
        Err(problems)
    }
}

/// A problem with the whole file.
pub fn file_problem(fault: RosterFault) -> RosterProblem {
    RosterProblem {
        row: 0,
        column: String::new(),
        fault: fault.code(),
    }
}

/// The template: its header row.
pub fn template() -> Vec<Vec<String>> {
    vec![COLUMNS.map(str::to_owned).to_vec()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        crate::csv::read_numbered(text).expect("csv")
    }

    #[test]
    fn a_roster_reads_with_khmer_names_intact() {
        let learners = read(&rows(
            "name_km,name_en,username,phone\r\nសុខ ចាន់ណា,Sok Channa,,012 345 678\r\nស្រី ពៅ,,srey.pov,\r\n",
        ))
        .expect("reads");
        assert_eq!(learners.len(), 2);
        assert_eq!(learners[0].row, 2);
        assert_eq!(learners[0].details.name_km, "សុខ ចាន់ណា");
        assert_eq!(learners[0].details.phone.as_deref(), Some("012345678"));
        assert_eq!(learners[1].details.username.as_deref(), Some("srey.pov"));
        // The columns in another order, upper case, without the optional ones.
        let other = read(&rows("NAME_EN,name_km\r\nDara,ដារា\r\n")).expect("reads");
        assert_eq!(other[0].details.name_en, "Dara");
    }

    #[test]
    fn every_problem_is_listed_with_its_row_and_column() {
        // A blank row is skipped but counted: rows are numbered as the spreadsheet shows them.
        let problems = read(&rows(
            "name_km,name_en,username,phone\r\n,,,012345678\r\n\r\nក,K,bad name,12\r\nខ,Kh,dup,\r\nគ,K,dup,\r\n",
        ))
        .expect_err("broken");
        let seen: Vec<(u32, &str, &str)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.fault.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (2, "A (name_km)", "no_name"),
                (4, "D (phone)", "bad_phone"),
                (4, "C (username)", "bad_username"),
                (6, "C (username)", "twice"),
            ]
        );
        assert_eq!(
            read(&rows("name,phone\r\nx,1\r\n")).expect_err("header")[0].fault,
            "missing_column"
        );
        assert_eq!(
            read(&rows("name_km,name_en\r\n")).expect_err("empty")[0].fault,
            "empty"
        );
        for f in [
            RosterFault::MissingColumn,
            RosterFault::Empty,
            RosterFault::TooMany,
            RosterFault::Twice,
            RosterFault::Unreadable,
            RosterFault::PhoneAsNumber,
            RosterFault::Person(PersonFault::BadPhone),
        ] {
            assert_eq!(RosterFault::parse(&f.code()), Some(f));
        }
    }
}
