//! Hidden checks for chapter 02 (dataframes). Inputs are random samples of the shipped data
//! sets; every expected value is computed here with plain loops over `datasets::table`
//! rows (CSV text, no data-frame library), never with the reference solution.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use dataframes::*;
use harness::prelude::*;
use polars::prelude::{DataFrame, DataType, IdxCa, IdxSize};
use rand::seq::SliceRandom;

const DAY: &[&str] = &["W4 D3-4"];
const PRACTICE: &[&str] = &["W4 D7"];

/// Counts, parsed values and anything copied: the same decimal text parsed by polars and by
/// Rust's `str::parse` is the same correctly rounded `f64`.
const EXACT: Tol = Tol::EXACT;
/// One division per value; a little room for a learner who multiplies by the reciprocal.
const RATIO: Tol = Tol::new(1e-12, 1e-15);
/// Sums and means of up to a few thousand values added in another order: rounding differs
/// by about 1e-13 relative, far below any real mistake.
const AGG: Tol = Tol::new(1e-9, 1e-9);

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

/// A random number (in `k`) of distinct row indices out of `n`, in increasing order (so the sample keeps file order).
fn sample_rows(cx: &mut Ctx, n: usize, k: std::ops::RangeInclusive<usize>) -> Vec<usize> {
    let k = cx.usize_in((*k.start()).min(n)..=(*k.end()).min(n));
    let mut idx = rand::seq::index::sample(&mut cx.rng, n, k.min(n)).into_vec();
    idx.sort_unstable();
    idx
}

/// Rows `idx` of data set `name` as a polars frame (the input handed to the learner).
fn frame_rows(name: &str, idx: &[usize]) -> Result<DataFrame, Failure> {
    let df = frame(name)?;
    let take = IdxCa::from_vec("rows".into(), idx.iter().map(|&i| i as IdxSize).collect());
    df.take(&take)
        .map_err(|e| Failure::new(format!("sampling rows of {name}: {e}")))
}

/// Field `column` of the rows `idx`, `None` where empty.
fn text_at<'a>(t: &'a datasets::Table, column: &str, idx: &[usize]) -> Vec<Option<&'a str>> {
    let j = t.index(column).expect("column exists");
    idx.iter()
        .map(|&i| Some(t.rows[i][j].as_str()).filter(|s| !s.is_empty()))
        .collect()
}

/// Field `column` of the rows `idx` parsed as numbers, `None` where empty.
fn num_at(t: &datasets::Table, column: &str, idx: &[usize]) -> Vec<Option<f64>> {
    text_at(t, column, idx)
        .into_iter()
        .map(|v| v.map(|s| s.parse::<f64>().expect("numeric column")))
        .collect()
}

