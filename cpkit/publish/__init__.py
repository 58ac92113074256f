"""The published documents, the last stage of the pipeline.

`render` writes a plan's document (Parts A–G and the services directory) as Markdown and
sanitised HTML, from the `document` model built once per plan; `views` put each table's
cells in the plan's language, `charts` draw the SVG charts, `messages` hold the words,
numbers and dates of each language, and `templating` the Jinja environment every
template of cpkit is rendered in. `rollup_document` writes the roll-up of several plans
the same way, and `diff_text` lays out `cpkit diff`.

Imports run one way: render → views → document → charts, and down to model and analysis.
"""
