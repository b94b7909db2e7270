//! A word matched loosely, read over every title as a machine reads letters: per keystroke,
//! the log's distinct title words fall into a few rows of [`Shares`] (the words that do the
//! same to every [`Progress`] through a title share one, and most words hold nothing of the
//! pattern), and a title is then one look-up per word in a table from (progress, row) to
//! the next progress, filled in as titles first need each entry. A million generated titles
//! need at most a few thousand entries (4 to 28 progresses, 6 to 54 rows); each is worked
//! out once by [`Shares::read`], so the answer is the one that reading every title's words
//! afresh gives.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::titles::{Progress, Shares, WordNumber};
use super::words::Fx;

/// An entry of the table not yet worked out.
const UNKNOWN: u32 = u32::MAX;

/// The most entries a machine's table holds (4 MB); past it, a title the table cannot read
/// is worked out afresh.
pub(super) const ROOM: usize = 1 << 20;

/// The table for one pattern, filled in as titles need it (one per thread: reading a title
/// writes to it).
pub(super) struct Machine<'a> {
    shares: &'a Shares,
    /// Per cost, the ends of the pattern some word holds ([`Shares::ends`]).
    ends: &'a [u64],
    /// Each distinct word's row of the shares.
    row: &'a [u32],
    /// How many rows the shares have.
    rows: usize,
    /// For progress `p` and row `r`, at `p * rows + r`: the next progress times `rows`
    /// (where its own entries start), or [`UNKNOWN`]. Progress 0 is the match: every row
    /// leads back to it.
    table: Vec<u32>,
    /// Every progress met, by number (0, the match, holds nothing of use).
    met: Vec<Progress>,
    numbers: HashMap<Progress, u32, BuildHasherDefault<Fx>>,
    /// The most entries the table may hold ([`ROOM`]).
    room: usize,
}

impl<'a> Machine<'a> {
    pub(super) fn new(shares: &'a Shares, ends: &'a [u64], room: usize) -> Self {
        let rows = shares.rows();
        let mut machine = Self {
            shares,
            ends,
            row: shares.rows_of_words(),
            rows,
            table: vec![0; rows],
            met: vec![Progress::start()],
            numbers: HashMap::default(),
            room,
        };
        let mut start = Progress::start();
        shares.tidy(&mut start, ends);
        machine.number(start);
        machine
    }

    /// Whether a title of these words matches (as [`Shares::title`] has it).
    pub(super) fn title<W: WordNumber>(&mut self, title: &[W]) -> bool {
        // Progress 1 is the start.
        let mut at = self.rows;
        for &w in title {
            let row = self.row[w.index()] as usize;
            let mut next = self.table[at + row];
            if next == UNKNOWN {
                match self.learn(at / self.rows, row) {
                    Some(found) => next = found,
                    None => return self.shares.title(title),
                }
            }
            at = next as usize;
        }
        at == 0
    }

    /// Works out where a word of `row` takes progress `from`, and keeps it in the table;
    /// `None` when the table is full.
    fn learn(&mut self, from: usize, row: usize) -> Option<u32> {
        let mut at = self.met[from].clone();
        let next = if self.shares.read(&mut at, row) {
            0
        } else {
            self.shares.tidy(&mut at, self.ends);
            match self.numbers.get(&at) {
                Some(&n) => n,
                None if self.table.len() + self.rows > self.room => return None,
                None => self.number(at),
            }
        };
        // At most `room` entries: the offsets fit in a `u32`.
        let start = next * self.rows as u32;
        self.table[from * self.rows + row] = start;
        Some(start)
    }

    /// Gives `at`, a progress not met before, a number and entries of which only row 0 (the
    /// words that hold nothing, and leave it as it is) is known.
    fn number(&mut self, at: Progress) -> u32 {
        let n = self.met.len() as u32;
        let start = self.table.len() as u32;
        self.table.push(start);
        self.table
            .extend(std::iter::repeat_n(UNKNOWN, self.rows - 1));
        self.met.push(at.clone());
        self.numbers.insert(at, n);
        n
    }
}
