"""Work on residents that spans several models or must be audited with the change."""
