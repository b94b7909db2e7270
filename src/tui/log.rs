//! The log on screen: the timeline, its search index, where it came from, and its events per
//! month. Replaced whole when the file is reloaded.

use std::sync::Arc;

use crate::filter::TextIndex;
use crate::model::Timeline;

/// The loaded log (empty while loading).
#[derive(Debug, Default)]
pub struct Log {
    timeline: Arc<Timeline>,
    index: Arc<TextIndex>,
    /// The file (or `<stdin>`) the log came from, for messages.
    source_name: String,
    /// Still loading (the first frame comes before the log is ready).
    loading: bool,
    /// The size of the file being loaded, when it is one, to say how much there is to read.
    size: Option<u64>,
    /// Events per month over the whole log, from its first month.
    density: Vec<u32>,
    /// Each event's month, counted from the log's first: counting the months of a million
    /// results reads these 4 MB rather than every event.
    months: Vec<u32>,
}

impl Log {
    /// A log still on its way from `source_name`.
    pub fn loading(source_name: String) -> Self {
        Self {
            source_name,
            loading: true,
            ..Self::default()
        }
    }

    /// The same origin, now with its timeline.
    pub fn ready(&self, timeline: Arc<Timeline>, index: Arc<TextIndex>) -> Self {
        let mut log = Self {
            timeline,
            index,
            source_name: self.source_name.clone(),
            loading: false,
            size: None,
            density: Vec::new(),
            months: Vec::new(),
        };
        if let Some((first, _)) = log.timeline.month_span() {
            log.months = (log.timeline.events.iter())
                .map(|e| u32::try_from(e.date.month_index() - first).unwrap_or(u32::MAX))
                .collect();
        }
        log.density = log.month_counts(0..log.timeline.events.len());
        log
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn index(&self) -> &TextIndex {
        &self.index
    }

    /// The timeline and its index, to search on another thread.
    pub fn shared(&self) -> (Arc<Timeline>, Arc<TextIndex>) {
        (Arc::clone(&self.timeline), Arc::clone(&self.index))
    }

    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// The size of the file being loaded, if known.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// Says how big the file being loaded is.
    pub fn set_size(&mut self, bytes: u64) {
        self.size = Some(bytes);
    }

    /// Events per month over the whole log.
    pub fn density(&self) -> &[u32] {
        &self.density
    }

    /// How many of `events` fall in each month of the log, from its first month.
    pub fn month_counts(&self, events: impl IntoIterator<Item = usize>) -> Vec<u32> {
        let Some((first, last)) = self.timeline.month_span() else {
            return Vec::new();
        };
        let mut counts = vec![0u32; (last - first + 1) as usize];
        for i in events {
            if let Some(c) = self.months.get(i).and_then(|&m| counts.get_mut(m as usize)) {
                *c += 1;
            }
        }
        counts
    }
}
