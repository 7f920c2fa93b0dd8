//! Chapter 04: joins, pivots and time (roadmap W5 D1-2, "Advanced Pandas - Merging, Pivot
//! Tables, Time Series").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 04` runs the hidden checks, `cargo grader hint 04::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//!
//! Tip: the three joins differ only in their `JoinType`: write one private helper that
//! validates the keys and runs the join, and call it three times.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::Array2;
use polars::prelude::*;

/// What can go wrong in this chapter: every error names the column and what was found.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A column name that is not in the frame (`side` says which input: "left", "right"
    /// or "input").
    #[error("no column {column:?} in the {side} frame; its columns are: {known}")]
    NoColumn {
        side: &'static str,
        column: String,
        known: String,
    },

    /// A column of the wrong type, e.g. text where dates were expected.
    #[error("column {column:?} should hold {expected}, found dtype {found}")]
    WrongType {
        column: String,
        expected: &'static str,
        found: String,
    },

    /// A text value that does not match the date format.
    #[error("column {column:?}, row {row}: {value:?} is not a date in the format {format:?}")]
    BadDate {
        column: String,
        row: usize,
        value: String,
        format: String,
    },

    /// A rolling window or lag of length zero.
    #[error("a window or lag must be at least 1, got {0}")]
    BadWindow(usize),

    /// Anything polars itself refused.
    #[error("polars: {0}")]
    Polars(#[from] PolarsError),

    /// The chart could not be drawn or written.
    #[error("chart: {0}")]
    Chart(#[from] charts::ChartError),
}

/// A pivot table: `values[[i, j]]` is the aggregate for row label `index[i]` and column
/// label `columns[j]`, `NaN` where that combination has no value.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotTable {
    /// Row labels, sorted.
    pub index: Vec<String>,
    /// Column labels, sorted.
    pub columns: Vec<String>,
    /// `index.len() × columns.len()`.
    pub values: Array2<f64>,
}

/// How to combine the months of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    /// Totals (passengers per year).
    Sum,
    /// Averages (unemployment per year).
    Mean,
}

/// Inner join (`pd.merge(left, right, on=keys, how="inner")`): one output row for every
/// pair of a `left` row and a `right` row that agree on all `keys`; `left` rows without a
/// partner disappear. The output has `left`'s columns, then `right`'s non-key columns (a
/// name already in `left` gets the suffix `_right`). Rows keep `left`'s order. A null key
/// never matches anything (SQL's rule; pandas differs here).
///
/// ```
/// let flights = datasets::frame("flights/flights_2013_01")?;
/// let airlines = datasets::frame("flights/airlines")?;
/// let named = joins_pivots_time::inner_join(&flights, &airlines, &["carrier"])?;
/// assert_eq!(named.height(), flights.height()); // every carrier is in `airlines`
/// assert!(named.column("name").is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`] naming the frame ("left" or "right") that lacks a key.
///
/// Hints: `cargo grader hint 04::inner_join`.
pub fn inner_join(
    left: &DataFrame,
    right: &DataFrame,
    keys: &[&str],
) -> Result<DataFrame, TableError> {
    todo!()
}

