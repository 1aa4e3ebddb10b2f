//! One device's running client: built on the device's stored state, supervised until it ends
//! by itself (logged out, banned, QR codes exhausted, refused) or is stopped.

use std::sync::{Arc, Weak};
use std::time::Duration;

use gerbang_core::engine::{EngineError, EngineEvent, EngineEvents, EngineResult};
use tokio::task::JoinHandle;
use whatsapp_rust::bot::{Bot, BotHandle};
use whatsapp_rust::transport::{TokioWebSocketTransportFactory, TransportFactory};
use whatsapp_rust::types::events::Subscription;
use whatsapp_rust::wacore::store::traits::Backend;
use whatsapp_rust::wacore::store::DevicePropsOverride;
use whatsapp_rust::{Client, TokioRuntime};

use crate::emitter::Emitter;
use crate::events::Handler;
use crate::http::MediaHttp;
use crate::inbound::DurableInbound;
use crate::proxy::Proxy;
use crate::state::{End, Shared};
use crate::store::{wipe, SqlBackend};
use crate::transport::{ObservedFactory, ProxiedFactory};
use crate::Inner;

/// How long a closing client may take to flush its state and end its run loop.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct Session {
    pub shared: Arc<Shared>,
    pub client: Arc<Client>,
    supervisor: JoinHandle<()>,
    emitter: JoinHandle<()>,
    _subscription: Subscription,
}

impl Session {
    pub async fn open(
        inner: &Arc<Inner>,
        device_id: &str,
        generation: u64,
        sink: Arc<dyn EngineEvents>,
    ) -> EngineResult<Session> {
        let (emitter, emitter_task) = Emitter::spawn(device_id, sink);
        let shared = Arc::new(Shared::new(device_id, generation, emitter));
        let config = &inner.config;
        // Fenced by the device's lease through the store's handle (a node of a cluster).
        let backend: Arc<dyn Backend> = Arc::new(SqlBackend::new(inner.db.clone(), device_id));
        // The device's own proxy wins over the global one; read at each open, so a change
        // applies from the next connection.
        let own = crate::store::device_proxy_url(&inner.db, device_id)
            .await
            .map_err(|e| {
                shared.emitter.close();
                EngineError::Other(format!("cannot read the device's proxy: {e}"))
            })?
            .map(|url| Proxy::parse(&url))
            .transpose()
            .map_err(|e| {
                shared.emitter.close();
                EngineError::Other(format!("the device's proxy URL is not valid: {e}"))
            })?;
        let proxy = own.as_ref().or(config.proxy.as_ref());
        // Read at each open like the proxy: the phone sends its history once, right after
        // linking, so what counts is the setting when the device links.
        let history = crate::store::history_sync_enabled(&inner.db, device_id)
            .await
            .map_err(|e| {
                shared.emitter.close();
                EngineError::Other(format!(
                    "cannot read the device's history-sync setting: {e}"
                ))
            })?;
        let (factory, media): (Arc<dyn TransportFactory>, MediaHttp) = match proxy {
            Some(proxy) => {
                let media = MediaHttp::with_proxy(config.url.as_deref(), proxy).map_err(|e| {
                    shared.emitter.close();
                    EngineError::Other(format!("{e:#}"))
                })?;
                let factory = ProxiedFactory::new(config.url.as_deref(), proxy.clone());
                (Arc::new(factory), media)
            }
            None => {
                let websocket = match &config.url {
                    Some(url) => TokioWebSocketTransportFactory::new().with_url(url.clone()),
                    None => TokioWebSocketTransportFactory::new(),
                };
                (Arc::new(websocket), MediaHttp::new(config.url.as_deref()))
            }
        };
        let builder = Bot::builder()
            .with_backend_arc(backend)
            .with_transport_factory(ObservedFactory::new(factory, shared.clone()))
            .with_http_client(media)
            .with_runtime(TokioRuntime)
            // A fixed version: no request to web.whatsapp.com before each connect.
            .with_version(config.version)
            .with_device_props(DevicePropsOverride::new().with_os(config.device_name.clone()))
            .with_inbound_durability_hook(DurableInbound {
                shared: shared.clone(),
            });
        // Without the opt-in Gerbang keeps only the messages it receives from now on:
        // whatsapp-rust then acknowledges each history notification without downloading it.
        let builder = if history {
            builder
        } else {
            builder.skip_history_sync()
        };
        let built = builder.build().await;
        let bot = match built {
            Ok(bot) => bot,
            Err(e) => {
                shared.emitter.close();
                return Err(EngineError::Other(format!(
                    "cannot open the WhatsApp session: {e}"
                )));
            }
        };
        let client = bot.client();
        // Gerbang stores what it receives, so a message is delivered the moment it arrives:
        // say so. By default whatsapp-rust answers with "inactive" receipts until it sends an
        // "available" presence (after the push name arrives by app-state sync), and WhatsApp
        // shows the sender no second tick for those.
        client.set_force_active_delivery_receipts(true);
        let _ = shared.client.set(Arc::downgrade(&client));
        // Subscribed before the run loop starts, so no early event is missed.
        let subscription = client.subscribe_handler(Arc::new(Handler {
            shared: shared.clone(),
        }));
        let handle = bot.spawn();
        let supervisor = tokio::spawn(supervise(
            Arc::downgrade(inner),
            handle,
            shared.clone(),
            client.clone(),
        ));
        Ok(Session {
            shared,
            client,
            supervisor,
            emitter: emitter_task,
            _subscription: subscription,
        })
    }

