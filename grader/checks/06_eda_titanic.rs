//! Hidden checks for chapter 06 (EDA on Titanic). The learner's functions get a polars frame
//! of a random sample of the passengers; every expected value is computed here with plain
//! loops over the same rows of `datasets::table("titanic")` (CSV text, no polars), never
//! with the reference solution. Plots are checked by decoding the PNG and reading the SVG.

use std::path::Path;

use eda_titanic::*;
use harness::plot::Png;
use harness::prelude::*;
use ndarray::Array2;
use polars::prelude::{df, DataFrame, IdxCa, IdxSize};

const DAY: &[&str] = &["W5 D5-7"];
/// A rate is one division of two counts: a learner who divides in another order (or takes
/// the mean of 0/1 values, summing in another order) differs by a few ulps at most.
const RATE_TOL: Tol = Tol::new(1e-12, 1e-15);
/// A mean of ~1000 ages summed in another order: about 1e-13 relative.
const MEAN_TOL: Tol = Tol::new(1e-10, 1e-12);
/// Correlations: two-pass and one-pass formulas agree to ~1e-12 on these sizes; 1e-9
/// leaves room for either while catching any real mistake (the values are ~0.01–0.6).
const CORR_TOL: Tol = Tol::new(1e-9, 1e-9);

/// One passenger as the CSV text has it.
#[derive(Debug, Clone)]
struct Row {
    pclass: String,
    survived: bool,
    sex: String,
    age: Option<f64>,
    sibsp: f64,
    parch: f64,
}

/// Every passenger, parsed by hand from the CSV rows.
fn passengers() -> Result<Vec<Row>, Failure> {
    let t = datasets::table("titanic").or_fail("loading titanic rows")?;
    let j = |c: &str| t.index(c).or_fail(&format!("titanic column {c:?}"));
    let (pc, sv, sx, ag, sb, pa) = (
        j("pclass")?,
        j("survived")?,
        j("sex")?,
        j("age")?,
        j("sibsp")?,
        j("parch")?,
    );
    let num = |s: &str| s.parse::<f64>().or_fail(&format!("not a number: {s:?}"));
    t.rows
        .iter()
        .map(|r| {
            Ok(Row {
                pclass: r[pc].clone(),
                survived: r[sv] == "survived",
                sex: r[sx].clone(),
                age: if r[ag].is_empty() {
                    None
                } else {
                    Some(num(&r[ag])?)
                },
                sibsp: num(&r[sb])?,
                parch: num(&r[pa])?,
            })
        })
        .collect()
}

/// A random sample of between `lo` and all passengers, in file order: the frame handed to
/// the learner and the same rows parsed by hand.
fn sample(cx: &mut Ctx, lo: usize) -> Result<(DataFrame, Vec<Row>), Failure> {
    let all = passengers()?;
    let k = cx.usize_in(lo..=all.len());
    let mut idx = rand::seq::index::sample(&mut cx.rng, all.len(), k).into_vec();
    idx.sort_unstable();
    let df = datasets::frame("titanic").or_fail("loading titanic as a frame")?;
    let take = IdxCa::from_vec("rows".into(), idx.iter().map(|&i| i as IdxSize).collect());
    let df = df.take(&take).or_fail("sampling rows")?;
    Ok((df, idx.iter().map(|&i| all[i].clone()).collect()))
}

/// Group rates by a naive loop: groups by key text, ascending, with counts and survivors.
fn naive_rates(rows: &[Row], key: impl Fn(&Row) -> Option<String>) -> Vec<GroupRate> {
    let mut groups: Vec<GroupRate> = Vec::new();
    for r in rows {
        let Some(k) = key(r) else { continue };
        match groups.iter_mut().find(|g| g.group == k) {
            Some(g) => {
                g.passengers += 1;
                g.survivors += r.survived as usize;
            }
            None => groups.push(GroupRate {
                group: k,
                passengers: 1,
                survivors: r.survived as usize,
                rate: 0.0,
            }),
        }
    }
    for g in &mut groups {
        g.rate = g.survivors as f64 / g.passengers as f64;
    }
    groups
}

