//! Chapter 37: text (roadmap W18 D5-6, "Text preprocessing, Tokenization").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 37` runs the hidden checks, `cargo grader hint 37::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).

use std::collections::HashMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// What can go wrong while turning text into numbers.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// A parameter out of range (`n = 0` for n-grams, `min_count = 0`, `alpha <= 0`, …).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// An id that names no vocabulary entry.
    #[error("id {id} is outside a vocabulary of {len} entries")]
    UnknownId { id: usize, len: usize },
    /// Two inputs disagree on their length.
    #[error("{left} values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// A line of the polarity file without a `__label__pos` / `__label__neg` prefix.
    #[error("line {line}: no __label__pos / __label__neg prefix")]
    BadLine { line: usize },
    /// The data set could not be found or verified.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// The data file could not be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// The id of the unknown-word entry: every vocabulary starts with it.
pub const UNK_ID: usize = 0;
/// The spelling of the unknown-word entry.
pub const UNK: &str = "<unk>";

/// A short English stop-word list (given: use it as it is).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their",
    "they", "this", "to", "was", "were", "will", "with", "you",
];

/// A vocabulary: `words[id]` is the token with that id, `index[token]` its id.
/// `words[0]` is always [`UNK`].
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    pub words: Vec<String>,
    pub index: HashMap<String, usize>,
}

impl Vocab {
    /// Entries including `<unk>`.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Never true: `<unk>` is always there.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A fitted multinomial naive Bayes model.
#[derive(Debug, Clone, PartialEq)]
pub struct MultinomialNb {
    /// `ln P(class)`, one per class.
    pub log_prior: Array1<f64>,
    /// `ln P(word j | class c)` at `[c, j]`, Laplace (additive) smoothed.
    pub log_likelihood: Array2<f64>,
}

/// What [`polarity_experiment`] measured.
#[derive(Debug, Clone, PartialEq)]
pub struct PolarityReport {
    /// Line numbers (0-based) of the training sentences.
    pub train: Vec<usize>,
    /// Line numbers of the test sentences.
    pub test: Vec<usize>,
    /// Predicted label (0 = neg, 1 = pos) for each entry of `test`, in order.
    pub predictions: Vec<usize>,
    /// Fraction of `test` predicted correctly.
    pub accuracy: f64,
}

/// The non-empty lines of a text data set (`"text/lee_background"`), given.
///
/// The files are not UTF-8: two of them are 8-bit text (`"cliché"` is the byte `0xE9`).
/// They are decoded as Latin-1 (ISO-8859-1): every byte becomes the `char` with that
/// number, so nothing fails and `é` comes out right.
///
/// # Errors
/// [`TextError::Data`] if the file is missing or changed, [`TextError::Io`] if unreadable.
pub fn read_lines(name: &str) -> Result<Vec<String>, TextError> {
    let path = datasets::path(name)?;
    let text: String = std::fs::read(path)?.into_iter().map(char::from).collect();
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect())
}

/// The polarity sample as `(sentence, label)` pairs, label 1 for `__label__pos` and 0 for
/// `__label__neg`, in file order (given).
///
/// # Errors
/// As [`read_lines`], and [`TextError::BadLine`] for a line without a label.
pub fn load_polarity() -> Result<Vec<(String, usize)>, TextError> {
    read_lines("text/sentence_polarity_sample")?
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if let Some(rest) = l.strip_prefix("__label__pos ") {
                Ok((rest.trim().to_string(), 1))
            } else if let Some(rest) = l.strip_prefix("__label__neg ") {
                Ok((rest.trim().to_string(), 0))
            } else {
                Err(TextError::BadLine { line: i })
            }
        })
        .collect()
}

