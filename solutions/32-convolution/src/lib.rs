//! Chapter 32: convolution (roadmap W16-17 D1-2, "Convolution operation, Filters", and
//! W16-17 D3-4, "Pooling, Padding, Stride").
//!
//! Reference solution. Same public API as `exercises/32-convolution`.

use std::path::Path;

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array1, Array2, Array3, Array4, Axis};
use thiserror::Error;

/// Inputs that cannot be convolved or pooled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConvError {
    #[error("the stride must be at least 1")]
    ZeroStride,
    #[error("a kernel or pooling window must be at least 1 × 1")]
    EmptyKernel,
    #[error("a window of {kernel} does not fit in an input of {input} with padding {padding} on each side")]
    KernelTooLarge {
        input: usize,
        kernel: usize,
        padding: usize,
    },
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Mismatch {
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
}

impl ConvError {
    /// A [`ConvError::Mismatch`]: `what` should have had shape `expected`.
    pub fn mismatch(what: &'static str, expected: &[usize], got: &[usize]) -> Self {
        ConvError::Mismatch {
            what,
            expected: expected.to_vec(),
            got: got.to_vec(),
        }
    }
}

/// How a kernel slides: `stride` pixels per step, over an input with `padding` rows and
/// columns of zeros added on every side. `ConvSpec::default()` is stride 1, no padding
/// (PyTorch's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvSpec {
    pub stride: usize,
    pub padding: usize,
}

impl ConvSpec {
    pub const fn new(stride: usize, padding: usize) -> Self {
        ConvSpec { stride, padding }
    }
}

impl Default for ConvSpec {
    fn default() -> Self {
        ConvSpec::new(1, 0)
    }
}

/// The classic hand-made filters of image processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// 3 × 3, every weight 1/9: each pixel becomes the mean of its neighbourhood.
    BoxBlur,
    /// Sobel's horizontal derivative: large where brightness rises to the right.
    SobelX,
    /// Sobel's vertical derivative: large where brightness rises downwards.
    SobelY,
}

/// The gradients of a convolution layer, each with the shape of what it differentiates.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvGrads {
    /// `∂L/∂x`, `C_in × H × W`.
    pub dx: Array3<f64>,
    /// `∂L/∂w`, `C_out × C_in × kh × kw`.
    pub dw: Array4<f64>,
    /// `∂L/∂b`, `C_out`.
    pub db: Array1<f64>,
}

/// The number of positions a window of size `kernel` takes along an axis of length
/// `input` padded with `padding` zeros at both ends, moving `stride` at a time:
///
/// ```text
/// out = ⌊(n + 2p − k) / s⌋ + 1
/// ```
///
/// ```
/// use convolution::output_size;
/// assert_eq!(output_size(28, 3, 1, 1), Ok(28)); // "same" convolution
/// assert_eq!(output_size(28, 2, 0, 2), Ok(14)); // 2 × 2 pooling
/// assert_eq!(output_size(5, 3, 0, 2), Ok(2));
/// ```
///
/// # Errors
/// [`ConvError::ZeroStride`] for `stride == 0`, [`ConvError::EmptyKernel`] for
/// `kernel == 0`, [`ConvError::KernelTooLarge`] when `kernel > input + 2·padding`.
///
/// Hints: `cargo grader hint 32::output_size`.
pub fn output_size(
    input: usize,
    kernel: usize,
    padding: usize,
    stride: usize,
) -> Result<usize, ConvError> {
    if stride == 0 {
        return Err(ConvError::ZeroStride);
    }
    if kernel == 0 {
        return Err(ConvError::EmptyKernel);
    }
    let padded = input + 2 * padding;
    if kernel > padded {
        return Err(ConvError::KernelTooLarge {
            input,
            kernel,
            padding,
        });
    }
    Ok((padded - kernel) / stride + 1)
}

/// `x` with `padding` rows and columns of zeros added on every side (`np.pad(x, p)`).
///
/// ```
/// use ndarray::array;
/// let p = convolution::pad2d(&array![[1.0, 2.0]], 1);
/// assert_eq!(p, array![[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 0.0], [0.0, 0.0, 0.0, 0.0]]);
/// ```
///
/// Hints: `cargo grader hint 32::pad2d`.
pub fn pad2d(x: &Array2<f64>, padding: usize) -> Array2<f64> {
    let (h, w) = x.dim();
    let mut out = Array2::zeros((h + 2 * padding, w + 2 * padding));
    out.slice_mut(s![padding..padding + h, padding..padding + w])
        .assign(x);
    out
}

