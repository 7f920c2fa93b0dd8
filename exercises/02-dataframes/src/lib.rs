//! Chapter 02: dataframes (roadmap W4 D3-4, "Pandas - DataFrames, Data Cleaning, GroupBy",
//! and W4 D7, "Practice - Analyze a real dataset").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 02` runs the hidden checks, `cargo grader hint 02::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//!
//! Tip: most exercises start by fetching a column by name and checking its type. Write
//! that once, as your own small helper (`fn numeric<'a>(df: &'a DataFrame, name: &str)
//! -> Result<&'a Column, FrameError>`), and reuse it.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::Array2;
use polars::prelude::*;

/// What can go wrong in this chapter: every error names the column and what was found.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// A column name that is not in the frame.
    #[error("no column {column:?}; the columns are: {known}")]
    NoColumn { column: String, known: String },

    /// A column of the wrong type, e.g. text where numbers were expected.
    #[error("column {column:?} should hold {expected}, found dtype {found}")]
    WrongType {
        column: String,
        expected: &'static str,
        found: String,
    },

    /// Anything polars itself refused.
    #[error("polars: {0}")]
    Polars(#[from] PolarsError),

    /// A data set that could not be loaded or converted.
    #[error("data: {0}")]
    Data(#[from] datasets::Error),
}

/// The broad kind of a column, the way you would describe `df.dtypes` in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Whole numbers (`i8` … `u64`).
    Integer,
    /// Floating-point numbers (`f32`, `f64`).
    Float,
    /// Strings.
    Text,
    /// Anything else (booleans, dates, …).
    Other,
}

/// The shape of a frame and the kind of each column, in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaSummary {
    pub rows: usize,
    pub columns: Vec<(String, ColumnKind)>,
}

/// One group of a group-by: its key, how many non-null values, their sum and mean.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    pub key: String,
    pub count: usize,
    pub sum: f64,
    pub mean: f64,
}

/// Per-species summary of the penguins.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeciesSummary {
    pub species: String,
    /// Rows of this species (all of them, whatever is missing).
    pub rows: usize,
    /// Mean of the known values of each measure.
    pub mean_bill_length_mm: f64,
    pub mean_flipper_length_mm: f64,
    pub mean_body_mass_g: f64,
    /// Share of `"female"` among the rows whose sex is known.
    pub female_share: f64,
}

/// Read the CSV file at `path` into a `DataFrame` (`pd.read_csv(path)`): the first line is
/// the header, types are inferred from the whole file, empty fields become nulls.
///
/// ```
/// let path = datasets::path("penguins")?;
/// let df = dataframes::load_csv(&path)?;
/// assert_eq!(df.shape(), (344, 7));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::Polars`] when the file cannot be read or parsed.
///
/// Hints: `cargo grader hint 02::load_csv`.
pub fn load_csv(path: &Path) -> Result<DataFrame, FrameError> {
    todo!()
}

/// The number of rows and, for each column in order, its name and [`ColumnKind`]
/// (`df.shape` and `df.dtypes`).
///
/// ```
/// use dataframes::ColumnKind;
/// let df = datasets::frame("penguins")?;
/// let s = dataframes::schema_summary(&df);
/// assert_eq!(s.rows, 344);
/// assert_eq!(s.columns[0], ("species".to_string(), ColumnKind::Text));
/// assert_eq!(s.columns[2], ("bill_length_mm".to_string(), ColumnKind::Float));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Hints: `cargo grader hint 02::schema_summary`.
pub fn schema_summary(df: &DataFrame) -> SchemaSummary {
    todo!()
}

/// The number of nulls in each column, in column order (`df.isna().sum()`).
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let nulls = dataframes::null_counts(&df);
/// assert_eq!(nulls[6], ("sex".to_string(), 11));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Hints: `cargo grader hint 02::null_counts`.
pub fn null_counts(df: &DataFrame) -> Vec<(String, usize)> {
    todo!()
}

