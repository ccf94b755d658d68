"""CSV export and import of the ward's records (the seed's "CSV export", made safe both ways).

By job: `format` (columns, keys, encoding, cell and time formats), `export`, `read` (a file
into checked columns), `problems` (bad rows by line), `file_fields` (what only files carry),
`doctors` (doctors by name), `changes` (a known key's record updated and audited), then one
import module per kind (`wards`, `staff`, `beds`, `patients`, `appointments`, `billing`,
`history`), `importing`, which runs one, and `whole_ward`, a folder of them all.
"""