/// Every channel of `x` padded as in [`pad2d`].
fn pad3d(x: &Array3<f64>, padding: usize) -> Array3<f64> {
    let (c, h, w) = x.dim();
    let mut out = Array3::zeros((c, h + 2 * padding, w + 2 * padding));
    out.slice_mut(s![.., padding..padding + h, padding..padding + w])
        .assign(x);
    out
}

/// The output height and width of a `kh × kw` window sliding over an `h × w` input.
fn out_dims(
    h: usize,
    w: usize,
    kh: usize,
    kw: usize,
    spec: ConvSpec,
) -> Result<(usize, usize), ConvError> {
    Ok((
        output_size(h, kh, spec.padding, spec.stride)?,
        output_size(w, kw, spec.padding, spec.stride)?,
    ))
}

/// Slide `kernel` over the single-channel image `x` and take a dot product at every
/// position (cross-correlation, which deep learning calls convolution):
///
/// ```text
/// out[i, j] = Σₐ Σ_b  x_pad[i·s + a, j·s + b] · kernel[a, b]
/// ```
///
/// where `x_pad` is `x` with `spec.padding` zeros around it and `s = spec.stride`. The
/// output is `output_size(H, kh, p, s) × output_size(W, kw, p, s)`. The kernel need not be
/// square.
///
/// ```
/// use ndarray::array;
/// use convolution::{conv2d_single, ConvSpec};
/// let x = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
/// let k = array![[1.0, 0.0], [0.0, -1.0]];
/// let y = conv2d_single(&x, &k, ConvSpec::default()).unwrap();
/// assert_eq!(y, array![[-4.0, -4.0], [-4.0, -4.0]]);
/// ```
///
/// # Errors
/// Those of [`output_size`] along either axis.
///
/// Hints: `cargo grader hint 32::conv2d_single`.
pub fn conv2d_single(
    x: &Array2<f64>,
    kernel: &Array2<f64>,
    spec: ConvSpec,
) -> Result<Array2<f64>, ConvError> {
    let (h, w) = x.dim();
    let (kh, kw) = kernel.dim();
    let (oh, ow) = out_dims(h, w, kh, kw, spec)?;
    let xp = pad2d(x, spec.padding);
    let s = spec.stride;
    let mut out = Array2::zeros((oh, ow));
    for i in 0..oh {
        for j in 0..ow {
            let mut acc = 0.0;
            for a in 0..kh {
                for b in 0..kw {
                    acc += xp[[i * s + a, j * s + b]] * kernel[[a, b]];
                }
            }
            out[[i, j]] = acc;
        }
    }
    Ok(out)
}

/// The 3 × 3 kernel of a classic [`Filter`]:
///
/// ```text
/// BoxBlur  1/9 ·  1  1  1      SobelX  −1  0  1      SobelY  −1 −2 −1
///                 1  1  1              −2  0  2               0  0  0
///                 1  1  1              −1  0  1               1  2  1
/// ```
///
/// ```
/// use convolution::{filter_kernel, Filter};
/// assert_eq!(filter_kernel(Filter::SobelX)[[1, 2]], 2.0);
/// assert_eq!(filter_kernel(Filter::SobelY), filter_kernel(Filter::SobelX).t());
/// ```
///
/// Hints: `cargo grader hint 32::filter_kernel`.
pub fn filter_kernel(filter: Filter) -> Array2<f64> {
    let sobel_x = ndarray::array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    match filter {
        Filter::BoxBlur => Array2::from_elem((3, 3), 1.0 / 9.0),
        Filter::SobelX => sobel_x,
        Filter::SobelY => sobel_x.t().to_owned(),
    }
}

