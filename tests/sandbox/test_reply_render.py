"""A reply value can never carry a line break on the wire: both dialects render one as a blank, whether the
break is in one value of a column or none has one."""

from __future__ import annotations

import pytest

from sandbox.cnr.wire import render as render_cnr
from sandbox.protocol import Reply


def _reply() -> Reply:
    return (
        Reply(code=200, description="Command completed successfully")
        .set("PLAIN", ["a", "b"])
        .set("BROKEN", ["one", "two\r\nlines", "three\rfour\nfive"])
    )


@pytest.mark.parametrize(
    ("render", "plain", "broken"),
    [
        (Reply.render, ["PROPERTY[PLAIN][0]=a", "PROPERTY[PLAIN][1]=b"], "PROPERTY[BROKEN][{i}]={v}"),
        (render_cnr, ["property[plain][0] = a", "property[plain][1] = b"], "property[broken][{i}] = {v}"),
    ],
)
def test_line_breaks_in_values_become_blanks(render, plain, broken) -> None:  # type: ignore[no-untyped-def]
    lines = render(_reply()).replace("\r\n", "\n").split("\n")
    assert [line for line in lines if "plain" in line.lower()] == plain
    values = ["one", "two  lines", "three four five"]
    assert [line for line in lines if "broken" in line.lower()] == [
        broken.format(i=i, v=v) for i, v in enumerate(values)
    ]
