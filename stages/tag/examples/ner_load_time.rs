fn main() {
    let t = std::time::Instant::now();
    let m = newsmill_tag::ner::Model::from_bytes(newsmill_tag::ner::BUILTIN).unwrap();
    println!(
        "{} features loaded in {:.3} s",
        m.len(),
        t.elapsed().as_secs_f64()
    );
}
