//! Hidden checks for chapter 05 (cleaning). Inputs are random samples of the shipped data
//! sets, or messy text generated here from clean values; expected values come from plain
//! loops over `datasets::table` rows (sorting for medians and quantiles, hash maps for
//! groups), never from the reference solution.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use cleaning::*;
use harness::prelude::*;
use polars::prelude::{Column, DataFrame, DataType, IdxCa, IdxSize};
use rand::seq::SliceRandom;
use rand::Rng;

const DAY: &[&str] = &["W5 D3-4"];

/// Copied values and counts.
const EXACT: Tol = Tol::EXACT;
/// A median is `(a + b) / 2` here and `a + (b − a) · 0.5` in a quantile routine: the two
/// roundings can differ in the last bit.
const MEDIAN: Tol = Tol::new(1e-12, 1e-12);
/// A percentage is one division and one product.
const PERCENT: Tol = Tol::new(1e-12, 1e-12);
/// A value this close (relative) to a fence or to the z threshold may fall on either side
/// through rounding alone; its flag is not judged.
const BORDER: f64 = 1e-9;

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

/// Rows `idx` (repeats allowed) of data set `name` as a polars frame.
fn frame_rows(name: &str, idx: &[usize]) -> Result<DataFrame, Failure> {
    let take = IdxCa::from_vec("rows".into(), idx.iter().map(|&i| i as IdxSize).collect());
    frame(name)?
        .take(&take)
        .map_err(|e| Failure::new(format!("sampling rows of {name}: {e}")))
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

fn nan_filled(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

fn pick<'a, T>(cx: &mut Ctx, items: &'a [T]) -> &'a T {
    items.choose(&mut cx.rng).expect("non-empty choice")
}

