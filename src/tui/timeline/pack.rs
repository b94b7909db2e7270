//! Packing a lane: each event a mark (or bar) at its columns with its title beside it, in as
//! few sub-rows as possible so that no two labels overlap, as TimelineJS stacks its markers.
//! Pure: columns in, rows and label widths out.

/// One thing to place: its columns (`start..=end`, either may lie outside the view), how
/// wide its label would like to be, and its rank (lower wins a label first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub start: i32,
    pub end: i32,
    pub label: u16,
    pub rank: u8,
}

/// Where an item went: its sub-row, and how many columns of label it got (0: a mark only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub row: u16,
    /// The column of its mark (its start, or 0 for one that began left of the view).
    pub column: u16,
    /// Its last column in view (the bar's end, clipped).
    pub end: u16,
    pub label: u16,
}

/// A packed lane. `places[i]` is `None` when item `i` is out of view, or when every row
/// has a label where its mark would go (it is then counted in `hidden`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packing {
    pub places: Vec<Option<Place>>,
    /// Sub-rows used (at least 1).
    pub rows: u16,
    /// Items in view without a label (marks only, or hidden).
    pub unlabelled: usize,
    /// Items in view not drawn at all.
    pub hidden: usize,
}

/// Ranks run from 0 to this.
pub const MAX_RANK: u8 = 7;
/// A label is not cut shorter than this (unless the whole title is shorter).
pub const MIN_LABEL: u16 = 6;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Free,
    Mark,
    Label,
}

/// Packs `items` into at most `rows` sub-rows `width` columns wide. Items are tried in rank
/// order (then in the order given): each takes the first row where its mark and label fit,
/// one free column after; a label may be cut to the room there, but not below
/// [`MIN_LABEL`]. Items that get no label are then put as marks on the first row where no
/// label covers their start; marks may share a column. Costs O(items × rows) plus the
/// columns labels take.
pub fn pack(items: &[Item], rows: u16, width: u16) -> Packing {
    let rows = rows.max(1) as usize;
    let w = i32::from(width);
    let mut grid = Grid {
        rows: vec![vec![Cell::Free; width as usize]; rows],
        free: vec![rows as u8; width as usize],
    };
    let mut places: Vec<Option<Place>> = vec![None; items.len()];
    let mut waiting = Vec::new();
    for i in by_rank(items) {
        let item = &items[i];
        {
            if item.end < 0 || item.start >= w || w == 0 {
                continue;
            }
            let column = item.start.clamp(0, w - 1) as u16;
            let end = item.end.clamp(0, w - 1) as u16;
            if item.label == 0 {
                waiting.push((i, column, end));
                continue;
            }
            match labelled(&mut grid, column, end, item.label) {
                Some((row, label)) => {
                    places[i] = Some(Place {
                        row,
                        column,
                        end,
                        label,
                    })
                }
                None => waiting.push((i, column, end)),
            }
        }
    }
    let mut hidden = 0;
    for &(i, column, end) in &waiting {
        // Labels are all placed: a mark only needs a row without a label at its start.
        let row = grid
            .rows
            .iter()
            .position(|r| r[column as usize] != Cell::Label);
        match row {
            Some(row) => {
                let cell = &mut grid.rows[row][column as usize];
                if *cell == Cell::Free {
                    *cell = Cell::Mark;
                }
                places[i] = Some(Place {
                    row: row as u16,
                    column,
                    end,
                    label: 0,
                });
            }
            None => hidden += 1,
        }
    }
    let used = grid
        .rows
        .iter()
        .rposition(|r| r.iter().any(|&c| c != Cell::Free))
        .map_or(1, |r| r + 1);
    Packing {
        places,
        rows: used as u16,
        unlabelled: waiting.len(),
        hidden,
    }
}

/// One item standing for `count` events (the first of them at position `first`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub first: usize,
    pub item: Item,
    pub count: u32,
}

