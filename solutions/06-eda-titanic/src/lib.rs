//! Chapter 06: a complete EDA of the Titanic passengers (roadmap W5 D5-7, "Mini Project -
//! Complete EDA (Exploratory Data Analysis) on Titanic/Housing dataset").
//!
//! The reference solution: polars group-bys for the tables, plain loops where a loop is
//! clearer, plotters and the `charts` helpers for the figures.

use std::fmt;
use std::path::Path;

use charts::{palette, with_canvas, FONT};
use ndarray::Array2;
use plotters::prelude::*;
use polars::prelude::*;

/// What can go wrong in this chapter.
#[derive(Debug, thiserror::Error)]
pub enum EdaError {
    /// A polars operation failed: a missing column, a wrong type…
    #[error(transparent)]
    Polars(#[from] PolarsError),
    /// Loading or converting a data set failed.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing or writing a figure failed.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    /// Band edges must be at least two finite numbers, strictly increasing.
    #[error("band edges must be two or more finite, strictly increasing numbers, got {0:?}")]
    BadEdges(Vec<f64>),
    /// An age that falls in no band.
    #[error("age {age} is outside the bands [{lo}, {hi})")]
    AgeOutsideBands { age: f64, lo: f64, hi: f64 },
    /// A histogram bin width must be a positive number.
    #[error("bin width must be a positive finite number, got {0}")]
    BadWidth(f64),
    /// A column whose values are all equal has no correlation with anything.
    #[error("column {0:?} is constant over the complete rows: its correlation is undefined")]
    ConstantColumn(String),
    /// Nothing to compute or draw.
    #[error("no data: {0}")]
    Empty(String),
}

/// Survival in one group of passengers.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRate {
    /// The group's name: `"female"`, `"1st"`, `"[0, 12)"`, `"missing"`.
    pub group: String,
    /// Passengers in the group.
    pub passengers: usize,
    /// Of those, how many survived.
    pub survivors: usize,
    /// `survivors / passengers`.
    pub rate: f64,
}

/// A two-way table of survival, like `pd.pivot_table(df, index=rows, columns=cols,
/// values="survived", aggfunc="mean")` together with the counts behind each cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RateTable {
    /// Row keys, ascending.
    pub rows: Vec<String>,
    /// Column keys, ascending.
    pub cols: Vec<String>,
    /// Passengers in each (row, column) cell; 0 where no passenger has that combination.
    pub passengers: Array2<usize>,
    /// Survival rate of each cell; NaN where the cell is empty.
    pub rates: Array2<f64>,
}

/// Ages of passengers with a known age, counted into bins `[k·w, (k+1)·w)`, separately for
/// those who died and those who survived.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeHistogram {
    /// `0, w, 2w, …`: one more edge than bins; the last edge is above the oldest age.
    pub edges: Vec<f64>,
    pub died: Vec<usize>,
    pub survived: Vec<usize>,
}

/// The headline numbers of the analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub passengers: usize,
    pub survivors: usize,
    /// `survivors / passengers`.
    pub survival_rate: f64,
    /// Survival rate among women.
    pub female_rate: f64,
    /// Survival rate among men.
    pub male_rate: f64,
    /// Mean age of the passengers whose age is known.
    pub mean_age: f64,
    /// Passengers whose age is missing.
    pub missing_ages: usize,
    /// Survival per class, `"1st"`, `"2nd"`, `"3rd"`.
    pub by_class: Vec<GroupRate>,
}

/// `1.0` where `survived == "survived"`, else `0.0`.
fn survived_flag() -> Expr {
    col("survived").eq(lit("survived")).cast(DataType::Float64)
}

