from enum import StrEnum


class MatchType(StrEnum):
    CONTAINS = "contains"
    EXACT = "exact"
    REGEX = "regex"
    STARTSWITH = "startsWith"

    def __str__(self) -> str:
        return str(self.value)
