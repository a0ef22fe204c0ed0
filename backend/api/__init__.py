"""HTTP JSON API (FastAPI)."""
