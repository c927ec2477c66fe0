"""read: input files (APK, bundle, dex) → dex files → annotated class records; the only user of androguard.

Entry points: `inputs.load_input`, `dex.read_classes`. Importing this package loads neither of them, so
the CLI can read the default below without androguard.
"""

DEFAULT_MAX_DEX_BYTES = 512 * 1024 * 1024
