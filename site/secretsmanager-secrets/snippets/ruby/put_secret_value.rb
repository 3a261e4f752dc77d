# Store a new value in a secret
require 'aws-sdk-secretsmanager'

client = Aws::SecretsManager::Client.new(region: 'us-west-2')

# Replace with the name or ARN of your secret.
secret_id = 'MyTestSecret'

secret_string = <<~'JSON'
  {
    "username": "bob"
  }
JSON
response = client.put_secret_value(
  secret_id: secret_id,
  client_request_token: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE',
  secret_string: secret_string
)
puts response.version_id
