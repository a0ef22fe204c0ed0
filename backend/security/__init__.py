"""Password hashing and signed tokens (stdlib only)."""
