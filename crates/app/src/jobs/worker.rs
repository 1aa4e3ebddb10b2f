//! The loop that sends job messages and scheduled messages when they are due; each pass
//! serves the devices with due jobs side by side.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use rand::SeedableRng;

use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::engine::{MediaData, MediaKind, MessageContent};
use gerbang_core::event::types;
use gerbang_core::jid::Jid;
use gerbang_core::job::{Job, JobStatus, RecipientStatus, ScheduleStatus};
use gerbang_core::message::MediaInfo;

use super::{pacing, render, UNPACED_LANES};
use crate::{App, AppError, AppResult};

/// Runs until the task is aborted. Wakes when the clock moves or work is added, and at least
/// every 200 ms.
pub fn spawn_worker(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(e) = app.settle_after_restart().await {
            tracing::error!(error = %e, "cannot settle jobs after restart");
        }
        let mut rng = rand::rngs::StdRng::from_entropy();
        loop {
            let moved = app.clock.moved.notified();
            let worked = match app.run_due(&mut rng).await {
                Ok(n) => n > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "job worker");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = moved => {}
                    _ = tokio::time::sleep(Duration::from_millis(200)) => {}
                }
            }
        }
    })
}

impl App {
    /// A start after a crash: sends that were in flight are `uncertain` (never repeated), and
    /// scheduled messages that fell due longer ago than the grace period are `missed`.
    async fn settle_after_restart(&self) -> AppResult<()> {
        // Among other live nodes, each device is settled when a node takes it over (`cluster`).
        if self.runtime.cluster().is_some_and(|c| !c.alone_at_start()) {
            return Ok(());
        }
        self.settle_jobs(None).await
    }

    /// Job sends in flight in a process that is gone become `uncertain`, and scheduled
    /// messages that fell due longer ago than the grace period `missed`; `device` limits it to
    /// one device (taken over from a dead node).
    pub(crate) async fn settle_jobs(&self, device: Option<&str>) -> AppResult<()> {
        let uncertain = self.store.mark_sending_uncertain(device).await?;
        let grace = chrono::Duration::from_std(self.settings.schedule_grace).unwrap_or_default();
        let settled = self
            .store
            .settle_scheduled_after_restart(self.clock.now() - grace, device)
            .await?;
        if uncertain + settled > 0 {
            tracing::warn!(
                uncertain,
                settled,
                device,
                "jobs and schedules settled after a restart"
            );
        }
        Ok(())
    }

    /// One pass: every due job sends (at most) one message, every due schedule fires. Devices
    /// take their turns side by side (one device's jobs in order), so that one slow or paced
    /// number does not hold the others up, and their writes commit together.
    async fn run_due(&self, rng: &mut rand::rngs::StdRng) -> AppResult<usize> {
        let mut by_device: BTreeMap<String, Vec<Job>> = BTreeMap::new();
        for job in self.store.due_jobs(self.clock.now()).await? {
            // Each node sends for the devices it runs, once their sessions run here (a device
            // just taken over still shows the old node's `connected` for a moment).
            if !self.runtime.serves(&job.device_id)
                || (self.runtime.cluster().is_some() && !self.runtime.is_started(&job.device_id))
            {
                continue;
            }
            by_device
                .entry(job.device_id.clone())
                .or_default()
                .push(job);
        }
        let turns = by_device.into_values().map(|jobs| {
            let mut rng = rand::rngs::StdRng::from_rng(&mut *rng)
                .unwrap_or_else(|_| rand::rngs::StdRng::from_entropy());
            async move {
                let mut work = 0;
                for job in jobs {
                    work += if pacing::unpaced(&job.pacing) {
                        self.steps_side_by_side(job, &mut rng).await?
                    } else {
                        usize::from(self.step(job, &mut rng, true).await?)
                    };
                }
                Ok::<_, AppError>(work)
            }
        });
        let mut work = 0;
        for turn in futures_util::future::join_all(turns).await {
            work += turn?;
        }
        let served = self.runtime.cluster().map(|c| c.served_devices());
        for s in self
            .store
            .due_scheduled(self.clock.now(), 20, served.as_deref())
            .await?
        {
            work += usize::from(self.fire_scheduled(s).await?);
        }
        Ok(work)
    }

