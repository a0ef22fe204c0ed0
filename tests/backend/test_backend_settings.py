from pathlib import Path

from backend.settings import DEFAULT_ALLOWED_MIME, PROJECT_ROOT, load_settings


def test_defaults_point_into_var_and_generate_secrets_once(tmp_path: Path) -> None:
    env = {"MOTCUA_VAR_DIR": str(tmp_path / "var")}
    first = load_settings(env)

    assert first.database_url == f"sqlite:///{tmp_path / 'var' / 'motcua.db'}"
    assert first.upload_dir == tmp_path / "var" / "uploads"
    assert first.upload_max_bytes == 10 * 1024 * 1024
    assert set(first.allowed_mime_types) == {"image/jpeg", "image/png", "application/pdf"}
    assert (first.host, first.port) == ("127.0.0.1", 8000)
    secret_file = tmp_path / "var" / "secret.key"
    assert secret_file.read_text().strip().encode() == first.token_secret
    assert secret_file.stat().st_mode & 0o077 == 0
    assert (tmp_path / "var" / "service.token").read_text().strip() == first.service_token

    second = load_settings(env)
    assert second.token_secret == first.token_secret
    assert second.service_token == first.service_token


def test_default_var_dir_is_relative_to_project_root(tmp_path: Path) -> None:
    settings = load_settings({"MOTCUA_VAR_DIR": "var", "TOKEN_SECRET": "s", "SERVICE_TOKEN": "t"})
    assert settings.var_dir == PROJECT_ROOT / "var"
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'motcua.db'}"


def test_environment_overrides(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "MOTCUA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql+psycopg://u:p@127.0.0.1:5433/x",
            "UPLOAD_DIR": str(tmp_path / "up"),
            "UPLOAD_MAX_BYTES": "1234",
            "UPLOAD_ALLOWED_MIME": "application/pdf",
            "TOKEN_SECRET": "abc",
            "SERVICE_TOKEN": "svc",
            "BACKEND_HOST": "127.0.0.2",
            "BACKEND_PORT": "9001",
        }
    )
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.upload_dir == tmp_path / "up"
    assert settings.upload_max_bytes == 1234
    assert settings.allowed_mime_types == ("application/pdf",)
    assert settings.token_secret == b"abc"
    assert settings.service_token == "svc"
    assert (settings.host, settings.port) == ("127.0.0.2", 9001)
    assert not (tmp_path / "secret.key").exists()
    assert DEFAULT_ALLOWED_MIME != settings.allowed_mime_types
