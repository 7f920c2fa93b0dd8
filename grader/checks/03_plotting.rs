//! Hidden checks for chapter 03 (plotting). Expected numbers come from plain loops over
//! the inputs or over `datasets::table` rows, never from the reference solution. Plots are
//! checked by decoding the PNG (size, ink, colours) and reading the SVG's text.

use std::path::Path;

use harness::plot::Png;
use harness::prelude::*;
use ndarray::Array2;
use plotting::*;

const DAY: &[&str] = &["W4 D5-6"];
/// Bin edges are `min + (max − min)·i/bins`: one multiply and one divide, so a couple of
/// ulps of the range separate two correct ways of writing it.
const EDGE_TOL: Tol = Tol::new(1e-12, 1e-12);
/// Quartiles are one interpolation between two data points: a few ulps at most.
const QUANTILE_TOL: Tol = Tol::new(1e-12, 1e-12);
/// A correlation sums n products; two-pass (centre first) formulas agree to ~1e-14 on
/// these sizes, one-pass ones (Σxy − n·x̄ȳ) can lose a few more digits: 1e-9 accepts both.
const CORR_TOL: Tol = Tol::new(1e-9, 1e-9);
/// Decimal years are `year + (month − 1)/12`: one division.
const YEAR_TOL: Tol = Tol::new(1e-12, 1e-12);

/// A random plot size, so a hard-coded canvas cannot pass.
fn random_size(cx: &mut Ctx) -> (u32, u32) {
    (cx.usize_in(520..=900) as u32, cx.usize_in(380..=640) as u32)
}

/// Whether a pixel carries colour (not white, grey or black): data, not axes or text.
/// Stricter than `Png::colour` (a spread of 50, not 40), as this chapter always had it.
fn is_coloured(p: &[u8; 3]) -> bool {
    let (hi, lo) = (
        p.iter().max().copied().unwrap_or(0),
        p.iter().min().copied().unwrap_or(0),
    );
    hi - lo >= 50
}

/// `expect_png` (decodes, has `size`, at least `min_ink` not white), and at least
/// `min_colour` of the pixels coloured (the data, drawn in a palette colour). Hands back
/// the pixels for further checks.
fn check_png(
    what: &str,
    path: &Path,
    size: (u32, u32),
    min_ink: f64,
    min_colour: f64,
) -> Result<Png, Failure> {
    let png = expect_png(what, path, size, min_ink)?;
    let colour =
        png.pixels.iter().filter(|p| is_coloured(p)).count() as f64 / png.pixels.len() as f64;
    ensure(colour >= min_colour, || {
        format!(
            "{what}: only {:.2} % of the pixels are coloured (need at least {:.2} %): draw the data with a colour from charts::palette",
            100.0 * colour,
            100.0 * min_colour
        )
    })?;
    Ok(png)
}

/// `expect_svg`, with what to do about a missing text.
fn check_svg(what: &str, path: &Path, texts: &[&str]) -> CheckResult {
    expect_svg(what, path, texts).map_err(|f| {
        Failure::new(format!(
            "{f}: label the axes (and legend) with the texts given"
        ))
    })
}

/// Which bin the naive rule puts `v` in, given edges: `[e_i, e_{i+1})`, the last closed.
fn naive_bin(edges: &[f64], v: f64) -> Option<usize> {
    let bins = edges.len() - 1;
    (0..bins).find(|&i| edges[i] <= v && (v < edges[i + 1] || (i == bins - 1 && v <= edges[i + 1])))
}

