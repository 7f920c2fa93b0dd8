//! Data sets as polars `DataFrame`s, and the one bridge from polars to ndarray.
//!
//! polars' own `ndarray` feature is built on another ndarray release than linfa's, so its
//! arrays cannot be handed to linfa. [`to_array2`] goes through a `Vec<f64>` instead.

use ndarray::Array2;
use polars::prelude::*;

use crate::{files, Error};

/// Read CSV data set `name` into a `DataFrame` (header row, types inferred from the whole
/// file, empty fields as nulls).
///
/// # Errors
/// Those of [`files::path`], and [`Error::Polars`] when polars cannot parse the file.
pub fn frame(name: &str) -> Result<DataFrame, Error> {
    let path = files::path(name)?;
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(path))?
        .finish()?;
    Ok(df)
}

/// Numeric columns of `df` as an `n × columns.len()` matrix of `f64`, in the order given.
///
/// # Errors
/// [`Error::Polars`] when a column is missing, is not numeric, or holds a null (impute or
/// drop them first: a silent NaN would poison everything downstream).
pub fn to_array2(df: &DataFrame, columns: &[&str]) -> Result<Array2<f64>, Error> {
    let n = df.height();
    let mut values = vec![0.0; n * columns.len()];
    for (j, name) in columns.iter().enumerate() {
        let column = df.column(name)?.cast(&DataType::Float64)?;
        let floats = column.f64()?;
        if floats.null_count() > 0 {
            return Err(Error::Polars(PolarsError::ComputeError(
                format!(
                    "column {name:?} has {} nulls: impute or drop them before converting",
                    floats.null_count()
                )
                .into(),
            )));
        }
        for (i, v) in floats.into_no_null_iter().enumerate() {
            values[i * columns.len() + j] = v;
        }
    }
    Ok(Array2::from_shape_vec((n, columns.len()), values).expect("n × columns values"))
}