/// Normalise text before tokenising: Unicode lower-case (`str::to_lowercase`, so
/// `"ÉCOLE"` → `"école"`), the typographic apostrophes `’` and `‘` become `'`, every run
/// of whitespace becomes one space, and the ends are trimmed. Punctuation is **kept**:
/// the tokenizer decides what to do with it.
///
/// ```
/// assert_eq!(text::normalize("  It’s\tGREAT!\n"), "it's great!");
/// ```
///
/// Hints: `cargo grader hint 37::normalize`.
pub fn normalize(text: &str) -> String {
    let lower = text.to_lowercase().replace(['’', '‘'], "'");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Split text into word and punctuation tokens. Rules, in order:
///
/// 1. whitespace separates tokens and is dropped;
/// 2. a **word** is a maximal run of alphanumeric characters (`char::is_alphanumeric`,
///    so `"café"` and `"4"` are words); an apostrophe `'` *between* two alphanumeric
///    characters joins them, so contractions stay whole: `"it's"`, `"don't"`;
/// 3. every other character is a token on its own: `"!?"` → `"!"`, `"?"`; a hyphen splits
///    `"south-west"` into `"south"`, `"-"`, `"west"`; a leading or trailing apostrophe
///    (`"'tis"`, `"dogs'"`) is its own token.
///
/// The input is not normalised first: call [`normalize`] yourself.
///
/// ```
/// assert_eq!(text::tokenize("it's 4:00pm, ok?"), ["it's", "4", ":", "00pm", ",", "ok", "?"]);
/// ```
///
/// Hints: `cargo grader hint 37::tokenize`.
pub fn tokenize(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let joins =
            c == '\'' && !word.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Drop stop words and punctuation: keep a token only if it contains at least one
/// alphanumeric character and is not in `stop_words` (exact match). Order is kept.
///
/// ```
/// let t: Vec<String> = ["the", "film", ",", "is", "great"].iter().map(|s| s.to_string()).collect();
/// assert_eq!(text::remove_stop_words(&t, text::STOP_WORDS), ["film", "great"]);
/// ```
///
/// Hints: `cargo grader hint 37::remove_stop_words`.
pub fn remove_stop_words(tokens: &[String], stop_words: &[&str]) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphanumeric) && !stop_words.contains(&t.as_str()))
        .cloned()
        .collect()
}

