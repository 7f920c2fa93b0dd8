//! Chapter 40: vision (roadmap P6 B1, "Object Detection (YOLO, Faster R-CNN)", P6 B2,
//! "Image Segmentation", and P6 B5, "OpenCV").
//!
//! The classical pipeline, by hand: blur, gradients and edges, Otsu's threshold,
//! morphology, connected components, boxes, IoU, non-maximum suppression, and the metrics
//! that score detections and masks, run on synthetic scenes of MNIST digits.

use std::collections::VecDeque;
use std::path::Path;

use charts::{with_canvas, FONT};
use ndarray::{Array1, Array2, ArrayView2};
use plotters::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use thiserror::Error;

// =======================================================================================
// Given: the types, a convolution helper and the scene generator.

/// What can go wrong in this chapter.
#[derive(Debug, Error)]
pub enum VisionError {
    /// A Gaussian needs a finite σ > 0.
    #[error("sigma must be finite and > 0, got {0}")]
    BadSigma(f64),
    /// An image or mask with no pixels.
    #[error("the image has no pixels")]
    Empty,
    /// Two masks (or images) that must have the same shape do not.
    #[error("shape mismatch: expected {expected:?}, got {got:?}")]
    ShapeMismatch {
        expected: (usize, usize),
        got: (usize, usize),
    },
    /// A threshold outside the range it must lie in.
    #[error("threshold {0} is outside [0, 1]")]
    BadThreshold(f64),
    /// Drawing or writing a plot failed.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

/// An axis-aligned box in pixel-edge coordinates: it covers `x0 ≤ x < x1` (columns) and
/// `y0 ≤ y < y1` (rows). The pixel at row r, column c is the unit square
/// `[c, c + 1) × [r, r + 1)`, so a component spanning columns 3..=7 has `x0 = 3, x1 = 8`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        BBox { x0, y0, x1, y1 }
    }

    /// `x1 − x0`, never negative.
    pub fn width(&self) -> f64 {
        (self.x1 - self.x0).max(0.0)
    }

    /// `y1 − y0`, never negative.
    pub fn height(&self) -> f64 {
        (self.y1 - self.y0).max(0.0)
    }

    /// `width · height`.
    pub fn area(&self) -> f64 {
        self.width() * self.height()
    }
}

/// A box with a confidence score (higher = more sure), what a detector outputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    pub bbox: BBox,
    pub score: f64,
}

/// Which neighbours touch: 4 = up, down, left, right; 8 = those and the four diagonals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    Four,
    Eight,
}

/// A morphological operation with the 3 × 3 square structuring element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Morph {
    /// Keep a pixel only if its whole 3 × 3 window is set (shrinks shapes).
    Erode,
    /// Set a pixel if any pixel of its 3 × 3 window is set (grows shapes).
    Dilate,
    /// Erode, then dilate: removes specks smaller than the element.
    Open,
    /// Dilate, then erode: fills pinholes and bridges one- or two-pixel gaps.
    Close,
}

/// One connected component: its label (1, 2, …), pixel count and tight bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Component {
    pub label: usize,
    pub area: usize,
    pub bbox: BBox,
}

/// A synthetic scene: a grey image, where each digit sits, and which pixels are digit ink.
#[derive(Debug, Clone)]
pub struct Scene {
    /// `size × size`, 0 = black background, 255 = white ink, with faint noise in 0..=40.
    pub image: Array2<u8>,
    /// The ground-truth box of each pasted digit: the tight box of its non-zero pixels.
    pub boxes: Vec<BBox>,
    /// The ground-truth segmentation: `true` where a pasted digit's pixel is non-zero.
    pub mask: Array2<bool>,
}

/// Side of a scene: a 3 × 3 grid of 32-pixel cells.
pub const SCENE_SIZE: usize = 96;
const CELL: usize = 32;

