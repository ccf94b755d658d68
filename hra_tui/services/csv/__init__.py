"""CSV export and import of the ward's records (the seed's "CSV export", made safe both ways).

By job: `format` (columns, encoding, cell and time formats), `export`, `read` (a file into
checked columns), `problems` (bad rows by line), `file_fields` (what only files carry), then one
import module per kind (`patients`, `staff`, `beds`) and `importing`, which runs them.
"""
