-- A job is complete when every operation has recorded its output (job_outputs): the Camel aggregation repository's
-- tables are no longer written.
DROP TABLE IF EXISTS aggregation_completed;
DROP TABLE IF EXISTS aggregation;
