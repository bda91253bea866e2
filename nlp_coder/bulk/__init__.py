"""Bulk processing: stream a file of notes through the coder, one output record per input record.

- ``engine``: ``BatchSettings``, ``get_coder``, ``process_batch`` (engine-agnostic core; stable API)
- ``reader``: streaming JSONL/CSV input as ``(record number, line bytes)`` pairs, chunking
- ``writer``: ordered, fsynced, resumable JSONL output
- ``local``: the process-pool engine (default)
- ``run``: ``run_batch`` (the whole job) and ``run_from_cli``
"""
