//! Chapter 03: plotting (roadmap W4 D5-6, "Matplotlib & Seaborn - Data Visualization").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 03` runs the hidden checks, `cargo grader hint 03::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//! Your plots land in `plots/03/` at the workspace root: open them and look.
// Parameters and the imports you will use are unused until you write the bodies.
#![allow(unused_variables, unused_mut, unused_imports)]

use std::path::Path;

use charts::{palette, with_canvas, FONT};
use ndarray::Array2;
use plotters::prelude::*;

/// What can go wrong in this chapter.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// There was nothing to compute or draw.
    #[error("no data: {0}")]
    Empty(String),
    /// A histogram needs at least one bin.
    #[error("a histogram needs at least one bin, got 0")]
    ZeroBins,
    /// NaN or ±infinity in the input: it has no place on an axis.
    #[error("value {value} at index {index} is not a finite number")]
    NotFinite { index: usize, value: f64 },
    /// Two inputs that must agree in size do not.
    #[error("{what}: expected {expected}, got {got}")]
    Mismatch {
        what: String,
        expected: usize,
        got: usize,
    },
    /// A column with a single repeated value has no correlation with anything.
    #[error("column {0} is constant: its correlation is undefined")]
    ConstantColumn(usize),
    /// A text field that should have been a date or a number.
    #[error("row {row}: cannot read {value:?} as {expected}")]
    Parse {
        row: usize,
        value: String,
        expected: &'static str,
    },
    /// Loading a data set failed.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing or writing the file failed.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

/// A histogram: `counts[i]` values fell in bin `i`, which runs from `edges[i]` to
/// `edges[i + 1]`. There is always one more edge than there are counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<usize>,
}

/// The points of one class, for a scatter plot coloured by class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassPoints {
    /// The class name, shown in the legend (`"Adelie"`).
    pub name: String,
    /// `(x, y)` pairs in the order they appear in the data.
    pub points: Vec<(f64, f64)>,
}

/// The five numbers (and the outliers) a box plot draws.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    /// First quartile (25th percentile): the bottom of the box.
    pub q1: f64,
    /// The median (50th percentile): the line across the box.
    pub median: f64,
    /// Third quartile (75th percentile): the top of the box.
    pub q3: f64,
    /// `q3 - q1`, the interquartile range: the height of the box.
    pub iqr: f64,
    /// The smallest data point at or above `q1 - 1.5·iqr`.
    pub lower_whisker: f64,
    /// The largest data point at or below `q3 + 1.5·iqr`.
    pub upper_whisker: f64,
    /// Every data point outside the whiskers, in ascending order.
    pub outliers: Vec<f64>,
}

/// Count `values` into `bins` equal-width bins, exactly like NumPy's
/// `np.histogram(values, bins)`.
///
/// The bins cover `[min, max]` of the data: edge `i` is `min + (max − min) · i / bins`
/// (the first edge is `min`, the last is `max`). Every bin is half-open, `[edgeᵢ, edgeᵢ₊₁)`,
/// except the last, which is closed, `[edge_{bins−1}, max]`, so the maximum is counted.
/// When every value is the same number `c`, the range becomes `[c − 0.5, c + 0.5]`.
///
/// ```
/// let h = plotting::histogram(&[1.0, 2.0, 2.0, 3.0, 4.0], 3).unwrap();
/// assert_eq!(h.edges, vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(h.counts, vec![1, 2, 2]); // 4.0 falls in the last, closed bin
/// ```
///
/// # Errors
/// [`PlotError::ZeroBins`] for `bins == 0`, [`PlotError::Empty`] for no values and
/// [`PlotError::NotFinite`] for a NaN or infinite value.
///
/// Hints: `cargo grader hint 03::histogram`.
pub fn histogram(values: &[f64], bins: usize) -> Result<Histogram, PlotError> {
    todo!()
}

/// Draw `hist` as touching bars (Matplotlib's `plt.hist`, Seaborn's `sns.histplot`) into
/// `path`, a PNG or an SVG by its extension, `size = (width, height)` pixels.
///
/// The x axis is labelled `x_label` and spans the edges; the y axis is labelled `"count"`.
/// Fill the bars with a colour from `charts::palette` and write every text with
/// `charts::FONT`.
///
/// ```no_run
/// let h = plotting::histogram(&[1.0, 2.0, 2.0, 3.0], 3)?;
/// plotting::plot_histogram(std::path::Path::new("plots/03/hist.png"), (640, 480), &h, "x")?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Mismatch`] when `edges.len() != counts.len() + 1`, [`PlotError::Empty`]
/// for no bins, and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_histogram`.
pub fn plot_histogram(
    path: &Path,
    size: (u32, u32),
    hist: &Histogram,
    x_label: &str,
) -> Result<(), PlotError> {
    todo!()
}