/// Add numeric encodings of the text columns, so they can be averaged and correlated
/// (pandas: `df["survived_n"] = (df.survived == "survived").astype(float)`):
///
/// | new column | meaning |
/// |---|---|
/// | `survived_n` | `1.0` if `survived == "survived"`, else `0.0` |
/// | `female` | `1.0` if `sex == "female"`, else `0.0` |
/// | `class_n` | `1.0`, `2.0`, `3.0` for `pclass` `"1st"`, `"2nd"`, `"3rd"`; null otherwise |
///
/// Every original column is kept, in its place; the three new ones come last.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let encoded = eda_titanic::add_numeric_columns(&df)?;
/// assert_eq!(encoded.width(), df.width() + 3);
/// let flags = encoded.column("survived_n")?.f64()?.clone();
/// let survived: f64 = flags.iter().flatten().sum();
/// assert_eq!(survived, 500.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Polars`] when `survived`, `sex` or `pclass` is missing.
///
/// Hints: `cargo grader hint 06::add_numeric_columns`.
pub fn add_numeric_columns(df: &DataFrame) -> Result<DataFrame, EdaError> {
    let class = when(col("pclass").eq(lit("1st")))
        .then(lit(1.0))
        .when(col("pclass").eq(lit("2nd")))
        .then(lit(2.0))
        .when(col("pclass").eq(lit("3rd")))
        .then(lit(3.0))
        .otherwise(lit(NULL).cast(DataType::Float64));
    Ok(df
        .clone()
        .lazy()
        .with_columns([
            survived_flag().alias("survived_n"),
            col("sex")
                .eq(lit("female"))
                .cast(DataType::Float64)
                .alias("female"),
            class.alias("class_n"),
        ])
        .collect()?)
}

/// Turn a grouped frame (`group`, `passengers`, `survivors`) into [`GroupRate`]s.
fn group_rates(out: &DataFrame) -> Result<Vec<GroupRate>, EdaError> {
    let groups = out.column("group")?.str()?.clone();
    let passengers = out.column("passengers")?.cast(&DataType::UInt64)?;
    let survivors = out.column("survivors")?.cast(&DataType::UInt64)?;
    let (passengers, survivors) = (passengers.u64()?, survivors.u64()?);
    let mut rates = Vec::with_capacity(out.height());
    for i in 0..out.height() {
        let (n, s) = (
            passengers.get(i).unwrap_or(0) as usize,
            survivors.get(i).unwrap_or(0) as usize,
        );
        rates.push(GroupRate {
            group: groups.get(i).unwrap_or_default().to_string(),
            passengers: n,
            survivors: s,
            rate: s as f64 / n as f64,
        });
    }
    Ok(rates)
}

/// Survival per value of `column`, groups in ascending order of their text, rows where
/// `column` is null left out: `df.groupby(column)["survived"].agg(["size", "sum", "mean"])`.
///
/// Numeric columns (`sibsp`, `parch`) are grouped by their value written as text (`"0"`,
/// `"1"`, …).
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let by_sex = eda_titanic::survival_by(&df, "sex")?;
/// assert_eq!(by_sex[0].group, "female");
/// assert_eq!((by_sex[0].passengers, by_sex[0].survivors), (466, 339));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Polars`] when `column` or `survived` does not exist.
///
/// Hints: `cargo grader hint 06::survival_by`.
pub fn survival_by(df: &DataFrame, column: &str) -> Result<Vec<GroupRate>, EdaError> {
    let out = df
        .clone()
        .lazy()
        .filter(col(column).is_not_null())
        .group_by([col(column).cast(DataType::String).alias("group")])
        .agg([
            len().alias("passengers"),
            survived_flag().sum().alias("survivors"),
        ])
        .sort(["group"], SortMultipleOptions::default())
        .collect()?;
    group_rates(&out)
}

/// The label of band `[lo, hi)`: `"[0, 12)"`, `"[12.5, 18)"` (numbers as Rust prints them).
fn band_label(lo: f64, hi: f64) -> String {
    format!("[{lo}, {hi})")
}

