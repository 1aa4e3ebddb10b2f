"""A Socket.IO client driven by the integration tests, on python-socketio (PyPI).

Usage: python sio_client.py URL AUTH_JSON
Prints one JSON object per line: {"kind": "connected"}, {"kind": "connect_error", "message"},
{"kind": "event", "name", "data"}, {"kind": "ack", "name", "data"}, {"kind": "disconnect",
"reason"}. Reads commands from stdin, one JSON object per line: {"emit": NAME, "data": {...}}
(sent with an acknowledgement, whose answer is printed) or {"quit": true}.
"""

import json
import sys
import threading

import socketio

out_lock = threading.Lock()


def out(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def main():
    url, auth = sys.argv[1], json.loads(sys.argv[2])
    sio = socketio.Client(reconnection=False)

    @sio.on("*")
    def any_event(name, *args):
        out({"kind": "event", "name": name, "data": args[0] if args else None})

    @sio.event
    def connect():
        out({"kind": "connected"})

    refused = []

    @sio.event
    def connect_error(data):
        # The server's reason; connect() itself only raises a generic error.
        refused.append(data.get("message") if isinstance(data, dict) else str(data))

    @sio.event
    def disconnect(*args):
        out({"kind": "disconnect", "reason": str(args[0]) if args else None})

    try:
        sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        message = refused[-1] if refused else (e.args[0] if e.args else str(e))
        out({"kind": "connect_error", "message": str(message)})
        return
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        if cmd.get("quit"):
            break
        if "emit" in cmd:
            try:
                answer = sio.call(cmd["emit"], cmd.get("data"), timeout=10)
            except socketio.exceptions.TimeoutError:
                answer = {"timeout": True}
            except socketio.exceptions.BadNamespaceError:
                answer = {"disconnected": True}
            out({"kind": "ack", "name": cmd["emit"], "data": answer})
    sio.disconnect()


if __name__ == "__main__":
    main()
