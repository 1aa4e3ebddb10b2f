//! The one integration-test binary of the `gerbang` crate: every test talks HTTP to a real
//! server on loopback, over SQLite and (when configured) PostgreSQL.

mod harness;

mod activity;
mod admin;
mod ai;
mod auth;
mod bot;
mod bot_crash;
mod cli;
mod compat;
mod contacts;
mod conventions;
mod crash;
mod dashboard;
mod dbexec;
mod devices;
mod edge;
mod events;
mod exports;
mod faults;
mod groups;
mod ingest;
mod jobs;
mod loopback;
mod loopback_crash;
mod loopback_groups;
mod loopback_kinds;
mod loopback_media;
mod loopback_phone;
mod matrix;
mod messaging;
mod openapi;
mod process;
mod queue;
mod recovery;
mod revocation;
mod security;
mod seed_routes;
mod sessions;
mod socketio;
mod stats;
mod templates;
mod webhooks;
mod whatsapp;