/// Survival per age band, `pd.cut(df.age, edges, right=False)` followed by a group-by.
///
/// Band `i` is `[edges[i], edges[i+1])`, labelled like `"[0, 12)"` (the numbers as Rust's
/// `{}` prints them). Passengers whose age is missing form their own band, `"missing"` — in
/// an EDA, who is missing is a finding too. Bands come in edge order, `"missing"` last;
/// bands with no passenger are left out.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let bands = eda_titanic::survival_by_age_band(&df, &[0.0, 18.0, 100.0])?;
/// let labels: Vec<_> = bands.iter().map(|b| b.group.as_str()).collect();
/// assert_eq!(labels, ["[0, 18)", "[18, 100)", "missing"]);
/// assert_eq!(bands[2].passengers, 263);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::BadEdges`] unless `edges` has two or more finite, strictly increasing
/// numbers; [`EdaError::AgeOutsideBands`] for a known age below the first edge or at or
/// above the last.
///
/// Hints: `cargo grader hint 06::survival_by_age_band`.
pub fn survival_by_age_band(df: &DataFrame, edges: &[f64]) -> Result<Vec<GroupRate>, EdaError> {
    if edges.len() < 2
        || edges.iter().any(|e| !e.is_finite())
        || edges.windows(2).any(|w| w[0] >= w[1])
    {
        return Err(EdaError::BadEdges(edges.to_vec()));
    }
    let (lo, hi) = (edges[0], edges[edges.len() - 1]);
    let ages = df.column("age")?.cast(&DataType::Float64)?;
    if let Some(age) = ages.f64()?.iter().flatten().find(|&a| a < lo || a >= hi) {
        return Err(EdaError::AgeOutsideBands { age, lo, hi });
    }
    let k = edges.len() - 1;
    let age = col("age").cast(DataType::Float64);
    let in_band = |i: usize| {
        age.clone()
            .gt_eq(lit(edges[i]))
            .and(age.clone().lt(lit(edges[i + 1])))
    };
    // The band number: 0 … k−1 for the bands, k for "missing" (so it sorts last).
    let mut band = when(age.clone().is_null())
        .then(lit(k as i32))
        .when(in_band(0))
        .then(lit(0i32));
    for i in 1..k {
        band = band.when(in_band(i)).then(lit(i as i32));
    }
    let out = df
        .clone()
        .lazy()
        .with_column(
            band.otherwise(lit(NULL).cast(DataType::Int32))
                .alias("band"),
        )
        .group_by([col("band")])
        .agg([
            len().alias("passengers"),
            survived_flag().sum().alias("survivors"),
        ])
        .sort(["band"], SortMultipleOptions::default())
        .collect()?;
    let bands = out.column("band")?.i32()?.clone();
    let passengers = out.column("passengers")?.cast(&DataType::UInt64)?;
    let survivors = out.column("survivors")?.cast(&DataType::UInt64)?;
    let (passengers, survivors) = (passengers.u64()?, survivors.u64()?);
    let mut rates = Vec::with_capacity(out.height());
    for i in 0..out.height() {
        let b = bands.get(i).unwrap_or(k as i32) as usize;
        let group = if b == k {
            "missing".to_string()
        } else {
            band_label(edges[b], edges[b + 1])
        };
        let (n, s) = (
            passengers.get(i).unwrap_or(0) as usize,
            survivors.get(i).unwrap_or(0) as usize,
        );
        rates.push(GroupRate {
            group,
            passengers: n,
            survivors: s,
            rate: s as f64 / n as f64,
        });
    }
    Ok(rates)
}

