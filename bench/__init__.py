"""`make bench`: load-test the catalogue on a large PostgreSQL database."""