/// The edge strength of an image: `√(gx² + gy²)`, where `gx` and `gy` are the Sobel x and
/// y responses (stride 1, padding 1, so the output has the image's size).
///
/// ```
/// use ndarray::Array2;
/// // A vertical edge: dark left half, bright right half.
/// let x = Array2::from_shape_fn((4, 4), |(_, j)| if j < 2 { 0.0 } else { 1.0 });
/// let g = convolution::gradient_magnitude(&x).unwrap();
/// assert_eq!(g[[1, 1]], 4.0); // on the edge
/// assert_eq!(g[[1, 0]], 0.0); // in the flat dark region
/// ```
///
/// # Errors
/// Those of [`conv2d_single`] (an empty image).
///
/// Hints: `cargo grader hint 32::gradient_magnitude`.
pub fn gradient_magnitude(image: &Array2<f64>) -> Result<Array2<f64>, ConvError> {
    let same = ConvSpec::new(1, 1);
    let gx = conv2d_single(image, &filter_kernel(Filter::SobelX), same)?;
    let gy = conv2d_single(image, &filter_kernel(Filter::SobelY), same)?;
    Ok(ndarray::Zip::from(&gx)
        .and(&gy)
        .map_collect(|&a, &b| a.hypot(b)))
}

/// Map values to grey levels for [`charts::image_grid`] (0 = white, 255 = black):
/// `|v| / max|v|`, so signed responses show their strength.
fn to_grey(x: &Array2<f64>) -> Vec<u8> {
    let max = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    x.iter()
        .map(|v| {
            if max > 0.0 {
                (255.0 * v.abs() / max).round() as u8
            } else {
                0
            }
        })
        .collect()
}

/// An image and its four filtered versions (stride 1, padding 1).
fn filter_panels(d: &Array2<f64>) -> Result<[Array2<f64>; 5], ConvError> {
    let same = ConvSpec::new(1, 1);
    Ok([
        d.clone(),
        conv2d_single(d, &filter_kernel(Filter::BoxBlur), same)?,
        conv2d_single(d, &filter_kernel(Filter::SobelX), same)?,
        conv2d_single(d, &filter_kernel(Filter::SobelY), same)?,
        gradient_magnitude(d)?,
    ])
}

/// Draw, for every (square, equally sized) image in `digits`, one row of five panels with
/// [`charts::image_grid`]: the original, the box blur, |Sobel x|, |Sobel y| and the
/// gradient magnitude (all stride 1, padding 1, each scaled by its own largest absolute
/// value), captioned `original`, `blur`, `|sobel x|`, `|sobel y|`, `magnitude`.
///
/// ```no_run
/// let test = datasets::mnist::load_test().unwrap();
/// let digits: Vec<_> = (0..4).map(|i| test.image(i).mapv(|p| f64::from(p) / 255.0)).collect();
/// convolution::plot_filters(&digits, "plots/32/filters.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// [`charts::ChartError::Empty`] for no images, images that are not square and of one
/// size, or a filter that fails on them; drawing errors.
///
/// Hints: `cargo grader hint 32::plot_filters`.
pub fn plot_filters(digits: &[Array2<f64>], path: &Path) -> Result<(), charts::ChartError> {
    let first = digits
        .first()
        .ok_or_else(|| charts::ChartError::Empty("plot_filters: no images".into()))?;
    let side = first.nrows();
    if digits.iter().any(|d| d.dim() != (side, side)) {
        return Err(charts::ChartError::Empty(format!(
            "plot_filters: every image must be {side} × {side}"
        )));
    }
    let names = ["original", "blur", "|sobel x|", "|sobel y|", "magnitude"];
    let (mut pictures, mut captions) = (Vec::new(), Vec::new());
    for d in digits {
        let panels = filter_panels(d)
            .map_err(|e| charts::ChartError::Empty(format!("plot_filters: {e}")))?;
        for (panel, name) in panels.iter().zip(names) {
            pictures.push(to_grey(panel));
            captions.push(name.to_string());
        }
    }
    charts::image_grid(
        path,
        "MNIST digits through classic filters",
        &pictures,
        &captions,
        side,
        names.len(),
    )
}

/// Check `w` (`C_out × C_in × kh × kw`) against `x` (`C_in × H × W`) and `b` (`C_out`).
fn check_layer(x: &Array3<f64>, w: &Array4<f64>, b: Option<&Array1<f64>>) -> Result<(), ConvError> {
    let (c_out, c_in, kh, kw) = w.dim();
    if c_in != x.dim().0 {
        return Err(ConvError::mismatch(
            "w (C_out × C_in × kh × kw, C_in = channels of x)",
            &[c_out, x.dim().0, kh, kw],
            w.shape(),
        ));
    }
    if let Some(b) = b {
        if b.len() != c_out {
            return Err(ConvError::mismatch(
                "b (one bias per filter)",
                &[c_out],
                b.shape(),
            ));
        }
    }
    Ok(())
}

