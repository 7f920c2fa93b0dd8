//! Side-by-side comparisons of the learner's model with a library baseline
//! (`cargo grader compare CHAPTER`).

use serde::{Deserialize, Serialize};

/// One metric measured for both models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareRow {
    /// What was compared: `"R² (test)"`, `"accuracy"`, `"w[3]"`.
    pub metric: String,
    pub learner: f64,
    pub baseline: f64,
    /// Fit time in milliseconds, where the row is about a fit.
    #[serde(default)]
    pub learner_ms: Option<f64>,
    #[serde(default)]
    pub baseline_ms: Option<f64>,
}

/// A comparison: the rows of one or more models on the same data and split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Comparison {
    /// `"linfa-linear 0.8 (LinearRegression)"`.
    pub baseline: String,
    /// What data and split: `"diabetes, 441 rows, first 80 % train"`.
    pub data: String,
    pub rows: Vec<CompareRow>,
    /// Plots drawn for the comparison (paths).
    #[serde(default)]
    pub plots: Vec<String>,
}

impl Comparison {
    pub fn new(baseline: impl Into<String>, data: impl Into<String>) -> Self {
        Comparison {
            baseline: baseline.into(),
            data: data.into(),
            rows: Vec::new(),
            plots: Vec::new(),
        }
    }

    /// Add a row without timings.
    pub fn row(&mut self, metric: impl Into<String>, learner: f64, baseline: f64) -> &mut Self {
        self.rows.push(CompareRow {
            metric: metric.into(),
            learner,
            baseline,
            learner_ms: None,
            baseline_ms: None,
        });
        self
    }

    /// Add a row with fit times in milliseconds.
    pub fn timed_row(
        &mut self,
        metric: impl Into<String>,
        learner: f64,
        baseline: f64,
        learner_ms: f64,
        baseline_ms: f64,
    ) -> &mut Self {
        self.rows.push(CompareRow {
            metric: metric.into(),
            learner,
            baseline,
            learner_ms: Some(learner_ms),
            baseline_ms: Some(baseline_ms),
        });
        self
    }

    pub fn plot(&mut self, path: impl AsRef<std::path::Path>) -> &mut Self {
        self.plots.push(path.as_ref().display().to_string());
        self
    }

    /// The table as a person reads it.
    pub fn render(&self) -> String {
        let mut out = format!("baseline: {}\ndata:     {}\n\n", self.baseline, self.data);
        let width = self
            .rows
            .iter()
            .map(|r| r.metric.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        out.push_str(&format!(
            "{:<width$}  {:>14}  {:>14}  {:>12}  {:>10}  {:>10}\n",
            "metric", "yours", "baseline", "difference", "yours ms", "base ms"
        ));
        for r in &self.rows {
            let ms = |m: Option<f64>| m.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
            out.push_str(&format!(
                "{:<width$}  {:>14.6}  {:>14.6}  {:>12.3e}  {:>10}  {:>10}\n",
                r.metric,
                r.learner,
                r.baseline,
                r.learner - r.baseline,
                ms(r.learner_ms),
                ms(r.baseline_ms)
            ));
        }
        for p in &self.plots {
            out.push_str(&format!("plot: {p}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_one_line_per_row() {
        let mut c = Comparison::new("linfa", "toy");
        c.row("R²", 0.5, 0.5)
            .timed_row("accuracy", 0.9, 0.91, 1.0, 2.0);
        let text = c.render();
        assert!(text.contains("R²"));
        assert!(text.contains("-1.000e-2"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.starts_with("accuracy")).count(),
            1
        );
    }
}
