//! Chapter 06: a complete EDA of the Titanic passengers (roadmap W5 D5-7, "Mini Project -
//! Complete EDA (Exploratory Data Analysis) on Titanic/Housing dataset").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 06` runs the hidden checks, `cargo grader hint 06::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//! Your plots land in `plots/06/` at the workspace root.
// Parameters and the imports you will use are unused until you write the bodies.
#![allow(unused_variables, unused_mut, unused_imports)]

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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
        todo!()
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
    todo!()
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
    todo!()
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
    todo!()
}
