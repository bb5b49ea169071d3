"""Cross-report deduplication and merging: accounts of one incident from many reports → one event."""

from conflictwatch.resolve.dedup import Account, Cluster, Merged, cluster_id, dedup, match_score, merge, mergeable

__all__ = ["Account", "Cluster", "Merged", "cluster_id", "dedup", "match_score", "merge", "mergeable"]
