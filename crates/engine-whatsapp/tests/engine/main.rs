//! Integration tests of the real WhatsApp engine: its storage against whatsapp-rust's
//! reference store, and its lifecycle against unreachable and fake WhatsApp endpoints.

mod groups;
mod harness;
mod loopback;
mod offline;
mod protocol;
mod storage;
