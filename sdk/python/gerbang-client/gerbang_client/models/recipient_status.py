from enum import StrEnum


class RecipientStatus(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    UNCERTAIN = "uncertain"

    def __str__(self) -> str:
        return str(self.value)