/// A convolution layer's forward pass with loops: `C_out` filters, each spanning all
/// `C_in` input channels, plus one bias per filter (PyTorch's `nn.Conv2d`):
///
/// ```text
/// out[o, i, j] = b[o] + Σ_c Σₐ Σ_b  x_pad[c, i·s + a, j·s + b] · w[o, c, a, b]
/// ```
///
/// `x` is `C_in × H × W`, `w` is `C_out × C_in × kh × kw`, `b` has length `C_out`; the
/// output is `C_out × H_out × W_out`.
///
/// ```
/// use ndarray::{array, Array3, Array4};
/// use convolution::{conv2d, ConvSpec};
/// // Two channels of ones, one 1 × 1 filter that weighs them 2 and 3, bias 1.
/// let x = Array3::ones((2, 2, 2));
/// let w = Array4::from_shape_vec((1, 2, 1, 1), vec![2.0, 3.0]).unwrap();
/// let y = conv2d(&x, &w, &array![1.0], ConvSpec::default()).unwrap();
/// assert_eq!(y, Array3::from_elem((1, 2, 2), 6.0));
/// ```
///
/// # Errors
/// [`ConvError::Mismatch`] when `w`'s second axis is not `x`'s channel count or `b` is
/// not one per filter; those of [`output_size`].
///
/// Hints: `cargo grader hint 32::conv2d`.
pub fn conv2d(
    x: &Array3<f64>,
    w: &Array4<f64>,
    b: &Array1<f64>,
    spec: ConvSpec,
) -> Result<Array3<f64>, ConvError> {
    check_layer(x, w, Some(b))?;
    let (_, h, wd) = x.dim();
    let (c_out, c_in, kh, kw) = w.dim();
    let (oh, ow) = out_dims(h, wd, kh, kw, spec)?;
    let xp = pad3d(x, spec.padding);
    let s = spec.stride;
    let mut out = Array3::zeros((c_out, oh, ow));
    for o in 0..c_out {
        for i in 0..oh {
            for j in 0..ow {
                let mut acc = b[o];
                for c in 0..c_in {
                    for a in 0..kh {
                        for bb in 0..kw {
                            acc += xp[[c, i * s + a, j * s + bb]] * w[[o, c, a, bb]];
                        }
                    }
                }
                out[[o, i, j]] = acc;
            }
        }
    }
    Ok(out)
}

/// Unfold every window of `x` into a column (`im2col`, PyTorch's `F.unfold`): the result
/// is `(C·kh·kw) × (H_out·W_out)` with
///
/// ```text
/// cols[(c·kh + a)·kw + b,  i·W_out + j] = x_pad[c, i·s + a, j·s + b]
/// ```
///
/// so column `i·W_out + j` holds the window of output position `(i, j)`, flattened in
/// the same order as a filter `w[o]` of shape `C × kh × kw`.
///
/// ```
/// use ndarray::{array, Array3};
/// use convolution::{im2col, ConvSpec};
/// let x = Array3::from_shape_vec((1, 2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
/// let cols = im2col(&x, (2, 2), ConvSpec::default()).unwrap();
/// assert_eq!(cols, array![[1.0, 2.0], [2.0, 3.0], [4.0, 5.0], [5.0, 6.0]]);
/// ```
///
/// # Errors
/// Those of [`output_size`].
///
/// Hints: `cargo grader hint 32::im2col`.
pub fn im2col(
    x: &Array3<f64>,
    kernel: (usize, usize),
    spec: ConvSpec,
) -> Result<Array2<f64>, ConvError> {
    let (c_in, h, w) = x.dim();
    let (kh, kw) = kernel;
    let (oh, ow) = out_dims(h, w, kh, kw, spec)?;
    let xp = pad3d(x, spec.padding);
    let s = spec.stride;
    let mut cols = Array2::zeros((c_in * kh * kw, oh * ow));
    for c in 0..c_in {
        for a in 0..kh {
            for b in 0..kw {
                let mut row = cols.row_mut((c * kh + a) * kw + b);
                for i in 0..oh {
                    for j in 0..ow {
                        row[i * ow + j] = xp[[c, i * s + a, j * s + b]];
                    }
                }
            }
        }
    }
    Ok(cols)
}

