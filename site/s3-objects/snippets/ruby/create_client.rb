# Create a client
require 'aws-sdk-s3'

client = Aws::S3::Client.new(region: 'us-west-2')
