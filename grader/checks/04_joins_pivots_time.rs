//! Hidden checks for chapter 04 (joins, pivots, time). Inputs are random samples of the
//! NYC flights tables and random windows of the monthly series; expected values come from
//! hash maps and plain loops over `datasets::table` rows, and dates from a closed-form
//! day count, never from the reference solution.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use harness::prelude::*;
use joins_pivots_time::*;
use polars::prelude::{Column, DataFrame, DataType, IdxCa, IdxSize};
use rand::seq::SliceRandom;
use rand::Rng;

const DAY: &[&str] = &["W5 D1-2"];

/// Copied values, counts and labels.
const EXACT: Tol = Tol::EXACT;
/// Means of up to a few thousand values (or a rolling window updated by adding and
/// subtracting) summed in another order: about 1e-13 relative, far below any real mistake.
const AGG: Tol = Tol::new(1e-9, 1e-9);
/// One division and one subtraction per value.
const RATIO: Tol = Tol::new(1e-12, 1e-12);

/// Data set `name` as CSV rows, read once per check process (the checks of a chapter run
/// one after another in one process, so later checks reuse what earlier ones loaded).
fn table(name: &str) -> Result<&'static datasets::Table, Failure> {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static datasets::Table>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(t) = cache.lock().unwrap().get(name) {
        return Ok(*t);
    }
    let t =
        datasets::table(name).map_err(|e| Failure::new(format!("loading {name} as rows: {e}")))?;
    let t: &'static datasets::Table = Box::leak(Box::new(t));
    cache.lock().unwrap().insert(name.to_string(), t);
    Ok(t)
}

/// Data set `name` as a polars frame, read once per check process (cloning a frame only
/// copies pointers to its columns).
fn frame(name: &str) -> Result<DataFrame, Failure> {
    static CACHE: OnceLock<Mutex<HashMap<String, DataFrame>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(df) = cache.lock().unwrap().get(name) {
        return Ok(df.clone());
    }
    let df = datasets::frame(name)
        .map_err(|e| Failure::new(format!("loading {name} as a frame: {e}")))?;
    cache.lock().unwrap().insert(name.to_string(), df.clone());
    Ok(df)
}

/// A random number (in `k`) of distinct row indices out of `n`, in file order.
fn sample_rows(cx: &mut Ctx, n: usize, k: std::ops::RangeInclusive<usize>) -> Vec<usize> {
    let k = cx.usize_in((*k.start()).min(n)..=(*k.end()).min(n));
    let mut idx = rand::seq::index::sample(&mut cx.rng, n, k).into_vec();
    idx.sort_unstable();
    idx
}

/// Rows `idx` of data set `name` as a frame, with a `row_id` column (0, 1, …) appended
/// when `with_id` is set, so that the checks can tell which input row an output row is.
fn frame_rows(name: &str, idx: &[usize], with_id: bool) -> Result<DataFrame, Failure> {
    let take = IdxCa::from_vec("rows".into(), idx.iter().map(|&i| i as IdxSize).collect());
    let mut df = frame(name)?
        .take(&take)
        .map_err(|e| Failure::new(format!("sampling rows of {name}: {e}")))?;
    if with_id {
        df.with_column(Column::new(
            "row_id".into(),
            (0..idx.len() as u32).collect::<Vec<_>>(),
        ))
        .expect("add row ids");
    }
    Ok(df)
}

fn text_at<'a>(t: &'a datasets::Table, column: &str, idx: &[usize]) -> Vec<Option<&'a str>> {
    let j = t.index(column).expect("column exists");
    idx.iter()
        .map(|&i| Some(t.rows[i][j].as_str()).filter(|s| !s.is_empty()))
        .collect()
}

fn num_at(t: &datasets::Table, column: &str, idx: &[usize]) -> Vec<Option<f64>> {
    text_at(t, column, idx)
        .into_iter()
        .map(|v| v.map(|s| s.parse::<f64>().expect("numeric column")))
        .collect()
}

fn pick<'a, T>(cx: &mut Ctx, items: &'a [T]) -> &'a T {
    items.choose(&mut cx.rng).expect("non-empty choice")
}

