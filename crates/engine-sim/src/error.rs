//! The simulator's control errors live with its port in core.

pub use gerbang_core::sim::SimError;
