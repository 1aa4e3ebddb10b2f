from enum import StrEnum


class DecisionType4Action(StrEnum):
    WELCOME = "welcome"

    def __str__(self) -> str:
        return str(self.value)
