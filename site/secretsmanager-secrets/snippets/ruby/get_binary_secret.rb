# Read a secret that holds bytes
require 'aws-sdk-secretsmanager'

client = Aws::SecretsManager::Client.new(region: 'us-west-2')

# Replace with the name or ARN of a secret that holds bytes.
blob_secret = 'MyBlob'

response = client.get_secret_value(
  secret_id: blob_secret
)
p response.secret_binary
