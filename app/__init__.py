"""ispapi-bridge: the Python service behind the WHMCS registrar module `ispapi`."""

from importlib.metadata import PackageNotFoundError, version

try:
    # One version number, pyproject.toml's; an installed (or editable) package knows it.
    __version__ = version("ispapi-bridge")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
