//! Chapter 05: cleaning (roadmap W5 D3-4, "Data Cleaning techniques").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 05` runs the hidden checks, `cargo grader hint 05::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//!
//! Tip: as in chapter 02, write small private helpers once — "column by name or
//! `CleanError::NoColumn`", "numeric column as `Float64Chunked` or `CleanError::WrongType`"
//! — and reuse them in every exercise.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use polars::prelude::*;

/// What can go wrong while cleaning: every error names the column and what was found.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// A column name that is not in the frame.
    #[error("no column {column:?}; the columns are: {known}")]
    NoColumn { column: String, known: String },

    /// A column of the wrong type, e.g. numbers where text was expected.
    #[error("column {column:?} should hold {expected}, found dtype {found}")]
    WrongType {
        column: String,
        expected: &'static str,
        found: String,
    },

    /// A column with no known value at all: there is nothing to impute from.
    #[error("column {column:?} has no known values to impute from")]
    AllMissing { column: String },

    /// A group-by key column with nulls: which group would those rows belong to?
    #[error("key column {column:?} has {nulls} nulls: fill or drop them before grouping")]
    NullKey { column: String, nulls: usize },

    /// A text value that is neither a number nor a recognised missing marker.
    #[error("column {column:?}, row {row}: {value:?} is not a number")]
    BadNumber {
        column: String,
        row: usize,
        value: String,
    },

    /// Anything polars itself refused.
    #[error("polars: {0}")]
    Polars(#[from] PolarsError),
}

/// One line of a missing-value report.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingRow {
    pub column: String,
    /// Number of nulls.
    pub missing: usize,
    /// `100 · missing / rows`.
    pub percent: f64,
}

/// For every column with at least one null: how many and what percentage of the rows,
/// most missing first (ties by column name). pandas: `df.isna().mean() * 100`, filtered
/// and sorted.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let report = cleaning::missing_report(&df);
/// assert_eq!(report.len(), 1);
/// assert_eq!((report[0].column.as_str(), report[0].missing), ("age", 263));
/// assert!((report[0].percent - 100.0 * 263.0 / 1309.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Hints: `cargo grader hint 05::missing_report`.
pub fn missing_report(df: &DataFrame) -> Vec<MissingRow> {
    todo!()
}

/// `df` with the nulls of the numeric `column` replaced by the median of its known values
/// (`df[c].fillna(df[c].median())`). The column becomes `f64`; the other columns and the
/// known values are untouched.
///
/// The median of sorted values `v₀ ≤ … ≤ vₙ₋₁` is `v_{(n−1)/2}` for odd `n` and the mean of
/// the two middle values for even `n`: for `[1, 3, null, 10]` it is 3, so the result is
/// `[1, 3, 3, 10]`.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let filled = cleaning::fill_median(&df, "age")?;
/// assert_eq!(filled.column("age")?.null_count(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not numeric),
/// [`CleanError::AllMissing`] (no known value).
///
/// Hints: `cargo grader hint 05::fill_median`.
pub fn fill_median(df: &DataFrame, column: &str) -> Result<DataFrame, CleanError> {
    todo!()
}

/// Group-wise median imputation: each null of the numeric `column` becomes the median of the
/// known values in its group (the rows with the same values in the `by` columns); a group
/// with no known value falls back to the median of the whole column. The column becomes
/// `f64`. pandas: `df[c].fillna(df.groupby(by)[c].transform("median")).fillna(df[c].median())`.
///
/// Titanic ages differ a lot by class and sex, so filling by group keeps far more signal
/// than one global median.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let filled = cleaning::fill_group_median(&df, "age", &["pclass", "sex"])?;
/// assert_eq!(filled.column("age")?.null_count(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`], [`CleanError::AllMissing`], and
/// [`CleanError::NullKey`] when a key column has nulls.
///
/// Hints: `cargo grader hint 05::fill_group_median`.
pub fn fill_group_median(
    df: &DataFrame,
    column: &str,
    by: &[&str],
) -> Result<DataFrame, CleanError> {
    todo!()
}

/// Group-wise mode imputation for a text column: each null of `column` becomes the most
/// frequent known value in its group (ties: the alphabetically first); a group with no
/// known value falls back to the mode of the whole column.
/// pandas: `df.groupby(by)[c].transform(lambda s: s.mode().iloc[0])`, then the global mode.
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let filled = cleaning::fill_group_mode(&df, "sex", &["species"])?;
/// assert_eq!(filled.column("sex")?.null_count(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not text),
/// [`CleanError::AllMissing`], [`CleanError::NullKey`].
///
/// Hints: `cargo grader hint 05::fill_group_mode`.
pub fn fill_group_mode(df: &DataFrame, column: &str, by: &[&str]) -> Result<DataFrame, CleanError> {
    todo!()
}

