//! A CSV data set as plain rows of text: the independent route checks use to compute
//! expected values with ordinary loops (no data-frame library involved).

use crate::{files, Error};

/// A CSV file read into memory: a header and rows of fields. An empty field is a
/// missing value.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Read CSV data set `name` (e.g. `"penguins"`, `"flights/airlines"`).
///
/// # Errors
/// Those of [`files::path`], and [`Error::Format`] for a malformed CSV.
pub fn table(name: &str) -> Result<Table, Error> {
    let path = files::path(name)?;
    let mut reader = csv::Reader::from_path(&path).map_err(|e| Error::Format {
        path: path.clone(),
        format: "CSV",
        reason: e.to_string(),
    })?;
    let bad = |e: csv::Error| Error::Format {
        path: path.clone(),
        format: "CSV",
        reason: e.to_string(),
    };
    let headers = reader
        .headers()
        .map_err(bad)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.map_err(bad)?.iter().map(str::to_string).collect());
    }
    Ok(Table {
        name: name.to_string(),
        headers,
        rows,
    })
}

impl Table {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The position of column `column`.
    ///
    /// # Errors
    /// [`Error::NoColumn`], listing the columns there are.
    pub fn index(&self, column: &str) -> Result<usize, Error> {
        self.headers
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| Error::NoColumn {
                name: self.name.clone(),
                column: column.to_string(),
                known: self.headers.join(", "),
            })
    }

    /// The text of every row's field in `column`; `None` where it is empty.
    pub fn column(&self, column: &str) -> Result<Vec<Option<&str>>, Error> {
        let j = self.index(column)?;
        Ok(self
            .rows
            .iter()
            .map(|r| r.get(j).map(String::as_str).filter(|s| !s.is_empty()))
            .collect())
    }

    /// Column `column` parsed as numbers; `None` where the field is empty.
    ///
    /// # Errors
    /// [`Error::NotNumeric`] naming the first row that is neither empty nor a number.
    pub fn f64_column(&self, column: &str) -> Result<Vec<Option<f64>>, Error> {
        let j = self.index(column)?;
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| match r.get(j).map(String::as_str) {
                None | Some("") => Ok(None),
                Some(text) => text.parse().map(Some).map_err(|_| Error::NotNumeric {
                    name: self.name.clone(),
                    column: column.to_string(),
                    row: i,
                    value: text.to_string(),
                }),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penguins_have_344_rows_and_missing_values() {
        let t = table("penguins").unwrap();
        assert_eq!(t.len(), 344);
        let mass = t.f64_column("body_mass_g").unwrap();
        assert_eq!(mass.iter().filter(|m| m.is_none()).count(), 2);
    }

    #[test]
    fn unknown_columns_are_named() {
        let t = table("penguins").unwrap();
        let err = t.column("bill").unwrap_err().to_string();
        assert!(err.contains("no column \"bill\""), "{err}");
        assert!(err.contains("bill_length_mm"), "{err}");
        let err = t.f64_column("species").unwrap_err().to_string();
        assert!(err.contains("\"Adelie\" is not a number"), "{err}");
    }
}
