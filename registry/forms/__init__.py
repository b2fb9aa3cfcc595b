"""Browser forms of the registry: subjects and filings."""
