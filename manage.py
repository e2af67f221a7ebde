#!/usr/bin/env python
import os
import sys

if sys.version_info < (3, 12):  # noqa: UP036  (a clear message instead of a SyntaxError later)
    sys.exit(
        f"Rehabkartan needs Python 3.12 or newer (Django 6); this is {sys.version.split()[0]}. "
        "With pyenv, the .python-version file in this folder selects 3.12."
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
