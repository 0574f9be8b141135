class CircleError(Exception):
    """A change to someone's circle that the rules do not allow; the message is for people."""
