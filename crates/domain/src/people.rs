//! An institute's people as its admin adds and edits them: a name in Khmer and in English
//! (at least one), a role, an optional phone and username; how usernames are made when
//! none is given; and the one-time codes of sign-in slips.

use crate::Role;

/// The longest name, in characters, in either language.
pub const MAX_NAME: usize = 100;
/// A sign-in slip's code: this many characters of [`CODE_ALPHABET`] (40 bits).
pub const CODE_LEN: usize = 8;
/// Capital letters and digits that cannot be read as one another (no I, O, 0 or 1): a
/// code is copied by hand from paper. 32 symbols, so a random byte picks one unbiased.
pub const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// How long a slip's code works, in days.
pub const SLIP_DAYS: i64 = 14;
/// The shortest password a person may choose (a phone's keyboard; no other rule).
pub const MIN_PASSWORD: usize = 8;

/// What is wrong with a person's details (each with a code for the query string and a
/// translated message in the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonFault {
    /// Neither a Khmer nor an English name.
    NoName,
    NameTooLong,
    BadRole,
    /// Not 8–15 digits (spaces, dashes and a leading + allowed).
    BadPhone,
    /// Not 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit.
    BadUsername,
    UsernameTaken,
    /// An admin may not deactivate themselves or change their own role.
    OwnAccount,
    /// A deactivated person gets no slip.
    Deactivated,
}

impl PersonFault {
    pub const ALL: [PersonFault; 8] = [
        PersonFault::NoName,
        PersonFault::NameTooLong,
        PersonFault::BadRole,
        PersonFault::BadPhone,
        PersonFault::BadUsername,
        PersonFault::UsernameTaken,
        PersonFault::OwnAccount,
        PersonFault::Deactivated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PersonFault::NoName => "no_name",
            PersonFault::NameTooLong => "name_too_long",
            PersonFault::BadRole => "bad_role",
            PersonFault::BadPhone => "bad_phone",
            PersonFault::BadUsername => "bad_username",
            PersonFault::UsernameTaken => "username_taken",
            PersonFault::OwnAccount => "own_account",
            PersonFault::Deactivated => "deactivated",
        }
    }

    pub fn parse(code: &str) -> Option<PersonFault> {
        PersonFault::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// A person's details as checked: names trimmed, phone in digits (with its `+`),
/// username lowercase (`None`: make one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonDetails {
    pub name_km: String,
    pub name_en: String,
    pub role: Role,
    pub phone: Option<String>,
    pub username: Option<String>,
}

impl PersonDetails {
    /// Checks the form's fields, every fault at once.
    pub fn parse(
        name_km: &str,
        name_en: &str,
        role: &str,
        phone: &str,
        username: &str,
    ) -> Result<PersonDetails, Vec<PersonFault>> {
        let mut faults = Vec::new();
        let (name_km, name_en) = (name_km.trim(), name_en.trim());
        if name_km.is_empty() && name_en.is_empty() {
            faults.push(PersonFault::NoName);
        }
        if name_km.chars().count() > MAX_NAME || name_en.chars().count() > MAX_NAME {
            faults.push(PersonFault::NameTooLong);
        }
        // An institute's people: never `national` (that is the national office's).
        let role = Role::parse(role.trim()).filter(|r| Role::INSTITUTE.contains(r));
        if role.is_none() {
            faults.push(PersonFault::BadRole);
        }
        let phone = match phone.trim() {
            "" => None,
            typed => {
                let normalized = normalize_phone(typed);
                if normalized.is_none() {
                    faults.push(PersonFault::BadPhone);
                }
                normalized
            }
        };
        let username = match username.trim() {
            "" => None,
            typed => {
                let lower = typed.to_lowercase();
                if !valid_username(&lower) {
                    faults.push(PersonFault::BadUsername);
                }
                Some(lower)
            }
        };
        match role {
            Some(role) if faults.is_empty() => Ok(PersonDetails {
                name_km: name_km.to_owned(),
                name_en: name_en.to_owned(),
                role,
                phone,
                username,
            }),
            _ => Err(faults),
        }
    }
}

/// A phone number as digits with an optional leading `+`; `None` unless it has 8–15
/// digits and nothing but spaces, dashes, dots and brackets between them.
pub fn normalize_phone(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let (plus, rest) = match typed.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", typed),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (8..=15)
        .contains(&digits.len())
        .then(|| format!("{plus}{digits}"))
}

/// 3–32 of `a-z 0-9 . _ -`, starting with a letter or a digit.
pub fn valid_username(username: &str) -> bool {
    let bytes = username.as_bytes();
    (3..=32).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// The username made for a person who was given none: the Latin letters and digits of
/// their English name, words joined by dots (`Sok Channa` → `sok.channa`), at most 24
/// characters; the role's name when the English name has none. [`username_candidates`]
/// adds a number when it is taken.
pub fn username_base(name_en: &str, role: Role) -> String {
    let mut base = String::new();
    for word in name_en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        let room = 24usize.saturating_sub(base.len() + usize::from(!base.is_empty()));
        if room == 0 {
            break;
        }
        if !base.is_empty() {
            base.push('.');
        }
        base.extend(word.chars().take(room));
    }
    if base.len() < 3 {
        base = role.as_str().to_owned();
    }
    base
}

/// `base`, then `base2`, `base3`, … — the usernames tried in turn.
pub fn username_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_owned()).chain((2u32..).map(move |n| format!("{base}{n}")))
}

