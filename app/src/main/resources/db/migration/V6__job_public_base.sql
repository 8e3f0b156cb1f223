-- The base URL the client used to create the job (scheme, host, port): its webhook links point there when no
-- public URL is configured, instead of at localhost.
ALTER TABLE jobs ADD COLUMN public_base VARCHAR(300);