fn column_names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// Column `name` of a result as floats (NaN for null).
fn floats(df: &DataFrame, what: &str, name: &str) -> Result<Vec<f64>, Failure> {
    let c = df.column(name).map_err(|_| {
        Failure::new(format!(
            "{what}: no column {name:?} in the result (columns: {:?})",
            column_names(df)
        ))
    })?;
    let c = c.cast(&DataType::Float64).map_err(|_| {
        Failure::new(format!(
            "{what}: column {name:?} should be numeric, found dtype {}",
            c.dtype()
        ))
    })?;
    Ok(c.f64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

fn texts(df: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<String>>, Failure> {
    let c = df.column(name).map_err(|_| {
        Failure::new(format!(
            "{what}: no column {name:?} in the result (columns: {:?})",
            column_names(df)
        ))
    })?;
    let s = c.str().map_err(|_| {
        Failure::new(format!(
            "{what}: column {name:?} should be text, found dtype {}",
            c.dtype()
        ))
    })?;
    Ok(s.iter().map(|v| v.map(str::to_string)).collect())
}

fn opt_nan(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

/// Days since 1970-01-01 of a proleptic Gregorian date, in closed form (the civil-from-days
/// inverse published by Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `"YYYY-MM-DD"` → (year, month, day).
fn ymd(text: &str) -> (i64, i64, i64) {
    let p: Vec<i64> = text
        .split('-')
        .map(|x| x.parse().expect("ISO date"))
        .collect();
    (p[0], p[1], p[2])
}

/// A monthly series as a frame with a real `Date` column (built from day numbers, so the
/// learner's `parse_dates` is not needed) and a numeric value column.
fn monthly_frame(
    t: &datasets::Table,
    date: &str,
    value: &str,
    idx: &[usize],
) -> Result<DataFrame, Failure> {
    let days: Vec<i32> = text_at(t, date, idx)
        .iter()
        .map(|d| {
            let (y, m, dd) = ymd(d.expect("dates are complete"));
            days_from_civil(y, m, dd) as i32
        })
        .collect();
    let dates = Column::new(date.into(), days)
        .cast(&DataType::Date)
        .expect("i32 → Date");
    let values = Column::new(value.into(), num_at(t, value, idx));
    Ok(DataFrame::new_infer_height(vec![dates, values]).expect("two columns"))
}

/// A random window of consecutive rows of a monthly series.
fn random_window(cx: &mut Ctx, n: usize, min_len: usize) -> Vec<usize> {
    let len = cx.usize_in(min_len..=n);
    let start = cx.usize_in(0..=n - len);
    (start..start + len).collect()
}

/// Expected output of a key join, row by row of the left input: for each left row (in
/// order) the right rows that match it.
fn naive_matches(
    left: &datasets::Table,
    left_idx: &[usize],
    right: &datasets::Table,
    right_idx: &[usize],
    keys: &[&str],
) -> Vec<Vec<usize>> {
    let right_keys: Vec<Vec<Option<&str>>> =
        keys.iter().map(|k| text_at(right, k, right_idx)).collect();
    let mut index: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    for r in 0..right_idx.len() {
        // A null key never matches.
        if let Some(key) = right_keys.iter().map(|k| k[r]).collect::<Option<Vec<_>>>() {
            index.entry(key).or_default().push(r);
        }
    }
    let left_keys: Vec<Vec<Option<&str>>> =
        keys.iter().map(|k| text_at(left, k, left_idx)).collect();
    (0..left_idx.len())
        .map(|l| {
            left_keys
                .iter()
                .map(|k| k[l])
                .collect::<Option<Vec<_>>>()
                .and_then(|key| index.get(&key).cloned())
                .unwrap_or_default()
        })
        .collect()
}

/// The row ids of a join result.
fn row_ids(df: &DataFrame, what: &str) -> Result<Vec<f64>, Failure> {
    floats(df, what, "row_id")
}

/// Pixels of exactly `colour` (plotters draws lines without antialiasing).
fn count_colour(img: &image::RgbImage, colour: charts_colour::Rgb) -> usize {
    img.pixels().filter(|p| p.0 == colour).count()
}

/// The first two colours of `charts::palette`, which `charts::line_chart` gives to the first
/// and second series (kept here as numbers: the checks do not depend on the charts crate).
mod charts_colour {
    pub type Rgb = [u8; 3];
    pub const FIRST: Rgb = [31, 119, 180];
    pub const SECOND: Rgb = [255, 127, 14];
}

/// Each line must cover more pixels than its 20-pixel legend sample does.
const MIN_LINE_PIXELS: usize = 300;

fn main() {
    harness::run(
        "04",
        vec![
            Check::new("inner_join/flights_airlines", DAY, |cx| {
                let (ft, at) = (
                    table("flights/flights_2013_01")?,
                    table("flights/airlines")?,
                );
                let fi = sample_rows(cx, ft.len(), 100..=3000);
                // Keep a random subset of the airlines, so that some flights lose their partner.
                let ai = sample_rows(cx, at.len(), 8..=at.len());
                let left = frame_rows("flights/flights_2013_01", &fi, true)?;
                let right = frame_rows("flights/airlines", &ai, false)?;
                let matches = naive_matches(&ft, &fi, &at, &ai, &["carrier"]);
                let names = text_at(&at, "name", &ai);
                let what = format!(
                    "inner_join({} flights, {} of the airlines, on carrier)",
                    fi.len(),
                    ai.len()
                );
                let got = expect_ok(&what, inner_join(&left, &right, &["carrier"]))?;
                let mut expected_cols = column_names(&left);
                expected_cols.push("name".into());
                // (left row, right row) pairs in the left order; carriers are unique in
                // `airlines`, so a flight has at most one partner and the order is fixed.
                let expected_rows: Vec<(usize, usize)> = (0..fi.len())
                    .flat_map(|l| matches[l].iter().map(move |&r| (l, r)))
                    .collect();
                expect_shape(
                    &what,
                    &[expected_rows.len(), expected_cols.len()],
                    &[got.height(), got.width()],
                )?;
                expect_eq(
                    &format!("{what}: column names"),
                    expected_cols,
                    column_names(&got),
                )?;
                expect_slice_close(
                    &format!("{what}: which flights are kept (row ids, in the left order)"),
                    &expected_rows
                        .iter()
                        .map(|&(l, _)| l as f64)
                        .collect::<Vec<_>>(),
                    &row_ids(&got, &what)?,
                    EXACT,
                )?;
                expect_eq(
                    &format!("{what}: the airline name of each kept flight"),
                    expected_rows
                        .iter()
                        .map(|&(_, r)| names[r].map(str::to_string))
                        .collect::<Vec<_>>(),
                    texts(&got, &what, "name")?,
                )
            }),
            Check::new("inner_join/flights_weather_two_keys", DAY, |cx| {
                let (ft, wt) = (
                    table("flights/flights_2013_01")?,
                    table("flights/weather_2013_01")?,
                );
                let fi = sample_rows(cx, ft.len(), 100..=3000);
                let wi = sample_rows(cx, wt.len(), 200..=wt.len());
                let left = frame_rows("flights/flights_2013_01", &fi, true)?;
                let right = frame_rows("flights/weather_2013_01", &wi, false)?;
                let keys = ["origin", "time_hour"];
                let matches = naive_matches(&ft, &fi, &wt, &wi, &keys);
                let temps = num_at(&wt, "temp", &wi);
                let what = format!(
                    "inner_join({} flights, {} weather hours, on {keys:?})",
                    fi.len(),
                    wi.len()
                );
                let got = expect_ok(&what, inner_join(&left, &right, &keys))?;
                let expected: Vec<(usize, usize)> = (0..fi.len())
                    .flat_map(|l| matches[l].iter().map(move |&r| (l, r)))
                    .collect();
                expect_eq(&format!("{what}: rows"), expected.len(), got.height())?;
                expect_slice_close(
                    &format!("{what}: which flights are kept (row ids, in the left order)"),
                    &expected.iter().map(|&(l, _)| l as f64).collect::<Vec<_>>(),
                    &row_ids(&got, &what)?,
                    EXACT,
                )?;
                expect_slice_close(
                    &format!("{what}: temperature joined to each flight"),
                    &expected
                        .iter()
                        .map(|&(_, r)| temps[r].unwrap_or(f64::NAN))
                        .collect::<Vec<_>>(),
                    &floats(&got, &what, "temp")?,
                    EXACT,
                )
            }),
            Check::new("inner_join/errors", DAY, |_| {
                let flights = frame("flights/flights_2013_01")?;
                let airlines = frame("flights/airlines")?;
                match expect_err("inner_join(flights, airlines, [\"tailnum\"]) (airlines has no tailnum)", inner_join(&flights, &airlines, &["tailnum"]))? {
                    TableError::NoColumn { side: "right", column, .. } if column == "tailnum" => Ok(()),
                    other => fail!("inner_join on \"tailnum\", missing from the right frame: expected TableError::NoColumn {{ side: \"right\", column: \"tailnum\", .. }}, got {other:?}"),
                }
            }),
            Check::new("left_join/flights_planes", DAY, |cx| {
                let (ft, pt) = (table("flights/flights_2013_01")?, table("flights/planes")?);
                let fi = sample_rows(cx, ft.len(), 100..=3000);
                let pi = sample_rows(cx, pt.len(), 500..=pt.len());
                let left = frame_rows("flights/flights_2013_01", &fi, true)?;
                let right = frame_rows("flights/planes", &pi, false)?;
                let matches = naive_matches(&ft, &fi, &pt, &pi, &["tailnum"]);
                let (seats, built) = (num_at(&pt, "seats", &pi), num_at(&pt, "year", &pi));
                let what = format!(
                    "left_join({} flights, {} planes, on tailnum)",
                    fi.len(),
                    pi.len()
                );
                let got = expect_ok(&what, left_join(&left, &right, &["tailnum"]))?;
                // (left row, right row or none) pairs in the left order; tail numbers are
                // unique in `planes`, so a flight has at most one partner.
                let expected_rows: Vec<(usize, Option<usize>)> = (0..fi.len())
                    .flat_map(|l| {
                        let partners: Vec<Option<usize>> = if matches[l].is_empty() {
                            vec![None]
                        } else {
                            matches[l].iter().map(|&r| Some(r)).collect()
                        };
                        partners.into_iter().map(move |r| (l, r))
                    })
                    .collect();
                let mut expected_cols = column_names(&left);
                for h in &pt.headers {
                    if h != "tailnum" {
                        expected_cols.push(if ft.headers.contains(h) {
                            format!("{h}_right")
                        } else {
                            h.clone()
                        });
                    }
                }
                expect_shape(
                    &what,
                    &[expected_rows.len(), expected_cols.len()],
                    &[got.height(), got.width()],
                )?;
                expect_eq(
                    &format!("{what}: column names (clashes get \"_right\")"),
                    expected_cols,
                    column_names(&got),
                )?;
                expect_slice_close(
                    &format!("{what}: row ids (every flight, in the left order)"),
                    &expected_rows
                        .iter()
                        .map(|&(l, _)| l as f64)
                        .collect::<Vec<_>>(),
                    &row_ids(&got, &what)?,
                    EXACT,
                )?;
                let joined = |v: &[Option<f64>]| -> Vec<f64> {
                    expected_rows
                        .iter()
                        .map(|&(_, r)| r.and_then(|r| v[r]).unwrap_or(f64::NAN))
                        .collect()
                };
                expect_slice_close(
                    &format!("{what}: seats (null where the plane is unknown)"),
                    &joined(&seats),
                    &floats(&got, &what, "seats")?,
                    EXACT,
                )?;
                expect_slice_close(
                    &format!("{what}: year_right (the plane's year)"),
                    &joined(&built),
                    &floats(&got, &what, "year_right")?,
                    EXACT,
                )
            }),
            Check::new("left_join/repeated_keys", DAY, |cx| {
                // Generated keys with repeats on both sides: a left row matching m right rows
                // appears m times (at least once).
                let n = cx.usize_in(5..=40);
                let m = cx.usize_in(3..=40);
                let letters = ["a", "b", "c", "d", "e", "f", "g", "h"];
                let lk: Vec<&str> = (0..n).map(|_| letters[cx.usize_in(0..=5)]).collect();
                let rk: Vec<&str> = (0..m).map(|_| letters[cx.usize_in(2..=7)]).collect();
                let left = DataFrame::new_infer_height(vec![
                    Column::new("k".into(), lk.clone()),
                    Column::new("row_id".into(), (0..n as u32).collect::<Vec<_>>()),
                ])
                .unwrap();
                let right = DataFrame::new_infer_height(vec![
                    Column::new("k".into(), rk.clone()),
                    Column::new(
                        "v".into(),
                        (0..m).map(|i| 100.0 + i as f64).collect::<Vec<_>>(),
                    ),
                ])
                .unwrap();
                let mut expected: Vec<(u32, Option<u32>)> = Vec::new();
                for (l, key) in lk.iter().enumerate() {
                    let partners: Vec<usize> = (0..m).filter(|&r| rk[r] == *key).collect();
                    if partners.is_empty() {
                        expected.push((l as u32, None));
                    }
                    expected.extend(partners.iter().map(|&r| (l as u32, Some(r as u32))));
                }
                let what = format!("left_join of {n} left keys {lk:?} with {m} right keys {rk:?}");
                let got = expect_ok(&what, left_join(&left, &right, &["k"]))?;
                expect_shape(&what, &[expected.len(), 3], &[got.height(), got.width()])?;
                let ids = row_ids(&got, &what)?;
                let vs = floats(&got, &what, "v")?;
                ensure(ids.windows(2).all(|w| w[0] <= w[1]), || {
                    format!("{what}: rows must keep the left order, got row ids {ids:?}")
                })?;
                let mut got_pairs: Vec<(u32, Option<u32>)> = ids
                    .iter()
                    .zip(&vs)
                    .map(|(&i, &v)| {
                        (
                            i as u32,
                            if v.is_nan() {
                                None
                            } else {
                                Some((v - 100.0) as u32)
                            },
                        )
                    })
                    .collect();
                got_pairs.sort();
                expected.sort();
                expect_eq(
                    &format!("{what}: (left row, right row) pairs"),
                    expected,
                    got_pairs,
                )
            }),
            Check::new("anti_join/flights_planes", DAY, |cx| {
                let (ft, pt) = (table("flights/flights_2013_01")?, table("flights/planes")?);
                let fi = sample_rows(cx, ft.len(), 100..=3000);
                let pi = sample_rows(cx, pt.len(), 500..=pt.len());
                let left = frame_rows("flights/flights_2013_01", &fi, true)?;
                let right = frame_rows("flights/planes", &pi, false)?;
                let known: HashSet<&str> =
                    text_at(&pt, "tailnum", &pi).into_iter().flatten().collect();
                let expected: Vec<f64> = text_at(&ft, "tailnum", &fi)
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.is_none_or(|t| !known.contains(t)))
                    .map(|(l, _)| l as f64)
                    .collect();
                let what = format!(
                    "anti_join({} flights, {} planes, on tailnum)",
                    fi.len(),
                    pi.len()
                );
                let got = expect_ok(&what, anti_join(&left, &right, &["tailnum"]))?;
                expect_shape(
                    &what,
                    &[expected.len(), left.width()],
                    &[got.height(), got.width()],
                )?;
                expect_eq(
                    &format!("{what}: column names (the left ones only)"),
                    column_names(&left),
                    column_names(&got),
                )?;
                expect_slice_close(
                    &format!("{what}: flights without a known plane (row ids; a null tail number counts as unknown)"),
                    &expected,
                    &row_ids(&got, &what)?,
                    EXACT,
                )
            }),
            Check::new("pivot_mean/origin_by_carrier", DAY, |cx| {
                let t = table("flights/flights_2013_01")?;
                let idx = sample_rows(cx, t.len(), 200..=t.len());
                let df = frame_rows("flights/flights_2013_01", &idx, false)?;
                let (index, columns, values) = *pick(
                    cx,
                    &[
                        ("origin", "carrier", "dep_delay"),
                        ("origin", "carrier", "arr_delay"),
                        ("carrier", "origin", "dep_delay"),
                        ("carrier", "origin", "distance"),
                        ("dest", "origin", "air_time"),
                    ],
                );
                let (rows, cols, vals) = (
                    text_at(&t, index, &idx),
                    text_at(&t, columns, &idx),
                    num_at(&t, values, &idx),
                );
                let mut cells: BTreeMap<(&str, &str), (f64, usize)> = BTreeMap::new();
                let (mut rl, mut cl) = (BTreeSet::new(), BTreeSet::new());
                for i in 0..idx.len() {
                    let (Some(r), Some(c)) = (rows[i], cols[i]) else {
                        continue;
                    };
                    rl.insert(r);
                    cl.insert(c);
                    let cell = cells.entry((r, c)).or_insert((0.0, 0));
                    if let Some(v) = vals[i] {
                        cell.0 += v;
                        cell.1 += 1;
                    }
                }
                let rl: Vec<&str> = rl.into_iter().collect();
                let cl: Vec<&str> = cl.into_iter().collect();
                let expected = ndarray::Array2::from_shape_fn((rl.len(), cl.len()), |(i, j)| {
                    match cells.get(&(rl[i], cl[j])) {
                        Some(&(s, n)) if n > 0 => s / n as f64,
                        _ => f64::NAN,
                    }
                });
                let what = format!("pivot_mean({} flights, index {index:?}, columns {columns:?}, values {values:?})", idx.len());
                let got = expect_ok(&what, pivot_mean(&df, index, columns, values))?;
                expect_eq(
                    &format!("{what}: row labels"),
                    rl.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    got.index.clone(),
                )?;
                expect_eq(
                    &format!("{what}: column labels"),
                    cl.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    got.columns.clone(),
                )?;
                expect_array_close(
                    &format!("{what}: cell means (NaN where a pair has no value)"),
                    &expected,
                    &got.values,
                    AGG,
                )
            }),
            Check::new("pivot_mean/errors", DAY, |_| {
                let df = frame("flights/flights_2013_01")?;
                match expect_err("pivot_mean(flights, \"origin\", \"carrier\", \"tailnum\") (text values)", pivot_mean(&df, "origin", "carrier", "tailnum"))? {
                    TableError::WrongType { column, .. } if column == "tailnum" => Ok(()),
                    other => fail!("pivot_mean with the text column \"tailnum\" as values: expected TableError::WrongType naming it, got {other:?}"),
                }
            }),
            Check::new("parse_dates/random_format", DAY, |cx| {
                let format = *pick(
                    cx,
                    &["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d"],
                );
                let n = cx.usize_in(5..=200);
                let mut text = Vec::new();
                let mut expected = Vec::new();
                for _ in 0..n {
                    if cx.rng.gen_bool(0.1) {
                        text.push(None);
                        expected.push(None);
                        continue;
                    }
                    let y = cx.usize_in(1900..=2100) as i64;
                    let m = cx.usize_in(1..=12) as i64;
                    let d = cx.usize_in(1..=days_in_month(y, m) as usize) as i64;
                    let s = format
                        .replace("%Y", &format!("{y:04}"))
                        .replace("%m", &format!("{m:02}"))
                        .replace("%d", &format!("{d:02}"));
                    text.push(Some(s));
                    expected.push(Some(days_from_civil(y, m, d) as f64));
                }
                let df = DataFrame::new_infer_height(vec![
                    Column::new("when".into(), text.clone()),
                    Column::new("row_id".into(), (0..n as u32).collect::<Vec<_>>()),
                ])
                .unwrap();
                let what = format!("parse_dates({n} dates, format {format:?})");
                let got = expect_ok(&what, parse_dates(&df, "when", format))?;
                expect_shape(&what, &[n, 2], &[got.height(), got.width()])?;
                let c = got
                    .column("when")
                    .map_err(|_| Failure::new(format!("{what}: the column \"when\" is gone")))?;
                expect_eq(
                    &format!("{what}: dtype of \"when\""),
                    DataType::Date,
                    c.dtype().clone(),
                )?;
                let days = floats(&got, &what, "when")?;
                if let Some(i) =
                    (0..n).find(|&i| !Tol::EXACT.accepts(opt_nan(&expected)[i], days[i]))
                {
                    fail!(
                        "{what}: row {i} ({:?}): expected day {:?} since 1970-01-01, got {}",
                        text[i],
                        expected[i],
                        days[i]
                    );
                }
                Ok(())
            }),
            Check::new("parse_dates/bad_date", DAY, |cx| {
                let n = cx.usize_in(2..=30);
                let bad_row = cx.usize_in(0..=n - 1);
                let bad = pick(
                    cx,
                    &[
                        "2021-02-30",
                        "2021-13-01",
                        "2021/01/05",
                        "yesterday",
                        "2021-1-",
                    ],
                )
                .to_string();
                let text: Vec<String> = (0..n)
                    .map(|i| {
                        if i == bad_row {
                            bad.clone()
                        } else {
                            format!("2020-{:02}-15", 1 + i % 12)
                        }
                    })
                    .collect();
                let df =
                    DataFrame::new_infer_height(vec![Column::new("when".into(), text)]).unwrap();
                let what =
                    format!("parse_dates with {bad:?} at row {bad_row}, format \"%Y-%m-%d\"");
                match expect_err(&what, parse_dates(&df, "when", "%Y-%m-%d"))? {
                    TableError::BadDate { column, row, value, .. } if column == "when" && row == bad_row && value == bad => Ok(()),
                    other => fail!("{what}: expected TableError::BadDate {{ column: \"when\", row: {bad_row}, value: {bad:?}, .. }}, got {other:?}"),
                }
            }),
            Check::new("resample_yearly/random_window", DAY, |cx| {
                let (name, date, value) = *pick(
                    cx,
                    &[
                        ("air_passengers", "month", "passengers"),
                        ("economics", "date", "pce"),
                        ("economics", "date", "unemploy"),
                        ("economics", "date", "psavert"),
                        ("economics", "date", "uempmed"),
                    ],
                );
                let t = table(name)?;
                let idx = random_window(cx, t.len(), 13);
                let agg = *pick(cx, &[Agg::Sum, Agg::Mean]);
                let df = monthly_frame(&t, date, value, &idx)?;
                let mut years: BTreeMap<i64, (f64, usize)> = BTreeMap::new();
                for (d, v) in text_at(&t, date, &idx).iter().zip(num_at(&t, value, &idx)) {
                    let y = years.entry(ymd(d.unwrap()).0).or_insert((0.0, 0));
                    if let Some(v) = v {
                        y.0 += v;
                        y.1 += 1;
                    }
                }
                let what = format!(
                    "resample_yearly({name}, {} months from {}, {value:?}, {agg:?})",
                    idx.len(),
                    text_at(&t, date, &idx)[0].unwrap()
                );
                let got = expect_ok(&what, resample_yearly(&df, date, value, agg))?;
                expect_eq(
                    &format!("{what}: years"),
                    years.keys().map(|&y| y as i32).collect::<Vec<_>>(),
                    got.iter().map(|g| g.0).collect(),
                )?;
                let expected: Vec<f64> = years
                    .values()
                    .map(|&(s, n)| match agg {
                        Agg::Sum => s,
                        Agg::Mean => s / n as f64,
                    })
                    .collect();
                expect_slice_close(
                    &format!("{what}: yearly values"),
                    &expected,
                    &got.iter().map(|g| g.1).collect::<Vec<_>>(),
                    AGG,
                )
            }),
            Check::new("resample_yearly/errors", DAY, |_| {
                let df = frame("air_passengers")?;
                match expect_err("resample_yearly(air_passengers, \"month\", …) before parsing the dates", resample_yearly(&df, "month", "passengers", Agg::Sum))? {
                    TableError::WrongType { column, .. } if column == "month" => Ok(()),
                    other => fail!("resample_yearly on the text column \"month\": expected TableError::WrongType naming it, got {other:?}"),
                }
            }),
            Check::new("rolling_mean/random", DAY, |cx| {
                let (name, date, value) = *pick(
                    cx,
                    &[
                        ("air_passengers", "month", "passengers"),
                        ("economics", "date", "pce"),
                        ("economics", "date", "unemploy"),
                        ("economics", "date", "psavert"),
                    ],
                );
                let t = table(name)?;
                let idx = random_window(cx, t.len(), 2);
                let window = cx.usize_in(1..=idx.len().min(24));
                let df = monthly_frame(&t, date, value, &idx)?;
                let x: Vec<f64> = num_at(&t, value, &idx)
                    .into_iter()
                    .map(|v| v.unwrap())
                    .collect();
                let expected: Vec<f64> = (0..x.len())
                    .map(|i| {
                        if i + 1 < window {
                            f64::NAN
                        } else {
                            x[i + 1 - window..=i].iter().sum::<f64>() / window as f64
                        }
                    })
                    .collect();
                let what = format!(
                    "rolling_mean({} months of {name}.{value}, window {window})",
                    idx.len()
                );
                let got = expect_ok(&what, rolling_mean(&df, value, window))?;
                expect_shape(&what, &[idx.len(), 3], &[got.height(), got.width()])?;
                let name = format!("{value}_mean{window}");
                expect_slice_close(
                    &format!("{what}: column {name:?} (null until the first full window)"),
                    &expected,
                    &floats(&got, &what, &name)?,
                    AGG,
                )
            }),
            Check::new("rolling_mean/window_longer_than_series", DAY, |cx| {
                // No full window ever: every value of the new column is null.
                let t = table("air_passengers")?;
                let idx = random_window(cx, 24, 1);
                let window = idx.len() + cx.usize_in(1..=5);
                let df = monthly_frame(&t, "month", "passengers", &idx)?;
                let what = format!(
                    "rolling_mean({} months of air_passengers, window {window})",
                    idx.len()
                );
                let got = expect_ok(&what, rolling_mean(&df, "passengers", window))?;
                let name = format!("passengers_mean{window}");
                expect_slice_close(
                    &format!("{what}: column {name:?} (all null: no full window)"),
                    &vec![f64::NAN; idx.len()],
                    &floats(&got, &what, &name)?,
                    EXACT,
                )
            }),
            Check::new("rolling_mean/zero_window", DAY, |_| {
                let df = frame("air_passengers")?;
                match expect_err("rolling_mean(air_passengers, \"passengers\", 0)", rolling_mean(&df, "passengers", 0))? {
                    TableError::BadWindow(0) => Ok(()),
                    other => fail!("rolling_mean with window 0: expected TableError::BadWindow(0), got {other:?}"),
                }
            }),
            Check::new("add_lag/random", DAY, |cx| {
                let (name, date, value) = *pick(
                    cx,
                    &[
                        ("air_passengers", "month", "passengers"),
                        ("economics", "date", "pce"),
                        ("economics", "date", "pop"),
                        ("economics", "date", "unemploy"),
                    ],
                );
                let t = table(name)?;
                let idx = random_window(cx, t.len(), 2);
                let lag = *pick(cx, &[1, 1, 3, 12]);
                let lag = lag.min(idx.len());
                let df = monthly_frame(&t, date, value, &idx)?;
                let x: Vec<f64> = num_at(&t, value, &idx)
                    .into_iter()
                    .map(|v| v.unwrap())
                    .collect();
                let lagged: Vec<f64> = (0..x.len())
                    .map(|i| if i < lag { f64::NAN } else { x[i - lag] })
                    .collect();
                let pct: Vec<f64> = (0..x.len())
                    .map(|i| {
                        if i < lag {
                            f64::NAN
                        } else {
                            (x[i] - x[i - lag]) / x[i - lag]
                        }
                    })
                    .collect();
                let what = format!("add_lag({} months of {name}.{value}, lag {lag})", idx.len());
                let got = expect_ok(&what, add_lag(&df, value, lag))?;
                expect_shape(&what, &[idx.len(), 4], &[got.height(), got.width()])?;
                expect_slice_close(
                    &format!("{what}: column \"{value}_lag{lag}\""),
                    &lagged,
                    &floats(&got, &what, &format!("{value}_lag{lag}"))?,
                    EXACT,
                )?;
                expect_slice_close(
                    &format!("{what}: column \"{value}_pct{lag}\""),
                    &pct,
                    &floats(&got, &what, &format!("{value}_pct{lag}"))?,
                    RATIO,
                )
            }),
            Check::new("add_lag/errors", DAY, |_| {
                let df = frame("economics")?;
                match expect_err("add_lag(economics, \"date\", 1) (a text column)", add_lag(&df, "date", 1))? {
                    TableError::WrongType { column, .. } if column == "date" => {}
                    other => fail!("add_lag on the text column \"date\": expected TableError::WrongType naming it, got {other:?}"),
                }
                match expect_err("add_lag(economics, \"pce\", 0)", add_lag(&df, "pce", 0))? {
                    TableError::BadWindow(0) => Ok(()),
                    other => fail!(
                        "add_lag with lag 0: expected TableError::BadWindow(0), got {other:?}"
                    ),
                }
            }),
            Check::new("plot_trend/png", DAY, |cx| {
                let (name, date, value) = *pick(
                    cx,
                    &[
                        ("air_passengers", "month", "passengers"),
                        ("economics", "date", "unemploy"),
                        ("economics", "date", "psavert"),
                    ],
                );
                let t = table(name)?;
                let idx = random_window(cx, t.len(), 48);
                let window = cx.usize_in(3..=12);
                let df = monthly_frame(&t, date, value, &idx)?;
                let path = cx.plot_path("trend.png");
                let _ = std::fs::remove_file(&path);
                let what = format!(
                    "plot_trend({} months of {name}.{value}, window {window}) to {}",
                    idx.len(),
                    path.display()
                );
                expect_ok(&what, plot_trend(&df, date, value, window, &path))?;
                let img = image::open(&path)
                    .map_err(|e| {
                        Failure::new(format!("{what}: cannot decode the file as a PNG: {e}"))
                    })?
                    .to_rgb8();
                expect_eq(
                    &format!("{what}: PNG size (width, height)"),
                    (800, 500),
                    img.dimensions(),
                )?;
                let (first, second) = (
                    count_colour(&img, charts_colour::FIRST),
                    count_colour(&img, charts_colour::SECOND),
                );
                ensure(
                    first >= MIN_LINE_PIXELS && second >= MIN_LINE_PIXELS,
                    || {
                        format!("{what}: expected two drawn lines (the series, then its rolling mean) of at least {MIN_LINE_PIXELS} pixels each in the first two palette colours, found {first} and {second} pixels")
                    },
                )
            }),
            Check::new("plot_trend/svg_names", DAY, |cx| {
                let t = table("air_passengers")?;
                let idx = random_window(cx, t.len(), 36);
                let window = cx.usize_in(2..=12);
                let df = monthly_frame(&t, "month", "passengers", &idx)?;
                let path = cx.plot_path("trend.svg");
                let _ = std::fs::remove_file(&path);
                let what = format!(
                    "plot_trend({} months of air_passengers, window {window}) to {}",
                    idx.len(),
                    path.display()
                );
                expect_ok(&what, plot_trend(&df, "month", "passengers", window, &path))?;
                let svg = std::fs::read_to_string(&path)
                    .map_err(|e| Failure::new(format!("{what}: cannot read the SVG: {e}")))?;
                ensure(
                    svg.trim_start().starts_with("<svg") || svg.contains("<svg "),
                    || format!("{what}: the file is not an SVG"),
                )?;
                let mean_name = format!("passengers ({window}-month mean)");
                ensure(svg.contains(&mean_name), || {
                    format!("{what}: the legend should name the second series {mean_name:?}")
                })?;
                let lines = svg.matches("<polyline").count();
                ensure(lines >= 2, || {
                    format!(
                        "{what}: expected at least two lines (<polyline> elements), found {lines}"
                    )
                })
            }),
            Check::new("plot_trend/errors", DAY, |cx| {
                let df = frame("air_passengers")?;
                let path = cx.plot_path("trend_error.png");
                match expect_err("plot_trend with the text column \"month\" as dates", plot_trend(&df, "month", "passengers", 12, &path))? {
                    TableError::WrongType { column, .. } if column == "month" => Ok(()),
                    other => fail!("plot_trend on the unparsed text column \"month\": expected TableError::WrongType naming it, got {other:?}"),
                }
            }),
        ],
    );
}
