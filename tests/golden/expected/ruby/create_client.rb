# Create a client
require 'aws-sdk-kms'

client = Aws::KMS::Client.new(region: 'us-west-2')
