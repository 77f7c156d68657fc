"""HTTP routes, thin: read, call the service, serialise."""
