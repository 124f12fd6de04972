"""Reading and writing maps: YAML with positions, validation messages, the
canonical writer, atomic saving.

The writer and saving (which need the pydantic models) are imported on
first use, so that checking a map imports neither."""

from typing import TYPE_CHECKING, Any

from .loader import MAX_BYTES, Diagnostic, Loaded, load, load_bytes

if TYPE_CHECKING:
    from .save import ChangedOnDisk, Locked, map_lock, save_map, write_atomic
    from .writer import dump

_LAZY = {
    "ChangedOnDisk": "save",
    "Locked": "save",
    "map_lock": "save",
    "save_map": "save",
    "write_atomic": "save",
    "dump": "writer",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
