//! Hidden checks for chapter 32 (convolution). Every expected value comes from a route
//! written here: a six-nested-loop convolution that tests each padded index against the
//! image bounds (no padded copy, no output-size formula: positions are counted by walking
//! the window), pooling loops, central differences in f64 of losses built from those
//! loops, and properties (a delta kernel is the identity, Sobel is zero on a constant
//! image, pooling a constant gives the constant, max-pool routes each gradient whole).
//! Nothing comes from the reference solution.

use convolution::*;
use harness::prelude::*;
use ndarray::{Array, Array1, Array2, Array3, Array4, Dimension};

const D12: &str = "W16-17 D1-2";
const D34: &str = "W16-17 D3-4";
const CONV: &[&str] = &[D12];
const POOL: &[&str] = &[D34];
const BOTH: &[&str] = &[D12, D34];

/// Sums of at most 3·4·4 = 48 products of O(1) normals, added in any order (loops or a
/// blocked matrix product): a few ulps of values up to ~30, so ~1e-14 absolute. A wrong
/// index is off by O(1).
const FLOAT: Tol = Tol::new(1e-12, 1e-12);
/// Central-difference step. Each loss below is linear in the perturbed argument (a
/// convolution in x, in w and in b separately; an average pool), or piecewise linear with
/// every kink at least 0.05 away (max pooling of values 0.1 apart), so the difference
/// quotient has no truncation error at all; a large step keeps the rounding noise
/// ε·|L|/h small (|L| ≲ 300 → noise ≲ 1e-10).
const H: f64 = 1e-3;
/// Gradients against central differences: a relative error of 1e-6 with an absolute floor
/// of 1e-9 (ten times the noise above). A wrong gradient (a missing padding crop, a flipped
/// kernel, gradient sent to every pooled input) is off by O(1).
const GRAD: Tol = Tol::new(1e-6, 1e-9);

// ---------------------------------------------------------------------------------------
// The independent routes.

/// How many positions a window of `k` takes along `n` padded by `p`, stepping `s`:
/// counted by walking it, not by the formula.
fn positions(n: usize, k: usize, p: usize, s: usize) -> usize {
    let (mut count, mut start) = (0, 0);
    while start + k <= n + 2 * p {
        count += 1;
        start += s;
    }
    count
}

/// `x[c, r − p, q − p]`, or 0 outside the image: padding without a padded copy.
fn at(x: &Array3<f64>, c: usize, r: usize, q: usize, p: usize) -> f64 {
    let (_, h, w) = x.dim();
    if r < p || q < p || r - p >= h || q - p >= w {
        0.0
    } else {
        x[[c, r - p, q - p]]
    }
}

/// The convolution layer with six nested loops (plus the bias).
fn naive_conv(
    x: &Array3<f64>,
    w: &Array4<f64>,
    b: &Array1<f64>,
    s: usize,
    p: usize,
) -> Array3<f64> {
    let (c_in, h, wd) = x.dim();
    let (c_out, _, kh, kw) = w.dim();
    let (oh, ow) = (positions(h, kh, p, s), positions(wd, kw, p, s));
    let mut out = Array3::zeros((c_out, oh, ow));
    for o in 0..c_out {
        for i in 0..oh {
            for j in 0..ow {
                let mut acc = b[o];
                for c in 0..c_in {
                    for a in 0..kh {
                        for bb in 0..kw {
                            acc += at(x, c, i * s + a, j * s + bb, p) * w[[o, c, a, bb]];
                        }
                    }
                }
                out[[o, i, j]] = acc;
            }
        }
    }
    out
}

/// One channel, one filter, no bias.
fn naive_single(x: &Array2<f64>, k: &Array2<f64>, s: usize, p: usize) -> Array2<f64> {
    let x3 = x.clone().insert_axis(ndarray::Axis(0));
    let w4 = k
        .clone()
        .insert_axis(ndarray::Axis(0))
        .insert_axis(ndarray::Axis(0));
    naive_conv(&x3, &w4, &Array1::zeros(1), s, p).index_axis_move(ndarray::Axis(0), 0)
}

/// Pooling with loops: `f` reduces the values of one window.
fn naive_pool(x: &Array3<f64>, size: usize, s: usize, f: impl Fn(&[f64]) -> f64) -> Array3<f64> {
    let (c, h, w) = x.dim();
    let (oh, ow) = (positions(h, size, 0, s), positions(w, size, 0, s));
    let mut out = Array3::zeros((c, oh, ow));
    let mut window = Vec::with_capacity(size * size);
    for ch in 0..c {
        for i in 0..oh {
            for j in 0..ow {
                window.clear();
                for a in 0..size {
                    for b in 0..size {
                        window.push(x[[ch, i * s + a, j * s + b]]);
                    }
                }
                out[[ch, i, j]] = f(&window);
            }
        }
    }
    out
}

fn max_of(v: &[f64]) -> f64 {
    v.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
}

