//! The explorer's searches on a thread of their own, so that typing never waits for one: each
//! query is handed over with a number, a newer one supersedes any older one still running
//! (the search asks between every few thousand events whether it is still the newest, and
//! stops if not), and only the newest query's answer is taken back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use crate::filter::{Filter, Matcher, SearchWord, TextIndex};
use crate::model::Timeline;

/// A search to run: a filter on a log.
struct Job {
    number: u64,
    filter: Filter,
    timeline: Arc<Timeline>,
    index: Arc<TextIndex>,
}

/// The answer to a search: what [`Matcher`] gives for its filter.
#[derive(Debug)]
pub struct Answer {
    pub number: u64,
    pub results: Vec<usize>,
    pub words: Vec<SearchWord>,
    pub unmatched: Vec<String>,
    pub fuzzy: Vec<String>,
}

impl Answer {
    /// The answer for `filter` on `timeline`, unless `stop` says it is no longer wanted.
    pub fn find(
        number: u64,
        filter: &Filter,
        timeline: &Timeline,
        index: &TextIndex,
        stop: &dyn Fn() -> bool,
    ) -> Option<Self> {
        let matcher = Matcher::new(filter, timeline);
        let (results, words) = matcher.select_until(index, stop)?;
        Some(Self {
            number,
            results,
            words,
            unmatched: matcher.unmatched(),
            fuzzy: crate::filter::fuzzy_notes(filter, timeline),
        })
    }
}

/// The thread that searches, and the way to it and back.
#[derive(Debug)]
pub struct Searcher {
    jobs: mpsc::Sender<Job>,
    answers: mpsc::Receiver<Answer>,
    /// The number of the newest search asked for (a search that is not it stops).
    newest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the searching thread; `None` when no thread can be had (then the explorer
    /// searches as it goes).
    pub fn start() -> Option<Self> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, answers) = mpsc::channel();
        let newest = Arc::new(AtomicU64::new(0));
        let wanted = Arc::clone(&newest);
        std::thread::Builder::new()
            .name("annals-search".into())
            .spawn(move || work(&inbox, &outbox, &wanted))
            .ok()?;
        Some(Self {
            jobs,
            answers,
            newest,
        })
    }

    /// Asks for the events `filter` selects in `timeline`; any older search still running
    /// stops. Returns false when the searching thread is gone.
    pub fn ask(&self, filter: Filter, timeline: Arc<Timeline>, index: Arc<TextIndex>) -> bool {
        let number = self.newest.fetch_add(1, Ordering::SeqCst) + 1;
        self.jobs
            .send(Job {
                number,
                filter,
                timeline,
                index,
            })
            .is_ok()
    }

    /// Forgets the search asked last (the explorer searched for itself since).
    pub fn cancel(&self) {
        self.newest.fetch_add(1, Ordering::SeqCst);
    }

    /// The answer to the newest search, if it has come; older answers are dropped.
    pub fn answer(&self) -> Option<Answer> {
        let newest = self.newest.load(Ordering::SeqCst);
        self.answers
            .try_iter()
            .filter(|a| a.number == newest)
            .last()
    }
}

/// The searching thread: takes the newest job waiting, runs it while it stays the newest.
fn work(inbox: &mpsc::Receiver<Job>, outbox: &mpsc::Sender<Answer>, newest: &AtomicU64) {
    while let Ok(mut job) = inbox.recv() {
        // Jobs that came while the last one ran: only the newest is worth running.
        while let Ok(newer) = inbox.try_recv() {
            job = newer;
        }
        let stop = || newest.load(Ordering::SeqCst) != job.number;
        if stop() {
            continue;
        }
        let answer = Answer::find(job.number, &job.filter, &job.timeline, &job.index, &stop);
        if let Some(answer) = answer
            && outbox.send(answer).is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn log(n: usize) -> Timeline {
        let mut text = String::from("[actors.a]\nname = \"A\"\n");
        for i in 0..n {
            let title = if i % 2 == 0 {
                "Export controls"
            } else {
                "Chips"
            };
            text.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"2025\"\ntitle = \"{title}\"\nactors = [\"a\"]\n"
            ));
        }
        load::parse(&text).timeline.expect("the test log loads")
    }

    #[test]
    fn a_superseded_search_is_dropped_and_the_newest_answers() {
        let timeline = Arc::new(log(20));
        let index = Arc::new(TextIndex::new(&timeline));
        let searcher = Searcher::start().expect("a thread");
        for query in ["e", "ex", "chip", "export"] {
            let filter = Filter::parse(query).expect("a query");
            assert!(searcher.ask(filter, Arc::clone(&timeline), Arc::clone(&index)));
        }
        // Every answer but the newest is dropped, however they arrive.
        let answer = loop {
            if let Some(answer) = searcher.answer() {
                break answer;
            }
            std::thread::yield_now();
        };
        assert_eq!(answer.number, 4);
        let evens: Vec<usize> = (0..20).filter(|i| i % 2 == 0).collect();
        assert_eq!(answer.results, evens);
        assert!(searcher.answer().is_none());
    }

    #[test]
    fn a_search_stops_once_a_newer_one_is_asked() {
        let timeline = log(10_000);
        let index = TextIndex::later(&timeline);
        let filter = Filter::parse("export").expect("a query");
        let asked = std::cell::Cell::new(0);
        // The newer query comes after the search has begun.
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        assert!(Answer::find(1, &filter, &timeline, &index, &stop).is_none());
        let all = Answer::find(1, &filter, &timeline, &index, &|| false).expect("an answer");
        assert_eq!(all.results.len(), 5_000);
    }
}