/// Thins a crowded lane: of the items starting in each column (items come in date order,
/// so a column's items are next to each other), the `keep` best-ranked stay as they are,
/// and the rest become one item with no label, from that column to the furthest of their
/// ends, standing for all of them. With `keep` at least the rows a lane may have, the rest
/// would hardly have won a label (no more than `keep` labels start in one column, and the
/// best-ranked are tried first anyway); and a view of a whole big log packs a few items per
/// column instead of every event.
pub fn thin(items: &[Item], keep: usize, width: u16) -> Vec<Kept> {
    let mut thinner = Thinner::new(keep, width);
    for (i, &item) in items.iter().enumerate() {
        thinner.push(i, item);
    }
    thinner.finish()
}

/// [`thin`] an item at a time, so that the events of a view never need a list of their own.
#[derive(Debug)]
pub struct Thinner {
    keep: usize,
    last: i32,
    /// The items of the column being read: position given, item.
    group: Vec<(usize, Item)>,
    out: Vec<Kept>,
}

impl Thinner {
    pub fn new(keep: usize, width: u16) -> Self {
        Self {
            keep,
            last: i32::from(width.max(1)) - 1,
            group: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The next item, in date order, known by `position`.
    pub fn push(&mut self, position: usize, item: Item) {
        let column = item.start.clamp(0, self.last);
        if self
            .group
            .first()
            .is_some_and(|(_, first)| first.start.clamp(0, self.last) != column)
        {
            self.flush();
        }
        self.group.push((position, item));
    }

    /// The items kept, and those standing for the rest.
    pub fn finish(mut self) -> Vec<Kept> {
        self.flush();
        self.out
    }

    fn flush(&mut self) {
        let group = std::mem::take(&mut self.group);
        if group.len() <= self.keep {
            self.out.extend(group.iter().map(|&(first, item)| Kept {
                first,
                item,
                count: 1,
            }));
            self.group = group;
            self.group.clear();
            return;
        }
        // The rank up to which items are kept, and how many of that rank still fit.
        let mut per_rank = [0usize; MAX_RANK as usize + 1];
        for (_, item) in &group {
            per_rank[item.rank.min(MAX_RANK) as usize] += 1;
        }
        let (mut cut, mut room) = (MAX_RANK as usize, self.keep);
        for (rank, &n) in per_rank.iter().enumerate() {
            if n >= room {
                cut = rank;
                break;
            }
            room -= n;
        }
        let mut rest: Option<Kept> = None;
        for &(first, item) in &group {
            let rank = item.rank.min(MAX_RANK) as usize;
            let kept = rank < cut || (rank == cut && room > 0);
            if rank == cut && room > 0 {
                room -= 1;
            }
            if kept {
                self.out.push(Kept {
                    first,
                    item,
                    count: 1,
                });
            } else if let Some(r) = &mut rest {
                r.item.end = r.item.end.max(item.end);
                r.count += 1;
            } else {
                rest = Some(Kept {
                    first,
                    item: Item {
                        label: 0,
                        rank: MAX_RANK,
                        ..item
                    },
                    count: 1,
                });
            }
        }
        self.out.extend(rest);
        self.group = group;
        self.group.clear();
    }
}

/// The positions of `items` by rank, then as given (a counting sort: ranks are few, and a
/// view of the whole of a big log packs every one of its events).
fn by_rank(items: &[Item]) -> Vec<usize> {
    let rank = |item: &Item| item.rank.min(MAX_RANK) as usize;
    let mut starts = [0usize; MAX_RANK as usize + 2];
    for item in items {
        starts[rank(item) + 1] += 1;
    }
    for r in 1..starts.len() {
        starts[r] += starts[r - 1];
    }
    let mut order = vec![0; items.len()];
    for (i, item) in items.iter().enumerate() {
        let slot = &mut starts[rank(item)];
        order[*slot] = i;
        *slot += 1;
    }
    order
}

/// Shares `budget` rows between lanes that would like `needs` rows: each gets at least one,
/// none more than it needs, and when they cannot all have what they need the tallest are
/// cut first.
pub fn allocate(needs: &[u16], budget: u16) -> Vec<u16> {
    let needs: Vec<u16> = needs.iter().map(|&n| n.max(1)).collect();
    let total = |cap: u16| -> u32 { needs.iter().map(|&n| u32::from(n.min(cap))).sum() };
    let mut cap = needs.iter().copied().max().unwrap_or(1);
    while cap > 1 && total(cap) > u32::from(budget) {
        cap -= 1;
    }
    let mut out: Vec<u16> = needs.iter().map(|&n| n.min(cap)).collect();
    let mut left = u32::from(budget).saturating_sub(total(cap));
    for (o, &n) in out.iter_mut().zip(&needs) {
        if left > 0 && *o < n {
            *o += 1;
            left -= 1;
        }
    }
    out
}

/// The rows of a lane being packed, and for each column the rows where it is still free
/// (so that an item whose column is taken on every row is turned away at once).
struct Grid {
    rows: Vec<Vec<Cell>>,
    free: Vec<u8>,
}

/// The first row where a mark at `column` (its bar to `end`) and a label after the mark fit,
/// and the label's width there; marks the cells taken.
fn labelled(grid: &mut Grid, column: u16, end: u16, label: u16) -> Option<(u16, u16)> {
    let (c, e) = (column as usize, end as usize);
    if grid.free[c] == 0 {
        return None;
    }
    for (row, cells) in grid.rows.iter_mut().enumerate() {
        // The mark needs its cell, and a free column between it and a label before it.
        if cells[c] != Cell::Free || (c > 0 && cells[c - 1] == Cell::Label) {
            continue;
        }
        // Free run from the mark on (the mark itself is cell `c`).
        let run = cells[c..].iter().take_while(|&&x| x == Cell::Free).count();
        let reaches_edge = c + run == cells.len();
        // One free column is kept after a label, unless it ends at the view's edge.
        let room = if reaches_edge {
            run
        } else {
            run.saturating_sub(1)
        };
        if room < e - c + 1 {
            continue;
        }
        let wanted = label as usize;
        let granted = wanted.min(room - 1);
        if granted < wanted.min(MIN_LABEL as usize) {
            continue;
        }
        let last = (c + granted).max(e);
        for (cell, free) in cells[c..=last].iter_mut().zip(&mut grid.free[c..=last]) {
            *cell = Cell::Label;
            *free = free.saturating_sub(1);
        }
        return Some((row as u16, granted as u16));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(start: i32, end: i32, label: u16, rank: u8) -> Item {
        Item {
            start,
            end,
            label,
            rank,
        }
    }

    #[test]
    fn a_crowded_column_keeps_its_best_items_and_stands_the_rest_in_for_by_one() {
        let items = [
            item(3, 3, 9, 3),
            item(3, 9, 9, 1),
            item(3, 4, 9, 2),
            item(3, 5, 9, 3),
            item(5, 5, 9, 3),
        ];
        let kept = thin(&items, 2, 40);
        let summary: Vec<(usize, i32, u16, u32)> = kept
            .iter()
            .map(|k| (k.first, k.item.end, k.item.label, k.count))
            .collect();
        assert_eq!(
            summary,
            [(1, 9, 9, 1), (2, 4, 9, 1), (0, 5, 0, 2), (4, 5, 9, 1)],
            "ranks 1 and 2 keep their labels; the two others become one mark to column 5"
        );
        assert_eq!(kept.iter().map(|k| k.count).sum::<u32>(), 5);
    }

    #[test]
    fn rows_go_to_the_lanes_that_need_them_tallest_cut_first() {
        assert_eq!(allocate(&[1, 3, 2], 10), [1, 3, 2]);
        assert_eq!(allocate(&[5, 1, 4], 6), [3, 1, 2]);
        assert_eq!(allocate(&[0, 4, 4], 2), [1, 1, 1], "at least one each");
    }

    #[test]
    fn labels_that_would_touch_go_to_the_next_row() {
        let p = pack(&[item(0, 0, 8, 1), item(5, 5, 8, 1)], 3, 40);
        let place = |i: usize| p.places[i].expect("placed");
        assert_eq!((place(0).row, place(0).label), (0, 8));
        assert_eq!((place(1).row, place(1).label), (1, 8));
        assert_eq!(p.rows, 2);
        let apart = pack(&[item(0, 0, 8, 1), item(10, 10, 8, 1)], 3, 40);
        assert_eq!(apart.rows, 1, "a free column between them is enough");
    }

    #[test]
    fn higher_rank_wins_the_label_and_the_rest_stay_marks() {
        let p = pack(&[item(2, 2, 20, 3), item(4, 4, 20, 1)], 1, 30);
        let (low, high) = (p.places[0].expect("a mark"), p.places[1].expect("label"));
        assert_eq!(high.label, 20);
        assert_eq!(low.label, 0);
        assert_eq!(p.unlabelled, 1);
        assert_eq!(p.hidden, 0, "its mark lands before the winner's label");
    }

    #[test]
    fn a_mark_under_a_label_on_every_row_is_hidden_and_counted() {
        let p = pack(&[item(0, 0, 20, 0), item(5, 5, 20, 1)], 1, 30);
        assert_eq!(p.places[1], None);
        assert_eq!((p.unlabelled, p.hidden), (1, 1));
    }

    #[test]
    fn labels_are_cut_to_the_room_but_not_below_the_minimum() {
        let p = pack(&[item(20, 20, 40, 1)], 1, 30);
        assert_eq!(p.places[0].map(|x| x.label), Some(9), "to the edge");
        let p = pack(&[item(26, 26, 40, 1)], 1, 30);
        assert_eq!(
            p.places[0].map(|x| x.label),
            Some(0),
            "3 columns: a mark only"
        );
    }

    #[test]
    fn bars_are_clipped_to_the_view_and_off_view_items_are_left_out() {
        let p = pack(
            &[item(-10, 5, 4, 1), item(-5, -1, 4, 1), item(30, 40, 4, 1)],
            2,
            30,
        );
        let bar = p.places[0].expect("placed");
        assert_eq!((bar.column, bar.end), (0, 5));
        assert_eq!(p.places[1], None);
        assert_eq!(p.places[2], None);
        assert_eq!(p.unlabelled, 0);
    }

    proptest::proptest! {
        /// Labels never share a column with another label or mark, keep a free column
        /// before and after them (but at the view's edges), and stay in the view; every
        /// item in view is placed or counted hidden.
        #[test]
        fn labels_never_overlap(
            items in proptest::collection::vec((-20i32..140, 0i32..30, 0u16..50, 0u8..8), 0..80),
            rows in 1u16..6,
            width in 1u16..120,
        ) {
            let items: Vec<Item> = items
                .into_iter()
                .map(|(start, len, label, rank)| item(start, start + len, label, rank))
                .collect();
            let p = pack(&items, rows, width);
            let mut cells = vec![vec![0u8; width as usize]; rows as usize];
            let mut in_view = 0;
            for (it, place) in items.iter().zip(&p.places) {
                let visible = it.end >= 0 && it.start < i32::from(width);
                in_view += usize::from(visible);
                let Some(place) = place else { continue };
                proptest::prop_assert!(visible);
                if place.label == 0 {
                    continue;
                }
                let last = (place.column + place.label).max(place.end);
                proptest::prop_assert!(last < width);
                let row = &mut cells[place.row as usize];
                let from = place.column.saturating_sub(1) as usize;
                let to = (last as usize + 1).min(width as usize - 1);
                for (c, cell) in row.iter_mut().enumerate().take(to + 1).skip(from) {
                    let own = c >= place.column as usize && c <= last as usize;
                    proptest::prop_assert!(*cell != 2 && !(own && *cell != 0), "column {} overlaps", c);
                    *cell = if own { 2 } else { (*cell).max(1) };
                }
            }
            let placed = p.places.iter().filter(|x| x.is_some()).count();
            proptest::prop_assert_eq!(placed + p.hidden, in_view);
        }
    }
}