/// A two-way survival table: one row per value of `rows`, one column per value of `cols`
/// (both ascending, as text), each cell holding the passengers with that combination and
/// their survival rate (`pd.pivot_table(df, index="sex", columns="pclass",
/// values="survived_n")`). Rows where either key is null are left out. A combination no
/// passenger has gets 0 passengers and a NaN rate.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let t = eda_titanic::survival_pivot(&df, "sex", "pclass")?;
/// assert_eq!(t.rows, ["female", "male"]);
/// assert_eq!(t.cols, ["1st", "2nd", "3rd"]);
/// assert!(t.rates[[0, 0]] > 0.95); // women in first class
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Polars`] when a column does not exist.
///
/// Hints: `cargo grader hint 06::survival_pivot`.
pub fn survival_pivot(df: &DataFrame, rows: &str, cols: &str) -> Result<RateTable, EdaError> {
    let out = df
        .clone()
        .lazy()
        .filter(col(rows).is_not_null().and(col(cols).is_not_null()))
        .group_by([
            col(rows).cast(DataType::String).alias("row"),
            col(cols).cast(DataType::String).alias("col"),
        ])
        .agg([
            len().alias("passengers"),
            survived_flag().sum().alias("survivors"),
        ])
        .collect()?;
    let row_keys = out.column("row")?.str()?.clone();
    let col_keys = out.column("col")?.str()?.clone();
    let distinct = |keys: &StringChunked| {
        let mut v: Vec<String> = keys.iter().flatten().map(str::to_string).collect();
        v.sort();
        v.dedup();
        v
    };
    let (row_names, col_names) = (distinct(&row_keys), distinct(&col_keys));
    let passengers_col = out.column("passengers")?.cast(&DataType::UInt64)?;
    let survivors_col = out.column("survivors")?.cast(&DataType::UInt64)?;
    let (p, s) = (passengers_col.u64()?, survivors_col.u64()?);
    let mut passengers = Array2::zeros((row_names.len(), col_names.len()));
    let mut rates = Array2::from_elem((row_names.len(), col_names.len()), f64::NAN);
    for i in 0..out.height() {
        let (Some(r), Some(c)) = (row_keys.get(i), col_keys.get(i)) else {
            continue;
        };
        let ri = row_names.iter().position(|x| x == r).unwrap_or(0);
        let ci = col_names.iter().position(|x| x == c).unwrap_or(0);
        let n = p.get(i).unwrap_or(0) as usize;
        passengers[[ri, ci]] = n;
        rates[[ri, ci]] = s.get(i).unwrap_or(0) as f64 / n as f64;
    }
    Ok(RateTable {
        rows: row_names,
        cols: col_names,
        passengers,
        rates,
    })
}

/// The Pearson correlation of every pair of `columns` (numeric columns of `df`), over the
/// rows where none of them is null (`df[columns].dropna().corr()`): a symmetric matrix with
/// ones on the diagonal, in the order of `columns`.
///
/// `r_jk = Σᵢ (x_ij − x̄_j)(x_ik − x̄_k) / √(Σᵢ (x_ij − x̄_j)² · Σᵢ (x_ik − x̄_k)²)`
///
/// ```
/// let df = eda_titanic::add_numeric_columns(&datasets::frame("titanic")?)?;
/// let r = eda_titanic::correlation_matrix(&df, &["survived_n", "female"])?;
/// assert!(r[[0, 1]] > 0.5); // women survived far more often
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Polars`] / [`EdaError::Data`] for a missing or non-numeric column,
/// [`EdaError::Empty`] when fewer than 2 complete rows remain or `columns` is empty,
/// [`EdaError::ConstantColumn`] for a column with a single value.
///
/// Hints: `cargo grader hint 06::correlation_matrix`.
pub fn correlation_matrix(df: &DataFrame, columns: &[&str]) -> Result<Array2<f64>, EdaError> {
    if columns.is_empty() {
        return Err(EdaError::Empty("no columns to correlate".into()));
    }
    let complete = df
        .clone()
        .lazy()
        .select(
            columns
                .iter()
                .map(|c| col(*c).cast(DataType::Float64))
                .collect::<Vec<_>>(),
        )
        .drop_nulls(None)
        .collect()?;
    let x = datasets::frames::to_array2(&complete, columns)?;
    let (n, p) = x.dim();
    if n < 2 {
        return Err(EdaError::Empty(format!(
            "{n} complete rows: a correlation needs at least 2"
        )));
    }
    let centred = &x - &x.mean_axis(ndarray::Axis(0)).expect("n ≥ 2 rows");
    let s = centred.t().dot(&centred);
    if let Some(j) = (0..p).find(|&j| s[[j, j]] == 0.0) {
        return Err(EdaError::ConstantColumn(columns[j].to_string()));
    }
    Ok(Array2::from_shape_fn((p, p), |(j, k)| {
        if j == k {
            1.0
        } else {
            (s[[j, k]] / (s[[j, j]] * s[[k, k]]).sqrt()).clamp(-1.0, 1.0)
        }
    }))
}

/// Known ages counted into bins of `width` years, `[0, w), [w, 2w), …`, separately for the
/// passengers who died and those who survived (`sns.histplot(df, x="age", hue="survived",
/// binwidth=w, multiple="stack")` before the drawing). The edges run from 0 to the first
/// multiple of `width` strictly above the oldest age. Missing ages are not counted.
///
/// ```
/// let df = datasets::frame("titanic")?;
/// let h = eda_titanic::age_histogram(&df, 10.0)?;
/// assert_eq!(h.edges.len(), 10); // 0, 10, …, 90: the oldest passenger was 80
/// let counted: usize = h.died.iter().chain(&h.survived).sum();
/// assert_eq!(counted, 1309 - 263);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::BadWidth`] for a width that is not a positive finite number,
/// [`EdaError::Empty`] when no age is known, [`EdaError::AgeOutsideBands`] for a negative age.
///
/// Hints: `cargo grader hint 06::age_histogram`.
pub fn age_histogram(df: &DataFrame, width: f64) -> Result<AgeHistogram, EdaError> {
    if !(width.is_finite() && width > 0.0) {
        return Err(EdaError::BadWidth(width));
    }
    let ages = df.column("age")?.cast(&DataType::Float64)?;
    let survived = df.column("survived")?.str()?.clone();
    let known: Vec<(f64, bool)> = ages
        .f64()?
        .iter()
        .zip(survived.iter())
        .filter_map(|(a, s)| a.map(|a| (a, s == Some("survived"))))
        .collect();
    let oldest = known.iter().map(|k| k.0).fold(f64::NEG_INFINITY, f64::max);
    if known.is_empty() {
        return Err(EdaError::Empty("no known age".into()));
    }
    if let Some(&(age, _)) = known.iter().find(|k| k.0 < 0.0) {
        return Err(EdaError::AgeOutsideBands {
            age,
            lo: 0.0,
            hi: f64::INFINITY,
        });
    }
    let bins = (oldest / width).floor() as usize + 1;
    let edges = (0..=bins).map(|k| k as f64 * width).collect();
    let (mut died, mut lived) = (vec![0; bins], vec![0; bins]);
    for (age, survived) in known {
        let k = ((age / width).floor() as usize).min(bins - 1);
        if survived {
            lived[k] += 1;
        } else {
            died[k] += 1;
        }
    }
    Ok(AgeHistogram {
        edges,
        died,
        survived: lived,
    })
}

/// The headline numbers of the analysis in one [`Summary`]: passengers, survivors and their
/// rate, the survival rates of women and men, the mean of the known ages and how many are
/// missing, and survival per class (as [`survival_by`] gives it for `"pclass"`).
///
/// ```
/// let s = eda_titanic::summarize(&datasets::frame("titanic")?)?;
/// assert_eq!((s.passengers, s.survivors, s.missing_ages), (1309, 500, 263));
/// assert!(s.female_rate > s.male_rate);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Empty`] for a frame with no rows; [`EdaError::Polars`] for missing columns.
///
/// Hints: `cargo grader hint 06::summarize`.
pub fn summarize(df: &DataFrame) -> Result<Summary, EdaError> {
    if df.height() == 0 {
        return Err(EdaError::Empty("no passengers".into()));
    }
    let by_sex = survival_by(df, "sex")?;
    let rate_of = |sex: &str| {
        by_sex
            .iter()
            .find(|g| g.group == sex)
            .map_or(f64::NAN, |g| g.rate)
    };
    let survivors = df
        .column("survived")?
        .str()?
        .iter()
        .filter(|s| *s == Some("survived"))
        .count();
    let ages = df.column("age")?.cast(&DataType::Float64)?;
    let ages = ages.f64()?;
    Ok(Summary {
        passengers: df.height(),
        survivors,
        survival_rate: survivors as f64 / df.height() as f64,
        female_rate: rate_of("female"),
        male_rate: rate_of("male"),
        mean_age: ages.mean().unwrap_or(f64::NAN),
        missing_ages: ages.null_count(),
        by_class: survival_by(df, "pclass")?,
    })
}

impl fmt::Display for Summary {
    /// A short report, six lines for the full data set (one per class at the end), no
    /// newline after the last. Percentages and the mean age with one decimal:
    ///
    /// ```text
    /// Titanic: 1309 passengers, 500 survived (38.2 %)
    /// women: 72.7 % survived, men: 19.1 % survived
    /// age: mean 29.9 years, 263 unknown
    /// 1st class: 61.9 % of 323 survived
    /// 2nd class: 43.0 % of 277 survived
    /// 3rd class: 25.5 % of 709 survived
    /// ```
    ///
    /// One `{group} class: …` line per entry of `by_class`, in its order.
    ///
    /// Hints: `cargo grader hint 06::fmt`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Titanic: {} passengers, {} survived ({:.1} %)\n\
             women: {:.1} % survived, men: {:.1} % survived\n\
             age: mean {:.1} years, {} unknown",
            self.passengers,
            self.survivors,
            100.0 * self.survival_rate,
            100.0 * self.female_rate,
            100.0 * self.male_rate,
            self.mean_age,
            self.missing_ages
        )?;
        for g in &self.by_class {
            write!(
                f,
                "\n{} class: {:.1} % of {} survived",
                g.group,
                100.0 * g.rate,
                g.passengers
            )?;
        }
        Ok(())
    }
}

