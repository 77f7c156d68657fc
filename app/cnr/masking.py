"""Hide CNR secrets in what the client logs: passwords, auth codes and session ids.

The masking machinery is the ISPAPI one (`SecretMasker`); only the table differs, because CNR names its
form fields `s_pw`/`s_sessionid` and returns the session as `PROPERTY[SESSIONID]`.
"""

from __future__ import annotations

from app.ispapi.masking import MASK, SecretMasker

__all__ = [
    "MASK",
    "SECRET_KEY_PATTERNS",
    "is_secret_key",
    "mask_command",
    "mask_fields",
    "mask_response_text",
]

SECRET_KEY_PATTERNS: tuple[str, ...] = (
    r"S_PW",  # form field: account password
    r"S_SESSIONID",  # form field: session id (as good as the password while the session lives)
    r"SESSIONID[0-9]*",  # login reply: PROPERTY[SESSIONID][0]
    r".*PASSWORD[0-9]*",  # PASSWORD, NEWPASSWORD (StartSession, ModifyRegistrar ...)
    r".*AUTH[0-9]*",  # AUTH (TransferDomain), X-...-AUTH: EPP authorisation codes
    r".*AUTHCODE.*",  # AUTHCODE of SetAuthcode / StatusDomain replies and extension parameters
    r".*-AUTH-.*",  # X-...-AUTH-KEY style extension parameters
    r"(?:.*-)?TOKEN[0-9]*",  # TOKEN (transfer of protected names), X-ALLOCATION-TOKEN
)

_CNR = SecretMasker(SECRET_KEY_PATTERNS)
is_secret_key = _CNR.is_secret_key
mask_fields = _CNR.mask_fields
mask_command = _CNR.mask_command
mask_response_text = _CNR.mask_response_text
