response = client.create_bucket(
  bucket: 'amzn-s3-demo-logs',
  create_bucket_configuration: { location_constraint: 'us-west-2' }
)
puts response.location
