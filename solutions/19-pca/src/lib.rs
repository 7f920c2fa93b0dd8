//! Chapter 19: principal component analysis (roadmap W11 D5-6, "PCA (Dimensionality Reduction)").
//!
//! Reference solution. Same public API as `exercises/19-pca`.

use std::path::Path;

use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// What can go wrong when fitting, projecting, loading or plotting.
#[derive(Debug, thiserror::Error)]
pub enum PcaError {
    /// No rows (or no columns) where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// A sample covariance needs at least two rows (it divides by `n − 1`).
    #[error("need at least 2 rows for a covariance, got {0}")]
    TooFewRows(usize),
    /// `k = 0` components, or more components than columns.
    #[error("k = {k} components is not in 1..={d}")]
    BadK { k: usize, d: usize },
    /// An array with the wrong number of columns.
    #[error("expected {expected} columns, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    /// A matrix that must be square and symmetric is not.
    #[error("not a symmetric matrix: {0}")]
    NotSymmetric(String),
    /// The eigen-solver failed.
    #[error("eigen-decomposition failed: {0}")]
    Eigen(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// A fitted PCA (scikit-learn's `PCA(n_components=k).fit(x)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// The column means subtracted before projecting (`mean_`), length `d`.
    pub mean: Array1<f64>,
    /// `k × d`: one unit-length principal axis per row, by decreasing variance
    /// (`components_`).
    pub components: Array2<f64>,
    /// The variance of the data along each component: the covariance eigenvalues
    /// (`explained_variance_`), length `k`, decreasing.
    pub explained_variance: Array1<f64>,
    /// Each component's share of the total variance (the trace of the covariance)
    /// (`explained_variance_ratio_`), length `k`.
    pub explained_variance_ratio: Array1<f64>,
}

fn check_data(x: ArrayView2<'_, f64>) -> Result<(), PcaError> {
    if x.nrows() == 0 {
        return Err(PcaError::Empty("no rows"));
    }
    if x.ncols() == 0 {
        return Err(PcaError::Empty("no columns"));
    }
    Ok(())
}

/// Centre the columns: returns `(x − mean, mean)` where `mean[f]` is the mean of column
/// `f` (NumPy: `mean = x.mean(axis=0); x - mean`).
///
/// ```
/// use ndarray::array;
/// let (c, m) = pca::centre(array![[1.0, 10.0], [3.0, 20.0]].view()).unwrap();
/// assert_eq!(m, array![2.0, 15.0]);
/// assert_eq!(c, array![[-1.0, -5.0], [1.0, 5.0]]);
/// ```
///
/// # Errors
/// [`PcaError::Empty`] for no rows or no columns.
///
/// Hints: `cargo grader hint 19::centre`.
pub fn centre(x: ArrayView2<'_, f64>) -> Result<(Array2<f64>, Array1<f64>), PcaError> {
    check_data(x)?;
    let mean = x.sum_axis(Axis(0)) / x.nrows() as f64;
    Ok((&x - &mean, mean))
}

/// The sample covariance matrix of the columns of `x` (`np.cov(x, rowvar=False)`):
///
/// ```text
/// C = Xcᵀ Xc / (n − 1),   Xc = x − column means,   C[a, b] = Σᵢ Xc[i, a] · Xc[i, b] / (n − 1)
/// ```
///
/// `d × d`, symmetric, with the column variances on the diagonal.
///
/// ```
/// use ndarray::array;
/// let c = pca::covariance(array![[0.0, 0.0], [1.0, 2.0], [2.0, 4.0]].view()).unwrap();
/// assert_eq!(c, array![[1.0, 2.0], [2.0, 4.0]]);
/// ```
///
/// # Errors
/// [`PcaError::Empty`], and [`PcaError::TooFewRows`] for a single row.
///
/// Hints: `cargo grader hint 19::covariance`.
pub fn covariance(x: ArrayView2<'_, f64>) -> Result<Array2<f64>, PcaError> {
    check_data(x)?;
    if x.nrows() < 2 {
        return Err(PcaError::TooFewRows(x.nrows()));
    }
    let (c, _) = centre(x)?;
    Ok(c.t().dot(&c) / (x.nrows() - 1) as f64)
}

/// Eigen-decomposition of a symmetric matrix, sorted: `(values, vectors)` with `values`
/// decreasing and `vectors.column(j)` the unit eigenvector of `values[j]`
/// (`A v = λ v`). Use `linfa_linalg::eigh::Eigh` (`a.eigh()` gives values and vectors
/// in no promised order), then sort.
///
/// An eigenvector is only defined up to sign (`−v` works as well as `v`): flip each one
/// so its entry of largest magnitude is positive, which makes the output repeatable.
///
/// ```
/// use ndarray::array;
/// let (vals, vecs) = pca::sorted_eigh(array![[2.0, 0.0], [0.0, 5.0]].view()).unwrap();
/// assert!((vals[0] - 5.0).abs() < 1e-12 && (vals[1] - 2.0).abs() < 1e-12);
/// assert!((vecs[[1, 0]] - 1.0).abs() < 1e-12); // first column is (0, 1)
/// ```
///
/// # Errors
/// [`PcaError::Empty`] for a 0 × 0 matrix; [`PcaError::NotSymmetric`] when `a` is not
/// square or `|a[i, j] − a[j, i]| > 1e-9 · max|a|`; [`PcaError::Eigen`] if the solver fails.
///
/// Hints: `cargo grader hint 19::sorted_eigh`.
pub fn sorted_eigh(a: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>), PcaError> {
    if a.nrows() == 0 {
        return Err(PcaError::Empty("0 × 0 matrix"));
    }
    if a.nrows() != a.ncols() {
        return Err(PcaError::NotSymmetric(format!(
            "shape {} × {} is not square",
            a.nrows(),
            a.ncols()
        )));
    }
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let d = a.nrows();
    for i in 0..d {
        for j in 0..i {
            if (a[[i, j]] - a[[j, i]]).abs() > 1e-9 * scale {
                return Err(PcaError::NotSymmetric(format!(
                    "a[{i}, {j}] = {} but a[{j}, {i}] = {}",
                    a[[i, j]],
                    a[[j, i]]
                )));
            }
        }
    }
    let (vals, vecs) = a.eigh().map_err(|e| PcaError::Eigen(e.to_string()))?;
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&p, &q| vals[q].total_cmp(&vals[p]));
    let values = Array1::from_shape_fn(d, |j| vals[order[j]]);
    let mut vectors = vecs.select(Axis(1), &order);
    for mut col in vectors.columns_mut() {
        let big = col
            .iter()
            .copied()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if big < 0.0 {
            col.mapv_inplace(|v| -v);
        }
    }
    Ok((values, vectors))
}

