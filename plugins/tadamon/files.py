"""Writing the files that are not pages (feeds, calendars, sitemap...)."""

import os


def write_output(output_path, url, data):
    """Write ``data`` (bytes) at ``url``, relative to SITEURL, in the output folder."""
    path = os.path.join(output_path, *url.split("/"))
    try:  # the folder is there most of the time (a page's): no mkdir to ask
        stream = open(path, "wb")  # noqa: SIM115
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        stream = open(path, "wb")  # noqa: SIM115
    with stream:
        stream.write(data)
