"""Built-in importers and exporters (default plugins): JSON both ways, Markdown out."""