fn mean_of(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// The Sobel operator (Sobel & Feldman 1968; OpenCV's `Sobel` with `ksize = 3`), written
/// out: x responds to brightness rising to the right, y to brightness rising downwards.
fn sobel_x() -> Array2<f64> {
    ndarray::array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
}

fn sobel_y() -> Array2<f64> {
    ndarray::array![[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]]
}

/// Central differences of `f` at every entry of `x` (standard layout).
fn numeric_grad<D: Dimension>(
    x: &Array<f64, D>,
    f: impl Fn(&Array<f64, D>) -> f64,
) -> Array<f64, D> {
    let mut g = Array::zeros(x.raw_dim());
    let mut probe = x.clone();
    for k in 0..x.len() {
        let v = x.as_slice().expect("standard layout")[k];
        probe.as_slice_mut().expect("standard layout")[k] = v + H;
        let up = f(&probe);
        probe.as_slice_mut().expect("standard layout")[k] = v - H;
        let down = f(&probe);
        probe.as_slice_mut().expect("standard layout")[k] = v;
        g.as_slice_mut().expect("standard layout")[k] = (up - down) / (2.0 * H);
    }
    g
}

/// `Σ G ⊙ Y`: a loss whose gradient with respect to `Y` is exactly `G`.
fn weighted_sum(g: &Array3<f64>, y: &Array3<f64>) -> f64 {
    g.iter().zip(y.iter()).map(|(a, b)| a * b).sum()
}

// ---------------------------------------------------------------------------------------
// Random inputs (all from cx, so `--seed` replays them).

fn tensor3(cx: &mut Ctx, d: (usize, usize, usize)) -> Array3<f64> {
    Array3::from_shape_fn(d, |_| cx.normal())
}

fn tensor4(cx: &mut Ctx, d: (usize, usize, usize, usize)) -> Array4<f64> {
    Array4::from_shape_fn(d, |_| cx.normal())
}

/// A random layer geometry that fits: channels 1–3, kernels 1–4 (not always square),
/// stride 1–3, padding 0–2, images up to 9 × 9 (and never smaller than the window).
#[derive(Debug, Clone, Copy)]
struct Geo {
    c_in: usize,
    c_out: usize,
    h: usize,
    w: usize,
    kh: usize,
    kw: usize,
    spec: ConvSpec,
}

fn random_geo(cx: &mut Ctx) -> Geo {
    let (kh, kw) = (cx.usize_in(1..=4), cx.usize_in(1..=4));
    let (stride, padding) = (cx.usize_in(1..=3), cx.usize_in(0..=2));
    let smallest = |k: usize| k.saturating_sub(2 * padding).max(1);
    Geo {
        c_in: cx.usize_in(1..=3),
        c_out: cx.usize_in(1..=3),
        h: cx.usize_in(smallest(kh)..=9),
        w: cx.usize_in(smallest(kw)..=9),
        kh,
        kw,
        spec: ConvSpec::new(stride, padding),
    }
}

fn describe(g: &Geo) -> String {
    format!(
        "x {}×{}×{}, w {}×{}×{}×{}, stride {}, padding {}",
        g.c_in, g.h, g.w, g.c_out, g.c_in, g.kh, g.kw, g.spec.stride, g.spec.padding
    )
}

/// A random pooling geometry: window 1–3, stride 1–3 (so windows may overlap or leave
/// gaps), images of the window's size up to 8.
fn random_pool(cx: &mut Ctx) -> ((usize, usize, usize), usize, usize) {
    let size = cx.usize_in(1..=3);
    let stride = cx.usize_in(1..=3);
    let dim = (
        cx.usize_in(1..=3),
        cx.usize_in(size..=8),
        cx.usize_in(size..=8),
    );
    (dim, size, stride)
}

/// Distinct values 0.1 apart in random order (Fisher–Yates from cx), centred on 0: no
/// ties, so the max of every window is unique and 0.1 clear of the runner-up.
fn distinct(cx: &mut Ctx, d: (usize, usize, usize)) -> Array3<f64> {
    let n = d.0 * d.1 * d.2;
    let mut v: Vec<f64> = (0..n).map(|k| (k as f64 - n as f64 / 2.0) * 0.1).collect();
    for i in (1..n).rev() {
        let j = cx.usize_in(0..=i);
        v.swap(i, j);
    }
    Array3::from_shape_vec(d, v).expect("n values")
}

/// `count` random MNIST test digits as 28 × 28 images in [0, 1].
fn digits(cx: &mut Ctx, count: usize) -> Result<Vec<Array2<f64>>, Failure> {
    let test = datasets::mnist::load_test().or_fail("loading the MNIST test split")?;
    Ok((0..count)
        .map(|_| {
            let i = cx.usize_in(0..=test.len() - 1);
            test.image(i).mapv(|p| f64::from(p) / 255.0)
        })
        .collect())
}

fn main() {
    harness::run(
        "32",
        vec![
            // ----------------------------------------------------------------- output_size
            Check::new("output_size/random", POOL, |cx| {
                for _ in 0..50 {
                    let (n, p, s) = (cx.usize_in(1..=40), cx.usize_in(0..=3), cx.usize_in(1..=4));
                    let k = cx.usize_in(1..=n + 2 * p);
                    let got = expect_ok(
                        &format!("output_size({n}, {k}, {p}, {s})"),
                        output_size(n, k, p, s),
                    )?;
                    expect_eq(
                        &format!("output_size(n = {n}, k = {k}, p = {p}, s = {s}) (window positions counted one by one)"),
                        positions(n, k, p, s),
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("output_size/worked_examples", POOL, |_| {
                // The README's numbers, each also counted by walking the window.
                for (n, k, p, s, what) in [
                    (28, 3, 1, 1, "a 3 × 3 'same' convolution of a 28 × 28 digit"),
                    (28, 2, 0, 2, "2 × 2 pooling with stride 2"),
                    (28, 5, 0, 1, "a 5 × 5 'valid' convolution"),
                    (7, 3, 0, 2, "stride 2 that exactly tiles"),
                    (8, 3, 0, 2, "stride 2 that leaves the last column out"),
                ] {
                    let got = expect_ok(
                        &format!("output_size({n}, {k}, {p}, {s})"),
                        output_size(n, k, p, s),
                    )?;
                    expect_eq(
                        &format!("output_size({n}, {k}, {p}, {s}): {what}"),
                        positions(n, k, p, s),
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("output_size/impossible", POOL, |cx| {
                let n = cx.usize_in(1..=10);
                let p = cx.usize_in(0..=2);
                let k = n + 2 * p + cx.usize_in(1..=3);
                let e = expect_err(
                    &format!("output_size({n}, {k}, {p}, 1): kernel wider than the padded input"),
                    output_size(n, k, p, 1),
                )?;
                ensure(matches!(e, ConvError::KernelTooLarge { .. }), || {
                    format!("output_size({n}, {k}, {p}, 1): expected ConvError::KernelTooLarge, got {e:?}")
                })?;
                let e = expect_err(
                    "output_size(10, 3, 0, 0): stride 0",
                    output_size(10, 3, 0, 0),
                )?;
                ensure(e == ConvError::ZeroStride, || {
                    format!("output_size(10, 3, 0, 0): expected ConvError::ZeroStride, got {e:?}")
                })?;
                let e = expect_err(
                    "output_size(10, 0, 0, 1): kernel 0",
                    output_size(10, 0, 0, 1),
                )?;
                ensure(e == ConvError::EmptyKernel, || {
                    format!("output_size(10, 0, 0, 1): expected ConvError::EmptyKernel, got {e:?}")
                })
            }),
            // ----------------------------------------------------------------------- pad2d
            Check::new("pad2d/random", POOL, |cx| {
                let (h, w, p) = (cx.usize_in(1..=6), cx.usize_in(1..=6), cx.usize_in(1..=3));
                let x = cx.matrix(h, w);
                let x3 = x.clone().insert_axis(ndarray::Axis(0));
                let expected =
                    Array2::from_shape_fn((h + 2 * p, w + 2 * p), |(r, q)| at(&x3, 0, r, q, p));
                expect_array_close(
                    &format!("pad2d(x {h}×{w}, {p})"),
                    &expected,
                    &pad2d(&x, p),
                    Tol::EXACT,
                )
            }),
            Check::new("pad2d/zero_padding", POOL, |cx| {
                let rows = cx.usize_in(1..=5);
                let x = cx.matrix(rows, 4);
                expect_array_close("pad2d(x, 0) (unchanged)", &x, &pad2d(&x, 0), Tol::EXACT)
            }),
            // --------------------------------------------------------------- conv2d_single
            Check::new("conv2d_single/random", BOTH, |cx| {
                for _ in 0..5 {
                    let g = random_geo(cx);
                    let x = cx.matrix(g.h, g.w);
                    let k = cx.matrix(g.kh, g.kw);
                    let got = expect_ok(
                        &format!(
                            "conv2d_single(x {}×{}, kernel {}×{}, {:?})",
                            g.h, g.w, g.kh, g.kw, g.spec
                        ),
                        conv2d_single(&x, &k, g.spec),
                    )?;
                    expect_array_close(
                        &format!(
                            "conv2d_single(x {}×{}, kernel {}×{}, stride {}, padding {})",
                            g.h, g.w, g.kh, g.kw, g.spec.stride, g.spec.padding
                        ),
                        &naive_single(&x, &k, g.spec.stride, g.spec.padding),
                        &got,
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            Check::new("conv2d_single/delta_is_identity", CONV, |cx| {
                // A k × k kernel with a single 1 in the centre, padding (k − 1)/2: every
                // output pixel is its input pixel, exactly (one product by 1, zeros added).
                let k = 2 * cx.usize_in(0..=2) + 1;
                let mut delta = Array2::zeros((k, k));
                delta[[k / 2, k / 2]] = 1.0;
                let (h, w) = (cx.usize_in(1..=8), cx.usize_in(1..=8));
                let x = cx.matrix(h, w);
                let got = expect_ok(
                    "conv2d_single with a delta kernel",
                    conv2d_single(&x, &delta, ConvSpec::new(1, k / 2)),
                )?;
                expect_array_close(
                    &format!(
                        "conv2d_single(x, {k}×{k} delta, stride 1, padding {})",
                        k / 2
                    ),
                    &x,
                    &got,
                    Tol::EXACT,
                )
            }),
            Check::new("conv2d_single/cross_correlation", CONV, |cx| {
                // A single 1 right of the centre must read the pixel to the RIGHT: CNNs do
                // not flip the kernel. (A flipped kernel would read the pixel to the left.)
                let mut shift = Array2::zeros((3, 3));
                shift[[1, 2]] = 1.0;
                let (h, w) = (cx.usize_in(2..=7), cx.usize_in(2..=7));
                let x = cx.matrix(h, w);
                let expected =
                    Array2::from_shape_fn(
                        (h, w),
                        |(i, j)| if j + 1 < w { x[[i, j + 1]] } else { 0.0 },
                    );
                let got = expect_ok(
                    "conv2d_single with a shift kernel",
                    conv2d_single(&x, &shift, ConvSpec::new(1, 1)),
                )?;
                expect_array_close(
                    "conv2d_single(x, [[0,0,0],[0,0,1],[0,0,0]], padding 1) (should be x shifted left: out[i, j] = x[i, j + 1], kernel not flipped)",
                    &expected,
                    &got,
                    Tol::EXACT,
                )
            }),
            Check::new("conv2d_single/bad_shapes", BOTH, |cx| {
                let x = cx.matrix(2, 3);
                expect_err(
                    "conv2d_single of a 2×3 image with a 4×4 kernel, no padding",
                    conv2d_single(&x, &cx.matrix(4, 4), ConvSpec::new(1, 0)),
                )?;
                expect_err(
                    "conv2d_single with stride 0",
                    conv2d_single(&x, &cx.matrix(2, 2), ConvSpec::new(0, 0)),
                )?;
                expect_err(
                    "conv2d_single with a 0×0 kernel",
                    conv2d_single(&x, &Array2::zeros((0, 0)), ConvSpec::new(1, 0)),
                )
                .map(|_| ())
            }),
            // --------------------------------------------------------------- filter_kernel
            Check::new("filter_kernel/box_blur", CONV, |_| {
                let k = filter_kernel(Filter::BoxBlur);
                // Nine equal weights of 1/9 (up to one rounding of the division).
                expect_array_close(
                    "filter_kernel(BoxBlur)",
                    &Array2::from_elem((3, 3), 1.0 / 9.0),
                    &k,
                    Tol::new(1e-15, 0.0),
                )?;
                // Nine additions of ~0.111: a few ulps of 1.
                expect_close(
                    "sum of the BoxBlur weights",
                    1.0,
                    k.sum(),
                    Tol::new(1e-14, 0.0),
                )
            }),
            Check::new("filter_kernel/sobel", CONV, |cx| {
                expect_array_close(
                    "filter_kernel(SobelX)",
                    &sobel_x(),
                    &filter_kernel(Filter::SobelX),
                    Tol::EXACT,
                )?;
                expect_array_close(
                    "filter_kernel(SobelY)",
                    &sobel_y(),
                    &filter_kernel(Filter::SobelY),
                    Tol::EXACT,
                )?;
                // On a ramp a·j + c·i + d, the interior response is 8a (x) and 8c (y):
                // (1 + 2 + 1) neighbours each side, two pixels apart.
                let (a, c, d) = (cx.f64_in(-2.0, 2.0), cx.f64_in(-2.0, 2.0), cx.normal());
                let ramp = Array2::from_shape_fn((6, 7), |(i, j)| a * j as f64 + c * i as f64 + d);
                for (name, f, slope) in
                    [("SobelX", Filter::SobelX, a), ("SobelY", Filter::SobelY, c)]
                {
                    let resp = naive_single(&ramp, &filter_kernel(f), 1, 0);
                    expect_array_close(
                        &format!("{name} on the ramp {a:.3}·column + {c:.3}·row (every valid response is 8 × its slope)"),
                        &Array2::from_elem(resp.dim(), 8.0 * slope),
                        &resp,
                        Tol::new(1e-12, 1e-12),
                    )?;
                }
                Ok(())
            }),
            Check::new("filter_kernel/blur_keeps_ink", CONV, |cx| {
                // An MNIST digit with an empty outer ring keeps its total ink under a
                // 3 × 3 box blur with padding 1 (each pixel spreads 1/9 to nine pixels,
                // all inside the image); the image itself is compared with loops.
                for digit in digits(cx, 4)? {
                    let (h, w) = digit.dim();
                    let ring: f64 = digit
                        .indexed_iter()
                        .filter(|((i, j), _)| *i == 0 || *j == 0 || *i == h - 1 || *j == w - 1)
                        .map(|(_, v)| *v)
                        .sum();
                    let got = expect_ok(
                        "conv2d_single(digit, BoxBlur, stride 1, padding 1)",
                        conv2d_single(&digit, &filter_kernel(Filter::BoxBlur), ConvSpec::new(1, 1)),
                    )?;
                    expect_array_close(
                        "box blur of an MNIST digit",
                        &naive_single(&digit, &Array2::from_elem((3, 3), 1.0 / 9.0), 1, 1),
                        &got,
                        FLOAT,
                    )?;
                    if ring == 0.0 {
                        // ~800 additions of values ≤ 1: 1e-12 of rounding.
                        expect_close(
                            "total ink of a blurred MNIST digit (= before blurring)",
                            digit.sum(),
                            got.sum(),
                            Tol::new(1e-12, 1e-12),
                        )?;
                    }
                }
                Ok(())
            }),
            // ---------------------------------------------------------- gradient_magnitude
            Check::new("gradient_magnitude/mnist", CONV, |cx| {
                for digit in digits(cx, 3)? {
                    let gx = naive_single(&digit, &sobel_x(), 1, 1);
                    let gy = naive_single(&digit, &sobel_y(), 1, 1);
                    let expected = ndarray::Zip::from(&gx)
                        .and(&gy)
                        .map_collect(|a, b| (a * a + b * b).sqrt());
                    let got = expect_ok("gradient_magnitude(digit)", gradient_magnitude(&digit))?;
                    expect_array_close(
                        "gradient_magnitude of an MNIST digit (√(gx² + gy²), stride 1, padding 1)",
                        &expected,
                        &got,
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            Check::new("gradient_magnitude/constant_image", CONV, |cx| {
                // Sobel weights sum to 0 in every direction: no edges inside a flat image
                // (only its border, where the zero padding makes one).
                let (h, w, v) = (cx.usize_in(3..=9), cx.usize_in(3..=9), cx.f64_in(0.1, 5.0));
                let x = Array2::from_elem((h, w), v);
                let got = expect_ok(
                    "gradient_magnitude of a constant image",
                    gradient_magnitude(&x),
                )?;
                expect_shape(
                    "gradient_magnitude of a constant image",
                    &[h, w],
                    got.shape(),
                )?;
                let inside = got.slice(ndarray::s![1..h - 1, 1..w - 1]);
                expect_array_close(
                    &format!("gradient_magnitude of a constant {h}×{w} image of {v:.3}, away from the border"),
                    &Array2::<f64>::zeros(inside.dim()),
                    &inside,
                    // Sums of ±v and ±2v (|v| < 5) cancel to 0 up to a few roundings: 1e-14.
                    Tol::abs(1e-12),
                )
            }),
            // ---------------------------------------------------------------- plot_filters
            Check::new("plot_filters/png", CONV, |cx| {
                let n = cx.usize_in(2..=4);
                let images = digits(cx, n)?;
                let path = cx.plot_path("filters.png");
                expect_ok(
                    "plot_filters(digits, plots/32/filters.png)",
                    plot_filters(&images, fresh(&path)),
                )?;
                let png = read_png("plots/32/filters.png", &path)?;
                // Five 28-pixel panels per digit, one digit per row: at least one screen
                // pixel per image pixel.
                let min = (5 * 28, n as u32 * 28);
                ensure(png.width >= min.0 && png.height >= min.1, || {
                    format!("plots/32/filters.png: expected at least {} × {} pixels for {n} digits, got {} × {}", min.0, min.1, png.width, png.height)
                })?;
                // Digits and their edges cover far more than 2 % of the canvas.
                ensure(png.ink() >= 0.02, || {
                    format!("plots/32/filters.png: only {:.2} % of the pixels are not white: are the digits drawn?", 100.0 * png.ink())
                })
            }),
            Check::new("plot_filters/no_images", CONV, |cx| {
                let path = cx.plot_path("filters_empty.png");
                expect_err(
                    "plot_filters with no images",
                    plot_filters(&[], fresh(&path)),
                )
                .map(|_| ())
            }),
            // ---------------------------------------------------------------------- conv2d
            Check::new("conv2d/random", BOTH, |cx| {
                for _ in 0..5 {
                    let g = random_geo(cx);
                    let x = tensor3(cx, (g.c_in, g.h, g.w));
                    let w = tensor4(cx, (g.c_out, g.c_in, g.kh, g.kw));
                    let b = cx.vector(g.c_out);
                    let got = expect_ok(
                        &format!("conv2d({})", describe(&g)),
                        conv2d(&x, &w, &b, g.spec),
                    )?;
                    expect_array_close(
                        &format!("conv2d({})", describe(&g)),
                        &naive_conv(&x, &w, &b, g.spec.stride, g.spec.padding),
                        &got,
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            Check::new("conv2d/shape_mismatch", CONV, |cx| {
                let x = tensor3(cx, (2, 5, 5));
                expect_err(
                    "conv2d with x of 2 channels and w expecting 3",
                    conv2d(
                        &x,
                        &tensor4(cx, (4, 3, 3, 3)),
                        &cx.vector(4),
                        ConvSpec::default(),
                    ),
                )?;
                expect_err(
                    "conv2d with 4 filters and 3 biases",
                    conv2d(
                        &x,
                        &tensor4(cx, (4, 2, 3, 3)),
                        &cx.vector(3),
                        ConvSpec::default(),
                    ),
                )?;
                expect_err(
                    "conv2d with a 6×6 kernel on a 5×5 image, no padding",
                    conv2d(
                        &x,
                        &tensor4(cx, (1, 2, 6, 6)),
                        &cx.vector(1),
                        ConvSpec::default(),
                    ),
                )
                .map(|_| ())
            }),
            // ---------------------------------------------------------------------- im2col
            Check::new("im2col/columns", CONV, |cx| {
                for _ in 0..5 {
                    let g = random_geo(cx);
                    let x = tensor3(cx, (g.c_in, g.h, g.w));
                    let (s, p) = (g.spec.stride, g.spec.padding);
                    let (oh, ow) = (positions(g.h, g.kh, p, s), positions(g.w, g.kw, p, s));
                    let expected =
                        Array2::from_shape_fn((g.c_in * g.kh * g.kw, oh * ow), |(r, col)| {
                            let (c, a, b) = (r / (g.kh * g.kw), (r / g.kw) % g.kh, r % g.kw);
                            let (i, j) = (col / ow, col % ow);
                            at(&x, c, i * s + a, j * s + b, p)
                        });
                    let got = expect_ok(
                        &format!("im2col({})", describe(&g)),
                        im2col(&x, (g.kh, g.kw), g.spec),
                    )?;
                    expect_array_close(
                        &format!("im2col(x {}×{}×{}, kernel {}×{}, stride {s}, padding {p}) (row (c·kh + a)·kw + b, column i·W_out + j)", g.c_in, g.h, g.w, g.kh, g.kw),
                        &expected,
                        &got,
                        Tol::EXACT,
                    )?;
                }
                Ok(())
            }),
            Check::new("im2col/bad_shapes", CONV, |cx| {
                let x = tensor3(cx, (1, 3, 3));
                expect_err(
                    "im2col of a 3×3 image with a 4×2 kernel",
                    im2col(&x, (4, 2), ConvSpec::default()),
                )?;
                expect_err(
                    "im2col with stride 0",
                    im2col(&x, (2, 2), ConvSpec::new(0, 1)),
                )
                .map(|_| ())
            }),
            // --------------------------------------------------------------- conv2d_im2col
            Check::new("conv2d_im2col/random", BOTH, |cx| {
                for _ in 0..5 {
                    let g = random_geo(cx);
                    let x = tensor3(cx, (g.c_in, g.h, g.w));
                    let w = tensor4(cx, (g.c_out, g.c_in, g.kh, g.kw));
                    let b = cx.vector(g.c_out);
                    let got = expect_ok(
                        &format!("conv2d_im2col({})", describe(&g)),
                        conv2d_im2col(&x, &w, &b, g.spec),
                    )?;
                    expect_array_close(
                        &format!("conv2d_im2col({})", describe(&g)),
                        &naive_conv(&x, &w, &b, g.spec.stride, g.spec.padding),
                        &got,
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            Check::new("conv2d_im2col/mnist_layer", CONV, |cx| {
                // A real first layer: 8 random 3 × 3 filters over a 28 × 28 digit, 'same'
                // padding → 8 × 28 × 28, as in a CNN for MNIST.
                let digit = digits(cx, 1)?.remove(0).insert_axis(ndarray::Axis(0));
                let w = tensor4(cx, (8, 1, 3, 3));
                let b = cx.vector(8);
                let got = expect_ok(
                    "conv2d_im2col(digit, 8 filters 3×3, stride 1, padding 1)",
                    conv2d_im2col(&digit, &w, &b, ConvSpec::new(1, 1)),
                )?;
                expect_array_close(
                    "conv2d_im2col on an MNIST digit (8 filters 3×3, padding 1)",
                    &naive_conv(&digit, &w, &b, 1, 1),
                    &got,
                    FLOAT,
                )
            }),
            Check::new("conv2d_im2col/shape_mismatch", CONV, |cx| {
                let x = tensor3(cx, (3, 4, 4));
                expect_err(
                    "conv2d_im2col with x of 3 channels and w expecting 2",
                    conv2d_im2col(
                        &x,
                        &tensor4(cx, (2, 2, 3, 3)),
                        &cx.vector(2),
                        ConvSpec::default(),
                    ),
                )?;
                expect_err(
                    "conv2d_im2col with 2 filters and 1 bias",
                    conv2d_im2col(
                        &x,
                        &tensor4(cx, (2, 3, 3, 3)),
                        &cx.vector(1),
                        ConvSpec::default(),
                    ),
                )
                .map(|_| ())
            }),
            // ------------------------------------------------------------------ max_pool2d
            Check::new("max_pool2d/random", POOL, |cx| {
                for _ in 0..5 {
                    let (d, size, stride) = random_pool(cx);
                    let x = tensor3(cx, d);
                    let what = format!(
                        "max_pool2d(x {}×{}×{}, size {size}, stride {stride})",
                        d.0, d.1, d.2
                    );
                    let got = expect_ok(&what, max_pool2d(&x, size, stride))?;
                    expect_array_close(
                        &what,
                        &naive_pool(&x, size, stride, max_of),
                        &got,
                        Tol::EXACT,
                    )?;
                }
                Ok(())
            }),
            Check::new("max_pool2d/constant", POOL, |cx| {
                let v = cx.normal();
                let x = Array3::from_elem((2, 6, 7), v);
                let got = expect_ok("max_pool2d of a constant image", max_pool2d(&x, 2, 2))?;
                // 6 × 7 with 2 × 2 windows, stride 2: 3 × 3 (the last column is left out).
                expect_array_close(
                    &format!("max_pool2d(constant {v:.3}, 2, 2) of 2×6×7"),
                    &Array3::from_elem((2, 3, 3), v),
                    &got,
                    Tol::EXACT,
                )
            }),
            Check::new("max_pool2d/bad_shapes", POOL, |cx| {
                let x = tensor3(cx, (1, 3, 5));
                expect_err(
                    "max_pool2d of a 3×5 image with a 4×4 window",
                    max_pool2d(&x, 4, 1),
                )?;
                expect_err("max_pool2d with stride 0", max_pool2d(&x, 2, 0))?;
                expect_err("max_pool2d with a 0×0 window", max_pool2d(&x, 0, 1)).map(|_| ())
            }),
            // ------------------------------------------------------------------ avg_pool2d
            Check::new("avg_pool2d/random", POOL, |cx| {
                for _ in 0..5 {
                    let (d, size, stride) = random_pool(cx);
                    let x = tensor3(cx, d);
                    let what = format!(
                        "avg_pool2d(x {}×{}×{}, size {size}, stride {stride})",
                        d.0, d.1, d.2
                    );
                    let got = expect_ok(&what, avg_pool2d(&x, size, stride))?;
                    // Means of ≤ 9 normals: a few ulps.
                    expect_array_close(&what, &naive_pool(&x, size, stride, mean_of), &got, FLOAT)?;
                }
                Ok(())
            }),
            Check::new("avg_pool2d/constant", POOL, |cx| {
                let v = cx.normal();
                let x = Array3::from_elem((3, 5, 5), v);
                let got = expect_ok("avg_pool2d of a constant image", avg_pool2d(&x, 3, 1))?;
                // (9 v)/9 or Σ v/9: one or two roundings.
                expect_array_close(
                    &format!("avg_pool2d(constant {v:.3}, 3, 1) of 3×5×5"),
                    &Array3::from_elem((3, 3, 3), v),
                    &got,
                    Tol::new(1e-14, 1e-15),
                )
            }),
            Check::new("avg_pool2d/bad_shapes", POOL, |cx| {
                let x = tensor3(cx, (2, 4, 4));
                expect_err(
                    "avg_pool2d of a 4×4 image with a 5×5 window",
                    avg_pool2d(&x, 5, 5),
                )?;
                expect_err("avg_pool2d with stride 0", avg_pool2d(&x, 2, 0)).map(|_| ())
            }),
            // ------------------------------------------------------------- conv2d_backward
            Check::new("conv2d_backward/numerical", CONV, |cx| {
                for _ in 0..2 {
                    let g = random_geo(cx);
                    let (s, p) = (g.spec.stride, g.spec.padding);
                    let x = tensor3(cx, (g.c_in, g.h, g.w));
                    let w = tensor4(cx, (g.c_out, g.c_in, g.kh, g.kw));
                    let b = cx.vector(g.c_out);
                    // L = Σ G ⊙ conv(x, w, b), so ∂L/∂out = G: the upstream gradient.
                    let upstream = tensor3(cx, naive_conv(&x, &w, &b, s, p).dim());
                    let loss = |x: &Array3<f64>, w: &Array4<f64>, b: &Array1<f64>| {
                        weighted_sum(&upstream, &naive_conv(x, w, b, s, p))
                    };
                    let got = expect_ok(
                        &format!("conv2d_backward({})", describe(&g)),
                        conv2d_backward(&x, &w, &upstream, g.spec),
                    )?;
                    let geo = describe(&g);
                    expect_array_close(
                        &format!("dx ({geo}) against central differences"),
                        &numeric_grad(&x, |x| loss(x, &w, &b)),
                        &got.dx,
                        GRAD,
                    )?;
                    expect_array_close(
                        &format!("dw ({geo}) against central differences"),
                        &numeric_grad(&w, |w| loss(&x, w, &b)),
                        &got.dw,
                        GRAD,
                    )?;
                    expect_array_close(
                        &format!("db ({geo}) against central differences"),
                        &numeric_grad(&b, |b| loss(&x, &w, b)),
                        &got.db,
                        GRAD,
                    )?;
                }
                Ok(())
            }),
            Check::new("conv2d_backward/shape_mismatch", CONV, |cx| {
                let x = tensor3(cx, (2, 5, 5));
                let w = tensor4(cx, (3, 2, 3, 3));
                // The forward output is 3 × 3 × 3.
                expect_err(
                    "conv2d_backward with dout 3×4×4 for an output of 3×3×3",
                    conv2d_backward(&x, &w, &tensor3(cx, (3, 4, 4)), ConvSpec::default()),
                )?;
                expect_err(
                    "conv2d_backward with x of 2 channels and w expecting 1",
                    conv2d_backward(
                        &x,
                        &tensor4(cx, (3, 1, 3, 3)),
                        &tensor3(cx, (3, 3, 3)),
                        ConvSpec::default(),
                    ),
                )
                .map(|_| ())
            }),
            // --------------------------------------------------------- max_pool2d_backward
            Check::new("max_pool2d_backward/numerical", POOL, |cx| {
                for _ in 0..3 {
                    let (d, size, stride) = random_pool(cx);
                    let x = distinct(cx, d);
                    let upstream = tensor3(cx, naive_pool(&x, size, stride, max_of).dim());
                    let what = format!(
                        "max_pool2d_backward(x {}×{}×{}, size {size}, stride {stride})",
                        d.0, d.1, d.2
                    );
                    let got = expect_ok(&what, max_pool2d_backward(&x, &upstream, size, stride))?;
                    let expected = numeric_grad(&x, |x| {
                        weighted_sum(&upstream, &naive_pool(x, size, stride, max_of))
                    });
                    expect_array_close(
                        &format!("{what} against central differences"),
                        &expected,
                        &got,
                        GRAD,
                    )?;
                }
                Ok(())
            }),
            Check::new("max_pool2d_backward/routes_whole_gradient", POOL, |cx| {
                // Windows that overlap (stride 1 < size 2) on distinct values: each upstream
                // value goes, whole, to one input, so the totals agree.
                let x = distinct(cx, (2, 5, 6));
                let upstream = tensor3(cx, (2, 4, 5));
                let got = expect_ok(
                    "max_pool2d_backward(x 2×5×6, size 2, stride 1)",
                    max_pool2d_backward(&x, &upstream, 2, 1),
                )?;
                // A sum of 40 normals, in two orders.
                expect_close("Σ dx of max_pool2d_backward (= Σ dout: each gradient goes to exactly one input)", upstream.sum(), got.sum(), Tol::new(1e-12, 1e-12))
            }),
            Check::new("max_pool2d_backward/ties", POOL, |cx| {
                // A constant image: every input of a window ties. The gradient still goes,
                // whole, to one input per window (the first, as in PyTorch), not to all.
                let v = cx.normal();
                let x = Array3::from_elem((1, 4, 6), v);
                let upstream = Array3::from_shape_fn((1, 2, 3), |_| cx.f64_in(1.0, 2.0));
                let got = expect_ok(
                    "max_pool2d_backward on a constant image",
                    max_pool2d_backward(&x, &upstream, 2, 2),
                )?;
                for ((_, i, j), &g) in upstream.indexed_iter() {
                    let window = got.slice(ndarray::s![0, 2 * i..2 * i + 2, 2 * j..2 * j + 2]);
                    let nonzero: Vec<f64> = window.iter().cloned().filter(|v| *v != 0.0).collect();
                    ensure(nonzero == [g], || {
                        format!("max_pool2d_backward on a constant image, window ({i}, {j}): expected its whole gradient {} on exactly one input, got {:?}", fmt_num(g), window.iter().collect::<Vec<_>>())
                    })?;
                }
                Ok(())
            }),
            Check::new("max_pool2d_backward/shape_mismatch", POOL, |cx| {
                let x = tensor3(cx, (1, 4, 4));
                expect_err(
                    "max_pool2d_backward with dout 1×3×3 for a pooled 1×2×2",
                    max_pool2d_backward(&x, &tensor3(cx, (1, 3, 3)), 2, 2),
                )
                .map(|_| ())
            }),
            // --------------------------------------------------------- avg_pool2d_backward
            Check::new("avg_pool2d_backward/numerical", POOL, |cx| {
                for _ in 0..3 {
                    let (d, size, stride) = random_pool(cx);
                    let x = tensor3(cx, d);
                    let upstream = tensor3(cx, naive_pool(&x, size, stride, mean_of).dim());
                    let what = format!(
                        "avg_pool2d_backward(({}, {}, {}), size {size}, stride {stride})",
                        d.0, d.1, d.2
                    );
                    let got = expect_ok(&what, avg_pool2d_backward(d, &upstream, size, stride))?;
                    let expected = numeric_grad(&x, |x| {
                        weighted_sum(&upstream, &naive_pool(x, size, stride, mean_of))
                    });
                    expect_array_close(
                        &format!("{what} against central differences"),
                        &expected,
                        &got,
                        GRAD,
                    )?;
                }
                Ok(())
            }),
            Check::new("avg_pool2d_backward/shape_mismatch", POOL, |cx| {
                expect_err(
                    "avg_pool2d_backward with dout 2×2×2 for a pooled 1×2×2",
                    avg_pool2d_backward((1, 4, 4), &tensor3(cx, (2, 2, 2)), 2, 2),
                )
                .map(|_| ())
            }),
        ],
    );
}
