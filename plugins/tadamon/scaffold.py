"""A new item to fill in: one file per site language, with every field of its kind.

    new_item(Path("content"), "activity", "winter-coats", ("ar", "fr"))

writes ``content/activities/winter-coats.ar.md`` and ``...fr.md``. Every field
of the kind is there, in the order of the contract, with what to write in a
comment (the format, or the choices) and the required ones marked; the build
refuses the file until they are filled in. Optional structured fields (a
place, a report...) are commented out: remove the ``#`` to use them.
"""

from pathlib import Path

from tadamon import fields as f
from tadamon.errors import FieldError, _
from tadamon.kinds import schema
from tadamon.kinds.contents import KIND_OF_FOLDER, KINDS

EXAMPLES = {
    f.text: "a text",
    f.localised_here: "a text",
    f.url: "https://...",
    f.email: "name@example.org",
    f.integer: "a whole number, e.g. 3",
    f.amount: "a number, e.g. 500000",
    f.image_path: "images/photo.jpg, then also image_alt",
    f.text_list: "a list, e.g. [first, second]",
    f.slug_list: "a list of ids from partners.yml, e.g. [mairie]",
    f.donation_channels: "a list of ways to give, as in association.yml",
}


def _example(name, spec):
    parse = spec.parse
    options = getattr(parse, "options", None)
    if options:
        return "one of: " + ", ".join(options)
    if parse in (f.datetime_value, f.deadline_value):
        return "a date, e.g. 2026-12-05" if name in schema.DAY_FIELDS else "a date and time, e.g. 2026-12-05 14:30"
    if parse is f.slug:
        return f"the file name of a{'n' if name[0] in 'aeiou' else ''} {name}, without .ar.md (e.g. winter-coats)"
    return EXAMPLES.get(parse, "")


def _lines(name, spec, indent=""):
    """The lines of one field (and its parts), commented out when optional and structured."""
    parts = schema.PARTS.get(spec.parse)
    mark = "required" if spec.required else "optional"
    if name == "image_alt":  # the reader asks for it with every image
        mark = "required with an image: what it shows, for people who cannot see it"
    example = _example(name, spec)
    comment = f"  # {mark}" + (f": {example}" if example else "")
    if parts is None:
        return [f"{indent}{name}:{comment}"]
    lines = [f"{indent}{name}:{comment}"]
    for part, part_spec in parts.items():
        lines += _lines(part, part_spec, indent + "  ")
    if not spec.required:  # an empty mapping would be refused: leave it for the editor to turn on
        lines = [f"# {line}" for line in lines]
    return lines


def front_matter(kind):
    """The text of a new file of ``kind`` (an Item class), the same in every language."""
    fields = {**schema.COMMON, **kind.schema}
    ordered = dict.fromkeys(["title", *kind.schema, *schema.COMMON])
    lines = ["---"]
    for name in ordered:
        spec = fields[name]
        if name == "status":
            lines.append("status: draft  # draft until it is ready; then published")
            continue
        lines += _lines(name, spec)
    lines += ["---", ""]  # then the text, in Markdown
    return "\n".join(lines)


def new_item(content_path, kind, slug, languages):
    """Write one file per language for a new item; return their paths.

    ``kind``: a kind (activity) or its folder (activities), or ``finances``
    (then ``slug`` is the year: one file, every language inside). Refuses a slug
    that is not a file name the build accepts, and a file that already exists."""
    if kind == "finances":
        from tadamon.finances.starter import new_year

        return new_year(content_path, slug, languages)
    item = KINDS.get(kind) or KIND_OF_FOLDER.get(kind)
    if item is None:
        raise FieldError(
            _("unknown kind {kind}", kind=repr(kind)),
            fix=_("use one of {kinds}", kinds=", ".join([*KINDS, "finances"])),
        )
    if not f.SLUG_RE.match(slug or ""):
        raise FieldError(
            _("{slug} cannot be a file name", slug=repr(slug)),
            fix=_("use lowercase Latin letters, digits and dashes, e.g. winter-coats"),
        )
    folder = Path(content_path) / item.folder
    paths = [folder / f"{slug}.{lang}.md" for lang in languages]
    existing = [path for path in paths if path.exists()]
    if existing:
        shown = Path(Path(content_path).name, item.folder, existing[0].name).as_posix()
        raise FieldError(
            _("{file} already exists", file=shown),
            fix=_("choose another name, or edit that file"),
        )
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        path.write_text(front_matter(item), encoding="utf-8")
    return paths