/// Median of the known values by sorting: the middle one, or the mean of the two middle ones.
fn naive_median(values: &[Option<f64>]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The `p`-quantile of sorted values, linear interpolation between closest ranks.
fn naive_quantile(sorted: &[f64], p: f64) -> f64 {
    let h = p * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Column `name` of a frame the learner returned, as floats (NaN for null).
fn result_floats(df: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<f64>>, Failure> {
    let c = df
        .column(name)
        .map_err(|_| Failure::new(format!("{what}: no column {name:?} in the result")))?;
    if c.dtype() != &DataType::Float64 {
        fail!(
            "{what}: column {name:?} should now be f64, found dtype {}",
            c.dtype()
        );
    }
    Ok(c.f64().expect("f64").iter().collect())
}

fn result_texts(df: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<String>>, Failure> {
    let c = df
        .column(name)
        .map_err(|_| Failure::new(format!("{what}: no column {name:?} in the result")))?;
    let s = c.str().map_err(|_| {
        Failure::new(format!(
            "{what}: column {name:?} should be text, found dtype {}",
            c.dtype()
        ))
    })?;
    Ok(s.iter().map(|v| v.map(str::to_string)).collect())
}

fn column_names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// The properties of an imputation: same shape and names, no nulls left, every known value
/// unchanged, and each filled value equal to `fill(row)`.
fn check_imputed(
    what: &str,
    input: &DataFrame,
    got: &DataFrame,
    column: &str,
    original: &[Option<f64>],
    fill: impl Fn(usize) -> f64,
) -> CheckResult {
    expect_shape(
        what,
        &[input.height(), input.width()],
        &[got.height(), got.width()],
    )?;
    expect_eq(
        &format!("{what}: column names"),
        column_names(input),
        column_names(got),
    )?;
    let values = result_floats(got, what, column)?;
    let nulls = values.iter().filter(|v| v.is_none()).count();
    ensure(nulls == 0, || {
        format!("{what}: {column:?} still has {nulls} nulls")
    })?;
    let values: Vec<f64> = values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    let known: Vec<usize> = (0..original.len())
        .filter(|&i| original[i].is_some())
        .collect();
    expect_slice_close(
        &format!(
            "{what}: the {} known values of {column:?} (must be unchanged)",
            known.len()
        ),
        &known
            .iter()
            .map(|&i| original[i].unwrap())
            .collect::<Vec<_>>(),
        &known.iter().map(|&i| values[i]).collect::<Vec<_>>(),
        EXACT,
    )?;
    let missing: Vec<usize> = (0..original.len())
        .filter(|&i| original[i].is_none())
        .collect();
    expect_slice_close(
        &format!("{what}: the {} filled values of {column:?}", missing.len()),
        &missing.iter().map(|&i| fill(i)).collect::<Vec<_>>(),
        &missing.iter().map(|&i| values[i]).collect::<Vec<_>>(),
        MEDIAN,
    )
}

/// Format a number the way people type it into spreadsheets: maybe a `$`, maybe thousands
/// separators, maybe surrounding spaces.
fn messy_number(cx: &mut Ctx, v: f64) -> String {
    let plain = format!("{v}");
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain.as_str(), ""), |(a, b)| (a, b));
    let mut text = if cx.rng.gen_bool(0.5) && int.len() > 3 {
        let digits: Vec<char> = int.chars().collect();
        let mut grouped = String::new();
        for (i, d) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(*d);
        }
        grouped
    } else {
        int.to_string()
    };
    if !frac.is_empty() {
        text = format!("{text}.{frac}");
    }
    if cx.rng.gen_bool(0.4) {
        text = format!("${text}");
    }
    let pad = |cx: &mut Ctx| " ".repeat(cx.usize_in(0..=2));
    format!("{}{text}{}", pad(cx), pad(cx))
}

/// Scramble case and whitespace of a clean phrase.
fn messy_text(cx: &mut Ctx, clean: &str) -> String {
    let gaps = [" ", "  ", "\t", " \t ", "   "];
    let words: Vec<String> = clean
        .split(' ')
        .map(|w| {
            w.chars()
                .map(|c| {
                    if cx.rng.gen_bool(0.5) {
                        c.to_uppercase().collect::<String>()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        })
        .collect();
    let mut out = pick(cx, &["", " ", "  ", "\t"]).to_string();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(*pick(cx, &gaps));
        }
        out.push_str(w);
    }
    out.push_str(*pick(cx, &["", " ", "   ", "\n"]));
    out
}

/// Compare outlier flags, skipping rows whose score is within `BORDER` of the cut.
fn check_flags(what: &str, expected: &[(bool, bool)], got: &[bool]) -> CheckResult {
    expect_eq(
        &format!("{what}: number of flags (one per row)"),
        expected.len(),
        got.len(),
    )?;
    let wrong: Vec<usize> = (0..got.len())
        .filter(|&i| !expected[i].1 && expected[i].0 != got[i])
        .collect();
    ensure(wrong.is_empty(), || {
        let i = wrong[0];
        format!(
            "{what}: row {i}: expected {}, got {} ({} rows wrong; {} expected outliers in all)",
            expected[i].0,
            got[i],
            wrong.len(),
            expected.iter().filter(|e| e.0).count()
        )
    })
}

fn main() {
    harness::run(
        "05",
        vec![
            Check::new("missing_report/random_sample", DAY, |cx| {
                let name = *pick(
                    cx,
                    &[
                        "titanic",
                        "ames_housing",
                        "txhousing",
                        "penguins",
                        "flights/flights_2013_01",
                        "flights/weather_2013_01",
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 30..=3000);
                let df = frame_rows(name, &idx)?;
                let mut expected: Vec<(String, usize)> = t
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.clone(),
                            text_at(&t, h, &idx).iter().filter(|v| v.is_none()).count(),
                        )
                    })
                    .filter(|(_, n)| *n > 0)
                    .collect();
                expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let got = missing_report(&df);
                let what = format!("missing_report of {} random rows of {name}", idx.len());
                expect_eq(
                    &format!("{what}: (column, missing), most missing first"),
                    expected.clone(),
                    got.iter().map(|r| (r.column.clone(), r.missing)).collect(),
                )?;
                expect_slice_close(
                    &format!("{what}: percent per column"),
                    &expected
                        .iter()
                        .map(|e| 100.0 * e.1 as f64 / idx.len() as f64)
                        .collect::<Vec<_>>(),
                    &got.iter().map(|r| r.percent).collect::<Vec<_>>(),
                    PERCENT,
                )
            }),
            Check::new("missing_report/complete_data", DAY, |cx| {
                // economics has no empty field: the report must be empty, not a list of zeros.
                let t = table("economics")?;
                let idx = sample_rows(cx, t.len(), 1..=t.len());
                let complete = t
                    .headers
                    .iter()
                    .all(|h| text_at(&t, h, &idx).iter().all(Option::is_some));
                ensure(complete, || {
                    "economics was expected to have no empty field".into()
                })?;
                let df = frame_rows("economics", &idx)?;
                let got = missing_report(&df);
                ensure(got.is_empty(), || {
                    format!("missing_report of {} rows of economics (no nulls): expected no rows, got {got:?}", idx.len())
                })
            }),
            Check::new("fill_median/random_sample", DAY, |cx| {
                let (name, column) = *pick(
                    cx,
                    &[
                        ("titanic", "age"),
                        ("txhousing", "sales"),
                        ("txhousing", "median"),
                        ("txhousing", "inventory"),
                        ("penguins", "body_mass_g"),
                        ("flights/weather_2013_01", "pressure"),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 20..=2000);
                let original = num_at(&t, column, &idx);
                if original.iter().all(Option::is_none) {
                    return Ok(()); // nothing to impute from in this sample (vanishingly rare)
                }
                let median = naive_median(&original).unwrap();
                let df = frame_rows(name, &idx)?;
                let what = format!("fill_median({} rows of {name}, {column:?})", idx.len());
                let got = expect_ok(&what, fill_median(&df, column))?;
                check_imputed(&what, &df, &got, column, &original, |_| median)
            }),
            Check::new("fill_median/errors", DAY, |_| {
                let df = frame("titanic")?;
                match expect_err("fill_median(titanic, \"sex\") (a text column)", fill_median(&df, "sex"))? {
                    CleanError::WrongType { column, .. } if column == "sex" => {}
                    other => fail!("fill_median(titanic, \"sex\"): expected CleanError::WrongType naming \"sex\", got {other:?}"),
                }
                let empty =
                    DataFrame::new_infer_height(vec![Column::new("x".into(), [None::<f64>, None])])
                        .unwrap();
                match expect_err("fill_median of a column with only nulls", fill_median(&empty, "x"))? {
                    CleanError::AllMissing { column } if column == "x" => Ok(()),
                    other => fail!("fill_median of an all-null column: expected CleanError::AllMissing naming \"x\", got {other:?}"),
                }
            }),
            Check::new("fill_group_median/titanic_age", DAY, |cx| {
                let t = table("titanic")?;
                let idx = sample_rows(cx, t.len(), 40..=1309);
                let by = ["pclass", "sex"];
                check_group_median(&t, "titanic", &idx, "age", &by)
            }),
            Check::new("fill_group_median/random", DAY, |cx| {
                let (name, column, by): (&str, &str, &[&str]) = *pick(
                    cx,
                    &[
                        ("txhousing", "median", &["city"][..]),
                        ("txhousing", "listings", &["city", "year"][..]),
                        ("penguins", "body_mass_g", &["species", "island"][..]),
                        ("titanic", "age", &["pclass", "parch"][..]),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 20..=3000);
                check_group_median(&t, name, &idx, column, by)
            }),
            Check::new("fill_group_median/errors", DAY, |_| {
                let df = frame("penguins")?;
                let t = table("penguins")?;
                let sex_nulls = t
                    .column("sex")
                    .unwrap()
                    .iter()
                    .filter(|v| v.is_none())
                    .count();
                match expect_err("fill_group_median(penguins, \"body_mass_g\", [\"sex\"]) (sex has nulls)", fill_group_median(&df, "body_mass_g", &["sex"]))? {
                    CleanError::NullKey { column, nulls } if column == "sex" && nulls == sex_nulls => Ok(()),
                    other => fail!("grouping penguins by \"sex\", which has {sex_nulls} nulls: expected CleanError::NullKey {{ column: \"sex\", nulls: {sex_nulls} }}, got {other:?}"),
                }
            }),
            Check::new("fill_group_mode/random", DAY, |cx| {
                let (name, column, by): (&str, &str, &[&str]) = *pick(
                    cx,
                    &[
                        ("penguins", "sex", &["species"][..]),
                        ("penguins", "sex", &["species", "island"][..]),
                        ("ames_housing", "Mas_Vnr_Type", &["Neighborhood"][..]),
                        (
                            "ames_housing",
                            "Mas_Vnr_Type",
                            &["Bldg_Type", "Foundation"][..],
                        ),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 30..=3000);
                let values = text_at(&t, column, &idx);
                if values.iter().all(Option::is_none) {
                    return Ok(()); // nothing to impute from in this sample (vanishingly rare)
                }
                let keys: Vec<Vec<Option<&str>>> =
                    by.iter().map(|k| text_at(&t, k, &idx)).collect();
                let key_of = |i: usize| keys.iter().map(|k| k[i]).collect::<Vec<_>>();
                let mode = |counts: &HashMap<&str, usize>| {
                    let mut v: Vec<(&str, usize)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
                    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                    v[0].0.to_string()
                };
                let mut groups: HashMap<Vec<Option<&str>>, HashMap<&str, usize>> = HashMap::new();
                let mut all: HashMap<&str, usize> = HashMap::new();
                for (i, v) in values.iter().enumerate() {
                    if let Some(v) = v {
                        *groups.entry(key_of(i)).or_default().entry(v).or_default() += 1;
                        *all.entry(v).or_default() += 1;
                    }
                }
                let global = mode(&all);
                let expected: Vec<Option<String>> = (0..idx.len())
                    .map(|i| {
                        Some(match values[i] {
                            Some(v) => v.to_string(),
                            None => groups
                                .get(&key_of(i))
                                .map(&mode)
                                .unwrap_or_else(|| global.clone()),
                        })
                    })
                    .collect();
                let df = frame_rows(name, &idx)?;
                let what = format!(
                    "fill_group_mode({} rows of {name}, {column:?}, by {by:?})",
                    idx.len()
                );
                let got = expect_ok(&what, fill_group_mode(&df, column, by))?;
                expect_shape(
                    &what,
                    &[df.height(), df.width()],
                    &[got.height(), got.width()],
                )?;
                expect_eq(
                    &format!("{what}: column names"),
                    column_names(&df),
                    column_names(&got),
                )?;
                let got_values = result_texts(&got, &what, column)?;
                match (0..expected.len()).find(|&i| expected[i] != got_values[i]) {
                    None => Ok(()),
                    Some(i) => fail!(
                        "{what}: row {i} (group {:?}, originally {:?}): expected {:?}, got {:?}",
                        key_of(i),
                        values[i],
                        expected[i],
                        got_values[i]
                    ),
                }
            }),
            Check::new("parse_numbers/messy_prices", DAY, |cx| {
                let (name, column) = *pick(
                    cx,
                    &[
                        ("ames_housing", "Sale_Price"),
                        ("ames_housing", "Lot_Area"),
                        ("txhousing", "median"),
                        ("txhousing", "volume"),
                        ("penguins", "bill_length_mm"),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 10..=500);
                let clean = num_at(&t, column, &idx);
                let mut expected = Vec::new();
                let mut messy: Vec<Option<String>> = Vec::new();
                for v in &clean {
                    let roll = cx.f64_in(0.0, 1.0);
                    if roll < 0.05 {
                        messy.push(None);
                        expected.push(None);
                    } else if roll < 0.15 || v.is_none() {
                        let marker = *pick(cx, &["", "NA", "n/a", "N/A", "null", " - ", "?", "  "]);
                        messy.push(Some(marker.to_string()));
                        expected.push(None);
                    } else {
                        messy.push(Some(messy_number(cx, v.unwrap())));
                        expected.push(*v);
                    }
                }
                let other: Vec<u32> = (0..idx.len() as u32).collect();
                let df = DataFrame::new_infer_height(vec![
                    Column::new("id".into(), other),
                    Column::new(column.into(), messy.clone()),
                ])
                .unwrap();
                let what = format!(
                    "parse_numbers on {} messy values of {name}.{column}",
                    idx.len()
                );
                let got = expect_ok(&what, parse_numbers(&df, column))?;
                expect_shape(&what, &[df.height(), 2], &[got.height(), got.width()])?;
                let values = result_floats(&got, &what, column)?;
                if let Some(i) =
                    (0..expected.len()).find(|&i| expected[i].is_some() != values[i].is_some())
                {
                    fail!(
                        "{what}: row {i} ({:?}): expected {:?}, got {:?}",
                        messy[i],
                        expected[i],
                        values[i]
                    );
                }
                expect_slice_close(&what, &nan_filled(&expected), &nan_filled(&values), EXACT)
            }),
            Check::new("parse_numbers/bad_value", DAY, |cx| {
                let n = cx.usize_in(3..=40);
                let bad_row = cx.usize_in(0..=n - 1);
                let bad = pick(cx, &["12abc", "1.2.3", "$$5", "five", "4 200"]).to_string();
                let values: Vec<Option<String>> = (0..n)
                    .map(|i| {
                        Some(if i == bad_row {
                            bad.clone()
                        } else {
                            format!("{}", i * 7)
                        })
                    })
                    .collect();
                let df = DataFrame::new_infer_height(vec![Column::new("amount".into(), values)])
                    .unwrap();
                let what = format!("parse_numbers with {bad:?} at row {bad_row}");
                match expect_err(&what, parse_numbers(&df, "amount"))? {
                    CleanError::BadNumber { column, row, value } if column == "amount" && row == bad_row && value == bad => Ok(()),
                    other => fail!("{what}: expected CleanError::BadNumber {{ column: \"amount\", row: {bad_row}, value: {bad:?} }}, got {other:?}"),
                }
            }),
            Check::new("normalize_text/messy_categories", DAY, |cx| {
                let (name, column) = *pick(
                    cx,
                    &[
                        ("telco_churn", "payment_method"),
                        ("telco_churn", "multiple_lines"),
                        ("flights/airlines", "name"),
                        ("flights/planes", "type"),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 5..=300);
                let clean = text_at(&t, column, &idx);
                let mut messy = Vec::new();
                let mut expected = Vec::new();
                for v in clean {
                    match v {
                        Some(v) if cx.rng.gen_bool(0.92) => {
                            messy.push(Some(messy_text(cx, v)));
                            expected.push(Some(v.to_lowercase()));
                        }
                        _ => {
                            messy.push(None);
                            expected.push(None);
                        }
                    }
                }
                let df =
                    DataFrame::new_infer_height(vec![Column::new(column.into(), messy.clone())])
                        .unwrap();
                let what = format!(
                    "normalize_text on {} messy values of {name}.{column}",
                    idx.len()
                );
                let got = expect_ok(&what, normalize_text(&df, column))?;
                expect_shape(&what, &[df.height(), 1], &[got.height(), got.width()])?;
                let got = result_texts(&got, &what, column)?;
                match (0..expected.len()).find(|&i| expected[i] != got[i]) {
                    None => Ok(()),
                    Some(i) => fail!(
                        "{what}: row {i}, from {:?}: expected {:?}, got {:?}",
                        messy[i],
                        expected[i],
                        got[i]
                    ),
                }
            }),
            Check::new("drop_duplicates/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "titanic"]);
                let t = table(name)?;
                // Draw rows with replacement from a small pool, so that duplicates abound.
                let pool = sample_rows(cx, t.len(), 5..=60);
                let n = cx.usize_in(10..=200);
                let idx: Vec<usize> = (0..n).map(|_| *pick(cx, &pool)).collect();
                let mut columns = t.headers.clone();
                columns.shuffle(&mut cx.rng);
                columns.truncate(cx.usize_in(1..=t.headers.len()));
                let subset: Vec<&str> = columns.iter().map(String::as_str).collect();
                let mut df = frame_rows(name, &idx)?;
                df.with_column(Column::new(
                    "row_id".into(),
                    (0..n as u32).collect::<Vec<_>>(),
                ))
                .expect("add row ids");
                let keys: Vec<Vec<Option<&str>>> =
                    subset.iter().map(|c| text_at(&t, c, &idx)).collect();
                let mut seen = HashSet::new();
                let expected: Vec<f64> = (0..n)
                    .filter(|&i| seen.insert(keys.iter().map(|k| k[i]).collect::<Vec<_>>()))
                    .map(|i| i as f64)
                    .collect();
                let what =
                    format!("drop_duplicates({n} rows of {name} with repeats, subset {subset:?})");
                let got = expect_ok(&what, drop_duplicates(&df, &subset))?;
                expect_shape(
                    &what,
                    &[expected.len(), df.width()],
                    &[got.height(), got.width()],
                )?;
                let ids = got
                    .column("row_id")
                    .map_err(|_| Failure::new(format!("{what}: the column \"row_id\" is gone")))?
                    .cast(&DataType::Float64)
                    .expect("row ids are numbers");
                let ids: Vec<f64> = ids
                    .f64()
                    .unwrap()
                    .iter()
                    .map(|v| v.unwrap_or(f64::NAN))
                    .collect();
                expect_slice_close(
                    &format!(
                        "{what}: input positions of the kept rows (first occurrences, in order)"
                    ),
                    &expected,
                    &ids,
                    EXACT,
                )
            }),
            Check::new("drop_duplicates/errors", DAY, |_| {
                let df = frame("penguins")?;
                match expect_err("drop_duplicates(penguins, [\"species\", \"colour\"])", drop_duplicates(&df, &["species", "colour"]))? {
                    CleanError::NoColumn { column, .. } if column == "colour" => Ok(()),
                    other => fail!("drop_duplicates with the unknown column \"colour\": expected CleanError::NoColumn naming it, got {other:?}"),
                }
            }),
            Check::new("iqr_outliers/random", DAY, |cx| {
                let (name, column) = *pick(
                    cx,
                    &[
                        ("ames_housing", "Sale_Price"),
                        ("ames_housing", "Lot_Area"),
                        ("ames_housing", "Gr_Liv_Area"),
                        ("txhousing", "volume"),
                        ("txhousing", "median"),
                        ("titanic", "age"),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 10..=3000);
                let values = num_at(&t, column, &idx);
                let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
                if sorted.len() < 2 {
                    return Ok(()); // too few known values in this sample (vanishingly rare)
                }
                sorted.sort_by(f64::total_cmp);
                let k = cx.f64_in(1.0, 3.0);
                let (q1, q3) = (naive_quantile(&sorted, 0.25), naive_quantile(&sorted, 0.75));
                let (lo, hi) = (q1 - k * (q3 - q1), q3 + k * (q3 - q1));
                let near = |x: f64, fence: f64| (x - fence).abs() <= BORDER * fence.abs().max(1.0);
                let expected: Vec<(bool, bool)> = values
                    .iter()
                    .map(|v| match v {
                        None => (false, false),
                        Some(x) => (*x < lo || *x > hi, near(*x, lo) || near(*x, hi)),
                    })
                    .collect();
                let df = frame_rows(name, &idx)?;
                let what = format!("iqr_outliers({} rows of {name}, {column:?}, k = {k:.4}; fences {lo:.4} and {hi:.4})", idx.len());
                let got = expect_ok(&what, iqr_outliers(&df, column, k))?;
                check_flags(&what, &expected, &got)
            }),
            Check::new("iqr_outliers/tukey_example", DAY, |cx| {
                // 1..=n plus one far value: Q1, Q3 and the fences are known in closed form.
                let n = cx.usize_in(8..=40);
                let mut v: Vec<f64> = (1..=n).map(|i| i as f64).collect();
                let far = 10.0 * n as f64;
                let at = cx.usize_in(0..=n);
                v.insert(at, far);
                let df = DataFrame::new_infer_height(vec![Column::new("x".into(), v)]).unwrap();
                let expected: Vec<bool> = (0..=n).map(|i| i == at).collect();
                expect_eq(
                    &format!("iqr_outliers(1..={n} with {far} inserted at row {at}, 1.5)"),
                    expected,
                    expect_ok("iqr_outliers", iqr_outliers(&df, "x", 1.5))?,
                )
            }),
            Check::new("zscore_outliers/random", DAY, |cx| {
                let (name, column) = *pick(
                    cx,
                    &[
                        ("ames_housing", "Sale_Price"),
                        ("ames_housing", "Lot_Area"),
                        ("txhousing", "sales"),
                        ("flights/flights_2013_01", "dep_delay"),
                        ("titanic", "age"),
                    ],
                );
                let t = table(name)?;
                let idx = sample_rows(cx, t.len(), 10..=3000);
                let values = num_at(&t, column, &idx);
                let known: Vec<f64> = values.iter().flatten().copied().collect();
                if known.len() < 3 {
                    return Ok(()); // too few known values in this sample (vanishingly rare)
                }
                let n = known.len() as f64;
                let mean = known.iter().sum::<f64>() / n;
                let std =
                    (known.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
                let threshold = cx.f64_in(1.5, 3.5);
                let expected: Vec<(bool, bool)> = values
                    .iter()
                    .map(|v| match v {
                        None => (false, false),
                        Some(x) => {
                            let z = ((x - mean) / std).abs();
                            (z > threshold, (z - threshold).abs() <= BORDER * threshold)
                        }
                    })
                    .collect();
                let df = frame_rows(name, &idx)?;
                let what = format!("zscore_outliers({} rows of {name}, {column:?}, threshold {threshold:.4}; mean {mean:.4}, sample std {std:.4})", idx.len());
                let got = expect_ok(&what, zscore_outliers(&df, column, threshold))?;
                check_flags(&what, &expected, &got)
            }),
            Check::new("zscore_outliers/sample_std", DAY, |cx| {
                // n − 1 zeros and one value a: with the sample std (n − 1 in the denominator)
                // the lone value has |z| = (n − 1)/√n; with the population std it would be
                // √(n − 1). A threshold halfway between flags it only under the wrong std.
                let n = cx.usize_in(5..=12);
                let a = cx.f64_in(1.0, 1000.0);
                let at = cx.usize_in(0..=n - 1);
                let v: Vec<f64> = (0..n).map(|i| if i == at { a } else { 0.0 }).collect();
                let nf = n as f64;
                let threshold = ((nf - 1.0) / nf.sqrt() + (nf - 1.0).sqrt()) / 2.0;
                let df =
                    DataFrame::new_infer_height(vec![Column::new("x".into(), v.clone())]).unwrap();
                let what = format!("zscore_outliers({v:?}, threshold {threshold:.4}): the lone value has |z| = {:.4} with the sample std (ddof = 1), {:.4} with the population std", (nf - 1.0) / nf.sqrt(), (nf - 1.0).sqrt());
                let got = expect_ok(&what, zscore_outliers(&df, "x", threshold))?;
                expect_eq(&format!("{what}: flags"), vec![false; n], got)
            }),
            Check::new("zscore_outliers/errors", DAY, |_| {
                let df = frame("ames_housing")?;
                match expect_err("zscore_outliers(ames_housing, \"Neighborhood\")", zscore_outliers(&df, "Neighborhood", 3.0))? {
                    CleanError::WrongType { column, .. } if column == "Neighborhood" => Ok(()),
                    other => fail!("zscore_outliers on the text column \"Neighborhood\": expected CleanError::WrongType naming it, got {other:?}"),
                }
            }),
        ],
    );
}

/// Group medians by a plain loop (sorting each group), then the imputation properties.
fn check_group_median(
    t: &datasets::Table,
    name: &str,
    idx: &[usize],
    column: &str,
    by: &[&str],
) -> CheckResult {
    let original = num_at(t, column, idx);
    let Some(global) = naive_median(&original) else {
        return Ok(()); // nothing to impute from in this sample (vanishingly rare)
    };
    let keys: Vec<Vec<Option<&str>>> = by.iter().map(|k| text_at(t, k, idx)).collect();
    let key_of = |i: usize| keys.iter().map(|k| k[i]).collect::<Vec<_>>();
    let mut groups: BTreeMap<Vec<Option<&str>>, Vec<Option<f64>>> = BTreeMap::new();
    for (i, v) in original.iter().enumerate() {
        groups.entry(key_of(i)).or_default().push(*v);
    }
    let medians: BTreeMap<_, f64> = groups
        .iter()
        .map(|(k, v)| (k.clone(), naive_median(v).unwrap_or(global)))
        .collect();
    let df = frame_rows(name, idx)?;
    let what = format!(
        "fill_group_median({} rows of {name}, {column:?}, by {by:?})",
        idx.len()
    );
    let got = expect_ok(&what, fill_group_median(&df, column, by))?;
    check_imputed(&what, &df, &got, column, &original, |i| medians[&key_of(i)])
}
