"""argmap: argument maps for reading an argument closely."""

__version__ = "0.1.0"
