//! Chapter 38: word embeddings (roadmap W18 D7, "Word embeddings (Word2Vec, GloVe)").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 38` runs the hidden checks, `cargo grader hint 38::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//! The tokenizer, vocabulary, loaders and structs at the top are given complete.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::collections::HashMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;
use thiserror::Error;
// You will want these as you write the bodies: `ndarray::Axis`,
// `indicatif::{ProgressBar, ProgressStyle}`, `std::io::IsTerminal`, and
// `plotters::prelude::*` inside `plot_words`.

// ---------------------------------------------------------------------------------------
// Given: errors, tokenizer, vocabulary, corpus and analogy loaders, the model's storage.
// ---------------------------------------------------------------------------------------

/// What can go wrong in this chapter.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EmbedError {
    /// An input that must not be empty was empty (or summed to zero).
    #[error("empty input: {0}")]
    Empty(&'static str),
    /// A parameter outside its allowed range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// Lengths or shapes that do not fit together.
    #[error("dimension mismatch: expected {expected}, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    /// A word index past the end of the vocabulary.
    #[error("index {index} out of range for {len} words")]
    IndexOutOfRange { index: usize, len: usize },
    /// A malformed line in an analogy file (1-based line number).
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
    /// Loading a data file failed.
    #[error("data: {0}")]
    Data(String),
    /// Drawing a plot failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// Lower-case `text` and split it into runs of ASCII letters and digits; everything else
/// (spaces, punctuation, apostrophes) separates tokens. Given, and deliberately simple:
/// chapter 37 builds a proper tokenizer.
///
/// ```
/// assert_eq!(embeddings::tokenize("Hill Top's 4:00pm fire!"), ["hill", "top", "s", "4", "00pm", "fire"]);
/// ```
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_ascii_lowercase())
        .collect()
}

/// A vocabulary: words sorted by count (most frequent first, ties alphabetically), their
/// counts, and a word → index map. Given.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    pub words: Vec<String>,
    pub counts: Vec<usize>,
    pub index: HashMap<String, usize>,
}

impl Vocab {
    /// Count every token of `docs` and keep the words seen at least `min_count` times.
    pub fn build(docs: &[Vec<String>], min_count: usize) -> Vocab {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for doc in docs {
            for w in doc {
                *counts.entry(w.as_str()).or_insert(0) += 1;
            }
        }
        let mut pairs: Vec<(&str, usize)> = counts
            .into_iter()
            .filter(|&(_, c)| c >= min_count.max(1))
            .collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let words: Vec<String> = pairs.iter().map(|(w, _)| w.to_string()).collect();
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Vocab {
            words,
            counts: pairs.iter().map(|&(_, c)| c).collect(),
            index,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The index of `word`, if it is in the vocabulary.
    pub fn get(&self, word: &str) -> Option<usize> {
        self.index.get(word).copied()
    }

    /// Map tokens to indices, dropping words not in the vocabulary (as word2vec does).
    pub fn encode(&self, tokens: &[String]) -> Vec<usize> {
        tokens.iter().filter_map(|t| self.get(t)).collect()
    }
}

/// The shipped corpus `text/lee_background` (300 news articles), one token list per
/// article. Given.
///
/// # Errors
/// [`EmbedError::Data`] when the file is missing or cannot be read.
pub fn load_corpus() -> Result<Vec<Vec<String>>, EmbedError> {
    let path =
        datasets::path("text/lee_background").map_err(|e| EmbedError::Data(e.to_string()))?;
    let text = std::fs::read_to_string(&path).map_err(|e| EmbedError::Data(e.to_string()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(tokenize)
        .collect())
}

/// One section of the analogy file (`: capital-common-countries`), its questions
/// `a b c d` meaning "a is to b as c is to d", lower-cased.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalogySection {
    pub name: String,
    pub questions: Vec<[String; 4]>,
}

/// Parse Mikolov's question-words format: a line `: name` opens a section, every other
/// non-blank line holds four words. Given.
///
/// # Errors
/// [`EmbedError::Parse`] for a question before the first section or a line without
/// exactly four words.
pub fn parse_analogies(text: &str) -> Result<Vec<AnalogySection>, EmbedError> {
    let mut sections: Vec<AnalogySection> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix(':') {
            sections.push(AnalogySection {
                name: name.trim().to_string(),
                questions: Vec::new(),
            });
            continue;
        }
        let words: Vec<String> = line.split_whitespace().map(|w| w.to_lowercase()).collect();
        let Ok(q) = <[String; 4]>::try_from(words) else {
            return Err(EmbedError::Parse {
                line: i + 1,
                message: format!("expected four words in {line:?}"),
            });
        };
        match sections.last_mut() {
            Some(s) => s.questions.push(q),
            None => {
                return Err(EmbedError::Parse {
                    line: i + 1,
                    message: "a question before the first `: section` line".into(),
                })
            }
        }
    }
    Ok(sections)
}

/// The shipped analogy set `text/analogies` (19 544 questions in 14 sections). Given.
///
/// # Errors
/// [`EmbedError::Data`] when the file cannot be read, [`EmbedError::Parse`] if malformed.
pub fn load_analogies() -> Result<Vec<AnalogySection>, EmbedError> {
    let path = datasets::path("text/analogies").map_err(|e| EmbedError::Data(e.to_string()))?;
    let text = std::fs::read_to_string(&path).map_err(|e| EmbedError::Data(e.to_string()))?;
    parse_analogies(&text)
}

/// The two embedding tables of skip-gram: `input` holds the centre-word vectors `v_w`
/// (the embeddings you keep), `output` the context vectors `u_w`. Both are `V × d`.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    pub input: Array2<f64>,
    pub output: Array2<f64>,
}