/// A category axis on plain numbers: category `k` spans `[k, k + 1]`, its name is written at
/// `k + 0.5` (ask plotters for `2n + 1` labels over `0..n`: one every 0.5).
fn category_name(names: &[String], x: f64) -> String {
    let k = x.floor();
    if (x - k - 0.5).abs() < 1e-9 && k >= 0.0 && (k as usize) < names.len() {
        names[k as usize].clone()
    } else {
        String::new()
    }
}

/// A bar chart of survival rate in percent per group (`sns.barplot(data=df, x="pclass",
/// y="survived_n")`): one bar per entry of `rates` in the order given, filled with
/// `charts::palette(0)`, the group names under the bars, the y axis from 0 to 100 labelled
/// `"survival rate (%)"` and the x axis labelled `x_label`, written to `path` (PNG or SVG).
///
/// ```no_run
/// let df = datasets::frame("titanic")?;
/// let by_class = eda_titanic::survival_by(&df, "pclass")?;
/// let path = std::path::Path::new("plots/06/survival_by_class.png");
/// eda_titanic::plot_survival_rates(path, (640, 480), &by_class, "class")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Empty`] for no groups, and drawing errors.
///
/// Hints: `cargo grader hint 06::plot_survival_rates`.
pub fn plot_survival_rates(
    path: &Path,
    size: (u32, u32),
    rates: &[GroupRate],
    x_label: &str,
) -> Result<(), EdaError> {
    if rates.is_empty() {
        return Err(EdaError::Empty("bar chart with no groups".into()));
    }
    let n = rates.len();
    let names: Vec<String> = rates.iter().map(|r| r.group.clone()).collect();
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..n as f64, 0.0..100.0)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(2 * n + 1)
            .x_label_formatter(&|x| category_name(&names, *x))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(x_label)
            .y_desc("survival rate (%)")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        chart.draw_series(rates.iter().enumerate().map(|(k, r)| {
            let k = k as f64;
            Rectangle::new(
                [(k + 0.15, 0.0), (k + 0.85, 100.0 * r.rate)],
                palette(0).filled(),
            )
        }))?;
        Ok(())
    })?;
    Ok(())
}

