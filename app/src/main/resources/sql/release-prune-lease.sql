UPDATE scheduler_leases SET holder = NULL, locked_until = CURRENT_TIMESTAMP
WHERE name = 'prune' AND holder = :holder
