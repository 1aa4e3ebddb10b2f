from enum import StrEnum


class EngineKind(StrEnum):
    SIM = "sim"
    WHATSAPP = "whatsapp"

    def __str__(self) -> str:
        return str(self.value)
