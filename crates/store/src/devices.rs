//! Devices: one WhatsApp account each, owned by a user, with the state its engine reports.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::device::{Device, DeviceFilter, DeviceState, NewDevice};
use gerbang_core::event::Event;
use gerbang_core::store::DeviceStore;
use gerbang_core::user::UserId;
use gerbang_core::{Page, StoreResult};

use crate::cluster::check_once;
use crate::db::{query, Query};
use crate::rows::{contains_pattern, DeviceRow, DEVICE_COLUMNS};
use crate::SqlStore;

/// The `WHERE …` of a device listing.
fn device_filter<'q>(q: &mut Query<'q>, f: &'q DeviceFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(owner) = f.owner {
        q.push(" AND user_id = ").push_bind(owner);
    }
    if let Some(status) = f.status {
        q.push(" AND status = ").push_bind(status.as_str());
    }
    if let Some(term) = &f.search {
        let pattern = contains_pattern(term);
        q.push(" AND (lower(device_id) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(device_name) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// The statement that reads one device.
fn select_device(device_id: &str) -> Query<'_> {
    query(format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE device_id = $1"
    ))
    .bind(device_id)
}

#[async_trait]
impl<B: sqlx::Database> DeviceStore for SqlStore<B> {
    async fn create_device(&self, new: &NewDevice) -> StoreResult<Device> {
        query(format!(
            "INSERT INTO devices (device_id, device_name, user_id, engine, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING {DEVICE_COLUMNS}"
        ))
        .bind(&new.device_id)
        .bind(&new.device_name)
        .bind(new.user_id)
        .bind(new.engine.as_str())
        .bind(Utc::now())
        .fetch_one::<DeviceRow>(&self.db)
        .await
        .map(Device::from)
    }

    async fn device(&self, device_id: &str) -> StoreResult<Option<Device>> {
        select_device(device_id)
            .fetch_optional::<DeviceRow>(&self.db)
            .await
            .map(|r| r.map(Device::from))
    }

    async fn list_devices(&self, filter: &DeviceFilter) -> StoreResult<Page<Device>> {
        crate::paging::page::<DeviceRow, Device>(
            &self.db,
            "SELECT COUNT(*) FROM devices",
            &format!("SELECT {DEVICE_COLUMNS} FROM devices"),
            |q| device_filter(q, filter),
            "ORDER BY id",
            filter.page,
        )
        .await
    }

    async fn count_user_devices(&self, user_id: UserId) -> StoreResult<i64> {
        query("SELECT COUNT(*) FROM devices WHERE user_id = $1")
            .bind(user_id)
            .scalar(&self.db)
            .await
    }

    async fn delete_device(&self, device_id: &str) -> StoreResult<bool> {
        query("DELETE FROM devices WHERE device_id = $1")
            .bind(device_id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn update_device_state(
        &self,
        device_id: &str,
        st: &DeviceState,
    ) -> StoreResult<Option<Event>> {
        let mut tx = self.db.begin_write().await?;
        check_once(&self.fences, &mut tx, &mut Vec::new(), device_id).await?;
        // No other change may slip in between `before` and the update: SQLite's write
        // transaction holds the database's write lock from its start, PostgreSQL locks the row.
        let mut read = select_device(device_id);
        read.push(" ")
            .push(self.db.backend().row_lock("FOR UPDATE"));
        let Some(before) = read.fetch_optional::<DeviceRow>(&mut tx).await? else {
            return Ok(None);
        };
        let before = Device::from(before);
        let phone = st.phone_number.as_ref().map(crate::text::clean_opt);
        let name = st.push_name.as_ref().map(crate::text::clean_opt);
        let reason = st
            .last_disconnect_reason
            .as_ref()
            .map(crate::text::clean_opt);
        // A report that changes nothing (a session saying `connecting` again, say) is not
        // written: on a restart every device reports so, and each write is a commit.
        let unchanged = st.status.is_none_or(|s| s == before.status)
            && phone.as_ref().is_none_or(|p| *p == before.phone_number)
            && name.as_ref().is_none_or(|n| *n == before.push_name)
            && st.last_seen.is_none_or(|t| Some(t) == before.last_seen)
            && reason
                .as_ref()
                .is_none_or(|r| *r == before.last_disconnect_reason)
            && st.banned_until.is_none_or(|b| b == before.banned_until);
        if unchanged {
            return Ok(None);
        }
        let mut q = query("UPDATE devices SET updated_at = ");
        q.push_bind(Utc::now());
        if let Some(status) = st.status {
            q.push(", status = ").push_bind(status.as_str());
        }
        if let Some(phone) = phone {
            q.push(", phone_number = ").push_bind(phone);
        }
        if let Some(name) = name {
            q.push(", push_name = ").push_bind(name);
        }
        if let Some(seen) = st.last_seen {
            q.push(", last_seen = ").push_bind(seen);
        }
        if let Some(reason) = reason {
            q.push(", last_disconnect_reason = ").push_bind(reason);
        }
        if let Some(until) = st.banned_until {
            q.push(", banned_until = ").push_bind(until);
        }
        q.push(" WHERE device_id = ").push_bind(device_id);
        q.push(format!(" RETURNING {DEVICE_COLUMNS}"));
        let after = Device::from(q.fetch_one::<DeviceRow>(&mut tx).await?);
        let event = if before.looks_like(&after) {
            None
        } else {
            let event = crate::events::append_in(&mut tx, &after.status_event()).await?;
            Some(event)
        };
        tx.commit().await?;
        Ok(event)
    }

    async fn set_auto_connect(&self, device_id: &str, on: bool) -> StoreResult<()> {
        // Only a change is written: every start of a session sets it, mostly to what it was.
        query("UPDATE devices SET auto_connect = $1 WHERE device_id = $2 AND auto_connect <> $1")
            .bind(on)
            .bind(device_id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn auto_connect_devices(&self) -> StoreResult<Vec<Device>> {
        query(format!(
            "SELECT {DEVICE_COLUMNS} FROM devices WHERE auto_connect ORDER BY id"
        ))
        .fetch_all::<DeviceRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(Device::from).collect())
    }
}