    /// Ends the client and its tasks; `last` is the final event the sink hears.
    pub async fn close(mut self, last: Option<EngineEvent>) {
        self.shut().await;
        self.finish(last).await;
    }

    /// Ends the client (which flushes its state to the store) and its supervisor; the event
    /// queue stays open for [`Session::finish`].
    pub async fn shut(&mut self) {
        self.shared.set_stopping();
        if tokio::time::timeout(CLOSE_TIMEOUT, self.client.disconnect())
            .await
            .is_err()
        {
            tracing::warn!(engine = "whatsapp", device_id = %self.shared.device_id, "the client did not close in time");
        }
        if tokio::time::timeout(CLOSE_TIMEOUT, &mut self.supervisor)
            .await
            .is_err()
        {
            // Dropping the bot's handle (inside the supervisor) aborts its run loop.
            self.supervisor.abort();
        }
    }

    /// Hands over the final event, then ends the event queue.
    pub async fn finish(mut self, last: Option<EngineEvent>) {
        if let Some(event) = last {
            self.shared.emitter.emit(event);
        }
        self.shared.emitter.close();
        if tokio::time::timeout(CLOSE_TIMEOUT, &mut self.emitter)
            .await
            .is_err()
        {
            self.emitter.abort();
        }
    }
}

/// Waits for the client's run loop to end. When it ends by itself, this task owns the ending:
/// it reports why and removes the session, so a later start builds a fresh client.
async fn supervise(
    inner: Weak<Inner>,
    handle: BotHandle,
    shared: Arc<Shared>,
    client: Arc<Client>,
) {
    handle.await;
    if shared.stopping() {
        return;
    }
    let Some(inner) = inner.upgrade() else { return };
    let Some(session) = inner.take_session(&shared.device_id, shared.generation) else {
        return;
    };
    shared.set_stopping();
    // Flushes what the client still holds; a no-op when it already shut itself down.
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, client.disconnect()).await;
    let device_id = shared.device_id.clone();
    let last = match shared.take_end() {
        Some(End::LoggedOut(reason)) => {
            if let Err(e) = wipe(&inner.db, &device_id).await {
                tracing::error!(engine = "whatsapp", %device_id, error = %e, "could not wipe the logged-out session");
            }
            EngineEvent::LoggedOut { reason }
        }
        Some(End::Banned { reason, expires_at }) => EngineEvent::Banned { reason, expires_at },
        Some(End::QrExhausted) => EngineEvent::QrExhausted,
        Some(End::Refused(reason)) => EngineEvent::Disconnected {
            reason,
            will_retry: false,
        },
        None => EngineEvent::Disconnected {
            reason: "the WhatsApp client stopped unexpectedly".into(),
            will_retry: false,
        },
    };
    tracing::info!(engine = "whatsapp", %device_id, event = ?last, "session ended");
    // Our own handle is inside `session`; finishing must not wait for it.
    let Session {
        shared: _,
        client: _,
        supervisor: _,
        emitter,
        _subscription,
    } = session;
    shared.emitter.emit(last);
    shared.emitter.close();
    drop(_subscription);
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, emitter).await;
}

impl Session {
    /// Without waiting: for an engine being dropped.
    pub fn abort(self) {
        self.supervisor.abort();
        self.emitter.abort();
    }
}