/// The same layer as [`conv2d`] as one matrix product: reshape `w` to
/// `C_out × (C_in·kh·kw)` and multiply it by `im2col(x)`, then add the bias to every
/// column and reshape to `C_out × H_out × W_out`. Multiply with
/// `ndarray::linalg::general_mat_mul` into a buffer that already holds the bias
/// (`c ← 1·a·b + 1·c`).
///
/// ```
/// use ndarray::{array, Array3, Array4};
/// use convolution::{conv2d, conv2d_im2col, ConvSpec};
/// let x = Array3::from_shape_fn((2, 4, 4), |(c, i, j)| (c + i * j) as f64);
/// let w = Array4::from_shape_fn((3, 2, 3, 3), |(o, c, a, b)| (o + c) as f64 - (a * b) as f64);
/// let b = array![0.5, -1.0, 2.0];
/// let spec = ConvSpec::new(1, 1);
/// assert_eq!(conv2d_im2col(&x, &w, &b, spec).unwrap(), conv2d(&x, &w, &b, spec).unwrap());
/// ```
///
/// # Errors
/// As [`conv2d`].
///
/// Hints: `cargo grader hint 32::conv2d_im2col`.
pub fn conv2d_im2col(
    x: &Array3<f64>,
    w: &Array4<f64>,
    b: &Array1<f64>,
    spec: ConvSpec,
) -> Result<Array3<f64>, ConvError> {
    check_layer(x, w, Some(b))?;
    let (_, h, wd) = x.dim();
    let (c_out, c_in, kh, kw) = w.dim();
    let (oh, ow) = out_dims(h, wd, kh, kw, spec)?;
    let cols = im2col(x, (kh, kw), spec)?;
    let w_mat = w
        .view()
        .into_shape_with_order((c_out, c_in * kh * kw))
        .expect("a standard-layout Array4 reshapes to a matrix");
    // Start from the bias in every column, then add W·cols on top (β = 1).
    let mut out = b
        .view()
        .insert_axis(Axis(1))
        .broadcast((c_out, oh * ow))
        .expect("a column broadcasts along the rows")
        .to_owned();
    general_mat_mul(1.0, &w_mat, &cols, 1.0, &mut out);
    Ok(out
        .into_shape_with_order((c_out, oh, ow))
        .expect("C_out × (H_out·W_out) holds C_out·H_out·W_out values"))
}

/// Check a pooling window against `x`'s height and width; the output height and width.
fn pool_dims(h: usize, w: usize, size: usize, stride: usize) -> Result<(usize, usize), ConvError> {
    out_dims(h, w, size, size, ConvSpec::new(stride, 0))
}

/// Max pooling: the largest value of every `size × size` window, moving `stride` at a
/// time, channel by channel, no padding (`F.max_pool2d(x, size, stride)`). The output is
/// `C × output_size(H, size, 0, stride) × output_size(W, size, 0, stride)`.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::from_shape_vec((1, 2, 4), vec![1.0, 5.0, 2.0, 0.0, 3.0, 4.0, 8.0, 7.0]).unwrap();
/// let y = convolution::max_pool2d(&x, 2, 2).unwrap();
/// assert_eq!(y, Array3::from_shape_vec((1, 1, 2), vec![5.0, 8.0]).unwrap());
/// ```
///
/// # Errors
/// Those of [`output_size`] (a zero size or stride, a window larger than the input).
///
/// Hints: `cargo grader hint 32::max_pool2d`.
pub fn max_pool2d(x: &Array3<f64>, size: usize, stride: usize) -> Result<Array3<f64>, ConvError> {
    let (c, h, w) = x.dim();
    let (oh, ow) = pool_dims(h, w, size, stride)?;
    Ok(Array3::from_shape_fn((c, oh, ow), |(ch, i, j)| {
        x.slice(s![
            ch,
            i * stride..i * stride + size,
            j * stride..j * stride + size
        ])
        .iter()
        .fold(f64::NEG_INFINITY, |m, &v| m.max(v))
    }))
}

