# Create a secret
require 'aws-sdk-secretsmanager'

client = Aws::SecretsManager::Client.new(region: 'us-west-2')

secret_string = <<~'JSON'
  {
    "username": "admin",
    "password": "EXAMPLE-PASSWORD"
  }
JSON
response = client.create_secret(
  name: 'MyDatabaseSecret',
  description: 'Credentials of the orders database',
  secret_string: secret_string
)
puts response.name
