//! Building a statement of variable length (multi-row inserts, `IN` lists): numbered
//! `$1, $2, …` placeholders on PostgreSQL (sqlx's own `QueryBuilder` for the `Any`
//! driver writes `?`, which PostgreSQL refuses), anonymous `?` on SQLite — where each
//! named parameter costs a lookup that walks the list of names (binding a 900-parameter
//! insert with `$N` took a quarter of ingest's time).

use crate::db::Backend;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};
use std::fmt::Write;

pub(crate) struct Sql {
    backend: Backend,
    text: String,
    args: AnyArguments<'static>,
    count: usize,
    /// Whether the next `item` is the first of its list (no comma before it).
    first: bool,
    failed: Option<sqlx::error::BoxDynError>,
}

impl Sql {
    pub(crate) fn new(backend: Backend, text: &str) -> Sql {
        Sql {
            backend,
            text: text.to_owned(),
            args: AnyArguments::default(),
            count: 0,
            first: true,
            failed: None,
        }
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// A placeholder for `value`.
    pub(crate) fn bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: Encode<'static, Any> + Type<Any> + 'static,
    {
        self.count += 1;
        match self.backend {
            Backend::Postgres => {
                let _ = write!(self.text, "${}", self.count);
            }
            Backend::Sqlite => self.text.push('?'),
        }
        if let Err(e) = self.args.add(value) {
            self.failed.get_or_insert(e);
        }
        self
    }

    /// Opens a parenthesised list: `(`.
    pub(crate) fn open(&mut self) -> &mut Sql {
        self.first = true;
        self.push("(")
    }

    /// The next value of the open list, after a comma unless it is the first.
    pub(crate) fn item<T>(&mut self, value: T) -> &mut Sql
    where
        T: Encode<'static, Any> + Type<Any> + 'static,
    {
        if !std::mem::take(&mut self.first) {
            self.text.push_str(", ");
        }
        self.bind(value)
    }

    /// Closes the list: `)`.
    pub(crate) fn close(&mut self) -> &mut Sql {
        self.push(")")
    }

    /// `(v1, v2, …)` of every value.
    pub(crate) fn list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Sql
    where
        T: Encode<'static, Any> + Type<Any> + 'static,
    {
        self.open();
        for value in values {
            self.item(value);
        }
        self.close()
    }

    /// The statement's text and its arguments.
    pub(crate) fn finish(self) -> Result<(String, AnyArguments<'static>), sqlx::Error> {
        match self.failed {
            Some(e) => Err(sqlx::Error::Encode(e)),
            None => Ok((self.text, self.args)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut q = Sql::new(Backend::Postgres, "INSERT INTO t (a, b) VALUES ");
        for (i, (a, b)) in [("x", 1_i64), ("y", 2)].into_iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.open().item(a.to_owned()).item(b).close();
        }
        q.push(" WHERE c IN ")
            .list(["p".to_owned(), "q".to_owned()]);
        let (text, _) = q.finish().expect("encodes");
        assert_eq!(
            text,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) WHERE c IN ($5, $6)"
        );
        let mut q = Sql::new(Backend::Sqlite, "SELECT 1 WHERE c IN ");
        q.list(["p".to_owned(), "q".to_owned()]);
        assert_eq!(q.finish().expect("encodes").0, "SELECT 1 WHERE c IN (?, ?)");
    }
}
