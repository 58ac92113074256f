"""Spreadsheets in and out, YAML edits that keep layout, JSON Schema, init."""
