from enum import StrEnum


class DefaultSource(StrEnum):
    APIKEY = "apiKey"
    GLOBAL = "global"
    ONLY = "only"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
