class ConflictError(Exception):
    """An action that the current state does not allow; answered with HTTP 409."""