/// Penguins' bill length (x, mm) against bill depth (y, mm), one [`ClassPoints`] per
/// species, species in the order they first appear in `datasets::table("penguins")`.
/// Rows where either measurement is missing are left out (`df.dropna(subset=[...])`).
///
/// ```
/// let groups = plotting::penguin_bills().unwrap();
/// assert_eq!(groups[0].name, "Adelie");
/// assert_eq!(groups[0].points[0], (39.1, 18.7));
/// ```
///
/// # Errors
/// [`PlotError::Data`] when the data set cannot be read.
///
/// Hints: `cargo grader hint 03::penguin_bills`.
pub fn penguin_bills() -> Result<Vec<ClassPoints>, PlotError> {
    todo!()
}

/// A scatter plot with one colour per class and a legend naming the classes
/// (`sns.scatterplot(data=df, x=..., y=..., hue="species")`), written to `path`.
///
/// Class `k` (the `k`-th entry of `groups`) is drawn with `charts::palette(k)` (Matplotlib's
/// "tab10" colours: blue, orange, green, …) as filled circles of radius 3 or more; the
/// axes are labelled `x_label` and `y_label`.
///
/// ```no_run
/// let groups = plotting::penguin_bills()?;
/// let path = std::path::Path::new("plots/03/bills.svg");
/// plotting::plot_scatter(path, (640, 480), &groups, "bill length (mm)", "bill depth (mm)")?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Empty`] when there is no point at all, [`PlotError::NotFinite`] for a
/// NaN coordinate, and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_scatter`.
pub fn plot_scatter(
    path: &Path,
    size: (u32, u32),
    groups: &[ClassPoints],
    x_label: &str,
    y_label: &str,
) -> Result<(), PlotError> {
    todo!()
}

/// US unemployment over time from `datasets::table("economics")`: one `(t, unemploy)` pair
/// per row, in file order, where `t` is the date as a decimal year,
/// `year + (month − 1) / 12` (`"1967-07-01"` → `1967.5`), and `unemploy` is the number of
/// unemployed in thousands.
///
/// ```
/// let series = plotting::unemployment_series().unwrap();
/// assert_eq!(series[0], (1967.5, 2944.0));
/// ```
///
/// # Errors
/// [`PlotError::Parse`] for a date that is not `YYYY-MM-DD` or a missing count;
/// [`PlotError::Data`] when the data set cannot be read.
///
/// Hints: `cargo grader hint 03::unemployment_series`.
pub fn unemployment_series() -> Result<Vec<(f64, f64)>, PlotError> {
    todo!()
}

/// A line chart of one series (`plt.plot(x, y)`, `sns.lineplot`), points joined in the
/// order given, drawn in `charts::palette(0)` with a line at least 2 pixels wide, axes
/// labelled `x_label` and `y_label`, written to `path`.
///
/// ```no_run
/// let series = plotting::unemployment_series()?;
/// let path = std::path::Path::new("plots/03/unemployment.png");
/// plotting::plot_line(path, (800, 400), &series, "year", "unemployed (thousands)")?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Empty`] for no points, [`PlotError::NotFinite`] for a NaN coordinate,
/// and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_line`.
pub fn plot_line(
    path: &Path,
    size: (u32, u32),
    points: &[(f64, f64)],
    x_label: &str,
    y_label: &str,
) -> Result<(), PlotError> {
    todo!()
}

/// How often each label occurs, most frequent first, ties broken by the label in
/// alphabetical (byte) order: pandas' `s.value_counts()`.
///
/// ```
/// let counts = plotting::value_counts(&["b", "a", "b", "c", "a", "b"]);
/// assert_eq!(counts, vec![("b".to_string(), 3), ("a".to_string(), 2), ("c".to_string(), 1)]);
/// ```
///
/// Hints: `cargo grader hint 03::value_counts`.
pub fn value_counts(labels: &[&str]) -> Vec<(String, usize)> {
    todo!()
}

/// A bar chart with one bar per category (`sns.countplot`, `s.value_counts().plot.bar()`):
/// bars in the order given, the category names under them, bars filled with
/// `charts::palette(0)`, the x axis labelled `x_label` and the y axis `"count"`.
///
/// ```no_run
/// let counts = plotting::value_counts(&["Biscoe", "Dream", "Biscoe"]);
/// plotting::plot_bars(std::path::Path::new("plots/03/islands.png"), (640, 480), &counts, "island")?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Empty`] for no categories, and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_bars`.
pub fn plot_bars(
    path: &Path,
    size: (u32, u32),
    counts: &[(String, usize)],
    x_label: &str,
) -> Result<(), PlotError> {
    todo!()
}

