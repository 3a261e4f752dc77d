"""`python -m generator`: the polysnip command line.

A generate with nothing to do is answered before click is loaded (generator.cli.quick);
everything else goes to the click group."""

import sys


def run() -> None:
    from .cli.quick import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, nothing_to_generate

    try:
        if nothing_to_generate(sys.argv[1:]):
            return
    except (Terminated, KeyboardInterrupt) as stopped:  # reported as the command group reports them
        from .cli.common import stop

        if isinstance(stopped, Terminated):
            stop("SIGTERM", EXIT_TERMINATED)
        stop("SIGINT", EXIT_INTERRUPTED)
    from .cli import main

    main()


if __name__ == "__main__":
    run()
