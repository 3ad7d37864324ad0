class DomainError(Exception):
    """A broken domain rule. The message is Dutch and safe to show to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def add_to(self, form) -> None:
        """Show the error on the form: on its field when the form has it, else above the form."""
        form.add_error(self.field if self.field in form.fields else None, self.message)
