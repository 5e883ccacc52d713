//! Who a user is to the institute. A role decides which home page and which server
//! functions a user may reach; the server checks it on every call.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Learner,
    Trainer,
    Assessor,
    Curriculum,
    Admin,
    /// A national administrator: creates institutes and their first admins, and is the
    /// only role that sees more than one institute. Belongs to the national office.
    National,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Learner,
        Role::Trainer,
        Role::Assessor,
        Role::Curriculum,
        Role::Admin,
        Role::National,
    ];

    /// The roles an institute's admin may give its people (not `National`: only the
    /// national office has those, made from the command line or by another of them).
    pub const INSTITUTE: [Role; 5] = [
        Role::Learner,
        Role::Trainer,
        Role::Assessor,
        Role::Curriculum,
        Role::Admin,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Trainer => "trainer",
            Role::Assessor => "assessor",
            Role::Curriculum => "curriculum",
            Role::Admin => "admin",
            Role::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The page this role lands on after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Learner => "/learn",
            Role::Trainer => "/teach",
            Role::Assessor => "/assess",
            Role::Curriculum => "/curriculum",
            Role::Admin => "/admin",
            Role::National => "/national",
        }
    }

    /// Whether a page (path, perhaps with a query) is in this role's part of the app:
    /// where signing in may send them back to. (A shared phone's next person is not
    /// sent to the last one's page.)
    pub fn owns(self, page: &str) -> bool {
        let path = page.split('?').next().unwrap_or(page);
        let home = self.home_path();
        path == home
            || path
                .strip_prefix(home)
                .is_some_and(|rest| rest.starts_with('/'))
            || (self == Role::Learner && path == "/check-in")
            || path == "/account"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_owns_its_part_of_the_app() {
        assert!(Role::Learner.owns("/check-in?s=1&c=2"));
        assert!(Role::Learner.owns("/learn/lesson/x"));
        assert!(!Role::Learner.owns("/learning"));
        assert!(!Role::Trainer.owns("/check-in"));
        assert!(Role::Trainer.owns("/teach/session/x"));
        assert!(!Role::Trainer.owns("/learn"));
        assert!(Role::Admin.owns("/admin/attendance"));
        assert!(Role::National.owns("/national/institutes/new"));
        assert!(!Role::National.owns("/admin/people"));
        assert!(!Role::Admin.owns("/national"));
    }

    #[test]
    fn roles_round_trip_and_have_distinct_homes() {
        let mut homes = std::collections::HashSet::new();
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert!(homes.insert(role.home_path()), "{role:?} shares a home");
            assert!(role.home_path().starts_with('/'));
        }
    }

    #[test]
    fn unknown_roles_are_rejected() {
        assert_eq!(Role::parse("Learner"), None);
        assert_eq!(Role::parse(""), None);
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn an_institute_gives_every_role_but_national() {
        assert!(!Role::INSTITUTE.contains(&Role::National));
        assert_eq!(Role::INSTITUTE.len() + 1, Role::ALL.len());
    }
}

/// `path` if it is a path of this site that a redirect may go to, else `None`: it starts
/// with one `/`, holds no backslash and no control character (browsers drop a tab or a
/// newline, and `/\t/evil.example` becomes `//evil.example`, another site), none of those
/// percent-encoded either (in case something decodes twice), and is not too long. The
/// one check every `next` and `back` goes through.
pub fn safe_path(path: &str) -> Option<&str> {
    let bytes = path.as_bytes();
    let encoded_danger = |i: usize| {
        let hex = path
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        matches!(hex, Some(b) if b < 0x20 || b == 0x7f || b == b'\\' || (i == 1 && b == b'/'))
    };
    let fine = bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && path.len() <= 500
        && bytes.iter().enumerate().all(|(i, &b)| {
            b >= 0x20 && b != 0x7f && b != b'\\' && !(b == b'%' && encoded_danger(i))
        });
    fine.then_some(path)
}

#[cfg(test)]
mod safe_path_tests {
    use super::safe_path;

    #[test]
    fn only_paths_of_this_site_pass() {
        for good in [
            "/",
            "/teach?x=1",
            "/check-in?s=a&c=123456",
            "/learn/%E1%9E%9F",
            "/a%2Fb",
        ] {
            assert_eq!(safe_path(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "teach",
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "/\u{7f}/evil.example",
        ] {
            assert_eq!(safe_path(bad), None, "{bad:?}");
        }
        assert_eq!(safe_path(&format!("/{}", "a".repeat(600))), None);
    }
}
