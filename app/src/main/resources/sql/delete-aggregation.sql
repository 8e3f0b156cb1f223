DELETE FROM aggregation WHERE id = :#PixJobId