/// A light suffix-stripping stemmer (not Porter). The rules, tried in this order:
///
/// | suffix | becomes | example |
/// |---|---|---|
/// | `sses` | `ss` | classes → class |
/// | `ies` | `y` | stories → story |
/// | `ing` | (nothing) | walking → walk |
/// | `ed` | (nothing) | jumped → jump |
/// | `ly` | (nothing) | quickly → quick |
/// | `s` | (nothing), except after `s`, `u` or `i` | films → film; glass, bus, this stay |
///
/// The **first** rule whose suffix matches decides. If its result would have fewer than
/// 3 characters (count `char`s), the word is returned unchanged — no later rule is tried
/// (`"dies"` stays `"dies"`, `"sing"` stays `"sing"`).
///
/// ```
/// assert_eq!(text::stem("stories"), "story");
/// assert_eq!(text::stem("bus"), "bus");
/// ```
///
/// Hints: `cargo grader hint 37::stem`.
pub fn stem(word: &str) -> String {
    const RULES: [(&str, &str); 5] = [
        ("sses", "ss"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("ly", ""),
    ];
    let keep_if_short = |s: String| {
        if s.chars().count() >= 3 {
            s
        } else {
            word.to_string()
        }
    };
    for (suffix, repl) in RULES {
        if let Some(stem) = word.strip_suffix(suffix) {
            return keep_if_short(format!("{stem}{repl}"));
        }
    }
    if let Some(stem) = word.strip_suffix('s') {
        if stem.ends_with(['s', 'u', 'i']) {
            return word.to_string();
        }
        return keep_if_short(stem.to_string());
    }
    word.to_string()
}

/// Build a vocabulary from tokenised documents.
///
/// Count every token over all documents (a literal `"<unk>"` in the input is skipped).
/// Keep the tokens seen at least `min_count` times, order them by count (highest first)
/// and break ties alphabetically (`String` order, ascending), then keep the first
/// `max_size` of them when `max_size` is `Some`. Id 0 is [`UNK`]; the kept tokens get
/// ids 1, 2, … in that order, so `len() = kept + 1`.
///
/// ```
/// let docs = vec![vec!["b".to_string(), "a".into(), "b".into()], vec!["c".into(), "a".into()]];
/// let v = text::build_vocab(&docs, 1, Some(2)).unwrap();
/// assert_eq!(v.words, ["<unk>", "a", "b"]); // a and b both twice: a first; c cut
/// ```
///
/// # Errors
/// [`TextError::BadParam`] when `min_count` is 0.
///
/// Hints: `cargo grader hint 37::build_vocab`.
pub fn build_vocab(
    docs: &[Vec<String>],
    min_count: usize,
    max_size: Option<usize>,
) -> Result<Vocab, TextError> {
    if min_count == 0 {
        return Err(TextError::BadParam("min_count must be at least 1".into()));
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in docs.iter().flatten() {
        if t != UNK {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut kept: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= min_count)
        .collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if let Some(m) = max_size {
        kept.truncate(m);
    }
    let words: Vec<String> = std::iter::once(UNK)
        .chain(kept.iter().map(|&(w, _)| w))
        .map(str::to_string)
        .collect();
    let index = words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.clone(), i))
        .collect();
    Ok(Vocab { words, index })
}

/// The id of each token, [`UNK_ID`] for tokens not in the vocabulary.
///
/// ```
/// let docs = vec![vec!["hi".to_string()]];
/// let v = text::build_vocab(&docs, 1, None).unwrap();
/// assert_eq!(text::encode(&v, &["hi".to_string(), "yo".to_string()]), [1, 0]);
/// ```
///
/// Hints: `cargo grader hint 37::encode`.
pub fn encode(vocab: &Vocab, tokens: &[String]) -> Vec<usize> {
    tokens
        .iter()
        .map(|t| vocab.index.get(t).copied().unwrap_or(UNK_ID))
        .collect()
}

/// The token of each id (id 0 gives `"<unk>"`).
///
/// # Errors
/// [`TextError::UnknownId`] for an id `>= vocab.len()`.
///
/// Hints: `cargo grader hint 37::decode`.
pub fn decode(vocab: &Vocab, ids: &[usize]) -> Result<Vec<String>, TextError> {
    ids.iter()
        .map(|&id| {
            vocab.words.get(id).cloned().ok_or(TextError::UnknownId {
                id,
                len: vocab.len(),
            })
        })
        .collect()
}

/// Bag-of-words counts: a dense `docs.len() × vocab.len()` matrix whose `[i, j]` is how
/// many times token id `j` occurs in document `i` (column 0 counts the unknown tokens).
///
/// Hints: `cargo grader hint 37::bag_of_words`.
pub fn bag_of_words(vocab: &Vocab, docs: &[Vec<String>]) -> Array2<f64> {
    let mut m = Array2::zeros((docs.len(), vocab.len()));
    for (i, doc) in docs.iter().enumerate() {
        for id in encode(vocab, doc) {
            m[[i, id]] += 1.0;
        }
    }
    m
}

/// Word n-grams: every run of `n` consecutive tokens joined by one space, in order.
/// Fewer than `n` tokens give no n-grams.
///
/// ```
/// let t: Vec<String> = "not very good".split(' ').map(String::from).collect();
/// assert_eq!(text::ngrams(&t, 2).unwrap(), ["not very", "very good"]);
/// ```
///
/// # Errors
/// [`TextError::BadParam`] when `n` is 0.
///
/// Hints: `cargo grader hint 37::ngrams`.
pub fn ngrams(tokens: &[String], n: usize) -> Result<Vec<String>, TextError> {
    if n == 0 {
        return Err(TextError::BadParam("n must be at least 1".into()));
    }
    Ok(tokens.windows(n).map(|w| w.join(" ")).collect())
}

/// Character n-grams of one word with boundary markers (fastText style): wrap the word as
/// `"<" + word + ">"` and take every run of `n` consecutive **characters** (not bytes).
/// A padded word shorter than `n` gives none.
///
/// ```
/// assert_eq!(text::char_ngrams("cat", 3).unwrap(), ["<ca", "cat", "at>"]);
/// ```
///
/// # Errors
/// [`TextError::BadParam`] when `n` is 0.
///
/// Hints: `cargo grader hint 37::char_ngrams`.
pub fn char_ngrams(word: &str, n: usize) -> Result<Vec<String>, TextError> {
    if n == 0 {
        return Err(TextError::BadParam("n must be at least 1".into()));
    }
    let padded: Vec<char> = format!("<{word}>").chars().collect();
    Ok(padded.windows(n).map(|w| w.iter().collect()).collect())
}

/// Smooth inverse document frequency of every column of a count matrix (scikit-learn's
/// `smooth_idf=True`): with `N` documents (rows) and `df_j` the number of rows where
/// column `j` is non-zero, `idf_j = ln((1 + N) / (1 + df_j)) + 1`.
///
/// # Errors
/// [`TextError::Empty`] when there are no rows.
///
/// Hints: `cargo grader hint 37::fit_idf`.
pub fn fit_idf(counts: ArrayView2<f64>) -> Result<Array1<f64>, TextError> {
    let n = counts.nrows();
    if n == 0 {
        return Err(TextError::Empty("no documents to fit idf on"));
    }
    Ok(counts
        .columns()
        .into_iter()
        .map(|c| {
            let df = c.iter().filter(|&&x| x != 0.0).count();
            ((1.0 + n as f64) / (1.0 + df as f64)).ln() + 1.0
        })
        .collect())
}

/// TF-IDF rows: `x_ij = count_ij · idf_j`, then each row divided by its Euclidean (L2)
/// norm so it has length 1. A row of zeros stays zeros. This is
/// `TfidfVectorizer(smooth_idf=True, norm="l2", sublinear_tf=False)`.
///
/// # Errors
/// [`TextError::LengthMismatch`] when `idf.len()` differs from the number of columns.
///
/// Hints: `cargo grader hint 37::tf_idf`.
pub fn tf_idf(counts: ArrayView2<f64>, idf: ArrayView1<f64>) -> Result<Array2<f64>, TextError> {
    if idf.len() != counts.ncols() {
        return Err(TextError::LengthMismatch {
            left: idf.len(),
            right: counts.ncols(),
        });
    }
    let mut x = &counts * &idf;
    for mut row in x.rows_mut() {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row /= norm;
        }
    }
    Ok(x)
}

