"""Masker.text masks the value of every KEY=VALUE line whose key is a secret key, in one regex pass.

The reference below is the line-by-line rule it replaced (split with str.splitlines, match each line,
ask is_secret_key about the name); the property test holds the two to the same output on texts built
from secret and innocent keys, property[...] forms, blanks and every line break splitlines knows.
"""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from app.log import MASK, Masker, is_secret_key

_REFERENCE_LINE = re.compile(
    r"^(?P<key>\s*(?:property\[)?(?P<name>[A-Za-z0-9_.-]+)(?:\]\[\d+\])?\s*=)(?P<value>.*)$", re.IGNORECASE
)


def reference(text: str) -> str:
    out = []
    for line, body in zip(text.splitlines(keepends=True), text.splitlines(), strict=True):
        ending = line[len(body) :]
        match = _REFERENCE_LINE.match(body)
        if match and is_secret_key(match.group("name")):
            key = match.group("key")
            body = f"{key}{' ' if key.endswith(' =') else ''}{MASK}"
        out.append(body + ending)
    return "".join(out)


KEYS = [
    *("PASSWORD", "s_pw", "pw", "AUTH", "auth2", "authx", "EPPCODE", "NEWPASSWORD", "x-session-id"),
    *("DOMAIN", "CODE", "pwd", "DESCRIPTION", "Auth_Code", "TRANSFERSECRET", "auth.info"),
    *("property[AUTH][0]", "property[DOMAIN][3]", "property[transfer status][0]"),
]
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", ""]
pieces = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(BREAKS),
    st.sampled_from(["=", " = ", "\t=", " ", "\xa0", "[", "]", "[0]"]),
    st.text(alphabet="ab1=-_. ", max_size=6),
    # characters re's IGNORECASE matches with ASCII letters, and ones whose case-folding changes length
    st.sampled_from(["PAſSWORD", "ſ_pw", "\u212a", "AUTHıNFO", "İ", "ß", "ﬀ", "SESSıON"]),
)


@given(st.lists(pieces, max_size=30).map("".join))
def test_one_pass_masks_exactly_what_the_line_by_line_rule_masks(text: str) -> None:
    assert Masker().text(text) == reference(text)


def test_reply_lines_with_secret_keys_are_masked_and_others_kept() -> None:
    reply = (
        "[RESPONSE]\r\nproperty[AUTH][0] = s3cr3t-code\r\nproperty[DOMAIN][0] = a.com\r\nCODE=200\r\nEOF\r\n"
    )
    assert Masker().text(reply) == (
        "[RESPONSE]\r\nproperty[AUTH][0] = ***\r\nproperty[DOMAIN][0] = a.com\r\nCODE=200\r\nEOF\r\n"
    )
    assert (
        Masker(["hunter22"]).text("note: hunter22 was sent\nPASSWORD=x") == "note: *** was sent\nPASSWORD=***"
    )


def test_a_hint_only_in_values_leaves_the_text_as_it_is_and_a_secret_key_beside_it_is_still_masked() -> None:
    """A search batch for .pw names has "pw" in many values: nothing to mask there, and a key that is a
    secret on another line of the same text is masked all the same."""
    batch = "".join(f"property[domain][{i}] = name{i}.pw\r\n" for i in range(3))
    assert Masker().text(batch) == batch
    assert Masker().text(batch + "s_pw=hunter22\r\n") == batch + "s_pw=***\r\n"
