class DomainError(Exception):
    """A broken domain rule. The message is Dutch and safe to show to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
