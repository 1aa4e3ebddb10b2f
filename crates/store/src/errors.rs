use gerbang_core::StoreError;

/// Unique indexes and the API field each one protects.
const UNIQUE_FIELDS: &[(&str, &str)] = &[
    ("users_username_key", "username"),
    ("users_email_key", "email"),
    ("devices_device_id_key", "deviceId"),
    ("devices.device_id", "deviceId"),
    ("api_keys.key_hash", "key"),
    ("api_keys_key_hash_key", "key"),
    ("contacts_user_phone", "phone"),
    ("contacts.user_id, contacts.phone", "phone"),
    ("contact_categories_user_name", "name"),
    ("message_templates_user_name", "name"),
];

/// Maps a sqlx error to the store's own: unique violations name their field, lost connections
/// say so, the rest keeps sqlx's text for the log (the API shows none of it).
pub(crate) fn map(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Decode(e) if e.is::<crate::cluster::FencedWrite>() => {
            let device = e
                .downcast_ref::<crate::cluster::FencedWrite>()
                .map(|f| f.0.clone())
                .unwrap_or_default();
            StoreError::Fenced(device)
        }
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            let haystack = format!("{} {}", db.constraint().unwrap_or(""), db.message());
            UNIQUE_FIELDS
                .iter()
                .find(|(needle, _)| haystack.contains(needle))
                .map(|(_, field)| StoreError::Conflict(field))
                .unwrap_or_else(|| StoreError::Other(err.to_string()))
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            StoreError::Unavailable(err.to_string())
        }
        _ => StoreError::Other(err.to_string()),
    }
}