/// Missing values as NaN, so that `expect_slice_close` compares presence too.
fn nan_filled(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

/// Column `name` of a frame the learner returned, as floats (NaN for null).
fn frame_floats(df: &DataFrame, what: &str, name: &str) -> Result<Vec<f64>, Failure> {
    let c = df
        .column(name)
        .map_err(|_| Failure::new(format!("{what}: no column {name:?} in the result")))?;
    let c = c.cast(&DataType::Float64).map_err(|e| {
        Failure::new(format!(
            "{what}: column {name:?} ({}) is not numeric: {e}",
            c.dtype()
        ))
    })?;
    Ok(c.f64()
        .expect("cast to f64")
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

/// Column `name` of a frame the learner returned, as text.
fn frame_texts(df: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<String>>, Failure> {
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

/// The numeric columns of a table: every non-empty field parses as a number.
fn numeric_columns(t: &datasets::Table) -> Vec<String> {
    t.headers
        .iter()
        .filter(|h| t.f64_column(h).is_ok())
        .cloned()
        .collect()
}

/// Text columns of a table: some non-empty field is not a number.
fn text_columns(t: &datasets::Table) -> Vec<String> {
    t.headers
        .iter()
        .filter(|h| t.f64_column(h).is_err())
        .cloned()
        .collect()
}

fn pick<'a, T>(cx: &mut Ctx, items: &'a [T]) -> &'a T {
    items.choose(&mut cx.rng).expect("non-empty choice")
}

/// What `groupby(key)[value].agg(["count", "sum", "mean"])` gives, by a plain loop.
fn naive_group_stats(keys: &[Option<&str>], values: &[Option<f64>]) -> Vec<(String, usize, f64)> {
    let mut groups: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for (k, v) in keys.iter().zip(values) {
        if let Some(k) = k {
            let g = groups.entry(k.to_string()).or_insert((0, 0.0));
            if let Some(v) = v {
                g.0 += 1;
                g.1 += v;
            }
        }
    }
    groups.into_iter().map(|(k, (n, s))| (k, n, s)).collect()
}

/// Churn rate per value of `by` (rows with an empty `by` skipped), highest first, ties by value.
fn naive_churn_rates(churn: &[Option<&str>], by: &[Option<&str>]) -> Vec<(String, f64)> {
    let mut groups: HashMap<&str, (usize, usize)> = HashMap::new();
    for (c, b) in churn.iter().zip(by) {
        if let Some(b) = b {
            let g = groups.entry(b).or_insert((0, 0));
            g.1 += 1;
            if *c == Some("Yes") {
                g.0 += 1;
            }
        }
    }
    let mut rates: Vec<(String, f64)> = groups
        .into_iter()
        .map(|(k, (yes, n))| (k.to_string(), yes as f64 / n as f64))
        .collect();
    rates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    rates
}

fn check_churn_rates(what: &str, expected: &[(String, f64)], got: &[(String, f64)]) -> CheckResult {
    let keys = |v: &[(String, f64)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    expect_eq(
        &format!("{what}: groups, highest churn rate first"),
        keys(expected),
        keys(got),
    )?;
    let rates = |v: &[(String, f64)]| v.iter().map(|x| x.1).collect::<Vec<_>>();
    expect_slice_close(
        &format!("{what}: churn rates of {:?}", keys(expected)),
        &rates(expected),
        &rates(got),
        AGG,
    )
}

/// Species summaries by a plain loop over rows `idx` of the penguins table.
fn naive_species_summary(t: &datasets::Table, idx: &[usize]) -> Vec<(String, usize, [f64; 4])> {
    let species = text_at(t, "species", idx);
    let sex = text_at(t, "sex", idx);
    let measures = [
        num_at(t, "bill_length_mm", idx),
        num_at(t, "flipper_length_mm", idx),
        num_at(t, "body_mass_g", idx),
    ];
    // species → (rows, [sum, count] × 3, females, known sex)
    let mut acc: BTreeMap<&str, (usize, [(f64, usize); 3], usize, usize)> = BTreeMap::new();
    for i in 0..idx.len() {
        let Some(s) = species[i] else { continue };
        let e = acc.entry(s).or_insert((0, [(0.0, 0); 3], 0, 0));
        e.0 += 1;
        for (m, values) in measures.iter().enumerate() {
            if let Some(v) = values[i] {
                e.1[m].0 += v;
                e.1[m].1 += 1;
            }
        }
        if let Some(x) = sex[i] {
            e.3 += 1;
            if x == "female" {
                e.2 += 1;
            }
        }
    }
    acc.into_iter()
        .map(|(s, (rows, m, females, known))| {
            let mean = |(sum, n): (f64, usize)| if n == 0 { f64::NAN } else { sum / n as f64 };
            let share = if known == 0 {
                f64::NAN
            } else {
                females as f64 / known as f64
            };
            (
                s.to_string(),
                rows,
                [mean(m[0]), mean(m[1]), mean(m[2]), share],
            )
        })
        .collect()
}

fn check_species_summary(
    what: &str,
    expected: &[(String, usize, [f64; 4])],
    got: &[SpeciesSummary],
) -> CheckResult {
    expect_eq(
        &format!("{what}: species, in alphabetical order"),
        expected.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        got.iter().map(|g| g.species.clone()).collect(),
    )?;
    expect_eq(
        &format!("{what}: rows per species"),
        expected.iter().map(|e| e.1).collect::<Vec<_>>(),
        got.iter().map(|g| g.rows).collect(),
    )?;
    let fields: [(&str, fn(&SpeciesSummary) -> f64); 4] = [
        ("mean_bill_length_mm", |g| g.mean_bill_length_mm),
        ("mean_flipper_length_mm", |g| g.mean_flipper_length_mm),
        ("mean_body_mass_g", |g| g.mean_body_mass_g),
        ("female_share", |g| g.female_share),
    ];
    for (m, (name, field)) in fields.iter().enumerate() {
        expect_slice_close(
            &format!(
                "{what}: {name} per species {:?}",
                expected.iter().map(|e| &e.0).collect::<Vec<_>>()
            ),
            &expected.iter().map(|e| e.2[m]).collect::<Vec<_>>(),
            &got.iter().map(field).collect::<Vec<_>>(),
            AGG,
        )?;
    }
    Ok(())
}

fn main() {
    harness::run(
        "02",
        vec![
            Check::new("load_csv/random_sample", DAY, |cx| {
                let name = *pick(cx, &["penguins", "titanic", "telco_churn"]);
                let t = table(name)?;
                let k = cx.usize_in(5..=60);
                let idx = sample_rows(cx, t.len(), k..=k);
                let path = std::env::temp_dir().join(format!(
                    "workbook-02-load-{}-{}.csv",
                    std::process::id(),
                    cx.seed
                ));
                {
                    let mut w = csv::Writer::from_path(&path)
                        .map_err(|e| Failure::new(format!("writing {}: {e}", path.display())))?;
                    w.write_record(&t.headers).expect("write header");
                    for &i in &idx {
                        w.write_record(&t.rows[i]).expect("write row");
                    }
                    w.flush().expect("flush the sample");
                }
                let got = load_csv(&path);
                let _ = std::fs::remove_file(&path);
                let what = format!("load_csv of {k} random rows of {name}");
                let df = expect_ok(&what, got)?;
                expect_shape(&what, &[k, t.headers.len()], &[df.height(), df.width()])?;
                expect_eq(
                    &format!("{what}: column names"),
                    t.headers.clone(),
                    column_names(&df),
                )?;
                for h in &t.headers {
                    if t.f64_column(h).is_ok() {
                        let expected = nan_filled(&num_at(&t, h, &idx));
                        let got = frame_floats(&df, &what, h)?;
                        expect_slice_close(
                            &format!("{what}: column {h:?}"),
                            &expected,
                            &got,
                            EXACT,
                        )?;
                    } else {
                        let expected: Vec<Option<String>> = text_at(&t, h, &idx)
                            .into_iter()
                            .map(|v| v.map(str::to_string))
                            .collect();
                        expect_eq(
                            &format!("{what}: column {h:?}"),
                            expected,
                            frame_texts(&df, &what, h)?,
                        )?;
                    }
                }
                Ok(())
            }),
            Check::new("load_csv/missing_file", DAY, |cx| {
                let path =
                    std::env::temp_dir().join(format!("workbook-02-no-such-file-{}.csv", cx.seed));
                expect_err("load_csv of a file that does not exist", load_csv(&path)).map(|_| ())
            }),
            Check::new("schema_summary/random_dataset", DAY, |cx| {
                let name = *pick(
                    cx,
                    &[
                        "penguins",
                        "titanic",
                        "telco_churn",
                        "txhousing",
                        "economics",
                        "ames_housing",
                        "flights/planes",
                    ],
                );
                let t = table(name)?;
                let df = frame(name)?;
                let got = schema_summary(&df);
                let what = format!("schema_summary of {name}");
                expect_eq(&format!("{what}: rows"), t.len(), got.rows)?;
                // The kind polars infers, decided from the text: all whole numbers → Integer,
                // all numbers → Float, anything else → Text.
                let expected: Vec<(String, ColumnKind)> = t
                    .headers
                    .iter()
                    .map(|h| {
                        let fields: Vec<&str> =
                            t.column(h).unwrap().into_iter().flatten().collect();
                        let kind = if fields.iter().all(|f| f.parse::<i64>().is_ok()) {
                            ColumnKind::Integer
                        } else if fields.iter().all(|f| f.parse::<f64>().is_ok()) {
                            ColumnKind::Float
                        } else {
                            ColumnKind::Text
                        };
                        (h.clone(), kind)
                    })
                    .collect();
                expect_eq(
                    &format!("{what}: number of columns"),
                    expected.len(),
                    got.columns.len(),
                )?;
                for (e, g) in expected.iter().zip(&got.columns) {
                    expect_eq(&format!("{what}: column {:?} (name, kind)", e.0), e, g)?;
                }
                Ok(())
            }),
            Check::new("null_counts/random_sample", DAY, |cx| {
                let name = *pick(
                    cx,
                    &[
                        "penguins",
                        "titanic",
                        "txhousing",
                        "flights/flights_2013_01",
                        "ames_housing",
                    ],
                );
                let t = table(name)?;
                let k = cx.usize_in(50..=1500);
                let idx = sample_rows(cx, t.len(), k..=k);
                let df = frame_rows(name, &idx)?;
                let expected: Vec<(String, usize)> = t
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.clone(),
                            text_at(&t, h, &idx).iter().filter(|v| v.is_none()).count(),
                        )
                    })
                    .collect();
                let got = null_counts(&df);
                let what = format!("null_counts of {} random rows of {name}", idx.len());
                expect_eq(
                    &format!("{what}: number of columns"),
                    expected.len(),
                    got.len(),
                )?;
                for (e, g) in expected.iter().zip(&got) {
                    expect_eq(&format!("{what}: column {:?} (name, nulls)", e.0), e, g)?;
                }
                Ok(())
            }),
            Check::new("numeric_column/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "txhousing", "titanic"]);
                let t = table(name)?;
                let column = pick(cx, &numeric_columns(&t)).clone();
                let idx = sample_rows(cx, t.len(), 20..=400);
                let df = frame_rows(name, &idx)?;
                let what = format!("numeric_column({name}, {column:?})");
                let got = expect_ok(&what, numeric_column(&df, &column))?;
                expect_slice_close(
                    &what,
                    &nan_filled(&num_at(&t, &column, &idx)),
                    &nan_filled(&got),
                    EXACT,
                )
            }),
            Check::new("numeric_column/errors", DAY, |cx| {
                let df = frame("penguins")?;
                let text = pick(cx, &["species", "island", "sex"]).to_string();
                match expect_err(&format!("numeric_column(penguins, {text:?}) (a text column)"), numeric_column(&df, &text))? {
                    FrameError::WrongType { column, .. } if column == text => {}
                    other => fail!("numeric_column(penguins, {text:?}): expected FrameError::WrongType naming {text:?}, got {other:?}"),
                }
                match expect_err("numeric_column(penguins, \"bill\")", numeric_column(&df, "bill"))? {
                    FrameError::NoColumn { column, known } if column == "bill" && known.contains("bill_length_mm") => Ok(()),
                    other => fail!("numeric_column(penguins, \"bill\"): expected FrameError::NoColumn naming \"bill\" and listing the real columns, got {other:?}"),
                }
            }),
            Check::new("filter_sorted/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "txhousing"]);
                let t = table(name)?;
                let column = pick(cx, &numeric_columns(&t)).clone();
                let label = pick(cx, &text_columns(&t)).clone();
                let values = t.f64_column(&column).unwrap();
                let known: Vec<f64> = values.iter().flatten().copied().collect();
                // A threshold that is one of the values: rows equal to it must be left out.
                let threshold = *pick(cx, &known);
                let labels = t.column(&label).unwrap();
                let mut expected: Vec<(f64, Option<&str>)> = values
                    .iter()
                    .zip(&labels)
                    .filter_map(|(v, l)| v.filter(|&v| v > threshold).map(|v| (v, *l)))
                    .collect();
                let df = frame(name)?;
                let what = format!(
                    "filter_sorted({name}, {column:?}, {threshold}, [{label:?}, {column:?}])"
                );
                let got = expect_ok(
                    &what,
                    filter_sorted(&df, &column, threshold, &[&label, &column]),
                )?;
                expect_shape(&what, &[expected.len(), 2], &[got.height(), got.width()])?;
                expect_eq(
                    &format!("{what}: column names"),
                    vec![label.clone(), column.clone()],
                    column_names(&got),
                )?;
                // The sorted column must come out largest first…
                expected.sort_by(|a, b| b.0.total_cmp(&a.0));
                let got_values = frame_floats(&got, &what, &column)?;
                expect_slice_close(
                    &format!("{what}: {column:?}, largest first"),
                    &expected.iter().map(|e| e.0).collect::<Vec<_>>(),
                    &got_values,
                    EXACT,
                )?;
                // …and every kept row must keep its own label (compared as sets of pairs).
                let got_labels = frame_texts(&got, &what, &label)?;
                let mut e_pairs: Vec<String> =
                    expected.iter().map(|(v, l)| format!("{v} {l:?}")).collect();
                let mut g_pairs: Vec<String> = got_values
                    .iter()
                    .zip(&got_labels)
                    .map(|(v, l)| format!("{v} {:?}", l.as_deref()))
                    .collect();
                e_pairs.sort();
                g_pairs.sort();
                expect_eq(
                    &format!("{what}: the ({column}, {label}) pairs of the kept rows"),
                    e_pairs,
                    g_pairs,
                )
            }),
            Check::new("filter_sorted/errors", DAY, |_| {
                let df = frame("penguins")?;
                match expect_err("filter_sorted on the text column \"species\"", filter_sorted(&df, "species", 1.0, &["species"]))? {
                    FrameError::WrongType { column, .. } if column == "species" => {}
                    other => fail!("filter_sorted(penguins, \"species\", …): expected FrameError::WrongType naming \"species\", got {other:?}"),
                }
                match expect_err("filter_sorted keeping the unknown column \"mass\"", filter_sorted(&df, "body_mass_g", 1.0, &["mass"]))? {
                    FrameError::NoColumn { column, .. } if column == "mass" => Ok(()),
                    other => fail!("filter_sorted(…, keep = [\"mass\"]): expected FrameError::NoColumn naming \"mass\", got {other:?}"),
                }
            }),
            Check::new("add_ratio_column/random", DAY, |cx| {
                let t = table("penguins")?;
                let numeric = numeric_columns(&t);
                let a = pick(cx, &numeric).clone();
                let b = pick(cx, &numeric).clone();
                let name = format!("ratio_{}", cx.usize_in(1..=999));
                let idx = sample_rows(cx, t.len(), 20..=344);
                let df = frame_rows("penguins", &idx)?;
                let what = format!("add_ratio_column(penguins sample, {a:?}, {b:?}, {name:?})");
                let got = expect_ok(&what, add_ratio_column(&df, &a, &b, &name))?;
                expect_shape(
                    &what,
                    &[df.height(), df.width() + 1],
                    &[got.height(), got.width()],
                )?;
                let mut names = column_names(&df);
                names.push(name.clone());
                expect_eq(
                    &format!("{what}: column names (the new one last)"),
                    names,
                    column_names(&got),
                )?;
                let expected: Vec<Option<f64>> = num_at(&t, &a, &idx)
                    .iter()
                    .zip(num_at(&t, &b, &idx))
                    .map(|(x, y)| Some(x.as_ref()? / y?))
                    .collect();
                expect_slice_close(
                    &format!("{what}: column {name:?}"),
                    &nan_filled(&expected),
                    &frame_floats(&got, &what, &name)?,
                    RATIO,
                )
            }),
            Check::new("add_ratio_column/errors", DAY, |_| {
                let df = frame("penguins")?;
                match expect_err("add_ratio_column with the text column \"island\"", add_ratio_column(&df, "body_mass_g", "island", "x"))? {
                    FrameError::WrongType { column, .. } if column == "island" => Ok(()),
                    other => fail!("add_ratio_column(…, \"island\", …): expected FrameError::WrongType naming \"island\", got {other:?}"),
                }
            }),
            Check::new("group_stats/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "titanic"]);
                let t = table(name)?;
                let by = pick(cx, &text_columns(&t)).clone();
                let value = pick(cx, &numeric_columns(&t)).clone();
                let idx = sample_rows(cx, t.len(), 30..=t.len());
                let df = frame_rows(name, &idx)?;
                let what = format!(
                    "group_stats({} rows of {name}, by {by:?}, value {value:?})",
                    idx.len()
                );
                let got = expect_ok(&what, group_stats(&df, &by, &value))?;
                let expected =
                    naive_group_stats(&text_at(&t, &by, &idx), &num_at(&t, &value, &idx));
                expect_eq(
                    &format!("{what}: group keys, sorted"),
                    expected.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
                    got.iter().map(|g| g.key.clone()).collect(),
                )?;
                expect_eq(
                    &format!(
                        "{what}: count of non-null {value:?} per group {:?}",
                        expected.iter().map(|e| &e.0).collect::<Vec<_>>()
                    ),
                    expected.iter().map(|e| e.1).collect::<Vec<_>>(),
                    got.iter().map(|g| g.count).collect(),
                )?;
                expect_slice_close(
                    &format!(
                        "{what}: sum per group {:?}",
                        expected.iter().map(|e| &e.0).collect::<Vec<_>>()
                    ),
                    &expected.iter().map(|e| e.2).collect::<Vec<_>>(),
                    &got.iter().map(|g| g.sum).collect::<Vec<_>>(),
                    AGG,
                )?;
                expect_slice_close(
                    &format!(
                        "{what}: mean per group {:?}",
                        expected.iter().map(|e| &e.0).collect::<Vec<_>>()
                    ),
                    &expected
                        .iter()
                        .map(|e| if e.1 == 0 { f64::NAN } else { e.2 / e.1 as f64 })
                        .collect::<Vec<_>>(),
                    &got.iter().map(|g| g.mean).collect::<Vec<_>>(),
                    AGG,
                )
            }),
            Check::new("value_counts/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "titanic", "telco_churn"]);
                let t = table(name)?;
                let column = pick(cx, &text_columns(&t)).clone();
                let idx = sample_rows(cx, t.len(), 10..=t.len());
                let df = frame_rows(name, &idx)?;
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for v in text_at(&t, &column, &idx).into_iter().flatten() {
                    *counts.entry(v).or_default() += 1;
                }
                let mut expected: Vec<(String, usize)> = counts
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n))
                    .collect();
                expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let what = format!("value_counts({} rows of {name}, {column:?})", idx.len());
                let got = expect_ok(&what, value_counts(&df, &column))?;
                expect_eq(
                    &format!("{what} (most frequent first, ties alphabetical)"),
                    expected,
                    got,
                )
            }),
            Check::new("value_counts/nulls_not_counted", DAY, |_| {
                // penguins.sex has empty fields: they are not a value and must not be counted.
                let t = table("penguins")?;
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for v in t.column("sex").unwrap().into_iter().flatten() {
                    *counts.entry(v).or_default() += 1;
                }
                let mut expected: Vec<(String, usize)> = counts
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n))
                    .collect();
                expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let empty = t
                    .column("sex")
                    .unwrap()
                    .iter()
                    .filter(|v| v.is_none())
                    .count();
                let df = frame("penguins")?;
                let what =
                    format!("value_counts(penguins, \"sex\") ({empty} of whose fields are empty)");
                let got = expect_ok(&what, value_counts(&df, "sex"))?;
                expect_eq(&what, expected, got)
            }),
            Check::new("group_stats/null_keys_dropped", DAY, |_| {
                // Rows whose key (penguins.sex) is empty belong to no group.
                let t = table("penguins")?;
                let all: Vec<usize> = (0..t.len()).collect();
                let expected =
                    naive_group_stats(&text_at(&t, "sex", &all), &num_at(&t, "body_mass_g", &all));
                let df = frame("penguins")?;
                let what = "group_stats(penguins, by \"sex\", value \"body_mass_g\")";
                let got = expect_ok(what, group_stats(&df, "sex", "body_mass_g"))?;
                expect_eq(
                    &format!("{what}: groups (rows with an empty sex are dropped)"),
                    expected
                        .iter()
                        .map(|e| (e.0.clone(), e.1))
                        .collect::<Vec<_>>(),
                    got.iter().map(|g| (g.key.clone(), g.count)).collect(),
                )
            }),
            Check::new("churn_rate_by/contract", PRACTICE, |_| {
                let t = table("telco_churn")?;
                let all: Vec<usize> = (0..t.len()).collect();
                let expected =
                    naive_churn_rates(&text_at(&t, "churn", &all), &text_at(&t, "contract", &all));
                let df = frame("telco_churn")?;
                let got = expect_ok(
                    "churn_rate_by(telco_churn, \"contract\")",
                    churn_rate_by(&df, "contract"),
                )?;
                check_churn_rates("churn_rate_by(telco_churn, \"contract\")", &expected, &got)
            }),
            Check::new("churn_rate_by/random_sample", PRACTICE, |cx| {
                let t = table("telco_churn")?;
                let by = pick(
                    cx,
                    &[
                        "contract",
                        "internet_service",
                        "payment_method",
                        "multiple_lines",
                        "tech_support",
                    ],
                )
                .to_string();
                let idx = sample_rows(cx, t.len(), 200..=5000);
                let df = frame_rows("telco_churn", &idx)?;
                let what = format!("churn_rate_by({} random customers, {by:?})", idx.len());
                let expected =
                    naive_churn_rates(&text_at(&t, "churn", &idx), &text_at(&t, &by, &idx));
                let got = expect_ok(&what, churn_rate_by(&df, &by))?;
                check_churn_rates(&what, &expected, &got)
            }),
            Check::new("churn_rate_by/errors", PRACTICE, |_| {
                let df = frame("telco_churn")?;
                match expect_err("churn_rate_by(telco_churn, \"plan\")", churn_rate_by(&df, "plan"))? {
                    FrameError::NoColumn { column, .. } if column == "plan" => {}
                    other => fail!("churn_rate_by(telco_churn, \"plan\"): expected FrameError::NoColumn naming \"plan\", got {other:?}"),
                }
                let penguins = frame("penguins")?;
                match expect_err("churn_rate_by(penguins, \"species\") (no churn column)", churn_rate_by(&penguins, "species"))? {
                    FrameError::NoColumn { column, .. } if column == "churn" => Ok(()),
                    other => fail!("churn_rate_by on penguins: expected FrameError::NoColumn naming \"churn\", got {other:?}"),
                }
            }),
            Check::new("species_summary/all", PRACTICE, |_| {
                let t = table("penguins")?;
                let all: Vec<usize> = (0..t.len()).collect();
                let df = frame("penguins")?;
                let got = expect_ok("species_summary(penguins)", species_summary(&df))?;
                check_species_summary(
                    "species_summary(penguins)",
                    &naive_species_summary(&t, &all),
                    &got,
                )
            }),
            Check::new("species_summary/random_sample", PRACTICE, |cx| {
                let t = table("penguins")?;
                let idx = sample_rows(cx, t.len(), 15..=300);
                let df = frame_rows("penguins", &idx)?;
                let what = format!("species_summary of {} random penguins", idx.len());
                let got = expect_ok(&what, species_summary(&df))?;
                check_species_summary(&what, &naive_species_summary(&t, &idx), &got)
            }),
            Check::new("to_matrix/random", DAY, |cx| {
                let name = *pick(cx, &["penguins", "txhousing"]);
                let t = table(name)?;
                let mut numeric = numeric_columns(&t);
                numeric.shuffle(&mut cx.rng);
                numeric.truncate(cx.usize_in(1..=4));
                let columns: Vec<&str> = numeric.iter().map(String::as_str).collect();
                let idx = sample_rows(cx, t.len(), 20..=1000);
                let df = frame_rows(name, &idx)?;
                let values: Vec<Vec<Option<f64>>> =
                    columns.iter().map(|c| num_at(&t, c, &idx)).collect();
                let mut expected = Vec::new();
                let mut kept = 0;
                for i in 0..idx.len() {
                    if values.iter().all(|v| v[i].is_some()) {
                        kept += 1;
                        expected.extend(values.iter().map(|v| v[i].unwrap()));
                    }
                }
                let expected =
                    ndarray::Array2::from_shape_vec((kept, columns.len()), expected).unwrap();
                let what = format!("to_matrix({} rows of {name}, {columns:?})", idx.len());
                let got = expect_ok(&what, to_matrix(&df, &columns))?;
                expect_array_close(&what, &expected, &got, EXACT)
            }),
            Check::new("to_matrix/errors", DAY, |_| {
                let df = frame("penguins")?;
                match expect_err("to_matrix(penguins, [\"bill_length_mm\", \"sex\"])", to_matrix(&df, &["bill_length_mm", "sex"]))? {
                    FrameError::WrongType { column, .. } if column == "sex" => Ok(()),
                    other => fail!("to_matrix(penguins, […, \"sex\"]): expected FrameError::WrongType naming \"sex\", got {other:?}"),
                }
            }),
        ],
    );
}
