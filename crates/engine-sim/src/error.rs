use gerbang_core::jid::Phone;

/// Errors of the simulation's own controls (scanning, faults, virtual contacts). Engine-port
/// calls answer with `EngineError` like any engine.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the simulated network has never seen this device; start it first")]
    NoSuchDevice,
    #[error("the device is not showing a QR code (start it, and pair before the codes run out)")]
    NotShowingQr,
    #[error("no pairing code was requested for this device")]
    NoPairingCode,
    #[error("the pairing code does not match the one the device showed")]
    WrongPairingCode,
    #[error("the device is not connected to the simulated network")]
    NotConnected,
    #[error("the simulated network has no such channel")]
    NoSuchChannel,
    #[error("{0} is not on WhatsApp")]
    AbsentNumber(Phone),
    /// The network refused a group operation (not a member, not an admin, …).
    #[error("{0}")]
    Refused(String),
    #[error("session store error: {0}")]
    Store(String),
}