impl Embeddings {
    /// word2vec's start: `input` uniform on ±0.5/d, `output` all zeros. Given.
    pub fn new<R: Rng + ?Sized>(vocab_size: usize, dim: usize, rng: &mut R) -> Embeddings {
        let half = 0.5 / dim.max(1) as f64;
        Embeddings {
            input: Array2::from_shape_fn((vocab_size, dim), |_| rng.gen_range(-half..=half)),
            output: Array2::zeros((vocab_size, dim)),
        }
    }
}

/// A Walker/Vose alias table: draw a column `i` uniformly, keep it with probability
/// `prob[i]`, otherwise answer `alias[i]`. Built by [`alias_table`].
#[derive(Debug, Clone, PartialEq)]
pub struct AliasTable {
    pub prob: Vec<f64>,
    pub alias: Vec<usize>,
}

impl AliasTable {
    /// One draw in O(1). Given.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let i = rng.gen_range(0..self.prob.len());
        if rng.gen::<f64>() < self.prob[i] {
            i
        } else {
            self.alias[i]
        }
    }
}

/// Training settings; `Default` is gensim's `Word2Vec(sg=1, negative=5, window=5,
/// vector_size=50, sample=1e-3, alpha=0.025, min_alpha=1e-4, epochs=3)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub dim: usize,
    pub window: usize,
    pub negatives: usize,
    pub epochs: usize,
    pub lr: f64,
    pub min_lr: f64,
    /// Subsampling threshold `t` (0 turns subsampling off).
    pub sample: f64,
    /// Show a progress bar (only when stdout is a terminal).
    pub progress: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            dim: 50,
            window: 5,
            negatives: 5,
            epochs: 3,
            lr: 0.025,
            min_lr: 1e-4,
            sample: 1e-3,
            progress: true,
        }
    }
}

/// The gradients of the SGNS loss for one (centre, context, negatives) example.
#[derive(Debug, Clone, PartialEq)]
pub struct SgnsGrads {
    pub loss: f64,
    /// ∂L/∂v_c, length d.
    pub d_vc: Array1<f64>,
    /// ∂L/∂u_o, length d.
    pub d_uo: Array1<f64>,
    /// ∂L/∂u_k, one row per negative, k × d.
    pub d_uneg: Array2<f64>,
}

/// How a model did on an analogy set.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionScore {
    pub name: String,
    /// Questions answered right.
    pub correct: usize,
    /// Questions whose four words are all in the vocabulary.
    pub attempted: usize,
    /// All questions of the section.
    pub total: usize,
}

/// Per-section scores and their sums.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalogyReport {
    pub sections: Vec<SectionScore>,
    pub correct: usize,
    pub attempted: usize,
    pub total: usize,
}

impl AnalogyReport {
    /// correct / attempted (0 when nothing was attempted).
    pub fn accuracy(&self) -> f64 {
        if self.attempted == 0 {
            0.0
        } else {
            self.correct as f64 / self.attempted as f64
        }
    }

    /// attempted / total: the share of questions the vocabulary covers.
    pub fn coverage(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.attempted as f64 / self.total as f64
        }
    }
}

