//! Chapter 03: plotting (roadmap W4 D5-6, "Matplotlib & Seaborn - Data Visualization").
//!
//! The reference solution. Every plot is drawn with plotters' `ChartBuilder` on a canvas
//! from `charts::with_canvas`, which writes PNG or SVG by the file's extension and has the
//! bundled font registered as `charts::FONT`.

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

/// Refuse empty input and NaN or infinite values.
fn finite_values(values: &[f64], what: &str) -> Result<(), PlotError> {
    if values.is_empty() {
        return Err(PlotError::Empty(what.to_string()));
    }
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(PlotError::NotFinite {
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
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
    if bins == 0 {
        return Err(PlotError::ZeroBins);
    }
    finite_values(values, "histogram of no values")?;
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo == hi {
        lo -= 0.5;
        hi += 0.5;
    }
    let mut edges: Vec<f64> = (0..=bins)
        .map(|i| lo + (hi - lo) * i as f64 / bins as f64)
        .collect();
    edges[bins] = hi;
    let mut counts = vec![0; bins];
    for &v in values {
        // A first guess from arithmetic, then a correction against the actual edges
        // (rounding can put the guess one bin off).
        let mut i = (((v - lo) / (hi - lo) * bins as f64) as usize).min(bins - 1);
        if i > 0 && v < edges[i] {
            i -= 1;
        } else if i + 1 < bins && v >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Ok(Histogram { edges, counts })
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
    if hist.counts.is_empty() {
        return Err(PlotError::Empty("histogram with no bins".into()));
    }
    if hist.edges.len() != hist.counts.len() + 1 {
        return Err(PlotError::Mismatch {
            what: "histogram edges (one more than counts)".into(),
            expected: hist.counts.len() + 1,
            got: hist.edges.len(),
        });
    }
    let (x0, x1) = (hist.edges[0], hist.edges[hist.counts.len()]);
    let top = hist.counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.08;
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(x_label)
            .y_desc("count")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        chart.draw_series(hist.counts.iter().enumerate().map(|(i, &c)| {
            Rectangle::new(
                [(hist.edges[i], 0.0), (hist.edges[i + 1], c as f64)],
                palette(0).filled(),
            )
        }))?;
        // A thin white outline keeps neighbouring bars apart, like Matplotlib's edgecolor.
        chart.draw_series(hist.counts.iter().enumerate().map(|(i, &c)| {
            Rectangle::new(
                [(hist.edges[i], 0.0), (hist.edges[i + 1], c as f64)],
                WHITE.stroke_width(1),
            )
        }))?;
        Ok(())
    })?;
    Ok(())
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
    let table = datasets::table("penguins")?;
    let species = table.column("species")?;
    let length = table.f64_column("bill_length_mm")?;
    let depth = table.f64_column("bill_depth_mm")?;
    let mut groups: Vec<ClassPoints> = Vec::new();
    for ((name, x), y) in species.iter().zip(&length).zip(&depth) {
        let (Some(name), Some(x), Some(y)) = (name, x, y) else {
            continue;
        };
        match groups.iter_mut().find(|g| g.name == *name) {
            Some(g) => g.points.push((*x, *y)),
            None => groups.push(ClassPoints {
                name: name.to_string(),
                points: vec![(*x, *y)],
            }),
        }
    }
    Ok(groups)
}

/// The smallest and largest of some numbers, padded by 5 % on each side (a constant
/// range gets ±0.5) so that no point sits on the frame.
fn padded_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 0.5 };
    (lo - pad)..(hi + pad)
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
    let xs: Vec<f64> = groups
        .iter()
        .flat_map(|g| g.points.iter().map(|p| p.0))
        .collect();
    let ys: Vec<f64> = groups
        .iter()
        .flat_map(|g| g.points.iter().map(|p| p.1))
        .collect();
    finite_values(&xs, "scatter plot with no points")?;
    finite_values(&ys, "scatter plot with no points")?;
    let (xr, yr) = (
        padded_range(xs.iter().copied()),
        padded_range(ys.iter().copied()),
    );
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(xr, yr)?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        for (k, group) in groups.iter().enumerate() {
            let color = palette(k);
            chart
                .draw_series(
                    group
                        .points
                        .iter()
                        .map(|&p| Circle::new(p, 3, color.filled())),
                )?
                .label(group.name.as_str())
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
        }
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
    let table = datasets::table("economics")?;
    let dates = table.column("date")?;
    let unemployed = table.f64_column("unemploy")?;
    let mut series = Vec::with_capacity(table.len());
    for (row, (date, count)) in dates.iter().zip(&unemployed).enumerate() {
        let text = date.unwrap_or("");
        let bad = || PlotError::Parse {
            row,
            value: text.to_string(),
            expected: "a YYYY-MM-DD date",
        };
        let mut parts = text.split('-');
        let year: f64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let month: f64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        if !(1.0..=12.0).contains(&month) {
            return Err(bad());
        }
        let count = count.ok_or_else(|| PlotError::Parse {
            row,
            value: String::new(),
            expected: "a number of unemployed",
        })?;
        series.push((year + (month - 1.0) / 12.0, count));
    }
    Ok(series)
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
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    finite_values(&xs, "line chart with no points")?;
    finite_values(&ys, "line chart with no points")?;
    let (xr, yr) = (
        padded_range(xs.iter().copied()),
        padded_range(ys.iter().copied()),
    );
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(xr, yr)?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        chart.draw_series(LineSeries::new(
            points.iter().copied(),
            palette(0).stroke_width(2),
        ))?;
        Ok(())
    })?;
    Ok(())
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
    let mut counts = std::collections::HashMap::new();
    for &label in labels {
        *counts.entry(label).or_insert(0usize) += 1;
    }
    let mut counts: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(label, n)| (label.to_string(), n))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
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
    if counts.is_empty() {
        return Err(PlotError::Empty("bar chart with no categories".into()));
    }
    let n = counts.len();
    let names: Vec<String> = counts.iter().map(|c| c.0.clone()).collect();
    let top = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64 * 1.08;
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..n as f64, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(2 * n + 1)
            .x_label_formatter(&|x| category_name(&names, *x))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(x_label)
            .y_desc("count")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        chart.draw_series(counts.iter().enumerate().map(|(k, c)| {
            let k = k as f64;
            Rectangle::new([(k + 0.1, 0.0), (k + 0.9, c.1 as f64)], palette(0).filled())
        }))?;
        Ok(())
    })?;
    Ok(())
}