/// Cosine similarity `a·b / (‖a‖ ‖b‖)`; 0 when either vector is all zeros.
///
/// ```
/// use ndarray::array;
/// assert!((text::cosine_similarity(array![1.0, 0.0].view(), array![1.0, 1.0].view()) - 0.5f64.sqrt()).abs() < 1e-12);
/// ```
///
/// # Panics
/// When the lengths differ.
///
/// Hints: `cargo grader hint 37::cosine_similarity`.
pub fn cosine_similarity(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    assert_eq!(a.len(), b.len(), "cosine of vectors of different lengths");
    let (na, nb) = (a.dot(&a).sqrt(), b.dot(&b).sqrt());
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        a.dot(&b) / (na * nb)
    }
}

/// The `k` rows of `docs` most similar to `query` by cosine similarity, as
/// `(row, similarity)` sorted by similarity (highest first), ties by row (lowest first).
/// Fewer than `k` rows give them all.
///
/// # Errors
/// [`TextError::LengthMismatch`] when `query.len()` differs from the number of columns.
///
/// Hints: `cargo grader hint 37::nearest_documents`.
pub fn nearest_documents(
    docs: ArrayView2<f64>,
    query: ArrayView1<f64>,
    k: usize,
) -> Result<Vec<(usize, f64)>, TextError> {
    if query.len() != docs.ncols() {
        return Err(TextError::LengthMismatch {
            left: query.len(),
            right: docs.ncols(),
        });
    }
    let mut sims: Vec<(usize, f64)> = docs
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i, cosine_similarity(r, query)))
        .collect();
    sims.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    sims.truncate(k);
    Ok(sims)
}

/// Fit multinomial naive Bayes (scikit-learn's `MultinomialNB(alpha)`) on a count matrix
/// `x` (documents × words) with labels `y` in `0..n_classes`:
///
/// `log_prior[c] = ln(n_c / n)`, and with `N_cj` the total count of word `j` over class
/// `c`'s documents and `V = x.ncols()`,
/// `log_likelihood[c, j] = ln((N_cj + α) / (Σ_j' N_cj' + α·V))`.
///
/// # Errors
/// [`TextError::Empty`] for no rows, [`TextError::LengthMismatch`] when `y.len()` is not
/// the number of rows, [`TextError::BadParam`] for `alpha <= 0` (or NaN), `n_classes == 0`
/// or a label `>= n_classes`.
///
/// Hints: `cargo grader hint 37::fit_naive_bayes`.
pub fn fit_naive_bayes(
    x: ArrayView2<f64>,
    y: &[usize],
    n_classes: usize,
    alpha: f64,
) -> Result<MultinomialNb, TextError> {
    if x.nrows() == 0 {
        return Err(TextError::Empty("no documents to fit on"));
    }
    if y.len() != x.nrows() {
        return Err(TextError::LengthMismatch {
            left: y.len(),
            right: x.nrows(),
        });
    }
    if alpha.is_nan() || alpha <= 0.0 || n_classes == 0 {
        return Err(TextError::BadParam(format!(
            "alpha {alpha} must be > 0 and n_classes {n_classes} ≥ 1"
        )));
    }
    if let Some(&bad) = y.iter().find(|&&c| c >= n_classes) {
        return Err(TextError::BadParam(format!(
            "label {bad} is not below {n_classes}"
        )));
    }
    let v = x.ncols();
    let mut class_n = vec![0.0; n_classes];
    let mut word = Array2::<f64>::zeros((n_classes, v));
    for (row, &c) in x.rows().into_iter().zip(y) {
        class_n[c] += 1.0;
        let mut wc = word.row_mut(c);
        wc += &row;
    }
    let n = y.len() as f64;
    let log_prior = class_n.iter().map(|&k| (k / n).ln()).collect();
    let mut log_likelihood = word.mapv(|c| c + alpha);
    for mut row in log_likelihood.rows_mut() {
        let total = row.sum();
        row.mapv_inplace(|c| (c / total).ln());
    }
    Ok(MultinomialNb {
        log_prior,
        log_likelihood,
    })
}