/// Column `name` as `f64` values, `None` where it is null (`df[name].astype(float)`).
/// Integer columns are converted; text columns are refused.
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let mass = dataframes::numeric_column(&df, "body_mass_g")?;
/// assert_eq!(mass[0], Some(3750.0));
/// assert!(dataframes::numeric_column(&df, "species").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] when there is no such column, [`FrameError::WrongType`] when it
/// is not numeric.
///
/// Hints: `cargo grader hint 02::numeric_column`.
pub fn numeric_column(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, FrameError> {
    todo!()
}

/// The rows where `column > threshold`, keeping only the columns `keep` (in that order),
/// sorted by `column` from largest to smallest. Rows where `column` is null are dropped.
///
/// pandas: `df[df[column] > threshold].sort_values(column, ascending=False)[keep]`.
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let big = dataframes::filter_sorted(&df, "body_mass_g", 6000.0, &["species", "body_mass_g"])?;
/// assert_eq!(big.width(), 2);
/// assert!(big.height() > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] for an unknown `column` or name in `keep`,
/// [`FrameError::WrongType`] when `column` is not numeric.
///
/// Hints: `cargo grader hint 02::filter_sorted`.
pub fn filter_sorted(
    df: &DataFrame,
    column: &str,
    threshold: f64,
    keep: &[&str],
) -> Result<DataFrame, FrameError> {
    todo!()
}

/// `df` with one more column, `name = numerator / denominator` as `f64`
/// (`df.assign(name=df[a] / df[b])`). A null on either side gives a null.
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let out = dataframes::add_ratio_column(&df, "bill_length_mm", "bill_depth_mm", "bill_ratio")?;
/// assert_eq!(out.width(), df.width() + 1);
/// let r = dataframes::numeric_column(&out, "bill_ratio")?;
/// assert!((r[0].unwrap() - 39.1 / 18.7).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`] for either input column.
///
/// Hints: `cargo grader hint 02::add_ratio_column`.
pub fn add_ratio_column(
    df: &DataFrame,
    numerator: &str,
    denominator: &str,
    name: &str,
) -> Result<DataFrame, FrameError> {
    todo!()
}

/// Group the rows by the text column `by` and, for the numeric column `value`, give each
/// group's count of non-null values, sum and mean, sorted by key. Rows whose key is null
/// are dropped; nulls in `value` are skipped (pandas' `groupby(by)[value].agg(["count",
/// "sum", "mean"])`).
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let g = dataframes::group_stats(&df, "species", "body_mass_g")?;
/// assert_eq!(g.len(), 3);
/// assert_eq!(g[0].key, "Adelie");
/// assert_eq!(g[0].count, 151); // 152 Adelie rows, one without a mass
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`]: `by` must be text, `value` numeric.
///
/// Hints: `cargo grader hint 02::group_stats`.
pub fn group_stats(df: &DataFrame, by: &str, value: &str) -> Result<Vec<GroupStats>, FrameError> {
    todo!()
}

/// How many times each value of the text column `column` occurs, most frequent first,
/// ties by value in alphabetical order; nulls are not counted (`df[column].value_counts()`).
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let counts = dataframes::value_counts(&df, "island")?;
/// assert_eq!(counts[0], ("Biscoe".to_string(), 168));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`] when `column` is not text.
///
/// Hints: `cargo grader hint 02::value_counts`.
pub fn value_counts(df: &DataFrame, column: &str) -> Result<Vec<(String, usize)>, FrameError> {
    todo!()
}

/// On the telco churn data: for each value of the text column `by`, the share of customers
/// with `churn == "Yes"`, highest rate first (ties by value). Rows with a null `by` are
/// dropped. pandas: `df.groupby(by)["churn"].apply(lambda s: (s == "Yes").mean())`.
///
/// ```
/// let df = datasets::frame("telco_churn")?;
/// let rates = dataframes::churn_rate_by(&df, "contract")?;
/// assert_eq!(rates[0].0, "Month-to-month");
/// assert!(rates[0].1 > 0.4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`] when `by` or `churn` is missing or
/// not text.
///
/// Hints: `cargo grader hint 02::churn_rate_by`.
pub fn churn_rate_by(df: &DataFrame, by: &str) -> Result<Vec<(String, f64)>, FrameError> {
    todo!()
}

/// On the penguins data: one [`SpeciesSummary`] per species, sorted by species name.
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let s = dataframes::species_summary(&df)?;
/// assert_eq!(s.iter().map(|x| x.rows).sum::<usize>(), 344);
/// assert_eq!(s[1].species, "Chinstrap");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`] when a penguin column is missing or
/// of the wrong type.
///
/// Hints: `cargo grader hint 02::species_summary`.
pub fn species_summary(df: &DataFrame) -> Result<Vec<SpeciesSummary>, FrameError> {
    todo!()
}

/// The numeric `columns` of `df` as an `n × columns.len()` matrix, after dropping every row
/// with a null in any of them (`df[columns].dropna().to_numpy()`). The conversion goes
/// through [`datasets::frames::to_array2`].
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let x = dataframes::to_matrix(&df, &["bill_length_mm", "body_mass_g"])?;
/// assert_eq!(x.dim(), (342, 2));
/// assert_eq!(x[[0, 1]], 3750.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FrameError::NoColumn`] / [`FrameError::WrongType`] for a missing or non-numeric column.
///
/// Hints: `cargo grader hint 02::to_matrix`.
pub fn to_matrix(df: &DataFrame, columns: &[&str]) -> Result<Array2<f64>, FrameError> {
    todo!()
}
