"""The composition layer: pages and API parts that show the catalogue with its posts.

It builds on ``productions`` (the catalogue) and ``media_assets`` (posts and
media); neither of them imports it.
"""
