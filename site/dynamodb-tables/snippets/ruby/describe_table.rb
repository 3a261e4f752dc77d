# Describe a table
require 'aws-sdk-dynamodb'

client = Aws::DynamoDB::Client.new(region: 'us-west-2')

# Replace with the name of your table.
table_name = 'Music'

response = client.describe_table(
  table_name: table_name
)
puts response.table.table_status
