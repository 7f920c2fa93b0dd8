//! The workbook's data sets, loaded by name and verified before use.
//!
//! Every file under `datasets/data/` is listed with its SHA-256 in `datasets/SHA256SUMS`
//! (the format `sha256sum -c` reads). The first time a process asks for a file, its
//! checksum is verified: a missing or altered file is a clear [`Error`], never a silently
//! wrong answer. Nothing is ever downloaded.
//!
//! ```no_run
//! let titanic = datasets::table("titanic")?;          // CSV rows, no polars needed
//! let ages = titanic.f64_column("age")?;              // Vec<Option<f64>>: empty = missing
//! let mnist = datasets::mnist::load()?;               // 60 000 + 10 000 digits
//! assert_eq!(mnist.train.len(), 60_000);
//! # Ok::<(), datasets::Error>(())
//! ```
//!
//! With the `frames` feature, [`frame`] reads a CSV into a polars `DataFrame` and
//! [`frames::to_array2`] turns numeric columns into an `ndarray::Array2<f64>`.

mod error;
mod files;
pub mod mnist;
mod table;

#[cfg(feature = "frames")]
pub mod frames;

pub use error::Error;
pub use files::{data_dir, names, path, path_in, verify_all, DATA_DIR_ENV};
pub use table::{table, Table};

#[cfg(feature = "frames")]
pub use frames::frame;