/// A slip's code from [`CODE_LEN`] random bytes.
pub fn slip_code(random: [u8; CODE_LEN]) -> String {
    random
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
        .collect()
}

/// A code as typed (any case, with spaces or a dash) in its stored form; `None` when it
/// cannot be one.
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// A code as printed: two groups of four (`ABCD-EFGH`).
pub fn show_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(4));
    format!("{a}-{b}")
}

/// What is wrong with a new password and its repetition, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordFault {
    TooShort,
    TooLong,
    NotTheSame,
}

impl PasswordFault {
    pub fn code(self) -> &'static str {
        match self {
            PasswordFault::TooShort => "too_short",
            PasswordFault::TooLong => "too_long",
            PasswordFault::NotTheSame => "not_the_same",
        }
    }

    pub fn parse(code: &str) -> Option<PasswordFault> {
        [
            PasswordFault::TooShort,
            PasswordFault::TooLong,
            PasswordFault::NotTheSame,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }
}

/// A new password: at least [`MIN_PASSWORD`] characters, at most 1,000 bytes, typed the
/// same twice.
pub fn check_new_password(password: &str, again: &str) -> Result<(), PasswordFault> {
    if password.chars().count() < MIN_PASSWORD {
        Err(PasswordFault::TooShort)
    } else if password.len() > 1000 {
        Err(PasswordFault::TooLong)
    } else if password != again {
        Err(PasswordFault::NotTheSame)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn details_are_checked_whole() {
        let ok = PersonDetails::parse(" សុខ ចាន់ណា ", "Sok Channa", "learner", "012 345 678", "")
            .expect("valid");
        assert_eq!(ok.name_km, "សុខ ចាន់ណា");
        assert_eq!(ok.phone.as_deref(), Some("012345678"));
        assert_eq!(ok.username, None);
        assert_eq!(
            PersonDetails::parse("", " ", "janitor", "12ab", "A"),
            Err(vec![
                PersonFault::NoName,
                PersonFault::BadRole,
                PersonFault::BadPhone,
                PersonFault::BadUsername
            ])
        );
        // A Khmer name alone is enough; a username is lowercased.
        let km = PersonDetails::parse("ស្រី ពៅ", "", "trainer", "+855 12-345-678", "Srey.Pov")
            .expect("valid");
        assert_eq!(km.phone.as_deref(), Some("+85512345678"));
        assert_eq!(km.username.as_deref(), Some("srey.pov"));
        assert_eq!(
            PersonDetails::parse(&"ក".repeat(101), "", "learner", "", ""),
            Err(vec![PersonFault::NameTooLong])
        );
        for f in PersonFault::ALL {
            assert_eq!(PersonFault::parse(f.code()), Some(f));
        }
        // Only the national office has national administrators.
        assert_eq!(
            PersonDetails::parse("ក", "K", "national", "", ""),
            Err(vec![PersonFault::BadRole])
        );
    }

    #[test]
    fn usernames_are_made_from_the_english_name() {
        assert_eq!(username_base("Sok Channa", Role::Learner), "sok.channa");
        assert_eq!(
            username_base("  Chea-Dara  O'Neil ", Role::Learner),
            "chea.dara.o.neil"
        );
        assert_eq!(username_base("", Role::Trainer), "trainer");
        assert_eq!(username_base("ស្រី ពៅ", Role::Learner), "learner");
        assert_eq!(
            username_base("Abcdefghij Klmnopqrst Uvwxyz", Role::Learner),
            "abcdefghij.klmnopqrst.uv"
        );
        let tried: Vec<_> = username_candidates("sok").take(3).collect();
        assert_eq!(tried, ["sok", "sok2", "sok3"]);
    }

    #[test]
    fn codes_read_back_as_typed_from_paper() {
        let code = slip_code([0, 31, 32, 255, 7, 8, 100, 200]);
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(
            normalize_code(&show_code(&code).to_lowercase()),
            Some(code.clone())
        );
        assert_eq!(normalize_code(" abcd efgh "), Some("ABCDEFGH".into()));
        assert_eq!(normalize_code("ABCD-EFG0"), None, "no zero in the alphabet");
        assert_eq!(normalize_code("ABCD"), None);
        assert_eq!(show_code("ABCDEFGH"), "ABCD-EFGH");
    }

    #[test]
    fn new_passwords() {
        assert_eq!(
            check_new_password("short", "short"),
            Err(PasswordFault::TooShort)
        );
        assert_eq!(
            check_new_password("long enough", "long enougH"),
            Err(PasswordFault::NotTheSame)
        );
        assert_eq!(check_new_password("ពាក្យសម្ងាត់ថ្មី", "ពាក្យសម្ងាត់ថ្មី"), Ok(()));
    }

    proptest! {
        #[test]
        fn made_usernames_are_valid(name in "\\PC{0,60}", n in 0usize..5) {
            let base = username_base(&name, Role::Learner);
            for candidate in username_candidates(&base).take(n + 1) {
                prop_assert!(valid_username(&candidate), "{candidate}");
            }
        }

        #[test]
        fn every_code_normalizes_to_itself(random in proptest::array::uniform8(any::<u8>())) {
            let code = slip_code(random);
            prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            prop_assert_eq!(normalize_code(&show_code(&code)), Some(code));
        }
    }
}
