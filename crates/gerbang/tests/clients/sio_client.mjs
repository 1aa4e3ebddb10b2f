// A Socket.IO client driven by the integration tests, on socket.io-client (npm).
// Usage: node sio_client.mjs URL AUTH_JSON — the same line protocol as sio_client.py.
import { createInterface } from "node:readline";
import { io } from "socket.io-client";

const [url, authJson] = process.argv.slice(2);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

const socket = io(url, {
  auth: JSON.parse(authJson),
  transports: ["websocket"],
  reconnection: false,
});
socket.on("connect", () => out({ kind: "connected" }));
socket.on("connect_error", (err) => {
  out({ kind: "connect_error", message: err.message });
  process.exit(0);
});
socket.on("disconnect", (reason) => out({ kind: "disconnect", reason }));
socket.onAny((name, data) => out({ kind: "event", name, data: data ?? null }));

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line);
  if (cmd.quit) break;
  if (cmd.emit) {
    let answer;
    try {
      answer = await socket.timeout(10000).emitWithAck(cmd.emit, cmd.data ?? {});
    } catch {
      answer = { timeout: true };
    }
    out({ kind: "ack", name: cmd.emit, data: answer });
  }
}
socket.disconnect();
process.exit(0);
