use std::path::PathBuf;

/// What can go wrong when a data set is loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown data set {name:?}; the data sets are: {known}")]
    Unknown { name: String, known: String },

    #[error("data file {path} is missing: the workbook ships it in datasets/data/ (restore it with `git checkout -- datasets/data`)")]
    Missing { path: PathBuf },

    #[error("data file {path} has been altered: its SHA-256 is {found}, expected {expected} (restore it with `git checkout -- datasets/data`)")]
    Checksum {
        path: PathBuf,
        expected: String,
        found: String,
    },

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path} is not a valid {format} file: {reason}")]
    Format {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },

    #[error("data set {name:?} has no column {column:?}; its columns are: {known}")]
    NoColumn {
        name: String,
        column: String,
        known: String,
    },

    #[error("data set {name:?}, column {column:?}, row {row}: {value:?} is not a number")]
    NotNumeric {
        name: String,
        column: String,
        row: usize,
        value: String,
    },

    #[cfg(feature = "frames")]
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}
