//! The grader's library: workspace discovery, building and running the hidden checks,
//! the progress file, and what the commands print. `src/main.rs` is the command line.

pub mod build;
pub mod commands;
pub mod grading;
pub mod hints;
pub mod progress;
pub mod render;
pub mod report;
pub mod roadmap;
pub mod source;
pub mod stubs;
pub mod watch;
pub mod workspace;