/// Checks a histogram of `values` with `bins` bins: the edges against the closed form,
/// the counts by a naive loop over the learner's own edges, and that nothing was lost.
fn check_histogram(what: &str, values: &[f64], bins: usize) -> CheckResult {
    let got = expect_ok(what, histogram(values, bins))?;
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo == hi {
        lo -= 0.5;
        hi += 0.5;
    }
    let expected_edges: Vec<f64> = (0..=bins)
        .map(|i| lo + (hi - lo) * (i as f64 / bins as f64))
        .collect();
    expect_slice_close(
        &format!("{what}: edges"),
        &expected_edges,
        &got.edges,
        EDGE_TOL,
    )?;
    expect_eq(
        &format!("{what}: first edge (the minimum)"),
        lo,
        got.edges[0],
    )?;
    expect_eq(
        &format!("{what}: last edge (the maximum)"),
        hi,
        got.edges[bins],
    )?;
    let mut expected = vec![0usize; bins];
    for &v in values {
        match naive_bin(&got.edges, v) {
            Some(i) => expected[i] += 1,
            None => fail!("{what}: value {v} is outside your edges {:?}", got.edges),
        }
    }
    expect_eq(&format!("{what}: number of counts"), bins, got.counts.len())?;
    expect_eq(&format!("{what}: counts"), expected, got.counts)
}

/// Flipper lengths of every penguin that has one.
fn flipper_lengths() -> Result<Vec<f64>, Failure> {
    let table = datasets::table("penguins").or_fail("loading penguins")?;
    let column = table
        .f64_column("flipper_length_mm")
        .or_fail("penguins.flipper_length_mm")?;
    Ok(column.into_iter().flatten().collect())
}

/// Naive quantile: sort by insertion, then interpolate at (n − 1)·q.
fn naive_quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted: Vec<f64> = Vec::new();
    for &v in values {
        let at = sorted.iter().position(|&s| s > v).unwrap_or(sorted.len());
        sorted.insert(at, v);
    }
    let h = (sorted.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    if below + 1 >= sorted.len() {
        return sorted[below];
    }
    sorted[below] + (h - below as f64) * (sorted[below + 1] - sorted[below])
}

/// Box statistics of `values` against naive loops.
fn check_box_stats(what: &str, values: &[f64]) -> CheckResult {
    let got = expect_ok(what, box_stats(values))?;
    let (q1, median, q3) = (
        naive_quantile(values, 0.25),
        naive_quantile(values, 0.5),
        naive_quantile(values, 0.75),
    );
    expect_close(&format!("{what}: q1"), q1, got.q1, QUANTILE_TOL)?;
    expect_close(&format!("{what}: median"), median, got.median, QUANTILE_TOL)?;
    expect_close(&format!("{what}: q3"), q3, got.q3, QUANTILE_TOL)?;
    let iqr = q3 - q1;
    expect_close(&format!("{what}: iqr"), iqr, got.iqr, QUANTILE_TOL)?;
    let (low, high) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let mut lower = f64::INFINITY;
    let mut upper = f64::NEG_INFINITY;
    let mut outliers = Vec::new();
    for &v in values {
        if v < low || v > high {
            outliers.push(v);
        } else {
            lower = lower.min(v);
            upper = upper.max(v);
        }
    }
    outliers.sort_by(f64::total_cmp);
    expect_eq(
        &format!("{what}: lower whisker (smallest point ≥ q1 − 1.5·iqr = {low})"),
        lower,
        got.lower_whisker,
    )?;
    expect_eq(
        &format!("{what}: upper whisker (largest point ≤ q3 + 1.5·iqr = {high})"),
        upper,
        got.upper_whisker,
    )?;
    expect_eq(
        &format!("{what}: outliers (ascending)"),
        outliers,
        got.outliers,
    )
}

/// Pearson correlation by the textbook double loop.
fn naive_correlation(data: &Array2<f64>) -> Array2<f64> {
    let (n, p) = data.dim();
    let mean = |j: usize| (0..n).map(|i| data[[i, j]]).sum::<f64>() / n as f64;
    let means: Vec<f64> = (0..p).map(mean).collect();
    Array2::from_shape_fn((p, p), |(j, k)| {
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let (a, b) = (data[[i, j]] - means[j], data[[i, k]] - means[k]);
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        sxy / (sxx * syy).sqrt()
    })
}

