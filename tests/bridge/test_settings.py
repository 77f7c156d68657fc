"""Settings refuse what would make the bridge unsafe, with messages that name the variable to fix."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.settings import Settings, ToolSettings, describe_validation_error, secret_problem

GOOD = "4f1e0c2b9a8d7e6f5a4b3c2d1e0f9a8b"


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("", "BRIDGE_SECRET is empty"),
        ("   ", "BRIDGE_SECRET is empty"),
        ("change-me", "still a placeholder"),
        ("CHANGEME", "still a placeholder"),
        ("changethis", "still a placeholder"),
        ("secret", "still a placeholder"),
        ("placeholder", "still a placeholder"),
        ("xxxxxxxxxxxxxxxxxxxxxxxx", "still a placeholder"),
        ("<your secret here>", "still a placeholder"),
        # Template wording made long enough to pass the length check is still a placeholder.
        ("change-me-please-1234567890", "still a placeholder"),
        ("your-secret-here-0123456789", "still a placeholder"),
        ("REPLACE_WITH_A_LONG_RANDOM_VALUE", "still a placeholder"),
        ("example-bridge-secret-value", "still a placeholder"),
        ("0000000000000000000000000000", "still a placeholder"),
        ("short-but-real", "shorter than 16 characters"),
    ],
)
def test_secret_is_refused_with_a_message_naming_bridge_secret(secret: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, secret=secret)
    message = describe_validation_error(caught.value)
    assert message.startswith("BRIDGE_SECRET") and expected in message


WEAK_SECRETS = [
    "passwordpassword",
    "1234567890123456",
    "abcdabcdabcdabcd",
    "qwertyuiopasdfgh",
    "asdfghjklzxcvbnm",
    "1q2w3e4r5t6y7u8i",
    "iloveyouiloveyou",
    "P@ssw0rdP@ssw0rd",
    "0101101001011010",
    "abc123abc123abc123",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ispapi-bridge-secret-2024",
    "whmcs_bridge_key_production",
    "test-secret-0123456789abcdef",
    "x" * 300 + "y",
]


@pytest.mark.parametrize("secret", WEAK_SECRETS)
def test_low_entropy_secret_is_refused_saying_how_to_make_a_good_one(secret: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, secret=secret)
    message = describe_validation_error(caught.value)
    assert message.startswith("BRIDGE_SECRET is easy to guess (")
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in message
    assert secret not in message and secret not in str(caught.value)


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("abcdabcdabcdabcd", "a repeated pattern"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "a sequence such as abcd or 1234"),
        ("poiuytrewqlkjhgf", "keyboard rows such as qwerty"),
        ("ispapi-bridge-secret-2024", "common words, names or passwords"),
    ],
)
def test_the_message_names_what_makes_the_secret_guessable(secret: str, reason: str) -> None:
    problem = secret_problem(secret)
    assert problem is not None and reason in problem


def test_random_tokens_of_the_documented_recipes_are_accepted() -> None:
    # token_hex(32): the README's recipe and scripts/run_local.py; token_hex(16): tests/e2e, benchmarks.
    for _ in range(20):
        assert secret_problem(secrets.token_hex(32)) is None
        assert secret_problem(secrets.token_hex(16)) is None
        assert secret_problem(secrets.token_urlsafe(32)) is None


def test_the_fixed_secrets_of_the_test_suite_are_accepted() -> None:
    from tests.additional_fields.test_startup import SECRET as STARTUP_SECRET
    from tests.bridge.conftest import SECRET as BRIDGE_SECRET

    for secret in (GOOD, BRIDGE_SECRET, STARTUP_SECRET):
        assert secret_problem(secret) is None, secret


@pytest.mark.parametrize("secret", ["short-but-real", "<your secret here>", "zzzz-tiny"])
def test_refused_secret_is_never_echoed(secret: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, secret=secret)
    assert secret not in describe_validation_error(caught.value) and secret not in str(caught.value)


@pytest.mark.parametrize(
    "secret", [GOOD, "my-own-bridge-secret-9f8e7d6c", "Tr0ub4dor&3-correct-horse-battery"]
)
def test_real_secrets_are_accepted(secret: str) -> None:
    assert Settings(_env_file=None, secret=secret).secret.get_secret_value() == secret


def test_missing_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="BRIDGE_SECRET is empty"):
        Settings(_env_file=None)


def test_defaults() -> None:
    settings = Settings(_env_file=None, secret=GOOD)
    assert settings.database_url == "sqlite:///./var/bridge.db"
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.ispapi_url is None and settings.allow_insecure_ispapi_url is False
    assert settings.log_level == "INFO" and settings.max_body_bytes == 1_048_576
    assert settings.signature_tolerance_seconds == 300 and settings.ispapi_timeout_seconds == 60
    assert GOOD not in repr(settings)


def test_environment_and_dotenv_are_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"BRIDGE_SECRET={GOOD}\nBRIDGE_PORT=9090\nBRIDGE_ISPAPI_URL=\nBRIDGE_LOG_LEVEL=debug\n"
    )
    settings = Settings(_env_file=env_file)
    assert settings.port == 9090 and settings.ispapi_url is None and settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/api/call.cgi",
        "http://localhost/api/call.cgi",
        "https://api.ispapi.net/api/call.cgi",
    ],
)
def test_ispapi_url_accepted(url: str) -> None:
    assert Settings(_env_file=None, secret=GOOD, ispapi_url=url).ispapi_url == url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://api.example.net/api/call.cgi", "BRIDGE_ALLOW_INSECURE_ISPAPI_URL"),
        ("ftp://api.example.net/", "absolute http(s) URL"),
        ("api.ispapi.net", "absolute http(s) URL"),
        ("https://user:pw@api.example.net/", "must not contain credentials"),
    ],
)
def test_ispapi_url_refused(url: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, secret=GOOD, ispapi_url=url)
    assert expected in describe_validation_error(caught.value)


def test_insecure_url_allowed_on_request() -> None:
    settings = Settings(
        _env_file=None, secret=GOOD, ispapi_url="http://10.0.0.5/api/call.cgi", allow_insecure_ispapi_url=True
    )
    assert settings.ispapi_url == "http://10.0.0.5/api/call.cgi"


def test_tool_settings_need_no_secret() -> None:
    assert ToolSettings(_env_file=None).database_url == "sqlite:///./var/bridge.db"


def test_bad_log_level_is_refused() -> None:
    with pytest.raises(ValidationError, match="BRIDGE_LOG_LEVEL must be one of"):
        ToolSettings(_env_file=None, log_level="loud")


@pytest.mark.parametrize(
    ("value", "accepted"), [("0", True), ("300", True), ("86400", True), ("-1", False), ("86401", False)]
)
def test_money_settle_seconds_is_bounded(value: str, accepted: bool) -> None:
    """Default 5 minutes; at most a day (a larger value would only block retries for longer)."""
    assert Settings(_env_file=None, secret=GOOD).money_settle_seconds == 300
    if accepted:
        assert Settings(
            _env_file=None, secret=GOOD, money_settle_seconds=value
        ).money_settle_seconds == float(value)
    else:
        with pytest.raises(ValidationError, match="money_settle_seconds"):
            Settings(_env_file=None, secret=GOOD, money_settle_seconds=value)


def test_every_setting_is_listed_in_env_example() -> None:
    """The README promises that .env.example lists every setting (commented out when optional)."""
    example = (Path(__file__).parents[2] / ".env.example").read_text()
    listed = {line.lstrip("#").split("=", 1)[0].strip() for line in example.splitlines() if "=" in line}
    missing = {f"BRIDGE_{name.upper()}" for name in Settings.model_fields} - listed
    assert missing == set()


@pytest.mark.parametrize("seconds", [0, -5, 3601, 86_400, 315_360_000])
def test_signature_tolerance_is_capped_with_a_message_naming_the_variable(seconds: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, secret=GOOD, signature_tolerance_seconds=seconds)
    message = describe_validation_error(caught.value)
    assert message.startswith("BRIDGE_SIGNATURE_TOLERANCE_SECONDS must be between 1 and 3600 seconds")


@pytest.mark.parametrize("seconds", [1, 300, 3600])
def test_signature_tolerance_within_the_cap_is_accepted(seconds: int) -> None:
    assert Settings(
        _env_file=None, secret=GOOD, signature_tolerance_seconds=seconds
    ).signature_tolerance_seconds == (seconds)
