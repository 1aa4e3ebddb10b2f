// Sends a text from a device and reads the chat back, with the device's API key.
// Usage: GERBANG_URL=http://127.0.0.1:3000 GERBANG_API_KEY=gbk_… GERBANG_DEVICE=… \
//        node dist-examples/examples/send-and-read.js 6281234567890 "Halo dari TypeScript"
import { gerbang } from "../src/index.js";

const [phone, text] = process.argv.slice(2);
const deviceId = process.env.GERBANG_DEVICE!;
const client = gerbang({
  baseUrl: process.env.GERBANG_URL ?? "http://127.0.0.1:3000",
  apiKey: process.env.GERBANG_API_KEY,
});

const sent = await client.POST("/api/whatsapp-multi-device/devices/{deviceId}/send-message", {
  params: { path: { deviceId } },
  body: { phone, message: text },
});
if (!sent.data) throw new Error(`send failed: ${JSON.stringify(sent.error)}`);
console.log(`sent ${sent.data.data.messageId} to ${sent.data.data.chatJid}`);

const history = await client.GET("/api/whatsapp-multi-device/devices/{deviceId}/chat-history/{jid}", {
  params: { path: { deviceId, jid: phone }, query: { limit: 10 } },
});
if (!history.data) throw new Error(`read failed: ${JSON.stringify(history.error)}`);
for (const m of history.data.data.messages) {
  console.log(`${m.fromMe ? "→" : "←"} ${m.messageId} ${m.body ?? `[${m.messageType}]`}`);
}
