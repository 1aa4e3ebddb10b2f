//! The group operations as a linked device (engine port) and as a virtual account (the
//! simulator's controls) reach them: one set of rules in `groups`, two ways to refuse.

use gerbang_core::engine::{EngineError, EngineResult};
use gerbang_core::group::{GroupInfo, GroupSetting, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::{Jid, Phone};

use crate::error::SimError;
use crate::state::{Inner, State};

impl Inner {
    /// Runs `op` as the device's connected phone; refusals become `Rejected`.
    fn as_device<T>(
        &self,
        device_id: &str,
        op: impl FnOnce(&mut State, &Phone) -> Result<T, String>,
    ) -> EngineResult<T> {
        let link = self.connected(device_id)?;
        let mut st = self.lock();
        op(&mut st, &link.phone).map_err(EngineError::Rejected)
    }

    pub fn groups(&self, device_id: &str) -> EngineResult<Vec<GroupInfo>> {
        self.as_device(device_id, |st, me| Ok(st.groups_of(me)))
    }

    pub fn group_info(&self, device_id: &str, group: &Jid) -> EngineResult<GroupInfo> {
        self.as_device(device_id, |st, me| {
            st.group_for(group, me).map(|g| g.info())
        })
    }

    pub fn create_group(
        &self,
        device_id: &str,
        subject: &str,
        participants: &[Jid],
    ) -> EngineResult<GroupInfo> {
        let members: Vec<Phone> = participants.iter().filter_map(Jid::phone).collect();
        self.as_device(device_id, |st, me| {
            st.create_group(&mut self.rng(), me, subject, &members)
        })
    }

    pub fn update_participants(
        &self,
        device_id: &str,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> EngineResult<Vec<ParticipantOutcome>> {
        self.as_device(device_id, |st, me| {
            st.update_participants(me, group, action, participants)
        })
    }

    pub fn set_group_subject(
        &self,
        device_id: &str,
        group: &Jid,
        subject: &str,
    ) -> EngineResult<()> {
        self.as_device(device_id, |st, me| st.set_subject(me, group, subject))
    }

    pub fn set_group_description(
        &self,
        device_id: &str,
        group: &Jid,
        description: Option<&str>,
    ) -> EngineResult<()> {
        self.as_device(device_id, |st, me| {
            st.set_description(me, group, description)
        })
    }

    pub fn set_group_setting(
        &self,
        device_id: &str,
        group: &Jid,
        setting: GroupSetting,
    ) -> EngineResult<()> {
        self.as_device(device_id, |st, me| st.set_setting(me, group, setting))
    }

    pub fn group_invite_code(
        &self,
        device_id: &str,
        group: &Jid,
        reset: bool,
    ) -> EngineResult<String> {
        self.as_device(device_id, |st, me| {
            st.invite_code(&mut self.rng(), me, group, reset)
        })
    }

    pub fn join_group(&self, device_id: &str, code: &str) -> EngineResult<Jid> {
        self.as_device(device_id, |st, me| st.join(me, code))
    }

    pub fn leave_group(&self, device_id: &str, group: &Jid) -> EngineResult<()> {
        self.as_device(device_id, |st, me| st.leave(me, group))
    }

    // The simulator's controls: a virtual account acts.

    fn as_account<T>(
        &self,
        actor: &Phone,
        op: impl FnOnce(&mut State, &Phone) -> Result<T, String>,
    ) -> Result<T, SimError> {
        let mut st = self.lock();
        if st.absent.contains(actor) {
            return Err(SimError::AbsentNumber(actor.clone()));
        }
        st.account(actor);
        op(&mut st, actor).map_err(SimError::Refused)
    }

    pub fn account_create_group(
        &self,
        creator: &Phone,
        subject: &str,
        members: &[Phone],
    ) -> Result<GroupInfo, SimError> {
        self.as_account(creator, |st, me| {
            st.create_group(&mut self.rng(), me, subject, members)
        })
    }

    pub fn account_group_post(
        &self,
        from: &Phone,
        group: &Jid,
        text: &str,
    ) -> Result<String, SimError> {
        let id = self.as_account(from, |st, me| {
            st.group_post(&mut self.rng(), me, group, text)
        })?;
        self.mail_changed.notify_waiters();
        Ok(id)
    }

    pub fn account_update_participants(
        &self,
        actor: &Phone,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> Result<Vec<ParticipantOutcome>, SimError> {
        self.as_account(actor, |st, me| {
            st.update_participants(me, group, action, participants)
        })
    }

    pub fn sim_group(&self, group: &Jid) -> Option<GroupInfo> {
        self.lock().sim_group(group)
    }
}