/// Fit a PCA with `k` components: centre, covariance, [`sorted_eigh`], keep the first
/// `k` eigenvectors as the rows of `components`, their eigenvalues as
/// `explained_variance`, and `λ_j / Σ_all λ` as `explained_variance_ratio`.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]];
/// let p = pca::fit(x.view(), 1).unwrap();
/// let h = 1.0 / 2f64.sqrt();
/// assert!((p.components[[0, 0]] - h).abs() < 1e-9 && (p.components[[0, 1]] - h).abs() < 1e-9);
/// assert!((p.explained_variance[0] - 2.0).abs() < 1e-9);
/// assert!((p.explained_variance_ratio[0] - 1.0).abs() < 1e-9);
/// ```
///
/// # Errors
/// As [`covariance`]; [`PcaError::BadK`] unless `1 ≤ k ≤ d`.
///
/// Hints: `cargo grader hint 19::fit`.
pub fn fit(x: ArrayView2<'_, f64>, k: usize) -> Result<Pca, PcaError> {
    check_data(x)?;
    if k == 0 || k > x.ncols() {
        return Err(PcaError::BadK { k, d: x.ncols() });
    }
    let cov = covariance(x)?;
    let (_, mean) = centre(x)?;
    let (values, vectors) = sorted_eigh(cov.view())?;
    let total: f64 = cov.diag().sum();
    let kept = values.slice(ndarray::s![..k]).to_owned();
    Ok(Pca {
        mean,
        components: vectors.slice(ndarray::s![.., ..k]).t().to_owned(),
        explained_variance_ratio: if total > 0.0 {
            &kept / total
        } else {
            Array1::zeros(k)
        },
        explained_variance: kept,
    })
}

