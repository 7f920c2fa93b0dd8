//! Hidden checks for chapter 37 (text). Expected values come from hand-written
//! specifications (the expected token list IS the rule, written beside each case), from
//! naive re-implementations here (HashMap counting, TF-IDF from its definition, cosine by
//! loops, naive Bayes from its closed form) and from properties — never from the solution.

use std::collections::{BTreeMap, HashMap, HashSet};

use harness::prelude::*;
use ndarray::{Array1, Array2};
use rand::Rng;
use text::*;

const DAYS: &[&str] = &["W18 D5-6"];
/// Sums and products of a few hundred doubles: rounding only.
const FLOAT: Tol = Tol::new(1e-10, 1e-12);

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Random documents over a small alphabet of words so that counts tie often.
fn random_docs(cx: &mut Ctx, n_docs: usize, n_words: usize) -> Vec<Vec<String>> {
    (0..n_docs)
        .map(|_| {
            let len = cx.usize_in(0..=12);
            (0..len)
                .map(|_| format!("w{}", cx.usize_in(0..=n_words - 1)))
                .collect()
        })
        .collect()
}

/// Counts by HashMap, then sorted by (count desc, token asc), min_count and max_size applied.
fn naive_vocab(docs: &[Vec<String>], min_count: usize, max_size: Option<usize>) -> Vec<String> {
    let mut c: HashMap<String, usize> = HashMap::new();
    for d in docs {
        for t in d {
            if t != "<unk>" {
                *c.entry(t.clone()).or_insert(0) += 1;
            }
        }
    }
    let mut v: Vec<(String, usize)> = c.into_iter().filter(|p| p.1 >= min_count).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut words = vec!["<unk>".to_string()];
    for (i, (w, _)) in v.into_iter().enumerate() {
        if max_size.is_some_and(|m| i >= m) {
            break;
        }
        words.push(w);
    }
    words
}

/// TF-IDF straight from the definition, one element at a time.
fn naive_tfidf(counts: &Array2<f64>, fit_on: &Array2<f64>) -> Array2<f64> {
    let n = fit_on.nrows() as f64;
    let mut out = Array2::zeros(counts.raw_dim());
    for i in 0..counts.nrows() {
        let mut norm2 = 0.0;
        for j in 0..counts.ncols() {
            let mut df = 0.0;
            for r in 0..fit_on.nrows() {
                if fit_on[[r, j]] > 0.0 {
                    df += 1.0;
                }
            }
            let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
            out[[i, j]] = counts[[i, j]] * idf;
            norm2 += out[[i, j]] * out[[i, j]];
        }
        if norm2 > 0.0 {
            for j in 0..counts.ncols() {
                out[[i, j]] /= norm2.sqrt();
            }
        }
    }
    out
}

fn cosine_loops(a: &[f64], b: &[f64]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for k in 0..a.len() {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa.sqrt() * bb.sqrt())
    }
}

/// A random sparse-ish count matrix.
fn random_counts(cx: &mut Ctx, rows: usize, cols: usize) -> Array2<f64> {
    let mut m = Array2::zeros((rows, cols));
    for v in m.iter_mut() {
        if cx.f64_in(0.0, 1.0) < 0.4 {
            *v = cx.usize_in(1..=5) as f64;
        }
    }
    m
}

fn tokens_of(line: &str) -> Vec<String> {
    tokenize(&normalize(line))
}

