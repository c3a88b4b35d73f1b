"""Pages of the village survey: mobile-first field forms for headmen, the registry, imports and
exports for district officers, rounds with approval, and completeness.

One module per part: `residents` (with the survey's start page), `visits`, `rounds`, and
`transfers` (import and export); `sodsong/survey/urls.py` maps each page.
"""