impl Pca {
    /// Project rows onto the components: `z = (x − mean) · componentsᵀ`, `n × k`
    /// (`PCA.transform`). Column `j` of `z` is the coordinate along component `j`.
    ///
    /// ```
    /// use ndarray::array;
    /// let p = pca::Pca {
    ///     mean: array![1.0, 1.0],
    ///     components: array![[0.0, 1.0]],
    ///     explained_variance: array![1.0],
    ///     explained_variance_ratio: array![1.0],
    /// };
    /// assert_eq!(p.transform(array![[5.0, 3.0]].view()).unwrap(), array![[2.0]]);
    /// ```
    ///
    /// # Errors
    /// [`PcaError::DimensionMismatch`] when `x` does not have `d` columns.
    ///
    /// Hints: `cargo grader hint 19::transform`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, PcaError> {
        if x.ncols() != self.mean.len() {
            return Err(PcaError::DimensionMismatch {
                expected: self.mean.len(),
                got: x.ncols(),
            });
        }
        Ok((&x - &self.mean).dot(&self.components.t()))
    }

    /// Map projections back to the original space: `x̂ = z · components + mean`, `n × d`
    /// (`PCA.inverse_transform`). With `k = d` this undoes [`Pca::transform`] exactly;
    /// with fewer components it gives the closest point in the kept subspace.
    ///
    /// ```
    /// use ndarray::array;
    /// let p = pca::Pca {
    ///     mean: array![1.0, 1.0],
    ///     components: array![[0.0, 1.0]],
    ///     explained_variance: array![1.0],
    ///     explained_variance_ratio: array![1.0],
    /// };
    /// assert_eq!(p.inverse_transform(array![[2.0]].view()).unwrap(), array![[1.0, 3.0]]);
    /// ```
    ///
    /// # Errors
    /// [`PcaError::DimensionMismatch`] when `z` does not have `k` columns.
    ///
    /// Hints: `cargo grader hint 19::inverse_transform`.
    pub fn inverse_transform(&self, z: ArrayView2<'_, f64>) -> Result<Array2<f64>, PcaError> {
        if z.ncols() != self.components.nrows() {
            return Err(PcaError::DimensionMismatch {
                expected: self.components.nrows(),
                got: z.ncols(),
            });
        }
        Ok(z.dot(&self.components) + &self.mean)
    }

    /// Mean squared reconstruction error `(1/n) Σᵢ ‖xᵢ − x̂ᵢ‖²` with
    /// `x̂ = inverse_transform(transform(x))`. On the training data it equals
    /// `(n − 1)/n · Σ_{j > k} λ_j`, the variance of the discarded components: it falls as
    /// `k` grows and is 0 (up to rounding) at `k = d`.
    ///
    /// ```
    /// use ndarray::array;
    /// let x = array![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]];
    /// let p = pca::fit(x.view(), 1).unwrap();
    /// assert!(p.reconstruction_error(x.view()).unwrap() < 1e-20);
    /// ```
    ///
    /// # Errors
    /// [`PcaError::Empty`] for no rows, [`PcaError::DimensionMismatch`].
    ///
    /// Hints: `cargo grader hint 19::reconstruction_error`.
    pub fn reconstruction_error(&self, x: ArrayView2<'_, f64>) -> Result<f64, PcaError> {
        if x.nrows() == 0 {
            return Err(PcaError::Empty("no rows"));
        }
        let back = self.inverse_transform(self.transform(x)?.view())?;
        Ok((&x - &back).mapv(|v| v * v).sum() / x.nrows() as f64)
    }
}

