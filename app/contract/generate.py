"""Write (or check) the files generated from the contract table: the shim's lib/Contract.php and
docs/contract.md.

    python -m app.contract.generate [--root DIR]           write them (DIR: the repository, default .)
    python -m app.contract.generate --check [--root DIR]   exit 1 naming every file that differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.contract.render import GENERATE_COMMAND, outputs


def stale(root: Path) -> list[str]:
    """The generated files under `root` whose content differs from a fresh rendering."""
    found = []
    for output in outputs():
        path = root / output.path
        if not path.is_file() or path.read_text("utf-8") != output.text:
            found.append(output.path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GENERATE_COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository (default: .)")
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "php-shim").is_dir():
        sys.stderr.write(f"{root.resolve()} is not the repository (no php-shim/ there); pass --root\n")
        return 2
    if args.check:
        differing = stale(root)
        for path in differing:
            sys.stderr.write(f"{path} differs from the contract table; run: {GENERATE_COMMAND}\n")
        return 1 if differing else 0
    for output in outputs():
        target = root / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output.text, "utf-8")
        sys.stdout.write(f"wrote {output.path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
