"""`python -m xiaoben.cli` and the installed `xiaoben`: what the book keeps printed at
once (cli/kept_output.py), else the click commands (cli/main.py)."""

import sys

from xiaoben.cli.kept_output import printed


def main() -> None:
    if not printed(sys.argv[1:]):
        from xiaoben.cli.main import main as commands

        commands()


if __name__ == "__main__":
    main()
