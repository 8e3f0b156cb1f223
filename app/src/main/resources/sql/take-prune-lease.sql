-- One pruner at a time across every process that shares the database: the lease is taken only when free or expired.
UPDATE scheduler_leases SET holder = :holder, locked_until = :until
WHERE name = 'prune' AND (locked_until < CURRENT_TIMESTAMP OR holder = :holder)
