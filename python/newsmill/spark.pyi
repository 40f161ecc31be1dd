"""Type stubs of newsmill.spark (newsmill on Spark; docs/spark.md)."""

from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql.types import DataType, StructType

TABLES: Tuple[str, ...]
MAX_PAIR_ENTITIES: int
PARTITION_KEY: str
NULL_PARTITION: str
PARTITIONED: Dict[str, str]
ONE_TASK_DOCUMENTS: int

class SparkResult:
    config: Dict[str, Any]
    source: str
    aggregate_partitions: int
    @property
    def names(self) -> List[str]: ...
    @property
    def tables(self) -> Dict[str, DataFrame]: ...
    def __getitem__(self, name: str) -> DataFrame: ...
    def __getattr__(self, name: str) -> DataFrame: ...
    def __contains__(self, name: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def unpersist(self) -> None: ...

def spark_type(t: pa.DataType) -> DataType: ...
def spark_schema(table: Union[str, pa.Schema]) -> StructType: ...
def tag(
    articles: DataFrame,
    text: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    published_at: Optional[str] = None,
    config: Any = None,
    source: str = "spark",
    order: Union[None, str, Sequence[str]] = None,
    partitions: Optional[int] = None,
    aggregate_partitions: Optional[int] = None,
) -> SparkResult: ...
def table(result: SparkResult, name: str) -> DataFrame: ...
def write(
    result: SparkResult,
    out: str,
    tables: Optional[Sequence[str]] = None,
    partition_by: Optional[str] = None,
    aggregate_partitions: Optional[int] = None,
) -> Dict[str, Any]: ...
def date_keys(ts: pa.Array) -> List[Optional[str]]: ...
