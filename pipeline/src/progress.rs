//! A progress line on a terminal; nothing otherwise.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a long run: documents and megabytes read, with the rate.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Shown on standard error when it is a terminal and `quiet` is off.
    pub fn new(quiet: bool, label: &str) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix} {pos} documents, {msg} [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(label.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }
}

impl newsmill_engine::Progress for Progress {
    /// Adds documents and bytes done.
    fn advance(&self, docs: u64, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(docs);
            let total = b
                .message()
                .split(' ')
                .next()
                .and_then(|m| m.parse::<f64>().ok())
                .unwrap_or(0.0)
                + bytes as f64 / 1e6;
            let secs = b.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!("{total:.1} MB of text, {:.1} MB/s", total / secs));
        }
    }

    /// Clears the line.
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
