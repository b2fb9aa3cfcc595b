"""The render job's handler lives in services (typed, with the rest of the writes);
importing it here registers it in every process, as `aigov.jobs` autodiscovers tasks."""

from aigov.documents import services  # noqa: F401 - registers the documents.render handler
