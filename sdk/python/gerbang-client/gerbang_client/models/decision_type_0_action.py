from enum import StrEnum


class DecisionType0Action(StrEnum):
    SKIP = "skip"

    def __str__(self) -> str:
        return str(self.value)