/// Average pooling: the mean of every `size × size` window, moving `stride` at a time,
/// channel by channel, no padding (`F.avg_pool2d(x, size, stride)`).
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::from_shape_vec((1, 2, 4), vec![1.0, 5.0, 2.0, 0.0, 3.0, 4.0, 8.0, 7.0]).unwrap();
/// let y = convolution::avg_pool2d(&x, 2, 2).unwrap();
/// assert_eq!(y, Array3::from_shape_vec((1, 1, 2), vec![3.25, 4.25]).unwrap());
/// ```
///
/// # Errors
/// Those of [`output_size`].
///
/// Hints: `cargo grader hint 32::avg_pool2d`.
pub fn avg_pool2d(x: &Array3<f64>, size: usize, stride: usize) -> Result<Array3<f64>, ConvError> {
    let (c, h, w) = x.dim();
    let (oh, ow) = pool_dims(h, w, size, stride)?;
    let area = (size * size) as f64;
    Ok(Array3::from_shape_fn((c, oh, ow), |(ch, i, j)| {
        x.slice(s![
            ch,
            i * stride..i * stride + size,
            j * stride..j * stride + size
        ])
        .sum()
            / area
    }))
}

/// The backward pass of [`conv2d`]: given `dout = ∂L/∂out` (`C_out × H_out × W_out`),
///
/// ```text
/// db[o]          = Σᵢⱼ dout[o, i, j]
/// dw[o, c, a, b] = Σᵢⱼ dout[o, i, j] · x_pad[c, i·s + a, j·s + b]
/// dx_pad[c, i·s + a, j·s + b] += dout[o, i, j] · w[o, c, a, b]   (for every o, i, j, a, b)
/// ```
///
/// and `dx` is `dx_pad` without its padding border. `dw` is a correlation of the input
/// with `dout`; for stride 1, `dx_pad` is a full convolution of `dout` with the flipped
/// kernel (pad `dout` by `k − 1`, slide the kernel rotated by 180°).
///
/// ```
/// use ndarray::{array, Array3, Array4};
/// use convolution::{conv2d_backward, ConvSpec};
/// let x = Array3::from_shape_vec((1, 1, 3), vec![1.0, 2.0, 3.0]).unwrap();
/// let w = Array4::from_shape_vec((1, 1, 1, 2), vec![10.0, 20.0]).unwrap();
/// let dout = Array3::from_shape_vec((1, 1, 2), vec![1.0, 1.0]).unwrap();
/// let g = conv2d_backward(&x, &w, &dout, ConvSpec::default()).unwrap();
/// assert_eq!(g.db, array![2.0]);
/// assert_eq!(g.dw.into_raw_vec_and_offset().0, vec![3.0, 5.0]);
/// assert_eq!(g.dx.into_raw_vec_and_offset().0, vec![10.0, 30.0, 20.0]);
/// ```
///
/// # Errors
/// [`ConvError::Mismatch`] when `w` does not fit `x` or `dout` is not the shape of the
/// forward output; those of [`output_size`].
///
/// Hints: `cargo grader hint 32::conv2d_backward`.
pub fn conv2d_backward(
    x: &Array3<f64>,
    w: &Array4<f64>,
    dout: &Array3<f64>,
    spec: ConvSpec,
) -> Result<ConvGrads, ConvError> {
    check_layer(x, w, None)?;
    let (c_in, h, wd) = x.dim();
    let (c_out, _, kh, kw) = w.dim();
    let (oh, ow) = out_dims(h, wd, kh, kw, spec)?;
    if dout.dim() != (c_out, oh, ow) {
        return Err(ConvError::mismatch(
            "dout (the shape of the forward output)",
            &[c_out, oh, ow],
            dout.shape(),
        ));
    }
    let (p, s) = (spec.padding, spec.stride);
    let xp = pad3d(x, p);
    let mut dxp = Array3::zeros(xp.dim());
    let mut dw = Array4::zeros(w.dim());
    let db = dout.sum_axis(Axis(2)).sum_axis(Axis(1));
    for o in 0..c_out {
        for i in 0..oh {
            for j in 0..ow {
                let g = dout[[o, i, j]];
                for c in 0..c_in {
                    for a in 0..kh {
                        for b in 0..kw {
                            dw[[o, c, a, b]] += g * xp[[c, i * s + a, j * s + b]];
                            dxp[[c, i * s + a, j * s + b]] += g * w[[o, c, a, b]];
                        }
                    }
                }
            }
        }
    }
    let dx = dxp.slice(s![.., p..p + h, p..p + wd]).to_owned();
    Ok(ConvGrads { dx, dw, db })
}

