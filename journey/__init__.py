"""Improvement-journey site generator: plans/ YAML -> checked model -> Markdown -> MkDocs site."""