/// The statistics a box plot draws (Matplotlib's `plt.boxplot`, Seaborn's `sns.boxplot`).
///
/// - Quartiles by linear interpolation (NumPy's `np.quantile` default): sort the `n`
///   values; the `q`-quantile sits at position `h = (n − 1)·q`, between `x[⌊h⌋]` and
///   `x[⌊h⌋ + 1]`: `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])`. `q1`, `median`, `q3` are the
///   0.25, 0.5 and 0.75 quantiles, and `iqr = q3 − q1`.
/// - The fences are `q1 − 1.5·iqr` and `q3 + 1.5·iqr`. Each whisker ends at the most
///   extreme *data point* still inside its fence (not at the fence itself).
/// - Every point beyond a fence is an outlier, listed in ascending order.
///
/// ```
/// let s = plotting::box_stats(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
/// assert_eq!((s.q1, s.median, s.q3, s.iqr), (2.0, 3.0, 4.0, 2.0));
/// assert_eq!((s.lower_whisker, s.upper_whisker), (1.0, 4.0)); // fences: −1 and 7
/// assert_eq!(s.outliers, vec![100.0]);
/// ```
///
/// # Errors
/// [`PlotError::Empty`] for no values and [`PlotError::NotFinite`] for NaN or infinity.
///
/// Hints: `cargo grader hint 03::box_stats`.
pub fn box_stats(values: &[f64]) -> Result<BoxStats, PlotError> {
    todo!()
}

/// Box plots side by side, one per named group (`sns.boxplot(data=df, x="species",
/// y="body_mass_g")`): for each group a box from `q1` to `q3` filled with
/// `charts::palette(k)`, a line at the median, whiskers down to `lower_whisker` and up to
/// `upper_whisker`, and a small circle for each outlier. The group names go under the
/// boxes, the y axis is labelled `y_label`.
///
/// ```no_run
/// let groups = vec![("a".to_string(), plotting::box_stats(&[1.0, 2.0, 3.0, 9.0])?)];
/// plotting::plot_boxes(std::path::Path::new("plots/03/boxes.png"), (640, 480), &groups, "y")?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Empty`] for no groups, and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_boxes`.
pub fn plot_boxes(
    path: &Path,
    size: (u32, u32),
    groups: &[(String, BoxStats)],
    y_label: &str,
) -> Result<(), PlotError> {
    todo!()
}

/// The Pearson correlation of every pair of columns of `data` (`n` observations × `p`
/// variables): a symmetric `p × p` matrix with ones on the diagonal (`df.corr()`,
/// `np.corrcoef(data, rowvar=False)`).
///
/// `r_jk = Σᵢ (x_ij − x̄_j)(x_ik − x̄_k) / √(Σᵢ (x_ij − x̄_j)² · Σᵢ (x_ik − x̄_k)²)`
///
/// ```
/// let data = ndarray::array![[1.0, 2.0, 3.0], [2.0, 4.0, 1.0], [3.0, 6.0, 2.0]];
/// let r = plotting::correlation_matrix(&data).unwrap();
/// assert!((r[[0, 1]] - 1.0).abs() < 1e-12); // column 1 is twice column 0
/// assert!((r[[0, 2]] + 0.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`PlotError::Empty`] for fewer than 2 rows or no column, [`PlotError::NotFinite`]
/// for NaN or infinity (its index counts row-major), [`PlotError::ConstantColumn`] for a
/// column whose values are all equal.
///
/// Hints: `cargo grader hint 03::correlation_matrix`.
pub fn correlation_matrix(data: &Array2<f64>) -> Result<Array2<f64>, PlotError> {
    todo!()
}

/// A correlation heatmap (`sns.heatmap(df.corr(), annot=True, cmap="coolwarm")`): cell
/// `(i, j)` of the square `matrix` as a coloured square, row 0 at the top, its value written
/// in with two decimals, `labels[i]` naming row `i` (left) and column `i` (bottom). Colour
/// the cells on a diverging scale from blue (−1) through white (0) to red (+1).
///
/// ```no_run
/// let r = ndarray::array![[1.0, -0.3], [-0.3, 1.0]];
/// let labels = vec!["a".to_string(), "b".to_string()];
/// plotting::plot_heatmap(std::path::Path::new("plots/03/corr.png"), (560, 480), &r, &labels)?;
/// # Ok::<(), plotting::PlotError>(())
/// ```
///
/// # Errors
/// [`PlotError::Mismatch`] when the matrix is not square or `labels` does not name every
/// row, [`PlotError::Empty`] for a 0 × 0 matrix, and drawing errors.
///
/// Hints: `cargo grader hint 03::plot_heatmap`.
pub fn plot_heatmap(
    path: &Path,
    size: (u32, u32),
    matrix: &Array2<f64>,
    labels: &[String],
) -> Result<(), PlotError> {
    todo!()
}
