//! stays (in progress)
