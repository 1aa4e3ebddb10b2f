from enum import StrEnum


class Priority(StrEnum):
    HIGH = "HIGH"
    LOW = "LOW"
    NORMAL = "NORMAL"

    def __str__(self) -> str:
        return str(self.value)