/// Paste 3 to 6 of `digits` (each 28 × 28) into distinct cells of a 96 × 96 canvas at a
/// random offset of 0 to 4 pixels inside the cell, over faint uniform noise in 0..=40.
/// Everything is decided by `seed`, so a seed replays the scene. Given, not an exercise.
///
/// # Panics
/// If `digits` is empty or a digit is not 28 × 28.
pub fn make_scene(digits: &[Array2<u8>], seed: u64) -> Scene {
    assert!(!digits.is_empty(), "make_scene needs at least one digit");
    let mut rng = StdRng::seed_from_u64(seed);
    let mut image = Array2::from_shape_fn((SCENE_SIZE, SCENE_SIZE), |_| rng.gen_range(0..=40u8));
    let mut mask = Array2::from_elem((SCENE_SIZE, SCENE_SIZE), false);
    let mut cells: Vec<usize> = (0..9).collect();
    // Fisher–Yates, then take the first n cells.
    for i in (1..cells.len()).rev() {
        cells.swap(i, rng.gen_range(0..=i));
    }
    let n = rng.gen_range(3..=6);
    let mut boxes = Vec::with_capacity(n);
    for &cell in &cells[..n] {
        let digit = &digits[rng.gen_range(0..digits.len())];
        assert_eq!(digit.dim(), (28, 28), "digits must be 28 × 28");
        let top = (cell / 3) * CELL + rng.gen_range(0..=4);
        let left = (cell % 3) * CELL + rng.gen_range(0..=4);
        let (mut r0, mut c0, mut r1, mut c1) = (usize::MAX, usize::MAX, 0, 0);
        for ((r, c), &v) in digit.indexed_iter() {
            if v > 0 {
                let (rr, cc) = (top + r, left + c);
                image[[rr, cc]] = image[[rr, cc]].max(v);
                mask[[rr, cc]] = true;
                r0 = r0.min(rr);
                c0 = c0.min(cc);
                r1 = r1.max(rr + 1);
                c1 = c1.max(cc + 1);
            }
        }
        if r0 != usize::MAX {
            boxes.push(BBox::new(c0 as f64, r0 as f64, c1 as f64, r1 as f64));
        }
    }
    Scene { image, boxes, mask }
}

/// Correlate `img` with `kernel` (odd sides, centred), replicating edge pixels outside the
/// image (OpenCV's `BORDER_REPLICATE`): `out[r, c] = Σ k[a, b] · img[r + a − kh/2, c + b − kw/2]`
/// with indices clamped into the image. The output has the input's shape. Given, not an
/// exercise (chapter 32 builds convolution properly); use it or not as you like.
///
/// # Panics
/// If the kernel has an even side.
pub fn correlate_replicate(img: &Array2<f64>, kernel: &Array2<f64>) -> Array2<f64> {
    let (h, w) = img.dim();
    let (kh, kw) = kernel.dim();
    assert!(kh % 2 == 1 && kw % 2 == 1, "kernel sides must be odd");
    let clamp = |i: isize, n: usize| i.clamp(0, n as isize - 1) as usize;
    Array2::from_shape_fn((h, w), |(r, c)| {
        let mut acc = 0.0;
        for a in 0..kh {
            for b in 0..kw {
                let rr = clamp(r as isize + a as isize - (kh / 2) as isize, h);
                let cc = clamp(c as isize + b as isize - (kw / 2) as isize, w);
                acc += kernel[[a, b]] * img[[rr, cc]];
            }
        }
        acc
    })
}

// =======================================================================================
// Exercises.

/// A 1-D Gaussian kernel of `2⌈3σ⌉ + 1` taps, `k[i] ∝ exp(−(i − m)² / (2σ²))` with
/// `m = ⌈3σ⌉` the centre, normalised to sum to 1.
///
/// ```
/// let k = vision::gaussian_kernel(1.0).unwrap();
/// assert_eq!(k.len(), 7);
/// assert!((k.sum() - 1.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`VisionError::BadSigma`] unless σ is finite and > 0.
///
/// Hints: `cargo grader hint 40::gaussian_kernel`.
pub fn gaussian_kernel(sigma: f64) -> Result<Array1<f64>, VisionError> {
    if !sigma.is_finite() || sigma <= 0.0 {
        return Err(VisionError::BadSigma(sigma));
    }
    let m = (3.0 * sigma).ceil() as usize;
    let k = Array1::from_shape_fn(2 * m + 1, |i| {
        let d = i as f64 - m as f64;
        (-d * d / (2.0 * sigma * sigma)).exp()
    });
    let s = k.sum();
    Ok(k / s)
}

