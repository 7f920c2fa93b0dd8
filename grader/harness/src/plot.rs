//! Checking the plots a learner's code writes: the file decodes, has the size asked for,
//! and is not blank.

use std::path::Path;

use crate::check::{CheckResult, Failure};
use crate::expect::{ensure, expect_eq};

/// What a PNG holds, for checks that want to look closer.
pub struct Png {
    pub width: u32,
    pub height: u32,
    /// RGB pixels, row-major.
    pub pixels: Vec<[u8; 3]>,
}

impl Png {
    /// The share of pixels that are not (near) white: axes and labels alone give ~1 %.
    pub fn ink(&self) -> f64 {
        let inked = self
            .pixels
            .iter()
            .filter(|p| p.iter().any(|&c| c < 245))
            .count();
        inked as f64 / self.pixels.len().max(1) as f64
    }

    /// The share of pixels with a clear colour (not grey): drawn data, not just axes.
    pub fn colour(&self) -> f64 {
        let coloured = self
            .pixels
            .iter()
            .filter(|p| {
                let (lo, hi) = (
                    p.iter().min().copied().unwrap_or(0),
                    p.iter().max().copied().unwrap_or(0),
                );
                hi - lo > 40
            })
            .count();
        coloured as f64 / self.pixels.len().max(1) as f64
    }
}

/// Decode the PNG at `path`; `what` names it in the failure message.
pub fn read_png(what: &str, path: &Path) -> Result<Png, Failure> {
    let img = image::open(path)
        .map_err(|e| {
            Failure::new(format!(
                "{what}: {} does not decode as an image: {e}",
                path.display()
            ))
        })?
        .to_rgb8();
    let (width, height) = img.dimensions();
    Ok(Png {
        width,
        height,
        pixels: img.pixels().map(|p| p.0).collect(),
    })
}

/// The PNG at `path` decodes, is `size` = (width, height) pixels, and at least `min_ink`
/// of its pixels are not white (a blank canvas has 0).
pub fn expect_png(what: &str, path: &Path, size: (u32, u32), min_ink: f64) -> Result<Png, Failure> {
    let png = read_png(what, path)?;
    expect_eq(
        &format!("{what}: size (width, height)"),
        size,
        (png.width, png.height),
    )?;
    let ink = png.ink();
    ensure(ink >= min_ink, || {
        format!(
            "{what}: only {:.2} % of the pixels are not white (need at least {:.2} %): is the chart drawn?",
            100.0 * ink,
            100.0 * min_ink
        )
    })?;
    Ok(png)
}

/// The SVG at `path` is an SVG document containing every text in `texts` (axis labels,
/// legend entries).
pub fn expect_svg(what: &str, path: &Path, texts: &[&str]) -> CheckResult {
    let svg = std::fs::read_to_string(path)
        .map_err(|e| Failure::new(format!("{what}: cannot read {}: {e}", path.display())))?;
    ensure(svg.contains("<svg"), || {
        format!("{what}: {} is not an SVG document", path.display())
    })?;
    for text in texts {
        ensure(svg.contains(text), || {
            format!("{what}: the SVG has no text {text:?}")
        })?;
    }
    Ok(())
}

/// Delete a stale file before asking the learner's code to write it, so an old plot
/// cannot pass for a new one.
pub fn fresh(path: &Path) -> &Path {
    let _ = std::fs::remove_file(path);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_wrongly_sized_pngs_fail() {
        let dir = std::env::temp_dir().join(format!("harness-plot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let blank = dir.join("blank.png");
        image::RgbImage::from_pixel(40, 30, image::Rgb([255, 255, 255]))
            .save(&blank)
            .unwrap();
        let err = expect_png("plot", &blank, (40, 30), 0.01).err().unwrap();
        assert!(
            err.0.contains("only 0.00 % of the pixels are not white"),
            "{}",
            err.0
        );
        let err = expect_png("plot", &blank, (41, 30), 0.0).err().unwrap();
        assert_eq!(
            err.0,
            "plot: size (width, height): expected (41, 30), got (40, 30)"
        );
        let mut drawn = image::RgbImage::from_pixel(40, 30, image::Rgb([255, 255, 255]));
        for x in 0..40 {
            drawn.put_pixel(x, 10, image::Rgb([31, 119, 180]));
        }
        drawn.save(&blank).unwrap();
        let png = expect_png("plot", &blank, (40, 30), 0.01).unwrap();
        assert!(png.colour() > 0.03);
        let missing = dir.join("missing.png");
        assert!(expect_png("plot", fresh(&missing), (1, 1), 0.0)
            .err()
            .unwrap()
            .0
            .contains("does not decode"));
    }
}
