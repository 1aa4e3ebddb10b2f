from enum import StrEnum


class DecisionType1Action(StrEnum):
    LOOP = "loop"

    def __str__(self) -> str:
        return str(self.value)
