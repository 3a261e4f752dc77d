# Read the key policy of a KMS key
require 'aws-sdk-kms'

client = Aws::KMS::Client.new(region: 'us-west-2')

# Replace with the ID or ARN of your KMS key.
key_id = '1234abcd-12ab-34cd-56ef-1234567890ab'

begin
  response = client.get_key_policy(
    key_id: key_id,
    policy_name: 'default'
  )
  puts response.policy
rescue Aws::KMS::Errors::NotFoundException => e
  warn 'NotFoundException: The request was rejected because the specified entity or resource could not be found. ' + e.message
  raise
end
