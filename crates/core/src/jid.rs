//! Phone numbers and WhatsApp addresses (JIDs), parsed at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A phone number in international form, digits only (E.164 without the `+`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Accepts `+62 812-3456-7890`, `(0812) 3456 7890` (Indonesian local form: the leading 0
    /// becomes 62), `6281234567890`, and `+` with any country code. 8 to 15 digits result.
    pub fn parse(input: &str) -> Result<Phone, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("enter a phone number".into());
        }
        let plus = trimmed.starts_with('+');
        let body = if plus { &trimmed[1..] } else { trimmed };
        if !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        {
            return Err(
                "a phone number has only digits, spaces, '-', '.', '(' ')' and a leading '+'"
                    .into(),
            );
        }
        // Separators sit between digits: `-628…` or `628…-` is a typo (or a sign), not a number.
        let starts_well = body.starts_with(|c: char| c.is_ascii_digit() || c == '(');
        let ends_well = body.ends_with(|c: char| c.is_ascii_digit());
        if !starts_well || !ends_well {
            return Err(
                "a phone number starts and ends with a digit (after an optional '+')".into(),
            );
        }
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        let digits = match digits.strip_prefix('0') {
            Some(rest) if !plus && !rest.starts_with('0') => format!("62{rest}"),
            Some(_) => {
                return Err(
                    "a phone number cannot start with 00 here; write +<country code>".into(),
                )
            }
            None => digits,
        };
        if !(8..=15).contains(&digits.len()) {
            return Err("a phone number has 8 to 15 digits with its country code".into());
        }
        Ok(Phone(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn jid(&self) -> Jid {
        Jid::user(self)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JidKind {
    /// A person, by phone number (`…@s.whatsapp.net`).
    User,
    /// A group (`…@g.us`).
    Group,
    /// A person by WhatsApp's privacy identifier (`…@lid`), when the number is hidden.
    Lid,
}

/// A WhatsApp address: `628123456789@s.whatsapp.net`, `120363…@g.us`, `1234…@lid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Jid(String);

pub const USER_SERVER: &str = "s.whatsapp.net";
pub const GROUP_SERVER: &str = "g.us";
pub const LID_SERVER: &str = "lid";

impl Jid {
    pub fn user(phone: &Phone) -> Jid {
        Jid(format!("{}@{USER_SERVER}", phone.as_str()))
    }

    /// A full JID, or else a phone number in any accepted form.
    pub fn parse(input: &str) -> Result<Jid, String> {
        let input = input.trim();
        let Some((user, server)) = input.split_once('@') else {
            return Phone::parse(input).map(|p| p.jid());
        };
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_digit());
        // A device suffix (`628…:12@s.whatsapp.net`) addresses one of a user's devices.
        let user = user.split(':').next().unwrap_or(user);
        match server {
            USER_SERVER | "c.us" => Phone::parse(user).map(|p| p.jid()),
            // Groups: `120363…` or the older `<creator>-<timestamp>`.
            GROUP_SERVER if user.split('-').all(digits) && user.split('-').count() <= 2 => {
                Ok(Jid(format!("{user}@{GROUP_SERVER}")))
            }
            LID_SERVER if digits(user) => Ok(Jid(format!("{user}@{LID_SERVER}"))),
            GROUP_SERVER | LID_SERVER => Err(format!("{input:?} is not a valid {server} address")),
            _ => Err(format!(
                "unknown WhatsApp server {server:?}; use a phone number, …@s.whatsapp.net, …@g.us or …@lid"
            )),
        }
    }

    pub fn kind(&self) -> JidKind {
        match self.server() {
            GROUP_SERVER => JidKind::Group,
            LID_SERVER => JidKind::Lid,
            _ => JidKind::User,
        }
    }

    pub fn is_group(&self) -> bool {
        self.kind() == JidKind::Group
    }

    pub fn server(&self) -> &str {
        self.0.split_once('@').map(|(_, s)| s).unwrap_or("")
    }

    pub fn user_part(&self) -> &str {
        self.0.split_once('@').map(|(u, _)| u).unwrap_or(&self.0)
    }

    /// The phone number, for a user JID.
    pub fn phone(&self) -> Option<Phone> {
        (self.kind() == JidKind::User).then(|| Phone(self.user_part().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_every_accepted_form() {
        for input in [
            "+62 812-3456-7890",
            "0812 3456 7890",
            "6281234567890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "6281234567890",
                "{input}"
            );
        }
        assert_eq!(
            Phone::parse("+1 415 555 2671").unwrap().as_str(),
            "14155552671"
        );
        assert_eq!(
            Phone::parse("+62 812").unwrap_err(),
            "a phone number has 8 to 15 digits with its country code"
        );
        for bad in [
            "",
            "abc",
            "0812-abc",
            "+62 812 3456 7890 1234 5",
            "00628123456789",
            "62#812345678",
            "-6281234567890",
            "+-6281234567890",
            "6281234567890-",
            ".6281234567890",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Phone::parse("0812345678").unwrap().to_string(),
            "+62812345678"
        );
    }

    #[test]
    fn jids_of_every_kind() {
        let j = Jid::parse("0812-3456-7890").unwrap();
        assert_eq!(j.as_str(), "6281234567890@s.whatsapp.net");
        assert_eq!(j.phone().unwrap().as_str(), "6281234567890");
        assert_eq!(Jid::parse("6281234567890:3@s.whatsapp.net").unwrap(), j);
        assert_eq!(Jid::parse("6281234567890@c.us").unwrap(), j);
        let g = Jid::parse("120363025246125486@g.us").unwrap();
        assert!(g.is_group() && g.phone().is_none());
        assert!(Jid::parse("6281234567-1600000000@g.us").unwrap().is_group());
        let l = Jid::parse("123456789012345@lid").unwrap();
        assert_eq!(l.kind(), JidKind::Lid);
        for bad in [
            "x@g.us",
            "abc@lid",
            "628123@example.com",
            "@s.whatsapp.net",
            "1-2-3@g.us",
        ] {
            assert!(Jid::parse(bad).is_err(), "{bad}");
        }
    }
}