/// Compare group rates: names in order first, then counts exactly, then rates.
fn check_rates(what: &str, expected: &[GroupRate], got: &[GroupRate]) -> CheckResult {
    let names = |g: &[GroupRate]| g.iter().map(|g| g.group.clone()).collect::<Vec<_>>();
    expect_eq(
        &format!("{what}: groups, in order"),
        names(expected),
        names(got),
    )?;
    for (e, g) in expected.iter().zip(got) {
        expect_eq(
            &format!("{what}: passengers in group {:?}", e.group),
            e.passengers,
            g.passengers,
        )?;
        expect_eq(
            &format!("{what}: survivors in group {:?}", e.group),
            e.survivors,
            g.survivors,
        )?;
        expect_close(
            &format!("{what}: survival rate of group {:?}", e.group),
            e.rate,
            g.rate,
            RATE_TOL,
        )?;
    }
    Ok(())
}

/// A number as polars writes an integer-valued float column cast to text: `"0"`, `"3"`.
fn int_text(v: f64) -> String {
    format!("{}", v as i64)
}

/// The value of a passenger's field by column name, as group-key text.
fn key_of(column: &str) -> impl Fn(&Row) -> Option<String> + '_ {
    move |r| match column {
        "pclass" => Some(r.pclass.clone()),
        "sex" => Some(r.sex.clone()),
        "sibsp" => Some(int_text(r.sibsp)),
        "parch" => Some(int_text(r.parch)),
        _ => None,
    }
}

