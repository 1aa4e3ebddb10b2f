//! CSV import: which column is which (named by the request, or recognised by its header in
//! English or Indonesian), one report line per rejected row, duplicates merged by phone.
//!
//! Merge rule (also in the README): rows with the same number are folded into the first one,
//! later rows winning for every value they have (name, notes, each custom field) while tags
//! and categories add up; the result is merged into an existing contact with that number the
//! same way, the file winning. Nothing is ever removed by an import.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::contact::{ContactDraft, CustomFields};
use gerbang_core::jid::Phone;
use gerbang_core::user::UserId;

use super::{contact_name, field_name, tag};
use crate::validate::Fields;
use crate::{App, AppError, AppResult};

pub const MAX_ROWS: usize = 100_000;
/// The report lists at most this many rejected rows (the count is always exact).
pub const MAX_ERRORS: usize = 5_000;

const NAME: &[&str] = &[
    "name",
    "nama",
    "nama lengkap",
    "full name",
    "fullname",
    "contact name",
    "nama kontak",
];
const PHONE: &[&str] = &[
    "phone",
    "phone number",
    "phonenumber",
    "number",
    "mobile",
    "whatsapp",
    "wa",
    "nomor",
    "no",
    "nomor hp",
    "no hp",
    "nohp",
    "hp",
    "telepon",
    "telp",
    "no telp",
    "nomor telepon",
    "nomor wa",
    "no wa",
    "nomor whatsapp",
];
const TAGS: &[&str] = &["tags", "tag", "label", "labels"];
const CATEGORY: &[&str] = &[
    "category",
    "categories",
    "kategori",
    "group",
    "grup",
    "kelompok",
];
const NOTES: &[&str] = &["notes", "note", "catatan", "keterangan"];

/// How to read the file; every option may be left out.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportOptions {
    /// The header of the name column (default: `name`, `nama`, `nama lengkap`, …).
    pub name_column: Option<String>,
    /// The header of the phone column (default: `phone`, `nomor`, `telepon`, `hp`, `wa`, …).
    pub phone_column: Option<String>,
    /// Tags, separated by `,`, `;` or `|` (default: `tags`, `tag`, `label`).
    pub tags_column: Option<String>,
    /// Category names, separated by `;` or `|`; missing ones are created (default:
    /// `category`, `kategori`, `grup`).
    pub category_column: Option<String>,
    /// Default: `notes`, `catatan`, `keterangan`.
    pub notes_column: Option<String>,
    /// Columns that become custom fields, comma-separated (default: every other column).
    pub field_columns: Option<String>,
    /// Tags every imported contact gets, comma-separated.
    pub tags: Option<String>,
    /// A category every imported contact joins.
    pub category_id: Option<i64>,
    /// `,` `;` or `tab` (default: guessed from the header line).
    pub delimiter: Option<String>,
    /// Admins: import into this user's address book.
    pub user_id: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    /// The header of the column at fault, when one is.
    pub column: Option<String>,
    /// `missing_phone`, `invalid_phone`, `invalid_name`, `invalid_tag`, `invalid_category`,
    /// `value_too_long` or `unreadable_row`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportMapping {
    pub name: Option<String>,
    pub phone: String,
    pub tags: Option<String>,
    pub category: Option<String>,
    pub notes: Option<String>,
    /// Columns stored as custom fields (under their header in lower case, spaces as `_`).
    pub fields: Vec<String>,
    /// Columns left out (their header is not usable as a field name).
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Data rows read (the header not counted).
    pub rows: u64,
    pub created: u64,
    /// Existing contacts the file added to.
    pub updated: u64,
    /// Rows folded into an earlier row with the same number.
    pub merged: u64,
    pub rejected: u64,
    pub mapping: ImportMapping,
    /// Rejected rows in file order (at most 5,000 listed).
    pub errors: Vec<RowError>,
    pub errors_truncated: bool,
}

/// A row that passed, with the category names it asks for.
pub(crate) struct Row {
    pub draft: ContactDraft,
    pub categories: Vec<String>,
}

pub(crate) struct Parsed {
    pub rows: Vec<Row>,
    pub report: ImportReport,
}

