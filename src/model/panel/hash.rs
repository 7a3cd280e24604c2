//! The hash map of the panel's interners and fold index (and the frame layer's id index).
//!
//! The keys are a file's own ids and (facility, day) numbers, hashed once or twice per row
//! read, so the hasher is a large share of reading a file: SipHash (std's default) cost
//! several times foldhash's there. An unkeyed fast hash (FxHash, used before) let a file of
//! crafted ids collide on purpose and make a build quadratic; foldhash's `RandomState` seeds
//! each map at random, so collisions cannot be prepared in a file.

/// A `HashMap` with foldhash's randomly seeded fast hasher.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
