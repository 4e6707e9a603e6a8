"""Writing the files that are not pages (feeds, calendars, sitemap...)."""

import os


def write_output(output_path, url, data):
    """Write ``data`` (bytes) at ``url``, relative to SITEURL, in the output folder."""
    path = os.path.join(output_path, *url.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)
