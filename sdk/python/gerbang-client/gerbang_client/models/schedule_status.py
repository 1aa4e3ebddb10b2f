from enum import StrEnum


class ScheduleStatus(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    MISSED = "missed"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
