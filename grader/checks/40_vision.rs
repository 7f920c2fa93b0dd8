//! Hidden checks for chapter 40 (vision). Every expected value comes from a route written
//! here: direct sums of the Gaussian formula, a 2-D correlation with the outer-product
//! kernel (no separable passes), Sobel and morphology with explicit window loops, a
//! Canny written with tangent comparisons instead of angles and a fixed-point hysteresis,
//! Otsu's criterion evaluated by brute force at every threshold from the pixels
//! themselves, a recursive-free flood fill with an explicit stack, box overlaps counted
//! pixel by pixel, the two properties that characterise greedy NMS, and matching and
//! mask counts with plain loops. Nothing comes from the reference solution.

use harness::plot::{expect_png, fresh, read_png};
use harness::prelude::*;
use ndarray::{Array1, Array2};
use rand::Rng;
use vision::*;

const B1: &str = "P6 B1";
const B2: &str = "P6 B2";
const B5: &str = "P6 B5";
const DETECT: &[&str] = &[B1];
const SEGMENT: &[&str] = &[B2];
const OPENCV: &[&str] = &[B5];
const DETECT_CV: &[&str] = &[B1, B5];
const SEGMENT_CV: &[&str] = &[B2, B5];

/// Sums of at most 25 × 25 products of values ≤ 255 with weights ≤ 1 added in a
/// different order (two 1-D passes against one 2-D window): a few ulps of 255, so 1e-10
/// absolute is loose. A wrong kernel, border or axis is off by O(1).
const BLUR: Tol = Tol::new(1e-10, 1e-10);
/// Kernel taps: one exp and one division each; the same formula summed in another order.
const TAPS: Tol = Tol::new(1e-12, 1e-14);
/// Sobel on integer images: every product and sum is an exact small integer in f64.
const EXACT: Tol = Tol::new(0.0, 0.0);
/// Ratios of small integer counts: exact up to one rounding of the division.
const RATIO: Tol = Tol::new(1e-12, 1e-15);

// ---------------------------------------------------------------------------------------
// Independent routes.

fn clampi(i: isize, n: usize) -> usize {
    i.max(0).min(n as isize - 1) as usize
}

/// Correlate with an odd kernel, replicating the edges, one window at a time.
fn naive_correlate(img: &Array2<f64>, k: &Array2<f64>) -> Array2<f64> {
    let (h, w) = img.dim();
    let (kh, kw) = k.dim();
    let mut out = Array2::zeros((h, w));
    for r in 0..h {
        for c in 0..w {
            let mut acc = 0.0;
            for a in 0..kh {
                for b in 0..kw {
                    let rr = clampi(r as isize + a as isize - (kh / 2) as isize, h);
                    let cc = clampi(c as isize + b as isize - (kw / 2) as isize, w);
                    acc += k[[a, b]] * img[[rr, cc]];
                }
            }
            out[[r, c]] = acc;
        }
    }
    out
}