/// Gaussian blur (`cv2.GaussianBlur(img, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE)`)
/// as two 1-D passes: the kernel along each row, then along each column, edge pixels
/// replicated. Equal to correlating with the 2-D kernel `k kᵀ` (that is the check).
///
/// ```
/// let img = ndarray::Array2::from_elem((5, 5), 3.0);
/// let out = vision::gaussian_blur(&img, 1.0).unwrap();
/// assert!(out.iter().all(|v| (v - 3.0).abs() < 1e-12));
/// ```
///
/// # Errors
/// [`VisionError::BadSigma`] as for [`gaussian_kernel`]; [`VisionError::Empty`] for an
/// image with no pixels.
///
/// Hints: `cargo grader hint 40::gaussian_blur`.
pub fn gaussian_blur(img: &Array2<f64>, sigma: f64) -> Result<Array2<f64>, VisionError> {
    let k = gaussian_kernel(sigma)?;
    if img.is_empty() {
        return Err(VisionError::Empty);
    }
    let (h, w) = img.dim();
    let m = (k.len() / 2) as isize;
    let clamp = |i: isize, n: usize| i.clamp(0, n as isize - 1) as usize;
    let rows = Array2::from_shape_fn((h, w), |(r, c)| {
        k.iter()
            .enumerate()
            .map(|(i, kv)| kv * img[[r, clamp(c as isize + i as isize - m, w)]])
            .sum::<f64>()
    });
    Ok(Array2::from_shape_fn((h, w), |(r, c)| {
        k.iter()
            .enumerate()
            .map(|(i, kv)| kv * rows[[clamp(r as isize + i as isize - m, h), c]])
            .sum::<f64>()
    }))
}

/// The Sobel gradients `(gx, gy)` with replicated edges: `gx` correlates with
/// `[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]` (brightness rising to the right is positive),
/// `gy` with its transpose (brightness rising downwards is positive).
/// `cv2.Sobel(img, cv2.CV_64F, 1, 0, borderType=cv2.BORDER_REPLICATE)` and `(…, 0, 1, …)`.
///
/// ```
/// let img = ndarray::array![[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]];
/// let (gx, gy) = vision::sobel(&img);
/// assert_eq!(gx[[1, 1]], 4.0);
/// assert_eq!(gy[[1, 1]], 0.0);
/// ```
///
/// Hints: `cargo grader hint 40::sobel`.
pub fn sobel(img: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
    let kx = ndarray::array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    let ky = kx.t().to_owned();
    (correlate_replicate(img, &kx), correlate_replicate(img, &ky))
}

