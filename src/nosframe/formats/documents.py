"""Documents people read: the framework, job descriptions and training plans (HTML, Markdown,
Word), from one set of Jinja2 templates."""
