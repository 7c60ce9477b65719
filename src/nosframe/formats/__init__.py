"""Built-in importers and exporters (default plugins): JSON both ways, Markdown out, Moodle's
competency framework CSV both ways (moodle), documents people read out (documents: the framework
as HTML, job descriptions and training plans as HTML, Markdown and Word)."""

from nosframe.model import Framework, FrameworkInfo

#: the empty framework ``nosframe template FORMAT`` writes: a file filled in from a template was
#: "exported" from it, so its placeholders (this id and title) and what it leaves empty are no
#: edit (``import --into`` compares the file's rows with it: what the template never showed is
#: never removed)
TEMPLATE = Framework(FrameworkInfo(id="my-framework", title="My framework"))