/// A category axis on plain numbers: category `k` spans `[k, k + 1]` and its name is
/// written at the centre, `k + 0.5`. Asking plotters for `2n + 1` labels over `0..n` makes
/// it put a label every 0.5; this names the centres and leaves the rest blank.
fn category_name(names: &[String], x: f64) -> String {
    let k = x.floor();
    if (x - k - 0.5).abs() < 1e-9 && k >= 0.0 && (k as usize) < names.len() {
        names[k as usize].clone()
    } else {
        String::new()
    }
}

/// The `q`-quantile of ascending `sorted` values by linear interpolation (NumPy's default):
/// at position `h = (n − 1)·q`, `sorted[⌊h⌋] + (h − ⌊h⌋)·(sorted[⌊h⌋ + 1] − sorted[⌊h⌋])`.
fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
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
    finite_values(values, "box plot of no values")?;
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) = (
        quantile_sorted(&sorted, 0.25),
        quantile_sorted(&sorted, 0.5),
        quantile_sorted(&sorted, 0.75),
    );
    let iqr = q3 - q1;
    let (low_fence, high_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let inside = || {
        sorted
            .iter()
            .copied()
            .filter(|&v| v >= low_fence && v <= high_fence)
    };
    // The median is always inside the fences, so these are never infinite.
    let lower_whisker = inside().fold(f64::INFINITY, f64::min);
    let upper_whisker = inside().fold(f64::NEG_INFINITY, f64::max);
    let outliers = sorted
        .iter()
        .copied()
        .filter(|&v| v < low_fence || v > high_fence)
        .collect();
    Ok(BoxStats {
        q1,
        median,
        q3,
        iqr,
        lower_whisker,
        upper_whisker,
        outliers,
    })
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
    if groups.is_empty() {
        return Err(PlotError::Empty("box plot with no groups".into()));
    }
    let n = groups.len();
    let yr = padded_range(groups.iter().flat_map(|(_, s)| {
        [s.lower_whisker, s.upper_whisker]
            .into_iter()
            .chain(s.outliers.iter().copied())
    }));
    with_canvas(path, size, |root| {
        // x in "group units": group k is centred on k + 0.5.
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..n as f64, yr)?;
        let names: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(2 * n + 1)
            .x_label_formatter(&|x| category_name(&names, *x))
            .y_desc(y_label)
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()?;
        for (k, (_, s)) in groups.iter().enumerate() {
            let (c, left, right) = (k as f64 + 0.5, k as f64 + 0.25, k as f64 + 0.75);
            let color = palette(k);
            chart.draw_series([
                Rectangle::new([(left, s.q1), (right, s.q3)], color.mix(0.7).filled()),
                Rectangle::new([(left, s.q1), (right, s.q3)], BLACK.stroke_width(1)),
            ])?;
            let line = |a: (f64, f64), b: (f64, f64)| PathElement::new(vec![a, b], BLACK);
            chart.draw_series([
                line((left, s.median), (right, s.median)),
                line((c, s.q3), (c, s.upper_whisker)),
                line((c, s.q1), (c, s.lower_whisker)),
                line((c - 0.1, s.upper_whisker), (c + 0.1, s.upper_whisker)),
                line((c - 0.1, s.lower_whisker), (c + 0.1, s.lower_whisker)),
            ])?;
            chart.draw_series(
                s.outliers
                    .iter()
                    .map(|&v| Circle::new((c, v), 3, BLACK.stroke_width(1))),
            )?;
        }
        Ok(())
    })?;
    Ok(())
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
    let (n, p) = data.dim();
    if n < 2 || p == 0 {
        return Err(PlotError::Empty(format!(
            "correlation of a {n} × {p} matrix needs at least 2 rows and 1 column"
        )));
    }
    if let Some((index, &value)) = data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(PlotError::NotFinite { index, value });
    }
    let centred = data - &data.mean_axis(ndarray::Axis(0)).expect("n ≥ 2 rows");
    let scatter = centred.t().dot(&centred);
    let norms: Vec<f64> = (0..p).map(|j| scatter[[j, j]].sqrt()).collect();
    if let Some(j) = norms.iter().position(|&s| s == 0.0) {
        return Err(PlotError::ConstantColumn(j));
    }
    Ok(Array2::from_shape_fn((p, p), |(j, k)| {
        if j == k {
            1.0
        } else {
            (scatter[[j, k]] / (norms[j] * norms[k])).clamp(-1.0, 1.0)
        }
    }))
}

