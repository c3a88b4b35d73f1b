"""Excel and CSV import of foreign residents: the template, per-row validation with Thai messages,
a dry run, and a commit that is atomic or keeps the good rows and hands back the rejected ones.

Rows match existing people on the document key (type, issuing state, number): a row identical to
what is stored is left alone (importing the same file twice changes nothing); a row that differs
is a conflict, reported and never written.

Written for speed (see benchmarks/RESULTS.md, residents-import): the file is read with
python-calamine and processed in chunks; each distinct value of a column is checked once; the
existing documents of a chunk are fetched by their key in a few queries; new records are written
without model instances by `sodsong.survey.bulk` (multi-row INSERTs on SQLite, COPY on
PostgreSQL) with time-ordered UUIDs. Bulk writes bypass the per-save history, so the import
records one audit event listing the ids of the people it created.

The steps, one module each:
- `template`: the columns (keys and Thai headers) and the XLSX template handed to villages;
- `reading`: a sheet's rows and header, from XLSX/XLS/ODS (python-calamine) or CSV;
- `validation`: one row checked against the villages the user may write in;
- `importer`: one pass over a file, classifying rows as new, unchanged, conflict or error;
- `writer`: the new rows of a chunk as bulk inserts, without model instances;
- `jobs`: the dry run and the commit of an `ImportJob`, inline or as a background job.
"""
