# Read the value of a secret
require 'aws-sdk-secretsmanager'

client = Aws::SecretsManager::Client.new(region: 'us-west-2')

# Replace with the name or ARN of your secret.
secret_id = 'MyTestSecret'

response = client.get_secret_value(
  secret_id: secret_id
)
puts response.secret_string
