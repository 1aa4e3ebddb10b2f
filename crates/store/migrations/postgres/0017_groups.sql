-- The group cache: each device's groups as WhatsApp last described them. Participants are one
-- JSON list per group: WhatsApp reports a group whole (on join, on listing) and a change is
-- applied to the list it belongs to, never queried member by member, so a child table would
-- only add joins and a second write per change.
CREATE TABLE device_groups (
    device_id         TEXT        NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    group_jid         TEXT        NOT NULL,
    subject           TEXT        NOT NULL,
    description       TEXT,
    owner_jid         TEXT,
    announce          BOOLEAN     NOT NULL DEFAULT FALSE,
    locked            BOOLEAN     NOT NULL DEFAULT FALSE,
    participants      JSONB       NOT NULL,
    participant_count BIGINT      NOT NULL,
    created_at        TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, group_jid)
);

-- The administrators' list across devices, newest change first.
CREATE INDEX device_groups_updated ON device_groups (updated_at DESC, device_id, group_jid);
