"""diff: what changed between two extractions (or two protocol versions), with a UPER wire verdict per change.

Entry points: `snapshot.load_snapshot`, `changes.diff_snapshots` and `diff_versions`, `report` (formats).
"""