/// The smallest number of components whose ratios add up to at least `threshold`
/// (scikit-learn's `PCA(n_components=0.95)`), given ratios in decreasing order.
/// Returns `ratios.len()` when even all of them fall short.
///
/// ```
/// assert_eq!(pca::components_for_variance(&[0.7, 0.2, 0.1], 0.85), 2);
/// assert_eq!(pca::components_for_variance(&[0.7, 0.2, 0.1], 0.7), 1);
/// ```
///
/// Hints: `cargo grader hint 19::components_for_variance`.
pub fn components_for_variance(ratios: &[f64], threshold: f64) -> usize {
    let mut total = 0.0;
    for (j, r) in ratios.iter().enumerate() {
        total += r;
        if total >= threshold {
            return j + 1;
        }
    }
    ratios.len()
}

/// The four numeric penguin measurements.
pub const PENGUIN_FEATURES: [&str; 4] = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
];

/// Penguins ready for PCA: the [`PENGUIN_FEATURES`] columns of
/// `datasets::table("penguins")`, rows with a missing value among them dropped (file
/// order kept), each column standardised to mean 0 and population sd 1 (grams and
/// millimetres must not decide the axes), plus the species of every kept row.
///
/// ```no_run
/// let (x, species) = pca::penguins().unwrap();
/// assert_eq!((x.ncols(), species.len()), (4, x.nrows()));
/// ```
///
/// # Errors
/// [`PcaError::Data`] when the file cannot be read or a column is missing.
///
/// Hints: `cargo grader hint 19::penguins`.
pub fn penguins() -> Result<(Array2<f64>, Vec<String>), PcaError> {
    let t = datasets::table("penguins")?;
    let cols = PENGUIN_FEATURES
        .iter()
        .map(|c| t.f64_column(c))
        .collect::<Result<Vec<_>, _>>()?;
    let species = t.column("species")?;
    let mut values = Vec::new();
    let mut kept = Vec::new();
    for i in 0..t.len() {
        let row: Option<Vec<f64>> = cols.iter().map(|c| c[i]).collect();
        if let Some(row) = row {
            values.extend(row);
            kept.push(species[i].unwrap_or("").to_string());
        }
    }
    if kept.is_empty() {
        return Err(PcaError::Empty("no complete penguin rows"));
    }
    let x = Array2::from_shape_vec((kept.len(), PENGUIN_FEATURES.len()), values)
        .expect("rows × 4 values");
    let (c, _) = centre(x.view())?;
    let sd = (c.mapv(|v| v * v).sum_axis(Axis(0)) / c.nrows() as f64).mapv(|s| {
        if s > 0.0 {
            s.sqrt()
        } else {
            1.0
        }
    });
    Ok((c / &sd, kept))
}

/// The first `n` MNIST test digits, each shrunk from 28 × 28 to 14 × 14 by averaging
/// every 2 × 2 block of pixels, as an `n × 196` matrix of intensities in `[0, 1]`
/// (bytes / 255). Pixel `(r, c)` of the small image is
/// `(p[2r][2c] + p[2r][2c+1] + p[2r+1][2c] + p[2r+1][2c+1]) / (4 · 255)` and sits in
/// column `14·r + c`.
///
/// Why shrink: the eigen-decomposition of a `d × d` covariance costs about `d³`, so 196
/// pixels are 64 times cheaper than 784 and take milliseconds in the dev profile, while
/// the digits stay recognisable.
///
/// ```no_run
/// let x = pca::mnist_sample(1000).unwrap();
/// assert_eq!(x.dim(), (1000, 196));
/// ```
///
/// # Errors
/// [`PcaError::Empty`] for `n = 0` or `n` above the 10 000 test images;
/// [`PcaError::Data`] when the files cannot be read.
///
/// Hints: `cargo grader hint 19::mnist_sample`.
pub fn mnist_sample(n: usize) -> Result<Array2<f64>, PcaError> {
    if n == 0 {
        return Err(PcaError::Empty("n = 0 images"));
    }
    let test = datasets::mnist::load_test()?;
    if n > test.len() {
        return Err(PcaError::Empty("more images than the test set holds"));
    }
    let mut x = Array2::zeros((n, 196));
    for i in 0..n {
        let img = test.image(i);
        for r in 0..14 {
            for c in 0..14 {
                let sum: u32 = [(0, 0), (0, 1), (1, 0), (1, 1)]
                    .iter()
                    .map(|&(dr, dc)| img[[2 * r + dr, 2 * c + dc]] as u32)
                    .sum();
                x[[i, 14 * r + c]] = sum as f64 / (4.0 * 255.0);
            }
        }
    }
    Ok(x)
}

