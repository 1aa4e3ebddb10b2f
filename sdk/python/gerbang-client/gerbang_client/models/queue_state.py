from enum import StrEnum


class QueueState(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DELAYED = "delayed"
    FAILED = "failed"
    PAUSED = "paused"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
