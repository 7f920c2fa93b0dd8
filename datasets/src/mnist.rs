//! MNIST in its original IDX format, read here byte by byte.
//!
//! An IDX file is a big-endian header — two zero bytes, a type code (`0x08` = unsigned
//! byte), the number of dimensions — then one `u32` size per dimension, then the data in
//! row-major order. Images are `idx3` (count × 28 × 28), labels `idx1` (count).

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;
use ndarray::{Array1, Array2, ArrayView2};

use crate::{files, Error};

/// One split of MNIST: `images` is `n × 784` (row-major 28 × 28 pixels, 0 = background,
/// 255 = ink), `labels` holds the digits `0..=9`.
#[derive(Debug, Clone)]
pub struct Split {
    pub images: Array2<u8>,
    pub labels: Array1<u8>,
}

impl Split {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels scaled to `[0, 1]` as `f32`, the usual network input.
    pub fn images_f32(&self) -> Array2<f32> {
        self.images.mapv(|p| f32::from(p) / 255.0)
    }

    /// Image `i` as a 28 × 28 view.
    pub fn image(&self, i: usize) -> ArrayView2<'_, u8> {
        self.images
            .row(i)
            .into_shape_with_order((ROWS, COLS))
            .expect("a row holds 784 pixels")
    }

    /// The first `n` examples (or all of them if there are fewer).
    pub fn head(&self, n: usize) -> Split {
        let n = n.min(self.len());
        Split {
            images: self.images.slice(ndarray::s![..n, ..]).to_owned(),
            labels: self.labels.slice(ndarray::s![..n]).to_owned(),
        }
    }
}

/// Both splits: 60 000 training and 10 000 test digits.
#[derive(Debug, Clone)]
pub struct Mnist {
    pub train: Split,
    pub test: Split,
}

pub const ROWS: usize = 28;
pub const COLS: usize = 28;

/// Load the full data set (about 55 MB in memory).
///
/// # Errors
/// A missing or altered file ([`Error::Missing`], [`Error::Checksum`]) or a malformed one
/// ([`Error::Format`]).
pub fn load() -> Result<Mnist, Error> {
    Ok(Mnist {
        train: load_split("train")?,
        test: load_split("t10k")?,
    })
}

/// Load the test split only (10 000 digits): quicker when that is all you need.
pub fn load_test() -> Result<Split, Error> {
    load_split("t10k")
}

fn load_split(prefix: &str) -> Result<Split, Error> {
    let images = read_idx(&files::path(&format!("mnist/{prefix}-images"))?)?;
    let labels = read_idx(&files::path(&format!("mnist/{prefix}-labels"))?)?;
    let (n, rows, cols) = match images.dims.as_slice() {
        [n, r, c] => (*n, *r, *c),
        dims => {
            return Err(images.format_error(format!("images need 3 dimensions, found {dims:?}")))
        }
    };
    if (rows, cols) != (ROWS, COLS) {
        return Err(images.format_error(format!("images are {rows}×{cols}, expected 28×28")));
    }
    if labels.dims != [n] {
        return Err(labels.format_error(format!("{:?} labels for {n} images", labels.dims)));
    }
    if let Some(bad) = labels.data.iter().find(|&&l| l > 9) {
        return Err(labels.format_error(format!("label {bad} is not a digit")));
    }
    Ok(Split {
        images: Array2::from_shape_vec((n, rows * cols), images.data).expect("sizes checked above"),
        labels: Array1::from_vec(labels.data),
    })
}

/// The decoded content of an IDX file of unsigned bytes.
#[derive(Debug)]
pub struct Idx {
    pub path: std::path::PathBuf,
    pub dims: Vec<usize>,
    pub data: Vec<u8>,
}

impl Idx {
    fn format_error(&self, reason: String) -> Error {
        Error::Format {
            path: self.path.clone(),
            format: "IDX",
            reason,
        }
    }
}

/// Read an IDX file of unsigned bytes, gzip-compressed or not (by its `.gz` suffix).
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Format`] for a wrong magic number, a
/// type other than unsigned byte, or a size that does not match the data.
pub fn read_idx(path: &Path) -> Result<Idx, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut bytes = Vec::new();
    let read = if path.extension().is_some_and(|e| e == "gz") {
        GzDecoder::new(file).read_to_end(&mut bytes)
    } else {
        std::io::BufReader::new(file).read_to_end(&mut bytes)
    };
    read.map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    parse_idx(path, bytes)
}

fn parse_idx(path: &Path, mut bytes: Vec<u8>) -> Result<Idx, Error> {
    let bad = |reason: String| Error::Format {
        path: path.to_path_buf(),
        format: "IDX",
        reason,
    };
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(bad(
            "the file does not start with the IDX magic number".into()
        ));
    }
    if bytes[2] != 0x08 {
        return Err(bad(format!(
            "type code {:#04x}; only unsigned bytes (0x08) are supported",
            bytes[2]
        )));
    }
    let ndim = usize::from(bytes[3]);
    let header = 4 + 4 * ndim;
    if bytes.len() < header {
        return Err(bad("the header is cut short".into()));
    }
    let dims: Vec<usize> = (0..ndim)
        .map(|d| {
            let at = 4 + 4 * d;
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
        })
        .collect();
    let expected: usize = dims.iter().product();
    if bytes.len() - header != expected {
        return Err(bad(format!(
            "the header promises {expected} bytes of data ({dims:?}), the file holds {}",
            bytes.len() - header
        )));
    }
    bytes.drain(..header);
    Ok(Idx {
        path: path.to_path_buf(),
        dims,
        data: bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_idx_file_parses() {
        let bytes = vec![0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
        let idx = parse_idx(Path::new("x"), bytes).unwrap();
        assert_eq!(idx.dims, vec![2, 3]);
        assert_eq!(idx.data, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn wrong_sizes_and_types_are_refused() {
        let short = vec![0, 0, 8, 1, 0, 0, 0, 5, 1, 2];
        let err = parse_idx(Path::new("x"), short).unwrap_err().to_string();
        assert!(err.contains("promises 5 bytes"), "{err}");
        let floats = vec![0, 0, 0x0d, 1, 0, 0, 0, 0];
        assert!(parse_idx(Path::new("x"), floats)
            .unwrap_err()
            .to_string()
            .contains("0x0d"));
    }
}
