//! Heatmaps: confusion matrices and correlation matrices.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{with_canvas, ChartError, FONT};

/// Draw a `rows × cols` matrix (row-major `values`) as coloured cells with their values
/// written in, row labels down the left and column labels along the bottom.
/// Colours run from white (the smallest value) to dark blue (the largest).
///
/// # Errors
/// [`ChartError::Empty`] when the matrix is empty or the labels do not match its shape.
pub fn heatmap(
    path: &Path,
    title: &str,
    values: &[f64],
    row_labels: &[String],
    col_labels: &[String],
) -> Result<(), ChartError> {
    let (rows, cols) = (row_labels.len(), col_labels.len());
    if rows == 0 || cols == 0 || values.len() != rows * cols {
        return Err(ChartError::Empty(format!(
            "{title}: {} values for {rows} × {cols} labels",
            values.len()
        )));
    }
    let lo = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let cell = 60u32.min(700 / cols.max(rows) as u32).max(18);
    let (left, top) = (150i32, 50i32);
    // Row labels on the left, the title above, column labels below.
    let size = (
        left as u32 + cell * cols as u32 + 30,
        top as u32 + cell * rows as u32 + 40,
    );
    let c = cell as i32;
    with_canvas(path, size, |root| {
        root.draw(&Text::new(
            title.to_string(),
            (10, 10),
            (FONT, 20).into_font(),
        ))?;
        let font_size = (cell as f64 * 0.28).clamp(9.0, 16.0);
        fn centred(size: f64, color: &'static RGBColor) -> TextStyle<'static> {
            TextStyle::from((FONT, size).into_font())
                .color(color)
                .pos(Pos::new(HPos::Center, VPos::Center))
        }
        for i in 0..rows {
            let y = top + i as i32 * c;
            root.draw(&Text::new(
                row_labels[i].clone(),
                (left - 8, y + c / 2),
                TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            for j in 0..cols {
                let x = left + j as i32 * c;
                let v = values[i * cols + j];
                let t = if v.is_finite() { (v - lo) / span } else { 0.0 };
                let shade = RGBColor(
                    (255.0 - 225.0 * t) as u8,
                    (255.0 - 180.0 * t) as u8,
                    (255.0 - 80.0 * t) as u8,
                );
                root.draw(&Rectangle::new([(x, y), (x + c, y + c)], shade.filled()))?;
                root.draw(&Rectangle::new(
                    [(x, y), (x + c, y + c)],
                    RGBColor(200, 200, 200),
                ))?;
                let text_color: &'static RGBColor = if t > 0.6 { &WHITE } else { &BLACK };
                let label = if v.fract() == 0.0 && v.abs() < 1e6 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.2}")
                };
                root.draw(&Text::new(
                    label,
                    (x + c / 2, y + c / 2),
                    centred(font_size, text_color),
                ))?;
            }
        }
        for (j, label) in col_labels.iter().enumerate().take(cols) {
            let x = left + j as i32 * c + c / 2;
            root.draw(&Text::new(
                label.clone(),
                (x, top + rows as i32 * c + 14),
                centred(13.0, &BLACK),
            ))?;
        }
        Ok(())
    })
}
