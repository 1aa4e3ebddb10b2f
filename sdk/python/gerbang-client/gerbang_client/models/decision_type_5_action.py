from enum import StrEnum


class DecisionType5Action(StrEnum):
    OUT_OF_HOURS = "out_of_hours"

    def __str__(self) -> str:
        return str(self.value)
