//! Gerbang's domain: the types every layer speaks and the ports (store traits) that adapters
//! implement. Nothing here does I/O, so it stays cheap to depend on.

pub mod ai;
pub mod appstate;
pub mod audit;
pub mod bot;
pub mod channel;
pub mod chatwoot;
pub mod cluster;
pub mod contact;
pub mod device;
pub mod engine;
pub mod event;
pub mod export;
pub mod group;
pub mod jid;
pub mod job;
pub mod message;
pub mod page;
pub mod photo;
pub mod poll;
pub mod proxy;
pub mod queue;
pub mod sim;
pub mod stats;
pub mod store;
pub mod user;
pub mod webhook;

pub use page::{Page, PageRequest};
pub use store::{Store, StoreError, StoreResult};