    /// A job without pacing sends `UNPACED_LANES` messages at a time: one after another, a device
    /// would send no faster than one round trip to WhatsApp and back allows. Only when a step
    /// found nothing left (or pacing blocked it) does one more step, alone, complete the job:
    /// a job is never completed while one of its messages is still on its way.
    async fn steps_side_by_side(&self, job: Job, rng: &mut rand::rngs::StdRng) -> AppResult<usize> {
        let lanes = (0..UNPACED_LANES).map(|_| {
            let mut rng = rand::rngs::StdRng::from_rng(&mut *rng)
                .unwrap_or_else(|_| rand::rngs::StdRng::from_entropy());
            let job = job.clone();
            async move { self.step(job, &mut rng, false).await }
        });
        let mut work = 0;
        let mut drained = false;
        for handled in futures_util::future::join_all(lanes).await {
            if handled? {
                work += 1;
            } else {
                drained = true;
            }
        }
        if drained {
            work += usize::from(self.step(job, rng, true).await?);
        }
        Ok(work)
    }

    /// Sends the job's next message if pacing allows; `true` when a recipient was handled.
    /// With `may_complete`, a job with no recipient left is completed.
    #[tracing::instrument(name = "job_step", skip_all, fields(job = %job.job_id, device = %job.device_id))]
    async fn step(
        &self,
        job: Job,
        rng: &mut rand::rngs::StdRng,
        may_complete: bool,
    ) -> AppResult<bool> {
        let now = self.clock.now();
        let Some(device) = self.store.device(&job.device_id).await? else {
            return Ok(false);
        };
        match device.status {
            DeviceStatus::Connected => {}
            DeviceStatus::Banned | DeviceStatus::LoggedOut => {
                let reason = format!("the device is {}", device.status.as_str());
                for id in self
                    .store
                    .stop_device_jobs(&device.device_id, &reason)
                    .await?
                {
                    if let Some(stopped) = self.store.job(&id).await? {
                        self.job_event(&stopped, types::JOB_COMPLETED).await?;
                    }
                }
                return Ok(false);
            }
            _ => {
                // Wait for the connection to come back rather than fail recipients.
                self.store
                    .set_next_send_at(&job.job_id, now + chrono::Duration::seconds(1))
                    .await?;
                return Ok(false);
            }
        }
        let tz = pacing::timezone(&job.pacing.timezone).unwrap_or(chrono_tz::Asia::Jakarta);
        let (day_start, day_end) = pacing::local_day(now, tz);
        let age_days = (now - device.created_at).num_days();
        // Counting the day's sends costs a query per message; only a cap needs the count.
        let sent_today = match pacing::daily_cap(&job.pacing, age_days) {
            Some(_) => {
                self.store
                    .device_sends_between(&device.device_id, day_start, day_end)
                    .await?
            }
            None => 0,
        };
        if let Some(until) = pacing::blocked_until(now, &job.pacing, tz, sent_today, age_days) {
            self.store.set_next_send_at(&job.job_id, until).await?;
            return Ok(false);
        }
        let Some(r) = self.store.claim_recipient(&job.job_id).await? else {
            if may_complete
                && self
                    .store
                    .set_job_status(
                        &job.job_id,
                        &[JobStatus::Running],
                        JobStatus::Completed,
                        None,
                    )
                    .await?
            {
                if let Some(done) = self.store.job(&job.job_id).await? {
                    self.job_event(&done, types::JOB_COMPLETED).await?;
                }
            }
            return Ok(false);
        };
        let outcome = self.send_to_recipient(&job, &device, &r, rng).await;
        let (status, message_id, error, next) = match outcome {
            Ok(Some(id)) => (
                RecipientStatus::Sent,
                Some(id),
                None,
                pacing::after_send(now, &job.pacing, rng),
            ),
            Ok(None) => (
                RecipientStatus::Skipped,
                None,
                Some("not on WhatsApp".to_string()),
                now,
            ),
            // Not this recipient's fault, and WhatsApp never took the message: try it again.
            Err(e @ (AppError::DeviceNotConnected { .. } | AppError::RateLimited { .. })) => {
                return self.retry_later(&job, &r, e, now).await
            }
            Err(e) => (
                RecipientStatus::Failed,
                None,
                Some(e.to_string()),
                pacing::after_send(now, &job.pacing, rng),
            ),
        };
        crate::metrics::job_recipient(status.as_str());
        self.store
            .finish_recipient(r.id, status, message_id.as_deref(), error.as_deref(), now)
            .await?;
        // An unpaced job's next send is always "now", which the due job already says.
        if !pacing::unpaced(&job.pacing) {
            self.store.set_next_send_at(&job.job_id, next).await?;
        }
        if let Some(updated) = self.store.job(&job.job_id).await? {
            self.job_event(&updated, types::JOB_PROGRESS).await?;
        }
        Ok(status != RecipientStatus::Pending)
    }

