"""Importers: resource lists written for people (a Markdown checklist, the OSSU curriculum)
turned into studypath graph files."""
