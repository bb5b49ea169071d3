"""Cross-report deduplication and merging: accounts of one incident from many reports → one event."""

from conflictwatch.resolve.dedup import Account, Cluster, Merged, cluster_id, dedup, merge, mergeable
from conflictwatch.resolve.match import Match, match_score, same_incident

__all__ = ["Account", "Cluster", "Match", "Merged", "cluster_id", "dedup", "match_score", "merge", "mergeable",
           "same_incident"]
