//! Sending to groups through the normal send path (pending row first, events), and bulk jobs
//! whose recipients are a group's members, each messaged privately through the jobs machinery.

use serde::Deserialize;
use utoipa::ToSchema;

use gerbang_core::jid::Jid;
use gerbang_core::job::Job;

use super::{group_jid, members};
use crate::jobs::{CreateJobInput, CreateMediaJobInput, RecipientInput};
use crate::messages::{MediaUpload, MediaUrlInput, SendResult, SendTextInput};
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendGroupInput {
    /// `120363…@g.us` or `120363…`; also accepted as `groupJid`, `group`, `jid`, `to`, `chatId`.
    #[serde(
        alias = "groupJid",
        alias = "group",
        alias = "jid",
        alias = "to",
        alias = "chatId"
    )]
    pub group_id: String,
    /// Also accepted as `text`.
    #[serde(alias = "text")]
    pub message: String,
    pub reply_to: Option<String>,
    /// Members to mention (write `@<number>` in the text where they go).
    #[serde(default)]
    pub mentions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MentionInput {
    /// Also accepted as `text`. `@<number>` of each mentioned member is appended unless the
    /// text already holds it.
    #[serde(alias = "text")]
    pub message: String,
    /// The members to mention; every member (but this device) when absent or empty.
    #[serde(default, alias = "mentions")]
    pub participants: Vec<String>,
}

/// A text job for the group's members: the job fields, without recipients.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupJobInput {
    #[serde(flatten)]
    pub job: CreateJobInput,
    /// Only these members (phone numbers or JIDs); all members when absent.
    pub participants: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupMediaJobInput {
    #[serde(flatten)]
    pub job: CreateMediaJobInput,
    /// Only these members (phone numbers or JIDs); all members when absent.
    pub participants: Option<Vec<String>>,
}

impl App {
    pub async fn send_group_message(
        &self,
        who: &Principal,
        device_id: &str,
        input: SendGroupInput,
    ) -> AppResult<SendResult> {
        let jid = group_jid("groupId", &input.group_id)?;
        self.send_to_group(
            who,
            device_id,
            jid,
            input.message,
            input.mentions,
            input.reply_to,
        )
        .await
    }

    async fn send_to_group(
        &self,
        who: &Principal,
        device_id: &str,
        jid: Jid,
        message: String,
        mentions: Vec<String>,
        reply_to: Option<String>,
    ) -> AppResult<SendResult> {
        // Input first (nothing is looked up for a bad request), then the group must be known.
        if message.trim().is_empty() {
            return Err(AppError::field("message", "must not be empty"));
        }
        self.group_target(who, device_id, jid.as_str()).await?;
        let input = SendTextInput {
            phone: jid.to_string(),
            message,
            reply_to,
            mentions,
        };
        self.send_text(who, device_id, input).await
    }

    pub async fn send_group_mention(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        input: MentionInput,
    ) -> AppResult<SendResult> {
        let jid = group_jid("groupId", group)?;
        let mut f = Fields::new();
        if input.message.trim().is_empty() {
            f.add("message", "must not be empty");
        }
        let named = members(&mut f, "participants", &input.participants, false);
        f.finish()?;
        let (device, jid) = self.group_target(who, device_id, jid.as_str()).await?;
        let (group, _) = self.fetch_group(&device, &jid).await?;
        let me = super::own_phone(&device).map(|p| p.jid());
        let targets: Vec<Jid> = if named.is_empty() {
            group
                .info
                .participants
                .iter()
                .map(|p| p.jid.clone())
                .filter(|j| Some(j) != me.as_ref())
                .collect()
        } else {
            for (i, j) in named.iter().enumerate() {
                if !group.info.participants.iter().any(|p| &p.jid == j) {
                    return Err(AppError::field(
                        &format!("participants[{i}]"),
                        "not a member of this group",
                    ));
                }
            }
            named
        };
        let mut text = input.message.trim_end().to_string();
        let tags: Vec<String> = targets
            .iter()
            .map(|j| format!("@{}", j.user_part()))
            .filter(|tag| !text.contains(tag.as_str()))
            .collect();
        if !tags.is_empty() {
            text.push_str("\n\n");
            text.push_str(&tags.join(" "));
        }
        let mentions = targets.iter().map(Jid::to_string).collect();
        self.send_to_group(who, device_id, jid, text, mentions, None)
            .await
    }

    /// `send-media` to a group: the upload or URL as for a person, the group as recipient.
    pub async fn send_group_media(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        mut upload: MediaUpload,
    ) -> AppResult<SendResult> {
        let jid = group_jid("groupId", group)?;
        let (_, jid) = self.group_target(who, device_id, jid.as_str()).await?;
        upload.to = jid.to_string();
        self.send_media(who, device_id, upload).await
    }

    pub async fn send_group_media_url(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        mut input: MediaUrlInput,
    ) -> AppResult<SendResult> {
        let jid = group_jid("groupId", group)?;
        let (_, jid) = self.group_target(who, device_id, jid.as_str()).await?;
        input.phone = jid.to_string();
        self.send_media_url(who, device_id, input).await
    }

    /// The members a group job messages: all, or the named ones that are members; never this
    /// device's own number.
    async fn job_members(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        job: &CreateJobInput,
        participants: Option<Vec<String>>,
    ) -> AppResult<Vec<RecipientInput>> {
        let jid = group_jid("groupId", group)?;
        if job.recipients.is_some() || job.messages.is_some() {
            return Err(AppError::field(
                "recipients",
                "a group job messages the group's members; choose some with participants",
            ));
        }
        if job.tags.is_some() || job.category_ids.is_some() || job.csv.is_some() {
            return Err(AppError::field(
                "tags",
                "a group job messages the group's members only",
            ));
        }
        let mut f = Fields::new();
        let named = participants
            .as_ref()
            .map(|list| members(&mut f, "participants", list, true));
        f.finish()?;
        let device = self.device_for(who, device_id).await?;
        let (group, _) = self.fetch_group(&device, &jid).await?;
        let me = super::own_phone(&device).map(|p| p.jid());
        let all: Vec<Jid> = group
            .info
            .participants
            .iter()
            .map(|p| p.jid.clone())
            .collect();
        let chosen = match named {
            Some(named) => {
                if let Some(i) = named.iter().position(|j| !all.contains(j)) {
                    return Err(AppError::field(
                        &format!("participants[{i}]"),
                        "not a member of this group",
                    ));
                }
                named
            }
            None => all,
        };
        let recipients: Vec<RecipientInput> = chosen
            .into_iter()
            .filter(|j| Some(j) != me.as_ref())
            .map(|j| RecipientInput::Phone(j.to_string()))
            .collect();
        if recipients.is_empty() {
            return Err(AppError::field(
                "participants",
                "no member to message (this device's own number is left out)",
            ));
        }
        Ok(recipients)
    }

    pub async fn create_group_job(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        input: GroupJobInput,
    ) -> AppResult<Job> {
        let mut job = input.job;
        let recipients = self
            .job_members(who, device_id, group, &job, input.participants)
            .await?;
        job.recipients = Some(recipients);
        self.create_job(who, device_id, job).await
    }

    pub async fn create_group_media_job(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        input: GroupMediaJobInput,
    ) -> AppResult<Job> {
        let mut media = input.job;
        let recipients = self
            .job_members(who, device_id, group, &media.job, input.participants)
            .await?;
        media.job.recipients = Some(recipients);
        self.create_media_job(who, device_id, media).await
    }
}
