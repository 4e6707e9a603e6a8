"""Tadamon: Pelican plugins for association sites.

Each sub-package is one plugin with its own ``register()``; list them in
``PLUGINS``. Shared pieces (errors, typed fields, settings) live here.
"""
