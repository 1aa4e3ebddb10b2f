from enum import StrEnum


class DecisionType2Action(StrEnum):
    HANDOFF = "handoff"

    def __str__(self) -> str:
        return str(self.value)
