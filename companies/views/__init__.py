"""Directory views, one module per area (directory, editing, shortlists, staff, files)."""