fn normal(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace(['_', '-', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn field_key(header: &str) -> String {
    normal(header).replace(' ', "_")
}

fn delimiter(opt: Option<&str>, text: &str) -> Result<u8, String> {
    match opt {
        Some(",") => Ok(b','),
        Some(";") => Ok(b';'),
        Some("tab") | Some("\t") => Ok(b'\t'),
        Some(_) => Err("must be `,`, `;` or `tab`".into()),
        None => {
            let first = text.lines().next().unwrap_or("");
            let count = |c: char| first.matches(c).count();
            Ok([(';', b';'), ('\t', b'\t')]
                .into_iter()
                .filter(|(c, _)| count(*c) > count(','))
                .max_by_key(|(c, _)| count(*c))
                .map_or(b',', |(_, d)| d))
        }
    }
}

/// Finds a column: the one the request names (an error under `option` when absent), else the
/// first header among the defaults.
fn column(
    f: &mut Fields,
    headers: &[String],
    option: &str,
    named: Option<&str>,
    defaults: &[&str],
) -> Option<usize> {
    match named {
        Some(n) => {
            let want = normal(n);
            let found = headers.iter().position(|h| normal(h) == want);
            if found.is_none() {
                f.add(option, format!("the file has no column {n:?}"));
            }
            found
        }
        None => defaults
            .iter()
            .find_map(|d| headers.iter().position(|h| normal(h) == *d)),
    }
}

fn split(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads the file and checks every row; request-level problems (a missing phone column, an
/// unknown column name) are a 400, row-level ones go into the report.
pub(crate) fn parse(text: &str, o: &ImportOptions) -> AppResult<Parsed> {
    let mut f = Fields::new();
    let delim = f.take("delimiter", delimiter(o.delimiter.as_deref(), text));
    let common_tags: Vec<String> = o
        .tags
        .as_deref()
        .map(|t| split(t, &[',', ';', '|']))
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| f.take(&format!("tags[{i}]"), tag(t)))
        .collect();
    f.finish()?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim.unwrap_or(b','))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) if h.iter().any(|c| !c.trim().is_empty()) => h
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        _ => {
            return Err(AppError::field(
                "file",
                "the file is empty or its header row is unreadable",
            ))
        }
    };
    let phone = column(
        &mut f,
        &headers,
        "phoneColumn",
        o.phone_column.as_deref(),
        PHONE,
    );
    let name = column(
        &mut f,
        &headers,
        "nameColumn",
        o.name_column.as_deref(),
        NAME,
    );
    let tags_col = column(
        &mut f,
        &headers,
        "tagsColumn",
        o.tags_column.as_deref(),
        TAGS,
    );
    let cat_col = column(
        &mut f,
        &headers,
        "categoryColumn",
        o.category_column.as_deref(),
        CATEGORY,
    );
    let notes_col = column(
        &mut f,
        &headers,
        "notesColumn",
        o.notes_column.as_deref(),
        NOTES,
    );
    if phone.is_none() && o.phone_column.is_none() {
        f.add(
            "phoneColumn",
            "no column is called phone, nomor, telepon, hp or wa: name the phone column",
        );
    }
    let mapped = [phone, name, tags_col, cat_col, notes_col];
    let mut mapping = ImportMapping {
        name: name.map(|i| headers[i].clone()),
        phone: phone.map(|i| headers[i].clone()).unwrap_or_default(),
        tags: tags_col.map(|i| headers[i].clone()),
        category: cat_col.map(|i| headers[i].clone()),
        notes: notes_col.map(|i| headers[i].clone()),
        ..ImportMapping::default()
    };
    let mut field_cols: Vec<(usize, String)> = Vec::new();
    match o.field_columns.as_deref() {
        Some(list) => {
            for n in split(list, &[',']) {
                let want = normal(&n);
                match headers.iter().position(|h| normal(h) == want) {
                    Some(i) => match field_name(&field_key(&headers[i])) {
                        Ok(()) => field_cols.push((i, field_key(&headers[i]))),
                        Err(e) => {
                            f.add("fieldColumns", format!("{n:?}: {e}"));
                        }
                    },
                    None => {
                        f.add("fieldColumns", format!("the file has no column {n:?}"));
                    }
                }
            }
        }
        None => {
            for (i, h) in headers.iter().enumerate() {
                if mapped.contains(&Some(i)) {
                    continue;
                }
                match field_name(&field_key(h)) {
                    Ok(()) if !field_cols.iter().any(|(_, k)| *k == field_key(h)) => {
                        field_cols.push((i, field_key(h)))
                    }
                    _ => mapping.ignored.push(h.clone()),
                }
            }
        }
    }
    f.finish()?;
    let phone = phone.unwrap_or(0);
    mapping.fields = field_cols
        .iter()
        .map(|(i, _)| headers[*i].clone())
        .collect();

    let mut report = ImportReport {
        mapping,
        ..ImportReport::default()
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut by_phone: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line_before = reader.position().line();
        let read = reader.read_record(&mut record);
        let row_no = record.position().map_or(line_before, |p| p.line());
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.rows += 1;
                if report.rows as usize > MAX_ROWS {
                    return Err(AppError::field("file", format!("at most {MAX_ROWS} rows")));
                }
                reject(&mut report, row_no, None, "unreadable_row", &e.to_string());
                continue;
            }
        }
        report.rows += 1;
        if report.rows as usize > MAX_ROWS {
            return Err(AppError::field("file", format!("at most {MAX_ROWS} rows")));
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        let col = |i: usize| Some(headers[i].clone());
        let raw_phone = cell(Some(phone));
        if raw_phone.is_empty() {
            reject(
                &mut report,
                row_no,
                col(phone),
                "missing_phone",
                "the phone number is empty",
            );
            continue;
        }
        let parsed_phone = match Phone::parse(raw_phone) {
            Ok(p) => p,
            Err(e) => {
                reject(
                    &mut report,
                    row_no,
                    col(phone),
                    "invalid_phone",
                    &format!("{raw_phone:?}: {e}"),
                );
                continue;
            }
        };
        let name_value = cell(name);
        if let Err(e) = contact_name(name_value) {
            reject(&mut report, row_no, name.and_then(col), "invalid_name", &e);
            continue;
        }
        let mut tags = common_tags.clone();
        let mut bad_tag = None;
        for t in split(cell(tags_col), &[',', ';', '|']) {
            match tag(&t) {
                Ok(t) if !tags.contains(&t) => tags.push(t),
                Ok(_) => {}
                Err(e) => {
                    bad_tag = Some(format!("{t:?}: {e}"));
                    break;
                }
            }
        }
        if let Some(e) = bad_tag {
            reject(
                &mut report,
                row_no,
                tags_col.and_then(col),
                "invalid_tag",
                &e,
            );
            continue;
        }
        let categories = split(cell(cat_col), &[';', '|']);
        if let Some(c) = categories
            .iter()
            .find(|c| crate::validate::name(c, 100).is_err())
        {
            let msg = format!("{c:?}: a category name has at most 100 characters");
            reject(
                &mut report,
                row_no,
                cat_col.and_then(col),
                "invalid_category",
                &msg,
            );
            continue;
        }
        let notes = cell(notes_col);
        let mut fields = CustomFields::new();
        let mut too_long = None;
        if notes.chars().count() > 2000 {
            too_long = Some((notes_col.unwrap_or(0), 2000));
        }
        for (i, key) in &field_cols {
            let v = cell(Some(*i));
            if v.chars().count() > 1000 {
                too_long = Some((*i, 1000));
            } else if !v.is_empty() {
                fields.insert(key.clone(), v.to_string());
            }
        }
        if let Some((i, max)) = too_long {
            reject(
                &mut report,
                row_no,
                col(i),
                "value_too_long",
                &format!("at most {max} characters"),
            );
            continue;
        }
        let draft = ContactDraft {
            name: name_value.to_string(),
            phone: parsed_phone.as_str().to_string(),
            tags,
            category_ids: Vec::new(),
            fields,
            notes: (!notes.is_empty()).then(|| notes.to_string()),
        };
        match by_phone.get(&draft.phone) {
            Some(&at) => {
                report.merged += 1;
                let earlier = &mut rows[at];
                for c in categories {
                    if !earlier
                        .categories
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(&c))
                    {
                        earlier.categories.push(c);
                    }
                }
                earlier.draft.merge(draft);
            }
            None => {
                by_phone.insert(draft.phone.clone(), rows.len());
                rows.push(Row { draft, categories });
            }
        }
    }
    Ok(Parsed { rows, report })
}

