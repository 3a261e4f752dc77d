# Create a client
require 'aws-sdk-dynamodb'

client = Aws::DynamoDB::Client.new(region: 'us-west-2')
