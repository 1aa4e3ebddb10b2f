from enum import StrEnum


class DecisionType6Action(StrEnum):
    AI = "ai"

    def __str__(self) -> str:
        return str(self.value)
