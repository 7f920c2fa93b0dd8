//! Chapter 37: text (roadmap W18 D5-6, "Text preprocessing, Tokenization").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 37` runs the hidden checks, `cargo grader hint 37::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::collections::HashMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
}

/// The token of each id (id 0 gives `"<unk>"`).
///
/// # Errors
/// [`TextError::UnknownId`] for an id `>= vocab.len()`.
///
/// Hints: `cargo grader hint 37::decode`.
pub fn decode(vocab: &Vocab, ids: &[usize]) -> Result<Vec<String>, TextError> {
    todo!()
}

/// Bag-of-words counts: a dense `docs.len() × vocab.len()` matrix whose `[i, j]` is how
/// many times token id `j` occurs in document `i` (column 0 counts the unknown tokens).
///
/// Hints: `cargo grader hint 37::bag_of_words`.
pub fn bag_of_words(vocab: &Vocab, docs: &[Vec<String>]) -> Array2<f64> {
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
        todo!()
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
    todo!()
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
    todo!()
}
