//! The shipped data sets: every checksum, MNIST's sizes and label counts, and a clear error
//! for an altered or missing file.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

#[test]
fn every_data_file_matches_its_checksum() {
    let n = datasets::verify_all().expect("all data files intact");
    // One line per file in datasets/SHA256SUMS.
    let listed = include_str!("../datasets/SHA256SUMS").lines().count();
    assert_eq!(n, listed);
    assert!(
        n >= 20,
        "the workbook ships at least the 20 files of datasets/README.md, found {n}"
    );
}

#[test]
fn mnist_has_60000_and_10000_digits_with_the_published_label_counts() {
    let mnist = datasets::mnist::load().expect("MNIST loads");
    assert_eq!(mnist.train.images.dim(), (60_000, 784));
    assert_eq!(mnist.test.images.dim(), (10_000, 784));
    let counts = |labels: &ndarray::Array1<u8>| {
        let mut c = [0usize; 10];
        for &l in labels {
            c[usize::from(l)] += 1;
        }
        c
    };
    // Label counts as published in datasets/README.md (from the original MNIST files).
    assert_eq!(
        counts(&mnist.train.labels),
        [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    );
    assert_eq!(
        counts(&mnist.test.labels),
        [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    );
    // Pixels are bytes: the first training image (a 5) has ink, and a blank border.
    let first = mnist.train.image(0);
    assert_eq!(mnist.train.labels[0], 5);
    assert!(first.iter().filter(|&&p| p > 128).count() > 50);
    assert!(first.row(0).iter().all(|&p| p == 0));
}

#[test]
fn decompressed_mnist_matches_the_raw_idx_checksums_in_sources() {
    // datasets/README.md gives the SHA-256 of each raw (un-gzipped) IDX file.
    let sources = include_str!("../datasets/README.md");
    let mut expected = BTreeMap::new();
    for line in sources.lines().filter(|l| l.starts_with("| mnist/")) {
        let name = line
            .split('|')
            .nth(1)
            .unwrap()
            .trim()
            .trim_end_matches(".gz")
            .to_string();
        let sum = line.split("raw idx sha256 ").nth(1).unwrap()[..64].to_string();
        expected.insert(name, sum);
    }
    assert_eq!(expected.len(), 4);
    for (name, sum) in expected {
        let path = datasets::data_dir().join(format!("{name}.gz"));
        let mut raw = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap()),
            &mut raw,
        )
        .unwrap();
        assert_eq!(format!("{:x}", Sha256::digest(&raw)), sum, "{name}");
    }
}

#[test]
fn an_altered_or_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(datasets::data_dir().join("penguins.csv")).unwrap();
    let mut altered = original.clone();
    altered[100] ^= 1;
    std::fs::write(dir.path().join("penguins.csv"), &altered).unwrap();
    let err = datasets::path_in(dir.path(), "penguins")
        .unwrap_err()
        .to_string();
    assert!(err.contains("has been altered"), "{err}");
    assert!(err.contains("git checkout -- datasets/data"), "{err}");

    let err = datasets::path_in(dir.path(), "titanic")
        .unwrap_err()
        .to_string();
    assert!(err.contains("is missing"), "{err}");

    std::fs::write(dir.path().join("penguins.csv"), &original).unwrap();
    assert!(datasets::path_in(dir.path(), "penguins").is_ok());
}

#[test]
fn csv_tables_match_the_row_counts_in_sources() {
    // Row counts as listed in datasets/README.md.
    for (name, rows) in [
        ("titanic", 1309),
        ("ames_housing", 2930),
        ("telco_churn", 7043),
        ("penguins", 344),
        ("economics", 574),
        ("air_passengers", 144),
        ("txhousing", 8602),
        ("flights/flights_2013_01", 27004),
        ("flights/weather_2013_01", 2226),
        ("flights/airlines", 16),
        ("flights/airports", 1458),
        ("flights/planes", 3322),
    ] {
        assert_eq!(datasets::table(name).unwrap().len(), rows, "{name}");
    }
    let ages = datasets::table("titanic")
        .unwrap()
        .f64_column("age")
        .unwrap();
    assert_eq!(
        ages.iter().filter(|a| a.is_none()).count(),
        263,
        "titanic: 263 missing ages"
    );
}