/// Canny-lite edges (`cv2.Canny` without its blur): Sobel magnitude `√(gx² + gy²)`, thinned
/// by non-maximum suppression along the gradient direction, then hysteresis.
///
/// * Direction: `θ = atan2(gy, gx)` in degrees, folded into [0, 180). Compare the pixel
///   with its two neighbours along θ: θ in [0, 22.5) or [157.5, 180) → left and right;
///   [22.5, 67.5) → (r − 1, c − 1) and (r + 1, c + 1); [67.5, 112.5) → up and down;
///   [112.5, 157.5) → (r − 1, c + 1) and (r + 1, c − 1). A neighbour outside the image
///   counts as 0. Keep the magnitude if it is ≥ both neighbours, else 0.
/// * Hysteresis: a thinned pixel with magnitude ≥ `high` is an edge; one with magnitude
///   ≥ `low` is an edge if it is 8-connected to an edge through pixels ≥ `low`.
///
/// ```
/// let mut img = ndarray::Array2::zeros((6, 6));
/// img.slice_mut(ndarray::s![.., 3..]).fill(10.0);
/// let e = vision::canny(&img, 5.0, 20.0);
/// assert!(e.column(3).iter().all(|&b| b)); // the step, found on every row
/// assert!(!e.column(0).iter().any(|&b| b) && !e.column(5).iter().any(|&b| b));
/// ```
///
/// Hints: `cargo grader hint 40::canny`.
pub fn canny(img: &Array2<f64>, low: f64, high: f64) -> Array2<bool> {
    let (gx, gy) = sobel(img);
    let (h, w) = img.dim();
    let mag = Array2::from_shape_fn((h, w), |(r, c)| gx[[r, c]].hypot(gy[[r, c]]));
    let at = |r: isize, c: isize| {
        if r < 0 || c < 0 || r >= h as isize || c >= w as isize {
            0.0
        } else {
            mag[[r as usize, c as usize]]
        }
    };
    let thin = Array2::from_shape_fn((h, w), |(r, c)| {
        let mut t = gy[[r, c]].atan2(gx[[r, c]]).to_degrees();
        if t < 0.0 {
            t += 180.0;
        }
        if t >= 180.0 {
            t -= 180.0;
        }
        let (dr, dc) = if !(22.5..157.5).contains(&t) {
            (0, 1)
        } else if t < 67.5 {
            (1, 1)
        } else if t < 112.5 {
            (1, 0)
        } else {
            (1, -1)
        };
        let (r, c) = (r as isize, c as isize);
        let m = at(r, c);
        if m >= at(r + dr, c + dc) && m >= at(r - dr, c - dc) {
            m
        } else {
            0.0
        }
    });
    let mut edge = Array2::from_elem((h, w), false);
    let mut queue = VecDeque::new();
    for ((r, c), &m) in thin.indexed_iter() {
        if m >= high && m >= low {
            edge[[r, c]] = true;
            queue.push_back((r, c));
        }
    }
    while let Some((r, c)) = queue.pop_front() {
        for dr in -1isize..=1 {
            for dc in -1isize..=1 {
                let (rr, cc) = (r as isize + dr, c as isize + dc);
                if rr < 0 || cc < 0 || rr >= h as isize || cc >= w as isize {
                    continue;
                }
                let (rr, cc) = (rr as usize, cc as usize);
                if !edge[[rr, cc]] && thin[[rr, cc]] >= low {
                    edge[[rr, cc]] = true;
                    queue.push_back((rr, cc));
                }
            }
        }
    }
    edge
}

/// Otsu's threshold (`cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)`):
/// the `t` in 0..=255 that maximises the between-class variance
/// `σ_B²(t) = ω₀ ω₁ (μ₀ − μ₁)²` of the 256-bin histogram, where class 0 is the pixels
/// `≤ t` (weight ω₀ = their share, mean μ₀) and class 1 the pixels `> t`. An empty class
/// gives σ_B² = 0. On ties, the smallest such `t`. Foreground is then `pixel > t`.
///
/// ```
/// let img = ndarray::array![[10u8, 10, 200], [200, 10, 200]];
/// let t = vision::otsu_threshold(&img.view()).unwrap();
/// assert!((10..200).contains(&t));
/// ```
///
/// # Errors
/// [`VisionError::Empty`] for an image with no pixels.
///
/// Hints: `cargo grader hint 40::otsu_threshold`.
pub fn otsu_threshold(img: &ArrayView2<u8>) -> Result<u8, VisionError> {
    if img.is_empty() {
        return Err(VisionError::Empty);
    }
    let mut hist = [0f64; 256];
    for &v in img.iter() {
        hist[v as usize] += 1.0;
    }
    let n = img.len() as f64;
    let total: f64 = hist.iter().enumerate().map(|(i, c)| i as f64 * c).sum();
    let (mut w0, mut s0) = (0.0, 0.0);
    let (mut best, mut best_t) = (-1.0, 0u8);
    for (t, &count) in hist.iter().enumerate() {
        w0 += count;
        s0 += t as f64 * count;
        let w1 = n - w0;
        let var = if w0 == 0.0 || w1 == 0.0 {
            0.0
        } else {
            let (m0, m1) = (s0 / w0, (total - s0) / w1);
            (w0 / n) * (w1 / n) * (m0 - m1) * (m0 - m1)
        };
        if var > best {
            best = var;
            best_t = t as u8;
        }
    }
    Ok(best_t)
}