/// A diverging colour for a correlation `r` in `[−1, 1]`: blue for −1, white for 0, red
/// for +1, mixed linearly in between (Seaborn's `cmap="coolwarm"` in spirit).
fn diverging(r: f64) -> RGBColor {
    let t = r.clamp(-1.0, 1.0);
    let (end, t) = if t < 0.0 {
        ((59.0, 76.0, 192.0), -t)
    } else {
        ((180.0, 4.0, 38.0), t)
    };
    let mix = |c: f64| (255.0 + (c - 255.0) * t).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
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
    let (rows, cols) = matrix.dim();
    if rows != cols {
        return Err(PlotError::Mismatch {
            what: "heatmap columns (a correlation matrix is square)".into(),
            expected: rows,
            got: cols,
        });
    }
    if labels.len() != rows {
        return Err(PlotError::Mismatch {
            what: "heatmap labels (one per row)".into(),
            expected: rows,
            got: labels.len(),
        });
    }
    if rows == 0 {
        return Err(PlotError::Empty("heatmap of a 0 × 0 matrix".into()));
    }
    let p = rows;
    // Row i is drawn from y = p − 1 − i to p − i, so row 0 is at the top, as in a table.
    let row_labels: Vec<String> = labels.iter().rev().cloned().collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as u32;
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            // Room for the longest label (about 8 pixels a character at 14 px).
            .x_label_area_size(20 + 8 * longest)
            .y_label_area_size(20 + 8 * longest)
            .build_cartesian_2d(0.0..p as f64, 0.0..p as f64)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(2 * p + 1)
            .y_label_formatter(&|y| category_name(&row_labels, *y))
            .label_style((FONT, 14))
            .draw()?;
        // Long column names would overlap side by side: write them turned a quarter
        // clockwise, starting just under the centre of their column. (The mesh's own
        // labels are centred on their tick, so a turned one would cross the cells.)
        let turned = TextStyle::from((FONT, 14).into_font().transform(FontTransform::Rotate90))
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
        for (j, label) in labels.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(j as f64 + 0.5, 0.0));
            root.draw(&Text::new(label.as_str(), (x, y + 8), turned.clone()))?;
        }
        let centred = plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        );
        for i in 0..p {
            for j in 0..p {
                let (x, y) = (j as f64, (p - 1 - i) as f64);
                let value = matrix[[i, j]];
                chart.draw_series([Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    diverging(value).filled(),
                )])?;
                let text_color = if value.abs() > 0.6 { &WHITE } else { &BLACK };
                let style = TextStyle::from((FONT, 15).into_font())
                    .color(text_color)
                    .pos(centred);
                chart.draw_series([Text::new(format!("{value:.2}"), (x + 0.5, y + 0.5), style)])?;
            }
        }
        Ok(())
    })?;
    Ok(())
}
