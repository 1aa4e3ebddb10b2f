//! Unit tests of the mappings between whatsapp-rust and Gerbang, without a network.

mod events;
mod groups;
mod history;
mod messages;
