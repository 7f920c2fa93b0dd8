//! Chapter 04: joins, pivots and time (roadmap W5 D1-2, "Advanced Pandas - Merging, Pivot
//! Tables, Time Series") — the reference solution.

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

/// Column `name` of frame `side`, or [`TableError::NoColumn`].
fn get<'a>(df: &'a DataFrame, side: &'static str, name: &str) -> Result<&'a Column, TableError> {
    df.column(name).map_err(|_| TableError::NoColumn {
        side,
        column: name.to_string(),
        known: df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Column `name`, which must have a dtype accepted by `ok`.
fn typed<'a>(
    df: &'a DataFrame,
    name: &str,
    expected: &'static str,
    ok: impl Fn(&DataType) -> bool,
) -> Result<&'a Column, TableError> {
    let c = get(df, "input", name)?;
    if ok(c.dtype()) {
        Ok(c)
    } else {
        Err(TableError::WrongType {
            column: name.to_string(),
            expected,
            found: c.dtype().to_string(),
        })
    }
}

/// The join of `left` and `right` on the `keys` columns (present in both), `how` being
/// inner, left or anti; the rows keep `left`'s order.
fn join(
    left: &DataFrame,
    right: &DataFrame,
    keys: &[&str],
    how: JoinType,
) -> Result<DataFrame, TableError> {
    for k in keys {
        get(left, "left", k)?;
        get(right, "right", k)?;
    }
    let on: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    Ok(left
        .clone()
        .lazy()
        .join_builder()
        .with(right.clone().lazy())
        .how(how)
        .on(on)
        .maintain_order(MaintainOrderJoin::Left)
        .finish()
        .collect()?)
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
    join(left, right, keys, JoinType::Inner)
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
    join(left, right, keys, JoinType::Left)
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
    join(left, right, keys, JoinType::Anti)
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
    typed(df, index, "text", |d| d == &DataType::String)?;
    typed(df, columns, "text", |d| d == &DataType::String)?;
    typed(df, values, "numbers", DataType::is_primitive_numeric)?;
    let long = df
        .clone()
        .lazy()
        .filter(col(index).is_not_null().and(col(columns).is_not_null()))
        .group_by([col(index), col(columns)])
        .agg([col(values).cast(DataType::Float64).mean().alias("__mean")])
        .collect()?;
    let rows = long.column(index)?.str()?.clone();
    let cols = long.column(columns)?.str()?.clone();
    let means = long.column("__mean")?.f64()?.clone();
    let sorted_labels = |ca: &StringChunked| {
        let mut v: Vec<String> = ca.iter().flatten().map(str::to_string).collect();
        v.sort();
        v.dedup();
        v
    };
    let (row_labels, col_labels) = (sorted_labels(&rows), sorted_labels(&cols));
    let mut table = Array2::from_elem((row_labels.len(), col_labels.len()), f64::NAN);
    for i in 0..long.height() {
        let (Some(r), Some(c)) = (rows.get(i), cols.get(i)) else {
            continue;
        };
        let ri = row_labels.binary_search_by(|x| x.as_str().cmp(r)).unwrap();
        let ci = col_labels.binary_search_by(|x| x.as_str().cmp(c)).unwrap();
        table[[ri, ci]] = means.get(i).unwrap_or(f64::NAN);
    }
    Ok(PivotTable {
        index: row_labels,
        columns: col_labels,
        values: table,
    })
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
    let text = typed(df, column, "text", |d| d == &DataType::String)?
        .str()?
        .clone();
    let options = StrptimeOptions {
        format: Some(format.into()),
        strict: false,
        exact: true,
        cache: true,
    };
    let out = df
        .clone()
        .lazy()
        .with_columns([col(column).str().to_date(options)])
        .collect()?;
    let parsed = out.column(column)?;
    // With `strict: false` a failure becomes a null: find the first one that was not null.
    for (row, value) in text.iter().enumerate() {
        if let Some(value) = value {
            if parsed.get(row)?.is_null() {
                return Err(TableError::BadDate {
                    column: column.to_string(),
                    row,
                    value: value.to_string(),
                    format: format.to_string(),
                });
            }
        }
    }
    Ok(out)
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
    typed(df, date, "dates", |d| d == &DataType::Date)?;
    typed(df, value, "numbers", DataType::is_primitive_numeric)?;
    let v = col(value).cast(DataType::Float64);
    let combined = match agg {
        Agg::Sum => v.sum(),
        Agg::Mean => v.mean(),
    };
    let out = df
        .clone()
        .lazy()
        .group_by([col(date).dt().year().alias("year")])
        .agg([combined.alias("value")])
        .sort(["year"], SortMultipleOptions::default())
        .collect()?;
    let years = out.column("year")?.cast(&DataType::Int32)?;
    let values = out.column("value")?.f64()?.clone();
    Ok(years
        .i32()?
        .iter()
        .zip(values.iter())
        .map(|(y, v)| (y.unwrap_or_default(), v.unwrap_or(f64::NAN)))
        .collect())
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
    if window == 0 {
        return Err(TableError::BadWindow(window));
    }
    typed(df, column, "numbers", DataType::is_primitive_numeric)?;
    let options = RollingOptionsFixedWindow {
        window_size: window,
        min_periods: window,
        ..Default::default()
    };
    Ok(df
        .clone()
        .lazy()
        .with_columns([col(column)
            .cast(DataType::Float64)
            .rolling_mean(options)
            .alias(format!("{column}_mean{window}"))])
        .collect()?)
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
    if lag == 0 {
        return Err(TableError::BadWindow(lag));
    }
    typed(df, column, "numbers", DataType::is_primitive_numeric)?;
    let x = col(column).cast(DataType::Float64);
    let lagged = x.clone().shift(lit(lag as i64));
    Ok(df
        .clone()
        .lazy()
        .with_columns([
            lagged.clone().alias(format!("{column}_lag{lag}")),
            (x / lagged - lit(1.0)).alias(format!("{column}_pct{lag}")),
        ])
        .collect()?)
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
    typed(df, date, "dates", |d| d == &DataType::Date)?;
    let with_mean = rolling_mean(df, value, window)?;
    let out = with_mean
        .lazy()
        .select([
            (col(date).dt().year().cast(DataType::Float64)
                + (col(date).dt().month().cast(DataType::Float64) - lit(1.0)) / lit(12.0))
            .alias("t"),
            col(value).cast(DataType::Float64).alias("x"),
            col(format!("{value}_mean{window}")).alias("m"),
        ])
        .collect()?;
    let t = out.column("t")?.f64()?.clone();
    let points = |name: &str| -> Result<Vec<(f64, f64)>, TableError> {
        Ok(t.iter()
            .zip(out.column(name)?.f64()?.iter())
            .filter_map(|(t, y)| Some((t?, y?)))
            .collect())
    };
    let series = [
        charts::Series::new(value, points("x")?),
        charts::Series::new(format!("{value} ({window}-month mean)"), points("m")?),
    ];
    charts::line_chart(
        path,
        &format!("{value}: monthly values and {window}-month rolling mean"),
        "year",
        value,
        &series,
    )?;
    Ok(())
}
