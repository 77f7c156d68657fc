"""The ISPAPI tests' real loopback servers (an API stand-in recording form fields, a refused port) serve
the CNR client tests too: the HTTP side of both dialects is the same form POST."""

from __future__ import annotations

from tests.ispapi.conftest import Server, api_server, refused_url

__all__ = ["Server", "api_server", "refused_url"]
