//! Chapter 05: cleaning (roadmap W5 D3-4, "Data Cleaning techniques") — the reference
//! solution.

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

/// Column `name`, or [`CleanError::NoColumn`] listing the real names.
fn get<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column, CleanError> {
    df.column(name).map_err(|_| CleanError::NoColumn {
        column: name.to_string(),
        known: df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Column `name` as `f64` values; it must be numeric.
fn floats(df: &DataFrame, name: &str) -> Result<Float64Chunked, CleanError> {
    let c = get(df, name)?;
    if !c.dtype().is_primitive_numeric() {
        return Err(CleanError::WrongType {
            column: name.to_string(),
            expected: "numbers",
            found: c.dtype().to_string(),
        });
    }
    Ok(c.cast(&DataType::Float64)?.f64()?.clone())
}

/// Column `name`, which must hold text.
fn texts(df: &DataFrame, name: &str) -> Result<StringChunked, CleanError> {
    let c = get(df, name)?;
    Ok(c.str()
        .map_err(|_| CleanError::WrongType {
            column: name.to_string(),
            expected: "text",
            found: c.dtype().to_string(),
        })?
        .clone())
}

/// Key columns must exist and hold no nulls.
fn check_keys(df: &DataFrame, by: &[&str]) -> Result<(), CleanError> {
    for k in by {
        let nulls = get(df, k)?.null_count();
        if nulls > 0 {
            return Err(CleanError::NullKey {
                column: k.to_string(),
                nulls,
            });
        }
    }
    Ok(())
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
    let rows = df.height();
    let mut report: Vec<MissingRow> = df
        .columns()
        .iter()
        .filter(|c| c.null_count() > 0)
        .map(|c| MissingRow {
            column: c.name().to_string(),
            missing: c.null_count(),
            percent: 100.0 * c.null_count() as f64 / rows as f64,
        })
        .collect();
    report.sort_by(|a, b| b.missing.cmp(&a.missing).then(a.column.cmp(&b.column)));
    report
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
    let median = floats(df, column)?
        .median()
        .ok_or_else(|| CleanError::AllMissing {
            column: column.to_string(),
        })?;
    let out = df
        .clone()
        .lazy()
        .with_columns([col(column)
            .cast(DataType::Float64)
            .fill_null(lit(median))
            .alias(column)])
        .collect()?;
    Ok(out)
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
    check_keys(df, by)?;
    let global = floats(df, column)?
        .median()
        .ok_or_else(|| CleanError::AllMissing {
            column: column.to_string(),
        })?;
    let value = col(column).cast(DataType::Float64);
    let keys: Vec<Expr> = by.iter().map(|k| col(*k)).collect();
    let out = df
        .clone()
        .lazy()
        .with_columns([value
            .clone()
            .fill_null(value.median().over(&keys)?)
            .fill_null(lit(global))
            .alias(column)])
        .collect()?;
    Ok(out)
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
    check_keys(df, by)?;
    texts(df, column)?;
    const MODE: &str = "__group_mode";
    let keys: Vec<Expr> = by.iter().map(|k| col(*k)).collect();
    let mut group_then_value: Vec<PlSmallStr> = by.iter().map(|k| PlSmallStr::from(*k)).collect();
    group_then_value.push("__n".into());
    group_then_value.push(column.into());
    let mut descending = vec![false; by.len()];
    descending.extend([true, false]);
    let mut counted = keys.clone();
    counted.push(col(column));
    // Count every (group, value) pair, sort each group's values by count (desc) then by
    // value, and keep the first one: that is the group's mode.
    let modes = df
        .clone()
        .lazy()
        .filter(col(column).is_not_null())
        .group_by(&counted)
        .agg([len().alias("__n")])
        .sort(
            group_then_value,
            SortMultipleOptions::default().with_order_descending_multi(descending),
        )
        .group_by_stable(&keys)
        .agg([col(column).first().alias(MODE)]);
    let global = df
        .clone()
        .lazy()
        .filter(col(column).is_not_null())
        .group_by([col(column)])
        .agg([len().alias("__n")])
        .sort(
            ["__n", column],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .first()
        .collect()?;
    let global = global
        .column(column)?
        .str()?
        .get(0)
        .ok_or_else(|| CleanError::AllMissing {
            column: column.to_string(),
        })?
        .to_string();
    let out = df
        .clone()
        .lazy()
        .join_builder()
        .with(modes)
        .how(JoinType::Left)
        .on(&keys)
        .maintain_order(MaintainOrderJoin::Left)
        .finish()
        .with_columns([col(column)
            .fill_null(col(MODE))
            .fill_null(lit(global))
            .alias(column)])
        .drop(by_name([MODE], true, false))
        .collect()?;
    Ok(out)
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
    let text = texts(df, column)?;
    let mut values: Vec<Option<f64>> = Vec::with_capacity(text.len());
    for (row, v) in text.iter().enumerate() {
        let Some(raw) = v else {
            values.push(None);
            continue;
        };
        let t = raw.trim();
        if MISSING_MARKERS.contains(&t.to_lowercase().as_str()) {
            values.push(None);
            continue;
        }
        let cleaned = t.strip_prefix('$').unwrap_or(t).replace(',', "");
        let parsed = cleaned.parse::<f64>().map_err(|_| CleanError::BadNumber {
            column: column.to_string(),
            row,
            value: raw.to_string(),
        })?;
        values.push(Some(parsed));
    }
    let mut out = df.clone();
    out.replace(column, Column::new(column.into(), values))?;
    Ok(out)
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
    let text = texts(df, column)?;
    let cleaned: StringChunked = text
        .iter()
        .map(|v| {
            v.map(|s| {
                s.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .collect();
    let mut out = df.clone();
    out.replace(column, cleaned.with_name(column.into()).into_column())?;
    Ok(out)
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
    for c in subset {
        get(df, c)?;
    }
    let subset: Vec<String> = subset.iter().map(|s| s.to_string()).collect();
    Ok(df.unique_stable(Some(&subset), UniqueKeepStrategy::First, None)?)
}

/// Sorted known values of a column, for quantiles.
fn quantile_linear(sorted: &Float64Chunked, p: f64) -> Result<f64, CleanError> {
    Ok(sorted
        .quantile(p, QuantileMethod::Linear)?
        .unwrap_or(f64::NAN))
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
    let values = floats(df, column)?;
    let q1 = quantile_linear(&values, 0.25)?;
    let q3 = quantile_linear(&values, 0.75)?;
    let (lo, hi) = (q1 - k * (q3 - q1), q3 + k * (q3 - q1));
    Ok(values
        .iter()
        .map(|v| v.is_some_and(|x| x < lo || x > hi))
        .collect())
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
    let values = floats(df, column)?;
    let mean = values.mean().unwrap_or(f64::NAN);
    let std = values.std(1).unwrap_or(f64::NAN);
    Ok(values
        .iter()
        .map(|v| v.is_some_and(|x| ((x - mean) / std).abs() > threshold))
        .collect())
}