/// Drop frequent tokens at random, keeping token `w` with [`keep_probability`]. Given.
pub fn subsample<R: Rng + ?Sized>(
    tokens: &[usize],
    counts: &[usize],
    t: f64,
    rng: &mut R,
) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    tokens
        .iter()
        .copied()
        .filter(|&w| rng.gen::<f64>() < keep_probability(counts[w], total, t))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Exercises.
// ---------------------------------------------------------------------------------------

/// Skip-gram training pairs `(centre, context)` of one sentence with a fixed window:
/// for every position `i` (in order) and every `j` with `0 < |i − j| ≤ window` (in
/// increasing `j`), the pair `(sentence[i], sentence[j])`.
///
/// ```
/// use embeddings::skipgram_pairs;
/// assert_eq!(skipgram_pairs(&[7, 8, 9], 1), [(7, 8), (8, 7), (8, 9), (9, 8)]);
/// ```
///
/// Hints: `cargo grader hint 38::skipgram_pairs`.
pub fn skipgram_pairs(sentence: &[usize], window: usize) -> Vec<(usize, usize)> {
    todo!()
}

/// How many pairs [`skipgram_pairs`] makes from `n` tokens, in closed form (no loop over
/// the tokens): position `i` has `min(i, w)` neighbours on the left and as many on the
/// right by symmetry, so the count is `2 · Σ_i min(i, w)`.
///
/// ```
/// assert_eq!(embeddings::pair_count(3, 1), 4);
/// assert_eq!(embeddings::pair_count(10, 2), 34);
/// ```
///
/// Hints: `cargo grader hint 38::pair_count`.
pub fn pair_count(n: usize, window: usize) -> usize {
    todo!()
}

/// The noise distribution of negative sampling: `P(w) = count_w^power / Σ_v count_v^power`
/// (word2vec uses `power = 0.75`, which lifts rare words a little).
///
/// ```
/// let p = embeddings::noise_distribution(&[16, 1], 0.75).unwrap();
/// assert!((p[0] - 8.0 / 9.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`EmbedError::Empty`] for no counts or all-zero counts, [`EmbedError::InvalidParameter`]
/// for a non-finite or negative `power`.
///
/// Hints: `cargo grader hint 38::noise_distribution`.
pub fn noise_distribution(counts: &[usize], power: f64) -> Result<Vec<f64>, EmbedError> {
    todo!()
}

/// Build an alias table for the probabilities `probs` (normalised here, so weights are
/// fine) with Vose's method: scale to `q_i = n · p_i`; while some `q_s < 1` and some
/// `q_l ≥ 1`, set `prob[s] = q_s`, `alias[s] = l` and move the missing mass
/// `q_l -= 1 − q_s`; leftovers get `prob = 1` (and alias themselves).
///
/// After this, column `i` carries `prob[i]/n` of word `i` and `(1 − prob[i])/n` of word
/// `alias[i]`, which add up to `p` for every word.
///
/// ```
/// use rand::SeedableRng;
/// let table = embeddings::alias_table(&[0.5, 0.25, 0.25]).unwrap();
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// assert!(table.sample(&mut rng) < 3);
/// ```
///
/// # Errors
/// [`EmbedError::Empty`] for no probabilities or a zero sum,
/// [`EmbedError::InvalidParameter`] for a negative or non-finite one.
///
/// Hints: `cargo grader hint 38::alias_table`.
pub fn alias_table(probs: &[f64]) -> Result<AliasTable, EmbedError> {
    todo!()
}

/// Mikolov's subsampling, in the form word2vec's C code and gensim use: with the word's
/// frequency `f = count / total` and threshold `t`,
/// `keep = min(1, (sqrt(f / t) + 1) · t / f)`. (The paper writes the discard probability
/// `1 − sqrt(t / f)`; the code's version keeps a little more.) Returns 1 when `t ≤ 0`
/// (subsampling off) or `count == 0`.
///
/// ```
/// // f = 0.01, t = 0.001: (sqrt(10) + 1) · 0.1 ≈ 0.416
/// let p = embeddings::keep_probability(10, 1000, 1e-3);
/// assert!((p - (10f64.sqrt() + 1.0) * 0.1).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 38::keep_probability`.
pub fn keep_probability(count: usize, total: usize, t: f64) -> f64 {
    todo!()
}