/// Left join (`how="left"`): every `left` row at least once, with `right`'s columns filled
/// in where a partner exists and null where none does. Columns, suffixes, order and null
/// keys as in [`inner_join`].
///
/// ```
/// let flights = datasets::frame("flights/flights_2013_01")?;
/// let planes = datasets::frame("flights/planes")?;
/// let out = joins_pivots_time::left_join(&flights, &planes, &["tailnum"])?;
/// assert_eq!(out.height(), flights.height()); // tail numbers are unique in `planes`
/// assert!(out.column("year_right").is_ok()); // the plane's year, renamed
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`] naming the frame that lacks a key.
///
/// Hints: `cargo grader hint 04::left_join`.
pub fn left_join(
    left: &DataFrame,
    right: &DataFrame,
    keys: &[&str],
) -> Result<DataFrame, TableError> {
    todo!()
}

/// Anti join: the `left` rows that have *no* partner in `right` (only `left`'s columns, in
/// `left`'s order). pandas has no `how="anti"`; the idiom is
/// `merge(..., how="left", indicator=True)` then keeping `_merge == "left_only"`. Rows with
/// a null key have no partner, so they are kept.
///
/// ```
/// let flights = datasets::frame("flights/flights_2013_01")?;
/// let planes = datasets::frame("flights/planes")?;
/// let unknown = joins_pivots_time::anti_join(&flights, &planes, &["tailnum"])?;
/// assert_eq!(unknown.width(), flights.width());
/// assert!(unknown.height() > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`] naming the frame that lacks a key.
///
/// Hints: `cargo grader hint 04::anti_join`.
pub fn anti_join(
    left: &DataFrame,
    right: &DataFrame,
    keys: &[&str],
) -> Result<DataFrame, TableError> {
    todo!()
}

/// A pivot table of means (`pd.pivot_table(df, index=index, columns=columns,
/// values=values, aggfunc="mean")`): one row per value of the text column `index`, one
/// column per value of the text column `columns`, each cell the mean of the known `values`
/// of the rows with that pair. Labels are sorted; rows with a null label are skipped; a
/// cell with no known value is `NaN`.
///
/// ```
/// let flights = datasets::frame("flights/flights_2013_01")?;
/// let p = joins_pivots_time::pivot_mean(&flights, "origin", "carrier", "dep_delay")?;
/// assert_eq!(p.index, ["EWR", "JFK", "LGA"]);
/// assert_eq!(p.values.dim(), (3, p.columns.len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`], and [`TableError::WrongType`] when `index` or `columns` is not
/// text or `values` is not numeric.
///
/// Hints: `cargo grader hint 04::pivot_mean`.
pub fn pivot_mean(
    df: &DataFrame,
    index: &str,
    columns: &str,
    values: &str,
) -> Result<PivotTable, TableError> {
    todo!()
}

/// Parse the text `column` into a `Date` column with the strftime-style `format`
/// (`pd.to_datetime(s, format=format).dt.date`): `%Y` four-digit year, `%m` month, `%d` day.
/// Nulls stay null; any other value that does not match is an error.
///
/// ```
/// use polars::prelude::*;
/// let df = df!["day" => ["31/12/1999", "01/02/2000"]]?;
/// let out = joins_pivots_time::parse_dates(&df, "day", "%d/%m/%Y")?;
/// assert_eq!(out.column("day")?.dtype(), &DataType::Date);
/// let days: Vec<Option<i32>> = out.column("day")?.cast(&DataType::Int32)?.i32()?.iter().collect();
/// assert_eq!(days, [Some(10_956), Some(10_988)]); // days since 1970-01-01
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`], [`TableError::WrongType`] (not text), and
/// [`TableError::BadDate`] naming the first row that does not parse.
///
/// Hints: `cargo grader hint 04::parse_dates`.
pub fn parse_dates(df: &DataFrame, column: &str, format: &str) -> Result<DataFrame, TableError> {
    todo!()
}

/// Resample a monthly series to years: group the rows by the year of the `Date` column
/// `date`, combine the known `value`s of each year by `agg`, and return `(year, value)`
/// pairs sorted by year. pandas: `s.resample("YS").sum()` (or `.mean()`) on a date index.
///
/// ```
/// use joins_pivots_time::{parse_dates, resample_yearly, Agg};
/// let monthly = parse_dates(&datasets::frame("air_passengers")?, "month", "%Y-%m-%d")?;
/// let yearly = resample_yearly(&monthly, "month", "passengers", Agg::Sum)?;
/// assert_eq!(yearly[0], (1949, 1520.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::NoColumn`], and [`TableError::WrongType`] when `date` is not a `Date` or
/// `value` is not numeric.
///
/// Hints: `cargo grader hint 04::resample_yearly`.
pub fn resample_yearly(
    df: &DataFrame,
    date: &str,
    value: &str,
    agg: Agg,
) -> Result<Vec<(i32, f64)>, TableError> {
    todo!()
}

