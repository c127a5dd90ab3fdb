"""Run the tutor with `python -m tutor_tui`."""

from tutor_tui.cli.main import main

if __name__ == "__main__":
    main()