/// The Gaussian taps straight from the formula, normalised.
fn gauss_taps(sigma: f64) -> Vec<f64> {
    let half = (3.0 * sigma).ceil() as i64;
    let raw: Vec<f64> = (-half..=half)
        .map(|d| (-((d * d) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|v| v / total).collect()
}

fn sobel_kernels() -> (Array2<f64>, Array2<f64>) {
    (
        ndarray::array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],
        ndarray::array![[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]],
    )
}

/// Canny-lite with direction bins decided by tangent comparisons (no angles), and
/// hysteresis by growing the edge set until nothing changes.
fn naive_canny(img: &Array2<f64>, low: f64, high: f64) -> Array2<bool> {
    let (kx, ky) = sobel_kernels();
    let gx = naive_correlate(img, &kx);
    let gy = naive_correlate(img, &ky);
    let (h, w) = img.dim();
    let mag = Array2::from_shape_fn((h, w), |(r, c)| {
        (gx[[r, c]] * gx[[r, c]] + gy[[r, c]] * gy[[r, c]]).sqrt()
    });
    let get = |r: isize, c: isize| -> f64 {
        if r < 0 || c < 0 || r >= h as isize || c >= w as isize {
            0.0
        } else {
            mag[[r as usize, c as usize]]
        }
    };
    let t1 = (22.5f64).to_radians().tan();
    let t2 = (67.5f64).to_radians().tan();
    let mut thin = Array2::zeros((h, w));
    for r in 0..h {
        for c in 0..w {
            let (x, y) = (gx[[r, c]], gy[[r, c]]);
            let (ax, ay) = (x.abs(), y.abs());
            let (dr, dc): (isize, isize) = if ay <= t1 * ax {
                (0, 1)
            } else if ay > t2 * ax {
                (1, 0)
            } else if x * y > 0.0 {
                (1, 1)
            } else {
                (1, -1)
            };
            let (ri, ci) = (r as isize, c as isize);
            let m = mag[[r, c]];
            if m >= get(ri + dr, ci + dc) && m >= get(ri - dr, ci - dc) {
                thin[[r, c]] = m;
            }
        }
    }
    let mut edge = thin.mapv(|m: f64| m >= high && m >= low);
    loop {
        let mut changed = false;
        for r in 0..h {
            for c in 0..w {
                if edge[[r, c]] || thin[[r, c]] < low {
                    continue;
                }
                let near = (r.saturating_sub(1)..(r + 2).min(h))
                    .any(|rr| (c.saturating_sub(1)..(c + 2).min(w)).any(|cc| edge[[rr, cc]]));
                if near {
                    edge[[r, c]] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return edge;
        }
    }
}

/// Between-class variance at threshold `t`, from the pixels (class 0: ≤ t).
fn between_var(pixels: &[u8], t: u8) -> f64 {
    let (lo, hi): (Vec<f64>, Vec<f64>) = (
        pixels
            .iter()
            .filter(|&&p| p <= t)
            .map(|&p| p as f64)
            .collect(),
        pixels
            .iter()
            .filter(|&&p| p > t)
            .map(|&p| p as f64)
            .collect(),
    );
    if lo.is_empty() || hi.is_empty() {
        return 0.0;
    }
    let n = pixels.len() as f64;
    let m0 = lo.iter().sum::<f64>() / lo.len() as f64;
    let m1 = hi.iter().sum::<f64>() / hi.len() as f64;
    (lo.len() as f64 / n) * (hi.len() as f64 / n) * (m0 - m1).powi(2)
}

fn check_otsu(what: &str, img: &Array2<u8>, got: u8) -> CheckResult {
    let pixels: Vec<u8> = img.iter().copied().collect();
    let vars: Vec<f64> = (0..=255u8).map(|t| between_var(&pixels, t)).collect();
    let best = vars.iter().cloned().fold(0.0, f64::max);
    let best_t = vars
        .iter()
        .position(|&v| v >= best * (1.0 - 1e-9))
        .unwrap_or(0);
    // Relative 1e-9: the two routes sum the same integers in different orders (a few
    // ulps); a threshold one grey level off the optimum loses far more on these images.
    ensure(vars[got as usize] >= best * (1.0 - 1e-9), || {
        format!(
            "{what}: threshold {got} has between-class variance {}, but t = {best_t} reaches {} (the maximum)",
            fmt_num(vars[got as usize]),
            fmt_num(best)
        )
    })
}

fn naive_morph(m: &Array2<bool>, erode: bool) -> Array2<bool> {
    let (h, w) = m.dim();
    let mut out = Array2::from_elem((h, w), erode);
    for r in 0..h {
        for c in 0..w {
            for dr in -1isize..=1 {
                for dc in -1isize..=1 {
                    let (rr, cc) = (r as isize + dr, c as isize + dc);
                    if rr < 0 || cc < 0 || rr >= h as isize || cc >= w as isize {
                        continue;
                    }
                    let v = m[[rr as usize, cc as usize]];
                    if erode && !v {
                        out[[r, c]] = false;
                    }
                    if !erode && v {
                        out[[r, c]] = true;
                    }
                }
            }
        }
    }
    out
}

/// Flood fill with an explicit stack; labels follow raster order by construction.
fn flood_labels(m: &Array2<bool>, eight: bool) -> (Array2<usize>, usize) {
    let (h, w) = m.dim();
    let mut lab = Array2::zeros((h, w));
    let mut n = 0;
    for r in 0..h {
        for c in 0..w {
            if m[[r, c]] && lab[[r, c]] == 0 {
                n += 1;
                let mut stack = vec![(r, c)];
                lab[[r, c]] = n;
                while let Some((pr, pc)) = stack.pop() {
                    let mut nbrs: Vec<(isize, isize)> = vec![(-1, 0), (1, 0), (0, -1), (0, 1)];
                    if eight {
                        nbrs.extend([(-1, -1), (-1, 1), (1, -1), (1, 1)]);
                    }
                    for (dr, dc) in nbrs {
                        let (rr, cc) = (pr as isize + dr, pc as isize + dc);
                        if rr >= 0 && cc >= 0 && rr < h as isize && cc < w as isize {
                            let (rr, cc) = (rr as usize, cc as usize);
                            if m[[rr, cc]] && lab[[rr, cc]] == 0 {
                                lab[[rr, cc]] = n;
                                stack.push((rr, cc));
                            }
                        }
                    }
                }
            }
        }
    }
    (lab, n)
}

fn random_mask(cx: &mut Ctx, h: usize, w: usize, p: f64) -> Array2<bool> {
    Array2::from_shape_fn((h, w), |_| cx.rng.gen_bool(p))
}

/// Overlap of integer boxes by counting unit pixels.
fn pixel_iou(a: &BBox, b: &BBox) -> f64 {
    let (mut inter, mut union) = (0usize, 0usize);
    for y in 0..40 {
        for x in 0..40 {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let ina = px > a.x0 && px < a.x1 && py > a.y0 && py < a.y1;
            let inb = px > b.x0 && px < b.x1 && py > b.y0 && py < b.y1;
            inter += usize::from(ina && inb);
            union += usize::from(ina || inb);
        }
    }
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn int_box(cx: &mut Ctx) -> BBox {
    let x0 = cx.usize_in(0..=25) as f64;
    let y0 = cx.usize_in(0..=25) as f64;
    let w = cx.usize_in(1..=14) as f64;
    let h = cx.usize_in(1..=14) as f64;
    BBox::new(x0, y0, x0 + w, y0 + h)
}

/// Closed-form IoU written here (the formula is two lines; the pixel count above checks
/// it too).
fn my_iou(a: &BBox, b: &BBox) -> f64 {
    let ix = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
    let iy = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
    let i = ix * iy;
    let u = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - i;
    if u <= 0.0 {
        0.0
    } else {
        i / u
    }
}

/// Detections clustered around a few centres, with distinct continuous scores.
fn clustered_dets(cx: &mut Ctx, n: usize) -> Vec<Detection> {
    let centres: Vec<(f64, f64)> = (0..4)
        .map(|_| (cx.f64_in(10.0, 90.0), cx.f64_in(10.0, 90.0)))
        .collect();
    (0..n)
        .map(|_| {
            let (x, y) = centres[cx.usize_in(0..=3)];
            let (x, y) = (x + cx.f64_in(-4.0, 4.0), y + cx.f64_in(-4.0, 4.0));
            let (w, h) = (cx.f64_in(8.0, 16.0), cx.f64_in(8.0, 16.0));
            Detection {
                bbox: BBox::new(x, y, x + w, y + h),
                score: cx.f64_in(0.0, 1.0),
            }
        })
        .collect()
}

/// PASCAL-style matching with an IoU table and an explicit "used" list.
fn naive_pr(preds: &[Detection], truths: &[BBox], thr: f64) -> (f64, f64) {
    let mut idx: Vec<usize> = (0..preds.len()).collect();
    // Stable sort by descending score keeps lower indices first on ties.
    idx.sort_by(|&a, &b| preds[b].score.partial_cmp(&preds[a].score).unwrap());
    let mut used: Vec<usize> = Vec::new();
    let mut tp = 0;
    for i in idx {
        let mut best: Option<(usize, f64)> = None;
        for (j, t) in truths.iter().enumerate() {
            if used.contains(&j) {
                continue;
            }
            let v = my_iou(&preds[i].bbox, t);
            if best.map_or(true, |(_, bv)| v > bv) {
                best = Some((j, v));
            }
        }
        if let Some((j, v)) = best {
            if v >= thr {
                used.push(j);
                tp += 1;
            }
        }
    }
    let p = if preds.is_empty() {
        0.0
    } else {
        tp as f64 / preds.len() as f64
    };
    let r = if truths.is_empty() {
        0.0
    } else {
        tp as f64 / truths.len() as f64
    };
    (p, r)
}

/// The detector, by the routes above: Otsu by brute force (smallest maximiser), close by
/// window loops, 8-connected flood fill, area filter, ink mass, then greedy NMS written as
/// "keep unless a kept box overlaps by IoU > 0.5".
fn naive_detect(img: &Array2<u8>, min_area: usize) -> Vec<Detection> {
    let pixels: Vec<u8> = img.iter().copied().collect();
    let vars: Vec<f64> = (0..=255u8).map(|t| between_var(&pixels, t)).collect();
    let best = vars.iter().cloned().fold(0.0, f64::max);
    let t = vars
        .iter()
        .position(|&v| v >= best * (1.0 - 1e-9))
        .unwrap_or(0) as u8;
    let mask = img.mapv(|v| v > t);
    let closed = naive_morph(&naive_morph(&mask, false), true);
    let (lab, n) = flood_labels(&closed, true);
    let mut dets = Vec::new();
    for l in 1..=n {
        let pix: Vec<(usize, usize)> = lab
            .indexed_iter()
            .filter(|&(_, &v)| v == l)
            .map(|(p, _)| p)
            .collect();
        if pix.len() < min_area {
            continue;
        }
        let score: f64 = pix
            .iter()
            .filter(|&&p| mask[p])
            .map(|&p| f64::from(img[p]) / 255.0)
            .sum();
        let bbox = BBox::new(
            pix.iter().map(|p| p.1).min().unwrap() as f64,
            pix.iter().map(|p| p.0).min().unwrap() as f64,
            pix.iter().map(|p| p.1).max().unwrap() as f64 + 1.0,
            pix.iter().map(|p| p.0).max().unwrap() as f64 + 1.0,
        );
        dets.push(Detection { bbox, score });
    }
    dets.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap());
    let mut kept: Vec<Detection> = Vec::new();
    for d in dets {
        if kept.iter().all(|k| my_iou(&k.bbox, &d.bbox) <= 0.5) {
            kept.push(d);
        }
    }
    kept
}

/// `count` test digits picked by `cx`, as 28 × 28 images.
fn digits(cx: &mut Ctx, count: usize) -> Result<Vec<Array2<u8>>, Failure> {
    let test = datasets::mnist::load_test().or_fail("loading the MNIST test split")?;
    Ok((0..count)
        .map(|_| test.image(cx.usize_in(0..=test.len() - 1)).to_owned())
        .collect())
}

fn random_scene(cx: &mut Ctx) -> Result<Scene, Failure> {
    let ds = digits(cx, 12)?;
    Ok(make_scene(&ds, cx.rng.gen()))
}

fn colour_count(png: &harness::plot::Png, target: [u8; 3]) -> usize {
    png.pixels
        .iter()
        .filter(|p| {
            p.iter()
                .zip(target)
                .all(|(&a, b)| (a as i32 - b as i32).abs() <= 30)
        })
        .count()
}

// ---------------------------------------------------------------------------------------

fn main() {
    harness::run(
        "40",
        vec![
            // ------------------------------------------------------------ gaussian_kernel
            Check::new("gaussian_kernel/formula", OPENCV, |cx| {
                for _ in 0..5 {
                    let sigma = cx.f64_in(0.3, 4.0);
                    let expected = Array1::from(gauss_taps(sigma));
                    let got = gaussian_kernel(sigma).or_fail("gaussian_kernel")?;
                    expect_array_close(&format!("gaussian_kernel({sigma:.3})"), &expected, &got, TAPS)?;
                }
                Ok(())
            }),
            Check::new("gaussian_kernel/bad_sigma", OPENCV, |_cx| {
                for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
                    let e = expect_err(&format!("gaussian_kernel({s})"), gaussian_kernel(s))?;
                    ensure(matches!(e, VisionError::BadSigma(_)), || {
                        format!("gaussian_kernel({s}): expected VisionError::BadSigma, got {e:?}")
                    })?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ gaussian_blur
            Check::new("gaussian_blur/equals_2d", OPENCV, |cx| {
                let (h, w) = (cx.usize_in(8..=20), cx.usize_in(8..=20));
                let img = Array2::from_shape_fn((h, w), |_| cx.rng.gen_range(0..=255) as f64);
                let sigma = cx.f64_in(0.5, 2.5);
                let k = gauss_taps(sigma);
                let k2 = Array2::from_shape_fn((k.len(), k.len()), |(a, b)| k[a] * k[b]);
                let expected = naive_correlate(&img, &k2);
                let got = gaussian_blur(&img, sigma).or_fail("gaussian_blur")?;
                expect_array_close(&format!("gaussian_blur (σ = {sigma:.3}) vs the 2-D kernel k kᵀ"), &expected, &got, BLUR)
            }),
            Check::new("gaussian_blur/mnist_digit", OPENCV, |cx| {
                let d = digits(cx, 1)?.remove(0).mapv(f64::from);
                let k = gauss_taps(1.0);
                let k2 = Array2::from_shape_fn((k.len(), k.len()), |(a, b)| k[a] * k[b]);
                let got = gaussian_blur(&d, 1.0).or_fail("gaussian_blur")?;
                expect_array_close("gaussian_blur of an MNIST digit, σ = 1", &naive_correlate(&d, &k2), &got, BLUR)
            }),
            Check::new("gaussian_blur/errors", OPENCV, |_cx| {
                let e = expect_err("gaussian_blur(0 × 0 image)", gaussian_blur(&Array2::zeros((0, 0)), 1.0))?;
                ensure(matches!(e, VisionError::Empty), || format!("empty image: expected VisionError::Empty, got {e:?}"))?;
                let e = expect_err("gaussian_blur(σ = 0)", gaussian_blur(&Array2::zeros((3, 3)), 0.0))?;
                ensure(matches!(e, VisionError::BadSigma(_)), || format!("σ = 0: expected VisionError::BadSigma, got {e:?}"))
            }),
            // ------------------------------------------------------------ sobel
            Check::new("sobel/window_loops", OPENCV, |cx| {
                let (h, w) = (cx.usize_in(3..=15), cx.usize_in(3..=15));
                let img = Array2::from_shape_fn((h, w), |_| cx.rng.gen_range(0..=255) as f64);
                let (kx, ky) = sobel_kernels();
                let (gx, gy) = sobel(&img);
                expect_array_close("gx", &naive_correlate(&img, &kx), &gx, EXACT)?;
                expect_array_close("gy", &naive_correlate(&img, &ky), &gy, EXACT)
            }),
            // ------------------------------------------------------------ canny
            Check::new("canny/reference", OPENCV, |cx| {
                let (h, w) = (cx.usize_in(10..=24), cx.usize_in(10..=24));
                // Blocky integer images: real edges plus texture, integer gradients (so
                // no gradient direction lies exactly on a bin boundary, which is irrational).
                let blocks = Array2::from_shape_fn((4, 4), |_| cx.rng.gen_range(0..=200) as f64);
                let img = Array2::from_shape_fn((h, w), |(r, c)| {
                    blocks[[r * 4 / h, c * 4 / w]] + cx.rng.gen_range(0..=20) as f64
                });
                let (low, high) = (cx.f64_in(20.0, 60.0), cx.f64_in(100.0, 300.0));
                let expected = naive_canny(&img, low, high);
                let got = canny(&img, low, high);
                expect_shape("canny output", &[h, w], got.shape())?;
                let wrong: Vec<(usize, usize)> = expected
                    .indexed_iter()
                    .filter(|&(i, &e)| got[i] != e)
                    .map(|(i, _)| i)
                    .collect();
                ensure(wrong.is_empty(), || {
                    let (r, c) = wrong[0];
                    format!(
                        "canny (low {low:.1}, high {high:.1}): {} pixels differ; first at (row {r}, col {c}): expected {}, got {}",
                        wrong.len(), expected[[r, c]], got[[r, c]]
                    )
                })
            }),
            Check::new("canny/step_edge", OPENCV, |cx| {
                let (h, w) = (12, 12);
                let col = cx.usize_in(3..=8);
                let img = Array2::from_shape_fn((h, w), |(_, c)| if c >= col { 100.0 } else { 0.0 });
                let e = canny(&img, 50.0, 200.0);
                // Property: Sobel responds (|gx| = 400, gy = 0) only on columns col − 1
                // and col; nothing else can be an edge, and since the two are equal
                // neighbours, the "≥ both neighbours" rule keeps both on every row.
                for r in 0..h {
                    for c in 0..w {
                        if e[[r, c]] && c + 1 != col && c != col {
                            fail!("canny on a vertical step at column {col}: pixel (row {r}, col {c}) is marked an edge, but the gradient is 0 there");
                        }
                    }
                    ensure(e[[r, col - 1]] && e[[r, col]], || format!("canny on a vertical step at column {col}: row {r} must have edges at both columns {} and {col} (equal magnitudes; a pixel ≥ both neighbours is kept)", col - 1))?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ otsu_threshold
            Check::new("otsu_threshold/mnist_brute_force", SEGMENT_CV, |cx| {
                for d in digits(cx, 4)? {
                    let t = otsu_threshold(&d.view()).or_fail("otsu_threshold")?;
                    check_otsu("otsu_threshold(MNIST digit)", &d, t)?;
                }
                Ok(())
            }),
            Check::new("otsu_threshold/bimodal_brute_force", SEGMENT_CV, |cx| {
                let (m0, m1) = (cx.f64_in(20.0, 90.0), cx.f64_in(140.0, 230.0));
                let p = cx.f64_in(0.2, 0.8);
                let img = Array2::from_shape_fn((30, 30), |_| {
                    let m = if cx.rng.gen_bool(p) { m1 } else { m0 };
                    (m + 18.0 * cx.normal()).round().clamp(0.0, 255.0) as u8
                });
                let t = otsu_threshold(&img.view()).or_fail("otsu_threshold")?;
                check_otsu("otsu_threshold(bimodal noise)", &img, t)
            }),
            Check::new("otsu_threshold/empty", SEGMENT_CV, |_cx| {
                let e = expect_err("otsu_threshold(0 × 0)", otsu_threshold(&Array2::<u8>::zeros((0, 0)).view()))?;
                ensure(matches!(e, VisionError::Empty), || format!("expected VisionError::Empty, got {e:?}"))
            }),
            // ------------------------------------------------------------ morphology
            Check::new("morphology/window_loops", SEGMENT_CV, |cx| {
                let (h, w) = (cx.usize_in(1..=16), cx.usize_in(1..=16));
                let m = random_mask(cx, h, w, 0.65);
                let er = naive_morph(&m, true);
                let di = naive_morph(&m, false);
                let cases = [
                    (Morph::Erode, er.clone()),
                    (Morph::Dilate, di.clone()),
                    (Morph::Open, naive_morph(&er, false)),
                    (Morph::Close, naive_morph(&di, true)),
                ];
                for (op, expected) in cases {
                    let got = morphology(&m, op);
                    expect_shape(&format!("{op:?}"), &[h, w], got.shape())?;
                    if let Some(((r, c), _)) = expected.indexed_iter().find(|&(i, &e)| got[i] != e) {
                        fail!("morphology({op:?}) on a {h} × {w} mask: pixel (row {r}, col {c}) expected {}, got {}", expected[[r, c]], got[[r, c]]);
                    }
                }
                Ok(())
            }),
            // ------------------------------------------------------------ label_components
            Check::new("label_components/flood_fill", SEGMENT_CV, |cx| {
                for _ in 0..4 {
                    let (h, w) = (cx.usize_in(1..=25), cx.usize_in(1..=25));
                    let m = random_mask(cx, h, w, 0.45);
                    for (conn, eight) in [(Connectivity::Four, false), (Connectivity::Eight, true)] {
                        let (el, en) = flood_labels(&m, eight);
                        let (gl, gn) = label_components(&m, conn);
                        expect_eq(&format!("number of {conn:?} components on a {h} × {w} mask"), en, gn)?;
                        expect_shape("labels", &[h, w], gl.shape())?;
                        if let Some(((r, c), _)) = el.indexed_iter().find(|&(i, &e)| gl[i] != e) {
                            fail!("label_components({conn:?}): pixel (row {r}, col {c}) expected label {}, got {} (labels go 1, 2, … by first pixel in raster order; 0 is background)", el[[r, c]], gl[[r, c]]);
                        }
                    }
                }
                Ok(())
            }),
            Check::new("label_components/diagonal_and_empty", SEGMENT_CV, |_cx| {
                let m = Array2::from_shape_fn((5, 5), |(r, c)| r == c);
                expect_eq("4-connected components of a diagonal line", 5, label_components(&m, Connectivity::Four).1)?;
                expect_eq("8-connected components of a diagonal line", 1, label_components(&m, Connectivity::Eight).1)?;
                let (l, n) = label_components(&Array2::from_elem((3, 4), false), Connectivity::Eight);
                expect_eq("components of an empty mask", 0, n)?;
                ensure(l.iter().all(|&v| v == 0), || "an empty mask must be labelled all 0".to_string())
            }),
            // ------------------------------------------------------------ component_stats
            Check::new("component_stats/loops", SEGMENT_CV, |cx| {
                let (h, w) = (cx.usize_in(5..=25), cx.usize_in(5..=25));
                let m = random_mask(cx, h, w, 0.4);
                let (lab, n) = flood_labels(&m, true);
                let got = component_stats(&lab, n);
                expect_eq("number of components", n, got.len())?;
                for (i, comp) in got.iter().enumerate() {
                    let l = i + 1;
                    let pix: Vec<(usize, usize)> = lab.indexed_iter().filter(|&(_, &v)| v == l).map(|(p, _)| p).collect();
                    let bbox = BBox::new(
                        pix.iter().map(|p| p.1).min().unwrap() as f64,
                        pix.iter().map(|p| p.0).min().unwrap() as f64,
                        pix.iter().map(|p| p.1).max().unwrap() as f64 + 1.0,
                        pix.iter().map(|p| p.0).max().unwrap() as f64 + 1.0,
                    );
                    expect_eq(&format!("component {l}: label"), l, comp.label)?;
                    expect_eq(&format!("component {l}: area"), pix.len(), comp.area)?;
                    expect_eq(&format!("component {l}: bbox (pixel edges: x1 = last column + 1)"), bbox, comp.bbox)?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ iou
            Check::new("iou/pixel_count", DETECT_CV, |cx| {
                for _ in 0..40 {
                    let (a, b) = (int_box(cx), int_box(cx));
                    expect_close(&format!("iou({a:?}, {b:?})"), pixel_iou(&a, &b), iou(&a, &b), RATIO)?;
                }
                Ok(())
            }),
            Check::new("iou/properties", DETECT_CV, |cx| {
                let a = BBox::new(cx.f64_in(0.0, 10.0), cx.f64_in(0.0, 10.0), cx.f64_in(11.0, 20.0), cx.f64_in(11.0, 20.0));
                let b = BBox::new(cx.f64_in(0.0, 10.0), cx.f64_in(0.0, 10.0), cx.f64_in(11.0, 20.0), cx.f64_in(11.0, 20.0));
                expect_close("iou(a, a)", 1.0, iou(&a, &a), RATIO)?;
                expect_close("iou(a, b) − iou(b, a)", 0.0, iou(&a, &b) - iou(&b, &a), RATIO)?;
                let touching = BBox::new(a.x1, a.y0, a.x1 + 5.0, a.y1);
                expect_close("iou of boxes sharing only an edge", 0.0, iou(&a, &touching), RATIO)?;
                let far = BBox::new(a.x1 + 3.0, a.y1 + 3.0, a.x1 + 9.0, a.y1 + 9.0);
                expect_close("iou of disjoint boxes", 0.0, iou(&a, &far), RATIO)?;
                let inner = BBox::new(a.x0 + 0.5, a.y0 + 0.5, a.x1 - 0.5, a.y1 - 0.5);
                let ratio = (inner.x1 - inner.x0) * (inner.y1 - inner.y0) / ((a.x1 - a.x0) * (a.y1 - a.y0));
                expect_close("iou of a box inside another = area ratio", ratio, iou(&a, &inner), RATIO)?;
                let point = BBox::new(1.0, 1.0, 1.0, 1.0);
                expect_close("iou of two zero-area boxes", 0.0, iou(&point, &point), RATIO)
            }),
            // ------------------------------------------------------------ nms
            Check::new("nms/greedy_properties", DETECT_CV, |cx| {
                let n = cx.usize_in(10..=40);
                let dets = clustered_dets(cx, n);
                let t = cx.f64_in(0.2, 0.7);
                let kept = nms(&dets, t);
                // Greedy NMS with distinct scores is the unique list such that (1) kept
                // boxes come in descending score and overlap pairwise ≤ t, and (2) every
                // dropped box overlaps (> t) a kept box of higher score.
                let mut seen = vec![false; n];
                for (pos, &i) in kept.iter().enumerate() {
                    ensure(i < n && !seen[i], || format!("nms returned index {i} twice or out of range (n = {n})"))?;
                    seen[i] = true;
                    if pos > 0 {
                        let j = kept[pos - 1];
                        ensure(dets[j].score > dets[i].score, || format!("nms: kept indices must come in descending score, but {j} (score {:.4}) comes before {i} (score {:.4})", dets[j].score, dets[i].score))?;
                    }
                    for &j in &kept[..pos] {
                        let v = my_iou(&dets[i].bbox, &dets[j].bbox);
                        ensure(v <= t, || format!("nms (t = {t:.3}): kept boxes {j} and {i} overlap with IoU {v:.4} > t"))?;
                    }
                }
                for i in (0..n).filter(|&i| !seen[i]) {
                    let covered = kept.iter().any(|&k| dets[k].score > dets[i].score && my_iou(&dets[i].bbox, &dets[k].bbox) > t);
                    ensure(covered, || format!("nms (t = {t:.3}): box {i} (score {:.4}) was dropped, but no kept box with a higher score overlaps it by IoU > t", dets[i].score))?;
                }
                Ok(())
            }),
            Check::new("nms/edge_cases", DETECT_CV, |_cx| {
                expect_eq("nms of no detections", Vec::<usize>::new(), nms(&[], 0.5))?;
                let d = Detection { bbox: BBox::new(0.0, 0.0, 4.0, 4.0), score: 0.3 };
                expect_eq("nms of one detection", vec![0], nms(&[d], 0.5))?;
                // Equal scores: the lower index goes first; identical boxes (IoU 1 > 0.5).
                expect_eq("nms of two identical boxes with equal scores", vec![0], nms(&[d, d], 0.5))
            }),
            // ------------------------------------------------------------ detect
            Check::new("detect/single_blob", DETECT, |cx| {
                // At least 2 pixels from the border: with clipped windows, closing also fills a
                // one-pixel gap between a shape and the image edge.
                let (r0, c0) = (cx.usize_in(2..=10), cx.usize_in(2..=10));
                let (bh, bw) = (cx.usize_in(3..=8), cx.usize_in(3..=8));
                let mut img = Array2::from_shape_fn((24, 24), |_| cx.rng.gen_range(0..=30u8));
                img.slice_mut(ndarray::s![r0..r0 + bh, c0..c0 + bw]).fill(240);
                let dets = detect(&img, 4).or_fail("detect")?;
                expect_eq("number of detections of one bright rectangle", 1, dets.len())?;
                expect_eq("its box", BBox::new(c0 as f64, r0 as f64, (c0 + bw) as f64, (r0 + bh) as f64), dets[0].bbox)?;
                // Ink mass: every pixel of the rectangle is 240.
                expect_close("its score (ink mass = Σ pixel / 255)", (bh * bw) as f64 * 240.0 / 255.0, dets[0].score, Tol::new(1e-9, 1e-12))
            }),
            Check::new("detect/synthetic_scenes", DETECT, |cx| {
                let ds = digits(cx, 60)?;
                let (mut tp, mut npred, mut ntruth) = (0.0, 0usize, 0usize);
                for _ in 0..15 {
                    let scene = make_scene(&ds, cx.rng.gen());
                    let dets = detect(&scene.image, 15).or_fail("detect")?;
                    let (p, _) = naive_pr(&dets, &scene.boxes, 0.5);
                    tp += p * dets.len() as f64;
                    npred += dets.len();
                    ntruth += scene.boxes.len();
                }
                let (p, r) = (tp / npred.max(1) as f64, tp / ntruth as f64);
                // Floors measured on the reference: see PRECISION_MIN below.
                ensure(r >= RECALL_MIN && p >= PRECISION_MIN, || format!(
                    "detect on 15 synthetic scenes (min_area 15): precision {p:.3}, recall {r:.3} at IoU ≥ 0.5; expected ≥ {PRECISION_MIN} and ≥ {RECALL_MIN}"
                ))
            })
            .timeout(std::time::Duration::from_secs(30)),
            Check::new("detect/bridges_gap", DETECT, |cx| {
                // A bright bar cut by a one-pixel dark column: the closing (dilate, then
                // erode) bridges it, so it is one object; without it, two.
                let (r0, c0) = (cx.usize_in(2..=8), cx.usize_in(2..=6));
                let gap = c0 + cx.usize_in(3..=5);
                let mut img = Array2::from_elem((24, 24), 10u8);
                img.slice_mut(ndarray::s![r0..r0 + 5, c0..c0 + 12]).fill(230);
                img.slice_mut(ndarray::s![r0..r0 + 5, gap..gap + 1]).fill(10);
                let dets = detect(&img, 4).or_fail("detect")?;
                expect_eq("detections of a bar with a one-pixel gap (the closing bridges it)", 1, dets.len())?;
                expect_eq("its box", BBox::new(c0 as f64, r0 as f64, (c0 + 12) as f64, (r0 + 5) as f64), dets[0].bbox)?;
                // Score counts only the thresholded pixels: 5 × 11 of value 230.
                expect_close("its score (ink of the thresholded pixels, not the bridged ones)", 55.0 * 230.0 / 255.0, dets[0].score, Tol::new(1e-9, 1e-12))
            }),
            Check::new("detect/reference_pipeline", DETECT, |cx| {
                for _ in 0..3 {
                    let scene = random_scene(cx)?;
                    let expected = naive_detect(&scene.image, 15);
                    let got = detect(&scene.image, 15).or_fail("detect")?;
                    expect_eq("number of detections on a synthetic scene (min_area 15)", expected.len(), got.len())?;
                    for (k, (e, g)) in expected.iter().zip(&got).enumerate() {
                        expect_eq(&format!("detection {k} (in NMS order): box"), e.bbox, g.bbox)?;
                        // Ink mass: a sum of ≤ 9216 values ≤ 1 in another order.
                        expect_close(&format!("detection {k}: score (ink mass)"), e.score, g.score, Tol::new(1e-9, 1e-9))?;
                    }
                }
                Ok(())
            }),
            // ------------------------------------------------------------ precision_recall
            Check::new("precision_recall/matching", DETECT, |cx| {
                for _ in 0..5 {
                    let truths: Vec<BBox> = (0..cx.usize_in(0..=6)).map(|_| int_box(cx)).collect();
                    let mut preds: Vec<Detection> = Vec::new();
                    for t in &truths {
                        if cx.rng.gen_bool(0.7) {
                            let dx = cx.f64_in(-3.0, 3.0);
                            preds.push(Detection { bbox: BBox::new(t.x0 + dx, t.y0, t.x1 + dx, t.y1), score: cx.f64_in(0.0, 1.0) });
                        }
                    }
                    for _ in 0..cx.usize_in(0..=3) {
                        preds.push(Detection { bbox: int_box(cx), score: cx.f64_in(0.0, 1.0) });
                    }
                    let thr = cx.f64_in(0.3, 0.7);
                    let (ep, er) = naive_pr(&preds, &truths, thr);
                    let (gp, gr) = precision_recall(&preds, &truths, thr).or_fail("precision_recall")?;
                    expect_close(&format!("precision ({} preds, {} truths, IoU ≥ {thr:.2})", preds.len(), truths.len()), ep, gp, RATIO)?;
                    expect_close(&format!("recall ({} preds, {} truths, IoU ≥ {thr:.2})", preds.len(), truths.len()), er, gr, RATIO)?;
                }
                Ok(())
            }),
            Check::new("precision_recall/duplicates_and_errors", DETECT, |_cx| {
                let t = [BBox::new(0.0, 0.0, 10.0, 10.0)];
                let d = Detection { bbox: t[0], score: 0.9 };
                let got = precision_recall(&[d, d, d], &t, 0.5).or_fail("precision_recall")?;
                expect_close("precision with three copies of one correct box (one TP, two FP)", 1.0 / 3.0, got.0, RATIO)?;
                expect_close("recall with three copies of one correct box", 1.0, got.1, RATIO)?;
                let got = precision_recall(&[], &t, 0.5).or_fail("precision_recall")?;
                expect_eq("(precision, recall) with no predictions", (0.0, 0.0), got)?;
                let e = expect_err("precision_recall(threshold 1.5)", precision_recall(&[d], &t, 1.5))?;
                ensure(matches!(e, VisionError::BadThreshold(_)), || format!("expected VisionError::BadThreshold, got {e:?}"))
            }),
            // ------------------------------------------------------------ mask_metrics
            Check::new("mask_metrics/counts", SEGMENT, |cx| {
                let (h, w) = (cx.usize_in(4..=20), cx.usize_in(4..=20));
                let p = random_mask(cx, h, w, 0.5);
                let t = random_mask(cx, h, w, 0.5);
                let (mut both, mut either, mut np, mut nt) = (0, 0, 0, 0);
                for r in 0..h {
                    for c in 0..w {
                        both += usize::from(p[[r, c]] && t[[r, c]]);
                        either += usize::from(p[[r, c]] || t[[r, c]]);
                        np += usize::from(p[[r, c]]);
                        nt += usize::from(t[[r, c]]);
                    }
                }
                let (gi, gd) = mask_metrics(&p, &t).or_fail("mask_metrics")?;
                expect_close("pixel IoU", both as f64 / either as f64, gi, RATIO)?;
                expect_close("Dice", 2.0 * both as f64 / (np + nt) as f64, gd, RATIO)?;
                // Property: Dice = 2·IoU / (1 + IoU).
                expect_close("Dice vs 2·IoU/(1 + IoU)", 2.0 * gi / (1.0 + gi), gd, Tol::new(1e-12, 1e-14))
            }),
            Check::new("mask_metrics/scene_and_edges", SEGMENT, |cx| {
                let scene = random_scene(cx)?;
                let (i, d) = mask_metrics(&scene.mask, &scene.mask).or_fail("mask_metrics")?;
                expect_eq("(IoU, Dice) of a mask with itself", (1.0, 1.0), (i, d))?;
                let empty = Array2::from_elem((3, 3), false);
                expect_eq("(IoU, Dice) of two empty masks", (1.0, 1.0), mask_metrics(&empty, &empty).or_fail("mask_metrics")?)?;
                let e = expect_err("mask_metrics with shapes 3 × 3 and 96 × 96", mask_metrics(&empty, &scene.mask))?;
                ensure(matches!(e, VisionError::ShapeMismatch { .. }), || format!("expected VisionError::ShapeMismatch, got {e:?}"))
            }),
            // ------------------------------------------------------------ plots
            Check::new("plot_detections/png", DETECT, |cx| {
                let scene = random_scene(cx)?;
                let preds: Vec<Detection> = scene
                    .boxes
                    .iter()
                    .map(|b| Detection { bbox: BBox::new(b.x0 + 2.0, b.y0 + 2.0, b.x1 + 2.0, b.y1 + 2.0), score: 1.0 })
                    .collect();
                let path = cx.plot_path("scene.png");
                expect_ok("plot_detections(plots/40/scene.png)", plot_detections(fresh(&path), &scene.image, &preds, &scene.boxes, 4))?;
                expect_png("plots/40/scene.png", &path, (384, 384), 0.2)?;
                let png = read_png("plots/40/scene.png", &path)?;
                let (g, r) = (colour_count(&png, [30, 200, 30]), colour_count(&png, [220, 30, 30]));
                // Each box outline 2 px wide around a ≥ 10-pixel digit at scale 4 is
                // hundreds of pixels; 100 of each colour is a safe floor.
                ensure(g >= 100 && r >= 100, || format!("plots/40/scene.png: expected green predicted boxes and red ground-truth boxes; found {g} green and {r} red pixels"))
            }),
            Check::new("plot_otsu/png", SEGMENT_CV, |cx| {
                let scene = random_scene(cx)?;
                // The threshold drawn is Otsu's, found here by brute force.
                let pixels: Vec<u8> = scene.image.iter().copied().collect();
                let vars: Vec<f64> = (0..=255u8).map(|t| between_var(&pixels, t)).collect();
                let best = vars.iter().cloned().fold(0.0, f64::max);
                let t = vars.iter().position(|&v| v >= best * (1.0 - 1e-9)).unwrap_or(0) as u8;
                let path = cx.plot_path("otsu.png");
                expect_ok("plot_otsu(plots/40/otsu.png)", plot_otsu(fresh(&path), (640, 400), &scene.image, t))?;
                let png = expect_png("plots/40/otsu.png", &path, (640, 400), 0.02)?;
                let red = colour_count(&png, [220, 30, 30]);
                ensure(red >= 100, || format!("plots/40/otsu.png: expected a red threshold line, found {red} red pixels"))
            }),
        ],
    );
}

/// Measured on the reference over 201 seeds (15 scenes, ~70 digits each run): precision
/// mean 0.990, worst 0.861; recall mean 0.994, worst 0.932. The floors sit below the
/// worst run with room for a different but valid tie or order. These floors judge the
/// quality; `detect/reference_pipeline` pins down each step exactly.
const PRECISION_MIN: f64 = 0.8;
const RECALL_MIN: f64 = 0.85;
