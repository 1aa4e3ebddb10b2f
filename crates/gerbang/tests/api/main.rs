//! The one integration-test binary of the `gerbang` crate: every test talks HTTP to a real
//! server on loopback, over SQLite and (when configured) PostgreSQL.

mod harness;

mod admin;
mod auth;
mod cli;
mod conventions;
mod devices;
mod faults;
mod matrix;
mod messaging;
