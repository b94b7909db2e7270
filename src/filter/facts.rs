//! What the filter asks of every event but its text (importance, days, tags, the lanes of
//! its actors), in compact arrays built once per load: a filter by tag or date over a
//! million events reads these few megabytes rather than every event.

use crate::model::Timeline;

/// Per event: importance, first and last day, tags, and the lanes of its actors.
#[derive(Clone, Default)]
pub(super) struct Facts {
    pub importance: Vec<u8>,
    pub first_day: Vec<i32>,
    pub last_day: Vec<i32>,
    tags: Lists,
    lanes: Lists,
}

/// A short list of numbers per event, one after another.
#[derive(Clone, Default)]
struct Lists {
    items: Vec<u32>,
    starts: Vec<u32>,
}

impl Lists {
    fn push(&mut self, items: impl Iterator<Item = usize>) -> Option<()> {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for item in items {
            self.items.push(u32::try_from(item).ok()?);
        }
        self.starts.push(u32::try_from(self.items.len()).ok()?);
        Some(())
    }

    fn get(&self, i: usize) -> &[u32] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    fn bytes(&self) -> usize {
        4 * (self.items.capacity() + self.starts.capacity())
    }
}

impl Facts {
    /// The facts of every event; `None` for a log too large to number in `u32`.
    pub(super) fn new(timeline: &Timeline) -> Option<Self> {
        let n = timeline.events.len();
        let mut facts = Self {
            importance: Vec::with_capacity(n),
            first_day: Vec::with_capacity(n),
            last_day: Vec::with_capacity(n),
            ..Self::default()
        };
        let mut lanes: Vec<usize> = Vec::new();
        for e in &timeline.events {
            facts.importance.push(e.importance);
            facts.first_day.push(e.first_day());
            facts.last_day.push(e.last_day());
            facts.tags.push(e.tags().iter())?;
            lanes.clear();
            lanes.extend(e.actors().iter().map(|a| timeline.actors[a].lane));
            lanes.sort_unstable();
            lanes.dedup();
            facts.lanes.push(lanes.iter().copied())?;
        }
        Some(facts)
    }

    pub(super) fn tags(&self, i: usize) -> &[u32] {
        self.tags.get(i)
    }

    pub(super) fn lanes(&self, i: usize) -> &[u32] {
        self.lanes.get(i)
    }

    pub(super) fn bytes(&self) -> usize {
        self.importance.capacity()
            + 4 * (self.first_day.capacity() + self.last_day.capacity())
            + self.tags.bytes()
            + self.lanes.bytes()
    }
}
