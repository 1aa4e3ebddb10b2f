//! WhatsApp channels (newsletters): one-way broadcasts a number can follow and read. Gerbang
//! follows, unfollows and reads them; it does not run channels.

use serde::Serialize;
use utoipa::ToSchema;

/// How a channel is named: its JID (`120363…@newsletter`) or the code of its invite link
/// (`https://whatsapp.com/channel/<code>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelRef {
    Jid(String),
    Invite(String),
}

impl ChannelRef {
    /// A channel JID, its number alone, an invite code, or a whole invite link.
    pub fn parse(input: &str) -> Result<ChannelRef, &'static str> {
        let input = input.trim().trim_end_matches('/');
        if input.is_empty() {
            return Err("name a channel: its JID (…@newsletter), invite code or invite link");
        }
        if let Some(code) = ["https://whatsapp.com/channel/", "whatsapp.com/channel/"]
            .iter()
            .find_map(|prefix| input.strip_prefix(prefix))
        {
            return invite(code);
        }
        let number = input.strip_suffix("@newsletter").unwrap_or(input);
        if number.bytes().all(|b| b.is_ascii_digit()) {
            if !(5..=30).contains(&number.len()) {
                return Err("a channel JID is 5 to 30 digits before @newsletter");
            }
            return Ok(ChannelRef::Jid(format!("{number}@newsletter")));
        }
        if input.contains('@') {
            return Err("not a channel: a channel JID ends in @newsletter");
        }
        invite(input)
    }
}

fn invite(code: &str) -> Result<ChannelRef, &'static str> {
    if (10..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(ChannelRef::Invite(code.to_string()))
    } else {
        Err("an invite code is 10 to 64 letters and digits (the end of a whatsapp.com/channel/ link)")
    }
}

/// A channel as WhatsApp describes it to this account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInfo {
    #[schema(example = "120363012345678901@newsletter")]
    pub jid: String,
    #[schema(example = "Info Promo Toko")]
    pub name: String,
    pub description: Option<String>,
    pub subscribers: u64,
    /// WhatsApp's verified badge.
    pub verified: bool,
    /// `active`, `suspended` or `geosuspended`.
    #[schema(example = "active")]
    pub state: String,
    /// The code of the channel's invite link, `https://whatsapp.com/channel/<code>`.
    #[schema(example = "0029VaAbCdEfGhIjKlMnOp12")]
    pub invite_code: Option<String>,
    /// This account's role: `owner`, `admin`, `subscriber` (following) or `guest` (not).
    #[schema(example = "subscriber")]
    pub role: Option<String>,
    /// Unix seconds.
    pub created_at: Option<u64>,
}

impl ChannelInfo {
    pub fn following(&self) -> bool {
        matches!(self.role.as_deref(), Some("subscriber" | "admin" | "owner"))
    }
}

/// One post of a channel, newest first in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelPost {
    /// The post's message id.
    pub id: String,
    /// WhatsApp's running number for the post in this channel; pass the smallest one seen as
    /// `before` to read older posts.
    pub server_id: u64,
    /// Unix seconds.
    pub timestamp: u64,
    /// `text`, `media`, `poll_creation`, … as WhatsApp labels the post.
    #[schema(example = "text")]
    pub kind: String,
    /// The text, or a photo's or video's caption.
    pub text: Option<String>,
    /// The media's MIME type when the post carries media.
    pub mime: Option<String>,
    pub reactions: Vec<ChannelReaction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChannelReaction {
    #[schema(example = "👍")]
    pub emoji: String,
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_is_named_by_jid_number_code_or_link() {
        let jid = ChannelRef::Jid("120363012345678901@newsletter".into());
        assert_eq!(
            ChannelRef::parse("120363012345678901@newsletter"),
            Ok(jid.clone())
        );
        assert_eq!(ChannelRef::parse(" 120363012345678901 "), Ok(jid));
        let code = ChannelRef::Invite("0029VaAbCdEfGhIjKlMnOp12".into());
        assert_eq!(
            ChannelRef::parse("0029VaAbCdEfGhIjKlMnOp12"),
            Ok(code.clone())
        );
        assert_eq!(
            ChannelRef::parse("https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12/"),
            Ok(code)
        );
        for bad in [
            "",
            "6281234567890@s.whatsapp.net",
            "short",
            "12@newsletter",
            "a b c d e f g h",
        ] {
            assert!(ChannelRef::parse(bad).is_err(), "{bad}");
        }
    }
}
