"""Checks of `ispapi-bridge doctor` that need more than a line of the CLI: the CNR account checks
(`app.doctor.cnr`, its command table in `app.doctor.cnr_commands`). Each check is one (ok, sentence) pair."""

from __future__ import annotations

Check = tuple[bool, str]