fn main() {
    harness::run(
        "37",
        vec![
            // ------------------------------------------------------------ normalize
            Check::new("normalize/rules", DAYS, |_| {
                let cases = [
                    // lower-case, whitespace runs → one space, ends trimmed; punctuation kept
                    ("  Hello \t WORLD!\n", "hello world!"),
                    // Unicode-aware lower-casing (not ASCII only)
                    ("ÉCOLE Straße ΣΟΦΙΑ", "école straße σοφια"),
                    // typographic apostrophes become '
                    ("It’s ‘quoted’", "it's 'quoted'"),
                    // nothing stays nothing
                    ("", ""),
                    (" \n\t ", ""),
                ];
                for (input, want) in cases {
                    expect_eq(
                        &format!("normalize({input:?})"),
                        want.to_string(),
                        normalize(input),
                    )?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ tokenize
            Check::new("tokenize/edge_cases", DAYS, |_| {
                let cases: [(&str, &[&str]); 9] = [
                    // whitespace separates and is dropped
                    ("the  film", &["the", "film"]),
                    // punctuation is one token per character
                    ("wow!?", &["wow", "!", "?"]),
                    // an apostrophe between letters joins: contractions stay whole
                    ("it's don't", &["it's", "don't"]),
                    // leading / trailing apostrophes are their own tokens
                    ("'tis dogs'", &["'", "tis", "dogs", "'"]),
                    // a hyphen splits
                    ("south-west", &["south", "-", "west"]),
                    // digits are alphanumeric; ':' splits
                    ("4:00pm", &["4", ":", "00pm"]),
                    // Unicode letters are word characters
                    ("café, naïve", &["café", ",", "naïve"]),
                    // brackets split off
                    ("[garbus]", &["[", "garbus", "]"]),
                    ("", &[]),
                ];
                for (input, want) in cases {
                    expect_eq(&format!("tokenize({input:?})"), s(want), tokenize(input))?;
                }
                Ok(())
            }),
            Check::new("tokenize/loses_nothing", DAYS, |cx| {
                // Property on random strings: the tokens, concatenated, are the input without
                // whitespace; every token is a single non-word character or has no whitespace
                // and only alphanumerics and inner apostrophes.
                let alphabet: Vec<char> = "ab é1 '!.,-  \t".chars().collect();
                for _ in 0..200 {
                    let len = cx.usize_in(0..=20);
                    let input: String = (0..len)
                        .map(|_| alphabet[cx.usize_in(0..=alphabet.len() - 1)])
                        .collect();
                    let got = tokenize(&input);
                    let joined: String = got.concat();
                    let want: String = input.chars().filter(|c| !c.is_whitespace()).collect();
                    expect_eq(&format!("tokens of {input:?} concatenated"), want, joined)?;
                    for t in &got {
                        let cs: Vec<char> = t.chars().collect();
                        let word = !cs.is_empty()
                            && cs.iter().all(|c| c.is_alphanumeric() || *c == '\'')
                            && cs[0].is_alphanumeric()
                            && cs[cs.len() - 1].is_alphanumeric();
                        ensure(word || cs.len() == 1, || {
                            format!("tokenize({input:?}) gave {t:?}: neither a word nor one punctuation character")
                        })?;
                    }
                }
                Ok(())
            }),
            // ------------------------------------------------------------ stop words
            Check::new("remove_stop_words/cases", DAYS, |_| {
                let t = s(&[
                    "the", "film", ",", "is", "not", "great", "!", "it's", "...", "4",
                ]);
                // "the", "is" are stop words; ",", "!" and "..." have no alphanumeric character;
                // "not" is NOT in the list; "it's" is not "it"; "4" is alphanumeric.
                expect_eq(
                    "remove_stop_words",
                    s(&["film", "not", "great", "it's", "4"]),
                    remove_stop_words(&t, STOP_WORDS),
                )?;
                // a custom list is used as given
                expect_eq(
                    "remove_stop_words with [\"film\"]",
                    s(&["the", "is"]),
                    remove_stop_words(&s(&["the", "film", "is"]), &["film"]),
                )
            }),
            // ------------------------------------------------------------ stem
            Check::new("stem/rules", DAYS, |_| {
                let cases = [
                    ("classes", "class"), // sses → ss
                    ("stories", "story"), // ies → y
                    ("walking", "walk"),  // ing → ''
                    ("jumped", "jump"),   // ed → ''
                    ("quickly", "quick"), // ly → ''
                    ("films", "film"),    // s → ''
                    ("glass", "glass"),   // s after s stays
                    ("bus", "bus"),       // s after u stays
                    ("this", "this"),     // s after i stays
                    ("sing", "sing"),     // ing matches, "s" too short → unchanged
                    ("dies", "dies"), // ies matches, "dy" too short → unchanged, no fallthrough to s
                    ("red", "red"),   // ed → "r" too short
                    ("only", "only"), // ly → "on" too short
                    ("cats", "cat"),  // 3 characters is enough
                    ("idées", "idée"), // characters, not bytes
                    ("running", "runn"), // light stemmer: no double-consonant repair
                    ("film", "film"), // no rule
                ];
                for (w, want) in cases {
                    expect_eq(&format!("stem({w:?})"), want.to_string(), stem(w))?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ vocabulary
            Check::new("build_vocab/counts_and_ties", DAYS, |cx| {
                for _ in 0..20 {
                    let docs = random_docs(cx, 30, 15);
                    let min_count = cx.usize_in(1..=4);
                    let max = if cx.f64_in(0.0, 1.0) < 0.5 {
                        None
                    } else {
                        Some(cx.usize_in(0..=10))
                    };
                    let v = build_vocab(&docs, min_count, max).or_fail("build_vocab")?;
                    let want = naive_vocab(&docs, min_count, max);
                    expect_eq(&format!("vocab words (min_count {min_count}, max_size {max:?}; count desc, ties alphabetical)"), &want, &v.words)?;
                    for (i, w) in want.iter().enumerate() {
                        expect_eq(&format!("index[{w:?}]"), Some(&i), v.index.get(w))?;
                    }
                    expect_eq("index size", want.len(), v.index.len())?;
                }
                Ok(())
            }),
            Check::new("build_vocab/unk_literal_and_ties", DAYS, |_| {
                // zeta×2, alpha×2, mid×2, <unk>×3 (skipped), b×1: ties at 2 go alphabetically
                let docs = vec![
                    s(&["zeta", "<unk>", "mid", "alpha"]),
                    s(&["<unk>", "alpha", "zeta", "b", "<unk>", "mid"]),
                ];
                let v = build_vocab(&docs, 1, None).or_fail("build_vocab")?;
                expect_eq(
                    "words",
                    s(&["<unk>", "alpha", "mid", "zeta", "b"]),
                    v.words.clone(),
                )?;
                let v = build_vocab(&docs, 2, Some(2)).or_fail("build_vocab min 2 max 2")?;
                expect_eq(
                    "words (min_count 2, max_size 2)",
                    s(&["<unk>", "alpha", "mid"]),
                    v.words,
                )
            }),
            Check::new("build_vocab/min_count_zero", DAYS, |_| {
                let e = expect_err(
                    "build_vocab(min_count 0)",
                    build_vocab(&[s(&["a"])], 0, None),
                )?;
                ensure(matches!(e, TextError::BadParam(_)), || {
                    format!("expected TextError::BadParam, got {e:?}")
                })
            }),
            // ------------------------------------------------------------ encode / decode
            Check::new("encode/roundtrip_with_unk", DAYS, |cx| {
                let docs = random_docs(cx, 20, 30);
                let v = build_vocab(&docs, 2, Some(10)).or_fail("build_vocab")?;
                let want_words = naive_vocab(&docs, 2, Some(10));
                let known: HashSet<&String> = want_words.iter().skip(1).collect();
                for d in &docs {
                    let ids = encode(&v, d);
                    expect_eq("number of ids", d.len(), ids.len())?;
                    for (t, &id) in d.iter().zip(&ids) {
                        let want = want_words
                            .iter()
                            .position(|w| w == t && known.contains(w))
                            .unwrap_or(0);
                        expect_eq(&format!("id of {t:?}"), want, id)?;
                    }
                    let back = decode(&v, &ids).or_fail("decode")?;
                    let want_back: Vec<String> = d
                        .iter()
                        .map(|t| {
                            if known.contains(t) {
                                t.clone()
                            } else {
                                "<unk>".into()
                            }
                        })
                        .collect();
                    expect_eq(
                        "decode(encode(doc)) (unknown words become <unk>)",
                        want_back,
                        back,
                    )?;
                }
                Ok(())
            }),
            Check::new("decode/bad_id", DAYS, |_| {
                let v = build_vocab(&[s(&["a", "b"])], 1, None).or_fail("build_vocab")?;
                expect_eq(
                    "decode [0]",
                    s(&["<unk>"]),
                    decode(&v, &[0]).or_fail("decode [0]")?,
                )?;
                let e = expect_err("decode [1, 3] with 3 entries", decode(&v, &[1, 3]))?;
                ensure(matches!(e, TextError::UnknownId { id: 3, len: 3 }), || {
                    format!("expected UnknownId {{ id: 3, len: 3 }}, got {e:?}")
                })
            }),
            // ------------------------------------------------------------ bag of words
            Check::new("bag_of_words/naive", DAYS, |cx| {
                let docs = random_docs(cx, 25, 20);
                let v = build_vocab(&docs, 2, Some(8)).or_fail("build_vocab")?;
                let got = bag_of_words(&v, &docs);
                let mut want = Array2::<f64>::zeros((docs.len(), v.len()));
                for (i, d) in docs.iter().enumerate() {
                    for t in d {
                        let mut id = 0;
                        for (j, w) in v.words.iter().enumerate().skip(1) {
                            if w == t {
                                id = j;
                            }
                        }
                        want[[i, id]] += 1.0;
                    }
                }
                expect_array_close(
                    "bag-of-words counts (column 0 = unknown)",
                    &want,
                    &got,
                    Tol::EXACT,
                )
            }),
            // ------------------------------------------------------------ n-grams
            Check::new("ngrams/cases", DAYS, |cx| {
                let t = s(&["not", "very", "good", "at", "all"]);
                expect_eq(
                    "bigrams",
                    s(&["not very", "very good", "good at", "at all"]),
                    ngrams(&t, 2).or_fail("ngrams 2")?,
                )?;
                expect_eq(
                    "trigrams",
                    s(&["not very good", "very good at", "good at all"]),
                    ngrams(&t, 3).or_fail("ngrams 3")?,
                )?;
                expect_eq(
                    "unigrams are the tokens",
                    t.clone(),
                    ngrams(&t, 1).or_fail("ngrams 1")?,
                )?;
                expect_eq(
                    "6-grams of 5 tokens",
                    Vec::<String>::new(),
                    ngrams(&t, 6).or_fail("ngrams 6")?,
                )?;
                let docs = random_docs(cx, 1, 5);
                let n = cx.usize_in(1..=4);
                let got = ngrams(&docs[0], n).or_fail("ngrams random")?;
                expect_eq(
                    "number of n-grams = max(len − n + 1, 0)",
                    (docs[0].len() + 1).saturating_sub(n),
                    got.len(),
                )?;
                let e = expect_err("ngrams(n = 0)", ngrams(&t, 0))?;
                ensure(matches!(e, TextError::BadParam(_)), || {
                    format!("expected BadParam, got {e:?}")
                })
            }),
            Check::new("char_ngrams/cases", DAYS, |_| {
                // boundary markers < and > are characters like any other
                expect_eq(
                    "char_ngrams(cat, 3)",
                    s(&["<ca", "cat", "at>"]),
                    char_ngrams("cat", 3).or_fail("cat 3")?,
                )?;
                expect_eq(
                    "char_ngrams(a, 2)",
                    s(&["<a", "a>"]),
                    char_ngrams("a", 2).or_fail("a 2")?,
                )?;
                // "<a>" has 3 characters: no 4-gram
                expect_eq(
                    "char_ngrams(a, 4)",
                    Vec::<String>::new(),
                    char_ngrams("a", 4).or_fail("a 4")?,
                )?;
                // characters, not bytes
                expect_eq(
                    "char_ngrams(été, 2)",
                    s(&["<é", "ét", "té", "é>"]),
                    char_ngrams("été", 2).or_fail("été 2")?,
                )?;
                expect_eq(
                    "char_ngrams(\"\", 2)",
                    s(&["<>"]),
                    char_ngrams("", 2).or_fail("empty 2")?,
                )?;
                let e = expect_err("char_ngrams(n = 0)", char_ngrams("cat", 0))?;
                ensure(matches!(e, TextError::BadParam(_)), || {
                    format!("expected BadParam, got {e:?}")
                })
            }),
            // ------------------------------------------------------------ TF-IDF
            Check::new("fit_idf/definition", DAYS, |cx| {
                let (r, c) = (cx.usize_in(1..=30), cx.usize_in(1..=20));
                let m = random_counts(cx, r, c);
                let got = fit_idf(m.view()).or_fail("fit_idf")?;
                let n = r as f64;
                let want = Array1::from_shape_fn(c, |j| {
                    let df = (0..r).filter(|&i| m[[i, j]] > 0.0).count() as f64;
                    ((1.0 + n) / (1.0 + df)).ln() + 1.0
                });
                expect_array_close("idf = ln((1+N)/(1+df)) + 1", &want, &got, FLOAT)?;
                let e = expect_err(
                    "fit_idf of 0 rows",
                    fit_idf(Array2::<f64>::zeros((0, 3)).view()),
                )?;
                ensure(matches!(e, TextError::Empty(_)), || {
                    format!("expected Empty, got {e:?}")
                })
            }),
            Check::new("tf_idf/definition_and_norms", DAYS, |cx| {
                let fit_on = random_counts(cx, 25, 12);
                let mut x = random_counts(cx, 10, 12);
                x.row_mut(3).fill(0.0); // an empty document stays zeros
                let idf = fit_idf(fit_on.view()).or_fail("fit_idf")?;
                let got = tf_idf(x.view(), idf.view()).or_fail("tf_idf")?;
                expect_array_close("tf-idf rows", &naive_tfidf(&x, &fit_on), &got, FLOAT)?;
                for (i, row) in got.rows().into_iter().enumerate() {
                    let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
                    let want = if x.row(i).sum() > 0.0 { 1.0 } else { 0.0 };
                    expect_close(&format!("‖row {i}‖"), want, norm, FLOAT)?;
                }
                let e = expect_err(
                    "tf_idf with idf of the wrong length",
                    tf_idf(x.view(), Array1::ones(5).view()),
                )?;
                ensure(matches!(e, TextError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })
            }),
            // ------------------------------------------------------------ cosine
            Check::new("cosine_similarity/loops", DAYS, |cx| {
                for _ in 0..50 {
                    let n = cx.usize_in(1..=20);
                    let (a, b) = (cx.vector(n), cx.vector(n));
                    let want = cosine_loops(a.as_slice().unwrap(), b.as_slice().unwrap());
                    expect_close(
                        "cos(a, b)",
                        want,
                        cosine_similarity(a.view(), b.view()),
                        FLOAT,
                    )?;
                    // scale invariance and cos(a, a) = 1
                    expect_close(
                        "cos(3a, a)",
                        1.0,
                        cosine_similarity((&a * 3.0).view(), a.view()),
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            Check::new("cosine_similarity/zero_vector", DAYS, |_| {
                let z = Array1::<f64>::zeros(4);
                let a = Array1::from(vec![1.0, 2.0, 0.0, -1.0]);
                expect_eq(
                    "cos(0, a) (defined as 0, not NaN)",
                    0.0,
                    cosine_similarity(z.view(), a.view()),
                )?;
                expect_eq("cos(0, 0)", 0.0, cosine_similarity(z.view(), z.view()))
            }),
            // ------------------------------------------------------------ nearest documents
            Check::new("nearest_documents/brute_force", DAYS, |cx| {
                let mut m = random_counts(cx, 30, 8);
                // row 4 = 1, 2, …, 8: no other row (entries 0..=5) can be parallel to it
                let dup = Array1::from_iter((1..=8).map(f64::from));
                m.row_mut(4).assign(&dup);
                m.row_mut(17).assign(&dup); // a tie: rows 4 and 17 identical
                let q = m.row(4).to_owned();
                let k = cx.usize_in(1..=35);
                let got = nearest_documents(m.view(), q.view(), k).or_fail("nearest_documents")?;
                let mut want: Vec<(usize, f64)> = (0..m.nrows())
                    .map(|i| {
                        (
                            i,
                            cosine_loops(m.row(i).to_vec().as_slice(), q.as_slice().unwrap()),
                        )
                    })
                    .collect();
                // selection by repeated max scan: highest similarity, lowest index on ties
                let mut order = Vec::new();
                while !want.is_empty() && order.len() < k {
                    let mut best = 0;
                    for i in 1..want.len() {
                        if want[i].1 > want[best].1 + 1e-12 {
                            best = i;
                        }
                    }
                    order.push(want.remove(best));
                }
                expect_eq(
                    "number of neighbours (min(k, rows))",
                    order.len(),
                    got.len(),
                )?;
                // rows 4 and 17 are identical, so their similarities are bit-for-bit equal
                // and the tie goes to the lower row
                expect_eq(
                    "first two rows (the query's own row 4 and its copy 17, tie → lower row)",
                    vec![4, 17].into_iter().take(k).collect::<Vec<_>>(),
                    got.iter().take(2).map(|p| p.0).collect::<Vec<_>>(),
                )?;
                // elsewhere, random rows can tie up to rounding (1e-16) and either order is
                // fair: the k-th returned row must have the k-th highest similarity
                let mut seen = HashSet::new();
                for (p, (w, g)) in order.iter().zip(&got).enumerate() {
                    ensure(g.0 < m.nrows() && seen.insert(g.0), || {
                        format!("position {p}: row {} is out of range or repeated", g.0)
                    })?;
                    let true_sim =
                        cosine_loops(m.row(g.0).to_vec().as_slice(), q.as_slice().unwrap());
                    expect_close(
                        &format!("position {p}: true similarity of returned row {}", g.0),
                        w.1,
                        true_sim,
                        FLOAT,
                    )?;
                    expect_close(
                        &format!("position {p}: reported similarity"),
                        w.1,
                        g.1,
                        FLOAT,
                    )?;
                }
                let e = expect_err(
                    "query of the wrong length",
                    nearest_documents(m.view(), Array1::zeros(3).view(), 2),
                )?;
                ensure(matches!(e, TextError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })
            }),
            Check::new("nearest_documents/lee", DAYS, |_| {
                // Lee corpus: vocabulary and idf from the 300 background articles (stop words
                // removed, stemmed, min_count 2); each test article's neighbours against a
                // brute-force tf-idf built here with HashMaps.
                let bg = read_lines("text/lee_background").or_fail("reading lee_background")?;
                let test = read_lines("text/lee_test").or_fail("reading lee_test")?;
                // 300 and 50 articles: datasets/README.md (gensim's lee_background.cor, lee.cor)
                expect_eq("lee_background articles", 300, bg.len())?;
                expect_eq("lee_test articles", 50, test.len())?;
                let prep = |l: &String| -> Vec<String> {
                    remove_stop_words(&tokens_of(l), STOP_WORDS)
                        .iter()
                        .map(|w| stem(w))
                        .collect()
                };
                let bg_t: Vec<Vec<String>> = bg.iter().map(prep).collect();
                let te_t: Vec<Vec<String>> = test.iter().take(10).map(prep).collect();
                let v = build_vocab(&bg_t, 2, None).or_fail("build_vocab")?;
                let bg_c = bag_of_words(&v, &bg_t);
                let idf = fit_idf(bg_c.view()).or_fail("fit_idf")?;
                let bg_x = tf_idf(bg_c.view(), idf.view()).or_fail("tf_idf background")?;
                let te_x =
                    tf_idf(bag_of_words(&v, &te_t).view(), idf.view()).or_fail("tf_idf test")?;
                // brute force: sparse maps word → weight, with the same vocabulary words
                let known: HashSet<&String> = v.words.iter().skip(1).collect();
                let counts = |d: &Vec<String>| {
                    let mut c: BTreeMap<String, f64> = BTreeMap::new();
                    for t in d {
                        let key = if known.contains(t) {
                            t.clone()
                        } else {
                            "<unk>".into()
                        };
                        *c.entry(key).or_insert(0.0) += 1.0;
                    }
                    c
                };
                let bg_maps: Vec<BTreeMap<String, f64>> = bg_t.iter().map(counts).collect();
                let mut df: HashMap<&str, f64> = HashMap::new();
                for m in &bg_maps {
                    for k in m.keys() {
                        *df.entry(k.as_str()).or_insert(0.0) += 1.0;
                    }
                }
                let n = bg_maps.len() as f64;
                let weigh = |m: &BTreeMap<String, f64>| {
                    let mut w: BTreeMap<String, f64> = m
                        .iter()
                        .map(|(k, c)| {
                            (
                                k.clone(),
                                c * (((1.0 + n)
                                    / (1.0 + df.get(k.as_str()).copied().unwrap_or(0.0)))
                                .ln()
                                    + 1.0),
                            )
                        })
                        .collect();
                    let norm = w.values().map(|x| x * x).sum::<f64>().sqrt();
                    if norm > 0.0 {
                        w.values_mut().for_each(|x| *x /= norm);
                    }
                    w
                };
                let bg_w: Vec<_> = bg_maps.iter().map(weigh).collect();
                for (q, qt) in te_t.iter().enumerate() {
                    let qw = weigh(&counts(qt));
                    let mut sims: Vec<(usize, f64)> = bg_w
                        .iter()
                        .enumerate()
                        .map(|(i, d)| {
                            (
                                i,
                                qw.iter()
                                    .map(|(k, x)| x * d.get(k).copied().unwrap_or(0.0))
                                    .sum(),
                            )
                        })
                        .collect();
                    sims.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
                    let got = nearest_documents(bg_x.view(), te_x.row(q), 3)
                        .or_fail("nearest_documents")?;
                    // similarities compared with a tolerance: the two routes sum in different orders
                    for (r, (w, g)) in sims.iter().zip(&got).enumerate() {
                        expect_close(
                            &format!("test article {q}: similarity of neighbour {r}"),
                            w.1,
                            g.1,
                            Tol::new(1e-9, 1e-9),
                        )?;
                        if (sims[r].1 - sims.get(r + 1).map_or(-1.0, |x| x.1)).abs() > 1e-9 {
                            expect_eq(&format!("test article {q}: neighbour {r}"), w.0, g.0)?;
                        }
                    }
                }
                // every background article is its own nearest neighbour, similarity 1
                for i in [0usize, 57, 299] {
                    let got = nearest_documents(bg_x.view(), bg_x.row(i), 1)
                        .or_fail("nearest_documents self")?;
                    expect_close(
                        &format!("self-similarity of article {i}"),
                        1.0,
                        got[0].1,
                        FLOAT,
                    )?;
                }
                Ok(())
            }),
            // ------------------------------------------------------------ naive Bayes
            Check::new("fit_naive_bayes/closed_form", DAYS, |cx| {
                // tiny corpus: words [unk, good, bad, film]
                let x = ndarray::array![[0., 2., 0., 1.], [0., 1., 0., 1.], [1., 0., 3., 1.]];
                let y = [1, 1, 0];
                let alpha = cx.f64_in(0.1, 2.0);
                let m = fit_naive_bayes(x.view(), &y, 2, alpha).or_fail("fit_naive_bayes")?;
                // class 0 counts [1,0,3,1] total 5; class 1 counts [0,3,0,2] total 5; V = 4
                let c0 = [1.0, 0.0, 3.0, 1.0];
                let c1 = [0.0, 3.0, 0.0, 2.0];
                let want_ll = Array2::from_shape_fn((2, 4), |(c, j)| {
                    let cnt = if c == 0 { c0[j] } else { c1[j] };
                    ((cnt + alpha) / (5.0 + 4.0 * alpha)).ln()
                });
                expect_array_close(
                    "log_prior",
                    &Array1::from(vec![(1.0f64 / 3.0).ln(), (2.0f64 / 3.0).ln()]),
                    &m.log_prior,
                    FLOAT,
                )?;
                expect_array_close(
                    &format!("log_likelihood (alpha {alpha:.3})"),
                    &want_ll,
                    &m.log_likelihood,
                    FLOAT,
                )?;
                // random data: every class row of exp(log_likelihood) sums to 1
                let xr = random_counts(cx, 20, 9);
                let yr: Vec<usize> = (0..20)
                    .map(|i| if i < 3 { i } else { cx.usize_in(0..=2) })
                    .collect();
                let mr =
                    fit_naive_bayes(xr.view(), &yr, 3, 1.0).or_fail("fit_naive_bayes random")?;
                for c in 0..3 {
                    expect_close(
                        &format!("Σ_j P(word j | class {c})"),
                        1.0,
                        mr.log_likelihood.row(c).mapv(f64::exp).sum(),
                        FLOAT,
                    )?;
                }
                expect_close(
                    "Σ_c P(class c)",
                    1.0,
                    mr.log_prior.mapv(f64::exp).sum(),
                    FLOAT,
                )
            }),
            Check::new("fit_naive_bayes/errors", DAYS, |_| {
                let x = Array2::<f64>::ones((3, 2));
                let bad = |what: &str,
                           r: Result<MultinomialNb, TextError>,
                           ok: fn(&TextError) -> bool|
                 -> CheckResult {
                    let e = expect_err(what, r)?;
                    ensure(ok(&e), || format!("{what}: wrong error {e:?}"))
                };
                bad(
                    "labels of the wrong length",
                    fit_naive_bayes(x.view(), &[0, 1], 2, 1.0),
                    |e| matches!(e, TextError::LengthMismatch { .. }),
                )?;
                bad(
                    "alpha = 0",
                    fit_naive_bayes(x.view(), &[0, 1, 0], 2, 0.0),
                    |e| matches!(e, TextError::BadParam(_)),
                )?;
                bad(
                    "alpha = NaN",
                    fit_naive_bayes(x.view(), &[0, 1, 0], 2, f64::NAN),
                    |e| matches!(e, TextError::BadParam(_)),
                )?;
                bad(
                    "label 2 with 2 classes",
                    fit_naive_bayes(x.view(), &[0, 2, 0], 2, 1.0),
                    |e| matches!(e, TextError::BadParam(_)),
                )?;
                bad(
                    "no rows",
                    fit_naive_bayes(Array2::<f64>::zeros((0, 2)).view(), &[], 2, 1.0),
                    |e| matches!(e, TextError::Empty(_)),
                )
            }),
            Check::new("predict/closed_form", DAYS, |cx| {
                let (r, v, k) = (30, 7, 3);
                let x = random_counts(cx, r, v);
                let y: Vec<usize> = (0..r)
                    .map(|i| if i < k { i } else { cx.usize_in(0..=k - 1) })
                    .collect();
                let m = fit_naive_bayes(x.view(), &y, k, 0.5).or_fail("fit_naive_bayes")?;
                let q = random_counts(cx, 15, v);
                let got = m.predict(q.view()).or_fail("predict")?;
                // argmax by loops over the fitted model's own parameters, lowest class on ties
                for i in 0..q.nrows() {
                    let mut best = (0, f64::NEG_INFINITY);
                    for c in 0..k {
                        let mut sc = m.log_prior[c];
                        for j in 0..v {
                            sc += q[[i, j]] * m.log_likelihood[[c, j]];
                        }
                        if sc > best.1 + 1e-12 {
                            best = (c, sc);
                        }
                    }
                    expect_eq(&format!("class of row {i}"), best.0, got[i])?;
                }
                let e = expect_err(
                    "predict with the wrong number of columns",
                    m.predict(Array2::zeros((2, v + 1)).view()),
                )?;
                ensure(matches!(e, TextError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })
            }),
            // ------------------------------------------------------------ polarity
            Check::new("polarity_experiment/split_and_accuracy", DAYS, |cx| {
                let seed = cx.rng.gen::<u64>();
                let rep = polarity_experiment(seed).or_fail("polarity_experiment")?;
                let data = load_polarity().or_fail("load_polarity")?;
                // 200 lines, 100 per label (datasets/README.md; counted with grep)
                expect_eq("sentences", 200, data.len())?;
                let mut all: Vec<usize> = rep.train.iter().chain(&rep.test).copied().collect();
                all.sort_unstable();
                expect_eq(
                    "train ∪ test = 0..200, each once",
                    (0..200).collect::<Vec<_>>(),
                    all,
                )?;
                let pos_test = rep.test.iter().filter(|&&i| data[i].1 == 1).count();
                expect_eq(
                    "positive sentences in test (round(100 · 0.25))",
                    25,
                    pos_test,
                )?;
                expect_eq("negative sentences in test", 25, rep.test.len() - pos_test)?;
                expect_eq(
                    "one prediction per test sentence",
                    rep.test.len(),
                    rep.predictions.len(),
                )?;
                // naive Bayes by HashMaps on the reported split
                let toks: Vec<Vec<String>> = data.iter().map(|(t, _)| tokens_of(t)).collect();
                let mut wc: [HashMap<&str, f64>; 2] = [HashMap::new(), HashMap::new()];
                let mut nc = [0.0; 2];
                let mut vocab: HashSet<&str> = HashSet::new();
                for &i in &rep.train {
                    nc[data[i].1] += 1.0;
                    for t in &toks[i] {
                        *wc[data[i].1].entry(t.as_str()).or_insert(0.0) += 1.0;
                        vocab.insert(t.as_str());
                    }
                }
                let v = vocab.len() as f64 + 1.0; // + the <unk> column (never counted in training)
                let tot = [wc[0].values().sum::<f64>(), wc[1].values().sum::<f64>()];
                let mut correct = 0.0;
                for (&i, &p) in rep.test.iter().zip(&rep.predictions) {
                    let score = |c: usize| {
                        let mut s = (nc[c] / rep.train.len() as f64).ln();
                        for t in &toks[i] {
                            let n = if vocab.contains(t.as_str()) {
                                wc[c].get(t.as_str()).copied().unwrap_or(0.0)
                            } else {
                                0.0
                            };
                            s += ((n + 1.0) / (tot[c] + v)).ln();
                        }
                        s
                    };
                    let (s0, s1) = (score(0), score(1));
                    // a near-tie may fall either way after rounding
                    if (s0 - s1).abs() > 1e-9 {
                        expect_eq(
                            &format!("prediction for sentence {i}"),
                            usize::from(s1 > s0),
                            p,
                        )?;
                    }
                    if p == data[i].1 {
                        correct += 1.0;
                    }
                }
                expect_close(
                    "accuracy = correct / 50",
                    correct / 50.0,
                    rep.accuracy,
                    FLOAT,
                )
            }),
            // ------------------------------------------------------------ plot
            Check::new("plot_zipf/png", DAYS, |cx| {
                let bg = read_lines("text/lee_background").or_fail("reading lee_background")?;
                // whitespace tokens, so this check does not depend on your tokenizer
                let docs: Vec<Vec<String>> = bg
                    .iter()
                    .map(|l| l.split_whitespace().map(String::from).collect())
                    .collect();
                let path = cx.plot_path("zipf_lee.png");
                plot_zipf(&docs, "Zipf's law: Lee background corpus", fresh(&path))
                    .or_fail("plot_zipf")?;
                expect_png("Zipf plot", &path, (800, 500), 0.01)?;
                let e = expect_err(
                    "plot_zipf of no tokens",
                    plot_zipf(&[vec![]], "empty", &cx.plot_path("zipf_empty.png")),
                )?;
                ensure(matches!(e, TextError::Empty(_)), || {
                    format!("expected Empty, got {e:?}")
                })
            }),
        ],
    );
}
