"""argmap: map arguments and prepare debates in the terminal."""

__version__ = "0.1.0"
