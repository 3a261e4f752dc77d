# Create a bucket
require 'aws-sdk-s3'

client = Aws::S3::Client.new(region: 'us-west-2')

response = client.create_bucket(
  bucket: 'amzn-s3-demo-logs',
  create_bucket_configuration: { location_constraint: 'us-west-2' }
)
puts response.location
