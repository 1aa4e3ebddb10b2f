//! Store contract tests: the store ports called directly, each test once on a real SQLite file
//! and once on a real PostgreSQL database (`<module>::sqlite::<name>`, `<module>::postgres::<name>`),
//! so the two backends are held to one behaviour without going through HTTP.

mod bot;
mod chatstate;
mod chatwoot;
mod cluster;
mod contacts;
mod events;
mod extras;
mod jobs;
mod messages;
mod queue;
mod settings;
mod stats;
mod support;
mod users;
mod webhooks;