/// `df` with a trailing rolling mean of the numeric `column` added as
/// `"{column}_mean{window}"`: row `i` holds the mean of rows `i − window + 1 ..= i`, and the
/// first `window − 1` rows, which have no full window yet, are null
/// (`s.rolling(window).mean()`).
///
/// ```
/// use polars::prelude::*;
/// let df = df!["x" => [1.0, 2.0, 3.0, 4.0]]?;
/// let out = joins_pivots_time::rolling_mean(&df, "x", 2)?;
/// let m: Vec<Option<f64>> = out.column("x_mean2")?.f64()?.iter().collect();
/// assert_eq!(m, [None, Some(1.5), Some(2.5), Some(3.5)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::BadWindow`] for `window == 0`, [`TableError::NoColumn`],
/// [`TableError::WrongType`] (not numeric).
///
/// Hints: `cargo grader hint 04::rolling_mean`.
pub fn rolling_mean(df: &DataFrame, column: &str, window: usize) -> Result<DataFrame, TableError> {
    todo!()
}

/// `df` with two columns added for the numeric `column`: `"{column}_lag{lag}"`, the value
/// `lag` rows earlier (`s.shift(lag)`; null for the first `lag` rows), and
/// `"{column}_pct{lag}"`, the relative change `x / x_lag − 1` (`s.pct_change(lag)`).
///
/// ```
/// use polars::prelude::*;
/// let df = df!["x" => [100.0, 110.0, 121.0]]?;
/// let out = joins_pivots_time::add_lag(&df, "x", 1)?;
/// let lag: Vec<Option<f64>> = out.column("x_lag1")?.f64()?.iter().collect();
/// assert_eq!(lag, [None, Some(100.0), Some(110.0)]);
/// let pct = out.column("x_pct1")?.f64()?.get(2).unwrap();
/// assert!((pct - 0.1).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::BadWindow`] for `lag == 0`, [`TableError::NoColumn`],
/// [`TableError::WrongType`] (not numeric).
///
/// Hints: `cargo grader hint 04::add_lag`.
pub fn add_lag(df: &DataFrame, column: &str, lag: usize) -> Result<DataFrame, TableError> {
    todo!()
}

/// Draw the monthly series `value` of `df` and its trailing rolling mean of `window` months
/// as a line chart in `path` (PNG or SVG, chosen by the extension; 800 × 500), with
/// [`charts::line_chart`]. The x axis is the fractional year of the `Date` column `date`
/// (`year + (month − 1) / 12`, so March 1950 is 1950.1667); the two series are named
/// `value` and `"{value} ({window}-month mean)"`, and the rolling mean starts at its first
/// full window. pandas: `s.plot(); s.rolling(window).mean().plot()`.
///
/// ```
/// use joins_pivots_time::{parse_dates, plot_trend};
/// let monthly = parse_dates(&datasets::frame("air_passengers")?, "month", "%Y-%m-%d")?;
/// let path = std::env::temp_dir().join("air_passengers_trend.svg");
/// plot_trend(&monthly, "month", "passengers", 12, &path)?;
/// assert!(std::fs::read_to_string(&path)?.contains("passengers (12-month mean)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`TableError::BadWindow`], [`TableError::NoColumn`], [`TableError::WrongType`] (`date`
/// not a `Date`, `value` not numeric), and [`TableError::Chart`] when drawing fails.
///
/// Hints: `cargo grader hint 04::plot_trend`.
pub fn plot_trend(
    df: &DataFrame,
    date: &str,
    value: &str,
    window: usize,
    path: &Path,
) -> Result<(), TableError> {
    todo!()
}
