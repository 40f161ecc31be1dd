"""Type stubs of the native module (Rust, PyO3). Call the functions of `newsmill` instead."""

from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

__version__: str

ProgressCallback = Optional[Callable[[int, int], None]]

class ArrowStream:
    """A table readable once through the Arrow PyCapsule interface."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class Engine:
    def __init__(
        self, toml: Optional[str] = None, path: Optional[str] = None, origin: str = "config"
    ) -> None: ...
    def config_toml(self) -> str: ...
    def run(
        self,
        inputs: Sequence[str],
        out: str,
        threads: Optional[int] = None,
        incremental: bool = False,
        since: Optional[int] = None,
        until: Optional[int] = None,
        progress: ProgressCallback = None,
    ) -> str: ...
    def tag(
        self,
        data: Any,
        columns: Sequence[Tuple[str, str]] = ...,
        threads: Optional[int] = None,
        # True, False, "all", "document_themes", or "measures" (document_themes and each
        # document's measures: ents, ups, names, pairs, unknown; Spark's map step).
        aggregate: Union[bool, str] = False,
        source: str = "batches",
        progress: ProgressCallback = None,
    ) -> List[Tuple[str, ArrowStream]]: ...
    def theme_tree(self) -> List[Tuple[str, Optional[str], str, Optional[str]]]: ...
    def dedup_settings(self) -> Tuple[bool, int, int]: ...
    def long_enough(self, data: Any) -> ArrowStream: ...

def check_config(
    toml: Optional[str] = None, path: Optional[str] = None, origin: str = "config"
) -> str: ...
def default_config() -> str: ...
def json_to_toml(json: str) -> str: ...
def table_names() -> List[str]: ...
def table_schema(name: str) -> Tuple[ArrowStream, str]: ...
def split(
    texts: Sequence[str], toml: Optional[str] = None, path: Optional[str] = None
) -> List[List[Tuple[int, int]]]: ...