/// Check `dout` against the pooled shape of a `c × h × w` input.
fn check_pool_grad(
    (c, h, w): (usize, usize, usize),
    dout: &Array3<f64>,
    size: usize,
    stride: usize,
) -> Result<(), ConvError> {
    let (oh, ow) = pool_dims(h, w, size, stride)?;
    if dout.dim() != (c, oh, ow) {
        return Err(ConvError::mismatch(
            "dout (the shape of the pooled output)",
            &[c, oh, ow],
            dout.shape(),
        ));
    }
    Ok(())
}

/// The backward pass of [`max_pool2d`]: each `dout[c, i, j]` goes, whole, to the one input
/// that was the maximum of its window (the first in row-major order if several tie, as
/// PyTorch does); every other input of the window gets nothing from it. Where windows
/// overlap (`stride < size`), an input collects from every window it won.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::from_shape_vec((1, 2, 4), vec![1.0, 5.0, 2.0, 0.0, 3.0, 4.0, 8.0, 7.0]).unwrap();
/// let dout = Array3::from_shape_vec((1, 1, 2), vec![10.0, 20.0]).unwrap();
/// let dx = convolution::max_pool2d_backward(&x, &dout, 2, 2).unwrap();
/// assert_eq!(dx.into_raw_vec_and_offset().0, vec![0.0, 10.0, 0.0, 0.0, 0.0, 0.0, 20.0, 0.0]);
/// ```
///
/// # Errors
/// Those of [`output_size`]; [`ConvError::Mismatch`] when `dout` is not the pooled shape.
///
/// Hints: `cargo grader hint 32::max_pool2d_backward`.
pub fn max_pool2d_backward(
    x: &Array3<f64>,
    dout: &Array3<f64>,
    size: usize,
    stride: usize,
) -> Result<Array3<f64>, ConvError> {
    check_pool_grad(x.dim(), dout, size, stride)?;
    let mut dx = Array3::zeros(x.dim());
    for ((c, i, j), &g) in dout.indexed_iter() {
        let (mut best, mut at) = (f64::NEG_INFINITY, (i * stride, j * stride));
        for a in 0..size {
            for b in 0..size {
                let v = x[[c, i * stride + a, j * stride + b]];
                if v > best {
                    best = v;
                    at = (i * stride + a, j * stride + b);
                }
            }
        }
        dx[[c, at.0, at.1]] += g;
    }
    Ok(dx)
}

/// The backward pass of [`avg_pool2d`] for an input of shape `input_dim` (`C × H × W`):
/// each `dout[c, i, j]` is shared equally, `1/size²` each, among the inputs of its window
/// (an average does not care which input it came from). Overlapping windows add up;
/// inputs no window covers get 0.
///
/// ```
/// use ndarray::Array3;
/// let dout = Array3::from_shape_vec((1, 1, 2), vec![4.0, 8.0]).unwrap();
/// let dx = convolution::avg_pool2d_backward((1, 2, 4), &dout, 2, 2).unwrap();
/// assert_eq!(dx.into_raw_vec_and_offset().0, vec![1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 2.0, 2.0]);
/// ```
///
/// # Errors
/// Those of [`output_size`]; [`ConvError::Mismatch`] when `dout` is not the pooled shape.
///
/// Hints: `cargo grader hint 32::avg_pool2d_backward`.
pub fn avg_pool2d_backward(
    input_dim: (usize, usize, usize),
    dout: &Array3<f64>,
    size: usize,
    stride: usize,
) -> Result<Array3<f64>, ConvError> {
    check_pool_grad(input_dim, dout, size, stride)?;
    let share = 1.0 / (size * size) as f64;
    let mut dx = Array3::zeros(input_dim);
    for ((c, i, j), &g) in dout.indexed_iter() {
        dx.slice_mut(s![
            c,
            i * stride..i * stride + size,
            j * stride..j * stride + size
        ])
        .mapv_inplace(|v| v + g * share);
    }
    Ok(dx)
}