/// Penguins' four measurements, rows with any missing value dropped.
fn penguin_measurements() -> Result<(Vec<String>, Array2<f64>), Failure> {
    let table = datasets::table("penguins").or_fail("loading penguins")?;
    let names = [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
    ];
    let columns: Vec<Vec<Option<f64>>> = names
        .iter()
        .map(|n| table.f64_column(n))
        .collect::<Result<_, _>>()
        .or_fail("penguins measurement columns")?;
    let mut values = Vec::new();
    let mut rows = 0;
    for i in 0..table.len() {
        if columns.iter().all(|c| c[i].is_some()) {
            values.extend(columns.iter().map(|c| c[i].unwrap_or(f64::NAN)));
            rows += 1;
        }
    }
    let matrix = Array2::from_shape_vec((rows, names.len()), values)
        .or_fail("building the measurement matrix")?;
    Ok((names.iter().map(|s| s.to_string()).collect(), matrix))
}

/// Penguin bills grouped by species, by a naive loop (first-appearance order).
fn naive_bills() -> Result<Vec<(String, Vec<(f64, f64)>)>, Failure> {
    let table = datasets::table("penguins").or_fail("loading penguins")?;
    let (s, l, d) = (
        table.index("species").or_fail("penguins column species")?,
        table
            .index("bill_length_mm")
            .or_fail("penguins column bill_length_mm")?,
        table
            .index("bill_depth_mm")
            .or_fail("penguins column bill_depth_mm")?,
    );
    let mut groups: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for row in &table.rows {
        let (Ok(x), Ok(y)) = (row[l].parse::<f64>(), row[d].parse::<f64>()) else {
            continue;
        };
        let k = match groups.iter().position(|g| g.0 == row[s]) {
            Some(k) => k,
            None => {
                groups.push((row[s].clone(), Vec::new()));
                groups.len() - 1
            }
        };
        groups[k].1.push((x, y));
    }
    Ok(groups)
}

/// Pixels that look like `color` drawn at opacity ≥ 0.3 over white.
fn count_colour(png: &Png, color: (u8, u8, u8)) -> usize {
    let c = [color.0 as f64, color.1 as f64, color.2 as f64];
    // The channel farthest from white tells the opacity best.
    let k = (0..3)
        .max_by(|&a, &b| (255.0 - c[a]).total_cmp(&(255.0 - c[b])))
        .unwrap_or(0);
    png.pixels
        .iter()
        .filter(|p| {
            let alpha = (255.0 - p[k] as f64) / (255.0 - c[k]);
            (0.3..=1.05).contains(&alpha)
                && (0..3).all(|ch| {
                    let expected = 255.0 + alpha * (c[ch] - 255.0);
                    (p[ch] as f64 - expected).abs() <= 14.0
                })
        })
        .count()
}

