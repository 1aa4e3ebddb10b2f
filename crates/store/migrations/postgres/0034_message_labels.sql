-- WhatsApp Business labels on single messages. Like a star, a labelled message is known by its
-- WhatsApp id (the phone may label one this gateway never stored), and like a chat's label it
-- does not reference the label (a patch may name a label before the one that creates it).
CREATE TABLE message_labels (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    label_id   TEXT NOT NULL,
    chat_jid   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (device_id, label_id, chat_jid, message_id)
);
