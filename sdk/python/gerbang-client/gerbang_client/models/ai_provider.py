from enum import StrEnum


class AiProvider(StrEnum):
    GEMINI = "gemini"
    OPENAI = "openAi"

    def __str__(self) -> str:
        return str(self.value)
