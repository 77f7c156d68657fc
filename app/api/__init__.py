"""The HTTP layer: FastAPI routes, the signed envelope, the dispatcher that runs an operation (the top of the
bridge; docs/architecture.md)."""