/// Binary morphology with the 3 × 3 square (`cv2.erode`, `cv2.dilate`,
/// `cv2.morphologyEx(..., cv2.MORPH_OPEN / MORPH_CLOSE, np.ones((3, 3)))`). The window is
/// clipped at the image border: pixels outside the image are simply not looked at, so
/// erosion keeps a pixel iff every in-image pixel of its window is set, and dilation sets
/// it iff any in-image pixel of its window is set. (One consequence: closing fills a
/// one-pixel gap between a shape and the image edge.)
///
/// ```
/// use vision::{morphology, Morph};
/// let mut m = ndarray::Array2::from_elem((5, 5), false);
/// m[[2, 2]] = true;
/// assert_eq!(morphology(&m, Morph::Dilate).iter().filter(|&&b| b).count(), 9);
/// assert_eq!(morphology(&m, Morph::Open).iter().filter(|&&b| b).count(), 0);
/// ```
///
/// Hints: `cargo grader hint 40::morphology`.
pub fn morphology(mask: &Array2<bool>, op: Morph) -> Array2<bool> {
    fn pass(m: &Array2<bool>, erode: bool) -> Array2<bool> {
        let (h, w) = m.dim();
        Array2::from_shape_fn((h, w), |(r, c)| {
            let mut all = true;
            let mut any = false;
            for rr in r.saturating_sub(1)..(r + 2).min(h) {
                for cc in c.saturating_sub(1)..(c + 2).min(w) {
                    all &= m[[rr, cc]];
                    any |= m[[rr, cc]];
                }
            }
            if erode {
                all
            } else {
                any
            }
        })
    }
    match op {
        Morph::Erode => pass(mask, true),
        Morph::Dilate => pass(mask, false),
        Morph::Open => pass(&pass(mask, true), false),
        Morph::Close => pass(&pass(mask, false), true),
    }
}

/// Label the connected components of the set pixels (`cv2.connectedComponents`,
/// `scipy.ndimage.label`). Background is 0; components are numbered 1, 2, … in the order
/// their first pixel appears in raster order (row by row, left to right). Returns the
/// labels and the number of components.
///
/// ```
/// use vision::{label_components, Connectivity};
/// let m = ndarray::array![[true, false], [false, true]];
/// assert_eq!(label_components(&m, Connectivity::Four).1, 2);
/// assert_eq!(label_components(&m, Connectivity::Eight).1, 1);
/// ```
///
/// Hints: `cargo grader hint 40::label_components`.
pub fn label_components(mask: &Array2<bool>, conn: Connectivity) -> (Array2<usize>, usize) {
    let (h, w) = mask.dim();
    let mut labels = Array2::zeros((h, w));
    let mut next = 0;
    let mut queue = VecDeque::new();
    for r in 0..h {
        for c in 0..w {
            if !mask[[r, c]] || labels[[r, c]] != 0 {
                continue;
            }
            next += 1;
            labels[[r, c]] = next;
            queue.push_back((r, c));
            while let Some((pr, pc)) = queue.pop_front() {
                for dr in -1isize..=1 {
                    for dc in -1isize..=1 {
                        if (dr == 0 && dc == 0)
                            || (conn == Connectivity::Four && dr != 0 && dc != 0)
                        {
                            continue;
                        }
                        let (rr, cc) = (pr as isize + dr, pc as isize + dc);
                        if rr < 0 || cc < 0 || rr >= h as isize || cc >= w as isize {
                            continue;
                        }
                        let (rr, cc) = (rr as usize, cc as usize);
                        if mask[[rr, cc]] && labels[[rr, cc]] == 0 {
                            labels[[rr, cc]] = next;
                            queue.push_back((rr, cc));
                        }
                    }
                }
            }
        }
    }
    (labels, next)
}

