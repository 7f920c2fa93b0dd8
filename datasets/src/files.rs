//! Where the data files are, and their checksums.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::Error;

/// Set this to read the data files from another folder (same names, same checksums).
pub const DATA_DIR_ENV: &str = "WORKBOOK_DATA_DIR";

/// `sha256sum`-format list of every data file, relative to the data folder.
const SUMS: &str = include_str!("../SHA256SUMS");

/// The folder holding the data files: `$WORKBOOK_DATA_DIR`, or this crate's `data/`.
pub fn data_dir() -> PathBuf {
    std::env::var_os(DATA_DIR_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

/// `(relative file name, sha256)` for every file.
fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    SUMS.lines().filter_map(|line| {
        let (sum, file) = line.split_once("  ")?;
        Some((file.trim(), sum.trim()))
    })
}

/// The data set names: file names without their extension (`"titanic"`,
/// `"flights/airlines"`, `"mnist/train-images"`).
pub fn names() -> Vec<&'static str> {
    entries().map(|(file, _)| strip_ext(file)).collect()
}

fn strip_ext(file: &str) -> &str {
    let file = file.strip_suffix(".gz").unwrap_or(file);
    let file = file.strip_suffix(".idx3-ubyte").unwrap_or(file);
    let file = file.strip_suffix(".idx1-ubyte").unwrap_or(file);
    file.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(file)
}

static VERIFIED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// The path of data set `name`, its checksum verified (once per process).
///
/// # Errors
/// [`Error::Unknown`] for a name not in the list, [`Error::Missing`] when the file is not
/// on disk, [`Error::Checksum`] when its content changed.
pub fn path(name: &str) -> Result<PathBuf, Error> {
    path_in(&data_dir(), name)
}

/// Like [`path`], for a copy of the data folder at `dir` (same names, same checksums).
pub fn path_in(dir: &Path, name: &str) -> Result<PathBuf, Error> {
    let (file, sum) = entries()
        .find(|(file, _)| strip_ext(file) == name || *file == name)
        .ok_or_else(|| Error::Unknown {
            name: name.to_string(),
            known: names().join(", "),
        })?;
    let path = dir.join(file);
    {
        let verified = VERIFIED.lock().unwrap_or_else(|e| e.into_inner());
        if verified.as_ref().is_some_and(|v| v.contains(&path)) {
            return Ok(path);
        }
    }
    verify_file(&path, sum)?;
    VERIFIED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashSet::new)
        .insert(path.clone());
    Ok(path)
}

fn verify_file(path: &Path, expected: &str) -> Result<(), Error> {
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing {
            path: path.to_path_buf(),
        },
        _ => Error::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let found = format!("{:x}", hasher.finalize());
    if found != expected {
        return Err(Error::Checksum {
            path: path.to_path_buf(),
            expected: expected.to_string(),
            found,
        });
    }
    Ok(())
}

/// Verify every data file; the first problem found is returned.
pub fn verify_all() -> Result<usize, Error> {
    let mut n = 0;
    for name in names() {
        path(name)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_extensions() {
        assert_eq!(strip_ext("titanic.csv"), "titanic");
        assert_eq!(
            strip_ext("mnist/train-images.idx3-ubyte.gz"),
            "mnist/train-images"
        );
        assert_eq!(strip_ext("text/lee_test.txt"), "text/lee_test");
        assert!(names().contains(&"flights/airlines"));
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = path("titanc").unwrap_err().to_string();
        assert!(err.contains("unknown data set \"titanc\""), "{err}");
        assert!(err.contains("titanic"), "{err}");
    }
}