fn reject(report: &mut ImportReport, row: u64, column: Option<String>, code: &str, message: &str) {
    report.rejected += 1;
    if report.errors.len() < MAX_ERRORS {
        report.errors.push(RowError {
            row,
            column,
            code: code.to_string(),
            message: message.to_string(),
        });
    } else {
        report.errors_truncated = true;
    }
}

impl App {
    /// Imports a CSV file into the caller's (or, for admins, `userId`'s) address book, in one
    /// transaction: rejected rows are reported and skipped; a database failure changes nothing.
    pub async fn import_contacts(
        &self,
        who: &gerbang_core::user::User,
        text: &str,
        o: ImportOptions,
    ) -> AppResult<ImportReport> {
        let owner = self.book_owner(who, o.user_id).await?;
        if let Some(id) = o.category_id {
            match self.store.category(id).await? {
                Some(c) if c.user_id == owner => {}
                _ => {
                    return Err(AppError::field(
                        "categoryId",
                        "no such category in this address book",
                    ))
                }
            }
        }
        let Parsed {
            mut rows,
            mut report,
        } = parse(text, &o)?;
        // Category names become ids, creating the missing ones (case-insensitively).
        let mut ids: HashMap<String, i64> = HashMap::new();
        for row in &mut rows {
            for name in &row.categories {
                let key = name.to_lowercase();
                let id = match ids.get(&key) {
                    Some(id) => *id,
                    None => {
                        let c = match self.store.category_by_name(owner, name).await? {
                            Some(c) => c,
                            None => self.store.create_category(owner, name, None).await?,
                        };
                        ids.insert(key, c.id);
                        c.id
                    }
                };
                if !row.draft.category_ids.contains(&id) {
                    row.draft.category_ids.push(id);
                }
            }
            if let Some(id) = o.category_id {
                if !row.draft.category_ids.contains(&id) {
                    row.draft.category_ids.push(id);
                }
            }
        }
        let drafts = rows.into_iter().map(|r| r.draft).collect();
        let counts = self.store.import_contacts(owner, drafts).await?;
        report.created = counts.created;
        report.updated = counts.updated;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_headers_semicolons_and_a_report() {
        let text = "\u{feff}Nama;No HP;Label;Kota\nSari;0812-1111-2222;VIP, baru;Bandung\n\
                    Budi;;x;\nAni;12ab;;\nSari Dewi;+62 812 1111 2222;lama;\n";
        let p = parse(text, &ImportOptions::default()).unwrap();
        assert_eq!(p.report.mapping.phone, "No HP");
        assert_eq!(p.report.mapping.name.as_deref(), Some("Nama"));
        assert_eq!(p.report.mapping.fields, ["Kota"]);
        assert_eq!(
            (p.report.rows, p.report.merged, p.report.rejected),
            (4, 1, 2)
        );
        let codes: Vec<_> = p
            .report
            .errors
            .iter()
            .map(|e| (e.row, e.code.as_str()))
            .collect();
        assert_eq!(codes, [(3, "missing_phone"), (4, "invalid_phone")]);
        assert_eq!(p.rows.len(), 1);
        let d = &p.rows[0].draft;
        assert_eq!(
            (d.name.as_str(), d.phone.as_str()),
            ("Sari Dewi", "6281211112222")
        );
        assert_eq!(d.tags, ["vip", "baru", "lama"]);
        assert_eq!(d.fields["kota"], "Bandung");
    }

    #[test]
    fn a_missing_phone_column_names_the_option() {
        let e = parse("a,b\n1,2\n", &ImportOptions::default())
            .err()
            .unwrap();
        assert!(matches!(e, AppError::Validation(m) if m.contains_key("phoneColumn")));
        let o = ImportOptions {
            phone_column: Some("hp".into()),
            ..ImportOptions::default()
        };
        let e = parse("a,b\n1,2\n", &o).err().unwrap();
        assert!(matches!(e, AppError::Validation(m) if m["phoneColumn"].contains("\"hp\"")));
    }
}
