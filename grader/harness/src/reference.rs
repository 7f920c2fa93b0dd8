//! Small independent routes that several chapters' checks compute expected values with.

use ndarray::ArrayView1;

/// The index of the largest entry of `row`, the first one on a tie (NumPy's `argmax`).
/// A NaN is never chosen over an earlier entry (comparisons with NaN are false); an empty
/// row gives 0.
///
/// ```
/// let row = ndarray::array![0.1, 0.7, 0.7, 0.2];
/// assert_eq!(harness::reference::argmax(row.view()), 1);
/// ```
pub fn argmax(row: ArrayView1<'_, f64>) -> usize {
    let mut best = 0;
    for j in 1..row.len() {
        if row[j] > row[best] {
            best = j;
        }
    }
    best
}
