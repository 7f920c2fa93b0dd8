//! Plotting helpers shared by the chapters.
//!
//! plotters draws text with a TrueType font; a fresh machine may have no system fonts, so
//! the workbook bundles DejaVu Sans (`fonts/`, with its licence) and [`register_font`]
//! hands it to plotters under the family name `"sans-serif"`. Every chart function
//! registers it first, so callers never need to.
//!
//! Files ending in `.svg` are written as SVG, anything else as PNG.

use std::path::Path;
use std::sync::Once;

use plotters::prelude::*;

/// The font family name the bundled font is registered under.
pub const FONT: &str = "sans-serif";

static FONT_BYTES: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

/// Register the bundled DejaVu Sans as `"sans-serif"` (normal and bold). Idempotent.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for style in [
            FontStyle::Normal,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::Oblique,
        ] {
            // The bytes are a valid TrueType font shipped with the crate.
            let _ = plotters::style::register_font(FONT, style, FONT_BYTES);
        }
    });
}

/// What can go wrong while drawing.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("cannot create the folder for {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("drawing {path} failed: {reason}")]
    Draw { path: String, reason: String },
    #[error("nothing to draw: {0}")]
    Empty(String),
}

/// Turn any plotters error into a [`ChartError`] naming the file.
pub fn draw_error<E: std::fmt::Display>(path: &Path) -> impl Fn(E) -> ChartError + '_ {
    move |e| ChartError::Draw {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Create the parent folder of `path` if needed.
pub fn ensure_parent(path: &Path) -> Result<(), ChartError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| ChartError::Folder {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// Whether `path` asks for SVG (by its extension).
pub fn is_svg(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Run `draw` on a white `width × height` canvas that is written to `path` as PNG or SVG.
///
/// ```no_run
/// use plotters::prelude::*;
/// charts::with_canvas(std::path::Path::new("plots/x.png"), (640, 480), |root| {
///     root.draw(&Circle::new((320, 240), 50, RED.filled()))?;
///     Ok(())
/// })?;
/// # Ok::<(), charts::ChartError>(())
/// ```
pub fn with_canvas<F>(path: &Path, size: (u32, u32), draw: F) -> Result<(), ChartError>
where
    F: FnOnce(
        &DrawingArea<DynBackend<'_>, plotters::coord::Shift>,
    ) -> Result<(), Box<dyn std::error::Error>>,
{
    register_font();
    ensure_parent(path)?;
    let fail = |e: Box<dyn std::error::Error>| ChartError::Draw {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let backend = if is_svg(path) {
        DynBackend::Svg(SVGBackend::new(path, size))
    } else {
        DynBackend::Bitmap(BitMapBackend::new(path, size))
    };
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(e.to_string().into()))?;
    draw(&root).map_err(fail)?;
    root.present().map_err(|e| fail(e.to_string().into()))?;
    Ok(())
}

mod dyn_backend;
pub use dyn_backend::DynBackend;

mod line;
pub use line::{line_chart, Series};

mod heatmap;
pub use heatmap::heatmap;

mod image_grid;
pub use image_grid::image_grid;

/// A palette of distinguishable colours for series and classes.
pub fn palette(i: usize) -> RGBColor {
    const COLORS: [RGBColor; 8] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
    ];
    COLORS[i % COLORS.len()]
}