/// Area and tight bounding box of components `1..=count` of `labels`, in label order
/// (the stats of `cv2.connectedComponentsWithStats`, in [`BBox`] pixel-edge coordinates).
///
/// ```
/// let labels = ndarray::array![[0, 1, 1], [0, 0, 1]];
/// let comps = vision::component_stats(&labels, 1);
/// assert_eq!(comps[0].area, 3);
/// assert_eq!(comps[0].bbox, vision::BBox::new(1.0, 0.0, 3.0, 2.0));
/// ```
///
/// Hints: `cargo grader hint 40::component_stats`.
pub fn component_stats(labels: &Array2<usize>, count: usize) -> Vec<Component> {
    let mut out: Vec<(usize, usize, usize, usize, usize)> =
        vec![(0, usize::MAX, usize::MAX, 0, 0); count];
    for ((r, c), &l) in labels.indexed_iter() {
        if l == 0 || l > count {
            continue;
        }
        let e = &mut out[l - 1];
        e.0 += 1;
        e.1 = e.1.min(c);
        e.2 = e.2.min(r);
        e.3 = e.3.max(c + 1);
        e.4 = e.4.max(r + 1);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (area, x0, y0, x1, y1))| Component {
            label: i + 1,
            area,
            bbox: if area == 0 {
                BBox::new(0.0, 0.0, 0.0, 0.0)
            } else {
                BBox::new(x0 as f64, y0 as f64, x1 as f64, y1 as f64)
            },
        })
        .collect()
}

/// Intersection over union of two boxes: `|A ∩ B| / |A ∪ B|` with
/// `|A ∩ B| = max(0, min(x1) − max(x0)) · max(0, min(y1) − max(y0))`. Boxes that only
/// touch along an edge share no area: IoU 0. If the union is empty (two zero-area boxes),
/// the IoU is 0.
///
/// ```
/// use vision::{iou, BBox};
/// let a = BBox::new(0.0, 0.0, 2.0, 2.0);
/// assert_eq!(iou(&a, &a), 1.0);
/// assert_eq!(iou(&a, &BBox::new(1.0, 0.0, 3.0, 2.0)), 2.0 / 6.0);
/// assert_eq!(iou(&a, &BBox::new(2.0, 0.0, 4.0, 2.0)), 0.0);
/// ```
///
/// Hints: `cargo grader hint 40::iou`.
pub fn iou(a: &BBox, b: &BBox) -> f64 {
    let iw = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
    let ih = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
    let inter = iw * ih;
    let union = a.area() + b.area() - inter;
    if union <= 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// Greedy non-maximum suppression (`cv2.dnn.NMSBoxes`, `torchvision.ops.nms`): visit the
/// detections by score, highest first (equal scores: lower index first); keep one unless
/// its IoU with an already kept box is `> iou_threshold`. Returns the kept indices in the
/// order they were kept.
///
/// ```
/// use vision::{nms, BBox, Detection};
/// let d = |x: f64, s: f64| Detection { bbox: BBox::new(x, 0.0, x + 10.0, 10.0), score: s };
/// assert_eq!(nms(&[d(0.0, 0.5), d(1.0, 0.9), d(50.0, 0.1)], 0.5), vec![1, 2]);
/// ```
///
/// Hints: `cargo grader hint 40::nms`.
pub fn nms(dets: &[Detection], iou_threshold: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dets.len()).collect();
    order.sort_by(|&a, &b| dets[b].score.total_cmp(&dets[a].score));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        if kept
            .iter()
            .all(|&k| iou(&dets[k].bbox, &dets[i].bbox) <= iou_threshold)
        {
            kept.push(i);
        }
    }
    kept
}

/// A tiny classical detector: Otsu threshold (`pixel > t`) → [`Morph::Close`] →
/// 8-connected components → drop components with fewer than `min_area` pixels → one
/// [`Detection`] per component with its box and score = ink mass (the sum of the
/// component's pixel values / 255, measured on the thresholded, not the closed, pixels)
/// → [`nms`] at IoU 0.5. Returns the kept detections in NMS order.
///
/// ```
/// let mut img = ndarray::Array2::from_elem((20, 20), 5u8);
/// img.slice_mut(ndarray::s![2..8, 3..9]).fill(250);
/// let dets = vision::detect(&img, 4).unwrap();
/// assert_eq!(dets.len(), 1);
/// assert_eq!(dets[0].bbox, vision::BBox::new(3.0, 2.0, 9.0, 8.0));
/// ```
///
/// # Errors
/// [`VisionError::Empty`] for an image with no pixels.
///
/// Hints: `cargo grader hint 40::detect`.
pub fn detect(img: &Array2<u8>, min_area: usize) -> Result<Vec<Detection>, VisionError> {
    let t = otsu_threshold(&img.view())?;
    let mask = img.mapv(|v| v > t);
    let closed = morphology(&mask, Morph::Close);
    let (labels, n) = label_components(&closed, Connectivity::Eight);
    let mut mass = vec![0.0; n];
    for ((r, c), &l) in labels.indexed_iter() {
        if l > 0 && mask[[r, c]] {
            mass[l - 1] += f64::from(img[[r, c]]) / 255.0;
        }
    }
    let dets: Vec<Detection> = component_stats(&labels, n)
        .into_iter()
        .filter(|comp| comp.area >= min_area)
        .map(|comp| Detection {
            bbox: comp.bbox,
            score: mass[comp.label - 1],
        })
        .collect();
    Ok(nms(&dets, 0.5).into_iter().map(|i| dets[i]).collect())
}

