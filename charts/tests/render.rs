//! Every chart renders to PNG and SVG with the bundled font, and the PNGs are not blank.

use std::path::PathBuf;

use charts::{heatmap, image_grid, line_chart, Series};

fn out(name: &str) -> PathBuf {
    std::env::temp_dir()
        .join(format!("charts-test-{}", std::process::id()))
        .join(name)
}

/// Count the pixels that are not white: a chart with axes, text and lines has thousands.
fn ink(path: &PathBuf) -> usize {
    let img = image::open(path).expect("the PNG decodes").to_rgb8();
    img.pixels().filter(|p| p.0 != [255, 255, 255]).count()
}

#[test]
fn line_chart_renders_png_and_svg() {
    let s = vec![
        Series::indexed("loss", &[2.3, 1.2, 0.7, 0.5]),
        Series::indexed("val", &[2.4, 1.4, 0.9, 0.8]),
    ];
    let png = out("line.png");
    line_chart(&png, "Loss", "epoch", "loss", &s).unwrap();
    assert!(ink(&png) > 2000, "too few drawn pixels: {}", ink(&png));
    let svg = out("line.svg");
    line_chart(&svg, "Loss", "epoch", "loss", &s).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("epoch"));
}

#[test]
fn heatmap_and_grid_render() {
    let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
    let png = out("heat.png");
    heatmap(&png, "Confusion", &[5.0, 1.0, 2.0, 7.0], &labels, &labels).unwrap();
    assert!(ink(&png) > 1000);
    let grid = out("grid.png");
    let images = vec![vec![0u8; 16], vec![255u8; 16]];
    image_grid(&grid, "Digits", &images, &["0".into(), "1".into()], 4, 2).unwrap();
    assert!(ink(&grid) > 100);
}

#[test]
fn empty_input_is_an_error_not_a_blank_file() {
    assert!(line_chart(&out("empty.png"), "t", "x", "y", &[]).is_err());
    assert!(heatmap(
        &out("bad.png"),
        "t",
        &[1.0],
        &["a".into()],
        &["a".into(), "b".into()]
    )
    .is_err());
}
