//! Export of saved contacts as CSV (readable by the import) or JSON.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::contact::Contact;
use gerbang_core::user::{User, UserId};

use crate::{App, AppError, AppResult};

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    Csv,
    Json,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` (default) or `json`.
    // Inline: a query parameter's `$ref` would point at a schema nobody registers.
    #[param(inline)]
    pub format: Option<ExportFormat>,
    pub tag: Option<String>,
    pub category_id: Option<i64>,
    pub search: Option<String>,
    /// Admins: only this user's contacts (default: everyone's).
    pub user_id: Option<UserId>,
}

impl App {
    pub async fn export_contacts(&self, who: &User, q: &ExportQuery) -> AppResult<Vec<Contact>> {
        let filter = self.contact_filter(
            who,
            q.user_id,
            q.search.clone(),
            q.tag.clone(),
            q.category_id,
        )?;
        Ok(self.store.all_contacts(&filter).await?)
    }
}

/// `name,phone,tags,categories,notes` and then every custom field any contact has, sorted;
/// tags joined with `, `, categories with `; ` (as the import splits them).
pub fn to_csv(contacts: &[Contact]) -> AppResult<Vec<u8>> {
    let mut keys: Vec<&str> = contacts
        .iter()
        .flat_map(|c| c.fields.keys().map(String::as_str))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("csv export: {e}"));
    let mut header = vec!["name", "phone", "tags", "categories", "notes"];
    header.extend(keys.iter().copied());
    w.write_record(&header).map_err(fail)?;
    for c in contacts {
        let cats: Vec<&str> = c.categories.iter().map(|g| g.name.as_str()).collect();
        let mut rec = vec![
            c.name.clone(),
            c.phone.clone(),
            c.tags.join(", "),
            cats.join("; "),
            c.notes.clone().unwrap_or_default(),
        ];
        rec.extend(
            keys.iter()
                .map(|k| c.fields.get(*k).cloned().unwrap_or_default()),
        );
        w.write_record(&rec).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("csv export: {e}")))
}
