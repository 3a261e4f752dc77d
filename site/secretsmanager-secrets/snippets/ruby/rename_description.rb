# Change a secret's description and read it back
require 'aws-sdk-secretsmanager'

client = Aws::SecretsManager::Client.new(region: 'us-west-2')

# Replace with the name or ARN of your secret.
secret_id = 'MyTestSecret'

# Change the description.
client.update_secret(
  secret_id: secret_id,
  description: 'Secret of the orders service'
)

# Read the secret's details back.
response = client.describe_secret(
  secret_id: secret_id
)
puts response.description
