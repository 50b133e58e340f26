"""Placeholder until this plugin lands; see docs/architecture.md."""


def register():
    pass
