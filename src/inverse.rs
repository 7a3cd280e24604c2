//! inverse (in progress)
