"""Run the tutor with `python -m tutor_tui`."""

from tutor_tui.cli.program import main

if __name__ == "__main__":
    main()
