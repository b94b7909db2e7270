//! What one word of the titles holds of a pattern matched loosely, as [`super::titles`]
//! keeps it per distinct word: how long a piece of the pattern from each place begins the
//! word, and, per cost (runs starting inside the word), which beginnings and which ends of
//! the pattern fit in it. Worked out once per distinct word per keystroke, so for a log of
//! a few hundred thousand distinct words it must cost tens of nanoseconds a word: a word of
//! up to 64 characters is worked out on bit masks of its places, one mask per pattern
//! letter and cost; a longer one by the costs of every place (the same answer).

/// Working space for what words hold of one pattern.
pub(super) struct Holding<'a> {
    pattern: &'a [char],
    limit: usize,
    /// For each ASCII character, bit `k` set when pattern letter `k` is it.
    which: [u64; 128],
    /// Per pattern letter, the places of the word that hold it (words of up to 64).
    places: Vec<u64>,
    /// Per cost: the places each letter can go at that cost (see [`Holding::by_masks`]).
    layer: Vec<u64>,
    /// The costs of every place (longer words).
    costs: (Vec<u16>, Vec<u16>),
    space: (Vec<u16>, Vec<u16>),
}

/// No placement.
const NEVER: u16 = u16::MAX / 2;

impl<'a> Holding<'a> {
    /// For `pattern` (at most 64 characters, lowercased in ASCII as the words are), which
    /// allows `limit` runs starting inside words.
    pub(super) fn new(pattern: &'a [char], limit: usize) -> Self {
        let mut which = [0u64; 128];
        for (k, &p) in pattern.iter().enumerate() {
            if p.is_ascii() {
                which[p as usize] |= 1 << k;
            }
        }
        Self {
            pattern,
            limit,
            which,
            places: vec![0; pattern.len()],
            layer: vec![0; limit + 1],
            costs: (vec![NEVER; pattern.len() + 1], vec![NEVER; pattern.len()]),
            space: (Vec::new(), Vec::new()),
        }
    }

    /// The pattern letters that are `c`, as bits.
    fn letters(&self, c: char) -> u64 {
        if c.is_ascii() {
            self.which[c as usize]
        } else {
            let same = self.pattern.iter().enumerate().filter(|&(_, &p)| p == c);
            same.fold(0, |m, (k, _)| m | 1 << k)
        }
    }

    /// Appends to `key` what `word` (not empty) holds: per place `j` of the pattern, how
    /// many letters from `j` on begin the word; then per cost `c` in `0..=limit`, bit `m - 1`
    /// set when the pattern's first `m` letters fit in the word with at most `c` runs
    /// starting inside it; then the same for the letters from `m` on (`m` in `1..len`).
    pub(super) fn key(&mut self, word: &[char], key: &mut Vec<u64>) {
        let len = self.pattern.len();
        let from = key.len();
        key.resize(from + len, 0);
        let mut starts = self.letters(word[0]);
        while starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let same = self.pattern[j..]
                .iter()
                .zip(word)
                .take_while(|(p, c)| p == c);
            key[from + j] = same.count() as u64;
        }
        if word.len() <= 64 {
            self.by_masks(word, key);
        } else {
            self.by_costs(word, key);
        }
    }

    /// The beginnings and ends that fit, for a word of up to 64 characters. For the
    /// beginnings, `layer[c]` holds the places letter `k` can go with the letters before it
    /// placed at cost at most `c`: a place right after one of the letter before at the same
    /// cost (the run goes on), or at least two after one at a cost one less (a new run,
    /// inside the word); the first letter costs one away from the word's start. For the
    /// ends, the same from the last letter back, not counting the run of the letter `m`
    /// they start at, which costs one away from the start.
    fn by_masks(&mut self, word: &[char], key: &mut Vec<u64>) {
        let (len, limit) = (self.pattern.len(), self.limit);
        self.places.fill(0);
        for (i, &c) in word.iter().enumerate() {
            let mut ks = self.letters(c);
            while ks != 0 {
                let k = ks.trailing_zeros() as usize;
                ks &= ks - 1;
                self.places[k] |= 1 << i;
            }
        }
        let heads = key.len();
        key.resize(heads + 2 * (limit + 1), 0);
        for c in 0..=limit {
            self.layer[c] = if c == 0 {
                self.places[0] & 1
            } else {
                self.places[0]
            };
        }
        for k in 0..len {
            if k > 0 {
                // From the highest cost down, so that `layer[c - 1]` is still the letter
                // before's.
                for c in (0..=limit).rev() {
                    let new_run = match c {
                        0 => 0,
                        _ => at_or_after(self.layer[c - 1], 2),
                    };
                    self.layer[c] = self.places[k] & (self.layer[c] << 1 | new_run);
                }
            }
            for c in 0..=limit {
                if self.layer[c] != 0 {
                    key[heads + c] |= 1 << k;
                }
            }
            if self.layer[limit] == 0 {
                break;
            }
        }
        let tails = heads + limit + 1;
        self.layer.fill(self.places[len - 1]);
        for m in (1..len).rev() {
            if m < len - 1 {
                for c in (0..=limit).rev() {
                    let new_run = match c {
                        0 => 0,
                        _ => at_or_before(self.layer[c - 1], 2),
                    };
                    self.layer[c] = self.places[m] & (self.layer[c] >> 1 | new_run);
                }
            }
            for c in 0..=limit {
                let at_start = self.layer[c] & 1 != 0;
                let inside = c > 0 && self.layer[c - 1] & !1 != 0;
                if at_start || inside {
                    key[tails + c] |= 1 << (m - 1);
                }
            }
            if self.layer[limit] == 0 {
                break;
            }
        }
    }

    /// The same as [`Holding::by_masks`], for a word of any length, by the cheapest cost of
    /// every place.
    fn by_costs(&mut self, word: &[char], key: &mut Vec<u64>) {
        let (heads, tails) = &mut self.costs;
        head_costs(self.pattern, word, heads, &mut self.space);
        tail_costs(self.pattern, word, tails, &mut self.space);
        let mask = |costs: &[u16], c: usize| {
            (1..costs.len())
                .filter(|&m| usize::from(costs[m]) <= c)
                .fold(0u64, |mask, m| mask | 1 << (m - 1))
        };
        key.extend((0..=self.limit).map(|c| mask(heads, c)));
        key.extend((0..=self.limit).map(|c| mask(tails, c)));
    }
}

