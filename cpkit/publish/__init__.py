"""The published documents: views, charts, messages, Markdown and HTML."""
