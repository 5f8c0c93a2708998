-- the article's table
CREATE EXTERNAL TABLE IF NOT EXISTS silver_db.orders (
  order_id string COMMENT 'the order',
  amount decimal(10, 2),
  tags array<struct<k:string, `V`:map<string,int>>>
)
COMMENT 'Cleaned orders'
PARTITIONED BY (order_date date)
CLUSTERED BY (order_id) SORTED BY (order_id DESC) INTO 4 BUCKETS
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\001' NULL DEFINED AS ''
STORED AS PARQUET
LOCATION 's3://company-silver/orders/'
TBLPROPERTIES ('classification'='parquet', 'it\'s'='x');
