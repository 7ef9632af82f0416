"""`python -m xiaoben.cli` and the installed `xiaoben`: what the book keeps printed at
once (cli/kept_output.py), else the click commands (cli/main.py)."""

import os
import sys

from xiaoben.cli.kept_output import printed


def main() -> None:
    try:
        answered = printed(sys.argv[1:])
        sys.stdout.flush()  # a reader that left is met here, not at the interpreter's exit
    except BrokenPipeError:  # `xiaoben queue | head`: end quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # in click's words
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    if not answered:
        from xiaoben.cli.main import main as commands

        commands()


if __name__ == "__main__":
    main()
