//! Behaviour tests of the simulated network, on tokio's paused clock where timing matters.

mod faults;
mod groups;
mod lifecycle;
mod messaging;
mod support;
