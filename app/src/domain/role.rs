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
}

impl Role {
    pub const ALL: [Role; 5] = [
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
}
