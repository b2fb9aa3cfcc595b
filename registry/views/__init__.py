"""Browser views of the registry: subjects (systems, models), filings and the queue,
and the public register."""
