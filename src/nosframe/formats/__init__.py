"""Built-in importers and exporters (default plugins): JSON both ways, Markdown out, Moodle's
competency framework CSV both ways (moodle), documents people read out (documents: the framework
as HTML, job descriptions and training plans as HTML, Markdown and Word)."""
