"""`hra serve`: the ward console over SSH, one process per session, each signed in by key."""
