//! projection (in progress)
