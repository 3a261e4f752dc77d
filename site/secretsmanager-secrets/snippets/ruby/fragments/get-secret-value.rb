# Replace with the name or ARN of your secret.
secret_id = 'MyTestSecret'

response = client.get_secret_value(
  secret_id: secret_id
)
puts response.secret_string
