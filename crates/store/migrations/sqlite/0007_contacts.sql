-- Saved contacts per user, with tags, categories and custom fields; message templates.
CREATE TABLE contact_categories (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX contact_categories_user_name ON contact_categories (user_id, lower(name));

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL DEFAULT '',
    phone      TEXT    NOT NULL,
    fields     TEXT    NOT NULL DEFAULT '{}',
    notes      TEXT,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX contacts_user_phone ON contacts (user_id, phone);
CREATE INDEX contacts_user_name ON contacts (user_id, name);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (contact_id, tag)
);
CREATE INDEX contact_tags_tag ON contact_tags (tag, contact_id);

CREATE TABLE contact_category_members (
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES contact_categories (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, category_id)
);
CREATE INDEX contact_category_members_category ON contact_category_members (category_id, contact_id);

CREATE TABLE message_templates (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX message_templates_user_name ON message_templates (user_id, lower(name));
