"""The model: frozen pydantic data and its validation. Nothing here plans or expands a
scenario; a value may compute facts of its own (a schedule's occurrences, a blackout's
periods) from its own fields."""