/// Text that means "missing" in a number column, compared after trimming and lower-casing.
pub const MISSING_MARKERS: [&str; 6] = ["", "na", "n/a", "null", "-", "?"];

/// Type repair: the text `column` holds numbers written by people — `" $1,234.50 "`,
/// `"12"`, `"n/a"`. Return `df` with that column as `f64`: trim each value, treat the
/// [`MISSING_MARKERS`] (any case) as null, drop one leading `$` and every `,`, then parse.
/// Nulls stay null. pandas: `pd.to_numeric(s.str.replace(...), errors="raise")`.
///
/// ```
/// use polars::prelude::*;
/// let df = df!["price" => [Some(" $1,250 "), Some("n/a"), None, Some("7.5")]]?;
/// let fixed = cleaning::parse_numbers(&df, "price")?;
/// let v: Vec<Option<f64>> = fixed.column("price")?.f64()?.iter().collect();
/// assert_eq!(v, [Some(1250.0), None, None, Some(7.5)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not text), and
/// [`CleanError::BadNumber`] naming the first row that is neither a number nor a marker.
///
/// Hints: `cargo grader hint 05::parse_numbers`.
pub fn parse_numbers(df: &DataFrame, column: &str) -> Result<DataFrame, CleanError> {
    todo!()
}

/// String normalisation: trim `column`'s values, lower-case them and collapse every run of
/// whitespace (spaces, tabs, newlines) inside them to one space, so that `"  Credit
/// CARD\t(automatic) "` becomes `"credit card (automatic)"`. Nulls stay null.
/// pandas: `s.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)`.
///
/// ```
/// use polars::prelude::*;
/// let df = df!["city" => [Some("  New   YORK "), None]]?;
/// let out = cleaning::normalize_text(&df, "city")?;
/// let v: Vec<Option<&str>> = out.column("city")?.str()?.iter().collect();
/// assert_eq!(v, [Some("new york"), None]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not text).
///
/// Hints: `cargo grader hint 05::normalize_text`.
pub fn normalize_text(df: &DataFrame, column: &str) -> Result<DataFrame, CleanError> {
    todo!()
}

/// Remove duplicate rows, two rows being duplicates when they agree on every column of
/// `subset` (nulls equal to nulls). The first occurrence is kept and the row order is
/// preserved (`df.drop_duplicates(subset, keep="first")`).
///
/// ```
/// let df = datasets::frame("penguins")?;
/// let one_per_species = cleaning::drop_duplicates(&df, &["species"])?;
/// assert_eq!(one_per_species.height(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`] for a name in `subset` that is not in `df`.
///
/// Hints: `cargo grader hint 05::drop_duplicates`.
pub fn drop_duplicates(df: &DataFrame, subset: &[&str]) -> Result<DataFrame, CleanError> {
    todo!()
}

/// IQR outliers of the numeric `column`: with `Q1`, `Q3` the 25th and 75th percentiles of
/// the known values (linear interpolation, NumPy's and pandas' default) and
/// `IQR = Q3 − Q1`, a value is an outlier when it lies below `Q1 − k·IQR` or above
/// `Q3 + k·IQR` (Tukey's fences use `k = 1.5`). One flag per row; nulls are not outliers.
///
/// The `p`-quantile of `n` sorted values sits at position `h = p·(n − 1)`:
/// `v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])`. For `[1, 2, 3, 4, 100]`: Q1 = 2, Q3 = 4,
/// IQR = 2, fences −1 and 7, so only 100 is flagged.
///
/// ```
/// use polars::prelude::*;
/// let df = df!["x" => [1.0, 2.0, 3.0, 4.0, 100.0]]?;
/// assert_eq!(cleaning::iqr_outliers(&df, "x", 1.5)?, [false, false, false, false, true]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not numeric).
///
/// Hints: `cargo grader hint 05::iqr_outliers`.
pub fn iqr_outliers(df: &DataFrame, column: &str, k: f64) -> Result<Vec<bool>, CleanError> {
    todo!()
}

/// z-score outliers of the numeric `column`: `z = (x − mean) / s` with the sample standard
/// deviation `s = √(Σ(x − mean)² / (n − 1))` of the known values (pandas' `std()`); a value
/// is an outlier when `|z| > threshold`. One flag per row; nulls are not outliers.
///
/// ```
/// use polars::prelude::*;
/// let df = df!["x" => [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 50.0]]?;
/// let flags = cleaning::zscore_outliers(&df, "x", 2.5)?;
/// assert_eq!(flags.iter().filter(|&&f| f).count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`CleanError::NoColumn`], [`CleanError::WrongType`] (not numeric).
///
/// Hints: `cargo grader hint 05::zscore_outliers`.
pub fn zscore_outliers(
    df: &DataFrame,
    column: &str,
    threshold: f64,
) -> Result<Vec<bool>, CleanError> {
    todo!()
}