/// The places at least `gap` after the first of `places`.
fn at_or_after(places: u64, gap: u32) -> u64 {
    let from = places.trailing_zeros().saturating_add(gap);
    if places == 0 || from >= 64 {
        0
    } else {
        !0 << from
    }
}

/// The places at least `gap` before the last of `places`.
fn at_or_before(places: u64, gap: u32) -> u64 {
    if places == 0 {
        return 0;
    }
    let last = 63 - places.leading_zeros();
    match last.checked_sub(gap) {
        Some(to) => !0 >> (63 - to),
        None => 0,
    }
}

/// Working space for [`head_costs`] and [`tail_costs`], kept from one word to the next.
type Space = (Vec<u16>, Vec<u16>);

/// `costs[m]`: the fewest runs starting inside `word` (after its first character) over
/// placements of the pattern's first `m` letters in it, or [`NEVER`].
fn head_costs(pattern: &[char], word: &[char], costs: &mut [u16], (last, next): &mut Space) {
    costs.fill(NEVER);
    // The cheapest placement of the letters so far with the last at each place.
    last.clear();
    last.extend(word.iter().enumerate().map(|(i, &c)| {
        if c == pattern[0] {
            u16::from(i > 0)
        } else {
            NEVER
        }
    }));
    costs[1] = last.iter().copied().min().unwrap_or(NEVER);
    for (k, &p) in pattern.iter().enumerate().skip(1) {
        next.clear();
        next.resize(word.len(), NEVER);
        // The cheapest of `last[..i - 1]`, for a new run at `i`.
        let mut before = NEVER;
        for i in 1..word.len() {
            if i >= 2 {
                before = before.min(last[i - 2]);
            }
            if word[i] == p {
                next[i] = last[i - 1].min(before.saturating_add(1)).min(NEVER);
            }
        }
        std::mem::swap(last, next);
        costs[k + 1] = last.iter().copied().min().unwrap_or(NEVER);
        if costs[k + 1] >= NEVER {
            break;
        }
    }
}

/// `costs[m]` for `m` in `1..len`: the fewest runs starting inside `word` over placements of
/// the pattern's letters from `m` on in it, or [`NEVER`].
fn tail_costs(pattern: &[char], word: &[char], costs: &mut [u16], (first, next): &mut Space) {
    costs.fill(NEVER);
    let len = pattern.len();
    // The cheapest placement of the letters after `k`, with letter `k` at each place, not
    // counting the run letter `k` is in.
    first.clear();
    first.extend(
        word.iter()
            .map(|&c| if c == pattern[len - 1] { 0 } else { NEVER }),
    );
    for k in (1..len).rev() {
        if k < len - 1 {
            next.clear();
            next.resize(word.len(), NEVER);
            // The cheapest of `first[i + 2..]`, for a new run there.
            let mut after = NEVER;
            for i in (0..word.len()).rev() {
                if i + 2 < word.len() {
                    after = after.min(first[i + 2]);
                }
                if word[i] == pattern[k] {
                    let on = first.get(i + 1).copied().unwrap_or(NEVER);
                    next[i] = on.min(after.saturating_add(1)).min(NEVER);
                }
            }
            std::mem::swap(first, next);
        }
        costs[k] = (0..word.len())
            .map(|i| first[i].saturating_add(u16::from(i > 0)))
            .min()
            .unwrap_or(NEVER)
            .min(NEVER);
        if first.iter().all(|&c| c >= NEVER) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Worked out on masks of places, a word holds what the costs of every place say
        /// it holds, for patterns of any length and letters that repeat.
        #[test]
        fn masks_agree_with_costs(
            word in "[abcé-]{1,64}",
            pattern in "[abcé]{1,20}",
        ) {
            let (word, pattern): (Vec<char>, Vec<char>) =
                (word.chars().collect(), pattern.chars().collect());
            let mut holding = Holding::new(&pattern, pattern.len().div_ceil(4));
            let (mut by_masks, mut by_costs) = (Vec::new(), Vec::new());
            holding.by_masks(&word, &mut by_masks);
            holding.by_costs(&word, &mut by_costs);
            prop_assert_eq!(by_masks, by_costs);
        }
    }

    #[test]
    fn places_before_and_after() {
        assert_eq!(at_or_after(0b100, 2), !0 << 4);
        assert_eq!(at_or_after(0, 2), 0);
        assert_eq!(at_or_after(1 << 62, 2), 0);
        assert_eq!(at_or_before(0b10000, 2), 0b111);
        assert_eq!(at_or_before(0b10, 2), 0);
        assert_eq!(at_or_before(1 << 63, 0), !0);
    }
}
