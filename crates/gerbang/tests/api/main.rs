//! The one integration-test binary of the `gerbang` crate: every test talks HTTP to a real
//! server on loopback, over SQLite and (when configured) PostgreSQL.

mod harness;

mod admin;
mod auth;
mod cli;
mod contacts;
mod conventions;
mod crash;
mod dashboard;
mod devices;
mod events;
mod faults;
mod jobs;
mod loopback;
mod loopback_crash;
mod matrix;
mod messaging;
mod process;
mod templates;
mod webhooks;
mod whatsapp;
