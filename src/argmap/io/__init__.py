"""Reading and writing maps: YAML with positions, validation messages, the
canonical writer, atomic saving."""

from .loader import MAX_BYTES, Diagnostic, Loaded, load, load_bytes
from .save import ChangedOnDisk, Locked, map_lock, save_map, write_atomic
from .writer import dump

__all__ = [
    "MAX_BYTES",
    "ChangedOnDisk",
    "Locked",
    "Diagnostic",
    "Loaded",
    "dump",
    "load",
    "load_bytes",
    "map_lock",
    "save_map",
    "write_atomic",
]