fn naive_correlation(data: &Array2<f64>) -> Array2<f64> {
    let (n, p) = data.dim();
    let means: Vec<f64> = (0..p)
        .map(|j| (0..n).map(|i| data[[i, j]]).sum::<f64>() / n as f64)
        .collect();
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

/// Whether a pixel carries colour: stricter than `Png::colour` (a spread of 50, not 40),
/// as this chapter always had it.
fn is_coloured(p: &[u8; 3]) -> bool {
    let hi = p.iter().max().copied().unwrap_or(0);
    let lo = p.iter().min().copied().unwrap_or(0);
    hi - lo >= 50
}

/// `expect_png` (decodes, has `size`, at least `min_ink` not white; with no `size`, any
/// size), and at least `min_colour` of the pixels coloured.
fn check_png(
    what: &str,
    path: &Path,
    size: Option<(u32, u32)>,
    min_ink: f64,
    min_colour: f64,
) -> Result<Png, Failure> {
    let size = match size {
        Some(size) => size,
        None => {
            let png = read_png(what, path)?;
            (png.width, png.height)
        }
    };
    let png = expect_png(what, path, size, min_ink)?;
    let colour =
        png.pixels.iter().filter(|p| is_coloured(p)).count() as f64 / png.pixels.len() as f64;
    ensure(colour >= min_colour, || {
        format!(
            "{what}: only {:.2} % of the pixels are coloured (need at least {:.2} %): draw the data in charts::palette colours",
            100.0 * colour,
            100.0 * min_colour
        )
    })?;
    Ok(png)
}

/// `expect_svg`, with what to do about a missing text.
fn check_svg(what: &str, path: &Path, texts: &[&str]) -> CheckResult {
    expect_svg(what, path, texts)
        .map_err(|f| Failure::new(format!("{f}: write the labels and names given")))
}

/// Pixels that look like `c` drawn at opacity ≥ 0.3 over white.
fn count_colour(png: &Png, c: (u8, u8, u8)) -> usize {
    let c = [c.0 as f64, c.1 as f64, c.2 as f64];
    let k = (0..3)
        .max_by(|&a, &b| (255.0 - c[a]).total_cmp(&(255.0 - c[b])))
        .unwrap_or(0);
    png.pixels
        .iter()
        .filter(|p| {
            let alpha = (255.0 - p[k] as f64) / (255.0 - c[k]);
            (0.3..=1.05).contains(&alpha)
                && (0..3).all(|ch| (p[ch] as f64 - (255.0 + alpha * (c[ch] - 255.0))).abs() <= 14.0)
        })
        .count()
}

fn random_size(cx: &mut Ctx) -> (u32, u32) {
    (cx.usize_in(520..=900) as u32, cx.usize_in(380..=640) as u32)
}

/// A column of the learner's frame as optional floats.
fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, Failure> {
    let column = df
        .column(name)
        .or_fail(&format!("add_numeric_columns: no column {name:?}"))?;
    let cast = column
        .cast(&polars::prelude::DataType::Float64)
        .or_fail(&format!("column {name:?} is not numeric"))?;
    let values = cast.f64().or_fail(&format!("column {name:?}"))?;
    Ok(values.iter().collect())
}

/// The expected display of a summary, from the format the doc comment specifies.
fn expected_report(s: &Summary) -> String {
    let mut lines = vec![
        format!(
            "Titanic: {} passengers, {} survived ({:.1} %)",
            s.passengers,
            s.survivors,
            s.survival_rate * 100.0
        ),
        format!(
            "women: {:.1} % survived, men: {:.1} % survived",
            s.female_rate * 100.0,
            s.male_rate * 100.0
        ),
        format!(
            "age: mean {:.1} years, {} unknown",
            s.mean_age, s.missing_ages
        ),
    ];
    for g in &s.by_class {
        lines.push(format!(
            "{} class: {:.1} % of {} survived",
            g.group,
            g.rate * 100.0,
            g.passengers
        ));
    }
    lines.join("\n")
}

fn main() {
    harness::run(
        "06",
        vec![
            Check::new("add_numeric_columns/sample", DAY, |cx| {
                let (df, rows) = sample(cx, 1)?;
                let got = expect_ok("add_numeric_columns", add_numeric_columns(&df))?;
                expect_eq(
                    "add_numeric_columns: (rows, columns)",
                    (df.height(), df.width() + 3),
                    (got.height(), got.width()),
                )?;
                let names: Vec<String> = got
                    .get_column_names()
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let mut expected_names: Vec<String> = df
                    .get_column_names()
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                expected_names.extend(["survived_n", "female", "class_n"].map(String::from));
                expect_eq(
                    "add_numeric_columns: column names, in order",
                    expected_names,
                    names,
                )?;
                let class = |c: &str| match c {
                    "1st" => Some(1.0),
                    "2nd" => Some(2.0),
                    "3rd" => Some(3.0),
                    _ => None,
                };
                let (s, f, c) = (
                    floats(&got, "survived_n")?,
                    floats(&got, "female")?,
                    floats(&got, "class_n")?,
                );
                for (i, r) in rows.iter().enumerate() {
                    expect_eq(
                        &format!("survived_n of sampled row {i} (survived = {})", r.survived),
                        Some(if r.survived { 1.0 } else { 0.0 }),
                        s[i],
                    )?;
                    expect_eq(
                        &format!("female of sampled row {i} (sex = {:?})", r.sex),
                        Some(if r.sex == "female" { 1.0 } else { 0.0 }),
                        f[i],
                    )?;
                    expect_eq(
                        &format!("class_n of sampled row {i} (pclass = {:?})", r.pclass),
                        class(&r.pclass),
                        c[i],
                    )?;
                }
                Ok(())
            }),
            Check::new("add_numeric_columns/unknown_class", DAY, |_| {
                let frame = df!(
                    "pclass" => ["2nd", "crew"],
                    "survived" => ["survived", "died"],
                    "sex" => ["female", "male"],
                )
                .or_fail("building a test frame")?;
                let got = expect_ok("add_numeric_columns", add_numeric_columns(&frame))?;
                expect_eq(
                    "class_n of pclass [\"2nd\", \"crew\"] (an unknown class is null)",
                    vec![Some(2.0), None],
                    floats(&got, "class_n")?,
                )
            }),
            Check::new("survival_by/sex", DAY, |cx| {
                let (df, rows) = sample(cx, 20)?;
                let mut expected = naive_rates(&rows, key_of("sex"));
                expected.sort_by(|a, b| a.group.cmp(&b.group));
                let got = expect_ok("survival_by(df, \"sex\")", survival_by(&df, "sex"))?;
                check_rates(
                    &format!("survival_by sex ({} sampled passengers)", rows.len()),
                    &expected,
                    &got,
                )
            }),
            Check::new("survival_by/pclass", DAY, |cx| {
                let (df, rows) = sample(cx, 20)?;
                let mut expected = naive_rates(&rows, key_of("pclass"));
                expected.sort_by(|a, b| a.group.cmp(&b.group));
                let got = expect_ok("survival_by(df, \"pclass\")", survival_by(&df, "pclass"))?;
                check_rates(
                    &format!("survival_by pclass ({} sampled passengers)", rows.len()),
                    &expected,
                    &got,
                )
            }),
            Check::new("survival_by/numeric_column", DAY, |cx| {
                let column = ["sibsp", "parch"][cx.usize_in(0..=1)];
                let (df, rows) = sample(cx, 20)?;
                let mut expected = naive_rates(&rows, key_of(column));
                expected.sort_by(|a, b| a.group.cmp(&b.group));
                let got = expect_ok(
                    &format!("survival_by(df, {column:?})"),
                    survival_by(&df, column),
                )?;
                check_rates(
                    &format!("survival_by {column} (values as text: \"0\", \"1\", …)"),
                    &expected,
                    &got,
                )
            }),
            Check::new("survival_by/unknown_column", DAY, |_| {
                let df = datasets::frame("titanic").or_fail("loading titanic as a frame")?;
                expect_err(
                    "survival_by(df, \"cabin\") (no such column)",
                    survival_by(&df, "cabin"),
                )?;
                Ok(())
            }),
            Check::new("survival_by_age_band/random_edges", DAY, |cx| {
                let (df, rows) = sample(cx, 50)?;
                // 0, a few sorted interior edges on a 2.5-year grid, and a top above 80
                // (the oldest passenger).
                let mut edges = vec![0.0];
                let mut interior: Vec<f64> = (0..cx.usize_in(1..=6))
                    .map(|_| 2.5 * cx.usize_in(1..=31) as f64)
                    .collect();
                interior.sort_by(f64::total_cmp);
                interior.dedup();
                edges.extend(interior);
                edges.push(80.5 + 2.5 * cx.usize_in(0..=8) as f64);
                let k = edges.len() - 1;
                let band = |r: &Row| -> Option<usize> {
                    match r.age {
                        None => Some(k),
                        Some(a) => (0..k).find(|&i| edges[i] <= a && a < edges[i + 1]),
                    }
                };
                let mut expected = Vec::new();
                for b in 0..=k {
                    let label = if b == k {
                        "missing".to_string()
                    } else {
                        format!("[{}, {})", edges[b], edges[b + 1])
                    };
                    let members: Vec<&Row> = rows.iter().filter(|r| band(r) == Some(b)).collect();
                    if members.is_empty() {
                        continue;
                    }
                    let survivors = members.iter().filter(|r| r.survived).count();
                    expected.push(GroupRate {
                        group: label,
                        passengers: members.len(),
                        survivors,
                        rate: survivors as f64 / members.len() as f64,
                    });
                }
                let got = expect_ok(
                    &format!("survival_by_age_band(df, {edges:?})"),
                    survival_by_age_band(&df, &edges),
                )?;
                check_rates(
                    &format!("survival_by_age_band with edges {edges:?}"),
                    &expected,
                    &got,
                )
            }),
            Check::new("survival_by_age_band/bad_edges", DAY, |_| {
                let df = datasets::frame("titanic").or_fail("loading titanic as a frame")?;
                expect_err(
                    "survival_by_age_band with edges []",
                    survival_by_age_band(&df, &[]),
                )?;
                expect_err(
                    "survival_by_age_band with edges [10]",
                    survival_by_age_band(&df, &[10.0]),
                )?;
                expect_err(
                    "survival_by_age_band with decreasing edges [0, 30, 20, 90]",
                    survival_by_age_band(&df, &[0.0, 30.0, 20.0, 90.0]),
                )?;
                expect_err(
                    "survival_by_age_band with a NaN edge",
                    survival_by_age_band(&df, &[0.0, f64::NAN, 90.0]),
                )?;
                // The oldest passenger is 80 and the youngest a few months old.
                expect_err(
                    "survival_by_age_band with edges [0, 50] (older passengers fall outside)",
                    survival_by_age_band(&df, &[0.0, 50.0]),
                )?;
                expect_err(
                    "survival_by_age_band with edges [1, 100] (babies fall outside)",
                    survival_by_age_band(&df, &[1.0, 100.0]),
                )?;
                Ok(())
            }),
            Check::new("survival_pivot/sex_class", DAY, |cx| {
                let (df, rows) = sample(cx, 60)?;
                check_pivot(&df, &rows, "sex", "pclass")
            }),
            Check::new("survival_pivot/class_parch", DAY, |cx| {
                // parch has rare values, so some (class, parch) cells are empty.
                let (df, rows) = sample(cx, 60)?;
                check_pivot(&df, &rows, "pclass", "parch")
            }),
            Check::new("correlation_matrix/numeric", DAY, |cx| {
                let (df, rows) = sample(cx, 30)?;
                let complete: Vec<&Row> = rows.iter().filter(|r| r.age.is_some()).collect();
                let data = Array2::from_shape_fn((complete.len(), 3), |(i, j)| match j {
                    0 => complete[i].age.unwrap_or(f64::NAN),
                    1 => complete[i].sibsp,
                    _ => complete[i].parch,
                });
                let got = expect_ok(
                    "correlation_matrix(df, [age, sibsp, parch])",
                    correlation_matrix(&df, &["age", "sibsp", "parch"]),
                )?;
                expect_array_close(
                    &format!(
                        "correlation of age, sibsp, parch over the {} sampled rows with a known age",
                        complete.len()
                    ),
                    &naive_correlation(&data),
                    &got,
                    CORR_TOL,
                )
            }),
            Check::new("correlation_matrix/encoded", DAY, |cx| {
                // An encoded frame built here from the CSV rows, so this check does not
                // depend on add_numeric_columns.
                let (_, rows) = sample(cx, 50)?;
                let col = |f: &dyn Fn(&Row) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
                let survived = col(&|r| Some(r.survived as u8 as f64));
                let female = col(&|r| Some((r.sex == "female") as u8 as f64));
                let class = col(&|r| r.pclass[..1].parse::<f64>().ok());
                let age = col(&|r| r.age);
                let frame = df!(
                    "survived_n" => &survived,
                    "female" => &female,
                    "class_n" => &class,
                    "age" => &age,
                )
                .or_fail("building a test frame")?;
                let complete: Vec<usize> = (0..rows.len()).filter(|&i| age[i].is_some()).collect();
                let data = Array2::from_shape_fn((complete.len(), 4), |(i, j)| {
                    let r = complete[i];
                    [survived[r], female[r], class[r], age[r]][j].unwrap_or(f64::NAN)
                });
                let names = ["survived_n", "female", "class_n", "age"];
                let got = expect_ok(
                    "correlation_matrix(encoded, ...)",
                    correlation_matrix(&frame, &names),
                )?;
                expect_array_close(
                    &format!(
                        "correlation of {names:?} over {} complete rows",
                        complete.len()
                    ),
                    &naive_correlation(&data),
                    &got,
                    CORR_TOL,
                )
            }),
            Check::new("correlation_matrix/bad_input", DAY, |_| {
                let frame = df!("a" => [1.0, 2.0, 3.0], "b" => [5.0, 5.0, 5.0], "c" => [Some(1.0), None, None])
                    .or_fail("building a test frame")?;
                expect_err(
                    "correlation_matrix with constant column b",
                    correlation_matrix(&frame, &["a", "b"]),
                )?;
                expect_err(
                    "correlation_matrix with one complete row (c is null twice)",
                    correlation_matrix(&frame, &["a", "c"]),
                )?;
                expect_err(
                    "correlation_matrix with a missing column",
                    correlation_matrix(&frame, &["a", "zzz"]),
                )?;
                Ok(())
            }),
            Check::new("age_histogram/sample", DAY, |cx| {
                let (df, rows) = sample(cx, 30)?;
                // Widths that are exact in binary, so k·w is exact however it is computed.
                let width = [1.0, 2.0, 2.5, 4.0, 5.0, 7.5, 10.0, 16.0][cx.usize_in(0..=7)];
                let known: Vec<(f64, bool)> = rows
                    .iter()
                    .filter_map(|r| r.age.map(|a| (a, r.survived)))
                    .collect();
                let oldest = known.iter().map(|k| k.0).fold(0.0, f64::max);
                let mut edges = vec![0.0];
                while *edges.last().unwrap_or(&0.0) <= oldest {
                    edges.push(edges.len() as f64 * width);
                }
                let bins = edges.len() - 1;
                let (mut died, mut lived) = (vec![0usize; bins], vec![0usize; bins]);
                for &(a, s) in &known {
                    let k = (0..bins)
                        .find(|&k| edges[k] <= a && a < edges[k + 1])
                        .unwrap_or(bins - 1);
                    if s {
                        lived[k] += 1;
                    } else {
                        died[k] += 1;
                    }
                }
                let what = format!(
                    "age_histogram(df, {width}) of {} sampled passengers",
                    rows.len()
                );
                let got = expect_ok(&what, age_histogram(&df, width))?;
                expect_slice_close(&format!("{what}: edges"), &edges, &got.edges, Tol::EXACT)?;
                expect_eq(&format!("{what}: died per bin"), died, got.died)?;
                expect_eq(&format!("{what}: survived per bin"), lived, got.survived)
            }),
            Check::new("age_histogram/bad_width", DAY, |_| {
                let df = datasets::frame("titanic").or_fail("loading titanic as a frame")?;
                expect_err("age_histogram with width 0", age_histogram(&df, 0.0))?;
                expect_err("age_histogram with width -5", age_histogram(&df, -5.0))?;
                expect_err("age_histogram with width NaN", age_histogram(&df, f64::NAN))?;
                Ok(())
            }),
            Check::new("summarize/sample", DAY, |cx| {
                let (df, rows) = sample(cx, 100)?;
                let got = expect_ok("summarize", summarize(&df))?;
                let n = rows.len();
                let survivors = rows.iter().filter(|r| r.survived).count();
                let rate_of = |sex: &str| {
                    let group: Vec<&Row> = rows.iter().filter(|r| r.sex == sex).collect();
                    group.iter().filter(|r| r.survived).count() as f64 / group.len() as f64
                };
                let ages: Vec<f64> = rows.iter().filter_map(|r| r.age).collect();
                let what = format!("summarize of {n} sampled passengers");
                expect_eq(&format!("{what}: passengers"), n, got.passengers)?;
                expect_eq(&format!("{what}: survivors"), survivors, got.survivors)?;
                expect_close(
                    &format!("{what}: survival_rate"),
                    survivors as f64 / n as f64,
                    got.survival_rate,
                    RATE_TOL,
                )?;
                expect_close(
                    &format!("{what}: female_rate"),
                    rate_of("female"),
                    got.female_rate,
                    RATE_TOL,
                )?;
                expect_close(
                    &format!("{what}: male_rate"),
                    rate_of("male"),
                    got.male_rate,
                    RATE_TOL,
                )?;
                expect_close(
                    &format!("{what}: mean_age (of the known ages)"),
                    ages.iter().sum::<f64>() / ages.len() as f64,
                    got.mean_age,
                    MEAN_TOL,
                )?;
                expect_eq(
                    &format!("{what}: missing_ages"),
                    n - ages.len(),
                    got.missing_ages,
                )?;
                let mut by_class = naive_rates(&rows, key_of("pclass"));
                by_class.sort_by(|a, b| a.group.cmp(&b.group));
                check_rates(&format!("{what}: by_class"), &by_class, &got.by_class)
            }),
            Check::new("fmt/report", DAY, |cx| {
                // A made-up summary: the report must print whatever the fields hold.
                let passengers = cx.usize_in(100..=2000);
                let survivors = cx.usize_in(0..=passengers);
                let classes = cx.usize_in(1..=4);
                let by_class = (0..classes)
                    .map(|k| {
                        let n = cx.usize_in(1..=500);
                        let s = cx.usize_in(0..=n);
                        GroupRate {
                            group: ["1st", "2nd", "3rd", "crew"][k].to_string(),
                            passengers: n,
                            survivors: s,
                            rate: s as f64 / n as f64,
                        }
                    })
                    .collect();
                let summary = Summary {
                    passengers,
                    survivors,
                    survival_rate: survivors as f64 / passengers as f64,
                    female_rate: cx.f64_in(0.0, 1.0),
                    male_rate: cx.f64_in(0.0, 1.0),
                    mean_age: cx.f64_in(10.0, 60.0),
                    missing_ages: cx.usize_in(0..=300),
                    by_class,
                };
                let expected = expected_report(&summary);
                let got = summary.to_string();
                let (e_lines, g_lines): (Vec<&str>, Vec<&str>) =
                    (expected.lines().collect(), got.lines().collect());
                for (i, (e, g)) in e_lines.iter().zip(&g_lines).enumerate() {
                    expect_eq(&format!("line {} of the report", i + 1), *e, *g)?;
                }
                expect_eq(
                    "number of lines in the report",
                    e_lines.len(),
                    g_lines.len(),
                )?;
                ensure(!got.ends_with('\n'), || {
                    "the report must not end with a newline".into()
                })
            }),
            Check::new("plot_survival_rates/png_and_svg", DAY, |cx| {
                let (_, rows) = sample(cx, 100)?;
                let mut rates = naive_rates(&rows, key_of("pclass"));
                rates.sort_by(|a, b| a.group.cmp(&b.group));
                let size = random_size(cx);
                let (png, svg) = (
                    cx.plot_path("survival_by_class.png"),
                    cx.plot_path("survival_by_class.svg"),
                );
                fresh(&png);
                fresh(&svg);
                expect_ok(
                    "plot_survival_rates (PNG)",
                    plot_survival_rates(&png, size, &rates, "class"),
                )?;
                // Three bars of 25–65 % on a 0–100 axis cover well over 5 % of the canvas.
                check_png("plot_survival_rates (PNG)", &png, Some(size), 0.05, 0.05)?;
                expect_ok(
                    "plot_survival_rates (SVG)",
                    plot_survival_rates(&svg, size, &rates, "class"),
                )?;
                let mut texts = vec!["class", "survival rate (%)"];
                texts.extend(rates.iter().map(|r| r.group.as_str()));
                check_svg(
                    "plot_survival_rates (SVG, labels and group names)",
                    &svg,
                    &texts,
                )
            }),
            Check::new("plot_age_histogram/png_and_svg", DAY, |cx| {
                // Counts made up here: this check is about drawing only.
                let width = 5.0;
                let bins = cx.usize_in(10..=17);
                let hist = AgeHistogram {
                    edges: (0..=bins).map(|k| k as f64 * width).collect(),
                    died: (0..bins).map(|_| cx.usize_in(10..=80)).collect(),
                    survived: (0..bins).map(|_| cx.usize_in(10..=50)).collect(),
                };
                let size = random_size(cx);
                let (png, svg) = (cx.plot_path("ages.png"), cx.plot_path("ages.svg"));
                fresh(&png);
                fresh(&svg);
                expect_ok(
                    "plot_age_histogram (PNG)",
                    plot_age_histogram(&png, size, &hist),
                )?;
                let img = check_png("plot_age_histogram (PNG)", &png, Some(size), 0.1, 0.1)?;
                for (k, name) in ["died", "survived"].iter().enumerate() {
                    let c = charts::palette(k);
                    let found = count_colour(&img, (c.0, c.1, c.2));
                    // A legend swatch is ~150 pixels; the bars are thousands.
                    ensure(found >= 1000, || {
                        format!(
                            "plot_age_histogram (PNG): the {name} bars should be charts::palette({k}) = RGB({}, {}, {}), but only {found} pixels of that colour were found (need 1000)",
                            c.0, c.1, c.2
                        )
                    })?;
                }
                expect_ok(
                    "plot_age_histogram (SVG)",
                    plot_age_histogram(&svg, size, &hist),
                )?;
                check_svg(
                    "plot_age_histogram (SVG, labels and legend)",
                    &svg,
                    &["age (years)", "passengers", "died", "survived"],
                )
            }),
            Check::new("plot_rate_heatmap/png_and_svg", DAY, |cx| {
                let (_, rows) = sample(cx, 200)?;
                let table = naive_pivot(&rows, "sex", "pclass");
                let (png, svg) = (cx.plot_path("sex_class.png"), cx.plot_path("sex_class.svg"));
                fresh(&png);
                fresh(&svg);
                let title = "survival rate by sex and class";
                expect_ok(
                    "plot_rate_heatmap (PNG)",
                    plot_rate_heatmap(&png, title, &table),
                )?;
                // Six cells with rates from ~0.15 to ~0.97: the dark ones are coloured.
                check_png("plot_rate_heatmap (PNG)", &png, None, 0.1, 0.03)?;
                expect_ok(
                    "plot_rate_heatmap (SVG)",
                    plot_rate_heatmap(&svg, title, &table),
                )?;
                let mut texts = vec![title];
                texts.extend(table.rows.iter().chain(&table.cols).map(String::as_str));
                check_svg("plot_rate_heatmap (SVG, title and keys)", &svg, &texts)
            }),
        ],
    );
}

/// The pivot of `rows` by two keys, by a naive loop.
fn naive_pivot(rows: &[Row], r: &str, c: &str) -> RateTable {
    let (rk, ck) = (key_of(r), key_of(c));
    let mut row_names: Vec<String> = rows.iter().filter_map(&rk).collect();
    let mut col_names: Vec<String> = rows.iter().filter_map(&ck).collect();
    row_names.sort();
    row_names.dedup();
    col_names.sort();
    col_names.dedup();
    let mut passengers = Array2::<usize>::zeros((row_names.len(), col_names.len()));
    let mut survivors = Array2::<usize>::zeros((row_names.len(), col_names.len()));
    for p in rows {
        let (Some(a), Some(b)) = (rk(p), ck(p)) else {
            continue;
        };
        let i = row_names.iter().position(|x| *x == a).unwrap_or(0);
        let j = col_names.iter().position(|x| *x == b).unwrap_or(0);
        passengers[[i, j]] += 1;
        survivors[[i, j]] += p.survived as usize;
    }
    let rates = Array2::from_shape_fn(passengers.dim(), |(i, j)| {
        if passengers[[i, j]] == 0 {
            f64::NAN
        } else {
            survivors[[i, j]] as f64 / passengers[[i, j]] as f64
        }
    });
    RateTable {
        rows: row_names,
        cols: col_names,
        passengers,
        rates,
    }
}

fn check_pivot(df: &DataFrame, rows: &[Row], r: &str, c: &str) -> CheckResult {
    let expected = naive_pivot(rows, r, c);
    let what = format!(
        "survival_pivot(df, {r:?}, {c:?}) of {} sampled passengers",
        rows.len()
    );
    let got = expect_ok(&what, survival_pivot(df, r, c))?;
    expect_eq(&format!("{what}: row keys"), &expected.rows, &got.rows)?;
    expect_eq(&format!("{what}: column keys"), &expected.cols, &got.cols)?;
    expect_shape(
        &format!("{what}: passengers"),
        expected.passengers.shape(),
        got.passengers.shape(),
    )?;
    for ((i, j), &n) in expected.passengers.indexed_iter() {
        expect_eq(
            &format!(
                "{what}: passengers in cell ({}, {})",
                expected.rows[i], expected.cols[j]
            ),
            n,
            got.passengers[[i, j]],
        )?;
    }
    // NaN only matches NaN: an empty cell must have a NaN rate.
    expect_array_close(
        &format!("{what}: rates (NaN for empty cells)"),
        &expected.rates,
        &got.rates,
        RATE_TOL,
    )
}
