"""release: app releases kept under generated_schemas/<package>/<versionName>/ with their changelog.

Entry points: `regenerate.regenerate`, `history.subject_history`, `index.require_index`.
"""
