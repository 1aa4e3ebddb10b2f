//! Polls in the inbox: a form under the reply box sends one, and each poll bubble shows its
//! tally.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;

use gerbang_app::polls::{PollTally, SendPollInput};
use gerbang_app::Principal;
use gerbang_core::message::Message;

use super::form::{check, Posted, Unreadable};
use super::pages::done;
use super::send::inbox_url;
use super::session::Signed;
use crate::AppState;

/// The tallies of the polls among `messages`, by message id.
pub(super) async fn tallies(
    s: &AppState,
    who: &Principal,
    device: &str,
    messages: &[Message],
) -> HashMap<String, PollTally> {
    let mut out = HashMap::new();
    for m in messages.iter().filter(|m| m.message_type == "poll") {
        if let Ok(t) = s.app.poll_tally(who, device, &m.message_id).await {
            out.insert(m.message_id.clone(), t);
        }
    }
    out
}

pub async fn send_poll(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/inbox") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let (device, to) = (f.get("device"), f.get("to"));
    let input = SendPollInput {
        phone: to.clone(),
        question: f.get("question"),
        options: f
            .raw("options")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        multiple_answers: !f.get("multiple").is_empty(),
    };
    let res = s
        .app
        .send_poll(&Principal::User(user), &device, input)
        .await;
    done(&ctx, res, &inbox_url(&device, &to), "poll.sent")
}
