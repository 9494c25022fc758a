select *, fare * 2 as double_fare from read_parquet('trips/*.parquet')