/// Scatter plot of the first two projected coordinates, one colour per class, with a
/// legend: `z` is `n × 2` (at least 2 columns; the first two are drawn) and `labels[i]`
/// names the class of row `i`. Draw into `path` (PNG or SVG, 800 × 600) with
/// `charts::with_canvas`, using `charts::palette(c)` for class `c` (classes in order of
/// first appearance) and `charts::FONT` for text.
///
/// # Errors
/// [`PcaError::Empty`] for no rows, [`PcaError::DimensionMismatch`] for fewer than 2
/// columns or `labels.len() != n`, [`PcaError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 19::plot_projection`.
pub fn plot_projection(
    z: ArrayView2<'_, f64>,
    labels: &[String],
    title: &str,
    path: &Path,
) -> Result<(), PcaError> {
    use plotters::prelude::*;
    if z.nrows() == 0 {
        return Err(PcaError::Empty("no points"));
    }
    if z.ncols() < 2 {
        return Err(PcaError::DimensionMismatch {
            expected: 2,
            got: z.ncols(),
        });
    }
    if labels.len() != z.nrows() {
        return Err(PcaError::DimensionMismatch {
            expected: z.nrows(),
            got: labels.len(),
        });
    }
    let mut classes: Vec<&String> = Vec::new();
    for l in labels {
        if !classes.contains(&l) {
            classes.push(l);
        }
    }
    let range = |col: ArrayView1<'_, f64>| {
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi > lo { (hi - lo) * 0.05 } else { 0.5 };
        (lo - pad)..(hi + pad)
    };
    let (xr, yr) = (range(z.column(0)), range(z.column(1)));
    charts::with_canvas(path, (800, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (charts::FONT, 24))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(xr, yr)?;
        chart
            .configure_mesh()
            .x_desc("PC1")
            .y_desc("PC2")
            .label_style((charts::FONT, 14))
            .draw()?;
        for (c, name) in classes.iter().enumerate() {
            let colour = charts::palette(c);
            let points: Vec<(f64, f64)> = (0..z.nrows())
                .filter(|&i| &labels[i] == *name)
                .map(|i| (z[[i, 0]], z[[i, 1]]))
                .collect();
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(move |p| Circle::new(p, 3, colour.filled())),
                )?
                .label(name.as_str())
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, colour.filled()));
        }
        chart
            .configure_series_labels()
            .label_font((charts::FONT, 14))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        Ok(())
    })
    .map_err(|e| PcaError::Plot(e.to_string()))
}

/// The cumulative explained-variance curve: `Σ_{j ≤ m} ratio_j` against
/// `m = 1, 2, …`, a line chart (with [`charts::line_chart`], 800 × 500) that shows how
/// many components keep, say, 90 % of the variance.
///
/// # Errors
/// [`PcaError::Empty`] for no ratios, [`PcaError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 19::plot_explained_variance`.
pub fn plot_explained_variance(ratios: &[f64], title: &str, path: &Path) -> Result<(), PcaError> {
    if ratios.is_empty() {
        return Err(PcaError::Empty("no ratios"));
    }
    let mut total = 0.0;
    let points = ratios
        .iter()
        .enumerate()
        .map(|(j, r)| {
            total += r;
            ((j + 1) as f64, total)
        })
        .collect();
    charts::line_chart(
        path,
        title,
        "number of components",
        "cumulative explained variance ratio",
        &[charts::Series::new("cumulative ratio", points)],
    )
    .map_err(|e| PcaError::Plot(e.to_string()))
}
