UPDATE jobs SET webhook_state = :#PixWebhookState WHERE job_id = :#PixJobId
