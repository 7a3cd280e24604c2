//! Parallel maps whose result is the sequential one: same order, same error.

use rayon::prelude::*;

use crate::error::Result;

/// Collects a parallel iterator of results in order; on failure, the error of the first
/// item in that order — the one a sequential run returns (rayon's own `collect` into a
/// `Result` returns whichever error it meets first).
pub(crate) fn first_error<T: Send>(
    items: impl IndexedParallelIterator<Item = Result<T>>,
) -> Result<Vec<T>> {
    let all: Vec<Result<T>> = items.collect();
    all.into_iter().collect()
}