/// The age histogram split by outcome, as stacked bars (`sns.histplot(..., hue="survived",
/// multiple="stack")`): in each bin a bar for the passengers who died, in
/// `charts::palette(0)`, with the survivors stacked on top in `charts::palette(1)`; a
/// legend naming `"died"` and `"survived"`; x labelled `"age (years)"`, y `"passengers"`.
///
/// ```no_run
/// let h = eda_titanic::age_histogram(&datasets::frame("titanic")?, 5.0)?;
/// eda_titanic::plot_age_histogram(std::path::Path::new("plots/06/ages.png"), (800, 480), &h)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Empty`] for no bins or counts that do not match the edges, and drawing
/// errors.
///
/// Hints: `cargo grader hint 06::plot_age_histogram`.
pub fn plot_age_histogram(
    path: &Path,
    size: (u32, u32),
    hist: &AgeHistogram,
) -> Result<(), EdaError> {
    let bins = hist.died.len();
    if bins == 0 || hist.survived.len() != bins || hist.edges.len() != bins + 1 {
        return Err(EdaError::Empty(format!(
            "{} edges, {} died and {} survived counts: need n + 1, n and n with n ≥ 1",
            hist.edges.len(),
            hist.died.len(),
            hist.survived.len()
        )));
    }
    let top = (0..bins)
        .map(|k| hist.died[k] + hist.survived[k])
        .max()
        .unwrap_or(0)
        .max(1) as f64
        * 1.1;
    let (x0, x1) = (hist.edges[0], hist.edges[bins]);
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc("age (years)")
            .y_desc("passengers")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        let (died, lived) = (palette(0), palette(1));
        let bar = |k: usize, from: usize, to: usize, color: RGBColor| {
            Rectangle::new(
                [(hist.edges[k], from as f64), (hist.edges[k + 1], to as f64)],
                color.filled(),
            )
        };
        chart
            .draw_series((0..bins).map(|k| bar(k, 0, hist.died[k], died)))?
            .label("died")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], died.filled()));
        chart
            .draw_series(
                (0..bins).map(|k| bar(k, hist.died[k], hist.died[k] + hist.survived[k], lived)),
            )?
            .label("survived")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], lived.filled()));
        // White outlines keep the bins apart.
        chart.draw_series((0..bins).map(|k| {
            Rectangle::new(
                [
                    (hist.edges[k], 0.0),
                    (hist.edges[k + 1], (hist.died[k] + hist.survived[k]) as f64),
                ],
                WHITE.stroke_width(1),
            )
        }))?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 14))
            .draw()?;
        Ok(())
    })?;
    Ok(())
}

/// A heatmap of a [`RateTable`]'s survival rates (`sns.heatmap(pivot, annot=True)`), drawn
/// with `charts::heatmap`: the title on top, the row keys down the left, the column keys
/// along the bottom, each cell's rate as a fraction (`0.97`). Empty cells show `NaN`.
///
/// ```no_run
/// let t = eda_titanic::survival_pivot(&datasets::frame("titanic")?, "sex", "pclass")?;
/// let path = std::path::Path::new("plots/06/sex_class.png");
/// eda_titanic::plot_rate_heatmap(path, "survival rate by sex and class", &t)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EdaError::Chart`] when the table is empty or its labels do not match the rates' shape,
/// and drawing errors.
///
/// Hints: `cargo grader hint 06::plot_rate_heatmap`.
pub fn plot_rate_heatmap(path: &Path, title: &str, table: &RateTable) -> Result<(), EdaError> {
    let values: Vec<f64> = table.rates.iter().copied().collect();
    charts::heatmap(path, title, &values, &table.rows, &table.cols)?;
    Ok(())
}
