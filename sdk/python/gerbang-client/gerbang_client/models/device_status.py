from enum import StrEnum


class DeviceStatus(StrEnum):
    BANNED = "banned"
    CONNECTED = "connected"
    CONNECTING = "connecting"
    DISCONNECTED = "disconnected"
    LOGGED_OUT = "logged_out"
    QR_REQUIRED = "qr_required"

    def __str__(self) -> str:
        return str(self.value)
