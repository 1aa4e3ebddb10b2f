"""Sends a text from a device and reads the chat back, with the device's API key.

Usage (with the generated package on the path, or installed from sdk/python/gerbang-client):
  GERBANG_URL=http://127.0.0.1:3000 GERBANG_API_KEY=gbk_… GERBANG_DEVICE=… \\
    python send_and_read.py 6281234567890 "Halo dari Python"
"""

import os
import sys

from gerbang_client import AuthenticatedClient
from gerbang_client.api.chats import chat_history
from gerbang_client.api.messages import (
    post_api_whatsapp_multi_device_devices_device_id_send_message as send_message,
)
from gerbang_client.models import EnvelopeChatHistory, EnvelopeSendResult, SendTextInput

phone, text = sys.argv[1], sys.argv[2]
device = os.environ["GERBANG_DEVICE"]
client = AuthenticatedClient(
    base_url=os.environ.get("GERBANG_URL", "http://127.0.0.1:3000"),
    token=os.environ["GERBANG_API_KEY"],
    auth_header_name="X-Api-Key",
    prefix="",
)

with client:
    sent = send_message.sync(device, client=client, body=SendTextInput(phone=phone, message=text))
    if not isinstance(sent, EnvelopeSendResult):
        sys.exit(f"send failed: {sent}")
    print(f"sent {sent.data.message_id} to {sent.data.chat_jid}")

    history = chat_history.sync(device, phone, client=client, limit=10)
    if not isinstance(history, EnvelopeChatHistory):
        sys.exit(f"read failed: {history}")
    for m in history.data.messages:
        arrow = "→" if m.from_me else "←"
        print(f"{arrow} {m.message_id} {m.body if isinstance(m.body, str) else '[' + m.message_type + ']'}")
