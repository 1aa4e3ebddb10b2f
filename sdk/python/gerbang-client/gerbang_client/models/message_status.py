from enum import StrEnum


class MessageStatus(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    PENDING = "pending"
    PLAYED = "played"
    READ = "read"
    RECEIVED = "received"
    SENT = "sent"
    UNCERTAIN = "uncertain"

    def __str__(self) -> str:
        return str(self.value)
