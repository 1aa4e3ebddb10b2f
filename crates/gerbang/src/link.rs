//! `gerbang device link`: links a device from a terminal through a running gateway's HTTP API.
//! It polls rather than following the event stream: three small routes (`connect`, `status`,
//! `qr`) work the same behind any proxy, and a missed SSE reconnect can never hide the moment
//! the device connects.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;
use serde_json::{json, Value};

/// How the command proves who it is: a person's access token or the device's API key.
pub enum Credential {
    Token(String),
    ApiKey(String),
}

pub struct Link {
    pub base: String,
    pub device_id: String,
    pub phone: Option<String>,
    pub credential: Credential,
    pub timeout: Duration,
}

/// How often the status and the QR code are read; WhatsApp rotates codes every 20 s or so.
const POLL: Duration = Duration::from_millis(700);
/// A pairing code can only be asked for once the device waits to be linked.
const PAIRING_READY: Duration = Duration::from_secs(20);

impl Link {
    pub async fn run(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        let started = Instant::now();
        let connect = self
            .call(&client, reqwest::Method::POST, "connect", None)
            .await?;
        if connect["status"] == "connected" {
            return self.connected(&connect);
        }
        if let Some(phone) = &self.phone {
            let code = self.pairing_code(&client, phone).await?;
            println!("Pairing code for {}: {code}", self.device_id);
            println!("On the phone: WhatsApp › Linked devices › Link a device › Link with phone number instead, then type the code.");
        }
        let mut screen = Screen::new();
        if self.phone.is_none() {
            if let Some(code) = connect["qr"]["code"].as_str() {
                screen.draw(code)?;
            }
        }
        loop {
            if started.elapsed() >= self.timeout {
                bail!(
                    "device {} was not linked within {} s",
                    self.device_id,
                    self.timeout.as_secs()
                );
            }
            tokio::time::sleep(POLL).await;
            let status = self
                .call(&client, reqwest::Method::GET, "status", None)
                .await?;
            match status["status"].as_str() {
                Some("connected") => return self.connected(&status),
                Some("banned") => bail!("device {} is banned by WhatsApp", self.device_id),
                _ => {}
            }
            if self.phone.is_none() {
                // 409: no code right now (between attempts); the next poll tries again.
                if let Ok(qr) = self.call(&client, reqwest::Method::GET, "qr", None).await {
                    // The `qr` route answers the code at the top of `data`.
                    if let Some(code) = qr["code"].as_str() {
                        screen.draw(code)?;
                    }
                }
            }
        }
    }

    fn connected(&self, data: &Value) -> anyhow::Result<()> {
        let phone = data["phoneNumber"].as_str().unwrap_or("unknown number");
        println!("Device {} is connected ({phone}).", self.device_id);
        Ok(())
    }

    async fn pairing_code(&self, client: &reqwest::Client, phone: &str) -> anyhow::Result<String> {
        let body = json!({ "phone": phone });
        let started = Instant::now();
        loop {
            match self
                .call(client, reqwest::Method::POST, "pairing-code", Some(&body))
                .await
            {
                Ok(data) => {
                    return data["code"]
                        .as_str()
                        .map(str::to_string)
                        .context("the gateway answered no pairing code")
                }
                // Still `connecting`: the device cannot take a code yet.
                Err(e) if is_not_ready(&e) && started.elapsed() < PAIRING_READY => {
                    tokio::time::sleep(POLL).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// One device route; answers the envelope's `data`, or an error naming the URL, the status
    /// and the gateway's error code and message.
    async fn call(
        &self,
        client: &reqwest::Client,
        method: reqwest::Method,
        action: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<Value> {
        let url = format!(
            "{}/api/whatsapp-multi-device/devices/{}/{action}",
            self.base.trim_end_matches('/'),
            self.device_id
        );
        let mut req = client.request(method, &url);
        req = match &self.credential {
            Credential::Token(t) => req.bearer_auth(t),
            Credential::ApiKey(k) => req.header("X-Api-Key", k),
        };
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req
            .send()
            .await
            .with_context(|| format!("no answer from {url}"))?;
        let status = res.status().as_u16();
        let answer: Value = res.json().await.unwrap_or(Value::Null);
        if status == 200 {
            return Ok(answer["data"].clone());
        }
        let code = answer["error"]["code"].as_str().unwrap_or("");
        let message = answer["error"]["message"].as_str().unwrap_or("");
        let hint = match status {
            401 => " (check --token, GERBANG_TOKEN, --api-key or GERBANG_API_KEY)",
            _ => "",
        };
        Err(ApiFailure {
            status,
            text: format!("{url} answered {status} {code}: {message}{hint}"),
        }
        .into())
    }
}

#[derive(Debug)]
struct ApiFailure {
    status: u16,
    text: String,
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for ApiFailure {}

fn is_not_ready(e: &anyhow::Error) -> bool {
    e.downcast_ref::<ApiFailure>()
        .is_some_and(|f| f.status == 409 && f.text.contains("connecting"))
}

/// The terminal area the QR code occupies, so a rotated code replaces the old one in place.
struct Screen {
    shown: Option<String>,
    lines: usize,
    terminal: bool,
}

impl Screen {
    fn new() -> Screen {
        Screen {
            shown: None,
            lines: 0,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    fn draw(&mut self, code: &str) -> anyhow::Result<()> {
        if self.shown.as_deref() == Some(code) {
            return Ok(());
        }
        let text = render(code)?;
        let mut out = std::io::stdout().lock();
        if self.terminal && self.lines > 0 {
            // Up to the first line of the previous code, then clear to the end of the screen.
            write!(out, "\x1b[{}A\x1b[J", self.lines)?;
        }
        writeln!(out, "{text}")?;
        writeln!(
            out,
            "Scan with WhatsApp › Linked devices › Link a device (the code changes as it expires)."
        )?;
        out.flush()?;
        self.lines = text.lines().count() + 1;
        self.shown = Some(code.to_string());
        Ok(())
    }
}

/// Two modules a character cell with half blocks; light modules are drawn, so the code reads
/// as dark-on-light on the usual dark terminal background (quiet zone included).
pub fn render(code: &str) -> anyhow::Result<String> {
    let qr = QrCode::new(code.as_bytes()).context("cannot encode the QR code")?;
    Ok(qr
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_half_blocks_with_a_quiet_zone() {
        let text = render("2@abc,def,ghi,jkl").unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // 25 modules + 2×4 quiet zone = 33 columns, 33 rows in 17 lines of two rows each.
        assert_eq!(lines[0].chars().count(), 33);
        assert_eq!(lines.len(), 17);
        assert!(text.contains('▀') && text.contains('▄'), "{text}");
    }
}
