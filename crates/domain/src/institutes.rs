//! Institutes as a national administrator creates them: a short code (unique on the
//! server) and a name in Khmer and in English (at least one), with the details of their
//! first admin (checked as any person's, the role being `admin`).

use crate::people::{PersonDetails, PersonFault};
use crate::Role;

/// The longest institute code, in characters.
pub const MAX_CODE: usize = 16;
/// The longest institute name, in characters, in either language.
pub const MAX_INSTITUTE_NAME: usize = 150;

/// What is wrong with an institute's details (each with a code for the query string and
/// a translated message in the app; none shares a code with a [`PersonFault`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstituteFault {
    NoCode,
    /// Not 2–16 of A–Z, 0–9 and `-`, starting with a letter or digit.
    BadCode,
    CodeTaken,
    /// Neither a Khmer nor an English name.
    NoName,
    NameTooLong,
}

impl InstituteFault {
    pub const ALL: [InstituteFault; 5] = [
        InstituteFault::NoCode,
        InstituteFault::BadCode,
        InstituteFault::CodeTaken,
        InstituteFault::NoName,
        InstituteFault::NameTooLong,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InstituteFault::NoCode => "no_code",
            InstituteFault::BadCode => "bad_code",
            InstituteFault::CodeTaken => "code_taken",
            InstituteFault::NoName => "no_institute_name",
            InstituteFault::NameTooLong => "institute_name_too_long",
        }
    }

    pub fn parse(code: &str) -> Option<InstituteFault> {
        InstituteFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Either kind of fault a new institute's form can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewInstituteFault {
    Institute(InstituteFault),
    /// About the first admin.
    Admin(PersonFault),
}

impl NewInstituteFault {
    pub fn code(self) -> &'static str {
        match self {
            NewInstituteFault::Institute(f) => f.code(),
            NewInstituteFault::Admin(f) => f.code(),
        }
    }

    pub fn parse(code: &str) -> Option<NewInstituteFault> {
        InstituteFault::parse(code)
            .map(NewInstituteFault::Institute)
            .or_else(|| PersonFault::parse(code).map(NewInstituteFault::Admin))
    }
}

/// An institute's details as checked: the code in capitals, names trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstituteDetails {
    pub code: String,
    pub name_km: String,
    pub name_en: String,
}

/// A new institute and its first admin, as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInstitute {
    pub institute: InstituteDetails,
    pub admin: PersonDetails,
}

impl InstituteDetails {
    /// Checks the fields, every fault at once.
    pub fn parse(code: &str, name_km: &str, name_en: &str) -> Result<Self, Vec<InstituteFault>> {
        let mut faults = Vec::new();
        let code = code.trim().to_uppercase();
        if code.is_empty() {
            faults.push(InstituteFault::NoCode);
        } else if !code_is_valid(&code) {
            faults.push(InstituteFault::BadCode);
        }
        let (name_km, name_en) = (name_km.trim(), name_en.trim());
        if name_km.is_empty() && name_en.is_empty() {
            faults.push(InstituteFault::NoName);
        }
        if name_km.chars().count() > MAX_INSTITUTE_NAME
            || name_en.chars().count() > MAX_INSTITUTE_NAME
        {
            faults.push(InstituteFault::NameTooLong);
        }
        if faults.is_empty() {
            Ok(InstituteDetails {
                code,
                name_km: name_km.to_owned(),
                name_en: name_en.to_owned(),
            })
        } else {
            Err(faults)
        }
    }
}

impl NewInstitute {
    /// Checks the institute and its first admin together, every fault of both at once.
    pub fn parse(
        institute: [&str; 3],
        admin: [&str; 4],
    ) -> Result<NewInstitute, Vec<NewInstituteFault>> {
        let [code, name_km, name_en] = institute;
        let [admin_km, admin_en, phone, username] = admin;
        let institute = InstituteDetails::parse(code, name_km, name_en);
        let admin = PersonDetails::parse(admin_km, admin_en, Role::Admin.as_str(), phone, username);
        match (institute, admin) {
            (Ok(institute), Ok(admin)) => Ok(NewInstitute { institute, admin }),
            (institute, admin) => {
                let mut faults: Vec<NewInstituteFault> = institute
                    .err()
                    .unwrap_or_default()
                    .into_iter()
                    .map(NewInstituteFault::Institute)
                    .collect();
                faults.extend(
                    admin
                        .err()
                        .unwrap_or_default()
                        .into_iter()
                        .map(NewInstituteFault::Admin),
                );
                Err(faults)
            }
        }
    }
}

fn code_is_valid(code: &str) -> bool {
    let n = code.chars().count();
    (2..=MAX_CODE).contains(&n)
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_institute_is_checked_whole_with_its_first_admin() {
        let ok = NewInstitute::parse(
            [" ptc-svr ", "មជ្ឈមណ្ឌលស្វាយរៀង", ""],
            ["ចាន់ ដារ៉ា", "Chan Dara", "", ""],
        )
        .expect("valid");
        assert_eq!(ok.institute.code, "PTC-SVR");
        assert_eq!(ok.institute.name_en, "");
        assert_eq!(ok.admin.role, Role::Admin);
        assert_eq!(
            NewInstitute::parse(["-X", " ", ""], ["", "", "12", ""]),
            Err(vec![
                NewInstituteFault::Institute(InstituteFault::BadCode),
                NewInstituteFault::Institute(InstituteFault::NoName),
                NewInstituteFault::Admin(PersonFault::NoName),
                NewInstituteFault::Admin(PersonFault::BadPhone),
            ])
        );
        assert_eq!(
            InstituteDetails::parse("", &"ក".repeat(151), ""),
            Err(vec![InstituteFault::NoCode, InstituteFault::NameTooLong])
        );
        assert_eq!(
            InstituteDetails::parse("PTC KPC", "ក", ""),
            Err(vec![InstituteFault::BadCode])
        );
    }

    #[test]
    fn fault_codes_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for f in InstituteFault::ALL
            .map(NewInstituteFault::Institute)
            .into_iter()
            .chain(PersonFault::ALL.map(NewInstituteFault::Admin))
        {
            assert!(seen.insert(f.code()), "{} twice", f.code());
            assert_eq!(NewInstituteFault::parse(f.code()), Some(f));
        }
    }

    proptest! {
        /// Any code that passes is 2–16 capitals, digits and dashes, as stored.
        #[test]
        fn accepted_codes_are_canonical(code in "\\PC{0,20}") {
            if let Ok(details) = InstituteDetails::parse(&code, "ក", "") {
                prop_assert!(code_is_valid(&details.code));
                prop_assert_eq!(details.code.clone(), code.trim().to_uppercase());
            }
        }
    }
}
