#![allow(clippy::unwrap_used, clippy::expect_used)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let t = annals::load::parse(&text).timeline.unwrap();
    let all: Vec<usize> = (0..t.events.len()).collect();
    for _ in 0..5 {
        let start = std::time::Instant::now();
        annals::render::summary_to(&mut std::io::sink(), &t, &all, "", 100).unwrap();
        eprintln!("summary_to: {:?}", start.elapsed());
    }
}