    /// `Ok(None)` when the number is not on WhatsApp (nothing is sent).
    async fn send_to_recipient(
        &self,
        job: &Job,
        device: &Device,
        r: &gerbang_core::job::JobRecipient,
        rng: &mut rand::rngs::StdRng,
    ) -> AppResult<Option<String>> {
        let vars = &r.variables;
        let to = Jid::parse(&r.jid).map_err(|e| AppError::field("phone", e))?;
        let engine = self.runtime.engines.get(device.engine)?;
        if let Some(p) = to.phone() {
            if let Ok(found) = engine.on_whatsapp(&device.device_id, &[p]).await {
                if found.first().is_some_and(|f| !f.exists) {
                    return Ok(None);
                }
            }
        }
        if job.pacing.typing {
            let _ = engine.typing(&device.device_id, &to, true).await;
        }
        let vars = vars.as_object().cloned().unwrap_or_default();
        let template = vars
            .get("__message")
            .and_then(|m| m.as_str())
            .unwrap_or(&job.message);
        let text = render::render(template, &vars, rng);
        let (content, info) = match &job.media {
            None => (MessageContent::Text { body: text }, None),
            Some(m) => self.job_media(m, text).await?,
        };
        let sent = self
            .send_for(device, to, (content, info, None, Vec::new()), Some(r.id))
            .await?;
        Ok(Some(sent.message_id))
    }

    async fn job_media(
        &self,
        m: &serde_json::Value,
        caption: String,
    ) -> AppResult<(MessageContent, Option<MediaInfo>)> {
        let sha = m["sha256"].as_str().unwrap_or_default();
        let data = self
            .runtime
            .media
            .get(sha)
            .await?
            .ok_or(AppError::NotFound("job media"))?;
        let mime = m["mime"]
            .as_str()
            .unwrap_or("application/octet-stream")
            .to_string();
        let kind = m["kind"]
            .as_str()
            .and_then(MediaKind::parse)
            .unwrap_or(MediaKind::Document);
        let file_name = m["fileName"].as_str().map(str::to_string);
        let info = MediaInfo {
            sha256: sha.to_string(),
            mime: mime.clone(),
            size: data.len() as i64,
            file_name: file_name.clone(),
        };
        let media = MediaData {
            kind,
            mime,
            file_name,
            data: data.into(),
        };
        let caption = (!caption.trim().is_empty()).then_some(caption);
        Ok((MessageContent::Media { media, caption }, Some(info)))
    }

    /// Sends a due scheduled message; `false` when it was left for a later pass: its device is
    /// still (re)connecting, as after a restart, and the grace period has not run out.
    #[tracing::instrument(name = "scheduled_send", skip_all, fields(id = s.id, device = %s.device_id))]
    async fn fire_scheduled(&self, s: gerbang_core::job::ScheduledMessage) -> AppResult<bool> {
        use ScheduleStatus::*;
        let grace = chrono::Duration::from_std(self.settings.schedule_grace).unwrap_or_default();
        if self.clock.now() - s.send_at < grace {
            let device = self.store.device(&s.device_id).await?;
            if device.is_some_and(|d| d.status == DeviceStatus::Connecting) {
                return Ok(false);
            }
        }
        if !self
            .store
            .transition_scheduled(s.id, Scheduled, Sending, None, None)
            .await?
        {
            return Ok(false);
        }
        self.scheduled_changed(s.id).await?;
        crate::metrics::scheduler_lag(
            (self.clock.now() - s.send_at).num_milliseconds() as f64 / 1000.0,
        );
        let result = async {
            let device = self
                .store
                .device(&s.device_id)
                .await?
                .ok_or(AppError::NotFound("device"))?;
            if device.status != DeviceStatus::Connected {
                return Err(AppError::DeviceNotConnected {
                    status: device.status,
                });
            }
            let to = Jid::parse(&s.to).map_err(|e| AppError::field("to", e))?;
            self.send(
                &device,
                to,
                MessageContent::Text {
                    body: s.message.clone(),
                },
                None,
                None,
                Vec::new(),
            )
            .await
        }
        .await;
        match result {
            Ok(sent) => {
                self.store
                    .transition_scheduled(s.id, Sending, Sent, Some(&sent.message_id), None)
                    .await?;
                tracing::info!(
                    id = s.id,
                    late_ms = (Utc::now() - s.send_at).num_milliseconds(),
                    "scheduled message sent"
                );
            }
            Err(e) => {
                self.store
                    .transition_scheduled(s.id, Sending, Failed, None, Some(&e.to_string()))
                    .await?;
            }
        }
        self.scheduled_changed(s.id).await?;
        Ok(true)
    }
}