/// The skip-gram negative-sampling loss of one example: centre vector `v_c`, true
/// context vector `u_o`, and `k` negative context vectors (the rows of `u_neg`):
///
/// `L = −ln σ(u_o·v_c) − Σ_k ln σ(−u_k·v_c)`.
///
/// Compute `ln σ` stably (`ln σ(x) = −ln(1 + e^{−x})`; never `exp` a large positive
/// number), so `L` is finite even for dot products of ±1000.
///
/// ```
/// use ndarray::{array, Array2};
/// // All dot products 0: L = (1 + k) ln 2.
/// let l = embeddings::sgns_loss(array![0.0, 0.0].view(), array![1.0, 2.0].view(),
///     Array2::zeros((3, 2)).view()).unwrap();
/// assert!((l - 4.0 * 2f64.ln()).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`EmbedError::DimensionMismatch`] when the vectors' lengths differ.
///
/// Hints: `cargo grader hint 38::sgns_loss`.
pub fn sgns_loss(
    v_c: ArrayView1<'_, f64>,
    u_o: ArrayView1<'_, f64>,
    u_neg: ArrayView2<'_, f64>,
) -> Result<f64, EmbedError> {
    todo!()
}

/// The loss of [`sgns_loss`] and its gradients. With `σ'(x) = σ(x)(1 − σ(x))`:
///
/// * `∂L/∂u_o = (σ(u_o·v_c) − 1) v_c`
/// * `∂L/∂u_k = σ(u_k·v_c) v_c` for each negative
/// * `∂L/∂v_c = (σ(u_o·v_c) − 1) u_o + Σ_k σ(u_k·v_c) u_k`
///
/// ```
/// use ndarray::{array, Array2};
/// let g = embeddings::sgns_gradients(array![0.0, 0.0].view(), array![1.0, 2.0].view(),
///     Array2::zeros((1, 2)).view()).unwrap();
/// assert_eq!(g.d_vc, array![-0.5, -1.0]); // (σ(0) − 1) u_o
/// ```
///
/// # Errors
/// [`EmbedError::DimensionMismatch`] when the vectors' lengths differ.
///
/// Hints: `cargo grader hint 38::sgns_gradients`.
pub fn sgns_gradients(
    v_c: ArrayView1<'_, f64>,
    u_o: ArrayView1<'_, f64>,
    u_neg: ArrayView2<'_, f64>,
) -> Result<SgnsGrads, EmbedError> {
    todo!()
}

/// One SGD step of skip-gram on example (`centre`, `context`, `negatives`): compute the
/// gradients of [`sgns_gradients`] at the *current* vectors `v = input[centre]`,
/// `u_o = output[context]`, `u_k = output[negatives[k]]`, then move every one of them by
/// `−lr ·` its gradient (a word listed twice among the negatives gets both updates).
/// Returns the loss before the step.
///
/// # Errors
/// [`EmbedError::IndexOutOfRange`] for a word index past the tables' rows.
///
/// Hints: `cargo grader hint 38::sgd_step`.
pub fn sgd_step(
    emb: &mut Embeddings,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f64,
) -> Result<f64, EmbedError> {
    todo!()
}

/// Train skip-gram with negative sampling on `corpus` (sentences of word indices into a
/// vocabulary with `counts`), starting from [`Embeddings::new`]`(V, cfg.dim, rng)`.
///
/// Each epoch, for every sentence: [`subsample`] it with `cfg.sample`, make its
/// [`skipgram_pairs`] with `cfg.window`, and for each pair draw `cfg.negatives` words
/// from the unigram^0.75 noise distribution (an [`alias_table`]; skip a draw equal to the
/// context word, as word2vec does) and take an SGD step. The learning rate falls linearly
/// from `cfg.lr` to `cfg.min_lr` over the run, by the share of corpus tokens processed:
/// `lr = lr0 − (lr0 − min_lr) · done / (epochs · tokens)`.
/// With `cfg.progress` and a terminal on stdout, show an indicatif bar over the epochs.
///
/// Returns the embeddings and the mean loss per training pair of every epoch.
///
/// # Errors
/// [`EmbedError::Empty`] for an empty corpus or vocabulary,
/// [`EmbedError::InvalidParameter`] for `dim`, `window`, `negatives` or `epochs` of 0 or
/// a non-positive `lr`, [`EmbedError::IndexOutOfRange`] for a word past `counts`.
///
/// Hints: `cargo grader hint 38::train`.
pub fn train<R: Rng + ?Sized>(
    corpus: &[Vec<usize>],
    counts: &[usize],
    cfg: &TrainConfig,
    rng: &mut R,
) -> Result<(Embeddings, Vec<f64>), EmbedError> {
    todo!()
}

