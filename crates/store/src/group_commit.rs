//! Group commit: one writer per store takes the message writes that callers make at the same
//! time (a new message with its event, status changes with theirs) and commits them together,
//! in one transaction, answering each caller once that transaction is durable.
//!
//! Why: every send and every receipt used to be a transaction of its own. On SQLite each one
//! takes the database's single write lock, so concurrent callers queued in SQLite's busy loop
//! (sleeping milliseconds at a time) and each commit paid its own WAL write; on PostgreSQL each
//! paid a round trip and a flush. One writer that drains whatever is waiting turns N commits
//! into one, and callers never collide with each other. A lone caller waits for nothing: the
//! writer starts a batch as soon as one write is there, and the next batch collects what arrived
//! meanwhile.
//!
//! Guarantees are those of one transaction per write: a caller is answered only after the
//! commit that holds its write, and a message or status change and its event commit together.
//! A batch that fails is retried one write at a time, so one bad write fails alone.

use std::future::Future;
use std::sync::Arc;

use gerbang_core::event::Event;
use gerbang_core::message::{Message, MessageStatus, NewMessage};
use gerbang_core::{StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};

use crate::cluster::Fences;
use crate::db::Db;

/// The most writes one transaction takes.
pub(crate) const MAX_BATCH: usize = 256;
/// Writes waiting for the writer, beyond which callers wait to hand theirs in.
const QUEUE: usize = 4 * MAX_BATCH;

/// One write a caller hands in, with where its answer goes.
pub(crate) enum Write {
    /// A message and its `message.new` event; with a job recipient, that recipient points at
    /// the message in the same transaction.
    Insert {
        message: Box<NewMessage>,
        recipient_id: Option<i64>,
        reply: oneshot::Sender<StoreResult<Option<(Message, Event)>>>,
    },
    /// Own messages moved forward to `status`, each with its `message.status` event.
    Advance {
        device_id: String,
        message_ids: Vec<String>,
        status: MessageStatus,
        failure_reason: Option<String>,
        reply: oneshot::Sender<StoreResult<Vec<(Message, Event)>>>,
    },
}

/// What a write did, before it is known durable.
pub(crate) enum Done {
    Inserted(Option<Box<(Message, Event)>>),
    Advanced(Vec<(Message, Event)>),
}

impl Write {
    /// The device the write is for (its lease fences it).
    pub(crate) fn device_id(&self) -> &str {
        match self {
            Write::Insert { message, .. } => &message.device_id,
            Write::Advance { device_id, .. } => device_id,
        }
    }

    pub(crate) fn answer(self, result: StoreResult<Done>) {
        // A caller that stopped waiting has nothing to be told; its write stands.
        match (self, result) {
            (Write::Insert { reply, .. }, Ok(Done::Inserted(r))) => {
                let _ = reply.send(Ok(r.map(|b| *b)));
            }
            (Write::Advance { reply, .. }, Ok(Done::Advanced(r))) => {
                let _ = reply.send(Ok(r));
            }
            (Write::Insert { reply, .. }, Err(e)) => {
                let _ = reply.send(Err(e));
            }
            (Write::Advance { reply, .. }, Err(e)) => {
                let _ = reply.send(Err(e));
            }
            (Write::Insert { reply, .. }, Ok(_)) => {
                let _ = reply.send(Err(mismatch()));
            }
            (Write::Advance { reply, .. }, Ok(_)) => {
                let _ = reply.send(Err(mismatch()));
            }
        }
    }
}

fn mismatch() -> StoreError {
    StoreError::Other("the writer answered a write with another write's result".into())
}

fn stopped() -> StoreError {
    StoreError::Unavailable("the database writer has stopped".into())
}

/// The handle callers write through; cheap to clone.
#[derive(Clone)]
pub(crate) struct Writer {
    queue: mpsc::Sender<Write>,
}

impl Writer {
    /// Starts the writer task; `commit` writes one batch in one transaction and answers each
    /// write in it. The task ends when every handle is gone.
    pub(crate) fn start<F, Fut>(commit: F) -> Writer
    where
        F: Fn(Vec<Write>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let (queue, mut waiting) = mpsc::channel::<Write>(QUEUE);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
                commit(std::mem::take(&mut batch)).await;
            }
        });
        Writer { queue }
    }

    /// A writer for `db` together with the fences its batches check (see `cluster`).
    pub(crate) fn with_fences<F, Fut>(db: &Db, commit: F) -> (Writer, Arc<Fences>)
    where
        F: Fn(Db, Arc<Fences>, Vec<Write>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let fences = Arc::<Fences>::default();
        let (db, shared) = (db.clone(), fences.clone());
        let writer = Writer::start(move |batch| commit(db.clone(), shared.clone(), batch));
        (writer, fences)
    }

    pub(crate) async fn insert(
        &self,
        message: &NewMessage,
        recipient_id: Option<i64>,
    ) -> StoreResult<Option<(Message, Event)>> {
        let answer = self.hand_in(message, recipient_id).await?;
        answer.await.map_err(|_| stopped())?
    }

    /// Queues an insert; its answer comes on the receiver once its batch is committed.
    async fn hand_in(
        &self,
        message: &NewMessage,
        recipient_id: Option<i64>,
    ) -> StoreResult<oneshot::Receiver<StoreResult<Option<(Message, Event)>>>> {
        let (reply, answer) = oneshot::channel();
        let write = Write::Insert {
            message: Box::new(message.clone()),
            recipient_id,
            reply,
        };
        self.queue.send(write).await.map_err(|_| stopped())?;
        Ok(answer)
    }

    /// Several inserts, handed to the writer in their order before any answer is awaited, so
    /// that they commit in that order (mostly in one transaction).
    pub(crate) async fn insert_many(
        &self,
        messages: &[NewMessage],
    ) -> Vec<StoreResult<Option<(Message, Event)>>> {
        let mut answers = Vec::with_capacity(messages.len());
        for message in messages {
            answers.push(self.hand_in(message, None).await);
        }
        let mut results = Vec::with_capacity(answers.len());
        for answer in answers {
            results.push(match answer {
                Ok(answer) => answer.await.map_err(|_| stopped()).and_then(|r| r),
                Err(e) => Err(e),
            });
        }
        results
    }

    pub(crate) async fn advance(
        &self,
        device_id: &str,
        message_ids: &[String],
        status: MessageStatus,
        failure_reason: Option<&str>,
    ) -> StoreResult<Vec<(Message, Event)>> {
        let (reply, answer) = oneshot::channel();
        let write = Write::Advance {
            device_id: device_id.to_string(),
            message_ids: message_ids.to_vec(),
            status,
            failure_reason: failure_reason.map(str::to_string),
            reply,
        };
        self.queue.send(write).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}
