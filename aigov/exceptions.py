"""Domain errors shared by services, translated to HTTP by the API and the browser views."""


class StateConflict(Exception):
    """The object is not in a state that allows the change (someone else changed it, or the
    workflow does not allow it from here). The API answers 409."""
