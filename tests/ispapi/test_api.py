"""The public surface other packages code against (httpx's `__all__` discipline, docs/conventions.md §1)."""

from __future__ import annotations

import app.ispapi as ispapi


def test_all_is_sorted_and_complete() -> None:
    assert ispapi.__all__ == sorted(ispapi.__all__)
    for name in ispapi.__all__:
        assert hasattr(ispapi, name), name


def test_names_promised_to_other_packages() -> None:
    promised = {
        "encode_command",
        "command_fields",
        "parse_response",
        "Response",
        "IspapiClient",
        "System",
        "TransportFailure",
        "make_http_client",
        "IspapiError",
    }
    assert promised <= set(ispapi.__all__)


def test_library_imports_no_web_or_database_framework() -> None:
    import sys
    from pathlib import Path

    source = "\n".join(p.read_text() for p in Path(ispapi.__file__).parent.glob("*.py"))
    assert "fastapi" not in source and "sqlalchemy" not in source
    assert "app.ispapi" in sys.modules  # sanity: the package under test is the imported one