fn main() {
    harness::run(
        "03",
        vec![
            Check::new("histogram/random", DAY, |cx| {
                let n = cx.usize_in(1..=400);
                let bins = cx.usize_in(1..=25);
                let scale = cx.f64_in(0.5, 50.0);
                let values: Vec<f64> = (0..n).map(|_| cx.normal() * scale).collect();
                check_histogram(
                    &format!("histogram of {n} random values, {bins} bins"),
                    &values,
                    bins,
                )
            }),
            Check::new("histogram/values_on_edges", DAY, |cx| {
                // Integers 0..=12 with 2, 3, 4, 6 or 12 bins: edges are whole numbers, so
                // many values sit exactly on an edge (they belong to the bin on the right)
                // and 12 sits on the last edge (it belongs to the last bin).
                let n = cx.usize_in(20..=200);
                let mut values = cx.int_vector(n, 0, 12).to_vec();
                values.extend([0.0, 12.0]);
                let bins = [2, 3, 4, 6, 12][cx.usize_in(0..=4)];
                check_histogram(
                    &format!("histogram of {} integers in 0..=12, {bins} bins", n + 2),
                    &values,
                    bins,
                )
            }),
            Check::new("histogram/penguin_flippers", DAY, |cx| {
                let values = flipper_lengths()?;
                let bins = cx.usize_in(5..=30);
                check_histogram(
                    &format!("histogram of penguins' flipper_length_mm, {bins} bins"),
                    &values,
                    bins,
                )
            }),
            Check::new("histogram/constant", DAY, |cx| {
                let c = cx.f64_in(-5.0, 5.0);
                let values = vec![c; cx.usize_in(1..=10)];
                let bins = cx.usize_in(1..=6);
                check_histogram(
                    &format!(
                        "histogram of {} copies of {c} (range becomes c ± 0.5), {bins} bins",
                        values.len()
                    ),
                    &values,
                    bins,
                )
            }),
            Check::new("histogram/bad_input", DAY, |_| {
                expect_err("histogram(&[1.0, 2.0], 0 bins)", histogram(&[1.0, 2.0], 0))?;
                expect_err("histogram(&[], 5) (no values)", histogram(&[], 5))?;
                expect_err(
                    "histogram with a NaN value",
                    histogram(&[1.0, f64::NAN, 3.0], 2),
                )?;
                expect_err(
                    "histogram with an infinite value",
                    histogram(&[1.0, f64::INFINITY], 2),
                )?;
                Ok(())
            }),
            Check::new("plot_histogram/png_and_svg", DAY, |cx| {
                let n = cx.usize_in(100..=400);
                let bins = cx.usize_in(8..=20);
                let values: Vec<f64> = (0..n).map(|_| 50.0 + 10.0 * cx.normal()).collect();
                // The histogram is built here, by the naive rule, so this check is about
                // drawing only.
                let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let edges: Vec<f64> = (0..=bins)
                    .map(|i| lo + (hi - lo) * i as f64 / bins as f64)
                    .collect();
                let mut counts = vec![0; bins];
                for &v in &values {
                    if let Some(i) = naive_bin(&edges, v) {
                        counts[i] += 1;
                    }
                }
                let hist = Histogram { edges, counts };
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("hist.png"), cx.plot_path("hist.svg"));
                fresh(&png);
                fresh(&svg);
                let label = "score in points";
                expect_ok(
                    "plot_histogram (PNG)",
                    plot_histogram(&png, size, &hist, label),
                )?;
                // Bars of a bell-shaped histogram cover well over 5 % of the canvas.
                check_png("plot_histogram (PNG)", &png, size, 0.05, 0.05)?;
                expect_ok(
                    "plot_histogram (SVG)",
                    plot_histogram(&svg, size, &hist, label),
                )?;
                check_svg("plot_histogram (SVG)", &svg, &[label, "count"])
            }),
            Check::new("penguin_bills/groups", DAY, |_| {
                let expected = naive_bills()?;
                let got = expect_ok("penguin_bills()", penguin_bills())?;
                let names = |g: &[(String, Vec<(f64, f64)>)]| -> Vec<String> {
                    g.iter().map(|g| g.0.clone()).collect()
                };
                expect_eq(
                    "penguin_bills(): species, in order of first appearance",
                    names(&expected),
                    got.iter().map(|g| g.name.clone()).collect(),
                )?;
                for (e, g) in expected.iter().zip(&got) {
                    expect_eq(
                        &format!("penguin_bills(): number of {} points (rows with both bill measurements)", e.0),
                        e.1.len(),
                        g.points.len(),
                    )?;
                    expect_eq(
                        &format!("penguin_bills(): {} points (bill length, bill depth)", e.0),
                        &e.1,
                        &g.points,
                    )?;
                }
                Ok(())
            }),
            Check::new("plot_scatter/penguins", DAY, |cx| {
                let groups: Vec<ClassPoints> = naive_bills()?
                    .into_iter()
                    .map(|(name, points)| ClassPoints { name, points })
                    .collect();
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("scatter.png"), cx.plot_path("scatter.svg"));
                fresh(&png);
                fresh(&svg);
                let (xl, yl) = ("bill length (mm)", "bill depth (mm)");
                expect_ok(
                    "plot_scatter (PNG)",
                    plot_scatter(&png, size, &groups, xl, yl),
                )?;
                // 342 dots of radius ≥ 3 cover more than 1 % of the canvas.
                let img = check_png("plot_scatter (PNG)", &png, size, 0.02, 0.01)?;
                for (k, g) in groups.iter().enumerate() {
                    let c = charts::palette(k);
                    let found = count_colour(&img, (c.0, c.1, c.2));
                    // A legend marker alone is a few dozen pixels; the class's dots are
                    // hundreds (Chinstrap, the smallest class, has 68 penguins).
                    ensure(found >= 150, || {
                        format!(
                            "plot_scatter (PNG): class {k} ({}) should be drawn in charts::palette({k}) = RGB({}, {}, {}), but only {found} pixels of that colour were found (need 150)",
                            g.name, c.0, c.1, c.2
                        )
                    })?;
                }
                expect_ok(
                    "plot_scatter (SVG)",
                    plot_scatter(&svg, size, &groups, xl, yl),
                )?;
                let mut texts = vec![xl, yl];
                texts.extend(groups.iter().map(|g| g.name.as_str()));
                check_svg("plot_scatter (SVG, axis labels and legend)", &svg, &texts)
            }),
            Check::new("plot_scatter/empty", DAY, |cx| {
                let path = cx.plot_path("scatter_empty.png");
                expect_err(
                    "plot_scatter with no points",
                    plot_scatter(&path, (400, 300), &[], "x", "y"),
                )?;
                Ok(())
            }),
            Check::new("unemployment_series/economics", DAY, |_| {
                let table = datasets::table("economics").or_fail("loading economics")?;
                let (d, u) = (
                    table.index("date").or_fail("economics column date")?,
                    table
                        .index("unemploy")
                        .or_fail("economics column unemploy")?,
                );
                let got = expect_ok("unemployment_series()", unemployment_series())?;
                expect_eq(
                    "unemployment_series(): number of points (one per row)",
                    table.len(),
                    got.len(),
                )?;
                let mut years = Vec::new();
                let mut counts = Vec::new();
                for row in &table.rows {
                    let year: f64 = row[d][0..4].parse().or_fail("economics.date: the year")?;
                    let month: f64 = row[d][5..7].parse().or_fail("economics.date: the month")?;
                    years.push(year + (month - 1.0) / 12.0);
                    counts.push(row[u].parse::<f64>().or_fail("economics.unemploy")?);
                }
                let got_t: Vec<f64> = got.iter().map(|p| p.0).collect();
                let got_u: Vec<f64> = got.iter().map(|p| p.1).collect();
                expect_slice_close(
                    "unemployment_series(): decimal years, year + (month − 1)/12",
                    &years,
                    &got_t,
                    YEAR_TOL,
                )?;
                expect_slice_close(
                    "unemployment_series(): unemployed (thousands)",
                    &counts,
                    &got_u,
                    Tol::EXACT,
                )
            }),
            Check::new("plot_line/png_and_svg", DAY, |cx| {
                // A random stretch (10 years or more) of the unemployment series, read
                // here from the CSV rows: this check is about drawing only.
                let table = datasets::table("economics").or_fail("loading economics")?;
                let (d, u) = (
                    table.index("date").or_fail("economics column date")?,
                    table
                        .index("unemploy")
                        .or_fail("economics column unemploy")?,
                );
                let mut all = Vec::new();
                for row in &table.rows {
                    let year: f64 = row[d][0..4].parse().or_fail("economics.date: the year")?;
                    let month: f64 = row[d][5..7].parse().or_fail("economics.date: the month")?;
                    let count: f64 = row[u].parse().or_fail("economics.unemploy")?;
                    all.push((year + (month - 1.0) / 12.0, count));
                }
                let start = cx.usize_in(0..=all.len() - 120);
                let end = cx.usize_in(start + 120..=all.len());
                let points = &all[start..end];
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("line.png"), cx.plot_path("line.svg"));
                fresh(&png);
                fresh(&svg);
                let (xl, yl) = ("year", "unemployed (thousands)");
                expect_ok("plot_line (PNG)", plot_line(&png, size, points, xl, yl))?;
                // A 2-pixel line across the plot covers ≥ 0.25 % of the canvas.
                check_png("plot_line (PNG)", &png, size, 0.01, 0.0025)?;
                expect_ok("plot_line (SVG)", plot_line(&svg, size, points, xl, yl))?;
                check_svg("plot_line (SVG)", &svg, &[xl, yl])
            }),
            Check::new("plot_line/empty", DAY, |cx| {
                let path = cx.plot_path("line_empty.png");
                expect_err(
                    "plot_line with no points",
                    plot_line(&path, (400, 300), &[], "x", "y"),
                )?;
                Ok(())
            }),
            Check::new("value_counts/random", DAY, |cx| {
                // Few distinct labels and many draws: ties in the counts are common.
                let alphabet = ["kiwi", "apple", "fig", "date", "cherry", "banana"];
                let k = cx.usize_in(1..=alphabet.len());
                let n = cx.usize_in(1..=40);
                let labels: Vec<&str> = (0..n).map(|_| alphabet[cx.usize_in(0..=k - 1)]).collect();
                check_value_counts(&format!("value_counts of {labels:?}"), &labels)
            }),
            Check::new("value_counts/penguin_islands", DAY, |_| {
                let table = datasets::table("penguins").or_fail("loading penguins")?;
                let j = table.index("island").or_fail("penguins column island")?;
                let labels: Vec<&str> = table.rows.iter().map(|r| r[j].as_str()).collect();
                check_value_counts("value_counts of penguins' island column", &labels)
            }),
            Check::new("value_counts/empty", DAY, |_| {
                expect_eq(
                    "value_counts(&[])",
                    Vec::<(String, usize)>::new(),
                    value_counts(&[]),
                )
            }),
            Check::new("plot_bars/png_and_svg", DAY, |cx| {
                let names = ["Biscoe", "Dream", "Torgersen", "Anvers", "Palmer"];
                let k = cx.usize_in(2..=names.len());
                let counts: Vec<(String, usize)> = names[..k]
                    .iter()
                    .map(|s| (s.to_string(), cx.usize_in(20..=200)))
                    .collect();
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("bars.png"), cx.plot_path("bars.svg"));
                fresh(&png);
                fresh(&svg);
                expect_ok("plot_bars (PNG)", plot_bars(&png, size, &counts, "island"))?;
                // Bars at least a tenth of the tallest and several bars wide: ≥ 4 %.
                check_png("plot_bars (PNG)", &png, size, 0.04, 0.04)?;
                expect_ok("plot_bars (SVG)", plot_bars(&svg, size, &counts, "island"))?;
                let mut texts = vec!["island", "count"];
                texts.extend(counts.iter().map(|c| c.0.as_str()));
                check_svg(
                    "plot_bars (SVG, axis labels and category names)",
                    &svg,
                    &texts,
                )
            }),
            Check::new("box_stats/random", DAY, |cx| {
                let n = cx.usize_in(1..=80);
                let mut values: Vec<f64> = (0..n).map(|_| cx.normal()).collect();
                // A few far-away points, so there are outliers to find.
                for _ in 0..cx.usize_in(0..=3) {
                    let i = cx.usize_in(0..=n - 1);
                    values[i] *= 8.0;
                }
                check_box_stats(&format!("box_stats of {n} random values"), &values)
            }),
            Check::new("box_stats/ties", DAY, |cx| {
                // Small integers: repeated values, whiskers landing on the fences exactly.
                let n = cx.usize_in(2..=30);
                let mut values = cx.int_vector(n, 0, 6).to_vec();
                values.push(20.0);
                check_box_stats(&format!("box_stats of {values:?}"), &values)
            }),
            Check::new("box_stats/one_value", DAY, |cx| {
                let v = cx.f64_in(-10.0, 10.0);
                check_box_stats(&format!("box_stats of [{v}]"), &[v])
            }),
            Check::new("box_stats/penguin_mass", DAY, |_| {
                let table = datasets::table("penguins").or_fail("loading penguins")?;
                let values: Vec<f64> = table
                    .f64_column("body_mass_g")
                    .or_fail("penguins.body_mass_g")?
                    .into_iter()
                    .flatten()
                    .collect();
                check_box_stats("box_stats of penguins' body_mass_g", &values)
            }),
            Check::new("box_stats/bad_input", DAY, |_| {
                expect_err("box_stats(&[])", box_stats(&[]))?;
                expect_err("box_stats with a NaN", box_stats(&[1.0, f64::NAN]))?;
                Ok(())
            }),
            Check::new("plot_boxes/png_and_svg", DAY, |cx| {
                let names = ["Adelie", "Gentoo", "Chinstrap"];
                let groups: Vec<(String, BoxStats)> = names
                    .iter()
                    .map(|name| {
                        let c = cx.f64_in(3000.0, 5000.0);
                        let q1 = c - cx.f64_in(100.0, 400.0);
                        let q3 = c + cx.f64_in(100.0, 400.0);
                        let stats = BoxStats {
                            q1,
                            median: c,
                            q3,
                            iqr: q3 - q1,
                            lower_whisker: q1 - cx.f64_in(100.0, 500.0),
                            upper_whisker: q3 + cx.f64_in(100.0, 500.0),
                            outliers: vec![q3 + 1.6 * (q3 - q1) + 200.0],
                        };
                        (name.to_string(), stats)
                    })
                    .collect();
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("boxes.png"), cx.plot_path("boxes.svg"));
                fresh(&png);
                fresh(&svg);
                let label = "body mass (g)";
                expect_ok("plot_boxes (PNG)", plot_boxes(&png, size, &groups, label))?;
                // Three filled boxes, each a quarter of a column wide: ≥ 1.5 % coloured.
                check_png("plot_boxes (PNG)", &png, size, 0.02, 0.015)?;
                expect_ok("plot_boxes (SVG)", plot_boxes(&svg, size, &groups, label))?;
                let mut texts = vec![label];
                texts.extend(names);
                check_svg("plot_boxes (SVG, axis label and group names)", &svg, &texts)
            }),
            Check::new("correlation_matrix/random", DAY, |cx| {
                let (n, p) = (cx.usize_in(3..=60), cx.usize_in(1..=6));
                let mut data = cx.matrix(n, p);
                if p > 1 {
                    // One column that depends on another, so some r are far from 0.
                    let noise = cx.vector(n) * 0.3;
                    let x = data.column(0).to_owned() * 2.0 + noise;
                    data.column_mut(p - 1).assign(&x);
                }
                let got = expect_ok("correlation_matrix", correlation_matrix(&data))?;
                expect_array_close(
                    &format!("correlation_matrix of a {n} × {p} matrix"),
                    &naive_correlation(&data),
                    &got,
                    CORR_TOL,
                )?;
                for j in 0..p {
                    expect_close(
                        &format!("r[{j}, {j}] (a column with itself)"),
                        1.0,
                        got[[j, j]],
                        CORR_TOL,
                    )?;
                    for k in 0..p {
                        expect_eq(
                            &format!("r[{j}, {k}] = r[{k}, {j}] (symmetry)"),
                            got[[j, k]],
                            got[[k, j]],
                        )?;
                    }
                }
                Ok(())
            }),
            Check::new("correlation_matrix/penguins", DAY, |_| {
                let (names, data) = penguin_measurements()?;
                let got = expect_ok("correlation_matrix of penguins", correlation_matrix(&data))?;
                expect_array_close(
                    &format!(
                        "correlation_matrix of penguins' {names:?} ({} complete rows)",
                        data.nrows()
                    ),
                    &naive_correlation(&data),
                    &got,
                    CORR_TOL,
                )
            }),
            Check::new("correlation_matrix/bad_input", DAY, |cx| {
                let mut data = cx.matrix(10, 3);
                data.column_mut(1).fill(4.0);
                expect_err(
                    "correlation_matrix with constant column 1",
                    correlation_matrix(&data),
                )?;
                expect_err(
                    "correlation_matrix of a single row",
                    correlation_matrix(&cx.matrix(1, 3)),
                )?;
                let mut data = cx.matrix(5, 2);
                data[[2, 1]] = f64::NAN;
                expect_err("correlation_matrix with a NaN", correlation_matrix(&data))?;
                Ok(())
            }),
            Check::new("plot_heatmap/png_and_svg", DAY, |cx| {
                let (names, data) = penguin_measurements()?;
                // Correlations of random columns would be near 0 (white cells); the
                // penguins' are strong, so the colour must show.
                let r = naive_correlation(&data);
                let size = (cx.usize_in(560..=800) as u32, cx.usize_in(460..=640) as u32);
                let (png, svg) = (cx.plot_path("corr.png"), cx.plot_path("corr.svg"));
                fresh(&png);
                fresh(&svg);
                expect_ok("plot_heatmap (PNG)", plot_heatmap(&png, size, &r, &names))?;
                // 16 cells, most of them strongly coloured, fill a good part of the canvas.
                check_png("plot_heatmap (PNG)", &png, size, 0.15, 0.10)?;
                expect_ok("plot_heatmap (SVG)", plot_heatmap(&svg, size, &r, &names))?;
                let texts: Vec<&str> = names.iter().map(String::as_str).collect();
                check_svg("plot_heatmap (SVG, row and column labels)", &svg, &texts)
            }),
            Check::new("plot_heatmap/mismatch", DAY, |cx| {
                let path = cx.plot_path("corr_bad.png");
                let r = Array2::<f64>::eye(3);
                let two = vec!["a".to_string(), "b".to_string()];
                expect_err(
                    "plot_heatmap with 3 rows but 2 labels",
                    plot_heatmap(&path, (500, 400), &r, &two),
                )?;
                expect_err(
                    "plot_heatmap of a 2 × 3 (not square) matrix",
                    plot_heatmap(&path, (500, 400), &Array2::zeros((2, 3)), &two),
                )?;
                Ok(())
            }),
        ],
    );
}

/// value_counts against a naive count: every label once, counts right, the order rule.
fn check_value_counts(what: &str, labels: &[&str]) -> CheckResult {
    let mut expected: Vec<(String, usize)> = Vec::new();
    for &label in labels {
        if expected.iter().any(|(l, _)| l == label) {
            continue;
        }
        let n = labels.iter().filter(|&&l| l == label).count();
        expected.push((label.to_string(), n));
    }
    // Insertion sort by (count descending, label ascending).
    for i in 1..expected.len() {
        let mut j = i;
        while j > 0 && {
            let (a, b) = (&expected[j - 1], &expected[j]);
            b.1 > a.1 || (b.1 == a.1 && b.0 < a.0)
        } {
            expected.swap(j - 1, j);
            j -= 1;
        }
    }
    expect_eq(
        &format!("{what} (most frequent first, ties alphabetical)"),
        expected,
        value_counts(labels),
    )
}
