from enum import StrEnum


class DecisionType3Action(StrEnum):
    RULE = "rule"

    def __str__(self) -> str:
        return str(self.value)