/// Precision and recall of `preds` against `truths` at IoU ≥ `iou_threshold` (the
/// PASCAL VOC rule): visit predictions by score, highest first (ties: lower index first);
/// each is a true positive if its best-IoU truth not yet matched has IoU ≥ the threshold
/// (that truth is then matched), else a false positive. precision = TP / #preds,
/// recall = TP / #truths, and 0 when the denominator is 0.
///
/// ```
/// use vision::{precision_recall, BBox, Detection};
/// let t = [BBox::new(0.0, 0.0, 10.0, 10.0)];
/// let p = [Detection { bbox: BBox::new(1.0, 0.0, 10.0, 10.0), score: 0.9 },
///          Detection { bbox: BBox::new(0.0, 0.0, 10.0, 10.0), score: 0.8 }];
/// assert_eq!(precision_recall(&p, &t, 0.5).unwrap(), (0.5, 1.0));
/// ```
///
/// # Errors
/// [`VisionError::BadThreshold`] unless `0 ≤ iou_threshold ≤ 1`.
///
/// Hints: `cargo grader hint 40::precision_recall`.
pub fn precision_recall(
    preds: &[Detection],
    truths: &[BBox],
    iou_threshold: f64,
) -> Result<(f64, f64), VisionError> {
    if !(0.0..=1.0).contains(&iou_threshold) {
        return Err(VisionError::BadThreshold(iou_threshold));
    }
    let mut order: Vec<usize> = (0..preds.len()).collect();
    order.sort_by(|&a, &b| preds[b].score.total_cmp(&preds[a].score));
    let mut matched = vec![false; truths.len()];
    let mut tp = 0usize;
    for i in order {
        let best = (0..truths.len())
            .filter(|&j| !matched[j])
            .map(|j| (j, iou(&preds[i].bbox, &truths[j])))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, v)) = best {
            if v >= iou_threshold {
                matched[j] = true;
                tp += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok((ratio(tp, preds.len()), ratio(tp, truths.len())))
}

/// Segmentation overlap of a predicted and a true mask: pixel IoU `|P ∩ T| / |P ∪ T|` and
/// Dice `2|P ∩ T| / (|P| + |T|)`. Two empty masks agree perfectly: `(1, 1)`.
///
/// ```
/// let p = ndarray::array![[true, true], [false, false]];
/// let t = ndarray::array![[true, false], [false, false]];
/// assert_eq!(vision::mask_metrics(&p, &t).unwrap(), (0.5, 2.0 / 3.0));
/// ```
///
/// # Errors
/// [`VisionError::ShapeMismatch`] when the shapes differ (`expected` is the truth's).
///
/// Hints: `cargo grader hint 40::mask_metrics`.
pub fn mask_metrics(pred: &Array2<bool>, truth: &Array2<bool>) -> Result<(f64, f64), VisionError> {
    if pred.dim() != truth.dim() {
        return Err(VisionError::ShapeMismatch {
            expected: truth.dim(),
            got: pred.dim(),
        });
    }
    let (mut inter, mut p, mut t) = (0usize, 0usize, 0usize);
    for (&a, &b) in pred.iter().zip(truth.iter()) {
        inter += usize::from(a && b);
        p += usize::from(a);
        t += usize::from(b);
    }
    if p + t == 0 {
        return Ok((1.0, 1.0));
    }
    let union = p + t - inter;
    Ok((
        inter as f64 / union as f64,
        2.0 * inter as f64 / (p + t) as f64,
    ))
}

/// Draw `image` (grey, each pixel a `scale × scale` square) with the ground-truth boxes in
/// red (`RGB(220, 30, 30)`) and the predicted boxes in green (`RGB(30, 200, 30)`), 2 pixels
/// wide, into a PNG of `(w·scale, h·scale)` pixels.
///
/// ```no_run
/// let scene = vision::make_scene(&[ndarray::Array2::from_elem((28, 28), 200u8)], 7);
/// let path = std::path::Path::new("plots/40/scene.png");
/// vision::plot_detections(path, &scene.image, &[], &scene.boxes, 4)?;
/// # Ok::<(), vision::VisionError>(())
/// ```
///
/// # Errors
/// [`VisionError::Empty`] for an image with no pixels or `scale == 0`; drawing errors.
///
/// Hints: `cargo grader hint 40::plot_detections`.
pub fn plot_detections(
    path: &Path,
    image: &Array2<u8>,
    preds: &[Detection],
    truths: &[BBox],
    scale: u32,
) -> Result<(), VisionError> {
    if image.is_empty() || scale == 0 {
        return Err(VisionError::Empty);
    }
    let (h, w) = image.dim();
    let s = scale as i32;
    let size = (w as u32 * scale, h as u32 * scale);
    with_canvas(path, size, |root| {
        for ((r, c), &v) in image.indexed_iter() {
            let (x, y) = (c as i32 * s, r as i32 * s);
            root.draw(&Rectangle::new(
                [(x, y), (x + s, y + s)],
                RGBColor(v, v, v).filled(),
            ))?;
        }
        let draw_box = |b: &BBox, colour: RGBColor| -> Result<(), Box<dyn std::error::Error>> {
            let (x0, y0) = ((b.x0 * s as f64) as i32, (b.y0 * s as f64) as i32);
            let (x1, y1) = ((b.x1 * s as f64) as i32 - 1, (b.y1 * s as f64) as i32 - 1);
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                colour.stroke_width(2),
            ))?;
            Ok(())
        };
        for b in truths {
            draw_box(b, RGBColor(220, 30, 30))?;
        }
        for d in preds {
            draw_box(&d.bbox, RGBColor(30, 200, 30))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Draw the 256-bin grey-level histogram of `image` as bars (log-free counts), with a
/// vertical red line at the threshold `t` and a title naming it, into a PNG of `size`.
/// Every text uses `charts::FONT`.
///
/// ```no_run
/// let img = ndarray::Array2::from_elem((8, 8), 3u8);
/// vision::plot_otsu(std::path::Path::new("plots/40/otsu.png"), (640, 400), &img, 100)?;
/// # Ok::<(), vision::VisionError>(())
/// ```
///
/// # Errors
/// [`VisionError::Empty`] for an image with no pixels; drawing errors.
///
/// Hints: `cargo grader hint 40::plot_otsu`.
pub fn plot_otsu(
    path: &Path,
    size: (u32, u32),
    image: &Array2<u8>,
    t: u8,
) -> Result<(), VisionError> {
    if image.is_empty() {
        return Err(VisionError::Empty);
    }
    let mut hist = [0u64; 256];
    for &v in image.iter() {
        hist[v as usize] += 1;
    }
    let top = *hist.iter().max().unwrap_or(&1) as f64 * 1.05;
    with_canvas(path, size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(15)
            .caption(format!("grey-level histogram, Otsu t = {t}"), (FONT, 18))
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..256.0, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("grey level")
            .y_desc("pixels")
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 15))
            .draw()?;
        chart.draw_series(hist.iter().enumerate().map(|(i, &n)| {
            Rectangle::new(
                [(i as f64, 0.0), (i as f64 + 1.0, n as f64)],
                charts::palette(0).filled(),
            )
        }))?;
        let x = f64::from(t) + 1.0;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, top)],
            RGBColor(220, 30, 30).stroke_width(2),
        )))?;
        Ok(())
    })?;
    Ok(())
}