/// `cos(a, b) = a·b / (‖a‖ ‖b‖)`, and 0 when either vector is all zeros.
///
/// ```
/// use ndarray::array;
/// let c = embeddings::cosine_similarity(array![1.0, 0.0].view(), array![1.0, 1.0].view());
/// assert!((c - 0.5f64.sqrt()).abs() < 1e-12);
/// ```
///
/// # Panics
/// When the lengths differ.
///
/// Hints: `cargo grader hint 38::cosine_similarity`.
pub fn cosine_similarity(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    todo!()
}

/// The `topn` rows of `vectors` most cosine-similar to row `query` (the query itself
/// left out), as `(index, cosine)`, highest first; ties go to the lower index. Fewer
/// when there are fewer other rows. gensim: `model.wv.most_similar("fire", topn=10)`.
///
/// # Errors
/// [`EmbedError::IndexOutOfRange`] for a `query` past the last row.
///
/// Hints: `cargo grader hint 38::most_similar`.
pub fn most_similar(
    vectors: ArrayView2<'_, f64>,
    query: usize,
    topn: usize,
) -> Result<Vec<(usize, f64)>, EmbedError> {
    todo!()
}

/// Answer "`a` is to `b` as `c` is to ?" the way gensim's
/// `most_similar(positive=[b, c], negative=[a], topn=1)` does: scale every row of
/// `vectors` to unit length, form `t = b̂ − â + ĉ`, and return the row with the highest
/// cosine to `t`, leaving out `a`, `b` and `c` themselves (first index on ties).
///
/// # Errors
/// [`EmbedError::IndexOutOfRange`] for an index past the last row,
/// [`EmbedError::Empty`] when no row is left after excluding the three.
///
/// Hints: `cargo grader hint 38::analogy`.
pub fn analogy(
    vectors: ArrayView2<'_, f64>,
    a: usize,
    b: usize,
    c: usize,
) -> Result<usize, EmbedError> {
    todo!()
}

/// Score `vectors` (one row per word of `vocab`) on analogy `sections`: a question counts
/// as attempted when its four words are all in `vocab`, and as correct when [`analogy`]
/// on `a, b, c` returns `d`. Questions with a missing word are skipped (still counted in
/// `total`), as gensim's `evaluate_word_analogies` does.
///
/// # Errors
/// [`EmbedError::DimensionMismatch`] when `vectors` does not have one row per word.
///
/// Hints: `cargo grader hint 38::analogy_accuracy`.
pub fn analogy_accuracy(
    vectors: ArrayView2<'_, f64>,
    vocab: &Vocab,
    sections: &[AnalogySection],
) -> Result<AnalogyReport, EmbedError> {
    todo!()
}

/// Project the rows of `x` (n × d) on their first two principal components: centre the
/// columns, form the covariance `C = XcᵀXc / (n − 1)`, find its top eigenvector by power
/// iteration (`w ← Cw / ‖Cw‖` until it moves less than 1e-12, at most 10 000 times),
/// deflate `C ← C − λ w wᵀ` and repeat for the second; return `Xc [w₁ w₂]` (n × 2).
/// Each component's sign is arbitrary.
///
/// # Errors
/// [`EmbedError::Empty`] for fewer than two rows,
/// [`EmbedError::DimensionMismatch`] for fewer than two columns (`expected: 2`).
///
/// Hints: `cargo grader hint 38::pca_2d`.
pub fn pca_2d(x: ArrayView2<'_, f64>) -> Result<Array2<f64>, EmbedError> {
    todo!()
}

/// A scatter plot of 2-D word positions (`points`, n × 2, e.g. from [`pca_2d`]) with
/// each point labelled by its word, 800 × 600, PNG or SVG by the extension. Draw text
/// with `charts::FONT`.
///
/// # Errors
/// [`EmbedError::Empty`] for no points, [`EmbedError::DimensionMismatch`] when `points`
/// is not n × 2 or `labels` is not n long, [`EmbedError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 38::plot_words`.
pub fn plot_words(
    points: ArrayView2<'_, f64>,
    labels: &[String],
    title: &str,
    path: &Path,
) -> Result<(), EmbedError> {
    todo!()
}
