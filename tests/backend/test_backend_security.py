import pytest

from backend.security.passwords import hash_password, verify_password
from backend.security.tokens import InvalidToken, issue_token, verify_token

SECRET = b"secret-for-tests"


def test_password_hash_is_salted_scrypt_and_verifies() -> None:
    first = hash_password("mật khẩu 123")
    second = hash_password("mật khẩu 123")
    assert first.startswith("scrypt$")
    assert first != second  # different salts
    assert verify_password("mật khẩu 123", first)
    assert not verify_password("mật khẩu 124", first)
    assert not verify_password("x", "not-a-hash")


def test_token_round_trip() -> None:
    token = issue_token(SECRET, user_id=7, username="an", role="staff", ttl_seconds=60, now=1_000_000)
    claims = verify_token(SECRET, token, now=1_000_030)
    assert (claims.user_id, claims.username, claims.role) == (7, "an", "staff")


def test_expired_token_is_refused() -> None:
    token = issue_token(SECRET, user_id=7, username="an", role="staff", ttl_seconds=60, now=1_000_000)
    with pytest.raises(InvalidToken):
        verify_token(SECRET, token, now=1_000_061)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "eyJzdWIiOjEsIm5hbWUiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0" + t[t.index(".") :],
        lambda t: t.replace(".", ""),
        lambda t: "đ" + t,
    ],
)
def test_tampered_token_is_refused(mangle) -> None:
    token = issue_token(SECRET, user_id=1, username="an", role="staff", ttl_seconds=60)
    with pytest.raises(InvalidToken):
        verify_token(SECRET, mangle(token))


def test_token_signed_with_other_secret_is_refused() -> None:
    token = issue_token(b"other", user_id=1, username="an", role="admin", ttl_seconds=60)
    with pytest.raises(InvalidToken):
        verify_token(SECRET, token)
