"""Reading and writing maps: YAML with positions, validation messages, the
canonical writer, atomic saving."""

from .loader import MAX_BYTES, Diagnostic, Loaded, MapError, load, load_bytes, read_map
from .save import ChangedOnDisk, save_map, write_atomic
from .writer import dump

__all__ = [
    "MAX_BYTES",
    "ChangedOnDisk",
    "Diagnostic",
    "Loaded",
    "MapError",
    "dump",
    "load",
    "load_bytes",
    "read_map",
    "save_map",
    "write_atomic",
]
