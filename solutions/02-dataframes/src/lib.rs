//! Chapter 02: dataframes (roadmap W4 D3-4, "Pandas - DataFrames, Data Cleaning, GroupBy",
//! and W4 D7, "Practice - Analyze a real dataset") — the reference solution.

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

/// The error for a missing column, listing the columns there are.
fn no_column(df: &DataFrame, column: &str) -> FrameError {
    let known: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    FrameError::NoColumn {
        column: column.to_string(),
        known: known.join(", "),
    }
}

/// Column `name`, or [`FrameError::NoColumn`].
fn get<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column, FrameError> {
    df.column(name).map_err(|_| no_column(df, name))
}

/// Column `name`, which must be numeric.
fn numeric<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column, FrameError> {
    let c = get(df, name)?;
    if c.dtype().is_primitive_numeric() {
        Ok(c)
    } else {
        Err(FrameError::WrongType {
            column: name.to_string(),
            expected: "numbers",
            found: c.dtype().to_string(),
        })
    }
}

/// Column `name`, which must hold text.
fn text<'a>(df: &'a DataFrame, name: &str) -> Result<&'a StringChunked, FrameError> {
    let c = get(df, name)?;
    c.str().map_err(|_| FrameError::WrongType {
        column: name.to_string(),
        expected: "text",
        found: c.dtype().to_string(),
    })
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
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()?;
    Ok(df)
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
    let columns = df
        .columns()
        .iter()
        .map(|c| {
            let dtype = c.dtype();
            let kind = if dtype.is_integer() {
                ColumnKind::Integer
            } else if dtype.is_float() {
                ColumnKind::Float
            } else if dtype == &DataType::String {
                ColumnKind::Text
            } else {
                ColumnKind::Other
            };
            (c.name().to_string(), kind)
        })
        .collect();
    SchemaSummary {
        rows: df.height(),
        columns,
    }
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
    df.columns()
        .iter()
        .map(|c| (c.name().to_string(), c.null_count()))
        .collect()
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
    let c = numeric(df, name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
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
    numeric(df, column)?;
    for k in keep {
        get(df, k)?;
    }
    let out = df
        .clone()
        .lazy()
        .filter(col(column).cast(DataType::Float64).gt(lit(threshold)))
        .sort(
            [column],
            SortMultipleOptions::default()
                .with_order_descending(true)
                .with_maintain_order(true),
        )
        .select(keep.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .collect()?;
    Ok(out)
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
    numeric(df, numerator)?;
    numeric(df, denominator)?;
    let out = df
        .clone()
        .lazy()
        .with_columns([(col(numerator).cast(DataType::Float64)
            / col(denominator).cast(DataType::Float64))
        .alias(name)])
        .collect()?;
    Ok(out)
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
    text(df, by)?;
    numeric(df, value)?;
    let v = col(value).cast(DataType::Float64);
    let out = df
        .clone()
        .lazy()
        .filter(col(by).is_not_null())
        .group_by([col(by)])
        .agg([
            v.clone().count().alias("count"),
            v.clone().sum().alias("sum"),
            v.mean().alias("mean"),
        ])
        .sort([by], SortMultipleOptions::default())
        .collect()?;
    let keys = out.column(by)?.str()?.clone();
    let counts = out.column("count")?.cast(&DataType::UInt64)?;
    let sums = out.column("sum")?.f64()?.clone();
    let means = out.column("mean")?.f64()?.clone();
    let mut stats = Vec::with_capacity(out.height());
    for (i, count) in counts.u64()?.iter().enumerate() {
        stats.push(GroupStats {
            key: keys.get(i).unwrap_or_default().to_string(),
            count: count.unwrap_or(0) as usize,
            sum: sums.get(i).unwrap_or(0.0),
            mean: means.get(i).unwrap_or(f64::NAN),
        });
    }
    Ok(stats)
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
    text(df, column)?;
    let out = df
        .clone()
        .lazy()
        .filter(col(column).is_not_null())
        .group_by([col(column)])
        .agg([len().alias("n")])
        .sort(
            ["n", column],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    let values = out.column(column)?.str()?.clone();
    let counts = out.column("n")?.cast(&DataType::UInt64)?;
    Ok(values
        .iter()
        .zip(counts.u64()?.iter())
        .map(|(v, n)| (v.unwrap_or_default().to_string(), n.unwrap_or(0) as usize))
        .collect())
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
    text(df, "churn")?;
    text(df, by)?;
    let out = df
        .clone()
        .lazy()
        .filter(col(by).is_not_null())
        .group_by([col(by)])
        .agg([col("churn")
            .eq(lit("Yes"))
            .cast(DataType::Float64)
            .mean()
            .alias("rate")])
        .sort(
            ["rate", by],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    let keys = out.column(by)?.str()?.clone();
    let rates = out.column("rate")?.f64()?.clone();
    Ok(keys
        .iter()
        .zip(rates.iter())
        .map(|(k, r)| (k.unwrap_or_default().to_string(), r.unwrap_or(f64::NAN)))
        .collect())
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
    text(df, "species")?;
    text(df, "sex")?;
    for c in ["bill_length_mm", "flipper_length_mm", "body_mass_g"] {
        numeric(df, c)?;
    }
    let mean = |c: &str| col(c).cast(DataType::Float64).mean().alias(c);
    let out = df
        .clone()
        .lazy()
        .group_by([col("species")])
        .agg([
            len().alias("rows"),
            mean("bill_length_mm"),
            mean("flipper_length_mm"),
            mean("body_mass_g"),
            // The mean of a boolean skips nulls: female / (female + male).
            col("sex")
                .eq(lit("female"))
                .cast(DataType::Float64)
                .mean()
                .alias("female_share"),
        ])
        .sort(["species"], SortMultipleOptions::default())
        .collect()?;
    let species = out.column("species")?.str()?.clone();
    let rows = out.column("rows")?.cast(&DataType::UInt64)?;
    let rows = rows.u64()?;
    let f = |c: &str| -> Result<Float64Chunked, FrameError> { Ok(out.column(c)?.f64()?.clone()) };
    let (bill, flipper, mass, female) = (
        f("bill_length_mm")?,
        f("flipper_length_mm")?,
        f("body_mass_g")?,
        f("female_share")?,
    );
    Ok((0..out.height())
        .map(|i| SpeciesSummary {
            species: species.get(i).unwrap_or_default().to_string(),
            rows: rows.get(i).unwrap_or(0) as usize,
            mean_bill_length_mm: bill.get(i).unwrap_or(f64::NAN),
            mean_flipper_length_mm: flipper.get(i).unwrap_or(f64::NAN),
            mean_body_mass_g: mass.get(i).unwrap_or(f64::NAN),
            female_share: female.get(i).unwrap_or(f64::NAN),
        })
        .collect())
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
    for c in columns {
        numeric(df, c)?;
    }
    let names: Vec<PlSmallStr> = columns.iter().map(|c| PlSmallStr::from(*c)).collect();
    let clean = df.drop_nulls(Some(&names))?;
    Ok(datasets::frames::to_array2(&clean, columns)?)
}
