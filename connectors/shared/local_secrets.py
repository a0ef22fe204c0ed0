"""Secrets the rasa server and its clients share, kept under var/ (0600) or given in the environment.

``secret(file_name, env_var)``: the value of ``env_var`` when set, else the content of ``<var dir>/<file_name>``,
created with 32 random bytes (URL-safe text) and mode 0600 when missing. The var dir is ``MOTCUA_VAR_DIR`` or
``<project>/var``. Several rasa servers share a secret by sharing the environment variable (or the file).

    .venv-rasa/bin/python -m connectors.shared.local_secrets rasa.token MOTCUA_RASA_TOKEN   # prints it (scripts/run)
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRET_BYTES = 32


def var_dir() -> Path:
    path = Path(os.environ.get("MOTCUA_VAR_DIR", "var"))
    return path if path.is_absolute() else PROJECT_ROOT / path


def secret(file_name: str, env_var: str) -> str:
    given = os.environ.get(env_var, "").strip()
    if given:
        return given
    path = var_dir() / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        raise RuntimeError(f"{path} is empty: delete it or set {env_var}")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(SECRET_BYTES) + "\n")
    return path.read_text(encoding="utf-8").strip()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python -m connectors.shared.local_secrets FILE_NAME ENV_VAR\n")
        return 2
    print(secret(argv[0], argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
