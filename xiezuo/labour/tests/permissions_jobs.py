"""Permission-matrix entries for the public job board: pages that only read, open to all
(what they may show is tested by test_job_board.py)."""

READ_ONLY_PAGES = {"job_board", "job_detail", "job_qr"}
