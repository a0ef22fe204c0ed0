"""motcua backend: dossier (hồ sơ) filing, tracking and notification service."""
