"""Modal screens, one module each: the claim forms, the prompt, the choice
dialog, the filter, the prep view, the export form, help, the error screen and the loading screen.

Each is a ``ModalScreen[T]`` whose result ``T`` is typed (a bool, a string the
caller chose, or a dataclass): the public names are re-exported here, so
``from .screens import X`` keeps working."""

from __future__ import annotations

from .choice import ChoiceScreen
from .error import ErrorScreen
from .export import EXPORT_FORMATS, ExportRequest, ExportScreen
from .filter import FilterScreen
from .forms import ClaimFields, ClaimForm, FormBase, FormScreen, NoteForm, Submit, TextInput, split_tags
from .help import HelpScreen
from .loading import LoadingScreen
from .prep import PrepResult, PrepScreen
from .prompt import PromptScreen

__all__ = [
    "EXPORT_FORMATS",
    "ChoiceScreen",
    "ClaimFields",
    "ClaimForm",
    "ErrorScreen",
    "ExportRequest",
    "ExportScreen",
    "FilterScreen",
    "FormBase",
    "FormScreen",
    "HelpScreen",
    "LoadingScreen",
    "NoteForm",
    "PrepResult",
    "PrepScreen",
    "PromptScreen",
    "Submit",
    "TextInput",
    "split_tags",
]