impl MultinomialNb {
    /// The most probable class of each row of a count matrix: the `c` maximising
    /// `log_prior[c] + Σ_j x_j · log_likelihood[c, j]`, the lowest `c` on a tie.
    ///
    /// # Errors
    /// [`TextError::LengthMismatch`] when `x.ncols()` differs from the fitted vocabulary.
    ///
    /// Hints: `cargo grader hint 37::predict`.
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<usize>, TextError> {
        if x.ncols() != self.log_likelihood.ncols() {
            return Err(TextError::LengthMismatch {
                left: x.ncols(),
                right: self.log_likelihood.ncols(),
            });
        }
        let scores = x.dot(&self.log_likelihood.t()) + &self.log_prior;
        Ok(scores
            .rows()
            .into_iter()
            .map(|r| {
                let mut best = 0;
                for c in 1..r.len() {
                    if r[c] > r[best] {
                        best = c;
                    }
                }
                best
            })
            .collect())
    }
}

/// Sentiment classification on the polarity sample, end to end.
///
/// 1. [`load_polarity`]; tokens of each sentence are `tokenize(&normalize(s))` (no stop
///    words removed: "not" and "but" carry sentiment).
/// 2. Stratified split: for each label (0 then 1) take its line numbers in file order,
///    shuffle them with one `StdRng::seed_from_u64(seed)`, and put the first
///    `round(n_label · 0.25)` into `test`, the rest into `train`.
/// 3. Vocabulary from the training sentences only (`min_count` 1, no size cap), bag of
///    words for both parts, [`fit_naive_bayes`] with `alpha = 1.0`, predict the test part.
///
/// # Errors
/// Whatever loading or fitting returns.
///
/// Hints: `cargo grader hint 37::polarity_experiment`.
pub fn polarity_experiment(seed: u64) -> Result<PolarityReport, TextError> {
    let data = load_polarity()?;
    let tokens: Vec<Vec<String>> = data.iter().map(|(s, _)| tokenize(&normalize(s))).collect();
    let labels: Vec<usize> = data.iter().map(|&(_, y)| y).collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for c in 0..2 {
        let mut members: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == c).collect();
        members.shuffle(&mut rng);
        let n_test = (members.len() as f64 * 0.25).round() as usize;
        test.extend_from_slice(&members[..n_test]);
        train.extend_from_slice(&members[n_test..]);
    }
    let pick = |idx: &[usize]| idx.iter().map(|&i| tokens[i].clone()).collect::<Vec<_>>();
    let (train_docs, test_docs) = (pick(&train), pick(&test));
    let vocab = build_vocab(&train_docs, 1, None)?;
    let y_train: Vec<usize> = train.iter().map(|&i| labels[i]).collect();
    let model = fit_naive_bayes(bag_of_words(&vocab, &train_docs).view(), &y_train, 2, 1.0)?;
    let predictions = model.predict(bag_of_words(&vocab, &test_docs).view())?;
    let correct = test
        .iter()
        .zip(&predictions)
        .filter(|(&i, &p)| labels[i] == p)
        .count();
    Ok(PolarityReport {
        accuracy: correct as f64 / test.len() as f64,
        train,
        test,
        predictions,
    })
}

/// Zipf's law plot: count every token of `docs`, sort the counts from highest to lowest,
/// and draw `log10(rank)` (rank 1, 2, …) against `log10(count)` as one line with
/// `charts::line_chart` into `path`.
///
/// # Errors
/// [`TextError::Empty`] when there are no tokens, [`TextError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 37::plot_zipf`.
pub fn plot_zipf(docs: &[Vec<String>], title: &str, path: &Path) -> Result<(), TextError> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in docs.iter().flatten() {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    if counts.is_empty() {
        return Err(TextError::Empty("no tokens to plot"));
    }
    let mut c: Vec<usize> = counts.into_values().collect();
    c.sort_unstable_by(|a, b| b.cmp(a));
    let points = c
        .iter()
        .enumerate()
        .map(|(r, &n)| (((r + 1) as f64).log10(), (n as f64).log10()))
        .collect();
    charts::line_chart(
        path,
        title,
        "log10(rank)",
        "log10(count)",
        &[charts::Series::new("tokens", points)],
    )
    .map_err(|e| TextError::Plot(e.to_string()))
}
