from enum import StrEnum


class AiScope(StrEnum):
    ALL = "all"
    OUT_OF_HOURS = "out_of_hours"
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
