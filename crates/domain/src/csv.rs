//! CSV as spreadsheet programs write and read it (RFC 4180): comma-separated, fields
//! with commas, quotes or line breaks in double quotes, rows ending in CRLF, UTF-8 with a
//! byte-order mark so Khmer opens right. A cell a spreadsheet would run as a formula is
//! written with a leading apostrophe, and read back without it.

/// Whether a cell would be read as a formula once its leading apostrophes are gone.
fn formula_like(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// One cell, quoted when it must be, a formula neutralised (with one more leading
/// apostrophe, which reading takes off again).
pub fn field(text: &str) -> String {
    let text = if formula_like(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A whole file: the byte-order mark, then each row.
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The rows of a CSV file (a byte-order mark and blank lines skipped; a quoted field may
/// span lines). `Err` names the line where a quoted field never ends.
pub fn read(text: &str) -> Result<Vec<Vec<String>>, usize> {
    Ok(read_numbered(text)?
        .into_iter()
        .map(|(_, row)| row)
        .collect())
}

/// [`read`], each row with its number as a spreadsheet program shows it (1 for the
/// first; blank rows skipped but counted).
pub fn read_numbered(text: &str) -> Result<Vec<(u32, Vec<String>)>, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut started_on = 1;
    let mut record = 0u32;
    let mut chars = text.chars().peekable();
    let unformula = |cell: String| match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest.to_owned(),
        _ => cell,
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                quoted = true;
                started_on = line;
            }
            ',' => row.push(unformula(std::mem::take(&mut cell))),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                record += 1;
                row.push(unformula(std::mem::take(&mut cell)));
                if row.iter().any(|c| !c.trim().is_empty()) {
                    rows.push((record, std::mem::take(&mut row)));
                } else {
                    row.clear();
                }
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(started_on);
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(unformula(cell));
        if row.iter().any(|c| !c.trim().is_empty()) {
            rows.push((record + 1, row));
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quotes_commas_line_breaks_and_formulas() {
        let rows = vec![
            vec![
                "a,b".to_owned(),
                "say \"hi\"".to_owned(),
                "two\nlines".to_owned(),
            ],
            vec!["=1+1".to_owned(), "ខ្មែរ".to_owned(), String::new()],
        ];
        let text = write(&rows);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("'=1+1"));
        assert_eq!(read(&text), Ok(rows));
    }

    #[test]
    fn blank_lines_are_skipped_and_an_open_quote_is_named() {
        assert_eq!(
            read("a,b\n\n,\nc,d"),
            Ok(vec![
                vec!["a".to_owned(), "b".to_owned()],
                vec!["c".to_owned(), "d".to_owned()]
            ])
        );
        assert_eq!(read("a,b\nc,\"never closed\nx"), Err(2));
    }

    proptest! {
        #[test]
        fn what_is_written_reads_back(rows in proptest::collection::vec(
            proptest::collection::vec("[a-zក-ឳ ,\"'=\\n]{0,8}", 1..5), 1..6)) {
            // Rows of blank cells only are skipped on reading, as in a spreadsheet.
            let kept: Vec<Vec<String>> = rows
                .iter()
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .cloned()
                .collect();
            prop_assert_eq!(read(&write(&rows)), Ok(kept));
        }
    }
}
