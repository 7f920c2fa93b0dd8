//! A grid of small grey-scale images with captions (e.g. misclassified digits).

use std::path::Path;

use plotters::prelude::*;

use crate::{with_canvas, ChartError, FONT};

/// Draw grey-scale images (`side × side` pixels each, row-major, 0 = white background,
/// 255 = black ink) in a grid of `per_row` columns, each with its caption above it.
///
/// # Errors
/// [`ChartError::Empty`] for no images, or an image whose length is not `side²`.
pub fn image_grid(
    path: &Path,
    title: &str,
    images: &[Vec<u8>],
    captions: &[String],
    side: usize,
    per_row: usize,
) -> Result<(), ChartError> {
    if images.is_empty() || per_row == 0 {
        return Err(ChartError::Empty(format!("{title}: no images")));
    }
    if let Some(bad) = images.iter().position(|im| im.len() != side * side) {
        return Err(ChartError::Empty(format!(
            "{title}: image {bad} has {} pixels, not {side}²",
            images[bad].len()
        )));
    }
    let scale = 3usize;
    let (cell_w, cell_h) = (side * scale + 12, side * scale + 28);
    let rows = images.len().div_ceil(per_row);
    let width = (per_row * cell_w + 20) as u32;
    let height = (rows * cell_h + 50) as u32;
    with_canvas(path, (width.max(200), height), |root| {
        root.draw(&Text::new(
            title.to_string(),
            (10, 8),
            (FONT, 20).into_font(),
        ))?;
        for (k, image) in images.iter().enumerate() {
            let (gx, gy) = ((k % per_row) * cell_w + 10, (k / per_row) * cell_h + 40);
            if let Some(caption) = captions.get(k) {
                root.draw(&Text::new(
                    caption.clone(),
                    (gx as i32, gy as i32),
                    (FONT, 12).into_font(),
                ))?;
            }
            for r in 0..side {
                for c in 0..side {
                    let ink = 255 - image[r * side + c];
                    let x = (gx + c * scale) as i32;
                    let y = (gy + 16 + r * scale) as i32;
                    root.draw(&Rectangle::new(
                        [(x, y), (x + scale as i32, y + scale as i32)],
                        RGBColor(ink, ink, ink).filled(),
                    ))?;
                }
            }
        }
        Ok(())
    })
}
