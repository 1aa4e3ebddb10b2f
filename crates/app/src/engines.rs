//! Which engines this server has, and which one a device uses.

use std::collections::HashMap;
use std::sync::Arc;

use gerbang_core::engine::{Engine, EngineKind};

use crate::{AppError, AppResult};

#[derive(Clone)]
pub struct Engines {
    /// The engine new devices get when the request names none.
    pub default: EngineKind,
    map: HashMap<EngineKind, Arc<dyn Engine>>,
}

impl Engines {
    pub fn new(default: EngineKind) -> Self {
        Self {
            default,
            map: HashMap::new(),
        }
    }

    pub fn with(mut self, engine: Arc<dyn Engine>) -> Self {
        self.map.insert(engine.kind(), engine);
        self
    }

    pub fn is_enabled(&self, kind: EngineKind) -> bool {
        self.map.contains_key(&kind)
    }

    pub fn get(&self, kind: EngineKind) -> AppResult<Arc<dyn Engine>> {
        self.map.get(&kind).cloned().ok_or_else(|| {
            AppError::EngineUnavailable(match kind {
                EngineKind::Whatsapp => "the real WhatsApp engine is not registered in this \
                    server (the gerbang binary always has it; an embedding program left it out)"
                    .to_string(),
                EngineKind::Sim => {
                    "the simulator is not enabled on this server (GERBANG_ENGINE=sim or \
                     GERBANG_SIM_ENABLED=true)"
                        .to_string()
                }
            })
        })
    }
}
